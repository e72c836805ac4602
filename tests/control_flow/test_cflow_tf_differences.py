"""Where tfcompat keeps a better behaviour than TF's (tests/differential/known_differences.txt):
a loop variable changing dtype fails while building, tf.map_fn of a non-callable raises TF 1.x's
TypeError, and the gradient of a fold over empty elems of unknown length is empty."""
import numpy as np
import pytest


@pytest.mark.tfcompat_only
def test_loop_var_dtype_change_fails_while_building(tf):
    with pytest.raises(TypeError, match="enters the loop with type int32 but has type float32 "
                                        "after 1 iteration"):
        tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.float32) + 1., [0])
    with pytest.raises(TypeError, match="type should remain constant"):
        tf.scan(lambda a, v: tf.cast(a, tf.int32), tf.constant([1., 2.]), initializer=tf.constant(0.))


@pytest.mark.tfcompat_only
def test_map_fn_of_a_non_callable(tf):
    with pytest.raises(TypeError, match="fn must be callable."):
        tf.map_fn(3, tf.constant([1., 2.]))


@pytest.mark.tfcompat_only
def test_fold_gradient_over_empty_unknown_length_elems(tf):
    x = tf.placeholder(tf.float32, [None])
    g, = tf.gradients(tf.foldl(lambda a, v: a + v * v, x, initializer=tf.constant(0.)), x)
    with tf.Session() as sess:
        assert sess.run(g, {x: np.zeros([0], np.float32)}).shape == (0,)
        assert sess.run(g, {x: np.array([1., -2.], np.float32)}).tolist() == [2., -4.]
