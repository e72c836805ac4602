"""GPflow-1 SVGP (non-whitened, Gaussian likelihood) with q_sqrt as a tf.matrix_band_part
lower triangle, gauss_kl, and a natural-gradient step (Salimbeni 2018) through expectation
parameters, as GPflow's NatGradOptimizer does, with Adam on the hyper-parameters."""
import numpy as np
TAGS = ['linalg', 'train', 'gradients']
TOLERANCE = {'*': (1e-5, 1e-8)}


def main(tf):
    rng = np.random.RandomState(11)
    N, M = 25, 5
    X = rng.rand(N, 1) * 5
    Y = np.sin(2 * X) + 0.2 * rng.randn(N, 1)
    dt = tf.float64
    x, y = tf.constant(X), tf.constant(Y)
    Z = tf.constant(np.linspace(0, 5, M)[:, None])
    log_ls = tf.Variable(np.log(0.8), name='lengthscales')
    log_noise = tf.Variable(np.log(0.05), name='noise')
    q_mu = tf.Variable(np.zeros((M, 1)), name='q_mu')
    q_sqrt_raw = tf.Variable(np.eye(M)[None] * 1.0 + 0.01 * rng.randn(1, M, M), name='q_sqrt')
    q_sqrt = tf.matrix_band_part(q_sqrt_raw, -1, 0)
    ls, sn2 = tf.exp(log_ls), tf.exp(log_noise)

    def K(A, B):
        d = tf.square(A - tf.transpose(B))
        return tf.exp(-0.5 * d / ls ** 2)

    Kuu = K(Z, Z) + 1e-6 * tf.eye(M, dtype=dt)
    Kuf = K(Z, x)
    Lu = tf.cholesky(Kuu)

    def elbo(m, S_sqrt):
        # conditional (not whitened)
        Am = tf.matrix_triangular_solve(Lu, Kuf, lower=True)
        Am = tf.matrix_triangular_solve(tf.transpose(Lu), Am, lower=False)
        fmean = tf.matmul(Am, m, transpose_a=True)
        SA = tf.matmul(S_sqrt, tf.tile(Am[None], [1, 1, 1]), transpose_a=True)
        fvar = 1.0 - tf.reduce_sum(Kuf * Am, 0) + tf.reduce_sum(tf.square(SA), [0, 1])
        fvar = tf.expand_dims(fvar, 1)
        var_exp = -0.5 * np.log(2 * np.pi) - 0.5 * tf.log(sn2) \
            - 0.5 * (tf.square(y - fmean) + fvar) / sn2
        # gauss_kl(q_mu, q_sqrt, K)
        alpha = tf.matrix_triangular_solve(Lu, m, lower=True)
        mahal = tf.reduce_sum(tf.square(alpha))
        Lq = tf.matrix_band_part(S_sqrt, -1, 0)
        Lq_diag = tf.matrix_diag_part(Lq)
        logdet_qcov = tf.reduce_sum(tf.log(tf.square(Lq_diag)))
        LpiLq = tf.matrix_triangular_solve(tf.tile(Lu[None], [1, 1, 1]), Lq, lower=True)
        trace = tf.reduce_sum(tf.square(LpiLq))
        logdet_p = 2 * tf.reduce_sum(tf.log(tf.matrix_diag_part(Lu)))
        kl = 0.5 * (mahal + trace - M - logdet_qcov + logdet_p)
        return tf.reduce_sum(var_exp) - kl, kl

    L_elbo, kl = elbo(q_mu, q_sqrt)
    # natural gradient: expectation params eta1 = m, eta2 = S + m m^T
    S = tf.matmul(q_sqrt[0], q_sqrt[0], transpose_b=True)
    eta1 = tf.identity(q_mu)
    eta2 = S + tf.matmul(q_mu, q_mu, transpose_b=True)
    e1 = tf.placeholder(dt, [M, 1])
    e2 = tf.placeholder(dt, [M, M])
    S_e = e2 - tf.matmul(e1, e1, transpose_b=True)
    L_e, _ = elbo(e1, tf.cholesky(S_e)[None])
    de1, de2 = tf.gradients(L_e, [e1, e2])
    gamma = tf.placeholder(dt, [])
    Sinv = tf.matrix_inverse(S)
    nat1 = tf.matmul(Sinv, q_mu)
    nat2 = -0.5 * Sinv
    new1 = nat1 + gamma * de1
    new2 = nat2 + gamma * 0.5 * (de2 + tf.transpose(de2))
    S_new = tf.matrix_inverse(-2.0 * new2)
    m_new = tf.matmul(S_new, new1)
    L_new = tf.cholesky(S_new)
    nat_step = tf.group(tf.assign(q_mu, m_new), tf.assign(q_sqrt_raw, L_new[None]))
    hyp_train = tf.train.AdamOptimizer(0.01).minimize(-L_elbo, var_list=[log_ls, log_noise])
    res = {'q_sqrt_shape': str(q_sqrt.get_shape()), 'de2_shape': str(de2.get_shape())}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['elbo0'], res['kl0'] = sess.run([L_elbo, kl])
        res['g0'] = sess.run(tf.gradients(L_elbo, [q_mu, q_sqrt_raw, log_ls]))
        trace = []
        for it in range(4):
            ev1, ev2 = sess.run([eta1, eta2])
            new = sess.run([m_new, L_new], {e1: ev1, e2: ev2, gamma: 1.0 if it else 0.1})
            sess.run(nat_step, {e1: ev1, e2: ev2, gamma: 1.0 if it else 0.1})
            sess.run(hyp_train)
            trace.append(sess.run(L_elbo))
        res['new_last'] = new
        res['trace'] = np.array(trace)
        res['q_mu'], res['q_sqrt'] = sess.run([q_mu, q_sqrt])
    return res
