"""`tf.sets`: TF1's sets namespace (tf.compat.v1.sets). A name here and its aliases elsewhere in
the API are one object, as in TF (`tf.sets.size is tf.sets.set_size`); names tfcompat does not
implement fail with the unsupported-API error, which gives the reason from api_manifest.tsv.
"""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.ops.array_set_ops import set_difference  # noqa: F401
from tfcompat.ops.array_set_ops import set_difference as difference  # noqa: F401
from tfcompat.ops.array_set_ops import set_intersection  # noqa: F401
from tfcompat.ops.array_set_ops import set_intersection as intersection  # noqa: F401
from tfcompat.ops.array_set_ops import set_size  # noqa: F401
from tfcompat.ops.array_set_ops import set_size as size  # noqa: F401
from tfcompat.ops.array_set_ops import set_union  # noqa: F401
from tfcompat.ops.array_set_ops import set_union as union  # noqa: F401

__getattr__ = _missing_attr("sets", __name__)
