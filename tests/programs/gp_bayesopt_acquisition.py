"""Bayesian optimisation acquisition functions in TF1 (GPflowOpt / Emukit style): a GP
posterior on candidates, EI / PI / UCB / LCB with tf.distributions.Normal cdf, prob, log_cdf,
quantile; gradients w.r.t. candidates; acquisition maximisation by projected gradient ascent."""
import numpy as np
TAGS = ['linalg', 'distributions', 'train']
TOLERANCE = {'*': (1e-5, 1e-8)}


def main(tf):
    rng = np.random.RandomState(21)
    X = rng.rand(8, 2)
    Y = (np.sum((X - 0.4) ** 2, 1, keepdims=True) + 0.01 * rng.randn(8, 1))
    dt = tf.float64
    x = tf.constant(X)
    y = tf.constant(Y)
    cand0 = rng.rand(6, 2)
    cand = tf.Variable(cand0, name='candidates')
    ls, sf2, sn2 = 0.3, 1.0, 1e-4

    def K(A, B):
        d = tf.reduce_sum(tf.square(tf.expand_dims(A, 1) - tf.expand_dims(B, 0)), -1)
        return sf2 * tf.exp(-0.5 * d / ls ** 2)

    ymean = tf.reduce_mean(y)
    Kxx = K(x, x) + sn2 * tf.eye(8, dtype=dt)
    L = tf.cholesky(Kxx)
    alpha = tf.cholesky_solve(L, y - ymean)
    Ks = K(x, cand)
    mu = tf.squeeze(tf.matmul(Ks, alpha, transpose_a=True), 1) + ymean
    v = tf.matrix_triangular_solve(L, Ks)
    var = tf.maximum(sf2 - tf.reduce_sum(tf.square(v), 0), 1e-12)
    std = tf.sqrt(var)
    fmin = tf.reduce_min(y)
    normal = tf.distributions.Normal(loc=tf.constant(0., dt), scale=tf.constant(1., dt))
    gamma = (fmin - mu) / std
    ei = std * (gamma * normal.cdf(gamma) + normal.prob(gamma))
    pi = normal.cdf(gamma)
    log_pi = normal.log_cdf(gamma)
    beta = tf.constant(2.0, dt)
    lcb = mu - tf.sqrt(beta) * std
    ucb = -mu + tf.sqrt(beta) * std
    # the predictive distribution as a batch of Normals
    pred = tf.distributions.Normal(loc=mu, scale=std, name='predictive')
    q90 = pred.quantile(tf.constant(0.9, dt))
    ent = pred.entropy()
    lp = pred.log_prob(tf.zeros_like(mu))
    acq_grad = tf.gradients(tf.reduce_sum(ei), cand)[0]
    ucb_grad = tf.gradients(tf.reduce_sum(ucb), cand)[0]
    opt = tf.train.GradientDescentOptimizer(0.05)
    step = opt.minimize(-tf.reduce_sum(ei), var_list=[cand])
    with tf.control_dependencies([step]):
        project = tf.assign(cand, tf.clip_by_value(cand, 0.0, 1.0))
    best = tf.argmax(ei, 0)
    top = tf.nn.top_k(ei, k=3)
    res = {'batch_shape': str(pred.batch_shape), 'event_shape': str(pred.event_shape),
           'names': [pred.name, normal.name, ei.op.name, q90.op.name],
           'dtype': pred.dtype.name}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res.update(sess.run({'mu': mu, 'std': std, 'ei': ei, 'pi': pi, 'log_pi': log_pi,
                             'lcb': lcb, 'q90': q90, 'ent': ent, 'lp': lp,
                             'acq_grad': acq_grad, 'ucb_grad': ucb_grad, 'best': best,
                             'top': top}))
        trace = []
        for _ in range(15):
            sess.run(project)
            trace.append(sess.run(tf.reduce_max(ei)))
        res['trace'] = np.array(trace)
        res['cand'] = sess.run(cand)
    return res
