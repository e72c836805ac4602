"""Run-time texts of the linear-algebra kernels GP code trips over (sweep S58): TF 2's
broadcasting MatrixTriangularSolve checks, Qr's rank check, and StridedSlice's out-of-bounds
index (a negative index is named after adding the dimension's size)."""
import re

import numpy as np
import pytest


def _run_error(tf, build, *feeds):
    phs = [tf.placeholder(tf.float64 if np.asarray(f).dtype.kind == "f" else tf.int32)
           for f in feeds]
    out = build(tf, *phs)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(out, dict(zip(phs, feeds)))
    return str(info.value)


@pytest.mark.parametrize("matrix, rhs, kwargs, message", [
    (np.eye(2), np.ones((3, 1)), {}, "In[0] mismatch In[1] shape: 2 vs. 3: [2,2] [3,1] 1 0"),
    (np.eye(2), np.ones((3, 1)), {"adjoint": True},
     "In[0] mismatch In[1] shape: 2 vs. 3: [2,2] [3,1] 1 1"),
    (np.ones((2, 3, 3)), np.ones((2, 2, 1)), {"lower": False, "adjoint": True},
     "In[0] mismatch In[1] shape: 3 vs. 2: [2,3,3] [2,2,1] 0 1"),
    (np.ones((2, 3)), np.ones((3, 1)), {},
     "In[0] matrices in the last dimensions must be square (3 =/= 2)"),
    (np.ones(3), np.ones((3, 1)), {}, "In[0] ndims must be >= 2: 1"),
    (np.eye(3), np.ones(3), {}, "In[1] ndims must be >= 2: 1"),
    (np.ones((2, 3, 3)), np.ones((4, 3, 1)), {},
     "In[0] and In[1] must have compatible batch dimensions: [2,3,3] vs. [4,3,1]"),
    (np.ones((0, 3, 3)), np.ones((2, 3, 1)), {},
     "In[0] and In[1] must have compatible batch dimensions: [0,3,3] vs. [2,3,1]"),
])
def test_triangular_solve_kernel_errors(tf, matrix, rhs, kwargs, message):
    text = _run_error(tf, lambda tf, m, r: tf.matrix_triangular_solve(m, r, **kwargs),
                      matrix, rhs)
    assert message in text


def test_triangular_solve_broadcasts_batch_dims(tf):
    m = tf.placeholder(tf.float64)
    r = tf.placeholder(tf.float64)
    with tf.Session() as sess:
        out = sess.run(tf.matrix_triangular_solve(m, r),
                       {m: np.tile(2 * np.eye(3), (2, 1, 1, 1)), r: np.ones((4, 3, 2))})
    np.testing.assert_allclose(out, np.full((2, 4, 3, 2), 0.5))


def test_qr_of_a_vector_is_tfs_rank_error(tf):
    text = _run_error(tf, lambda tf, p: tf.qr(p)[0], np.ones(3))
    assert "Input tensor 0 must have rank >= 2, got 1" in text


@pytest.mark.parametrize("index, feed, message", [
    ((-2,), [5], "slice index -1 of dimension 0 out of bounds."),
    ((-5,), [5, 6], "slice index -3 of dimension 0 out of bounds."),
    ((3,), [5, 6], "slice index 3 of dimension 0 out of bounds."),
    ((slice(None), -3), np.ones((2, 2), np.int32), "slice index -1 of dimension 1 out of bounds."),
])
def test_strided_slice_run_time_index_errors(tf, index, feed, message):
    text = _run_error(tf, lambda tf, p: p[index], np.asarray(feed, np.int32))
    assert message in text


@pytest.mark.parametrize("shape, index, message", [
    ([1], (-2,), "slice index -1 of dimension 0 out of bounds."),
    ([2, 2], (slice(None), -5), "slice index -3 of dimension 1 out of bounds."),
    ([2], (4,), "slice index 4 of dimension 0 out of bounds."),
])
def test_strided_slice_build_time_index_errors(tf, shape, index, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        tf.zeros(shape)[index]
