"""tf.tuple / with_dependencies keep an IndexedSlices gradient sparse (TF gates its values with
an Identity and keeps indices and dense_shape), so a gradient barrier before apply_gradients
still takes the optimizers' sparse paths. Expected values printed by TF 2.21 compat.v1."""
import numpy as np


def test_tuple_keeps_indexed_slices_sparse(tf):
    emb = tf.Variable([[1., 2.], [3., 4.], [5., 6.]])
    x = tf.Variable(2.)
    loss = tf.reduce_sum(tf.gather(emb, [0, 2, 2])) * x
    g = tf.gradients(loss, [emb, x])
    t = tf.tuple(g)
    assert isinstance(t[0], tf.IndexedSlices)
    assert t[0].values.name == "tuple/control_dependency:0"
    assert t[0].indices.name == "gradients/GatherV2_grad/Reshape_1:0"
    assert t[1].name == "tuple/control_dependency_1:0"
    assert [op.name for op in t[0].values.op.control_inputs] == ["tuple/group_deps"]
    w = tf.tuple([g[0]], control_inputs=[x.op])
    assert isinstance(w[0], tf.IndexedSlices)
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients(zip(t, [emb, x]))
    types = sorted(op.type for op in tf.get_default_graph().get_operations()
                   if op.type in ("ApplyGradientDescent", "ScatterSub"))
    assert types == ["ApplyGradientDescent", "ScatterSub"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        slices, gx = sess.run(t)
        np.testing.assert_array_equal(slices.indices, [0, 2, 2])
        np.testing.assert_allclose(slices.values, np.full((3, 2), 2.0))
        assert gx == 25.0
        sess.run(train)
        np.testing.assert_allclose(sess.run(emb), [[0.8, 1.8], [3., 4.], [4.6, 5.6]], rtol=1e-6)


def test_with_dependencies_on_indexed_slices(tf):
    from_values = tf.IndexedSlices(tf.constant([[1., 2.]]), tf.constant([1]), tf.constant([3, 2]))
    gate = tf.no_op(name="gate")
    out = tf.tuple([from_values], control_inputs=[gate])[0]
    assert isinstance(out, tf.IndexedSlices)
    assert out.indices is from_values.indices and out.dense_shape is from_values.dense_shape
    assert out.values.op.type == "Identity"
