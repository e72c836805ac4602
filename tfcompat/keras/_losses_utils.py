"""Keras' loss reduction (tf_keras.utils.losses_utils): `compute_weighted_loss` under the
`weighted_loss` name scope, the reductions 'none' / 'sum' / 'sum_over_batch_size' (Keras'
default: a `DivNoNan` named `value`), and the squeezing of labels and sample weights
against predictions. Used by the Loss classes, the metrics and the engine's compile.
"""
from __future__ import annotations

import tfcompat as tf


class ReductionV2:
    """The reduction keys of Keras losses."""
    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls):
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError('Invalid Reduction Key: %s. Expected keys are "%s"'
                             % (key, cls.all()))


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """Drops a trailing size-1 dim of labels or predictions when their ranks differ by one
    more (or less) than `expected_rank_diff` (static ranks only, as graphs here have them)."""
    with tf.name_scope(name or "remove_squeezable_dimensions"):
        predictions = tf.convert_to_tensor(predictions)
        labels = tf.convert_to_tensor(labels)
        p_rank, l_rank = predictions.shape.ndims, labels.shape.ndims
        if l_rank is None or p_rank is None:
            raise ValueError("remove_squeezable_dimensions: tfcompat needs the static ranks of "
                             "labels and predictions, got %s and %s"
                             % (labels.shape, predictions.shape))
        rank_diff = p_rank - l_rank
        if (rank_diff == expected_rank_diff + 1
                and predictions.shape.dims[-1].is_compatible_with(1)):
            predictions = tf.squeeze(predictions, [-1])
        elif rank_diff == expected_rank_diff - 1 and labels.shape.dims[-1].is_compatible_with(1):
            labels = tf.squeeze(labels, [-1])
        return labels, predictions


def squeeze_or_expand_dimensions(y_pred, y_true=None, sample_weight=None):
    """Keras' rank alignment of (y_pred, y_true[, sample_weight])."""
    y_pred_rank = y_pred.shape.ndims
    if y_true is not None:
        y_true_rank = y_true.shape.ndims
        if y_true_rank is None or y_pred_rank is None:
            raise ValueError("squeeze_or_expand_dimensions: tfcompat needs the static ranks of "
                             "y_true and y_pred, got %s and %s" % (y_true.shape, y_pred.shape))
        if y_pred_rank - y_true_rank != 1 or y_pred.shape[-1] == 1:
            y_true, y_pred = remove_squeezable_dimensions(y_true, y_pred)
    if sample_weight is None:
        return y_pred, y_true
    weights_rank = sample_weight.shape.ndims
    if weights_rank == 0:
        return y_pred, y_true, sample_weight
    if y_pred_rank is None or weights_rank is None:
        raise ValueError("squeeze_or_expand_dimensions: tfcompat needs the static rank of "
                         "sample_weight, got %s" % (sample_weight.shape,))
    if weights_rank - y_pred_rank == 1:
        sample_weight = tf.squeeze(sample_weight, [-1])
    elif y_pred_rank - weights_rank == 1:
        sample_weight = tf.expand_dims(sample_weight, [-1])
    return y_pred, y_true, sample_weight


def _safe_mean(losses, num_present):
    return tf.math.divide_no_nan(tf.reduce_sum(losses), num_present, name="value")


def _num_elements(losses):
    with tf.name_scope("num_elements") as scope:
        return tf.cast(tf.size(losses, name=scope), dtype=losses.dtype)


def reduce_weighted_loss(weighted_losses, reduction=ReductionV2.SUM_OVER_BATCH_SIZE):
    if reduction == ReductionV2.NONE:
        return weighted_losses
    loss = tf.reduce_sum(weighted_losses)
    if reduction == ReductionV2.SUM_OVER_BATCH_SIZE:
        loss = _safe_mean(loss, _num_elements(weighted_losses))
    return loss


def compute_weighted_loss(losses, sample_weight=None,
                          reduction=ReductionV2.SUM_OVER_BATCH_SIZE, name=None):
    """losses * sample_weight, reduced, in the `weighted_loss` name scope."""
    ReductionV2.validate(reduction)
    if reduction == ReductionV2.AUTO:
        reduction = ReductionV2.SUM_OVER_BATCH_SIZE
    if sample_weight is None:
        sample_weight = 1.0
    with tf.name_scope(name or "weighted_loss"):
        losses = tf.convert_to_tensor(losses)
        sample_weight = tf.convert_to_tensor(sample_weight)
        input_dtype = None
        if not losses.dtype.is_floating:
            input_dtype = losses.dtype
            losses = tf.cast(losses, "float32")
        sample_weight = tf.cast(sample_weight, losses.dtype)
        losses, _, sample_weight = squeeze_or_expand_dimensions(losses, None, sample_weight)
        loss = reduce_weighted_loss(tf.multiply(losses, sample_weight), reduction)
        if input_dtype is not None:
            loss = tf.cast(loss, input_dtype)
        return loss


def get_mask(y_p):
    return getattr(y_p, "_keras_mask", None)


def apply_mask(y_p, sw, mask):
    if mask is not None:
        mask = tf.cast(mask, y_p.dtype)
        if sw is not None:
            sw = tf.cast(sw, mask.dtype)
            mask, _, sw = squeeze_or_expand_dimensions(mask, sample_weight=sw)
            sw *= mask
        else:
            sw = mask
    return sw


def apply_valid_mask(losses, sw, mask, reduction):
    """Weights by the mask, rescaled so a sum-over-batch mean counts only the valid entries."""
    if mask is not None:
        mask = tf.cast(mask, losses.dtype)
        if reduction in (ReductionV2.AUTO, ReductionV2.SUM_OVER_BATCH_SIZE):
            total = tf.cast(tf.size(mask), losses.dtype)
            valid = tf.reduce_sum(mask)
            mask *= total / valid
    return apply_mask(losses, sw, mask)
