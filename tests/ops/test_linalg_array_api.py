"""Tricky semantics of issue 12's linear-algebra and array names (tf.linalg decompositions and
LinearOperators, tf.bitwise, tf.sets, tensor scatters, stitches). Expected values were recorded
from TF 2.21 compat.v1 (TFCOMPAT_TEST_AGAINST_TF=1 runs these against it)."""
import numpy as np
import pytest

_PD = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]]


def _run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_aliases_are_one_object(tf):
    assert tf.linalg.svd is tf.svd
    assert tf.linalg.eigh is tf.self_adjoint_eig
    assert tf.linalg.eigvalsh is tf.self_adjoint_eigvals
    assert tf.linalg.lstsq is tf.matrix_solve_ls
    assert tf.linalg.sqrtm is tf.matrix_square_root
    assert tf.linalg.cross is tf.cross
    assert tf.manip.roll is tf.roll
    assert tf.manip.reverse is tf.reverse_v2 is tf.reverse
    assert tf.sets.size is tf.sets.set_size
    assert tf.sets.difference is tf.sets.set_difference
    assert tf.tensor_scatter_update is tf.tensor_scatter_nd_update
    assert tf.tensor_scatter_add is tf.tensor_scatter_nd_add


def test_eigh_gradient_lives_in_the_lower_triangle(tf):
    # TF's kernel reads the lower triangle, so its gradient folds the symmetric one there
    x = tf.constant(_PD)
    grad = tf.gradients(tf.reduce_sum(tf.self_adjoint_eigvals(x) * [1.0, 2.0, 3.0]), x)[0]
    expected = [[2.64995, 0.0, 0.0], [0.845669, 2.2611828, 0.0],
                [0.7635091, 0.24548265, 1.088866]]
    np.testing.assert_allclose(_run(tf, grad), expected, rtol=1e-4, atol=1e-5)


def test_solve_ls_slow_path_ignores_l2_regularizer(tf):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]])
    b = tf.constant([[1.0], [2.0], [2.5]])
    slow, fast = _run(tf, [tf.matrix_solve_ls(a, b, l2_regularizer=0.5, fast=False),
                           tf.matrix_solve_ls(a, b, l2_regularizer=0.5)])
    np.testing.assert_allclose(slow, [[-0.14285795], [0.5000006]], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(fast, [[0.11698261], [0.3132065]], rtol=1e-4, atol=1e-5)


def test_tridiagonal_solve_transposed_rhs_and_singular(tf):
    diags = tf.constant([[2.0, 1.0, 0.0], [4.0, 5.0, 6.0], [0.0, 1.0, 3.0]])
    rhs_t = tf.constant([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]])
    solved = tf.linalg.tridiagonal_solve(diags, rhs_t, transpose_rhs=True)
    assert solved.shape.as_list() == [3, 2]  # the solution is [M, K]: only rhs is transposed
    singular = tf.linalg.tridiagonal_solve(
        tf.constant([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0, 1.0]]), tf.ones([3, 2]))
    assert np.isnan(_run(tf, singular)).all()


def test_lu_permutation_and_no_gradient(tf):
    a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]])
    lu, p = tf.linalg.lu(a)
    lu_v, p_v = _run(tf, [lu, p])
    np.testing.assert_array_equal(p_v, [2, 0, 1])
    np.testing.assert_allclose(lu_v[0], [7.0, 8.0, 10.0])
    with pytest.raises(LookupError):
        tf.gradients(tf.reduce_sum(lu), a)


def test_bitwise_shifts_clamp_the_amount(tf):
    a = tf.constant([1, -8, 5, 127], tf.int8)
    b = tf.constant([9, -1, 2, 1], tf.int8)
    u = tf.constant([1, 200], tf.uint8)
    out = _run(tf, [tf.bitwise.left_shift(a, b), tf.bitwise.right_shift(a, b),
                    tf.bitwise.invert(a), tf.bitwise.left_shift(u, tf.constant([9, 1], tf.uint8))])
    np.testing.assert_array_equal(out[0], [-128, -8, 20, -2])
    np.testing.assert_array_equal(out[1], [0, -8, 1, 63])
    np.testing.assert_array_equal(out[2], [-2, 7, -6, -128])
    np.testing.assert_array_equal(out[3], [128, 144])


def test_sets_sparse_first_operand_is_flipped(tf):
    sa = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([1, 3, 2]), [3, 2])
    dense = [[1, 5], [6, 6], [9, 8]]
    union = tf.sets.union(sa, dense)
    diff = tf.sets.difference(dense, sa)
    size = tf.sets.size(sa)
    union_v, diff_v, size_v = _run(tf, [union, diff, size])
    np.testing.assert_array_equal(union_v.values, [1, 3, 5, 6, 2, 8, 9])
    np.testing.assert_array_equal(union_v.dense_shape, [3, 3])
    np.testing.assert_array_equal(diff_v.values, [5, 6, 8, 9])
    np.testing.assert_array_equal(diff_v.indices, [[0, 0], [1, 0], [2, 0], [2, 1]])
    np.testing.assert_array_equal(size_v, [2, 0, 1])
    with pytest.raises(TypeError):
        tf.sets.size(tf.constant([[1, 2]]))


def test_unique_with_counts_and_stitch_order(tf):
    y, idx, count = tf.unique_with_counts([4, 1, 4, 2, 1, 4])
    stitched = tf.dynamic_stitch([[0, 1], [1]], [[1.0, 2.0], [3.0]])
    out = _run(tf, [y, idx, count, stitched])
    np.testing.assert_array_equal(out[0], [4, 1, 2])
    np.testing.assert_array_equal(out[1], [0, 1, 0, 2, 1, 0])
    np.testing.assert_array_equal(out[2], [3, 2, 1])
    np.testing.assert_array_equal(out[3], [1.0, 3.0])  # a later index wins


def test_tensor_scatter_nd_max_keeps_larger(tf):
    out = tf.tensor_scatter_nd_max([1, 2, 3], [[0], [2]], [9, -4])
    assert out.op.type == "TensorScatterMax"
    np.testing.assert_array_equal(_run(tf, out), [9, 2, 3])


def test_complex_matmul_adjoint_conjugates(tf):
    a = tf.constant([[1 + 1j, 2], [0, 1j]], tf.complex64)
    out = _run(tf, tf.matmul(a, tf.eye(2, dtype=tf.complex64), adjoint_a=True))
    np.testing.assert_allclose(out, [[1 - 1j, 0], [2, -1j]])


def test_linear_operator_names_and_hints(tf):
    full = tf.linalg.LinearOperatorFullMatrix([[1.0, 2.0], [3.0, 4.0]])
    diag = tf.linalg.LinearOperatorDiag([1.0, 2.0])
    kron = tf.linalg.LinearOperatorKronecker([full, diag])
    assert kron.name == "LinearOperatorFullMatrix_x_LinearOperatorDiag"
    assert kron.shape.as_list() == [4, 4]
    assert diag.is_self_adjoint is True and full.is_self_adjoint is None
    assert type(full.matmul(diag)).__name__ == "LinearOperatorComposition"
    assert type(diag.inverse()).__name__ == "LinearOperatorDiag"
    house = tf.linalg.LinearOperatorHouseholder([1.0, 2.0])
    assert (house.is_self_adjoint, house.is_positive_definite) == (True, False)
    with pytest.raises(ValueError, match="num_rows\\(2\\) != num_columns\\(3\\)"):
        tf.linalg.LinearOperatorZeros(2, 3)
    np.testing.assert_allclose(_run(tf, kron.to_dense()),
                               [[1, 0, 2, 0], [0, 2, 0, 4], [3, 0, 4, 0], [0, 6, 0, 8]])


def test_repeat_static_shape(tf):
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    assert tf.repeat(m, 2).shape.as_list() == [8]
    assert tf.repeat(tf.placeholder(tf.float32, [None, 2]), [1, 3], axis=0) \
        .shape.as_list() == [None, 2]
    np.testing.assert_array_equal(_run(tf, tf.repeat(m, [0, 2], axis=1)),
                                  [[2.0, 2.0], [4.0, 4.0]])


def test_eigh_eigenvector_gradient_with_equal_eigenvalues_is_finite(tf):
    # recorded from TF 2.21 compat.v1: TF's gradient takes 1/(e_j - e_i) through _SafeReciprocal,
    # so a repeated eigenvalue adds nothing (torch's own eigh gradient gives NaN there)
    x = tf.constant([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 5.0]])
    e, v = tf.self_adjoint_eig(x)
    grad = tf.gradients(tf.reduce_sum(v * [[1.0, 2.0, 3.0]]) + tf.reduce_sum(e * [1.0, 2.0, 3.0]),
                        x)[0]
    expected = [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.6666666, 0.3333333, 3.0]]
    np.testing.assert_allclose(_run(tf, grad), expected, rtol=1e-5, atol=1e-6)


def test_norm_matrix_2_norm_is_the_largest_singular_value(tf):
    # recorded from TF 2.21 compat.v1 (TF 1.15 rejected ord=2 with a pair of axes)
    a = tf.constant([[[1.0, 2.0], [3.0, 4.0]], [[0.0, -2.0], [1.0, 0.5]]])
    norms = tf.norm(a, ord=2, axis=[1, 2])
    kept = tf.norm(a, ord=2, axis=[-1, 0], keepdims=True)
    grad = tf.gradients(tf.reduce_sum(norms), a)[0]
    got = _run(tf, [norms, kept, grad])
    np.testing.assert_allclose(got[0], [5.4649854, 2.0797079], rtol=1e-5)
    np.testing.assert_allclose(got[1], [[[2.9208097], [5.0999703]]], rtol=1e-5)
    np.testing.assert_allclose(got[2], [[[0.2330424, 0.3306883], [0.5268045, 0.7475383]],
                                        [[-0.1414073, -0.9404106], [0.0459834, 0.3058063]]],
                               rtol=1e-4, atol=1e-6)


def test_cross_last_dimension_must_be_3(tf):
    # TF's Cross shape function: Merge, then WithValue(last dim, 3)
    with pytest.raises(ValueError) as info:
        tf.cross(tf.placeholder(tf.float32, [4, 2]), tf.placeholder(tf.float32, [4, 2]))
    assert str(info.value).startswith("Dimension must be 3 but is 2 for '{{node Cross}} = ")
    with pytest.raises(ValueError) as info:
        tf.cross(tf.placeholder(tf.float32, [4, 3]), tf.placeholder(tf.float32, [5, 3]))
    assert str(info.value).startswith("Dimension 0 in both shapes must be equal, but are 4 and "
                                      "5. Shapes are [4,3] and [5,3]. for ")
    assert tf.cross(tf.placeholder(tf.float32, [None, 3]),
                    tf.placeholder(tf.float32, [4, 3])).shape.as_list() == [4, 3]
