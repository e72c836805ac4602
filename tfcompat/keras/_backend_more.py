"""More of `tf.keras.backend`'s tensor helpers as tf_keras builds them in graph mode: the
comparisons, `reverse`, `in_top_k`, the seeded random tensors, `print_tensor`, `map_fn` and the
folds, and the convolution, pooling and padding helpers (channels_first input is transposed to
NHWC and back, as tf_keras does on a CPU). backend.py re-exports them (`K.<name>`)."""
from __future__ import annotations

import sys

import numpy as np

import tfcompat as tf
from tfcompat import _lazy

# the backend re-exports this module: reached on first use
_backend = _lazy.lazy_module("tfcompat.keras.backend")
_FORMATS = ("channels_first", "channels_last")


def greater_equal(x, y):
    return tf.greater_equal(x, y)


def less_equal(x, y):
    return tf.less_equal(x, y)


def softsign(x):
    return tf.nn.softsign(x)


def reverse(x, axes):
    """`x` reversed along `axes` (an int or a list of ints)."""
    return tf.reverse(x, [axes] if isinstance(axes, int) else axes)


def in_top_k(predictions, targets, k):
    return tf.nn.in_top_k(predictions, targets, k)


def _seed(seed):
    # NOTE: as tf_keras, an unseeded call draws its op seed from numpy's global generator
    return np.random.randint(10e6) if seed is None else seed


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return tf.truncated_normal(shape, mean, stddev, dtype=dtype or _backend.floatx(), seed=_seed(seed))


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    """1 where a uniform draw is <= p, else 0."""
    dtype = dtype or _backend.floatx()
    return tf.where(tf.random_uniform(shape, dtype=dtype, seed=_seed(seed)) <= p,
                    tf.ones(shape, dtype=dtype), tf.zeros(shape, dtype=dtype))


random_binomial = random_bernoulli


def print_tensor(x, message="", summarize=3):
    """`x`, printing `message` and its value to stdout whenever it is evaluated."""
    op = tf.print(message, x, output_stream=sys.stdout, summarize=summarize)
    with tf.control_dependencies([op]):
        return tf.identity(x)


def map_fn(fn, elems, name=None, dtype=None):
    return tf.map_fn(fn, elems, name=name, dtype=dtype)


def foldl(fn, elems, initializer=None, name=None):
    return tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn, elems, initializer=None, name=None):
    return tf.foldr(fn, elems, initializer=initializer, name=name)


def is_sparse(tensor):
    return isinstance(tensor, tf.SparseTensor)


def to_dense(tensor):
    return tf.sparse_tensor_to_dense(tensor) if is_sparse(tensor) else tensor


def _data_format(data_format):
    data_format = data_format or _backend.image_data_format()
    if data_format not in _FORMATS:
        raise ValueError("Unknown data_format: " + str(data_format))
    return data_format


def _padding(padding):
    if padding not in ("same", "valid"):
        raise ValueError("Invalid padding: " + str(padding))
    return padding.upper()


def _to_channels_last(x, data_format, perm):
    return tf.transpose(x, perm) if data_format == "channels_first" else x


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """1-D convolution of `(batch, steps, channels)` input ('causal' pads on the left)."""
    data_format = _data_format(data_format)
    if padding == "causal":
        x = temporal_padding(x, (dilation_rate * (kernel.shape.as_list()[0] - 1), 0))
        padding = "valid"
    padding = _padding(padding)
    x = _to_channels_last(x, data_format, (0, 2, 1))
    x = tf.nn.convolution(input=x, filter=kernel, dilation_rate=dilation_rate, strides=strides,
                          padding=padding, data_format="NWC")
    return _to_channels_last(x, data_format, (0, 2, 1))


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None,
           dilation_rate=(1, 1)):
    data_format = _data_format(data_format)
    x = _to_channels_last(x, data_format, (0, 2, 3, 1))
    x = tf.nn.convolution(input=x, filter=kernel, dilation_rate=dilation_rate, strides=strides,
                          padding=_padding(padding), data_format="NHWC")
    return _to_channels_last(x, data_format, (0, 3, 1, 2))


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    data_format = _data_format(data_format)
    if len(pool_size) != 2:
        raise ValueError("`pool_size` must be a tuple of 2 integers.")
    if len(strides) != 2:
        raise ValueError("`strides` must be a tuple of 2 integers.")
    if pool_mode not in ("max", "avg"):
        raise ValueError("Invalid pooling mode: " + str(pool_mode))
    x = _to_channels_last(x, data_format, (0, 2, 3, 1))
    pool = tf.nn.max_pool if pool_mode == "max" else tf.nn.avg_pool
    x = pool(x, (1,) + tuple(pool_size) + (1,), (1,) + tuple(strides) + (1,),
             padding=_padding(padding), data_format="NHWC")
    return _to_channels_last(x, data_format, (0, 3, 1, 2))


def temporal_padding(x, padding=(1, 1)):
    """Pads the middle (time) axis of a 3-D tensor."""
    return tf.pad(x, [[0, 0], [padding[0], padding[1]], [0, 0]])


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    if _data_format(data_format) == "channels_first":
        return tf.pad(x, [[0, 0], [0, 0], list(padding[0]), list(padding[1])])
    return tf.pad(x, [[0, 0], list(padding[0]), list(padding[1]), [0, 0]])


__all__ = ["greater_equal", "less_equal", "softsign", "reverse", "in_top_k",
           "truncated_normal", "random_bernoulli", "random_binomial", "print_tensor", "map_fn",
           "foldl", "foldr", "is_sparse", "to_dense", "conv1d", "conv2d", "pool2d",
           "temporal_padding", "spatial_2d_padding"]
