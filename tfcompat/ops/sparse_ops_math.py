"""Sparse arithmetic kernels: `SparseTensorDenseMatMul`, `SparseTensorDenseAdd`,
`SparseReduceSum`/`SparseReduceMax` (and their `...Sparse` forms), `SparseSoftmax`,
`SparseSparseMaximum`/`Minimum`, `SparseAdd` and its gradient op `SparseAddGrad`.

Each follows TF's CPU kernel: its checks and texts, its output order (the merge of two
row-major index lists, groups in row-major order), and its quirks (SparseSoftmax writes its
output in row-major order even for unsorted input). Gradients come from autograd over the
value gathers, which is what TF's registered gradient functions compute.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import _shape_fns
from tfcompat.ops import _sparse_index as sx
from tfcompat.ops.custom_gradient import register_builtin_gradient
from tfcompat.ops.segment_ops import _reduce_in_type
from tfcompat.ops import _tf_arith

_SP = ("indices: int64", "values: T", "shape: int64")


def _args(prefix, *extra):
    return tuple("%s%s" % (prefix, a) for a in _SP) + extra


# -- SparseTensorDenseMatMul -------------------------------------------------------------------

def _matmul_infer(op, a_indices, a_values, a_shape, b, *, adjoint_a=False, adjoint_b=False):
    inputs = [a_indices, a_values, a_shape, b]
    sx.with_ranks(op, inputs, (a_indices, 2), (a_values, 1), (a_shape, 1))
    a = _shape_fns.with_rank(op, inputs, constant_value_as_shape(a_shape), 2).as_list()
    bs = _shape_fns.with_rank(op, inputs, b.shape, 2).as_list()
    left, inner_a = (a[1], a[0]) if adjoint_a else (a[0], a[1])
    right, inner_b = (bs[0], bs[1]) if adjoint_b else (bs[1], bs[0])
    _shape_fns.merge_dim(op, inputs, inner_a, inner_b)
    return [(a_values.dtype.base_dtype, TensorShape([left, right]))]


def _matmul_checks(ctx, a_indices, a_values, a_shape, b):
    if b.dim() != 2:
        raise sx.invalid(ctx, "Tensor 'b' is not a matrix")
    shape = sx.host(a_shape)
    if shape.ndim != 1:
        raise sx.invalid(ctx, "Tensor 'a_shape' is not a vector")
    if shape.size != 2:
        raise sx.invalid(ctx, "Tensor 'a_shape' must have 2 elements")
    if a_values.dim() != 1:
        raise sx.invalid(ctx, "Tensor 'a_values' is not a vector")
    indices = sx.host(a_indices)
    if indices.ndim != 2:
        raise sx.invalid(ctx, "Tensor 'a_indices' is not a matrix")
    if indices.shape[0] != a_values.shape[0]:
        raise sx.invalid(ctx, "Number of rows of a_indices does not match number of entries "
                              "in a_values")
    if indices.shape[1] != shape.size:
        raise sx.invalid(ctx, "Number of columns of a_indices does not match number of "
                              "entries in a_shape")
    return indices, shape


def _check_matmul_bounds(ctx, rows, cols, lhs, rhs, outer, inner):
    """TF's per-entry bounds checks, the inner index (k) first."""
    bad_k = (cols < 0) | (cols >= inner)
    bad_m = (rows < 0) | (rows >= outer)
    bad = np.nonzero(bad_k | bad_m)[0]
    if bad.size:
        i = int(bad[0])
        if bad_k[i]:
            raise sx.invalid(ctx, "k (%d) from index[%d,%d] out of bounds (>=%d)"
                             % (cols[i], i, rhs, inner))
        raise sx.invalid(ctx, "m (%d) from index[%d,%d] out of bounds (>=%d)"
                         % (rows[i], i, lhs, outer))


@register_op("SparseTensorDenseMatMul", inputs=_args("a_", "b: T"), infer=_matmul_infer,
             attrs={"adjoint_a": False, "adjoint_b": False})
@sx.never_folded
def _lower_matmul(ctx, a_indices, a_values, a_shape, b, *, adjoint_a=False, adjoint_b=False):
    indices, shape = _matmul_checks(ctx, a_indices, a_values, a_shape, b)
    outer_left, inner_left = (shape[1], shape[0]) if adjoint_a else (shape[0], shape[1])
    outer_right, inner_right = (b.shape[0], b.shape[1]) if adjoint_b else (b.shape[1], b.shape[0])
    if inner_left != inner_right:
        raise sx.invalid(ctx, "Cannot multiply A and B because inner dimension does not match: "
                              "%d vs. %d.  Did you forget a transpose?  Dimensions of A: [%d, "
                              "%d).  Dimensions of B: [%d,%d]" % (inner_left, inner_right,
                                                                  shape[0], shape[1],
                                                                  b.shape[0], b.shape[1]))
    lhs, rhs = (1, 0) if adjoint_a else (0, 1)
    rows, cols = indices[:, lhs], indices[:, rhs]
    _check_matmul_bounds(ctx, rows, cols, lhs, rhs, outer_left, inner_left)
    # conj_physical, not conj: a lazy conj view reaches autograd's gradients as a tensor with
    # the conjugate bit set, which numpy cannot read
    values = a_values.conj_physical() if adjoint_a and a_values.is_complex() else a_values
    dense = b.transpose(0, 1) if adjoint_b else b
    if adjoint_b and dense.is_complex():
        dense = dense.conj_physical()
    products = values.unsqueeze(1) * dense[sx.to_device(cols, ctx, like=b)]
    out = torch.zeros((int(outer_left), int(outer_right)), dtype=b.dtype, device=b.device)
    return out.index_add(0, sx.to_device(rows, ctx, like=b), products)


# -- SparseTensorDenseAdd ----------------------------------------------------------------------

def _dense_add_infer(op, a_indices, a_values, a_shape, b):
    return [(a_values.dtype.base_dtype, b.shape)]


@register_op("SparseTensorDenseAdd", inputs=("a_indices: Tindices", "a_values: T",
                                             "a_shape: Tindices", "b: T"),
             infer=_dense_add_infer, host_only=True)
def _lower_dense_add(ctx, a_indices, a_values, a_shape, b):
    indices, shape = sx.host(a_indices), sx.host(a_shape)
    if indices.ndim != 2:
        raise sx.invalid(ctx, "Input a_indices should be a matrix but received shape: %s"
                         % sx.dims_text(indices))
    if a_values.dim() != 1 or shape.ndim != 1:
        raise sx.invalid(ctx, "Inputs a_values and a_shape should be vectors but received "
                              "shapes: %s and %s" % (sx.dims_text(a_values), sx.dims_text(shape)))
    if shape.size != b.dim():
        raise sx.invalid(ctx, "Two operands have different ranks; received: %d and %d"
                         % (shape.size, b.dim()))
    for d in range(b.dim()):
        if shape[d] != b.shape[d]:
            raise sx.invalid(ctx, "Dimension %d does not equal (no broadcasting is supported): "
                                  "sparse side %d vs dense side %d" % (d, shape[d], b.shape[d]))
    bad = (indices < 0) | (indices >= shape)
    if bad.any():
        i, d = (int(v) for v in np.argwhere(bad)[0])
        raise sx.invalid(ctx, "Sparse tensor has an invalid index on dimension %d: "
                              "a_indices(%d,%d) = %d, dense tensor shape: %s"
                         % (d, i, d, indices[i, d], " ".join(str(s) for s in shape)))
    dense, undo = sx.in_int64(b)
    added = sx.scatter_add(sx.in_int64(a_values)[0], sx.flat_index(indices, shape), b.numel())
    return undo(dense + added.reshape(b.shape))


# -- SparseReduceSum / SparseReduceMax, dense and sparse outputs -------------------------------

def _c_mod(a: int, n: int) -> int:
    """C++'s `%` (the sign of the dividend)."""
    return int(np.fmod(a, n))


def _reduce_infer(op, indices, values, shape, axes, *, keep_dims=False):
    """SparseReduceShapeFn: known only when the dense shape and the axes are constants (each
    axis taken as `(axis + rank) % rank`, without a check)."""
    dtype = values.dtype.base_dtype
    shape_v, axes_v = constant_value(shape), constant_value(axes)
    if shape_v is None or axes_v is None:
        return [(dtype, TensorShape(None))]
    dims = [int(d) for d in np.reshape(shape_v, -1)]
    rank = len(dims)
    reduced = {_c_mod(int(a) + rank, rank) for a in np.reshape(axes_v, -1)} if rank else set()
    out = [1 if d in reduced else n for d, n in enumerate(dims) if keep_dims or d not in reduced]
    return [(dtype, TensorShape(out))]


def _reduce_sparse_infer(op, indices, values, shape, axes, *, keep_dims=False):
    return [(dtypes.int64, TensorShape(None)), (values.dtype.base_dtype, TensorShape(None)),
            (dtypes.int64, TensorShape(None))]


def _reduction(ctx, indices, values, shape, axes):
    """The checked inputs and (sorted reduced axes, kept axes) of a SparseReduce kernel."""
    shape = sx.host(shape)
    if shape.ndim != 1:
        raise sx.invalid(ctx, "Expected input_shape to be a vector; got shape: %s"
                         % sx.dims_text(shape))
    axes = sx.host(axes)
    if axes.ndim > 1:
        raise sx.invalid(ctx, "Expected reduction_axes to be a scalar or a vector; got shape: %s"
                         % sx.dims_text(axes))
    rank = shape.size
    for a in axes.reshape(-1):
        if a < -rank or a >= rank:
            raise sx.invalid(ctx, "Invalid reduction dimension %d, for input with %d dimensions."
                             % (a, rank))
    indices = sx.matrix(ctx, indices, "indices")
    if indices.shape[0] != values.shape[0]:
        raise sx.invalid(ctx, "indices and values rows (indexing dimension) must match. "
                              "(indices = %d, values = %d)" % (indices.shape[0], values.shape[0]))
    reduced = sorted({int(a) % rank for a in axes.reshape(-1)})
    kept = [d for d in range(rank) if d not in reduced]
    return indices, shape, reduced, kept


def _group_values(values, coords, kind):
    """(unique coordinate rows in row-major order, the reduction of each group's values)."""
    if coords.shape[0] == 0:
        return coords, values[:0]
    if coords.shape[1] == 0:
        unique, inverse = coords[:1], np.zeros(coords.shape[0], dtype=np.int64)
    else:
        unique, inverse = np.unique(coords, axis=0, return_inverse=True)
    ids = torch.as_tensor(inverse.reshape(-1), device=values.device)
    if kind == "max":
        return unique, _group_max(values, ids, len(unique))
    return unique, _reduce_in_type(values, ids, len(unique), kind)


def _group_max(values, ids, n):
    """The max of each (non-empty) group as TF's reducer takes it: `acc = x` unless x < acc,
    from -inf; so only the values after a group's last NaN count, and a group ending in NaN
    is NaN."""
    if _tf_arith.is_wide_unsigned(values):
        out = _group_max(_tf_arith.order_key(values), ids, n)
        return _tf_arith.from_order_key(out, values.dtype)
    start = torch.zeros(n, dtype=values.dtype, device=values.device)
    if not values.is_floating_point():
        return start.scatter_reduce(0, ids, values, reduce="amax", include_self=False)
    position = torch.arange(len(values), device=values.device)
    last = torch.full((n,), -1, dtype=position.dtype, device=values.device).scatter_reduce(
        0, ids, position, reduce="amax")
    last_nan = torch.full((n,), -1, dtype=position.dtype, device=values.device).scatter_reduce(
        0, ids, torch.where(torch.isnan(values), position, -1), reduce="amax")
    seen = position > last_nan[ids]
    masked = torch.where(seen, values, torch.tensor(float("-inf"), dtype=values.dtype,
                                                     device=values.device))
    out = start.scatter_reduce(0, ids, masked, reduce="amax", include_self=False)
    return torch.where(last_nan == last, torch.tensor(float("nan"), dtype=values.dtype,
                                                      device=values.device), out)


def _register_reduce(op_type, kind, sparse):
    def lower(ctx, input_indices, input_values, input_shape, reduction_axes, *, keep_dims=False):
        indices, shape, reduced, kept = _reduction(ctx, input_indices, input_values,
                                                   input_shape, reduction_axes)
        coords, reduced_values = _group_values(input_values, indices[:, kept], kind)
        out_shape = [1 if d in reduced else int(shape[d]) for d in range(shape.size)
                     if keep_dims or d not in reduced]
        if sparse:
            out = np.zeros((len(coords), len(out_shape)), dtype=np.int64)
            out[:, kept if keep_dims else list(range(len(kept)))] = coords
            return (sx.to_device(out, ctx), reduced_values,
                    sx.to_device(np.array(out_shape, dtype=np.int64), ctx))
        size = int(np.prod(shape[kept])) if kept else 1
        flat = sx.flat_index(coords, shape[kept])
        bad = np.nonzero((flat < 0) | (flat >= size))[0]
        if bad.size:
            raise errors.op_error(errors.InternalError, ctx.op,
                                  "Obtained a write index of %d which is outside of bounds of "
                                  "[0, %d)" % (flat[bad[0]], size))
        return sx.place(reduced_values, flat, size).reshape(out_shape)

    lower.__name__ = "_lower_" + op_type.lower()
    if sparse:
        register_op(op_type, inputs=_args("input_", "reduction_axes: int32"),
                    infer=_reduce_sparse_infer, attrs={"keep_dims": False},
                    host_only=True)(lower)
    else:
        register_op(op_type, inputs=_args("input_", "reduction_axes: int32"),
                    infer=_reduce_infer, attrs={"keep_dims": False}, host_only=True)(lower)


_register_reduce("SparseReduceSum", "sum", sparse=False)
_register_reduce("SparseReduceSumSparse", "sum", sparse=True)
_register_reduce("SparseReduceMax", "max", sparse=False)
_register_reduce("SparseReduceMaxSparse", "max", sparse=True)


# -- SparseSoftmax -----------------------------------------------------------------------------

def _softmax_infer(op, sp_indices, sp_values, sp_shape):
    inputs = [sp_indices, sp_values, sp_shape]
    _, values, _ = sx.with_ranks(op, inputs, (sp_indices, 2), (sp_values, 1), (sp_shape, 1))
    return [(sp_values.dtype.base_dtype, values)]


@register_op("SparseSoftmax", inputs=_args("sp_"), infer=_softmax_infer, host_only=True)
def _lower_softmax(ctx, sp_indices, sp_values, sp_shape):
    indices, shape = sx.host(sp_indices), sx.host(sp_shape)
    if indices.ndim != 2:
        raise sx.invalid(ctx, "Input should be a matrix but received shape %s"
                         % sx.dims_text(indices))
    if sp_values.dim() != 1 or shape.ndim != 1:
        raise sx.invalid(ctx, "Inputs values and shape should be vectors but received shapes: "
                              "%s and %s" % (sx.dims_text(sp_values), sx.dims_text(shape)))
    if shape.size < 2:
        raise sx.invalid(ctx, "Input should have rank >= 2, but received shape: %s"
                         % " ".join(str(d) for d in shape[:3]))
    # NOTE: TF reorders the entries to row-major order and writes its output in that order,
    # whatever order the input came in.
    order = sx.row_major_order(indices)
    values = sx.take(sp_values, order)
    starts = sx.groups(indices[order][:, :-1])
    group = np.zeros(len(order), dtype=np.int64)
    group[starts[1:]] = 1
    ids = torch.as_tensor(np.cumsum(group), device=values.device)
    if not len(order):
        return values
    n = len(starts)
    top = torch.full((n,), float("-inf"), dtype=values.dtype, device=values.device)
    top = top.scatter_reduce(0, ids, values.detach(), reduce="amax", include_self=False)
    exp = torch.exp(values - top[ids])
    total = torch.zeros(n, dtype=values.dtype, device=values.device).index_add(0, ids, exp)
    return exp * (1 / total)[ids]


# -- SparseSparseMaximum / Minimum and SparseAdd: the union of two sorted index lists ----------

def _binary_checks(ctx, a_indices, a_values, a_shape, b_indices, b_values, b_shape):
    a_idx, b_idx = sx.host(a_indices), sx.host(b_indices)
    if a_idx.ndim != 2 or b_idx.ndim != 2:
        raise sx.invalid(ctx, "Input indices should be matrices but received shapes: %s and %s"
                         % (sx.dims_text(a_idx), sx.dims_text(b_idx)))
    if np.ndim(a_values) != 1 or np.ndim(b_values) != 1:
        raise sx.invalid(ctx, "Input values should be vectors but received shapes: %s and %s"
                         % (sx.dims_text(a_values), sx.dims_text(b_values)))
    a_shp, b_shp = sx.host(a_shape), sx.host(b_shape)
    if a_idx.shape[0] != len(a_values) or b_idx.shape[0] != len(b_values):
        raise sx.invalid(ctx, "Expected %d and %d non-empty input values, got %d and %d"
                         % (a_idx.shape[0], b_idx.shape[0], len(a_values), len(b_values)))
    if a_shp.ndim != 1 or b_shp.ndim != 1:
        raise sx.invalid(ctx, "Input shapes should be a vector but received shapes %s and %s"
                         % (sx.dims_text(a_shp), sx.dims_text(b_shp)))
    if a_shp.size != b_shp.size:
        raise sx.invalid(ctx, "Operands do not have the same ranks; got shapes: %s and %s"
                         % (sx.dims_text(a_shp), sx.dims_text(b_shp)))
    if a_idx.shape[1] != b_idx.shape[1]:
        raise sx.invalid(ctx, "Input indices must have the same dimension, got %d and %d"
                         % (a_idx.shape[1], b_idx.shape[1]))
    for d in range(a_shp.size):
        if a_shp[d] != b_shp[d]:
            raise sx.invalid(ctx, "Operands' shapes do not match: got %d and %d for dimension %d"
                             % (a_shp[d], b_shp[d], d))
    return a_idx, b_idx


def _union(a_idx, b_idx):
    """TF's merge of two row-major index lists: (out indices, position in a or -1, in b or -1);
    an index in both lists is one output entry."""
    both = np.concatenate([a_idx, b_idx])
    source = np.concatenate([np.zeros(len(a_idx), np.int64), np.ones(len(b_idx), np.int64)])
    position = np.concatenate([np.arange(len(a_idx)), np.arange(len(b_idx))])
    order = sx.row_major_order(both)
    both, source, position = both[order], source[order], position[order]
    same = np.zeros(len(both), dtype=bool)
    if len(both) > 1:
        same[1:] = np.all(both[1:] == both[:-1], axis=1) & (source[1:] == 1) & (source[:-1] == 0)
    keep = ~same
    a_pos = np.where(source == 0, position, -1)
    b_pos = np.where(source == 1, position, -1)
    b_pos[:-1][same[1:]] = position[1:][same[1:]]    # a matched pair: the b of the next row
    return both[keep], a_pos[keep], b_pos[keep]


def _spread(values, positions):
    """values[positions], zero where a position is -1 (TF's augmented values)."""
    zero = torch.zeros((), dtype=values.dtype, device=values.device)
    if not len(values):
        return zero.expand(len(positions))
    gathered = sx.take(values, np.maximum(positions, 0))
    return torch.where(torch.as_tensor(positions >= 0, device=values.device), gathered, zero)


def _minmax_infer(op, a_indices, a_values, a_shape, b_indices, b_values, b_shape):
    inputs = [a_indices, a_values, a_shape, b_indices, b_values, b_shape]
    sx.with_ranks(op, inputs, (a_indices, 2), (a_values, 1), (a_shape, 1), (b_indices, 2),
                  (b_values, 1), (b_shape, 1))
    return [(dtypes.int64, TensorShape([None, None])),
            (a_values.dtype.base_dtype, TensorShape([None]))]


def _register_minmax(op_type, fn):
    def lower(ctx, a_indices, a_values, a_shape, b_indices, b_values, b_shape):
        a_idx, b_idx = _binary_checks(ctx, a_indices, a_values, a_shape, b_indices, b_values,
                                      b_shape)
        out, a_pos, b_pos = _union(a_idx, b_idx)
        return sx.to_device(out, ctx), fn(_spread(a_values, a_pos), _spread(b_values, b_pos))

    lower.__name__ = "_lower_" + op_type.lower()
    register_op(op_type, inputs=_args("a_") + _args("b_"), infer=_minmax_infer,
                host_only=True)(lower)

    @register_builtin_gradient(op_type)
    def _no_gradient(op, *grads):
        # NOTE: TF registers a gradient for these ops that fails when called (it takes two
        # arguments and is given three); tfcompat fails the same way, with a clear message.
        raise TypeError("Gradient for %s is not implemented." % op_type)


def _ordered(fn):
    """torch.maximum/minimum for every dtype (uint16/32/64 through an ordering key)."""

    def apply(a, b):
        if _tf_arith.is_wide_unsigned(a):
            out = fn(_tf_arith.order_key(a), _tf_arith.order_key(b))
            return _tf_arith.from_order_key(out, a.dtype)
        return fn(a, b)
    return apply


_register_minmax("SparseSparseMaximum", _ordered(torch.maximum))
_register_minmax("SparseSparseMinimum", _ordered(torch.minimum))


def _add_infer(op, a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
    inputs = [a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh]
    shape = _shape_fns.with_rank(op, inputs, a_shape.shape, 1)
    return [(dtypes.int64, TensorShape([None, shape[0].value])),
            (a_values.dtype.base_dtype, TensorShape([None])), (dtypes.int64, shape)]


@register_op("SparseAdd", inputs=_args("a_") + _args("b_") + ("thresh: Treal",),
             infer=_add_infer, host_only=True)
def _lower_sparse_add(ctx, a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
    a_idx, b_idx = _binary_checks(ctx, a_indices, a_values, a_shape, b_indices, b_values,
                                  b_shape)
    if thresh.dim() != 0:
        raise sx.invalid(ctx, "The magnitude threshold must be a scalar: got shape %s"
                         % sx.dims_text(thresh))
    if a_idx.shape[1] == 0:
        raise sx.invalid(ctx, "Invalid input_a shape. Received: %s" % sx.dims_text(a_idx))
    out, a_pos, b_pos = _union(a_idx, b_idx)
    summed = _spread(a_values, a_pos) + _spread(b_values, b_pos)
    # NOTE: only entries present in both operands are thresholded, as in TF's kernel.
    both = (a_pos >= 0) & (b_pos >= 0)
    magnitude = summed.detach().abs().cpu().numpy()
    keep = ~both | (float(thresh) <= magnitude)
    kept = np.nonzero(keep)[0]
    return (sx.to_device(out[kept], ctx), sx.take(summed, kept),
            sx.to_device(sx.host(a_shape), ctx))


def _add_grad_infer(op, backprop_val_grad, a_indices, b_indices, sum_indices):
    inputs = [backprop_val_grad, a_indices, b_indices, sum_indices]
    a, b = sx.with_ranks(op, inputs, (a_indices, 2), (b_indices, 2))
    dtype = backprop_val_grad.dtype.base_dtype
    return [(dtype, TensorShape([a[0].value])), (dtype, TensorShape([b[0].value]))]


@register_op("SparseAddGrad", inputs=("backprop_val_grad: T", "a_indices: int64",
                                      "b_indices: int64", "sum_indices: int64"),
             infer=_add_grad_infer, differentiable=False, host_only=True)
def _lower_sparse_add_grad(ctx, backprop_val_grad, a_indices, b_indices, sum_indices):
    """Each operand entry gets the gradient of the sum entry at its index (0 where the sum
    dropped it)."""
    a_idx, b_idx = sx.matrix(ctx, a_indices, "a_indices"), sx.matrix(ctx, b_indices, "b_indices")
    sums = sx.matrix(ctx, sum_indices, "sum_indices")
    if backprop_val_grad.dim() != 1 or backprop_val_grad.shape[0] != sums.shape[0]:
        raise sx.invalid(ctx, "backprop_val_grad must be a vector with as many entries as "
                              "sum_indices has rows, got shapes %s and %s"
                         % (sx.dims_text(backprop_val_grad), sx.dims_text(sums)))
    where = {tuple(row): k for k, row in enumerate(sums.tolist())}
    outs = []
    for idx in (a_idx, b_idx):
        positions = np.array([where.get(tuple(row), -1) for row in idx.tolist()], dtype=np.int64)
        outs.append(_spread(backprop_val_grad, positions))
    return tuple(outs)
