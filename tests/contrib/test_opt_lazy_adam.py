"""tf.contrib.opt.LazyAdamOptimizer (TF 1.15): a sparse gradient (an embedding lookup with
repeated ids) updates only its rows of m and v; rows not looked up keep m = v = 0. TF 2.21 has
no contrib, so under real TF the test runs TF 1.15's _apply_sparse written on core ops."""
import os

import numpy as np

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))

# TF 2.21 running TF 1.15's LazyAdamOptimizer._apply_sparse (below), 3 steps
EXPECTED = {
    'e': [
        -0.48422539234161377, -0.12373435497283936, -1.9595608711242676, 1.4515163898468018,
        -1.7934355735778809, -0.8417473435401917, 0.31781429052352905, -1.433417797088623,
        -1.2056756019592285, -1.062456727027893],
    'm': [
        0.17369763553142548, 0.09424280375242233, -5.1632208824157715, 0.601628303527832,
        0.0, 0.0, 0.8158150315284729, 0.8302104473114014, 0.11900141835212708,
        0.10415218770503998],
    'v': [
        0.07542720437049866, 0.02220427244901657, 66.5476303100586, 0.6736353635787964, 0.0,
        0.0, 1.0466216802597046, 1.0098612308502197, 0.03183761611580849,
        0.020890118554234505],
    'w': [
        0.5046886801719666, 2.2647769451141357, 0.22816506028175354],
}


def _reference(tf):
    class LazyAdamOptimizer(tf.train.AdamOptimizer):
        def _apply_sparse(self, grad, var):
            dt = var.dtype.base_dtype
            b1p, b2p = (tf.cast(p, dt) for p in self._get_beta_accumulators())
            lr_t, b1, b2, eps = (tf.cast(t, dt) for t in (self._lr_t, self._beta1_t,
                                                           self._beta2_t, self._epsilon_t))
            lr = lr_t * tf.sqrt(1 - b2p) / (1 - b1p)
            m, v, i = self.get_slot(var, "m"), self.get_slot(var, "v"), grad.indices
            m_t = tf.scatter_update(m, i, b1 * tf.gather(m, i) + (1 - b1) * grad.values)
            v_t = tf.scatter_update(v, i, b2 * tf.gather(v, i) + (1 - b2) * tf.square(grad.values))
            den = tf.sqrt(tf.gather(v_t, i)) + eps
            return tf.group(tf.scatter_sub(var, i, lr * tf.gather(m_t, i) / den), m_t, v_t)
    return LazyAdamOptimizer


def _three_steps(tf, use_resource):
    cls = _reference(tf) if AGAINST_TF else tf.contrib.opt.LazyAdamOptimizer
    rng = np.random.RandomState(2)
    e0 = rng.randn(5, 2).astype(np.float32)
    w0 = rng.randn(3).astype(np.float32)
    ids = np.array([[1, 3, 1], [4, 1, 1], [0, 3, 4]], np.int32)
    t = rng.randn(3, 3).astype(np.float32)
    e = tf.get_variable('e', initializer=e0, use_resource=use_resource)
    w = tf.get_variable('w', initializer=w0, use_resource=use_resource)
    k = tf.placeholder(tf.int32, [])
    h = tf.nn.embedding_lookup(e, tf.constant(ids)[k])
    loss = tf.reduce_sum(tf.square(h[:, 0] * w - t[0])) + tf.reduce_sum(h[:, 1] * w)
    opt = cls(0.1, beta1=0.8, beta2=0.9)
    train = opt.minimize(loss)
    assert sorted(opt.get_slot_names()) == ['m', 'v']
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for s in range(3):
            sess.run(train, {k: s})
        return dict(zip('emvw', sess.run([e, opt.get_slot(e, 'm'), opt.get_slot(e, 'v'), w])))


def test_lazy_adam_updates_only_the_looked_up_rows(tf):
    got = _three_steps(tf, use_resource=False)
    for name, want in EXPECTED.items():
        np.testing.assert_allclose(np.ravel(got[name]), want, rtol=1e-6, atol=1e-7,
                                   err_msg=name)


def test_lazy_adam_on_resource_variables(tf):
    if AGAINST_TF:   # the reference above defines the ref-variable path only
        return
    got = _three_steps(tf, use_resource=True)
    for name, want in EXPECTED.items():
        np.testing.assert_allclose(np.ravel(got[name]), want, rtol=1e-6, atol=1e-7,
                                   err_msg=name)
