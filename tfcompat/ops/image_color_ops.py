"""Colour-space image ops (RGBToHSV, HSVToRGB, AdjustHue, AdjustSaturation) with TF's kernels'
formulas, and the `tf.image` colour functions built on them (image_ops_impl's adjust_hue,
adjust_saturation, adjust_gamma, random_hue/saturation and the YIQ/YUV matrix conversions).
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import einsum_ops
from tfcompat.ops._shape_fns import with_rank
from tfcompat.ops._shape_fns import with_rank_at_least
from tfcompat.ops._shape_fns import with_value
from tfcompat.ops import random_ops
from tfcompat.ops.image_convert import convert_image_dtype


def _check_rgb(ctx, images, what="input"):
    if images.ndim < 1 or images.shape[-1] != 3:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s must have 3 channels but %s has %d channels"
                              % (what, what, images.shape[-1] if images.ndim else 0))


def _hsv(rgb):
    """TF's colorspace_op.h RGB -> HSV (H in [0, 1))."""
    r, g, b = rgb.unbind(-1)
    value = torch.maximum(torch.maximum(r, g), b)
    span = value - torch.minimum(torch.minimum(r, g), b)
    zero = torch.zeros_like(value)
    sat = torch.where(value > 0, span / torch.where(value > 0, value, 1), zero)
    norm = 1.0 / (6.0 * span)
    hue = torch.where(r == value, norm * (g - b),
                      torch.where(g == value, norm * (b - r) + 2.0 / 6.0,
                                  norm * (r - g) + 4.0 / 6.0))
    hue = torch.where(span > 0, hue, zero)
    hue = torch.where(hue < 0, hue + 1, hue)
    return torch.stack([hue, sat, value], -1)


def _rgb(hsv):
    """TF's colorspace_op.h HSV -> RGB."""
    h, s, v = hsv.unbind(-1)
    dh = h * 6
    dr = torch.clamp(torch.abs(dh - 3) - 1, 0, 1)
    dg = torch.clamp(2 - torch.abs(dh - 2), 0, 1)
    db = torch.clamp(2 - torch.abs(dh - 4), 0, 1)
    one_s = 1 - s
    return torch.stack([(one_s + s * dr) * v, (one_s + s * dg) * v, (one_s + s * db) * v], -1)


def _recip(x):
    return torch.where(x != 0, 1 / torch.where(x != 0, x, 1), torch.zeros_like(x))


def _hsv_grad_parts(r, g, b, s, v):
    """TF's `_RGBToHSVGrad` (image_grad.py), term by term: d(h, s, v)/d(r, g, b)."""
    t = r.dtype
    rb, gb, bb = ((r >= b) & (r >= g)).to(t), ((g > r) & (g >= b)).to(t), \
        ((b > r) & (b > g)).to(t)
    rs, gs, bs = ((r < b) & (r < g)).to(t), ((g <= r) & (g < b)).to(t), \
        ((b <= r) & (b <= g)).to(t)
    pr, pg, pb = (r > 0).to(t), (g > 0).to(t), (b > 0).to(t)
    ds = (pr * (rb * (gs * g + bs * b) * _recip(r * r) - rs * _recip(gb * g + bb * b)),
          pg * (gb * (rs * r + bs * b) * _recip(g * g) - gs * _recip(rb * r + bb * b)),
          pb * (bb * (gs * g + rs * r) * _recip(b * b) - bs * _recip(gb * g + rb * r)))
    sv = _recip(s * s) * _recip(v * v)
    dh_dr = (-pr * rb * (g - b) * sv + pg * gb * rs * (b - g) * _recip((r - g) ** 2)
             - pg * gb * bs * _recip(g - b) + pb * bb * rs * (b - g) * _recip((b - r) ** 2)
             + pb * bb * gs * _recip(b - g))
    dh_dg = (-pg * gb * (b - r) * sv + pr * rb * gs * (r - b) * _recip((r - g) ** 2)
             + pr * rb * bs * _recip(r - b) + pb * bb * gs * (r - b) * _recip((b - g) ** 2)
             - pb * bb * rs * _recip(b - r))
    dh_db = (-pb * bb * (r - g) * sv + pr * rb * bs * (g - r) * _recip((r - b) ** 2)
             - pr * rb * gs * _recip(r - g) + pg * gb * bs * (g - r) * _recip((g - b) ** 2)
             + pg * gb * rs * _recip(g - r))
    dh = tuple(60 * d / 360 for d in (dh_dr, dh_dg, dh_db))
    return dh, ds, (rb, gb, bb)


class _RGBToHSV(torch.autograd.Function):
    """RGB -> HSV whose backward is TF's registered gradient (not the true derivative: TF's
    formula is what TF1 programs were trained with)."""

    @staticmethod
    def forward(ctx, rgb):
        hsv = _hsv(rgb)
        ctx.save_for_backward(rgb, hsv)
        return hsv

    @staticmethod
    def backward(ctx, grad):
        rgb, hsv = ctx.saved_tensors
        dh, ds, dv = _hsv_grad_parts(*rgb.unbind(-1), hsv[..., 1], hsv[..., 2])
        gh, gs, gv = grad.unbind(-1)
        return torch.stack([gv * dv[i] + gs * ds[i] + gh * dh[i] for i in range(3)], -1)


def _colorspace_infer(op, images):
    """TF's ColorspaceShapeFn: rank >= 1 with a last dimension of 3."""
    shape = with_rank_at_least(op, [images], images.shape, 1)
    if shape.ndims is None:
        return [(images.dtype.base_dtype, shape)]
    dims = shape.as_list()
    with_value(op, [images], dims[-1], 3)
    return [(images.dtype.base_dtype, TensorShape(dims[:-1] + [3]))]


def _adjust_infer(op, images, factor):
    """TF's AdjustHue / AdjustSaturation / AdjustContrastv2 shape functions: the factor a
    scalar (AdjustContrastv2 checks it), the images of rank >= 3, unchanged."""
    if op.type == "AdjustContrastv2":
        with_rank(op, [images, factor], factor.shape, 0)
    return [(images.dtype.base_dtype,
             with_rank_at_least(op, [images, factor], images.shape, 3))]


@register_op("RGBToHSV", inputs=("images: T",), infer=_colorspace_infer)
def _lower_rgb_to_hsv(ctx, images):
    _check_rgb(ctx, images)
    return _RGBToHSV.apply(images)


@register_op("HSVToRGB", inputs=("images: T",), infer=_colorspace_infer,
             differentiable=False)
def _lower_hsv_to_rgb(ctx, images):
    _check_rgb(ctx, images)
    return _rgb(images)


@register_op("AdjustHue", inputs=("images: T", "delta: float"), infer=_adjust_infer)
def _lower_adjust_hue(ctx, images, delta):
    _check_rgb(ctx, images)
    hsv = _hsv(images.float())
    # the kernel turns the hue by delta * 6 sextants and wraps it into [0, 6)
    hue = torch.remainder(hsv[..., 0] * 6 + delta.float() * 6, 6.0) / 6
    out = _rgb(torch.stack([hue, hsv[..., 1], hsv[..., 2]], -1))
    return out.to(images.dtype)


@register_op("AdjustSaturation", inputs=("images: T", "scale: float"),
             infer=_adjust_infer)
def _lower_adjust_saturation(ctx, images, scale):
    _check_rgb(ctx, images)
    hsv = _hsv(images.float())
    sat = torch.clamp(hsv[..., 1] * scale.float(), 0.0, 1.0)
    return _rgb(torch.stack([hsv[..., 0], sat, hsv[..., 2]], -1)).to(images.dtype)


@register_op("AdjustContrastv2", inputs=("images: T", "contrast_factor: float"),
             infer=_adjust_infer)
def _lower_adjust_contrastv2(ctx, images, contrast_factor):
    if images.ndim < 3:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "input must be at least 3-D, "
                              "got shape %s" % list(images.shape))
    x = images.float()
    mean = x.mean(dim=(-3, -2), keepdim=True)
    return ((x - mean) * contrast_factor.float() + mean).to(images.dtype)


def adjust_contrastv2(images, contrast_factor, name=None):
    """The `AdjustContrastv2` op (TF registers no gradient for it)."""
    return apply_op("AdjustContrastv2", [images, contrast_factor],
                    name=name or "AdjustContrastv2")


def rgb_to_hsv(images, name=None):
    """TF1 `tf.image.rgb_to_hsv` (op `RGBToHSV`): hue, saturation and value in [0, 1]."""
    return apply_op("RGBToHSV", [images], name=name or "RGBToHSV")


def hsv_to_rgb(images, name=None):
    """TF1 `tf.image.hsv_to_rgb` (op `HSVToRGB`)."""
    return apply_op("HSVToRGB", [images], name=name or "HSVToRGB")


def _as_float(image):
    if image.dtype.base_dtype in (dtypes.float16, dtypes.float32):
        return image
    return convert_image_dtype(image, dtypes.float32)


def adjust_hue(image, delta, name=None):
    """TF1 `tf.image.adjust_hue`: rotates the hue by `delta` (a fraction of the circle)."""
    with name_scope(name, "adjust_hue", [image]):
        image = convert_to_tensor(image, name="image")
        altered = apply_op("AdjustHue", [_as_float(image), delta], name="AdjustHue")
        return convert_image_dtype(altered, image.dtype.base_dtype)


def adjust_saturation(image, saturation_factor, name=None):
    """TF1 `tf.image.adjust_saturation`: scales the HSV saturation (clipped to [0, 1])."""
    with name_scope(name, "adjust_saturation", [image]):
        image = convert_to_tensor(image, name="image")
        adjusted = apply_op("AdjustSaturation", [_as_float(image), saturation_factor],
                            name="AdjustSaturation")
        return convert_image_dtype(adjusted, image.dtype.base_dtype)


def random_hue(image, max_delta, seed=None):
    """TF1 `tf.image.random_hue`: adjust_hue by a delta uniform in [-max_delta, max_delta)."""
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_ops.random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_hue(image, delta)


def random_saturation(image, lower, upper, seed=None):
    """TF1 `tf.image.random_saturation`: a factor uniform in [lower, upper)."""
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    factor = random_ops.random_uniform([], lower, upper, seed=seed)
    return adjust_saturation(image, factor)


def adjust_gamma(image, gamma=1, gain=1):
    """TF1 `tf.image.adjust_gamma`: `gain * image ** gamma` in float, back to image's dtype."""
    with name_scope(None, "adjust_gamma", [image, gamma, gain]):
        image = convert_to_tensor(image, name="image")
        if isinstance(gamma, (int, float)) and gamma < 0:
            raise ValueError("Gamma should be a non-negative real number.")
        adjusted = gain * _as_float(image) ** gamma
        return convert_image_dtype(adjusted, image.dtype.base_dtype, saturate=True)


_RGB_TO_YIQ = [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617],
               [0.114, -0.32134392, 0.31119955]]
_YIQ_TO_RGB = [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021],
               [0.6208248, -0.64720424, 1.70423049]]
_RGB_TO_YUV = [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512],
               [0.114, 0.43601035, -0.10001026]]
_YUV_TO_RGB = [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]]


def _matrix_convert(images, kernel):
    # no name scope, as in TF: the ops land in the caller's scope
    images = convert_to_tensor(images, name="images")
    kernel = convert_to_tensor(kernel, dtype=images.dtype, name="kernel")
    ndims = images.shape.ndims
    return einsum_ops.tensordot(images, kernel, axes=[[ndims - 1], [0]])


def rgb_to_yiq(images):
    """TF1 `tf.image.rgb_to_yiq` (a 3x3 matrix on the last axis)."""
    return _matrix_convert(images, _RGB_TO_YIQ)


def yiq_to_rgb(images):
    """TF1 `tf.image.yiq_to_rgb`."""
    return _matrix_convert(images, _YIQ_TO_RGB)


def rgb_to_yuv(images):
    """TF1 `tf.image.rgb_to_yuv`."""
    return _matrix_convert(images, _RGB_TO_YUV)


def yuv_to_rgb(images):
    """TF1 `tf.image.yuv_to_rgb`."""
    return _matrix_convert(images, _YUV_TO_RGB)


__all__ = ["rgb_to_hsv", "hsv_to_rgb", "adjust_hue", "adjust_saturation", "random_hue",
           "random_saturation", "adjust_gamma", "rgb_to_yiq", "yiq_to_rgb", "rgb_to_yuv",
           "yuv_to_rgb"]
