"""The stateless tensor helpers of `tf.keras.backend` (K.dot, K.sum, K.mean, K.concatenate,
K.clip, K.one_hot, K.switch, the crossentropies, ...): each one tfcompat op, or the few ops
tf_keras's backend builds for it. backend.py re-exports them (`K.<name>`)."""
from __future__ import annotations

import builtins

import numpy as np

from tfcompat import _lazy
from tfcompat.framework import dtypes
from tfcompat.framework.convert import constant as _constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.keras import activations
from tfcompat.layers.base import smart_cond
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import array_ops_pad
from tfcompat.ops import clip_ops
from tfcompat.ops import gather_ops
from tfcompat.ops import gradients_impl
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import math_ops_composite
from tfcompat.ops import nn_impl
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import state_ops
from tfcompat.ops.einsum_ops import tensordot as _tensordot

# lazy: tf.train stays out of `import tfcompat`
_moving_averages = _lazy.lazy_module("tfcompat.train.moving_averages")

# B's crossentropies import the backend: reached on first use
_crossentropy = _lazy.lazy_module("tfcompat.keras._crossentropy")
# lazy: backend imports this module before it defines floatx()
_keras_backend = _lazy.lazy_module("tfcompat.keras.backend")


def dot(x, y):
    """`x @ y`; for rank > 2, contracts x's last axis with y's second-to-last, as Keras."""
    if x.shape.ndims is not None and (x.shape.ndims > 2 or y.shape.ndims > 2):
        perm = list(range(y.shape.ndims))
        perm = [perm[-2]] + perm[:-2] + [perm[-1]]
        return _tensordot(x, array_ops.transpose(y, perm), [[x.shape.ndims - 1], [0]])
    return reduction_ops.matmul(x, y)


def _batch_dot_axes(x_shape, y_shape, axes):
    """tf_keras' checks and normalisation of batch_dot's axes (same messages)."""
    x_ndim, y_ndim = len(x_shape), len(y_shape)
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError("Cannot do batch_dot on inputs with rank < 2. Received inputs with "
                         "shapes %s and %s." % (x_shape, y_shape))
    if x_shape[0] is not None and y_shape[0] is not None and x_shape[0] != y_shape[0]:
        raise ValueError("Cannot do batch_dot on inputs with different batch sizes. Received "
                         "inputs with shapes %s and %s." % (x_shape, y_shape))
    if isinstance(axes, int):
        axes = [axes, axes]
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 1 if y_ndim == 2 else y_ndim - 2]
    if builtins.any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError("Multiple target dimensions are not supported. Expected: None, int, "
                         "(int, int), Provided: " + str(axes))
    axes = list(axes)
    axes[0] += x_ndim if axes[0] < 0 else 0
    axes[1] += y_ndim if axes[1] < 0 else 0
    if 0 in axes:
        raise ValueError("Cannot perform batch_dot over axis 0. If your inputs are not batched, "
                         "add a dummy batch dimension to your inputs using K.expand_dims(x, 0)")
    d1, d2 = x_shape[axes[0]], y_shape[axes[1]]
    if d1 is not None and d2 is not None and d1 != d2:
        raise ValueError("Cannot do batch_dot on inputs with shapes %s and %s with axes=%s. "
                         "x.shape[%d] != y.shape[%d] (%d != %d)."
                         % (x_shape, y_shape, axes, axes[0], axes[1], d1, d2))
    return axes


def batch_dot(x, y, axes=None):
    """tf_keras' batch_dot: moves the contracted axes to the matmul positions, squashes x's
    middle and y's trailing dimensions into one, matmuls and reshapes back."""
    x_shape, y_shape = _keras_backend.int_shape(x), _keras_backend.int_shape(y)
    a0, a1 = _batch_dot_axes(x_shape, y_shape, axes)
    x_ndim, y_ndim = orig_x_ndim, orig_y_ndim = len(x_shape), len(y_shape)
    if x_ndim == 2:
        x, a0, x_ndim = array_ops.expand_dims(x, 1), a0 + 1, x_ndim + 1
    if y_ndim == 2:
        y, y_ndim = array_ops.expand_dims(y, 2), y_ndim + 1
    if a0 != x_ndim - 1:
        pattern = list(range(x_ndim))
        pattern[a0:-1] = pattern[a0 + 1:]
        pattern[-1] = a0
        x = array_ops.transpose(x, pattern)
    if a1 != 1:
        pattern = list(range(y_ndim))
        pattern[2:a1 + 1] = pattern[1:a1]
        pattern[1] = a1
        y = array_ops.transpose(y, pattern)
    x_squashed, y_squashed = x_ndim > 3, y_ndim > 3
    if x_squashed:
        xs = array_ops.shape(x)
        x_mid_dims = xs[1:-1]
        x = array_ops.reshape(x, array_ops_join.stack([xs[0], -1, xs[-1]]))
    if y_squashed:
        ys = array_ops.shape(y)
        y_trail_dims = ys[2:]
        y = array_ops.reshape(y, array_ops_join.stack([ys[0], ys[1], -1]))
    result = reduction_ops.matmul(x, y)
    output_shape = array_ops.shape(result)
    if x_squashed:
        output_shape = array_ops_join.concat([output_shape[:1], x_mid_dims, output_shape[-1:]], 0)
    if y_squashed:
        output_shape = array_ops_join.concat([output_shape[:-1], y_trail_dims], 0)
    if x_squashed or y_squashed:
        result = array_ops.reshape(result, output_shape)
    if orig_x_ndim == 2:
        result = array_ops.squeeze(result, [1])
    elif orig_y_ndim == 2:
        result = array_ops.squeeze(result, [-1])
    return result


def transpose(x):
    return array_ops.transpose(x)


def permute_dimensions(x, pattern):
    return array_ops.transpose(x, perm=list(pattern))


def gather(reference, indices):
    return gather_ops.gather(reference, indices)


def _reducer(fn):
    def reduce(x, axis=None, keepdims=False):
        return fn(x, axis=axis, keepdims=keepdims)
    reduce.__name__ = fn.__name__
    return reduce


sum = _reducer(reduction_ops.reduce_sum)      # noqa: A001  (Keras' name)
max = _reducer(reduction_ops.reduce_max)      # noqa: A001
min = _reducer(reduction_ops.reduce_min)      # noqa: A001
prod = _reducer(reduction_ops.reduce_prod)


def _bool_to_floatx(x):
    """Keras' mean / std / var take a bool tensor (a metric's `K.mean(K.equal(..))`) as
    floatx; the other reductions refuse it, as TF's."""
    x = convert_to_tensor(x)
    if x.dtype.base_dtype == dtypes.bool:
        return math_ops.cast(x, _keras_backend.floatx())
    return x


def mean(x, axis=None, keepdims=False):
    return reduction_ops.reduce_mean(_bool_to_floatx(x), axis=axis, keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    # `reduce_std/Sqrt`, as Keras' (tf.math.reduce_std)
    return math_ops_composite.reduce_std(_bool_to_floatx(x), axis=axis, keepdims=keepdims)


def var(x, axis=None, keepdims=False):
    return math_ops_composite.reduce_variance(_bool_to_floatx(x), axis=axis,
                                              keepdims=keepdims)


def any(x, axis=None, keepdims=False):         # noqa: A001
    return reduction_ops.reduce_any(math_ops.cast(x, dtypes.bool), axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):         # noqa: A001
    return reduction_ops.reduce_all(math_ops.cast(x, dtypes.bool), axis=axis, keepdims=keepdims)


def argmax(x, axis=-1):
    return reduction_ops.argmax(x, axis)


def argmin(x, axis=-1):
    return reduction_ops.argmin(x, axis)



# one-to-one with the TF ops
square = math_ops.square
exp = math_ops.exp
log = math_ops.log
equal = math_ops.equal
not_equal = math_ops.not_equal
greater = math_ops.greater
less = math_ops.less
maximum = math_ops.maximum
minimum = math_ops.minimum
sigmoid = math_ops.sigmoid
tanh = math_ops.tanh
softplus = nn_ops.softplus


def abs(x):                                    # noqa: A001
    return math_ops.abs(x)


def sqrt(x):
    zero = _constant(0.0, x.dtype.base_dtype)
    return math_ops.sqrt(clip_ops.clip_by_value(x, zero, _constant(np.inf, x.dtype.base_dtype)))




def pow(x, a):                                 # noqa: A001
    return math_ops.pow(x, a)


def clip(x, min_value, max_value):
    if max_value is not None and max_value < min_value:
        max_value = min_value
    return clip_ops.clip_by_value(x, min_value, max_value)










def relu(x, alpha=0.0, max_value=None, threshold=0):
    """Keras' relu: `alpha * (x - threshold)` below `threshold`, clipped at `max_value`."""
    return activations.relu(x, alpha=alpha, max_value=max_value, threshold=threshold)


def softmax(x, axis=-1):
    return nn_ops.softmax(x, axis=axis)



def concatenate(tensors, axis=-1):
    if axis < 0:
        rank = tensors[0].shape.ndims
        axis = axis % rank if rank else 0
    return array_ops_join.concat(list(tensors), axis)


def reshape(x, shape):
    return array_ops.reshape(x, shape)


def expand_dims(x, axis=-1):
    return array_ops.expand_dims(x, axis)


def squeeze(x, axis):
    return array_ops.squeeze(x, [axis])


def stack(x, axis=0):
    return array_ops_join.stack(x, axis=axis)


def flatten(x):
    return array_ops.reshape(x, [-1])


def batch_flatten(x):
    return array_ops.reshape(x, array_ops_join.stack([-1, reduction_ops.reduce_prod(
        array_ops.shape(x)[1:])]))


def shape(x):
    return array_ops.shape(x)


def stop_gradient(variables):
    if isinstance(variables, (list, tuple)):
        return [array_ops.stop_gradient(v) for v in variables]
    return array_ops.stop_gradient(variables)


def update(x, new_x):
    return state_ops.assign(x, new_x)


def update_add(x, increment):
    return state_ops.assign_add(x, increment)


def update_sub(x, decrement):
    return state_ops.assign_sub(x, decrement)


def moving_average_update(x, value, momentum):
    """TF 1.x's: `tf.train.assign_moving_average(x, value, momentum, zero_debias=True)`
    (Keras debiases unless TF 2 behaviour is on; BatchNormalization has its own update)."""
    return _moving_averages.assign_moving_average(x, value, momentum, zero_debias=True)


def one_hot(indices, num_classes):
    return indexing_ops.one_hot(indices, depth=num_classes, axis=-1)


def tile(x, n):
    return array_ops_pad.tile(x, [n] if isinstance(n, int) else n)


def repeat_elements(x, rep, axis):
    """Each slice along `axis` repeated `rep` times: split, then concat, as Keras, where the
    axis is known; else, as Keras, tile along a new axis after it and reshape back."""
    x_shape = x.shape.as_list()
    if x_shape[axis] is not None:
        pieces = array_ops_join.split(x, x_shape[axis], axis=axis)
        return array_ops_join.concat([p for p in pieces for _ in range(rep)], axis)
    aux = axis % len(x_shape) + 1
    reps = [1] * (len(x_shape) + 1)
    reps[aux] = rep
    x_rep = array_ops_pad.tile(array_ops.expand_dims(x, axis=aux), reps)
    del reps[aux]
    reps[aux - 1] = rep
    new_shape = array_ops.shape(x) * _constant(reps, dtype=dtypes.int32)
    x_rep = array_ops.reshape(x_rep, new_shape)
    x_rep.set_shape(x_shape)
    return x_rep


def repeat(x, n):
    return array_ops_pad.tile(array_ops.expand_dims(x, 1), [1, n, 1])


def arange(start, stop=None, step=1, dtype="int32"):
    if stop is None:
        start, stop = 0, start
    return math_ops.cast(array_ops_join.range(start, stop, step), dtype)


def switch(condition, then_expression, else_expression):
    """`then` where `condition` holds (a scalar condition: a cond between the two)."""
    if condition.dtype.base_dtype.name != "bool":
        condition = math_ops.cast(condition, "bool")
    if condition.shape.ndims == 0:
        then_fn = then_expression if callable(then_expression) else (lambda: then_expression)
        else_fn = else_expression if callable(else_expression) else (lambda: else_expression)
        return smart_cond(condition, then_fn, else_fn)
    return indexing_ops.where(condition, then_expression, else_expression)


def l2_normalize(x, axis=None):
    return nn_impl.l2_normalize(x, axis=axis)


def bias_add(x, bias, data_format=None):
    """Keras' bias_add: a 1-D bias on the channel axis, or a bias of x's rank - 1 (for 3- to
    5-D x) broadcast over the batch (channels last in the bias under 'channels_first')."""
    if data_format is None:
        data_format = _keras_backend.image_data_format()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError("Unknown data_format: " + str(data_format))
    bias_shape = tuple(bias.shape.as_list())
    rank = x.shape.ndims
    if len(bias_shape) != 1 and len(bias_shape) != rank - 1:
        raise ValueError("Unexpected bias dimensions %d, expect to be 1 or %d dimensions"
                         % (len(bias_shape), rank - 1))
    if len(bias_shape) == 1:
        return nn_ops.bias_add(x, bias, data_format="NCHW" if data_format == "channels_first"
                               else "NHWC")
    if rank in (3, 4, 5):
        if data_format == "channels_first":
            return x + array_ops.reshape(bias, (1, bias_shape[-1]) + bias_shape[:-1])
        return x + array_ops.reshape(bias, (1,) + bias_shape)
    return nn_ops.bias_add(x, bias)


def dropout(x, level, noise_shape=None, seed=None):
    return nn_impl.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)


def round(x):                                 # noqa: A001
    return math_ops.round(x)


def sign(x):
    return math_ops.sign(x)


def cos(x):
    return math_ops.cos(x)


def sin(x):
    return math_ops.sin(x)


def cumsum(x, axis=0):
    return reduction_ops.cumsum(x, axis=axis)


def cumprod(x, axis=0):
    return reduction_ops.cumprod(x, axis=axis)


def elu(x, alpha=1.0):
    res = nn_ops.elu(x)
    return res if alpha == 1 else indexing_ops.where(math_ops.greater(x, 0), res, alpha * res)


def hard_sigmoid(x):
    point_two = _constant(0.2, x.dtype.base_dtype)
    point_five = _constant(0.5, x.dtype.base_dtype)
    return clip_ops.clip_by_value(math_ops.add(math_ops.multiply(x, point_two), point_five),
                                  0.0, 1.0)


def gradients(loss, variables):
    return gradients_impl.gradients(loss, variables)


def binary_crossentropy(target, output, from_logits=False):
    return _crossentropy.binary_crossentropy(target, output, from_logits)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return _crossentropy.categorical_crossentropy(target, output, from_logits, axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return _crossentropy.sparse_categorical_crossentropy(target, output, from_logits, axis)


__all__ = ["dot", "batch_dot", "transpose", "permute_dimensions", "gather", "sum", "mean", "max", "min", "prod", "std", "var", "any", "all", "argmax", "argmin", "square", "exp", "log", "equal", "not_equal", "greater", "less", "maximum", "minimum", "sigmoid", "tanh", "softplus", "abs", "sqrt", "pow", "clip", "relu", "softmax", "concatenate", "reshape", "expand_dims", "squeeze", "stack", "flatten", "batch_flatten", "shape", "stop_gradient", "update", "update_add", "update_sub", "moving_average_update", "one_hot", "tile", "repeat_elements", "repeat", "arange", "switch", "l2_normalize", "bias_add", "dropout", "round", "sign", "cos", "sin", "cumsum", "cumprod", "elu", "hard_sigmoid", "gradients", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"]
