"""TF 1.15's legacy_seq2seq losses over Python lists of per-step tensors, and
model_with_buckets (one model per (encoder length, decoder length) bucket, sharing variables)."""
from __future__ import annotations

import tfcompat as tf


def _step_crossent(logit, target, softmax_loss_function):
    if softmax_loss_function is None:
        # TF reshapes because callers sometimes pass scalar targets
        target = tf.reshape(target, [-1])
        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logit)
    return softmax_loss_function(labels=target, logits=logit)


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True,
                             softmax_loss_function=None, name=None):
    """Per-sequence log-perplexity: sum over steps of weight * cross-entropy, divided by the
    summed weights (+1e-12) when `average_across_timesteps`. `softmax_loss_function` is called
    with the keywords `labels` and `logits`."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError("Lengths of logits, weights, and targets must be the same %d, %d, %d."
                         % (len(logits), len(weights), len(targets)))
    with tf.name_scope(name, "sequence_loss_by_example", logits + targets + weights):
        log_perp_list = [_step_crossent(logit, target, softmax_loss_function) * weight
                         for logit, target, weight in zip(logits, targets, weights)]
        log_perps = tf.add_n(log_perp_list)
        if average_across_timesteps:
            total_size = tf.add_n(weights)
            total_size += 1e-12  # all-zero weights give 0, not NaN
            log_perps /= total_size
    return log_perps


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, softmax_loss_function=None, name=None):
    """The summed sequence_loss_by_example, divided by the batch size when
    `average_across_batch`: a scalar."""
    with tf.name_scope(name, "sequence_loss", logits + targets + weights):
        cost = tf.reduce_sum(sequence_loss_by_example(
            logits, targets, weights, average_across_timesteps=average_across_timesteps,
            softmax_loss_function=softmax_loss_function))
        if average_across_batch:
            batch_size = tf.shape(targets[0])[0]
            return cost / tf.cast(batch_size, cost.dtype)
        return cost


def _check_bucket_lengths(encoder_inputs, targets, weights, buckets):
    if len(encoder_inputs) < buckets[-1][0]:
        raise ValueError("Length of encoder_inputs (%d) must be at least that of last bucket "
                         "(%d)." % (len(encoder_inputs), buckets[-1][0]))
    if len(targets) < buckets[-1][1]:
        raise ValueError("Length of targets (%d) must be at least that of last bucket (%d)."
                         % (len(targets), buckets[-1][1]))
    if len(weights) < buckets[-1][1]:
        raise ValueError("Length of weights (%d) must be at least that of last bucket (%d)."
                         % (len(weights), buckets[-1][1]))


def model_with_buckets(encoder_inputs, decoder_inputs, targets, weights, buckets, seq2seq,
                       softmax_loss_function=None, per_example_loss=False, name=None):
    """`seq2seq(encoder_inputs[:e], decoder_inputs[:d])` for each bucket (e, d), the first
    making the variables and the rest reusing them, and each bucket's loss (sequence_loss, or
    sequence_loss_by_example with `per_example_loss`). Returns (outputs, losses) per bucket."""
    _check_bucket_lengths(encoder_inputs, targets, weights, buckets)
    all_inputs = encoder_inputs + decoder_inputs + targets + weights
    losses, outputs = [], []
    loss_fn = sequence_loss_by_example if per_example_loss else sequence_loss
    with tf.name_scope(name, "model_with_buckets", all_inputs):
        for j, bucket in enumerate(buckets):
            with tf.variable_scope(tf.get_variable_scope(), reuse=True if j > 0 else None):
                bucket_outputs, _ = seq2seq(encoder_inputs[:bucket[0]],
                                            decoder_inputs[:bucket[1]])
                outputs.append(bucket_outputs)
                losses.append(loss_fn(outputs[-1], targets[:bucket[1]], weights[:bucket[1]],
                                      softmax_loss_function=softmax_loss_function))
    return outputs, losses
