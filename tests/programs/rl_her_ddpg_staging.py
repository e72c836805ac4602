"""openai/baselines HER's DDPG (2018): a StagingArea (tf.contrib.staging) fed with put(...)
from placeholders and read with get(), a Normalizer keeping sum/sumsq/count variables and
recomputing mean/std through tf.group(assign ...) with placeholders fed from numpy, normalize
with reshape_for_broadcasting and clip_by_value, actor/critic `nn` stacks of tf.layers.dense
with xavier initializers under variable scopes and reuse for the pi-in-critic copy, target
clip_by_value(-clip_return, 0 if clip_pos_returns else inf), action L2 penalty, Adam on the
flattened gradient via U.flatgrad, and soft target updates built from zip of var lists."""
import numpy as np

TAGS = ['rl', 'contrib', 'train', 'gradients']
TOLERANCE = {'*': (1e-4, 1e-5)}
DO, DG, DU, HID = 3, 2, 2, 16


def staging_area(tf, dtypes, shapes):
    if getattr(tf, 'contrib', None) is not None:
        return tf.contrib.staging.StagingArea(dtypes=dtypes, shapes=shapes)
    from tensorflow.python.ops.data_flow_ops import StagingArea
    return StagingArea(dtypes=dtypes, shapes=shapes)


def xavier(tf, seed):
    if getattr(tf, 'contrib', None) is not None:
        return tf.contrib.layers.xavier_initializer(seed=seed)
    return tf.glorot_uniform_initializer(seed=seed)


def nn(tf, input, layers_sizes, reuse=None, name=""):
    for i, size in enumerate(layers_sizes):
        activation = tf.nn.relu if i < len(layers_sizes) - 1 else None
        input = tf.layers.dense(inputs=input, units=size, kernel_initializer=xavier(tf, i),
                                reuse=reuse, name=name + '_' + str(i))
        if activation:
            input = activation(input)
    return input


def reshape_for_broadcasting(tf, source, target):
    dim = len(target.get_shape())
    shape = ([1] * (dim - 1)) + [-1]
    return tf.reshape(tf.cast(source, target.dtype), shape)


class Normalizer(object):
    def __init__(self, tf, size, eps=1e-2, default_clip_range=5.):
        self.tf, self.size, self.eps, self.clip = tf, size, eps, default_clip_range
        self.sum_tf = tf.get_variable(initializer=tf.zeros_initializer(), shape=(size,),
                                      name='sum', trainable=False, dtype=tf.float32)
        self.sumsq_tf = tf.get_variable(initializer=tf.zeros_initializer(), shape=(size,),
                                        name='sumsq', trainable=False, dtype=tf.float32)
        self.count_tf = tf.get_variable(initializer=tf.ones_initializer(), shape=(1,),
                                        name='count', trainable=False, dtype=tf.float32)
        self.mean = tf.get_variable(initializer=tf.zeros_initializer(), shape=(size,),
                                    name='mean', trainable=False, dtype=tf.float32)
        self.std = tf.get_variable(initializer=tf.ones_initializer(), shape=(size,),
                                   name='std', trainable=False, dtype=tf.float32)
        self.count_pl = tf.placeholder(name='count_pl', shape=(1,), dtype=tf.float32)
        self.sum_pl = tf.placeholder(name='sum_pl', shape=(size,), dtype=tf.float32)
        self.sumsq_pl = tf.placeholder(name='sumsq_pl', shape=(size,), dtype=tf.float32)
        self.update_op = tf.group(self.count_tf.assign_add(self.count_pl),
                                  self.sum_tf.assign_add(self.sum_pl),
                                  self.sumsq_tf.assign_add(self.sumsq_pl))
        self.recompute_op = tf.group(
            tf.assign(self.mean, self.sum_tf / self.count_tf),
            tf.assign(self.std, tf.sqrt(tf.maximum(tf.square(self.eps), self.sumsq_tf /
                      self.count_tf - tf.square(self.sum_tf / self.count_tf)))))

    def update(self, sess, v):
        v = v.reshape(-1, self.size)
        sess.run(self.update_op, {self.count_pl: [v.shape[0]], self.sum_pl: v.sum(0),
                                  self.sumsq_pl: np.square(v).sum(0)})
        sess.run(self.recompute_op)

    def normalize(self, v):
        tf = self.tf
        mean = reshape_for_broadcasting(tf, self.mean, v)
        std = reshape_for_broadcasting(tf, self.std, v)
        return tf.clip_by_value((v - mean) / std, -self.clip, self.clip)


def actor_critic(tf, o, g, u, o_stats, g_stats):
    input_pi = tf.concat(axis=1, values=[o_stats.normalize(o), g_stats.normalize(g)])
    with tf.variable_scope('pi'):
        pi_tf = tf.tanh(nn(tf, input_pi, [HID, HID, DU]))
    with tf.variable_scope('Q'):
        input_Q = tf.concat(axis=1, values=[input_pi, pi_tf])
        Q_pi_tf = nn(tf, input_Q, [HID, HID, 1])
        input_Q = tf.concat(axis=1, values=[input_pi, u])
        Q_tf = nn(tf, input_Q, [HID, HID, 1], reuse=True)
    return pi_tf, Q_pi_tf, Q_tf


def main(tf):
    tf.set_random_seed(0)
    keys = ['o', 'g', 'u', 'o_2', 'g_2', 'r']
    shapes = [(None, DO), (None, DG), (None, DU), (None, DO), (None, DG), (None,)]
    staging_tf = staging_area(tf, [tf.float32] * len(keys), shapes)
    buffer_ph_tf = [tf.placeholder(tf.float32, shape=s) for s in shapes]
    stage_op = staging_tf.put(buffer_ph_tf)
    batch = dict(zip(keys, staging_tf.get()))
    with tf.variable_scope('o_stats'):
        o_stats = Normalizer(tf, DO)
    with tf.variable_scope('g_stats'):
        g_stats = Normalizer(tf, DG)
    with tf.variable_scope('main'):
        pi_tf, Q_pi_tf, Q_tf = actor_critic(tf, batch['o'], batch['g'], batch['u'], o_stats,
                                            g_stats)
    with tf.variable_scope('target'):
        _, target_Q_pi, _ = actor_critic(tf, batch['o_2'], batch['g_2'], batch['u'], o_stats,
                                         g_stats)
    clip_return = 1. / (1. - 0.98)
    target_tf = tf.clip_by_value(batch['r'][:, None] + 0.98 * target_Q_pi, -clip_return, 0.)
    Q_loss_tf = tf.reduce_mean(tf.square(tf.stop_gradient(target_tf) - Q_tf))
    pi_loss_tf = -tf.reduce_mean(Q_pi_tf) + 1.0 * tf.reduce_mean(tf.square(pi_tf / 1.0))
    main_q = tf.trainable_variables('main/Q')
    main_pi = tf.trainable_variables('main/pi')
    Q_grads = tf.tuple(tf.gradients(Q_loss_tf, main_q))   # gate: TF races the applies
    pi_grads = tf.tuple(tf.gradients(pi_loss_tf, main_pi))
    flat_q = tf.concat([tf.reshape(gr, [-1]) for gr in Q_grads], 0)
    q_train = tf.train.AdamOptimizer(1e-2).apply_gradients(zip(Q_grads, main_q))
    pi_train = tf.train.AdamOptimizer(1e-2).apply_gradients(zip(pi_grads, main_pi))
    main_vars = main_q + main_pi
    target_vars = tf.trainable_variables('target/Q') + tf.trainable_variables('target/pi')
    init_target = tf.group(*[tf.assign(t, m) for t, m in zip(target_vars, main_vars)])
    update_target = tf.group(*[tf.assign(t, 0.95 * t + 0.05 * m)
                               for t, m in zip(target_vars, main_vars)])
    out = {'vars': [v.name for v in main_vars], 'n_target': len(target_vars),
           'static': [str(batch['o'].shape), str(target_tf.shape), str(flat_q.shape)]}
    rng = np.random.RandomState(0)
    hist = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(init_target)
        for it in range(4):
            o = rng.randn(8, DO).astype(np.float32)
            g = rng.randn(8, DG).astype(np.float32)
            o_stats.update(sess, o)
            g_stats.update(sess, g)
            tr = [o, g, np.tanh(rng.randn(8, DU)).astype(np.float32), o * 0.9, g,
                  -(rng.rand(8) > 0.5).astype(np.float32)]
            for _ in range(3):   # one staged batch per get() below
                sess.run(stage_op, dict(zip(buffer_ph_tf, tr)))
            cl, al, fq = sess.run([Q_loss_tf, pi_loss_tf, flat_q])
            sess.run(q_train)
            sess.run(pi_train)
            sess.run(update_target)
            hist.append([cl, al, np.abs(fq).sum()])
        out['hist'] = np.array(hist)
        out['stats'] = sess.run([o_stats.mean, o_stats.std, g_stats.count_tf])
    return out
