"""Sparse variational GP (Hensman 2013/2015; GPflow-1 SVGP, whiten=True) for binary
classification with a Bernoulli-probit likelihood: q_sqrt as tf.matrix_band_part lower
triangle, KL(q(u)||N(0,I)) via trace and log-det of the Cholesky factor, conditional with
tf.matrix_triangular_solve(adjoint=True), Gauss-Hermite quadrature of the expected
log-likelihood (np.polynomial.hermite.hermgauss), minibatch scaling, Adam on all params."""
import numpy as np

TAGS = ['linalg', 'distributions', 'train']
TOLERANCE = {'*': (1e-4, 1e-6)}


def rbf(tf, A, B, ls, var):
    A, B = A / ls, B / ls
    d = tf.reduce_sum(A ** 2, 1, keepdims=True) - 2 * tf.matmul(A, B, transpose_b=True) \
        + tf.transpose(tf.reduce_sum(B ** 2, 1, keepdims=True))
    return var * tf.exp(-0.5 * d)


def main(tf):
    out = {}
    rng = np.random.RandomState(4)
    N, M, D = 40, 6, 1
    X = rng.uniform(-3, 3, (N, D))
    Y = (np.sin(2 * X[:, 0]) > 0).astype(np.float64)[:, None]
    dt = tf.float64
    with tf.variable_scope("SVGP"):
        Z = tf.get_variable("Z", initializer=np.linspace(-3, 3, M)[:, None])
        q_mu = tf.get_variable("q_mu", initializer=np.zeros((M, 1)))
        q_sqrt_raw = tf.get_variable("q_sqrt", initializer=np.eye(M)[None] * 1.0)
        log_ls = tf.get_variable("lengthscales", initializer=np.log(1.0), dtype=dt)
        log_var = tf.get_variable("variance", initializer=np.log(1.0), dtype=dt)
    q_sqrt = tf.matrix_band_part(q_sqrt_raw, -1, 0)
    x = tf.placeholder(dt, [None, D])
    y = tf.placeholder(dt, [None, 1])
    ls, var = tf.exp(log_ls), tf.exp(log_var)
    Kmm = rbf(tf, Z, Z, ls, var) + 1e-6 * tf.eye(M, dtype=dt)
    Kmn = rbf(tf, Z, x, ls, var)
    Lm = tf.cholesky(Kmm)
    A = tf.matrix_triangular_solve(Lm, Kmn, lower=True)
    fmean = tf.matmul(A, q_mu, transpose_a=True)
    LTA = tf.matmul(q_sqrt[0], A, transpose_a=True)
    fvar = var - tf.reduce_sum(tf.square(A), 0) + tf.reduce_sum(tf.square(LTA), 0)
    fvar = fvar[:, None]
    # KL whitened
    KL = 0.5 * tf.reduce_sum(tf.square(q_mu)) - 0.5 * M \
        - 0.5 * tf.reduce_sum(tf.log(tf.square(tf.matrix_diag_part(q_sqrt)))) \
        + 0.5 * tf.reduce_sum(tf.square(q_sqrt))
    # Gauss-Hermite quadrature for probit likelihood
    gh_x, gh_w = np.polynomial.hermite.hermgauss(20)
    gh_x = tf.constant(gh_x.reshape(1, -1), dt)
    gh_w = tf.constant(gh_w.reshape(-1, 1) / np.sqrt(np.pi), dt)
    Xq = gh_x * tf.sqrt(2.0 * fvar) + fmean
    normal = tf.distributions.Normal(tf.constant(0., dt), tf.constant(1., dt))
    p = normal.cdf(Xq) * (1 - 2e-3) + 1e-3
    logp = y * tf.log(p) + (1 - y) * tf.log(1 - p)
    var_exp = tf.matmul(logp, gh_w)
    scale = tf.cast(N, dt) / tf.cast(tf.shape(x)[0], dt)
    elbo = tf.reduce_sum(var_exp) * scale - KL
    # predictive at test points without whitening undone
    xs = tf.constant(np.linspace(-3, 3, 5)[:, None])
    As = tf.matrix_triangular_solve(Lm, rbf(tf, Z, xs, ls, var), lower=True)
    u_prior = tf.matrix_triangular_solve(Lm, tf.matmul(Lm, q_mu), lower=True, adjoint=False)
    u_back = tf.matrix_triangular_solve(Lm, tf.matmul(Lm, q_mu, transpose_a=True), lower=True,
                                        adjoint=True)
    ps = normal.cdf(tf.matmul(As, q_mu, transpose_a=True))
    out['static'] = [str(q_sqrt.shape), str(Xq.shape), str(var_exp.shape), str(fvar.shape),
                     q_sqrt.op.type, Z.op.name]
    opt = tf.train.AdamOptimizer(0.05)
    train = opt.minimize(-elbo)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hist = []
        for i in range(12):
            idx = np.arange(i * 10, i * 10 + 20) % N
            fd = {x: X[idx], y: Y[idx]}
            hist.append(sess.run([elbo, KL], fd))
            sess.run(train, fd)
        out['hist'] = np.array(hist)
        fd = {x: X, y: Y}
        out['final'] = sess.run([elbo, KL, ps, u_prior - q_mu, u_back], fd)
        out['params'] = sess.run([Z, q_sqrt[0], log_ls, log_var])
    return out
