"""`tf.contrib.losses`: TF 1.15's deprecated contrib losses. They differ from tf.losses in
argument order (`logits` first, `predictions` before `labels`), in weighting (`weights` of shape
[batch] scale whole rows; the mean is over the elements with non-zero weight) and in
`hinge_loss`, which returns the unreduced per-element losses. Each reduced loss is added to
the LOSSES collection."""
from __future__ import annotations

import tfcompat as tf
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib import losses_metric_learning as metric_learning


def _scale_losses(losses, weights):
    """Sum of `losses` reduced to `weights`' rank, times `weights`: the effect of tiling
    `weights` over the trailing dimensions."""
    axis = list(range(max(0, weights.get_shape().ndims), losses.get_shape().ndims))
    return tf.reduce_sum(tf.multiply(tf.reduce_sum(losses, axis=axis), weights))


def _num_present(losses, weights, per_batch=False):
    """How many loss elements the non-zero `weights` cover (per batch row, or in total)."""
    if weights.get_shape().ndims == 0:
        batch_size = tf.reshape(tf.slice(tf.shape(losses), [0], [1]), [])
        num_per_batch = tf.div(tf.cast(tf.size(losses), tf.float32),
                               tf.cast(batch_size, tf.float32))
        num_per_batch = tf.where(tf.equal(weights, 0), 0.0, num_per_batch)
        num_per_batch = tf.multiply(tf.ones(tf.reshape(batch_size, [1])), num_per_batch)
    else:
        axis = list(range(1, weights.get_shape().ndims))
        num_nonzero = tf.reduce_sum(tf.cast(tf.not_equal(weights, 0), tf.float32), axis=axis)
        broadcast_dims = tf.slice(tf.shape(losses), [weights.get_shape().ndims], [-1])
        num_per_batch = tf.multiply(num_nonzero,
                                    tf.cast(tf.reduce_prod(broadcast_dims), tf.float32))
    return num_per_batch if per_batch else tf.reduce_sum(num_per_batch)


def add_loss(loss, loss_collection=tf.GraphKeys.LOSSES):
    if loss_collection:
        tf.add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=tf.GraphKeys.LOSSES):
    return tf.get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    return tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES, scope)


def get_total_loss(add_regularization_losses=True, name="total_loss"):
    losses = get_losses()
    if add_regularization_losses:
        losses += get_regularization_losses()
    return tf.add_n(losses, name=name)


def compute_weighted_loss(losses, weights=1.0, scope=None):
    """Weighted mean of `losses` over the elements with non-zero weight (0 when none)."""
    with tf.name_scope(scope, "weighted_loss", [losses, weights]):
        losses = tf.convert_to_tensor(losses)
        input_dtype = losses.dtype
        losses = tf.cast(losses, tf.float32)
        weights = tf.cast(tf.convert_to_tensor(weights), tf.float32)
        if losses.get_shape().ndims is None:
            raise ValueError("losses.get_shape().ndims cannot be None")
        weights_shape = weights.get_shape()
        if weights_shape.ndims is None:
            raise ValueError("weights.get_shape().ndims cannot be None")
        if weights_shape.ndims > 1 and weights_shape.dims[-1].is_compatible_with(1):
            weights = tf.squeeze(weights, [-1])
        total_loss = _scale_losses(losses, weights)
        num_present = _num_present(losses, weights)
        mean_loss = tf.div_no_nan(tf.reduce_sum(total_loss), num_present, name="value")
        mean_loss = tf.cast(mean_loss, input_dtype)
        add_loss(mean_loss)
        return mean_loss


def _float_pair(predictions, labels):
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    return tf.cast(predictions, tf.float32), tf.cast(labels, tf.float32)


def absolute_difference(predictions, labels=None, weights=1.0, scope=None):
    with tf.name_scope(scope, "absolute_difference", [predictions, labels, weights]) as scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = tf.abs(tf.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, scope=scope)


def sigmoid_cross_entropy(logits, multi_class_labels, weights=1.0, label_smoothing=0,
                          scope=None):
    with tf.name_scope(scope, "sigmoid_cross_entropy_loss",
                       [logits, multi_class_labels, weights]) as scope:
        logits.get_shape().assert_is_compatible_with(multi_class_labels.get_shape())
        labels = tf.cast(multi_class_labels, logits.dtype)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                         name="xentropy")
        return compute_weighted_loss(losses, weights, scope=scope)


def softmax_cross_entropy(logits, onehot_labels, weights=1.0, label_smoothing=0, scope=None):
    with tf.name_scope(scope, "softmax_cross_entropy_loss",
                       [logits, onehot_labels, weights]) as scope:
        logits.get_shape().assert_is_compatible_with(onehot_labels.get_shape())
        labels = tf.cast(onehot_labels, logits.dtype)
        if label_smoothing > 0:
            num_classes = tf.cast(tf.shape(labels)[1], logits.dtype)
            labels = labels * (1.0 - label_smoothing) + label_smoothing / num_classes
        losses = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                         name="xentropy")
        return compute_weighted_loss(losses, weights, scope=scope)


def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
    with tf.name_scope(scope, "sparse_softmax_cross_entropy_loss",
                       [logits, labels, weights]) as scope:
        labels = tf.reshape(labels, shape=[tf.shape(labels)[0]])
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                                name="xentropy")
        return compute_weighted_loss(losses, weights, scope=scope)


def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
    with tf.name_scope(scope, "log_loss", [predictions, labels, weights]) as scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = (-tf.multiply(labels, tf.log(predictions + epsilon))
                  - tf.multiply((1 - labels), tf.log(1 - predictions + epsilon)))
        return compute_weighted_loss(losses, weights, scope=scope)


def hinge_loss(logits, labels=None, scope=None):
    """Unreduced, unweighted hinge losses, labels {0, 1} read as {-1, 1}."""
    with tf.name_scope(scope, "hinge_loss", [logits, labels]):
        logits.get_shape().assert_is_compatible_with(labels.get_shape())
        labels = tf.cast(labels, tf.float32)
        all_ones = tf.ones_like(labels)
        labels = tf.subtract(2 * labels, all_ones)
        return tf.nn.relu(tf.subtract(all_ones, tf.multiply(labels, logits)))


def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
    with tf.name_scope(scope, "mean_squared_error", [predictions, labels, weights]) as scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = tf.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, scope=scope)


def mean_pairwise_squared_error(predictions, labels=None, weights=1.0, scope=None):
    with tf.name_scope(scope, "mean_pairwise_squared_error", [predictions, labels, weights]):
        predictions, labels = _float_pair(predictions, labels)
        weights = tf.cast(tf.convert_to_tensor(weights), tf.float32)
        diffs = tf.subtract(predictions, labels)
        if diffs.get_shape().ndims is None:
            raise ValueError("diffs.get_shape().ndims cannot be None")
        if weights.get_shape().ndims is None:
            raise ValueError("weights.get_shape().ndims cannot be None")
        axis = list(range(1, diffs.get_shape().ndims))
        num_present_per_batch = _num_present(diffs, weights, per_batch=True)
        term1 = 2.0 * tf.div_no_nan(tf.reduce_sum(tf.square(diffs), axis=axis),
                                    num_present_per_batch, name="value")
        term2 = 2.0 * tf.div_no_nan(tf.square(tf.reduce_sum(diffs, axis=axis)),
                                    tf.square(num_present_per_batch), name="value")
        loss = _scale_losses(term1 - term2, weights)
        mean_loss = tf.where(tf.reduce_sum(num_present_per_batch) > 0, loss,
                             tf.zeros_like(loss), name="value")
        add_loss(mean_loss)
        return mean_loss


def cosine_distance(predictions, labels=None, axis=None, weights=1.0, scope=None, dim=None):
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("You must specify 'axis'.")
    with tf.name_scope(scope, "cosine_distance_loss", [predictions, labels, weights]) as scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = 1 - tf.reduce_sum(tf.multiply(predictions, labels), axis=[axis])
        return compute_weighted_loss(losses, weights, scope=scope)


__all__ = ["absolute_difference", "add_loss", "cosine_distance", "compute_weighted_loss",
           "get_losses", "get_regularization_losses", "get_total_loss", "hinge_loss",
           "log_loss", "mean_pairwise_squared_error", "mean_squared_error", "metric_learning",
           "sigmoid_cross_entropy", "softmax_cross_entropy", "sparse_softmax_cross_entropy"]
__getattr__ = _missing_attr("contrib.losses", __name__)
