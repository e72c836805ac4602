"""The `tf.summary` namespace (TF1): summary ops producing serialized `Summary` protos
(summary_ops.py), `FileWriter`/`FileWriterCache` writing them to TensorBoard event files
(writer.py), and the protocol buffer classes involved.
"""
from __future__ import annotations

from tfcompat.framework import graph as _graph
from tfcompat.summary.summary_ops import audio
from tfcompat.summary.summary_ops import get_summary_description
from tfcompat.summary.summary_ops import histogram
from tfcompat.summary.summary_ops import image
from tfcompat.summary.summary_ops import merge
from tfcompat.summary.summary_ops import merge_all
from tfcompat.summary.summary_ops import scalar
from tfcompat.summary.summary_ops import tensor_summary
from tfcompat.summary.summary_ops import text
from tfcompat.summary.writer import FileWriter
from tfcompat.summary.writer import FileWriterCache

__all__ = ["Event", "SessionLog", "TaggedRunMetadata", "Summary", "SummaryDescription",
           "FileWriter", "FileWriterCache", "scalar", "histogram", "image", "audio", "text",
           "tensor_summary", "merge", "merge_all", "get_summary_description",
           "all_v2_summary_ops", "initialize"]


def all_v2_summary_ops():
    """The graph's v2 summary ops, those `tf.contrib.summary` builds (TF1
    `tf.summary.all_v2_summary_ops`)."""
    return _graph.get_collection("_SUMMARY_V2")


def initialize(graph=None, session=None):
    """TF1 `tf.summary.initialize`: nothing to initialize for TF1-style summaries."""
    del graph, session


# the protobuf classes load on first use (protobuf is not imported with `import tfcompat`); any
# other missing name fails clearly.
from tfcompat._unsupported import package_getattr as _package_getattr  # noqa: E402

__getattr__ = _package_getattr(__name__, {
    "Event": "tfcompat.io.proto.event_pb2#Event",
    "SessionLog": "tfcompat.io.proto.event_pb2#SessionLog",
    "TaggedRunMetadata": "tfcompat.io.proto.event_pb2#TaggedRunMetadata",
    "Summary": "tfcompat.io.proto.summary_pb2#Summary",
    "SummaryDescription": "tfcompat.io.proto.summary_pb2#SummaryDescription",
}, "summary")

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('summary', __name__)   # TF's names, not this module's imports
