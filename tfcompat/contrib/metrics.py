"""`tf.contrib.metrics`: TF 1.15's `streaming_*` metrics, which are tf.metrics with the
predictions first (`streaming_accuracy(predictions, labels, ...)`), plus `accuracy` (a
one-batch accuracy), `aggregate_metrics`, `aggregate_metric_map`, `confusion_matrix`, and
`streaming_covariance` / `streaming_pearson_correlation` (metrics_covariance.py), and
`streaming_concat`, `streaming_curve_points`, `f1_score` (metrics_more.py), the rates,
recall_at_precision / precision_at_recall, precision_recall_at_equal_thresholds, count and
cohen_kappa (metrics_contrib_ops.py), streaming_dynamic_auc and auc_using_histogram
(metrics_auc.py), and the set ops of tf.sets.

auc_with_confidence_intervals fails with the unsupported-API error."""
from __future__ import annotations

import tfcompat as tf
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib.metrics_auc import auc_using_histogram
from tfcompat.contrib.metrics_auc import streaming_dynamic_auc
from tfcompat.contrib.metrics_contrib_ops import cohen_kappa
from tfcompat.contrib.metrics_contrib_ops import count
from tfcompat.contrib.metrics_contrib_ops import precision_at_recall
from tfcompat.contrib.metrics_contrib_ops import precision_recall_at_equal_thresholds
from tfcompat.contrib.metrics_contrib_ops import recall_at_precision
from tfcompat.contrib.metrics_contrib_ops import streaming_false_negative_rate
from tfcompat.contrib.metrics_contrib_ops import streaming_false_negative_rate_at_thresholds
from tfcompat.contrib.metrics_contrib_ops import streaming_false_positive_rate
from tfcompat.contrib.metrics_contrib_ops import streaming_false_positive_rate_at_thresholds
from tfcompat.contrib.metrics_covariance import streaming_covariance
from tfcompat.contrib.metrics_covariance import streaming_pearson_correlation
from tfcompat.contrib.metrics_more import f1_score
from tfcompat.contrib.metrics_more import streaming_concat
from tfcompat.contrib.metrics_more import streaming_curve_points


def _predictions_first(metric, doc):
    """A `streaming_<metric>(predictions, labels, weights=None, metrics_collections=None,
    updates_collections=None, name=None)` calling tf.metrics.<metric> by keyword."""

    def streaming(predictions, labels, weights=None, metrics_collections=None,
                  updates_collections=None, name=None):
        return metric(predictions=predictions, labels=labels, weights=weights,
                      metrics_collections=metrics_collections,
                      updates_collections=updates_collections, name=name)

    streaming.__name__ = streaming.__qualname__ = "streaming_" + metric.__name__
    streaming.__doc__ = doc
    return streaming


streaming_true_positives = _predictions_first(tf.metrics.true_positives,
                                              "Sum of true-positive weights.")
streaming_true_negatives = _predictions_first(tf.metrics.true_negatives,
                                              "Sum of true-negative weights.")
streaming_false_positives = _predictions_first(tf.metrics.false_positives,
                                               "Sum of false-positive weights.")
streaming_false_negatives = _predictions_first(tf.metrics.false_negatives,
                                               "Sum of false-negative weights.")
streaming_accuracy = _predictions_first(tf.metrics.accuracy, "How often predictions equal labels.")
streaming_precision = _predictions_first(tf.metrics.precision, "Streaming precision.")
streaming_recall = _predictions_first(tf.metrics.recall, "Streaming recall.")
streaming_mean_absolute_error = _predictions_first(tf.metrics.mean_absolute_error,
                                                   "Streaming mean absolute error.")
streaming_mean_squared_error = _predictions_first(tf.metrics.mean_squared_error,
                                                  "Streaming mean squared error.")
streaming_root_mean_squared_error = _predictions_first(tf.metrics.root_mean_squared_error,
                                                       "Streaming root mean squared error.")


def streaming_mean(values, weights=None, metrics_collections=None, updates_collections=None,
                   name=None):
    return tf.metrics.mean(values=values, weights=weights,
                           metrics_collections=metrics_collections,
                           updates_collections=updates_collections, name=name)


def streaming_mean_tensor(values, weights=None, metrics_collections=None,
                          updates_collections=None, name=None):
    return tf.metrics.mean_tensor(values=values, weights=weights,
                                  metrics_collections=metrics_collections,
                                  updates_collections=updates_collections, name=name)


def streaming_auc(predictions, labels, weights=None, num_thresholds=200,
                  metrics_collections=None, updates_collections=None, curve="ROC", name=None):
    return tf.metrics.auc(predictions=predictions, labels=labels, curve=curve, weights=weights,
                          num_thresholds=num_thresholds,
                          metrics_collections=metrics_collections,
                          updates_collections=updates_collections, name=name)


def streaming_mean_relative_error(predictions, labels, normalizer, weights=None,
                                  metrics_collections=None, updates_collections=None,
                                  name=None):
    return tf.metrics.mean_relative_error(
        predictions=predictions, labels=labels, normalizer=normalizer, weights=weights,
        metrics_collections=metrics_collections, updates_collections=updates_collections,
        name=name)


def streaming_mean_cosine_distance(predictions, labels, dim, weights=None,
                                   metrics_collections=None, updates_collections=None,
                                   name=None):
    return tf.metrics.mean_cosine_distance(
        predictions=predictions, labels=labels, dim=dim, weights=weights,
        metrics_collections=metrics_collections, updates_collections=updates_collections,
        name=name)


def streaming_percentage_less(values, threshold, weights=None, metrics_collections=None,
                              updates_collections=None, name=None):
    return tf.metrics.percentage_below(values=values, threshold=threshold, weights=weights,
                                       metrics_collections=metrics_collections,
                                       updates_collections=updates_collections, name=name)


def streaming_mean_iou(predictions, labels, num_classes, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    return tf.metrics.mean_iou(num_classes=num_classes, predictions=predictions, labels=labels,
                               weights=weights, metrics_collections=metrics_collections,
                               updates_collections=updates_collections, name=name)


def _thresholds_metric(metric):
    def streaming(predictions, labels, thresholds, weights=None, metrics_collections=None,
                  updates_collections=None, name=None):
        return metric(thresholds=thresholds, predictions=predictions, labels=labels,
                      weights=weights, metrics_collections=metrics_collections,
                      updates_collections=updates_collections, name=name)

    streaming.__name__ = streaming.__qualname__ = "streaming_" + metric.__name__
    return streaming


streaming_precision_at_thresholds = _thresholds_metric(tf.metrics.precision_at_thresholds)
streaming_recall_at_thresholds = _thresholds_metric(tf.metrics.recall_at_thresholds)


def _counts_at_thresholds(metric):
    """TF 1.15's `streaming_<count>_at_thresholds(predictions, labels, thresholds,
    weights=None)`: (value, update_op) of tf.metrics' count per threshold, with tf.metrics'
    variable scope (TF's contrib made its own unscoped local variables)."""
    def streaming(predictions, labels, thresholds, weights=None):
        return metric(labels=labels, predictions=predictions, thresholds=thresholds,
                      weights=weights)

    streaming.__name__ = streaming.__qualname__ = "streaming_" + metric.__name__
    return streaming


streaming_true_positives_at_thresholds = _counts_at_thresholds(
    tf.metrics.true_positives_at_thresholds)
streaming_false_positives_at_thresholds = _counts_at_thresholds(
    tf.metrics.false_positives_at_thresholds)
streaming_true_negatives_at_thresholds = _counts_at_thresholds(
    tf.metrics.true_negatives_at_thresholds)
streaming_false_negatives_at_thresholds = _counts_at_thresholds(
    tf.metrics.false_negatives_at_thresholds)


def streaming_sensitivity_at_specificity(predictions, labels, specificity, weights=None,
                                         num_thresholds=200, metrics_collections=None,
                                         updates_collections=None, name=None):
    return tf.metrics.sensitivity_at_specificity(
        specificity=specificity, num_thresholds=num_thresholds, predictions=predictions,
        labels=labels, weights=weights, metrics_collections=metrics_collections,
        updates_collections=updates_collections, name=name)


def streaming_specificity_at_sensitivity(predictions, labels, sensitivity, weights=None,
                                         num_thresholds=200, metrics_collections=None,
                                         updates_collections=None, name=None):
    return tf.metrics.specificity_at_sensitivity(
        sensitivity=sensitivity, num_thresholds=num_thresholds, predictions=predictions,
        labels=labels, weights=weights, metrics_collections=metrics_collections,
        updates_collections=updates_collections, name=name)


def _at_k_name(name, k=None, class_id=None):
    name = "%s_at_%d" % (name, k) if k is not None else "%s_at_k" % name
    if class_id is not None:
        name = "%s_class%d" % (name, class_id)
    return name


def streaming_recall_at_k(predictions, labels, k, weights=None, metrics_collections=None,
                          updates_collections=None, name=None):
    """Mean of in_top_k(predictions, labels, k) (dense labels of shape [batch])."""
    in_top_k = tf.to_float(tf.nn.in_top_k(predictions, labels, k))
    return streaming_mean(in_top_k, weights, metrics_collections, updates_collections,
                          name or _at_k_name("recall", k))


def streaming_sparse_recall_at_k(predictions, labels, k, class_id=None, weights=None,
                                 metrics_collections=None, updates_collections=None, name=None):
    return tf.metrics.recall_at_k(k=k, class_id=class_id, predictions=predictions,
                                  labels=labels, weights=weights,
                                  metrics_collections=metrics_collections,
                                  updates_collections=updates_collections, name=name)


def streaming_sparse_precision_at_k(predictions, labels, k, class_id=None, weights=None,
                                    metrics_collections=None, updates_collections=None,
                                    name=None):
    return tf.metrics.precision_at_k(k=k, class_id=class_id, predictions=predictions,
                                     labels=labels, weights=weights,
                                     metrics_collections=metrics_collections,
                                     updates_collections=updates_collections, name=name)


def streaming_sparse_precision_at_top_k(top_k_predictions, labels, class_id=None, weights=None,
                                        metrics_collections=None, updates_collections=None,
                                        name=None):
    default_name = _at_k_name("precision", class_id=class_id)
    with tf.name_scope(name, default_name, (top_k_predictions, labels, weights)) as scope:
        return tf.metrics.precision_at_top_k(
            labels=labels, predictions_idx=top_k_predictions, class_id=class_id,
            weights=weights, metrics_collections=metrics_collections,
            updates_collections=updates_collections, name=scope)


def sparse_recall_at_top_k(labels, top_k_predictions, class_id=None, weights=None,
                           metrics_collections=None, updates_collections=None, name=None):
    default_name = _at_k_name("recall", class_id=class_id)
    with tf.name_scope(name, default_name, (top_k_predictions, labels, weights)) as scope:
        return tf.metrics.recall_at_top_k(
            labels=labels, predictions_idx=top_k_predictions, class_id=class_id,
            weights=weights, metrics_collections=metrics_collections,
            updates_collections=updates_collections, name=scope)


def streaming_sparse_average_precision_at_k(predictions, labels, k, weights=None,
                                            metrics_collections=None, updates_collections=None,
                                            name=None):
    return tf.metrics.average_precision_at_k(k=k, predictions=predictions, labels=labels,
                                             weights=weights,
                                             metrics_collections=metrics_collections,
                                             updates_collections=updates_collections, name=name)


def accuracy(predictions, labels, weights=None, name=None):
    """The (weighted) fraction of `predictions` equal to `labels` in this batch (no state)."""
    with tf.name_scope(name, "accuracy", values=[predictions, labels]):
        predictions = tf.convert_to_tensor(predictions)
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        if labels.dtype != predictions.dtype:
            raise ValueError("Dtypes of predictions and labels should match. Given: "
                             "predictions (%r) and labels (%r)" % (predictions.dtype,
                                                                    labels.dtype))
        is_correct = tf.cast(tf.equal(predictions, labels), tf.float32)
        if weights is None:
            return tf.reduce_mean(is_correct)
        is_correct = tf.multiply(is_correct, weights)
        num_values = tf.multiply(weights, tf.ones_like(is_correct))
        return tf.div(tf.reduce_sum(is_correct), tf.reduce_sum(num_values))


def aggregate_metrics(*value_update_tuples):
    """([values], [update ops]) from (value, update_op) pairs."""
    if not value_update_tuples:
        raise ValueError("Expected at least one value_tensor/update_op pair")
    value_ops, update_ops = zip(*value_update_tuples)
    return list(value_ops), list(update_ops)


def aggregate_metric_map(names_to_tuples):
    """({name: value}, {name: update_op}) from {name: (value, update_op)}."""
    metric_names = names_to_tuples.keys()
    value_ops, update_ops = zip(*names_to_tuples.values())
    return dict(zip(metric_names, value_ops)), dict(zip(metric_names, update_ops))


confusion_matrix = tf.confusion_matrix
set_difference = tf.sets.set_difference
set_intersection = tf.sets.set_intersection
set_size = tf.sets.set_size
set_union = tf.sets.set_union

__all__ = ["streaming_true_positives", "streaming_true_negatives", "streaming_false_positives",
           "streaming_false_negatives", "streaming_accuracy", "streaming_precision",
           "streaming_recall", "streaming_mean_absolute_error", "streaming_mean_squared_error",
           "streaming_root_mean_squared_error", "streaming_mean", "streaming_mean_tensor",
           "streaming_auc", "streaming_mean_relative_error", "streaming_mean_cosine_distance",
           "streaming_percentage_less", "streaming_mean_iou",
           "streaming_precision_at_thresholds", "streaming_recall_at_thresholds",
           "streaming_sensitivity_at_specificity", "streaming_specificity_at_sensitivity",
           "streaming_recall_at_k", "streaming_sparse_recall_at_k",
           "streaming_sparse_precision_at_k", "streaming_sparse_precision_at_top_k",
           "streaming_sparse_average_precision_at_k", "streaming_true_positives_at_thresholds",
           "streaming_false_positives_at_thresholds", "streaming_true_negatives_at_thresholds",
           "streaming_false_negatives_at_thresholds", "sparse_recall_at_top_k", "accuracy",
           "aggregate_metrics", "aggregate_metric_map", "confusion_matrix",
           "streaming_covariance", "streaming_pearson_correlation", "streaming_concat",
           "streaming_curve_points", "f1_score", "auc_using_histogram",
           "streaming_dynamic_auc", "cohen_kappa", "count", "precision_at_recall",
           "precision_recall_at_equal_thresholds", "recall_at_precision",
           "streaming_false_negative_rate", "streaming_false_negative_rate_at_thresholds",
           "streaming_false_positive_rate", "streaming_false_positive_rate_at_thresholds",
           "set_difference", "set_intersection", "set_size", "set_union"]
__getattr__ = _missing_attr("contrib.metrics", __name__)
