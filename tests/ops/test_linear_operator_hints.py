"""tf.linalg.LinearOperator hints and static argument checks as GP code (Kronecker grid kernels,
low-rank-plus-diagonal covariances) relies on. Expected values were recorded from TF 2.21
compat.v1, whose behaviour here is TF 1.15's."""
import numpy as np
import pytest


def _pd(tf, n):
    m = np.eye(n) * 2.0 + 0.5
    return tf.linalg.LinearOperatorFullMatrix(tf.constant(m), is_self_adjoint=True,
                                              is_positive_definite=True)


def test_kronecker_of_positive_definite_factors_is_positive_definite(tf):
    kron = tf.linalg.LinearOperatorKronecker([_pd(tf, 2), _pd(tf, 3)])
    assert kron.is_positive_definite is True
    assert kron.is_self_adjoint is True
    assert kron.is_non_singular is True
    plain = tf.linalg.LinearOperatorKronecker(
        [_pd(tf, 2), tf.linalg.LinearOperatorFullMatrix(tf.ones([2, 2], tf.float64))])
    assert plain.is_positive_definite is None


def test_kronecker_refuses_a_false_hint_its_factors_contradict(tf):
    with pytest.raises(ValueError, match="The Kronecker product of positive-definite operators"):
        tf.linalg.LinearOperatorKronecker([_pd(tf, 2), _pd(tf, 3)], is_positive_definite=False)
    with pytest.raises(ValueError, match="The Kronecker product of self-adjoint operators"):
        tf.linalg.LinearOperatorKronecker([_pd(tf, 2)], is_self_adjoint=False)


def test_low_rank_update_defaults_and_hints(tf):
    base = tf.linalg.LinearOperatorDiag(tf.constant([0.1, 0.2, 0.3], tf.float64),
                                        is_positive_definite=True, is_self_adjoint=True)
    u = tf.constant(np.arange(6.0).reshape(3, 2))
    lr = tf.linalg.LinearOperatorLowRankUpdate(base, u)
    assert lr.is_diag_update_positive is True
    assert (lr.is_self_adjoint, lr.is_positive_definite) == (True, True)
    lr_d = tf.linalg.LinearOperatorLowRankUpdate(base, u, diag_update=[1.0, -1.0])
    assert lr_d.is_diag_update_positive is None
    assert (lr_d.is_self_adjoint, lr_d.is_positive_definite) == (True, None)
    lr_v = tf.linalg.LinearOperatorLowRankUpdate(base, u, v=u + 1.0)
    assert (lr_v.is_self_adjoint, lr_v.is_positive_definite) == (None, None)
    with pytest.raises(ValueError, match="Default diagonal is the identity, which is positive"):
        tf.linalg.LinearOperatorLowRankUpdate(base, u, is_diag_update_positive=False)
    with pytest.raises(ValueError, match="must be a self-adjoint operator"):
        tf.linalg.LinearOperatorLowRankUpdate(base, u, is_self_adjoint=False)
    with pytest.raises(ValueError, match="Arguments imply this is self-adjoint positive-definite"):
        tf.linalg.LinearOperatorLowRankUpdate(base, u, is_non_singular=False)


def test_matmul_and_solve_check_the_argument_dimension(tf):
    op = tf.linalg.LinearOperatorFullMatrix(tf.ones([4, 3]))
    for call in [lambda: op.matmul(tf.ones([4, 1])),
                 lambda: op.matmul(tf.ones([2, 3]), adjoint=True, adjoint_arg=True),
                 lambda: op.matvec(tf.ones([4])),
                 lambda: op.matvec(tf.ones([3]), adjoint=True)]:
        with pytest.raises(ValueError, match="Dimensions (3 and 4|4 and 3) are not compatible"):
            call()
    sq = tf.linalg.LinearOperatorFullMatrix(tf.eye(3) * 2.0)
    with pytest.raises(ValueError, match="Dimensions 3 and 2 are not compatible"):
        sq.solve(tf.ones([2, 1]))
    with pytest.raises(ValueError, match="Dimensions 3 and 2 are not compatible"):
        sq.solvevec(tf.ones([2]))
    ok = [op.matmul(tf.ones([3, 2])), op.matmul(tf.ones([2, 4]), adjoint=True, adjoint_arg=True),
          op.matvec(tf.placeholder(tf.float32, [None])), sq.solvevec(tf.ones([3]))]
    assert [o.shape.as_list() for o in ok] == [[4, 2], [3, 2], [4], [3]]
