"""DNNClassifier / DNNRegressor: variables, evaluate() metrics, predict() dicts. Expected values
recorded from the reference (tensorflow_estimator 2.15 v1 API on TF 2.21 compat.v1); see
canned_data.py for the data and the seed."""
import numpy as np
import pytest

from canned_data import BINARY
from canned_data import MULTI
from canned_data import REAL
from canned_data import STRINGS
from canned_data import assert_metrics
from canned_data import assert_prediction
from canned_data import columns
from canned_data import input_fns
from canned_data import names
from canned_data import train_evaluate_predict


def test_dnn_classifier_binary(tf, tmp_path):
    metrics, first, variables = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.DNNClassifier([3, 2], columns(tf), model_dir=d, config=c),
        BINARY, tmp_path)
    # TF 1.x's slot names: the variables are partitioned (in one part), and the slot of part
    # dnn/hiddenlayer_0/kernel/part_0 made in scope dnn saves under ".../t_0/Adagrad"
    assert names(variables) == [
        "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_0/bias/t_0/Adagrad",
        "dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/kernel/t_0/Adagrad",
        "dnn/hiddenlayer_1/bias", "dnn/hiddenlayer_1/bias/t_0/Adagrad",
        "dnn/hiddenlayer_1/kernel", "dnn/hiddenlayer_1/kernel/t_0/Adagrad",
        "dnn/logits/bias", "dnn/logits/bias/t_0/Adagrad", "dnn/logits/kernel",
        "dnn/logits/kernel/t_0/Adagrad", "global_step"]
    assert_metrics(metrics, {
        "accuracy": 1.0, "accuracy_baseline": 0.5, "auc": 0.9999997,
        "auc_precision_recall": 0.9999996, "average_loss": 0.4747248, "label/mean": 0.5,
        "loss": 1.424174, "precision": 1.0, "prediction/mean": 0.6278169, "recall": 1.0,
        "global_step": 5})
    assert_prediction(first, {
        "logits": [1.665676], "logistic": [0.8409985], "probabilities": [0.1590015, 0.8409985],
        "class_ids": [1], "classes": [b"1"], "all_class_ids": [0, 1],
        "all_classes": [b"0", b"1"]})
    assert first["class_ids"].dtype == np.int64 and first["all_class_ids"].dtype == np.int32


def test_dnn_classifier_multi_class(tf, tmp_path):
    metrics, first, variables = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.DNNClassifier([3], columns(tf), n_classes=3,
                                                    model_dir=d, config=c),
        MULTI, tmp_path)
    assert variables == [
        ("dnn/hiddenlayer_0/bias", [3]), ("dnn/hiddenlayer_0/bias/t_0/Adagrad", [3]),
        ("dnn/hiddenlayer_0/kernel", [2, 3]), ("dnn/hiddenlayer_0/kernel/t_0/Adagrad", [2, 3]),
        ("dnn/logits/bias", [3]), ("dnn/logits/bias/t_0/Adagrad", [3]),
        ("dnn/logits/kernel", [3, 3]), ("dnn/logits/kernel/t_0/Adagrad", [3, 3]),
        ("global_step", [])]
    assert_metrics(metrics, {"accuracy": 0.0, "average_loss": 1.320872, "loss": 3.962616,
                             "global_step": 5})
    assert_prediction(first, {
        "logits": [-0.04154982, 0.9847145, -0.1186521],
        "probabilities": [0.2120254, 0.5916826, 0.1962921], "class_ids": [1],
        "classes": [b"1"], "all_class_ids": [0, 1, 2], "all_classes": [b"0", b"1", b"2"]})


def test_dnn_regressor(tf, tmp_path):
    metrics, first, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.DNNRegressor([3], columns(tf), model_dir=d, config=c),
        REAL, tmp_path)
    assert_metrics(metrics, {"average_loss": 4.464318, "label/mean": 0.4166667,
                             "loss": 13.39295, "prediction/mean": 0.4897246, "global_step": 5})
    assert_prediction(first, {"predictions": [0.1326424]})


def test_dnn_classifier_weight_column_and_sgd(tf, tmp_path):
    metrics, first, variables = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.DNNClassifier([3], columns(tf), weight_column="w",
                                                    optimizer="SGD", model_dir=d, config=c),
        BINARY, tmp_path)
    # plain gradient descent has no slots
    assert names(variables) == [
        "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_0/kernel", "dnn/logits/bias",
        "dnn/logits/kernel", "global_step"]
    assert_metrics(metrics, {
        "accuracy": 0.8823529, "accuracy_baseline": 0.6470588, "auc": 0.8181818,
        "auc_precision_recall": 0.8166664, "average_loss": 0.6009784, "label/mean": 0.3529412,
        "loss": 2.554158, "precision": 1.0, "prediction/mean": 0.4582033,
        "recall": 0.6666667, "global_step": 5})
    assert_prediction(first, {
        "logits": [0.1001702], "logistic": [0.5250216], "probabilities": [0.4749784, 0.5250217],
        "class_ids": [1], "classes": [b"1"], "all_class_ids": [0, 1],
        "all_classes": [b"0", b"1"]})


def test_dnn_classifier_vocabulary_dropout_batch_norm_adam(tf, tmp_path):
    metrics, first, variables = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.DNNClassifier(
            [3, 2], columns(tf), label_vocabulary=["no", "yes"], dropout=0.3, batch_norm=True,
            activation_fn=tf.nn.tanh, optimizer="Adam", model_dir=d, config=c),
        STRINGS, tmp_path, steps=4, seed=3)
    hidden = ["dnn/hiddenlayer_%d/" + name for name in (
        "batchnorm_%d/beta", "batchnorm_%d/beta/t_0/Adam", "batchnorm_%d/beta/t_0/Adam_1",
        "batchnorm_%d/gamma", "batchnorm_%d/gamma/t_0/Adam", "batchnorm_%d/gamma/t_0/Adam_1",
        "batchnorm_%d/moving_mean", "batchnorm_%d/moving_variance", "bias", "bias/t_0/Adam",
        "bias/t_0/Adam_1", "kernel", "kernel/t_0/Adam", "kernel/t_0/Adam_1")]
    logits = ["dnn/logits/" + name for name in (
        "bias", "bias/t_0/Adam", "bias/t_0/Adam_1", "kernel", "kernel/t_0/Adam",
        "kernel/t_0/Adam_1")]
    # the moving statistics are not partitioned (no slots either); Adam's beta powers are
    # made in the head's name scope
    assert names(variables) == (
        ["dnn/head/beta1_power", "dnn/head/beta2_power"]
        + [name.replace("%d", "0") for name in hidden]
        + [name.replace("%d", "1") for name in hidden] + logits + ["global_step"])
    assert_metrics(metrics, {
        "accuracy": 0.5, "accuracy_baseline": 0.5, "auc": 0.6666666,
        "auc_precision_recall": 0.513889, "average_loss": 0.710136, "label/mean": 0.5,
        "loss": 2.130408, "precision": 0.5, "prediction/mean": 0.4712394,
        "recall": 0.3333333, "global_step": 4})
    assert_prediction(first, {
        "logits": [0.7616903], "logistic": [0.6817206], "probabilities": [0.3182794, 0.6817207],
        "class_ids": [1], "classes": [b"yes"], "all_class_ids": [0, 1],
        "all_classes": [b"no", b"yes"]})


def test_dnn_classifier_float_labels_for_multi_class_raise(tf, tmp_path):
    estimator = tf.estimator.DNNClassifier([2], columns(tf), n_classes=3,
                                           model_dir=str(tmp_path))
    train_input_fn, _ = input_fns(tf, REAL)
    with pytest.raises(ValueError, match="Labels dtype should be integer. Instead got"):
        estimator.train(train_input_fn, steps=1)


def test_unsupported_optimizer_name_raises_at_train(tf, tmp_path):
    estimator = tf.estimator.DNNRegressor([2], columns(tf), optimizer="Foo",
                                          model_dir=str(tmp_path))
    train_input_fn, _ = input_fns(tf, REAL)
    with pytest.raises(ValueError, match=r"Unsupported optimizer name: Foo. Supported names "
                       r"are: \('Adagrad', 'Adam', 'Ftrl', 'RMSProp', 'SGD'\)"):
        estimator.train(train_input_fn, steps=1)


def test_invalid_loss_reduction_raises(tf):
    with pytest.raises(ValueError, match="Invalid loss_reduction: none"):
        tf.estimator.DNNClassifier([2], columns(tf), loss_reduction=tf.losses.Reduction.NONE)


def test_optimizer_as_name_instance_or_callable(tf, tmp_path):
    # "SGD" is GradientDescentOptimizer at the DNN's default learning rate, 0.05
    found = []
    for i, optimizer in enumerate(["SGD", lambda: tf.train.GradientDescentOptimizer(0.05)]):
        metrics, _, _ = train_evaluate_predict(
            tf, lambda d, c: tf.estimator.DNNRegressor([3], columns(tf), optimizer=optimizer,
                                                       model_dir=d, config=c),
            REAL, tmp_path / str(i))
        found.append(metrics["loss"])
    assert found[0] == found[1]
    estimator = tf.estimator.DNNRegressor([2], columns(tf), optimizer=lambda: "Adagrad",
                                          model_dir=str(tmp_path / "bad"))
    with pytest.raises(ValueError, match="The given object is not an Optimizer instance. "
                       "Given: Adagrad"):
        estimator.train(input_fns(tf, REAL)[0], steps=1)
