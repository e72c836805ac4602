"""Second derivatives through a loop (tf.scan): TF 1.x's v1 while loops refuse them (TypeError
"Second-order gradient for while loops not supported.", tf.hessians a ValueError about frames);
tfcompat differentiates autograd's record twice. Expected values are TF 2.21's for the same
recurrence unrolled in Python, which TF can differentiate twice (known_differences.txt)."""
import numpy as np
import pytest


@pytest.mark.tfcompat_only
def test_second_order_gradients_through_scan_match_the_unrolled_loop(tf):
    w = tf.Variable([0.3, -0.2, 0.5])
    xs = tf.constant([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0]])
    sc = tf.scan(lambda a, x: tf.tanh(a * 0.5 + tf.reduce_sum(x * w)), xs,
                 initializer=tf.constant(0.0))
    loss = tf.reduce_sum(sc ** 2)
    g = tf.gradients(loss, w)[0]
    gg = tf.gradients(tf.reduce_sum(g * g), w)[0]
    h = tf.hessians(loss, w)[0]
    with tf.Session() as sess:
        sess.run(w.initializer)
        gg_v, h_v = sess.run([gg, h])
    np.testing.assert_allclose(gg_v, [5.851224, 16.027782, -4.103056], rtol=1e-5)
    np.testing.assert_allclose(h_v, [[1.542832, 3.531089, 0.0476], [3.531089, 7.045413, 1.792789],
                                     [0.0476, 1.792789, -2.734781]], rtol=1e-5, atol=1e-5)
