"""tf.layers.BatchNormalization (TF1 behaviour): variables gamma, beta, moving_mean and
moving_variance; the fused kernel (FusedBatchNormV3) for 4-D/5-D inputs on the channel axis,
moments + batch_normalization otherwise; moving averages updated by AssignSub ops that are put
in the UPDATE_OPS collection (run them with the train op, as TF1 scripts do)."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.layers.base import InputSpec
from tfcompat.layers.base import Layer
from tfcompat.layers.base import smart_cond
from tfcompat.layers.base import static_value
from tfcompat.layers.core import get_initializer
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import nn_ops
from tfcompat import init_ops
from tfcompat.framework.convert import constant
from tfcompat.ops import state_ops


class BatchNormalization(Layer):
    """TF1 `tf.layers.BatchNormalization`."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=None, gamma_initializer=None, moving_mean_initializer=None,
                 moving_variance_initializer=None, beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, renorm_clipping=None, renorm_momentum=0.99, fused=None,
                 trainable=True, virtual_batch_size=None, adjustment=None, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("tfcompat: BatchNormalization with renorm, "
                                      "virtual_batch_size or adjustment is not supported")
        self.axis = axis if isinstance(axis, (list, tuple)) else [axis]
        self.momentum, self.epsilon = momentum, epsilon
        self.center, self.scale = center, scale
        self.beta_initializer = get_initializer(beta_initializer) or init_ops.zeros_initializer()
        self.gamma_initializer = get_initializer(gamma_initializer) or init_ops.ones_initializer()
        self.moving_mean_initializer = (get_initializer(moving_mean_initializer) or
                                        init_ops.zeros_initializer())
        self.moving_variance_initializer = (get_initializer(moving_variance_initializer) or
                                            init_ops.ones_initializer())
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint
        self.fused = fused

    def build(self, input_shape):
        rank = input_shape.ndims
        if rank is None:
            raise ValueError("Input has undefined rank.")
        self.axis = [a % rank for a in self.axis]
        if self.fused is None:
            self.fused = rank in (4, 5) and self.axis in ([1], [rank - 1])
        if self.fused:
            self._data_format = {(4, 1): "NCHW", (4, 3): "NHWC", (5, 1): "NCDHW",
                                 (5, 4): "NDHWC"}.get((rank, self.axis[0]))
            if len(self.axis) != 1 or self._data_format is None:
                raise ValueError("Unsupported axis, fused batch norm only supports axis == [1] "
                                 "or axis == [3] for 4D inputs, got %s" % self.axis)
        param_shape = [input_shape[a].value for a in self.axis]
        if None in param_shape:
            raise ValueError("Input has undefined `axis` dimension. Received input with shape "
                             "%s and axis=%s" % (input_shape, self.axis))
        if len(self.axis) > 1:
            param_shape = [input_shape[i].value if i in self.axis else 1 for i in range(rank)]
        self.input_spec = InputSpec(ndim=rank, axes={a: input_shape[a].value
                                                     for a in self.axis})
        pdtype = dtypes.float32 if self._dtype in (None, dtypes.float16, dtypes.bfloat16) \
            else self._dtype
        self.gamma = self.add_weight("gamma", param_shape, dtype=pdtype,
                                     initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight("beta", param_shape, dtype=pdtype,
                                    initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) if self.center else None
        # TF never partitions the moving statistics: it sets the scope's partitioner aside
        # (the estimators' DNN scope has one; assign_sub needs a plain variable)
        # (tf.keras's BatchNormalization shares this build and has no variable scope)
        scope = None
        if hasattr(self, "_set_scope"):
            self._set_scope(None)
            scope = self._scope
        partitioner = scope.partitioner if scope is not None else None
        if scope is not None:
            scope.set_partitioner(None)
        try:
            self.moving_mean = self.add_weight(
                "moving_mean", param_shape, dtype=pdtype,
                initializer=self.moving_mean_initializer, trainable=False)
            self.moving_variance = self.add_weight(
                "moving_variance", param_shape, dtype=pdtype,
                initializer=self.moving_variance_initializer, trainable=False)
        finally:
            if scope is not None:
                scope.set_partitioner(partitioner)
        self._param_shape, self._param_dtype = param_shape, pdtype
        self.built = True

    def _assign_moving_average(self, variable, value, momentum):
        with name_scope(None, "AssignMovingAvg") as scope:
            decay = convert_to_tensor(1.0 - momentum, name="decay") if not hasattr(
                momentum, "op") else 1.0 - momentum
            if decay.dtype != variable.dtype.base_dtype:
                decay = math_ops.cast(decay, variable.dtype.base_dtype)
            update_delta = (variable - math_ops.cast(value, variable.dtype.base_dtype)) * decay
            return state_ops.assign_sub(variable, update_delta, name=scope)

    def _fused(self, inputs, training):
        beta = self.beta if self.center else constant(0.0, self._param_dtype,
                                                      self._param_shape)
        gamma = self.gamma if self.scale else constant(1.0, self._param_dtype,
                                                       self._param_shape)

        def train():
            return nn_ops.fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                           variance=self.moving_variance, epsilon=self.epsilon,
                                           is_training=True, data_format=self._data_format)

        def infer():
            return nn_ops.fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                           variance=self.moving_variance, epsilon=self.epsilon,
                                           is_training=False, data_format=self._data_format)

        output, mean, variance = smart_cond(training, train, infer)
        value = static_value(training)
        if value or value is None:
            if value is None:
                momentum = smart_cond(training, lambda: convert_to_tensor(self.momentum),
                                      lambda: convert_to_tensor(1.0))
            else:
                momentum = convert_to_tensor(self.momentum)
            self.add_update(lambda: self._assign_moving_average(self.moving_mean, mean,
                                                                momentum))
            self.add_update(lambda: self._assign_moving_average(self.moving_variance, variance,
                                                                momentum))
        return output

    def call(self, inputs, training=False):
        if self.fused:
            return self._fused(inputs, training)
        in_dtype = inputs.dtype.base_dtype
        if in_dtype in (dtypes.float16, dtypes.bfloat16):
            inputs = math_ops.cast(inputs, dtypes.float32)
        rank = inputs.shape.ndims
        reduction_axes = [i for i in range(rank) if i not in self.axis]
        broadcast_shape = [1] * rank
        broadcast_shape[self.axis[0]] = inputs.shape[self.axis[0]].value

        def _broadcast(v):
            if v is not None and v.shape.ndims != rank and reduction_axes != list(
                    range(rank - 1)):
                return array_ops.reshape(v, broadcast_shape)
            return v

        scale, offset = _broadcast(self.gamma), _broadcast(self.beta)
        if static_value(training) is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            mean, variance = nn_impl.moments(math_ops.cast(inputs, self._param_dtype),
                                            reduction_axes, keep_dims=len(self.axis) > 1)
            moving_mean, moving_variance = self.moving_mean, self.moving_variance
            new_mean, new_variance = mean, variance
            mean = smart_cond(training, lambda: mean,
                              lambda: convert_to_tensor(moving_mean))
            variance = smart_cond(training, lambda: variance,
                                  lambda: convert_to_tensor(moving_variance))
            self.add_update(lambda: smart_cond(
                training, lambda: self._assign_moving_average(moving_mean, new_mean,
                                                              self.momentum),
                lambda: moving_mean.value()))
            self.add_update(lambda: smart_cond(
                training, lambda: self._assign_moving_average(moving_variance, new_variance,
                                                              self.momentum),
                lambda: moving_variance.value()))
        outputs = nn_impl.batch_normalization(inputs, _broadcast(mean), _broadcast(variance),
                                             offset, scale, self.epsilon)
        if in_dtype in (dtypes.float16, dtypes.bfloat16):
            outputs = math_ops.cast(outputs, in_dtype)
        outputs.set_shape(inputs.shape)
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=None, gamma_initializer=None,
                        moving_mean_initializer=None, moving_variance_initializer=None,
                        beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                        gamma_constraint=None, training=False, trainable=True, name=None,
                        reuse=None, renorm=False, renorm_clipping=None, renorm_momentum=0.99,
                        fused=None, virtual_batch_size=None, adjustment=None):
    """TF1 `tf.layers.batch_normalization`; with `training`, add the UPDATE_OPS to your train op:

    >>> update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    >>> with tf.control_dependencies(update_ops):
    ...     train_op = optimizer.minimize(loss)
    """
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer,
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
        beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
        renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
        trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
        name=name, _reuse=reuse, _scope=name)
    return layer.apply(inputs, training=training)


BatchNorm = BatchNormalization
