"""Unity ml-agents PPO (v0.4-0.6, 2018): LearningModel with vector-observation running
normalisation (running_mean/running_variance variables updated via tf.assign), tf.layers.dense
with variance_scaling_initializer(1.0), discrete multi-branch actions from tf.split + softmax +
tf.multinomial, masked losses via tf.dynamic_partition(..., mask, 2)[1], ICM curiosity
(forward/inverse models, squared_difference), polynomial_decay of lr/beta/epsilon on a global
step, named tf.identity outputs, then freezing: graph_util.convert_variables_to_constants,
extract_sub_graph, import_graph_def into a fresh graph and a run of the frozen policy."""
import numpy as np

TAGS = ['rl', 'graph', 'random', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}
OB, BRANCHES, H = 4, [3, 2], 16


def main(tf):
    tf.set_random_seed(0)
    graph = tf.get_default_graph()
    global_step = tf.Variable(0, name="global_step", trainable=False, dtype=tf.int32)
    increment_step = tf.assign(global_step, tf.add(global_step, 1))
    vector_in = tf.placeholder(shape=[None, OB], dtype=tf.float32, name='vector_observation')
    running_mean = tf.get_variable("running_mean", [OB], trainable=False, dtype=tf.float32,
                                   initializer=tf.zeros_initializer())
    running_variance = tf.get_variable("running_variance", [OB], trainable=False,
                                       dtype=tf.float32, initializer=tf.ones_initializer())
    norm_steps = tf.Variable(0., trainable=False, name='normalization_steps')
    mean_current = tf.reduce_mean(vector_in, axis=0)
    new_mean = running_mean + (mean_current - running_mean) / (norm_steps + 1)
    new_variance = running_variance + (mean_current - new_mean) * (mean_current - running_mean)
    with tf.control_dependencies([new_mean, new_variance]):   # ml-agents raced here
        update_normalization = tf.group([tf.assign(running_mean, new_mean),
                                         tf.assign(running_variance, new_variance),
                                         tf.assign_add(norm_steps, 1.)])
    normalized = tf.clip_by_value((vector_in - running_mean) / tf.sqrt(
        running_variance / (norm_steps + 1.)), -5, 5, name="normalized_state")
    init = tf.variance_scaling_initializer(1.0, seed=1)
    hidden = normalized
    for i in range(2):
        hidden = tf.layers.dense(hidden, H, activation=tf.nn.elu, reuse=False,
                                 name="main_graph_0_hidden_{}".format(i), kernel_initializer=init)
    policy_branches = [tf.layers.dense(hidden, size, activation=None, use_bias=False,
                                       kernel_initializer=tf.variance_scaling_initializer(
                                           0.01, seed=2)) for size in BRANCHES]
    all_log_probs = tf.concat(policy_branches, axis=1, name="action_probs")
    action_masks = tf.placeholder(shape=[None, sum(BRANCHES)], dtype=tf.float32,
                                  name="action_masks")
    offsets = np.cumsum([0] + BRANCHES)
    branch_probs = [tf.nn.softmax(all_log_probs[:, offsets[i]:offsets[i + 1]]) *
                    action_masks[:, offsets[i]:offsets[i + 1]] + 1.0e-10
                    for i in range(len(BRANCHES))]
    normalized_probs = [tf.divide(p, tf.reduce_sum(p, axis=1, keepdims=True))
                        for p in branch_probs]
    output = tf.concat([tf.multinomial(tf.log(p), 1, seed=3 + k)
                        for k, p in enumerate(normalized_probs)], axis=1)
    output = tf.identity(output, name="action")
    value = tf.identity(tf.layers.dense(hidden, 1, activation=None), name="value_estimate")
    next_in = tf.placeholder(tf.float32, [None, OB], name='next_vector_observation')
    with tf.variable_scope('curiosity'):
        enc = lambda x, r: tf.layers.dense(x, 8, tf.nn.elu, name='encoder', reuse=r)
        enc_cur, enc_next = enc(normalized, False), enc(next_in, True)
    selected = tf.placeholder(tf.int32, [None, len(BRANCHES)], name='selected_actions')
    onehot = tf.concat([tf.one_hot(selected[:, i], n) for i, n in enumerate(BRANCHES)], 1)
    inv_pred = tf.layers.dense(tf.concat([enc_cur, enc_next], 1), sum(BRANCHES),
                               activation=tf.nn.softmax, name='inverse')
    fwd_pred = tf.layers.dense(tf.concat([enc_cur, onehot], 1), 8, name='forward')
    intrinsic_reward = 0.5 * tf.reduce_sum(tf.squared_difference(fwd_pred, enc_next), axis=1)
    mask_input = tf.placeholder(shape=[None], dtype=tf.float32, name='masks')
    mask = tf.cast(mask_input, tf.int32)
    returns = tf.placeholder(tf.float32, [None], name='discounted_rewards')
    value_loss = tf.reduce_mean(tf.dynamic_partition(
        tf.squared_difference(returns, tf.squeeze(value, 1)), mask, 2)[1])
    inverse_loss = tf.reduce_mean(tf.dynamic_partition(-tf.reduce_sum(
        tf.log(inv_pred + 1e-10) * onehot, axis=1), mask, 2)[1])
    forward_loss = tf.reduce_mean(tf.dynamic_partition(intrinsic_reward, mask, 2)[1])
    lr = tf.train.polynomial_decay(3e-3, global_step, 10, 1e-10, power=1.0)
    beta = tf.train.polynomial_decay(5e-3, global_step, 10, 1e-5, power=1.0)
    loss = value_loss + 0.8 * inverse_loss + 0.2 * forward_loss - beta * 0.
    update_batch = tf.train.AdamOptimizer(learning_rate=lr).minimize(loss)
    out = {'names': [output.name, value.name, normalized.name, all_log_probs.name],
           'static': [str(t.shape) for t in (output, value, intrinsic_reward, value_loss)]}
    rng = np.random.RandomState(0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hist = []
        for step in range(4):
            obs = rng.randn(8, OB).astype(np.float32) * 2 + 1
            sess.run(update_normalization, {vector_in: obs})
            feed = {vector_in: obs, next_in: obs * 0.5, mask_input: [1, 1, 0, 1, 1, 1, 0, 1],
                    selected: np.stack([rng.randint(3, size=8), rng.randint(2, size=8)], 1),
                    returns: rng.randn(8).astype(np.float32),
                    action_masks: np.ones((8, 5), np.float32)}
            res = sess.run([value_loss, inverse_loss, forward_loss, lr, beta, update_batch], feed)
            hist.append(res[:5])
            sess.run(increment_step)
        out['hist'] = np.array(hist)
        out['actions'] = sess.run(output, {vector_in: obs, action_masks: np.tile(
            [[1, 0, 1, 1, 1]], [8, 1]).astype(np.float32)})
        frozen = tf.graph_util.convert_variables_to_constants(
            sess, graph.as_graph_def(), ['action', 'value_estimate', 'action_probs'])
        want = sess.run([value, all_log_probs], {vector_in: obs})
    frozen = tf.graph_util.extract_sub_graph(frozen, ['value_estimate', 'action_probs'])
    out['frozen_ops'] = sorted(set(n.op for n in frozen.node))
    out['n_nodes'] = len(frozen.node)
    with tf.Graph().as_default() as g2:
        v2, p2 = tf.import_graph_def(frozen, return_elements=['value_estimate:0',
                                                              'action_probs:0'], name='')
        with tf.Session(graph=g2) as s2:
            got = s2.run([v2, p2], {'vector_observation:0': obs})
    out['frozen_diff'] = [np.abs(a - b).max() for a, b in zip(got, want)]
    out['frozen_value'] = got[0]
    return out
