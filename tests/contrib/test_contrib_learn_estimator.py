"""tf.contrib.learn's Estimator with a custom model_fn (ModelFnOps or the (predictions, loss,
train_op) tuple of 2016 code), SKCompat and io.numpy_input_fn. TF 2.21 has no contrib.learn:
the behaviour follows TF 1.15's estimators/estimator.py and model_fn.py; the models are
checked by fitting an exact linear function."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_custom_model_fn(tf, tmp_path):
    x = np.array([[0.], [1.], [2.], [3.]], np.float32)
    y = np.array([1., 3., 5., 7.], np.float32)

    def tuple_model_fn(features, targets, mode):
        w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
        predictions = tf.squeeze(tf.matmul(features, w) + 1.0, 1)
        loss = None if targets is None else tf.reduce_mean(tf.square(predictions - targets))
        train_op = None
        if mode == tf.contrib.learn.ModeKeys.TRAIN:
            train_op = tf.train.GradientDescentOptimizer(0.05).minimize(
                loss, global_step=tf.train.get_global_step())
        return predictions, loss, train_op

    estimator = tf.contrib.learn.Estimator(model_fn=tuple_model_fn, model_dir=str(tmp_path))
    estimator.fit(x=x, y=y, steps=50)
    assert sorted(estimator.evaluate(x=x, y=y)) == ["global_step", "loss"]
    preds = list(estimator.predict(x=x))
    assert len(preds) == 4 and abs(preds[3] - 7.0) < 0.2

    def ops_model_fn(features, labels, mode, params):
        w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
        predictions = {"y": tf.squeeze(tf.matmul(features["x"], w), 1)}
        if mode == tf.contrib.learn.ModeKeys.INFER:
            return tf.contrib.learn.ModelFnOps(mode=mode, predictions=predictions)
        loss = tf.losses.mean_squared_error(labels, predictions["y"])
        train_op = tf.train.GradientDescentOptimizer(params["lr"]).minimize(
            loss, global_step=tf.train.get_global_step())
        return tf.contrib.learn.ModelFnOps(
            mode=mode, predictions=predictions, loss=loss, train_op=train_op,
            eval_metric_ops={"mae": tf.metrics.mean_absolute_error(labels, predictions["y"])})

    input_fn = tf.contrib.learn.io.numpy_input_fn({"x": x}, y - 1.0, batch_size=4,
                                                  num_epochs=None, shuffle=False)
    estimator = tf.contrib.learn.Estimator(model_fn=ops_model_fn, params={"lr": 0.05},
                                           model_dir=str(tmp_path / "ops"))
    estimator.fit(input_fn=input_fn, steps=60)
    results = estimator.evaluate(input_fn=input_fn, steps=2)
    assert sorted(results) == ["global_step", "loss", "mae"] and results["mae"] < 0.1
    sk = tf.contrib.learn.SKCompat(estimator)
    out = sk.predict({"x": x}, batch_size=3)
    np.testing.assert_allclose(out["y"], [0., 2., 4., 6.], atol=0.2)
    with pytest.raises(ValueError, match="does not have a params argument"):
        tf.contrib.learn.Estimator(model_fn=tuple_model_fn, params={"a": 1})
