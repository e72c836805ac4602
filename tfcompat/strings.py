"""`tf.strings`: TF1's string namespace (tf.compat.v1.strings). A name here and its top-level
alias (`tf.strings.join`, `tf.string_join`) are one object; names tfcompat does not implement
(split, regex_replace, to_number, unicode_*, ...) fail with the unsupported-API error.
"""
from tfcompat.ops.logging_ops import string_format as format  # noqa: F401,A001
from tfcompat.ops.string_ops import string_join as join  # noqa: F401
from tfcompat.ops.string_ops import string_length as length  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("strings", __name__)
