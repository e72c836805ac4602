"""TF 1.15's contrib/quantize/python/quant_ops.py: fake-quantization layers whose range lives
in 'min'/'max' variables, updated from the batch (last value or exponential moving average)."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.train import moving_averages


def FixedQuantize(inputs, init_min=-6.0, init_max=6.0, scope=None):
    """A fake quantization with the fixed interval [init_min; init_max]."""
    with tf.name_scope(scope, "FixedQuantize", values=[inputs]):
        return tf.fake_quant_with_min_max_args(inputs, min=init_min, max=init_max)


def _ModelVariable(name, shape=None, initializer=None, collections=None, trainable=None):
    collections = list(collections or [])
    collections += [tf.GraphKeys.GLOBAL_VARIABLES]
    return tf.get_variable(name, shape=shape, initializer=initializer,
                           collections=collections, trainable=trainable)


def _MinMaxVars(inputs, per_channel, init_min, init_max, vars_collection, name_prefix):
    input_shape = inputs.get_shape()
    input_dim = len(input_shape)
    if per_channel:
        # Only support quantizing 1-, 2- and 4-dimensional tensors.
        assert input_dim in [1, 2, 4], ("Expected 1D, 2D or 4D input, was: %s in  scope: %s"
                                        % (input_shape, name_prefix))
        min_max_shape = [input_shape[-1]]
    else:
        min_max_shape = []
    min_var = _ModelVariable("min", shape=min_max_shape,
                             initializer=tf.constant_initializer(init_min),
                             collections=[vars_collection], trainable=False)
    max_var = _ModelVariable("max", shape=min_max_shape,
                             initializer=tf.constant_initializer(init_max),
                             collections=[vars_collection], trainable=False)
    return min_var, max_var


def _BatchRange(inputs, per_channel, num_bits, narrow_range, symmetric):
    """The batch's (range_min, range_max), widened to contain 0 (TFLite's requirement)."""
    input_dim = len(inputs.get_shape())
    reduce_dims = None
    if per_channel:
        reduce_dims = {2: [0], 4: [0, 1, 2]}.get(input_dim)
    if per_channel and input_dim < 2:
        batch_min = batch_max = inputs
    else:
        batch_min = tf.reduce_min(inputs, axis=reduce_dims, name="BatchMin")
        batch_max = tf.reduce_max(inputs, axis=reduce_dims, name="BatchMax")
    if symmetric:
        if narrow_range:
            min_max_ratio = -1
        else:
            # In two's complement the negative range is slightly larger than the positive one.
            min_max_ratio = -((1 << num_bits) - 2) / (1 << num_bits)
        range_min = tf.minimum(batch_min, batch_max / min_max_ratio)
        range_max = tf.maximum(batch_max, batch_min * min_max_ratio)
    else:
        range_min = tf.minimum(batch_min, 0.0)
        range_max = tf.maximum(batch_max, 0.0)
    return range_min, range_max


def LastValueQuantize(inputs, per_channel=False, init_min=-6.0, init_max=6.0,
                      vars_collection=None, name_prefix="LastValueQuant", reuse=None,
                      is_training=True, num_bits=8, narrow_range=False, symmetric=False):
    """Fake quantization with a range of 'min'/'max' variables set to the last batch's range."""
    with tf.variable_scope(None, default_name=name_prefix, values=[inputs],
                           reuse=reuse) as scope:
        scope.set_partitioner(None)
        min_var, max_var = _MinMaxVars(inputs, per_channel, init_min, init_max,
                                       vars_collection, name_prefix)
        if not is_training:
            return _FakeQuantWithMinMaxVars(inputs, min_var, max_var, per_channel,
                                            num_bits, narrow_range)
        range_min, range_max = _BatchRange(inputs, per_channel, num_bits, narrow_range,
                                           symmetric)
        assign_min = tf.assign(min_var, range_min, name="AssignMinLast")
        assign_max = tf.assign(max_var, range_max, name="AssignMaxLast")
        return _FakeQuantWithMinMaxVars(inputs, assign_min, assign_max, per_channel,
                                        num_bits, narrow_range)


def MovingAvgQuantize(inputs, per_channel=False, init_min=-6.0, init_max=6.0, ema_decay=0.999,
                      vars_collection=tf.GraphKeys.MOVING_AVERAGE_VARIABLES,
                      name_prefix="MovingAvgQuantize", reuse=None, is_training=True,
                      num_bits=8, narrow_range=False, symmetric=False):
    """Fake quantization with a range of 'min'/'max' variables tracking an EMA of the batch's
    range (no zero-debiasing)."""
    with tf.variable_scope(None, default_name=name_prefix, values=[inputs],
                           reuse=reuse) as scope:
        scope.set_partitioner(None)
        min_var, max_var = _MinMaxVars(inputs, per_channel, init_min, init_max,
                                       vars_collection, name_prefix)
        if not is_training:
            return _FakeQuantWithMinMaxVars(inputs, min_var, max_var, per_channel,
                                            num_bits, narrow_range)
        range_min, range_max = _BatchRange(inputs, per_channel, num_bits, narrow_range,
                                           symmetric)
        assign_min = moving_averages.assign_moving_average(
            min_var, range_min, ema_decay, zero_debias=False, name="AssignMinEma")
        assign_max = moving_averages.assign_moving_average(
            max_var, range_max, ema_decay, zero_debias=False, name="AssignMaxEma")
        return _FakeQuantWithMinMaxVars(inputs, assign_min, assign_max, per_channel,
                                        num_bits, narrow_range)


def _FakeQuantWithMinMaxVars(inputs, min_var, max_var, per_channel, num_bits, narrow_range):
    if per_channel:
        assert len(min_var.get_shape()) == 1
        assert len(max_var.get_shape()) == 1
        return tf.fake_quant_with_min_max_vars_per_channel(
            inputs, min_var, max_var, num_bits=num_bits, narrow_range=narrow_range)
    assert min_var.get_shape() == []  # pylint: disable=g-explicit-bool-comparison
    assert max_var.get_shape() == []  # pylint: disable=g-explicit-bool-comparison
    return tf.fake_quant_with_min_max_vars(inputs, min_var, max_var, num_bits=num_bits,
                                           narrow_range=narrow_range)
