"""tf.keras.metrics SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall,
RecallAtPrecision and MeanTensor: variables, results after plain and weighted updates (200, 11,
1 and 21 thresholds, class_id), get_config, errors, and use in compile/fit. Expected values
were recorded from TF 2.21 compat.v1 (graph mode, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest

_RNG = np.random.RandomState(3)
Y_TRUE = (_RNG.rand(30, 3) > 0.5).astype(np.float32)
Y_PRED = np.round(_RNG.rand(30, 3), 2).astype(np.float32)  # two decimals: ties with thresholds
WEIGHTS = _RNG.rand(30, 1).astype(np.float32)
OPTIONS = ({}, {"num_thresholds": 11}, {"num_thresholds": 1},
           {"class_id": 1, "num_thresholds": 21})
# (result after metric(y_true, y_pred), result after a further weighted update) per OPTIONS
EXPECTED = {
    ("SensitivityAtSpecificity", 0.6): [(0.475, 0.49606), (0.375, 0.39932), (0.0, 0.0),
                                        (0.66667, 0.6566)],
    ("SpecificityAtSensitivity", 0.7): [(0.46, 0.46224), (0.44, 0.43974), (0.0, 0.0),
                                        (0.55556, 0.5882)],
    ("PrecisionAtRecall", 0.5): [(0.50909, 0.53632), (0.5, 0.52611), (0.45652, 0.48286),
                                 (0.55, 0.57249)],
    ("RecallAtPrecision", 0.5): [(0.7, 0.83614), (0.7, 0.77505), (0.0, 0.0),
                                 (0.91667, 0.93084)],
}


@pytest.mark.parametrize("name,value", sorted(EXPECTED))
def test_results(tf, name, value):
    for options, expected in zip(OPTIONS, EXPECTED[name, value]):
        with tf.Graph().as_default():
            metric = getattr(tf.keras.metrics, name)(value, **options)
            first = metric(tf.constant(Y_TRUE), tf.constant(Y_PRED))
            update = metric.update_state(tf.constant(Y_TRUE[:10]), tf.constant(Y_PRED[:10]),
                                         sample_weight=tf.constant(WEIGHTS[:10]))
            result = metric.result()
            with tf.Session() as sess:
                sess.run([v.initializer for v in metric.variables])
                got_first = sess.run(first)
                sess.run(update)
                got = (got_first, sess.run(result))
        np.testing.assert_allclose(got, expected, atol=1e-5, err_msg=str(options))


def test_variables_and_config(tf):
    metric = tf.keras.metrics.SensitivityAtSpecificity(0.6, num_thresholds=11)
    assert [v.name for v in metric.variables] == [
        "true_positives:0", "true_negatives:0", "false_positives:0", "false_negatives:0"]
    assert [v.shape.as_list() for v in metric.variables] == [[11]] * 4
    assert metric.thresholds[:3] == [0.0, 0.1, 0.2] and metric.thresholds[-1] == 1.0
    assert metric.get_config() == {"name": "sensitivity_at_specificity", "dtype": "float32",
                                   "class_id": None, "num_thresholds": 11,
                                   "specificity": 0.6}
    config = tf.keras.metrics.RecallAtPrecision(0.8, class_id=2).get_config()
    assert config == {"name": "recall_at_precision", "dtype": "float32", "class_id": 2,
                      "num_thresholds": 200, "precision": 0.8}
    again = tf.keras.metrics.RecallAtPrecision.from_config(config)
    assert again.precision == 0.8 and again.class_id == 2
    assert tf.keras.metrics.SpecificityAtSensitivity(0.5, num_thresholds=1).thresholds == [0.5]


def test_errors(tf):
    with pytest.raises(ValueError, match="Argument `specificity` must be in the range "
                                         "\\[0, 1\\]. Received: specificity=1.5"):
        tf.keras.metrics.SensitivityAtSpecificity(specificity=1.5)
    with pytest.raises(ValueError, match="Argument `num_thresholds` must be an integer > 0. "
                                         "Received: num_thresholds=0"):
        tf.keras.metrics.PrecisionAtRecall(recall=0.5, num_thresholds=0)


def test_mean_tensor(tf):
    metric = tf.keras.metrics.MeanTensor()
    assert metric.total is None and metric.variables == []
    first = metric.update_state(tf.constant([[0.0, 1, 2, 3]]))
    second = metric.update_state(tf.constant([[4.0, 5, 6, 9]]),
                                 sample_weight=tf.constant([[0, 0.2, 0.5, 1]]))
    result = metric.result()
    assert [v.name for v in metric.variables] == ["total:0", "count:0"]
    assert metric.get_config() == {"name": "mean_tensor", "dtype": "float32"}
    with tf.Session() as sess:
        sess.run([v.initializer for v in metric.variables])
        sess.run(first)
        sess.run(second)
        np.testing.assert_allclose(sess.run(result), [[0.0, 1.6666666, 3.3333333, 6.0]],
                                   rtol=1e-6)
    fixed = tf.keras.metrics.MeanTensor(shape=(2,), dtype=tf.float64)
    assert [v.shape.as_list() for v in fixed.variables] == [[2], [2]]
    assert fixed.dtype == "float64"
    with pytest.raises(ValueError, match="MeanTensor input values must always have the same "
                                         "shape. Expected shape \\(set during the first "
                                         "call\\): \\(2,\\). Got: \\(3,\\)."):
        fixed.update_state(tf.constant([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="MeanTensor does not have any value yet"):
        tf.keras.metrics.MeanTensor().result()


def test_compile_and_fit(tf):
    metrics = tf.keras.metrics
    tf.keras.backend.set_session(tf.Session())
    model = tf.keras.Sequential([tf.keras.layers.Dense(
        1, activation="sigmoid", kernel_initializer=tf.keras.initializers.Constant(0.3),
        input_shape=(3,))])
    model.compile("sgd", "binary_crossentropy",
                  metrics=[metrics.PrecisionAtRecall(0.5, num_thresholds=11),
                           metrics.SensitivityAtSpecificity(0.5)])
    history = model.fit(Y_PRED, Y_TRUE[:, :1], epochs=2, batch_size=30, verbose=0).history
    assert model.metrics_names == ["loss", "precision_at_recall", "sensitivity_at_specificity"]
    np.testing.assert_allclose(history["loss"], [0.71965, 0.7194], atol=1e-5)
    np.testing.assert_allclose(history["precision_at_recall"], [0.52381, 0.52381], atol=1e-5)
    np.testing.assert_allclose(history["sensitivity_at_specificity"], [0.33333, 0.33333],
                               atol=1e-5)
