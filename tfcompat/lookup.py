"""`tf.lookup`: TF1's lookup namespace (tf.compat.v1.lookup): static tables and their
initializers (ops/lookup_ops.py), and the mutable tables in `tf.lookup.experimental`. A name
here and its aliases elsewhere in the API are one object, as in TF; names tfcompat does not
implement fail with the unsupported-API error.
"""
from tfcompat.ops.lookup_ops import KeyValueTensorInitializer  # noqa: F401
from tfcompat.ops.lookup_ops import StaticHashTable  # noqa: F401
from tfcompat.ops.lookup_ops import StaticVocabularyTable  # noqa: F401
from tfcompat.ops.lookup_ops import TextFileIndex  # noqa: F401
from tfcompat.ops.lookup_ops import TextFileInitializer  # noqa: F401
from tfcompat._unsupported import package_getattr as _package_getattr

__getattr__ = _package_getattr(__name__, {"experimental": "tfcompat._lookup_experimental"},
                               "lookup")
