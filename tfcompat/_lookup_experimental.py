"""`tf.lookup.experimental`: the mutable tables (ops/lookup_mutable_tables.py)."""
from tfcompat.ops.lookup_mutable_tables import DenseHashTable
from tfcompat.ops.lookup_mutable_tables import MutableHashTable

__all__ = ["DenseHashTable", "MutableHashTable"]
