"""tf.layers core layers: Dense, Dropout, Flatten (classes and the functional forms), and the
activation lookup shared by all layers."""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.convert import constant
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.layers.base import InputSpec
from tfcompat.layers.base import Layer
from tfcompat.layers.base import smart_cond
from tfcompat.layers.keras_members import layer_config
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat import init_ops
from tfcompat.ops import nn_ops as nn
from tfcompat.ops.einsum_ops import tensordot


def _activation_table():
    return {"relu": nn.relu, "relu6": nn.relu6, "elu": nn.elu, "selu": nn.selu,
            "softplus": nn.softplus, "softsign": nn.softsign, "sigmoid": math_ops.sigmoid,
            "tanh": math_ops.tanh, "softmax": nn.softmax, "swish": nn.swish,
            "linear": None, "exponential": math_ops.exp}


def get_activation(activation):
    """An activation callable from a callable, a Keras name ('relu', ...) or None."""
    if activation is None or callable(activation):
        return activation
    table = _activation_table()
    if activation not in table:
        raise ValueError("Unknown activation function: '%s'" % activation)
    return table[activation]


def get_initializer(initializer):
    """An initializer from an initializer object, a Keras name ('zeros', ...) or None."""
    if initializer is None or not isinstance(initializer, str):
        return initializer
    table = {"zeros": init_ops.zeros_initializer, "ones": init_ops.ones_initializer,
             "glorot_uniform": init_ops.glorot_uniform_initializer,
             "glorot_normal": init_ops.glorot_normal_initializer,
             "he_normal": init_ops.he_normal, "he_uniform": init_ops.he_uniform,
             "lecun_normal": init_ops.lecun_normal, "lecun_uniform": init_ops.lecun_uniform,
             "orthogonal": init_ops.orthogonal_initializer,
             "random_normal": init_ops.random_normal_initializer,
             "random_uniform": init_ops.random_uniform_initializer,
             "truncated_normal": init_ops.truncated_normal_initializer}
    if initializer not in table:
        raise ValueError("Unknown initializer: '%s'" % initializer)
    return table[initializer]()


class Dense(Layer):
    """TF1 `tf.layers.Dense`: `activation(inputs @ kernel + bias)`; variables `kernel` [in,
    units] and `bias` [units]."""

    supports_masking = True  # as the Keras layer (TF 1.15)

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = get_initializer(kernel_initializer)
        self.bias_initializer = get_initializer(bias_initializer)
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.input_spec = InputSpec(min_ndim=2)

    def get_config(self):
        return layer_config(self, units=self.units, activation=self.activation,
                            use_bias=self.use_bias, kernel_initializer=self.kernel_initializer,
                            bias_initializer=self.bias_initializer,
                            kernel_regularizer=self.kernel_regularizer,
                            bias_regularizer=self.bias_regularizer,
                            activity_regularizer=self.activity_regularizer,
                            kernel_constraint=self.kernel_constraint,
                            bias_constraint=self.bias_constraint)

    def build(self, input_shape):
        dtype = dtypes.as_dtype(self.dtype or dtypes.float32)
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError("A Dense layer can only be built with a floating-point dtype. "
                            "Received: dtype=%s" % dtype)
        last_dim = input_shape[-1].value if input_shape.ndims else None
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to a Dense layer should be "
                             "defined. Found None. Full input shape received: %s" % input_shape)
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True)
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units],
                                        # NOTE: an explicit None is get_variable's default
                                        # (the scope's initializer, else glorot_uniform), as in TF
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, trainable=True)
        else:
            self.bias = None
        self.built = True

    def call(self, inputs):
        if inputs.dtype.base_dtype != self.kernel.dtype.base_dtype:
            inputs = math_ops.cast(inputs, self.kernel.dtype.base_dtype)
        rank = inputs.shape.ndims
        if rank == 2 or rank is None:
            outputs = reduction_ops.matmul(inputs, self.kernel)
        else:
            outputs = tensordot(inputs, self.kernel, [[rank - 1], [0]])   # as TF's Dense
            outputs.set_shape(inputs.shape.as_list()[:-1] + [self.kernel.shape[-1]])
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)[:-1].concatenate([self.units])


class Dropout(Layer):
    """TF1 `tf.layers.Dropout`: drops `rate` of the inputs when `training` is true."""

    supports_masking = True  # as the Keras layer (TF 1.15)

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if isinstance(rate, (int, float)) and not 0 <= rate <= 1:
            raise ValueError("Invalid value %s received for `rate`, expected a value between 0 "
                             "and 1." % rate)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def get_config(self):
        return layer_config(self, rate=self.rate, noise_shape=self.noise_shape, seed=self.seed)

    def call(self, inputs, training=False):
        if isinstance(self.rate, (int, float)) and self.rate == 0:
            return array_ops.identity(inputs)
        noise_shape = self.noise_shape
        if noise_shape is not None:
            shape = array_ops.shape(inputs)
            noise_shape = array_ops.stack([shape[i] if d is None else d
                                           for i, d in enumerate(noise_shape)])

        def dropped():
            return nn_impl.dropout(inputs, noise_shape=noise_shape, seed=self.seed,
                                  rate=self.rate)

        return smart_cond(training, dropped, lambda: array_ops.identity(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape


def flatten_batch(inputs, data_format="channels_last"):
    """[batch, ...] -> [batch, product of the rest], built as TF's Flatten layers (tf.layers and
    Keras) build it: channels_first inputs transposed to channels_last first; the new shape a
    constant where the static shape allows."""
    rank = inputs.shape.ndims
    if data_format == "channels_first" and rank is not None and rank > 1:
        inputs = array_ops.transpose(inputs, [0] + list(range(2, rank)) + [1])
    if rank == 1:
        return array_ops.expand_dims(inputs, axis=1)
    if rank is None:   # TF: [shape(x)[0], -1], a static (?, ?)
        return array_ops.reshape(inputs, [array_ops.shape(inputs)[0], -1])
    dims = inputs.shape.as_list()
    rest = dims[1:]
    if all(d is not None for d in rest):
        shape = constant(np.array([-1, int(np.prod(rest))], np.int32))
    elif dims[0] is not None:
        shape = constant(np.array([dims[0], -1], np.int32))
    else:
        shape = [array_ops.shape(inputs)[0], -1]
    return array_ops.reshape(inputs, shape)


class Flatten(Layer):
    """TF1 `tf.layers.Flatten`: [batch, ...] -> [batch, product of the rest]."""

    def __init__(self, data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.data_format = data_format or "channels_last"
        self.input_spec = InputSpec(min_ndim=1)

    def get_config(self):
        return layer_config(self, data_format=self.data_format)

    def call(self, inputs):
        return flatten_batch(inputs, self.data_format)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if not dims:
            return TensorShape([1, 1])   # as TF: [1] + the product of no dimensions
        rest = dims[1:]
        return TensorShape([dims[0], int(np.prod(rest)) if all(rest) else None])


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None,
          bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
          trainable=True, name=None, reuse=None):
    """TF1 `tf.layers.dense`.

    >>> tf.layers.dense(tf.zeros([2, 3]), 4).name
    'dense/BiasAdd:0'
    """
    layer = Dense(units, activation=activation, use_bias=use_bias,
                  kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name,
                  _scope=name, _reuse=reuse)
    return layer.apply(inputs)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """TF1 `tf.layers.dropout` (`rate` is the drop probability; off unless `training`)."""
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer.apply(inputs, training=training)


def flatten(inputs, name=None, data_format="channels_last"):
    """TF1 `tf.layers.flatten`."""
    layer = Flatten(name=name, data_format=data_format)
    return layer.apply(inputs)


__all__ = ["Dense", "Dropout", "Flatten", "dense", "dropout", "flatten"]
