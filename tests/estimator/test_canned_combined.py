"""DNNLinearCombinedClassifier / Regressor ("wide and deep"): both parts' variables and slots,
evaluate() metrics, predict() dicts. Expected values recorded from the reference
(tensorflow_estimator 2.15 v1 API on TF 2.21 compat.v1); see canned_data.py."""
from canned_data import BINARY
from canned_data import REAL
from canned_data import assert_metrics
from canned_data import assert_prediction
from canned_data import columns
from canned_data import names
from canned_data import train_evaluate_predict

_VARIABLES = [
    "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_0/bias/Adagrad", "dnn/hiddenlayer_0/kernel",
    "dnn/hiddenlayer_0/kernel/Adagrad", "dnn/logits/bias", "dnn/logits/bias/Adagrad",
    "dnn/logits/kernel", "dnn/logits/kernel/Adagrad", "global_step",
    "linear/linear_model/bias_weights", "linear/linear_model/bias_weights/Ftrl",
    "linear/linear_model/bias_weights/Ftrl_1", "linear/linear_model/x/weights",
    "linear/linear_model/x/weights/Ftrl", "linear/linear_model/x/weights/Ftrl_1"]


def _combined(tf, cls):
    return lambda d, c: cls(linear_feature_columns=columns(tf),
                            dnn_feature_columns=columns(tf), dnn_hidden_units=[3],
                            model_dir=d, config=c)


def test_dnn_linear_combined_classifier(tf, tmp_path):
    metrics, first, variables = train_evaluate_predict(
        tf, _combined(tf, tf.estimator.DNNLinearCombinedClassifier), BINARY, tmp_path)
    # the head runs outside the parts' scopes here: plain slot names
    assert names(variables) == _VARIABLES
    assert_metrics(metrics, {
        "accuracy": 0.1666667, "accuracy_baseline": 0.5, "auc": 0.3333335,
        "auc_precision_recall": 0.3777778, "average_loss": 1.140638, "label/mean": 0.5,
        "loss": 3.421915, "precision": 0.0, "prediction/mean": 0.582689, "recall": 0.0,
        "global_step": 5})
    assert_prediction(first, {
        "logits": [-0.1622192], "logistic": [0.4595339], "probabilities": [0.5404661, 0.4595339],
        "class_ids": [0], "classes": [b"0"], "all_class_ids": [0, 1],
        "all_classes": [b"0", b"1"]})


def test_dnn_linear_combined_regressor(tf, tmp_path):
    metrics, first, _ = train_evaluate_predict(
        tf, _combined(tf, tf.estimator.DNNLinearCombinedRegressor), REAL, tmp_path)
    assert_metrics(metrics, {"average_loss": 5.929377, "label/mean": 0.4166667,
                             "loss": 17.78813, "prediction/mean": 0.4976733, "global_step": 5})
    assert_prediction(first, {"predictions": [-0.1475239]})
