"""`SparseTensor * dense` and `SparseTensor / dense` (SparseDenseCwiseMul / SparseDenseCwiseDiv):
values, names, dtypes, gradients and the broadcasting error. Expected values were recorded from
TF 2.21 compat.v1 (TFCOMPAT_TEST_AGAINST_TF=1 runs these against it)."""
import numpy as np
import pytest


def _sparse(tf):
    return tf.SparseTensor([[0, 0], [1, 2], [1, 1]], [1.0, 2.0, 3.0], [2, 3])


def test_mul_and_truediv_broadcast_the_dense_side(tf):
    sp = _sparse(tf)
    product = sp * tf.constant([[1.0, 10.0, 100.0]])
    quotient = sp / tf.constant([[1.0, 2.0, 4.0], [3.0, 5.0, 7.0]])
    scaled = sp * 3.0
    integer = tf.SparseTensor([[0, 0], [1, 1]], [7, 9], [2, 2]) / tf.constant(2)
    assert isinstance(product, tf.SparseTensor)
    assert product.values.name == "mul:0" and product.values.op.type == "SparseDenseCwiseMul"
    assert quotient.values.name == "truediv:0"
    assert quotient.values.op.type == "SparseDenseCwiseDiv"
    assert integer.values.dtype == tf.float64
    assert product.values.shape.as_list() == [3]
    with tf.Session() as sess:
        got = sess.run([product.values, quotient.values, scaled.values, integer.values,
                        product.indices])
    np.testing.assert_allclose(got[0], [1.0, 200.0, 30.0])
    np.testing.assert_allclose(got[1], [1.0, 0.28571, 0.6], rtol=1e-4)
    np.testing.assert_allclose(got[2], [3.0, 6.0, 9.0])
    np.testing.assert_allclose(got[3], [3.5, 4.5])
    assert got[4].tolist() == [[0, 0], [1, 2], [1, 1]]


def test_gradients_reach_values_and_dense(tf):
    sp = _sparse(tf)
    row = tf.constant([[1.0, 10.0, 100.0]])
    dense = tf.constant([[1.0, 2.0, 4.0], [3.0, 5.0, 7.0]])
    loss = tf.reduce_sum((sp * row).values) + tf.reduce_sum((sp / dense).values)
    d_values, d_row, d_dense = tf.gradients(loss, [sp.values, row, dense])
    with tf.Session() as sess:
        got = sess.run([d_values, d_row, d_dense])
    np.testing.assert_allclose(got[0], [2.0, 100.14286, 10.2], rtol=1e-5)
    np.testing.assert_allclose(got[1], [[1.0, 3.0, 2.0]])
    np.testing.assert_allclose(got[2], [[-1.0, 0.0, 0.0], [0.0, -0.12, -0.04082]], rtol=1e-3)


def test_dense_side_must_broadcast_to_the_sparse_side(tf):
    sp = _sparse(tf)
    with tf.Session() as sess:
        for dense, dims in [(tf.ones([3, 3]), "[3,3]"), (tf.ones([2, 3, 1]), "[2,3,1]")]:
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run((sp * dense).values)
            assert ("SparseDenseBinaryOpShared broadcasts dense to sparse only; got "
                    "incompatible shapes: [2,3] vs. %s" % dims) in info.value.message
    with pytest.raises(TypeError):
        2.0 * sp  # TF defines only SparseTensor <op> dense
    with pytest.raises(TypeError):
        sp + 1.0
