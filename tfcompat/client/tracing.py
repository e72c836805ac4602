"""Traced runs: `sess.run(..., options=tf.RunOptions(trace_level=...), run_metadata=md)` fills
`md.step_stats` (TF's StepStats proto) with one NodeExecStats per op the run executed, as TF's
executor does for any trace level above NO_TRACE; `tf.python.client.timeline` (timeline.py) turns
them into a Chrome trace and `tf.train.ProfilerHook` writes them.

A traced run uses its own plan, run op by op (client/compile.py's interpreter, one thread, no
torch.compile), timed with `time.time_ns` around each op's lines; each op's outputs are described
when it has run (dtype, shape, requested bytes). What differs from TF's stats: ops folded into
constants when the plan was built (Const and what only depends on constants) have no code of
their own and are listed as taking no time at the start of the step (TF's grappler folds other
ops than tfcompat does); a variable only written through its reference is not listed; a
control-flow loop or branch is one op (its body runs as a sub-plan); fetched values are listed
after the last op; there is no per-allocation memory record (AllocatorMemoryUsed) or cost
graph. Like TF, the feeds appear as
`_arg_<tensor>_<i>` nodes and the fetched values as `_retval_<tensor>_<i>` nodes, and a
`_SOURCE` node starts each device's list.

`RunOptions.output_partition_graphs` (with or without a trace level) fills
`run_metadata.partition_graphs`: one GraphDef per device of the ops the step ran, feeds as `_Arg`
and fetches as `_Retval` nodes; TF's grappler rewrites (constant folding) are not applied.
"""
from __future__ import annotations

import threading
import time

import torch

from tfcompat._lazy import lazy_module
from tfcompat.client import fetch as fetch_lib
from tfcompat.framework import dtypes
from tfcompat.framework.operation import Tensor

step_stats_pb2 = lazy_module("tfcompat.io.proto.step_stats_pb2")  # protobuf loads on first use
graph_def_lib = lazy_module("tfcompat.io.graph_def")

NO_TRACE = 0
HOST = "/job:localhost/replica:0/task:0/device:CPU:0"   # where TF lists feeds and fetches
_LOCK = threading.Lock()   # a traced plan's records belong to one run at a time


def trace_level(options) -> int:
    return int(getattr(options, "trace_level", 0) or 0)


def wants_metadata(options, run_metadata) -> bool:
    """Whether a run fills `run_metadata`: a trace level or `output_partition_graphs`."""
    return run_metadata is not None and (
        trace_level(options) > NO_TRACE or bool(getattr(options, "output_partition_graphs", False)))


class StepTrace:
    """The records of a traced plan's last run: [(op, start_ns, end_ns, outputs)], outputs being
    [(slot, tensor)] described when the op finished."""

    def __init__(self, output_names):
        self._output_names = output_names   # op -> generated-code names of its outputs
        self.records: list = []
        self._index: dict = {}
        self.folded: list = []   # [(op, outputs)] of ops with no code in the plan

    def begin(self):
        self.records, self._index = [], {}

    def record(self, op, start, end, env):
        """Called after each of `op`'s generated lines ran (an op may take several lines)."""
        at = self._index.get(op)
        if at is None:
            self._index[op] = len(self.records)
            self.records.append([op, start, end, []])
            at = len(self.records) - 1
        entry = self.records[at]
        entry[2] = end
        if not entry[3]:
            entry[3] = [(slot, env[name]) for slot, name in enumerate(self._output_names(op))
                        if name is not None and isinstance(env.get(name), torch.Tensor)]


def run_traced(session, fetches, feed_dict, options, run_metadata):
    """`Session.run` with step statistics recorded into `run_metadata` (see module doc)."""
    mapper = session._mapper(fetches)
    fed, arrays, returned = session._feeds(feed_dict)
    plan = session._plan(tuple(mapper.tensors), tuple(mapper.targets), fed, traced=True)
    feeds = [fetch_lib.to_torch(arrays[t], d)
             for t, d in zip(plan.feed_tensors, plan.feed_devices)]
    with _LOCK:
        plan.trace.begin()
        start = time.time_ns()
        values = plan(feeds)
        records = plan.trace.records
    if trace_level(options) > NO_TRACE:
        _fill(run_metadata, plan, records, start, feeds, values)
    if getattr(options, "output_partition_graphs", False):
        _partition_graphs(run_metadata, plan, records)
    return mapper.build([returned[t] if t in returned else fetch_lib.to_numpy(v)
                         for t, v in zip(mapper.tensors, values)])  # a fed fetch: its array


def _fill(run_metadata, plan, records, start, feeds, values):
    stats = step_stats_pb2.StepStats()
    devices: dict = {}

    def device_stats(name):
        if name not in devices:
            devices[name] = stats.dev_stats.add(device=name)
            _node(devices[name], "_SOURCE", "_SOURCE = NoOp()", start, start, [])
        return devices[name]

    default = HOST
    for op, outputs in plan.trace.folded:   # no code of their own: listed as done at the start
        _node(device_stats(plan.op_devices.get(op, default)), op.name, _label(op, {}),
              start, start, outputs, dtype_of={slot: op._outputs[slot].dtype for slot, _ in outputs})
    # TF numbers a step's arguments and results in the sorted order of their tensor names
    fed_names = {t: _arg_name(t, i) for i, t in enumerate(sorted(plan.feed_tensors,
                                                                key=_tensor_name))}
    for t, value in sorted(zip(plan.feed_tensors, feeds), key=lambda tv: _tensor_name(tv[0])):
        _node(device_stats(default), fed_names[t], "%s = _Arg()" % fed_names[t],
              start, start, [(0, value)], dtype_of={0: t.dtype})
    for op, begin, end, outputs in records:
        device = plan.op_devices.get(op, default)
        _node(device_stats(device), op.name, _label(op, fed_names), begin, end, outputs,
              dtype_of={slot: op._outputs[slot].dtype for slot, _ in outputs})
    done = time.time_ns()
    for i, t in enumerate(sorted(plan.fetch_tensors, key=_tensor_name)):
        name = "_retval_%s_%d_%d" % (t.op.name, t.value_index, i)
        _node(device_stats(default), name, "%s = _Retval(%s)" % (name, fed_names.get(t)
                                                                  or _input_name(t)),
              done, done, [])
    run_metadata.step_stats.CopyFrom(stats)


def _partition_graphs(run_metadata, plan, records):
    """TF's `RunMetadata.partition_graphs`: one GraphDef per device of the ops the step ran,
    each feed an `_Arg` node and each fetch a `_Retval` node (TF's call frame)."""
    fed_names = {t: _arg_name(t, i) for i, t in enumerate(sorted(plan.feed_tensors,
                                                                key=_tensor_name))}
    graphs: dict = {}

    def graph_for(device):
        if device not in graphs:
            graphs[device] = run_metadata.partition_graphs.add()
            graphs[device].versions.CopyFrom(graph_def_lib.versions_def())
        return graphs[device]

    for t in sorted(plan.feed_tensors, key=_tensor_name):
        graph_for(HOST).node.add(name=fed_names[t], op="_Arg", device=HOST)
    ops = [op for op, _ in plan.trace.folded] + [record[0] for record in records]
    for op in ops:
        device = plan.op_devices.get(op, HOST)
        node = graph_def_lib.node_def_of(op, sort_controls=True)
        node.device = device
        del node.input[:]
        node.input.extend([fed_names.get(t) or _input_name(t) for t in op._inputs] +
                          sorted("^" + c.name for c in op._control_inputs))
        graph_for(device).node.add().CopyFrom(node)
    for i, t in enumerate(sorted(plan.fetch_tensors, key=_tensor_name)):
        graph_for(HOST).node.add(name="_retval_%s_%d_%d" % (t.op.name, t.value_index, i),
                                 op="_Retval", device=HOST,
                                 input=[fed_names.get(t) or _input_name(t)])


def _node(dev, name, label, begin, end, outputs, dtype_of=None):
    node = dev.node_stats.add(node_name=name, timeline_label=label, thread_id=0)
    node.all_start_nanos = node.scheduled_nanos = begin
    node.all_start_micros = node.scheduled_micros = begin // 1000
    node.op_end_rel_nanos = node.all_end_rel_nanos = end - begin
    node.op_end_rel_micros = node.all_end_rel_micros = (end - begin) // 1000
    node.memory_stats.SetInParent()
    for slot, value in outputs:
        described = node.output.add(slot=slot).tensor_description
        dtype = (dtype_of or {}).get(slot)
        if dtype is not None:
            described.dtype = dtypes.as_dtype(dtype).base_dtype.as_datatype_enum
        for size in value.shape:
            described.shape.dim.add(size=int(size))
        allocation = described.allocation_description
        allocation.requested_bytes = value.numel() * value.element_size()
        allocation.allocator_name = "cpu" if value.device.type == "cpu" else \
            "GPU_%d_bfc" % (value.device.index or 0)
        if value.numel():
            allocation.ptr = value.data_ptr()


def _label(op, fed_names) -> str:
    """TF's timeline label: "name = Type(input, input:1, ^control)"."""
    inputs = [fed_names.get(t) or _input_name(t) for t in op._inputs]
    inputs += ["^" + c.name for c in op._control_inputs]
    return "%s = %s(%s)" % (op.name, op.type, ", ".join(inputs))


def _arg_name(t: Tensor, i: int) -> str:
    return "_arg_%s_%d_%d" % (t.op.name, t.value_index, i)


def _tensor_name(t: Tensor) -> str:
    return t.name


def _input_name(t: Tensor) -> str:
    return t.op.name if t.value_index == 0 else "%s:%d" % (t.op.name, t.value_index)
