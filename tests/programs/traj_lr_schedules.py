"""Imitates training loops logging every tf.train learning-rate schedule over 400 global steps;
TF's grappler turns global_step / decay_steps into global_step * (1 / decay_steps), so the
schedules that divide by a constant must match TF bit for bit (client/grappler.py)."""
import numpy as np
TAGS = ['train']
# exact but for an ulp of float32 cos (torch's vs Eigen's)
TOLERANCE = {'*': (0, 1e-9), 'mom_traj': (1e-4, 1e-6)}
TOLERANCE.update(dict.fromkeys(['cos', 'cos_restart', 'cos_restart1', 'lin_cos'], (1e-6, 5e-8)))


def main(tf):
    tf.set_random_seed(123)
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 1)
    s = {
        'exp': tf.train.exponential_decay(0.1, gs, 30, 0.9),
        'exp_stair': tf.train.exponential_decay(0.1, gs, 30, 0.9, staircase=True),
        'poly': tf.train.polynomial_decay(0.1, gs, 170, 0.001, power=0.5),
        'poly_cycle': tf.train.polynomial_decay(0.1, gs, 70, 0.001, power=2.0, cycle=True),
        'cos': tf.train.cosine_decay(0.1, gs, 350, alpha=0.01),
        'cos_restart': tf.train.cosine_decay_restarts(0.1, gs, 35, t_mul=1.5, m_mul=0.9, alpha=0.0),
        'cos_restart1': tf.train.cosine_decay_restarts(0.1, gs, 50, t_mul=1.0),
        'lin_cos': tf.train.linear_cosine_decay(0.1, gs, 300, num_periods=2.5, alpha=0.1),
        'noisy': tf.train.noisy_linear_cosine_decay(0.1, gs, 300, initial_variance=0.5),
        'inv_time': tf.train.inverse_time_decay(0.1, gs, 25, 0.5),
        'inv_time_stair': tf.train.inverse_time_decay(0.1, gs, 25, 0.5, staircase=True),
        'nat_exp': tf.train.natural_exp_decay(0.1, gs, 40, 0.3),
        'piece': tf.train.piecewise_constant(gs, [100, 250], [0.1, 0.01, 0.001]),
    }
    names = sorted(s)
    cols = {k: [] for k in names}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(400):
            vals = sess.run([s[k] for k in names])
            for k, v in zip(names, vals):
                cols[k].append(v)
            sess.run(inc)
    out = {k: np.array(v) for k, v in cols.items()}
    out['noisy'] = out['noisy'].shape  # random: only the shape is comparable
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        w = tf.Variable([1.0, -2.0, 3.0])
        loss = tf.reduce_sum(tf.square(w - [0.5, 0.25, -1.0]) * [1.0, 7.0, 3.0]) / 3.0
        lr = tf.train.cosine_decay(0.05, gs, 200)
        train = tf.train.MomentumOptimizer(lr, 0.9).minimize(loss, global_step=gs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out['mom_traj'] = np.array([sess.run([loss, train])[0] for _ in range(250)])
            out['mom_w'] = sess.run(w)
    return out
