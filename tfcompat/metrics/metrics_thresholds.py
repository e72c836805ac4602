"""TF1 streaming metrics over thresholds and the remaining mean-style metrics
(`tf.metrics.precision_at_thresholds`, `sensitivity_at_specificity`, `mean_tensor`,
`mean_per_class_accuracy`, ...), built as TF's metrics_impl builds them: same variable names
(`<scope>/true_positives`, ...), same formulas and epsilons."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.losses.losses_impl import remove_squeezable_dimensions
from tfcompat.metrics.metrics_impl import _collect
from tfcompat.metrics.metrics_impl import _confusion_at_thresholds
from tfcompat.metrics.metrics_impl import _remove_squeezable
from tfcompat.metrics.metrics_impl import _scope
from tfcompat.metrics.metrics_impl import mean
from tfcompat.metrics.metrics_impl import metric_variable
from tfcompat.ops import array_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import state_ops
from tfcompat.ops.weights_broadcast_ops import broadcast_weights

_KEPSILON = 1e-7


def _finish(value, update_op, metrics_collections, updates_collections):
    _collect(metrics_collections, value)
    _collect(updates_collections, update_op)
    return value, update_op


def mean_cosine_distance(labels, predictions, dim, weights=None, metrics_collections=None,
                         updates_collections=None, name=None):
    """TF1 `tf.metrics.mean_cosine_distance`: 1 - mean of sum(labels * predictions, dim)
    (the inputs are expected to be unit-normalized)."""
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    radial = reduction_ops.reduce_sum(math_ops.multiply(predictions, labels), axis=[dim],
                                      keepdims=True)
    mean_distance, update_op = mean(radial, weights, None, None,
                                    name or "mean_cosine_distance")
    return _finish(math_ops.subtract(1.0, mean_distance), math_ops.subtract(1.0, update_op),
                   metrics_collections, updates_collections)


def mean_per_class_accuracy(labels, predictions, num_classes, weights=None,
                            metrics_collections=None, updates_collections=None, name=None):
    """TF1 `tf.metrics.mean_per_class_accuracy`: the mean over classes of each class's
    accuracy (classes never seen count as 0)."""
    with _scope(name, "mean_accuracy", (predictions, labels, weights)):
        labels = math_ops.cast(labels, dtypes.int64)
        predictions = convert_to_tensor(predictions)
        if labels.get_shape().ndims > 1:
            labels = array_ops.reshape(labels, [-1])
        if predictions.get_shape().ndims > 1:
            predictions = array_ops.reshape(predictions, [-1])
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        total = metric_variable([num_classes], dtypes.float32, name="total")
        count = metric_variable([num_classes], dtypes.float32, name="count")
        ones = array_ops.ones(array_ops.reshape(array_ops.size(labels), [1]), dtypes.float32)
        if labels.dtype != predictions.dtype:
            predictions = math_ops.cast(predictions, labels.dtype)
        is_correct = math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
        if weights is not None:
            weights = convert_to_tensor(weights)
            if weights.get_shape().ndims > 1:
                weights = array_ops.reshape(weights, [-1])
            weights = math_ops.cast(weights, dtypes.float32)
            is_correct *= weights
            ones *= weights
        update_total_op = state_ops.scatter_add(total, labels, ones)
        update_count_op = state_ops.scatter_add(count, labels, is_correct)
        per_class = math_ops.div_no_nan(count.value(), math_ops.maximum(total.value(), 0))
        value = reduction_ops.reduce_mean(per_class, name="mean_accuracy")
        update_op = math_ops.div_no_nan(update_count_op, math_ops.maximum(update_total_op, 0),
                                        name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def mean_relative_error(labels, predictions, normalizer, weights=None,
                        metrics_collections=None, updates_collections=None, name=None):
    """TF1 `tf.metrics.mean_relative_error`: mean of |labels - predictions| / normalizer
    (0 where the normalizer is 0)."""
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    predictions, normalizer = remove_squeezable_dimensions(predictions,
                                                           convert_to_tensor(normalizer))
    predictions.get_shape().assert_is_compatible_with(normalizer.get_shape())
    relative_errors = indexing_ops.where(
        math_ops.equal(normalizer, 0.0), array_ops.zeros_like(labels),
        math_ops.divide(math_ops.abs(labels - predictions), normalizer))
    return mean(relative_errors, weights, metrics_collections, updates_collections,
                name or "mean_relative_error")


def mean_tensor(values, weights=None, metrics_collections=None, updates_collections=None,
                name=None):
    """TF1 `tf.metrics.mean_tensor`: the element-wise running mean of `values`."""
    with _scope(name, "mean", (values, weights)):
        values = math_ops.cast(values, dtypes.float32)
        total = metric_variable(values.get_shape(), dtypes.float32, name="total_tensor")
        count = metric_variable(values.get_shape(), dtypes.float32, name="count_tensor")
        num_values = array_ops.ones_like(values)
        if weights is not None:
            values, _, weights = _remove_squeezable(values, None, weights)
            weights = broadcast_weights(math_ops.cast(weights, dtypes.float32), values)
            values = math_ops.multiply(values, weights)
            num_values = math_ops.multiply(num_values, weights)
        update_total_op = state_ops.assign_add(total, values)
        with control_dependencies([values]):
            update_count_op = state_ops.assign_add(count, num_values)
        value = math_ops.div_no_nan(total.value(), math_ops.maximum(count.value(), 0),
                                    name="value")
        update_op = math_ops.div_no_nan(update_total_op, math_ops.maximum(update_count_op, 0),
                                        name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def percentage_below(values, threshold, weights=None, metrics_collections=None,
                     updates_collections=None, name=None):
    """TF1 `tf.metrics.percentage_below`: the fraction of values < threshold."""
    is_below = math_ops.cast(math_ops.less(values, threshold), dtypes.float32)
    return mean(is_below, weights, metrics_collections, updates_collections,
                name or "percentage_below_threshold")


def _count_at_thresholds(key, default_name):
    def metric(labels, predictions, thresholds, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with _scope(name, default_name, (predictions, labels, weights)):
            values, updates = _confusion_at_thresholds(labels, predictions, thresholds,
                                                       weights, includes=(key,))
            # TF reads the count through the distribution strategy's read_var: an Identity.
            return _finish(array_ops.identity(values[key]), updates[key], metrics_collections,
                           updates_collections)
    metric.__name__ = default_name + "_at_thresholds"
    metric.__doc__ = ("TF1 `tf.metrics.%s_at_thresholds`: the weighted %s count at each "
                      "threshold (a prediction > threshold is positive)."
                      % (default_name, default_name.replace("_", " ")))
    return metric


true_positives_at_thresholds = _count_at_thresholds("tp", "true_positives")
false_positives_at_thresholds = _count_at_thresholds("fp", "false_positives")
true_negatives_at_thresholds = _count_at_thresholds("tn", "true_negatives")
false_negatives_at_thresholds = _count_at_thresholds("fn", "false_negatives")


def _ratio_at_thresholds(default_name, other, prefix):
    def metric(labels, predictions, thresholds, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with _scope(name, default_name, (predictions, labels, weights)):
            values, updates = _confusion_at_thresholds(labels, predictions, thresholds,
                                                       weights, includes=("tp", other))

            def ratio(tp, rest, suffix):
                return math_ops.divide(tp, _KEPSILON + tp + rest, name=prefix + suffix)

            return _finish(ratio(values["tp"], values[other], "value"),
                           ratio(updates["tp"], updates[other], "update_op"),
                           metrics_collections, updates_collections)
    metric.__name__ = default_name
    return metric


precision_at_thresholds = _ratio_at_thresholds("precision_at_thresholds", "fp", "precision_")
precision_at_thresholds.__doc__ = "TF1 `tf.metrics.precision_at_thresholds`: tp / (tp + fp)."
recall_at_thresholds = _ratio_at_thresholds("recall_at_thresholds", "fn", "recall_")
recall_at_thresholds.__doc__ = "TF1 `tf.metrics.recall_at_thresholds`: tp / (tp + fn)."


def _even_thresholds(num_thresholds, last):
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - _KEPSILON] + inner + [last]


def sensitivity_at_specificity(labels, predictions, specificity, weights=None,
                               num_thresholds=200, metrics_collections=None,
                               updates_collections=None, name=None):
    """TF1 `tf.metrics.sensitivity_at_specificity`: the recall at the threshold whose
    specificity is closest to `specificity`."""
    if specificity < 0 or specificity > 1:
        raise ValueError("`specificity` must be in the range [0, 1]. Currently, "
                         "`specificity` got %s." % specificity)
    with _scope(name, "sensitivity_at_specificity", (predictions, labels, weights)):
        thresholds = _even_thresholds(num_thresholds, 1.0 + _KEPSILON)
        values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights)

        def compute(tp, tn, fp, fn, name):
            specificities = math_ops.divide(tn, tn + fp + _KEPSILON)
            index = reduction_ops.argmin(math_ops.abs(specificities - specificity), 0)
            index = math_ops.cast(index, dtypes.int32)
            return math_ops.divide(tp[index], tp[index] + fn[index] + _KEPSILON, name)

        return _finish(compute(values["tp"], values["tn"], values["fp"], values["fn"], "value"),
                       compute(updates["tp"], updates["tn"], updates["fp"], updates["fn"],
                               "update_op"), metrics_collections, updates_collections)


def specificity_at_sensitivity(labels, predictions, sensitivity, weights=None,
                               num_thresholds=200, metrics_collections=None,
                               updates_collections=None, name=None):
    """TF1 `tf.metrics.specificity_at_sensitivity`: the specificity at the (last) threshold
    whose sensitivity is closest to `sensitivity`."""
    if sensitivity < 0 or sensitivity > 1:
        raise ValueError("`sensitivity` must be in the range [0, 1]. Currently, "
                         "`sensitivity` is %s." % sensitivity)
    with _scope(name, "specificity_at_sensitivity", (predictions, labels, weights)):
        thresholds = _even_thresholds(num_thresholds, 1.0 - _KEPSILON)
        values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights)

        def compute(tp, tn, fp, fn, name):
            sensitivities = math_ops.divide(tp, tp + fn + _KEPSILON)
            min_val = reduction_ops.reduce_min(math_ops.abs(sensitivities - sensitivity))
            at_min = math_ops.cast(math_ops.equal(math_ops.abs(sensitivities - sensitivity),
                                                  min_val), dtypes.int64)
            index = reduction_ops.argmax(reduction_ops.cumsum(at_min), 0)
            index = math_ops.cast(index, dtypes.int32)
            return math_ops.divide(tn[index], tn[index] + fp[index] + _KEPSILON, name)

        return _finish(compute(values["tp"], values["tn"], values["fp"], values["fn"], "value"),
                       compute(updates["tp"], updates["tn"], updates["fp"], updates["fn"],
                               "update_op"), metrics_collections, updates_collections)
