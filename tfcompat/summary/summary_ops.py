"""TF1 summary ops: `tf.summary.scalar`, `histogram`, `image`, `audio`, `text`, `tensor_summary`,
`merge` and `merge_all`. Each op outputs a serialized `Summary` proto (a string scalar,
computed on the host) tagged with the op's unique scoped name, as TensorFlow tags them.
Writing them to event files is writer.py.
"""
from __future__ import annotations

import contextlib
import logging
import re

import numpy as np
import torch

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.summary import encoders

summary_pb2 = lazy_module("tfcompat.io.proto.summary_pb2")  # protobuf loads on first use
io_dtypes = lazy_module("tfcompat.io._dtypes")
tensor_proto = lazy_module("tfcompat.io.tensor_proto")

__all__ = ["scalar", "histogram", "image", "audio", "text", "tensor_summary", "merge",
           "merge_all", "get_summary_description"]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)
_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")


def _string_scalar_infer(op, *inputs, **attrs):
    return [(dtypes.string, TensorShape([]))]


def _serialized(summary) -> np.ndarray:
    return np.array(summary.SerializeToString(), dtype=object)


def _texts(value) -> list:
    return [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
            for v in np.asarray(value, dtype=object).reshape(-1)]


def _numpy(value) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        return (value.float() if value.dtype == torch.bfloat16 else value).numpy()
    return np.asarray(value)


def _register(op_type, inputs, attrs=None):
    return register_op(op_type, inputs=inputs, infer=_string_scalar_infer, attrs=attrs,
                       host_only=True, differentiable=False)


# -- the ops ------------------------------------------------------------------------------------

@_register("ScalarSummary", ("tags: string", "values: T"))
def _lower_scalar_summary(ctx, tags, values):
    values = _numpy(values)
    if np.shape(tags) != values.shape:
        single = " (tag '%s')" % _texts(tags)[0] if np.size(tags) == 1 else ""
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,  # TF 1.15's text
                              "tags and values not the same shape: %s != %s%s"
                              % (_shape_text(np.shape(tags)), _shape_text(values.shape), single))
    summary = summary_pb2.Summary()
    for tag, value in zip(_texts(tags), values.reshape(-1)):
        summary.value.add(tag=tag, simple_value=float(np.float32(value.real)))
    return _serialized(summary)


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


@_register("HistogramSummary", ("tag: string", "values: T"))
def _lower_histogram_summary(ctx, tag, values):
    flat = _numpy(values).astype(np.float64).reshape(-1)
    if np.isnan(flat).any():
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Nan in summary histogram for: %s" % ctx.op.name)
    if np.isinf(flat).any():
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Infinity in summary histogram for: %s" % ctx.op.name)
    summary = summary_pb2.Summary()
    summary.value.add(tag=_texts(tag)[0]).histo.CopyFrom(encoders.histogram_proto(flat))
    return _serialized(summary)


_BAD_COLOR = np.array([255, 0, 0, 255], dtype=np.uint8)


@_register("ImageSummary", ("tag: string", "tensor: T"),
           attrs={"max_images": 3, "bad_color": _BAD_COLOR})
def _lower_image_summary(ctx, tag, tensor, *, max_images=3, bad_color=_BAD_COLOR):
    images = _numpy(tensor)
    if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Tensor must be 4-D with last dim 1, 3, or 4, not [%s]"
                              % ",".join(str(d) for d in images.shape))
    base, summary = _texts(tag)[0], summary_pb2.Summary()
    bad_color = np.asarray(bad_color, dtype=np.uint8).reshape(-1)
    for i in range(min(int(max_images), images.shape[0])):
        pixels = images[i] if images.dtype == np.uint8 else encoders.normalize_image(
            images[i], bad_color)
        value = summary.value.add(tag="%s/image/%d" % (base, i) if max_images > 1
                                  else base + "/image")
        value.image.height, value.image.width, value.image.colorspace = pixels.shape
        value.image.encoded_image_string = encoders.encode_png(pixels)
    return _serialized(summary)


@_register("AudioSummaryV2", ("tag: string", "tensor: float32", "sample_rate: float32"),
           attrs={"max_outputs": 3})
def _lower_audio_summary(ctx, tag, tensor, sample_rate, *, max_outputs=3):
    audio = _numpy(tensor).astype(np.float32)
    if audio.ndim not in (2, 3):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Tensor must be 3-D or 2-D, got: [%s]"
                              % ",".join(str(d) for d in audio.shape))
    if audio.ndim == 2:
        audio = audio[:, :, None]
    rate = float(_numpy(sample_rate))
    rate_int = max(int(np.rint(rate)), 1)
    base, summary = _texts(tag)[0], summary_pb2.Summary()
    for i in range(min(int(max_outputs), audio.shape[0])):
        value = summary.value.add(tag="%s/audio/%d" % (base, i) if max_outputs > 1
                                  else base + "/audio")
        value.audio.sample_rate = rate
        value.audio.num_channels = audio.shape[2]
        value.audio.length_frames = audio.shape[1]
        value.audio.content_type = "audio/wav"
        value.audio.encoded_audio_string = encoders.encode_wav(audio[i], rate_int)
    return _serialized(summary)


@_register("TensorSummaryV2", ("tag: string", "tensor: T",
                               "serialized_summary_metadata: string"))
def _lower_tensor_summary(ctx, tag, tensor, serialized_summary_metadata):
    summary = summary_pb2.Summary()
    value = summary.value.add(tag=_texts(tag)[0])
    value.metadata.ParseFromString(np.asarray(serialized_summary_metadata,
                                              dtype=object).reshape(-1)[0])
    dtype = ctx.op.inputs[1].dtype.base_dtype
    array = _numpy(tensor)
    if dtype == dtypes.string:
        value.tensor.CopyFrom(tensor_proto.make_tensor_proto(array, dtype=dtype.as_datatype_enum))
    else:  # TF's AsProtoTensorContent: raw bytes, whatever the size
        proto = value.tensor
        proto.dtype = dtype.as_datatype_enum
        proto.tensor_shape.CopyFrom(tensor_proto.shape_to_proto(array.shape))
        proto.tensor_content = io_dtypes.to_raw_bytes(array, dtype.as_datatype_enum)
    return _serialized(summary)


@_register("MergeSummary", ("inputs: N*string",))
def _lower_merge_summary(ctx, *inputs):
    merged, tags = summary_pb2.Summary(), set()
    for value in inputs:
        for raw in np.asarray(value, dtype=object).reshape(-1):
            part = summary_pb2.Summary()
            try:
                part.ParseFromString(raw)
            except Exception as e:  # noqa: BLE001 - protobuf's DecodeError and friends
                raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                      "Could not parse one of the summary inputs") from e
            for v in part.value:
                if v.tag and v.tag in tags:
                    raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                          "Duplicate tag %s found in summary inputs " % v.tag)
                tags.add(v.tag)
                merged.value.add().CopyFrom(v)
    return _serialized(merged)


# -- tags and collections -----------------------------------------------------------------------

def _clean_tag(name):
    if name is None:
        return None
    new_name = _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")
    if new_name != name:
        _log.info("Summary name %s is illegal; using %s instead.", name, new_name)
    return new_name


@contextlib.contextmanager
def _summary_scope(name, family=None, default_name=None, values=None):
    """Yields (tag, scope): the tag is the unique scoped name (`family/` prefixed twice)."""
    name, family = _clean_tag(name), _clean_tag(family)
    base = name if family is None else "%s/%s" % (family, name)
    with graph_lib.name_scope(base, default_name, values) as scope:
        tag = scope.rstrip("/") if family is None else "%s/%s" % (family, scope.rstrip("/"))
        yield tag, scope


def _collect(value, collections, default=(GraphKeys.SUMMARIES,)):
    for key in (default if collections is None else collections):
        graph_lib.add_to_collection(key, value)


# -- public functions --------------------------------------------------------------------------

def scalar(name, tensor, collections=None, family=None):
    """TF1 `tf.summary.scalar`: a `Summary` with `tensor`'s value (a float32) under the tag
    `name` (made unique and scoped like an op name).

    >>> tf.summary.scalar('loss', loss).name
    'loss:0'
    """
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        value = apply_op("ScalarSummary", [tag, tensor], name=scope)
        _collect(value, collections)
    return value


def histogram(name, values, collections=None, family=None):
    """TF1 `tf.summary.histogram`: a `Summary` with a histogram (TF's default buckets)."""
    with _summary_scope(name, family, values=[values]) as (tag, scope):
        value = apply_op("HistogramSummary", [tag, values], name=scope)
        _collect(value, collections)
    return value


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """TF1 `tf.summary.image`: PNGs of up to `max_outputs` images of a [b, h, w, c] batch
    (float images are rescaled per image to [0, 255], as TF does)."""
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        value = apply_op("ImageSummary", [tag, tensor], name=scope, max_images=int(max_outputs),
                         bad_color=_BAD_COLOR)
        _collect(value, collections)
    return value


def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """TF1 `tf.summary.audio`: 16-bit WAVs of up to `max_outputs` clips of a [b, frames] or
    [b, frames, channels] float batch in [-1, 1]."""
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        sample_rate = convert_to_tensor(sample_rate, dtype=dtypes.float32, name="sample_rate")
        value = apply_op("AudioSummaryV2", [tag, tensor, sample_rate], name=scope,
                         max_outputs=int(max_outputs))
        _collect(value, collections)
    return value


def tensor_summary(name, tensor, summary_description=None, collections=None,
                   summary_metadata=None, family=None, display_name=None):
    """TF1 `tf.summary.tensor_summary`: the whole tensor, as a TensorProto."""
    metadata = summary_pb2.SummaryMetadata()
    if summary_metadata is not None:
        metadata.ParseFromString(summary_metadata.SerializeToString())
    if summary_description is not None:
        metadata.summary_description = summary_description
    if display_name is not None:
        metadata.display_name = display_name
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        value = apply_op("TensorSummaryV2", [tag, tensor, metadata.SerializeToString()],
                         name=scope)
        _collect(value, collections)
    return value


def text(name, tensor, collections=None):
    """TF1 `tf.summary.text`: a string tensor, for TensorBoard's text dashboard."""
    tensor = convert_to_tensor(tensor)
    if tensor.dtype != dtypes.string:
        raise ValueError("Expected tensor %s to have dtype string, got %s"
                         % (tensor.name, tensor.dtype))
    metadata = summary_pb2.SummaryMetadata()
    metadata.plugin_data.plugin_name = "text"
    return tensor_summary(name, tensor, summary_metadata=metadata, collections=collections)


def merge(inputs, collections=None, name=None):
    """TF1 `tf.summary.merge`: one `Summary` with the values of all `inputs`."""
    with graph_lib.name_scope(name, "Merge", list(inputs)):
        value = apply_op("MergeSummary", [list(inputs)], name=name)
        _collect(value, collections, default=())
    return value


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """TF1 `tf.summary.merge_all`: `merge` of the summaries in collection `key`, or None."""
    summary_ops = graph_lib.get_collection(key, scope=scope)
    if not summary_ops:
        return None
    return merge(summary_ops, name=name)


def get_summary_description(node_def):
    """The SummaryDescription of a (legacy) `TensorSummary` NodeDef."""
    from google.protobuf import json_format
    if node_def.op != "TensorSummary":
        raise ValueError("Can't get_summary_description on %s" % node_def.op)
    description = summary_pb2.SummaryDescription()
    json_format.Parse(node_def.attr["description"].s.decode("utf-8"), description)
    return description
