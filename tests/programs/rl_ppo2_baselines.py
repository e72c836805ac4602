"""openai/baselines PPO2 (2018): ortho_init fc helpers in variable scopes, CategoricalPd with the
Gumbel-max sample, clipped value loss, approxkl, clipfrac, tf.trainable_variables('ppo2_model'),
clip_by_global_norm and AdamOptimizer(epsilon=1e-5), minibatch updates on a tiny chain env."""
import numpy as np

TAGS = ['rl', 'train', 'random', 'gradients']
TOLERANCE = {'*': (1e-4, 1e-5)}
OB, AC, NENV, NSTEPS = 4, 3, 2, 8


def ortho_init(scale=1.0):
    def _ortho_init(shape, dtype, partition_info=None):
        shape = tuple(shape)
        flat_shape = (shape[0], np.prod(shape[1:])) if len(shape) != 2 else shape
        a = np.random.normal(0.0, 1.0, flat_shape)
        u, _, v = np.linalg.svd(a, full_matrices=False)
        q = u if u.shape == flat_shape else v
        return (scale * q.reshape(shape)[:shape[0], :shape[1]]).astype(np.float32)
    return _ortho_init


def fc(tf, x, scope, nh, init_scale=1.0, init_bias=0.0):
    with tf.variable_scope(scope):
        nin = x.get_shape()[1].value
        w = tf.get_variable("w", [nin, nh], initializer=ortho_init(init_scale))
        b = tf.get_variable("b", [nh], initializer=tf.constant_initializer(init_bias))
        return tf.matmul(x, w) + b


class CategoricalPd(object):
    def __init__(self, tf, logits):
        self.tf, self.logits = tf, logits

    def neglogp(self, x):
        tf = self.tf
        one_hot_actions = tf.one_hot(x, self.logits.get_shape().as_list()[-1])
        return tf.nn.softmax_cross_entropy_with_logits_v2(logits=self.logits,
                                                          labels=one_hot_actions)

    def entropy(self):
        tf = self.tf
        a0 = self.logits - tf.reduce_max(self.logits, axis=-1, keepdims=True)
        ea0 = tf.exp(a0)
        z0 = tf.reduce_sum(ea0, axis=-1, keepdims=True)
        p0 = ea0 / z0
        return tf.reduce_sum(p0 * (tf.log(z0) - a0), axis=-1)

    def sample(self):
        tf = self.tf
        u = tf.random_uniform(tf.shape(self.logits), dtype=self.logits.dtype, seed=11)
        return tf.argmax(self.logits - tf.log(-tf.log(u)), axis=-1)


def main(tf):
    np.random.seed(0)
    tf.set_random_seed(1)
    out = {}
    with tf.variable_scope('ppo2_model', reuse=tf.AUTO_REUSE):
        X = tf.placeholder(tf.float32, [None, OB], name='Ob')
        h1 = tf.tanh(fc(tf, X, 'pi_fc1', 16, init_scale=np.sqrt(2)))
        h2 = tf.tanh(fc(tf, h1, 'pi_fc2', 16, init_scale=np.sqrt(2)))
        vh = tf.tanh(fc(tf, X, 'vf_fc1', 16, init_scale=np.sqrt(2)))
        logits = fc(tf, h2, 'pi', AC, init_scale=0.01)
        vf = fc(tf, vh, 'vf', 1)[:, 0]
        pd = CategoricalPd(tf, logits)
        a0 = pd.sample()
        neglogp0 = pd.neglogp(a0)
    A = tf.placeholder(tf.int32, [None])
    ADV, R = tf.placeholder(tf.float32, [None]), tf.placeholder(tf.float32, [None])
    OLDNEGLOGPAC, OLDVPRED = tf.placeholder(tf.float32, [None]), tf.placeholder(tf.float32, [None])
    LR, CLIPRANGE = tf.placeholder(tf.float32, []), tf.placeholder(tf.float32, [])
    neglogpac = pd.neglogp(A)
    entropy = tf.reduce_mean(pd.entropy())
    vpredclipped = OLDVPRED + tf.clip_by_value(vf - OLDVPRED, - CLIPRANGE, CLIPRANGE)
    vf_losses1 = tf.square(vf - R)
    vf_losses2 = tf.square(vpredclipped - R)
    vf_loss = .5 * tf.reduce_mean(tf.maximum(vf_losses1, vf_losses2))
    ratio = tf.exp(OLDNEGLOGPAC - neglogpac)
    pg_losses = -ADV * ratio
    pg_losses2 = -ADV * tf.clip_by_value(ratio, 1.0 - CLIPRANGE, 1.0 + CLIPRANGE)
    pg_loss = tf.reduce_mean(tf.maximum(pg_losses, pg_losses2))
    approxkl = .5 * tf.reduce_mean(tf.square(neglogpac - OLDNEGLOGPAC))
    clipfrac = tf.reduce_mean(tf.to_float(tf.greater(tf.abs(ratio - 1.0), CLIPRANGE)))
    loss = pg_loss - entropy * 0.01 + vf_loss * 0.5
    params = tf.trainable_variables('ppo2_model')
    trainer = tf.train.AdamOptimizer(learning_rate=LR, epsilon=1e-5)
    grads_and_var = trainer.compute_gradients(loss, params)
    grads, var = zip(*grads_and_var)
    grads, _grad_norm = tf.clip_by_global_norm(grads, 0.5)
    _train = trainer.apply_gradients(list(zip(grads, var)))
    out['param_names'] = [p.name for p in params]
    out['shapes'] = [str(neglogpac.shape), str(vf.shape), str(a0.shape), a0.dtype.name]
    rng = np.random.RandomState(3)
    stats = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        obs = np.eye(OB, dtype=np.float32)[rng.randint(OB, size=NENV * NSTEPS)]
        actions, values, neglogps = sess.run([a0, vf, neglogp0], {X: obs})
        out['actions'] = actions
        out['values0'] = values
        rewards = (actions == obs.argmax(1) % AC).astype(np.float32)
        returns = rewards + 0.5 * values
        advs = returns - values
        advs = (advs - advs.mean()) / (advs.std() + 1e-8)
        inds = np.arange(NENV * NSTEPS)
        for epoch in range(3):
            rng.shuffle(inds)
            for start in range(0, NENV * NSTEPS, 8):
                mb = inds[start:start + 8]
                td_map = {X: obs[mb], A: actions[mb], ADV: advs[mb], R: returns[mb],
                          LR: 3e-3, CLIPRANGE: 0.1, OLDNEGLOGPAC: neglogps[mb],
                          OLDVPRED: values[mb]}
                stats.append(sess.run([pg_loss, vf_loss, entropy, approxkl, clipfrac,
                                       _grad_norm, _train], td_map)[:-1])
        out['stats'] = np.array(stats, np.float32)
        out['probs'] = sess.run(tf.nn.softmax(logits), {X: np.eye(OB, dtype=np.float32)})
        samples = sess.run(a0, {X: np.tile(np.eye(OB, dtype=np.float32)[:1], [200, 1])})
        out['sample_counts'] = np.bincount(samples, minlength=AC)
    return out
