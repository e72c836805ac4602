"""Gradient accumulators (TF1 `tf.ConditionalAccumulator`, `tf.SparseConditionalAccumulator`):
workers `apply_grad` gradients stamped with their `local_step`; gradients older than the
accumulator's global step are dropped; `take_grad(n)` waits until `n` gradients arrived, returns
their mean (or sum), clears the accumulator and advances its global step by one.

Ops as TF builds them: `ResourceConditionalAccumulator` (a resource handle) with
`ResourceAccumulator{ApplyGradient,TakeGradient,NumAccumulated,SetGlobalStep}` for dense
gradients, and `SparseConditionalAccumulator` (a string ref handle) with
`SparseAccumulator{ApplyGradient,TakeGradient}` and `Accumulator{NumAccumulated,SetGlobalStep}`.
The sparse mean divides each row by the number of gradients that had that row, as TF's does.
"""
from __future__ import annotations

import threading

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes as dtypes_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops._queue_state import resource_name
from tfcompat.ops.math_ops import cast

__all__ = ["ConditionalAccumulatorBase", "ConditionalAccumulator",
           "SparseConditionalAccumulator"]

_POLL_SECONDS = 0.05


# -- run-time state -------------------------------------------------------------------------

class AccumulatorHandle:
    """The value of an accumulator handle: the key of its state in the session."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


class _AccumulatorState:
    """One accumulator's running sum, its gradient count and its global step."""

    def __init__(self, name, shape, reduction_type, sparse):
        self.name, self.shape = name, shape
        self.mean = reduction_type == "MEAN"
        self.sparse = sparse
        self.global_step = 0
        self.last_shape = None     # sparse: the dense shape the last gradient gave
        self.cond = threading.Condition()
        self._clear()

    def _clear(self):
        self.count = 0
        self.total = None          # dense: the sum; sparse: {row: summed row}
        self.row_counts = {}

    def _check_shape(self, ctx, shape):
        if self.shape.ndims is not None and not self.shape.is_compatible_with(shape):
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "Shape mismatch: expected %s, got %s"
                                  % (self.shape, TensorShape(list(shape))))

    def apply_dense(self, ctx, local_step, grad):
        self._check_shape(ctx, tuple(grad.shape))
        with self.cond:
            if local_step < self.global_step:
                return  # a stale gradient, dropped as in TF
            self.total = grad.clone() if self.total is None else self.total + grad
            self.count += 1
            self.cond.notify_all()

    def apply_sparse(self, ctx, local_step, indices, values, shape):
        if shape is not None:
            self._check_shape(ctx, tuple(int(d) for d in shape))
            self.last_shape = [int(d) for d in shape]
        with self.cond:
            if local_step < self.global_step:
                return
            if self.total is None:
                self.total = {}
            for row, value in zip(indices.tolist(), values):
                self.total[row] = value.clone() if row not in self.total \
                    else self.total[row] + value
                self.row_counts[row] = self.row_counts.get(row, 0) + 1
            self.count += 1
            self.cond.notify_all()

    def take(self, ctx, num_required):
        if num_required < 1:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "Argument num_required must be positive, but was %d"
                                  % num_required)
        with self.cond:
            while self.count < num_required:
                session = ctx.session
                if session is not None and getattr(session, "_closed", False):
                    raise errors.op_error(errors.CancelledError, ctx.op,
                                          "TakeGrad operation was cancelled")
                self.cond.wait(_POLL_SECONDS)
            total, count, row_counts = self.total, self.count, self.row_counts
            self._clear()
            self.global_step += 1
        return total, count, row_counts

    def set_global_step(self, step):
        with self.cond:
            self.global_step = max(self.global_step, step)


def _state(ctx, handle) -> _AccumulatorState:
    state = ctx.state.resources.get(("accumulator", handle.key))
    if state is None:
        raise errors.op_error(errors.NotFoundError, ctx.op, "Resource %s does not exist."
                              % handle.key)
    return state


def _scalar(value) -> int:
    return int(value.reshape(-1)[0].item() if isinstance(value, torch.Tensor)
               else np.asarray(value).reshape(-1)[0])


# -- the accumulator ops ----------------------------------------------------------------------

_ACC_ATTRS = {"dtype": None, "shape": None, "container": "", "shared_name": "",
              "reduction_type": "MEAN"}


def _accumulator_lowering(sparse):
    def lower(ctx, *, dtype, shape, container, shared_name, reduction_type):
        key = shared_name or ctx.op.name
        resources = ctx.state.resources
        with ctx.state.lock:
            if ("accumulator", key) not in resources:
                resources[("accumulator", key)] = _AccumulatorState(
                    resource_name(ctx.state, ctx.op), tensor_shape.as_shape(shape),
                    reduction_type, sparse)
        return AccumulatorHandle(key)
    lower.__name__ = "_lower_%sconditional_accumulator" % ("sparse_" if sparse else "")
    return lower


def _resource_accumulator_infer(op, *, dtype, shape, **attrs):
    return [(dtypes_lib.resource, tensor_shape.as_shape(shape))]  # TF's own (odd) static shape


def _sparse_accumulator_infer(op, **attrs):
    return [(dtypes_lib.string._as_ref, TensorShape([2]))]


register_op("ResourceConditionalAccumulator", infer=_resource_accumulator_infer,
            attrs=_ACC_ATTRS, stateful=True, host_only=True, differentiable=False)(
    _accumulator_lowering(False))
register_op("SparseConditionalAccumulator", infer=_sparse_accumulator_infer, attrs=_ACC_ATTRS,
            stateful=True, host_only=True, differentiable=False)(_accumulator_lowering(True))


def _no_outputs(op, *inputs, **attrs):
    return []


def _num_accumulated_infer(op, handle):
    return [(dtypes_lib.int32, TensorShape([]))]


def _lower_num_accumulated(ctx, handle):
    state = _state(ctx, handle)
    with state.cond:
        return torch.tensor(state.count, dtype=torch.int32)


def _lower_set_global_step(ctx, handle, new_global_step):
    _state(ctx, handle).set_global_step(_scalar(new_global_step))


for _prefix, _handle in (("ResourceAccumulator", "handle: resource"),
                         ("Accumulator", "handle: Ref(string)")):
    register_op(_prefix + "NumAccumulated", inputs=(_handle,), infer=_num_accumulated_infer,
                stateful=True, host_only=True, differentiable=False)(_lower_num_accumulated)
    register_op(_prefix + "SetGlobalStep", inputs=(_handle, "new_global_step: int64"),
                infer=_no_outputs, stateful=True, mutates=True, host_only=True,
                differentiable=False)(_lower_set_global_step)


@register_op("ResourceAccumulatorApplyGradient",
             inputs=("handle: resource", "local_step: int64", "gradient: dtype"),
             infer=_no_outputs, attrs={"dtype": None}, stateful=True, mutates=True,
             host_only=True, differentiable=False)
def _lower_resource_accumulator_apply_gradient(ctx, handle, local_step, gradient, *, dtype):
    _state(ctx, handle).apply_dense(ctx, _scalar(local_step), gradient.detach().cpu())


def _take_infer(op, handle, num_required, *, dtype):
    shape = handle.shape if handle.dtype == dtypes_lib.resource else TensorShape(None)
    return [(dtypes_lib.as_dtype(dtype), shape)]


@register_op("ResourceAccumulatorTakeGradient", inputs=("handle: resource",
                                                        "num_required: int32"),
             infer=_take_infer, attrs={"dtype": None}, stateful=True, mutates=True,
             host_only=True, differentiable=False)
def _lower_resource_accumulator_take_gradient(ctx, handle, num_required, *, dtype):
    state = _state(ctx, handle)
    total, count, _ = state.take(ctx, _scalar(num_required))
    return total / count if state.mean else total  # dtype: half, float or double only


@register_op("SparseAccumulatorApplyGradient",
             inputs=("handle: Ref(string)", "local_step: int64", "gradient_indices: int64",
                     "gradient_values: dtype", "gradient_shape: int64"),
             infer=_no_outputs, attrs={"dtype": None, "has_known_shape": False},
             ref_inputs=(0,), stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_sparse_accumulator_apply_gradient(ctx, handle, local_step, indices, values, shape, *,
                                             dtype, has_known_shape):
    values = values.detach().cpu()
    if indices.numel() != values.shape[0]:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Shape mismatch: indices has %d entries, values has %d rows"
                              % (indices.numel(), values.shape[0]))
    known = shape.cpu().reshape(-1).tolist() if has_known_shape else None
    _state(ctx, handle).apply_sparse(ctx, _scalar(local_step), indices.cpu().reshape(-1),
                                     values, known)


def _sparse_take_infer(op, handle, num_required, *, dtype):
    return [(dtypes_lib.int64, TensorShape(None)), (dtypes_lib.as_dtype(dtype), TensorShape(None)),
            (dtypes_lib.int64, TensorShape(None))]


@register_op("SparseAccumulatorTakeGradient", inputs=("handle: Ref(string)",
                                                      "num_required: int32"),
             infer=_sparse_take_infer, attrs={"dtype": None}, ref_inputs=(0,), stateful=True,
             mutates=True, host_only=True, differentiable=False)
def _lower_sparse_accumulator_take_gradient(ctx, handle, num_required, *, dtype):
    state = _state(ctx, handle)
    total, _, row_counts = state.take(ctx, _scalar(num_required))
    rows = sorted(total or {})
    if rows:
        values = torch.stack([total[r] / row_counts[r] if state.mean else total[r]
                              for r in rows])
    else:
        row_shape = state.shape.as_list()[1:] if state.shape.is_fully_defined() else []
        values = torch.zeros([0] + row_shape, dtype=dtypes_lib.as_dtype(dtype).torch_dtype)
    shape = state.shape.as_list() if state.shape.is_fully_defined() else state.last_shape
    return (torch.tensor(rows, dtype=torch.int64), values,
            torch.tensor(shape or [], dtype=torch.int64))


# -- API --------------------------------------------------------------------------------------

def _op(op_type, inputs, attrs, name):
    return get_default_graph()._create_op(op_type, list(inputs), attrs, name)


class ConditionalAccumulatorBase:
    """TF1 `tf.ConditionalAccumulatorBase`: what dense and sparse accumulators share."""

    def __init__(self, dtype, shape, accumulator_ref):
        self._dtype = dtype
        self._shape = tensor_shape.as_shape(shape) if shape is not None else TensorShape(None)
        self._accumulator_ref = accumulator_ref
        self._name = accumulator_ref.op.name.split("/")[-1]

    accumulator_ref = property(lambda self: self._accumulator_ref)
    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)

    def _prefix(self):
        return ("ResourceAccumulator" if self._accumulator_ref.dtype == dtypes_lib.resource
                else "Accumulator")

    def num_accumulated(self, name=None):
        """The number of gradients accumulated since the last take_grad (int32 scalar)."""
        name = name or "%s_NumAccumulated" % self._name
        return _op(self._prefix() + "NumAccumulated", [self._accumulator_ref], {},
                   name).outputs[0]

    def set_global_step(self, new_global_step, name=None):
        """Raises the global step (gradients of older local steps are then dropped)."""
        step = convert_to_tensor(new_global_step)
        if step.dtype != dtypes_lib.int64:
            step = cast(step, dtypes_lib.int64)
        return _op(self._prefix() + "SetGlobalStep", [self._accumulator_ref, step], {},
                   name or self._prefix() + "SetGlobalStep")


def _int64(value):
    tensor = convert_to_tensor(value)
    if tensor.dtype != dtypes_lib.int64:
        tensor = cast(tensor, dtypes_lib.int64)
    return tensor


class ConditionalAccumulator(ConditionalAccumulatorBase):
    """TF1 `tf.ConditionalAccumulator(dtype, shape=None, shared_name=None,
    name="conditional_accumulator", reduction_type="MEAN")` for dense gradients."""

    def __init__(self, dtype, shape=None, shared_name=None, name="conditional_accumulator",
                 reduction_type="MEAN"):
        shape = tensor_shape.as_shape(shape) if shape is not None else TensorShape(None)
        dtype = dtypes_lib.as_dtype(dtype)
        ref = _op("ResourceConditionalAccumulator", [],
                  {"dtype": dtype, "shape": shape, "shared_name": shared_name or "",
                   "container": "", "reduction_type": reduction_type}, name).outputs[0]
        super().__init__(dtype, shape, ref)

    def apply_grad(self, grad, local_step=0, name=None):
        """Adds `grad` if `local_step` is not older than the global step."""
        grad = convert_to_tensor(grad, self._dtype)
        grad.get_shape().assert_is_compatible_with(self._shape)
        return _op("ResourceAccumulatorApplyGradient",
                   [self._accumulator_ref, _int64(local_step), grad], {"dtype": self._dtype},
                   name or "ResourceAccumulatorApplyGradient")

    def take_grad(self, num_required, name=None):
        """Waits for `num_required` gradients; their mean (or sum)."""
        required = convert_to_tensor(num_required, dtypes_lib.int32)
        out = _op("ResourceAccumulatorTakeGradient", [self._accumulator_ref, required],
                  {"dtype": self._dtype}, name or "ResourceAccumulatorTakeGradient").outputs[0]
        return out


class SparseConditionalAccumulator(ConditionalAccumulatorBase):
    """TF1 `tf.SparseConditionalAccumulator` for IndexedSlices gradients (rows of a
    tensor): `take_indexed_slices_grad` returns the rows seen, each averaged over the gradients
    that had it."""

    def __init__(self, dtype, shape=None, shared_name=None,
                 name="sparse_conditional_accumulator", reduction_type="MEAN"):
        shape = tensor_shape.as_shape(shape) if shape is not None else TensorShape(None)
        dtype = dtypes_lib.as_dtype(dtype)
        ref = _op("SparseConditionalAccumulator", [],
                  {"dtype": dtype, "shape": shape, "shared_name": shared_name or "",
                   "container": "", "reduction_type": reduction_type}, name).outputs[0]
        super().__init__(dtype, shape, ref)

    def apply_indexed_slices_grad(self, grad, local_step=0, name=None):
        """Adds an IndexedSlices gradient."""
        return self.apply_grad(grad.indices, grad.values, grad.dense_shape, local_step, name)

    def apply_grad(self, grad_indices, grad_values, grad_shape=None, local_step=0, name=None):
        """Adds the rows `grad_values` at `grad_indices` (of a tensor of `grad_shape`)."""
        values = convert_to_tensor(grad_values, self._dtype)
        known = grad_shape is not None
        shape = _int64(grad_shape if known else [])
        return _op("SparseAccumulatorApplyGradient",
                   [self._accumulator_ref, _int64(local_step), _int64(grad_indices), values,
                    shape], {"dtype": self._dtype, "has_known_shape": known},
                   name or "SparseAccumulatorApplyGradient")

    def take_grad(self, num_required, name=None):
        """(indices, values, dense_shape) of the averaged rows."""
        required = convert_to_tensor(num_required, dtypes_lib.int32)
        op = _op("SparseAccumulatorTakeGradient", [self._accumulator_ref, required],
                 {"dtype": self._dtype}, name or "SparseAccumulatorTakeGradient")
        return tuple(op.outputs)

    def take_indexed_slices_grad(self, num_required, name=None):
        """The averaged rows as an IndexedSlices."""
        indices, values, shape = self.take_grad(num_required, name)
        return IndexedSlices(values, indices, shape)

    def num_accumulated(self, name=None):
        name = name or "%s_NumAccumulated" % self._name
        return _op("AccumulatorNumAccumulated", [self._accumulator_ref], {}, name).outputs[0]
