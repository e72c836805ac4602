"""`tf.data.experimental`: TF 1.13-1.15's input-pipeline helpers. The small ones are here
(map_and_batch, shuffle_and_repeat, unbatch, ...); grouping is in experimental_grouping.py,
the other transformations, cardinality and Optional in experimental_transforms.py, readers
and writers (CsvDataset, SqlDataset, TFRecordWriter, make_*_dataset) in experimental_csv.py,
rejection_resample in experimental_resampling.py and Options in experimental_options.py."""
from __future__ import annotations

from tfcompat._lazy import lazy_module
from tfcompat.data.dataset_ops import AUTOTUNE
from tfcompat.data.experimental_grouping import Reducer
from tfcompat.data.experimental_grouping import bucket_by_sequence_length
from tfcompat.data.experimental_grouping import group_by_reducer
from tfcompat.data.experimental_grouping import group_by_window
from tfcompat.data.dataset_reduce import get_single_element
from tfcompat.data.experimental_csv import CsvDataset
from tfcompat.data.experimental_csv import SqlDataset
from tfcompat.data.experimental_csv import TFRecordWriter
from tfcompat.data.experimental_csv import make_batched_features_dataset
from tfcompat.data.experimental_csv import make_csv_dataset
from tfcompat.data.experimental_csv import parse_example_dataset
from tfcompat.data.experimental_options import AutoShardPolicy
from tfcompat.data.experimental_options import DistributeOptions
from tfcompat.data.experimental_options import ExternalStatePolicy
from tfcompat.data.experimental_options import OptimizationOptions
from tfcompat.data.experimental_options import Options
from tfcompat.data.experimental_resampling import rejection_resample
from tfcompat.data.experimental_transforms import INFINITE_CARDINALITY
from tfcompat.data.experimental_transforms import UNKNOWN_CARDINALITY
from tfcompat.data.experimental_transforms import Counter
from tfcompat.data.experimental_transforms import Optional
from tfcompat.data.experimental_transforms import RandomDataset
from tfcompat.data.experimental_transforms import assert_cardinality
from tfcompat.data.experimental_transforms import cardinality
from tfcompat.data.experimental_transforms import choose_from_datasets
from tfcompat.data.experimental_transforms import dense_to_sparse_batch
from tfcompat.data.experimental_transforms import get_next_as_optional
from tfcompat.data.experimental_transforms import get_structure
from tfcompat.data.experimental_transforms import ignore_errors
from tfcompat.data.experimental_transforms import parallel_interleave
from tfcompat.data.experimental_transforms import sample_from_datasets
from tfcompat.data.experimental_transforms import scan
from tfcompat.data.experimental_transforms import take_while
from tfcompat.data.experimental_transforms import unique
from tfcompat.data.threading_options import ThreadingOptions
from tfcompat.type_spec import DatasetSpec as DatasetStructure
from tfcompat.type_spec import SparseTensorSpec
from tfcompat.type_spec import TensorArraySpec
from tfcompat.type_spec import TensorSpec
from tfcompat.type_spec import TypeSpec as Structure

_ragged_spec = lazy_module("tfcompat.ragged.ragged_tensor_spec")  # ragged loads on first use


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False,
                  num_parallel_calls=None):
    return lambda ds: ds.map(map_func).batch(batch_size, drop_remainder=drop_remainder)


def map_and_batch_with_legacy_function(map_func, batch_size, num_parallel_batches=None,
                                       drop_remainder=False, num_parallel_calls=None):
    """`map_and_batch` (tfcompat traces every function the same way)."""
    return map_and_batch(map_func, batch_size, num_parallel_batches, drop_remainder,
                         num_parallel_calls)


# TF1's deprecated names of the TypeSpecs (`tf.data.experimental.TensorStructure(dtype, shape)`)
def TensorStructure(dtype, shape):
    return TensorSpec(shape, dtype)


def SparseTensorStructure(dtype, shape):
    return SparseTensorSpec(shape, dtype)


def TensorArrayStructure(dtype, element_shape, dynamic_size, infer_shape):
    return TensorArraySpec(element_shape, dtype, dynamic_size, infer_shape)


def RaggedTensorStructure(dtype, shape, ragged_rank):
    return _ragged_spec.RaggedTensorSpec(shape, dtype, ragged_rank)


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    return lambda ds: ds.shuffle(buffer_size, seed=seed).repeat(count)


def unbatch():
    return lambda ds: ds.unbatch()


def prefetch_to_device(device, buffer_size=None):
    return lambda ds: ds


def copy_to_device(target_device, source_device="/cpu:0"):
    return lambda ds: ds


def enumerate_dataset(start=0):
    return lambda ds: ds.enumerate(start)


__all__ = ["AUTOTUNE", "Options", "map_and_batch", "shuffle_and_repeat", "unbatch",
           "parallel_interleave", "prefetch_to_device", "copy_to_device", "enumerate_dataset",
           "get_single_element", "group_by_window", "bucket_by_sequence_length",
           "group_by_reducer", "Reducer", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY",
           "Counter", "Optional", "RandomDataset", "assert_cardinality", "cardinality",
           "choose_from_datasets", "dense_to_sparse_batch", "get_next_as_optional",
           "sample_from_datasets", "scan", "take_while", "unique", "ignore_errors",
           "CsvDataset", "TFRecordWriter", "make_batched_features_dataset", "make_csv_dataset",
           "parse_example_dataset", "rejection_resample", "get_structure", "ThreadingOptions",
           "map_and_batch_with_legacy_function", "SqlDataset", "AutoShardPolicy",
           "DistributeOptions", "ExternalStatePolicy", "OptimizationOptions", "Structure",
           "DatasetStructure", "TensorStructure", "SparseTensorStructure",
           "TensorArrayStructure", "RaggedTensorStructure"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("data.experimental", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('data.experimental', __name__)   # TF's names, not this module's imports
