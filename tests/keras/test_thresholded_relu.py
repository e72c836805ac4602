"""keras.layers.ThresholdedReLU (Keras 2.0's advanced activation). Expected values recorded from
TF 2.21 compat.v1 (tf_keras)."""
import numpy as np
import pytest


def test_thresholded_relu(tf):
    layers = tf.keras.layers
    layer = layers.ThresholdedReLU(theta=1.0)
    y = layer(tf.constant([[-1.0, 0.5, 1.0, 1.5, 3.0]]))
    assert layer.get_config()["theta"] == 1.0
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y), [[0.0, 0.0, 0.0, 1.5, 3.0]])
    model = tf.keras.Sequential([layers.Dense(3, input_shape=(2,)), layers.ThresholdedReLU(0.5)])
    assert tf.keras.models.model_from_json(model.to_json()).layers[1].theta == 0.5
    with pytest.raises(ValueError, match="should be >=0. Received: -1"):
        layers.ThresholdedReLU(-1)
