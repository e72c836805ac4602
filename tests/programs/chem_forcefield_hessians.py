"""A physics-informed force field in float64 (2018-2019 ML potentials / differentiable MD demos):
Lennard-Jones + harmonic bond + angle energies, forces from tf.gradients w.r.t. positions,
tf.hessians and normal-mode eigenvalues, a velocity-Verlet integrator in tf.while_loop
differentiated w.r.t. the start positions, and a fit of the force constants."""
import numpy as np
TAGS = ['gradients', 'control_flow', 'linalg', 'train']
TOLERANCE = {'*': (1e-9, 1e-10), 'eigs': (1e-7, 1e-8)}


def energy(tf, pos, bonds, angles, k_b, r0, eps_, sigma):
    n = tf.shape(pos)[0]
    diff = tf.expand_dims(pos, 0) - tf.expand_dims(pos, 1)
    mask = 1.0 - tf.eye(n, dtype=tf.float64)
    r2 = tf.reduce_sum(diff ** 2, -1) + tf.eye(n, dtype=tf.float64)
    sr6 = (sigma ** 2 / r2) ** 3
    e_lj = 0.5 * tf.reduce_sum(4.0 * eps_ * (sr6 ** 2 - sr6) * mask)
    bvec = tf.gather(pos, bonds[:, 0]) - tf.gather(pos, bonds[:, 1])
    blen = tf.norm(bvec, axis=1)
    e_b = tf.reduce_sum(0.5 * k_b * tf.squared_difference(blen, r0))
    a = tf.gather(pos, angles[:, 0]) - tf.gather(pos, angles[:, 1])
    c = tf.gather(pos, angles[:, 2]) - tf.gather(pos, angles[:, 1])
    cos = tf.reduce_sum(a * c, 1) / (tf.norm(a, axis=1) * tf.norm(c, axis=1))
    theta = tf.acos(tf.clip_by_value(cos, -1 + 1e-12, 1 - 1e-12))
    e_a = tf.reduce_sum(0.5 * 0.3 * tf.square(theta - np.deg2rad(109.5)))
    return e_lj + e_b + e_a


def main(tf):
    out = {}
    pos = tf.placeholder(tf.float64, [None, 3], name="positions")
    bonds = tf.constant([[0, 1], [1, 2], [2, 3]], tf.int64)
    angles = tf.constant([[0, 1, 2], [1, 2, 3]], tf.int32)
    k_b = tf.Variable(np.float64(50.0), name="k_bond")
    r0 = tf.Variable(np.float64(1.1), name="r0")
    E = energy(tf, pos, bonds, angles, k_b, r0, np.float64(0.2), np.float64(1.0))
    F = -tf.gradients(E, pos)[0]
    H = tf.hessians(E, pos)[0]
    out['H_shape'] = str(H.shape)
    out['dtypes'] = [E.dtype.name, F.dtype.name, H.dtype.name]
    n = tf.shape(pos)[0]
    Hm = tf.reshape(H, tf.stack([3 * n, 3 * n]))
    eigs = tf.self_adjoint_eigvals((Hm + tf.transpose(Hm)) / 2)
    dF_dk = tf.gradients(tf.reduce_sum(tf.square(F)), [k_b, r0])
    x0 = np.array([[0., 0., 0.], [1.05, 0.1, 0.], [1.5, 1.1, 0.2], [2.6, 1.2, -0.1]], np.float64)

    def step(i, x, v):
        f = -tf.gradients(energy(tf, x, bonds, angles, k_b, r0, np.float64(0.2),
                                 np.float64(1.0)), x)[0]
        v_half = v + 0.5 * 0.01 * f
        x_new = x + 0.01 * v_half
        f_new = -tf.gradients(energy(tf, x_new, bonds, angles, k_b, r0, np.float64(0.2),
                                     np.float64(1.0)), x_new)[0]
        return i + 1, x_new, v_half + 0.5 * 0.01 * f_new

    _, xT, vT = tf.while_loop(lambda i, x, v: i < 5, step,
                              [tf.constant(0), pos, tf.zeros_like(pos)])
    out['xT_shape'] = str(xT.shape)
    ET = energy(tf, xT, bonds, angles, k_b, r0, np.float64(0.2), np.float64(1.0))
    dET_dx0 = tf.gradients(ET, pos)[0]
    fit_loss = tf.reduce_sum(tf.square(F))
    train = tf.train.GradientDescentOptimizer(1e-4).minimize(fit_loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        fd = {pos: x0}
        out['E'], out['F'], out['H'] = sess.run([E, F, H], fd)
        out['eigs'] = sess.run(eigs, fd)
        out['dF_dk'] = sess.run(dF_dk, fd)
        out['xT'], out['vT'], out['ET'] = sess.run([xT, vT, ET], fd)
        out['dET_dx0'] = sess.run(dET_dx0, fd)
        for _ in range(3):
            sess.run(train, fd)
        out['params'] = sess.run([k_b, r0])
    return out
