"""danijar/agents-style in-graph RL plumbing (tensorflow/agents, 2017): an InGraphBatchEnv
stepping a numpy chain env through tf.py_func (Tout list, set_shape, check_numerics), env state
kept in non-trainable variables updated with tf.assign / tf.scatter_update, an EpisodeMemory of
[batch, max_length, ...] variables with scatter_update of rows and tf.range/tf.gather reads,
StreamingMean (assign_add sum & count, clear via tf.cond), a Normalize part with
tf.cond(count > 1) and tf.clip_by_value, and summaries gated by tf.cond(should_summarize)."""
import numpy as np

TAGS = ['rl', 'variables', 'control_flow', 'summary']
TOLERANCE = {'*': (1e-4, 1e-5)}
NB, OB, NA, MAXLEN = 3, 4, 2, 5


class ChainEnv(object):
    def __init__(self, seed):
        self.rng = np.random.RandomState(seed)
        self.pos = np.zeros(NB, np.int64)

    def reset(self, indices):
        self.pos[indices] = 0
        return np.eye(OB, dtype=np.float32)[self.pos[indices]]

    def step(self, actions):
        self.pos = np.clip(self.pos + np.where(actions > 0, 1, -1), 0, OB - 1)
        reward = (self.pos == OB - 1).astype(np.float32) - 0.01
        done = self.pos == OB - 1
        return np.eye(OB, dtype=np.float32)[self.pos], reward, done


def main(tf):
    tf.set_random_seed(1)
    env = ChainEnv(0)
    with tf.variable_scope('env_temporary'):
        observ = tf.Variable(tf.zeros([NB, OB], tf.float32), name='observ', trainable=False)
        reward_var = tf.Variable(tf.zeros([NB], tf.float32), name='reward', trainable=False)
        done_var = tf.Variable(tf.cast(tf.ones([NB]), tf.bool), name='done', trainable=False)
    action = tf.placeholder(tf.int32, [NB])
    with tf.name_scope('environment/simulate'):
        obs_, rew_, done_ = tf.py_func(env.step, [action], [tf.float32, tf.float32, tf.bool],
                                       name='step')
        obs_.set_shape([NB, OB])
        rew_ = tf.check_numerics(rew_, 'reward')
        step_op = tf.group(tf.assign(observ, obs_), tf.assign(reward_var, rew_),
                           tf.assign(done_var, done_))
    indices = tf.placeholder(tf.int32, [None])
    reset_obs = tf.py_func(env.reset, [indices], tf.float32, name='reset')
    reset_obs.set_shape(indices.get_shape().concatenate(OB))
    with tf.control_dependencies([tf.scatter_update(observ, indices, reset_obs),
                                  tf.scatter_update(done_var, indices,
                                                    tf.zeros_like(indices, tf.bool))]):
        reset_op = tf.identity(observ)
    with tf.variable_scope('memory'):
        buffers = tf.Variable(tf.zeros([NB, MAXLEN, OB]), trainable=False, name='observ')
        rewards_buf = tf.Variable(tf.zeros([NB, MAXLEN]), trainable=False, name='reward')
        length = tf.Variable(tf.zeros([NB], tf.int32), trainable=False, name='length')
    rows = tf.range(NB)
    with tf.control_dependencies([step_op]):
        pos = tf.gather(length, rows)
        append = tf.group(
            tf.scatter_nd_update(buffers, tf.stack([rows, pos], 1), tf.gather(observ, rows)),
            tf.scatter_nd_update(rewards_buf, tf.stack([rows, pos], 1), reward_var))
    with tf.control_dependencies([append]):
        inc = tf.scatter_add(length, rows, tf.ones_like(rows))
    with tf.variable_scope('streaming'):
        total = tf.Variable(0., trainable=False, name='sum')
        count = tf.Variable(0, trainable=False, name='count')
    submit = tf.group(tf.assign_add(total, tf.reduce_sum(rewards_buf)),
                      tf.assign_add(count, tf.reduce_sum(length)))
    clear_mean = tf.cond(count > 0, lambda: total / tf.cast(count, tf.float32),
                         lambda: tf.constant(0.))
    with tf.variable_scope('normalize_observ'):
        n = tf.Variable(0, False, name='count')
        mean = tf.Variable(tf.zeros([OB]), False, name='mean')
        var_sum = tf.Variable(tf.zeros([OB]), False, name='var_sum')
    value = tf.placeholder(tf.float32, [None, OB])
    batch_mean = tf.reduce_mean(value, 0)
    new_mean = mean + (batch_mean - mean) / tf.cast(n + 1, tf.float32)
    new_var_sum = var_sum + tf.reduce_sum((value - mean[None]) * (value - new_mean[None]), 0)
    with tf.control_dependencies([new_mean, new_var_sum]):
        update_norm = tf.group(tf.assign(var_sum, new_var_sum), tf.assign(mean, new_mean),
                               tf.assign_add(n, 1))
    std = tf.cond(n > 1, lambda: tf.sqrt(var_sum / tf.cast(n - 1, tf.float32)),
                  lambda: tf.ones_like(var_sum))
    normalized = tf.clip_by_value((value - mean[None]) / (std[None] + 1e-8), -2., 2.)
    should_summarize = tf.placeholder(tf.bool, [])
    summary = tf.cond(should_summarize, lambda: tf.summary.merge([
        tf.summary.histogram('normalized', normalized), tf.summary.scalar('mean_r', clear_mean)]),
        lambda: tf.constant(''))
    out = {'names': [v.name for v in tf.global_variables()],
           'static': [str(obs_.shape), str(rew_.shape), str(reset_obs.shape), str(done_.shape),
                      str(summary.shape), summary.dtype.name, str(std.shape)]}
    rng = np.random.RandomState(0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['reset0'] = sess.run(reset_op, {indices: np.arange(NB)})
        traj = []
        for t in range(MAXLEN):
            a = rng.randint(NA, size=NB)
            sess.run(inc, {action: a})
            d = sess.run(done_var)
            traj.append([sess.run(reward_var), d.astype(np.float32)])
            if d.any():
                sess.run(reset_op, {indices: np.where(d)[0]})
            sess.run(update_norm, {value: sess.run(observ)})
        out['traj'] = np.array(traj)
        out['buf'], out['len'] = sess.run([buffers, length])
        sess.run(submit)
        out['mean_r'] = sess.run(clear_mean)
        out['norm'] = sess.run(normalized, {value: np.eye(OB, dtype=np.float32)})
        s = sess.run(summary, {should_summarize: True, value: np.eye(OB, dtype=np.float32)})
        out['summ'] = [v.tag for v in tf.Summary.FromString(s).value]
        try:
            sess.run(summary, {should_summarize: False})
        except tf.errors.InvalidArgumentError as e:
            out['err'] = [type(e).__name__, 'must feed' in e.message, e.op.name]
        out['empty'] = sess.run(summary, {should_summarize: False, value: np.eye(OB)})
    return out
