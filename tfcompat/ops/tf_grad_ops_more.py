"""More of TF's gradient ops, for graphs TF wrote (see tf_grad_ops.py): the image resizes'
(`ResizeBilinearGrad`, `ResizeNearestNeighborGrad`, `ResizeBicubicGrad`), `MirrorPadGrad` and
the sparse segment reductions' (`SparseSegmentSumGrad`, `SparseSegmentMeanGrad`,
`SparseSegmentSqrtNGrad`, which `embedding_lookup_sparse`'s gradient emits).

The resize and mirror-pad gradients are the vector-Jacobian products of tfcompat's forward
lowerings (linear maps that follow TF's kernels), so a pixel read twice gets both gradients.
The sparse segment gradients are TF's kernel: output[indices[i]] += grad[segment_ids[i]] *
weight, the weight 1, 1 / n or 1 / sqrt(n) for a segment of n rows.
"""
from __future__ import annotations


import torch

from tfcompat import errors
from tfcompat.framework.registry import get_op_def
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import unknown_shape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops_pad  # noqa: F401 (registers MirrorPad, reused below)
from tfcompat.ops import image_ops  # noqa: F401 (registers the resizes, reused below)
from tfcompat.ops.tf_grad_ops_nn import _vjp


def _invalid(ctx, message):
    return errors.op_error(errors.InvalidArgumentError, ctx.op, message)


# -- image resizes ------------------------------------------------------------------------------

def _resize_grad_infer(op, grads, original_image, **attrs):
    inputs = [grads, original_image]
    fns.with_rank(op, inputs, grads.shape, 4)
    return [(original_image.dtype.base_dtype, fns.with_rank(op, inputs, original_image.shape, 4))]


def _resize_grad(forward_type):
    forward = get_op_def(forward_type).lower

    def lower(ctx, grads, original_image, **attrs):
        size = torch.tensor(list(grads.shape[1:3]), dtype=torch.int32)
        if grads.dim() != 4 or original_image.dim() != 4:
            raise _invalid(ctx, "input_grad must be 4-dimensional")
        if grads.shape[0] != original_image.shape[0] or grads.shape[3] != original_image.shape[3]:
            raise _invalid(ctx, "input_grad and original_image must have the same batch size "
                                "and depth")
        zeros = torch.zeros(original_image.shape, dtype=original_image.dtype,
                            device=grads.device)
        return _vjp(lambda x: forward(ctx, x, size, **attrs), zeros, grads.to(torch.float32))
    return lower


_RESIZE_ATTRS = {"align_corners": False, "half_pixel_centers": False}
for _type in ("ResizeBilinear", "ResizeBicubic"):
    register_op(_type + "Grad", inputs=("grads: float32", "original_image: T"),
                infer=_resize_grad_infer, attrs=_RESIZE_ATTRS)(_resize_grad(_type))


def _nearest_grad_infer(op, grads, size, **attrs):
    rank = fns.with_rank(op, [grads, size], grads.shape, 4).as_list()
    value = constant_value(size)
    hw = [None, None] if value is None else [int(v) for v in value]
    return [(grads.dtype.base_dtype, TensorShape([rank[0]] + hw + [rank[3]]))]


_nearest = get_op_def("ResizeNearestNeighbor").lower


@register_op("ResizeNearestNeighborGrad", inputs=("grads: T", "size: int32"),
             infer=_nearest_grad_infer, attrs=_RESIZE_ATTRS)
def _resize_nearest_grad(ctx, grads, size, **attrs):
    h, w = [int(v) for v in size.tolist()]
    if h <= 0 or w <= 0:
        raise _invalid(ctx, "original dimensions must be positive")
    zeros = torch.zeros((grads.shape[0], h, w, grads.shape[3]), dtype=grads.dtype,
                        device=grads.device)
    out_size = torch.tensor(list(grads.shape[1:3]), dtype=torch.int32)
    if not grads.is_floating_point():  # an integer gradient: index_add of the picked pixels
        return _vjp(lambda x: _nearest(ctx, x, out_size, **attrs), zeros.double(),
                    grads.double()).to(grads.dtype)
    return _vjp(lambda x: _nearest(ctx, x, out_size, **attrs), zeros, grads)


# -- MirrorPadGrad --------------------------------------------------------------------------------

def _mirror_pad_grad_infer(op, x, paddings, **attrs):
    value = constant_value(paddings)
    if value is None or x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape() if x.shape.ndims is None
                 else TensorShape([None] * x.shape.ndims))]
    dims = [None if d is None else d - int(a) - int(b)
            for d, (a, b) in zip(x.shape.as_list(), value.tolist())]
    return [(x.dtype.base_dtype, TensorShape(dims))]


_mirror_pad = get_op_def("MirrorPad").lower


@register_op("MirrorPadGrad", inputs=("input: T", "paddings: Tpaddings"),
             infer=_mirror_pad_grad_infer, attrs={"mode": "REFLECT"})
def _mirror_pad_grad(ctx, x, paddings, *, mode="REFLECT"):
    pads = [(int(a), int(b)) for a, b in paddings.tolist()]
    if len(pads) != x.dim():
        raise _invalid(ctx, "paddings must be a matrix with 2 columns and %d rows: %s"
                       % (x.dim(), pads))
    shape = [d - a - b for d, (a, b) in zip(x.shape, pads)]
    if any(d < 0 for d in shape):
        raise _invalid(ctx, "paddings must be smaller than the input: %s and %s"
                       % (pads, list(x.shape)))
    compute = x if x.is_floating_point() or x.is_complex() else x.double()
    zeros = torch.zeros(shape, dtype=compute.dtype, device=x.device)
    return _vjp(lambda t: _mirror_pad(ctx, t, paddings, mode=mode), zeros, compute).to(x.dtype)


# -- sparse segment reductions ----------------------------------------------------------------

def _segment_grad_infer(op, grad, indices, segment_ids, output_dim0, **attrs):
    inputs = [grad, indices, segment_ids, output_dim0]
    fns.with_rank(op, inputs, indices.shape, 1)
    fns.with_rank(op, inputs, segment_ids.shape, 1)
    fns.with_rank(op, inputs, output_dim0.shape, 0)
    dim0 = constant_value(output_dim0)
    if grad.shape.ndims is None:
        return [(grad.dtype.base_dtype, unknown_shape())]
    rows = None if dim0 is None else int(dim0)
    return [(grad.dtype.base_dtype, TensorShape([rows] + grad.shape.as_list()[1:]))]


def _weighted_rows(ctx, weight, grad, indices, segment_ids, rows):
    """TF's checks, then grad[segment_ids[i]] * weight(n of that segment) for every i."""
    if indices.numel() != segment_ids.numel():
        raise _invalid(ctx, "segment_ids and indices should have same size.")
    n0 = grad.shape[0] if grad.dim() else 0
    ids, idx = segment_ids.long(), indices.long()
    if ids.numel() and bool(((ids < 0) | (ids >= n0)).any()):
        bad = int(ids[(ids < 0) | (ids >= n0)][0])
        raise _invalid(ctx, "Segment id %d out of range [0, %d)." % (bad, n0))
    if idx.numel() and bool(((idx < 0) | (idx >= rows)).any()):
        bad = int(idx[(idx < 0) | (idx >= rows)][0])
        raise _invalid(ctx, "Index %d out of range [0, %d)." % (bad, rows))
    counts = torch.bincount(ids, minlength=n0).to(torch.float64)
    scale = weight(torch.clamp(counts, min=1)).to(grad.dtype)
    picked = grad.index_select(0, ids)
    return idx, picked * scale.index_select(0, ids).reshape((-1,) + (1,) * (grad.dim() - 1))


def _segment_grad(weight):
    def lower(ctx, grad, indices, segment_ids, output_dim0):
        rows = int(output_dim0)
        idx, picked = _weighted_rows(ctx, weight, grad, indices, segment_ids, rows)
        out = torch.zeros((rows,) + tuple(grad.shape[1:]), dtype=grad.dtype, device=grad.device)
        return out.index_add(0, idx, picked)
    return lower


def _segment_grad_v2(weight):
    """The rows of the V1 result at the sorted unique indices, and those indices."""
    def lower(ctx, grad, indices, segment_ids, dense_output_dim0):
        idx, picked = _weighted_rows(ctx, weight, grad, indices, segment_ids,
                                     int(dense_output_dim0))
        unique, where = torch.unique(idx, sorted=True, return_inverse=True)
        out = torch.zeros((unique.numel(),) + tuple(grad.shape[1:]), dtype=grad.dtype,
                          device=grad.device)
        return out.index_add(0, where, picked), unique.to(indices.dtype)
    return lower


def _segment_grad_v2_infer(op, grad, indices, segment_ids, dense_output_dim0, **attrs):
    inputs = [grad, indices, segment_ids, dense_output_dim0]
    fns.with_rank(op, inputs, indices.shape, 1)
    fns.with_rank(op, inputs, segment_ids.shape, 1)
    fns.with_rank(op, inputs, dense_output_dim0.shape, 0)
    rows = unknown_shape() if grad.shape.ndims is None else TensorShape(
        [None] + grad.shape.as_list()[1:])
    return [(grad.dtype.base_dtype, rows), (indices.dtype.base_dtype, TensorShape([None]))]


_SEGMENT_INPUTS = ("grad: T", "indices: Tidx", "segment_ids: Tsegmentids", "output_dim0: int32")
for _type, _weight in {"SparseSegmentSumGrad": torch.ones_like,
                       "SparseSegmentMeanGrad": torch.reciprocal,
                       "SparseSegmentSqrtNGrad": torch.rsqrt}.items():
    register_op(_type, inputs=_SEGMENT_INPUTS, infer=_segment_grad_infer)(_segment_grad(_weight))
    register_op(_type + "V2", inputs=_SEGMENT_INPUTS[:3] + ("dense_output_dim0: int32",),
                infer=_segment_grad_v2_infer)(_segment_grad_v2(_weight))
