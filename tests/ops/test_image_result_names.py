"""The tensors tf.image / tf.random_crop / tf.nn.batch_normalization return carry TF's names
(programs print them and look them up by name); names and values printed by TF 2.21 compat.v1,
whose functions here are TF 1.15's."""
import numpy as np


def test_result_names(tf):
    x = tf.placeholder(tf.float32, [4, 8, 8, 3], name="img")
    v = tf.placeholder(tf.float32, [4, 6], name="vec")
    assert tf.random_crop(x, [2, 4, 4, 3]).name == "random_crop:0"
    assert tf.image.random_flip_left_right(x[0]).name == "random_flip_left_right/Merge:0"
    assert tf.image.random_flip_up_down(x[0]).name == "random_flip_up_down/Merge:0"
    assert tf.image.rgb_to_grayscale(x).name == "rgb_to_grayscale:0"
    # python numbers for the statistics add in python: no `add` op before the result's
    assert tf.nn.batch_normalization(v, 0.0, 1.0, 0.0, 1.0, 1e-3).name == "batchnorm/add:0"
    mean, var = tf.nn.moments(v, [0])
    assert tf.nn.batch_normalization(v, mean, var, 0.0, 1.0, 1e-3).name == \
        "batchnorm_1/add_1:0"


def test_grayscale_values(tf):
    img = tf.constant(np.arange(12, dtype=np.uint8).reshape(2, 2, 3) * 20)
    gray = tf.image.rgb_to_grayscale(img)
    gray_float = tf.image.rgb_to_grayscale(tf.constant([[[0.1, 0.7, 0.3]]]))
    with tf.Session() as sess:
        got, got_float = sess.run([gray, gray_float])
    assert got.dtype == np.uint8 and got.tolist() == [[[16], [76]], [[136], [196]]]
    assert got_float.dtype == np.float32
    assert got_float.tolist() == [[[0.47499001026153564]]]
