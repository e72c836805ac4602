"""Regressions found by the optimizer / training-tricks sweep (research code 2016-2019);
expected values were printed by TF 2.21 (tensorflow.compat.v1)."""
import numpy as np
import pytest


def test_piecewise_constant_output_is_named_as_tfs_case(tf):
    gs = tf.Variable(0, dtype=tf.int64)
    assert tf.train.piecewise_constant(gs, [5], [1.0, 0.5]).name == \
        "PiecewiseConstant/case/cond/Merge:0"
    lr = tf.train.piecewise_constant(gs, [5, 10], [1.0, 0.5, 0.1], name="lr")
    assert lr.name == "lr/case/cond/Merge:0"
    assert tf.train.piecewise_constant(gs, [5, 10], [1.0, 0.5, 0.1], name="lr").name == \
        "lr_1/case/cond/Merge:0"
    with tf.name_scope("sc"):
        assert tf.train.piecewise_constant(gs, [5, 10], [1.0, 0.5, 0.1]).name == \
            "sc/PiecewiseConstant/case/cond/Merge:0"
    with tf.Session() as sess:
        sess.run(gs.initializer)
        got = [sess.run(lr, {gs: s}) for s in (0, 5, 6, 10, 11)]
    np.testing.assert_allclose(got, [1.0, 1.0, 0.5, 0.5, 0.1])


def _adam_subclasses(tf):
    class DecayMixin(object):
        """tf.contrib.opt's DecoupledWeightDecayExtension pattern: decay, then super()."""

        def _apply_dense(self, grad, var):
            with tf.control_dependencies([var.assign_sub(0.1 * var)]):
                return super(DecayMixin, self)._apply_dense(grad, var)

        def _resource_apply_dense(self, grad, var):
            with tf.control_dependencies([var.assign_sub(0.1 * var)]):
                return super(DecayMixin, self)._resource_apply_dense(grad, var)

    class DecayAdam(DecayMixin, tf.train.AdamOptimizer):
        pass

    class SharedAdam(tf.train.AdamOptimizer):
        def _apply_sparse(self, grad, var):
            return self._apply_sparse_shared(
                grad.values, var, grad.indices,
                lambda x, i, v: tf.scatter_add(x, i, v, use_locking=self._use_locking))

        def _resource_apply_sparse(self, grad, var, indices):
            return self._apply_sparse_shared(grad, var, indices, self._resource_scatter_add)
    return DecayAdam, SharedAdam


def _train(tf, opt, use_resource, steps=2):
    with tf.variable_scope("m", use_resource=use_resource):
        emb = tf.get_variable("emb", initializer=np.arange(6.0, dtype=np.float32).reshape(3, 2) / 5)
        w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer(0.4))
    h = tf.reduce_sum(tf.nn.embedding_lookup(emb, tf.constant([[0, 2]])), 1)
    loss = tf.reduce_mean(tf.square(tf.matmul(h, w) - 1.0))
    gvs = opt.compute_gradients(loss)
    barrier = [g.values if isinstance(g, tf.IndexedSlices) else g for g, _ in gvs]
    with tf.control_dependencies(barrier):
        train = opt.apply_gradients(gvs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(train)
        return sess.run([emb, w])


def test_builtin_resource_hook_is_its_own_not_the_subclass_apply_dense(tf):
    # TF's AdamOptimizer._resource_apply_dense is its own: a mixin's super() call does not come
    # back to the mixin's _apply_dense (which would decay w twice: 0.424 after one step)
    DecayAdam, _ = _adam_subclasses(tf)
    for use_resource in (False, True):
        with tf.Graph().as_default():
            emb, w = _train(tf, DecayAdam(0.1), use_resource, steps=1)
        np.testing.assert_allclose(w.ravel(), [0.46, 0.46], rtol=1e-5)
        np.testing.assert_allclose(emb.ravel(), [0.1, 0.3, 0.4, 0.6, 0.9, 1.1], rtol=1e-5)


def test_adam_apply_sparse_shared_and_resource_scatter_add(tf):
    _, SharedAdam = _adam_subclasses(tf)
    for use_resource in (False, True):
        with tf.Graph().as_default():
            opt = SharedAdam(0.1)
            emb, w = _train(tf, opt, use_resource)
        np.testing.assert_allclose(emb.ravel(), [0.083727, 0.283727, 0.4, 0.6, 0.883727, 1.083727],
                                   rtol=1e-4)
        np.testing.assert_allclose(w.ravel(), [0.483727, 0.487083], rtol=1e-4)


@pytest.mark.tfcompat_only
def test_contrib_adamw_decays_a_resource_variable_once(tf):
    # expected: TF 1.15's DecoupledWeightDecayExtension source (copied into a program) run on
    # TF 2.21 with the same barrier; ref and resource variables agree
    for use_resource in (False, True):
        with tf.Graph().as_default():
            emb, w = _train(tf, tf.contrib.opt.AdamWOptimizer(0.1, learning_rate=0.1),
                            use_resource)
        np.testing.assert_allclose(emb.ravel(), [0.151722, 0.313722, 0.4, 0.6, 0.799722,
                                                 0.961722], rtol=1e-5)
        np.testing.assert_allclose(w.ravel(), [0.475722, 0.476114], rtol=1e-5)
