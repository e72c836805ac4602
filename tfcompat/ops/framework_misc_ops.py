"""Small graph-level helpers of the top-level `tf` namespace: `Timestamp`, `GuaranteeConst`,
`EagerPyFunc` (`tf.py_function`), `tf.grad_pass_through`, `tf.is_tensor`, `tf.op_scope` and
`tf.container`.

`tf.py_function` runs without eager execution here: its function gets each input as an
`EagerValue` (a numpy array with TF's `EagerTensor.numpy()` method), which covers the usual
bodies (`x.numpy()`, numpy arithmetic, `bytes` of string scalars).
"""
from __future__ import annotations

import time

import numpy as np
import torch

from tfcompat import errors
from tfcompat import nest
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import script_ops
from tfcompat.ops.array_ops import identity_n
from tfcompat.ops.array_ops import stack
from tfcompat.ops.array_ops import stop_gradient
from tfcompat.ops.custom_gradient import custom_gradient
from tfcompat.ops.functional_ops import map_fn

__all__ = ["timestamp", "guarantee_const", "py_function", "grad_pass_through", "is_tensor",
           "is_symbolic_tensor", "op_scope", "container", "check_pinned", "recompute_grad",
           "vectorized_map", "nondifferentiable_batch_function"]


# -- Timestamp ------------------------------------------------------------------------------

def _timestamp_infer(op):
    return [(dtypes.float64, TensorShape([]))]


@register_op("Timestamp", infer=_timestamp_infer, stateful=True, host_only=True,
             differentiable=False)
def _lower_timestamp(ctx):
    return torch.tensor(time.time(), dtype=torch.float64)


def timestamp(name=None):
    """TF `tf.timestamp`: seconds since the Unix epoch (float64), read each time the op runs."""
    return apply_op("Timestamp", [], name=name or "Timestamp")


# -- GuaranteeConst -------------------------------------------------------------------------

def _guarantee_const_infer(op, x):
    return [(x.dtype.base_dtype, x.shape)]


# TF registers no gradient for it: tf.gradients through it raises LookupError (gradients_util)
@register_op("GuaranteeConst", inputs=("input: T",), infer=_guarantee_const_infer)
def _lower_guarantee_const(ctx, x):
    return x


def guarantee_const(input, name=None):  # noqa: A002 - TF's argument name
    """TF `tf.guarantee_const`: the input, promised constant for the life of the session."""
    return apply_op("GuaranteeConst", [convert_to_tensor(input)], name=name or "GuaranteeConst")


# -- CheckPinned ----------------------------------------------------------------------------

@register_op("CheckPinned", inputs=("tensor: T",), infer=_guarantee_const_infer)
def _lower_check_pinned(ctx, x):
    if not (isinstance(x, torch.Tensor) and x.device.type == "cpu" and x.is_pinned()):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "not pinned")
    return x


def check_pinned(tensor, name=None):
    """TF `tf.check_pinned`: the tensor, or InvalidArgumentError "not pinned" when it is not
    in page-locked host memory (tfcompat's CPU tensors are not)."""
    return apply_op("CheckPinned", [convert_to_tensor(tensor)], name=name or "CheckPinned")


# -- EagerPyFunc ----------------------------------------------------------------------------

class EagerValue(np.ndarray):
    """A py_function argument: a numpy array that also answers TF's `EagerTensor.numpy()`."""

    def numpy(self):
        array = np.asarray(self)
        return array[()] if array.ndim == 0 else array.copy()


def _eager_value(value):
    array = value.detach().cpu().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)
    return np.array(array, copy=True).view(EagerValue)


class _EagerCall:
    """Calls a py_function body with `EagerValue` arguments (py_func passes plain numpy)."""

    def __init__(self, func):
        self.func = func

    def __call__(self, *values):
        return self.func(*[_eager_value(v) for v in values])


def _lower_eager_py_func(ctx, *inputs, token, Tout, is_async=False):
    return script_ops._lower_py_func(ctx, *inputs, token=token, Tout=Tout)


def _eager_py_func_infer(op, *inputs, token, Tout, is_async=False):
    return script_ops._py_func_infer(op, *inputs, token=token, Tout=Tout)


register_op("EagerPyFunc", inputs=("input: Tin",), infer=_eager_py_func_infer,
            attrs={"token": "", "Tout": (), "is_async": False}, stateful=True, host_only=True,
            differentiable=False)(_lower_eager_py_func)


def py_function(func, inp, Tout, name=None):
    """TF `tf.py_function`: calls `func` on the values of `inp` when the op runs.

    Differences from TensorFlow: the arguments are numpy arrays with a `.numpy()` method (not
    eager tensors, so TF ops cannot run on them), and the op has no gradient."""
    if not callable(func):
        raise TypeError("Expected func to be callable, got func of type %s" % type(func))
    is_list = isinstance(Tout, (list, tuple))
    tout = [dtypes.as_dtype(t).base_dtype for t in (Tout if is_list else [Tout])]
    with name_scope(name, "EagerPyFunc", list(inp or [])) as scope:
        inputs = [convert_to_tensor(x) for x in (inp or [])]
        attrs = {"token": script_ops._register(_EagerCall(func)), "Tout": tout, "is_async": False,
                 "Tin": [t.dtype.base_dtype for t in inputs]}
        op = get_default_graph()._create_op("EagerPyFunc", inputs, attrs, scope or "EagerPyFunc")
    outputs = list(op._outputs)
    if not outputs:
        return op if is_list else None
    return outputs if is_list else outputs[0]


# -- pure-Python helpers --------------------------------------------------------------------

def grad_pass_through(f):
    """TF `tf.grad_pass_through`: `f`'s value, with the identity as its gradient."""

    @custom_gradient
    def _grad_pass_through_op(*args):
        def grad(*dys):
            return list(dys) if len(dys) > 1 else dys[0]
        return f(*args), grad

    _grad_pass_through_op.__name__ = getattr(f, "__name__", "grad_pass_through")
    _grad_pass_through_op.__doc__ = f.__doc__
    return _grad_pass_through_op


def is_tensor(x):
    """TF `tf.is_tensor`: whether `x` is a graph tensor, SparseTensor or IndexedSlices."""
    return isinstance(x, (Tensor, SparseTensor, IndexedSlices))


def is_symbolic_tensor(tensor):
    """TF `tf.is_symbolic_tensor`: graph tensors are symbolic (tfcompat has no eager ones)."""
    return isinstance(tensor, Tensor)


def op_scope(values, name, default_name=None):
    """TF1 `tf.op_scope` (deprecated): `tf.name_scope(name, default_name, values)`."""
    return name_scope(name, default_name, values)


def container(container_name):
    """TF `tf.container`: stateful ops made inside (variables, queues) get this container."""
    return get_default_graph().container(container_name)


def recompute_grad(f):
    """TF `tf.recompute_grad`: `f`, whose gradient TF recomputes from its inputs instead of
    keeping its intermediate values.

    Differences from TensorFlow: the gradient is computed as for `f` itself (the values are
    the same; tfcompat's autograd keeps the intermediates). The outputs pass through one
    IdentityN, as TF's do."""

    def inner(*args):
        args = [convert_to_tensor(a) for a in args]
        result = f(*args)
        flat = [convert_to_tensor(r) for r in nest.flatten(result)]
        outputs = identity_n(flat + args)
        return nest.pack_sequence_as(result, outputs[:len(flat)])

    inner.__name__ = getattr(f, "__name__", "recompute_grad")
    inner.__doc__ = f.__doc__
    return inner


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """TF `tf.vectorized_map`: `fn` over the rows of `elems`, stacked.

    Differences from TensorFlow: computed by `tf.map_fn` (TF rewrites `fn` into batched ops
    with pfor); the values are the same. `fn` is traced once more (under `loop_body/`) to learn
    its output dtypes. Where `fn` calls `tf.gradients` (per-example gradients, as
    tensorflow/privacy's vectorized DP optimizer does) and the row count is static, the rows are
    unrolled instead: pfor differentiates each row, which a while loop (map_fn) cannot do
    through its TensorArray reads."""
    elems = nest.map_structure(convert_to_tensor, elems)
    graph = get_default_graph()
    count = len(graph.get_operations())
    with name_scope("loop_body"):
        probe = fn(nest.map_structure(lambda e: e[0], elems))
    n = nest.flatten(elems)[0].shape[:1].as_list()[0] if nest.flatten(elems)[0].shape.ndims else None
    if n and any(op.type == "Gradients" for op in graph.get_operations()[count:]):
        rows = [probe]
        with name_scope("loop_body"):
            rows += [fn(nest.map_structure(lambda e, i=i: e[i], elems)) for i in range(1, n)]
        return nest.map_structure(lambda *r: stack(list(r)), *rows)
    dtype = nest.map_structure(lambda t: convert_to_tensor(t).dtype, probe)
    return map_fn(fn, elems, dtype=dtype)


def nondifferentiable_batch_function(num_batch_threads, max_batch_size, batch_timeout_micros,
                                     allowed_batch_sizes=None, max_enqueued_batches=10,
                                     autograph=True, enable_large_batch_splitting=True):
    """TF `tf.nondifferentiable_batch_function`: a decorator whose function's outputs carry no
    gradient.

    Differences from TensorFlow: each call computes its own inputs (TF's BatchFunction op
    merges concurrent session calls into one batch); the values are the same."""

    def decorator(fn):
        def decorated(*args):
            outputs = fn(*[convert_to_tensor(a) for a in args])
            return nest.map_structure(stop_gradient, outputs)
        decorated.__name__ = getattr(fn, "__name__", "batch_function")
        decorated.__doc__ = fn.__doc__
        return decorated
    return decorator
