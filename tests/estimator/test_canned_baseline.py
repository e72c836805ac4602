"""BaselineClassifier / BaselineRegressor: the bias variable, evaluate() metrics, predict()
dicts. Expected values recorded from the reference (tensorflow_estimator 2.15 v1 API on TF 2.21
compat.v1); see canned_data.py for the data and the seed."""
from canned_data import BINARY
from canned_data import MULTI
from canned_data import REAL
from canned_data import assert_metrics
from canned_data import assert_prediction
from canned_data import names
from canned_data import train_evaluate_predict


def test_baseline_classifier_binary(tf, tmp_path):
    metrics, first, variables = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.BaselineClassifier(model_dir=d, config=c), BINARY,
        tmp_path)
    assert names(variables) == ["baseline/bias", "baseline/bias/Ftrl", "baseline/bias/Ftrl_1",
                                "global_step"]
    assert_metrics(metrics, {
        "accuracy": 0.5, "accuracy_baseline": 0.5, "auc": 0.5,
        "auc_precision_recall": 0.7499998, "average_loss": 0.6950705, "label/mean": 0.5,
        "loss": 2.085212, "precision": 0.5, "prediction/mean": 0.5309809, "recall": 1.0,
        "global_step": 5})
    assert_prediction(first, {
        "logits": [0.1240825], "logistic": [0.5309809], "probabilities": [0.4690191, 0.5309809],
        "class_ids": [1], "classes": [b"1"], "all_class_ids": [0, 1],
        "all_classes": [b"0", b"1"]})


def test_baseline_classifier_multi_class(tf, tmp_path):
    metrics, first, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.BaselineClassifier(n_classes=3, model_dir=d, config=c),
        MULTI, tmp_path)
    assert_metrics(metrics, {"accuracy": 0.3333333, "average_loss": 1.098612,
                             "loss": 3.295837, "global_step": 5})
    assert_prediction(first, {
        "logits": [-2.827297e-07] * 3, "probabilities": [0.3333333] * 3, "class_ids": [0],
        "classes": [b"0"], "all_class_ids": [0, 1, 2], "all_classes": [b"0", b"1", b"2"]})


def test_baseline_regressor(tf, tmp_path):
    metrics, first, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.BaselineRegressor(model_dir=d, config=c), REAL, tmp_path)
    assert_metrics(metrics, {"average_loss": 2.701494, "label/mean": 0.4166667,
                             "loss": 8.104483, "prediction/mean": 0.4064019, "global_step": 5})
    assert_prediction(first, {"predictions": [0.4064019]})


def test_baseline_classifier_weighted_four_classes(tf, tmp_path):
    metrics, first, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.BaselineClassifier(n_classes=4, weight_column="w",
                                                         model_dir=d, config=c),
        MULTI, tmp_path)
    assert_metrics(metrics, {"accuracy": 0.4705882, "average_loss": 1.182547,
                             "loss": 5.025823, "global_step": 5})
    assert_prediction(first, {
        "logits": [0.2294528, 0.3703313, -0.01021784, -0.8006514],
        "probabilities": [0.3034771, 0.3493886, 0.2388022, 0.1083321], "class_ids": [1],
        "classes": [b"1"], "all_class_ids": [0, 1, 2, 3],
        "all_classes": [b"0", b"1", b"2", b"3"]})
