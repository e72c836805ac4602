"""`tf.queue`: TF1's queue namespace (tf.compat.v1.queue). A name here and its aliases elsewhere in
the API are one object, as in TF; names tfcompat does not implement fail with the unsupported-API
error, which gives the reason from api_manifest.tsv.
"""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.ops.priority_queue import PriorityQueue  # noqa: F401
from tfcompat.ops.queue_ops import FIFOQueue  # noqa: F401
from tfcompat.ops.queue_ops import PaddingFIFOQueue  # noqa: F401
from tfcompat.ops.queue_ops import QueueBase  # noqa: F401
from tfcompat.ops.queue_ops import RandomShuffleQueue  # noqa: F401

__getattr__ = _missing_attr("queue", __name__)
