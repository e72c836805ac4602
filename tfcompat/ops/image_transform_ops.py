"""Projective image transforms: `ImageProjectiveTransformV2` / `V3` (the kernel behind TF 1.15's
`tf.contrib.image.transform`, and TF 2's `tf.raw_ops`), with TF's kernel's coordinate mapping,
rounding, fill modes and its registered image gradient. The Python API built on it lives in
tfcompat/contrib/image/.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops._traced import host_ints

_INTERPOLATIONS = ("NEAREST", "BILINEAR")
_FILL_MODES = ("CONSTANT", "REFLECT", "WRAP", "NEAREST")


def _str(value):
    return value.decode() if isinstance(value, bytes) else value


# -- coordinates ---------------------------------------------------------------------------------

def _reflect(coord, length):
    """TF's MapCoordinate<FILL_REFLECT> (scipy's): [abcd] -> [dcba|abcd|dcba]."""
    sz2 = 2 * length
    neg = torch.where(coord < sz2, sz2 * torch.trunc(-coord / sz2) + coord, coord)
    neg = torch.where(neg < -length, neg + sz2, -neg - 1)
    pos = coord - sz2 * torch.trunc(coord / sz2)
    pos = torch.where(pos >= length, sz2 - pos - 1, pos)
    return torch.where(coord < 0, neg, torch.where(coord > length - 1, pos, coord))


def _wrap(coord, length):
    """TF's MapCoordinate<FILL_WRAP>: [abcd] -> [abcd|abcd|abcd]."""
    size = length - 1
    neg = coord + length * (torch.trunc(-coord / size) + 1)
    pos = coord - length * torch.trunc(coord / size)
    return torch.where(coord < 0, neg, torch.where(coord > length - 1, pos, coord))


def _map_coordinate(coord, length, fill_mode):
    """Where an out-of-image coordinate reads from; CONSTANT leaves it outside (then it reads
    the fill value)."""
    if fill_mode == "CONSTANT":
        return coord
    if fill_mode != "NEAREST":
        if length <= 1:
            coord = torch.where((coord < 0) | (coord > length - 1), 0.0, coord)
        else:
            coord = (_reflect if fill_mode == "REFLECT" else _wrap)(coord, length)
    # NOTE: TF clamps after reflecting/wrapping, so that 3.5 in a length-4 axis cannot round to 4
    return coord.clamp(0.0, max(length - 1, 0))


def _round_half_away(x):
    """std::round (halves away from zero); torch.round rounds halves to even."""
    whole = torch.trunc(x)
    return whole + torch.where((x - whole).abs() >= 0.5, torch.sign(x), torch.zeros_like(x))


def _source_points(transforms, batch, out_h, out_w, device):
    """Input (x, y) read by each output pixel, [batch, out_h, out_w] each, and a mask of the
    pixels whose projection is 0 (TF outputs the fill value there)."""
    t = transforms.to(device, torch.float32)
    t = t.expand(batch, 8) if t.shape[0] == 1 else t
    ys = torch.arange(out_h, device=device, dtype=torch.float32)[None, :, None]
    xs = torch.arange(out_w, device=device, dtype=torch.float32)[None, None, :]
    col = [t[:, k, None, None] for k in range(8)]
    projection = col[6] * xs + col[7] * ys + 1.0
    in_x = (col[0] * xs + col[1] * ys + col[2]) / projection
    in_y = (col[3] * xs + col[4] * ys + col[5]) / projection
    return in_x, in_y, projection == 0


# -- sampling ------------------------------------------------------------------------------------

def _reader(images, fill):
    """read(y, x): the pixels at integer coordinates [batch, oh, ow] (any value), the fill
    value where they fall outside the image; [batch, oh, ow, channels]."""
    batch, height, width, channels = images.shape
    flat = images.reshape(batch, height * width, channels)

    def read(y, x):
        inside = (y >= 0) & (y < height) & (x >= 0) & (x < width)
        index = torch.where(inside, y * width + x, torch.zeros_like(y)).reshape(batch, -1)
        values = torch.gather(flat, 1, index[..., None].expand(-1, -1, channels))
        values = values.reshape(*y.shape, channels)
        return torch.where(inside[..., None], values, fill)

    return read


def _nearest(images, x, y, fill):
    read = _reader(images, fill)
    return read(_round_half_away(y).long(), _round_half_away(x).long())


def _bilinear(images, x, y, fill):
    # NOTE: TF's kernel interpolates in float32 for every dtype (float64 included)
    read = _reader(images.float(), fill.float())
    y0, x0 = torch.floor(y), torch.floor(x)
    y1, x1 = y0 + 1, x0 + 1
    iy0, ix0, iy1, ix1 = y0.long(), x0.long(), y1.long(), x1.long()
    wx0, wx1 = (x1 - x)[..., None], (x - x0)[..., None]
    top = wx0 * read(iy0, ix0) + wx1 * read(iy0, ix1)
    bottom = wx0 * read(iy1, ix0) + wx1 * read(iy1, ix1)
    return (y1 - y)[..., None] * top + (y - y0)[..., None] * bottom


def _to_image_dtype(values, dtype):
    if dtype.is_floating_point:
        return values.to(dtype)
    return torch.trunc(values).to(dtype)     # static_cast<T>(float): truncates


def projective_transform(images, transforms, out_h, out_w, interpolation, fill_mode, fill):
    """TF's ProjectiveGenerator over a [batch, h, w, c] image batch."""
    batch, height, width, channels = images.shape
    fill = torch.as_tensor(fill, device=images.device).to(
        torch.float32 if interpolation == "BILINEAR" else images.dtype)
    if batch == 0 or height == 0 or width == 0:
        return _to_image_dtype(fill, images.dtype).expand(batch, out_h, out_w, channels).clone()
    in_x, in_y, infinite = _source_points(transforms, batch, out_h, out_w, images.device)
    x = _map_coordinate(in_x, width, fill_mode)
    y = _map_coordinate(in_y, height, fill_mode)
    if interpolation == "NEAREST":
        out = _nearest(images, x, y, fill)
    else:
        out = _to_image_dtype(_bilinear(images, x, y, fill), images.dtype)
    return torch.where(infinite[..., None], _to_image_dtype(fill, images.dtype), out)


def flat_to_matrices(transforms):
    """[n, 8] projective transforms -> [n, 3, 3] matrices (the implicit last entry is 1)."""
    ones = torch.ones_like(transforms[:, :1])
    return torch.cat([transforms, ones], 1).reshape(-1, 3, 3)


def matrices_to_flat(matrices):
    flat = matrices.reshape(-1, 9)
    return (flat / flat[:, 8:9])[:, :8]


class _ProjectiveTransform(torch.autograd.Function):
    """The transform, whose image gradient is TF's registered one: the output gradient
    transformed back by the inverse transforms (not the exact adjoint of the sampling; TF1
    programs were trained with this). `transforms` gets no gradient, as in TF."""

    @staticmethod
    def forward(ctx, images, transforms, out_h, out_w, interpolation, fill_mode, fill):
        ctx.save_for_backward(transforms)
        ctx.config = (images.shape[1], images.shape[2], interpolation, fill_mode)
        return projective_transform(images, transforms, out_h, out_w, interpolation, fill_mode,
                                    fill)

    @staticmethod
    def backward(ctx, grad):
        (transforms,) = ctx.saved_tensors
        height, width, interpolation, fill_mode = ctx.config
        matrices = flat_to_matrices(transforms.float())
        inverse, info = torch.linalg.inv_ex(matrices)
        if bool((info != 0).any()):    # TF's gradient inverts with MatrixInverse, which says:
            raise errors.InvalidArgumentError(None, None, "Input is not invertible.")
        inverse = matrices_to_flat(inverse)
        grad_images = projective_transform(grad, inverse, height, width, interpolation,
                                           fill_mode, 0.0)
        return grad_images, None, None, None, None, None, None


# -- ImageProjectiveTransformV2 / V3 -------------------------------------------------------------

def _image_projective_transform_infer(op, images, transforms, output_shape, *fill_value,
                                      interpolation="", fill_mode="CONSTANT"):
    shape = images.shape.with_rank(4)
    output_shape.shape.with_rank(1)
    size = constant_value(output_shape)
    # NOTE: a negative constant size leaves the dimension unknown (the kernel raises)
    out_h, out_w = (None, None) if size is None or len(size) != 2 else \
        [int(v) if v >= 0 else None for v in size]
    return [(images.dtype.base_dtype, TensorShape([shape[0].value, out_h, out_w,
                                                   shape[3].value]))]


def _check_transform_args(ctx, images, transforms, output_shape, interpolation, fill_mode):
    """TF's kernel checks, plus the attrs' values (TF leaves an unknown interpolation or
    fill_mode unchecked and outputs zeros or uninitialized memory)."""
    if interpolation not in _INTERPOLATIONS:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s: Invalid interpolation %s. Supported types: NEAREST, BILINEAR"
                              % (ctx.op.type, interpolation))
    if fill_mode not in _FILL_MODES:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s: Invalid fill_mode %s. Supported types: CONSTANT, REFLECT, "
                              "WRAP, NEAREST" % (ctx.op.type, fill_mode))
    if images.dim() != 4:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Input images must have rank 4")
    if transforms.dim() != 2 or transforms.shape[1] != 8 or \
            transforms.shape[0] not in (1, images.shape[0]):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Input transform should be num_images x 8 or 1 x 8")
    if output_shape.dim() != 1 or output_shape.shape[0] != 2:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "output shape must have two elements%s"
                              % list(output_shape.shape))
    out_h, out_w = host_ints(output_shape)
    if out_h <= 0 or out_w <= 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "output dimensions must be positive")
    return out_h, out_w


def _transform(ctx, images, transforms, output_shape, fill, interpolation, fill_mode):
    interpolation, fill_mode = _str(interpolation), _str(fill_mode)
    out_h, out_w = _check_transform_args(ctx, images, transforms, output_shape, interpolation,
                                         fill_mode)
    if images.is_floating_point() and torch.is_grad_enabled() and images.requires_grad:
        return _ProjectiveTransform.apply(images, transforms, out_h, out_w, interpolation,
                                          fill_mode, fill)
    return projective_transform(images, transforms, out_h, out_w, interpolation, fill_mode,
                                fill)


@register_op("ImageProjectiveTransformV2",
             inputs=("images: dtype", "transforms: float32", "output_shape: int32"),
             infer=_image_projective_transform_infer,
             attrs={"interpolation": "", "fill_mode": "CONSTANT"})
def _lower_image_projective_transform_v2(ctx, images, transforms, output_shape, *,
                                         interpolation, fill_mode="CONSTANT"):
    return _transform(ctx, images, transforms, output_shape, 0.0, interpolation, fill_mode)


@register_op("ImageProjectiveTransformV3",
             inputs=("images: dtype", "transforms: float32", "output_shape: int32",
                     "fill_value: float32"),
             infer=_image_projective_transform_infer,
             attrs={"interpolation": "", "fill_mode": "CONSTANT"})
def _lower_image_projective_transform_v3(ctx, images, transforms, output_shape, fill_value, *,
                                         interpolation, fill_mode="CONSTANT"):
    if fill_value.numel() != 1:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "fill_value must be a scalar, got shape %s"
                              % list(fill_value.shape))
    fill = fill_value.reshape(()).to(images.device)
    return _transform(ctx, images, transforms, output_shape, fill, interpolation, fill_mode)
