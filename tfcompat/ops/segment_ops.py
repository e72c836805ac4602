"""Segment reductions: the sorted `Segment{Sum,Mean,Max,Min,Prod}` (tf.segment_*), the unsorted
`UnsortedSegment{Sum,Max,Min,Prod}` (tf.unsorted_segment_*; Sum also turns an `IndexedSlices`
gradient into its dense value), and TF's composites unsorted_segment_mean / _sqrt_n.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _tf_arith
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops._ragged_entry import ragged_entry


# -- reducing rows into segments ---------------------------------------------------------------

def _extreme_fill(dtype, largest):
    """TF's identity for an empty unsorted max/min segment: the lowest (highest) finite value."""
    if dtype.is_floating_point:
        info = torch.finfo(dtype)
        return info.min if largest else info.max
    info = torch.iinfo(dtype)
    return info.min if largest else info.max


def _after_last_nan(rows, ids, n):
    """Which rows TF's max/min reducer still sees: it keeps `acc = x` unless `x < acc` (for
    max), so a NaN resets the running value and only rows after a segment's last NaN count;
    a segment ending in NaN is NaN."""
    position = torch.arange(rows.shape[0], device=rows.device).reshape(
        [-1] + [1] * (rows.dim() - 1)).expand(rows.shape)
    nan_at = torch.where(torch.isnan(rows), position, -1)
    last = torch.full((n,) + tuple(rows.shape[1:]), -1, dtype=position.dtype, device=rows.device)
    last = last.scatter_reduce(0, ids.reshape([-1] + [1] * (rows.dim() - 1)).expand(rows.shape),
                               nan_at, reduce="amax")
    return position > last[ids], last


def _segment_reduce(rows, ids, n, kind):
    """out[s] = reduce(rows[i] for ids[i] == s) over n segments; empty segments hold the
    reduction's identity (the lowest/highest finite value for max/min)."""
    shape = (n,) + tuple(rows.shape[1:])
    index = ids.reshape([-1] + [1] * (rows.dim() - 1)).expand(rows.shape)
    if kind == "sum" and rows.is_complex():
        # torch's complex add turns (nan+0j) + 0j into nan+nanj; TF adds the parts apart
        return torch.complex(_segment_reduce(rows.real, ids, n, kind),
                             _segment_reduce(rows.imag, ids, n, kind))
    if kind == "sum":
        return torch.zeros(shape, dtype=rows.dtype, device=rows.device).index_add(0, ids, rows)
    if kind == "prod":
        return torch.ones(shape, dtype=rows.dtype, device=rows.device).scatter_reduce(
            0, index, rows, reduce="prod")
    largest = kind == "max"
    fill = _extreme_fill(rows.dtype, largest)
    if not rows.is_floating_point():
        return torch.full(shape, fill, dtype=rows.dtype, device=rows.device).scatter_reduce(
            0, index, rows, reduce="amax" if largest else "amin")
    seen, last_nan = _after_last_nan(rows, ids, n)
    masked = torch.where(seen, rows, rows.new_full((), fill))   # made where rows are: no copy
    out = torch.full(shape, fill, dtype=rows.dtype, device=rows.device).scatter_reduce(
        0, index, masked, reduce="amax" if largest else "amin", include_self=True)
    last_row = torch.full(shape, -1, dtype=last_nan.dtype, device=rows.device).scatter_reduce(
        0, index, torch.arange(rows.shape[0], device=rows.device).reshape(
            [-1] + [1] * (rows.dim() - 1)).expand(rows.shape), reduce="amax")
    return torch.where((last_nan >= 0) & (last_nan == last_row), rows.new_full((), float("nan")),
                       out)


def _reduce_in_type(rows, ids, n, kind):
    """`_segment_reduce` for every dtype TF allows: integer sums and products wrap in the
    input's type, and uint16/32/64 run in int64 (torch has few kernels for them)."""
    dtype = rows.dtype
    if kind in ("sum", "prod") and not (rows.is_floating_point() or rows.is_complex()):
        out = _segment_reduce(_tf_arith.int64_bits(rows).to(torch.int64), ids, n, kind)
        return _tf_arith.from_int64_bits(out, dtype) if _tf_arith.is_wide_unsigned(rows) \
            else out.to(dtype)
    if _tf_arith.is_wide_unsigned(rows):
        out = _segment_reduce(_tf_arith.order_key(rows), ids, n, kind)
        return _tf_arith.from_order_key(out, dtype)
    return _segment_reduce(rows, ids, n, kind)


# -- UnsortedSegmentSum / Max / Min / Prod -----------------------------------------------------

def _unsorted_segment_infer(op, data, segment_ids, num_segments):
    inputs = [data, segment_ids, num_segments]
    if num_segments.shape.ndims not in (None, 0):  # TF: WithRank(num_segments, 0)
        raise shape_rules.shape_error("Shape must be rank 0 but is rank %d"
                                      % num_segments.shape.ndims, op, inputs)
    n = constant_value(num_segments)
    if n is not None and int(n) < 0:
        raise shape_rules.shape_error(
            "Dimension size, given by scalar input 2, must be non-negative but is %d" % int(n),
            op, inputs, {2: n})
    if data.shape.ndims is None or segment_ids.shape.ndims is None:
        return [(data.dtype.base_dtype, TensorShape(None))]
    prefix = data.shape.as_list()[:segment_ids.shape.ndims]
    for p, q in zip(prefix, segment_ids.shape.as_list()):
        if p is not None and q is not None and p != q:
            raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d" % (p, q),
                                          op, inputs)
    rest = data.shape[segment_ids.shape.ndims:]
    return [(data.dtype.base_dtype,
             TensorShape([None if n is None else int(n)]).concatenate(rest))]


def _unsorted_rows(ctx, data, segment_ids, num_segments):
    """The rows and ids TF's UnsortedSegment kernels reduce, after their checks; negative ids
    are dropped, as TF does."""
    n = int(num_segments)
    if tuple(data.shape[:segment_ids.dim()]) != tuple(segment_ids.shape):
        raise errors.InvalidArgumentError(
            None, ctx.op, "data.shape = [%s] does not start with segment_ids.shape = [%s]"
            % (",".join(map(str, data.shape)), ",".join(map(str, segment_ids.shape))))
    ids = segment_ids.reshape(-1).long()
    if ids.numel() and bool((ids >= n).any()):
        bad = int((ids >= n).nonzero()[0, 0])
        raise errors.InvalidArgumentError(None, ctx.op, "segment_ids[%d] = %d is out of range "
                                          "[0, %d)" % (bad, int(ids[bad]), n))
    rows = data.reshape((ids.numel(),) + tuple(data.shape[segment_ids.dim():]))
    keep = ids >= 0
    if not bool(keep.all()):
        rows, ids = rows[keep], ids[keep]
    return rows, ids, n


def _unsorted_on_device(ctx, data, segment_ids, num_segments, kind):
    """TF's GPU kernels drop rows whose id is outside [0, num_segments) (its CPU kernels raise
    for ids >= num_segments): here they go to one more segment, cut off after, so the host
    never waits on the device to find them."""
    n = int(num_segments)
    if tuple(data.shape[:segment_ids.dim()]) != tuple(segment_ids.shape):
        return _reduce_in_type(*_unsorted_rows(ctx, data, segment_ids, num_segments), kind)
    ids = segment_ids.reshape(-1).long()
    rows = data.reshape((ids.numel(),) + tuple(data.shape[segment_ids.dim():]))
    ids = torch.where((ids >= 0) & (ids < n), ids, n)
    return _reduce_in_type(rows, ids, n + 1, kind)[:n]


def _register_unsorted(op_type, kind):
    def lower(ctx, data, segment_ids, num_segments):
        if data.device.type != "cpu":
            return _unsorted_on_device(ctx, data, segment_ids, num_segments, kind)
        return _reduce_in_type(*_unsorted_rows(ctx, data, segment_ids, num_segments), kind)
    lower.__name__ = "_lower_" + op_type.lower()
    register_op(op_type, inputs=("data: T", "segment_ids: Tindices",
                                 "num_segments: Tnumsegments"),
                infer=_unsorted_segment_infer)(lower)


for _type, _kind in (("UnsortedSegmentSum", "sum"), ("UnsortedSegmentMax", "max"),
                     ("UnsortedSegmentMin", "min"), ("UnsortedSegmentProd", "prod")):
    _register_unsorted(_type, _kind)


def _unsorted_fn(op_type, public):
    def fn(data, segment_ids, num_segments, name=None):
        return apply_op(op_type, [data, segment_ids, num_segments], name=name or op_type)
    fn.__name__ = public
    fn.__doc__ = "TF1 `tf.%s`: out[i] reduces the data rows whose segment id is i (negative ids " \
        "are dropped; empty segments hold the reduction's identity)." % public
    return ragged_entry(fn)


unsorted_segment_sum = _unsorted_fn("UnsortedSegmentSum", "unsorted_segment_sum")
unsorted_segment_max = _unsorted_fn("UnsortedSegmentMax", "unsorted_segment_max")
unsorted_segment_min = _unsorted_fn("UnsortedSegmentMin", "unsorted_segment_min")
unsorted_segment_prod = _unsorted_fn("UnsortedSegmentProd", "unsorted_segment_prod")


def _unsorted_segment_n(data, segment_ids, num_segments):
    """TF's _unsorted_segment_N: each segment's row count (at least 1), shaped to broadcast
    against the summed data."""
    num_segments = convert_to_tensor(num_segments)
    ones = array_ops.ones(array_ops.shape(segment_ids), dtype=data.dtype.base_dtype)
    n = unsorted_segment_sum(ones, segment_ids, num_segments)
    shape = array_ops.concat(
        [array_ops.reshape(num_segments, [1]),
         array_ops.ones(array_ops.reshape(array_ops.rank(data) - array_ops.rank(segment_ids),
                                          [1]), dtype=num_segments.dtype.base_dtype)], 0)
    return math_ops.maximum(array_ops.reshape(n, shape), 1)


@ragged_entry
def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """TF1 `tf.unsorted_segment_mean`: UnsortedSegmentSum / row counts, as TF composes it
    (integer data divide as `/` does: int32 to float64)."""
    with name_scope(name, "UnsortedSegmentMean"):
        data = convert_to_tensor(data)
        segment_ids = convert_to_tensor(segment_ids)
        n = _unsorted_segment_n(data, segment_ids, num_segments)
        summed = unsorted_segment_sum(data, segment_ids, num_segments)
        out = math_ops.truediv(summed, n)
        out.set_shape(summed.shape)
        return out


@ragged_entry
def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """TF1 `tf.unsorted_segment_sqrt_n`: UnsortedSegmentSum / sqrt(row counts)."""
    with name_scope(name, "UnsortedSegmentSqrtN"):
        data = convert_to_tensor(data)
        segment_ids = convert_to_tensor(segment_ids)
        n = _unsorted_segment_n(data, segment_ids, num_segments)
        summed = unsorted_segment_sum(data, segment_ids, num_segments)
        out = math_ops.truediv(summed, math_ops.sqrt(n))
        out.set_shape(summed.shape)
        return out


# -- SegmentSum / Mean / Max / Min / Prod (sorted ids) -----------------------------------------

def _segment_infer(op, data, segment_ids):
    if segment_ids.shape.ndims not in (None, 1):
        raise shape_rules.shape_error("Shape must be rank 1 but is rank %d"
                                      % segment_ids.shape.ndims, op, [data, segment_ids])
    if data.shape.ndims is None:
        return [(data.dtype.base_dtype, TensorShape(None))]
    return [(data.dtype.base_dtype, TensorShape([None]).concatenate(data.shape[1:]))]


def _sorted_rows(ctx, data, segment_ids):
    """SegmentReductionOp's checks: ids the length of data's first dimension, non-decreasing,
    and within [0, last id + 1)."""
    if segment_ids.shape[0] != (data.shape[0] if data.dim() else 1):
        raise errors.InvalidArgumentError(
            None, ctx.op, "segment_ids should be the same size as dimension 0 of input.")
    ids = segment_ids.long()
    n = int(ids[-1]) + 1 if ids.numel() else 0
    if ids.numel() > 1 and bool((ids[1:] < ids[:-1]).any()):
        raise errors.InvalidArgumentError(None, ctx.op, "segment ids are not increasing")
    if ids.numel() and int(ids[0]) < 0:
        raise errors.InvalidArgumentError(
            None, ctx.op, "Segment id %d out of range [0, %d), possibly because 'segment_ids' "
            "input is not sorted." % (int(ids[0]), n))
    return data, ids, n


def _empty_segments_zero(out, ids, n):
    """TF's sorted kernels write 0 for an id no row has (not max/min's identity)."""
    present = torch.zeros(n, dtype=torch.bool, device=out.device)
    present[ids] = True
    return torch.where(present.reshape([-1] + [1] * (out.dim() - 1)), out,
                       torch.zeros((), dtype=out.dtype, device=out.device))


def _register_sorted(op_type, kind):
    def lower(ctx, data, segment_ids):
        rows, ids, n = _sorted_rows(ctx, data, segment_ids)
        if kind == "mean":
            total = _reduce_in_type(rows, ids, n, "sum")
            counts = torch.zeros(n, dtype=torch.int64, device=rows.device).index_add(
                0, ids, torch.ones_like(ids)).clamp(min=1)
            counts = counts.reshape([-1] + [1] * (rows.dim() - 1))
            if total.is_floating_point() or total.is_complex():
                return total / counts.to(total.dtype)
            if _tf_arith.is_wide_unsigned(total):  # the wrapped sum, divided as unsigned
                return _tf_arith.floor_div(total, counts.to(total.dtype))
            return _tf_arith.truncate_div(total.to(torch.int64), counts).to(total.dtype)
        out = _reduce_in_type(rows, ids, n, kind)
        return _empty_segments_zero(out, ids, n) if kind in ("max", "min") else out
    lower.__name__ = "_lower_" + op_type.lower()
    register_op(op_type, inputs=("data: T", "segment_ids: Tindices"),
                infer=_segment_infer)(lower)


for _type, _kind in (("SegmentSum", "sum"), ("SegmentMean", "mean"), ("SegmentMax", "max"),
                     ("SegmentMin", "min"), ("SegmentProd", "prod")):
    _register_sorted(_type, _kind)


def _sorted_fn(op_type, public):
    def fn(data, segment_ids, name=None):
        return apply_op(op_type, [data, segment_ids], name=name or op_type)
    fn.__name__ = public
    fn.__doc__ = "TF1 `tf.%s`: out[i] reduces the data rows whose (sorted) segment id is i; " \
        "ids no row has give 0." % public
    return fn


segment_sum = _sorted_fn("SegmentSum", "segment_sum")
segment_mean = _sorted_fn("SegmentMean", "segment_mean")
segment_max = _sorted_fn("SegmentMax", "segment_max")
segment_min = _sorted_fn("SegmentMin", "segment_min")
segment_prod = _sorted_fn("SegmentProd", "segment_prod")


__all__ = ["unsorted_segment_sum", "unsorted_segment_max", "unsorted_segment_min",
           "unsorted_segment_prod", "unsorted_segment_mean", "unsorted_segment_sqrt_n",
           "segment_sum", "segment_mean", "segment_max", "segment_min", "segment_prod"]
