"""TF 1.15's tf.contrib.metrics AUCs that keep more than counts at fixed thresholds:
streaming_dynamic_auc (every prediction concatenated and used as a threshold,
metric_ops.py) and auc_using_histogram (histograms of the scores of each label,
histogram_ops.py), op for op."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.metrics_more import streaming_concat
from tfcompat.losses.losses_impl import remove_squeezable_dimensions
from tfcompat.metrics.metrics_impl import _remove_squeezable


def _padded_cumsum_at(values, splits):
    return tf.gather(tf.pad(tf.cumsum(values), paddings=[[1, 0]]), splits)


def _compute_dynamic_auc(labels, predictions, curve="ROC", weights=None):
    """The trapezoid area under the ROC or PR curve with each distinct prediction as a
    threshold (float64); 0 when every label is the same."""
    size = tf.size(predictions)
    if weights is None:
        weights = tf.ones_like(labels, dtype=tf.float64)
    labels, predictions, weights = _remove_squeezable(labels, predictions, weights)
    total_weight = tf.reduce_sum(weights)
    zeros = tf.zeros_like(labels, dtype=tf.float64)
    total_positive = tf.reduce_sum(tf.where(tf.greater(labels, 0), weights, zeros))

    def continue_computing_dynamic_auc():
        ordered_predictions, indices = tf.nn.top_k(predictions, k=size)
        ordered_labels = tf.gather(labels, indices)
        ordered_weights = tf.gather(weights, indices)
        _, _, counts = tf.unique_with_counts(ordered_predictions)
        splits = tf.cast(tf.pad(tf.cumsum(counts), paddings=[[1, 0]]), tf.int32)
        ordered_zeros = tf.zeros_like(ordered_labels, dtype=tf.float64)
        true_positives = _padded_cumsum_at(
            tf.where(tf.greater(ordered_labels, 0), ordered_weights, ordered_zeros), splits)
        if curve == "ROC":
            false_positives = _padded_cumsum_at(
                tf.where(tf.less(ordered_labels, 1), ordered_weights, ordered_zeros), splits)
            x_axis = tf.truediv(false_positives, total_weight - total_positive)
            y_axis = tf.truediv(true_positives, total_positive)
        else:
            x_axis = tf.truediv(true_positives, total_positive)
            positives = _padded_cumsum_at(ordered_weights, splits)
            y_axis = tf.where(tf.greater(splits, 0), tf.truediv(true_positives, positives),
                              tf.ones_like(true_positives, dtype=tf.float64))
        heights = tf.add(y_axis[1:], y_axis[:-1]) / 2.0
        widths = tf.abs(tf.subtract(x_axis[1:], x_axis[:-1]))
        return tf.reduce_sum(tf.multiply(heights, widths))

    return tf.cond(tf.logical_or(tf.equal(total_positive, 0),
                                 tf.equal(total_positive, total_weight)),
                   true_fn=lambda: tf.constant(0, tf.float64),
                   false_fn=continue_computing_dynamic_auc)


def streaming_dynamic_auc(labels, predictions, curve="ROC", metrics_collections=(),
                          updates_collections=(), name=None, weights=None):
    """AUC over every prediction seen (streaming_concat of labels, predictions, weights)."""
    if curve not in ["PR", "ROC"]:
        raise ValueError("curve must be either ROC or PR, %s unknown" % curve)
    with tf.variable_scope(name, default_name="dynamic_auc"):
        labels.get_shape().assert_is_compatible_with(predictions.get_shape())
        predictions = tf.reshape(tf.cast(predictions, tf.float64), [-1])
        labels = tf.reshape(tf.cast(labels, tf.int64), [-1])
        with tf.control_dependencies([
                tf.assert_greater_equal(labels, tf.zeros_like(labels, tf.int64),
                                        message="labels must be 0 or 1, at least one is <0"),
                tf.assert_less_equal(labels, tf.ones_like(labels, tf.int64),
                                     message="labels must be 0 or 1, at least one is >1")]):
            preds_accum, update_preds = streaming_concat(predictions, name="concat_preds")
            labels_accum, update_labels = streaming_concat(labels, name="concat_labels")
            if weights is not None:
                weights = tf.reshape(tf.cast(weights, tf.float64), [-1])
                weights_accum, update_weights = streaming_concat(weights,
                                                                 name="concat_weights")
                update_op = tf.group(update_labels, update_preds, update_weights)
            else:
                weights_accum = None
                update_op = tf.group(update_labels, update_preds)
            auc = _compute_dynamic_auc(labels_accum, preds_accum, curve=curve,
                                       weights=weights_accum)
            if updates_collections:
                tf.add_to_collections(updates_collections, update_op)
            if metrics_collections:
                tf.add_to_collections(metrics_collections, auc)
            return auc, update_op


def auc_using_histogram(boolean_labels, scores, score_range, nbins=100, collections=None,
                        check_shape=True, name=None):
    """AUC from accumulated int64 histograms of the scores of True and of False labels
    (variables hist_accumulate/hist_true_acc, hist_false_acc in `collections`, by default
    LOCAL_VARIABLES); the cumulative sum is a convolution, as TF computes it."""
    if collections is None:
        collections = [tf.GraphKeys.LOCAL_VARIABLES]
    with tf.variable_scope(name, "auc_using_histogram", [boolean_labels, scores, score_range]):
        boolean_labels, scores = remove_squeezable_dimensions(boolean_labels, scores)
        score_range = tf.convert_to_tensor(score_range, name="score_range")
        boolean_labels, scores = _check_labels_and_scores(boolean_labels, scores, check_shape)
        with tf.variable_scope(None, "make_auc_histograms", [boolean_labels, scores, nbins]):
            hist_true = tf.histogram_fixed_width(tf.boolean_mask(scores, boolean_labels),
                                                 score_range, nbins=nbins, dtype=tf.int64,
                                                 name="hist_true")
            hist_false = tf.histogram_fixed_width(
                tf.boolean_mask(scores, tf.logical_not(boolean_labels)), score_range,
                nbins=nbins, dtype=tf.int64, name="hist_false")
        with tf.variable_scope(None, "hist_accumulate", [hist_true, hist_false]):
            accumulators = [tf.get_variable(name, shape=[nbins], dtype=hist_true.dtype,
                                            initializer=tf.zeros_initializer(),
                                            collections=collections, trainable=False)
                            for name in ("hist_true_acc", "hist_false_acc")]
            update_op = tf.group(accumulators[0].assign_add(hist_true),
                                 accumulators[1].assign_add(hist_false), name="update_op")
        return _histograms_to_auc(*accumulators, nbins), update_op


def _check_labels_and_scores(boolean_labels, scores, check_shape):
    with tf.name_scope("_check_labels_and_scores", values=[boolean_labels, scores]):
        boolean_labels = tf.convert_to_tensor(boolean_labels, name="boolean_labels")
        scores = tf.convert_to_tensor(scores, name="scores")
        if boolean_labels.dtype != tf.bool:
            raise ValueError("Argument boolean_labels should have dtype bool.  Found: %s",
                             boolean_labels.dtype)
        if not check_shape:
            return boolean_labels, scores
        labels_rank_1 = tf.Assert(
            tf.equal(1, tf.rank(boolean_labels)),
            ["Argument boolean_labels should have rank 1.  Found: ", boolean_labels.name,
             tf.shape(boolean_labels)])
        scores_rank_1 = tf.Assert(
            tf.equal(1, tf.rank(scores)),
            ["Argument scores should have rank 1.  Found: ", scores.name, tf.shape(scores)])
        # (as TF: the tensors come back unchanged, so nothing runs the two checks)
        with tf.control_dependencies([labels_rank_1, scores_rank_1]):
            return boolean_labels, scores


def _histograms_to_auc(hist_true_acc, hist_false_acc, nbins):
    """Bouckaert's trapezoids over the histograms from high to low scores."""
    normed_true = tf.truediv(hist_true_acc, tf.reduce_sum(hist_true_acc))
    normed_false = tf.truediv(hist_false_acc, tf.reduce_sum(hist_false_acc))
    delta_y = tf.cast(tf.reverse_v2(normed_true, [0], name="delta_y_t"), tf.float32)
    delta_x = tf.cast(tf.reverse_v2(normed_false, [0], name="delta_x_t"), tf.float32)
    y = _strict_1d_cumsum(delta_y, nbins)
    first_trap = delta_x[0] * y[0] / 2.0
    other_traps = delta_x[1:] * (y[1:] + y[:nbins - 1]) / 2.0
    return tf.add(first_trap, tf.reduce_sum(other_traps), name="auc")


def _strict_1d_cumsum(tensor, length):
    with tf.name_scope("strict_1d_cumsum", values=[tensor]):
        if length == 0:
            return tf.constant([])
        x = tf.reshape(tf.pad(tensor, [[length - 1, 0]]), (1, -1, 1, 1))
        with tf.name_scope("strict_conv1d", values=[x]):
            h = tf.reshape(tf.ones_like(x), (-1, 1, 1, 1))
            result = tf.nn.conv2d(x, h, [1, 1, 1, 1], "SAME")
            return tf.reshape(result, [-1])[:length]
