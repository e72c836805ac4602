"""`tf.keras.backend`'s volumetric and locally-connected helpers as tf_keras builds them in graph
mode: `conv3d`, `pool3d` (channels_first input transposed to NDHWC and back, as on a CPU),
`resize_volumes` (repeat_elements per axis), `spatial_3d_padding`, and `local_conv1d` /
`local_conv2d` (un-shared weights: every output position's patch flattened, the patches stacked
and multiplied by their own kernel slice with one batch_dot). backend.py re-exports them."""
from __future__ import annotations

import itertools

import tfcompat as tf
from tfcompat import _lazy

# the backend re-exports this module: reached on first use
_backend = _lazy.lazy_module("tfcompat.keras.backend")
_FORMATS = ("channels_first", "channels_last")


def _data_format(data_format):
    data_format = data_format or _backend.image_data_format()
    if data_format not in _FORMATS:
        raise ValueError("Unknown data_format: " + str(data_format))
    return data_format


def _padding(padding):
    if padding not in ("same", "valid"):
        raise ValueError("Invalid padding: " + str(padding))
    return padding.upper()


def _to_ndhwc(x, data_format):
    return tf.transpose(x, (0, 2, 3, 4, 1)) if data_format == "channels_first" else x


def _from_ndhwc(x, data_format):
    return tf.transpose(x, (0, 4, 1, 2, 3)) if data_format == "channels_first" else x


def conv3d(x, kernel, strides=(1, 1, 1), padding="valid", data_format=None,
           dilation_rate=(1, 1, 1)):
    """3-D convolution of a 5-D tensor by a [kd, kh, kw, in, out] kernel."""
    data_format = _data_format(data_format)
    x = tf.nn.convolution(input=_to_ndhwc(x, data_format), filter=kernel,
                          dilation_rate=dilation_rate, strides=strides,
                          padding=_padding(padding), data_format="NDHWC")
    return _from_ndhwc(x, data_format)


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None,
           pool_mode="max"):
    """3-D max or average pooling."""
    data_format = _data_format(data_format)
    x, padding = _to_ndhwc(x, data_format), _padding(padding)
    window, steps = (1,) + tuple(pool_size) + (1,), (1,) + tuple(strides) + (1,)
    if pool_mode == "max":
        x = tf.nn.max_pool3d(x, window, steps, padding=padding, data_format="NDHWC")
    elif pool_mode == "avg":
        x = tf.nn.avg_pool3d(x, window, steps, padding=padding, data_format="NDHWC")
    else:
        raise ValueError("Invalid pooling mode: " + str(pool_mode))
    return _from_ndhwc(x, data_format)


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    """Each voxel repeated by the three factors along depth, height and width."""
    if data_format not in _FORMATS:
        raise ValueError("Invalid data_format: " + str(data_format))
    first = 2 if data_format == "channels_first" else 1
    for offset, factor in enumerate((depth_factor, height_factor, width_factor)):
        x = _backend.repeat_elements(x, factor, axis=first + offset)
    return x


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    """Zero padding of the three spatial axes by (before, after) pairs."""
    if len(padding) != 3 or any(len(pair) != 2 for pair in padding):
        raise ValueError("spatial_3d_padding: `padding` must be 3 (before, after) pairs; got "
                         "%s" % (padding,))
    pads = [[int(before), int(after)] for before, after in padding]
    if _data_format(data_format) == "channels_first":
        return tf.pad(x, [[0, 0], [0, 0]] + pads)
    return tf.pad(x, [[0, 0]] + pads + [[0, 0]])


def _local_conv(inputs, kernel, kernel_size, strides, output_shape, data_format):
    """Un-shared N-d convolution: kernel [prod(output_shape), prod(kernel_size) * in, out]."""
    data_format = _data_format(data_format)
    kernel_dims = _backend.int_shape(kernel)
    feature_dim, channels_out = kernel_dims[1], kernel_dims[-1]
    ndims = len(output_shape)
    patches = []
    for position in itertools.product(*[range(n) for n in output_shape]):
        window = [slice(p * s, p * s + k) for p, s, k in zip(position, strides, kernel_size)]
        if data_format == "channels_first":
            index = [slice(None), slice(None)] + window
        else:
            index = [slice(None)] + window + [slice(None)]
        patches.append(tf.reshape(inputs[tuple(index)], (1, -1, feature_dim)))
    output = _backend.batch_dot(_backend.concatenate(patches, axis=0), kernel)
    output = tf.reshape(output, tuple(output_shape) + (-1, channels_out))
    spatial = list(range(ndims))
    if data_format == "channels_first":
        return tf.transpose(output, [ndims, ndims + 1] + spatial)
    return tf.transpose(output, [ndims] + spatial + [ndims + 1])


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """1-D convolution with un-shared weights (kernel [output_length, k * in, filters])."""
    output_length = tf.TensorShape(kernel.shape)[0].value
    return _local_conv(inputs, kernel, kernel_size, strides, (output_length,), data_format)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """2-D convolution with un-shared weights (kernel [rows * cols, kh * kw * in, filters])."""
    return _local_conv(inputs, kernel, kernel_size, strides, tuple(output_shape), data_format)


__all__ = ["conv3d", "pool3d", "resize_volumes", "spatial_3d_padding", "local_conv1d",
           "local_conv2d"]
