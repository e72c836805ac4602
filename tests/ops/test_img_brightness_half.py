"""tf.image.adjust_brightness adds the delta in the image's own precision for float16 (TF
converts only non-float16/32 images to float32), so float16 sums round in half precision."""
import numpy as np


def test_float16_adds_in_half(tf):
    x = tf.constant(np.array([0.5767, 0.6628, 0.3, 0.1], np.float16))
    y = tf.image.adjust_brightness(x, 0.2)
    assert y.dtype == tf.float16
    with tf.Session() as sess:
        out = sess.run(y)
    np.testing.assert_array_equal(out, np.array([0.7764, 0.8623, 0.5, 0.2998], np.float16))


def test_uint8_still_saturates(tf):
    y = tf.image.adjust_brightness(tf.constant([1, 2, 250], tf.uint8), 0.1)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y), [26, 27, 255])
