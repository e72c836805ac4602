"""Molecular dynamics in TF1 (float64): pairwise displacement via tf.expand_dims broadcasting,
minimum image with tf.round, distances with tf.norm, the diagonal masked with
tf.matrix_set_diag / tf.eye, Lennard-Jones energy, forces = -tf.gradients(E, pos), velocity
Verlet in tf.while_loop, kinetic/potential energy, and an N-body gravity force by hand."""
import numpy as np
TAGS = ['control_flow', 'gradients']
TOLERANCE = {'*': (1e-7, 1e-9)}


def lj_energy(tf, pos, box, eps=1.0, sigma=1.0):
    n = tf.shape(pos)[0]
    dr = tf.expand_dims(pos, 1) - tf.expand_dims(pos, 0)         # [N, N, 3]
    dr = dr - box * tf.round(dr / box)
    r2 = tf.reduce_sum(tf.square(dr), axis=-1)
    r2 = tf.matrix_set_diag(r2, tf.ones([n], dtype=pos.dtype))  # avoid 0 on the diagonal
    mask = 1.0 - tf.eye(n, dtype=pos.dtype)
    inv6 = (sigma ** 2 / r2) ** 3
    e_pair = 4.0 * eps * (inv6 * inv6 - inv6) * mask
    return 0.5 * tf.reduce_sum(e_pair), r2


def main(tf):
    rng = np.random.RandomState(3)
    grid = np.stack(np.meshgrid(*[np.arange(3)] * 3, indexing='ij'), -1).reshape(-1, 3)
    pos0 = grid * 1.2 + 0.05 * rng.randn(27, 3)
    box = 3.6
    pos = tf.placeholder(tf.float64, [None, 3], name='pos')
    E, r2 = lj_energy(tf, pos, box)
    F = -tf.gradients(E, pos)[0]
    dist = tf.norm(tf.expand_dims(pos, 1) - tf.expand_dims(pos, 0), axis=-1)
    out = {'dtypes': [E.dtype.name, F.dtype.name, dist.dtype.name],
           'shapes': [str(F.shape), str(r2.shape), str(dist.shape)]}

    dt = tf.constant(0.002, tf.float64)

    def body(i, x, v, f, energies):
        v_half = v + 0.5 * dt * f
        x_new = tf.mod(x + dt * v_half, box)
        e_new, _ = lj_energy(tf, x_new, box)
        f_new = -tf.gradients(e_new, x_new)[0]
        v_new = v_half + 0.5 * dt * f_new
        ke = 0.5 * tf.reduce_sum(tf.square(v_new))
        return i + 1, x_new, v_new, f_new, energies.write(i, tf.stack([e_new, ke]))

    v0 = tf.constant(0.1 * rng.randn(27, 3))
    v0 = v0 - tf.reduce_mean(v0, axis=0, keepdims=True)
    ta = tf.TensorArray(tf.float64, size=25, element_shape=[2])
    _, xT, vT, fT, ens = tf.while_loop(lambda i, *a: i < 25, body,
                                       [tf.constant(0), pos, v0, F, ta])
    ens = ens.stack()

    # N-body gravity with softening, direct sum
    m = tf.constant(rng.uniform(0.5, 2.0, size=(6,)), tf.float64)
    q = tf.constant(rng.randn(6, 2))
    d = tf.expand_dims(q, 0) - tf.expand_dims(q, 1)                # d[i, j] = q_j - q_i
    inv_r3 = tf.pow(tf.reduce_sum(d ** 2, -1) + 0.01, -1.5)
    inv_r3 = tf.matrix_set_diag(inv_r3, tf.zeros([6], tf.float64))
    acc = tf.einsum('ij,ijk,j->ik', inv_r3, d, m)
    pot = -0.5 * tf.reduce_sum(tf.expand_dims(m, 0) * tf.expand_dims(m, 1) * tf.sqrt(inv_r3 ** (2.0 / 3)))
    with tf.Session() as sess:
        e, f, dd = sess.run([E, F, dist], {pos: pos0})
        out['E'], out['F_head'], out['dist_row'] = e, f[:4], dd[0]
        out['F_sum'] = np.abs(f.sum(0)).max() < 1e-9
        ensv, x_final = sess.run([ens, xT], {pos: pos0})
        out['energies'] = ensv
        out['x_final_head'] = x_final[:3]
        out['acc'], out['pot'] = sess.run([acc, pot])
        out['momentum_conserved'] = bool(np.abs(sess.run(tf.reduce_sum(acc * tf.expand_dims(m, 1), 0))).max() < 1e-9)
    return out
