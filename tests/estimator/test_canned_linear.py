"""LinearClassifier / LinearRegressor: variables, evaluate() metrics, predict() dicts. Expected
values recorded from the reference (tensorflow_estimator 2.15 v1 API on TF 2.21 compat.v1);
see canned_data.py for the data and the seed."""
from canned_data import BINARY
from canned_data import MULTI
from canned_data import REAL
from canned_data import assert_metrics
from canned_data import assert_prediction
from canned_data import columns
from canned_data import names
from canned_data import train_evaluate_predict

# TF 1.x's slot names: the variables are partitioned (in one part), and the slots of part
# .../weights/part_0 made in scope linear save under ".../weights/part_0/Ftrl"
_LINEAR_VARIABLES = [
    "global_step", "linear/linear_model/bias_weights",
    "linear/linear_model/bias_weights/part_0/Ftrl",
    "linear/linear_model/bias_weights/part_0/Ftrl_1", "linear/linear_model/x/weights",
    "linear/linear_model/x/weights/part_0/Ftrl", "linear/linear_model/x/weights/part_0/Ftrl_1"]


def test_linear_classifier_binary(tf, tmp_path):
    metrics, first, variables = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.LinearClassifier(columns(tf), model_dir=d, config=c),
        BINARY, tmp_path)
    assert names(variables) == _LINEAR_VARIABLES
    assert_metrics(metrics, {
        "accuracy": 0.8333333, "accuracy_baseline": 0.5, "auc": 0.8888887,
        "auc_precision_recall": 0.9027774, "average_loss": 0.4772082, "label/mean": 0.5,
        "loss": 1.431625, "precision": 0.75, "prediction/mean": 0.5559288, "recall": 1.0,
        "global_step": 5})
    assert_prediction(first, {
        "logits": [1.17768], "logistic": [0.7645304], "probabilities": [0.2354696, 0.7645304],
        "class_ids": [1], "classes": [b"1"], "all_class_ids": [0, 1],
        "all_classes": [b"0", b"1"]})


def test_linear_classifier_multi_class(tf, tmp_path):
    metrics, first, variables = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.LinearClassifier(columns(tf), n_classes=3, model_dir=d,
                                                       config=c),
        MULTI, tmp_path)
    assert names(variables) == _LINEAR_VARIABLES
    assert dict(variables)["linear/linear_model/x/weights"] == [2, 3]
    assert_metrics(metrics, {"accuracy": 0.8333333, "average_loss": 0.4797558,
                             "loss": 1.439268, "global_step": 5})
    assert_prediction(first, {
        "logits": [-0.9505706, -0.1067087, 0.8874573],
        "probabilities": [0.1040641, 0.2419834, 0.6539526], "class_ids": [2],
        "classes": [b"2"], "all_class_ids": [0, 1, 2], "all_classes": [b"0", b"1", b"2"]})


def test_linear_regressor(tf, tmp_path):
    metrics, first, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.LinearRegressor(columns(tf), model_dir=d, config=c),
        REAL, tmp_path)
    assert_metrics(metrics, {"average_loss": 0.4366701, "label/mean": 0.4166667,
                             "loss": 1.31001, "prediction/mean": 0.4547595, "global_step": 5})
    assert_prediction(first, {"predictions": [1.557464]})


def test_linear_regressor_default_optimizer_for_none(tf, tmp_path):
    # optimizer=None: FTRL at min(0.2, 1/sqrt(1 column)), the same as the default "Ftrl" here
    metrics, first, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.LinearRegressor(columns(tf), optimizer=None,
                                                      model_dir=d, config=c),
        REAL, tmp_path)
    assert_metrics(metrics, {"average_loss": 0.4366701, "label/mean": 0.4166667,
                             "loss": 1.31001, "prediction/mean": 0.4547595, "global_step": 5})
    assert_prediction(first, {"predictions": [1.557464]})
