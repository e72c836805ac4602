"""Array ops of TF1's top level that index, partition and reinterpret: `Roll`,
`UniqueWithCounts`, `DynamicPartition`, `DynamicStitch`, `LowerBound`/`UpperBound`
(tf.searchsorted), `UnravelIndex`, `Bitcast` and `BroadcastArgs`, with TF's shape functions
and kernel checks; `tf.approx_top_k`, the generated function of `ApproxTopK` (nn_impl_extra).

Gradients are torch.autograd's of the same indexing, which are TF's: Roll's is a roll back,
DynamicPartition's and DynamicStitch's are the gathers/stitches TF's gradient functions build.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.shape_rules import base_dtype_of as _dtype
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.indexing_ops import unique_strings

__all__ = [
    "approx_top_k",
    "bitcast",
    "broadcast_dynamic_shape",
    "dynamic_partition",
    "dynamic_stitch",
    "roll",
    "searchsorted",
    "unique_with_counts",
    "unravel_index",
]


def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


def _unknown():
    return TensorShape(None)


# -- Roll --------------------------------------------------------------------------------------

def _roll_infer(op, x, shift, axis):
    inputs = [x, shift, axis]
    fns.with_rank_at_least(op, inputs, x.shape, 1)
    fns.with_rank_at_most(op, inputs, shift.shape, 1)
    fns.with_rank_at_most(op, inputs, axis.shape, 1)
    # TF's shape fn: shift and axis must have the same shape (one shift per axis)
    fns.merge_shapes(op, inputs, fns.dims(shift.shape), fns.dims(axis.shape))
    return [(_dtype(x), x.shape)]


@register_op("Roll", inputs=("input: T", "shift: Tshift", "axis: Taxis"), infer=_roll_infer)
def _lower_roll(ctx, x, shift, axis):
    shifts = [int(s) for s in shift.reshape(-1).tolist()]
    axes = [int(a) for a in axis.reshape(-1).tolist()]
    if x.dim() < 1:
        _fail(ctx, "input must be 1-D or higher")
    if shift.dim() > 1:
        _fail(ctx, "shift must be a scalar or a 1-D vector. Found: %s" % list(shift.shape))
    if axis.dim() > 1:
        _fail(ctx, "axis must be a scalar or a 1-D vector. Found: %s" % list(axis.shape))
    if len(shifts) != len(axes):
        _fail(ctx, "shift and axis must have the same size")
    for a in axes:
        if not -x.dim() <= a < x.dim():
            _fail(ctx, "axis %d is out of range" % a)
    if not axes:
        return x
    if isinstance(x, np.ndarray):
        return np.roll(x, shifts, axes)
    return torch.roll(x, shifts, axes)


def roll(input, shift, axis, name=None):
    """TF1 `tf.roll` (`tf.manip.roll`): elements shifted along `axis`, wrapping around."""
    return apply_op("Roll", [input, shift, axis], name=name or "Roll")


# -- UniqueWithCounts --------------------------------------------------------------------------

def _unique_with_counts_infer(op, x, *, out_idx=dtypes.int32):
    # TF's shape function does not check the rank (Unique's does): a matrix fails at run time
    return [(_dtype(x), TensorShape([None])), (out_idx, x.shape), (out_idx, TensorShape([None]))]


@register_op("UniqueWithCounts", inputs=("x: T",), infer=_unique_with_counts_infer,
             attrs={"out_idx": dtypes.int32}, differentiable=False)
def _lower_unique_with_counts(ctx, x, *, out_idx=dtypes.int32):
    if x.ndim != 1:
        _fail(ctx, "unique expects a 1D vector.")
    if isinstance(x, np.ndarray):
        return unique_strings(ctx, x, out_idx)
    values, inverse, counts = torch.unique(x, sorted=True, return_inverse=True,
                                           return_counts=True)
    # TF lists the values in order of first occurrence
    positions = torch.arange(x.numel(), device=x.device)
    first = torch.full((values.numel(),), x.numel(), device=x.device, dtype=torch.long)
    first = first.scatter_reduce(0, inverse, positions, reduce="amin")
    order = torch.argsort(first)
    remap = torch.empty_like(order)
    remap[order] = torch.arange(order.numel(), device=x.device)
    index_type = out_idx.torch_dtype
    return values[order], remap[inverse].to(index_type), counts[order].to(index_type)


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """TF1 `tf.unique_with_counts`: (y, idx, count) in order of first occurrence."""
    return apply_op("UniqueWithCounts", [x], name=name or "UniqueWithCounts",
                    out_idx=dtypes.as_dtype(out_idx))


# -- DynamicPartition, DynamicStitch -----------------------------------------------------------

def _partition_infer(op, data, partitions, *, num_partitions):
    inputs = [data, partitions]
    if data.shape.ndims is None or partitions.shape.ndims is None:
        return [(_dtype(data), _unknown())] * num_partitions
    p = partitions.shape.as_list()
    fns.merge_prefix(op, inputs, data.shape.as_list(), p)
    rest = data.shape.as_list()[len(p):]
    return [(_dtype(data), TensorShape([None] + rest))] * num_partitions


@register_op("DynamicPartition", inputs=("data: T", "partitions: int32"), infer=_partition_infer,
             attrs={"num_partitions": 1})
def _lower_dynamic_partition(ctx, data, partitions, *, num_partitions):
    if tuple(data.shape[:partitions.dim()]) != tuple(partitions.shape):
        _fail(ctx, "data.shape must start with partitions.shape, got data.shape = %s, "
              "partitions.shape = %s" % (list(data.shape), list(partitions.shape)))
    flat = partitions.reshape(-1).long()
    bad = (flat < 0) | (flat >= num_partitions)
    if bool(bad.any()):
        i = int(bad.nonzero()[0, 0])
        _fail(ctx, "partitions[%d] = %d is not in [0, %d)" % (i, int(flat[i]), num_partitions))
    rows = data.reshape((flat.numel(),) + tuple(data.shape[partitions.dim():]))
    return tuple(rows[flat == k] for k in range(num_partitions))


def dynamic_partition(data, partitions, num_partitions, name=None):
    """TF1 `tf.dynamic_partition`: `data` split into `num_partitions` by `partitions`."""
    out = apply_op("DynamicPartition", [data, partitions], name=name or "DynamicPartition",
                   num_partitions=int(num_partitions))
    return list(out) if isinstance(out, tuple) else [out]


def _stitch_infer(op, *args, N=None):
    n = len(args) // 2
    indices, data = args[:n], args[n:]
    extra = None
    for idx, d in zip(indices, data):
        fns.merge_prefix(op, list(args), fns.dims(d.shape), fns.dims(idx.shape))
        if idx.shape.ndims is not None and d.shape.ndims is not None:
            rest = d.shape.as_list()[idx.shape.ndims:]
            extra = rest if extra is None else fns.merge_shapes(op, list(args), extra, rest)
    known = [constant_value(i) for i in indices]
    size = None
    if all(k is not None for k in known):
        size = max([int(np.max(k)) for k in known if np.size(k)] or [-1]) + 1
    if extra is None:
        return [(_dtype(data[0]), _unknown())]
    return [(_dtype(data[0]), TensorShape([size] + extra))]


@register_op("DynamicStitch", inputs=("indices: N*int32", "data: N*T"), infer=_stitch_infer)
def _lower_dynamic_stitch(ctx, *args):
    n = len(args) // 2
    indices, data = args[:n], args[n:]
    rest = None
    for i, (idx, d) in enumerate(zip(indices, data)):
        if tuple(d.shape[:idx.dim()]) != tuple(idx.shape):
            _fail(ctx, "data[%d].shape = [%s] does not start with indices[%d].shape = [%s]"
                  % (i, ",".join(map(str, d.shape)), i, ",".join(map(str, idx.shape))))
        rest = tuple(d.shape[idx.dim():]) if rest is None else rest
    flat_idx = torch.cat([i.reshape(-1).long() for i in indices])
    rows = torch.cat([d.reshape((-1,) + rest) for d in data])
    size = int(flat_idx.max()) + 1 if flat_idx.numel() else 0
    if bool((flat_idx < 0).any()):
        _fail(ctx, "indices[%d] is out of range" % int((flat_idx < 0).nonzero()[0, 0]))
    # later entries win for a repeated index, as in TF: keep each index's last position
    last = torch.full((size,), -1, dtype=torch.long, device=rows.device)
    last = last.scatter_reduce(0, flat_idx, torch.arange(flat_idx.numel(), device=rows.device),
                               reduce="amax")
    # an index no entry names is zero, as TF's CPU kernel leaves it
    picked = rows[last.clamp_min(0)]
    missing = (last < 0).reshape((-1,) + (1,) * len(rest))
    return torch.where(missing, torch.zeros_like(picked), picked)


def dynamic_stitch(indices, data, name=None):
    """TF1 `tf.dynamic_stitch`: `merged[indices[m][i]] = data[m][i]`."""
    return apply_op("DynamicStitch", [list(indices), list(data)], name=name or "DynamicStitch")


# -- LowerBound / UpperBound (searchsorted) ----------------------------------------------------

def _bound_infer(op, sorted_inputs, values, *, out_type=dtypes.int32):
    inputs = [sorted_inputs, values]
    fns.with_rank(op, inputs, sorted_inputs.shape, 2)
    v = fns.with_rank(op, inputs, values.shape, 2)
    return [(out_type, v)]


def _std_bound(rows, values, right):
    """std::lower_bound / std::upper_bound (TF's kernels), step for step, per row: with NaNs the
    rows are not ordered, and the answer is whichever one the C++ halving lands on."""
    n = rows.shape[1]
    first = torch.zeros(values.shape, dtype=torch.int64, device=values.device)
    count = torch.full_like(first, n)
    while bool((count > 0).any()):
        step = count // 2
        it = first + step
        elem = torch.gather(rows, 1, it.clamp(max=n - 1))
        go = (~(values < elem) if right else elem < values) & (count > 0)
        first = torch.where(go, it + 1, first)
        count = torch.where(go, count - step - 1, torch.where(count > 0, step, count))
    return first


def _bound(right):
    def lower(ctx, sorted_inputs, values, *, out_type=dtypes.int32):
        if sorted_inputs.shape[0] != values.shape[0]:
            _fail(ctx, "Leading dim_size of both tensors must match.")
        if not sorted_inputs.shape[1] or not values.shape[1]:
            return torch.zeros(values.shape, dtype=out_type.torch_dtype)
        if sorted_inputs.is_floating_point() and bool(
                sorted_inputs.isnan().any() or values.isnan().any()):
            # torch orders NaN last; TF's comparisons put it nowhere
            return _std_bound(sorted_inputs, values, right).to(out_type.torch_dtype)
        out = torch.searchsorted(sorted_inputs.contiguous(), values.contiguous(), right=right)
        return out.to(out_type.torch_dtype)
    lower.__name__ = "_lower_upper_bound" if right else "_lower_lower_bound"
    return lower


_BOUND_INPUTS = ("sorted_inputs: T", "values: T")
register_op("LowerBound", inputs=_BOUND_INPUTS, infer=_bound_infer,
            attrs={"out_type": dtypes.int32}, differentiable=False)(_bound(False))
register_op("UpperBound", inputs=_BOUND_INPUTS, infer=_bound_infer,
            attrs={"out_type": dtypes.int32}, differentiable=False)(_bound(True))


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """TF1 `tf.searchsorted`: where each value would be inserted into its sorted row; inputs of
    any rank >= 1 are flattened to rows (TF reshapes to 2-D and back)."""
    if side not in ("left", "right"):
        raise ValueError("Argument `side` must be either 'right' or 'left'. Received: "
                         "`side` = '%s'." % side)
    op_type = "UpperBound" if side == "right" else "LowerBound"
    sequence = array_ops.convert_to_tensor(sorted_sequence)
    values = array_ops.convert_to_tensor(values, dtype=sequence.dtype.base_dtype)
    seq_shape = array_ops.shape(sequence)
    val_shape = array_ops.shape(values)
    seq_2d = array_ops.reshape(sequence, stack([-1, seq_shape[-1]]))
    val_2d = array_ops.reshape(values, stack([-1, val_shape[-1]]))
    out = apply_op(op_type, [seq_2d, val_2d], name=name or op_type,
                   out_type=dtypes.as_dtype(out_type))
    result = array_ops.reshape(out, val_shape)
    if values.shape.ndims is not None:
        result.set_shape(values.shape)
    return result


# -- UnravelIndex, Bitcast, BroadcastArgs, ApproxTopK ------------------------------------------

def _unravel_infer(op, indices, dims):
    inputs = [indices, dims]
    fns.with_rank(op, inputs, dims.shape, 1)
    n = dims.shape.as_list()[0] if dims.shape.ndims == 1 else None
    if indices.shape.ndims is None:
        return [(_dtype(indices), _unknown())]
    if indices.shape.ndims == 0:
        return [(_dtype(indices), TensorShape([n]))]
    fns.with_rank(op, inputs, indices.shape, 1)
    return [(_dtype(indices), TensorShape([n, indices.shape.as_list()[0]]))]


@register_op("UnravelIndex", inputs=("indices: Tidx", "dims: Tidx"), infer=_unravel_infer,
             differentiable=False)
def _lower_unravel_index(ctx, indices, dims):
    if indices.dim() > 1:
        _fail(ctx, "The indices can only be scalar or vector, got \"%s\"" % list(indices.shape))
    if dims.dim() != 1:
        _fail(ctx, "The indices can only be 1-D, got \"%s\"" % list(dims.shape))
    sizes = [int(d) for d in dims.tolist()]
    if any(d <= 0 for d in sizes):
        _fail(ctx, "Input dims must be > 0, got %s" % sizes)
    total = int(np.prod(sizes))
    flat = indices.reshape(-1).long()
    if bool(((flat < 0) | (flat >= total)).any()):
        _fail(ctx, "index is out of bound as with dims")
    out = []
    for size in reversed(sizes):
        out.insert(0, flat % size)
        flat = torch.div(flat, size, rounding_mode="floor")
    result = torch.stack(out).to(indices.dtype)
    return result.reshape(len(sizes)) if indices.dim() == 0 else result


def unravel_index(indices, dims, name=None):
    """TF1 `tf.unravel_index`: flat indices into coordinate columns of an array of `dims`."""
    return apply_op("UnravelIndex", [indices, dims], name=name or "UnravelIndex")


def _bitcast_infer(op, x, *, type):
    src, dst = _dtype(x).size, type.size
    shape = x.shape
    if shape.ndims is None or src == dst:
        return [(type, shape)]
    dims = shape.as_list()
    if src > dst:
        return [(type, TensorShape(dims + [src // dst]))]
    if not dims or (dims[-1] is not None and dims[-1] != dst // src):
        raise shape_rules.shape_error(
            "Cannot bitcast from %s to %s: shape %s" % (shape_rules.cpp_type_name(_dtype(x)),
                                                          shape_rules.cpp_type_name(type),
                                                          shape_rules.shape_text(shape)),
            op, [x])
    return [(type, TensorShape(dims[:-1]))]


@register_op("Bitcast", inputs=("input: T",), infer=_bitcast_infer, attrs={"type": None},
             differentiable=False)
def _lower_bitcast(ctx, x, *, type):
    target = type.torch_dtype
    src, dst = x.element_size(), torch.empty((), dtype=target).element_size()
    if src == dst:
        return x.view(target)
    if src > dst:
        return x.contiguous().view(target).reshape(tuple(x.shape) + (src // dst,))
    if x.dim() == 0 or x.shape[-1] != dst // src:
        _fail(ctx, "Cannot bitcast from %s to %s: shape %s" % (x.dtype, target, list(x.shape)))
    return x.contiguous().view(target).reshape(tuple(x.shape[:-1]))


def bitcast(input, type, name=None):
    """TF1 `tf.bitcast`: the same bytes read as `type`."""
    return apply_op("Bitcast", [input], name=name or "Bitcast", type=dtypes.as_dtype(type))


def _broadcast_args_infer(op, s0, s1):
    inputs = [s0, s1]
    a = fns.with_rank(op, inputs, s0.shape, 1).as_list()[0]
    b = fns.with_rank(op, inputs, s1.shape, 1).as_list()[0]
    n = None if a is None or b is None else max(a, b)
    return [(_dtype(s0), TensorShape([n]))]


@register_op("BroadcastArgs", inputs=("s0: T", "s1: T"), infer=_broadcast_args_infer,
             differentiable=False)
def _lower_broadcast_args(ctx, s0, s1):
    a, b = [int(v) for v in s0.tolist()], [int(v) for v in s1.tolist()]
    try:
        out = np.broadcast_shapes(tuple(a), tuple(b))
    except ValueError:
        _fail(ctx, "Incompatible shapes: [%s] vs. [%s]" % (",".join(map(str, a)),
                                                            ",".join(map(str, b))))
    return torch.tensor(out, dtype=s0.dtype).reshape(len(out))


def broadcast_dynamic_shape(shape_x, shape_y):
    """TF1 `tf.broadcast_dynamic_shape`: the broadcast of two shape vectors."""
    return apply_op("BroadcastArgs", [shape_x, shape_y], name="BroadcastArgs")


def approx_top_k(input, k, reduction_dimension=-1, recall_target=0.95, is_max_k=True,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """TF1 `tf.approx_top_k`: the `ApproxTopK` op's (values, indices) of the k largest (or
    smallest) entries along `reduction_dimension`; exact on one machine, as TF's CPU kernel."""
    return apply_op("ApproxTopK", [input], name=name or "ApproxTopK", k=int(k),
                    reduction_dimension=int(reduction_dimension),
                    recall_target=float(recall_target), is_max_k=bool(is_max_k),
                    reduction_input_size_override=int(reduction_input_size_override),
                    aggregate_to_topk=bool(aggregate_to_topk))
