"""Holt's exponential smoothing in tf.scan with trainable (sigmoid) smoothing parameters and its
gradient; a Kalman filter in tf.scan with tf.matrix_inverse / tf.linalg.solve / tf.cholesky, the
Gaussian log-likelihood via tf.matrix_determinant / logdet, and an RTS smoother with reverse scan."""
import numpy as np

TAGS = ['train', 'control_flow', 'linalg', 'gradients']

TOLERANCE = {'*': (1e-5, 1e-5)}


def main(tf):
    out = {}
    np.random.seed(9)
    T = 15
    y_np = (np.cumsum(np.random.randn(T) * 0.3) + np.arange(T) * 0.2).astype(np.float32)
    y = tf.constant(y_np, name='y')
    a_raw = tf.Variable(0.0, name='alpha_raw')
    b_raw = tf.Variable(-1.0, name='beta_raw')
    alpha, beta = tf.sigmoid(a_raw), tf.sigmoid(b_raw)

    def holt(state, obs):
        level, trend, _ = state
        new_level = alpha * obs + (1 - alpha) * (level + trend)
        new_trend = beta * (new_level - level) + (1 - beta) * trend
        return new_level, new_trend, level + trend

    init = (y[0], y[1] - y[0], tf.constant(0.0))
    levels, trends, fc = tf.scan(holt, y[1:], initializer=init)
    out['scan_shapes'] = [str(levels.shape), str(fc.shape)]
    sse = tf.reduce_sum(tf.square(y[1:] - fc))
    g = tf.gradients(sse, [a_raw, b_raw])
    train = tf.train.GradientDescentOptimizer(0.01).minimize(sse)
    # simple exponential smoothing with reverse & accumulate via scan
    ses = tf.scan(lambda acc, v: 0.3 * v + 0.7 * acc, y, initializer=y[0])
    rev = tf.scan(lambda acc, v: acc + v, y, reverse=True)
    cs = tf.cumsum(y, reverse=True, exclusive=True)
    # Kalman filter: constant-velocity model
    F = tf.constant([[1., 1.], [0., 1.]])
    H = tf.constant([[1., 0.]])
    Q = tf.eye(2) * 0.01
    R = tf.constant([[0.25]])

    def kf_step(carry, z):
        x, P, _ = carry
        x_pred = tf.matmul(F, x)
        P_pred = tf.matmul(tf.matmul(F, P), F, transpose_b=True) + Q
        S = tf.matmul(tf.matmul(H, P_pred), H, transpose_b=True) + R
        K = tf.matmul(tf.matmul(P_pred, H, transpose_b=True), tf.matrix_inverse(S))
        innov = tf.reshape(z, [1, 1]) - tf.matmul(H, x_pred)
        x_new = x_pred + tf.matmul(K, innov)
        P_new = tf.matmul(tf.eye(2) - tf.matmul(K, H), P_pred)
        ll = -0.5 * (tf.log(tf.matrix_determinant(S)) + tf.matmul(tf.linalg.solve(S, innov), innov, transpose_a=True)[0, 0]
                     + np.log(2 * np.pi))
        return x_new, P_new, ll

    x0 = tf.constant([[0.], [0.]])
    P0 = tf.eye(2)
    xs, Ps, lls = tf.scan(kf_step, y, initializer=(x0, P0, tf.constant(0.0)))
    out['kf_shapes'] = [str(xs.shape), str(Ps.shape), str(lls.shape)]
    chol = tf.cholesky(Ps)
    logdet = tf.linalg.logdet(Ps)
    slv = tf.matrix_solve(Ps, xs)
    tri = tf.matrix_triangular_solve(chol, xs, lower=True)
    inv_b = tf.matrix_inverse(Ps)
    # RTS smoother as reverse scan over (x, P) pairs

    def rts(carry, elem):
        xs_next, Ps_next = carry
        x, P = elem
        P_pred = tf.matmul(tf.matmul(F, P), F, transpose_b=True) + Q
        C = tf.matmul(tf.matmul(P, F, transpose_b=True), tf.matrix_inverse(P_pred))
        x_s = x + tf.matmul(C, xs_next - tf.matmul(F, x))
        P_s = P + tf.matmul(tf.matmul(C, Ps_next - P_pred), C, transpose_b=True)
        return x_s, P_s

    xsm, Psm = tf.scan(rts, (xs[:-1], Ps[:-1]), initializer=(xs[-1], Ps[-1]), reverse=True)
    q = tf.Variable(0.1, name='q_scale')
    S2 = Ps * q + tf.eye(2)
    nll = tf.reduce_sum(tf.linalg.logdet(S2)) + tf.reduce_sum(tf.matrix_solve(S2, xs) * xs)
    gq = tf.gradients(nll, q)
    out['op_types'] = sorted(set(o.type for o in tf.get_default_graph().get_operations()
                                 if o.type.startswith(('Matrix', 'Cholesky', 'LogMatrix'))
                                 and not o.name.startswith('gradients')))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['holt'] = sess.run([levels, trends, fc, sse])
        out['holt_grad'] = sess.run(g)
        for _ in range(5):
            sess.run(train)
        out['alpha_beta'] = sess.run([alpha, beta, sse])
        out['ses'], out['rev'], out['cs'] = sess.run([ses, rev, cs])
        out['kf'] = sess.run([xs, Ps, lls, tf.reduce_sum(lls)])
        out['lin'] = sess.run([chol, logdet, slv, tri, inv_b])
        out['rts'] = sess.run([xsm, Psm])
        out['gq'] = sess.run(gq)
    return out
