"""The functional scatters `TensorScatterUpdate/Add/Sub/Max/Min` (tf.tensor_scatter_nd_*): a copy
of `tensor` with the slices `indices` point at replaced, or combined with `updates`; plus TF's
composite `tf.batch_scatter_update` (a `ScatterNdUpdate` of a variable).

Their checks are ScatterNd's (TF's kernels share ScatterNdOp's index validation). Gradients are
torch.autograd's of the same index_put/scatter_reduce, which are TF's registered gradients: the
gradient zeroed where updated and gathered for `updates` (update), passed through (add, sub with
its sign), and split among the tied maxima/minima (max, min).
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import state_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import ones_like
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.scatter_nd_ops import _fail
from tfcompat.ops.scatter_nd_ops import _flat_positions
from tfcompat.ops.scatter_nd_ops import _fmt
from tfcompat.ops.scatter_nd_ops import check_slice_dims

__all__ = [
    "batch_scatter_update",
    "tensor_scatter_add",
    "tensor_scatter_nd_add",
    "tensor_scatter_nd_max",
    "tensor_scatter_nd_min",
    "tensor_scatter_nd_sub",
    "tensor_scatter_nd_update",
    "tensor_scatter_sub",
    "tensor_scatter_update",
]


def _tensor_scatter_infer(op, tensor, indices, updates):
    """TF's ScatterNdTensorShape: ScatterNd's shape helper with `tensor`'s shape as output."""
    inputs = [tensor, indices, updates]
    idx = fns.with_rank_at_least(op, inputs, indices.shape, 1)
    upd = fns.with_rank_at_least(op, inputs, updates.shape, 1)
    out = tensor.shape
    check_slice_dims(op, inputs, idx, upd, out)
    return [(tensor.dtype.base_dtype, out)]


def _check(ctx, tensor, indices, updates):
    """TF's PrepareAndValidateInputs, in its order; the flat offsets of the updated slices."""
    if indices.dim() < 1:
        _fail(ctx, "Indices shape must have rank at least one. Found:%s" % _fmt(indices.shape))
    if len(updates.shape) < 1:  # len(): string updates are numpy arrays
        _fail(ctx, "Updates shape must have rank at least one. Found:%s" % _fmt(updates.shape))
    dims = list(tensor.shape)
    outer, ix = indices.dim() - 1, indices.shape[-1]
    u_dims = list(updates.shape)
    if list(indices.shape[:outer]) != u_dims[:outer]:
        _fail(ctx, "Dimensions [0,%d) of indices[shape=%s] must match dimensions [0,%d) of "
              "updates[shape=%s]" % (outer, _fmt(indices.shape), outer, _fmt(u_dims)))
    if len(u_dims) - outer != len(dims) - ix:
        _fail(ctx, "Dimensions [%d,%d) of input[shape=%s] must match dimensions [%d,%d) of "
              "updates[shape=%s]" % (ix, len(dims), _fmt(dims), outer, len(u_dims),
                                     _fmt(u_dims)))
    if u_dims[outer:] != dims[ix:]:
        inner = len(u_dims) - outer
        _fail(ctx, "The inner %d dimensions of output.shape=%s must match the inner %d "
              "dimensions of updates.shape=%s" % (inner, _fmt(dims), inner, _fmt(u_dims)))
    return _flat_positions(ctx, indices, dims), ix


def _update_strings(tensor, positions, updates, dims, ix):
    """TensorScatterUpdate of tf.string (TF's CPU kernel takes strings; torch has none): numpy
    assignment in index order, so the last of repeated indices wins as in TF's serial loop."""
    rows = int(np.prod(dims[:ix], dtype=np.int64))
    flat = np.array(tensor, dtype=object).reshape(rows, -1)
    flat[positions.cpu().numpy()] = np.asarray(updates, dtype=object).reshape(-1, flat.shape[1])
    return flat.reshape(dims)


def _tensor_scatter(kind):
    def lower(ctx, tensor, indices, updates):
        positions, ix = _check(ctx, tensor, indices, updates)
        dims = list(tensor.shape)
        if isinstance(tensor, np.ndarray):  # only Update is registered for tf.string
            return _update_strings(tensor, positions, updates, dims, ix)
        rows = int(np.prod(dims[:ix], dtype=np.int64))
        flat = tensor.reshape(rows, -1)
        values = updates.reshape(positions.numel(), flat.shape[1])
        if kind == "update":
            out = flat.index_put((positions,), values)
        elif kind in ("add", "sub"):
            out = flat.index_put((positions,), values if kind == "add" else -values,
                                 accumulate=True)
        else:
            index = positions.reshape(-1, 1).expand_as(values)
            out = flat.scatter_reduce(0, index, values, reduce="a" + kind, include_self=True)
        return out.reshape(dims)
    lower.__name__ = "_lower_tensor_scatter_" + kind
    return lower


_INPUTS = ("tensor: T", "indices: Tindices", "updates: T")
for _kind in ("update", "add", "sub", "max", "min"):
    register_op("TensorScatter" + _kind.capitalize(), inputs=_INPUTS,
                infer=_tensor_scatter_infer)(_tensor_scatter(_kind))


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """TF1 `tf.tensor_scatter_nd_update`: `tensor` with the slices at `indices` replaced."""
    return apply_op("TensorScatterUpdate", [tensor, indices, updates],
                    name=name or "TensorScatterUpdate")


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """TF1 `tf.tensor_scatter_nd_add`: `tensor` plus `updates` summed into the slices."""
    return apply_op("TensorScatterAdd", [tensor, indices, updates], name=name or "TensorScatterAdd")


def tensor_scatter_nd_sub(tensor, indices, updates, name=None):
    """TF1 `tf.tensor_scatter_nd_sub`: `tensor` minus `updates` summed into the slices."""
    return apply_op("TensorScatterSub", [tensor, indices, updates], name=name or "TensorScatterSub")


def tensor_scatter_nd_max(tensor, indices, updates, name=None):
    """TF1 `tf.tensor_scatter_nd_max`: the elementwise maximum of the slices and `updates`."""
    return apply_op("TensorScatterMax", [tensor, indices, updates], name=name or "TensorScatterMax")


def tensor_scatter_nd_min(tensor, indices, updates, name=None):
    """TF1 `tf.tensor_scatter_nd_min`: the elementwise minimum of the slices and `updates`."""
    return apply_op("TensorScatterMin", [tensor, indices, updates], name=name or "TensorScatterMin")


# TF's older names are the same functions
tensor_scatter_update = tensor_scatter_nd_update
tensor_scatter_add = tensor_scatter_nd_add
tensor_scatter_sub = tensor_scatter_nd_sub


def batch_scatter_update(ref, indices, updates, use_locking=True, name=None):
    """TF1 `tf.batch_scatter_update`: `ref[i, ..., j, indices[i, ..., j, k]] = updates[i, ...,
    j, k]`, as TF builds it: each index prefixed with its batch coordinates, one
    `ScatterNdUpdate` of the variable."""
    with name_scope(name):
        indices = array_ops.convert_to_tensor(indices, name="indices")
        updates = array_ops.convert_to_tensor(updates, name="updates")
        rank = indices.shape.ndims
        if rank is None:
            raise ValueError("batch_scatter_update: the rank of `indices` must be known "
                             "statically")
        shape = array_ops.shape(indices, out_type=indices.dtype)
        coords = [array_ops.expand_dims(indices, -1)]
        for dim in range(rank - 2, -1, -1):  # batch dimensions, innermost first, as TF's
            size = shape[dim]
            grid = array_ops.reshape(math_ops.cast(_range(size), indices.dtype),
                                     [-1 if d == dim else 1 for d in range(rank)] + [1])
            coords.insert(0, math_ops.multiply(grid, ones_like(coords[-1])))
        nd = concat(coords, axis=-1) if rank > 1 else coords[0]
        return state_ops.scatter_nd_update(ref, nd, updates, use_locking=use_locking)
