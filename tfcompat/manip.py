"""`tf.manip`: TF1's manip namespace (tf.compat.v1.manip). A name here and its aliases elsewhere in
the API are one object, as in TF (`tf.manip.roll is tf.roll`); names tfcompat does not implement
fail with the unsupported-API error, which gives the reason from api_manifest.tsv.
"""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.ops import array_ops as _array_ops
from tfcompat.ops.array_misc_ops import roll  # noqa: F401
from tfcompat.ops.array_ops_pad import tile  # noqa: F401
from tfcompat.ops.gather_ops import gather_nd  # noqa: F401
from tfcompat.ops.indexing_ops import reverse  # noqa: F401
from tfcompat.ops.scatter_nd_ops import scatter_nd  # noqa: F401
from tfcompat.ops.space_to_batch_ops import batch_to_space_nd  # noqa: F401
from tfcompat.ops.space_to_batch_ops import space_to_batch_nd  # noqa: F401


def reshape(tensor, shape, name=None):
    """TF1 `tf.manip.reshape`: the generated `Reshape` op function (in TF a different object
    from `tf.reshape`, which it behaves as)."""
    return _array_ops.reshape(tensor, shape, name=name)


__getattr__ = _missing_attr("manip", __name__)
