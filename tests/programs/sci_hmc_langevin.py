"""Hand-written HMC and Langevin dynamics (2017 blog/course style): tf.gradients of an
unnormalized log density inside tf.while_loop leapfrog steps, Metropolis accept with
tf.random_uniform and tf.where, chains as a batch, SGLD with tf.random_normal noise."""
import numpy as np

TAGS = ['control_flow', 'gradients', 'random']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    tf.set_random_seed(17)
    mu = tf.constant([1.0, -1.0])
    prec = tf.constant([[2.0, 0.9], [0.9, 1.0]])

    def log_prob(x):  # x: [chains, 2]
        d = x - mu
        return -0.5 * tf.reduce_sum(tf.matmul(d, prec) * d, axis=1)

    def grad_lp(x):
        return tf.gradients(log_prob(x), x)[0]

    def leapfrog(x, p, eps, L):
        def body(i, x, p):
            p = p + 0.5 * eps * grad_lp(x)
            x = x + eps * p
            p = p + 0.5 * eps * grad_lp(x)
            return i + 1, x, p
        _, x, p = tf.while_loop(lambda i, *_: i < L, body, [tf.constant(0), x, p],
                                back_prop=False, name="leapfrog",
                                parallel_iterations=1)
        return x, p

    chains = 4
    x0 = tf.placeholder(tf.float32, [chains, 2], name="x0")

    def hmc_step(i, x, acc, samples):
        p0 = tf.random_normal(tf.shape(x), seed=1)
        x1, p1 = leapfrog(x, p0, 0.2, 5)
        h0 = -log_prob(x) + 0.5 * tf.reduce_sum(tf.square(p0), 1)
        h1 = -log_prob(x1) + 0.5 * tf.reduce_sum(tf.square(p1), 1)
        log_accept = tf.minimum(0., h0 - h1)
        u = tf.random_uniform([chains], seed=2)
        accept = tf.log(u) < log_accept
        x_new = tf.where(accept, x1, x)
        samples = samples.write(i, x_new)
        return i + 1, x_new, acc + tf.cast(accept, tf.float32), samples

    n = 30
    ta = tf.TensorArray(tf.float32, size=n, element_shape=[chains, 2])
    _, xf, acc, ta = tf.while_loop(lambda i, *_: i < n, hmc_step,
                                   [tf.constant(0), x0, tf.zeros([chains]), ta],
                                   parallel_iterations=1)
    samples = ta.stack()
    out['static'] = [str(samples.shape), str(xf.shape), str(acc.shape),
                     samples.op.type, xf.name]  # op type: tfcompat's While op (Identity)
    # Langevin (MALA-free ULA) with a Python loop of graph steps
    x = tf.Variable(tf.zeros([chains, 2]), name="x_sgld")
    eps = 0.05
    step = x.assign_add(0.5 * eps * grad_lp(x.read_value())
                        + tf.sqrt(eps) * tf.random_normal([chains, 2], seed=3))
    # energy-based gradient check with tf.hessians
    xq = tf.constant([[0.5, 0.5]])
    hess = tf.hessians(log_prob(xq), xq)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        init = np.zeros((chains, 2), np.float32)
        s, a, f = sess.run([samples, acc, xf], {x0: init})
        out['hmc_mean'] = s[10:].mean((0, 1))
        out['hmc_first'] = s[:3]
        out['acc'] = a
        out['final'] = f
        traj = [sess.run(step) for _ in range(20)]
        out['sgld_last'] = traj[-1]
        out['sgld_mean'] = np.mean(traj, (0, 1))
        out['hess'] = sess.run(hess)
        out['grad'] = sess.run(grad_lp(xq))
    return out
