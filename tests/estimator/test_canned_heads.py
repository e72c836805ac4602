"""What the canned heads do around the model: loss reductions, label checks, label_dimension
with a weight column, the training summaries. Expected values recorded from the reference
(tensorflow_estimator 2.15 v1 API on TF 2.21 compat.v1); see canned_data.py."""
import glob
import os

import numpy as np
import pytest

from canned_data import BINARY
from canned_data import REAL
from canned_data import assert_metrics
from canned_data import assert_prediction
from canned_data import columns
from canned_data import input_fns
from canned_data import train_evaluate_predict


def _summary_tags(tf, model_dir):
    tags = set()
    for path in glob.glob(os.path.join(str(model_dir), "events*")):
        for event in tf.train.summary_iterator(path):
            tags.update(value.tag for value in event.summary.value)
    return sorted(tags)


def test_sum_over_batch_size_reduction(tf, tmp_path):
    metrics, _, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.DNNClassifier(
            [3], columns(tf), loss_reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE,
            model_dir=d, config=c),
        BINARY, tmp_path)
    # the loss is now a batch mean: "loss" and "average_loss" agree
    assert_metrics(metrics, {
        "accuracy": 0.6666667, "accuracy_baseline": 0.5, "auc": 0.3333335,
        "auc_precision_recall": 0.3777778, "average_loss": 0.9576616, "label/mean": 0.5,
        "loss": 0.9576615, "precision": 0.6, "prediction/mean": 0.5805174, "recall": 1.0,
        "global_step": 5})
    # no average_loss summary in training (only a SUM loss gets one); the hidden layers' tags
    # repeat the scope
    assert _summary_tags(tf, tmp_path) == [
        "dnn/dnn/hiddenlayer_0/activation", "dnn/dnn/hiddenlayer_0/fraction_of_zero_values",
        "dnn/dnn/logits/activation", "dnn/dnn/logits/fraction_of_zero_values", "loss"]


def test_label_dimension_with_weight_column(tf, tmp_path):
    labels = np.concatenate([REAL, -2 * REAL], 1)
    metrics, first, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.LinearRegressor(columns(tf), label_dimension=2,
                                                      weight_column="w", model_dir=d, config=c),
        labels, tmp_path)
    assert_metrics(metrics, {"average_loss": 1.759743, "label/mean": -0.0882353,
                             "loss": 14.95782, "prediction/mean": -0.1009241,
                             "global_step": 5})
    assert_prediction(first, {"predictions": [1.476751, -1.856266]})
    assert _summary_tags(tf, tmp_path) == [
        "average_loss", "linear/bias", "linear/fraction_of_zero_weights", "loss"]


def test_binary_label_out_of_range_fails_at_run_time(tf, tmp_path):
    estimator = tf.estimator.DNNClassifier([2], columns(tf), model_dir=str(tmp_path))
    labels = np.array([[2], [0], [1], [0], [1], [0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Labels must <= n_classes - 1"):
        estimator.train(input_fns(tf, labels)[0], steps=1)


def test_label_shape_mismatch_raises(tf, tmp_path):
    estimator = tf.estimator.DNNClassifier([2], columns(tf), model_dir=str(tmp_path))
    labels = np.array([[1, 0]] * 6)
    with pytest.raises(ValueError, match=r"Mismatched label shape. Expected labels "
                       r"dimension=1.  Received 2. Suggested Fix:If your classifier"):
        estimator.train(input_fns(tf, labels)[0], steps=1)


def test_rank_1_regression_labels_with_weight_column(tf, tmp_path):
    metrics, _, _ = train_evaluate_predict(
        tf, lambda d, c: tf.estimator.DNNRegressor([2], columns(tf), weight_column="w",
                                                   model_dir=d, config=c),
        REAL[:, 0], tmp_path)
    assert_metrics(metrics, {"average_loss": 10.71619, "label/mean": 0.1764706,
                             "loss": 45.54379, "prediction/mean": 1.552228, "global_step": 5})
