"""Structured GP algebra with tf.linalg.LinearOperator (TF 1.13-1.15 GPflow/GPyTorch-style ports):
Kronecker-product kernels on a grid, low-rank-plus-diagonal (Nystrom / sparse GP) covariances
with LinearOperatorLowRankUpdate, block-diagonal multi-output kernels, circulant (FFT) kernels,
composition/adjoint/inverse operators, solve/matvec/logdet/trace/diag_part/add_to_tensor."""
import numpy as np

TAGS = ['linalg', 'shapes']
TOLERANCE = {'*': (1e-4, 1e-6)}


def rbf_1d(tf, x, ls):
    d = x[:, None] - x[None, :]
    return tf.exp(-0.5 * tf.square(d / ls))


def main(tf):
    out, fetch = {}, {}
    la = tf.linalg
    rng = np.random.RandomState(7)
    dt = tf.float64
    g1 = tf.constant(np.linspace(0, 1, 4), dt)
    g2 = tf.constant(np.linspace(0, 2, 3), dt)
    jitter = 1e-6
    K1 = la.LinearOperatorFullMatrix(rbf_1d(tf, g1, 0.5) + jitter * tf.eye(4, dtype=dt),
                                     is_self_adjoint=True, is_positive_definite=True)
    K2 = la.LinearOperatorFullMatrix(rbf_1d(tf, g2, 1.0) + jitter * tf.eye(3, dtype=dt),
                                     is_self_adjoint=True, is_positive_definite=True)
    kron = la.LinearOperatorKronecker([K1, K2])
    y = tf.constant(rng.randn(12, 1), dt)
    fetch['kron'] = [kron.to_dense(), kron.matmul(y), kron.log_abs_determinant(),
                     kron.trace(), kron.diag_part(), kron.solve(y)]
    out['kron_static'] = [str(kron.shape), kron.name, str(kron.is_positive_definite),
                          str(kron.is_self_adjoint), kron.dtype.name,
                          str(kron.domain_dimension), str(kron.range_dimension),
                          str(kron.batch_shape), str(kron.tensor_rank)]
    # sparse GP: sigma^2 I + Z Z^T
    Z = tf.constant(rng.randn(6, 2), dt)
    noise = la.LinearOperatorDiag(tf.constant([0.1] * 6, dt), is_positive_definite=True,
                                  is_self_adjoint=True)
    lr = la.LinearOperatorLowRankUpdate(noise, Z, is_positive_definite=True,
                                        is_self_adjoint=True)
    b = tf.constant(rng.randn(6, 2), dt)
    fetch['lowrank'] = [lr.to_dense(), lr.solve(b), lr.log_abs_determinant(),
                        lr.matvec(b[:, 0]), lr.solvevec(b[:, 0])]
    out['lowrank_static'] = [str(lr.shape), lr.name, str(lr.is_diag_update_positive)]
    # block diag multi-output
    bd = la.LinearOperatorBlockDiag([K1, la.LinearOperatorScaledIdentity(2, tf.constant(3., dt))])
    fetch['bd'] = [bd.to_dense(), bd.determinant(), bd.matvec(tf.ones(6, dt))]
    out['bd_static'] = [str(bd.shape), bd.name]
    # circulant (stationary kernel on a ring)
    spec = tf.cast(tf.constant([4., 1., 0.5, 1.]), tf.complex128)
    circ = la.LinearOperatorCirculant(spec, is_self_adjoint=True,
                                      input_output_dtype=dt)
    fetch['circ'] = [circ.to_dense(), circ.matvec(tf.constant([1., 2., 3., 4.], dt)),
                     circ.log_abs_determinant(), circ.convolution_kernel()]
    out['circ_static'] = [str(circ.shape), circ.dtype.name, circ.name]
    # composition, adjoint, inverse, identity
    L = la.LinearOperatorLowerTriangular(tf.linalg.cholesky(K1.to_dense()))
    comp = la.LinearOperatorComposition([L, L.adjoint()])
    fetch['comp'] = [comp.to_dense() - K1.to_dense(), comp.log_abs_determinant(),
                     la.LinearOperatorInversion(L).matvec(tf.ones(4, dt)),
                     L.adjoint().to_dense(), L.add_to_tensor(tf.eye(4, dtype=dt))]
    out['comp_static'] = [comp.name, L.adjoint().name, str(comp.shape)]
    ident = la.LinearOperatorIdentity(3, dtype=dt, batch_shape=[2])
    fetch['ident'] = [ident.to_dense(), ident.matmul(tf.ones([2, 3, 1], dt)),
                      ident.log_abs_determinant()]
    out['ident_static'] = [str(ident.shape), str(ident.batch_shape)]
    diag = la.LinearOperatorDiag(tf.constant([[1., 2.], [3., 4.]], dt))
    fetch['diag'] = [diag.solve(tf.ones([2, 2, 1], dt)), diag.determinant(),
                     diag.inverse().to_dense() if hasattr(diag, 'inverse') else diag.to_dense(),
                     la.matvec(diag.to_dense(), tf.ones([2, 2], dt)),
                     la.adjoint(tf.constant([[1 + 2j, 3j]], tf.complex64))]
    # errors
    errs = []
    for build in [
                  lambda: la.LinearOperatorComposition([K1, K2]),
                  lambda: la.LinearOperatorFullMatrix(tf.ones([2, 3]), is_self_adjoint=True,
                                                      is_square=False),
                  lambda: la.LinearOperatorDiag([1., 2.], is_self_adjoint=False),
                  lambda: K1.matmul(tf.ones([3, 1], dt))]:
        try:
            build()
            errs.append("none")
        except (ValueError, TypeError) as e:
            errs.append("%s: %s" % (type(e).__name__, str(e).split('\n')[0][:120]))
    out['errors'] = errs
    with tf.Session() as sess:
        out['vals'] = sess.run(fetch)
    return out
