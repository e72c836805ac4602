"""TF 1.15's tf.contrib.metrics metrics with their own implementation (metric_ops.py):
false positive/negative rates (overall and at thresholds), recall_at_precision,
precision_at_recall, precision_recall_at_equal_thresholds, count, cohen_kappa and
streaming_dynamic_auc, with contrib's variables, names and arithmetic.

contrib counts at thresholds with its own _streaming_confusion_matrix_at_thresholds: unlike
tf.metrics', it neither checks that predictions lie in [0, 1] nor casts them to float32."""
from __future__ import annotations

import collections

import tfcompat as tf
from tfcompat.metrics.metrics_impl import _broadcast_weights
from tfcompat.metrics.metrics_impl import _remove_squeezable
from tfcompat.metrics.metrics_impl import metric_variable
from tfcompat.metrics.metrics_thresholds import _finish

_EPSILON = 1e-7
_CONFUSION = (("tp", "true_positives", True, True), ("fn", "false_negatives", True, False),
              ("tn", "true_negatives", False, False), ("fp", "false_positives", False, True))


def streaming_confusion_matrix_at_thresholds(predictions, labels, thresholds, weights=None,
                                             includes=None):
    """contrib's counts at `thresholds` (a prediction above a threshold is positive): local
    variables true_positives, false_negatives, true_negatives, false_positives (in that order,
    those in `includes`); ({key: variable}, {key: update op})."""
    keys = [key for key, _, _, _ in _CONFUSION]
    includes = keys if includes is None else includes
    for include in includes:
        if include not in keys:
            raise ValueError("Invalid key: %s." % include)
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    n = len(thresholds)
    predictions_2d = tf.reshape(predictions, [-1, 1])
    labels_2d = tf.reshape(tf.cast(labels, dtype=tf.bool), [1, -1])
    num_predictions = predictions_2d.get_shape().as_list()[0]
    if num_predictions is None:
        num_predictions = tf.shape(predictions_2d)[0]
    thresh_tiled = tf.tile(tf.expand_dims(tf.constant(thresholds), [1]),
                           tf.stack([1, num_predictions]))
    pred_is_pos = tf.greater(tf.tile(tf.transpose(predictions_2d), [n, 1]), thresh_tiled)
    pred_is_neg = tf.logical_not(pred_is_pos) if {"fn", "tn"} & set(includes) else None
    label_is_pos = tf.tile(labels_2d, [n, 1])
    label_is_neg = tf.logical_not(label_is_pos) if {"fp", "tn"} & set(includes) else None
    weights_tiled = None
    if weights is not None:
        weights = _broadcast_weights(tf.cast(weights, tf.float32), predictions)
        weights_tiled = tf.tile(tf.reshape(weights, [1, -1]), [n, 1])
    values, updates = {}, {}
    for key, name, label_pos, pred_pos in _CONFUSION:
        if key not in includes:
            continue
        variable = metric_variable([n], tf.float32, name=name)
        hits = tf.cast(tf.logical_and(label_is_pos if label_pos else label_is_neg,
                                      pred_is_pos if pred_pos else pred_is_neg), tf.float32)
        if weights_tiled is not None:
            hits *= weights_tiled
        updates[key] = tf.assign_add(variable, tf.reduce_sum(hits, 1))
        values[key] = variable
    return values, updates


def _rate(default_name, count_fn, other_fn):
    """streaming_false_positive_rate / streaming_false_negative_rate: count / (count + other),
    0 where both are 0."""
    def metric(predictions, labels, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with tf.variable_scope(name, default_name, (predictions, labels, weights)):
            predictions, labels, weights = _remove_squeezable(
                tf.cast(predictions, dtype=tf.bool), tf.cast(labels, dtype=tf.bool), weights)
            counted, counted_update = count_fn(labels=labels, predictions=predictions,
                                               weights=weights)
            other, other_update = other_fn(labels=labels, predictions=predictions,
                                           weights=weights)

            def rate(count, rest, name):
                return tf.where(tf.greater(count + rest, 0), tf.div(count, count + rest), 0,
                                name)
            return _finish(rate(counted, other, "value"),
                            rate(counted_update, other_update, "update_op"),
                            metrics_collections, updates_collections)
    metric.__name__ = "streaming_" + default_name
    return metric


streaming_false_positive_rate = _rate("false_positive_rate", tf.metrics.false_positives,
                                      tf.metrics.true_negatives)
streaming_false_negative_rate = _rate("false_negative_rate", tf.metrics.false_negatives,
                                      tf.metrics.true_positives)


def _rate_at_thresholds(default_name, key, other, prefix):
    def metric(predictions, labels, thresholds, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with tf.variable_scope(name, default_name, (predictions, labels, weights)):
            values, updates = streaming_confusion_matrix_at_thresholds(
                predictions, labels, thresholds, weights, includes=(key, other))

            def rate(count, rest, name):
                return tf.div(count, _EPSILON + count + rest, name=prefix + name)
            return _finish(rate(values[key], values[other], "value"),
                            rate(updates[key], updates[other], "update_op"),
                            metrics_collections, updates_collections)
    metric.__name__ = "streaming_" + default_name
    return metric


streaming_false_positive_rate_at_thresholds = _rate_at_thresholds(
    "false_positive_rate_at_thresholds", "fp", "tn", "fpr_")
streaming_false_negative_rate_at_thresholds = _rate_at_thresholds(
    "false_negative_rate_at_thresholds", "fn", "tp", "fnr_")


def _recall_at_precision(tp, fp, fn, precision, name, strict_mode):
    precisions = tf.div(tp, tp + fp + _EPSILON)
    if not strict_mode:
        index = tf.argmin(tf.abs(precisions - precision), 0, output_type=tf.int32)
        return tf.div(tp[index], tp[index] + fn[index] + _EPSILON, name)
    # the lowest precision at least `precision`: 1 / (p - target) ranks those first
    index = tf.argmax(tf.div(1.0, precisions - precision + _EPSILON), 0,
                      output_type=tf.int32)
    return tf.cond(precisions[index] >= precision,
                   lambda: tf.div(tp[index], tp[index] + fn[index] + _EPSILON, name),
                   lambda: .0)


def recall_at_precision(labels, predictions, precision, weights=None, num_thresholds=200,
                        metrics_collections=None, updates_collections=None, name=None,
                        strict_mode=False):
    """The recall at the threshold whose precision is closest to `precision` (strict_mode:
    the lowest precision at least `precision`, else 0)."""
    if not 0 <= precision <= 1:
        raise ValueError("`precision` must be in the range [0, 1].")
    with tf.variable_scope(name, "recall_at_precision", (predictions, labels, weights)):
        thresholds = [i * 1.0 / (num_thresholds - 1) for i in range(1, num_thresholds - 1)]
        thresholds = [0.0 - _EPSILON] + thresholds + [1.0 + _EPSILON]
        values, updates = streaming_confusion_matrix_at_thresholds(predictions, labels,
                                                                   thresholds, weights)
        recall = _recall_at_precision(values["tp"], values["fp"], values["fn"], precision,
                                      "value", strict_mode)
        update_op = _recall_at_precision(updates["tp"], updates["fp"], updates["fn"],
                                         precision, "update_op", strict_mode)
        return _finish(recall, update_op, metrics_collections, updates_collections)


def precision_at_recall(labels, predictions, target_recall, weights=None,
                        num_thresholds=200, metrics_collections=None,
                        updates_collections=None, name=None):
    """The precision at the largest threshold whose recall is at least `target_recall`."""
    if target_recall < 0 or target_recall > 1:
        raise ValueError("`target_recall` must be in the range [0, 1].")
    with tf.variable_scope(name, "precision_at_recall", (predictions, labels, weights)):
        thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [0.0 - _EPSILON] + thresholds + [1.0 + _EPSILON]
        values, updates = streaming_confusion_matrix_at_thresholds(predictions, labels,
                                                                   thresholds, weights)

        def compute(tp, fp, fn, name):
            recalls = tf.div(tp, tp + fn + _EPSILON)
            index = tf.reduce_sum(tf.cast(tf.greater_equal(recalls, target_recall),
                                          tf.int64)) - 1
            return tf.div(tp[index] + _EPSILON, tp[index] + fp[index] + _EPSILON, name)

        return _finish(compute(values["tp"], values["fp"], values["fn"], "value"),
                        compute(updates["tp"], updates["fp"], updates["fn"], "update_op"),
                        metrics_collections, updates_collections)


PrecisionRecallData = collections.namedtuple(
    "PrecisionRecallData", ["tp", "fp", "tn", "fn", "precision", "recall", "thresholds"])


def precision_recall_at_equal_thresholds(labels, predictions, weights=None,
                                         num_thresholds=None, use_locking=None, name=None):
    """(PrecisionRecallData of [num_thresholds] tensors in the predictions' dtype, update op):
    float64 buckets floor(p * (num_thresholds - 1)) counted with scatter_add, reversed
    cumulative sums for a prediction >= each threshold."""
    num_thresholds = 201 if num_thresholds is None else num_thresholds
    weights = 1.0 if weights is None else weights
    use_locking = True if use_locking is None else use_locking
    tf.assert_type(labels, tf.bool)
    with tf.variable_scope(name, "precision_recall_at_equal_thresholds",
                           (labels, predictions, weights)):
        zero, one = (tf.cast(v, dtype=predictions.dtype) for v in (0.0, 1.0))
        with tf.control_dependencies([
                tf.assert_greater_equal(predictions, zero, message="predictions must be in [0, 1]"),
                tf.assert_less_equal(predictions, one, message="predictions must be in [0, 1]")]):
            predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        f_labels = tf.cast(labels, tf.float64)
        weights = tf.cast(weights, tf.float64)
        true_labels = tf.reshape(f_labels * weights, [-1])
        false_labels = tf.reshape((1.0 - f_labels) * weights, [-1])
        predictions = tf.reshape(predictions, [-1])
        buckets = tf.cast(tf.floor(predictions * (num_thresholds - 1)), tf.int32)
        with tf.name_scope("variables"):
            tp_buckets = metric_variable([num_thresholds], tf.float64, name="tp_buckets")
            fp_buckets = metric_variable([num_thresholds], tf.float64, name="fp_buckets")
        with tf.name_scope("update_op"):
            update_tp = tf.scatter_add(tp_buckets, buckets, true_labels,
                                       use_locking=use_locking)
            update_fp = tf.scatter_add(fp_buckets, buckets, false_labels,
                                       use_locking=use_locking)
        tp = tf.cumsum(tp_buckets, reverse=True, name="tp")
        fp = tf.cumsum(fp_buckets, reverse=True, name="fp")
        tn, fn = fp[0] - fp, tp[0] - tp
        epsilon = tf.convert_to_tensor(1e-7, dtype=tf.float64)
        precision = tp / tf.maximum(epsilon, tp + fp)
        recall = tp / tf.maximum(epsilon, tp + fn)
        out = [tf.cast(t, predictions.dtype) for t in
               (tp, fp, tn, fn, precision, recall, tf.lin_space(0.0, 1.0, num_thresholds))]
        return PrecisionRecallData(*out), tf.group(update_tp, update_fp)


def count(values, weights=None, metrics_collections=None, updates_collections=None,
          name=None):
    """The number of values (or the sum of `weights`) seen: a float32 local variable
    `count`."""
    with tf.variable_scope(name, "count", (values, weights)):
        count_ = metric_variable([], tf.float32, name="count")
        if weights is None:
            num_values = tf.cast(tf.size(values), tf.float32)
        else:
            values, _, weights = _remove_squeezable(tf.cast(values, tf.float32), None, weights)
            weights = _broadcast_weights(tf.cast(weights, tf.float32), values)
            num_values = tf.reduce_sum(weights)
        with tf.control_dependencies([values]):
            update_op = tf.assign_add(count_, num_values)
        return _finish(tf.identity(count_), update_op, metrics_collections,
                        updates_collections)


def cohen_kappa(labels, predictions_idx, num_classes, weights=None, metrics_collections=None,
                updates_collections=None, name=None):
    """Cohen's kappa from local variables po, pe_row, pe_col (int64 counts, float32 with
    float weights): (sum(po) - sum(pe)) / (N - sum(pe)) in float64."""
    if num_classes < 2:
        raise ValueError("`num_classes` must be >= 2.Found: {}".format(num_classes))
    with tf.variable_scope(name, "cohen_kappa", (labels, predictions_idx, weights)):
        labels.get_shape().with_rank_at_most(2)
        if labels.get_shape().ndims == 2:
            labels = tf.squeeze(labels, axis=[-1])
        predictions_idx, labels, weights = _remove_squeezable(predictions_idx, labels, weights)
        predictions_idx.get_shape().assert_is_compatible_with(labels.get_shape())
        stat_dtype = tf.int64 if weights is None or weights.dtype.is_integer else tf.float32
        po, pe_row, pe_col = (metric_variable((num_classes,), stat_dtype, name=name)
                              for name in ("po", "pe_row", "pe_col"))
        table = tf.confusion_matrix(labels, predictions_idx, num_classes=num_classes,
                                    weights=weights, dtype=stat_dtype, name="counts_in_table")
        update_po = tf.assign_add(po, tf.diag_part(table))
        update_pe_row = tf.assign_add(pe_row, tf.reduce_sum(table, axis=0))
        update_pe_col = tf.assign_add(pe_col, tf.reduce_sum(table, axis=1))

        def kappa(po, pe_row, pe_col, name):
            po_sum, total = tf.reduce_sum(po), tf.reduce_sum(pe_row)
            pe_sum = tf.reduce_sum(tf.div_no_nan(tf.cast(pe_row * pe_col, tf.float64),
                                                 tf.cast(total, tf.float64)))
            po_sum, pe_sum, total = (tf.cast(t, tf.float64) for t in (po_sum, pe_sum, total))
            return tf.div_no_nan(po_sum - pe_sum, total - pe_sum, name=name)

        return _finish(kappa(po, pe_row, pe_col, "value"),
                        kappa(update_po, update_pe_row, update_pe_col, "update_op"),
                        metrics_collections, updates_collections)
