"""MaxPool3D's gradients on ties (integer-valued volumes): TF's MaxPool3DGrad gives every
maximum of a window the gradient, and its gradient, MaxPool3DGradGrad, reads each window's
gradient at the window's *first* maximum (zeros towards the pooled input). Literals from TF 2.21
(tf.compat.v1, CPU)."""
import numpy as np


def test_grad_and_grad_grad_on_ties(tf):
    x = tf.constant(np.array([1, 2, 2, 0, 1, 2, 0, 0], np.float32).reshape(1, 2, 2, 2, 1))
    mp = tf.nn.max_pool3d(x, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID")
    dy = tf.constant(np.full([1, 1, 1, 1, 1], 3.0, np.float32))
    g = tf.gradients(mp, x, grad_ys=dy)[0]
    v = tf.constant(np.arange(1, 9, dtype=np.float32).reshape(1, 2, 2, 2, 1))
    gg_dy, gg_x = tf.gradients(g, [dy, x], grad_ys=v)
    with tf.Session() as sess:
        g_v, gg_v = sess.run([g, gg_dy])
        gx = None if gg_x is None else sess.run(gg_x)
    assert g_v.ravel().tolist() == [0.0, 3.0, 3.0, 0.0, 0.0, 3.0, 0.0, 0.0]
    assert gg_v.ravel().tolist() == [2.0]
    assert gx is None or not gx.any()


def test_second_order_through_padded_windows(tf):
    rng = np.random.RandomState(1)
    xi = tf.constant(np.floor(rng.rand(1, 4, 4, 4, 1) * 3).astype(np.float32))
    mp = tf.nn.max_pool3d(xi, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID")
    ms = tf.nn.max_pool3d(xi, [1, 3, 3, 3, 1], [1, 2, 2, 2, 1], "SAME")
    outs = []
    for p in (mp, ms):
        first = tf.gradients(tf.reduce_sum(p * p), xi)[0]
        outs.append(tf.gradients(tf.reduce_sum(first * xi), xi)[0])
    with tf.Session() as sess:
        a, b = sess.run(outs)
    assert [float(a.sum()), float(np.abs(a).max())] == [688.0, 64.0]
    assert [float(b.sum()), float(np.abs(b).max())] == [368.0, 32.0]
