"""TF's `constant_value` (tf.get_static_value, and what SparseTensor's constructor or
resize_images read through it) marks the tensor it folded, and the inputs it folded through,
as unfeedable: a notebook feeding a SparseTensorValue to a SparseTensor built with a constant
dense_shape gets "Tensor SparseTensor/dense_shape:0 may not be fed." from TF."""
import pytest


def test_sparse_tensor_constant_dense_shape_may_not_be_fed(tf):
    st = tf.SparseTensor([[0, 1]], [3.0], [2, 2])
    with tf.Session() as sess:
        with pytest.raises(ValueError) as info:
            sess.run(st.values, {st: tf.SparseTensorValue([[0, 0]], [1.0], [2, 2])})
        assert str(info.value) == "Tensor SparseTensor/dense_shape:0 may not be fed."
        # the indices were not folded: feeding them alone is fine (and returns the fed array)
        assert sess.run(st.indices, {st.indices: [[1, 1]]}).tolist() == [[1, 1]]


def test_get_static_value_marks_the_tensor_and_its_folded_inputs(tf):
    c = tf.constant(3.0, name='c')
    d = tf.constant(4.0, name='d')
    p = tf.stack([c, d], name='p')
    e = tf.constant(1.0, name='e')
    sh = tf.shape(tf.zeros([2, 3]), name='sh')
    assert tf.get_static_value(p).tolist() == [3.0, 4.0]
    assert tf.get_static_value(sh).tolist() == [2, 3]
    graph = tf.get_default_graph()
    assert [graph.is_feedable(t) for t in (c, d, p, e, sh)] == [False, False, False, True, False]
    with tf.Session() as sess:
        for t, value in [(c, 1.0), (p, [1.0, 1.0]), (sh, [1, 1])]:
            with pytest.raises(ValueError, match="Tensor %s may not be fed." % t.name):
                sess.run(t * 1, {t: value})
        assert sess.run(e * 1, {e: 2.0}) == 2.0


def test_not_folded_tensors_stay_feedable(tf):
    x = tf.placeholder(tf.float32, [None])
    y = x * 2.0
    assert tf.get_static_value(y) is None
    assert tf.get_default_graph().is_feedable(y) and tf.get_default_graph().is_feedable(x)
