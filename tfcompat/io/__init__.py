"""TensorFlow's file formats: checkpoint bundles, GraphDef/MetaGraph, event files, TFRecord.

Works on numpy arrays and protobuf messages only, without TensorFlow: checkpoint.py (V2 tensor
bundles, the ``checkpoint`` state file), records.py (TFRecord), events.py (event files),
tensor_proto.py (TensorProto conversion) and proto/ (the messages). Graph-level users of these
(Saver, FileWriter, import_graph_def) live in train/, summary/ and framework/.
"""

from __future__ import annotations
from tfcompat._unsupported import UnsupportedAttributeError
from tfcompat._lazy import lazy_module as _lazy_module
from tfcompat.framework import tensor_shape as _tensor_shape

# TensorShape.as_proto writes through io's TensorShapeProto (protobuf loads on first use)
_tensor_proto = _lazy_module("tfcompat.io.tensor_proto")
_tensor_shape.register_proto_writer(lambda dims: _tensor_proto.shape_to_proto(dims))

# The re-exports below load on first use (module `__getattr__`): they pull in protobuf, which
# `import tfcompat` should not pay for. Name -> (module, attribute).
_LAZY = {
    "CheckpointFormatError": ("tfcompat.io._common", "CheckpointFormatError"),
    "FormatError": ("tfcompat.io._common", "FormatError"),
    "RecordFormatError": ("tfcompat.io._common", "RecordFormatError"),
    "BundleReader": ("tfcompat.io.checkpoint", "BundleReader"),
    "latest_checkpoint": ("tfcompat.io.checkpoint", "latest_checkpoint"),
    "read_bundle": ("tfcompat.io.checkpoint", "read_bundle"),
    "read_checkpoint_state": ("tfcompat.io.checkpoint", "read_checkpoint_state"),
    "write_bundle": ("tfcompat.io.checkpoint", "write_bundle"),
    "write_checkpoint_state": ("tfcompat.io.checkpoint", "write_checkpoint_state"),
    "EventFileWriter": ("tfcompat.io.events", "EventFileWriter"),
    "read_events": ("tfcompat.io.events", "read_events"),
    # tf.io's TFRecord API is tf.python_io's, one object as in TF
    "TFRecordWriter": ("tfcompat.python_io", "TFRecordWriter"),
    "tf_record_iterator": ("tfcompat.python_io", "tf_record_iterator"),
    "as_datatype": ("tfcompat.io.tensor_proto", "as_datatype"),
    "make_ndarray": ("tfcompat.io.tensor_proto", "make_ndarray"),
    "make_tensor_proto": ("tfcompat.io.tensor_proto", "make_tensor_proto"),
    "numpy_dtype": ("tfcompat.io.tensor_proto", "numpy_dtype"),
    "shape_from_proto": ("tfcompat.io.tensor_proto", "shape_from_proto"),
    "shape_to_proto": ("tfcompat.io.tensor_proto", "shape_to_proto"),
    "gfile": ("tfcompat.gfile", "io_gfile"),
}

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
    "decode_and_crop_jpeg": "tfcompat.image", "decode_bmp": "tfcompat.image",
    "decode_gif": "tfcompat.image", "decode_webp": "tfcompat.image",
    "encode_jpeg": "tfcompat.image", "extract_jpeg_shape": "tfcompat.image",
    "is_jpeg": "tfcompat.image",
    "decode_base64": "tfcompat.ops.string_ops_more",
    "encode_base64": "tfcompat.ops.string_ops_more",
    "SparseFeature": "tfcompat.ops.parsing_sparse_feature",
    "RaggedFeature": "tfcompat.ragged.ragged_feature",
    "parse_single_sequence_example": "tfcompat.ops.parsing_sequence_ops",
    "parse_sequence_example": "tfcompat.ops.parsing_sequence_ops",
    "decode_compressed": "tfcompat.ops.serialize_ops",
    "decode_json_example": "tfcompat.ops.serialize_ops",
    "deserialize_many_sparse": "tfcompat.ops.serialize_ops",
    "parse_tensor": "tfcompat.ops.serialize_ops",
    "serialize_many_sparse": "tfcompat.ops.serialize_ops",
    "serialize_sparse": "tfcompat.ops.serialize_ops",
    "serialize_tensor": "tfcompat.ops.serialize_ops",
    "PaddingFIFOQueue": "tfcompat.ops.queue_ops", "QueueBase": "tfcompat.ops.queue_ops",
    "RandomShuffleQueue": "tfcompat.ops.queue_ops",
    "PriorityQueue": "tfcompat.ops.priority_queue",
    "TFRecordCompressionType": "tfcompat.python_io",
    "match_filenames_once": "tfcompat.train.input_extras",
    "write_graph": "tfcompat.io.graph_def",
}


def __getattr__(name):
    module_name, attr = _LAZY.get(name) or (_TF_IO_NAMES.get(name), name)
    if module_name is None:
        raise UnsupportedAttributeError("tfcompat.io", name, "tf.io." + name)
    import importlib
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


__getattr__.lazy = {**_LAZY, **_TF_IO_NAMES}  # for `tfcompat check` (_unsupported.load_lazy)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('io', __name__)   # TF's names, not this module's imports
