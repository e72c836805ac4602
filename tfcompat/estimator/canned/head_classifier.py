"""The classification heads (TF 1.15 canned/head.py): binary with the sigmoid cross entropy
loss, multi-class with the softmax cross entropy loss, and `_binary_logistic_or_multi_class_head`
that the canned classifiers pick one with."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.estimator import export_output
from tfcompat.estimator.canned import head as head_lib
from tfcompat.estimator.canned.head import _summary_key
from tfcompat.estimator.canned.metric_keys import MetricKeys
from tfcompat.estimator.canned.prediction_keys import PredictionKeys
from tfcompat.ops.weights_broadcast_ops import broadcast_weights


def _check_label_vocabulary(label_vocabulary, error_class):
    if label_vocabulary is not None and not isinstance(label_vocabulary, (list, tuple)):
        raise error_class("label_vocabulary should be a list or {}. Given type: {}".format(
            "a tuple" if error_class is ValueError else "tuple", type(label_vocabulary)))


def _class_id_table(label_vocabulary):
    """TF's index_table_from_tensor: the vocabulary's strings to ids, -1 for the others."""
    initializer = tf.lookup.KeyValueTensorInitializer(
        keys=tf.constant(list(label_vocabulary), dtype=tf.string),
        values=tf.range(len(label_vocabulary), dtype=tf.int64))
    with tf.name_scope(None, "class_id_lookup"):
        return tf.lookup.StaticHashTable(initializer, default_value=-1)


def _class_string_table(label_vocabulary):
    """TF's index_to_string_table_from_tensor: ids to the vocabulary's strings, "UNK" beyond."""
    initializer = tf.lookup.KeyValueTensorInitializer(
        keys=tf.range(len(label_vocabulary), dtype=tf.int64),
        values=tf.constant(list(label_vocabulary), dtype=tf.string))
    with tf.name_scope(None, "class_string_lookup"):
        return tf.lookup.StaticHashTable(initializer, default_value="UNK")


def _class_strings(class_ids, label_vocabulary):
    if label_vocabulary:
        return _class_string_table(label_vocabulary).lookup(class_ids)
    return tf.strings.as_string(class_ids, name="str_classes")


def _tile_per_example(logits, row):
    """`row` repeated once per example of `logits`: [batch, n_classes]."""
    batch_size = tf.shape(logits)[0]
    return tf.tile(input=tf.expand_dims(input=row, axis=0), multiples=[batch_size, 1])


def _class_names(n_classes, label_vocabulary):
    if label_vocabulary:
        return label_vocabulary
    return tf.strings.as_string(tf.range(n_classes))


def _classification_output(scores, n_classes, label_vocabulary=None):
    classes = _tile_per_example(scores, _class_names(n_classes, label_vocabulary))
    return export_output.ClassificationOutput(scores=scores, classes=classes)


def _all_class_predictions(logits, n_classes, label_vocabulary):
    return {PredictionKeys.ALL_CLASS_IDS: _tile_per_example(logits, tf.range(n_classes)),
            PredictionKeys.ALL_CLASSES: _tile_per_example(
                logits, _class_names(n_classes, label_vocabulary))}


def _indicator_labels_mean(labels, weights=None, name=None):
    with tf.name_scope(name, "labels_mean", (labels, weights)) as scope:
        labels = tf.cast(labels, name="labels", dtype=tf.float32)
        if weights is not None:
            weights = broadcast_weights(weights, labels)
        return tf.metrics.mean(labels, weights=weights, name=scope)


def _accuracy_baseline(labels_mean):
    """The accuracy of always predicting the more frequent class: max(mean, 1 - mean)."""
    with tf.name_scope(None, "accuracy_baseline", labels_mean):
        value, update_op = labels_mean
        return (tf.maximum(value, 1. - value, name="value"),
                tf.maximum(update_op, 1 - update_op, name="update_op"))


def _auc(labels, predictions, weights=None, curve="ROC", name=None):
    with tf.name_scope(name, "auc", (predictions, labels, weights)) as scope:
        predictions = tf.cast(predictions, name="predictions", dtype=tf.float32)
        if weights is not None:
            weights = broadcast_weights(weights, predictions)
        return tf.metrics.auc(labels=labels, predictions=predictions, weights=weights,
                              curve=curve, name=scope)


def _accuracy_at_threshold(labels, predictions, weights, threshold, name=None):
    with tf.name_scope(name, "accuracy_at_%s" % threshold,
                       (predictions, labels, weights, threshold)) as scope:
        threshold_predictions = tf.to_float(tf.greater_equal(predictions, threshold))
        return tf.metrics.accuracy(labels=labels, predictions=threshold_predictions,
                                   weights=weights, name=scope)


def _ratio_at_threshold(metric, default_name, labels, predictions, weights, threshold,
                        name=None):
    with tf.name_scope(name, default_name % threshold,
                       (predictions, labels, weights, threshold)) as scope:
        value, update_op = metric(labels=labels, predictions=predictions,
                                  thresholds=(threshold,), weights=weights, name=scope)
        return tf.squeeze(value), tf.squeeze(update_op)


def _binary_logistic_head_with_sigmoid_cross_entropy_loss(
        weight_column=None, thresholds=None, label_vocabulary=None,
        loss_reduction=tf.losses.Reduction.SUM, loss_fn=None, name=None):
    """A head for binary classification: one logit per example, labels in [0, 1] (or strings
    of `label_vocabulary`), the sigmoid cross entropy loss."""
    thresholds = tuple(thresholds) if thresholds else tuple()
    _check_label_vocabulary(label_vocabulary, TypeError)
    for threshold in thresholds:
        if (threshold <= 0.0) or (threshold >= 1.0):
            raise ValueError("thresholds not in (0, 1): {}.".format((thresholds,)))
    head_lib._validate_loss_reduction(loss_reduction)
    if loss_fn:
        head_lib._validate_loss_fn_args(loss_fn)
    return _BinaryLogisticHeadWithSigmoidCrossEntropyLoss(
        weight_column=weight_column, thresholds=thresholds, label_vocabulary=label_vocabulary,
        loss_reduction=loss_reduction, loss_fn=loss_fn, name=name)


class _BinaryLogisticHeadWithSigmoidCrossEntropyLoss(head_lib._Head):
    """See `_binary_logistic_head_with_sigmoid_cross_entropy_loss`."""

    def __init__(self, weight_column=None, thresholds=None, label_vocabulary=None,
                 loss_reduction=tf.losses.Reduction.SUM, loss_fn=None, name=None):
        self._weight_column = weight_column
        self._thresholds = tuple(thresholds) if thresholds else tuple()
        self._label_vocabulary = label_vocabulary
        self._loss_reduction = loss_reduction
        self._loss_fn = loss_fn
        self._name = name

    @property
    def logits_dimension(self):
        return 1

    def create_loss(self, features, mode, logits, labels):
        del mode  # the loss is the same in every mode
        logits = tf.convert_to_tensor(logits)
        labels = head_lib._check_dense_labels_match_logits_and_reshape(
            labels=labels, logits=logits, expected_labels_dimension=1)
        if self._label_vocabulary is not None:
            labels = _class_id_table(self._label_vocabulary).lookup(labels)
        labels = tf.cast(labels, dtype=tf.float32)
        labels = head_lib._assert_range(labels, n_classes=2)
        if self._loss_fn:
            unweighted_loss = head_lib._call_loss_fn(self._loss_fn, labels, logits, features)
        else:
            unweighted_loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels,
                                                                      logits=logits)
        return head_lib._weighted_loss_spec(self, unweighted_loss, features, logits,
                                            labels)

    def _predictions(self, logits):
        with tf.name_scope(None, "predictions", (logits,)):
            logits = head_lib._check_logits_final_dim(logits, self.logits_dimension)
            logistic = tf.sigmoid(logits, name=PredictionKeys.LOGISTIC)
            two_class_logits = tf.concat((tf.zeros_like(logits), logits), axis=-1,
                                         name="two_class_logits")
            probabilities = tf.nn.softmax(two_class_logits, name=PredictionKeys.PROBABILITIES)
            class_ids = tf.argmax(two_class_logits, axis=-1, name=PredictionKeys.CLASS_IDS)
            class_ids = tf.expand_dims(class_ids, axis=-1)
            all_classes = _all_class_predictions(logits, 2, self._label_vocabulary)
            predictions = {
                PredictionKeys.LOGITS: logits,
                PredictionKeys.LOGISTIC: logistic,
                PredictionKeys.PROBABILITIES: probabilities,
                PredictionKeys.CLASS_IDS: class_ids,
                PredictionKeys.CLASSES: _class_strings(class_ids, self._label_vocabulary),
            }
            predictions.update(all_classes)
        return logits, predictions, {"logistic": logistic, "class_ids": class_ids}

    def _export_outputs(self, predictions, parts):
        classifier_output = _classification_output(
            scores=predictions[PredictionKeys.PROBABILITIES], n_classes=2,
            label_vocabulary=self._label_vocabulary)
        return {
            head_lib._DEFAULT_SERVING_KEY: classifier_output,
            head_lib._CLASSIFY_SERVING_KEY: classifier_output,
            head_lib._REGRESS_SERVING_KEY: export_output.RegressionOutput(
                value=parts["logistic"]),
            head_lib._PREDICT_SERVING_KEY: export_output.PredictOutput(predictions)}

    def _eval_metric_ops(self, loss_spec, parts, regularization_loss):
        labels, weights = loss_spec.processed_labels, loss_spec.weights
        logistic, class_ids = parts["logistic"], parts["class_ids"]
        key = lambda name: _summary_key(self._name, name)  # noqa: E731
        keys = MetricKeys
        with tf.name_scope(None, "metrics", (labels, logistic, class_ids, weights,
                                             loss_spec.unreduced_loss, regularization_loss)):
            labels_mean = _indicator_labels_mean(labels=labels, weights=weights,
                                                 name=keys.LABEL_MEAN)
            metric_ops = {
                key(keys.LOSS_MEAN): tf.metrics.mean(
                    values=loss_spec.unreduced_loss, weights=weights, name=keys.LOSS_MEAN),
                key(keys.ACCURACY): tf.metrics.accuracy(
                    labels=labels, predictions=class_ids, weights=weights, name=keys.ACCURACY),
                key(keys.PRECISION): tf.metrics.precision(
                    labels=labels, predictions=class_ids, weights=weights,
                    name=keys.PRECISION),
                key(keys.RECALL): tf.metrics.recall(
                    labels=labels, predictions=class_ids, weights=weights, name=keys.RECALL),
                key(keys.PREDICTION_MEAN): head_lib._predictions_mean(
                    predictions=logistic, weights=weights, name=keys.PREDICTION_MEAN),
                key(keys.LABEL_MEAN): labels_mean,
                key(keys.ACCURACY_BASELINE): _accuracy_baseline(labels_mean),
                key(keys.AUC): _auc(labels=labels, predictions=logistic, weights=weights,
                                    name=keys.AUC),
                key(keys.AUC_PR): _auc(labels=labels, predictions=logistic, weights=weights,
                                       curve="PR", name=keys.AUC_PR),
            }
            self._regularization_metric(metric_ops, regularization_loss)
            for threshold in self._thresholds:
                metric_ops.update(self._threshold_metrics(labels, logistic, weights, threshold))
            return metric_ops

    def _threshold_metrics(self, labels, logistic, weights, threshold):
        accuracy_key = MetricKeys.ACCURACY_AT_THRESHOLD % threshold
        precision_key = MetricKeys.PRECISION_AT_THRESHOLD % threshold
        recall_key = MetricKeys.RECALL_AT_THRESHOLD % threshold
        return {
            _summary_key(self._name, accuracy_key): _accuracy_at_threshold(
                labels, logistic, weights, threshold, name=accuracy_key),
            _summary_key(self._name, precision_key): _ratio_at_threshold(
                tf.metrics.precision_at_thresholds, "precision_at_%s", labels, logistic,
                weights, threshold, name=precision_key),
            _summary_key(self._name, recall_key): _ratio_at_threshold(
                tf.metrics.recall_at_thresholds, "recall_at_%s", labels, logistic, weights,
                threshold, name=recall_key),
        }


def _validate_n_classes(n_classes):
    if isinstance(n_classes, int) and n_classes <= 2:
        raise ValueError("n_classes must be > 2: %s." % n_classes)
    return n_classes


def _multi_class_head_with_softmax_cross_entropy_loss(
        n_classes, weight_column=None, label_vocabulary=None,
        loss_reduction=tf.losses.Reduction.SUM, loss_fn=None, name=None):
    """A head for classification into `n_classes` > 2 classes: integer labels (or strings of
    `label_vocabulary`), the softmax cross entropy loss."""
    _check_label_vocabulary(label_vocabulary, ValueError)
    head_lib._validate_loss_reduction(loss_reduction)
    if loss_fn:
        head_lib._validate_loss_fn_args(loss_fn)
    return _MultiClassHeadWithSoftmaxCrossEntropyLoss(
        n_classes=n_classes, weight_column=weight_column, label_vocabulary=label_vocabulary,
        loss_reduction=loss_reduction, loss_fn=loss_fn, name=name)


class _MultiClassHeadWithSoftmaxCrossEntropyLoss(head_lib._Head):
    """See `_multi_class_head_with_softmax_cross_entropy_loss`."""

    def __init__(self, n_classes, weight_column=None, label_vocabulary=None,
                 loss_reduction=tf.losses.Reduction.SUM, loss_fn=None, name=None):
        if n_classes is None:
            raise ValueError("n_classes cannot be None")
        self._n_classes = _validate_n_classes(n_classes)
        self._weight_column = weight_column
        self._label_vocabulary = label_vocabulary
        self._loss_reduction = loss_reduction
        self._loss_fn = loss_fn
        self._name = name

    @property
    def logits_dimension(self):
        return self._n_classes

    def _label_ids(self, labels):
        if self._label_vocabulary is None:
            if not labels.dtype.is_integer:
                raise ValueError("Labels dtype should be integer. Instead got {}.".format(
                    labels.dtype))
            label_ids = labels
        else:
            if labels.dtype != tf.string:
                raise ValueError("Labels dtype should be string if there is a vocabulary. "
                                 "Instead got {}".format(labels.dtype))
            label_ids = _class_id_table(self._label_vocabulary).lookup(labels)
        return head_lib._assert_range(label_ids, self._n_classes)

    def create_loss(self, features, mode, logits, labels):
        del mode  # the loss is the same in every mode
        logits = tf.convert_to_tensor(logits)
        labels = head_lib._check_dense_labels_match_logits_and_reshape(
            labels=labels, logits=logits, expected_labels_dimension=1)
        label_ids = self._label_ids(labels)
        if self._loss_fn:
            unweighted_loss = head_lib._call_loss_fn(self._loss_fn, label_ids, logits,
                                                     features)
        else:
            unweighted_loss = tf.losses.sparse_softmax_cross_entropy(
                labels=label_ids, logits=logits, reduction=tf.losses.Reduction.NONE)
            unweighted_loss = tf.expand_dims(unweighted_loss, axis=-1)
        return head_lib._weighted_loss_spec(self, unweighted_loss, features, logits,
                                            label_ids)

    def _predictions(self, logits):
        logits = head_lib._check_logits_final_dim(logits, self.logits_dimension)
        with tf.name_scope(None, "predictions", (logits,)):
            all_classes = _all_class_predictions(logits, self._n_classes,
                                                 self._label_vocabulary)
            class_ids = tf.argmax(logits, axis=-1, name=PredictionKeys.CLASS_IDS)
            class_ids = tf.expand_dims(class_ids, axis=-1)
            classes = _class_strings(class_ids, self._label_vocabulary)
            probabilities = tf.nn.softmax(logits, name=PredictionKeys.PROBABILITIES)
            predictions = {
                PredictionKeys.LOGITS: logits,
                PredictionKeys.PROBABILITIES: probabilities,
                PredictionKeys.CLASS_IDS: class_ids,
                PredictionKeys.CLASSES: classes,
            }
            predictions.update(all_classes)
        return logits, predictions, {"class_ids": class_ids}

    def _export_outputs(self, predictions, parts):
        classifier_output = _classification_output(
            scores=predictions[PredictionKeys.PROBABILITIES], n_classes=self._n_classes,
            label_vocabulary=self._label_vocabulary)
        return {head_lib._DEFAULT_SERVING_KEY: classifier_output,
                head_lib._CLASSIFY_SERVING_KEY: classifier_output,
                head_lib._PREDICT_SERVING_KEY: export_output.PredictOutput(predictions)}

    def _eval_metric_ops(self, loss_spec, parts, regularization_loss):
        labels, weights = loss_spec.processed_labels, loss_spec.weights
        with tf.name_scope(None, "metrics", (labels, parts["class_ids"], weights,
                                             loss_spec.unreduced_loss, regularization_loss)):
            metric_ops = {
                _summary_key(self._name, MetricKeys.LOSS_MEAN): tf.metrics.mean(
                    values=loss_spec.unreduced_loss, weights=weights,
                    name=MetricKeys.LOSS_MEAN),
                _summary_key(self._name, MetricKeys.ACCURACY): tf.metrics.accuracy(
                    labels=labels, predictions=parts["class_ids"], weights=weights,
                    name=MetricKeys.ACCURACY),
            }
            return self._regularization_metric(metric_ops, regularization_loss)


def _binary_logistic_or_multi_class_head(n_classes, weight_column, label_vocabulary,
                                         loss_reduction):
    """The binary head for `n_classes == 2`, else the multi-class head."""
    if n_classes == 2:
        return _binary_logistic_head_with_sigmoid_cross_entropy_loss(
            weight_column=weight_column, label_vocabulary=label_vocabulary,
            loss_reduction=loss_reduction)
    return _multi_class_head_with_softmax_cross_entropy_loss(
        n_classes, weight_column=weight_column, label_vocabulary=label_vocabulary,
        loss_reduction=loss_reduction)
