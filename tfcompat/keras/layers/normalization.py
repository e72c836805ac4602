"""Keras `BatchNormalization` and `LayerNormalization` in TF1 graph mode.

BatchNormalization: gamma, beta, moving_mean, moving_variance; a
`cond` on the learning phase picks batch or moving statistics (FusedBatchNormV3 for 4-D
inputs), and the moving averages are updated by `AssignMovingAvg` ops kept on the layer
(`layer.updates`), which `model.fit` runs with each training step, as TF's Keras does.

The math and op structure are tf.layers' (tfcompat/layers/normalization.py), which is the same
code path in TF; the Keras class adds the Keras base, defaults and the learning phase
(renorm, virtual_batch_size and adjustment included; get_config lists renorm and
virtual_batch_size only when set, and never the adjustment function, as Keras).
"""
from __future__ import annotations

from tfcompat.keras import backend
from tfcompat.keras import constraints
from tfcompat.keras import initializers
from tfcompat.keras import regularizers
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.layers import normalization as tf_norm
from tfcompat.ops import array_ops
from tfcompat.ops import nn_impl


class BatchNormalization(Layer):
    """Normalizes with batch statistics while training, moving statistics otherwise."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        tf_norm.init_renorm(self, renorm, renorm_clipping, renorm_momentum,
                            virtual_batch_size, adjustment)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        self._axis_given_as_list = isinstance(axis, (list, tuple))
        self.momentum, self.epsilon = momentum, epsilon
        self.center, self.scale = center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.fused = fused
        self.supports_masking = True

    build = tf_norm.BatchNormalization.build
    _assign_moving_average = tf_norm.BatchNormalization._assign_moving_average
    _fused = tf_norm.BatchNormalization._fused
    _add_moving_average_updates = tf_norm.BatchNormalization._add_moving_average_updates
    _tf_layers_call = tf_norm.BatchNormalization.call
    _normalize = tf_norm.BatchNormalization._normalize

    def call(self, inputs, training=None):
        if training is None:
            training = backend.learning_phase()
        return self._tf_layers_call(inputs, training)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        # Keras' config: the axis as given until built, then the list of (positive) axes
        axis = (list(self.axis) if self.built or getattr(self, "_axis_given_as_list", False)
                else self.axis[0])
        return serialize_fields(
            self, axis=axis, momentum=self.momentum, epsilon=self.epsilon, center=self.center,
            scale=self.scale, beta_initializer=self.beta_initializer,
            gamma_initializer=self.gamma_initializer,
            moving_mean_initializer=self.moving_mean_initializer,
            moving_variance_initializer=self.moving_variance_initializer,
            beta_regularizer=self.beta_regularizer, gamma_regularizer=self.gamma_regularizer,
            beta_constraint=self.beta_constraint, gamma_constraint=self.gamma_constraint,
            **self._renorm_config())

    def _renorm_config(self):
        # TF adds these only when set (adjustment, a function, is never serialized)
        config = {}
        if self.renorm:
            config.update(renorm=True, renorm_clipping=self.renorm_clipping,
                          renorm_momentum=self.renorm_momentum)
        if self.virtual_batch_size is not None:
            config["virtual_batch_size"] = self.virtual_batch_size
        return config


class LayerNormalization(Layer):
    """Normalizes each sample over `axis` (the last), then `* gamma + beta`."""

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        self._axis_given_as_list = isinstance(axis, (list, tuple))
        self.epsilon, self.center, self.scale = epsilon, center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        rank = shape.ndims
        self.axis = sorted(a % rank for a in self.axis)
        param_shape = [shape[a].value for a in self.axis]
        self.gamma = self.add_weight("gamma", shape=param_shape,
                                     initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight("beta", shape=param_shape,
                                    initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) if self.center else None
        self.built = True

    def call(self, inputs):
        rank = inputs.shape.ndims
        mean, variance = nn_impl.moments(inputs, self.axis, keep_dims=True)
        normalized = nn_impl.batch_normalization(inputs, mean, variance, None, None,
                                                 self.epsilon)
        shape = [inputs.shape[i].value if i in self.axis else 1 for i in range(rank)]
        if self.scale:
            normalized = normalized * array_ops.reshape(self.gamma, shape)
        if self.center:
            normalized = normalized + array_ops.reshape(self.beta, shape)
        return normalized

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        # Keras' config: the axis as given until built, then the list of (positive) axes
        axis = (list(self.axis) if self.built or getattr(self, "_axis_given_as_list", False)
                else self.axis[0])
        return serialize_fields(
            self, axis=axis, epsilon=self.epsilon, center=self.center, scale=self.scale,
            beta_initializer=self.beta_initializer, gamma_initializer=self.gamma_initializer,
            beta_regularizer=self.beta_regularizer, gamma_regularizer=self.gamma_regularizer,
            beta_constraint=self.beta_constraint, gamma_constraint=self.gamma_constraint)
