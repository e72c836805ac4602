"""`tf.contrib.estimator.multi_label_head` (TF 1.15 contrib/estimator head.py): a v1 `_Head`
for multi-label classification, the sigmoid cross entropy averaged over the classes. Labels
are a multi-hot Tensor or a SparseTensor of class ids (or of `label_vocabulary` strings)."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.estimator import export_output
from tfcompat.estimator.canned import head as head_lib
from tfcompat.estimator.canned import head_classifier
from tfcompat.estimator.canned.head import _summary_key
from tfcompat.estimator.canned.metric_keys import MetricKeys
from tfcompat.estimator.canned.prediction_keys import PredictionKeys
from tfcompat.framework.sparse_tensor import SparseTensor

_SUM_OVER_BATCH_SIZE = tf.losses.Reduction.SUM_OVER_BATCH_SIZE


def _check_vocabulary(n_classes, label_vocabulary):
    if label_vocabulary is None:
        return
    if not isinstance(label_vocabulary, (list, tuple)):
        raise ValueError("label_vocabulary must be a list or tuple. "
                         "Given type: {}".format(type(label_vocabulary)))
    if len(label_vocabulary) != n_classes:
        raise ValueError("Length of label_vocabulary must be n_classes ({}). "
                         "Given: {}".format(n_classes, len(label_vocabulary)))


def _class_ids_for_metrics(classes, n_classes, label_vocabulary):
    classes = tuple([] if classes is None else classes)
    if classes and isinstance(classes[0], str):
        if not label_vocabulary:
            raise ValueError("label_vocabulary must be provided when "
                             "classes_for_class_based_metrics are sting.")
        return tuple(label_vocabulary.index(name) for name in classes)
    for class_id in classes:
        if (class_id < 0) or (class_id >= n_classes):
            raise ValueError("All classes_for_class_based_metrics must be in range [0, {}]. "
                             "Given: {}".format(n_classes - 1, class_id))
    return classes


def multi_label_head(n_classes, weight_column=None, thresholds=None, label_vocabulary=None,
                     loss_reduction=_SUM_OVER_BATCH_SIZE, loss_fn=None,
                     classes_for_class_based_metrics=None, name=None):
    """A `_Head` for multi-label classification: `n_classes` > 1 sigmoid outputs."""
    thresholds = tuple(thresholds) if thresholds else tuple()
    if n_classes is None or n_classes < 2:
        raise ValueError("n_classes must be > 1 for multi-class classification. "
                         "Given: {}".format(n_classes))
    for threshold in thresholds:
        if (threshold <= 0.0) or (threshold >= 1.0):
            raise ValueError("thresholds must be in (0, 1) range. Given: {}".format(threshold))
    _check_vocabulary(n_classes, label_vocabulary)
    if loss_fn:
        head_lib._validate_loss_fn_args(loss_fn)
    head_lib._validate_loss_reduction(loss_reduction)
    return _MultiLabelHead(
        n_classes=n_classes, weight_column=weight_column, thresholds=thresholds,
        label_vocabulary=label_vocabulary, loss_reduction=loss_reduction, loss_fn=loss_fn,
        classes_for_class_based_metrics=_class_ids_for_metrics(
            classes_for_class_based_metrics, n_classes, label_vocabulary),
        name=name)


class _MultiLabelHead(head_lib._Head):
    """See `multi_label_head`."""

    def __init__(self, n_classes, weight_column=None, thresholds=None, label_vocabulary=None,
                 loss_reduction=_SUM_OVER_BATCH_SIZE, loss_fn=None,
                 classes_for_class_based_metrics=None, name=None):
        self._n_classes = n_classes
        self._weight_column = weight_column
        self._thresholds = thresholds
        self._label_vocabulary = label_vocabulary
        self._loss_reduction = loss_reduction
        self._loss_fn = loss_fn
        self._classes_for_class_based_metrics = classes_for_class_based_metrics
        self._name = name

    @property
    def logits_dimension(self):
        return self._n_classes

    def _process_labels(self, labels):
        if labels is None:
            raise ValueError(
                "You must provide a labels Tensor. Given: None. "
                "Suggested troubleshooting steps: Check that your data contain "
                "your label feature. Check that your input_fn properly parses and "
                "returns labels.")
        if isinstance(labels, SparseTensor):
            if labels.dtype == tf.string:
                ids = head_classifier._class_id_table(self._label_vocabulary).lookup(
                    labels.values)
                labels = SparseTensor(indices=labels.indices, values=ids,
                                      dense_shape=labels.dense_shape)
                return tf.cast(tf.sparse_to_indicator(labels, self._n_classes),
                               dtype=tf.int64)
            err_msg = "labels must be an integer SparseTensor with values in [0, {})".format(
                self._n_classes)
            checks = [tf.assert_integer(labels.values, message=err_msg),
                      tf.assert_less(labels.values,
                                     tf.convert_to_tensor(self._n_classes, dtype=labels.dtype),
                                     message=err_msg),
                      tf.assert_non_negative(labels.values, message=err_msg)]
            with tf.control_dependencies(checks):
                return tf.cast(tf.sparse_to_indicator(labels, self._n_classes),
                               dtype=tf.int64)
        err_msg = "labels must be an integer indicator Tensor with values in [0, 1]"
        return head_lib._assert_range(labels, 2, message=err_msg)

    def create_loss(self, features, mode, logits, labels):
        del mode  # the loss is the same in every mode
        logits = tf.convert_to_tensor(logits)
        processed_labels = head_lib._check_dense_labels_match_logits_and_reshape(
            labels=self._process_labels(labels), logits=logits,
            expected_labels_dimension=self.logits_dimension)
        if self._loss_fn:
            unweighted_loss = head_lib._call_loss_fn(
                loss_fn=self._loss_fn, labels=processed_labels, logits=logits,
                features=features, expected_loss_dim=1)
        else:
            unweighted_loss = tf.losses.sigmoid_cross_entropy(
                multi_class_labels=processed_labels, logits=logits,
                reduction=tf.losses.Reduction.NONE)
            unweighted_loss = tf.reduce_mean(unweighted_loss, axis=-1, keepdims=True)
        return head_lib._weighted_loss_spec(self, unweighted_loss, features, logits,
                                            processed_labels)

    def _predictions(self, logits):
        logits = head_lib._check_logits_final_dim(logits, self.logits_dimension)
        with tf.name_scope(None, "predictions", (logits,)):
            probabilities = tf.sigmoid(logits, name=PredictionKeys.PROBABILITIES)
            predictions = {PredictionKeys.LOGITS: logits,
                           PredictionKeys.PROBABILITIES: probabilities}
        return logits, predictions, {"probabilities": probabilities}

    def _export_outputs(self, predictions, parts):
        classifier_output = head_classifier._classification_output(
            scores=parts["probabilities"], n_classes=self._n_classes,
            label_vocabulary=self._label_vocabulary)
        return {head_lib._DEFAULT_SERVING_KEY: classifier_output,
                head_lib._CLASSIFY_SERVING_KEY: classifier_output,
                head_lib._PREDICT_SERVING_KEY: export_output.PredictOutput(predictions)}

    def _eval_metric_ops(self, loss_spec, parts, regularization_loss):
        labels, weights = loss_spec.processed_labels, loss_spec.weights
        probabilities = parts["probabilities"]
        keys = MetricKeys
        key = lambda name: _summary_key(self._name, name)  # noqa: E731
        with tf.name_scope(None, "metrics", (labels, probabilities, weights,
                                             loss_spec.unreduced_loss, regularization_loss)):
            metric_ops = {
                key(keys.LOSS_MEAN): tf.metrics.mean(
                    values=loss_spec.unreduced_loss, weights=weights, name=keys.LOSS_MEAN),
                key(keys.AUC): tf.metrics.auc(labels=labels, predictions=probabilities,
                                              weights=weights, name=keys.AUC),
                key(keys.AUC_PR): tf.metrics.auc(labels=labels, predictions=probabilities,
                                                 weights=weights, curve="PR",
                                                 name=keys.AUC_PR),
            }
            self._regularization_metric(metric_ops, regularization_loss)
            for threshold in self._thresholds:
                metric_ops.update(self._threshold_metrics(labels, probabilities, weights,
                                                          threshold))
            for class_id in self._classes_for_class_based_metrics:
                metric_ops.update(self._class_metrics(labels, probabilities, weights,
                                                      class_id))
        return metric_ops

    _threshold_metrics = head_classifier._BinaryLogisticHeadWithSigmoidCrossEntropyLoss.\
        _threshold_metrics

    def _class_metrics(self, labels, probabilities, weights, class_id):
        batch_rank = tf.rank(probabilities) - 1
        begin = tf.concat([tf.zeros([batch_rank], dtype=tf.int32), [class_id]], axis=0)
        size = tf.concat([-1 * tf.ones([batch_rank], dtype=tf.int32), [1]], axis=0)
        class_probabilities = tf.slice(probabilities, begin=begin, size=size)
        class_labels = tf.slice(labels, begin=begin, size=size)
        suffix = ("class%d" % class_id if self._label_vocabulary is None
                  else self._label_vocabulary[class_id])
        prob_key = "probability_mean/" + suffix
        auc_key = "auc/" + suffix
        auc_pr_key = "auc_precision_recall/" + suffix
        return {
            _summary_key(self._name, prob_key): head_lib._predictions_mean(
                predictions=class_probabilities, weights=weights, name=prob_key),
            _summary_key(self._name, auc_key): head_classifier._auc(
                labels=class_labels, predictions=class_probabilities, weights=weights,
                name=auc_key),
            _summary_key(self._name, auc_pr_key): head_classifier._auc(
                labels=class_labels, predictions=class_probabilities, weights=weights,
                curve="PR", name=auc_pr_key),
        }
