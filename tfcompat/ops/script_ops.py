"""`tf.py_func` and `tf.numpy_function`: Python functions called from the graph (host-only
`PyFunc` / `PyFuncStateless` ops).

As in TF, the function is kept in a process-wide registry under a token (`pyfunc_0`, ...) that
the op carries as its `token` attr, so the graph itself holds only strings. The function gets
numpy values (numpy scalars for 0-d inputs, `bytes` for string scalars) and its results are
checked against `Tout` with TF's messages; an exception it raises surfaces as the TF error class
TF maps it to (ValueError/TypeError -> InvalidArgumentError, StopIteration -> OutOfRangeError,
...) naming the op, with the Python traceback in the message.
"""
from __future__ import annotations

import itertools
import threading
import traceback

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape

__all__ = ["py_func", "numpy_function"]

_FUNCS: dict = {}
_COUNTER = itertools.count()
_LOCK = threading.Lock()


def _register(func) -> str:
    with _LOCK:
        token = "pyfunc_%d" % next(_COUNTER)
        _FUNCS[token] = func
    return token


# -- run time ---------------------------------------------------------------------------------

def _to_numpy(value):
    if isinstance(value, torch.Tensor):
        array = value.detach().cpu().numpy().copy()
    else:
        array = np.asarray(value)
        if array.dtype != object:
            array = array.copy()
    if array.ndim == 0:
        return array.reshape(()).item() if array.dtype == object else array[()]
    return array


def _convert_result(value):
    """TF's FuncRegistry._convert: a numpy array (strings as object arrays of bytes)."""
    result = np.asarray(value, order="C")
    if result.dtype.char == "S" and result is not value:
        return np.asarray(value, order="C", dtype=object)
    if result.dtype.char == "U" and result is not value:
        flat = [v.encode("utf-8") for v in result.reshape(-1)]
        return np.array(flat, dtype=object).reshape(result.shape)
    if result.dtype == object:
        flat = [v.encode("utf-8") if isinstance(v, str) else v for v in result.reshape(-1)]
        return np.array(flat, dtype=object).reshape(result.shape)
    return result


def _result_dtype_name(array) -> str:
    if array.dtype == object or array.dtype.char in "SU":
        return "string"
    try:
        return shape_rules.cpp_type_name(dtypes.as_dtype(array.dtype))
    except TypeError:
        return str(array.dtype)


def _to_value(ctx, token, i, array, dtype):
    dtype = dtypes.as_dtype(dtype)
    got = _result_dtype_name(array)
    want = shape_rules.cpp_type_name(dtype)
    if got != want:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%d-th value returned by %s is %s, but expects %s"
                              % (i, token, got, want))
    if dtype == dtypes.string:
        return _string_array(array)
    return torch.from_numpy(np.array(array, copy=True))


def _string_array(array):
    """A tf.string value as TF holds it: an object array of bytes (a function's np.bytes_ or
    str array would otherwise be fetched with numpy's fixed-width dtype)."""
    if array.dtype.char == "U":
        array = np.char.encode(array, "utf-8")
    if array.dtype.char == "S":
        return array.astype(object)
    return array


_EXCEPTION_CLASSES = ((ValueError, errors.InvalidArgumentError),
                      (TypeError, errors.InvalidArgumentError),
                      (StopIteration, errors.OutOfRangeError),
                      (MemoryError, errors.ResourceExhaustedError),
                      (NotImplementedError, errors.UnimplementedError))


def _as_op_error(ctx, e):
    if isinstance(e, errors.OpError):
        return errors.op_error(type(e), ctx.op, e.message)
    cls = next((c for py, c in _EXCEPTION_CLASSES if isinstance(e, py)), errors.UnknownError)
    tb = e.__traceback__.tb_next if e.__traceback__ is not None else None  # skip our frame
    text = "\n".join(traceback.format_exception(type(e), e, tb))
    return errors.op_error(cls, ctx.op, "%s: %s\n%s\n" % (type(e).__name__, e, text))


def _lower_py_func(ctx, *inputs, token, Tout):
    func = _FUNCS.get(token)
    if func is None:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Function token %s is not registered" % token)
    try:
        ret = func(*[_to_numpy(v) for v in inputs])
    except Exception as e:  # noqa: BLE001 - any error surfaces as a TF error naming the op
        raise _as_op_error(ctx, e) from e
    if isinstance(ret, bytes):
        ret = [ret]
    if isinstance(ret, (tuple, list)):
        results = [_convert_result(x) for x in ret]
    elif ret is None and not Tout:
        results = []
    else:
        results = [_convert_result(ret)] if ret is not None else []
    if len(results) != len(Tout):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s returns %d values, but expects to see %d values."
                              % (token, len(results), len(Tout)))
    values = tuple(_to_value(ctx, token, i, r, t) for i, (r, t) in enumerate(zip(results, Tout)))
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def _py_func_infer(op, *inputs, token, Tout):
    return [(dtypes.as_dtype(t).base_dtype, TensorShape(None)) for t in Tout]


_ATTRS = {"token": "", "Tout": ()}
register_op("PyFunc", inputs=("input: Tin",), infer=_py_func_infer, attrs=_ATTRS, stateful=True,
            host_only=True, differentiable=False)(_lower_py_func)
register_op("PyFuncStateless", inputs=("input: Tin",), infer=_py_func_infer, attrs=_ATTRS,
            stateful=True, host_only=True, differentiable=False)(_lower_py_func)


# -- API --------------------------------------------------------------------------------------

def _py_func(func, inp, Tout, stateful, name):
    if not callable(func):
        raise TypeError("Expected func to be callable, got func of type %s" % type(func))
    is_list = isinstance(Tout, (list, tuple))
    tout = [dtypes.as_dtype(t).base_dtype for t in (Tout if is_list else [Tout])]
    graph = get_default_graph()
    with name_scope(name, "PyFunc" if stateful else "PyFuncStateless", list(inp or [])) as scope:
        inputs = [convert_to_tensor(x) for x in (inp or [])]
        token = _register(func)
        attrs = {"token": token, "Tout": tout, "Tin": [t.dtype.base_dtype for t in inputs]}
        op = graph._create_op("PyFunc" if stateful else "PyFuncStateless", inputs, attrs,
                              scope or "PyFunc")
    outputs = list(op._outputs)
    if not outputs:
        return op
    return outputs if is_list else outputs[0]


def py_func(func, inp, Tout, stateful=True, name=None):
    """TF1 `tf.py_func`: calls `func` on the numpy values of `inp` when the op runs.

    >>> y = tf.py_func(lambda a: a * 2, [x], tf.float32)
    """
    return _py_func(func, inp, Tout, stateful, name)


def numpy_function(func, inp, Tout, stateful=True, name=None):
    """TF `tf.numpy_function`: `py_func` (numpy values in, numpy values out)."""
    return _py_func(func, inp, Tout, stateful, name)
