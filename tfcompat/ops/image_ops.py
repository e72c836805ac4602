"""Image ops: PNG decoding/encoding (ops/_png.py, no imaging library needed), JPEG/GIF/BMP through
Pillow when it is installed, and the resize ops with TF1's coordinate conventions (legacy
`align_corners`/`half_pixel_centers`), written as separable weight matrices so gradients flow.
The composite `tf.image` functions live in tfcompat/image.py.
"""
from __future__ import annotations

import io
import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _png
from tfcompat.ops import _shape_fns


def _bytes(value) -> bytes:
    value = value.reshape(-1)[0] if isinstance(value, np.ndarray) else value
    return bytes(value)


def _pillow(ctx, what):
    try:
        from PIL import Image
    except ImportError:
        raise errors.op_error(errors.UnimplementedError, ctx.op, "tfcompat decodes and encodes "
                              "%s with Pillow, which is not installed; `pip install pillow` "
                              "(or tfcompat[image])." % what) from None
    return Image


# -- decoding and encoding ------------------------------------------------------------------

def _check_channels(ctx, channels):
    # TF's DecodeImageOp constructor, shared by DecodePng, DecodeJpeg, DecodeGif, DecodeImage
    if channels not in (0, 1, 3, 4):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "`channels` must be 0, 1, 3 or 4 but got %d" % channels)


def _decoded_infer(op, contents, *, channels=0, dtype=dtypes.uint8, **attrs):
    return [(dtype, TensorShape([None, None, channels or None]))]


@register_op("DecodePng", inputs=("contents: string",), infer=_decoded_infer,
             attrs={"channels": 0, "dtype": dtypes.uint8}, host_only=True,
             differentiable=False)
def _lower_decode_png(ctx, contents, *, channels=0, dtype=dtypes.uint8):
    _check_channels(ctx, channels)
    try:
        pixels = _png.decode(_bytes(contents), channels, dtype.as_numpy_dtype)
    except (_png.PNGError, ValueError) as e:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Invalid PNG data, size %d: %s" % (len(_bytes(contents)), e)) from e
    return torch.from_numpy(pixels.astype(dtype.as_numpy_dtype))


@register_op("EncodePng", inputs=("image: T",),
             infer=lambda op, image, **k: [(dtypes.string, TensorShape([]))],
             attrs={"compression": -1}, host_only=True, differentiable=False)
def _lower_encode_png(ctx, image, *, compression=-1):
    array = image.cpu().numpy()
    if array.ndim != 3 or not 1 <= array.shape[-1] <= 4:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "image must be 3-dimensional "
                              "with 1 to 4 channels, got shape %s" % list(array.shape))
    return np.array(_png.encode(array, compression), dtype=object)


_JPEG_MODES = {0: None, 1: "L", 3: "RGB"}


def _jpeg_draft(image, mode, ratio):
    # libjpeg's own scaling (TF's `ratio`: scale_denom, sizes rounded up) and grayscale
    # output (TF's channels=1: the Y channel, not Pillow's RGB->L weights), via Pillow's draft
    if image.format == "JPEG" and (ratio > 1 or mode == "L"):
        width, height = image.size
        image.draft(mode, (width / ratio, height / ratio))   # exact: ratio is 1, 2, 4 or 8
    return image


def _pillow_decode(ctx, data, channels, what, ratio=1):
    image_mod = _pillow(ctx, what)
    try:
        image = image_mod.open(io.BytesIO(data))
        mode = _JPEG_MODES.get(channels) or ("L" if image.mode in ("L", "1") else "RGB")
        array = np.asarray(_jpeg_draft(image, mode, ratio).convert(mode))
    except (OSError, ValueError) as e:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Invalid %s data or crop window, data size %d" % (what, len(data))
                              ) from e
    return array.reshape(array.shape[:2] + (-1,))


@register_op("DecodeJpeg", inputs=("contents: string",), infer=_decoded_infer,
             attrs={"channels": 0, "ratio": 1, "fancy_upscaling": True,
                    "try_recover_truncated": False, "acceptable_fraction": 1.0,
                    "dct_method": ""}, host_only=True, differentiable=False)
def _lower_decode_jpeg(ctx, contents, *, channels=0, ratio=1, **unused):
    _check_channels(ctx, channels)
    if ratio not in (1, 2, 4, 8):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "ratio must be 1, 2, 4, or 8, got %d" % ratio)
    return torch.from_numpy(_pillow_decode(ctx, _bytes(contents), channels, "JPEG",
                                           ratio).copy())


@register_op("EncodeJpeg", inputs=("image: uint8",),
             infer=lambda op, image, **k: [(dtypes.string, TensorShape([]))],
             attrs={"format": "", "quality": 95, "progressive": False, "optimize_size": False,
                    "chroma_downsampling": True, "density_unit": "in", "x_density": 300,
                    "y_density": 300, "xmp_metadata": ""},
             host_only=True, differentiable=False)
def _lower_encode_jpeg(ctx, image, *, format="", quality=95, progressive=False,
                       optimize_size=False, chroma_downsampling=True, density_unit="in",
                       x_density=300, y_density=300, xmp_metadata=""):
    image_mod = _pillow(ctx, "JPEG")
    array = image.cpu().numpy()
    picture = image_mod.fromarray(array[..., 0] if array.shape[-1] == 1 else array)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=int(quality), progressive=bool(progressive),
                 optimize=bool(optimize_size), subsampling=-1 if chroma_downsampling else 0)
    data = bytearray(out.getvalue())
    if data[6:11] == b"JFIF\x00":
        # TF's JFIF density (300 dpi by default; Pillow writes a 1:1 aspect ratio): the unit
        # byte (1 inch, 2 cm) and the big-endian x and y densities after the version
        data[13:18] = bytes([1 if density_unit == "in" else 2]) + \
            int(x_density).to_bytes(2, "big") + int(y_density).to_bytes(2, "big")
    return np.array(bytes(data), dtype=object)


@register_op("DecodeImage", inputs=("contents: string",),
             infer=lambda op, c, **k: [(k.get("dtype", dtypes.uint8),
                                        tensor_shape.unknown_shape())],
             attrs={"channels": 0, "dtype": dtypes.uint8, "expand_animations": True},
             host_only=True, differentiable=False)
def _lower_decode_image(ctx, contents, *, channels=0, dtype=dtypes.uint8,
                        expand_animations=True):
    _check_channels(ctx, channels)
    data = _bytes(contents)
    if data.startswith(b"\x89PNG"):
        return _lower_decode_png(ctx, contents, channels=channels, dtype=dtype)
    if data[:3] == b"\xff\xd8\xff" or data[:2] == b"BM" or data[:3] == b"GIF":
        what = "JPEG" if data[:3] == b"\xff\xd8\xff" else ("GIF" if data[:3] == b"GIF" else "BMP")
        pixels = _pillow_decode(ctx, data, channels, what)
        if what == "GIF" and expand_animations:
            pixels = pixels[None]
        out = torch.from_numpy(pixels.copy())
        if dtype != dtypes.uint8:
            out = out.to(dtype.torch_dtype) / 255.0 if dtype.is_floating else out
        return out
    raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Unknown image file format. One "
                          "of JPEG, PNG, GIF, BMP required.")


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """TF1 `tf.image.decode_png`: [height, width, channels] uint8 (or uint16) pixels."""
    return apply_op("DecodePng", [contents], name=name or "DecodePng", channels=int(channels),
                    dtype=dtypes.as_dtype(dtype))


def encode_png(image, compression=-1, name=None):
    """TF1 `tf.image.encode_png`: PNG bytes of a [height, width, channels] image."""
    # converted first, as TF's wrapper does: a uint16 array stays uint16 (not the attr default)
    return apply_op("EncodePng", [convert_to_tensor(image)], name=name or "EncodePng",
                    compression=int(compression))


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True,
                try_recover_truncated=False, acceptable_fraction=1, dct_method="", name=None):
    """TF1 `tf.image.decode_jpeg` (decoded with Pillow's libjpeg: `ratio` scales as TF's
    does; NOTE: the DCT is always the accurate integer one, TF's "INTEGER_ACCURATE" (TF's
    default is the fast one: pixels may differ by a few levels), and fancy_upscaling and the
    recovery options are recorded and ignored)."""
    return apply_op("DecodeJpeg", [contents], name=name or "DecodeJpeg", channels=int(channels),
                    ratio=int(ratio), fancy_upscaling=bool(fancy_upscaling),
                    try_recover_truncated=bool(try_recover_truncated),
                    acceptable_fraction=float(acceptable_fraction), dct_method=str(dct_method))


def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300,
                xmp_metadata="", name=None):
    """TF1 `tf.image.encode_jpeg` (encoded with Pillow's libjpeg: quality, progressive,
    optimize_size, chroma_downsampling and the density in inches as TF writes them)."""
    return apply_op("EncodeJpeg", [image], name=name or "EncodeJpeg", format=str(format),
                    quality=int(quality), progressive=bool(progressive),
                    optimize_size=bool(optimize_size),
                    chroma_downsampling=bool(chroma_downsampling), density_unit=str(density_unit),
                    x_density=int(x_density), y_density=int(y_density),
                    xmp_metadata=str(xmp_metadata))


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None,
                 expand_animations=True):
    """TF1 `tf.image.decode_image`: PNG natively; JPEG, GIF and BMP with Pillow."""
    with name_scope(name, "decode_image"):
        image = apply_op("DecodeImage", [contents], name="DecodeImage",
                         channels=int(channels or 0), dtype=dtypes.as_dtype(dtype),
                         expand_animations=bool(expand_animations))
    if not expand_animations:
        image.set_shape([None, None, int(channels or 0) or None])
    return image


# -- resizing ---------------------------------------------------------------------------------

def _scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return (in_size - 1) / (out_size - 1)
    return in_size / out_size


def _source(i, scale, half_pixel):
    return (i + 0.5) * scale - 0.5 if half_pixel else i * scale


def _weights(kind, in_size, out_size, align_corners, half_pixel):
    """The [out_size, in_size] interpolation matrix along one axis (TF's kernels)."""
    w = np.zeros((out_size, in_size), np.float64)
    scale = _scale(in_size, out_size, align_corners)
    for i in range(out_size):
        if kind == "area":
            start, stop = i * scale, (i + 1) * scale
            for v in range(int(math.floor(start)), min(in_size, int(math.ceil(stop)))):
                w[i, v] += (min(v + 1, stop) - max(v, start)) / scale
            continue
        src = _source(i, scale, half_pixel)
        if kind == "bilinear":
            low = math.floor(src)
            lerp = src - low
            w[i, min(max(low, 0), in_size - 1)] += 1 - lerp
            w[i, min(math.ceil(src), in_size - 1)] += lerp
        else:
            _bicubic_row(w[i], src, in_size, half_pixel)
    return w


def _bicubic_row(row, src, in_size, keys):
    # NOTE: TF looks the cubic weights up in a 1024-entry table (the fraction is rounded to
    # 1/1024); the half-pixel (Keys) variant drops taps outside the image and renormalizes.
    low = math.floor(src)
    t = round((src - low) * _TABLE) / _TABLE
    weights = list(_cubic(t, -0.5 if keys else -0.75))
    taps = [low - 1 + k for k in range(4)]
    if keys:
        weights = [wk if 0 <= tap < in_size else 0.0 for wk, tap in zip(weights, taps)]
        total = sum(weights)
        weights = [wk / total for wk in weights] if abs(total) > 1e-30 else weights
    for wk, tap in zip(weights, taps):
        row[min(max(tap, 0), in_size - 1)] += wk


_TABLE = 1024


def _cubic(t, a):
    def near(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    return far(t + 1), near(t), near(1 - t), far(2 - t)


def _resize_infer(op, images, size, **attrs):
    value = constant_value(size)
    # InferenceContext::MakeDim: a negative size is an unknown dimension (the kernel rejects it)
    hw = [None, None] if value is None else [int(v) if v >= 0 else None for v in value]
    inputs = [images, size]
    rank = _shape_fns.with_rank(op, inputs, images.shape, 4) \
        if images.shape.ndims is not None else None
    _shape_fns.with_value(op, inputs,
                          _shape_fns.with_rank(op, inputs, size.shape, 1).as_list()[0], 2)
    batch = rank[0].value if rank is not None else None
    channels = rank[3].value if rank is not None else None
    dtype = images.dtype.base_dtype if op.type == "ResizeNearestNeighbor" else dtypes.float32
    return [(dtype, TensorShape([batch] + hw + [channels]))]


def _resize_lowering(kind):
    def lower(ctx, images, size, *, align_corners=False, half_pixel_centers=False):
        out_h, out_w = [int(v) for v in size.tolist()]
        if out_h <= 0 or out_w <= 0:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "output dimensions must be positive")
        if align_corners and half_pixel_centers:
            # TF's ImageResizerState::ValidateAndCalculateOutputSize, shared by the kernels
            raise errors.op_error(errors.InvalidArgumentError, ctx.op, "If half_pixel_centers "
                                  "is True, align_corners must be False.")
        _, in_h, in_w, _ = images.shape
        if kind == "nearest":
            return _nearest(images, in_h, in_w, out_h, out_w, align_corners, half_pixel_centers)
        if kind == "bilinear":
            return _bilinear(images, in_h, in_w, out_h, out_w, align_corners, half_pixel_centers)
        x = images if images.is_floating_point() else images.float()
        x = x.float() if x.dtype != torch.float64 else x
        # weights made on the host, copied to a GPU without waiting
        wh = torch.as_tensor(_weights(kind, in_h, out_h, align_corners, half_pixel_centers),
                             dtype=x.dtype).to(x.device, non_blocking=True)
        ww = torch.as_tensor(_weights(kind, in_w, out_w, align_corners, half_pixel_centers),
                             dtype=x.dtype).to(x.device, non_blocking=True)
        return torch.einsum("ip,bpqc,jq->bijc", wh, x, ww).to(torch.float32)

    return lower


def _lerps(in_size, out_size, align_corners, half_pixel):
    """TF's CachedInterpolation table along one axis: lower and upper source indices and the
    float32 lerp, with the scale and source positions rounded to float32 as TF's kernel does."""
    if align_corners and out_size > 1:
        scale = np.float32(in_size - 1) / np.float32(out_size - 1)
    else:
        scale = np.float32(in_size) / np.float32(out_size)
    i = np.arange(out_size, dtype=np.float32)
    src = ((i + np.float32(0.5)) * scale - np.float32(0.5)) if half_pixel else i * scale
    floor = np.floor(src)
    lower = np.maximum(floor, 0).astype(np.int64)
    upper = np.minimum(np.ceil(src), in_size - 1).astype(np.int64)
    return lower, upper, (src - floor).astype(np.float32)


def _bilinear(images, in_h, in_w, out_h, out_w, align_corners, half_pixel):
    # TF's kernel, operation for operation in float32 (a weight matrix product rounds
    # differently: uint8 images resized were off by up to 1e-6 relative):
    # top = tl + (tr - tl) * x_lerp, bottom likewise, out = top + (bottom - top) * y_lerp
    x = images.float()
    device = x.device

    def table(in_size, out_size):
        lower, upper, lerp = _lerps(in_size, out_size, align_corners, half_pixel)
        return (torch.from_numpy(lower).to(device, non_blocking=True),
                torch.from_numpy(upper).to(device, non_blocking=True),
                torch.from_numpy(lerp).to(device, non_blocking=True))

    y_lo, y_hi, y_lerp = table(in_h, out_h)
    x_lo, x_hi, x_lerp = table(in_w, out_w)
    x_lerp, y_lerp = x_lerp.view(1, 1, -1, 1), y_lerp.view(1, -1, 1, 1)
    top_rows, bottom_rows = x.index_select(1, y_lo), x.index_select(1, y_hi)
    top_left, top_right = top_rows.index_select(2, x_lo), top_rows.index_select(2, x_hi)
    bottom_left = bottom_rows.index_select(2, x_lo)
    bottom_right = bottom_rows.index_select(2, x_hi)
    top = top_left + (top_right - top_left) * x_lerp
    bottom = bottom_left + (bottom_right - bottom_left) * x_lerp
    return top + (bottom - top) * y_lerp


def _nearest(images, in_h, in_w, out_h, out_w, align_corners, half_pixel):
    def index(in_size, out_size):
        scale = _scale(in_size, out_size, align_corners)
        src = (np.arange(out_size) + (0.5 if half_pixel else 0.0)) * scale
        idx = np.floor(src + 0.5) if align_corners else np.floor(src)  # C's roundf
        return torch.from_numpy(np.minimum(idx, in_size - 1).astype(np.int64)).to(
            images.device, non_blocking=True)

    return images.index_select(1, index(in_h, out_h)).index_select(2, index(in_w, out_w))


_RESIZE_ATTRS = {"align_corners": False, "half_pixel_centers": False}
for _type, _kind in (("ResizeBilinear", "bilinear"), ("ResizeNearestNeighbor", "nearest"),
                     ("ResizeBicubic", "bicubic"), ("ResizeArea", "area")):
    _lower = _resize_lowering(_kind)
    _lower.__name__ = "_lower_" + _type.lower()
    register_op(_type, inputs=("images: T", "size: int32"), infer=_resize_infer,
                attrs=dict(_RESIZE_ATTRS) if _kind != "area" else {"align_corners": False})(_lower)


def _resize_fn(op_type):
    def resize(images, size, align_corners=False, name=None, half_pixel_centers=False):
        attrs = {"align_corners": bool(align_corners)}
        if op_type != "ResizeArea":
            attrs["half_pixel_centers"] = bool(half_pixel_centers)
        with name_scope(name, op_type, [images, size]) as scope:
            # TF's generated wrapper: the op converts `size` (TF's TypeError names the op)
            return apply_op(op_type, [images, size], name=scope, **attrs)

    return resize


def _named(fn, name, op_type):
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = "TF1 `tf.image.%s` (op `%s`, TF1's pixel coordinates)." % (name, op_type)
    return fn


resize_bilinear = _named(_resize_fn("ResizeBilinear"), "resize_bilinear", "ResizeBilinear")
resize_nearest_neighbor = _named(_resize_fn("ResizeNearestNeighbor"), "resize_nearest_neighbor",
                                 "ResizeNearestNeighbor")
resize_bicubic = _named(_resize_fn("ResizeBicubic"), "resize_bicubic", "ResizeBicubic")
resize_area = _named(_resize_fn("ResizeArea"), "resize_area", "ResizeArea")
