"""Mixed-precision idioms of 2018-2019 (OpenSeq2Seq, tensor2tensor, official models): a
float32-storage custom getter, sparse gradients of a cast embedding, float16 reductions that
overflow, and tf.contrib.mixed_precision. Expected values are TF's."""
import numpy as np
import pytest


def test_custom_getter_sees_trainable_resolved_to_true(tf):
    # TF resolves trainable=None before calling the custom getter: the OpenSeq2Seq getter's
    # `tf.float32 if trainable else dtype` stores float32 master weights
    seen = []

    def getter(getter, name, *args, **kwargs):
        seen.append((name, kwargs["trainable"]))
        return getter(name, *args, **kwargs)
    with tf.variable_scope("s", custom_getter=getter):
        tf.get_variable("a", [2])
        tf.get_variable("b", [2], trainable=False)
        tf.get_local_variable("c", [2])
    assert seen == [("s/a", True), ("s/b", False), ("s/c", False)]


def test_float32_storage_getter_casts_to_float16(tf):
    def getter(getter, name, shape=None, dtype=None, trainable=True, *args, **kwargs):
        storage = tf.float32 if trainable else dtype
        v = getter(name, shape, dtype=storage, trainable=trainable, *args, **kwargs)
        return tf.cast(v, dtype) if trainable and dtype != tf.float32 else v
    with tf.variable_scope("m", custom_getter=getter):
        w = tf.get_variable("w", [2, 2], dtype=tf.float16)
    assert w.op.type == "Cast" and w.dtype == tf.float16
    assert [v.dtype.base_dtype.name for v in tf.global_variables()] == ["float32"]


def test_gradient_of_a_cast_embedding_is_indexed_slices(tf):
    e = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3) / 7, name="e")
    e16 = tf.cast(e, tf.float16)
    loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(e16, [[1, 3], [1, 0]])))
    dense = tf.cast(loss, tf.float32) + tf.reduce_sum(tf.cast(e16, tf.float32))
    g, = tf.gradients(loss, [e])
    g_dense, = tf.gradients(dense, [e])
    assert isinstance(g, tf.IndexedSlices) and not isinstance(g_dense, tf.IndexedSlices)
    assert g.values.dtype == tf.float32
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values, indices, shape = sess.run([g.values, g.indices, g.dense_shape])
        full = sess.run(g_dense)
    np.testing.assert_allclose(values, [[0.8569336, 1.1425781, 1.4287109],
                                        [2.5722656, 2.8574219, 3.1425781],
                                        [0.8569336, 1.1425781, 1.4287109],
                                        [0.0, 0.28564453, 0.57128906]], rtol=1e-6)
    assert indices.tolist() == [1, 3, 1, 0] and shape.tolist() == [4, 3]
    np.testing.assert_allclose(full, [[1.0, 1.2851562, 1.5712891],
                                      [2.7148438, 3.2851562, 3.8574219],
                                      [1.0, 1.0, 1.0],
                                      [3.5722656, 3.8574219, 4.140625]], rtol=1e-6)


def test_gradient_of_a_cast_resource_embedding_is_indexed_slices(tf):
    # ReadVariableOp -> Cast -> Gather: TF's read and Cast gradients pass IndexedSlices on
    e = tf.get_variable("e", initializer=np.arange(12, dtype=np.float32).reshape(4, 3) / 7,
                        use_resource=True)
    loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(tf.cast(e, tf.float16),
                                                          [[1, 3], [1, 0]])))
    g, = tf.gradients(loss, [e])
    assert isinstance(g, tf.IndexedSlices) and g.values.dtype == tf.float32
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        full = sess.run(tf.convert_to_tensor(g))
    np.testing.assert_allclose(full, [[0.0, 0.28564453, 0.57128906],
                                      [1.7138672, 2.2851562, 2.8574219],
                                      [0.0, 0.0, 0.0],
                                      [2.5722656, 2.8574219, 3.1425781]], rtol=1e-6)


def test_float16_mean_overflows_like_tf(tf):
    # TF's half Mean accumulates in half: 1000 x 100 overflows although the mean is 100
    x = tf.constant(np.full([1000], 100, np.float16))
    m = tf.reduce_mean(x)
    g, = tf.gradients(m, x)
    with tf.Session() as sess:
        mv, neg, rows, gv = sess.run([m, tf.reduce_mean(-x),
                                      tf.reduce_mean(tf.reshape(x, [2, 500]), axis=1), g])
    assert mv.dtype == np.float16 and np.isposinf(mv) and np.isneginf(neg)
    np.testing.assert_allclose(rows, [99.94, 99.94], rtol=2e-3)   # TF: 99.94 (half sums)
    np.testing.assert_allclose(gv[:3], [0.001, 0.001, 0.001], rtol=1e-3)


def test_bfloat16_mean_and_float16_l2_loss(tf):
    xb = tf.cast(tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]) / 3, tf.bfloat16)
    v = tf.constant(np.linspace(-60, 60, 64).astype(np.float16))
    with tf.Session() as sess:
        mean, l2 = sess.run([tf.cast(tf.reduce_mean(xb), tf.float32), tf.nn.l2_loss(v)])
    assert mean == np.float32(1.3359375)
    # TF halves each square before the sum: the sum of squares (79k) is past float16's range
    assert l2.dtype == np.float16 and np.isfinite(l2)
    np.testing.assert_allclose(l2, 3.96e4, rtol=2e-3)


@pytest.mark.tfcompat_only
def test_contrib_loss_scale_optimizer_skips_non_finite_steps(tf):
    # TF 1.15's contrib code (tensorflow/contrib/mixed_precision): global_step moves only on
    # finite steps; 2 bad steps multiply the scale by 0.8, 2 good ones by 2
    mp = tf.contrib.mixed_precision
    w = tf.Variable([1.0, 2.0], name="w")
    boost = tf.placeholder_with_default(tf.constant(1.0, tf.float16), [])
    loss = tf.cast(tf.reduce_sum(tf.square(tf.cast(w, tf.float16) * boost)), tf.float32)
    gs = tf.train.get_or_create_global_step()
    mgr = mp.ExponentialUpdateLossScaleManager(100.0, incr_every_n_steps=2)
    opt = mp.LossScaleOptimizer(tf.train.GradientDescentOptimizer(0.1), mgr)
    train = opt.minimize(loss, global_step=gs)
    names = sorted(v.op.name for v in tf.global_variables())
    assert names == ["bad_steps", "global_step", "good_steps", "loss_scale", "w"]
    assert train.type == "NoOp"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = []
        for b in [1.0, 300.0, 300.0, 1.0, 1.0]:
            sess.run(train, {boost: b})
            trace.append(sess.run([mgr.get_loss_scale(), gs]))
        wv = sess.run(w)
    np.testing.assert_allclose([t[0] for t in trace], [100.0, 100.0, 80.0, 80.0, 160.0])
    assert [int(t[1]) for t in trace] == [1, 1, 1, 2, 3]
    np.testing.assert_allclose(wv, np.array([1.0, 2.0]) * 0.8 ** 3, rtol=2e-3)
    with pytest.raises(ValueError, match="loss scale must be at least 1."):
        mp.FixedLossScaleManager(0.5)
    assert mp.FixedLossScaleManager(64).get_loss_scale().dtype == tf.float32
