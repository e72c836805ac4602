"""Heads: what turns a canned model's logits into an EstimatorSpec (TF 1.15 canned/head.py,
the v1 `_Head`): predictions and export signatures, the training loss, the eval metrics, the
train op and the loss summaries.

The classification heads live in head_classifier.py; this file holds the shared checks and
flow, and the regression head. As in TF 1.15 the canned v1 estimators reduce the training loss
with `Reduction.SUM` over the batch.
"""
from __future__ import annotations

import collections

import tfcompat as tf
from tfcompat.estimator import export_output
from tfcompat.estimator.canned.metric_keys import MetricKeys
from tfcompat.estimator.canned.prediction_keys import PredictionKeys
from tfcompat.estimator.model_fn import EstimatorSpec
from tfcompat.estimator.model_fn import fn_args
from tfcompat.estimator.model_fn import ModeKeys
from tfcompat.feature_column._base import _DenseColumn
from tfcompat.feature_column._base import _LazyBuilder
from tfcompat.ops.weights_broadcast_ops import broadcast_weights

_DEFAULT_SERVING_KEY = "serving_default"
_CLASSIFY_SERVING_KEY = "classification"
_REGRESS_SERVING_KEY = "regression"
_PREDICT_SERVING_KEY = "predict"

LossSpec = collections.namedtuple(
    "LossSpec", ["training_loss", "unreduced_loss", "weights", "processed_labels"])


def _summary_key(head_name, val):
    return "%s/%s" % (val, head_name) if head_name else val


def _validate_loss_reduction(loss_reduction):
    if (loss_reduction not in tf.losses.Reduction.all()
            or loss_reduction == tf.losses.Reduction.NONE):
        raise ValueError("Invalid loss_reduction: {}".format(loss_reduction))


def _validate_loss_fn_args(loss_fn):
    """A custom loss_fn takes `labels` and `logits`, and optionally `features`."""
    loss_fn_args = fn_args(loss_fn)
    for required_arg in ("labels", "logits"):
        if required_arg not in loss_fn_args:
            raise ValueError("loss_fn must contain argument: {}. Given arguments: {}".format(
                required_arg, loss_fn_args))
    invalid_args = list(set(loss_fn_args) - {"labels", "logits", "features"})
    if invalid_args:
        raise ValueError("loss_fn has unexpected args: {}".format(invalid_args))


def _check_dense_labels_match_logits_and_reshape(labels, logits, expected_labels_dimension):
    """`labels` as [D0, ... DN, expected_labels_dimension] (a missing last dimension of 1 is
    added), checked against the logits' leading dimensions at build and at run time."""
    if labels is None:
        raise ValueError(
            "You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: "
            "Check that your data contain your label feature. Check that your input_fn "
            "properly parses and returns labels.")
    with tf.name_scope(None, "labels", (labels, logits)) as scope:
        labels = tf.convert_to_tensor_or_sparse_tensor(labels)
        if isinstance(labels, tf.SparseTensor):
            raise ValueError(
                "SparseTensor labels are not supported. labels must be a Tensor of shape "
                "[D0, D1, ..., DN, %s], e.g. [batch_size, %s]. Suggested Fix (1): Check the "
                "label feature in your data. Each example must contain %s value(s). If not, "
                "your choice of label was probably incorrect. Suggested Fix (2): In your "
                "input_fn, use tf.sparse_tensor_to_dense() to turn labels into a Tensor."
                % ((expected_labels_dimension,) * 3))
        if (labels.shape.ndims is not None and logits.shape.ndims is not None
                and labels.shape.ndims == logits.shape.ndims - 1):
            labels = tf.expand_dims(labels, -1)
        labels_shape = tf.shape(labels)
        logits_shape = tf.shape(logits)
        err_msg = ("labels shape must be [D0, D1, ... DN, {}]. Suggested Fix: check your "
                   "n_classes argument to the estimator and/or the shape of your label."
                   .format(expected_labels_dimension))
        assert_rank = tf.debugging.assert_rank_at_least(labels, 2, message=err_msg)
        with tf.control_dependencies([assert_rank]):
            dim1 = labels.shape[-1] if labels.shape.ndims is not None else None
            dim1 = tf.compat.dimension_value(dim1)
            if dim1 is not None and dim1 != expected_labels_dimension:
                raise ValueError(
                    "Mismatched label shape. Expected labels dimension=%s.  Received %s. "
                    "Suggested Fix:If your classifier expects one-hot encoding label,check "
                    "your n_classes argument to the estimator and/or the shape of your "
                    "label. Otherwise, check the shape of your label."
                    % (expected_labels_dimension, dim1))
            expected_labels_shape = tf.concat(
                [logits_shape[:-1], [expected_labels_dimension]], axis=0)
            assert_dimension = tf.debugging.assert_equal(
                expected_labels_shape, labels_shape, message=err_msg,
                data=["expected_labels_shape: ", expected_labels_shape,
                      "labels_shape: ", labels_shape])
            with tf.control_dependencies([assert_dimension]):
                return tf.identity(labels, name=scope)


def _weight_tensor(features, weight_column):
    """The float32 weights the weight column reads from `features`."""
    if isinstance(weight_column, str):
        weight_column = tf.feature_column.numeric_column(key=weight_column, shape=(1,))
    if not isinstance(weight_column, _DenseColumn):
        raise TypeError("Weight column must be either a string or _DenseColumn. "
                        "Given type: {}.".format(type(weight_column)))
    weights = weight_column._get_dense_tensor(_LazyBuilder(features))
    if not (weights.dtype.is_floating or weights.dtype.is_integer):
        raise ValueError("Weight column should be castable to float. "
                         "Given dtype: {}".format(weights.dtype))
    return tf.cast(weights, name="weights", dtype=tf.float32)


def _get_weights_and_check_match_logits(features, weight_column, logits,
                                        allow_per_logit_weights=False):
    """1. without a weight column; else the weights as [D0, ... DN, 1] (or, where allowed,
    [D0, ... DN, logits_dimension]), checked against the logits at run time."""
    if allow_per_logit_weights:
        err_msg = ("weights shape must be [D0, D1, ... DN], [D0, D1, ... DN, 1] or "
                   "[D0, D1, ... DN, logits_dimension]")
    else:
        err_msg = "weights shape must be [D0, D1, ... DN] or [D0, D1, ... DN, 1]"
    with tf.name_scope(None, "weights", values=tuple(features.values()) + (logits,)) as scope:
        if weight_column is None:
            return 1.
        weights = _weight_tensor(features, weight_column)
        weights_shape = tf.shape(weights, name="weights_shape")
        logits_shape = tf.shape(logits, name="logits_shape")
        data = ["logits_shape: ", logits_shape, "weights_shape: ", weights_shape]
        if (weights.shape.ndims is not None and logits.shape.ndims is not None
                and weights.shape.ndims == logits.shape.ndims - 1):
            assert_dimension = tf.debugging.assert_equal(
                logits_shape[:-1], weights_shape, message=err_msg, data=data)
            with tf.control_dependencies([assert_dimension]):
                return tf.expand_dims(weights, -1, name=scope)
        supported_weights_shape = tf.concat([logits_shape[:-1], [1]], axis=0)
        if allow_per_logit_weights:
            condition = tf.reduce_any([
                tf.reduce_all(tf.equal(logits_shape, weights_shape)),
                tf.reduce_all(tf.equal(supported_weights_shape, weights_shape))])
            assert_dimension = tf.Assert(condition=condition, data=[err_msg] + data)
        else:
            assert_dimension = tf.debugging.assert_equal(
                supported_weights_shape, weights_shape, message=err_msg, data=data)
        with tf.control_dependencies([assert_dimension]):
            return tf.identity(weights, name=scope)


def _check_logits_final_dim(logits, expected_logits_dimension):
    """`logits` as float32, its last dimension checked to be `expected_logits_dimension`."""
    with tf.name_scope(None, "logits", (logits,)) as scope:
        logits = tf.cast(logits, dtype=tf.float32)
        logits_shape = tf.shape(logits)
        assert_rank = tf.debugging.assert_rank_at_least(
            logits, 2, data=[logits_shape],
            message="logits shape must be [D0, D1, ... DN, logits_dimension]")
        with tf.control_dependencies([assert_rank]):
            static_shape = logits.shape
            last = (tf.compat.dimension_value(static_shape[-1])
                    if static_shape.ndims is not None else None)
            if last is not None:
                if isinstance(expected_logits_dimension, int) and (
                        last != expected_logits_dimension):
                    raise ValueError(
                        "logits shape must be [D0, D1, ... DN, logits_dimension=%s], got %s."
                        % (expected_logits_dimension, static_shape))
                return logits
            assert_dimension = tf.debugging.assert_equal(
                expected_logits_dimension, logits_shape[-1], data=[logits_shape],
                message="logits shape must be [D0, D1, ... DN, logits_dimension=%s]"
                % (expected_logits_dimension,))
            with tf.control_dependencies([assert_dimension]):
                return tf.identity(logits, name=scope)


def _call_loss_fn(loss_fn, labels, logits, features, expected_loss_dim=1):
    """The custom loss_fn's unreduced loss, checked at run time to be
    [D0, ... DN, expected_loss_dim]."""
    kwargs = {"features": features} if "features" in fn_args(loss_fn) else {}
    with tf.name_scope(None, "call_loss_fn", values=[labels, logits] + list(features.values())):
        unweighted_loss = loss_fn(labels=labels, logits=logits, **kwargs)
        logits_shape = tf.shape(logits, name="logits_shape")
        expected_loss_shape = tf.concat([logits_shape[:-1], [expected_loss_dim]], axis=0,
                                        name="expected_loss_shape")
        loss_shape = tf.shape(unweighted_loss, name="loss_shape")
        check_loss_shape_op = tf.Assert(
            tf.reduce_all(tf.equal(loss_shape, expected_loss_shape)),
            data=["loss_fn must return Tensor of shape [D0, D1, ... DN, {}]. ".format(
                expected_loss_dim), "logits_shape: ", logits_shape, "loss_shape: ", loss_shape],
            name="check_loss_shape")
        with tf.control_dependencies([check_loss_shape_op]):
            return tf.identity(unweighted_loss)


def _assert_range(labels, n_classes, message=None):
    with tf.name_scope(None, "assert_range", (labels,)):
        assert_less = tf.debugging.assert_less_equal(
            labels, tf.convert_to_tensor(n_classes - 1, dtype=labels.dtype),
            message=message or "Labels must <= n_classes - 1")
        assert_greater = tf.debugging.assert_non_negative(
            labels, message=message or "Labels must >= 0")
        with tf.control_dependencies((assert_less, assert_greater)):
            return tf.identity(labels)


def _append_update_ops(train_op):
    """`train_op` grouped with the UPDATE_OPS (batch norm's moving averages) where any."""
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    if update_ops:
        return tf.group(train_op, *update_ops)
    return train_op


def _predictions_mean(predictions, weights=None, name=None):
    with tf.name_scope(name, "predictions_mean", (predictions, weights)) as scope:
        predictions = tf.cast(predictions, name="predictions", dtype=tf.float32)
        if weights is not None:
            weights = broadcast_weights(weights, predictions)
        return tf.metrics.mean(predictions, weights=weights, name=scope)


class _Head:
    """The v1 head interface the canned estimators call: `logits_dimension`, `create_loss`
    and `create_estimator_spec`. Subclasses give `_predictions`, `_export_outputs`,
    `_eval_metric_ops` and `create_loss`; this class does the rest as TF 1.15 does."""

    _name = None
    _loss_reduction = tf.losses.Reduction.SUM

    @property
    def name(self):
        return self._name

    @property
    def logits_dimension(self):
        raise NotImplementedError("%s must define logits_dimension" % type(self).__name__)

    def create_estimator_spec(self, features, mode, logits, labels=None, optimizer=None,
                              train_op_fn=None, regularization_losses=None):
        """The EstimatorSpec of `mode`: PREDICT needs no labels; TRAIN minimizes the loss
        with `optimizer` (or the op `train_op_fn(loss)` returns) and counts global_step."""
        with tf.name_scope(self._name, "head"):
            logits, predictions, parts = self._predictions(logits)
            if mode == ModeKeys.PREDICT:
                return EstimatorSpec(mode=ModeKeys.PREDICT, predictions=predictions,
                                     export_outputs=self._export_outputs(predictions, parts))
            loss_spec = self.create_loss(features=features, mode=mode, logits=logits,
                                         labels=labels)
            if regularization_losses:
                regularization_loss = tf.add_n(regularization_losses)
                loss = tf.add_n([loss_spec.training_loss, regularization_loss])
            else:
                regularization_loss, loss = None, loss_spec.training_loss
            if mode != ModeKeys.EVAL:
                train_op = _append_update_ops(_train_op(loss, optimizer, train_op_fn))
                mean_loss = self._mean_loss(loss_spec)
        if mode == ModeKeys.EVAL:
            # TF builds the metrics outside the head's name scope ("metrics/accuracy/...")
            return EstimatorSpec(
                mode=ModeKeys.EVAL, predictions=predictions, loss=loss,
                eval_metric_ops=self._eval_metric_ops(loss_spec, parts, regularization_loss))
        self._add_loss_summaries(loss, mean_loss, regularization_loss)
        return EstimatorSpec(mode=ModeKeys.TRAIN, predictions=predictions, loss=loss,
                             train_op=train_op)

    def _mean_loss(self, loss_spec):
        # Only a SUM loss gets an average_loss summary (the other reductions already are means)
        if self._loss_reduction != tf.losses.Reduction.SUM:
            return None
        example_weight_sum = tf.reduce_sum(
            loss_spec.weights * tf.ones_like(loss_spec.unreduced_loss))
        return loss_spec.training_loss / example_weight_sum

    def _add_loss_summaries(self, loss, mean_loss, regularization_loss):
        with tf.name_scope(""):
            tf.summary.scalar(_summary_key(self._name, MetricKeys.LOSS), loss)
            if mean_loss is not None:
                tf.summary.scalar(_summary_key(self._name, MetricKeys.LOSS_MEAN), mean_loss)
            if regularization_loss is not None:
                tf.summary.scalar(_summary_key(self._name, MetricKeys.LOSS_REGULARIZATION),
                                  regularization_loss)

    def _regularization_metric(self, metric_ops, regularization_loss):
        if regularization_loss is not None:
            metric_ops[_summary_key(self._name, MetricKeys.LOSS_REGULARIZATION)] = (
                tf.metrics.mean(values=regularization_loss,
                                name=MetricKeys.LOSS_REGULARIZATION))
        return metric_ops


def _train_op(loss, optimizer, train_op_fn):
    if optimizer is not None:
        if train_op_fn is not None:
            raise ValueError("train_op_fn and optimizer cannot both be set.")
        return optimizer.minimize(loss, global_step=tf.train.get_global_step())
    if train_op_fn is not None:
        return train_op_fn(loss)
    raise ValueError("train_op_fn and optimizer cannot both be None.")


def _regression_head(weight_column=None, label_dimension=1,
                     loss_reduction=tf.losses.Reduction.SUM, loss_fn=None,
                     inverse_link_fn=None, name=None):
    """A head for regression with the mean squared error loss (or `loss_fn`)."""
    _validate_loss_reduction(loss_reduction)
    if loss_fn:
        _validate_loss_fn_args(loss_fn)
    return _RegressionHeadWithMeanSquaredErrorLoss(
        weight_column=weight_column, label_dimension=label_dimension,
        loss_reduction=loss_reduction, loss_fn=loss_fn, inverse_link_fn=inverse_link_fn,
        name=name)


class _RegressionHeadWithMeanSquaredErrorLoss(_Head):
    """Regression: predictions are the logits (or `inverse_link_fn(logits)`); the loss is the
    squared error summed over the batch and the label dimensions."""

    def __init__(self, label_dimension, weight_column=None,
                 loss_reduction=tf.losses.Reduction.SUM, loss_fn=None, inverse_link_fn=None,
                 name=None):
        if label_dimension < 1:
            raise ValueError("Invalid label_dimension %s." % label_dimension)
        self._logits_dimension = label_dimension
        self._weight_column = weight_column
        self._loss_reduction = loss_reduction
        self._loss_fn = loss_fn
        self._inverse_link_fn = inverse_link_fn
        self._name = name

    @property
    def logits_dimension(self):
        return self._logits_dimension

    def create_loss(self, features, mode, logits, labels):
        del mode  # the loss is the same in every mode
        logits = tf.convert_to_tensor(logits)
        labels = _check_dense_labels_match_logits_and_reshape(
            labels=labels, logits=logits, expected_labels_dimension=self._logits_dimension)
        labels = tf.cast(labels, dtype=tf.float32)
        if self._loss_fn:
            unweighted_loss = _call_loss_fn(self._loss_fn, labels, logits, features,
                                            expected_loss_dim=self._logits_dimension)
        else:
            unweighted_loss = tf.losses.mean_squared_error(
                labels=labels, predictions=logits, reduction=tf.losses.Reduction.NONE)
        return _weighted_loss_spec(self, unweighted_loss, features, logits, labels,
                                   allow_per_logit_weights=True)

    def _predictions(self, logits):
        logits = _check_logits_final_dim(logits, self._logits_dimension)
        if self._inverse_link_fn:
            predicted_value = self._inverse_link_fn(logits)
            predictions = {PredictionKeys.PREDICTIONS: predicted_value,
                           PredictionKeys.LOGITS: logits}
        else:
            predicted_value = logits
            predictions = {PredictionKeys.PREDICTIONS: predicted_value}
        return logits, predictions, {"predicted_value": predicted_value}

    def _export_outputs(self, predictions, parts):
        regression_output = export_output.RegressionOutput(value=parts["predicted_value"])
        return {_DEFAULT_SERVING_KEY: regression_output,
                _REGRESS_SERVING_KEY: regression_output,
                _PREDICT_SERVING_KEY: export_output.PredictOutput(predictions)}

    def _eval_metric_ops(self, loss_spec, parts, regularization_loss):
        # TF 1.15 averages the labels as the input_fn returned them; the checked labels
        # ([D0, ... DN, label_dimension] floats) hold the same values
        weights = loss_spec.weights
        metric_ops = {
            _summary_key(self._name, MetricKeys.LOSS_MEAN):
                tf.metrics.mean(values=loss_spec.unreduced_loss, weights=weights),
            _summary_key(self._name, MetricKeys.PREDICTION_MEAN):
                _predictions_mean(predictions=parts["predicted_value"], weights=weights,
                                  name=MetricKeys.PREDICTION_MEAN),
            _summary_key(self._name, MetricKeys.LABEL_MEAN):
                tf.metrics.mean(values=loss_spec.processed_labels, weights=weights),
        }
        return self._regularization_metric(metric_ops, regularization_loss)


def _weighted_loss_spec(head, unweighted_loss, features, logits, processed_labels,
                        allow_per_logit_weights=False):
    """The LossSpec every head builds from its unreduced loss: the weight column's weights
    (checked against the logits), reduced by the head's loss_reduction."""
    weights = _get_weights_and_check_match_logits(
        features=features, weight_column=head._weight_column, logits=logits,
        allow_per_logit_weights=allow_per_logit_weights)
    training_loss = tf.losses.compute_weighted_loss(
        unweighted_loss, weights=weights, reduction=head._loss_reduction)
    return LossSpec(training_loss=training_loss, unreduced_loss=unweighted_loss,
                    weights=weights, processed_labels=processed_labels)
