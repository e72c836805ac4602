"""`tf.contrib.data`: TF 1.15's deprecated aliases of tf.data.experimental transformations
(`dataset.apply(tf.contrib.data.group_by_window(...))`, as NMT's input pipeline uses), plus
`batch_and_drop_remainder`, `padded_batch_and_drop_remainder`, `sliding_window_batch` and
`sloppy_interleave`. The rest of contrib.data fails with the unsupported-API error."""
from __future__ import annotations

from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.data import _structure
from tfcompat.data.dataset_ops import DatasetV1
from tfcompat.data.experimental import AUTOTUNE
from tfcompat.data.experimental import bucket_by_sequence_length
from tfcompat.data.experimental import choose_from_datasets
from tfcompat.data.experimental import copy_to_device
from tfcompat.data.experimental import Counter
from tfcompat.data.experimental import CsvDataset
from tfcompat.data.experimental import dense_to_sparse_batch
from tfcompat.data.experimental import enumerate_dataset
from tfcompat.data.experimental import get_next_as_optional
from tfcompat.data.experimental import get_single_element
from tfcompat.data.experimental import group_by_reducer
from tfcompat.data.experimental import group_by_window
from tfcompat.data.experimental import ignore_errors
from tfcompat.data.experimental import make_batched_features_dataset
from tfcompat.data.experimental import make_csv_dataset
from tfcompat.data.experimental import map_and_batch
from tfcompat.data.experimental import Optional
from tfcompat.data.experimental import parallel_interleave
from tfcompat.data.experimental import parse_example_dataset
from tfcompat.data.experimental import prefetch_to_device
from tfcompat.data.experimental import RandomDataset
from tfcompat.data.experimental import Reducer
from tfcompat.data.experimental import rejection_resample
from tfcompat.data.experimental import sample_from_datasets
from tfcompat.data.experimental import scan
from tfcompat.data.experimental import shuffle_and_repeat
from tfcompat.data.experimental import TFRecordWriter
from tfcompat.data.experimental import unbatch
from tfcompat.data.experimental import unique


def batch_and_drop_remainder(batch_size):
    """`dataset.batch(batch_size, drop_remainder=True)` as a transformation."""
    return lambda ds: ds.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """`dataset.padded_batch(..., drop_remainder=True)` as a transformation."""
    return lambda ds: ds.padded_batch(batch_size, padded_shapes, padding_values,
                                      drop_remainder=True)


def sliding_window_batch(window_size, stride=None, window_shift=None, window_stride=1):
    """A sliding window over a dataset: windows of `window_size` elements (every
    `window_stride`-th), one starting every `window_shift` (deprecated alias `stride`,
    default 1) elements, each batched into one element; a final window that cannot be filled
    is dropped. TF 1.15 ran ExperimentalSlidingWindowDataset; this is the replacement its
    deprecation names, `window(...).flat_map(lambda w: w.batch(window_size))`, whose elements
    have an unknown leading dimension as TF's did."""
    if stride is None and window_shift is None:
        window_shift = 1
    elif stride is not None and window_shift is None:
        window_shift = stride
    elif stride is not None and window_shift is not None:
        raise ValueError("Cannot specify both `stride` and `window_shift`")

    def batch_window(*parts):
        windows = parts[0] if len(parts) == 1 else parts
        flat = _structure.flatten(windows)
        batched = [w.batch(window_size) for w in flat]
        if len(parts) == 1 and len(flat) == 1 and flat[0] is windows:
            return batched[0]
        return DatasetV1.zip(_structure.pack_sequence_as(windows, batched))

    def _apply_fn(dataset):
        windows = dataset.window(window_size, window_shift, window_stride, drop_remainder=True)
        return windows.flat_map(batch_window)

    return _apply_fn


def sloppy_interleave(map_func, cycle_length, block_length=1):
    """parallel_interleave with sloppy=True: elements in the order they are ready."""
    return parallel_interleave(map_func, cycle_length, block_length=block_length, sloppy=True)


__all__ = ["AUTOTUNE", "batch_and_drop_remainder", "bucket_by_sequence_length",
           "choose_from_datasets", "copy_to_device", "Counter", "CsvDataset",
           "dense_to_sparse_batch", "enumerate_dataset", "get_next_as_optional",
           "get_single_element", "group_by_reducer", "group_by_window", "ignore_errors",
           "make_batched_features_dataset", "make_csv_dataset", "map_and_batch", "Optional",
           "padded_batch_and_drop_remainder", "parallel_interleave", "parse_example_dataset",
           "prefetch_to_device", "RandomDataset", "Reducer", "rejection_resample",
           "sample_from_datasets", "scan", "shuffle_and_repeat", "sliding_window_batch",
           "sloppy_interleave",
           "TFRecordWriter", "unbatch", "unique"]
__getattr__ = _missing_attr("contrib.data", __name__)
