"""TensorFlow's file formats: checkpoint bundles, GraphDef/MetaGraph, event files, TFRecord.

Works on numpy arrays and protobuf messages only, without TensorFlow: checkpoint.py (V2 tensor
bundles, the ``checkpoint`` state file), records.py (TFRecord), events.py (event files),
tensor_proto.py (TensorProto conversion) and proto/ (the messages). Graph-level users of these
(Saver, FileWriter, import_graph_def) live in train/, summary/ and framework/.
"""

from __future__ import annotations

from tfcompat.io._common import CheckpointFormatError
from tfcompat.io._common import FormatError
from tfcompat.io._common import RecordFormatError
from tfcompat.io.checkpoint import BundleReader
from tfcompat.io.checkpoint import latest_checkpoint
from tfcompat.io.checkpoint import read_bundle
from tfcompat.io.checkpoint import read_checkpoint_state
from tfcompat.io.checkpoint import write_bundle
from tfcompat.io.checkpoint import write_checkpoint_state
from tfcompat.io.events import EventFileWriter
from tfcompat.io.events import read_events
from tfcompat.io.records import TFRecordWriter
from tfcompat.io.records import tf_record_iterator
from tfcompat.io.tensor_proto import as_datatype
from tfcompat.io.tensor_proto import make_ndarray
from tfcompat.io.tensor_proto import make_tensor_proto
from tfcompat.io.tensor_proto import numpy_dtype
from tfcompat.io.tensor_proto import shape_from_proto
from tfcompat.io.tensor_proto import shape_to_proto
from tfcompat.gfile import io_gfile as gfile  # tf.io.gfile (the TF2-style names)

__all__ = [
    "FormatError",
    "CheckpointFormatError",
    "RecordFormatError",
    "BundleReader",
    "read_bundle",
    "write_bundle",
    "read_checkpoint_state",
    "write_checkpoint_state",
    "latest_checkpoint",
    "EventFileWriter",
    "read_events",
    "TFRecordWriter",
    "tf_record_iterator",
    "make_tensor_proto",
    "make_ndarray",
    "shape_to_proto",
    "shape_from_proto",
    "as_datatype",
    "numpy_dtype",
]
