"""Keras' IoU metrics (tf_keras.metrics.iou_metrics: IoU, MeanIoU) and the regression metric
MeanRelativeError: a `total_confusion_matrix` variable accumulates tf.math.confusion_matrix of
the (flattened) labels and predictions; the result is the mean IoU over the target classes
that occur.
"""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.keras import _losses_utils
from tfcompat.keras import backend
from tfcompat.keras._metric_base import Mean
from tfcompat.keras._metric_base import Metric


class _IoUBase(Metric):
    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(name=name, dtype=dtype)
        self.num_classes, self.ignore_class, self.axis = num_classes, ignore_class, axis
        self.sparse_y_true, self.sparse_y_pred = sparse_y_true, sparse_y_pred
        self.total_cm = self.add_weight("total_confusion_matrix",
                                        shape=(num_classes, num_classes), initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.sparse_y_true:
            y_true = tf.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = tf.argmax(y_pred, axis=self.axis)
        y_true, y_pred = tf.cast(y_true, self._dtype), tf.cast(y_pred, self._dtype)
        if y_pred.shape.ndims > 1:
            y_pred = tf.reshape(y_pred, [-1])
        if y_true.shape.ndims > 1:
            y_true = tf.reshape(y_true, [-1])
        if sample_weight is not None:
            sample_weight = tf.cast(sample_weight, self._dtype)
            if sample_weight.shape.ndims > 1:
                sample_weight = tf.reshape(sample_weight, [-1])
        if self.ignore_class is not None:
            valid = tf.not_equal(y_true, tf.cast(self.ignore_class, y_true.dtype))
            y_true, y_pred = tf.boolean_mask(y_true, valid), tf.boolean_mask(y_pred, valid)
            if sample_weight is not None:
                sample_weight = tf.boolean_mask(sample_weight, valid)
        current_cm = tf.math.confusion_matrix(y_true, y_pred, self.num_classes,
                                              weights=sample_weight, dtype=self._dtype)
        return self.total_cm.assign_add(current_cm)

    def reset_state(self):
        backend.set_value(self.total_cm, np.zeros((self.num_classes, self.num_classes)))

    reset_states = reset_state


class IoU(_IoUBase):
    """Mean intersection-over-union of `target_class_ids`."""

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis)
        if max(target_class_ids) >= num_classes:
            raise ValueError("Target class id %d is out of range, which is [0, %d)."
                             % (max(target_class_ids), num_classes))
        self.target_class_ids = list(target_class_ids)

    def result(self):
        sum_over_row = tf.cast(tf.reduce_sum(self.total_cm, axis=0), dtype=self._dtype)
        sum_over_col = tf.cast(tf.reduce_sum(self.total_cm, axis=1), dtype=self._dtype)
        true_positives = tf.cast(tf.linalg.tensor_diag_part(self.total_cm), dtype=self._dtype)
        denominator = sum_over_row + sum_over_col - true_positives
        true_positives = tf.gather(true_positives, self.target_class_ids)
        denominator = tf.gather(denominator, self.target_class_ids)
        num_valid = tf.reduce_sum(tf.cast(tf.not_equal(denominator, 0), dtype=self._dtype))
        iou = tf.math.divide_no_nan(true_positives, denominator)
        return tf.math.divide_no_nan(tf.reduce_sum(iou, name="mean_iou"), num_valid)

    def get_config(self):
        return dict(super().get_config(), num_classes=self.num_classes,
                    target_class_ids=self.target_class_ids, ignore_class=self.ignore_class,
                    sparse_y_true=self.sparse_y_true, sparse_y_pred=self.sparse_y_pred,
                    axis=self.axis)


class MeanIoU(IoU):
    """IoU averaged over all `num_classes` classes."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, list(range(num_classes)), name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self._dtype,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class MeanRelativeError(Mean):
    """The running mean of |y_true - y_pred| / normalizer."""

    def __init__(self, normalizer, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.normalizer = tf.cast(normalizer, self._dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = tf.cast(y_true, self._dtype), tf.cast(y_pred, self._dtype)
        y_pred, y_true = _losses_utils.squeeze_or_expand_dimensions(y_pred, y_true)
        y_pred, self.normalizer = _losses_utils.remove_squeezable_dimensions(y_pred,
                                                                            self.normalizer)
        y_pred.shape.assert_is_compatible_with(y_true.shape)
        relative_errors = tf.math.divide_no_nan(tf.abs(y_true - y_pred), self.normalizer)
        return super().update_state(relative_errors, sample_weight=sample_weight)

    def get_config(self):
        n = self.normalizer
        value = backend.get_value(n) if tf.is_tensor(n) else n
        return dict(super().get_config(), normalizer=value)
