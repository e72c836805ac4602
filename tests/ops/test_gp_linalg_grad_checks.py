"""What TF's linear-algebra gradient functions refuse (sweep S58): build-time errors of
_QrGrad, _SvdGrad and _MatrixSolveLsGrad, and the determinant gradients' matrix_inverse that
fails at run time on a singular matrix (torch would give a finite or infinite gradient)."""
import re

import numpy as np
import pytest


def test_qr_gradient_of_a_complete_deep_factorisation_is_not_implemented(tf):
    a = tf.zeros([2, 4, 3], tf.float64)
    with pytest.raises(NotImplementedError, match=re.escape(
            "QrGrad not implemented when nrows > ncols and full_matrices is true. Received "
            "r.shape=(2, 4, 3) with nrows=4and ncols=3.")):
        tf.gradients(tf.qr(a, full_matrices=True)[1], a)
    assert tf.gradients(tf.qr(a)[1], a)[0] is not None
    assert tf.gradients(tf.qr(tf.zeros([3, 4]), full_matrices=True)[0], [])  == []


def test_svd_gradient_of_full_vectors_needs_nearly_square_input(tf):
    a = tf.zeros([2, 5, 3], tf.float32, name="a")
    with pytest.raises(NotImplementedError, match=re.escape(
            "svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True. "
            "Received: m=3 and n=5 from op input=Tensor(\"a:0\", shape=(2, 5, 3), "
            "dtype=float32) with shape=(2, 5, 3).")):
        tf.gradients(tf.svd(a, full_matrices=True)[0], a)
    assert tf.gradients(tf.svd(a, full_matrices=True, compute_uv=False), a)[0] is not None
    assert tf.gradients(tf.svd(a)[1], a)[0] is not None


def test_matrix_solve_ls_gradient_needs_fast(tf):
    a = tf.constant(np.arange(12.0).reshape(3, 4) ** 0.5)
    x = tf.matrix_solve_ls(a, tf.ones([3, 1], tf.float64), fast=False)
    with pytest.raises(ValueError, match="Gradient not defined for fast=False"):
        tf.gradients(x, a)
    assert tf.gradients(tf.matrix_solve_ls(a, tf.ones([3, 1], tf.float64)), a)[0] is not None


@pytest.mark.parametrize("which", ["det", "slogdet", "slogdet_sign"])
def test_determinant_gradients_of_a_singular_matrix_fail_as_tfs_inverse(tf, which):
    m = tf.placeholder(tf.float64)
    y = {"det": lambda: tf.matrix_determinant(m),
         "slogdet": lambda: tf.linalg.slogdet(m)[1],
         "slogdet_sign": lambda: tf.linalg.slogdet(m)[0] * 1.0}[which]()
    grad = tf.gradients(y, m)[0]
    with tf.Session() as sess:
        assert sess.run(tf.matrix_determinant(m), {m: [[1., 2.], [2., 4.]]}) == 0
        with pytest.raises(tf.errors.InvalidArgumentError, match="Input is not invertible."):
            sess.run(grad, {m: [[[2., 1.], [1., 3.]], [[1., 2.], [2., 4.]]]})
        out = sess.run(grad, {m: [[2., 1.], [1., 3.]]})
    expected = {"det": [[3., -1.], [-1., 2.]], "slogdet": [[0.6, -0.2], [-0.2, 0.4]],
                "slogdet_sign": [[0., 0.], [0., 0.]]}[which]
    np.testing.assert_allclose(out, expected, atol=1e-12)
