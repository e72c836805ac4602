"""`Resampler` / `ResamplerGrad` (TF 1.15's tf.contrib.resampler): bilinear sampling of NHWC
`data` at the (x, y) points of `warp`, as TF's kernel computes it: the image is padded with
zeros, so a point fades to 0 over the pixel outside each border, and a point beyond that
(x <= -1, y <= -1, x >= width or y >= height) gives 0; floor(x) is taken of x as a float32 (TF
casts before std::floor, for double warps too); each output sums its four weighted corners in
TF's order. The gradient is torch's autograd of the same arithmetic: with respect to data, the
corner weights; with respect to warp, the derivative of the weights (TF's ResamplerGrad
formulas), 0 outside."""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import unknown_shape

_ATTRS = {"T": None}


def _resampler_infer(op, data, warp, **attrs):
    data_shape, warp_shape = data.shape, warp.shape
    if data_shape.ndims is not None and data_shape.ndims != 4:
        raise shape_rules.shape_error("Shape must be rank 4 but is rank %d" % data_shape.ndims,
                                      op, [data, warp])
    if warp_shape.ndims is not None and warp_shape.ndims < 2:
        raise shape_rules.shape_error("Shape must be at least rank 2 but is rank %d"
                                      % warp_shape.ndims, op, [data, warp])
    if warp_shape.ndims is None:
        return [(data.dtype.base_dtype, unknown_shape())]
    channels = data_shape.as_list()[3] if data_shape.ndims is not None else None
    return [(data.dtype.base_dtype, TensorShape(warp_shape.as_list()[:-1] + [channels]))]


def _check(ctx, data, warp):
    if data.dim() != 4:
        raise errors.op_error(errors.UnimplementedError, ctx.op, "Only bilinear interpolation "
                              "is currently supported. The input data shape must be "
                              "[batch_size, data_height, data_width, data_channels], but is: "
                              "[%s]" % ",".join(str(d) for d in data.shape))
    if warp.dim() < 2:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "warp should be at least a "
                              "matrix, got shape [%s]" % ",".join(str(d) for d in warp.shape))
    if warp.shape[-1] != 2:
        raise errors.op_error(errors.UnimplementedError, ctx.op, "Only bilinear interpolation "
                              "is supported, warping coordinates must be 2D; warp shape last "
                              "entry should be 2, but shape vector is: [%s]"
                              % ",".join(str(d) for d in warp.shape))
    if data.shape[0] != warp.shape[0]:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Batch size of data and "
                              "warp tensor must be the same, but input shapes are: [%s], [%s]"
                              % (",".join(str(d) for d in data.shape),
                                 ",".join(str(d) for d in warp.shape)))


def resample(data, warp):
    """TF's Resampler2DFunctor in torch operations (differentiable in data and warp)."""
    batch, height, width, channels = data.shape
    points = warp.reshape(batch, -1, 2)
    x, y = points[..., 0], points[..., 1]
    inside = (x > -1) & (y > -1) & (x < width) & (y < height)
    # outside points give 0: computed at (0, 0) instead, so no NaN or inf reaches a gradient
    x, y = torch.where(inside, x, 0), torch.where(inside, y, 0)
    fx, fy = torch.floor(x.float()).long(), torch.floor(y.float()).long()
    dx, dy = (fx + 1).to(x.dtype) - x, (fy + 1).to(y.dtype) - y
    # a zero border around the image: corners one pixel outside read 0
    padded = torch.nn.functional.pad(data, (0, 0, 1, 1, 1, 1)).reshape(-1, channels)
    rows = (torch.arange(batch, device=data.device) * ((height + 2) * (width + 2)))[:, None]

    def corner(cx, cy):
        return padded[(rows + (cy + 1) * (width + 2) + cx + 1).reshape(-1)].reshape(
            batch, -1, channels)

    dx, dy = dx[..., None], dy[..., None]
    one = torch.ones((), dtype=data.dtype, device=data.device)
    out = dx * dy * corner(fx, fy) + (one - dx) * (one - dy) * corner(fx + 1, fy + 1) \
        + dx * (one - dy) * corner(fx, fy + 1) + (one - dx) * dy * corner(fx + 1, fy)
    out = torch.where(inside[..., None], out, torch.zeros((), dtype=out.dtype))
    return out.reshape(tuple(warp.shape[:-1]) + (channels,))


@register_op("Resampler", inputs=("data: T", "warp: T"), infer=_resampler_infer, attrs=_ATTRS)
def _lower_resampler(ctx, data, warp, *, T=None):
    _check(ctx, data, warp)
    return resample(data, warp)


def _resampler_grad_infer(op, data, warp, grad_output, **attrs):
    return [(data.dtype.base_dtype, data.shape), (warp.dtype.base_dtype, warp.shape)]


@register_op("ResamplerGrad", inputs=("data: T", "warp: T", "grad_output: T"),
             infer=_resampler_grad_infer, attrs=_ATTRS, differentiable=False)
def _lower_resampler_grad(ctx, data, warp, grad_output, *, T=None):
    _check(ctx, data, warp)
    with torch.enable_grad():
        data_ = data.detach().requires_grad_(True)
        warp_ = warp.detach().requires_grad_(True)
        grad_data, grad_warp = torch.autograd.grad(resample(data_, warp_), (data_, warp_),
                                                   grad_output, allow_unused=True)
    return (grad_data if grad_data is not None else torch.zeros_like(data),
            grad_warp if grad_warp is not None else torch.zeros_like(warp))
