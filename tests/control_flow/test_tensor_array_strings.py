"""TensorArrays of strings (what `tf.map_fn(tf.image.encode_png, images, dtype=tf.string)` in
pix2pix builds): unstack/scatter, write, stack/gather, split/concat and the empty stack.
Expected values from TF 2.21 (compat.v1)."""
import numpy as np
import pytest


def _text(value):
    return np.asarray(value).astype(object).tolist()


def test_map_fn_over_strings(tf):
    x = tf.constant([["a", "bb"], ["c", "d"]])
    y = tf.map_fn(lambda s: tf.strings.join([s[0], s[1]], separator="-"), x, dtype=tf.string)
    with tf.Session() as sess:
        assert _text(sess.run(y)) == [b"a-bb", b"c-d"]
    assert y.shape.as_list() == [2]


def test_string_tensor_array_round_trips(tf):
    x = tf.constant([["a", "bb"], ["c", "d"]])
    stacked = tf.TensorArray(tf.string, size=2).unstack(x).stack()
    ta = tf.TensorArray(tf.string, size=0, dynamic_size=True, infer_shape=False)
    concat = ta.split(tf.constant(["p", "q", "r"]), lengths=[1, 2]).concat()
    empty = tf.TensorArray(tf.string, size=0, element_shape=[2]).stack()
    with tf.Session() as sess:
        s, c, e = sess.run([stacked, concat, empty])
    assert _text(s) == [[b"a", b"bb"], [b"c", b"d"]]
    assert _text(c) == [b"p", b"q", b"r"]
    assert e.shape == (0, 2)


def test_unwritten_string_element_cannot_be_zero_filled(tf):
    x = tf.constant(["a", "bb"])
    unwritten = tf.TensorArray(tf.string, size=2, element_shape=[2]).write(1, x).stack()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="TensorSetZero type not supported: string"):
            sess.run(unwritten)


def test_encode_png_per_image_with_map_fn(tf):
    images = tf.constant(np.arange(2 * 3 * 4 * 3).reshape(2, 3, 4, 3).astype(np.uint8))
    pngs = tf.map_fn(tf.image.encode_png, images, dtype=tf.string)
    decoded = tf.image.decode_png(pngs[1], channels=3)
    with tf.Session() as sess:
        out = sess.run(decoded)
    np.testing.assert_array_equal(out, np.arange(36, 72).reshape(3, 4, 3))
    assert pngs.shape.as_list() == [2]
