"""The heads called directly (they are private in TF 1.15, so this is tfcompat-only): threshold
metrics, regularization losses, label vocabularies, weighted multi-class metrics. Expected
values recorded from the reference's tensorflow_estimator.python.estimator.canned.head
(tensorflow_estimator 2.15 on TF 2.21 compat.v1) on the same inputs."""
import numpy as np
import pytest

from canned_data import REAL
from canned_data import columns
from canned_data import train_evaluate_predict

import tfcompat as tf
from tfcompat.estimator.canned import head_classifier
from tfcompat.estimator.canned.head import _regression_head

pytestmark = pytest.mark.tfcompat_only

_LOGITS = np.array([[-1.], [0.5], [2.], [0.1]], np.float32)
_LABELS = np.array([[0], [1], [1], [0]], np.int64)
_WEIGHTS = np.array([[1.], [2.], [0.5], [1.5]], np.float32)


def _evaluate(head, logits, labels, regularization_losses=None):
    """The head's EVAL spec run over one batch: (metric values, loss, predictions)."""
    with tf.Graph().as_default():
        regularization_losses = [tf.constant(loss) for loss in regularization_losses or []]
        spec = head.create_estimator_spec(features={"w": _WEIGHTS}, mode="eval", logits=logits,
                                          labels=labels,
                                          regularization_losses=regularization_losses)
        with tf.Session() as sess:
            sess.run([tf.local_variables_initializer(), tf.tables_initializer()])
            sess.run({key: ops[1] for key, ops in spec.eval_metric_ops.items()})
            values = sess.run({key: ops[0] for key, ops in spec.eval_metric_ops.items()})
            return values, sess.run(spec.loss), sess.run(spec.predictions)


def _assert_close(got, expected):
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(got[key], value, rtol=1e-5, atol=1e-6, err_msg=key)


def test_binary_head_thresholds_weights_and_regularization():
    head = head_classifier._binary_logistic_head_with_sigmoid_cross_entropy_loss(
        thresholds=[0.3, 0.6], weight_column="w")
    values, loss, _ = _evaluate(head, _LOGITS, _LABELS, regularization_losses=[0.25])
    _assert_close(values, {
        "average_loss": 0.488295, "accuracy": 0.7, "precision": 0.625, "recall": 1.0,
        "prediction/mean": 0.5483454, "label/mean": 0.5, "accuracy_baseline": 0.5,
        "auc": 0.9999996, "auc_precision_recall": 0.9999996, "regularization_loss": 0.25,
        "accuracy/positive_threshold_0.3": 0.7, "precision/positive_threshold_0.3": 0.625,
        "recall/positive_threshold_0.3": 1.0, "accuracy/positive_threshold_0.6": 1.0,
        "precision/positive_threshold_0.6": 1.0, "recall/positive_threshold_0.6": 1.0})
    np.testing.assert_allclose(loss, 2.691475, rtol=1e-6)


def test_binary_head_label_vocabulary():
    head = head_classifier._binary_logistic_head_with_sigmoid_cross_entropy_loss(
        label_vocabulary=["n", "p"])
    labels = np.array([[b"n"], [b"p"], [b"p"], [b"n"]])
    values, loss, predictions = _evaluate(head, _LOGITS, labels, regularization_losses=[0.25])
    _assert_close(values, {
        "average_loss": 0.4146659, "accuracy": 0.75, "precision": 0.6666667, "recall": 1.0,
        "prediction/mean": 0.5742943, "label/mean": 0.5, "accuracy_baseline": 0.5,
        "auc": 0.9999995, "auc_precision_recall": 0.9999995, "regularization_loss": 0.25})
    np.testing.assert_allclose(loss, 1.9086635, rtol=1e-6)
    assert predictions["classes"].tolist() == [[b"n"], [b"p"], [b"p"], [b"p"]]


def test_multi_class_head_vocabulary_and_weights():
    head = head_classifier._multi_class_head_with_softmax_cross_entropy_loss(
        3, label_vocabulary=["a", "b", "c"], weight_column="w")
    logits = np.array([[1., 2., 0.], [0., 0., 3.], [2., 1., 1.], [0., 1., 0.]], np.float32)
    labels = np.array([[b"b"], [b"c"], [b"b"], [b"a"]])
    values, loss, predictions = _evaluate(head, logits, labels)
    _assert_close(values, {"average_loss": 0.7400683, "accuracy": 0.6})
    np.testing.assert_allclose(loss, 3.7003412, rtol=1e-6)
    assert predictions["classes"].tolist() == [[b"b"], [b"c"], [b"a"], [b"b"]]


def test_head_argument_errors():
    with pytest.raises(ValueError, match=r"thresholds not in \(0, 1\): \(\(0.5, 1.0\),\)."):
        head_classifier._binary_logistic_head_with_sigmoid_cross_entropy_loss(
            thresholds=[0.5, 1.0])
    with pytest.raises(TypeError, match="label_vocabulary should be a list or tuple. Given "
                       "type: <class 'str'>"):
        head_classifier._binary_logistic_head_with_sigmoid_cross_entropy_loss(
            label_vocabulary="ab")
    with pytest.raises(ValueError, match="n_classes must be > 2: 2."):
        head_classifier._multi_class_head_with_softmax_cross_entropy_loss(2)
    with pytest.raises(ValueError, match=r"loss_fn must contain argument: logits. Given "
                       r"arguments: \('labels',\)"):
        head_classifier._multi_class_head_with_softmax_cross_entropy_loss(
            3, loss_fn=lambda labels: labels)


@pytest.mark.parametrize("kind", ["DNN", "Linear", "DNNLinearCombined", "Baseline"])
def test_estimator_with_a_head_matches_the_regressor(kind, tmp_path):
    """The *Estimator classes take the head as an argument; with the regression head they are
    the *Regressor classes."""
    kwargs = {"DNN": dict(hidden_units=[3], feature_columns=columns(tf)),
              "Linear": dict(feature_columns=columns(tf)),
              "DNNLinearCombined": dict(linear_feature_columns=columns(tf),
                                        dnn_feature_columns=columns(tf),
                                        dnn_hidden_units=[3]),
              "Baseline": {}}[kind]
    found = []
    for name, extra in (("Regressor", {}), ("Estimator", {"head": _regression_head()})):
        cls = getattr(tf.estimator, kind + name)
        metrics, first, variables = train_evaluate_predict(
            tf, lambda d, c: cls(model_dir=d, config=c, **extra, **kwargs), REAL,
            tmp_path / name)
        found.append((metrics, first["predictions"].tolist(), variables))
    assert found[0] == found[1]
