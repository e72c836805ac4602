"""`tf.bitwise`: TF1's bitwise namespace (tf.compat.v1.bitwise). A name here and its aliases
elsewhere in the API are one object, as in TF; names tfcompat does not implement fail with the
unsupported-API error, which gives the reason from api_manifest.tsv.
"""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.ops.array_bitwise_ops import bitwise_and  # noqa: F401
from tfcompat.ops.array_bitwise_ops import bitwise_or  # noqa: F401
from tfcompat.ops.array_bitwise_ops import bitwise_xor  # noqa: F401
from tfcompat.ops.array_bitwise_ops import invert  # noqa: F401
from tfcompat.ops.array_bitwise_ops import left_shift  # noqa: F401
from tfcompat.ops.array_bitwise_ops import right_shift  # noqa: F401

__getattr__ = _missing_attr("bitwise", __name__)
