"""Keras' confusion-matrix metrics (tf_keras.metrics.confusion_metrics): TruePositives ...
FalseNegatives, Precision, Recall and AUC, accumulating per-threshold counts in non-trainable
variables (`true_positives`, `false_positives`, ...; `accumulator` for the single counts) with
a prediction counted positive when it is above the threshold, as TF's update does.
"""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.keras import _losses_utils
from tfcompat.keras._metric_base import Metric

_EPSILON = 1e-7


def _parse_thresholds(thresholds, default):
    if thresholds is None:
        return [default], True
    if isinstance(thresholds, (list, tuple)):
        values = list(thresholds)
    else:
        values = [thresholds]
    invalid = [t for t in values if t is None or not 0 <= t <= 1]
    if invalid:
        raise ValueError("Threshold values must be in [0, 1]. Received: %s" % (invalid,))
    return values, not isinstance(thresholds, (list, tuple))


def update_confusion_matrix(variables, y_true, y_pred, thresholds, top_k=None, class_id=None,
                            sample_weight=None):
    """Adds, for each threshold, the (weighted) count of each confusion cell to its variable
    (`variables`: {'tp'|'fp'|'tn'|'fn': variable})."""
    dtype = list(variables.values())[0].dtype.base_dtype
    y_true, y_pred = tf.cast(y_true, dtype), tf.cast(y_pred, dtype)
    thresholds = tf.convert_to_tensor(thresholds, dtype=dtype)
    if sample_weight is None:
        y_pred, y_true = _losses_utils.squeeze_or_expand_dimensions(y_pred, y_true)
    else:
        y_pred, y_true, sample_weight = _losses_utils.squeeze_or_expand_dimensions(
            y_pred, y_true, sample_weight=tf.cast(sample_weight, dtype))
    y_pred.shape.assert_is_compatible_with(y_true.shape)
    if top_k is not None:
        top = tf.nn.top_k(y_pred, k=top_k).values[..., -1:]
        y_pred = tf.where_v2(y_pred >= top, y_pred, tf.fill(tf.shape(y_pred), -np.inf))
    if class_id is not None:
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
    preds = tf.reshape(y_pred, [1, -1])
    labels = tf.reshape(tf.cast(y_true, tf.bool), [1, -1])
    pred_is_pos = tf.greater(preds, tf.reshape(thresholds, [-1, 1]))
    weights = None
    if sample_weight is not None:
        weights = tf.reshape(tf.broadcast_to(sample_weight, tf.shape(y_pred)), [1, -1])
    cells = {"tp": (labels, pred_is_pos), "fn": (labels, tf.logical_not(pred_is_pos)),
             "fp": (tf.logical_not(labels), pred_is_pos),
             "tn": (tf.logical_not(labels), tf.logical_not(pred_is_pos))}
    updates = []
    for key in ("tp", "tn", "fp", "fn"):
        if key in variables:
            label, pred = cells[key]
            both = tf.cast(tf.logical_and(label, pred), dtype)
            if weights is not None:
                both *= weights
            updates.append(variables[key].assign_add(tf.reduce_sum(both, 1)))
    return tf.group(updates)


class _ConfusionMatrixConditionCount(Metric):
    _CELL = "tp"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds, self._single = _parse_thresholds(thresholds, 0.5)
        self.accumulator = self.add_weight("accumulator", shape=(len(self.thresholds),),
                                           initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        return update_confusion_matrix({self._CELL: self.accumulator}, y_true, y_pred,
                                       self.thresholds, sample_weight=sample_weight)

    def result(self):
        return self.accumulator[0] if len(self.thresholds) == 1 else tf.identity(
            self.accumulator)

    def get_config(self):
        return dict(super().get_config(), thresholds=self.init_thresholds)


class TruePositives(_ConfusionMatrixConditionCount):
    _CELL = "tp"


class FalsePositives(_ConfusionMatrixConditionCount):
    _CELL = "fp"


class TrueNegatives(_ConfusionMatrixConditionCount):
    _CELL = "tn"


class FalseNegatives(_ConfusionMatrixConditionCount):
    _CELL = "fn"


class _PrecisionRecall(Metric):
    _OTHER, _OTHER_NAME = "fp", "false_positives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds, self.top_k, self.class_id = thresholds, top_k, class_id
        default = -np.inf if top_k is not None else 0.5
        self.thresholds, _ = _parse_thresholds(thresholds, default) if thresholds is not None \
            else ([default], True)
        n = len(self.thresholds)
        self.true_positives = self.add_weight("true_positives", shape=(n,), initializer="zeros")
        self._other = self.add_weight(self._OTHER_NAME, shape=(n,), initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        return update_confusion_matrix({"tp": self.true_positives, self._OTHER: self._other},
                                       y_true, y_pred, self.thresholds, top_k=self.top_k,
                                       class_id=self.class_id, sample_weight=sample_weight)

    def result(self):
        value = tf.math.divide_no_nan(self.true_positives, self.true_positives + self._other)
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return dict(super().get_config(), thresholds=self.init_thresholds, top_k=self.top_k,
                    class_id=self.class_id)


class Precision(_PrecisionRecall):
    """tp / (tp + fp) at each threshold."""
    _OTHER, _OTHER_NAME = "fp", "false_positives"

    @property
    def false_positives(self):
        return self._other


class Recall(_PrecisionRecall):
    """tp / (tp + fn) at each threshold."""
    _OTHER, _OTHER_NAME = "fn", "false_negatives"

    @property
    def false_negatives(self):
        return self._other


class AUC(Metric):
    """Area under the ROC or PR curve from `num_thresholds` evenly spaced thresholds (Riemann
    sum; 'interpolation' averages adjacent heights, as Keras does for ROC)."""

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        if multi_label or label_weights is not None:
            raise NotImplementedError("AUC(multi_label=True / label_weights): tfcompat computes "
                                      "the single-label AUC only")
        if curve.upper() not in ("ROC", "PR", "PR_GAIN"):
            raise ValueError('Invalid AUC curve value: "%s". Expected values are ["PR", "ROC", '
                             '"PR_GAIN"]' % curve)
        if curve.upper() == "PR_GAIN":
            raise NotImplementedError("AUC(curve='PR_GAIN'): tfcompat computes the ROC and PR "
                                      "curves only")
        if summation_method.lower() not in ("interpolation", "minoring", "majoring"):
            raise ValueError('Invalid AUC summation method value: "%s". Expected values are '
                             '["interpolation", "majoring", "minoring"]' % summation_method)
        super().__init__(name=name, dtype=dtype)
        self.curve, self.summation_method = curve.upper(), summation_method.lower()
        self._from_logits, self.multi_label = from_logits, False
        self._user_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            inner = sorted(thresholds)
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. Received: "
                                 "num_thresholds=%s" % num_thresholds)
            self.num_thresholds = num_thresholds
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self._thresholds = np.array([0.0 - _EPSILON] + inner + [1.0 + _EPSILON])
        shape = (self.num_thresholds,)
        self.true_positives = self.add_weight("true_positives", shape=shape)
        self.true_negatives = self.add_weight("true_negatives", shape=shape)
        self.false_positives = self.add_weight("false_positives", shape=shape)
        self.false_negatives = self.add_weight("false_negatives", shape=shape)

    @property
    def thresholds(self):
        return list(self._thresholds)

    def update_state(self, y_true, y_pred, sample_weight=None):
        if self._from_logits:
            y_pred = tf.sigmoid(y_pred)
        return update_confusion_matrix(
            {"tp": self.true_positives, "tn": self.true_negatives,
             "fp": self.false_positives, "fn": self.false_negatives},
            y_true, y_pred, self._thresholds, sample_weight=sample_weight)

    def _heights(self, y):
        n = self.num_thresholds
        if self.summation_method == "interpolation":
            return (y[:n - 1] + y[1:]) / 2.0
        if self.summation_method == "minoring":
            return tf.minimum(y[:n - 1], y[1:])
        return tf.maximum(y[:n - 1], y[1:])

    def result(self):
        n = self.num_thresholds
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        recall = tf.math.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = tf.math.divide_no_nan(fp, fp + self.true_negatives), recall
        else:
            if self.summation_method == "interpolation":
                return self._interpolate_pr_auc()
            x, y = recall, tf.math.divide_no_nan(tp, tp + fp)
        return tf.reduce_sum(tf.multiply(x[:n - 1] - x[1:], self._heights(y)), name=self.name)

    def _interpolate_pr_auc(self):
        """Davis & Goadrich's interpolation of the PR curve (Keras' `interpolate_pr_auc`)."""
        n = self.num_thresholds
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[:n - 1] - tp[1:]
        p = tp + fp
        dp = p[:n - 1] - p[1:]
        prec_slope = tf.math.divide_no_nan(dtp, tf.maximum(dp, 0), name="prec_slope")
        intercept = tp[1:] - tf.multiply(prec_slope, p[1:])
        safe_p_ratio = tf.where_v2(tf.logical_and(p[:n - 1] > 0, p[1:] > 0),
                                   tf.math.divide_no_nan(p[:n - 1], tf.maximum(p[1:], 0),
                                                         name="recall_relative_ratio"),
                                   tf.ones_like(p[1:]))
        pr_auc_increment = tf.math.divide_no_nan(
            prec_slope * (dtp + intercept * tf.math.log(safe_p_ratio)),
            tf.maximum(tp[1:] + fn[1:], 0), name="pr_auc_increment")
        return tf.reduce_sum(pr_auc_increment, name="interpolate_pr_auc")

    def get_config(self):
        config = dict(super().get_config(), num_thresholds=self.num_thresholds,
                      curve=self.curve, summation_method=self.summation_method,
                      multi_label=self.multi_label, num_labels=None, label_weights=None,
                      from_logits=self._from_logits)
        if self._user_thresholds:
            config["thresholds"] = list(self._thresholds[1:-1])
        return config
