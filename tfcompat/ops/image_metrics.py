"""Image quality measures and derivative filters of `tf.image`: psnr, ssim, ssim_multiscale,
total_variation, image_gradients and sobel_edges, composed of ordinary ops exactly as TF's
image_ops_impl composes them (so values, gradients and shapes follow from those ops).
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import name_scope
from tfcompat.ops import array_ops
from tfcompat.ops import control_flow_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_conv_ops
from tfcompat.ops import nn_ops
from tfcompat.ops import nn_pool_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops.image_convert import convert_image_dtype


def total_variation(images, name=None):
    """TF1 `tf.image.total_variation`: sum of absolute neighbour differences per image."""
    with name_scope(name, "total_variation"):
        images = convert_to_tensor(images, name="images")
        ndims = images.shape.ndims
        if ndims == 3:
            dif1 = images[1:, :, :] - images[:-1, :, :]
            dif2 = images[:, 1:, :] - images[:, :-1, :]
            axis = None
        elif ndims == 4:
            dif1 = images[:, 1:, :, :] - images[:, :-1, :, :]
            dif2 = images[:, :, 1:, :] - images[:, :, :-1, :]
            axis = [1, 2, 3]
        else:
            raise ValueError("'images' must be either 3 or 4-dimensional.")
        return (reduction_ops.reduce_sum(math_ops.abs(dif1), axis=axis)
                + reduction_ops.reduce_sum(math_ops.abs(dif2), axis=axis))


def _compatible_shapes(img1, img2):
    """TF's `_verify_compatible_image_shapes`: static checks, and run-time Asserts."""
    shape1 = img1.shape.with_rank_at_least(3)
    shape2 = img2.shape.with_rank_at_least(3)
    shape1[-3:].assert_is_compatible_with(shape2[-3:])
    if shape1.ndims is not None and shape2.ndims is not None:
        for dim1, dim2 in zip(reversed(shape1.dims[:-3]), reversed(shape2.dims[:-3])):
            if not (dim1 == 1 or dim2 == 1 or dim1.is_compatible_with(dim2)):
                raise ValueError("Two images are not compatible: %s and %s" % (shape1, shape2))
    dyn1, dyn2 = array_ops.shape_n([img1, img2])
    checks = [
        control_flow_ops.Assert(math_ops.greater_equal(array_ops.size(dyn1), 3), [dyn1, dyn2],
                           summarize=10),
        control_flow_ops.Assert(reduction_ops.reduce_all(math_ops.equal(dyn1[-3:], dyn2[-3:])),
                           [dyn1, dyn2], summarize=10)]
    return dyn1, dyn2, checks


def psnr(a, b, max_val, name=None):
    """TF1 `tf.image.psnr`: peak signal-to-noise ratio per image, in float32."""
    with name_scope(name, "PSNR", [a, b]):
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        max_val = convert_image_dtype(math_ops.cast(max_val, a.dtype), dtypes.float32)
        a = convert_image_dtype(a, dtypes.float32)
        b = convert_image_dtype(b, dtypes.float32)
        mse = reduction_ops.reduce_mean(math_ops.squared_difference(a, b), [-3, -2, -1])
        value = math_ops.subtract(20 * math_ops.log(max_val) / math_ops.log(10.0),
                                  np.float32(10 / np.log(10)) * math_ops.log(mse), name="psnr")
        _, _, checks = _compatible_shapes(a, b)
        with control_dependencies(checks):
            return array_ops.identity(value)


def _ssim_helper(x, y, reducer, max_val, compensation=1.0, k1=0.01, k2=0.03):
    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mean0, mean1 = reducer(x), reducer(y)
    num0 = mean0 * mean1 * 2.0
    den0 = math_ops.square(mean0) + math_ops.square(mean1)
    luminance = (num0 + c1) / (den0 + c1)
    num1 = reducer(x * y) * 2.0
    den1 = reducer(math_ops.square(x) + math_ops.square(y))
    c2 *= compensation
    cs = (num1 - num0 + c2) / (den1 - den0 + c2)
    return luminance, cs


def _fspecial_gauss(size, sigma):
    """MATLAB's fspecial('gaussian'), as TF builds it (a softmax of -r^2 / 2 sigma^2)."""
    size = convert_to_tensor(size, dtypes.int32)
    sigma = convert_to_tensor(sigma)
    coords = math_ops.cast(array_ops.range(size), sigma.dtype)
    coords -= math_ops.cast(size - 1, sigma.dtype) / 2.0
    g = math_ops.square(coords)
    g *= -0.5 / math_ops.square(sigma)
    g = array_ops.reshape(g, shape=[1, -1]) + array_ops.reshape(g, shape=[-1, 1])
    g = nn_ops.softmax(array_ops.reshape(g, shape=[1, -1]))
    return array_ops.reshape(g, shape=[size, size, 1, 1])


def _ssim_per_channel(img1, img2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01,
                      k2=0.03, return_index_map=False):
    size = filter_size if isinstance(filter_size, int) else None
    filter_size = convert_to_tensor(filter_size, dtype=dtypes.int32)
    filter_sigma = convert_to_tensor(filter_sigma, dtype=img1.dtype)
    shape1, shape2 = array_ops.shape_n([img1, img2])
    checks = [control_flow_ops.Assert(reduction_ops.reduce_all(
        math_ops.greater_equal(shape[-3:-1], filter_size)), [shape, filter_size], summarize=8)
        for shape in (shape1, shape2)]
    with control_dependencies(checks):
        img1 = array_ops.identity(img1)
    kernel = _fspecial_gauss(filter_size, filter_sigma)
    kernel = array_ops.tile(kernel, multiples=[1, 1, shape1[-1], 1])

    def reducer(x):
        shape, static = array_ops.shape(x), x.shape
        x = array_ops.reshape(x, shape=array_ops.concat([[-1], shape[-3:]], 0))
        y = nn_conv_ops.depthwise_conv2d(x, kernel, strides=[1, 1, 1, 1], padding="VALID")
        out = array_ops.reshape(y, array_ops.concat([shape[:-3], array_ops.shape(y)[1:]], 0))
        if static.ndims is not None and size is not None:  # as TF's constant folding infers
            hw = [None if d is None else d - size + 1 for d in static[-3:-1].as_list()]
            out.set_shape(static[:-3].concatenate(hw + [static[-1].value]))
        return out

    luminance, cs = _ssim_helper(img1, img2, reducer, max_val, 1.0, k1, k2)
    if return_index_map:
        return luminance * cs, cs
    axes = convert_to_tensor([-3, -2], dtype=dtypes.int32)
    return (reduction_ops.reduce_mean(luminance * cs, axes),
            reduction_ops.reduce_mean(cs, axes))


def _prepare_pair(img1, img2, max_val):
    img1 = convert_to_tensor(img1, name="img1")
    img2 = convert_to_tensor(img2, name="img2")
    shape1, shape2, checks = _compatible_shapes(img1, img2)
    with control_dependencies(checks):
        img1 = array_ops.identity(img1)
    # float32 images, and max_val scaled the same way
    max_val = convert_image_dtype(math_ops.cast(max_val, img1.dtype), dtypes.float32)
    return (convert_image_dtype(img1, dtypes.float32), convert_image_dtype(img2, dtypes.float32),
            max_val, shape1, shape2)


def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         return_index_map=False):
    """TF1 `tf.image.ssim`: structural similarity with an 11x11 Gaussian window."""
    with name_scope(None, "SSIM", [img1, img2]):
        img1, img2, max_val, _, _ = _prepare_pair(img1, img2, max_val)
        per_channel, _ = _ssim_per_channel(img1, img2, max_val, filter_size, filter_sigma,
                                           k1, k2, return_index_map)
        return reduction_ops.reduce_mean(per_channel, [-1])


_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def _downscale(imgs, heads, tails):
    """One MS-SSIM scale down: symmetric padding to even sizes, then a 2x2 average pool."""
    divisor = [1, 2, 2, 1]
    flat = [array_ops.reshape(x, array_ops.concat([[-1], t], 0)) for x, t in zip(imgs, tails)]
    remainder = tails[0] % convert_to_tensor(divisor[1:], dtype=dtypes.int32)
    need_padding = reduction_ops.reduce_any(math_ops.not_equal(remainder, 0))

    def do_pad():
        padding = array_ops.pad(array_ops.expand_dims(remainder, -1), [[1, 0], [1, 0]])
        return [array_ops.pad(x, padding, mode="SYMMETRIC") for x in flat]

    padded = control_flow_ops.cond(need_padding, do_pad, lambda: flat)
    down = [nn_pool_ops.avg_pool(x, ksize=divisor, strides=divisor, padding="VALID")
            for x in padded]
    tails = [x[1:] for x in array_ops.shape_n(down)]
    return [array_ops.reshape(x, array_ops.concat([h, t], 0))
            for x, h, t in zip(down, heads, tails)], tails


def ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11,
                    filter_sigma=1.5, k1=0.01, k2=0.03):
    """TF1 `tf.image.ssim_multiscale`: MS-SSIM over len(power_factors) scales."""
    with name_scope(None, "MS-SSIM", [img1, img2]):
        img1, img2, max_val, shape1, shape2 = _prepare_pair(img1, img2, max_val)
        imgs = [img1, img2]
        heads = [s[:-3] for s in (shape1, shape2)]
        tails = [s[-3:] for s in (shape1, shape2)]
        mcs = []
        for k in range(len(power_factors)):
            with name_scope(None, "Scale%d" % k, imgs):
                if k > 0:
                    imgs, tails = _downscale(imgs, heads, tails)
                per_channel, cs = _ssim_per_channel(
                    *imgs, max_val=max_val, filter_size=filter_size,
                    filter_sigma=filter_sigma, k1=k1, k2=k2)
                mcs.append(nn_ops.relu(cs))
        mcs.pop()  # the last scale contributes its full ssim, not its cs
        stacked = array_ops.stack(mcs + [nn_ops.relu(per_channel)], axis=-1)
        ms_ssim = reduction_ops.reduce_prod(math_ops.pow(stacked, power_factors), [-1])
        return reduction_ops.reduce_mean(ms_ssim, [-1])


def image_gradients(image):
    """TF1 `tf.image.image_gradients`: forward differences (dy, dx), zero in the last row and
    column."""
    image = convert_to_tensor(image, name="image")
    if image.shape.ndims != 4:
        raise ValueError("image_gradients expects a 4D tensor [batch_size, h, w, d], not {}."
                         .format(image.shape))
    image_shape = array_ops.shape(image)
    batch_size, height, width, depth = array_ops.unstack(image_shape)
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    shape = array_ops.stack([batch_size, 1, width, depth])
    dy = array_ops.reshape(array_ops.concat([dy, array_ops.zeros(shape, image.dtype)], 1),
                           image_shape)
    shape = array_ops.stack([batch_size, height, 1, depth])
    dx = array_ops.reshape(array_ops.concat([dx, array_ops.zeros(shape, image.dtype)], 2),
                           image_shape)
    return dy, dx


def sobel_edges(image):
    """TF1 `tf.image.sobel_edges`: [batch, h, w, d, 2] Sobel (dy, dx) maps, reflect-padded."""
    image = convert_to_tensor(image, name="image")
    static_shape = image.shape
    image_shape = array_ops.shape(image)
    kernels = np.array([[[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
                        [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]])
    kernels = np.expand_dims(np.transpose(kernels, (1, 2, 0)), -2)
    kernels = array_ops.tile(convert_to_tensor(kernels, dtype=image.dtype),
                             [1, 1, image_shape[-1], 1], name="sobel_filters")
    padded = array_ops.pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    output = nn_conv_ops.depthwise_conv2d(padded, kernels, [1, 1, 1, 1], "VALID")
    output = array_ops.reshape(output, shape=array_ops.concat([image_shape, [2]], 0))
    output.set_shape(static_shape.concatenate([2]))
    return output


__all__ = ["total_variation", "psnr", "ssim", "ssim_multiscale", "image_gradients",
           "sobel_edges"]
