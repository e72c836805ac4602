"""tf.keras.layers.BatchNormalization (compat.v1) with renorm, virtual_batch_size and
adjustment: weights, updates, get_config / from_config, and values through Model.fit.
Expected values were recorded from TF 2.21 compat.v1 (graph mode, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest

X = np.array([[0.5, -1.0], [2.0, 0.3], [-0.7, 1.1], [1.4, 2.2]], np.float32)


def test_renorm_fit_and_predict(tf):
    model = tf.keras.Sequential([tf.keras.layers.BatchNormalization(renorm=True,
                                                                    input_shape=(3,))])
    layer = model.layers[0]
    assert [w.name.split("/", 1)[1] for w in layer.weights] == [
        "gamma:0", "beta:0", "moving_mean:0", "moving_variance:0", "moving_stddev:0",
        "renorm_mean:0", "renorm_stddev:0"]
    assert [w.name.split("/", 1)[1] for w in layer.trainable_weights] == ["gamma:0", "beta:0"]
    assert len(layer.updates) == 2
    model.compile("sgd", "mse")
    x = np.arange(12, dtype=np.float32).reshape(4, 3)
    history = model.fit(x, x * 0.5, epochs=2, batch_size=4, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [10.54167, 4.48851], rtol=1e-5)
    np.testing.assert_allclose(model.predict(x), [
        [-0.09604, 0.6265, 1.25246], [2.25459, 2.83951, 3.31606],
        [4.60523, 5.05252, 5.37965], [6.95586, 7.26553, 7.44325]], atol=1e-4)
    gamma, beta, mean, var, stddev, renorm_mean, renorm_stddev = model.get_weights()
    np.testing.assert_allclose(gamma, [0.82025, 0.77223, 0.72009], atol=1e-4)
    np.testing.assert_allclose(beta, [-0.02587, -0.03044, -0.03429], atol=1e-4)
    np.testing.assert_allclose(mean, [0.08955, 0.10945, 0.12935], atol=1e-4)
    np.testing.assert_allclose(var, [1.09489] * 3, atol=1e-4)
    np.testing.assert_allclose(stddev, [1.04685] * 3, atol=1e-4)
    np.testing.assert_allclose(renorm_mean, mean, atol=1e-4)
    np.testing.assert_allclose(renorm_stddev, stddev, atol=1e-4)


def test_renorm_config_round_trip(tf):
    layer = tf.keras.layers.BatchNormalization(renorm=True, renorm_clipping={"rmax": 2.0},
                                               renorm_momentum=0.5, virtual_batch_size=2)
    config = layer.get_config()
    assert config["renorm"] is True and dict(config["renorm_clipping"]) == {"rmax": 2.0}
    assert config["renorm_momentum"] == 0.5 and config["virtual_batch_size"] == 2
    again = tf.keras.layers.BatchNormalization.from_config(config)
    assert again.renorm and again.renorm_momentum == 0.5 and again.virtual_batch_size == 2
    plain = tf.keras.layers.BatchNormalization().get_config()
    assert "renorm" not in plain and "virtual_batch_size" not in plain
    # an adjustment function is never serialized
    adjusted = tf.keras.layers.BatchNormalization(adjustment=lambda s: (1.0, 0.0))
    assert "adjustment" not in adjusted.get_config()


def test_virtual_batches_training_tensor(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    training = tf.placeholder_with_default(True, [])
    layer = tf.keras.layers.BatchNormalization(virtual_batch_size=2, momentum=0.5)
    y = layer(x, training=training)
    assert y.shape.as_list() == [None, 2]
    assert [w.shape.as_list() for w in layer.weights] == [[1, 1, 2]] * 4
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out, _ = sess.run([y, layer.updates], {x: X})
        # TF1's ghost batches are rows {0, 2} and {1, 3} (reshape to [2, -1, 2])
        expected = np.empty_like(X)
        for rows in ([0, 2], [1, 3]):
            part = X[rows]
            expected[rows] = (part - part.mean(0)) / np.sqrt(part.var(0) + 1e-3)
        np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
        means = np.mean([X[[0, 2]].mean(0), X[[1, 3]].mean(0)], 0)
        np.testing.assert_allclose(sess.run(layer.moving_mean).ravel(), means * 0.5,
                                   rtol=1e-5)


def test_renorm_errors(tf):
    with pytest.raises(ValueError, match="Supported values: \\['rmax', 'rmin', 'dmax'\\]"):
        tf.keras.layers.BatchNormalization(renorm=True, renorm_clipping={"r": 1.0})
    with pytest.raises(ValueError, match="adjustment cannot be specified"):
        tf.keras.layers.BatchNormalization(virtual_batch_size=2, adjustment=lambda s: (1, 0))(
            tf.placeholder(tf.float32, [None, 2]))
