"""More of TF 1.15's `tf.contrib.metrics`: streaming_concat and streaming_curve_points
(contrib/metrics/python/ops/metric_ops.py) and f1_score (contrib/metrics/python/metrics/
classification.py), op for op, with their local variables named as TF named them."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.metrics_contrib_ops import streaming_confusion_matrix_at_thresholds
from tfcompat.metrics.metrics_impl import _confusion_at_thresholds
from tfcompat.metrics.metrics_impl import _remove_squeezable
from tfcompat.metrics.metrics_impl import metric_variable

_EPSILON = 1e-7


def _next_array_size(required_size, growth_factor=1.5):
    """The next capacity of streaming_concat's array: growth_factor ** ceil(log_g(size))."""
    exponent = tf.ceil(tf.log(tf.cast(required_size, tf.float32))
                       / tf.log(tf.cast(growth_factor, tf.float32)))
    return tf.cast(tf.ceil(growth_factor ** exponent), tf.int32)


def _concat_axis(values, axis):
    values_shape = values.get_shape()
    if values_shape.dims is None:
        raise ValueError("`values` must have known statically known rank")
    ndim = len(values_shape)
    if axis < 0:
        axis += ndim
    if not 0 <= axis < ndim:
        raise ValueError("axis = %r not in [0, %r)" % (axis, ndim))
    fixed_shape = [dim.value for n, dim in enumerate(values_shape) if n != axis]
    if any(value is None for value in fixed_shape):
        raise ValueError("all dimensions of `values` other than the dimension to "
                         "concatenate along must have statically known size")
    return ndim, axis, fixed_shape


def streaming_concat(values, axis=0, max_size=None, metrics_collections=None,
                     updates_collections=None, name=None):
    """Concatenate `values` along `axis` across batches (at most `max_size` entries), in a
    local `array` variable that grows by 1.5x and a `size` counter."""
    with tf.variable_scope(name, "streaming_concat", (values,)):
        ndim, axis, fixed_shape = _concat_axis(values, axis)
        init_size = 0 if max_size is None else max_size
        array = metric_variable([init_size] + fixed_shape, values.dtype, validate_shape=False,
                                name="array")
        size = metric_variable([], tf.int32, name="size")
        perm = [0 if n == axis else n + 1 if n < axis else n for n in range(ndim)]
        valid_array = array[:size]
        valid_array.set_shape([None] + fixed_shape)
        value = tf.transpose(valid_array, perm, name="concat")
        values_size = tf.shape(values)[axis]
        if max_size is None:
            batch_size = values_size
        else:
            batch_size = tf.minimum(values_size, max_size - size)
        perm = [axis] + [n for n in range(ndim) if n != axis]
        batch_values = tf.transpose(values, perm)[:batch_size]
        new_size = size + batch_size

        def reallocate():
            next_size = _next_array_size(new_size)
            next_shape = tf.stack([next_size] + fixed_shape)
            new_value = tf.zeros(next_shape, dtype=values.dtype)
            old_value = array.value()
            assign_op = tf.assign(array, new_value, validate_shape=False)
            with tf.control_dependencies([assign_op]):
                copy_op = array[:size].assign(old_value[:size])
            with tf.control_dependencies([copy_op]):
                return tf.no_op()

        array_size = tf.shape(array)[0]
        maybe_reallocate_op = tf.cond(new_size > array_size, reallocate, tf.no_op)
        with tf.control_dependencies([maybe_reallocate_op]):
            append_values_op = array[size:new_size].assign(batch_values)
        with tf.control_dependencies([append_values_op]):
            update_op = size.assign(new_size)
        if metrics_collections:
            tf.add_to_collections(metrics_collections, value)
        if updates_collections:
            tf.add_to_collections(updates_collections, update_op)
        return value, update_op


def streaming_curve_points(labels=None, predictions=None, weights=None, num_thresholds=200,
                           metrics_collections=None, updates_collections=None, curve="ROC",
                           name=None):
    """[num_thresholds, 2] points of the ROC curve (fpr, recall) or the PR curve (recall,
    precision) at evenly spaced thresholds."""
    with tf.variable_scope(name, "curve_points", (labels, predictions, weights)):
        if curve != "ROC" and curve != "PR":
            raise ValueError("curve must be either ROC or PR, %s unknown" % (curve))
        kepsilon = _EPSILON
        thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [0.0 - kepsilon] + thresholds + [1.0 + kepsilon]
        # contrib's own counts (no range check on the predictions, unlike tf.metrics')
        values, update_ops = streaming_confusion_matrix_at_thresholds(
            labels=labels, predictions=predictions, thresholds=thresholds, weights=weights)
        epsilon = 1.0e-6
        tp, fn, tn, fp = values["tp"], values["fn"], values["tn"], values["fp"]
        rec = tf.div(tp + epsilon, tp + fn + epsilon)
        if curve == "ROC":
            xs, ys = tf.div(fp, fp + tn + epsilon), rec
        else:
            xs, ys = rec, tf.div(tp + epsilon, tp + fp + epsilon)
        points = tf.stack([xs, ys], axis=1)
        update_op = tf.group(*update_ops.values())
        if metrics_collections:
            tf.add_to_collections(metrics_collections, points)
        if updates_collections:
            tf.add_to_collections(updates_collections, update_op)
        return points, update_op


def f1_score(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None,
             updates_collections=None, name=None):
    """The best F1 score over `num_thresholds` evenly spaced thresholds (local variables
    `true_positives`, `false_positives`, `false_negatives` under scope `f1`)."""
    with tf.variable_scope(name, "f1", (labels, predictions, weights)):
        predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
        epsilon = 1e-7
        thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [0.0 - epsilon] + thresholds + [1.0 + epsilon]
        # TF makes the variables in the order tp, fn, fp whatever the order of `includes`
        values, update_ops = _confusion_at_thresholds(labels, predictions, thresholds, weights,
                                                      includes=("tp", "fn", "fp"))

        def compute_best_f1_score(tp, fp, fn, name):
            precision_at_t = tf.div(tp, epsilon + tp + fp, name="precision_" + name)
            recall_at_t = tf.div(tp, epsilon + tp + fn, name="recall_" + name)
            f1_at_thresholds = (2.0 * precision_at_t * recall_at_t
                                / (precision_at_t + recall_at_t + epsilon))
            return tf.reduce_max(f1_at_thresholds)

        best_f1 = compute_best_f1_score(values["tp"], values["fp"], values["fn"], "value")
        if metrics_collections:
            tf.add_to_collections(metrics_collections, best_f1)
        update_op = compute_best_f1_score(update_ops["tp"], update_ops["fp"], update_ops["fn"],
                                          "update")
        if updates_collections:
            tf.add_to_collections(updates_collections, update_op)
        return best_f1, update_op
