"""TF 1.15's `tf.contrib.image.adjust_hsv_in_yiq` / `random_hsv_in_yiq`: a hue rotation and
saturation/value scaling of RGB images as one 3x3 colour matrix in YIQ space, with the
constants of TF's AdjustHsvInYiq kernel.

Differences from TensorFlow: built from graph ops (a matmul) instead of TF's AdjustHsvInYiq op,
so graphs hold no op of that type, and gradients flow (TF registers none for it).
"""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.framework import dtypes

# TF's kernel (contrib/image/kernels/adjust_hsv_in_yiq_op.h): RGB -> YIQ and its inverse
_YIQ = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]],
                np.float32)
_YIQ_INVERSE = np.array([[1, 0.95617069, 0.62143257], [1, -0.2726886, -0.64681324],
                         [1, -1.103744, 1.70062309]], np.float32)


def _hsv_matrix(delta_hue, scale_saturation, scale_value):
    """inverse_yiq @ hsv_transform @ yiq, float32, as the kernel builds it."""
    h = tf.cast(delta_hue, dtypes.float32)
    s = tf.cast(scale_saturation, dtypes.float32)
    v = tf.cast(scale_value, dtypes.float32)
    vsu, vsw = v * s * tf.cos(h), v * s * tf.sin(h)
    zero = tf.zeros([], dtypes.float32)
    hsv = tf.stack([tf.stack([v, zero, zero]), tf.stack([zero, vsu, -vsw]),
                    tf.stack([zero, vsw, vsu])])
    return tf.matmul(tf.matmul(tf.constant(_YIQ_INVERSE), hsv), tf.constant(_YIQ))


def adjust_hsv_in_yiq(image, delta_hue=0, scale_saturation=1, scale_value=1, name=None):
    """TF1 `tf.contrib.image.adjust_hsv_in_yiq`: rotates the hue of RGB images by `delta_hue`
    radians around Y, scales I and Q by `scale_saturation` and Y, I, Q by `scale_value`;
    returns images of `image`'s dtype and shape."""
    with tf.name_scope(name, "adjust_hsv_in_yiq", [image]):
        image = tf.convert_to_tensor(image, name="image")
        rank = image.get_shape().ndims
        if rank is not None and rank < 3:
            raise ValueError("Shape must be at least rank 3 but is rank %d for "
                             "'adjust_hsv_in_yiq' (op: 'AdjustHsvInYiq') with input shape %s"
                             % (rank, image.get_shape()))
        orig_dtype = image.dtype
        flt_image = tf.image.convert_image_dtype(image, dtypes.float32)
        channels = tf.shape(flt_image)[-1]
        check = tf.Assert(tf.equal(channels, 3), ["input must have 3 channels but instead has",
                                                  channels, "channels."])
        with tf.control_dependencies([check]):
            pixels = tf.reshape(flt_image, [-1, 3])
        matrix = _hsv_matrix(delta_hue, scale_saturation, scale_value)
        rgb_altered = tf.reshape(tf.matmul(pixels, matrix, transpose_b=True),
                                 tf.shape(flt_image))
        rgb_altered.set_shape(flt_image.get_shape())
        return tf.image.convert_image_dtype(rgb_altered, orig_dtype)


def random_hsv_in_yiq(image, max_delta_hue=0, lower_saturation=1, upper_saturation=1,
                      lower_value=1, upper_value=1, seed=None):
    """TF1 `tf.contrib.image.random_hsv_in_yiq`: adjust_hsv_in_yiq with the hue delta, the
    saturation and the value scales drawn uniformly from the given ranges."""
    if max_delta_hue < 0:
        raise ValueError("max_delta must be non-negative.")
    if lower_saturation < 0:
        raise ValueError("lower_saturation must be non-negative.")
    if lower_value < 0:
        raise ValueError("lower_value must be non-negative.")
    if lower_saturation > upper_saturation:
        raise ValueError("lower_saturation must be < upper_saturation.")
    if lower_value > upper_value:
        raise ValueError("lower_value must be < upper_value.")
    delta_hue = 0 if max_delta_hue == 0 else tf.random_uniform(
        [], -max_delta_hue, max_delta_hue, seed=seed)
    scale_saturation = lower_saturation if lower_saturation == upper_saturation else \
        tf.random_uniform([], lower_saturation, upper_saturation, seed=seed)
    scale_value = lower_value if lower_value == upper_value else \
        tf.random_uniform([], lower_value, upper_value, seed=seed)
    return adjust_hsv_in_yiq(image, delta_hue, scale_saturation, scale_value)
