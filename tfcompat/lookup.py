"""`tf.lookup`: TF1's lookup namespace (tf.compat.v1.lookup): static tables and their
initializers (ops/lookup_ops.py). A name here and its aliases elsewhere in the API are one
object, as in TF; names tfcompat does not implement fail with the unsupported-API error.
"""
from tfcompat.ops.lookup_ops import KeyValueTensorInitializer  # noqa: F401
from tfcompat.ops.lookup_ops import StaticHashTable  # noqa: F401
from tfcompat.ops.lookup_ops import StaticVocabularyTable  # noqa: F401
from tfcompat.ops.lookup_ops import TextFileIndex  # noqa: F401
from tfcompat.ops.lookup_ops import TextFileInitializer  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("lookup", __name__)
