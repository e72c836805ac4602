"""Keras' repeat_elements and UpSampling1D/2D/3D on inputs whose repeated dimensions are unknown
(video clips of any length, images of any size): Keras tiles along a new axis and reshapes, and
UpSampling2D resizes to the input's dynamic size times the factors. Literals from TF 2.21
(tf.compat.v1, TF_USE_LEGACY_KERAS=1)."""
import numpy as np


def test_repeat_elements_unknown_axis(tf):
    x = tf.placeholder(tf.float32, [None, None, 2, 3])
    y = tf.keras.backend.repeat_elements(x, 2, axis=1)
    assert y.shape.as_list() == [None, None, 2, 3]
    g = tf.gradients(tf.reduce_sum(y * y), x)[0]
    xn = np.arange(12, dtype=np.float32).reshape(1, 2, 2, 3)
    with tf.Session() as sess:
        a, b = sess.run([y, g], {x: xn})
    assert a.shape == (1, 4, 2, 3)
    np.testing.assert_array_equal(a, np.repeat(xn, 2, axis=1))
    assert b[0, :, 0].tolist() == [[0.0, 4.0, 8.0], [24.0, 28.0, 32.0]]


def test_upsampling_layers_unknown_dims(tf):
    L = tf.keras.layers
    v = tf.placeholder(tf.float32, [None, None, 2, 2, 1])
    u3 = L.UpSampling3D((2, 1, 2))(v)
    i = tf.placeholder(tf.float32, [2, None, 2, 1])
    u2 = L.UpSampling2D((3, 1))(i)
    s = tf.placeholder(tf.float32, [1, None, 2])
    u1 = L.UpSampling1D(2)(s)
    assert [t.shape.as_list() for t in (u3, u2, u1)] == [
        [None, None, 2, 4, 1], [2, None, None, 1], [1, None, 2]]
    vn = np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2, 1)
    inn = np.arange(8, dtype=np.float32).reshape(2, 2, 2, 1)
    sn = np.arange(6, dtype=np.float32).reshape(1, 3, 2)
    with tf.Session() as sess:
        a3, a2, a1 = sess.run([u3, u2, u1], {v: vn, i: inn, s: sn})
    np.testing.assert_array_equal(a3, vn.repeat(2, 1).repeat(2, 3))
    np.testing.assert_array_equal(a2, inn.repeat(3, 1))
    np.testing.assert_array_equal(a1, sn.repeat(2, 1))
