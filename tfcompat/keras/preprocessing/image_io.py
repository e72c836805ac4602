"""Pillow images <-> numpy arrays, as `tf.keras.utils` / `tf.keras.preprocessing.image` give
them: `array_to_img`, `img_to_array`, `load_img`, `save_img`. Pillow is optional (the `image`
extra); the functions that need it say so when it is missing."""
from __future__ import annotations

import io
import pathlib
import warnings

import numpy as np

try:
    from PIL import Image as pil_image
except ImportError:   # Pillow is optional: pip install 'tfcompat[image]'
    pil_image = None

from tfcompat.keras import backend

if pil_image is not None:
    _PIL_INTERPOLATION_METHODS = {
        "nearest": pil_image.Resampling.NEAREST,
        "bilinear": pil_image.Resampling.BILINEAR,
        "bicubic": pil_image.Resampling.BICUBIC,
        "hamming": pil_image.Resampling.HAMMING,
        "box": pil_image.Resampling.BOX,
        "lanczos": pil_image.Resampling.LANCZOS,
    }
else:
    _PIL_INTERPOLATION_METHODS = {}

_NO_PIL = ("Could not import PIL.Image. The use of `%s` requires PIL "
           "(pip install pillow, or 'tfcompat[image]').")


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A rank-3 array as a PIL image (RGBA, RGB, L, or I when a 1-channel image exceeds 255);
    `scale` stretches the values to 0..255 first."""
    data_format = backend.image_data_format() if data_format is None else data_format
    dtype = backend.floatx() if dtype is None else dtype
    if pil_image is None:
        raise ImportError(_NO_PIL % "array_to_img")
    x = np.asarray(x, dtype=dtype)
    if x.ndim != 3:
        raise ValueError("Expected image array to have rank 3 (single image). "
                         f"Got array with shape: {x.shape}")
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(f"Invalid data_format: {data_format}")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x /= x_max
        x *= 255
    if x.shape[2] == 4:
        return pil_image.fromarray(x.astype("uint8"), "RGBA")
    if x.shape[2] == 3:
        return pil_image.fromarray(x.astype("uint8"), "RGB")
    if x.shape[2] == 1:
        if np.max(x) > 255:
            return pil_image.fromarray(x[:, :, 0].astype("int32"), "I")
        return pil_image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {x.shape[2]}")


def img_to_array(img, data_format=None, dtype=None):
    """A PIL image (or anything `np.asarray` reads) as a rank-3 array."""
    data_format = backend.image_data_format() if data_format is None else data_format
    dtype = backend.floatx() if dtype is None else dtype
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(f"Unknown data_format: {data_format}")
    x = np.asarray(img, dtype=dtype)
    if len(x.shape) == 3:
        if data_format == "channels_first":
            x = x.transpose(2, 0, 1)
    elif len(x.shape) == 2:
        if data_format == "channels_first":
            x = x.reshape((1, x.shape[0], x.shape[1]))
        else:
            x = x.reshape((x.shape[0], x.shape[1], 1))
    else:
        raise ValueError(f"Unsupported image shape: {x.shape}")
    return x


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """The array written as an image file (an RGBA image is made RGB for JPEG)."""
    data_format = backend.image_data_format() if data_format is None else data_format
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and (file_format == "jpg" or file_format == "jpeg"):
        warnings.warn("The JPG format does not support RGBA images, converting to RGB.")
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def _open(path):
    if isinstance(path, io.BytesIO):
        return pil_image.open(path)
    if isinstance(path, (pathlib.Path, bytes, str)):
        if isinstance(path, pathlib.Path):
            path = str(path.resolve())
        with open(path, "rb") as f:    # read whole, so the file is closed at once
            return pil_image.open(io.BytesIO(f.read()))
    raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")


def _convert(img, color_mode):
    if color_mode == "grayscale":
        # 16- and 32-bit grayscale stay as they are (converting would clip them to 8 bits)
        return img if img.mode in ("L", "I;16", "I") else img.convert("L")
    if color_mode == "rgba":
        return img if img.mode == "RGBA" else img.convert("RGBA")
    if color_mode == "rgb":
        return img if img.mode == "RGB" else img.convert("RGB")
    raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')


def _crop_box(size, target):
    """The centred box of `size` (w, h) with the aspect ratio of `target` (w, h)."""
    width, height = size
    target_width, target_height = target
    crop_height = min(height, (width * target_height) // target_width)
    crop_width = min(width, (height * target_width) // target_height)
    top = (height - crop_height) // 2
    left = (width - crop_width) // 2
    return [left, top, left + crop_width, top + crop_height]


def load_img(path, grayscale=False, color_mode="rgb", target_size=None, interpolation="nearest",
             keep_aspect_ratio=False):
    """An image file (or BytesIO) as a PIL image in `color_mode`, resized to `target_size`
    (height, width) with `interpolation`."""
    if grayscale:
        warnings.warn('grayscale is deprecated. Please use color_mode = "grayscale"')
        color_mode = "grayscale"
    if pil_image is None:
        raise ImportError(_NO_PIL % "load_img")
    img = _convert(_open(path), color_mode)
    if target_size is None:
        return img
    width_height = (target_size[1], target_size[0])
    if img.size == width_height:
        return img
    if interpolation not in _PIL_INTERPOLATION_METHODS:
        raise ValueError("Invalid interpolation method {} specified. Supported methods are {}"
                         .format(interpolation, ", ".join(_PIL_INTERPOLATION_METHODS.keys())))
    resample = _PIL_INTERPOLATION_METHODS[interpolation]
    if keep_aspect_ratio:
        return img.resize(width_height, resample, box=_crop_box(img.size, width_height))
    return img.resize(width_height, resample)
