"""TF 1.15's `tf.contrib.metrics.streaming_covariance` and `streaming_pearson_correlation`:
the unbiased sample covariance kept as local variables `count`, `mean_prediction`,
`mean_label` and `comoment`, merged batch by batch with
`C_AB = C_A + C_B + (E[x_A] - E[x_B]) * (E[y_A] - E[y_B]) * n_A * n_B / n_AB`
(weights are frequency weights)."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.metrics.metrics_impl import _remove_squeezable
from tfcompat.metrics.metrics_impl import metric_variable
from tfcompat.ops.weights_broadcast_ops import broadcast_weights


def _collect(collections, value):
    if collections:
        tf.add_to_collections(collections, value)


def _running_mean(var, batch_sum, batch_count, update_count):
    """Moves `var` to the mean of everything seen; returns (batch mean, mean before)."""
    batch_mean = tf.div_no_nan(batch_sum, batch_count)
    delta = tf.div_no_nan((batch_mean - var) * batch_count, update_count)
    return batch_mean, tf.assign_add(var, delta) - delta


def streaming_covariance(predictions, labels, weights=None, metrics_collections=None,
                         updates_collections=None, name=None):
    """The unbiased sample covariance of `predictions` and `labels`: `comoment / (count - 1)`
    (NaN while count <= 1)."""
    with tf.variable_scope(name, "covariance", (predictions, labels, weights)):
        predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        count_ = metric_variable([], tf.float32, name="count")
        mean_prediction = metric_variable([], tf.float32, name="mean_prediction")
        mean_label = metric_variable([], tf.float32, name="mean_label")
        comoment = metric_variable([], tf.float32, name="comoment")
        if weights is None:
            batch_count = tf.cast(tf.size(labels), tf.float32)
            weighted_predictions, weighted_labels = predictions, labels
        else:
            weights = broadcast_weights(weights, labels)
            batch_count = tf.reduce_sum(weights)
            weighted_predictions = tf.multiply(predictions, weights)
            weighted_labels = tf.multiply(labels, weights)
        update_count = tf.assign_add(count_, batch_count)
        prev_count = update_count - batch_count
        batch_mean_prediction, prev_mean_prediction = _running_mean(
            mean_prediction, tf.reduce_sum(weighted_predictions), batch_count, update_count)
        batch_mean_label, prev_mean_label = _running_mean(
            mean_label, tf.reduce_sum(weighted_labels), batch_count, update_count)
        coresiduals = (predictions - batch_mean_prediction) * (labels - batch_mean_label)
        if weights is None:
            batch_comoment = tf.reduce_sum(coresiduals)
        else:
            batch_comoment = tf.reduce_sum(coresiduals * weights)
        delta_comoment = (batch_comoment + (prev_mean_prediction - batch_mean_prediction)
                          * (prev_mean_label - batch_mean_label)
                          * (prev_count * batch_count / update_count))
        update_comoment = tf.assign_add(comoment, delta_comoment)
        covariance = tf.where(tf.less_equal(count_, 1.), float("nan"),
                              tf.truediv(comoment, count_ - 1), name="covariance")
        with tf.control_dependencies([update_comoment]):
            update_op = tf.where(tf.less_equal(count_, 1.), float("nan"),
                                 tf.truediv(comoment, count_ - 1), name="update_op")
    _collect(metrics_collections, covariance)
    _collect(updates_collections, update_op)
    return covariance, update_op


def streaming_pearson_correlation(predictions, labels, weights=None, metrics_collections=None,
                                  updates_collections=None, name=None):
    """`cov(p, l) / sqrt(var(p) * var(l))` from three streaming covariances."""
    with tf.variable_scope(name, "pearson_r", (predictions, labels, weights)):
        predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        if weights is not None:
            weights = broadcast_weights(weights, labels)
        cov, update_cov = streaming_covariance(predictions, labels, weights=weights,
                                               name="covariance")
        var_p, update_var_p = streaming_covariance(predictions, predictions, weights=weights,
                                                   name="variance_predictions")
        var_l, update_var_l = streaming_covariance(labels, labels, weights=weights,
                                                   name="variance_labels")
        pearson_r = tf.truediv(cov, tf.multiply(tf.sqrt(var_p), tf.sqrt(var_l)),
                               name="pearson_r")
        update_op = tf.truediv(update_cov,
                               tf.multiply(tf.sqrt(update_var_p), tf.sqrt(update_var_l)),
                               name="update_op")
    _collect(metrics_collections, pearson_r)
    _collect(updates_collections, update_op)
    return pearson_r, update_op
