"""`tf.contrib.data`: TF 1.15's deprecated aliases of tf.data.experimental transformations
(`dataset.apply(tf.contrib.data.shuffle_and_repeat(...))`), plus `batch_and_drop_remainder`,
`padded_batch_and_drop_remainder` and `sloppy_interleave`. The rest of contrib.data fails with
the unsupported-API error."""
from __future__ import annotations

from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.data.experimental import copy_to_device
from tfcompat.data.experimental import enumerate_dataset
from tfcompat.data.experimental import get_single_element
from tfcompat.data.experimental import map_and_batch
from tfcompat.data.experimental import parallel_interleave
from tfcompat.data.experimental import prefetch_to_device
from tfcompat.data.experimental import shuffle_and_repeat
from tfcompat.data.experimental import unbatch


def batch_and_drop_remainder(batch_size):
    """`dataset.batch(batch_size, drop_remainder=True)` as a transformation."""
    return lambda ds: ds.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """`dataset.padded_batch(..., drop_remainder=True)` as a transformation."""
    return lambda ds: ds.padded_batch(batch_size, padded_shapes, padding_values,
                                      drop_remainder=True)


def sloppy_interleave(map_func, cycle_length, block_length=1):
    """parallel_interleave with sloppy=True: elements in the order they are ready."""
    return parallel_interleave(map_func, cycle_length, block_length=block_length, sloppy=True)


__all__ = ["batch_and_drop_remainder", "copy_to_device", "enumerate_dataset",
           "get_single_element", "map_and_batch", "padded_batch_and_drop_remainder",
           "parallel_interleave", "prefetch_to_device", "shuffle_and_repeat",
           "sloppy_interleave", "unbatch"]
__getattr__ = _missing_attr("contrib.data", __name__)
