"""`tensorflow.python.client.timeline`: a traced run's StepStats (client/tracing.py) as a Chrome
trace (chrome://tracing, Perfetto), with TF's event layout: an "Allocators" process, then per
device a "<device> Compute" process whose lanes hold the ops ('X' regions named by op type, args
name/op/input0...) and a "<device> Tensors" process; 's'/'t' DataFlow arrows between a tensor's
producer and a consumer in another lane; with show_memory, tensor lifetimes ('N'/'O'/'D') and
per-allocator 'C' counters. `analyze_step_stats` also gives each allocator's peak."""
from __future__ import annotations

import collections
import copy
import json
import re

AllocationMaximum = collections.namedtuple("AllocationMaximum",
                                           ("timestamp", "num_bytes", "tensors"))
StepStatsAnalysis = collections.namedtuple("StepStatsAnalysis",
                                           ("chrome_trace", "allocator_maximums"))
_LABEL = re.compile(r"(.*) = (.*)\((.*)\)")


class _ChromeTraceFormatter:
    def __init__(self, show_memory=False):
        self._show_memory = show_memory
        self._events: list = []
        self._metadata: list = []

    @staticmethod
    def _event(ph, category, name, pid, tid, timestamp):
        return {"ph": ph, "cat": category, "name": name, "pid": pid, "tid": tid, "ts": timestamp}

    def emit_pid(self, name, pid):
        self._metadata.append({"name": "process_name", "ph": "M", "pid": pid,
                               "args": {"name": name}})

    def emit_tid(self, name, pid, tid):
        self._metadata.append({"name": "thread_name", "ph": "M", "pid": pid, "tid": tid,
                               "args": {"name": name}})

    def emit_region(self, timestamp, duration, pid, tid, category, name, args):
        event = self._event("X", category, name, pid, tid, timestamp)
        event.update(dur=duration, args=args)
        self._events.append(event)

    def _object_event(self, ph, category, name, timestamp, pid, tid, object_id, **extra):
        event = self._event(ph, category, name, pid, tid, timestamp)
        event["id"] = object_id
        event.update(extra)
        self._events.append(event)

    def emit_obj_create(self, category, name, timestamp, pid, tid, object_id):
        self._object_event("N", category, name, timestamp, pid, tid, object_id)

    def emit_obj_delete(self, category, name, timestamp, pid, tid, object_id):
        self._object_event("D", category, name, timestamp, pid, tid, object_id)

    def emit_obj_snapshot(self, category, name, timestamp, pid, tid, object_id, snapshot):
        self._object_event("O", category, name, timestamp, pid, tid, object_id,
                           args={"snapshot": snapshot})

    def emit_flow_start(self, name, timestamp, pid, tid, flow_id):
        self._object_event("s", "DataFlow", name, timestamp, pid, tid, flow_id)

    def emit_flow_end(self, name, timestamp, pid, tid, flow_id):
        self._object_event("t", "DataFlow", name, timestamp, pid, tid, flow_id)

    def emit_counter(self, category, name, pid, timestamp, counter, value):
        self.emit_counters(category, name, pid, timestamp, {counter: value})

    def emit_counters(self, category, name, pid, timestamp, counters):
        event = self._event("C", category, name, pid, 0, timestamp)
        event["args"] = dict(counters)
        self._events.append(event)

    def format_to_string(self, pretty=False):
        trace = {"traceEvents": self._metadata + self._events}
        if pretty:
            return json.dumps(trace, indent=4, separators=(",", ": "))
        return json.dumps(trace, separators=(",", ":"))


class _Tensor:
    """One tensor's lifetime: created by its op, referenced by its consumers."""

    def __init__(self, name, object_id, timestamp, pid, allocator, num_bytes):
        self.name, self.object_id, self.create_time, self.pid = name, object_id, timestamp, pid
        self.allocator, self.num_bytes = allocator, num_bytes
        self.unrefs: list = []

    @property
    def last_unref(self):
        return max(self.unrefs)


class Timeline:
    """The ops of one traced step (`run_metadata.step_stats`) on a timeline."""

    def __init__(self, step_stats, graph=None):
        self._origin_step_stats = step_stats
        self._step_stats = None
        self._graph = graph
        self._chrome_trace = _ChromeTraceFormatter()
        self._next_pid = 0
        self._device_pids: dict = {}
        self._tensor_pids: dict = {}
        self._tensors: dict = {}
        self._next_flow_id = 0
        self._flow_starts: dict = {}
        self._allocator_maximums: dict = {}

    def _alloc_pid(self):
        self._next_pid += 1
        return self._next_pid - 1

    @staticmethod
    def _parse_op_label(label):
        match = _LABEL.match(label)
        if match is None:
            return "unknown", "unknown", []
        name, op, inputs = match.groups()
        return name, op, inputs.split(", ") if inputs else []

    def _assign_lanes(self):
        """Each op goes to the first lane that is free when it starts (TF's rule)."""
        for device_stats in self._step_stats.dev_stats:
            lanes = [0]
            for ns in device_stats.node_stats:
                lane = next((i for i, busy in enumerate(lanes) if ns.all_start_micros > busy),
                            len(lanes))
                if lane == len(lanes):
                    lanes.append(0)
                lanes[lane] = ns.all_start_micros + ns.all_end_rel_micros
                ns.thread_id = lane

    def _allocate_pids(self):
        self._allocators_pid = self._alloc_pid()
        self._chrome_trace.emit_pid("Allocators", self._allocators_pid)
        for dev_stats in self._step_stats.dev_stats:
            self._device_pids[dev_stats.device] = self._alloc_pid()
            self._tensor_pids[dev_stats.device] = self._alloc_pid()
            self._chrome_trace.emit_pid(dev_stats.device + " Compute",
                                        self._device_pids[dev_stats.device])
            self._chrome_trace.emit_pid(dev_stats.device + " Tensors",
                                        self._tensor_pids[dev_stats.device])

    def _analyze_tensors(self, show_memory):
        for dev_stats in self._step_stats.dev_stats:
            device_pid = self._device_pids[dev_stats.device]
            tensors_pid = self._tensor_pids[dev_stats.device]
            for ns in dev_stats.node_stats:
                start, end = ns.all_start_micros, ns.all_start_micros + ns.all_end_rel_micros
                for index, output in enumerate(ns.output):
                    name = "%s:%d" % (ns.node_name, index) if index else ns.node_name
                    allocation = output.tensor_description.allocation_description
                    tensor = _Tensor(name, len(self._tensors), start, tensors_pid,
                                     allocation.allocator_name, allocation.requested_bytes)
                    self._tensors[name] = tensor
                    tensor.unrefs.append(end)
                    self._flow_starts[name] = (end, device_pid, ns.thread_id)
                    if show_memory:
                        self._chrome_trace.emit_obj_create("Tensor", name, start, tensors_pid,
                                                           ns.thread_id, tensor.object_id)
                        snapshot = {"tensor_description":
                                    str(output.tensor_description).replace('"', "")}
                        self._chrome_trace.emit_obj_snapshot(
                            "Tensor", name, end - 1, tensors_pid, ns.thread_id,
                            tensor.object_id, snapshot)

    def _show_compute(self, show_dataflow):
        for dev_stats in self._step_stats.dev_stats:
            device_pid = self._device_pids[dev_stats.device]
            for ns in dev_stats.node_stats:
                start, end = ns.all_start_micros, ns.all_start_micros + ns.all_end_rel_micros
                _, op, inputs = self._parse_op_label(ns.timeline_label)
                args = {"name": ns.node_name, "op": op}
                args.update(("input%d" % i, name) for i, name in enumerate(inputs))
                self._chrome_trace.emit_region(start, ns.all_end_rel_micros, device_pid,
                                               ns.thread_id, "Op", op, args)
                for name in inputs:
                    self._reference(name, start, end, device_pid, ns.thread_id, show_dataflow)

    def _reference(self, name, start, end, pid, tid, show_dataflow):
        if name not in self._tensors and name.rfind("/_") > 0:
            name = name[:name.rfind("/_")]
        tensor = self._tensors.get(name)
        if tensor is None:   # a control input, or a tensor the trace does not list
            return
        tensor.unrefs.append(end - 1)
        created, created_pid, created_tid = self._flow_starts[name]
        if show_dataflow and (created_pid != pid or created_tid != tid):
            flow_id, self._next_flow_id = self._next_flow_id, self._next_flow_id + 1
            self._chrome_trace.emit_flow_start(name, created, created_pid, created_tid, flow_id)
            self._chrome_trace.emit_flow_end(name, start, pid, tid, flow_id)

    def _show_memory_counters(self):
        allocations: dict = {}
        for name, tensor in self._tensors.items():
            self._chrome_trace.emit_obj_delete("Tensor", name, tensor.last_unref, tensor.pid, 0,
                                               tensor.object_id)
            events = allocations.setdefault(tensor.allocator, [])
            events.append((tensor.create_time, tensor.num_bytes, name))
            events.append((tensor.last_unref, -tensor.num_bytes, name))
        for allocator, events in allocations.items():
            total, live = 0, set()
            peak = AllocationMaximum(timestamp=0, num_bytes=0, tensors=set())
            for timestamp, num_bytes, name in sorted(events):   # frees first at a tie, as TF
                total += num_bytes
                (live.discard if num_bytes < 0 else live.add)(name)
                if total > peak.num_bytes:
                    peak = AllocationMaximum(timestamp, total, set(live))
                self._chrome_trace.emit_counter("Memory", allocator, self._allocators_pid,
                                                timestamp, allocator, total)
            self._allocator_maximums[allocator] = peak

    def analyze_step_stats(self, show_dataflow=True, show_memory=True, op_time="schedule"):
        """The Chrome trace and each allocator's peak. op_time "schedule", "gpu" and "all" are
        the same here: tfcompat's traced ops are timed as they run (no separate GPU streams)."""
        self._step_stats = copy.deepcopy(self._origin_step_stats)
        self._allocate_pids()
        self._assign_lanes()
        self._analyze_tensors(show_memory)
        self._show_compute(show_dataflow)
        if show_memory:
            self._show_memory_counters()
        return StepStatsAnalysis(chrome_trace=self._chrome_trace,
                                 allocator_maximums=self._allocator_maximums)

    def generate_chrome_trace_format(self, show_dataflow=True, show_memory=False,
                                     op_time="schedule"):
        """A JSON string in Chrome's trace format."""
        analysis = self.analyze_step_stats(show_dataflow=show_dataflow, show_memory=show_memory,
                                           op_time=op_time)
        return analysis.chrome_trace.format_to_string(pretty=True)
