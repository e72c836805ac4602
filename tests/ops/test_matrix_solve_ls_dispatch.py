"""tf.matrix_solve_ls chooses its implementation as TF's linalg_ops does: with fast=True the
Cholesky composite on the normal equations, behind a tf.cond on the run-time shape when the
matrix dimensions are unknown (not the MatrixSolveLs kernel), the kernel for fast=False and for
large batches of small matrices, and NotImplementedError for complex128 with a regularizer.
Expected values printed by TF 2.21 (the same code as TF 1.15's linalg_ops)."""
import numpy as np
import pytest

OVER = np.array([[1., 2.], [3., 4.], [5., 7.]], np.float32)
RHS = np.array([[1.], [0.], [2.]], np.float32)


def _message(e):
    return getattr(e, "message", str(e))


def test_unknown_dims_use_the_composite_behind_a_cond(tf):
    A = tf.placeholder(tf.float32, [None, None])
    b = tf.placeholder(tf.float32, [None, None])
    ls = tf.matrix_solve_ls(A, b, l2_regularizer=0.5)
    assert ls.shape.as_list() == [None, None]
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "matrix_solve_ls/cond/MatMul_1" in names
    assert not any(op.type == "MatrixSolveLs" for op in tf.get_default_graph().get_operations())
    # float32 normal equations of condition ~400: TF's and tfcompat's Cholesky round apart by
    # ~1e-5 relative depending on the CPU's BLAS paths (true value -0.2943396: TF -0.294337 and
    # tfcompat -0.2943423 on an AVX-512 Xeon), so the values are checked to 1e-4
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(ls, {A: OVER, b: RHS}),
                                   [[-0.294337], [0.437734]], rtol=1e-4)
        np.testing.assert_allclose(sess.run(ls, {A: OVER.T, b: RHS[:2]}),
                                   [[-0.430187], [0.188679], [0.067924]], rtol=1e-4)
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(ls, {A: np.ones([4, 3]), b: np.ones([5, 1])})
    assert "Matrix size-incompatible: In[0]: [4,3], In[1]: [5,1]" in _message(info.value)


def test_kernel_for_large_batches_of_small_matrices(tf):
    # 6000 x 4 x 3 float32 is over TF's 256000-byte guess of a cache and the batch outnumbers
    # the matrices' smaller dimension: TF falls back to the kernel
    big = tf.matrix_solve_ls(tf.zeros([6000, 4, 3]), tf.zeros([6000, 4, 1]))
    small = tf.matrix_solve_ls(tf.zeros([300, 4, 3]), tf.zeros([300, 4, 1]))
    slow = tf.matrix_solve_ls(tf.zeros([3, 2]), tf.zeros([3, 1]), fast=False)
    assert (big.op.type, small.op.type, slow.op.type) == (
        "MatrixSolveLs", "MatrixTriangularSolve", "MatrixSolveLs")


def test_complex(tf):
    A = np.array([[1 + 1j, 2], [3, 4 - 1j], [5, 7j]], np.complex64)
    b = np.array([[1], [1j], [2]], np.complex64)
    over = tf.matrix_solve_ls(A, b)
    under = tf.matrix_solve_ls(A.conj().T, b[:2])
    assert over.op.type == "MatrixTriangularSolve"
    with tf.Session() as sess:
        got = sess.run([over, under])
    np.testing.assert_allclose(got[0], [[0.320225 + 0.175562j], [-0.125 - 0.04073j]], atol=1e-5)
    np.testing.assert_allclose(got[1], [[0.060393 + 0.15309j], [0.217697 + 0.16573j],
                                        [0.026685 - 0.117978j]], atol=1e-5)
    with pytest.raises(NotImplementedError, match="matrix_solve_ls is currently disabled for "
                       "complex128 and l2_regularizer != 0 due to poor accuracy."):
        tf.matrix_solve_ls(tf.zeros([2, 2], tf.complex128), tf.zeros([2, 1], tf.complex128),
                           l2_regularizer=0.1)
