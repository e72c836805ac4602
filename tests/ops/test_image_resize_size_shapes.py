"""tf.image.resize_images reads its size as TF's Python does: a partial static shape from a
partly constant size (tf.stack([4, n])), a negative constant size an unknown dimension, and
preserve_aspect_ratio computed in the graph, so it also holds for images of dynamic size.
Expected values were recorded from TF 2.21 compat.v1; the tests also run against TF
(TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


@pytest.mark.parametrize("make_size, on_placeholder, on_constant", [
    (lambda tf, ph: tf.stack([4, tf.shape(ph)[2] * 2]), [None, 4, None, 1], [2, 4, None, 1]),
    (lambda tf, ph: tf.stack([-1, 3]), [None, None, 3, 1], [2, None, 3, 1]),
    (lambda tf, ph: tf.shape(tf.zeros([2, 5, 6, 1]))[1:3] * 2, [None, 10, 12, 1],
     [2, 10, 12, 1]),
    (lambda tf, ph: tf.placeholder(tf.int32, [2]), [None, None, None, 1], [2, None, None, 1])])
def test_static_shape_from_partial_size(tf, make_size, on_placeholder, on_constant):
    ph = tf.placeholder(tf.float32, [None, None, None, 1])
    x = tf.zeros([2, 5, 6, 1])
    assert tf.image.resize_images(ph, make_size(tf, ph)).shape.as_list() == on_placeholder
    assert tf.image.resize_images(x, make_size(tf, ph)).shape.as_list() == on_constant


def test_same_constant_size_skips_the_resize(tf):
    x = tf.zeros([2, 5, 6, 1])
    assert tf.image.resize_images(x, [5, 6]).op.type == "Const"
    assert tf.image.resize_images(x, tf.shape(x)[1:3]).op.type == "Const"


def test_preserve_aspect_ratio_with_dynamic_image_size(tf):
    ph = tf.placeholder(tf.float32, [None, None, None, 1])
    x = np.arange(30, dtype=np.float32).reshape(1, 5, 6, 1)
    dynamic = tf.image.resize_images(ph, [3, 7], preserve_aspect_ratio=True)
    static = tf.image.resize_images(tf.constant(x), [3, 7], preserve_aspect_ratio=True)
    nearest = tf.image.resize_images(ph, [4, 4], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR,
                                     preserve_aspect_ratio=True)
    assert dynamic.shape.as_list() == [None, None, None, 1]
    assert static.shape.as_list() == [1, 3, 4, 1]
    with tf.Session() as sess:
        got, got_static, got_nearest = sess.run([dynamic, static, nearest], {ph: x})
    expected = [[0.0, 1.5, 3.0, 4.5], [10.0, 11.5, 13.0, 14.5], [20.0, 21.5, 23.0, 24.5]]
    np.testing.assert_allclose(got[0, :, :, 0], expected, rtol=1e-6)
    np.testing.assert_allclose(got_static[0, :, :, 0], expected, rtol=1e-6)
    np.testing.assert_array_equal(got_nearest[0, :, :, 0], [[0, 1, 3, 4], [6, 7, 9, 10],
                                                            [18, 19, 21, 22]])
