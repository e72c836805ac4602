"""tf.estimator.inputs.numpy_input_fn / pandas_input_fn: batches, epochs, shapes, dtypes and
errors (recorded from TF 1.15's tensorflow_estimator inputs, 2.15 v1 API on TF 2.21 compat.v1;
the tests also run there with TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


def _drain(tf, tensors):
    out = []
    with tf.train.MonitoredSession() as sess:
        while not sess.should_stop():
            out.append(sess.run(tensors))
    return out


def test_numpy_input_fn_batches_and_epochs(tf):
    x = {"b": np.arange(5.0), "a": np.arange(5)}
    fn = tf.estimator.inputs.numpy_input_fn(x, np.arange(5) * 10, batch_size=2, shuffle=False,
                                            num_epochs=2)
    features, labels = fn()
    assert sorted(features) == ["a", "b"]
    assert features["a"].dtype == tf.int64 and features["b"].dtype == tf.float64
    assert features["a"].shape.as_list() == [None] and labels.shape.as_list() == [None]
    batches = _drain(tf, (features, labels))
    assert [list(b[0]["a"]) for b in batches] == [[0, 1], [2, 3], [4, 0], [1, 2], [3, 4]]
    assert [list(b[1]) for b in batches] == [[0, 10], [20, 30], [40, 0], [10, 20], [30, 40]]


def test_numpy_input_fn_array_features_and_dict_labels(tf):
    x = np.arange(12, dtype=np.float32).reshape(6, 2)
    fn = tf.estimator.inputs.numpy_input_fn(x, {"y": np.arange(6)}, batch_size=4,
                                            shuffle=False)
    features, labels = fn()
    assert features.shape.as_list() == [None, 2] and sorted(labels) == ["y"]
    batches = _drain(tf, (features, labels))
    assert [b[0].shape for b in batches] == [(4, 2), (2, 2)]
    assert [list(b[1]["y"]) for b in batches] == [[0, 1, 2, 3], [4, 5]]
    only_x = tf.estimator.inputs.numpy_input_fn({"x": x}, shuffle=True, batch_size=6)()
    assert sorted(only_x) == ["x"]
    (batch,) = _drain(tf, only_x)
    assert sorted(batch["x"][:, 0].tolist()) == [0, 2, 4, 6, 8, 10]


def test_numpy_input_fn_repeats_forever_in_full_batches(tf):
    fn = tf.estimator.inputs.numpy_input_fn({"a": np.arange(3)}, batch_size=2, shuffle=False,
                                            num_epochs=None)
    features = fn()
    with tf.train.MonitoredSession() as sess:
        got = [list(sess.run(features)["a"]) for _ in range(3)]
    assert got == [[0, 1], [2, 0], [1, 2]]


def test_numpy_input_fn_errors(tf):
    numpy_input_fn = tf.estimator.inputs.numpy_input_fn
    with pytest.raises(ValueError, match="shuffle must be provided and explicitly set as "
                       r"boolean \(it is recommended to set it as True for training\); "
                       "got None"):
        numpy_input_fn({"a": np.arange(3)})
    with pytest.raises(ValueError, match="x cannot be an empty dict"):
        numpy_input_fn({}, shuffle=False)()
    with pytest.raises(TypeError, match="x must be a dict or array; got list"):
        numpy_input_fn([1, 2], shuffle=False)()
    with pytest.raises(ValueError, match="Length of tensors in x and y is mismatched"):
        numpy_input_fn({"a": np.arange(3)}, np.arange(4), shuffle=False)()
    with pytest.raises(ValueError, match="1 duplicate keys are found in both x and y"):
        numpy_input_fn({"a": np.arange(3)}, {"a": np.arange(3)}, shuffle=False)()
    with pytest.raises(ValueError, match="y cannot be empty dict, use None instead."):
        numpy_input_fn({"a": np.arange(3)}, {}, shuffle=False)()


def test_pandas_input_fn(tf):
    try:
        import pandas as pd
    except ImportError:
        with pytest.raises(TypeError, match="pandas_input_fn should not be called without "
                           "pandas installed"):
            tf.estimator.inputs.pandas_input_fn(None, shuffle=False)
        return
    x = pd.DataFrame({"a": np.arange(4), "b": np.arange(4.0)})
    fn = tf.estimator.inputs.pandas_input_fn(x, pd.Series(np.arange(4) * 2), batch_size=3,
                                             shuffle=False)
    features, target = fn()
    assert sorted(features) == ["a", "b"]
    batches = _drain(tf, (features, target))
    assert [list(b[1]) for b in batches] == [[0, 2, 4], [6]]
