"""`tf.contrib.nn`: TF 1.15's variants of tf.nn ops: alpha_dropout, sampled_sparse_softmax_loss,
the deprecated_flipped_* cross entropies (logits first) and conv1d_transpose.
nth_element, rank_sampled_softmax_loss and scaled_softplus are not implemented."""
from __future__ import annotations

import numbers

import tfcompat as tf
from tfcompat._unsupported import missing_attr
from tfcompat.ops.nn_loss_ops import _compute_sampled_logits

conv1d_transpose = tf.nn.conv1d_transpose

# SELU's negative saturation value -lambda * alpha
_ALPHA = -1.7580993408473766


def alpha_dropout(x, keep_prob, noise_shape=None, seed=None, name=None):
    """Dropout that keeps SELU activations at zero mean and unit variance (arXiv:1706.02515):
    dropped units are set to the saturation value, then all are scaled and shifted."""
    with tf.name_scope(name, "alpha_dropout", [x]) as name:
        x = tf.convert_to_tensor(x, name="x")
        if isinstance(keep_prob, numbers.Real) and not 0 < keep_prob <= 1.:
            raise ValueError("keep_prob must be a scalar tensor or a float in the range (0, 1], "
                             "got %g" % keep_prob)
        keep_prob = tf.convert_to_tensor(keep_prob, dtype=x.dtype, name="keep_prob")
        keep_prob.get_shape().assert_is_compatible_with(tf.TensorShape([]))
        if tf.get_static_value(keep_prob) == 1:
            return x
        noise_shape = noise_shape if noise_shape is not None else tf.shape(x)
        random_tensor = tf.random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        kept_idx = tf.cast(tf.greater_equal(random_tensor, 1 - keep_prob), x.dtype)
        x = x * kept_idx + _ALPHA * (1 - kept_idx)
        a = (keep_prob + keep_prob * (1 - keep_prob) * _ALPHA ** 2) ** -0.5
        b = -a * _ALPHA * (1 - keep_prob)
        return a * x + b


def sampled_sparse_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes,
                                sampled_values=None, remove_accidental_hits=True,
                                partition_strategy="mod", name="sampled_sparse_softmax_loss"):
    """Per-example sampled softmax loss for one true class per row (`labels` [batch, 1]): the
    sparse cross entropy of the sampled logits, whose true logit is column 0."""
    logits, _ = _compute_sampled_logits(
        weights=weights, biases=biases, labels=labels, inputs=inputs, num_sampled=num_sampled,
        num_classes=num_classes, num_true=1, sampled_values=sampled_values,
        subtract_log_q=True, remove_accidental_hits=remove_accidental_hits,
        partition_strategy=partition_strategy, name=name)
    labels = tf.zeros([tf.shape(logits)[0], 1], dtype=tf.int64)
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.squeeze(labels),
                                                          logits=logits)


def deprecated_flipped_softmax_cross_entropy_with_logits(logits, labels, dim=-1, name=None):
    """tf.nn.softmax_cross_entropy_with_logits with `logits` first."""
    return tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=labels, dim=dim,
                                                   name=name)


def deprecated_flipped_sparse_softmax_cross_entropy_with_logits(logits, labels, name=None):
    """tf.nn.sparse_softmax_cross_entropy_with_logits with `logits` first."""
    return tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=labels,
                                                          name=name)


def deprecated_flipped_sigmoid_cross_entropy_with_logits(logits, targets, name=None):
    """tf.nn.sigmoid_cross_entropy_with_logits with `logits` first and `targets` as labels.
    (TF 1.15 passed `targets=` to tf.nn's function, which has no such argument, and so raised
    TypeError; tfcompat computes the loss.)"""
    return tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=targets, name=name)


__getattr__ = missing_attr("contrib.nn", __name__)
