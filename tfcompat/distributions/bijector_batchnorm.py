"""TF 1.15 contrib's BatchNormalization bijector (bijectors/batch_normalization.py): forward
de-normalizes with the layer's moving statistics, inverse is the `tf.layers`
BatchNormalization layer itself (batch statistics while training); the log-det-Jacobian comes
from gamma and the (batch or moving) variance."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions.bijector_impl import Bijector
from tfcompat.framework import tensor_shape
from tfcompat.layers.normalization import BatchNormalization as BatchNormalizationLayer


def _positive_gamma(x):
    return tf.nn.relu(x) + 1e-6


def _undo_batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """The inverse of tf.nn.batch_normalization."""
    with tf.name_scope(name, "undo_batchnorm", [x, mean, variance, scale, offset]):
        rescale = tf.sqrt(variance + variance_epsilon)
        if scale is not None:
            rescale /= scale
        return x * rescale + (mean - offset * rescale if offset is not None else mean)


class BatchNormalization(Bijector):
    """Y = batchnorm^-1(X): the inverse normalizes, the forward undoes it."""

    def __init__(self, batchnorm_layer=None, training=True, validate_args=False,
                 name="batch_normalization"):
        self.batchnorm = batchnorm_layer or BatchNormalizationLayer(gamma_constraint=_positive_gamma)
        self._validate_bn_layer(self.batchnorm)
        self._training = training
        if isinstance(self.batchnorm.axis, int):
            forward_min_event_ndims = 1
        else:
            forward_min_event_ndims = len(self.batchnorm.axis)
        super().__init__(forward_min_event_ndims=forward_min_event_ndims,
                         validate_args=validate_args, name=name)

    @staticmethod
    def _validate_bn_layer(layer):
        if not isinstance(layer, BatchNormalizationLayer):
            raise ValueError("batchnorm_layer must be an instance of BatchNormalization layer.")
        if layer.renorm:
            raise ValueError("BatchNorm Bijector does not support renormalization.")
        if layer.virtual_batch_size:
            raise ValueError("BatchNorm Bijector does not support virtual batch sizes.")

    def _get_broadcast_fn(self, x):
        if not x.shape.is_fully_defined():
            raise ValueError("Input must have shape known at graph construction.")
        input_shape = np.int32(x.shape.as_list())
        ndims = len(input_shape)
        reduction_axes = [i for i in range(ndims) if i not in self.batchnorm.axis]
        broadcast_shape = [1] * ndims
        broadcast_shape[self.batchnorm.axis[0]] = int(input_shape[self.batchnorm.axis[0]])

        def _broadcast(v):
            if (v is not None and len(v.get_shape()) != ndims
                    and reduction_axes != list(range(ndims - 1))):
                return tf.reshape(v, broadcast_shape)
            return v
        return _broadcast

    def _normalize(self, y):
        return self.batchnorm.apply(y, training=self._training)

    def _de_normalize(self, x):
        if not self.batchnorm.built:
            self.batchnorm.build(x.get_shape())
        broadcast_fn = self._get_broadcast_fn(x)
        mean = broadcast_fn(self.batchnorm.moving_mean)
        variance = broadcast_fn(self.batchnorm.moving_variance)
        beta = broadcast_fn(self.batchnorm.beta) if self.batchnorm.center else None
        gamma = broadcast_fn(self.batchnorm.gamma) if self.batchnorm.scale else None
        return _undo_batch_normalization(x, mean, variance, beta, gamma,
                                         self.batchnorm.epsilon)

    def _forward(self, x):
        return self._de_normalize(x)

    def _inverse(self, y):
        return self._normalize(y)

    def _forward_log_det_jacobian(self, x):
        return -self._inverse_log_det_jacobian(x, use_saved_statistics=True)

    def _inverse_log_det_jacobian(self, y, use_saved_statistics=False):
        if not y.shape.is_fully_defined():
            raise ValueError("Input must have shape known at graph construction.")
        input_shape = y.shape.as_list()
        if not self.batchnorm.built:
            self.batchnorm.build(tensor_shape.TensorShape(input_shape))
        event_dims = self.batchnorm.axis
        reduction_axes = [i for i in range(len(input_shape)) if i not in event_dims]
        if use_saved_statistics or not self._training:
            log_variance = tf.log(self.batchnorm.moving_variance + self.batchnorm.epsilon)
        else:
            _, v = tf.nn.moments(y, axes=reduction_axes, keep_dims=True)
            log_variance = tf.log(v + self.batchnorm.epsilon)
        log_total_gamma = tf.reduce_sum(tf.log(self.batchnorm.gamma))
        log_total_variance = tf.reduce_sum(log_variance)
        return log_total_gamma - 0.5 * log_total_variance
