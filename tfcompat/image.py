"""`tf.image`: decoding/encoding and resizing (ops in ops/image_ops.py) plus TF1's composite
image functions (cropping, padding, flipping, dtype conversion, colour and standardization),
built from ordinary ops the way TF's image_ops_impl builds them.
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import public_constant_value_as_shape
from tfcompat.framework.operation import Tensor
from tfcompat.ops import array_ops
from tfcompat.ops import check_ops
from tfcompat.ops import einsum_ops
from tfcompat.ops import control_flow_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import random_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops.image_color_ops import adjust_gamma
from tfcompat.ops.image_color_ops import adjust_hue
from tfcompat.ops.image_color_ops import adjust_contrastv2
from tfcompat.ops.image_color_ops import adjust_saturation
from tfcompat.ops.image_color_ops import hsv_to_rgb
from tfcompat.ops.image_color_ops import random_hue
from tfcompat.ops.image_color_ops import random_saturation
from tfcompat.ops.image_color_ops import rgb_to_hsv
from tfcompat.ops.image_color_ops import rgb_to_yiq
from tfcompat.ops.image_color_ops import rgb_to_yuv
from tfcompat.ops.image_color_ops import yiq_to_rgb
from tfcompat.ops.image_color_ops import yuv_to_rgb
from tfcompat.ops.image_convert import convert_image_dtype
from tfcompat.ops.image_crop_ops import crop_and_resize
from tfcompat.ops.image_crop_ops import draw_bounding_boxes
from tfcompat.ops.image_crop_ops import extract_glimpse
from tfcompat.ops.image_crop_ops import sample_distorted_bounding_box
from tfcompat.ops.image_decode_more import adjust_jpeg_quality
from tfcompat.ops.image_decode_more import decode_and_crop_jpeg
from tfcompat.ops.image_decode_more import decode_bmp
from tfcompat.ops.image_decode_more import decode_gif
from tfcompat.ops.image_decode_more import decode_webp
from tfcompat.ops.image_decode_more import extract_jpeg_shape
from tfcompat.ops.image_decode_more import is_jpeg
from tfcompat.ops.image_decode_more import random_jpeg_quality
from tfcompat.ops.image_flip_ops import _check_at_least_3d
from tfcompat.ops.image_flip_ops import _image_rank
from tfcompat.ops.image_flip_ops import flip_left_right
from tfcompat.ops.image_flip_ops import flip_up_down
from tfcompat.ops.image_flip_ops import random_flip_left_right
from tfcompat.ops.image_flip_ops import random_flip_up_down
from tfcompat.ops.image_flip_ops import rot90
from tfcompat.ops.image_flip_ops import transpose
from tfcompat.ops.image_flip_ops import transpose_image
from tfcompat.ops.image_metrics import image_gradients
from tfcompat.ops.image_metrics import psnr
from tfcompat.ops.image_metrics import sobel_edges
from tfcompat.ops.image_metrics import ssim
from tfcompat.ops.image_metrics import ssim_multiscale
from tfcompat.ops.image_metrics import total_variation
from tfcompat.ops.image_nms_ops import combined_non_max_suppression
from tfcompat.ops.image_nms_ops import generate_bounding_box_proposals
from tfcompat.ops.image_nms_ops import non_max_suppression
from tfcompat.ops.image_nms_ops import non_max_suppression_overlaps
from tfcompat.ops.image_nms_ops import non_max_suppression_padded
from tfcompat.ops.image_nms_ops import non_max_suppression_with_scores
from tfcompat.ops.image_ops import decode_image
from tfcompat.ops.image_ops import decode_jpeg
from tfcompat.ops.image_ops import decode_png
from tfcompat.ops.image_ops import encode_jpeg
from tfcompat.ops.image_ops import encode_png
from tfcompat.ops.image_ops import resize_area
from tfcompat.ops.image_ops import resize_bicubic
from tfcompat.ops.image_ops import resize_bilinear
from tfcompat.ops.image_ops import resize_nearest_neighbor
from tfcompat.ops.image_patches_ops import extract_image_patches
from tfcompat.ops.image_patches_ops import extract_patches


class ResizeMethod:
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


_RESIZERS = {0: resize_bilinear, 1: resize_nearest_neighbor, 2: resize_bicubic, 3: resize_area,
             "bilinear": resize_bilinear, "nearest": resize_nearest_neighbor,
             "bicubic": resize_bicubic, "area": resize_area}


def _as_batch(image):
    image = convert_to_tensor(image, name="image")
    rank = image.shape.ndims
    if rank not in (3, 4):
        raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % image.shape)
    return (array_ops.expand_dims(image, 0) if rank == 3 else image), rank == 3


def _hw(image):
    dims = image.shape.as_list()
    return dims[-3], dims[-2]


def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False,
                  preserve_aspect_ratio=False, name=None):
    """TF1 `tf.image.resize_images`: float32 output except for NEAREST_NEIGHBOR."""
    with name_scope(name, "resize", [images, size]):
        images = convert_to_tensor(images, name="images")
        if images.shape.ndims not in (3, 4):
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        images, single = _as_batch(images)
        try:
            size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        except (TypeError, ValueError):
            raise ValueError("'size' must be a 1-D int32 Tensor")
        if not size.shape.is_compatible_with([2]):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
        if preserve_aspect_ratio:
            size = _aspect_preserving_size(images, size)
        # TF reads the size as a partial shape: tf.stack([4, n]) gives a static height
        new_hw = public_constant_value_as_shape(size)
        new_hw = [None, None] if new_hw.ndims is None else new_hw.as_list()
        if None not in new_hw and list(_hw(images)) == new_hw:
            out = images
        else:
            if method not in _RESIZERS:
                raise ValueError("Resize method is not implemented: %s" % method)
            out = _RESIZERS[method](images, size, align_corners=align_corners)
            out.set_shape([None] + new_hw + [None])
        return array_ops.squeeze(out, [0]) if single else out


resize = resize_images


def _aspect_preserving_size(images, size):
    """TF's preserve_aspect_ratio: the largest size within `size` keeping the image's aspect
    ratio, computed in the graph (the image's height and width may be dynamic)."""
    _, height, width, _ = _image_dimensions(images)
    f_height = math_ops.cast(height, dtypes.float32)
    f_width = math_ops.cast(width, dtypes.float32)
    scale = math_ops.minimum(math_ops.cast(size[0], dtypes.float32) / f_height,
                             math_ops.cast(size[1], dtypes.float32) / f_width)
    new_height = math_ops.cast(math_ops.round(scale * f_height), dtypes.int32)
    new_width = math_ops.cast(math_ops.round(scale * f_width), dtypes.int32)
    return convert_to_tensor([new_height, new_width], dtypes.int32, name="size")


def _is_tensor(x):
    return isinstance(x, Tensor) or hasattr(x, "_as_graph_element")


def _assert(cond, ex_type, msg):
    """TF's image_ops_impl._assert: raise now where `cond` is a Python bool, else an Assert op."""
    if _is_tensor(cond):
        return [control_flow_ops.Assert(cond, [msg])]
    if not cond:
        raise ex_type(msg)
    return []


def _as_batch4(image):
    """The image as a batch (rank-unknown images taken as one [?, ?, ?, ?] image), and whether
    it was a single image (TF's crop/pad_to_bounding_box)."""
    image = convert_to_tensor(image, name="image")
    ndims = image.shape.ndims
    if ndims == 4:
        return image, False
    if ndims not in (3, None):
        raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % image.shape)
    image = array_ops.expand_dims(image, 0)
    if ndims is None:
        image.set_shape([None] * 4)
    return image, True


def _image_dimensions(image):
    """TF's _ImageDimensions(image, 4): Python ints where static, else scalar tensors."""
    if image.shape.is_fully_defined():
        return image.shape.as_list()
    dynamic = array_ops.unstack(array_ops.shape(image), 4)
    return [s if s is not None else d for s, d in zip(image.shape.as_list(), dynamic)]


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """TF1 `tf.image.crop_to_bounding_box`, with TF's checks: ValueError for what is known
    while building, Assert ops (InvalidArgumentError when run) for the rest."""
    with name_scope(None, "crop_to_bounding_box", [image]):
        image, single = _as_batch4(image)
        checks = _check_at_least_3d(image)
        batch, height, width, depth = _image_dimensions(image)
        checks += _assert(offset_width >= 0, ValueError, "offset_width must be >= 0.")
        checks += _assert(offset_height >= 0, ValueError, "offset_height must be >= 0.")
        checks += _assert(target_width > 0, ValueError, "target_width must be > 0.")
        checks += _assert(target_height > 0, ValueError, "target_height must be > 0.")
        checks += _assert(width >= (target_width + offset_width), ValueError,
                          "width must be >= target + offset.")
        checks += _assert(height >= (target_height + offset_height), ValueError,
                          "height must be >= target + offset.")
        image = control_flow_ops.with_dependencies(checks, image)
        # TF's sizes: tf.shape(image)[0] and [3] (static where known), not -1; TF's op order
        begin = array_ops.stack([0, offset_height, offset_width, 0])
        size = array_ops.stack([array_ops.shape(image)[0], target_height, target_width,
                                array_ops.shape(image)[3]])
        out = indexing_ops.slice(image, begin, size)
        out.set_shape([None if _is_tensor(d) else d
                       for d in (batch, target_height, target_width, depth)])
        return array_ops.squeeze(out, [0]) if single else out


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """TF1 `tf.image.pad_to_bounding_box`: zero padding around the image, with TF's checks."""
    with name_scope(None, "pad_to_bounding_box", [image]):
        image, single = _as_batch4(image)
        batch, height, width, depth = _image_dimensions(image)
        after_w = target_width - offset_width - width
        after_h = target_height - offset_height - height
        checks = _check_at_least_3d(image)
        checks += _assert(offset_height >= 0, ValueError, "offset_height must be >= 0")
        checks += _assert(offset_width >= 0, ValueError, "offset_width must be >= 0")
        checks += _assert(after_w >= 0, ValueError, "width must be <= target - offset")
        checks += _assert(after_h >= 0, ValueError, "height must be <= target - offset")
        image = control_flow_ops.with_dependencies(checks, image)
        paddings = array_ops.reshape(array_ops.stack(
            [0, 0, offset_height, after_h, offset_width, after_w, 0, 0]), [4, 2])
        out = array_ops.pad(image, paddings)
        out.set_shape([None if _is_tensor(d) else d
                       for d in (batch, target_height, target_width, depth)])
        return array_ops.squeeze(out, [0]) if single else out


def resize_image_with_crop_or_pad(image, target_height, target_width):
    """TF1 `tf.image.resize_image_with_crop_or_pad`: centre crop and/or zero pad, with TF's
    checks (its own first, then crop_to_bounding_box's and pad_to_bounding_box's)."""
    with name_scope(None, "resize_image_with_crop_or_pad", [image]):
        image, single = _as_batch4(image)
        checks = _check_at_least_3d(image)
        checks += _assert(target_width > 0, ValueError, "target_width must be > 0.")
        checks += _assert(target_height > 0, ValueError, "target_height must be > 0.")
        image = control_flow_ops.with_dependencies(checks, image)
        if _is_tensor(target_height):
            target_height = control_flow_ops.with_dependencies(checks, target_height)
        if _is_tensor(target_width):
            target_width = control_flow_ops.with_dependencies(checks, target_width)
        _, h, w, _ = _image_dimensions(image)
        width_diff = target_width - w
        crop_w, pad_w = _max(-width_diff // 2, 0), _max(width_diff // 2, 0)
        height_diff = target_height - h
        crop_h, pad_h = _max(-height_diff // 2, 0), _max(height_diff // 2, 0)
        cropped = crop_to_bounding_box(image, crop_h, crop_w, _min(target_height, h),
                                       _min(target_width, w))
        out = pad_to_bounding_box(cropped, pad_h, pad_w, target_height, target_width)
        _, out_h, out_w, _ = _image_dimensions(out)
        checks = _assert(_equal(out_h, target_height), ValueError,
                         "resized height is not correct.")
        checks += _assert(_equal(out_w, target_width), ValueError,
                          "resized width is not correct.")
        out = control_flow_ops.with_dependencies(checks, out)
        return array_ops.squeeze(out, axis=[0]) if single else out


resize_with_crop_or_pad = resize_image_with_crop_or_pad


def _max(x, y):
    return max(x, y) if not hasattr(x, "op") and not hasattr(y, "op") else math_ops.maximum(x, y)


def _min(x, y):
    return min(x, y) if not hasattr(x, "op") and not hasattr(y, "op") else math_ops.minimum(x, y)


def _equal(x, y):
    return x == y if not _is_tensor(x) and not _is_tensor(y) else math_ops.equal(x, y)


def resize_image_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR,
                          align_corners=False):
    """TF1 `tf.image.resize_image_with_pad`: resize keeping the aspect ratio, then zero-pad
    (centred) to [target_height, target_width]."""
    with name_scope(None, "resize_image_with_pad", [image]):
        image = convert_to_tensor(image, name="image")
        image, single = _as_batch(image)
        if isinstance(target_height, int) and target_height <= 0:
            raise ValueError("target_height must be > 0.")
        if isinstance(target_width, int) and target_width <= 0:
            raise ValueError("target_width must be > 0.")
        height, width = _hw(image)
        shape = array_ops.shape(image)
        height = shape[1] if height is None else height
        width = shape[2] if width is None else width
        f_height, f_width = math_ops.cast(height, dtypes.float32), math_ops.cast(width,
                                                                                 dtypes.float32)
        f_target_h = math_ops.cast(target_height, dtypes.float32)
        f_target_w = math_ops.cast(target_width, dtypes.float32)
        ratio = math_ops.maximum(f_width / f_target_w, f_height / f_target_h)
        resized_h_float, resized_w_float = f_height / ratio, f_width / ratio
        resized_h = math_ops.cast(math_ops.floor(resized_h_float), dtypes.int32)
        resized_w = math_ops.cast(math_ops.floor(resized_w_float), dtypes.int32)
        pad_h = _max(0, math_ops.cast(math_ops.floor((f_target_h - resized_h_float) / 2),
                                      dtypes.int32))
        pad_w = _max(0, math_ops.cast(math_ops.floor((f_target_w - resized_w_float) / 2),
                                      dtypes.int32))
        resized = resize_images(image, array_ops.stack([resized_h, resized_w]), method,
                                align_corners=align_corners)
        padded = pad_to_bounding_box(resized, pad_h, pad_w, target_height, target_width)
        return array_ops.squeeze(padded, axis=[0]) if single else padded


def central_crop(image, central_fraction):
    """TF1 `tf.image.central_crop`: the central `central_fraction` of each side (dynamic
    heights, widths and fractions through tensors, as TF's does)."""
    with name_scope(None, "central_crop", [image]):
        image = convert_to_tensor(image, name="image")
        fraction = constant_value(central_fraction) if _is_tensor(central_fraction) \
            else central_fraction
        if fraction is not None:
            if fraction <= 0.0 or fraction > 1.0:
                raise ValueError("central_fraction must be within (0, 1]")
            if fraction == 1.0:
                return image
        else:
            image = control_flow_ops.with_dependencies(_assert(math_ops.logical_or(
                central_fraction > 0.0, central_fraction <= 1.0), ValueError,
                "central_fraction must be within (0, 1]"), image)
        rank = image.shape.ndims
        if rank is not None and rank < 3:
            _image_rank(image)
        if rank not in (3, 4):
            raise ValueError("`image` should either be a Tensor with rank = 3 or rank = 4. "
                             "Had rank = {}.".format(rank))
        dims = image.shape.as_list()[-3:-1]
        starts, sizes = [], []
        for i, dim in enumerate(dims):
            if dim is not None and fraction is not None:
                start = int((float(dim) - float(dim) * fraction) / 2)
            else:
                dim = array_ops.shape(image)[rank - 3 + i] if dim is None else dim
                dim_d = math_ops.cast(dim, dtypes.float64)
                start = math_ops.cast((dim_d - dim_d * math_ops.cast(
                    central_fraction, dtypes.float64)) / 2, dtypes.int32)
            starts.append(start)
            sizes.append(dim - start * 2)
        lead = [0] if rank == 4 else []
        begin = array_ops.stack(lead + starts + [0])
        size = array_ops.stack(([-1] if rank == 4 else []) + sizes + [-1])
        out = indexing_ops.slice(image, begin, size)
        static = [None if _is_tensor(d) else d for d in sizes]
        out.set_shape(image.shape.as_list()[:rank - 3] + static + image.shape.as_list()[-1:])
        return out


def per_image_standardization(image):
    """TF1 `tf.image.per_image_standardization`: zero mean and unit variance per image."""
    with name_scope(None, "per_image_standardization", [image]) as scope:
        image = math_ops.cast(convert_to_tensor(image, name="image"), dtypes.float32)
        axes = [-1, -2, -3]
        n = math_ops.cast(reduction_ops.reduce_prod(array_ops.shape(image)[-3:]),
                          dtypes.float32)
        mean = reduction_ops.reduce_mean(image, axis=axes, keepdims=True)
        stddev = math_ops.sqrt(reduction_ops.reduce_mean(math_ops.square(image - mean),
                                                         axis=axes, keepdims=True))
        adjusted = math_ops.maximum(stddev, math_ops.rsqrt(n))
        return math_ops.truediv(image - mean, adjusted, name=scope)  # TF names it the scope


def rgb_to_grayscale(images, name=None):
    """TF1 `tf.image.rgb_to_grayscale` (ITU-R 601 weights)."""
    with name_scope(name, "rgb_to_grayscale", [images]) as scope:
        images = convert_to_tensor(images, name="images")
        flt = convert_image_dtype(images, dtypes.float32)
        gray = einsum_ops.tensordot(flt, [0.2989, 0.5870, 0.1140], [-1, -1])  # a MatMul, as TF
        return convert_image_dtype(array_ops.expand_dims(gray, -1), images.dtype.base_dtype,
                                   name=scope)


def grayscale_to_rgb(images, name=None):
    """TF1 `tf.image.grayscale_to_rgb` (repeats the single channel)."""
    with name_scope(name, "grayscale_to_rgb", [images]) as scope:
        images = convert_to_tensor(images, name="images")
        images = control_flow_ops.with_dependencies(_check_grayscale(images), images)
        rank_1 = array_ops.expand_dims(array_ops.rank(images) - 1, 0)
        multiples = array_ops.concat([array_ops.ones(rank_1, dtype=dtypes.int32),
                                      array_ops.expand_dims(3, 0)], 0)
        rgb = array_ops.tile(images, multiples, name=scope)
        rgb.set_shape(images.shape[:-1].concatenate([3]))
        return rgb


def _check_grayscale(image):
    """TF's _CheckGrayscaleImage(require_static=False)."""
    shape = image.shape
    if shape.ndims is not None and shape.ndims < 2:
        raise ValueError("A grayscale image (shape %s) must be at least two-dimensional."
                         % shape)
    if shape.is_fully_defined():
        if shape[-1] != 1:
            raise ValueError("Last dimension of a grayscale image should be size 1.")
        return []
    return [check_ops.assert_equal(array_ops.shape(image)[-1], 1,
                                   message="Last dimension of a grayscale image should be size 1."),
            check_ops.assert_greater_equal(array_ops.rank(image), 3, message="A grayscale "
                                           "image must be at least two-dimensional.")]


def adjust_brightness(image, delta):
    """TF1 `tf.image.adjust_brightness`: adds `delta` in float space."""
    with name_scope(None, "adjust_brightness", [image, delta]) as scope:
        image = convert_to_tensor(image, name="image")
        orig = image.dtype.base_dtype
        # TF adds in half precision for float16 images (rounded there, not in float32)
        flt = image if orig in (dtypes.float16, dtypes.float32) else \
            convert_image_dtype(image, dtypes.float32)
        adjusted = math_ops.add(flt, math_ops.cast(delta, flt.dtype), name=scope)
        return convert_image_dtype(adjusted, orig, saturate=True)


def adjust_contrast(images, contrast_factor):
    """TF1 `tf.image.adjust_contrast` (op `AdjustContrastv2`): (x - mean) * factor + mean per
    channel of each image."""
    with name_scope(None, "adjust_contrast", [images, contrast_factor]) as scope:
        images = convert_to_tensor(images, name="images")
        orig = images.dtype.base_dtype
        flt = images if orig in (dtypes.float16, dtypes.float32) else \
            convert_image_dtype(images, dtypes.float32)
        adjusted = adjust_contrastv2(flt, contrast_factor, name=scope)
        return convert_image_dtype(adjusted, orig, saturate=True)


def random_brightness(image, max_delta, seed=None):
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_brightness(image, random_ops.random_uniform([], -max_delta, max_delta,
                                                              seed=seed))


def random_contrast(image, lower, upper, seed=None):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    return adjust_contrast(image, random_ops.random_uniform([], lower, upper, seed=seed))


def random_crop(value, size, seed=None, name=None):
    """TF1 `tf.random_crop`: a random `size` slice of `value`."""
    with name_scope(name, "random_crop", [value, size]) as scope:
        value = convert_to_tensor(value, name="value")
        size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        shape = array_ops.shape(value)
        check = control_flow_ops.Assert(
            reduction_ops.reduce_all(shape >= size),
            ["Need value.shape >= size, got ", shape, size], summarize=1000)
        shape = control_flow_ops.with_dependencies([check], shape)
        limit = shape - size + 1
        offset = math_ops.floormod(random_ops.random_uniform(
            array_ops.shape(shape), dtype=dtypes.int32, maxval=dtypes.int32.max, seed=seed),
            limit)
        out = indexing_ops.slice(value, offset, size, name=scope)  # TF names it the scope
        static = constant_value(size)
        if static is not None:
            out.set_shape(TensorShape([int(d) for d in static]))
        return out


__all__ = [
    "adjust_brightness", "adjust_contrast", "adjust_gamma", "adjust_hue", "adjust_jpeg_quality",
    "adjust_saturation", "central_crop", "combined_non_max_suppression", "convert_image_dtype",
    "crop_and_resize", "crop_to_bounding_box", "decode_and_crop_jpeg", "decode_bmp", "decode_gif",
    "decode_image", "decode_jpeg", "decode_png", "decode_webp", "draw_bounding_boxes",
    "encode_jpeg", "encode_png", "extract_glimpse", "extract_image_patches", "extract_jpeg_shape",
    "extract_patches", "flip_left_right", "flip_up_down", "generate_bounding_box_proposals",
    "grayscale_to_rgb", "hsv_to_rgb",
    "image_gradients", "is_jpeg", "non_max_suppression", "non_max_suppression_overlaps",
    "non_max_suppression_padded", "non_max_suppression_with_scores", "pad_to_bounding_box",
    "per_image_standardization", "psnr", "random_brightness", "random_contrast", "random_crop",
    "random_flip_left_right", "random_flip_up_down", "random_hue", "random_jpeg_quality",
    "random_saturation", "resize", "resize_area", "resize_bicubic", "resize_bilinear",
    "resize_image_with_crop_or_pad", "resize_image_with_pad", "resize_images",
    "resize_nearest_neighbor", "resize_with_crop_or_pad", "ResizeMethod", "rgb_to_grayscale",
    "rgb_to_hsv", "rgb_to_yiq", "rgb_to_yuv", "rot90", "sample_distorted_bounding_box",
    "sobel_edges", "ssim", "ssim_multiscale", "total_variation", "transpose", "transpose_image",
    "yiq_to_rgb", "yuv_to_rgb",
]


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("image", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('image', __name__)   # TF's names, not this module's imports
