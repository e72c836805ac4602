"""Stochastic dynamics in float64 the TF1 way: overdamped Langevin on a double-well potential
with seeded tf.random_normal(dtype=float64) inside tf.while_loop, a hand-written HMC step
(leapfrog with tf.gradients, Metropolis accept via tf.random_uniform float64 and tf.where),
tf.random.stateless_normal float64, tf.truncated_normal float64, tf.random_gamma, and
tf.gradients with stop_gradients / unconnected_gradients / grad_ys; tf.hessians of a
matrix-shaped input; tf.keras.backend.set_floatx('float64') Dense layer dtypes."""
import numpy as np
TAGS = ['random', 'control_flow', 'gradients', 'keras']
TOLERANCE = {'*': (1e-6, 1e-9)}


def potential(tf, x):
    return tf.reduce_sum((x ** 2 - 1.0) ** 2 + 0.3 * x, axis=-1)


def main(tf):
    tf.set_random_seed(99)
    out = {}
    x0 = tf.constant(np.linspace(-1.5, 1.5, 8).reshape(8, 1))
    dt = 0.01

    def lbody(i, x):
        f = -tf.gradients(potential(tf, x), x)[0]
        noise = tf.random_normal(tf.shape(x), dtype=tf.float64, seed=5)
        return i + 1, x + dt * f + np.sqrt(2 * dt) * noise

    # parallel_iterations=1: otherwise TF draws the iterations' noise in thread order
    _, xl = tf.while_loop(lambda i, x: i < 30, lbody, (tf.constant(0), x0), parallel_iterations=1)

    # HMC
    q = tf.placeholder(tf.float64, [8, 1])
    p0 = tf.random_normal([8, 1], dtype=tf.float64, seed=6)
    eps, L = 0.1, 5
    grad_U = lambda z: tf.gradients(potential(tf, z), z)[0]  # noqa: E731
    p = p0 - eps * grad_U(q) / 2
    qn = q
    for k in range(L):
        qn = qn + eps * p
        if k != L - 1:
            p = p - eps * grad_U(qn)
    p = -(p - eps * grad_U(qn) / 2)
    H0 = potential(tf, q) + 0.5 * tf.reduce_sum(p0 ** 2, -1)
    H1 = potential(tf, qn) + 0.5 * tf.reduce_sum(p ** 2, -1)
    u = tf.random_uniform([8], dtype=tf.float64, seed=7)
    accept = tf.log(u) < H0 - H1
    q_next = tf.where(accept, qn, q)
    out['dtypes'] = [p0.dtype.name, u.dtype.name, q_next.dtype.name, xl.dtype.name]

    sn = tf.random.stateless_normal([3, 2], seed=[1, 2], dtype=tf.float64)
    tn = tf.truncated_normal([4], dtype=tf.float64, seed=8)
    gam = tf.random_gamma([3], alpha=tf.constant([0.5, 2.0], tf.float64), dtype=tf.float64,
                           seed=9)
    out['gamma_shape'] = str(gam.shape)

    a = tf.constant([1.0, 2.0], tf.float64)
    b = 3.0 * a
    c = tf.reduce_sum(a * b)
    g_stop = tf.gradients(c, [a, b], stop_gradients=[b])
    z = tf.constant(1.0, tf.float64)
    g_unc = tf.gradients(c, [a, z], unconnected_gradients='zero')
    g_ys = tf.gradients([b], [a], grad_ys=[tf.constant([0.5, -1.0], tf.float64)])
    M = tf.constant([[0.3, -0.2, 0.1], [0.5, 0.4, -0.6]], tf.float64)
    hM = tf.hessians(tf.reduce_sum(tf.exp(M) * M ** 2) + tf.reduce_prod(M[0]), M)[0]
    out['hM_shape'] = str(hM.shape)

    tf.keras.backend.set_floatx('float64')
    dense = tf.keras.layers.Dense(3, kernel_initializer=tf.keras.initializers.glorot_uniform(seed=3))
    y = dense(tf.constant(np.ones((2, 4))))
    out['keras'] = [y.dtype.name, dense.kernel.dtype.name, tf.keras.backend.floatx()]
    tf.keras.backend.set_floatx('float32')
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['langevin'] = sess.run(xl)[:, 0]
        qs = np.linspace(-1.2, 1.2, 8).reshape(8, 1)
        acc = []
        for _ in range(4):
            qs, a_ = sess.run([q_next, accept], {q: qs})
            acc.append(a_)
        out['hmc_q'], out['hmc_acc'] = qs[:, 0], np.array(acc)
        out['stateless'], out['trunc'], out['gamma'] = sess.run([sn, tn, gam])
        out['g_stop'], out['g_unc'], out['g_ys'] = sess.run([g_stop, g_unc, g_ys])
        out['hM'] = sess.run(hM)[0, :, 0]
        out['keras_y'] = sess.run(y)
    return out
