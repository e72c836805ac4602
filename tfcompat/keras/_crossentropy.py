"""Keras' backend crossentropies (tf.keras.backend.{binary,categorical,sparse_categorical}_
crossentropy): from probabilities they clip to [epsilon, 1 - epsilon] and take logs; from the
output of a Softmax / Sigmoid op (or a Keras activation's `_keras_logits`) they use the
logits with TF's fused kernels instead, as tf_keras does.
"""
from __future__ import annotations

import warnings

import tfcompat as tf
from tfcompat.keras import backend


def get_logits(output, from_logits, op_type, fn_name):
    """(logits or probabilities, whether they are logits)."""
    output_, from_logits_ = output, from_logits
    has_keras_logits = hasattr(output, "_keras_logits")
    if has_keras_logits:
        output_, from_logits_ = output._keras_logits, True
    from_op = (not has_keras_logits and not isinstance(output, tf.Variable)
               and getattr(output, "op", None) is not None and output.op.type == op_type)
    if from_op:
        output_, from_logits_ = output.op.inputs[0], True
    if from_logits and (has_keras_logits or from_op):
        warnings.warn('"`%s` received `from_logits=True`, but the `output` argument was produced '
                      "by a %s activation and thus does not represent logits. Was this "
                      "intended?" % (fn_name, op_type), stacklevel=2)
    return output_, from_logits_


def _epsilon(dtype):
    return tf.constant(backend.epsilon(), dtype=dtype.base_dtype)


def binary_crossentropy(target, output, from_logits=False):
    target = tf.convert_to_tensor(target)
    output = tf.convert_to_tensor(output)
    output, from_logits = get_logits(output, from_logits, "Sigmoid", "binary_crossentropy")
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    epsilon_ = _epsilon(output.dtype)
    output = tf.clip_by_value(output, epsilon_, 1.0 - epsilon_)
    bce = target * tf.math.log(output + backend.epsilon())
    bce += (1 - target) * tf.math.log(1 - output + backend.epsilon())
    return -bce


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target = tf.convert_to_tensor(target)
    output = tf.convert_to_tensor(output)
    target.shape.assert_is_compatible_with(output.shape)
    output, from_logits = get_logits(output, from_logits, "Softmax", "categorical_crossentropy")
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits_v2(labels=target, logits=output,
                                                          axis=axis)
    output = output / tf.reduce_sum(output, axis, True)
    epsilon_ = _epsilon(output.dtype)
    output = tf.clip_by_value(output, epsilon_, 1.0 - epsilon_)
    return -tf.reduce_sum(target * tf.math.log(output), axis)


def _move_axis_last(output, axis):
    rank = output.shape.ndims
    if rank is None:
        if axis != -1:
            raise ValueError("Cannot compute sparse categorical crossentropy with `axis=%s` on "
                             "an output tensor with unknown rank" % axis)
        return output, rank
    axis %= rank
    if axis != rank - 1:
        permutation = list(range(axis)) + list(range(axis + 1, rank)) + [axis]
        output = tf.transpose(output, perm=permutation)
    return output, rank


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1,
                                    ignore_class=None):
    target = tf.cast(tf.convert_to_tensor(target), "int64")
    output = tf.convert_to_tensor(output)
    output, from_logits = get_logits(output, from_logits, "Softmax",
                                     "sparse_categorical_crossentropy")
    if not from_logits:
        epsilon_ = _epsilon(output.dtype)
        output = tf.math.log(tf.clip_by_value(output, epsilon_, 1 - epsilon_))
    output, output_rank = _move_axis_last(output, axis)
    output_shape = tf.shape(output)
    target_rank = target.shape.ndims
    update_shape = (target_rank is not None and output_rank is not None
                    and target_rank != output_rank - 1)
    if update_shape:
        target = tf.reshape(target, [-1])
        output = tf.reshape(output, [-1, output_shape[-1]])
    if ignore_class is not None:
        valid_mask = tf.not_equal(target, tf.cast(ignore_class, target.dtype))
        target = tf.boolean_mask(target, valid_mask)
        output = tf.boolean_mask(output, valid_mask)
    res = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=output)
    if ignore_class is not None:
        res_shape = tf.cast(output_shape[:-1], "int64")
        valid_mask = tf.reshape(valid_mask, res_shape)
        res = tf.scatter_nd(tf.where(valid_mask), res, res_shape)
        res._keras_mask = valid_mask
        return res
    if update_shape and output_rank >= 3:
        res = tf.reshape(res, output_shape[:-1])
    return res


def binary_focal_crossentropy(target, output, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False):
    """(1 - p_t) ** gamma times the binary crossentropy (alpha-weighted when balancing)."""
    sigmoidal = tf.sigmoid(output) if from_logits else output
    p_t = target * sigmoidal + (1 - target) * (1 - sigmoidal)
    focal_factor = tf.pow(1.0 - p_t, gamma)
    focal_bce = focal_factor * binary_crossentropy(target, output, from_logits=from_logits)
    if apply_class_balancing:
        focal_bce = (target * alpha + (1 - target) * (1 - alpha)) * focal_bce
    return focal_bce


def categorical_focal_crossentropy(target, output, alpha=0.25, gamma=2.0, from_logits=False,
                                   axis=-1):
    """sum(alpha * (1 - p) ** gamma * -target * log(p)) over `axis`."""
    target = tf.convert_to_tensor(target)
    output = tf.convert_to_tensor(output)
    target.shape.assert_is_compatible_with(output.shape)
    output, from_logits = get_logits(output, from_logits, "Softmax",
                                     "categorical_focal_crossentropy")
    if from_logits:
        output = tf.nn.softmax(output, axis=axis)
    output = output / tf.reduce_sum(output, axis=axis, keepdims=True)
    epsilon_ = _epsilon(output.dtype)
    output = tf.clip_by_value(output, epsilon_, 1.0 - epsilon_)
    cce = -target * tf.math.log(output)
    weighting_factor = tf.multiply(tf.pow(1.0 - output, gamma), alpha)
    return tf.reduce_sum(tf.multiply(weighting_factor, cce), axis=axis)
