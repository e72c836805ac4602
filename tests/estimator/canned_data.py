"""The small data set and the train / evaluate / predict round the canned estimator tests share
(tests/estimator/test_canned_*.py). Values in those tests were recorded from the reference
(tensorflow_estimator 2.15's v1 API on TF 2.21 compat.v1, TF 1.15's lineage) with
RunConfig(tf_random_seed=7), 5 training steps of batches of 3, evaluation over both batches."""
import numpy as np

X = np.array([[1., 2.], [3., -1.], [0.5, 0.2], [-1., -2.], [2., 2.], [-3., 1.]], np.float32)
WEIGHTS = np.array([1., 2., 1., 0.5, 1., 3.], np.float32)
BINARY = np.array([[1], [0], [1], [0], [1], [0]], np.int64)
MULTI = np.array([[2], [0], [1], [0], [2], [1]], np.int64)
REAL = np.array([[1.5], [0.], [1.], [-2.], [3.], [-1.]], np.float32)
STRINGS = np.array([["yes"], ["no"], ["yes"], ["no"], ["yes"], ["no"]])

def columns(tf):
    return [tf.feature_column.numeric_column("x", shape=[2])]


def input_fns(tf, labels):
    def train_input_fn():
        data = ({"x": X, "w": WEIGHTS}, labels)
        return tf.data.Dataset.from_tensor_slices(data).batch(3).repeat()

    def eval_input_fn():
        return tf.data.Dataset.from_tensor_slices(({"x": X, "w": WEIGHTS}, labels)).batch(3)

    return train_input_fn, eval_input_fn


def train_evaluate_predict(tf, make, labels, model_dir, steps=5, seed=7):
    """Trains `make(model_dir, config)` for `steps`, then returns its evaluate() dict, its
    first prediction and its checkpoint's (name, shape) list."""
    estimator = make(str(model_dir), tf.estimator.RunConfig(tf_random_seed=seed))
    train_input_fn, eval_input_fn = input_fns(tf, labels)
    estimator.train(train_input_fn, steps=steps)
    metrics = estimator.evaluate(eval_input_fn)
    first = next(iter(estimator.predict(eval_input_fn)))
    return metrics, first, tf.train.list_variables(str(model_dir))


def names(variables):
    return [name for name, _ in variables]


def assert_metrics(got, expected, tol=1e-5):
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(got[key], value, rtol=tol, atol=tol, err_msg=key)


def assert_prediction(got, expected, tol=1e-5):
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        if isinstance(value[0], bytes):
            assert list(got[key]) == value, key
        else:
            np.testing.assert_allclose(got[key], value, rtol=tol, atol=tol, err_msg=key)
