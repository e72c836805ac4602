"""Gradients through a while_loop built with back_prop=False are None (TF 1.x's _ExitGrad returns
None for such a loop), also for tf.scan(back_prop=False); other paths to x still count. Expected
values from TF 2.21 compat.v1."""
import numpy as np


def test_gradient_through_back_prop_false_loop_is_none(tf):
    x = tf.constant(2.0)
    _, y = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)],
                         back_prop=False)
    assert tf.gradients(y, x) == [None]
    s = tf.scan(lambda a, e: a * e, tf.stack([x, x, x]), back_prop=False)
    assert tf.gradients(tf.reduce_sum(s), x) == [None]
    g = tf.gradients(y + x * x, x)[0]
    _, y2 = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)])
    g2 = tf.gradients(y2 + y, x)[0]
    with tf.Session() as sess:
        assert sess.run([g, g2, y]) == [4.0, 12.0, 8.0]


def test_back_prop_false_tensor_array_loop_gives_no_gradient(tf):
    v = tf.Variable([1.0, 2.0])

    def body(i, ta):
        return i + 1, ta.write(i, v * tf.cast(i, tf.float32))
    _, ta = tf.while_loop(lambda i, ta: i < 3, body, [0, tf.TensorArray(tf.float32, size=3)],
                          back_prop=False)
    out = ta.stack()
    assert tf.gradients(tf.reduce_sum(out), v) == [None]
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_allclose(sess.run(out), [[0, 0], [1, 2], [2, 4]])
