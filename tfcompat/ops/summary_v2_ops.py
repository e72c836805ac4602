"""TF's summary-writer ops (core/ops/summary_ops.cc), which `tf.contrib.summary` builds: a
`SummaryWriter` resource, `CreateSummaryFileWriter` opening its event file, the `Write*Summary`
ops appending one Event each (step and wall time set), `ImportEvent`, `FlushSummaryWriter` and
`CloseSummaryWriter`.

The resource lives in the session (as TF's resource manager keeps it), keyed by the handle's
`shared_name` (the op's name when empty); it is a `tf.summary.FileWriter` writing
`events.out.tfevents.<secs>.<host><suffix>`, flushed every `flush_millis`, by
`FlushSummaryWriter`, when closed, when its session closes and at exit. Creating a writer that
exists does nothing (TF's LookupOrCreateResource). The summaries themselves are encoded as the TF1
summary ops encode them (tfcompat/summary/summary_ops.py).
"""
from __future__ import annotations

import time

import numpy as np

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.summary import encoders
from tfcompat.summary import summary_ops as v1_summary
from tfcompat.summary.writer import FileWriter

event_pb2 = lazy_module("tfcompat.io.proto.event_pb2")  # protobuf loads on first use
graph_pb2 = lazy_module("tfcompat.io.proto.graph_pb2")
summary_pb2 = lazy_module("tfcompat.io.proto.summary_pb2")
io_dtypes = lazy_module("tfcompat.io._dtypes")
tensor_proto = lazy_module("tfcompat.io.tensor_proto")

_RESOURCE = "N10tensorflow22SummaryWriterInterfaceE"


def _no_outputs(op, *inputs, **attrs):
    return []


def _register(op_type, inputs, attrs=None):
    return register_op(op_type, inputs=("writer: resource",) + tuple(inputs), infer=_no_outputs,
                       attrs=attrs, stateful=True, mutates=True, host_only=True,
                       differentiable=False)


def _writer(ctx, key):
    writer = ctx.state.resources.get(("summary_writer", key))
    if writer is None:
        if ("summary_writer_container",) not in ctx.state.resources:  # no writer created yet
            raise errors.op_error(errors.NotFoundError, ctx.op, "Container localhost does not "
                                  "exist. (Could not find resource: localhost/%s)" % key)
        raise errors.op_error(errors.NotFoundError, ctx.op, "Resource localhost/%s/%s does not "
                              "exist." % (key, _RESOURCE))
    return writer


def _scalar(value):
    return np.asarray(v1_summary._numpy(value)).reshape(-1)[0]


def _write(ctx, key, step, summary_bytes):
    summary = summary_pb2.Summary.FromString(bytes(summary_bytes))
    _writer(ctx, key).add_event(event_pb2.Event(wall_time=time.time(), step=int(_scalar(step)),
                                                summary=summary))


@register_op("SummaryWriter", infer=lambda op, **attrs: [(dtypes.resource, TensorShape([]))],
             attrs={"shared_name": "", "container": ""}, stateful=True, host_only=True,
             differentiable=False)
def _lower_summary_writer(ctx, *, shared_name="", container=""):
    return shared_name or ctx.op.name


@_register("CreateSummaryFileWriter", ("logdir: string", "max_queue: int32",
                                       "flush_millis: int32", "filename_suffix: string"))
def _lower_create_file_writer(ctx, key, logdir, max_queue, flush_millis, filename_suffix):
    with ctx.state.lock:
        if ("summary_writer", key) in ctx.state.resources:
            return
        ctx.state.resources[("summary_writer_container",)] = True
        writer = FileWriter(v1_summary._texts(logdir)[0], max_queue=int(_scalar(max_queue)),
                            flush_secs=int(_scalar(flush_millis)) / 1000.0,
                            filename_suffix=v1_summary._texts(filename_suffix)[0])
        ctx.state.resources[("summary_writer", key)] = writer
        ctx.state.on_close.append(writer.close)  # a closing session flushes its writers


@_register("FlushSummaryWriter", ())
def _lower_flush(ctx, key):
    _writer(ctx, key).flush()


@_register("CloseSummaryWriter", ())
def _lower_close(ctx, key):
    writer = _writer(ctx, key)
    with ctx.state.lock:
        ctx.state.resources.pop(("summary_writer", key), None)
    writer.close()


@_register("WriteScalarSummary", ("step: int64", "tag: string", "value: T"))
def _lower_write_scalar(ctx, key, step, tag, value):
    value = v1_summary._numpy(value)
    if value.ndim != 0:  # TF 1.15 CHECK-fails here (TF 2.x writes the first element)
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "value must be a scalar, got shape [%s] (tag '%s')"
                              % (",".join(str(d) for d in value.shape),
                                 v1_summary._texts(tag)[0]))
    summary = summary_pb2.Summary()
    summary.value.add(tag=v1_summary._texts(tag)[0], simple_value=float(np.float32(value.real)))
    _write(ctx, key, step, summary.SerializeToString())


@_register("WriteHistogramSummary", ("step: int64", "tag: string", "values: T"))
def _lower_write_histogram(ctx, key, step, tag, values):
    tag = v1_summary._texts(tag)[0]
    flat = v1_summary._numpy(values).astype(np.float64).reshape(-1)
    for bad, word in ((np.isnan, "Nan"), (np.isinf, "Infinity")):
        if bad(flat).any():
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "%s in summary histogram for: %s" % (word, tag))
    summary = summary_pb2.Summary()
    summary.value.add(tag=tag).histo.CopyFrom(encoders.histogram_proto(flat))
    _write(ctx, key, step, summary.SerializeToString())


@_register("WriteImageSummary", ("step: int64", "tag: string", "tensor: T",
                                 "bad_color: uint8"), attrs={"max_images": 3})
def _lower_write_image(ctx, key, step, tag, tensor, bad_color, *, max_images=3):
    _write(ctx, key, step, v1_summary._lower_image_summary(
        ctx, tag, tensor, max_images=max_images, bad_color=v1_summary._numpy(bad_color)).item())


@_register("WriteAudioSummary", ("step: int64", "tag: string", "tensor: float32",
                                 "sample_rate: float32"), attrs={"max_outputs": 3})
def _lower_write_audio(ctx, key, step, tag, tensor, sample_rate, *, max_outputs=3):
    _write(ctx, key, step, v1_summary._lower_audio_summary(
        ctx, tag, tensor, sample_rate, max_outputs=max_outputs).item())


@_register("WriteSummary", ("step: int64", "tensor: T", "tag: string",
                            "summary_metadata: string"))
def _lower_write_summary(ctx, key, step, tensor, tag, summary_metadata):
    summary = summary_pb2.Summary()
    value = summary.value.add(tag=v1_summary._texts(tag)[0])
    metadata = np.asarray(summary_metadata, dtype=object).reshape(-1)[0]
    if metadata:
        value.metadata.ParseFromString(metadata)
    dtype = ctx.op.inputs[2].dtype.base_dtype
    array = v1_summary._numpy(tensor)
    if dtype == dtypes.string:  # TF's AsProtoField: string_val, readable by MakeNdarray
        value.tensor.CopyFrom(tensor_proto.make_tensor_proto(array, dtype=dtype.as_datatype_enum))
    else:  # TF's AsProtoTensorContent: raw bytes, whatever the size
        value.tensor.dtype = dtype.as_datatype_enum
        value.tensor.tensor_shape.CopyFrom(tensor_proto.shape_to_proto(array.shape))
        value.tensor.tensor_content = io_dtypes.to_raw_bytes(array, dtype.as_datatype_enum)
    _write(ctx, key, step, summary.SerializeToString())


def _parsed(ctx, cls, raw, what):
    try:
        return cls.FromString(bytes(raw))
    except Exception as e:  # noqa: BLE001 - protobuf's DecodeError and friends
        raise errors.op_error(errors.DataLossError, ctx.op,
                              "Bad %s binary proto tensor string" % what) from e


@_register("WriteGraphSummary", ("step: int64", "tensor: string"))
def _lower_write_graph(ctx, key, step, tensor):
    raw = np.asarray(tensor, dtype=object).reshape(-1)[0]
    graph_def = _parsed(ctx, graph_pb2.GraphDef, raw, "tf.GraphDef")
    _writer(ctx, key).add_event(event_pb2.Event(wall_time=time.time(), step=int(_scalar(step)),
                                                graph_def=graph_def.SerializeToString()))


@_register("ImportEvent", ("event: string",))
def _lower_import_event(ctx, key, event):
    raw = np.asarray(event, dtype=object).reshape(-1)[0]
    _writer(ctx, key).add_event(_parsed(ctx, event_pb2.Event, raw, "tf.Event"))
