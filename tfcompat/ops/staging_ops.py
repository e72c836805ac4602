"""Staging areas (`tf.contrib.staging.StagingArea`, TF's `data_flow_ops.StagingArea`): a FIFO
buffer of tuples held in the session, filled by `Stage` and emptied by `Unstage`, which
pipelines input with compute (a step's `get()` takes what the previous step's `put()` staged).
The ops are TF's (`Stage`, `Unstage`, `StagePeek`, `StageSize`, `StageClear`, with the same
attrs), and so are the blocking rules: `Unstage` waits for a tuple, `StagePeek(i)` for the i-th,
`Stage` while `capacity` tuples or `memory_limit` bytes are held; a session that closes cancels
the wait (as queues: ops/_queue_state.py).
"""
from __future__ import annotations

import threading

import torch

from tfcompat import errors
from tfcompat.framework import dtypes as dtypes_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import colocate_with
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops._queue_state import as_host
from tfcompat.ops.array_ops import no_op

_POLL_SECONDS = 0.05
_ATTRS = {"capacity": 0, "memory_limit": 0, "dtypes": (), "container": "", "shared_name": ""}


class StageBuffer:
    """One staging area's tuples in one session (TF's stage_op.cc Buffer)."""

    def __init__(self, capacity, memory_limit):
        self.capacity, self.memory_limit = capacity, memory_limit
        self.items: list = []
        self.bytes = 0
        self.cond = threading.Condition()

    def _wait(self, ctx, what):
        session = ctx.session
        if session is not None and getattr(session, "_closed", False):
            raise errors.op_error(errors.CancelledError, ctx.op, "%s was cancelled" % what)
        self.cond.wait(_POLL_SECONDS)

    def _full(self, size):
        return (self.capacity > 0 and len(self.items) >= self.capacity) or \
            (self.memory_limit > 0 and self.bytes + size > self.memory_limit)

    def put(self, ctx, values):
        size = sum(_nbytes(v) for v in values)
        if self.memory_limit > 0 and size > self.memory_limit:   # it would wait for ever
            raise errors.op_error(
                errors.ResourceExhaustedError, ctx.op, "Attempted to insert tensors with "
                "combined size of '%d' bytes into Staging Area with a memory limit of '%d'."
                % (size, self.memory_limit))
        with self.cond:
            while self._full(size):
                self._wait(ctx, "Stage")
            self.items.append((values, size))
            self.bytes += size
            self.cond.notify_all()

    def get(self, ctx):
        with self.cond:
            while not self.items:
                self._wait(ctx, "Unstage")
            values, size = self.items.pop(0)
            self.bytes -= size
            self.cond.notify_all()
            return values

    def peek(self, ctx, index):
        with self.cond:
            while index >= len(self.items):
                self._wait(ctx, "StagePeek")
            return self.items[index][0]

    def clear(self):
        with self.cond:
            self.items, self.bytes = [], 0
            self.cond.notify_all()


def _nbytes(value):
    if isinstance(value, torch.Tensor):
        return value.numel() * value.element_size()
    return int(getattr(value, "nbytes", 0))


def _buffer(ctx, capacity, memory_limit, container, shared_name) -> StageBuffer:
    key = ("staging_area", container, shared_name or ctx.op.name)
    resources = ctx.state.resources
    with ctx.state.lock:
        if key not in resources:
            resources[key] = StageBuffer(capacity, memory_limit)
        return resources[key]


def _values(ctx, values, dtypes):
    if len(values) != len(dtypes):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Mismatch stage/unstage: %d vs. %d" % (len(values), len(dtypes)))
    return values[0] if len(values) == 1 else tuple(values)


def _unknown_outputs(op, *inputs, dtypes, **attrs):
    return [(dtype, tensor_shape.unknown_shape()) for dtype in dtypes]


@register_op("Stage", inputs=("values: dtypes",), infer=lambda op, *a, **k: [], attrs=_ATTRS,
             stateful=True, mutates=True, host_only=True, differentiable=False)
def _lower_stage(ctx, *values, capacity, memory_limit, dtypes, container, shared_name):
    _buffer(ctx, capacity, memory_limit, container, shared_name).put(
        ctx, tuple(as_host(v) for v in values))


@register_op("Unstage", inputs=(), infer=_unknown_outputs, attrs=_ATTRS, stateful=True,
             mutates=True, host_only=True, differentiable=False)
def _lower_unstage(ctx, *, capacity, memory_limit, dtypes, container, shared_name):
    buffer = _buffer(ctx, capacity, memory_limit, container, shared_name)
    return _values(ctx, buffer.get(ctx), dtypes)


@register_op("StagePeek", inputs=("index: int32",), infer=_unknown_outputs, attrs=_ATTRS,
             stateful=True, host_only=True, differentiable=False)
def _lower_stage_peek(ctx, index, *, capacity, memory_limit, dtypes, container, shared_name):
    buffer = _buffer(ctx, capacity, memory_limit, container, shared_name)
    return _values(ctx, buffer.peek(ctx, int(index)), dtypes)


@register_op("StageSize", inputs=(), infer=lambda op, **k: [(dtypes_lib.int32, TensorShape([]))],
             attrs=_ATTRS, stateful=True, host_only=True, differentiable=False)
def _lower_stage_size(ctx, *, capacity, memory_limit, dtypes, container, shared_name):
    buffer = _buffer(ctx, capacity, memory_limit, container, shared_name)
    return torch.tensor(len(buffer.items), dtype=torch.int32)


@register_op("StageClear", inputs=(), infer=lambda op, **k: [], attrs=_ATTRS, stateful=True,
             mutates=True, host_only=True, differentiable=False)
def _lower_stage_clear(ctx, *, capacity, memory_limit, dtypes, container, shared_name):
    _buffer(ctx, capacity, memory_limit, container, shared_name).clear()


# -- Python API --------------------------------------------------------------------------------

class StagingArea:
    """TF's `StagingArea(dtypes, shapes=None, names=None, shared_name=None, capacity=0,
    memory_limit=0)`: `put(values)` (a list, or a dict when `names` are given), `get()`,
    `peek(index)`, `size()`, `clear()`; every op colocated with `<name>_root/NoOp`."""

    def __init__(self, dtypes, shapes=None, names=None, shared_name=None, capacity=0,
                 memory_limit=0):
        if shared_name is None:
            self._name = get_default_graph().unique_name(type(self).__name__)
        elif isinstance(shared_name, str):
            self._name = shared_name
        else:
            raise ValueError("shared_name must be a string, got %s" % (shared_name,))
        self._dtypes = [dtypes_lib.as_dtype(d) for d in dtypes]
        if shapes is not None and len(shapes) != len(dtypes):
            raise ValueError("StagingArea shapes must be the same length as dtypes")
        self._shapes = [TensorShape(s) for s in shapes] if shapes is not None else \
            [tensor_shape.unknown_shape() for _ in self._dtypes]
        if names is not None and len(names) != len(dtypes):
            raise ValueError("StagingArea names must be the same length as dtypes")
        self._names = names
        self._capacity, self._memory_limit = capacity, memory_limit
        with name_scope("%s_root" % self._name):
            self._coloc_op = no_op()

    name = property(lambda self: self._name)
    dtypes = property(lambda self: self._dtypes)
    shapes = property(lambda self: self._shapes)
    names = property(lambda self: self._names)
    capacity = property(lambda self: self._capacity)
    memory_limit = property(lambda self: self._memory_limit)

    def _attrs(self):
        return {"capacity": int(self._capacity), "memory_limit": int(self._memory_limit),
                "dtypes": list(self._dtypes), "container": "", "shared_name": self._name}

    def _checked_values(self, values):
        """TF's _check_put_dtypes: the tensors to stage, in the order of `names`."""
        if isinstance(values, dict):
            if not self._names:
                raise ValueError("Staging areas must have names to enqueue a dictionary")
            if not set(values).issubset(self._names):
                raise ValueError("Keys in dictionary to put do not match names of staging "
                                 "area. Dictionary: %sQueue: %s"
                                 % (sorted(values), sorted(self._names)))
            pairs = [(values[k], i) for i, k in enumerate(self._names) if k in values]
        else:
            if self._names:
                raise ValueError("You must enqueue a dictionary in a staging area with names")
            pairs = [(v, i) for i, v in enumerate(values)]
        if len(pairs) > len(self._dtypes):
            raise ValueError("Unexpected number of inputs %d vs %d"
                             % (len(pairs), len(self._dtypes)))
        tensors = []
        for value, i in pairs:
            dtype = self._dtypes[i]
            if getattr(value, "dtype", dtype) != dtype:
                raise ValueError("Datatypes do not match. Received val.dtype %s and dtype %s"
                                 % (value.dtype, dtype))
            value = convert_to_tensor(value, dtype=dtype, name="component_%d" % i)
            value.get_shape().assert_is_compatible_with(self._shapes[i])
            tensors.append(value)
        return tensors

    def put(self, values, name=None):
        scope_values = list(values.values()) if isinstance(values, dict) else values
        with name_scope(name, "%s_put" % self._name, scope_values) as scope:
            if not isinstance(values, (list, tuple, dict)):
                values = [values]
            tensors = self._checked_values(values)
            with colocate_with(self._coloc_op):
                return get_default_graph()._create_op("Stage", tensors, self._attrs(), scope)

    def _outputs(self, op):
        outputs = list(op.outputs)
        for output, shape in zip(outputs, self._shapes):
            output.set_shape(shape)
        if self._names:
            return {self._names[i]: t for i, t in enumerate(outputs)}
        return outputs

    def get(self, name=None):
        with colocate_with(self._coloc_op):
            op = get_default_graph()._create_op("Unstage", [], self._attrs(),
                                                name or "%s_get" % self._name)
        return self._outputs(op)

    def peek(self, index, name=None):
        with colocate_with(self._coloc_op):
            index = convert_to_tensor(index, dtype=dtypes_lib.int32)
            op = get_default_graph()._create_op("StagePeek", [index], self._attrs(),
                                                name or "%s_peek" % self._name)
        return self._outputs(op)

    def size(self, name=None):
        return get_default_graph()._create_op("StageSize", [], self._attrs(),
                                              name or "%s_size" % self._name).outputs[0]

    def clear(self, name=None):
        return get_default_graph()._create_op("StageClear", [], self._attrs(),
                                              name or "%s_clear" % self._name)
