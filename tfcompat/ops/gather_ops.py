"""Gathers: `GatherV2` (tf.gather, batch_dims included) and `GatherNd` (tf.gather_nd; its
batch_dims form is TF's `BatchGatherND` composite). Re-exported by indexing_ops.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.shape_rules import base_dtype_of as _dtype
from tfcompat.framework.shape_rules import dims_text as _shape_text
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops
from tfcompat.ops._traced import checked_in_graph
from tfcompat.ops._traced import host_int
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops._ragged_entry import ragged_entry

unknown = tensor_shape.unknown_shape


def _index_text(shape, flat: int) -> str:
    """TF's SliceDebugString: `indices[1,0]` for a position in `shape`, `indices` for a scalar."""
    if not len(shape):
        return "indices"
    return "indices[%s]" % ",".join(str(int(i)) for i in np.unravel_index(flat, tuple(shape)))


def check_indices(ctx, indices, limit):
    """TF's CPU kernels refuse an index outside [0, limit) (GPU kernels write zeros)."""
    index = torch.as_tensor(indices)
    if not index.numel():
        return
    bad = (index < 0) | (index >= limit)
    if checked_in_graph(ctx, bad):
        return
    if bool(bad.any()):
        first = int(bad.reshape(-1).nonzero()[0, 0])
        raise errors.InvalidArgumentError(
            None, ctx.op, "%s = %d is not in [0, %d)"
            % (_index_text(index.shape, first), int(index.reshape(-1)[first]), limit))


# -- GatherV2 ----------------------------------------------------------------------------------

def _at_least(op, inputs, computed, rank, need):
    if rank is not None and rank < need:
        raise shape_rules.shape_error("Shape must be at least rank %d but is rank %d"
                                      % (need, rank), op, inputs, computed)


def _gather_infer(op, params, indices, axis_t, *, batch_dims=0):
    """TF's GatherV2 shape function: params[:axis] + indices[batch_dims:] + params[axis+1:]."""
    inputs = [params, indices, axis_t]
    p_rank, i_rank = params.shape.ndims, indices.shape.ndims
    _at_least(op, inputs, None, p_rank, 1)
    if axis_t.shape.ndims not in (None, 0):
        raise shape_rules.shape_error("Shape must be rank 0 but is rank %d"
                                      % axis_t.shape.ndims, op, inputs)
    axis = constant_value(axis_t)
    if axis is None:
        if p_rank is None or i_rank is None:
            return [(_dtype(params), unknown())]
        # NOTE: TF leaves a negative batch_dims unnormalised here (rank 5 for rank-3 params,
        # rank-2 indices, batch_dims=-1); the result's true rank is given instead.
        bd = batch_dims + i_rank if batch_dims < 0 else batch_dims
        return [(_dtype(params), unknown(rank=p_rank + i_rank - 1 - bd))]
    axis = int(axis)
    computed = {2: axis}
    _at_least(op, inputs, computed, p_rank, -axis if axis < 0 else axis + 1)
    _at_least(op, inputs, computed, i_rank, abs(batch_dims))
    if i_rank is None or p_rank is None:
        return [(_dtype(params), unknown())]
    bd = batch_dims + i_rank if batch_dims < 0 else batch_dims
    _at_least(op, inputs, computed, p_rank, bd + 1)
    dims = params.shape.as_list()
    inner = [] if axis == -1 else dims[axis + 1:]
    return [(_dtype(params), TensorShape(dims[:axis] + indices.shape.as_list()[bd:] + inner))]


def _check_batch_dims(ctx, p_shape, i_shape, axis, batch_dims):
    """GatherV2's run-time checks of batch_dims; returns it normalised."""
    i_rank = len(i_shape)
    if not -i_rank <= batch_dims <= i_rank:
        raise errors.InvalidArgumentError(
            None, ctx.op, "Expected batch_dims in the range [%d, %d], but got %d"
            % (-i_rank, i_rank, batch_dims))
    bd = batch_dims + i_rank if batch_dims < 0 else batch_dims
    if bd >= len(p_shape):
        raise errors.InvalidArgumentError(
            None, ctx.op, "batch_dims (%d) must be less than rank(params) (%d)."
            % (bd, len(p_shape)))
    if axis < bd:
        raise errors.InvalidArgumentError(
            None, ctx.op, "batch_dims (%d) must be less than or equal to axis (%d)." % (bd, axis))
    for i in range(bd):
        if p_shape[i] != i_shape[i]:
            raise errors.InvalidArgumentError(
                None, ctx.op, "params.shape[%d]: %d should be equal to indices.shape[%d]: %d"
                % (i, p_shape[i], i, i_shape[i]))
    return bd


def _batched_take(params, indices, axis, bd):
    """out[b.., a.., i.., r..] = params[b.., a.., indices[b.., i..], r..] for torch tensors and
    numpy (string) arrays alike, by advanced indexing over a [B, A, N, R] view."""
    p_dims, i_dims = list(params.shape), list(indices.shape)
    b, a, r = (math.prod(p_dims[:bd]), math.prod(p_dims[bd:axis]), math.prod(p_dims[axis + 1:]))
    flat = params.reshape(b, a, p_dims[axis], r)
    index = indices.reshape(b, math.prod(i_dims[bd:]))
    if isinstance(params, np.ndarray):
        rows, cols = np.arange(b)[:, None, None], np.arange(a)[None, :, None]
        out = flat[rows, cols, np.asarray(index)[:, None, :]]
    else:
        rows = torch.arange(b, device=params.device)[:, None, None]
        cols = torch.arange(a, device=params.device)[None, :, None]
        out = flat[rows, cols, index.long()[:, None, :]]
    return out.reshape(p_dims[:axis] + i_dims[bd:] + p_dims[axis + 1:])


def _gather_on_device(params, indices, axis):
    """GatherV2 on a GPU, as TF's GPU kernel: an out-of-range index gives zeros (TF's CPU
    kernel raises), found without the host waiting on the device."""
    limit = params.shape[axis]
    out_shape = list(params.shape[:axis]) + list(indices.shape) + list(params.shape[axis + 1:])
    flat = indices.reshape(-1).long()
    if not limit:
        return params.new_zeros(out_shape)
    valid = (flat >= 0) & (flat < limit)
    taken = params.index_select(axis, torch.where(valid, flat, 0))
    shaped = valid.reshape([-1] + [1] * (params.dim() - axis - 1))
    return torch.where(shaped, taken, taken.new_zeros(())).reshape(out_shape)


@register_op("GatherV2", inputs=("params: Tparams", "indices: Tindices", "axis: Taxis"),
             infer=_gather_infer, attrs={"batch_dims": 0})
def _lower_gather_v2(ctx, params, indices, axis, *, batch_dims=0):
    rank, axis = params.ndim, host_int(axis)
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(
            None, ctx.op, "Expected axis in the range [%d, %d), but got %d" % (-rank, rank, axis))
    axis = axis + rank if axis < 0 else axis
    bd = _check_batch_dims(ctx, params.shape, indices.shape, axis, batch_dims) \
        if batch_dims else 0
    if not bd and isinstance(params, torch.Tensor) and params.device.type != "cpu":
        return _gather_on_device(params, indices, axis)
    check_indices(ctx, indices, params.shape[axis])
    if isinstance(params, np.ndarray):  # tf.string params are numpy object arrays
        return _batched_take(params, indices.cpu().numpy(), axis, bd)
    if bd:
        return _batched_take(params, indices, axis, bd)
    flat = params.index_select(axis, indices.reshape(-1).long())
    return flat.reshape(list(params.shape[:axis]) + list(indices.shape) +
                        list(params.shape[axis + 1:]))


@ragged_entry
def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """TF1 `tf.gather` (GatherV2). `axis` defaults to `batch_dims`; as in TF, an axis of 0
    drops `batch_dims`. Out-of-range indices raise InvalidArgumentError, as on TF's CPU.

    >>> tf.gather(tf.zeros([2, 4]), [[0, 1], [2, 3]], batch_dims=1).shape.as_list()
    [2, 2]
    """
    if axis is None:
        axis = batch_dims
    value = constant_value(axis) if hasattr(axis, "op") else axis
    if value is None or value != 0:
        return apply_op("GatherV2", [params, indices, axis], name=name or "GatherV2",
                        batch_dims=batch_dims)
    if getattr(params, "_should_act_as_resource_variable", False):
        return params.sparse_read(indices, name=name)   # TF's: a ResourceGather
    if hasattr(params, "sparse_read"):
        params = params.value()
    return apply_op("GatherV2", [params, indices, axis], name=name or "GatherV2", batch_dims=0)


# -- GatherNd ----------------------------------------------------------------------------------

def _gather_nd_infer(op, params, indices):
    if params.shape.ndims is None or indices.shape.ndims is None:
        return [(_dtype(params), unknown())]
    if indices.shape.ndims < 1:
        raise shape_rules.shape_error("Shape must be at least rank 1 but is rank 0", op,
                                      [params, indices])
    idx = indices.shape.as_list()
    depth = idx[-1]
    if depth is None:
        return [(_dtype(params), unknown())]
    if depth > params.shape.ndims:
        raise shape_rules.shape_error(
            "indices.shape[-1] must be <= params.rank, but saw indices shape: %s and params "
            "shape: %s" % (shape_rules.shape_text(indices.shape),
                           shape_rules.shape_text(params.shape)), op, [params, indices])
    return [(_dtype(params), TensorShape(idx[:-1] + params.shape.as_list()[depth:]))]


def _check_nd_indices(ctx, params, indices):
    depth = indices.shape[-1]
    if not indices.numel():
        return
    if params.numel() == 0:
        raise errors.InvalidArgumentError(
            None, ctx.op, "Requested more than 0 entries, but params is empty.  Params shape: "
            "%s" % _shape_text(params.shape))
    limits = torch.tensor(list(params.shape[:depth]), device=indices.device)
    rows = indices.reshape(-1, depth)
    bad = ((rows < 0) | (rows >= limits)).any(-1)
    if bool(bad.any()):
        first = int(bad.nonzero()[0, 0])
        raise errors.InvalidArgumentError(
            None, ctx.op, "%s = [%s] does not index into param shape %s, node name: %s"
            % (_index_text(indices.shape[:-1], first),
               ", ".join(str(int(v)) for v in rows[first]), _shape_text(params.shape),
               ctx.op.name))


@register_op("GatherNd", inputs=("params: Tparams", "indices: Tindices"), infer=_gather_nd_infer)
def _lower_gather_nd(ctx, params, indices):
    indices = indices.long()
    _check_nd_indices(ctx, params, indices)
    depth = indices.shape[-1]
    out_shape = list(indices.shape[:-1]) + list(params.shape[depth:])
    if depth == 0:  # every index row selects the whole of params
        return params.reshape([1] * (indices.dim() - 1) + list(params.shape)).expand(
            out_shape).clone()
    return params[tuple(indices.unbind(-1))].reshape(out_shape)


@ragged_entry
def gather_nd(params, indices, name=None, batch_dims=0):
    """TF1 `tf.gather_nd`; `batch_dims > 0` builds TF's `BatchGatherND` composite."""
    value = constant_value(batch_dims) if hasattr(batch_dims, "op") else batch_dims
    if value is not None:
        batch_dims = int(value)
    if isinstance(batch_dims, int) and batch_dims == 0:
        try:   # as TF: a resource variable's ResourceGatherNd; a Variable's raises
            return params.gather_nd(indices, name=name)
        except AttributeError:
            pass
        return apply_op("GatherNd", [params, indices], name=name or "GatherNd")
    return batch_gather_nd(params, indices, batch_dims, name=name)


def _batch_gather_nd_checks(params, indices, batch_dims):
    if not isinstance(batch_dims, int):
        raise TypeError("Argument `batch_dims` must be an int; got %s" % (batch_dims,))
    if batch_dims < 0:
        raise ValueError("tf.gather_nd does not allow negative batch_dims.")
    for what, rank in (("indices", indices.shape.ndims), ("params", params.shape.ndims)):
        if rank is not None and batch_dims >= rank:
            raise ValueError("Argument `batch_dims` = %d must be less than rank(`%s`) = %d"
                             % (batch_dims, what, rank))


def _batch_static_shape(params, indices, batch_dims):
    """TF's static result: params' batch dims + indices' inner dims + params' remaining dims."""
    p, i = params.shape, indices.shape
    if p.ndims is None or i.ndims is None or i[-1].value is None:
        return unknown()
    depth = i[-1].value
    return TensorShape(p.as_list()[:batch_dims] + i.as_list()[batch_dims:-1] +
                       p.as_list()[batch_dims + depth:])


def _batch_coordinates(batch_shape, batch_dims):
    """[b1, ..., bM, M]: the coordinates of every batch position (TF builds a meshgrid)."""
    zeros = array_ops.fill(batch_shape, 0)
    columns = []
    for j in range(batch_dims):
        steps = array_ops.range(0, batch_shape[j], 1)
        columns.append(zeros + array_ops.reshape(steps, [1] * j + [-1] +
                                                 [1] * (batch_dims - j - 1)))
    return array_ops.stack(columns, axis=-1)


def batch_gather_nd(params, indices, batch_dims, name=None):
    """TF's `batch_gather_nd`: prefixes each index row with its batch coordinates and runs one
    GatherNd over all of `params`, so index errors name the same positions as TF's."""
    with name_scope(name, "BatchGatherND", [params, indices]):
        indices = convert_to_tensor(indices, name="indices")
        params = convert_to_tensor(params, name="params")
        _batch_gather_nd_checks(params, indices, batch_dims)
        p_shape, i_shape = array_ops.shape(params), array_ops.shape(indices)
        batch_shape = p_shape[:batch_dims]
        batch_size = array_ops.reshape(reduction_ops.reduce_prod(batch_shape, [0]), [1])
        grid = array_ops.reshape(_batch_coordinates(batch_shape, batch_dims), array_ops.concat(
            [batch_size, array_ops.ones_like(i_shape[batch_dims:-1]), [batch_dims]], 0))
        grid = array_ops.tile(grid, array_ops.concat([[1], i_shape[batch_dims:-1], [1]], 0))
        flat_indices = array_ops.reshape(
            indices, array_ops.concat([batch_size, i_shape[batch_dims:]], 0))
        full = array_ops.concat([math_ops.cast(grid, _dtype(indices)), flat_indices], -1)
        out = apply_op("GatherNd", [params, full], name="GatherNd")
        out = array_ops.reshape(out, array_ops.concat([batch_shape, array_ops.shape(out)[1:]], 0))
        out.set_shape(_batch_static_shape(params, indices, batch_dims))
        return out
