"""Indexing ops, part 2: OneHot, ReverseV2, Unique and TopKV2 (their shape functions, TF's
kernel checks and values). Re-exported by indexing_ops."""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.shape_rules import base_dtype_of as _dtype
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns as fns

unknown = tensor_shape.unknown_shape


def _scalar_dim(op, inputs, index, value):
    """TF's MakeDimForScalarInput: a constant scalar input used as a dimension size."""
    if value is not None and int(value) < 0:
        raise shape_rules.shape_error(
            "Dimension size, given by scalar input %d, must be non-negative but is %d"
            % (index, int(value)), op, inputs, {index: int(value)})
    return None if value is None else int(value)


def _one_hot_infer(op, indices, depth, on_value, off_value, *, axis=-1):
    inputs = [indices, depth, on_value, off_value]
    if axis < -1:
        raise shape_rules.shape_error("axis must be >= -1", op, inputs)
    d = _scalar_dim(op, inputs, 1, constant_value(depth))
    if indices.shape.ndims is None:
        return [(_dtype(on_value), unknown())]
    dims = indices.shape.as_list()
    axis = len(dims) if axis == -1 else axis
    return [(_dtype(on_value), TensorShape(dims[:axis] + [d] + dims[axis:]))]


@register_op("OneHot", inputs=("indices: TI", "depth: int32", "on_value: T", "off_value: T"),
             infer=_one_hot_infer, attrs={"axis": -1}, differentiable=False)
def _lower_one_hot(ctx, indices, depth, on_value, off_value, *, axis=-1):
    rank, depth = indices.dim(), int(depth)
    if not (axis == -1 or 0 <= axis < rank + 1):
        raise errors.InvalidArgumentError(
            None, ctx.op, "Expected axis to be -1 or between [0, %d).  But received: %d"
            % (rank + 1, axis))
    if depth < 0:
        raise errors.InvalidArgumentError(
            None, ctx.op, "depth must be non-negative, got: %d" % depth)
    axis = rank if axis == -1 else axis
    classes = torch.arange(depth, device=indices.device).reshape([-1] + [1] * (rank - axis))
    hot = indices.unsqueeze(axis).long() == classes
    if isinstance(on_value, np.ndarray):  # tf.string on/off values
        return np.where(hot.cpu().numpy(), on_value, off_value)
    # TF: NotDifferentiable (no gradient reaches on_value / off_value)
    return torch.where(hot, on_value.detach(), off_value.detach())


def _one_hot_values(on_value, off_value, dtype):
    """TF's one_hot dtype rules: on/off values convert with `dtype` as a hint, must agree with
    it and with each other; float32 when nothing says otherwise."""
    given = {}
    for key, value in (("on_value", on_value), ("off_value", off_value)):
        if value is not None:
            given[key] = convert_to_tensor(value, dtype_hint=dtype)   # unnamed, as TF
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
        for key, t in given.items():
            if _dtype(t) != dtype:
                raise TypeError("dtype %s of %s does not match dtype parameter %s"
                                % (_dtype(t), key, dtype))
    else:
        dtype = _dtype(next(iter(given.values()))) if given else dtypes.float32
    on = given.get("on_value")
    off = given.get("off_value")
    on = convert_to_tensor(1, dtype, name="on_value") if on is None else on
    off = convert_to_tensor(0, dtype, name="off_value") if off is None else off
    if _dtype(on) != _dtype(off):
        raise TypeError("dtype %s of on_value does not match dtype %s of off_value"
                        % (_dtype(on), _dtype(off)))
    return on, off


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """TF1 `tf.one_hot` (float32 unless on/off values or `dtype` say otherwise)."""
    with name_scope(name, "one_hot", [indices, depth, on_value, off_value]) as scope:
        on, off = _one_hot_values(on_value, off_value, dtype)
        indices = convert_to_tensor(indices, name="indices")  # int32 for Python ints, as TF
        return apply_op("OneHot", [indices, depth, on, off], name=scope,
                        axis=-1 if axis is None else axis)


def _reverse_axes(rank, axes, fail):
    """ReverseV2's checks of its axes (TF's words, and its missing bracket)."""
    seen = []
    for i, a in enumerate(axes):
        if not -rank <= a < rank:
            fail("'axis'[%d] = %d is out of valid range [0, %d" % (i, a, rank - 1))
        if a % rank in seen:
            fail("axis %d specified more than once." % (a % rank))
        seen.append(a % rank)
    return seen


def _reverse_infer(op, x, axis):
    value = constant_value(axis)
    if value is not None and x.shape.ndims is not None:
        def fail(message):
            raise shape_rules.shape_error(message, op, [x, axis], {1: value})
        _reverse_axes(x.shape.ndims, [int(a) for a in np.asarray(value).reshape(-1)], fail)
    return [(_dtype(x), x.shape)]


@register_op("ReverseV2", inputs=("tensor: T", "axis: Tidx"), infer=_reverse_infer)
def _lower_reverse_v2(ctx, x, axis):
    def fail(message):
        raise errors.InvalidArgumentError(None, ctx.op, message)
    dims = _reverse_axes(x.ndim, [int(a) for a in axis.reshape(-1).tolist()], fail)
    if isinstance(x, np.ndarray):
        return np.flip(x, dims).copy() if dims else x
    return torch.flip(x, dims)


def reverse(tensor, axis, name=None):
    return apply_op("ReverseV2", [tensor, axis], name=name or "ReverseV2")


def _unique_infer(op, x, *, out_idx=dtypes.int32):
    shape = fns.with_rank(op, op.inputs, x.shape, 1)
    return [(_dtype(x), TensorShape([None])), (out_idx, shape)]


def unique_strings(ctx, x, out_idx):
    """(values, idx, counts) of a 1-D string array in order of first occurrence (TF's order);
    torch has no strings, so a dict numbers them."""
    first = {}
    idx = [first.setdefault(v, len(first)) for v in x.tolist()]
    values = np.empty(len(first), dtype=object)
    values[:] = list(first)
    idx = torch.as_tensor(np.asarray(idx, np.int64).reshape(-1), device=ctx.device)
    counts = torch.bincount(idx, minlength=len(first))
    return values, idx.to(out_idx.torch_dtype), counts.to(out_idx.torch_dtype)


@register_op("Unique", inputs=("x: T",), infer=_unique_infer, attrs={"out_idx": dtypes.int32},
             differentiable=False)
def _lower_unique(ctx, x, *, out_idx=dtypes.int32):
    if isinstance(x, np.ndarray):
        return unique_strings(ctx, x, out_idx)[:2]
    values, inverse = torch.unique(x, sorted=True, return_inverse=True)
    positions = torch.arange(x.numel(), device=x.device)
    first = torch.full((values.numel(),), x.numel(), device=x.device, dtype=torch.long)
    first = first.scatter_reduce(0, inverse, positions, reduce="amin")
    order = torch.argsort(first)
    remap = torch.empty_like(order)
    remap[order] = torch.arange(order.numel(), device=x.device)
    return values[order], remap[inverse].to(out_idx.torch_dtype)


def unique(x, out_idx=dtypes.int32, name=None):
    """TF1 `tf.unique`: values in order of first occurrence, and each element's index."""
    return apply_op("Unique", [x], name=name or "Unique", out_idx=dtypes.as_dtype(out_idx))


def _top_k_infer(op, x, k, *, sorted=True):
    inputs = [x, k]
    kv = _scalar_dim(op, inputs, 1, constant_value(k))
    if x.shape.ndims is None:
        return [(_dtype(x), unknown()), (dtypes.int32, unknown())]
    if x.shape.ndims < 1:
        raise shape_rules.shape_error("Shape must be at least rank 1 but is rank 0", op, inputs)
    last = x.shape.as_list()[-1]
    if kv is not None and last is not None and last < kv:
        raise shape_rules.shape_error("input must have last dimension >= k = %d but is %d"
                                      % (kv, last), op, inputs, {1: kv})
    dims = x.shape.as_list()[:-1] + [kv]
    return [(_dtype(x), TensorShape(dims)), (dtypes.int32, TensorShape(dims))]


@register_op("TopKV2", inputs=("input: T", "k: int32"), infer=_top_k_infer, attrs={"sorted": True})
def _lower_top_k_v2(ctx, x, k, *, sorted=True):
    k = int(k)
    if k < 0:
        raise errors.InvalidArgumentError(None, ctx.op, "Need k >= 0, got %d" % k)
    if x.dim() < 1:
        raise errors.InvalidArgumentError(None, ctx.op, "input must be >= 1-D, got shape []")
    if x.shape[-1] < k:
        raise errors.InvalidArgumentError(
            None, ctx.op, "input must have at least k columns. Had %d, needed %d"
            % (x.shape[-1], k))
    # NOTE: a stable descending sort gives TF's tie order (lower index first).
    values, indices = torch.sort(x, dim=-1, descending=True, stable=True)
    return values[..., :k], indices[..., :k].to(torch.int32)


def top_k(input, k=1, sorted=True, name=None):
    """TF1 `tf.nn.top_k`: the namedtuple `TopKV2(values, indices)`."""
    return apply_op("TopKV2", [input, k], name=name or "TopKV2", sorted=sorted)
