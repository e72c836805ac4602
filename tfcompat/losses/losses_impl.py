"""tf.losses (TF1): per-example losses reduced with weights (`Reduction`), each added to the
LOSSES collection, plus the collection helpers (get_total_loss, get_regularization_loss)."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.ops import array_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_loss_ops
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import weights_broadcast_ops


class Reduction:
    """TF1 `tf.losses.Reduction`: how a weighted loss is reduced to a scalar."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_OVER_NONZERO_WEIGHTS, cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError("Invalid Reduction Key %s. Key should be one of %s."
                             % (key, cls.all()))


def _safe_mean(losses, num_present):
    total_loss = reduction_ops.reduce_sum(losses)
    return math_ops.div_no_nan(total_loss, num_present, name="value")


def _num_elements(losses):
    with name_scope(None, "num_elements", [losses]) as scope:
        return math_ops.cast(array_ops.size(losses, name=scope), dtype=losses.dtype)


def _num_present(losses, weights, per_batch=False):
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    with name_scope(None, "num_present", (losses, weights)) as scope:
        weights = math_ops.cast(weights, dtype=dtypes.float32)
        present = indexing_ops.where(math_ops.equal(weights, 0.0),
                                     array_ops.zeros_like(weights),
                                     array_ops.ones_like(weights))
        present = weights_broadcast_ops.broadcast_weights(present, losses)
        if per_batch:
            return reduction_ops.reduce_sum(present, axis=array_ops.range(
                1, array_ops.rank(present)), keepdims=True, name=scope)
        return reduction_ops.reduce_sum(present, name=scope)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.compute_weighted_loss`: built under a control dependency on TF's
    `assert_broadcastable` check, as TF builds it."""
    Reduction.validate(reduction)
    with name_scope(scope, "weighted_loss", (losses, weights)):
        get_default_graph()._last_loss_reduction = reduction
        with control_dependencies(
                (weights_broadcast_ops.assert_broadcastable(weights, losses),)):
            return _compute_loss(losses, weights, loss_collection, reduction)


def _compute_loss(losses, weights, loss_collection, reduction):
    losses = convert_to_tensor(losses)
    input_dtype = losses.dtype
    losses = math_ops.cast(losses, dtype=dtypes.float32)
    weights = math_ops.cast(weights, dtype=dtypes.float32)
    weighted_losses = math_ops.multiply(losses, weights)
    if reduction == Reduction.NONE:
        loss = weighted_losses
    else:
        loss = reduction_ops.reduce_sum(weighted_losses)
        if reduction == Reduction.MEAN:
            loss = _safe_mean(loss, reduction_ops.reduce_sum(
                array_ops.ones_like(losses) * weights))
        elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
            loss = _safe_mean(loss, _num_present(losses, weights))
        elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
            loss = _safe_mean(loss, _num_elements(losses))
    loss = math_ops.cast(loss, input_dtype)
    add_loss(loss, loss_collection)
    return loss


def _check_args(**kwargs):
    for key, value in kwargs.items():
        if value is None:
            raise ValueError("Argument `%s` must not be None." % key)


def _cast_pair(predictions, labels):
    predictions = math_ops.cast(predictions, dtype=dtypes.float32)
    labels = math_ops.cast(labels, dtype=dtypes.float32)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    return predictions, labels


def absolute_difference(labels, predictions, weights=1.0, scope=None,
                        loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.absolute_difference`: |predictions - labels|."""
    _check_args(labels=labels, predictions=predictions)
    with name_scope(scope, "absolute_difference", (predictions, labels, weights)) as scope:
        predictions, labels = _cast_pair(predictions, labels)
        losses = math_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None,
                    loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
                    dim=None):
    """TF1 `tf.losses.cosine_distance` (inputs assumed unit-normalized along `axis`)."""
    if axis is not None and dim is not None:
        # TF's deprecated_argument_lookup refuses the old and new spelling together.
        raise ValueError("Cannot specify both 'dim' and 'axis'.")
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    _check_args(labels=labels, predictions=predictions)
    with name_scope(scope, "cosine_distance_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _cast_pair(predictions, labels)
        radial_diffs = math_ops.multiply(predictions, labels)
        losses = 1 - reduction_ops.reduce_sum(radial_diffs, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.hinge_loss` (labels in {0, 1})."""
    _check_args(labels=labels, logits=logits)
    with name_scope(scope, "hinge_loss", (logits, labels, weights)) as scope:
        logits, labels = _cast_pair(logits, labels)
        all_ones = array_ops.ones_like(labels)
        labels = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(labels, logits)))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None,
               loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.huber_loss`."""
    _check_args(labels=labels, predictions=predictions)
    with name_scope(scope, "huber_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _cast_pair(predictions, labels)
        error = math_ops.subtract(predictions, labels)
        abs_error = math_ops.abs(error)
        quadratic = math_ops.minimum(abs_error, delta)
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(
            math_ops.multiply(convert_to_tensor(0.5, dtype=quadratic.dtype),
                              math_ops.multiply(quadratic, quadratic)),
            math_ops.multiply(delta, linear))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None,
             loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.log_loss`: binary cross-entropy of probabilities."""
    _check_args(labels=labels, predictions=predictions)
    with name_scope(scope, "log_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _cast_pair(predictions, labels)
        losses = -math_ops.multiply(labels, math_ops.log(predictions + epsilon)) - \
            math_ops.multiply((1 - labels), math_ops.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None,
                                loss_collection=GraphKeys.LOSSES):
    """TF1 `tf.losses.mean_pairwise_squared_error`."""
    _check_args(labels=labels, predictions=predictions)
    with name_scope(scope, "mean_pairwise_squared_error", (predictions, labels, weights)):
        weights = math_ops.cast(weights, dtype=dtypes.float32)
        labels = math_ops.cast(labels, dtype=dtypes.float32)
        # TF checks the weights against the labels first, so a bad shape names these tensors.
        with control_dependencies((weights_broadcast_ops.assert_broadcastable(weights, labels),)):
            return _pairwise_loss(labels, predictions, weights, loss_collection)


def _pairwise_loss(labels, predictions, weights, loss_collection):
    predictions = math_ops.cast(predictions, dtype=dtypes.float32)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    diffs = math_ops.subtract(predictions, labels)
    axis = array_ops.range(1, array_ops.rank(diffs))
    sum_squares = reduction_ops.reduce_sum(math_ops.square(diffs), axis=axis, keepdims=True)
    num_present = _num_present(diffs, weights, per_batch=True)
    term1 = 2.0 * math_ops.div_no_nan(sum_squares, math_ops.maximum(num_present - 1, 0),
                                      name="value")
    sum_diff = reduction_ops.reduce_sum(diffs, axis=axis, keepdims=True)
    term2 = 2.0 * math_ops.div_no_nan(
        math_ops.square(sum_diff),
        math_ops.maximum(math_ops.multiply(num_present, num_present - 1), 0), name="value")
    loss = reduction_ops.reduce_sum(math_ops.multiply(term1 - term2, weights))
    mean_loss = indexing_ops.where(reduction_ops.reduce_sum(num_present) > 0, loss,
                                   array_ops.zeros_like(loss), name="value")
    add_loss(mean_loss, loss_collection)
    return mean_loss


def mean_squared_error(labels, predictions, weights=1.0, scope=None,
                       loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.mean_squared_error`."""
    _check_args(labels=labels, predictions=predictions)
    with name_scope(scope, "mean_squared_error", (predictions, labels, weights)) as scope:
        predictions, labels = _cast_pair(predictions, labels)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0,
                          scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.sigmoid_cross_entropy` (with label smoothing towards 1/2)."""
    _check_args(multi_class_labels=multi_class_labels, logits=logits)
    with name_scope(scope, "sigmoid_cross_entropy_loss",
                    (logits, multi_class_labels, weights)) as scope:
        logits = convert_to_tensor(logits)
        labels = math_ops.cast(multi_class_labels, logits.dtype)
        logits.get_shape().assert_is_compatible_with(labels.get_shape())
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = nn_loss_ops.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                               name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.softmax_cross_entropy`: labels smoothed to
    `onehot * (1 - s) + s / num_classes`."""
    _check_args(onehot_labels=onehot_labels, logits=logits)
    with name_scope(scope, "softmax_cross_entropy_loss",
                    (logits, onehot_labels, weights)) as scope:
        logits = convert_to_tensor(logits)
        labels = math_ops.cast(onehot_labels, logits.dtype)
        logits.get_shape().assert_is_compatible_with(labels.get_shape())
        if label_smoothing > 0:
            num_classes = math_ops.cast(array_ops.shape(labels)[-1], logits.dtype)
            labels = labels * (1.0 - label_smoothing) + label_smoothing / num_classes
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
        losses = nn_loss_ops.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits,
                                                                  name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """TF's confusion_matrix.remove_squeezable_dimensions (static ranks only)."""
    with name_scope(name, "remove_squeezable_dimensions", [labels, predictions]):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        p_rank, l_rank = predictions.shape.ndims, labels.shape.ndims
        if p_rank is not None and l_rank is not None:
            rank_diff = p_rank - l_rank
            if rank_diff == expected_rank_diff + 1 and \
                    predictions.shape[-1].is_compatible_with(1):
                predictions = array_ops.squeeze(predictions, [-1])
            elif rank_diff == expected_rank_diff - 1 and labels.shape[-1].is_compatible_with(1):
                labels = array_ops.squeeze(labels, [-1])
        return labels, predictions


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """TF1 `tf.losses.sparse_softmax_cross_entropy`."""
    _check_args(labels=labels, logits=logits)
    with name_scope(scope, "sparse_softmax_cross_entropy_loss",
                    (logits, labels, weights)) as scope:
        labels, logits = remove_squeezable_dimensions(labels, logits, expected_rank_diff=1)
        weights = convert_to_tensor(weights)
        if labels.shape.ndims is not None and weights.shape.ndims == labels.shape.ndims + 1:
            weights = array_ops.squeeze(weights, [-1])
        losses = nn_loss_ops.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                      logits=logits,
                                                                      name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """TF1 `tf.losses.add_loss`."""
    if loss_collection:
        add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """TF1 `tf.losses.get_losses`."""
    return get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    """TF1 `tf.losses.get_regularization_losses`."""
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """TF1 `tf.losses.get_regularization_loss`: their sum, or 0.0 when there are none."""
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """TF1 `tf.losses.get_total_loss`: the LOSSES collection (plus regularization) summed."""
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    return math_ops.add_n(losses, name=name)
