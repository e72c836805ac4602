"""Canned estimators on categorical columns: embeddings in the DNN, weighted sums in the linear
model, an optimizer given as a callable. Expected values recorded from the reference
(tensorflow_estimator 2.15 v1 API on TF 2.21 compat.v1) with RunConfig(tf_random_seed=5)."""
import numpy as np

from canned_data import BINARY
from canned_data import MULTI
from canned_data import REAL
from canned_data import X
from canned_data import assert_metrics
from canned_data import assert_prediction
from canned_data import names

_COLOR = np.array([[b"red"], [b"blue"], [b"green"], [b"red"], [b"blue"], [b"pink"]])


def _train_evaluate(tf, estimator, labels):
    def train_input_fn():
        data = ({"x": X, "color": _COLOR}, labels)
        return tf.data.Dataset.from_tensor_slices(data).batch(3).repeat()

    def eval_input_fn():
        return tf.data.Dataset.from_tensor_slices(({"x": X, "color": _COLOR}, labels)).batch(3)

    estimator.train(train_input_fn, steps=5)
    return estimator, estimator.evaluate(eval_input_fn), eval_input_fn


def _columns(tf):
    color = tf.feature_column.categorical_column_with_vocabulary_list(
        "color", ["red", "green", "blue"])
    return color, tf.feature_column.numeric_column("x", shape=[2])


def test_wide_and_deep_with_embedding(tf, tmp_path):
    color, x = _columns(tf)
    estimator = tf.estimator.DNNLinearCombinedClassifier(
        linear_feature_columns=[color, x],
        dnn_feature_columns=[tf.feature_column.embedding_column(color, 2), x],
        dnn_hidden_units=[3], n_classes=3, model_dir=str(tmp_path),
        config=tf.estimator.RunConfig(tf_random_seed=5))
    estimator, metrics, eval_input_fn = _train_evaluate(tf, estimator, MULTI)
    assert_metrics(metrics, {"accuracy": 0.8333333, "average_loss": 0.9433643,
                             "loss": 2.830093, "global_step": 5})
    assert_prediction(next(iter(estimator.predict(eval_input_fn))), {
        "logits": [-1.056055, -0.2413769, 0.3353539],
        "probabilities": [0.1373822, 0.3102708, 0.552347], "class_ids": [2],
        "classes": [b"2"], "all_class_ids": [0, 1, 2], "all_classes": [b"0", b"1", b"2"]})
    found = names(tf.train.list_variables(str(tmp_path)))
    assert "dnn/input_from_feature_columns/input_layer/color_embedding/embedding_weights" \
        "/Adagrad" in found
    assert "linear/linear_model/color/weights/Ftrl_1" in found


def test_dnn_embedding_and_indicator(tf, tmp_path):
    color, _ = _columns(tf)
    estimator = tf.estimator.DNNClassifier(
        [4], [tf.feature_column.embedding_column(color, 2),
              tf.feature_column.indicator_column(color)],
        model_dir=str(tmp_path), config=tf.estimator.RunConfig(tf_random_seed=5))
    _, metrics, _ = _train_evaluate(tf, estimator, BINARY)
    assert_metrics(metrics, {
        "accuracy": 0.5, "accuracy_baseline": 0.5, "auc": 0.5,
        "auc_precision_recall": 0.7499998, "average_loss": 0.692497, "label/mean": 0.5,
        "loss": 2.077491, "precision": 0.5, "prediction/mean": 0.5095539, "recall": 1.0,
        "global_step": 5})
    assert tf.train.list_variables(str(tmp_path))[4:6] == [
        ("dnn/input_from_feature_columns/input_layer/color_embedding/embedding_weights",
         [3, 2]),
        ("dnn/input_from_feature_columns/input_layer/color_embedding/embedding_weights"
         "/t_0/Adagrad", [3, 2])]


def test_linear_with_categorical_column_and_callable_optimizer(tf, tmp_path):
    color, x = _columns(tf)
    estimator = tf.estimator.LinearRegressor(
        [color, x], optimizer=lambda: tf.train.AdagradOptimizer(0.3), model_dir=str(tmp_path),
        config=tf.estimator.RunConfig(tf_random_seed=5))
    _, metrics, _ = _train_evaluate(tf, estimator, REAL)
    assert_metrics(metrics, {"average_loss": 0.1916624, "label/mean": 0.4166667,
                             "loss": 0.5749872, "prediction/mean": 0.4140378,
                             "global_step": 5})
    assert names(tf.train.list_variables(str(tmp_path))) == [
        "global_step", "linear/linear_model/bias_weights",
        "linear/linear_model/bias_weights/part_0/Adagrad", "linear/linear_model/color/weights",
        "linear/linear_model/color/weights/part_0/Adagrad", "linear/linear_model/x/weights",
        "linear/linear_model/x/weights/part_0/Adagrad"]
