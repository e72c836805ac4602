"""`tf.keras.activations`: the activation functions Keras layers take by name
(`Dense(10, activation='relu')`), built from the same ops as tf_keras' backend so the graph
has TF's op types and names (`Relu`, `LeakyRelu` for relu with alpha, `Relu6` for
max_value=6, `clip_by_value` for hard_sigmoid, ...).
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat import _unsupported
from tfcompat.keras import _objects


def _constant(value, dtype):
    return tf.constant(value, dtype=dtype)


def softmax(x, axis=-1):
    """Softmax over `axis` (an int: TF's Softmax op; a tuple: exp / sum of exp)."""
    if x.shape.ndims is not None and x.shape.ndims <= 1:
        raise ValueError("Cannot apply softmax to a tensor that is 1D. Received input: %s" % x)
    if isinstance(axis, int):
        output = tf.nn.softmax(x, axis=axis)
    else:
        numerator = tf.exp(x - tf.reduce_max(x, axis=axis, keepdims=True))
        output = numerator / tf.reduce_sum(numerator, axis=axis, keepdims=True)
    output._keras_logits = x   # losses use the logits instead of log(softmax)
    return output


def elu(x, alpha=1.0):
    res = tf.nn.elu(x)
    if alpha == 1:
        return res
    return tf.where_v2(x > 0, res, alpha * res)


def selu(x):
    return tf.nn.selu(x)


def softplus(x):
    return tf.math.softplus(x)


def softsign(x):
    return tf.math.softsign(x)


def swish(x):
    return tf.nn.swish(x)


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Keras' relu: leaky below `threshold` with slope `alpha`, clipped at `max_value`."""
    dtype = getattr(x, "dtype", tf.float32)
    if alpha != 0.0:
        if max_value is None and threshold == 0:
            return tf.nn.leaky_relu(x, alpha=alpha)
        negative_part = tf.nn.relu(-x + threshold) if threshold != 0 else tf.nn.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * tf.cast(tf.greater(x, threshold), dtype=dtype)
    elif max_value == 6:
        x = tf.nn.relu6(x)
        clip_max = False
    else:
        x = tf.nn.relu(x)
    if clip_max:
        max_value = _constant(max_value, x.dtype.base_dtype)
        zero = _constant(0, x.dtype.base_dtype)
        x = tf.clip_by_value(x, zero, max_value)
    if alpha != 0.0:
        x -= tf.convert_to_tensor(alpha, dtype=x.dtype.base_dtype) * negative_part
    return x


def tanh(x):
    return tf.tanh(x)


def sigmoid(x):
    output = tf.sigmoid(x)
    output._keras_logits = x
    return output


def exponential(x):
    return tf.exp(x)


def hard_sigmoid(x):
    """`clip(0.2 * x + 0.5, 0, 1)`."""
    point_two = _constant(0.2, x.dtype.base_dtype)
    point_five = _constant(0.5, x.dtype.base_dtype)
    x = tf.add(tf.multiply(x, point_two), point_five)
    return tf.clip_by_value(x, 0.0, 1.0)


def linear(x):
    return x


def mish(x):
    return x * tf.math.tanh(tf.math.softplus(x))


def gelu(x, approximate=False):
    return tf.nn.gelu(x, approximate)


leaky_relu = tf.nn.leaky_relu
log_softmax = tf.nn.log_softmax
relu6 = tf.nn.relu6
silu = tf.nn.swish

_OBJECTS = _objects.public_objects(dict(globals()))
for _name in ("tf", "serialize", "deserialize", "get"):
    _OBJECTS.pop(_name, None)


def serialize(activation):
    """The name of an activation function (TF1 graph mode: a plain string)."""
    if getattr(activation, "__name__", None) == "softmax_v2":
        return "softmax"
    return _objects.serialize(activation)


def deserialize(name, custom_objects=None):
    found = _objects.deserialize(name, _OBJECTS, custom_objects, "activation function")
    if isinstance(found, str):
        raise ValueError("Unknown activation function '%s' cannot be deserialized." % name)
    return found


def get(identifier):
    """An activation function from None (linear), a name, a config dict or a callable."""
    if identifier is None:
        return linear
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise TypeError("Could not interpret activation function identifier: %s" % (identifier,))


__getattr__ = _unsupported.missing_attr("keras.activations", __name__)
