"""A3C with an LSTM policy in the awjuliani (2016) "AC_Network" style: global and worker
networks in variable scopes, BasicLSTMCell with LSTMStateTuple initial-state placeholders,
dynamic_rnn with sequence_length, a numpy normalized-columns initializer, tf.layers.dense with
bias_initializer=None (get_variable's default, glorot_uniform), local gradients clipped by
global norm and applied to the global variables, sync assigns, and a Saver round trip."""
import os

import numpy as np

TAGS = ['rl', 'rnn', 'saver']
TOLERANCE = {'*': (1e-4, 1e-5)}
S_SIZE, A_SIZE, H = 4, 3, 8


def _normalized_columns(tf, rng, std=1.0):
    def init(shape, dtype=None, partition_info=None):
        out = rng.randn(*shape).astype(np.float32)
        out *= std / np.sqrt(np.square(out).sum(axis=0, keepdims=True))
        return tf.constant(out)
    return init


def _discount(x, gamma):
    out, run = np.zeros_like(x), 0.
    for i in reversed(range(len(x))):
        run = x[i] + gamma * run
        out[i] = run
    return out


def _network(tf, rng, scope, trainer):
    net = {}
    with tf.variable_scope(scope):
        net['inputs'] = tf.placeholder(shape=[None, S_SIZE], dtype=tf.float32)
        hidden = tf.layers.dense(net['inputs'], 16, activation=tf.nn.elu, name="fc")
        cell = tf.nn.rnn_cell.BasicLSTMCell(H, state_is_tuple=True)
        net['state_init'] = [np.zeros((1, cell.state_size.c), np.float32),
                             np.zeros((1, cell.state_size.h), np.float32)]
        c_in = tf.placeholder(tf.float32, [1, cell.state_size.c])
        h_in = tf.placeholder(tf.float32, [1, cell.state_size.h])
        net['state_in'] = (c_in, h_in)
        outputs, state = tf.nn.dynamic_rnn(
            cell, tf.expand_dims(hidden, [0]), initial_state=tf.nn.rnn_cell.LSTMStateTuple(
                c_in, h_in), sequence_length=tf.shape(net['inputs'])[:1], time_major=False)
        net['state_out'] = (state[0][:1, :], state[1][:1, :])
        rnn_out = tf.reshape(outputs, [-1, H])
        net['policy'] = tf.layers.dense(rnn_out, A_SIZE, activation=tf.nn.softmax,
                                        kernel_initializer=_normalized_columns(tf, rng, 0.01),
                                        bias_initializer=None, name="policy")
        net['value'] = tf.layers.dense(rnn_out, 1, kernel_initializer=_normalized_columns(
            tf, rng, 1.0), bias_initializer=None, name="value")
        if trainer is None:
            return net
        net['actions'] = tf.placeholder(shape=[None], dtype=tf.int32)
        net['target_v'] = tf.placeholder(shape=[None], dtype=tf.float32)
        net['adv'] = tf.placeholder(shape=[None], dtype=tf.float32)
        chosen = tf.reduce_sum(net['policy'] * tf.one_hot(net['actions'], A_SIZE), [1])
        value_loss = 0.5 * tf.reduce_sum(tf.square(net['target_v'] - tf.reshape(
            net['value'], [-1])))
        entropy = -tf.reduce_sum(net['policy'] * tf.log(net['policy']))
        policy_loss = -tf.reduce_sum(tf.log(chosen) * net['adv'])
        loss = 0.5 * value_loss + policy_loss - entropy * 0.01
        local_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope)
        grads, grad_norm = tf.clip_by_global_norm(tf.gradients(loss, local_vars), 40.0)
        global_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, 'global')
        net['stats'] = [value_loss, policy_loss, entropy, grad_norm, tf.global_norm(local_vars)]
        net['apply'] = trainer.apply_gradients(zip(grads, global_vars))
    return net


def _sync(tf, to_scope):
    pairs = zip(tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, 'global'),
                tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, to_scope))
    return [to_var.assign(from_var) for from_var, to_var in pairs]


def _episode(sess, w, rng):
    rnn_state, pos = w['state_init'], 0
    obs, acts, rews, vals = [], [], [], []
    for _ in range(8):
        o = np.eye(S_SIZE, dtype=np.float32)[pos]
        a_dist, v, rnn_state = sess.run([w['policy'], w['value'], w['state_out']], {
            w['inputs']: [o], w['state_in'][0]: rnn_state[0], w['state_in'][1]: rnn_state[1]})
        a = rng.choice(A_SIZE, p=a_dist[0] / a_dist[0].sum())
        pos = int(np.clip(pos + a - 1, 0, S_SIZE - 1))
        obs.append(o), acts.append(a), vals.append(v[0, 0])
        rews.append(1.0 if pos == S_SIZE - 1 else 0.0)
    rews, vals = np.array(rews), np.array(vals + [0.])
    return {w['target_v']: _discount(rews, 0.99), w['inputs']: np.stack(obs), w['actions']: acts,
            w['adv']: _discount(rews + 0.99 * vals[1:] - vals[:-1], 0.99),
            w['state_in'][0]: w['state_init'][0], w['state_in'][1]: w['state_init'][1]}


def main(tf):
    out = {}
    tf.set_random_seed(23)
    rng = np.random.RandomState(23)
    episodes = tf.Variable(0, dtype=tf.int32, name='global_episodes', trainable=False)
    trainer = tf.train.AdamOptimizer(learning_rate=1e-3)
    master = _network(tf, rng, 'global', None)
    workers = [_network(tf, rng, 'worker_%d' % i, trainer) for i in range(2)]
    syncs = [_sync(tf, 'worker_%d' % i) for i in range(2)]
    increment = episodes.assign_add(1)
    saver = tf.train.Saver(max_to_keep=5)
    out['names'] = [v.name for v in tf.trainable_variables('global')] + [
        master['policy'].name, master['state_out'][0].name, workers[0]['apply'].name]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['init_global'] = sess.run(tf.trainable_variables('global'))
        stats = []
        for ep in range(6):
            w = workers[ep % 2]
            sess.run(syncs[ep % 2])
            stats.append(sess.run(w['stats'] + [w['apply']], _episode(sess, w, rng))[:-1])
            sess.run(increment)
        out['stats'] = np.array(stats)
        path = saver.save(sess, os.path.join(os.getcwd(), 'model-6.cptk'))
        ref = sess.run(tf.trainable_variables('global'))
        sess.run(tf.global_variables_initializer())
        saver.restore(sess, tf.train.get_checkpoint_state(os.getcwd()).model_checkpoint_path)
        out['restored'] = all(np.allclose(a, b) for a, b in zip(
            ref, sess.run(tf.trainable_variables('global'))))
        out['episodes'] = sess.run(episodes)
        out['final_global'] = ref
        out['ckpt'] = [os.path.basename(path), sorted(n for n, _ in tf.train.list_variables(
            os.getcwd()))[:6]]
    return out
