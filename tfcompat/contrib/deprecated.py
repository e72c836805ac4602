"""`tf.contrib.deprecated`: TF 1.15's aliases of the pre-1.0 summary ops (`logging_ops`), whose
first argument is the summary's tag (any string, a tensor of them for scalar_summary), not a
node name: tags are neither scoped nor made unique, unlike tf.summary's."""
from __future__ import annotations

import numpy as np

from tfcompat._unsupported import missing_attr
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.op_builder import apply_op
from tfcompat.summary import summary_ops  # noqa: F401  (registers the summary op types)

# TF's default `bad_color` attr of ImageSummary: opaque red
_BAD_COLOR = np.array([255, 0, 0, 255], dtype=np.uint8)


def _collect(value, collections, default):
    for key in (default if collections is None else collections):
        graph_lib.add_to_collection(key, value)


def scalar_summary(tags, values, collections=None, name=None):
    """A `Summary` with one simple value per element of `tags` and `values` (same shape)."""
    with graph_lib.name_scope(name, "ScalarSummary", [tags, values]) as scope:
        value = apply_op("ScalarSummary", [tags, values], name=scope)
        _collect(value, collections, [GraphKeys.SUMMARIES])
    return value


def histogram_summary(tag, values, collections=None, name=None):
    """A `Summary` with a histogram of `values` under `tag`."""
    with graph_lib.name_scope(name, "HistogramSummary", [tag, values]) as scope:
        value = apply_op("HistogramSummary", [tag, values], name=scope)
        _collect(value, collections, [GraphKeys.SUMMARIES])
    return value


def image_summary(tag, tensor, max_images=3, collections=None, name=None):
    """PNGs of up to `max_images` images of a [batch, h, w, c] tensor, tagged `tag/image/i`."""
    with graph_lib.name_scope(name, "ImageSummary", [tag, tensor]) as scope:
        value = apply_op("ImageSummary", [tag, tensor], name=scope, max_images=int(max_images),
                         bad_color=_BAD_COLOR)
        _collect(value, collections, [GraphKeys.SUMMARIES])
    return value


def audio_summary(tag, tensor, sample_rate, max_outputs=3, collections=None, name=None):
    """WAVs of up to `max_outputs` clips of a [batch, frames(, channels)] float tensor."""
    with graph_lib.name_scope(name, "AudioSummary", [tag, tensor]) as scope:
        sample_rate = convert_to_tensor(sample_rate, dtype=dtypes.float32, name="sample_rate")
        value = apply_op("AudioSummaryV2", [tag, tensor, sample_rate], name=scope,
                         max_outputs=int(max_outputs))
        _collect(value, collections, [GraphKeys.SUMMARIES])
    return value


def merge_summary(inputs, collections=None, name=None):
    """One `Summary` with the values of all `inputs` (added to no collection by default)."""
    with graph_lib.name_scope(name, "MergeSummary", inputs):
        value = apply_op("MergeSummary", [list(inputs)], name=name)
        _collect(value, collections, [])
    return value


def merge_all_summaries(key=GraphKeys.SUMMARIES):
    """merge_summary of the collection `key`, or None when it is empty."""
    summary_ops = graph_lib.get_collection(key)
    if not summary_ops:
        return None
    return merge_summary(summary_ops)


__getattr__ = missing_attr("contrib.deprecated", __name__)
