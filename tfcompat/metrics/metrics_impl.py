"""tf.metrics (TF1 streaming metrics): each returns `(value, update_op)`; the running totals are
local variables (LOCAL_VARIABLES and METRIC_VARIABLES collections, e.g. `accuracy/total`), so
`tf.local_variables_initializer()` resets them, as in TF."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collections
from tfcompat.framework.graph import control_dependencies
from tfcompat.losses.losses_impl import remove_squeezable_dimensions
from tfcompat.ops import array_ops
from tfcompat.ops import check_ops
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import math_ops_extra
from tfcompat.ops import reduction_ops
from tfcompat.ops import state_ops
from tfcompat.variable_scope import variable_scope
from tfcompat.variables import Variable
from tfcompat.ops.linalg_ops import diag_part
from tfcompat.ops.weights_broadcast_ops import broadcast_weights


def metric_variable(shape, dtype, validate_shape=True, name=None):
    """A zero-initialized local variable in LOCAL_VARIABLES and METRIC_VARIABLES."""
    return Variable(lambda: array_ops.zeros(shape, dtype), trainable=False,
                    collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
                    validate_shape=validate_shape, name=name)


def _scope(name, default, values):
    return variable_scope(name, default, values)


def _remove_squeezable(predictions, labels, weights):
    """TF's metrics helper: squeeze a trailing 1 off predictions/labels; squeeze or expand the
    last dim of `weights` when its rank differs by one from the predictions' (a cond on the
    ranks when they are not known statically); scalar weights stay scalar."""
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels, predictions = remove_squeezable_dimensions(labels, predictions)
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    if weights is None:
        return predictions, labels, None
    weights = convert_to_tensor(weights)
    w_rank, p_rank = weights.shape.ndims, predictions.shape.ndims
    if w_rank == 0:
        return predictions, labels, weights
    if w_rank is not None and p_rank is not None:
        if w_rank - p_rank == 1:
            weights = array_ops.squeeze(weights, [-1])
        elif p_rank - w_rank == 1:
            weights = array_ops.expand_dims(weights, [-1])
        return predictions, labels, weights
    return predictions, labels, _adjust_weights_rank(weights, predictions)


def _adjust_weights_rank(weights, predictions):
    w_rank_t = array_ops.rank(weights)
    rank_diff = w_rank_t - array_ops.rank(predictions)

    def maybe_expand():
        return cond(math_ops.equal(rank_diff, -1),
                    lambda: array_ops.expand_dims(weights, [-1]), lambda: weights)

    if weights.shape.ndims is not None and not weights.shape[-1].is_compatible_with(1):
        maybe_squeeze = lambda: weights  # noqa: E731 (TF: a squeeze would fail statically)
    else:
        maybe_squeeze = lambda: array_ops.squeeze(weights, [-1])  # noqa: E731
    return cond(math_ops.equal(w_rank_t, 0), lambda: weights,
                lambda: cond(math_ops.equal(rank_diff, 1), maybe_squeeze, maybe_expand))


def _broadcast_weights(weights, values):
    """TF: `weights_broadcast_ops.broadcast_weights(cast(weights, float32), values)`."""
    return broadcast_weights(math_ops.cast(weights, dtypes.float32), values)


def _collect(collections, value):
    if collections:
        add_to_collections(collections, value)


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """TF1 `tf.metrics.mean`: the (weighted) running mean of `values`."""
    with _scope(name, "mean", (values, weights)):
        values = math_ops.cast(values, dtypes.float32)
        total = metric_variable([], dtypes.float32, name="total")
        count = metric_variable([], dtypes.float32, name="count")
        if weights is None:
            num_values = math_ops.cast(array_ops.size(values), dtypes.float32)
        else:
            values, _, weights = _remove_squeezable(values, None, weights)
            weights = _broadcast_weights(weights, values)
            values = math_ops.multiply(values, weights)
            num_values = reduction_ops.reduce_sum(weights)
        update_total_op = state_ops.assign_add(total, reduction_ops.reduce_sum(values))
        with control_dependencies([values]):
            update_count_op = state_ops.assign_add(count, num_values)
        mean_t = math_ops.div_no_nan(total.value(), math_ops.maximum(count.value(), 0),
                                     name="value")
        _collect(metrics_collections, mean_t)
        update_op = math_ops.div_no_nan(update_total_op, math_ops.maximum(update_count_op, 0),
                                        name="update_op")
        _collect(updates_collections, update_op)
        return mean_t, update_op


def accuracy(labels, predictions, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """TF1 `tf.metrics.accuracy`: how often `predictions` equals `labels`."""
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    if labels.dtype != predictions.dtype:
        predictions = math_ops.cast(predictions, labels.dtype)
    is_correct = math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections,
                name or "accuracy")


def _count_condition(values, weights=None, metrics_collections=None, updates_collections=None):
    count = metric_variable([], dtypes.float32, name="count")
    values = math_ops.cast(values, dtypes.float32)
    if weights is not None:
        values = math_ops.multiply(values, math_ops.cast(weights, dtypes.float32))
    value_tensor = array_ops.identity(count.value())
    _collect(metrics_collections, value_tensor)
    update_op = state_ops.assign_add(count, reduction_ops.reduce_sum(values))
    _collect(updates_collections, update_op)
    return value_tensor, update_op


def _bool_inputs(labels, predictions, weights):
    return _remove_squeezable(math_ops.cast(predictions, dtypes.bool),
                              math_ops.cast(labels, dtypes.bool), weights)


def _condition_metric(default_name, label_value, prediction_value):
    def metric(labels, predictions, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with _scope(name, default_name, (predictions, labels, weights)):
            predictions, labels, weights = _bool_inputs(labels, predictions, weights)
            condition = math_ops.logical_and(math_ops.equal(labels, label_value),
                                             math_ops.equal(predictions, prediction_value))
            return _count_condition(condition, weights, metrics_collections,
                                    updates_collections)
    metric.__name__ = default_name
    metric.__doc__ = "TF1 `tf.metrics.%s`: a weighted running count." % default_name
    return metric


true_positives = _condition_metric("true_positives", True, True)
false_positives = _condition_metric("false_positives", False, True)
false_negatives = _condition_metric("false_negatives", True, False)
true_negatives = _condition_metric("true_negatives", False, False)


def _ratio_metric(default_name, other):
    def metric(labels, predictions, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with _scope(name, default_name, (predictions, labels, weights)):
            predictions, labels, weights = _bool_inputs(labels, predictions, weights)
            tp, tp_update = true_positives(labels, predictions, weights)
            other_v, other_update = other(labels, predictions, weights)

            def compute(a, b, name):
                return indexing_ops.where(math_ops.greater(a + b, 0),
                                          math_ops.divide(a, a + b), array_ops.zeros_like(a),
                                          name=name)

            value = compute(tp, other_v, "value")
            update_op = compute(tp_update, other_update, "update_op")
            _collect(metrics_collections, value)
            _collect(updates_collections, update_op)
            return value, update_op
    metric.__name__ = default_name
    return metric


precision = _ratio_metric("precision", false_positives)
precision.__doc__ = "TF1 `tf.metrics.precision`: tp / (tp + fp)."
recall = _ratio_metric("recall", false_negatives)
recall.__doc__ = "TF1 `tf.metrics.recall`: tp / (tp + fn)."


def _confusion_at_thresholds(labels, predictions, thresholds, weights=None,
                             includes=("tp", "fn", "tn", "fp")):
    predictions = convert_to_tensor(predictions)
    # as TF: a run fails (InvalidArgumentError) on a prediction outside [0, 1]
    in_range = [check_ops.assert_greater_equal(predictions, math_ops.cast(0.0, predictions.dtype),
                                               message="predictions must be in [0, 1]"),
                check_ops.assert_less_equal(predictions, math_ops.cast(1.0, predictions.dtype),
                                            message="predictions must be in [0, 1]")]
    with control_dependencies(in_range):
        predictions, labels, weights = _remove_squeezable(
            math_ops.cast(predictions, dtypes.float32), math_ops.cast(labels, dtypes.bool),
            weights)
    n = len(thresholds)
    predictions_2d = array_ops.reshape(predictions, [-1, 1])
    labels_2d = array_ops.reshape(math_ops.cast(labels, dtypes.bool), [1, -1])
    thresh = array_ops.expand_dims(constant(thresholds, dtype=dtypes.float32), 1)
    pred_is_pos = math_ops.greater(array_ops.transpose(predictions_2d, [1, 0]), thresh)
    pred_is_neg = math_ops.logical_not(pred_is_pos)
    label_is_pos = array_ops.tile(labels_2d, [n, 1])
    label_is_neg = math_ops.logical_not(label_is_pos)
    weights_tiled = None
    if weights is not None:
        weights = _broadcast_weights(weights, predictions)
        weights_tiled = array_ops.tile(array_ops.reshape(weights, [1, -1]), [n, 1])
    table = {"tp": ("true_positives", label_is_pos, pred_is_pos),
             "fn": ("false_negatives", label_is_pos, pred_is_neg),
             "tn": ("true_negatives", label_is_neg, pred_is_neg),
             "fp": ("false_positives", label_is_neg, pred_is_pos)}
    values, updates = {}, {}
    for key in includes:
        var_name, label_cond, pred_cond = table[key]
        var = metric_variable([n], dtypes.float32, name=var_name)
        hits = math_ops.cast(math_ops.logical_and(label_cond, pred_cond), dtypes.float32)
        if weights_tiled is not None:
            hits *= weights_tiled
        updates[key] = state_ops.assign_add(var, reduction_ops.reduce_sum(hits, 1))
        values[key] = var.value()
    return values, updates


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None,
        updates_collections=None, curve="ROC", name=None, summation_method="trapezoidal",
        thresholds=None):
    """TF1 `tf.metrics.auc`: area under the ROC or PR curve, by Riemann sums over thresholds."""
    with _scope(name, "auc", (labels, predictions, weights)):
        # TF checks the curve inside the scope, so a refused call still uses up its name.
        if curve not in ("ROC", "PR"):
            raise ValueError('Curve must be either ROC or PR. Curve %s is unknown.' % curve)
        kepsilon = 1e-7
        if thresholds is not None:
            thresholds = sorted(thresholds)
            num_thresholds = len(thresholds) + 2
        else:
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [0.0 - kepsilon] + list(thresholds) + [1.0 + kepsilon]
        values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights)
        epsilon = 1.0e-6

        def compute_auc(tp, fn, tn, fp, name):
            if curve == "PR" and summation_method == "careful_interpolation":
                return _interpolate_pr_auc(tp, fp, fn, num_thresholds)
            rec = math_ops.divide(tp + epsilon, tp + fn + epsilon)
            if curve == "ROC":
                x, y = math_ops.divide(fp, fp + tn + epsilon), rec
            else:
                x, y = rec, math_ops.divide(tp + epsilon, tp + fp + epsilon)
            if summation_method in ("trapezoidal", "careful_interpolation"):
                heights = (y[:num_thresholds - 1] + y[1:]) / 2.0
            elif summation_method == "minoring":
                heights = math_ops.minimum(y[:num_thresholds - 1], y[1:])
            elif summation_method == "majoring":
                heights = math_ops.maximum(y[:num_thresholds - 1], y[1:])
            else:
                raise ValueError("Invalid summation_method: %s summation_method should be "
                                 "'trapezoidal', 'careful_interpolation', 'minoring', or "
                                 "'majoring'." % summation_method)
            return reduction_ops.reduce_sum(math_ops.multiply(x[:num_thresholds - 1] - x[1:],
                                                              heights), name=name)

        auc_value = compute_auc(values["tp"], values["fn"], values["tn"], values["fp"], "value")
        update_op = compute_auc(updates["tp"], updates["fn"], updates["tn"], updates["fp"],
                                "update_op")
        _collect(metrics_collections, auc_value)
        _collect(updates_collections, update_op)
        return auc_value, update_op


def _interpolate_pr_auc(tp, fp, fn, num_thresholds):
    """TF's PR-AUC by 'careful_interpolation': precision interpolated between thresholds with
    TP and FP varying linearly (Davis et al., 2006), integrated in closed form."""
    n = num_thresholds - 1
    dtp = tp[:n] - tp[1:]
    p = tp + fp
    prec_slope = math_ops.div_no_nan(dtp, math_ops.maximum(p[:n] - p[1:], 0), name="prec_slope")
    intercept = tp[1:] - math_ops.multiply(prec_slope, p[1:])
    safe_p_ratio = indexing_ops.where(
        math_ops.logical_and(p[:n] > 0, p[1:] > 0),
        math_ops.div_no_nan(p[:n], math_ops.maximum(p[1:], 0), name="recall_relative_ratio"),
        array_ops.ones_like(p[1:]))
    return reduction_ops.reduce_sum(
        math_ops.div_no_nan(prec_slope * (dtp + intercept * math_ops.log(safe_p_ratio)),
                            math_ops.maximum(tp[1:] + fn[1:], 0), name="pr_auc_increment"),
        name="interpolate_pr_auc")


def _streaming_confusion_matrix(labels, predictions, num_classes, weights=None):
    """TF's: the batch's tf.confusion_matrix (which asserts the labels and predictions are in
    [0, num_classes)) added to a float64 local variable."""
    total_cm = metric_variable([num_classes, num_classes], dtypes.float64,
                               name="total_confusion_matrix")
    predictions = math_ops.cast(predictions, dtypes.int64)
    labels = math_ops.cast(labels, dtypes.int64)
    num_classes = math_ops.cast(num_classes, dtypes.int64)
    if predictions.shape.ndims is None or predictions.shape.ndims > 1:
        predictions = array_ops.reshape(predictions, [-1])
    if labels.shape.ndims is None or labels.shape.ndims > 1:
        labels = array_ops.reshape(labels, [-1])
    if weights is not None:
        weights = convert_to_tensor(weights)
        if weights.shape.ndims is None or weights.shape.ndims > 1:
            weights = array_ops.reshape(weights, [-1])
    current_cm = math_ops_extra.confusion_matrix(labels, predictions, num_classes,
                                                 weights=weights, dtype=dtypes.float64)
    return total_cm, state_ops.assign_add(total_cm, current_cm)


def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """TF1 `tf.metrics.mean_iou`: mean intersection-over-union over the classes present."""
    with _scope(name, "mean_iou", (predictions, labels, weights)):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        total_cm, update_op = _streaming_confusion_matrix(labels, predictions, num_classes,
                                                          weights)
        cm = total_cm.value()
        sum_over_row = math_ops.cast(reduction_ops.reduce_sum(cm, 0), dtypes.float32)
        sum_over_col = math_ops.cast(reduction_ops.reduce_sum(cm, 1), dtypes.float32)
        cm_diag = math_ops.cast(diag_part(cm), dtypes.float32)
        denominator = sum_over_row + sum_over_col - cm_diag
        num_valid = reduction_ops.reduce_sum(math_ops.cast(math_ops.not_equal(denominator, 0),
                                                           dtype=dtypes.float32))
        denominator = indexing_ops.where(math_ops.greater(denominator, 0), denominator,
                                         array_ops.ones_like(denominator))
        iou = math_ops.divide(cm_diag, denominator)
        value = indexing_ops.where(math_ops.greater(num_valid, 0),
                                   reduction_ops.reduce_sum(iou, name="mean_iou") / num_valid,
                                   constant(0.0))
        _collect(metrics_collections, value)
        _collect(updates_collections, update_op)
        return value, update_op


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    """TF1 `tf.metrics.mean_absolute_error`."""
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    # no cast, as TF: the error keeps the inputs' dtype (mean() casts it), and bool or mixed
    # dtypes are refused by the subtraction itself
    errors = math_ops.abs(predictions - labels)
    return mean(errors, weights, metrics_collections, updates_collections,
                name or "mean_absolute_error")


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    """TF1 `tf.metrics.mean_squared_error`."""
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    errors = math_ops.squared_difference(labels, predictions)
    return mean(errors, weights, metrics_collections, updates_collections,
                name or "mean_squared_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """TF1 `tf.metrics.root_mean_squared_error`."""
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    mse, update_mse_op = mean_squared_error(labels, predictions, weights, None, None,
                                            name or "root_mean_squared_error")
    rmse = math_ops.sqrt(mse)
    update_rmse_op = math_ops.sqrt(update_mse_op)
    _collect(metrics_collections, rmse)
    _collect(updates_collections, update_rmse_op)
    return rmse, update_rmse_op
