"""google/dopamine Rainbow/C51 (2018): atoms and support via tf.linspace, softmax over
[batch, actions, atoms] logits, q = reduce_sum(support * probabilities, axis=2),
_build_target_distribution with tf.tile / gather_nd of argmax next actions, the
project_distribution routine (clip, tile, abs, clip quotient, reduce_sum over axis 3),
gather_nd of chosen-action logits, softmax cross-entropy against stop_gradient targets,
prioritized replay loss weights 1/sqrt(p) normalised by the max, Adam(epsilon=0.0003125)."""
import numpy as np

TAGS = ['rl', 'templates', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}
NA, ATOMS, VMAX, B, OB = 3, 11, 5., 6, 4


def project_distribution(tf, supports, weights, target_support, validate_args=False):
    target_support_deltas = target_support[1:] - target_support[:-1]
    delta_z = target_support_deltas[0]
    validate_deps = []
    supports.shape.assert_is_compatible_with(weights.shape)
    supports[0].shape.assert_is_compatible_with(target_support.shape)
    target_support.shape.assert_has_rank(1)
    if validate_args:
        validate_deps.append(tf.Assert(tf.reduce_all(tf.equal(tf.shape(supports),
                                                              tf.shape(weights))),
                                       [supports, weights]))
        validate_deps.append(tf.Assert(tf.reduce_all(target_support_deltas > 0),
                                       [target_support]))
    with tf.control_dependencies(validate_deps):
        v_min, v_max = target_support[0], target_support[-1]
        batch_size = tf.shape(supports)[0]
        num_dims = tf.shape(target_support)[0]
        clipped_support = tf.clip_by_value(supports, v_min, v_max)[:, None, :]
        tiled_support = tf.tile([clipped_support], [1, 1, num_dims, 1])
        reshaped_target_support = tf.tile(target_support[:, None], [batch_size, 1])
        reshaped_target_support = tf.reshape(reshaped_target_support, [batch_size, num_dims, 1])
        numerator = tf.abs(tiled_support - reshaped_target_support)
        quotient = 1 - (numerator / delta_z)
        clipped_quotient = tf.clip_by_value(quotient, 0, 1)
        weights = weights[:, None, :]
        inner_prod = clipped_quotient * weights
        projection = tf.reduce_sum(inner_prod, 3)
        projection = tf.reshape(projection, [batch_size, num_dims])
        return projection, tiled_support


def network(state, tf, support):
    init = tf.variance_scaling_initializer(scale=1.0 / np.sqrt(3.0), mode='fan_in',
                                           distribution='uniform', seed=3)
    net = tf.layers.dense(state, 16, activation=tf.nn.relu, kernel_initializer=init)
    net = tf.layers.dense(net, NA * ATOMS, kernel_initializer=init)
    logits = tf.reshape(net, [-1, NA, ATOMS])
    probabilities = tf.contrib.layers.softmax(logits) if getattr(tf, 'contrib', None) \
        else tf.nn.softmax(logits)
    q_values = tf.reduce_sum(support * probabilities, axis=2)
    return logits, probabilities, q_values


def main(tf):
    tf.set_random_seed(0)
    support = tf.linspace(-VMAX, VMAX, ATOMS)
    states = tf.placeholder(tf.float32, [B, OB])
    next_states = tf.placeholder(tf.float32, [B, OB])
    actions = tf.placeholder(tf.int32, [B])
    rewards = tf.placeholder(tf.float32, [B])
    terminals = tf.placeholder(tf.uint8, [B])
    probs_ph = tf.placeholder(tf.float32, [B])
    online = tf.make_template('Online', network, tf=tf, support=support)
    target_net = tf.make_template('Target', network, tf=tf, support=support)
    logits, _, _ = online(states)
    _, next_probs, next_q = target_net(next_states)
    tiled_support = tf.reshape(tf.tile(support, [B]), [B, ATOMS])
    is_terminal_multiplier = 1. - tf.cast(terminals, tf.float32)
    gamma_with_terminal = (0.9 ** 3) * is_terminal_multiplier
    target_support = rewards[:, None] + gamma_with_terminal[:, None] * tiled_support
    next_qt_argmax = tf.argmax(next_q, axis=1)[:, None]
    batch_indices = tf.range(tf.to_int64(B))[:, None]
    batch_indexed_next_qt_argmax = tf.concat([batch_indices, next_qt_argmax], axis=1)
    next_probabilities = tf.gather_nd(next_probs, batch_indexed_next_qt_argmax)
    target_distribution, tiled = project_distribution(tf, target_support, next_probabilities,
                                                      support, validate_args=True)
    target_distribution = tf.stop_gradient(target_distribution)
    indices = tf.range(tf.shape(logits)[0])[:, None]
    reshaped_actions = tf.concat([indices, actions[:, None]], 1)
    chosen_action_logits = tf.gather_nd(logits, reshaped_actions)
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=target_distribution,
                                                   logits=chosen_action_logits)
    loss_weights = 1.0 / tf.sqrt(probs_ph + 1e-10)
    loss_weights /= tf.reduce_max(loss_weights)
    new_priorities = tf.sqrt(loss + 1e-10)
    final_loss = tf.reduce_mean(loss_weights * loss)
    train_op = tf.train.AdamOptimizer(learning_rate=0.01, epsilon=0.0003125).minimize(final_loss)
    sync = tf.group(*[t.assign(o) for o, t in zip(
        tf.trainable_variables('Online'), tf.trainable_variables('Target'))])
    out = {'static': [str(t.shape) for t in (tiled, target_distribution, chosen_action_logits,
                                              next_probabilities, batch_indexed_next_qt_argmax)]
           + [batch_indexed_next_qt_argmax.dtype.name, str(support.shape)]}
    rng = np.random.RandomState(5)
    hist = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(sync)
        for step in range(4):
            s = rng.randn(B, OB).astype(np.float32)
            feed = {states: s, next_states: s[::-1], actions: rng.randint(NA, size=B),
                    rewards: rng.uniform(-3, 3, B).astype(np.float32),
                    terminals: np.array([0, 0, 1, 0, 0, 1], np.uint8),
                    probs_ph: rng.uniform(0.1, 1, B).astype(np.float32)}
            td, l, pr, lw, _ = sess.run([target_distribution, final_loss, new_priorities,
                                         loss_weights, train_op], feed)
            hist.append(l)
            out['priorities_%d' % step] = pr
        out['target_dist'] = td
        out['td_sums'] = td.sum(1)
        out['lw'] = lw
        out['hist'] = np.array(hist)
        td2 = sess.run(project_distribution(tf, tf.constant([[-9., 0.5, 7.]]),
                                            tf.constant([[0.2, 0.3, 0.5]]),
                                            tf.constant([-2., 0., 2.]))[0])
        out['proj_small'] = td2
    return out
