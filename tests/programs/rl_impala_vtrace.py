"""deepmind/scalable_agent IMPALA (2018): vtrace.py (log_probs_from_logits_and_actions,
from_importance_weights with tf.scan(reverse=True, back_prop=False, parallel_iterations=1),
clipped rho/pg_rho thresholds, VTraceReturns namedtuple, tf.stop_gradient of the results),
the learner's baseline/entropy/policy-gradient losses, an actor->learner FIFOQueue of nested
namedtuples (enqueue / dequeue_many, shapes and dtypes), RMSProp with momentum and epsilon
under a polynomial learning-rate decay on the global step, and tf.clip_by_value'd rewards."""
import collections

import numpy as np

TAGS = ['rl', 'queue', 'control_flow', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}
VTraceReturns = collections.namedtuple('VTraceReturns', 'vs pg_advantages')
T, B, NA, OB = 5, 2, 3, 4


def log_probs_from_logits_and_actions(tf, policy_logits, actions):
    policy_logits = tf.convert_to_tensor(policy_logits, dtype=tf.float32)
    actions = tf.convert_to_tensor(actions, dtype=tf.int32)
    policy_logits.shape.assert_has_rank(3)
    actions.shape.assert_has_rank(2)
    return -tf.nn.sparse_softmax_cross_entropy_with_logits(logits=policy_logits, labels=actions)


def from_importance_weights(tf, log_rhos, discounts, rewards, values, bootstrap_value,
                            clip_rho_threshold=1.0, clip_pg_rho_threshold=1.0, name='vtrace'):
    log_rhos = tf.convert_to_tensor(log_rhos, dtype=tf.float32)
    if clip_rho_threshold is not None:
        clip_rho_threshold = tf.convert_to_tensor(clip_rho_threshold, dtype=tf.float32)
    if clip_pg_rho_threshold is not None:
        clip_pg_rho_threshold = tf.convert_to_tensor(clip_pg_rho_threshold, dtype=tf.float32)
    rho_rank = log_rhos.shape.ndims
    values.shape.assert_has_rank(rho_rank)
    bootstrap_value.shape.assert_has_rank(rho_rank - 1)
    with tf.name_scope(name, values=[log_rhos, discounts, rewards, values, bootstrap_value]):
        rhos = tf.exp(log_rhos)
        if clip_rho_threshold is not None:
            clipped_rhos = tf.minimum(clip_rho_threshold, rhos, name='clipped_rhos')
        else:
            clipped_rhos = rhos
        cs = tf.minimum(1.0, rhos, name='cs')
        values_t_plus_1 = tf.concat([values[1:], tf.expand_dims(bootstrap_value, 0)], axis=0)
        deltas = clipped_rhos * (rewards + discounts * values_t_plus_1 - values)
        sequences = (discounts, cs, deltas)

        def scanfunc(acc, sequence_item):
            discount_t, c_t, delta_t = sequence_item
            return delta_t + discount_t * c_t * acc
        initial_values = tf.zeros_like(bootstrap_value)
        vs_minus_v_xs = tf.scan(fn=scanfunc, elems=sequences, initializer=initial_values,
                                parallel_iterations=1, back_prop=False, reverse=True,
                                name='scan')
        vs = tf.add(vs_minus_v_xs, values, name='vs')
        vs_t_plus_1 = tf.concat([vs[1:], tf.expand_dims(bootstrap_value, 0)], axis=0)
        if clip_pg_rho_threshold is not None:
            clipped_pg_rhos = tf.minimum(clip_pg_rho_threshold, rhos, name='clipped_pg_rhos')
        else:
            clipped_pg_rhos = rhos
        pg_advantages = clipped_pg_rhos * (rewards + discounts * vs_t_plus_1 - values)
        return VTraceReturns(vs=tf.stop_gradient(vs), pg_advantages=tf.stop_gradient(pg_advantages))


def main(tf):
    tf.set_random_seed(8)
    ActorOutput = collections.namedtuple('ActorOutput', 'obs reward done action logits')
    specs = ActorOutput(tf.float32, tf.float32, tf.bool, tf.int32, tf.float32)
    shapes = ActorOutput([T + 1, OB], [T], [T], [T], [T, NA])
    queue = tf.FIFOQueue(4, list(specs), [list(s) for s in shapes], shared_name='buffer')
    phs = ActorOutput(*[tf.placeholder(d, s) for d, s in zip(specs, shapes)])
    enqueue = queue.enqueue(list(phs))
    batch = ActorOutput(*queue.dequeue_many(B))
    batch = ActorOutput(*[tf.transpose(t, [1, 0] + list(range(2, t.shape.ndims)))
                          for t in batch])
    with tf.variable_scope('agent'):
        h = tf.layers.dense(batch.obs, 16, tf.nn.relu, name='torso')
        learner_logits = tf.layers.dense(h[:-1], NA, name='policy_logits')
        baseline_all = tf.squeeze(tf.layers.dense(h, 1, name='baseline'), -1)
    baseline, bootstrap_value = baseline_all[:-1], baseline_all[-1]
    rewards = tf.clip_by_value(batch.reward, -1, 1)
    discounts = tf.to_float(~batch.done) * 0.99
    target_lp = log_probs_from_logits_and_actions(tf, learner_logits, batch.action)
    behaviour_lp = log_probs_from_logits_and_actions(tf, batch.logits, batch.action)
    vtrace_returns = from_importance_weights(tf, target_lp - behaviour_lp, discounts, rewards,
                                             baseline, bootstrap_value)
    cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=batch.action,
                                                                   logits=learner_logits)
    pg_loss = tf.reduce_sum(cross_entropy * tf.stop_gradient(vtrace_returns.pg_advantages))
    baseline_loss = .5 * tf.reduce_sum(tf.square(vtrace_returns.vs - baseline))
    policy = tf.nn.softmax(learner_logits)
    log_policy = tf.nn.log_softmax(learner_logits)
    entropy_loss = tf.reduce_sum(policy * log_policy)
    total_loss = pg_loss + 0.5 * baseline_loss + 0.00025 * entropy_loss
    num_env_frames = tf.train.get_or_create_global_step()
    learning_rate = tf.train.polynomial_decay(0.01, num_env_frames, 100, 0)
    optimizer = tf.train.RMSPropOptimizer(learning_rate, 0.99, 0.1, 0.1)
    train_op = optimizer.minimize(total_loss)
    with tf.control_dependencies([train_op]):
        num_env_frames_and_train = num_env_frames.assign_add(T * B)
    out = {'queue': [queue.name, str(batch.obs.shape), str(vtrace_returns.vs.shape),
                     vtrace_returns.vs.name, vtrace_returns.pg_advantages.op.inputs[0].name,
                     str(queue.size().shape), [d.name for d in queue.dtypes]],
           'slots': sorted(optimizer.get_slot_names())}
    rng = np.random.RandomState(0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hist = []
        for it in range(3):
            for _ in range(B):
                sess.run(enqueue, {phs.obs: rng.randn(T + 1, OB).astype(np.float32),
                                   phs.reward: rng.randn(T).astype(np.float32) * 2,
                                   phs.done: rng.rand(T) < 0.2,
                                   phs.action: rng.randint(NA, size=T),
                                   phs.logits: rng.randn(T, NA).astype(np.float32)})
            out['qsize_%d' % it] = sess.run(queue.size())
            res = sess.run([vtrace_returns, total_loss, pg_loss, baseline_loss, entropy_loss,
                            learning_rate, num_env_frames_and_train])
            hist.append(res[1:])
            out['vs_%d' % it] = res[0].vs
            out['adv_%d' % it] = res[0].pg_advantages
        out['hist'] = np.array(hist)
        sess.run(queue.close())
        try:
            sess.run(batch.obs)
        except tf.errors.OutOfRangeError as e:
            out['closed'] = [type(e).__name__, 'closed' in e.message]
    return out
