"""Learning-rate schedules of tf.train evaluated at several global steps."""
import numpy as np
TAGS = ['train']


def main(tf):
    gs = tf.Variable(0, trainable=False, dtype=tf.int64)
    set_gs = tf.placeholder(tf.int64, [])
    assign = tf.assign(gs, set_gs)
    scheds = {
        'exp': tf.train.exponential_decay(0.1, gs, 10, 0.5),
        'exp_stair': tf.train.exponential_decay(0.1, gs, 10, 0.5, staircase=True),
        'piecewise': tf.train.piecewise_constant(gs, [5, 15], [1.0, 0.5, 0.1]),
        'poly': tf.train.polynomial_decay(0.1, gs, 20, 0.01, power=2.0),
        'poly_cycle': tf.train.polynomial_decay(0.1, gs, 8, 0.01, cycle=True),
        'inv_time': tf.train.inverse_time_decay(0.1, gs, 5, 0.5),
        'natural_exp': tf.train.natural_exp_decay(0.1, gs, 5, 0.5, staircase=True),
        'cosine': tf.train.cosine_decay(0.1, gs, 20, alpha=0.1),
        'cosine_restarts': tf.train.cosine_decay_restarts(0.1, gs, 6),
        'linear_cosine': tf.train.linear_cosine_decay(0.1, gs, 20),
    }
    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = {k: [] for k in scheds}
        for step in (0, 3, 7, 10, 16, 25):
            sess.run(assign, {set_gs: step})
            r = sess.run(scheds)
            for k in scheds:
                vals[k].append(r[k])
        for k, v in vals.items():
            out[k] = np.array(v, np.float32)
    return out
