"""tf.contrib.learn's DNNClassifier (binary: the logistic head) and DNNRegressor. TF 2.21 has
no contrib.learn: evaluate()'s keys follow TF 1.15's head.py (_BinaryLogisticHead._metrics,
_RegressionHead), predict's outputs its _logits_to_predictions and estimator.py's
_predict_generator (a constant input stops after one batch); training must lower the loss."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_fit_input_fn_continues_and_loss_decreases(tf, tmp_path):
    rng = np.random.RandomState(5)
    x = rng.randn(60, 3).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)

    def input_fn():
        return {"x": tf.constant(x)}, tf.constant(y)

    columns = [tf.contrib.layers.real_valued_column("x", dimension=3)]
    classifier = tf.contrib.learn.DNNClassifier(
        hidden_units=[8], feature_columns=columns, model_dir=str(tmp_path),
        config=tf.contrib.learn.RunConfig(tf_random_seed=3))
    classifier.fit(input_fn=input_fn, steps=1)
    first = classifier.evaluate(input_fn=input_fn, steps=1)
    classifier.fit(input_fn=input_fn, steps=40)
    second = classifier.evaluate(input_fn=input_fn, steps=1)
    assert first["global_step"] == 1 and second["global_step"] == 41
    assert second["loss"] < first["loss"]
    # the binary logistic head's metrics (head.py _BinaryLogisticHead._metrics)
    assert sorted(second) == sorted([
        "loss", "accuracy", "labels/prediction_mean", "labels/actual_label_mean",
        "accuracy/baseline_label_mean", "auc", "auc_precision_recall",
        "accuracy/threshold_0.500000_mean", "precision/positive_threshold_0.500000_mean",
        "recall/positive_threshold_0.500000_mean", "global_step"])
    np.testing.assert_allclose(second["labels/actual_label_mean"], y.mean(), rtol=1e-6)
    # a constant input_fn: predict stops after the one batch, as TF's _is_input_constant
    preds = list(classifier.predict(input_fn=input_fn, outputs=["logistic", "classes"]))
    assert len(preds) == 60 and sorted(preds[0]) == ["classes", "logistic"]
    assert preds[0]["logistic"].shape == (1,) and preds[0]["classes"].dtype == np.int64


def test_dnn_regressor(tf, tmp_path):
    rng = np.random.RandomState(7)
    x = rng.rand(40, 2).astype(np.float32)
    y = (x[:, 0] * 2 - x[:, 1]).astype(np.float32)
    regressor = tf.contrib.learn.DNNRegressor(
        hidden_units=[6], feature_columns=tf.contrib.learn.infer_real_valued_columns_from_input(x),
        model_dir=str(tmp_path), config=tf.contrib.learn.RunConfig(tf_random_seed=2))
    regressor.fit(x=x, y=y, steps=1, batch_size=40)
    before = regressor.evaluate(x=x, y=y)
    regressor.fit(x=x, y=y, steps=30, batch_size=40)
    after = regressor.evaluate(x=x, y=y)
    assert sorted(after) == ["global_step", "loss"]
    assert after["loss"] < before["loss"]
    scores = regressor.predict(x=x, as_iterable=False)
    assert scores.shape == (40,) and scores.dtype == np.float32
    assert list(regressor.predict_scores(x=x[:3]))[0].shape == ()
