"""tf.contrib.learn's LinearRegressor and LinearClassifier. TF 2.21 has no contrib.learn; the
numbers come from TF 2.21 running what TF 1.15's linear.py and head.py build (zero-initialized
weights, the mean of the examples' losses, Ftrl at min(0.2, 1/sqrt(number of columns)) on
tf.gradients of the "linear" collection), the rest follows TF 1.15's source."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def _linear_data():
    rng = np.random.RandomState(3)
    xa = rng.randn(16, 1).astype(np.float32)
    xb = rng.randn(16, 2).astype(np.float32)
    y = (1.5 * xa[:, 0] - 2.0 * xb[:, 0] + 0.5 * xb[:, 1] + 0.3).astype(np.float32)
    return xa, xb, y


def test_linear_regressor_matches_tf_ftrl(tf, tmp_path):
    xa, xb, y = _linear_data()

    def input_fn():
        return {"a": tf.constant(xa), "b": tf.constant(xb)}, tf.constant(y)

    columns = [tf.contrib.layers.real_valued_column("b", dimension=2),
               tf.contrib.layers.real_valued_column("a")]
    regressor = tf.contrib.learn.LinearRegressor(feature_columns=columns,
                                                 model_dir=str(tmp_path))
    regressor.fit(input_fn=input_fn, steps=20)
    # one-part partitioned variables (TF's min_max partitioner with no parameter servers);
    # the slots' odd saved names are TF's, checked against TF 2.21 building the same scopes
    assert regressor.get_variable_names() == [
        "global_step", "linear/a/weight", "linear/a/weight/a/weight/part_0/Ftrl",
        "linear/a/weight/a/weight/part_0/Ftrl_1", "linear/b/weight",
        "linear/b/weight/b/weight/part_0/Ftrl", "linear/b/weight/b/weight/part_0/Ftrl_1",
        "linear/bias_weight", "linear/bias_weight/s_weight/part_0/Ftrl",
        "linear/bias_weight/s_weight/part_0/Ftrl_1"]
    # TF 2.21: the same model and Ftrl(0.2) 20 steps from zeros
    np.testing.assert_allclose(regressor.get_variable_value("linear/a/weight"),
                               [[1.1188399]], rtol=1e-5)
    np.testing.assert_allclose(regressor.get_variable_value("linear/b/weight"),
                               [[-1.1897075], [0.12767243]], rtol=1e-5)
    np.testing.assert_allclose(regressor.get_variable_value("linear/bias_weight"),
                               [0.3891068], rtol=1e-5)
    results = regressor.evaluate(input_fn=input_fn, steps=1)
    assert sorted(results) == ["global_step", "loss"]
    np.testing.assert_allclose(results["loss"], 0.72802746, rtol=1e-5)
    scores = list(regressor.predict(input_fn=input_fn))
    assert len(scores) == 16 and scores[0].dtype == np.float32 and scores[0].shape == ()


def test_weight_column(tf, tmp_path):
    """Training minimizes the mean of the weighted losses; evaluate's "loss" is their
    weighted average (head.py _compute_weighted_loss); TF 2.21 numbers."""
    xa, xb, y = _linear_data()
    w = np.linspace(0.5, 2.0, 16).astype(np.float32)

    def input_fn():
        return {"a": tf.constant(xa), "b": tf.constant(xb), "w": tf.constant(w)}, \
            tf.constant(y)

    regressor = tf.contrib.learn.LinearRegressor(
        feature_columns=[tf.contrib.layers.real_valued_column("a"),
                         tf.contrib.layers.real_valued_column("b", dimension=2)],
        weight_column_name="w", model_dir=str(tmp_path))
    regressor.fit(input_fn=input_fn, steps=10)
    np.testing.assert_allclose(regressor.get_variable_value("linear/b/weight"),
                               [[-0.84042418], [0.02021951]], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(regressor.get_variable_value("linear/bias_weight"),
                               [0.53698957], rtol=1e-5)
    np.testing.assert_allclose(regressor.evaluate(input_fn=input_fn, steps=1)["loss"],
                               1.4447936, rtol=1e-5)


def test_linear_classifier_separable(tf, tmp_path):
    x = np.array([[-2.], [-1.5], [-1.], [1.], [1.5], [2.]], np.float32)
    y = np.array([0, 0, 0, 1, 1, 1], np.int64)
    classifier = tf.contrib.learn.LinearClassifier(
        feature_columns=[tf.contrib.layers.real_valued_column("")], model_dir=str(tmp_path))
    classifier.fit(x=x, y=y, steps=10)
    assert classifier.evaluate(x=x, y=y)["accuracy"] == 1.0
    # the feature named "" makes the scope "linear/" + "" (TF's variable_scope default_name "")
    assert "linear//weight" in classifier.get_variable_names()
    assert classifier.predict(x=x, as_iterable=False).tolist() == [0, 0, 0, 1, 1, 1]


def test_linear_classifier_three_classes_matches_tf(tf, tmp_path):
    rng = np.random.RandomState(11)
    x = rng.randn(12, 3).astype(np.float32)
    y = np.array([0, 1, 1, 2, 0, 1, 2, 1, 2, 1, 2, 1], np.int64)
    classifier = tf.contrib.learn.LinearClassifier(
        feature_columns=[tf.contrib.layers.real_valued_column("", dimension=3)], n_classes=3,
        model_dir=str(tmp_path))
    # fit(x, y) with no batch_size: the whole (shuffled) data each step
    classifier.fit(x=x, y=y, steps=15)
    # TF 2.21: softmax cross-entropy's mean, Ftrl(0.2), 15 steps from zeros
    np.testing.assert_allclose(classifier.get_variable_value("linear//weight"), [
        [0.77737087, -0.76134533, 0.07608014], [0.22725664, 0.68766254, -0.77906036],
        [-0.65812057, 0.43267331, 0.39001659]], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(classifier.get_variable_value("linear/bias_weight"),
                               [-0.44930142, 0.30757031, 0.18562089], rtol=1e-4, atol=1e-6)
    results = classifier.evaluate(x=x, y=y)
    assert sorted(results) == ["accuracy", "global_step", "loss"]
    np.testing.assert_allclose(results["loss"], 0.4515554, rtol=1e-4)
    assert results["accuracy"] == 1.0
