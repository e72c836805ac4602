"""Queues (TF 1.0 input pipelines): `tf.FIFOQueue`, `tf.RandomShuffleQueue`,
`tf.PaddingFIFOQueue` and their ops (`FIFOQueueV2`, `QueueEnqueueV2`, `QueueDequeueManyV2`, ...).
A queue's contents live in the session (ops/_queue_state.py); a closed, drained queue raises
`OutOfRangeError`, an enqueue to a closed queue `CancelledError`.
"""
from __future__ import annotations

import collections.abc

import functools
import os

import threading

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes as dtypes_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.shape_rules import cpp_type_name
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops_join
from tfcompat.ops import gather_ops
from tfcompat.ops._queue_state import QueueState
from tfcompat.ops._queue_state import as_host
from tfcompat.ops._queue_state import resource_name
from tfcompat.ops._queue_state import split_many
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.ops.random_ops import get_seed


class QueueHandle:
    """The value of a queue resource tensor: the key of its state in the session."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


def queue_state(ctx, handle) -> QueueState:
    if isinstance(handle, np.ndarray):   # a handle picked from a stack (QueueBase.from_list)
        handle = handle.item()
    state = ctx.state.resources.get(("queue", handle.key))
    if state is None:
        raise errors.op_error(errors.NotFoundError, ctx.op, "Resource %s does not exist."
                              % handle.key)
    return state


def _handle_infer(op, *inputs, **attrs):
    return [(dtypes_lib.resource, TensorShape([]))]


_QUEUE_ATTRS = {"component_types": (), "shapes": (), "capacity": -1, "container": "",
                "shared_name": ""}


def _queue_lowering(label, padding=False):
    def lower(ctx, *, component_types, shapes, capacity, container, shared_name,
              min_after_dequeue=0, seed=0, seed2=0):
        key = shared_name or ctx.op.name
        res = ctx.state.resources
        if ("queue", key) not in res:
            with ctx.state.lock:
                if ("queue", key) not in res:
                    rng_seed = None
                    if label == "RandomShuffleQueue":   # (0, 0): fresh seeds, as TF
                        rng_seed = (seed, seed2) if seed or seed2 else tuple(
                            int.from_bytes(os.urandom(8), "little") for _ in range(2))
                    shape_list = list(shapes) or [None] * len(component_types)
                    res[("queue", key)] = QueueState(
                        resource_name(ctx.state, ctx.op), label, capacity, shape_list,
                        min_after_dequeue, rng_seed, padding)
        return QueueHandle(key)

    return lower


def _register_queue(op_type, label, extra=None, padding=False):
    lower = _queue_lowering(label, padding)
    lower.__name__ = "_lower_" + label.lower()
    register_op(op_type, infer=_handle_infer, attrs={**_QUEUE_ATTRS, **(extra or {})},
                stateful=True, host_only=True, differentiable=False)(lower)


_register_queue("FIFOQueueV2", "FIFOQueue")
_register_queue("PaddingFIFOQueueV2", "PaddingFIFOQueue", padding=True)
_register_queue("RandomShuffleQueueV2", "RandomShuffleQueue",
                {"min_after_dequeue": 0, "seed": 0, "seed2": 0})


@register_op("QueueEnqueueV2", inputs=("handle: resource", "components: Tcomponents"),
             infer=lambda op, *a, **k: [], attrs={"timeout_ms": -1}, stateful=True,
             mutates=True, host_only=True, differentiable=False)
def _lower_queue_enqueue(ctx, handle, *components, timeout_ms=-1):
    q = queue_state(ctx, handle)
    element = tuple(as_host(c) for c in components)
    q.check_shapes(ctx, element, False)
    q.enqueue(ctx, [element])


@register_op("QueueEnqueueManyV2", inputs=("handle: resource", "components: Tcomponents"),
             infer=lambda op, *a, **k: [], attrs={"timeout_ms": -1}, stateful=True,
             mutates=True, host_only=True, differentiable=False)
def _lower_queue_enqueue_many(ctx, handle, *components, timeout_ms=-1):
    q = queue_state(ctx, handle)
    components = [as_host(c) for c in components]
    q.check_shapes(ctx, components, True)
    try:
        elements = split_many(components)
    except ValueError as e:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, str(e)) from e
    q.enqueue(ctx, elements)


def _dequeue_infer(op, handle, *rest, component_types, timeout_ms=-1, shapes=(), batch=()):
    out = []
    for i, t in enumerate(component_types):
        shape = shapes[i] if i < len(shapes) else tensor_shape.unknown_shape()
        if batch:
            shape = TensorShape([batch[0]]).concatenate(shape)
        out.append((t, shape))
    return out


def _outputs(values):
    return values[0] if len(values) == 1 else tuple(values)


_DEQUEUE_ATTRS = {"component_types": (), "timeout_ms": -1, "shapes": (), "batch": ()}


@register_op("QueueDequeueV2", inputs=("handle: resource",), infer=_dequeue_infer,
             attrs=_DEQUEUE_ATTRS, stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_queue_dequeue(ctx, handle, **attrs):
    (element,) = queue_state(ctx, handle).dequeue(ctx, 1)
    return _outputs(list(element))


def _lower_dequeue_many(up_to):
    def lower(ctx, handle, n, **attrs):
        q = queue_state(ctx, handle)
        n = int(n)
        if n < 0:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "Dequeue requested a negative number of elements")
        if not q.padding and all(shape is None for shape in q.shapes):
            # TF's FIFOQueue / RandomShuffleQueue::TryDequeueMany, even for n == 0
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "%s's DequeueMany and DequeueUpTo require the components to "
                                  "have specified shapes." % q.label)
        elements = q.dequeue(ctx, n, up_to=up_to)
        if not elements:    # n == 0: empty batches of the component shapes
            return _outputs([_empty_batch(t, s) for t, s in zip(attrs["component_types"],
                                                                 q.shapes)])
        return _outputs(q.stack(ctx, elements))

    return lower


def _empty_batch(dtype, shape):
    dims = [0] + [d or 0 for d in (shape.as_list() if shape is not None else [])]
    dtype = dtypes_lib.as_dtype(dtype)
    if dtype == dtypes_lib.string:
        return np.empty(dims, dtype=object)
    return torch.zeros(dims, dtype=dtype.torch_dtype)


register_op("QueueDequeueManyV2", inputs=("handle: resource", "n: int32"), infer=_dequeue_infer,
            attrs=_DEQUEUE_ATTRS, stateful=True, mutates=True, host_only=True,
            differentiable=False)(_lower_dequeue_many(False))
register_op("QueueDequeueUpToV2", inputs=("handle: resource", "n: int32"), infer=_dequeue_infer,
            attrs=_DEQUEUE_ATTRS, stateful=True, mutates=True, host_only=True,
            differentiable=False)(_lower_dequeue_many(True))


@register_op("QueueCloseV2", inputs=("handle: resource",), infer=lambda op, h, **k: [],
             attrs={"cancel_pending_enqueues": False}, stateful=True, mutates=True,
             host_only=True, differentiable=False)
def _lower_queue_close(ctx, handle, *, cancel_pending_enqueues=False):
    queue_state(ctx, handle).close(cancel_pending_enqueues)


@register_op("QueueSizeV2", inputs=("handle: resource",),
             infer=lambda op, h: [(dtypes_lib.int32, TensorShape([]))], stateful=True,
             host_only=True, differentiable=False)
def _lower_queue_size(ctx, handle):
    return torch.tensor(queue_state(ctx, handle).size(), dtype=torch.int32)


@register_op("QueueIsClosedV2", inputs=("handle: resource",),
             infer=lambda op, h: [(dtypes_lib.bool, TensorShape([]))], stateful=True,
             host_only=True, differentiable=False)
def _lower_queue_is_closed(ctx, handle):
    return torch.tensor(queue_state(ctx, handle).closed)


# -- SparseTensorsMap: how tf.train.batch & co. pass SparseTensors through a queue --------------
# The enqueue side stores each SparseTensor in a session-held map and queues its int64 handle; the
# dequeue side takes the batch of handles back out as one SparseTensor with a leading batch dim.

class SparseTensorsMap:
    """One map's stored (indices, values, dense_shape) by handle, in one session."""

    def __init__(self, name):
        self.name = name
        self.items: dict = {}
        self.counter = 0
        self.lock = threading.Lock()

    def add(self, parts):
        with self.lock:
            handle = self.counter
            self.counter += 1
            self.items[handle] = parts
            return handle

    def take(self, ctx, handles):
        with self.lock:
            missing = [h for h in handles if h not in self.items]
            if missing:
                raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                      "Unable to find SparseTensor: %d in map: %s"
                                      % (missing[0], self.name))
            return [self.items.pop(h) for h in handles]


def _sparse_map(ctx, shared_name) -> SparseTensorsMap:
    name = shared_name or ctx.op.name
    res = ctx.state.resources
    with ctx.state.lock:
        if ("sparse_tensors_map", name) not in res:
            res[("sparse_tensors_map", name)] = SparseTensorsMap(name)
        return res[("sparse_tensors_map", name)]


def _host_numpy(value):
    return value if isinstance(value, np.ndarray) else as_host(value).numpy()


_MAP_ATTRS = {"container": "", "shared_name": ""}
_ADD_INPUTS = ("sparse_indices: int64", "sparse_values: T", "sparse_shape: int64")


@register_op("AddSparseToTensorsMap", inputs=_ADD_INPUTS,
             infer=lambda op, i, v, s, **k: [(dtypes_lib.int64, TensorShape([]))],
             attrs=_MAP_ATTRS, stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_add_sparse(ctx, indices, values, shape, *, container="", shared_name=""):
    parts = (_host_numpy(indices), as_host(values), _host_numpy(shape))
    return torch.tensor(_sparse_map(ctx, shared_name).add(parts), dtype=torch.int64)


@register_op("AddManySparseToTensorsMap", inputs=_ADD_INPUTS,
             infer=lambda op, i, v, s, **k: [(dtypes_lib.int64, TensorShape([None]))],
             attrs=_MAP_ATTRS, stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_add_many_sparse(ctx, indices, values, shape, *, container="", shared_name=""):
    indices, shape, values = _host_numpy(indices), _host_numpy(shape), as_host(values)
    if shape.size < 2:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Rank of input SparseTensor should be > 1, but saw rank: %d"
                              % shape.size)
    store = _sparse_map(ctx, shared_name)
    rows = indices[:, 0] if len(indices) else np.zeros(0, np.int64)
    handles = []
    for row in range(int(shape[0])):
        pick = np.nonzero(rows == row)[0]
        row_values = values[pick] if isinstance(values, np.ndarray) else \
            values[torch.from_numpy(pick)]
        handles.append(store.add((indices[pick, 1:], row_values, shape[1:])))
    return torch.tensor(handles, dtype=torch.int64)


@register_op("TakeManySparseFromTensorsMap", inputs=("sparse_handles: int64",),
             infer=lambda op, h, *, dtype, **k: [
                 (dtypes_lib.int64, TensorShape([None, None])), (dtype, TensorShape([None])),
                 (dtypes_lib.int64, TensorShape([None]))],
             attrs={"dtype": None, **_MAP_ATTRS}, stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_take_many_sparse(ctx, handles, *, dtype, container="", shared_name=""):
    stored = _sparse_map(ctx, shared_name).take(ctx, _host_numpy(handles).reshape(-1).tolist())
    if not stored:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Must have at least 1 serialized SparseTensor, but has 0")
    rank = stored[0][2].size
    for b, (_, _, shape) in enumerate(stored):
        if shape.size != rank:
            raise errors.op_error(
                errors.InvalidArgumentError, ctx.op, "Inconsistent rank across SparseTensors: "
                "rank prior to SparseTensor[%d] was: %d but rank of SparseTensor[%d] is: %d"
                % (b, rank, b, shape.size))
    indices = np.concatenate([np.concatenate([np.full((len(i), 1), b, np.int64),
                                              i.reshape(len(i), rank)], axis=1)
                              for b, (i, _, _) in enumerate(stored)])
    shape = np.concatenate([[len(stored)], np.max([s for _, _, s in stored], axis=0)])
    values = [v for _, v, _ in stored]
    values = np.concatenate(values) if isinstance(values[0], np.ndarray) else torch.cat(values)
    return (torch.from_numpy(indices.astype(np.int64)), values,
            torch.from_numpy(shape.astype(np.int64)))


def add_sparse_to_tensors_map(sp_input, many=False, shared_name=None, name=None):
    """Stores `sp_input` (each of its rows with `many`) in a SparseTensorsMap; returns the int64
    handle(s) (TF's `sparse_ops._add_sparse_to_tensors_map` / `_add_many_...`)."""
    op_type = "AddManySparseToTensorsMap" if many else "AddSparseToTensorsMap"
    return apply_op(op_type, [sp_input.indices, sp_input.values, sp_input.dense_shape],
                    name=name or op_type, container="", shared_name=shared_name or "")


def take_many_sparse_from_tensors_map(sparse_map_op, sparse_handles, rank=None, name=None):
    """The SparseTensors behind `sparse_handles`, batched along a new first dimension, from the
    map that `sparse_map_op` (an Add*SparseToTensorsMap op) stored them in."""
    if sparse_map_op.type not in ("AddSparseToTensorsMap", "AddManySparseToTensorsMap"):
        raise TypeError("sparse_map_op must be an AddSparseToTensorsMap or "
                        "AddManySparseToTensorsMap op, got %s" % sparse_map_op.type)
    with get_default_graph().colocate_with(sparse_map_op):
        indices, values, shape = apply_op(
            "TakeManySparseFromTensorsMap", [sparse_handles],
            name=name or "TakeManySparseFromTensorsMap",
            dtype=sparse_map_op.get_attr("T"), container=sparse_map_op._attrs.get("container"),
            shared_name=sparse_map_op._attrs.get("shared_name") or sparse_map_op.name)
    indices.set_shape([None, rank])
    shape.set_shape([rank])
    return SparseTensor(indices, values, shape)


# -- Python API --------------------------------------------------------------------------------

def _create(op_type, inputs, attrs, name):
    graph = get_default_graph()
    return graph._create_op(op_type, list(inputs), attrs, name)


def _shape_common(s1, s2):
    """TF's: the most specific shape both queues' component shapes are compatible with."""
    s1, s2 = TensorShape(s1), TensorShape(s2)
    if s1.ndims is None or s2.ndims is None or s1.ndims != s2.ndims:
        return tensor_shape.unknown_shape()
    return TensorShape([d1 if d1 is not None and d1 == d2 else None
                        for d1, d2 in zip(s1.as_list(), s2.as_list())])


def _as_shape_list(shapes, partial):
    """TF's data_flow_ops._as_shape_list: None, one shape (a list of ints / None) or a list of
    shapes; fully defined ones unless `partial`, each of a known rank."""
    if partial and (not isinstance(shapes, collections.abc.Sequence) or not shapes or any(
            shape is None or isinstance(shape, int) for shape in shapes)):
        raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (tuple, list)):
        raise TypeError("shapes must be a TensorShape or a list or tuple of TensorShapes.")
    if all(shape is None or isinstance(shape, int) for shape in shapes):
        shapes = [shapes]   # a single shape
    shapes = [tensor_shape.as_shape(shape) for shape in shapes]
    if not partial and any(not shape.is_fully_defined() for shape in shapes):
        raise ValueError("All shapes must be fully defined: %s" % shapes)
    if any(shape.ndims is None for shape in shapes):
        raise ValueError("All shapes must have a defined rank: %s" % shapes)
    return shapes


class QueueBase:
    """Base class of the queue classes (TF1 `tf.QueueBase`)."""

    def __init__(self, dtypes, shapes, names, queue_ref):
        # checked here, after the queue op exists, as TF's QueueBase does (the failed queue
        # still takes its name)
        if len(shapes) != len(dtypes):
            raise ValueError("Queue shapes must have the same length as dtypes")
        self._dtypes = dtypes
        self._shapes = shapes
        self._names = names
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    @staticmethod
    def _setup(dtypes, shapes, names, partial=False):
        """TF's _as_type_list, _as_shape_list (`partial`: unknown dimensions allowed, as
        PaddingFIFOQueue's) and _as_name_list, with their messages."""
        if not isinstance(dtypes, (list, tuple)):
            dtypes = [dtypes]
        dtypes = [dtypes_lib.as_dtype(d).base_dtype for d in dtypes]
        shapes = _as_shape_list(shapes, partial)
        if names is not None:
            names = list(names) if isinstance(names, (list, tuple)) else [names]
            if len(names) != len(dtypes):
                raise ValueError("List of names must have the same length as the list of "
                                 "dtypes")
        if shapes is None:
            shapes = [tensor_shape.unknown_shape() for _ in dtypes]
        elif partial and len(shapes) != len(dtypes):
            raise ValueError("Shapes must be provided for all components, but received "
                             "%d dtypes and %d shapes." % (len(dtypes), len(shapes)))
        return dtypes, shapes, names

    queue_ref = property(lambda self: self._queue_ref)
    dtypes = property(lambda self: self._dtypes)
    shapes = property(lambda self: self._shapes)
    names = property(lambda self: self._names)

    @property
    def name(self):
        return self._queue_ref.op.name

    @staticmethod
    def from_list(index, queues):
        """TF's `QueueBase.from_list`: a queue whose reference is `queues[index]`, picked at
        run time (a `stack` of the queue references, then a `GatherV2`, as TF builds it)."""
        if not queues or not isinstance(queues, list) or \
                not all(isinstance(q, QueueBase) for q in queues):
            raise TypeError("A list of queues expected")
        dtypes = queues[0].dtypes
        if not all(dtypes == q.dtypes for q in queues[1:]):
            raise TypeError("Queues do not have matching component dtypes.")
        names = queues[0].names
        if not all(names == q.names for q in queues[1:]):
            raise TypeError("Queues do not have matching component names.")
        shapes = [functools.reduce(_shape_common, s) for s in zip(*[q.shapes for q in queues])]
        refs = array_ops_join.stack([q.queue_ref for q in queues])
        return QueueBase(dtypes=dtypes, shapes=shapes, names=names,
                         queue_ref=gather_ops.gather(refs, index))

    def _components(self, vals, many):
        if isinstance(vals, dict):
            if self._names is None:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names) != sorted(vals.keys()):
                raise ValueError("Keys in dictionary to enqueue do not match names of Queue.  "
                                 "Dictionary: (%s), Queue: (%s)"
                                 % (sorted(vals.keys()), sorted(self._names)))
            vals = [vals[k] for k in self._names]
        elif self._names:
            raise ValueError("You must enqueue a dictionary in a Queue with names")
        elif not isinstance(vals, (list, tuple)):
            vals = [vals]
        if len(vals) != len(self._dtypes):
            raise ValueError("Expected %d components, got %d" % (len(self._dtypes), len(vals)))
        tensors = [convert_to_tensor(v, dtype=dtype, name="component_%d" % i)
                   for i, (v, dtype) in enumerate(zip(vals, self._dtypes))]
        # TF's checks (enqueue / enqueue_many), after converting every component
        if many:
            batch_dim = tensors[0].shape.with_rank_at_least(1)[0]
        for t, shape in zip(tensors, self._shapes):
            if many:
                batch_dim = batch_dim.merge_with(t.shape.with_rank_at_least(1)[0])
                t.shape[1:].assert_is_compatible_with(shape)
            else:
                t.shape.assert_is_compatible_with(shape)
        return tensors

    def enqueue(self, vals, name=None):
        """Enqueues one element (blocks while the queue is full)."""
        with name_scope(name, "%s_enqueue" % self._name, [self._queue_ref]) as scope:
            tensors = self._components(vals, False)
            return _create("QueueEnqueueV2", [self._queue_ref] + tensors,
                           {"Tcomponents": [t.dtype.base_dtype for t in tensors],
                            "timeout_ms": -1}, scope)

    def enqueue_many(self, vals, name=None):
        """Enqueues the rows (first dimension) of `vals` as separate elements."""
        with name_scope(name, "%s_EnqueueMany" % self._name, [self._queue_ref]) as scope:
            tensors = self._components(vals, True)
            return _create("QueueEnqueueManyV2", [self._queue_ref] + tensors,
                           {"Tcomponents": [t.dtype.base_dtype for t in tensors],
                            "timeout_ms": -1}, scope)

    def _result(self, op):
        outs = list(op.outputs)
        if self._names:
            return dict(zip(self._names, outs))
        return outs[0] if len(outs) == 1 else outs

    def _attrs(self, batch=()):
        return {"component_types": list(self._dtypes), "timeout_ms": -1,
                "shapes": list(self._shapes), "batch": batch}

    def dequeue(self, name=None):
        """Dequeues one element (blocks while empty; OutOfRangeError once closed and empty)."""
        name = name or "%s_Dequeue" % self._name
        return self._result(_create("QueueDequeueV2", [self._queue_ref], self._attrs(), name))

    def dequeue_many(self, n, name=None):
        """Dequeues and stacks `n` elements."""
        name = name or "%s_DequeueMany" % self._name
        return self._dequeue_n("QueueDequeueManyV2", n, name, True)

    def dequeue_up_to(self, n, name=None):
        """Dequeues up to `n` elements (fewer when the queue is closed)."""
        name = name or "%s_DequeueUpTo" % self._name
        return self._dequeue_n("QueueDequeueUpToV2", n, name, False)

    def _dequeue_n(self, op_type, n, name, static):
        # TF converts `n` inside the op's own scope (`fq_DequeueMany/n`)
        with name_scope(name) as scope:
            n_t = convert_to_tensor(n, dtype=dtypes_lib.int32, name="n")
            value = constant_value(n_t) if static else None
            if value is not None and int(value) < 0:
                raise self._negative_n(op_type, scope[:-1], n_t, int(value))
            batch = (None if value is None else int(value),)
            return self._result(_create(op_type, [self._queue_ref, n_t], self._attrs(batch),
                                        scope))

    def _negative_n(self, op_type, op_name, n_t, value):
        """TF's DequeueManyV2Shape error for a constant negative `n`."""
        types = ", ".join("DT_" + cpp_type_name(d).upper() for d in self._dtypes)
        return ValueError(
            "Input 'n' must be >= 0, but is %d for '{{node %s}} = %s[component_types=[%s], "
            "timeout_ms=-1](%s, %s)' with input shapes: [], [] and with computed input "
            "tensors: input[1] = <%d>." % (value, op_name, op_type, types,
                                          self._queue_ref.op.name, n_t.op.name, value))

    def close(self, cancel_pending_enqueues=False, name=None):
        """Closes the queue: dequeues drain it, enqueues fail."""
        name = name or "%s_Close" % self._name
        return _create("QueueCloseV2", [self._queue_ref],
                       {"cancel_pending_enqueues": bool(cancel_pending_enqueues)}, name)

    def size(self, name=None):
        name = name or "%s_Size" % self._name
        return _create("QueueSizeV2", [self._queue_ref], {}, name).outputs[0]

    def is_closed(self, name=None):
        name = name or "%s_IsClosed" % self._name
        return _create("QueueIsClosedV2", [self._queue_ref], {}, name).outputs[0]


def _queue_op(op_type, default_name, name, dtypes, shapes, capacity, shared_name, **extra):
    attrs = {"component_types": dtypes, "shapes": shapes if any(
        s.ndims is not None for s in shapes) else [], "capacity": int(capacity),
        "container": "", "shared_name": shared_name or "", **extra}
    op = _create(op_type, [], attrs, name or default_name)
    return op.outputs[0]


class FIFOQueue(QueueBase):
    """A first-in first-out queue (TF1 `tf.FIFOQueue`)."""

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None,
                 name="fifo_queue"):
        dtypes, shapes, names = self._setup(dtypes, shapes, names)
        ref = _queue_op("FIFOQueueV2", "fifo_queue", name, dtypes, shapes, capacity,
                        shared_name)
        super().__init__(dtypes, shapes, names, ref)


class PaddingFIFOQueue(QueueBase):
    """A FIFO queue whose `dequeue_many` pads elements to a common shape."""

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None,
                 name="padding_fifo_queue"):
        dtypes, shapes, names = self._setup(dtypes, shapes, names, partial=True)
        ref = _queue_op("PaddingFIFOQueueV2", "padding_fifo_queue", name, dtypes, shapes,
                        capacity, shared_name)
        super().__init__(dtypes, shapes, names, ref)


class RandomShuffleQueue(QueueBase):
    """A queue that dequeues elements in random order, keeping `min_after_dequeue`."""

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None,
                 shared_name=None, name="random_shuffle_queue"):
        dtypes, shapes, names = self._setup(dtypes, shapes, names)
        seed1, seed2 = get_seed(seed)
        ref = _queue_op("RandomShuffleQueueV2", "random_shuffle_queue", name, dtypes, shapes,
                        capacity, shared_name, min_after_dequeue=int(min_after_dequeue),
                        seed=seed1 or 0, seed2=seed2 or 0)
        super().__init__(dtypes, shapes, names, ref)


__all__ = ["QueueBase", "FIFOQueue", "PaddingFIFOQueue", "RandomShuffleQueue"]
