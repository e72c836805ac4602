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


# -- `tf.io`: this package is also TF1's `tf.io` namespace -------------------------------------
# The TF API names below resolve lazily (the graph-level modules import this package, so eager
# imports here would be circular).
_TF_IO_NAMES = {
    "parse_example": "tfcompat.ops.parsing_ops", "parse_single_example": "tfcompat.ops.parsing_ops",
    "FixedLenFeature": "tfcompat.ops.parsing_ops", "VarLenFeature": "tfcompat.ops.parsing_ops",
    "FixedLenSequenceFeature": "tfcompat.ops.parsing_ops",
    "decode_raw": "tfcompat.ops.parsing_ops", "decode_csv": "tfcompat.ops.parsing_ops",
    "read_file": "tfcompat.ops.reader_ops", "write_file": "tfcompat.ops.reader_ops",
    "matching_files": "tfcompat.ops.reader_ops", "gfile": "tfcompat.gfile",
    "TFRecordOptions": "tfcompat.python_io", "decode_png": "tfcompat.image",
    "decode_jpeg": "tfcompat.image", "encode_png": "tfcompat.image",
    "decode_image": "tfcompat.image",
}


def __getattr__(name):
    module_name = _TF_IO_NAMES.get(name)
    if module_name is None:
        raise AttributeError("module 'tfcompat.io' has no attribute '%s': tfcompat does not "
                             "implement tf.io.%s; run `tfcompat check` on your script to list "
                             "unsupported APIs" % (name, name))
    import importlib
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
