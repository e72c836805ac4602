"""`tf.contrib.seq2seq.sequence_loss`: TF 1.15's weighted cross-entropy over sequences."""
from __future__ import annotations

import tfcompat as tf

__all__ = ["sequence_loss"]


def _check_ranks(logits, targets, weights):
    if len(logits.get_shape()) != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if len(targets.get_shape()) != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if len(weights.get_shape()) != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")


def _check_flags(average_across_timesteps, average_across_batch, sum_over_timesteps,
                 sum_over_batch):
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True "
                         "at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at "
                         "same time.")


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, sum_over_timesteps=False, sum_over_batch=False,
                  softmax_loss_function=None, name=None):
    """Weighted cross-entropy of [batch, time, classes] logits against [batch, time] targets:
    a scalar, [time] or [batch] (averaged by the weights' sum, or by their non-zero count for
    `sum_over_*`), or [batch, time] when nothing is reduced."""
    _check_ranks(logits, targets, weights)
    _check_flags(average_across_timesteps, average_across_batch, sum_over_timesteps,
                 sum_over_batch)
    with tf.name_scope(name, "sequence_loss", [logits, targets, weights]):
        num_classes = tf.shape(logits)[2]
        logits_flat = tf.reshape(logits, [-1, num_classes])
        targets = tf.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=targets, logits=logits_flat)
        else:
            crossent = softmax_loss_function(labels=targets, logits=logits_flat)
        crossent *= tf.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            return tf.div_no_nan(tf.reduce_sum(crossent), tf.reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            total_count = tf.cast(tf.count_nonzero(weights), crossent.dtype)
            return tf.div_no_nan(tf.reduce_sum(crossent), total_count)
        crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            reduce_axis = [0] if average_across_batch else [1]
            return tf.div_no_nan(tf.reduce_sum(crossent, axis=reduce_axis),
                                 tf.reduce_sum(weights, axis=reduce_axis))
        if sum_over_timesteps or sum_over_batch:
            reduce_axis = [0] if sum_over_batch else [1]
            total_count = tf.cast(tf.count_nonzero(weights, axis=reduce_axis),
                                  dtype=crossent.dtype)
            return tf.div_no_nan(tf.reduce_sum(crossent, axis=reduce_axis), total_count)
        return crossent
