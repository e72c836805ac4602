"""The `tf.summary` namespace (TF1): summary ops producing serialized `Summary` protos
(summary_ops.py), `FileWriter`/`FileWriterCache` writing them to TensorBoard event files
(writer.py), and the protocol buffer classes involved.
"""
from __future__ import annotations

from tfcompat.io.proto.event_pb2 import Event
from tfcompat.io.proto.event_pb2 import SessionLog
from tfcompat.io.proto.event_pb2 import TaggedRunMetadata
from tfcompat.io.proto.summary_pb2 import Summary
from tfcompat.io.proto.summary_pb2 import SummaryDescription
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
    """TF2 summary ops in the graph: tfcompat has none (TF1 `tf.summary.all_v2_summary_ops`)."""
    return []


def initialize(graph=None, session=None):
    """TF1 `tf.summary.initialize`: nothing to initialize for TF1-style summaries."""
    del graph, session
