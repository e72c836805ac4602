"""RL programs of 2016-2018 (awjuliani, dennybritz, karpathy idioms): a dueling double DQN with
tf.split streams, one-hot action masks, soft target updates via tf.group of assigns and Adam;
and REINFORCE on a contextual bandit with shapeless action/target placeholders (the loss of
reduce_mean over every axis is statically a scalar), tf.distributions.Categorical log_prob,
entropy and seeded samples, checked against sparse softmax cross-entropy."""
import numpy as np

TAGS = ['rl', 'distributions']
TOLERANCE = {'*': (1e-4, 1e-5)}
N_S, N_A, TAU = 5, 3, 0.1


def _q_network(tf, scope):
    def init_w(shape, name):
        return tf.get_variable(name, shape, initializer=tf.random_normal_initializer(0., 0.3))
    net = {}
    with tf.variable_scope(scope):
        net['s'] = tf.placeholder(shape=[None, N_S], dtype=tf.float32)
        w1 = init_w([N_S, 12], 'w1')
        b1 = tf.get_variable('b1', [12], initializer=tf.constant_initializer(0.1))
        h = tf.nn.relu(tf.matmul(net['s'], w1) + b1)
        stream_a, stream_v = tf.split(h, 2, 1)
        adv = tf.matmul(stream_a, init_w([6, N_A], 'AW'))
        value = tf.matmul(stream_v, init_w([6, 1], 'VW'))
        net['q'] = value + tf.subtract(adv, tf.reduce_mean(adv, axis=1, keep_dims=True))
        net['predict'] = tf.argmax(net['q'], 1)
        net['target'] = tf.placeholder(shape=[None], dtype=tf.float32)
        net['actions'] = tf.placeholder(shape=[None], dtype=tf.int32)
        onehot = tf.one_hot(net['actions'], N_A, dtype=tf.float32)
        q_a = tf.reduce_sum(tf.multiply(net['q'], onehot), axis=1)
        net['loss'] = tf.reduce_mean(tf.square(net['target'] - q_a))
        net['abs_err'] = tf.reduce_sum(tf.abs(net['target'] - q_a))
        net['train'] = tf.train.AdamOptimizer(learning_rate=0.01).minimize(net['loss'])
    return net


def _dueling_ddqn(tf, out):
    main, target = _q_network(tf, 'main'), _q_network(tf, 'target')
    tvars = tf.trainable_variables()
    half = len(tvars) // 2
    update = tf.group(*[tvars[i + half].assign(tvars[i].value() * TAU + (1 - TAU) *
                                               tvars[i + half].value()) for i in range(half)])
    rewards = np.random.RandomState(0).randn(N_S, N_A).astype(np.float32)
    rng = np.random.RandomState(7)
    eye = np.eye(N_S, dtype=np.float32)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(30):
            s = eye[rng.randint(N_S, size=16)]
            s2 = np.roll(s, 1, axis=1)
            a = rng.randint(N_A, size=16)
            a2 = sess.run(main['predict'], {main['s']: s2})
            q2 = sess.run(target['q'], {target['s']: s2})
            tq = rewards[s.argmax(1), a] + 0.9 * q2[range(16), a2]
            loss, err, _ = sess.run([main['loss'], main['abs_err'], main['train']],
                                    {main['s']: s, main['target']: tq, main['actions']: a})
            sess.run(update)
            losses.append(loss)
        out['ddqn_losses'] = np.array(losses)
        out['ddqn_abs_err'] = err
        out['ddqn_q'] = sess.run(main['q'], {main['s']: eye})
        out['ddqn_target_q'] = sess.run(target['q'], {target['s']: eye})
    out['ddqn_names'] = [v.name for v in tvars] + [update.type, main['train'].name]


def _reinforce(tf, out):
    bandits = np.array([[0.2, 0., -0.2], [0.1, -0.5, 1.], [-0.6, -0.5, 0.3], [0.9, 0., -1.]],
                       np.float32)
    with tf.variable_scope("policy_estimator"):
        state = tf.placeholder(tf.int32, [None], "state")
        action = tf.placeholder(dtype=tf.int32, name="action")
        target = tf.placeholder(dtype=tf.float32, name="target")
        logits = tf.layers.dense(tf.one_hot(state, 4), 3, kernel_initializer=tf.zeros_initializer())
        dist = tf.distributions.Categorical(logits=logits)
        sampled = dist.sample(seed=3)
        neglogp = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=action)
        logp = dist.log_prob(action)
        loss = tf.reduce_mean(-logp * target) - 0.01 * tf.reduce_mean(dist.entropy())
        train_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    out['pg_static'] = [str(t.shape) for t in (loss, logp, neglogp, sampled)] + [
        loss.name, logp.name, str(dist.batch_shape), str(dist.event_shape)]
    rng = np.random.RandomState(42)
    curve = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(25):
            states = rng.randint(4, size=8)
            probs = sess.run(tf.nn.softmax(logits), {state: states})
            acts = np.array([rng.choice(3, p=p / p.sum()) for p in probs])
            rews = (rng.randn(8) < bandits[states, acts]).astype(np.float32)
            returns = np.cumsum(rews[::-1])[::-1]
            l, nl, lp, _ = sess.run([loss, neglogp, logp, train_op],
                                    {state: states, action: acts, target: returns - returns.mean()})
            curve.append(l)
            out['pg_xent_agrees'] = bool(np.allclose(nl, -lp, atol=1e-6))
        every = np.arange(4)
        out['pg_losses'] = np.array(curve)
        out['pg_logits'] = sess.run(logits, {state: every})
        out['pg_entropy'] = sess.run(dist.entropy(), {state: every})
        out['pg_samples'] = sess.run(sampled, {state: every})


def main(tf):
    out = {}
    tf.set_random_seed(7)
    _dueling_ddqn(tf, out)
    _reinforce(tf, out)
    return out
