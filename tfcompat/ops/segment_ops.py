"""Segment reductions: `UnsortedSegmentSum` (tf.unsorted_segment_sum), which also turns an
`IndexedSlices` gradient into its dense value."""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value


def _unsorted_segment_infer(op, data, segment_ids, num_segments):
    n = constant_value(num_segments)
    if data.shape.ndims is None or segment_ids.shape.ndims is None:
        return [(data.dtype.base_dtype, TensorShape(None))]
    rest = data.shape[segment_ids.shape.ndims:]
    return [(data.dtype.base_dtype,
             TensorShape([None if n is None else int(n)]).concatenate(rest))]


@register_op("UnsortedSegmentSum", inputs=("data: T", "segment_ids: Tindices",
                                           "num_segments: Tnumsegments"),
             infer=_unsorted_segment_infer)
def _lower_unsorted_segment_sum(ctx, data, segment_ids, num_segments):
    n = int(num_segments)
    ids = segment_ids.reshape(-1).long()
    if ids.numel() and bool((ids >= n).any()):
        bad = int((ids >= n).nonzero()[0, 0])
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "segment_ids[%d] = %d is out of range [0, %d)"
                              % (bad, int(ids[bad]), n))
    rows = data.reshape((ids.numel(),) + tuple(data.shape[segment_ids.dim():]))
    keep = ids >= 0  # NOTE: TF drops negative segment ids.
    if not bool(keep.all()):
        rows, ids = rows[keep], ids[keep]
    out = torch.zeros((n,) + tuple(rows.shape[1:]), dtype=data.dtype, device=data.device)
    return out.index_add(0, ids, rows)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """TF1 `tf.unsorted_segment_sum`: out[i] = sum of data rows whose segment id is i."""
    return apply_op("UnsortedSegmentSum", [data, segment_ids, num_segments],
                    name=name or "UnsortedSegmentSum")


__all__ = ["unsorted_segment_sum"]
