"""tf.contrib.layers.conv1d / conv3d (TF 1.15's convolution1d / convolution3d: `convolution`
with conv_dims, scope `Conv`). TF 2.x has no tf.contrib: the expected numbers are TF 2.21's
tf.nn.convolution with the same weights (what TF 1.15's layer computes)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_conv3d_and_dilated_conv1d(tf):
    x3 = tf.constant(np.linspace(-1, 1, 192, dtype=np.float32).reshape(2, 3, 4, 4, 2))
    x1 = tf.constant(np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 6, 2))
    w3 = np.cos(np.arange(48)).reshape(2, 2, 2, 2, 3).astype(np.float32)
    w1 = np.sin(np.arange(12)).reshape(3, 2, 2).astype(np.float32)
    y3 = tf.contrib.layers.conv3d(x3, 3, 2, stride=[1, 2, 2], padding="VALID",
                                  weights_initializer=tf.constant_initializer(w3),
                                  biases_initializer=tf.constant_initializer(0.1))
    y1 = tf.contrib.layers.conv1d(x1, 2, 3, rate=2, activation_fn=None,
                                  weights_initializer=tf.constant_initializer(w1))
    assert [v.op.name for v in tf.global_variables()] == [
        "Conv/weights", "Conv/biases", "Conv_1/weights", "Conv_1/biases"]
    assert y3.shape.as_list() == [2, 2, 2, 2, 3] and y1.shape.as_list() == [2, 6, 2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a, b = sess.run([y3, y1])
    np.testing.assert_allclose(
        a.reshape(-1)[:12], [0., 0.09848, 0.692184, 0., 0.100834, 0.66152, 0., 0.107897,
                             0.569528, 0., 0.11025, 0.538865], rtol=1e-5, atol=2e-6)
    np.testing.assert_allclose(
        b[1], [[0.057606, -0.272991], [-0.045156, -0.42774], [-0.029314, -0.527497],
               [0.026063, -0.511361], [-0.355316, 0.230721], [-0.377389, 0.349096]],
        rtol=1e-5, atol=2e-6)
    with pytest.raises(ValueError, match="Convolution expects input with rank 3, got 5"):
        tf.contrib.layers.conv1d(x3, 2, 3)
