"""tf.contrib.learn's heads (TF 1.15 contrib/learn/python/learn/estimators/head.py): from a
model's logits they make the predictions, the loss (the mean of the examples' weighted
losses), the train op (through the model's `train_op_fn`) and the eval metrics, as ModelFnOps,
in a variable scope named after the head ("multi_class_head", "binary_logistic_head",
"regression_head"), where the model's optimizer then makes its variables.

multi_class_head(n_classes > 2): predictions "logits", "probabilities", "classes" (int64
argmax); metrics "loss" and "accuracy". multi_class_head(2) is the binary logistic head:
predictions add "logistic"; metrics add "labels/prediction_mean", "labels/actual_label_mean",
"accuracy/baseline_label_mean", "auc", "auc_precision_recall" and, per threshold (0.5),
"accuracy/threshold_0.500000_mean", "precision/positive_threshold_0.500000_mean",
"recall/positive_threshold_0.500000_mean". regression_head: prediction "scores"; metric "loss".
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.learn.model_fn import ModeKeys, ModelFnOps


class MetricKey:
    LOSS = "loss"
    AUC = "auc"
    AUC_PR = "auc_precision_recall"
    PREDICTION_MEAN = "labels/prediction_mean"
    LABEL_MEAN = "labels/actual_label_mean"
    ACCURACY = "accuracy"
    ACCURACY_BASELINE = "accuracy/baseline_label_mean"
    ACCURACY_MEAN = "accuracy/threshold_%f_mean"
    PRECISION_MEAN = "precision/positive_threshold_%f_mean"
    RECALL_MEAN = "recall/positive_threshold_%f_mean"


class PredictionKey:
    CLASSES = "classes"
    PROBABILITIES = "probabilities"
    LOGISTIC = "logistic"
    LOGITS = "logits"
    SCORES = "scores"
    TOP_K = "top_k"
    GENERIC = "output"


class ProblemType:
    """The problem type of a head (TF 1.15 estimators/constants.py)."""
    UNSPECIFIED = 0
    CLASSIFICATION = 1
    LINEAR_REGRESSION = 2
    LOGISTIC_REGRESSION = 3


def _summary_key(head_name, key):
    return "%s/%s" % (key, head_name) if head_name else key


def _compute_weighted_loss(loss_unweighted, weight, name="loss"):
    """(mean of the weighted losses, their weighted average)."""
    with tf.name_scope(name, values=(loss_unweighted, weight)) as name_scope:
        if weight is None:
            loss = tf.reduce_mean(loss_unweighted, name=name_scope)
            return loss, loss
        if weight.get_shape().ndims == 1 and loss_unweighted.get_shape().ndims == 2:
            weight = tf.expand_dims(weight, 1)
        weight = tf.broadcast_to(weight, tf.shape(loss_unweighted))
        with tf.name_scope(None, "weighted_loss", (loss_unweighted, weight)) as name:
            weighted_loss = tf.multiply(loss_unweighted, weight, name=name)
        weighted_loss_mean = tf.reduce_mean(weighted_loss, name=name_scope)
        weighted_loss_normalized = tf.div(
            tf.reduce_sum(weighted_loss), tf.cast(tf.reduce_sum(weight), tf.float32),
            name="weighted_average_loss")
        return weighted_loss_mean, weighted_loss_normalized


def _softmax_cross_entropy_loss(labels, logits, weights=None):
    with tf.name_scope(None, "softmax_cross_entropy_loss", (logits, labels)) as name:
        labels = tf.convert_to_tensor(labels)
        if not labels.dtype.is_integer:
            raise ValueError("Labels dtype should be integer Instead got %s." % labels.dtype)
        squeezed = False
        if len(labels.get_shape()) == 2:
            labels = tf.squeeze(labels, axis=(1,))
            squeezed = True
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                              name=name)
        if squeezed:
            loss = tf.expand_dims(loss, axis=1)
        return _compute_weighted_loss(loss, weights)


def _log_loss_with_two_classes(labels, logits, weights=None):
    with tf.name_scope(None, "log_loss_with_two_classes", (logits, labels)) as name:
        logits = tf.convert_to_tensor(logits)
        labels = tf.cast(labels, tf.float32)
        if len(labels.get_shape()) == 1:
            labels = tf.expand_dims(labels, axis=1)
        loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name=name)
        return _compute_weighted_loss(loss, weights)


def _mean_squared_loss(labels, logits, weights=None):
    with tf.name_scope(None, "mean_squared_loss", (logits, labels)) as name:
        logits = tf.convert_to_tensor(logits)
        labels = tf.convert_to_tensor(labels)
        if len(labels.get_shape()) == 1:
            labels = tf.expand_dims(labels, axis=1)
        if len(logits.get_shape()) == 1:
            logits = tf.expand_dims(logits, axis=1)
        logits.get_shape().assert_is_compatible_with(labels.get_shape())
        loss = tf.squared_difference(logits, tf.cast(labels, tf.float32), name=name)
        return _compute_weighted_loss(loss, weights)


def _weight_tensor(features, weight_column_name):
    if not weight_column_name:
        return None
    if weight_column_name not in features:
        raise ValueError("Weights {} missing from features.".format(weight_column_name))
    weight = features[weight_column_name]
    if isinstance(weight, tf.SparseTensor):
        raise ValueError("Weight column {} must be a dense Tensor.".format(weight_column_name))
    with tf.name_scope(None, "weight_tensor", tuple(features.values())):
        weight = tf.cast(weight, tf.float32)
        if weight.get_shape().ndims == 1:  # TF: "expanding to make it 2d"
            tf.logging.warning("Weights {} has shape {}, expanding to make it 2d.".format(
                weight_column_name, weight.get_shape()))
            return tf.reshape(weight, (-1, 1))
        return weight


class _SingleHead:
    """A head: `create_model_fn_ops(features, mode, labels, train_op_fn, logits)`."""

    def __init__(self, logits_dimension, loss_fn, label_name, weight_column_name, head_name,
                 enable_centered_bias):
        if enable_centered_bias:
            raise ValueError("enable_centered_bias=True is not supported by tfcompat's "
                             "contrib.learn heads")
        self._logits_dimension = logits_dimension
        self._loss_fn = loss_fn
        self._label_name = label_name
        self._weight_column_name = weight_column_name
        self.head_name = head_name

    logits_dimension = property(lambda self: self._logits_dimension)

    def _labels(self, labels):
        if isinstance(labels, dict):
            if self._label_name is None and len(labels) == 1:
                return list(labels.values())[0]
            return labels[self._label_name]
        return labels

    def create_model_fn_ops(self, features, mode, labels=None, train_op_fn=None, logits=None,
                            logits_input=None, scope=None):
        if logits is None:
            raise ValueError("logits must be given (logits_input is not supported by "
                             "tfcompat's contrib.learn heads)")
        if mode != ModeKeys.INFER and labels is None:
            raise ValueError("labels must not be None in %s mode." % mode)
        with tf.variable_scope(scope, default_name=self.head_name or self._default_scope):
            predictions = self._logits_to_predictions(logits)
            loss = train_op = eval_metric_ops = None
            if mode != ModeKeys.INFER:
                labels = self._labels(labels)
                weight = _weight_tensor(features, self._weight_column_name)
                loss, weighted_average_loss = self._loss_fn(labels, logits, weight)
                with tf.name_scope(""):
                    summary_loss = tf.identity(weighted_average_loss)
                    tf.summary.scalar(_summary_key(self.head_name, MetricKey.LOSS),
                                      summary_loss)
                if mode == ModeKeys.TRAIN:
                    if train_op_fn is None:
                        raise ValueError("train_op_fn can not be None.")
                    with tf.name_scope(None, "train_op", (loss, labels)):
                        train_op = train_op_fn(loss)
                eval_metric_ops = self._metrics(weighted_average_loss, predictions, labels,
                                                weight)
            return ModelFnOps(mode=mode, predictions=predictions, loss=loss, train_op=train_op,
                              eval_metric_ops=eval_metric_ops,
                              output_alternatives=self._create_output_alternatives(predictions))

    def _create_output_alternatives(self, predictions):
        """{head_name: (problem type, outputs)}: what an export serves."""
        return {self.head_name: (self._problem_type, predictions)}

    def _loss_metric(self, eval_loss):
        return {_summary_key(self.head_name, MetricKey.LOSS): tf.metrics.mean(eval_loss)}


class _ClassificationOutputsMixin:
    """TF 1.15's _classification_output_alternatives: the probabilities and, per example,
    the class ids as strings ("0", "1", ...)."""

    def _create_output_alternatives(self, predictions):
        probabilities = predictions.get(PredictionKey.PROBABILITIES)
        if probabilities is None:
            raise ValueError("%s missing in predictions" % PredictionKey.PROBABILITIES)
        with tf.name_scope(None, "_classification_output_alternatives", (probabilities,)):
            batch_size = tf.shape(probabilities)[0]
            n = tf.shape(probabilities)[1]
            classes = tf.tile(tf.expand_dims(tf.range(n), axis=0), multiples=[batch_size, 1])
            classes = tf.as_string(classes, name="classes_tensor")
        return {self.head_name: (self._problem_type, {
            PredictionKey.PROBABILITIES: probabilities, PredictionKey.CLASSES: classes})}


class _RegressionHead(_SingleHead):
    _default_scope = "regression_head"
    _problem_type = ProblemType.LINEAR_REGRESSION
    def __init__(self, label_dimension, label_name, weight_column_name, enable_centered_bias,
                 head_name):
        super().__init__(label_dimension, _mean_squared_loss, label_name, weight_column_name,
                         head_name, enable_centered_bias)

    def _logits_to_predictions(self, logits):
        key = PredictionKey.SCORES
        with tf.name_scope(None, "predictions", (logits,)):
            if self.logits_dimension == 1:
                logits = tf.squeeze(logits, axis=(1,), name=key)
            return {key: logits}

    def _metrics(self, eval_loss, predictions, labels, weights):
        with tf.name_scope("metrics"):
            return self._loss_metric(eval_loss)


def _float_weights_or_none(weights):
    return None if weights is None else tf.cast(weights, tf.float32)


class _BinaryLogisticHead(_ClassificationOutputsMixin, _SingleHead):
    _default_scope = "binary_logistic_head"
    _problem_type = ProblemType.LOGISTIC_REGRESSION
    def __init__(self, label_name, weight_column_name, enable_centered_bias, head_name,
                 thresholds):
        super().__init__(1, _log_loss_with_two_classes, label_name, weight_column_name,
                         head_name, enable_centered_bias)
        self._thresholds = thresholds if thresholds else (.5,)

    def _logits_to_predictions(self, logits):
        with tf.name_scope(None, "predictions", (logits,)):
            two_class_logits = tf.concat((tf.zeros_like(logits), logits), 1,
                                         name="two_class_logits")
            return {
                PredictionKey.LOGITS: logits,
                PredictionKey.LOGISTIC: tf.sigmoid(logits, name=PredictionKey.LOGISTIC),
                PredictionKey.PROBABILITIES: tf.nn.softmax(
                    two_class_logits, name=PredictionKey.PROBABILITIES),
                PredictionKey.CLASSES: tf.argmax(two_class_logits, 1,
                                                 name=PredictionKey.CLASSES)}

    def _metrics(self, eval_loss, predictions, labels, weights):
        key = lambda k: _summary_key(self.head_name, k)  # noqa: E731
        with tf.name_scope("metrics"):
            classes = predictions[PredictionKey.CLASSES]
            logistic = predictions[PredictionKey.LOGISTIC]
            float_labels = tf.cast(labels, tf.float32)
            metrics = self._loss_metric(eval_loss)
            metrics[key(MetricKey.ACCURACY)] = tf.metrics.accuracy(labels, classes, weights)
            metrics[key(MetricKey.PREDICTION_MEAN)] = tf.metrics.mean(logistic, weights)
            metrics[key(MetricKey.LABEL_MEAN)] = tf.metrics.mean(float_labels, weights)
            metrics[key(MetricKey.ACCURACY_BASELINE)] = tf.metrics.mean(float_labels, weights)
            metrics[key(MetricKey.AUC)] = tf.metrics.auc(labels, logistic,
                                                         _float_weights_or_none(weights))
            metrics[key(MetricKey.AUC_PR)] = tf.metrics.auc(
                labels, logistic, _float_weights_or_none(weights), curve="PR")
            for threshold in self._thresholds:
                hard = tf.cast(tf.greater_equal(logistic, threshold), tf.float32)
                metrics[key(MetricKey.ACCURACY_MEAN % threshold)] = tf.metrics.accuracy(
                    float_labels, hard, weights)
                metrics[key(MetricKey.PRECISION_MEAN % threshold)] = _squeezed(
                    tf.metrics.precision_at_thresholds(
                        labels, logistic, (threshold,), _float_weights_or_none(weights)))
                metrics[key(MetricKey.RECALL_MEAN % threshold)] = _squeezed(
                    tf.metrics.recall_at_thresholds(
                        labels, logistic, (threshold,), _float_weights_or_none(weights)))
            return metrics


def _squeezed(metric):
    value, update_op = metric
    return tf.squeeze(value), tf.squeeze(update_op)


class _MultiClassHead(_ClassificationOutputsMixin, _SingleHead):
    _default_scope = "multi_class_head"
    _problem_type = ProblemType.CLASSIFICATION
    def __init__(self, n_classes, label_name, weight_column_name, enable_centered_bias,
                 head_name):
        if (n_classes is None) or (n_classes < 2):
            raise ValueError("n_classes must be > 1 for classification: %s." % n_classes)
        super().__init__(n_classes, _softmax_cross_entropy_loss, label_name,
                         weight_column_name, head_name, enable_centered_bias)

    def _logits_to_predictions(self, logits):
        with tf.name_scope(None, "predictions", (logits,)):
            class_ids = tf.argmax(logits, 1, name=PredictionKey.CLASSES)
            return {
                PredictionKey.LOGITS: logits,
                PredictionKey.PROBABILITIES: tf.nn.softmax(logits,
                                                           name=PredictionKey.PROBABILITIES),
                PredictionKey.CLASSES: class_ids}

    def _metrics(self, eval_loss, predictions, labels, weights):
        with tf.name_scope("metrics"):
            metrics = self._loss_metric(eval_loss)
            metrics[_summary_key(self.head_name, MetricKey.ACCURACY)] = tf.metrics.accuracy(
                labels, predictions[PredictionKey.CLASSES], weights)
            return metrics


def regression_head(label_name=None, weight_column_name=None, label_dimension=1,
                    enable_centered_bias=False, head_name=None, link_fn=None):
    """The head of a regression on `label_dimension` targets (mean squared error)."""
    if link_fn is not None:
        raise ValueError("regression_head's link_fn is not supported by tfcompat")
    return _RegressionHead(label_dimension, label_name, weight_column_name,
                           enable_centered_bias, head_name)


def multi_class_head(n_classes, label_name=None, weight_column_name=None,
                     enable_centered_bias=False, head_name=None, thresholds=None,
                     metric_class_ids=None, loss_fn=None, label_keys=None):
    """A softmax head for `n_classes` > 2, the binary logistic head for 2."""
    if metric_class_ids or loss_fn is not None or label_keys is not None:
        raise ValueError("multi_class_head's metric_class_ids, loss_fn and label_keys are not "
                         "supported by tfcompat")
    if (n_classes is None) or (n_classes < 2):
        raise ValueError("n_classes must be > 1 for classification: %s." % n_classes)
    if n_classes == 2:
        return _BinaryLogisticHead(label_name, weight_column_name, enable_centered_bias,
                                   head_name, thresholds)
    return _MultiClassHead(n_classes, label_name, weight_column_name, enable_centered_bias,
                           head_name)
