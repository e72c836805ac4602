"""`tf.data.ThreadingOptions`: the threading settings of a pipeline's `tf.data.Options`.

tfcompat's background work (prefetch, parallel map and interleave: data/_threads.py) sizes its
threads from `buffer_size` and `num_parallel_calls`, so these settings are recorded (and read
back) but change nothing.
"""
from __future__ import annotations

__all__ = ["ThreadingOptions"]


class ThreadingOptions:
    """TF's `tf.data.ThreadingOptions`: `max_intra_op_parallelism` and
    `private_threadpool_size`, both None (the default) or a positive int."""

    __slots__ = ("max_intra_op_parallelism", "private_threadpool_size")

    def __init__(self):
        self.max_intra_op_parallelism = None
        self.private_threadpool_size = None

    def __eq__(self, other):
        return (isinstance(other, ThreadingOptions)
                and self.max_intra_op_parallelism == other.max_intra_op_parallelism
                and self.private_threadpool_size == other.private_threadpool_size)

    def __ne__(self, other):
        return not self == other

    __hash__ = None
