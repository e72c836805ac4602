"""Gradient tricks of 2016-2019 programs: straight-through estimators that map an op to a
built-in gradient with gradient_override_map, and tf.custom_gradient over a function that reads
variables. Expected values recorded from TF 2.21 compat.v1."""
import numpy as np


def _run(tf, fetches):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches)


def test_override_map_to_the_identity_gradient(tf):
    # the straight-through round / sign of binarized networks: {"Round": "Identity"}
    a = tf.constant([-1.4, -0.2, 0.6, 2.5])
    g = tf.get_default_graph()
    with g.gradient_override_map({"Round": "Identity"}):
        r = tf.round(a * 2.0)
    with tf.name_scope("Binarized"), g.gradient_override_map({"Sign": "Identity"}):
        s = tf.sign(a)
    gr = tf.gradients(tf.reduce_sum(r * a), a)[0]
    gs = tf.gradients(tf.reduce_sum(s * s), a)[0]
    assert r.op.type == "Round" and s.op.name == "Binarized/Sign"
    vr, vgr, vgs = _run(tf, [r, gr, gs])
    np.testing.assert_allclose(vr, [-3.0, -0.0, 1.0, 5.0])
    np.testing.assert_allclose(vgr, [-5.8, -0.4, 2.2, 10.0], rtol=1e-6)
    np.testing.assert_allclose(vgs, [-2.0, -2.0, 2.0, 2.0])


def test_override_map_to_stop_gradient(tf):
    x = tf.constant([1.0, 2.0])
    with tf.get_default_graph().gradient_override_map({"Square": "StopGradient"}):
        y = tf.square(x)
    assert tf.gradients(tf.reduce_sum(y) + tf.reduce_sum(x), x)[0] is not None
    np.testing.assert_allclose(_run(tf, tf.gradients(tf.reduce_sum(y) + tf.reduce_sum(x),
                                                     x)[0]), [1.0, 1.0])


def test_custom_gradient_returns_variable_gradients(tf):
    w = tf.get_variable("cg_w", [2], initializer=tf.ones_initializer())

    @tf.custom_gradient
    def scaled(x):
        y = x * w

        def grad(dy, variables=None):
            assert [v.name for v in variables] == ["cg_w:0"]
            return dy * 2.0, [dy * 10.0 * x]
        return y, grad

    x = tf.constant([1.0, 2.0])
    out = scaled(x)
    gw, gx = tf.gradients(tf.reduce_sum(out), [w, x])
    vout, vgw, vgx = _run(tf, [out, gw, gx])
    np.testing.assert_allclose(vout, [1.0, 2.0])
    np.testing.assert_allclose(vgw, [10.0, 20.0])
    np.testing.assert_allclose(vgx, [2.0, 2.0])
