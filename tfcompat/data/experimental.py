"""`tf.data.experimental`: the commonly used helpers (AUTOTUNE, map_and_batch,
shuffle_and_repeat, unbatch, ...), built from Dataset methods."""
from __future__ import annotations

from tfcompat.data._function import TracedFunction
from tfcompat.data.dataset_ops import AUTOTUNE
from tfcompat.data.dataset_ops import _int64
from tfcompat.data.iterator_ops import make_one_shot_iterator


class Options:
    """`tf.data.Options`: `experimental_deterministic = False` lets parallel map yield
    elements in the order they finish; the other settings are accepted."""

    def __init__(self):
        self.experimental_deterministic = None
        self.experimental_optimization = None
        self.experimental_threading = None

    def merge(self, options):
        return self


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False,
                  num_parallel_calls=None):
    return lambda ds: ds.map(map_func).batch(batch_size, drop_remainder=drop_remainder)


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    return lambda ds: ds.shuffle(buffer_size, seed=seed).repeat(count)


def unbatch():
    return lambda ds: ds.unbatch()


def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False,
                        buffer_output_elements=None, prefetch_input_elements=None):
    """Interleaves the datasets `map_func` makes, reading `cycle_length` of them ahead on
    background threads (TF's LegacyParallelInterleaveDatasetV2 order)."""
    def apply(ds):
        fn = TracedFunction(map_func, ds._element_spec, "Dataset_parallel_interleave",
                            returns_dataset=True)
        extra = [_int64(cycle_length, "cycle_length"), _int64(block_length, "block_length"),
                 _int64(2 * block_length if buffer_output_elements is None else
                        buffer_output_elements, "buffer_output_elements"),
                 _int64(2 * cycle_length if prefetch_input_elements is None else
                        prefetch_input_elements, "prefetch_input_elements")]
        return ds._with_function("LegacyParallelInterleaveDatasetV2", fn, fn.output_spec, "f",
                                 extra, deterministic="false" if sloppy else "default")
    return apply


def prefetch_to_device(device, buffer_size=None):
    return lambda ds: ds


def copy_to_device(target_device, source_device="/cpu:0"):
    return lambda ds: ds


def ignore_errors():
    raise NotImplementedError("tfcompat does not implement tf.data.experimental.ignore_errors")


def enumerate_dataset(start=0):
    return lambda ds: ds.enumerate(start)


def get_single_element(dataset):
    return make_one_shot_iterator(dataset.take(1)).get_next()


__all__ = ["AUTOTUNE", "Options", "map_and_batch", "shuffle_and_repeat", "unbatch",
           "parallel_interleave", "prefetch_to_device", "copy_to_device", "enumerate_dataset",
           "get_single_element"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("data.experimental", __name__)
