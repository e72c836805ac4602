"""tf.layers.BatchNormalization (TF1 behaviour): variables gamma, beta, moving_mean and
moving_variance; the fused kernel (FusedBatchNormV3) for 4-D/5-D inputs on the channel axis,
moments + batch_normalization otherwise; moving averages updated by AssignSub ops that are put
in the UPDATE_OPS collection (run them with the train op, as TF1 scripts do).

Batch renormalization (`renorm`: variables moving_stddev, renorm_mean and renorm_stddev; the
corrections r and d, clipped by `renorm_clipping`, scale the normalized values while training),
ghost batches (`virtual_batch_size`: the batch reshaped to [virtual_batch_size, -1, ...] as
TF1 does, with statistics per virtual batch and variables of shape [1, 1, ..., C]) and
`adjustment` (a per-batch scale and bias) use the plain ops, as TF's layer does."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import name_scope
from tfcompat.layers.base import InputSpec
from tfcompat.layers.base import Layer
from tfcompat.layers.base import smart_cond
from tfcompat.layers.base import static_value
from tfcompat.layers.core import get_initializer
from tfcompat.layers.keras_members import layer_config
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat import init_ops
from tfcompat import tf_logging
from tfcompat.framework.convert import constant
from tfcompat.ops import state_ops
from tfcompat.train import moving_averages


class BatchNormalization(Layer):
    """TF1 `tf.layers.BatchNormalization`."""

    supports_masking = True  # as the Keras layer (TF 1.15)

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=None, gamma_initializer=None, moving_mean_initializer=None,
                 moving_variance_initializer=None, beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, renorm_clipping=None, renorm_momentum=0.99, fused=None,
                 trainable=True, virtual_batch_size=None, adjustment=None, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        init_renorm(self, renorm, renorm_clipping, renorm_momentum, virtual_batch_size,
                     adjustment)
        self.axis = axis if isinstance(axis, (list, tuple)) else [axis]
        self._config_axis = list(axis) if isinstance(axis, (list, tuple)) else axis
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

    def get_config(self):
        """TF 1.15's: the renorm and virtual-batch entries only where set (`adjustment` is
        not serializable: TF leaves it out with a warning)."""
        config = layer_config(
            self, axis=self.axis if self.built else self._config_axis, momentum=self.momentum,
            epsilon=self.epsilon, center=self.center, scale=self.scale,
            beta_initializer=self.beta_initializer, gamma_initializer=self.gamma_initializer,
            moving_mean_initializer=self.moving_mean_initializer,
            moving_variance_initializer=self.moving_variance_initializer,
            beta_regularizer=self.beta_regularizer, gamma_regularizer=self.gamma_regularizer,
            beta_constraint=self.beta_constraint, gamma_constraint=self.gamma_constraint)
        if self.renorm:
            config.update(renorm=True, renorm_clipping=self.renorm_clipping,
                          renorm_momentum=self.renorm_momentum)
        if self.virtual_batch_size is not None:
            config["virtual_batch_size"] = self.virtual_batch_size
        if self.adjustment is not None:
            tf_logging.warning(
                "The `adjustment` function of this `BatchNormalization` layer cannot be "
                "serialized and has been omitted from the layer config. It will not be "
                "included when re-creating the layer from the saved config.")
        return config

    def build(self, input_shape):
        rank = input_shape.ndims
        self.axis = _validate_axis(self.axis, input_shape)
        _check_virtual_batch(self)
        # TF1's layer (fused=None means True) falls back to the plain ops wherever the fused
        # kernel cannot serve: other ranks, axes or dtypes (float64), renorm, virtual
        # batches, adjustment
        self.fused = (self.fused is not False and rank in (4, 5) and self.axis in ([1], [rank - 1])
                      and not (self.renorm or self.virtual_batch_size is not None
                               or self.adjustment is not None)
                      and self._dtype in (None, dtypes.float16, dtypes.bfloat16, dtypes.float32))
        if self.fused:
            self._data_format = {(4, 1): "NCHW", (4, 3): "NHWC", (5, 1): "NCDHW",
                                 (5, 4): "NDHWC"}[(rank, self.axis[0])]
        param_shape = [input_shape[a].value for a in self.axis]
        if None in param_shape:
            raise ValueError("Input has undefined `axis` dimension. Received input with shape "
                             "%s and axis=%s" % (tuple(input_shape), tuple(self.axis)))
        if len(self.axis) > 1 or self.virtual_batch_size is not None:
            param_shape = [input_shape[i].value if i in self.axis else 1 for i in range(rank)]
        self.input_spec = InputSpec(ndim=rank, axes={a: input_shape[a].value
                                                     for a in self.axis})
        if self.virtual_batch_size is not None:
            # the inputs gain a virtual-batch dimension at index 1 (see _virtual_batches)
            param_shape.insert(1, 1)
            self.axis = [a + 1 for a in self.axis]
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
            if self.renorm:
                _add_renorm_weights(self, param_shape, pdtype)
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
            self._add_moving_average_updates(mean, variance, momentum)
        return output

    def _add_moving_average_updates(self, mean, variance, momentum):
        decay = getattr(self, "_zero_debias_decay", None)   # set by contrib's batch_norm
        if decay is None:
            self.add_update(lambda: self._assign_moving_average(self.moving_mean, mean,
                                                                momentum))
            self.add_update(lambda: self._assign_moving_average(self.moving_variance, variance,
                                                                momentum))
            return
        # contrib batch_norm(zero_debias_moving_mean=True): TF's _fused_batch_norm updates
        # with assign_moving_average and the Python decay, the mean zero-debiased (its
        # `biased` and `local_step` variables under <scope>/<scope>/moving_mean)
        self.add_update(lambda: moving_averages.assign_moving_average(
            self.moving_mean, mean, decay, zero_debias=True))
        self.add_update(lambda: moving_averages.assign_moving_average(
            self.moving_variance, variance, decay, zero_debias=False))

    def call(self, inputs, training=False):
        if self.virtual_batch_size is None:
            return self._normalize(inputs, training)
        original_shape, expanded_shape = _virtual_batch_shapes(inputs, self.virtual_batch_size)
        outputs = self._normalize(array_ops.reshape(inputs, expanded_shape), training)
        return array_ops.reshape(outputs, original_shape)

    def _normalize(self, inputs, training):
        if self.fused:
            return self._fused(inputs, training)
        in_dtype = inputs.dtype.base_dtype
        if in_dtype in (dtypes.float16, dtypes.bfloat16):
            inputs = math_ops.cast(inputs, dtypes.float32)
        rank = inputs.shape.ndims
        reduction_axes = [i for i in range(rank) if i not in self.axis]
        if self.virtual_batch_size is not None:
            del reduction_axes[1]  # each virtual batch (index 1) has its own statistics
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
            if self.adjustment:
                adj_scale, adj_bias = _adjustment(self, inputs, training)
                scale, offset = _compose_transforms(adj_scale, adj_bias, scale, offset)
            mean, variance = nn_impl.moments(
                math_ops.cast(inputs, self._param_dtype), reduction_axes,
                keep_dims=self.virtual_batch_size is not None or len(self.axis) > 1)
            moving_mean, moving_variance = self.moving_mean, self.moving_variance
            mean = smart_cond(training, lambda: mean,
                              lambda: convert_to_tensor(moving_mean))
            variance = smart_cond(training, lambda: variance,
                                  lambda: convert_to_tensor(moving_variance))
            new_mean, new_variance = mean, variance
            if self.virtual_batch_size is not None:
                # one update from the virtual batches' average, as TF does
                new_mean = reduction_ops.reduce_mean(mean, axis=1, keepdims=True)
                new_variance = reduction_ops.reduce_mean(variance, axis=1, keepdims=True)
            if self.renorm:
                r, d, new_mean, new_variance = _renorm_correction_and_moments(
                    self, new_mean, new_variance, training)
                # (x * r + d) * gamma + beta = x * (r * gamma) + (d * gamma + beta)
                r = _broadcast(array_ops.stop_gradient(r, name="renorm_r"))
                d = _broadcast(array_ops.stop_gradient(d, name="renorm_d"))
                scale, offset = _compose_transforms(r, d, scale, offset)
            self.add_update(lambda: smart_cond(
                training, lambda: self._assign_moving_average(moving_mean, new_mean,
                                                              self.momentum),
                lambda: moving_mean.value()))
            self.add_update(lambda: smart_cond(
                training, lambda: _variance_update(self, new_variance),
                lambda: moving_variance.value()))
        outputs = nn_impl.batch_normalization(inputs, _broadcast(mean), _broadcast(variance),
                                             offset, scale, self.epsilon)
        if in_dtype in (dtypes.float16, dtypes.bfloat16):
            outputs = math_ops.cast(outputs, in_dtype)
        outputs.set_shape(inputs.shape)
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape


def _validate_axis(axis, input_shape):
    """tf_keras's tf_utils.validate_axis: `axis` as non-negative ints, with its errors."""
    rank = input_shape.ndims
    if not rank:
        raise ValueError("Input has undefined rank. Received: input_shape=%s" % input_shape)
    axis = [a + rank if a < 0 else a for a in axis]
    if any(a < 0 or a >= rank for a in axis):
        raise ValueError("Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank "
                         "(with inputs.rank=%d). Received: axis=%s" % (rank, tuple(axis)))
    if len(axis) != len(set(axis)):
        raise ValueError("Duplicate axis: %s" % (tuple(axis),))
    return axis


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


# -- renorm, virtual batches and adjustment (shared with tf.keras's BatchNormalization) ------
_RENORM_CLIPPING_KEYS = ["rmax", "rmin", "dmax"]


def init_renorm(layer, renorm, renorm_clipping, renorm_momentum, virtual_batch_size,
                adjustment):
    """Stores the batch-renormalization, ghost-batch and adjustment options on `layer`."""
    layer.renorm, layer.virtual_batch_size = renorm, virtual_batch_size
    layer.adjustment = adjustment
    if renorm:
        renorm_clipping = renorm_clipping or {}
        if set(renorm_clipping) - set(_RENORM_CLIPPING_KEYS):
            raise ValueError("Received invalid keys for `renorm_clipping` argument: "
                             f"{renorm_clipping}. Supported values: {_RENORM_CLIPPING_KEYS}.")
        layer.renorm_clipping, layer.renorm_momentum = renorm_clipping, renorm_momentum


def _check_virtual_batch(layer):
    if layer.virtual_batch_size is None:
        return
    if layer.virtual_batch_size <= 0:
        raise ValueError("`virtual_batch_size` must be a positive integer that divides the "
                         "true batch size of the input tensor. Received: "
                         f"virtual_batch_size={layer.virtual_batch_size}")
    if 0 in layer.axis:
        raise ValueError("When using `virtual_batch_size`, the batch dimension must be 0 and "
                         f"thus axis cannot include 0. Received axis={layer.axis}")
    if layer.adjustment is not None:
        raise ValueError("When using `virtual_batch_size`, adjustment cannot be specified")


def _sqrt_initializer(initializer):
    # renorm tracks standard deviations, started at the square root of the variance's start
    def initialize(shape, dtype=None, partition_info=None):
        return math_ops.sqrt(initializer(shape, dtype=dtype))
    return initialize


def _add_renorm_weights(layer, param_shape, dtype):
    """moving_stddev (for inference) and renorm_mean / renorm_stddev (the training-time
    averages the corrections r and d are measured against), all non-trainable."""
    stddev_initializer = _sqrt_initializer(layer.moving_variance_initializer)
    layer.moving_stddev = layer.add_weight("moving_stddev", param_shape, dtype=dtype,
                                           initializer=stddev_initializer, trainable=False)
    layer.renorm_mean = layer.add_weight("renorm_mean", param_shape, dtype=dtype,
                                         initializer=layer.moving_mean_initializer,
                                         trainable=False)
    layer.renorm_stddev = layer.add_weight("renorm_stddev", param_shape, dtype=dtype,
                                           initializer=stddev_initializer, trainable=False)


def _virtual_batch_shapes(inputs, virtual_batch_size):
    """TF1's ghost-batch reshape: [virtual_batch_size, -1, ...] (TF keeps this legacy order
    in graph mode, so virtual batch j holds the samples b with b % (batch / size) == j)."""
    tail = array_ops.shape(inputs)[1:]
    original_shape = array_ops_join.concat([constant([-1]), tail], axis=0)
    expanded_shape = array_ops_join.concat([constant([virtual_batch_size, -1]),
                                            original_shape[1:]], axis=0)
    return original_shape, expanded_shape


def _compose_transforms(scale, offset, then_scale, then_offset):
    if then_scale is not None:
        scale = scale * then_scale
        offset = offset * then_scale
    if then_offset is not None:
        offset = offset + then_offset
    return scale, offset


def _adjustment(layer, inputs, training):
    """The user's (scale, bias) for this batch's shape; identity when not training."""
    adj_scale, adj_bias = layer.adjustment(array_ops.shape(inputs))
    adj_scale = smart_cond(training, lambda: adj_scale,
                           lambda: array_ops_join.ones_like(adj_scale))
    adj_bias = smart_cond(training, lambda: adj_bias,
                          lambda: array_ops_join.zeros_like(adj_bias))
    return adj_scale, adj_bias


def _renorm_correction_and_moments(layer, mean, variance, training):
    """Batch renormalization's corrections r and d (clipped; 1 and 0 when not training),
    and the batch moments, which depend on the renorm averages' updates."""
    stddev = math_ops.sqrt(variance + layer.epsilon)
    # the max avoids dividing by zero early in training
    renorm_stddev = math_ops.maximum(layer.renorm_stddev,
                                     math_ops.sqrt(convert_to_tensor(layer.epsilon)))
    r = stddev / renorm_stddev
    d = (mean - layer.renorm_mean) / renorm_stddev
    with control_dependencies([r, d]):  # the corrections use the averages before the update
        mean = array_ops.identity(mean)
        stddev = array_ops.identity(stddev)
    rmin, rmax, dmax = [layer.renorm_clipping.get(key) for key in ("rmin", "rmax", "dmax")]
    if rmin is not None:
        r = math_ops.maximum(r, rmin)
    if rmax is not None:
        r = math_ops.minimum(r, rmax)
    if dmax is not None:
        d = math_ops.minimum(math_ops.maximum(d, -dmax), dmax)
    r = smart_cond(training, lambda: r, lambda: array_ops_join.ones_like(r))
    d = smart_cond(training, lambda: d, lambda: array_ops_join.zeros_like(d))
    update_mean = _update_renorm_variable(layer, layer.renorm_mean, mean, training)
    update_stddev = _update_renorm_variable(layer, layer.renorm_stddev, stddev, training)
    with control_dependencies([update_mean, update_stddev]):
        return r, d, array_ops.identity(mean), array_ops.identity(variance)


def _update_renorm_variable(layer, variable, value, training):
    value = array_ops.identity(value)
    return smart_cond(
        training,
        lambda: layer._assign_moving_average(variable, value, layer.renorm_momentum),
        lambda: array_ops.identity(variable))


def _variance_update(layer, new_variance):
    """The moving variance's update; with renorm, moving_stddev is averaged (epsilon
    included, as in training) and the variance derived from it."""
    if not layer.renorm:
        return layer._assign_moving_average(layer.moving_variance, new_variance,
                                            layer.momentum)
    moving_stddev = layer._assign_moving_average(
        layer.moving_stddev, math_ops.sqrt(new_variance + layer.epsilon), layer.momentum)
    with name_scope(None, "AssignNewValue") as scope:
        # relu: rounding may take stddev**2 - epsilon below zero
        value = nn_ops.relu(moving_stddev * moving_stddev - layer.epsilon)
        return state_ops.assign(layer.moving_variance, value, name=scope)
