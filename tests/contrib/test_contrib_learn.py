"""tf.contrib.learn's DNN estimators and the TF 1.0 iris quickstart. TF 2.21 has no
contrib.learn: what is checked follows TF 1.15's source (estimators/dnn.py, head.py,
estimator.py, learn_io/data_feeder.py, datasets/base.py): evaluate()'s keys, variable names
(the saved slot names, odd as they are, were checked against TF 2.21 building the same
scopes: a one-part partitioned `dnn/hiddenlayer_0/weights`, Adagrad made by optimize_loss in
`dnn/multi_class_head/dnn`), predictions' types and
shapes, accuracy 1.0 on well separated classes."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def _write_iris_like(path, n, seed):
    """A CSV in the iris files' format: a header "n,4,<class names>", then 4 features and the
    class; the classes are far apart."""
    rng = np.random.RandomState(seed)
    cls = rng.randint(0, 3, n)
    x = rng.randn(n, 4) * 0.3 + cls[:, None] * 3.0
    with open(path, "w") as f:
        f.write("%d,4,setosa,versicolor,virginica\n" % n)
        for row, c in zip(x, cls):
            f.write(",".join("%.2f" % v for v in row) + ",%d\n" % c)


DNN_VARIABLES = [
    "dnn/hiddenlayer_0/biases", "dnn/hiddenlayer_0/biases/denlayer_0/biases/part_0/Adagrad",
    "dnn/hiddenlayer_0/weights", "dnn/hiddenlayer_0/weights/enlayer_0/weights/part_0/Adagrad",
    "dnn/hiddenlayer_1/biases", "dnn/hiddenlayer_1/biases/denlayer_1/biases/part_0/Adagrad",
    "dnn/hiddenlayer_1/weights", "dnn/hiddenlayer_1/weights/enlayer_1/weights/part_0/Adagrad",
    "dnn/hiddenlayer_2/biases", "dnn/hiddenlayer_2/biases/denlayer_2/biases/part_0/Adagrad",
    "dnn/hiddenlayer_2/weights", "dnn/hiddenlayer_2/weights/enlayer_2/weights/part_0/Adagrad",
    "dnn/logits/biases", "dnn/logits/biases/dnn/logits/biases/part_0/Adagrad",
    "dnn/logits/weights", "dnn/logits/weights/nn/logits/weights/part_0/Adagrad",
    "dnn/multi_class_head/dnn/learning_rate", "global_step"]


def test_iris_quickstart(tf, tmp_path):
    """The TF 1.0 "tf.contrib.learn Quickstart" (np.int there is np.int64 in today's numpy)."""
    _write_iris_like(tmp_path / "iris_training.csv", 120, 0)
    _write_iris_like(tmp_path / "iris_test.csv", 30, 1)
    training_set = tf.contrib.learn.datasets.base.load_csv_with_header(
        filename=str(tmp_path / "iris_training.csv"), target_dtype=np.int64,
        features_dtype=np.float32)
    test_set = tf.contrib.learn.datasets.base.load_csv_with_header(
        filename=str(tmp_path / "iris_test.csv"), target_dtype=np.int64,
        features_dtype=np.float32)
    assert training_set.data.shape == (120, 4) and training_set.data.dtype == np.float32
    assert training_set.target.shape == (120,) and training_set.target.dtype == np.int64

    feature_columns = [tf.contrib.layers.real_valued_column("", dimension=4)]
    classifier = tf.contrib.learn.DNNClassifier(
        feature_columns=feature_columns, hidden_units=[10, 20, 10], n_classes=3,
        model_dir=str(tmp_path / "iris_model"),
        config=tf.contrib.learn.RunConfig(tf_random_seed=1))
    classifier.fit(x=training_set.data, y=training_set.target, steps=60)
    results = classifier.evaluate(x=test_set.data, y=test_set.target, steps=1)
    assert sorted(results) == ["accuracy", "global_step", "loss"]
    assert results["global_step"] == 60
    assert results["accuracy"] == 1.0
    assert classifier.get_variable_names() == DNN_VARIABLES
    assert classifier.get_variable_value("dnn/hiddenlayer_0/weights").shape == (4, 10)
    assert classifier.get_variable_value("dnn/logits/biases").shape == (3,)

    new_samples = np.array([[0.1, 0.0, -0.2, 0.1], [6.1, 5.9, 6.0, 6.2]], dtype=np.float32)
    classes = list(classifier.predict(new_samples, as_iterable=True))
    assert [int(c) for c in classes] == [0, 2]
    assert all(isinstance(c, np.int64) for c in classes)
    assert classifier.predict_classes(new_samples, as_iterable=False).tolist() == [0, 2]
    proba = classifier.predict_proba(new_samples, as_iterable=False)
    assert proba.shape == (2, 3) and proba.dtype == np.float32
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    rows = list(classifier.predict_proba(new_samples))
    np.testing.assert_allclose(np.stack(rows), proba, rtol=1e-6)


def test_infer_real_valued_columns(tf):
    columns = tf.contrib.learn.infer_real_valued_columns_from_input(np.zeros((5, 2, 3)))
    assert len(columns) == 1
    assert columns[0].name == "" and columns[0].dimension == 6
    assert columns[0].dtype == tf.float64
    with pytest.raises(ValueError, match="dimension must be greater than 0"):
        tf.contrib.layers.real_valued_column("a", dimension=0)


def test_not_fitted_and_missing_names(tf, tmp_path):
    classifier = tf.contrib.learn.DNNClassifier(
        hidden_units=[2], feature_columns=[tf.contrib.layers.real_valued_column("")],
        model_dir=str(tmp_path))
    with pytest.raises(tf.contrib.learn.NotFittedError, match="Couldn't find trained model"):
        classifier.evaluate(x=np.zeros((2, 1), np.float32), y=np.zeros(2, np.int64))
    with pytest.raises(ValueError, match="Can not provide both input_fn and x or y."):
        classifier.fit(x=np.zeros((2, 1)), input_fn=lambda: None)
    with pytest.raises(AttributeError, match="tf.contrib.learn.LogisticRegressor"):
        tf.contrib.learn.LogisticRegressor  # noqa: B018
