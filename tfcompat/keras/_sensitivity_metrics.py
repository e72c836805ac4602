"""Keras' threshold-search metrics (tf_keras.metrics.confusion_metrics):
SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall and RecallAtPrecision,
and the element-wise MeanTensor (tf_keras.metrics.base_metric).

The four search metrics keep `true_positives`, `true_negatives`, `false_positives` and
`false_negatives` over `num_thresholds` evenly spaced thresholds in [0, 1] and report the best
dependent rate among the thresholds whose constrained rate reaches the target. Their counts are
updated as TF does for evenly spaced thresholds: each prediction (clipped to [0, 1]) goes to
bucket ceil(p * (n - 1)) - 1 and a reverse cumulative sum gives the counts above each threshold,
so a prediction equal to a threshold is not above it, and rounding matches TF's.
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat.keras import _losses_utils
from tfcompat.keras._confusion_metrics import update_confusion_matrix
from tfcompat.keras._metric_base import Metric


def _prepare(dtype, y_true, y_pred, class_id, sample_weight):
    y_true, y_pred = tf.cast(y_true, dtype), tf.cast(y_pred, dtype)
    if sample_weight is None:
        y_pred, y_true = _losses_utils.squeeze_or_expand_dimensions(y_pred, y_true)
    else:
        y_pred, y_true, sample_weight = _losses_utils.squeeze_or_expand_dimensions(
            y_pred, y_true, sample_weight=tf.cast(sample_weight, dtype))
    y_pred.shape.assert_is_compatible_with(y_true.shape)
    if class_id is not None:
        # keeps the class dimension, to match a per-class sample_weight
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
    return y_true, y_pred, sample_weight


def update_evenly_spaced(variables, y_true, y_pred, num_thresholds, class_id=None,
                         sample_weight=None):
    """Adds the (weighted) confusion counts at thresholds i / (num_thresholds - 1) to
    `variables` ({'tp'|'fp'|'tn'|'fn': variable}) with TF's bucketed update."""
    dtype = variables["tp"].dtype.base_dtype
    y_true, y_pred, sample_weight = _prepare(dtype, y_true, y_pred, class_id, sample_weight)
    weights = 1.0
    if sample_weight is not None:
        weights = tf.reshape(tf.broadcast_to(sample_weight, tf.shape(y_pred)), [-1])
    y_pred = tf.reshape(tf.clip_by_value(y_pred, 0.0, 1.0), [-1])
    y_true = tf.reshape(tf.cast(tf.cast(y_true, tf.bool), dtype), [-1])
    true_labels = y_true * weights
    false_labels = (1.0 - y_true) * weights
    # strictly above a threshold: p in (t_i, t_i+1] lands in bucket i (p = 0 in none, id -1)
    buckets = tf.cast(tf.math.ceil(y_pred * (num_thresholds - 1)) - 1, tf.int32)
    tp = tf.cumsum(tf.math.unsorted_segment_sum(true_labels, buckets, num_thresholds),
                   reverse=True)
    fp = tf.cumsum(tf.math.unsorted_segment_sum(false_labels, buckets, num_thresholds),
                   reverse=True)
    counts = {"tp": tp, "fp": fp, "tn": tf.reduce_sum(false_labels) - fp,
              "fn": tf.reduce_sum(true_labels) - tp}
    return tf.group([variables[key].assign_add(counts[key]) for key in ("tp", "fp", "tn", "fn")
                     if key in variables])


class SensitivitySpecificityBase(Metric):
    """The four confusion counts over `num_thresholds` thresholds, and the constrained search
    the subclasses' `result` runs over them."""

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if num_thresholds <= 0:
            raise ValueError("Argument `num_thresholds` must be an integer > 0. "
                             f"Received: num_thresholds={num_thresholds}")
        self.value, self.class_id = value, class_id
        shape = (num_thresholds,)
        self.true_positives = self.add_weight("true_positives", shape=shape, initializer="zeros")
        self.true_negatives = self.add_weight("true_negatives", shape=shape, initializer="zeros")
        self.false_positives = self.add_weight("false_positives", shape=shape,
                                               initializer="zeros")
        self.false_negatives = self.add_weight("false_negatives", shape=shape,
                                               initializer="zeros")
        if num_thresholds == 1:
            self.thresholds, self._thresholds_distributed_evenly = [0.5], False
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds, self._thresholds_distributed_evenly = [0.0] + inner + [1.0], True

    def update_state(self, y_true, y_pred, sample_weight=None):
        variables = {"tp": self.true_positives, "tn": self.true_negatives,
                     "fp": self.false_positives, "fn": self.false_negatives}
        if self._thresholds_distributed_evenly:
            return update_evenly_spaced(variables, y_true, y_pred, len(self.thresholds),
                                        class_id=self.class_id, sample_weight=sample_weight)
        return update_confusion_matrix(variables, y_true, y_pred, self.thresholds,
                                       class_id=self.class_id, sample_weight=sample_weight)

    def get_config(self):
        return dict(super().get_config(), class_id=self.class_id)

    def _find_max_under_constraint(self, constrained, dependent, predicate):
        """The largest `dependent` rate where `predicate(constrained, value)` holds; 0 if none."""
        feasible = tf.where(predicate(constrained, self.value))
        feasible_exists = tf.greater(tf.size(feasible), 0)
        max_dependent = tf.reduce_max(tf.gather(dependent, feasible))
        return tf.where(feasible_exists, max_dependent, 0.0)

    def _rate(self, hits, misses):
        return tf.math.divide_no_nan(hits, tf.math.add(hits, misses))

    def _sensitivities(self):
        return self._rate(self.true_positives, self.false_negatives)

    def _specificities(self):
        return self._rate(self.true_negatives, self.false_positives)

    def _precisions(self):
        return self._rate(self.true_positives, self.false_positives)


def _check_rate(name, value):
    if value < 0 or value > 1:
        raise ValueError(f"Argument `{name}` must be in the range [0, 1]. "
                         f"Received: {name}={value}")


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """The best sensitivity (tp / (tp + fn)) where specificity is >= `specificity`."""

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("specificity", specificity)
        self.specificity, self.num_thresholds = specificity, num_thresholds
        super().__init__(specificity, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        return self._find_max_under_constraint(self._specificities(), self._sensitivities(),
                                               tf.greater_equal)

    def get_config(self):
        return dict(super().get_config(), num_thresholds=self.num_thresholds,
                    specificity=self.specificity)


class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """The best specificity (tn / (tn + fp)) where sensitivity is >= `sensitivity`."""

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("sensitivity", sensitivity)
        self.sensitivity, self.num_thresholds = sensitivity, num_thresholds
        super().__init__(sensitivity, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        return self._find_max_under_constraint(self._sensitivities(), self._specificities(),
                                               tf.greater_equal)

    def get_config(self):
        return dict(super().get_config(), num_thresholds=self.num_thresholds,
                    sensitivity=self.sensitivity)


class PrecisionAtRecall(SensitivitySpecificityBase):
    """The best precision (tp / (tp + fp)) where recall is >= `recall`."""

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("recall", recall)
        self.recall, self.num_thresholds = recall, num_thresholds
        super().__init__(value=recall, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        return self._find_max_under_constraint(self._sensitivities(), self._precisions(),
                                               tf.greater_equal)

    def get_config(self):
        return dict(super().get_config(), num_thresholds=self.num_thresholds,
                    recall=self.recall)


class RecallAtPrecision(SensitivitySpecificityBase):
    """The best recall (tp / (tp + fn)) where precision is >= `precision`."""

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("precision", precision)
        self.precision, self.num_thresholds = precision, num_thresholds
        super().__init__(value=precision, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        return self._find_max_under_constraint(self._precisions(), self._sensitivities(),
                                               tf.greater_equal)

    def get_config(self):
        return dict(super().get_config(), num_thresholds=self.num_thresholds,
                    precision=self.precision)


class MeanTensor(Metric):
    """The element-wise (weighted) mean of same-shaped tensors: variables `total` and `count`
    of that shape, made at the first update unless `shape` is given."""

    def __init__(self, name="mean_tensor", dtype=None, shape=None):
        super().__init__(name=name, dtype=dtype)
        self._shape = self._total = self._count = None
        self._built = False
        if shape is not None:
            self._build(shape)

    def _build(self, shape):
        self._shape = tf.TensorShape(shape)
        self._build_input_shape = self._shape
        self._total = self.add_weight("total", shape=shape, initializer="zeros")
        self._count = self.add_weight("count", shape=shape, initializer="zeros")
        self._built = True

    @property
    def total(self):
        return self._total if self._built else None

    @property
    def count(self):
        return self._count if self._built else None

    def update_state(self, values, sample_weight=None):
        values = tf.cast(values, self._dtype)
        if not self._built:
            self._build(values.shape)
        elif values.shape != self._shape:
            raise ValueError("MeanTensor input values must always have the same shape. "
                             f"Expected shape (set during the first call): {self._shape}. "
                             f"Got: {values.shape}.")
        num_values = tf.ones_like(values)
        if sample_weight is not None:
            values, num_values = self._weighted(values, num_values, sample_weight)
        update_total_op = self._total.assign_add(values)
        with tf.control_dependencies([update_total_op]):
            return self._count.assign_add(num_values)

    def _weighted(self, values, num_values, sample_weight):
        sample_weight = tf.cast(sample_weight, self._dtype)
        values, _, sample_weight = _losses_utils.squeeze_or_expand_dimensions(
            values, sample_weight=sample_weight)
        if _broadcastable(sample_weight.shape, values.shape):
            sample_weight = tf.broadcast_to(sample_weight, tf.shape(values))
        else:
            # TF reduces the values to the weights' rank when they do not broadcast
            values = tf.reduce_mean(values, axis=list(range(sample_weight.shape.ndims,
                                                            values.shape.ndims)))
        return tf.multiply(values, sample_weight), tf.multiply(num_values, sample_weight)

    def result(self):
        if not self._built:
            raise ValueError("MeanTensor does not have any value yet. Please call the "
                             "MeanTensor instance or use `.update_state(value)` before "
                             "retrieving the result.")
        return tf.math.divide_no_nan(self.total, self.count)

    def reset_state(self):
        if self._built:
            super().reset_state()

    reset_states = reset_state


def _broadcastable(weights_shape, values_shape):
    """Whether TF's broadcast_weights accepts the weights: same rank, each dim 1 or equal
    (or a scalar)."""
    w, v = weights_shape.as_list(), values_shape.as_list()
    if not w:
        return True
    if len(w) != len(v):
        return False
    return all(a in (1, b) or a is None or b is None for a, b in zip(w, v))
