"""`tf.data`: input pipelines. `Dataset` describes a pipeline as graph ops; an `Iterator`
produces its elements in a session, which holds the position (two sessions are independent).
"""
from __future__ import annotations

from tfcompat.data import experimental
from tfcompat.data.dataset_ops import AUTOTUNE
from tfcompat.data.dataset_ops import Dataset
from tfcompat.data.dataset_ops import DatasetV1
from tfcompat.data.experimental import Options
from tfcompat.data.iterator_ops import Iterator
from tfcompat.data.iterator_ops import get_output_classes
from tfcompat.data.iterator_ops import get_output_shapes
from tfcompat.data.iterator_ops import get_output_types
from tfcompat.data.iterator_ops import make_initializable_iterator
from tfcompat.data.iterator_ops import make_one_shot_iterator
from tfcompat.data.readers import FixedLengthRecordDataset
from tfcompat.data.readers import TextLineDataset
from tfcompat.data.readers import TFRecordDataset
from tfcompat.data.threading_options import ThreadingOptions
from tfcompat.type_spec import DatasetSpec

INFINITE_CARDINALITY = -1  # Dataset.cardinality() of an endless pipeline, as in TF
UNKNOWN_CARDINALITY = -2

__all__ = ["Dataset", "DatasetV1", "Iterator", "TFRecordDataset", "TextLineDataset",
           "FixedLengthRecordDataset", "experimental", "AUTOTUNE", "Options",
           "make_one_shot_iterator", "make_initializable_iterator", "get_output_types",
           "get_output_shapes", "get_output_classes", "ThreadingOptions", "DatasetSpec",
           "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY"]


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("data", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('data', __name__)   # TF's names, not this module's imports
