"""K.batch_dot and the Dot layer on inputs of different ranks (CapsNet-Keras routing, babi
memnn's dot(axes=(2, 2))): tf_keras moves the contracted axes, squashes the extra dimensions into
one matmul and reshapes back, so a 3-D x 4-D batch_dot keeps both middle dimensions.
Literals recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def _inputs():
    a = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10
    b = np.arange(48, dtype=np.float32).reshape(2, 3, 4, 2) / 10
    c = np.arange(6, dtype=np.float32).reshape(2, 3) / 10
    return a, b, c


def test_batch_dot_mixed_ranks_shapes_and_values(tf):
    K = tf.keras.backend
    a, b, c = _inputs()
    x, y, z = K.placeholder((None, 3, 4)), K.placeholder((None, 3, 4, 2)), K.placeholder((None, 3))
    outs = [K.batch_dot(x, y, [2, 2]), K.batch_dot(y, x, (1, 1)), K.batch_dot(z, x, (1, 1)),
            K.batch_dot(x, z, (1, 1)), K.batch_dot(z, z, 1), K.batch_dot(x, x, -1)]
    assert [K.int_shape(o) for o in outs] == [(None, 3, 3, 2), (None, 4, 2, 4), (None, 4),
                                              (None, 4), (None, 1), (None, 3, 3)]
    r = K.function([x, y, z], outs)([a, b, c])
    np.testing.assert_allclose(r[0][0, 1], [[0.76, 0.98], [2.52, 2.74], [4.28, 4.5]], rtol=1e-5)
    np.testing.assert_allclose(r[0][1, 2, 0], [23.32, 24.18], rtol=1e-5)
    np.testing.assert_allclose(r[1][0, 3], [[2.32, 2.74, 3.16, 3.58], [2.44, 2.89, 3.34, 3.79]],
                               rtol=1e-5)
    np.testing.assert_allclose(r[2], [[0.2, 0.23, 0.26, 0.29], [2.0, 2.12, 2.24, 2.36]],
                               rtol=1e-5)
    np.testing.assert_allclose(r[3], r[2], rtol=1e-6)
    np.testing.assert_allclose(r[4], [[0.05], [0.5]], rtol=1e-5)
    np.testing.assert_allclose(r[5][1], [[7.34, 9.5, 11.66], [9.5, 12.3, 15.1],
                                         [11.66, 15.1, 18.54]], rtol=1e-5)


def test_batch_dot_errors(tf):
    K = tf.keras.backend
    x, y = K.placeholder((None, 3, 4)), K.placeholder((None, 3, 4, 2))
    with pytest.raises(ValueError, match=r"^Cannot do batch_dot on inputs with shapes "
                       r"\(None, 3, 4\) and \(None, 3, 4, 2\) with axes=\[2, 3\]\. "
                       r"x\.shape\[2\] != y\.shape\[3\] \(4 != 2\)\.$"):
        K.batch_dot(x, y, [2, 3])
    with pytest.raises(ValueError, match="^Cannot perform batch_dot over axis 0. If your inputs"):
        K.batch_dot(x, y, 0)
    with pytest.raises(ValueError, match=r"^Multiple target dimensions are not supported\. "
                       r"Expected: None, int, \(int, int\), Provided: \[\[1\], \[2\]\]$"):
        K.batch_dot(x, y, [[1], [2]])


def test_dot_layer_negative_axes_count_per_input(tf):
    a, _, c = _inputs()
    i1, i2 = tf.keras.layers.Input((3, 4)), tf.keras.layers.Input((3,))
    d = tf.keras.layers.Dot(axes=(-2, -1))([i1, i2])
    assert tf.keras.backend.int_shape(d) == (None, 4)
    got = tf.keras.models.Model([i1, i2], d).predict([a, c])
    np.testing.assert_allclose(got, [[0.2, 0.23, 0.26, 0.29], [2.0, 2.12, 2.24, 2.36]], rtol=1e-5)
