"""More image codecs, through Pillow (the optional `tfcompat[image]` extra): DecodeBmp,
DecodeGif, DecodeWebP, DecodeAndCropJpeg, ExtractJpegShape and EncodeJpegVariableQuality, and
the `tf.image` functions built on them (is_jpeg, adjust_jpeg_quality, random_jpeg_quality).

NOTE: JPEG is lossy and decoders differ in their IDCT: Pillow's libjpeg and TF's libjpeg-turbo
(INTEGER_FAST by default) may disagree by a few levels on some pixels.
"""
from __future__ import annotations

import io

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import math_ops
from tfcompat.ops import random_ops
from tfcompat.ops import string_ops_more
from tfcompat.ops.image_convert import convert_image_dtype
from tfcompat.ops.image_ops import _bytes
from tfcompat.ops.image_ops import _pillow
from tfcompat.ops.image_ops import _pillow_decode
from tfcompat.ops.image_ops import decode_jpeg


def _open(ctx, data, what):
    image_mod = _pillow(ctx, what)
    try:
        image = image_mod.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, SyntaxError) as e:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Invalid %s data, size %d"
                              % (what, len(data))) from e
    return image


def _channels_infer(op, contents, *rest, channels=0, dtype=dtypes.uint8, **attrs):
    return [(dtype, TensorShape([None, None, channels or None]))]


def _decode_channels(image, channels, allowed, what, ctx):
    if channels not in allowed:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "channels must be one of %s "
                              "for %s, got %d" % (sorted(allowed), what, channels))
    if not channels:
        channels = {"L": 1, "LA": 4, "RGBA": 4, "P": 4 if "transparency" in image.info else 3,
                    "1": 1}.get(image.mode, 3)
    mode = {1: "L", 3: "RGB", 4: "RGBA"}[channels]
    array = np.asarray(image.convert(mode))
    return torch.from_numpy(array.reshape(array.shape[:2] + (channels,)).copy())


@register_op("DecodeBmp", inputs=("contents: string",), infer=_channels_infer,
             attrs={"channels": 0}, host_only=True, differentiable=False)
def _lower_decode_bmp(ctx, contents, *, channels=0):
    data = _bytes(contents)
    if not data.startswith(b"BM"):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Input is not a BMP file")
    return _decode_channels(_open(ctx, data, "BMP"), channels, (0, 1, 3, 4), "BMP", ctx)


def _webp_infer(op, contents, *, channels=0, dtype=dtypes.uint8):
    return [(dtype, TensorShape([None, None, None, channels or None]))]


@register_op("DecodeWebP", inputs=("contents: string",), infer=_webp_infer,
             attrs={"channels": 0, "dtype": dtypes.uint8}, host_only=True, differentiable=False)
def _lower_decode_webp(ctx, contents, *, channels=0, dtype=dtypes.uint8):
    """[num_frames, height, width, channels]: RGB, or RGBA where the image has alpha."""
    image = _open(ctx, _bytes(contents), "WebP")
    native = 4 if image.mode in ("RGBA", "LA") or "transparency" in image.info else 3
    if channels and channels != native:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Number of channels requested does not match input")
    frames = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        frames.append(_decode_channels(image, native, (3, 4), "WebP", ctx))
    return torch.stack(frames)


@register_op("DecodeGif", inputs=("image: string",),
             infer=lambda op, c, **k: [(dtypes.uint8, TensorShape([None, None, None, 3]))],
             host_only=True, differentiable=False)
def _lower_decode_gif(ctx, image):
    data = _bytes(image)
    if not data.startswith(b"GIF8"):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Invalid GIF data (size "
                              "%d), no GIF signature" % len(data))
    picture = _open(ctx, data, "GIF")
    frames = []
    for index in range(getattr(picture, "n_frames", 1)):
        picture.seek(index)
        frames.append(np.asarray(picture.convert("RGB")))
    return torch.from_numpy(np.stack(frames))


def _crop_window(ctx, window, height, width):
    y, x, h, w = [int(v) for v in window.tolist()]
    if h <= 0 or w <= 0 or y < 0 or x < 0 or y + h > height or x + w > width:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "jpeg::Uncompress failed. "
                              "Invalid JPEG data or crop window (crop window %s, image %dx%d)."
                              % ([y, x, h, w], height, width))
    return y, x, h, w


def _crop_infer(op, contents, crop_window, *, channels=0, **attrs):
    window = constant_value(crop_window)
    hw = [None, None] if window is None else [int(window[2]), int(window[3])]
    return [(dtypes.uint8, TensorShape(hw + [channels or None]))]


@register_op("DecodeAndCropJpeg", inputs=("contents: string", "crop_window: int32"),
             infer=_crop_infer,
             attrs={"channels": 0, "ratio": 1, "fancy_upscaling": True,
                    "try_recover_truncated": False, "acceptable_fraction": 1.0,
                    "dct_method": ""}, host_only=True, differentiable=False)
def _lower_decode_and_crop_jpeg(ctx, contents, crop_window, *, channels=0, **unused):
    pixels = _pillow_decode(ctx, _bytes(contents), channels, "JPEG")
    y, x, h, w = _crop_window(ctx, crop_window, pixels.shape[0], pixels.shape[1])
    return torch.from_numpy(pixels[y:y + h, x:x + w].copy())


@register_op("ExtractJpegShape", inputs=("contents: string",),
             infer=lambda op, c, output_type=dtypes.int32, **k: [(output_type, TensorShape([3]))],
             attrs={"output_type": dtypes.int32}, host_only=True, differentiable=False)
def _lower_extract_jpeg_shape(ctx, contents, *, output_type=dtypes.int32):
    data = _bytes(contents)
    image_mod = _pillow(ctx, "JPEG")
    try:
        image = image_mod.open(io.BytesIO(data))  # reads the header only
    except (OSError, ValueError) as e:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Invalid JPEG data, size %d" % len(data)) from e
    channels = {"L": 1, "CMYK": 4}.get(image.mode, 3)
    return torch.tensor([image.height, image.width, channels], dtype=output_type.torch_dtype)


@register_op("EncodeJpegVariableQuality", inputs=("images: uint8", "quality: int32"),
             infer=lambda op, images, quality, **k: [(dtypes.string, TensorShape([]))],
             host_only=True, differentiable=False)
def _lower_encode_jpeg_variable_quality(ctx, images, quality):
    q = int(quality)
    if not 0 <= q <= 100:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "quality must be in [0,100]")
    array = images.cpu().numpy()
    if array.ndim != 3 or array.shape[-1] not in (1, 3):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "image must have 1 or 3 "
                              "channels, got shape %s" % list(array.shape))
    picture = _pillow(ctx, "JPEG").fromarray(array[..., 0] if array.shape[-1] == 1 else array)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=max(q, 1))
    return np.array(out.getvalue(), dtype=object)


def decode_bmp(contents, channels=0, name=None):
    """TF1 `tf.io.decode_bmp` (op `DecodeBmp`): [height, width, channels] uint8."""
    return apply_op("DecodeBmp", [contents], name=name or "DecodeBmp", channels=int(channels))


def decode_gif(contents, name=None):
    """TF1 `tf.io.decode_gif` (op `DecodeGif`): [num_frames, height, width, 3] uint8."""
    return apply_op("DecodeGif", [contents], name=name or "DecodeGif")


def decode_webp(contents, channels=0, dtype=dtypes.uint8, name=None):
    """TF `tf.io.decode_webp` (op `DecodeWebP`): [num_frames, height, width, channels] uint8."""
    return apply_op("DecodeWebP", [contents], name=name or "DecodeWebP", channels=int(channels),
                    dtype=dtypes.as_dtype(dtype))


def decode_and_crop_jpeg(contents, crop_window, channels=0, ratio=1, fancy_upscaling=True,
                         try_recover_truncated=False, acceptable_fraction=1, dct_method="",
                         name=None):
    """TF1 `tf.io.decode_and_crop_jpeg` (op `DecodeAndCropJpeg`): the [crop_y, crop_x,
    crop_height, crop_width] window of a JPEG."""
    return apply_op("DecodeAndCropJpeg", [contents, crop_window],
                    name=name or "DecodeAndCropJpeg", channels=int(channels), ratio=int(ratio),
                    fancy_upscaling=bool(fancy_upscaling),
                    try_recover_truncated=bool(try_recover_truncated),
                    acceptable_fraction=float(acceptable_fraction), dct_method=dct_method)


def extract_jpeg_shape(contents, output_type=dtypes.int32, name=None):
    """TF1 `tf.io.extract_jpeg_shape` (op `ExtractJpegShape`): [height, width, channels]."""
    return apply_op("ExtractJpegShape", [contents], name=name or "ExtractJpegShape",
                    output_type=dtypes.as_dtype(output_type))


def is_jpeg(contents, name=None):
    """TF1 `tf.io.is_jpeg`: do the bytes start with a JPEG marker (\\xff\\xd8\\xff)?"""
    with name_scope(name, "is_jpeg"):
        head = string_ops_more.strings_substr(contents, 0, 3)
        return math_ops.equal(head, b"\xff\xd8\xff", name=name)


def adjust_jpeg_quality(image, jpeg_quality, dct_method="", name=None):
    """TF1 `tf.image.adjust_jpeg_quality`: a JPEG encode at `jpeg_quality` and decode."""
    with name_scope(name, "adjust_jpeg_quality", [image]):
        image = convert_to_tensor(image, name="image")
        channels = image.shape.as_list()[-1]
        orig_dtype = image.dtype.base_dtype
        image = convert_image_dtype(image, dtypes.uint8, saturate=True)
        jpeg_quality = convert_to_tensor(jpeg_quality, dtype=dtypes.int32)
        encoded = apply_op("EncodeJpegVariableQuality", [image, jpeg_quality],
                           name="EncodeJpegVariableQuality")
        decoded = decode_jpeg(encoded, channels=channels, dct_method=dct_method)
        return convert_image_dtype(decoded, orig_dtype, saturate=True)


def random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed=None):
    """TF1 `tf.image.random_jpeg_quality`: adjust_jpeg_quality at a quality uniform in
    [min_jpeg_quality, max_jpeg_quality)."""
    if (min_jpeg_quality < 0 or max_jpeg_quality < 0 or min_jpeg_quality > 100
            or max_jpeg_quality > 100):
        raise ValueError("jpeg encoding range must be between 0 and 100.")
    if min_jpeg_quality >= max_jpeg_quality:
        raise ValueError("`min_jpeg_quality` must be less than `max_jpeg_quality`.")
    quality = random_ops.random_uniform([], min_jpeg_quality, max_jpeg_quality, seed=seed,
                                        dtype=dtypes.int32)
    return adjust_jpeg_quality(image, quality)


__all__ = ["decode_bmp", "decode_gif", "decode_webp", "decode_and_crop_jpeg",
           "extract_jpeg_shape", "is_jpeg", "adjust_jpeg_quality", "random_jpeg_quality"]
