"""GPflow-1 SGPR (Titsias 2009) collapsed bound and prediction, and FITC: Kuu jitter,
cholesky, matrix_triangular_solve (lower / upper via adjoint), Z gradients; float64 Adam."""
import numpy as np
TAGS = ['linalg', 'train', 'gradients']
TOLERANCE = {'*': (1e-5, 1e-8)}


def main(tf):
    rng = np.random.RandomState(5)
    tf.set_random_seed(5)
    N = 30
    X = np.sort(rng.rand(N, 1) * 6, 0)
    Y = np.cos(X) + 0.1 * rng.randn(N, 1)
    Xs = np.linspace(-0.5, 6.5, 9)[:, None]
    dt = tf.float64
    x, y = tf.constant(X), tf.constant(Y)
    xs = tf.placeholder(dt, [None, 1])
    with tf.variable_scope('SGPR'):
        Z = tf.get_variable('feature/Z', initializer=X[::5].copy())
        log_ls = tf.get_variable('kern/lengthscales', initializer=np.log(np.float64(1.2)))
        log_var = tf.get_variable('kern/variance', initializer=np.float64(0.0))
        log_noise = tf.get_variable('likelihood/variance', initializer=np.log(np.float64(0.1)))
    ls, kv, sn2 = tf.exp(log_ls), tf.exp(log_var), tf.exp(log_noise)

    def K(A, B):
        d = tf.reduce_sum(tf.square(A), 1)[:, None] + tf.reduce_sum(tf.square(B), 1)[None, :] \
            - 2 * tf.matmul(A, B, transpose_b=True)
        return kv * tf.exp(-0.5 * d / tf.square(ls))

    jitter = 1e-6
    num_inducing = tf.shape(Z)[0]
    err = y - 0.0
    Kdiag = tf.fill([N], kv)
    Kuf = K(Z, x)
    Kuu = K(Z, Z) + jitter * tf.eye(num_inducing, dtype=dt)
    L = tf.cholesky(Kuu)
    sigma = tf.sqrt(sn2)
    A = tf.matrix_triangular_solve(L, Kuf, lower=True) / sigma
    AAT = tf.matmul(A, A, transpose_b=True)
    B = AAT + tf.eye(num_inducing, dtype=dt)
    LB = tf.cholesky(B)
    Aerr = tf.matmul(A, err)
    c = tf.matrix_triangular_solve(LB, Aerr, lower=True) / sigma
    bound = -0.5 * N * np.log(2 * np.pi)
    bound += -tf.reduce_sum(tf.log(tf.matrix_diag_part(LB)))
    bound -= 0.5 * N * tf.log(sn2)
    bound += -0.5 * tf.reduce_sum(tf.square(err)) / sn2
    bound += 0.5 * tf.reduce_sum(tf.square(c))
    bound += -0.5 * tf.reduce_sum(Kdiag) / sn2
    bound += 0.5 * tf.reduce_sum(tf.matrix_diag_part(AAT))
    # prediction
    Kus = K(Z, xs)
    tmp1 = tf.matrix_triangular_solve(L, Kus, lower=True)
    tmp2 = tf.matrix_triangular_solve(LB, tmp1, lower=True)
    mean = tf.matmul(tmp2, c, transpose_a=True)
    var = kv + tf.reduce_sum(tf.square(tmp2), 0) - tf.reduce_sum(tf.square(tmp1), 0)
    # the same solves with an upper factor: L^T x = b by lower=False and by adjoint=True
    LT = tf.transpose(L)
    up1 = tf.matrix_triangular_solve(LT, Kus, lower=False)
    up2 = tf.matrix_triangular_solve(L, Kus, lower=True, adjoint=True)
    # FITC
    V = tf.matrix_triangular_solve(L, Kuf)
    diagQff = tf.reduce_sum(tf.square(V), 0)
    nu = Kdiag - diagQff + sn2
    Bf = tf.eye(num_inducing, dtype=dt) + tf.matmul(V / nu, V, transpose_b=True)
    LBf = tf.cholesky(Bf)
    beta = err / tf.expand_dims(nu, 1)
    alpha = tf.matmul(V, beta)
    gamma = tf.matrix_triangular_solve(LBf, alpha, lower=True)
    fitc = -0.5 * tf.reduce_sum(tf.square(err) / tf.expand_dims(nu, 1)) \
        + 0.5 * tf.reduce_sum(tf.square(gamma)) - 0.5 * tf.reduce_sum(tf.log(nu)) \
        - tf.reduce_sum(tf.log(tf.matrix_diag_part(LBf))) - 0.5 * N * np.log(2 * np.pi)
    params = [Z, log_ls, log_var, log_noise]
    g_bound = tf.gradients(bound, params)
    g_fitc = tf.gradients(fitc, params)
    opt = tf.train.AdamOptimizer(0.05)
    train = opt.minimize(-bound, var_list=params)
    res = {'shapes': [str(t.get_shape()) for t in (Kuf, A, c, mean, var, up2)],
           'slots': sorted(v.op.name for v in tf.global_variables())}
    fd = {xs: Xs}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res.update(sess.run({'bound0': bound, 'fitc0': fitc, 'g_bound': g_bound,
                             'g_fitc': g_fitc, 'mean0': mean, 'var0': var,
                             'up_diff': up1 - up2, 'up1': up1}, fd))
        trace = []
        for i in range(25):
            sess.run(train)
            trace.append(sess.run(bound))
        res['trace'] = np.array(trace)
        res.update(sess.run({'Z': Z, 'mean1': mean, 'var1': var, 'hyp': [ls, kv, sn2]}, fd))
    return res
