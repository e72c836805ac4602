"""Slice's static shape where the input's rank is unknown (TF's SliceShapeFn takes it from the
length of `begin`/`size`) and its rank checks, and `tf.assign` on a variable's slice `v[i, :]`
(TF's `tf.assign` calls `ref.assign` for anything that is not a ref tensor), as
tensorflow/privacy's TensorBuffer does.

Expected values and texts were recorded from TensorFlow 2.21's `tensorflow.compat.v1`.
"""
import numpy as np
import pytest


def test_slice_rank_from_begin_when_input_rank_unknown(tf):
    x = tf.placeholder(tf.float32)
    n = tf.placeholder(tf.int32, [])
    assert str(tf.slice(x, [0, 0], [2, -1]).shape) == "(2, ?)"
    assert str(tf.slice(x, tf.zeros([2], tf.int32), tf.concat([[n], [-1]], 0)).shape) == "(?, ?)"
    assert str(tf.slice(x, [1, 1], tf.placeholder(tf.int32, [2])).shape) == "(?, ?)"
    assert str(tf.slice(x, tf.placeholder(tf.int32, [None]), [2, 3]).shape) == "(2, 3)"
    z = tf.zeros((1, 2, 3))
    assert str(tf.slice(z, [0, 1, 1], [-1, -1, 2]).shape) == "(1, 1, 2)"
    assert str(tf.slice(z, tf.placeholder(tf.int32, [3]), [-1, 1, -1]).shape) == "(?, 1, ?)"


@pytest.mark.parametrize("begin, size, text", [
    ([0, 0, 0], [1, 1, 1], "Shape must be rank 3 but is rank 2 for '{{node Slice}} = Slice["
                           "Index=DT_INT32, T=DT_FLOAT](Placeholder, Slice/begin, Slice/size)' "
                           "with input shapes: [2,3], [3], [3]."),
    ([0, 0], [1, 1, 1], "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are "
                        "[2] and [3]."),
    ([[0, 0]], [1, 1], "Shape must be rank 1 but is rank 2 for '{{node Slice}}"),
])
def test_slice_rank_errors(tf, begin, size, text):
    with pytest.raises(ValueError) as info:
        tf.slice(tf.placeholder(tf.float32, [2, 3]), begin, size)
    assert text in str(info.value), str(info.value)


def test_tf_assign_on_variable_slices(tf):
    v = tf.Variable([[1., 2.], [3., 4.]])
    a = tf.assign(v[1, :], [7., 8.])
    w = tf.Variable([[1., 2.], [3., 4.]], use_resource=True)
    b = tf.assign(w[0], [5., 6.])
    assert (a.op.name, a.op.type) == ("strided_slice/_assign", "StridedSliceAssign")
    assert (b.op.name, b.op.type) == ("strided_slice_1/_assign", "ResourceStridedSliceAssign")
    with pytest.raises(AttributeError, match="object has no attribute 'assign'"):
        tf.assign(tf.constant([1.]), [2.])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(a), [[1., 2.], [7., 8.]])
        sess.run(b)
        np.testing.assert_array_equal(sess.run(w), [[5., 6.], [3., 4.]])


def test_resizable_buffer_slice_keeps_rank(tf):
    """TensorBuffer: an unknown-shape resource variable grown by validate_shape=False assigns."""
    buf = tf.Variable(tf.placeholder_with_default(tf.zeros([2, 3]), shape=None),
                      trainable=False, name='buffer', use_resource=True)
    size = tf.Variable(0, name='current_size')
    values = tf.slice(buf, tf.zeros([2], tf.int32), tf.concat([[size], tf.constant(-1, tf.int32, [1])], 0))
    assert str(buf.shape) == "<unknown>"
    assert str(values.shape) == "(?, ?)"
    grow = tf.assign(buf, tf.concat([buf, tf.zeros_like(buf)], 0), validate_shape=False)
    with tf.control_dependencies([grow]):
        put = tf.assign(buf[3, :], [1., 2., 3.])
    with tf.control_dependencies([put]):
        inc = tf.assign(size, 4)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(inc)
        np.testing.assert_array_equal(sess.run(values), [[0] * 3] * 3 + [[1., 2., 3.]])
