"""Tensors kept in the session between runs (TF1 `tf.get_session_handle`,
`tf.get_session_tensor`, `tf.delete_session_tensor`; TF's python/ops/session_ops.py).

Fetching a `GetSessionHandle` output stores the tensor's value in the session and returns a
`TensorHandle`; feeding its handle string (or the handle itself) to the placeholder of
`get_session_tensor` reads the value back in a later run, until `delete_session_tensor` (or
`TensorHandle.delete`) drops it. Handles read `<op name>;<number>;<device>`, as TF's.
"""
from __future__ import annotations

import numpy as np

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.graph import colocate_with
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops.array_ops import placeholder

__all__ = ["TensorHandle", "get_session_handle", "get_session_tensor", "delete_session_tensor"]

_DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"


class TensorHandle:
    """TF's `TensorHandle`: a tensor kept in `session`, named by its handle string."""

    def __init__(self, handle, dtype, session):
        self._handle = handle.decode() if isinstance(handle, bytes) else str(handle)
        self._resource_handle = None
        self._dtype = dtype
        self._session = session
        self._auto_gc_enabled = True

    def __str__(self):
        return self._handle

    handle = property(lambda self: self._handle)

    def get_raw_handle(self):
        return self._handle

    def eval(self):
        """The value the handle names (one more run of the session)."""
        holder, reader = _handle_reader(self._session.graph, self._dtype)
        return self._session.run(reader, feed_dict={holder: self._handle})

    def delete(self):
        """Drops the value from the session."""
        holder, deleter = _handle_deleter(self._session.graph)
        self._session.run(deleter, feed_dict={holder: self._handle})


def _handle_reader(graph, dtype):
    readers = graph.__dict__.setdefault("_session_handle_readers", {})
    if dtype not in readers:
        with graph.as_default():
            readers[dtype] = get_session_tensor("", dtype)
    return readers[dtype]


def _handle_deleter(graph):
    cached = graph.__dict__.get("_session_handle_deleter")
    if cached is None:
        with graph.as_default():
            cached = graph._session_handle_deleter = delete_session_tensor("")
    return cached


# -- ops ------------------------------------------------------------------------------------

def _handle_text(value) -> str:
    item = np.asarray(value, dtype=object).reshape(-1)[0]
    if isinstance(item, TensorHandle):
        return item.handle
    return item.decode() if isinstance(item, bytes) else str(item)


def _store(ctx) -> dict:
    return ctx.state.resources.setdefault(("session_tensors",), {})


@register_op("GetSessionHandle", inputs=("value: T",),
             infer=lambda op, value: [(dtypes.string, TensorShape([]))], stateful=True,
             host_only=True, differentiable=False)
def _lower_get_session_handle(ctx, value):
    store = _store(ctx)
    with ctx.state.lock:
        number = ctx.state.resources.get("_session_handle_counter", 0)
        ctx.state.resources["_session_handle_counter"] = number + 1
    handle = "%s;%d;%s" % (ctx.op.name, number, _DEVICE)
    store[handle] = value
    return TensorHandle(handle, ctx.op.inputs[0].dtype.base_dtype, ctx.session)


@register_op("GetSessionTensor", inputs=("handle: string",),
             infer=lambda op, handle, dtype: [(dtypes.as_dtype(dtype), TensorShape(None))],
             attrs={"dtype": None}, stateful=True, host_only=True, differentiable=False)
def _lower_get_session_tensor(ctx, handle, *, dtype):
    key = _handle_text(handle)
    value = _store(ctx).get(key)
    if value is None:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "The tensor with handle '%s' is not in the session store." % key)
    return value


@register_op("DeleteSessionTensor", inputs=("handle: string",), infer=lambda op, handle: [],
             stateful=True, mutates=True, host_only=True, differentiable=False)
def _lower_delete_session_tensor(ctx, handle):
    _store(ctx).pop(_handle_text(handle), None)


def get_session_handle(data, name=None):
    """TF1 `tf.get_session_handle`: fetching the result keeps `data`'s value in the session
    and gives its `TensorHandle`."""
    if not isinstance(data, Tensor):
        raise TypeError("`data` must be of type Tensor.")
    with colocate_with(data):
        return get_default_graph()._create_op("GetSessionHandle", [data],
                                              {"T": data.dtype.base_dtype},
                                              name or "GetSessionHandle").outputs[0]


def get_session_tensor(handle, dtype, name=None):
    """TF1 `tf.get_session_tensor`: (placeholder, tensor): feed a handle to the placeholder
    to read the value it names."""
    holder = placeholder(dtypes.string)
    tensor = get_default_graph()._create_op(
        "GetSessionTensor", [holder], {"dtype": dtypes.as_dtype(dtype).base_dtype},
        name or "GetSessionTensor").outputs[0]
    return holder, tensor


def delete_session_tensor(handle, name=None):
    """TF1 `tf.delete_session_tensor`: (placeholder, op): running the op with a handle fed
    drops the value it names."""
    holder = placeholder(dtypes.string)
    deleter = get_default_graph()._create_op("DeleteSessionTensor", [holder], {},
                                             name or "DeleteSessionTensor")
    return holder, deleter
