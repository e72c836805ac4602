"""Gradient accumulation over N micro-batches (2018 blog/GitHub recipe): non-trainable
accumulator variables from zeros_like(tv.initialized_value()), assign_add ops, a zero op, an
apply op on averaged accumulators behind tf.cond(step % N == 0), IndexedSlices accumulation by
tf.convert_to_tensor, GATE_GRAPH compute_gradients and MomentumOptimizer."""
import numpy as np
TAGS = ['train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    tf.set_random_seed(9)
    rng = np.random.RandomState(4)
    N = 3
    xs = rng.randint(0, 7, (12, 3)).astype(np.int32)
    ys = rng.randn(12, 1).astype(np.float32)
    ids = tf.placeholder(tf.int32, [None, 3], name="ids")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    emb = tf.get_variable("embedding", [7, 4], initializer=tf.truncated_normal_initializer(stddev=0.5, seed=1))
    h = tf.reduce_sum(tf.nn.embedding_lookup(emb, ids), 1)
    pred = tf.layers.dense(h, 1, kernel_initializer=tf.ones_initializer(), name="out")
    loss = tf.reduce_mean(tf.squared_difference(pred, y))
    opt = tf.train.MomentumOptimizer(0.05, 0.9)
    tvs = tf.trainable_variables()
    accum_vars = [tf.Variable(tf.zeros_like(tv.initialized_value()), trainable=False,
                              name=tv.op.name.replace("/", "_") + "_accum") for tv in tvs]
    zero_ops = [tv.assign(tf.zeros_like(tv)) for tv in accum_vars]
    gvs = opt.compute_gradients(loss, tvs, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
    grad_kinds = [isinstance(g, tf.IndexedSlices) for g, v in gvs]
    accum_ops = [accum_vars[i].assign_add(tf.convert_to_tensor(gv[0])) for i, gv in enumerate(gvs)]
    global_step = tf.train.get_or_create_global_step()
    micro = tf.Variable(0, trainable=False, name="micro_step")
    with tf.control_dependencies(accum_ops):
        micro_inc = tf.assign_add(micro, 1)
    apply_op = opt.apply_gradients([(accum_vars[i] / N, gv[1]) for i, gv in enumerate(gvs)],
                                   global_step=global_step)

    def do_apply():
        with tf.control_dependencies([apply_op]):
            return tf.identity(tf.constant(True))
    should = tf.equal(tf.mod(micro, N), 0)
    cond_apply = tf.cond(should, do_apply, lambda: tf.constant(False))
    out = {'grad_kinds': grad_kinds, 'accum_names': [v.name for v in accum_vars],
           'apply_name': apply_op.name, 'slot_names': opt.get_slot_names(),
           'mom_names': sorted(opt.get_slot(v, 'momentum').name for v in tvs)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        applied, losses = [], []
        for k in range(12):
            fd = {ids: xs[k:k + 1], y: ys[k:k + 1]}
            losses.append(sess.run(loss, fd))
            sess.run(micro_inc, fd)
            applied.append(sess.run(cond_apply))
            if applied[-1]:
                sess.run(zero_ops)
        out['applied'] = np.array(applied)
        out['losses'] = np.array(losses)
        out['gs'] = sess.run(global_step)
        out['vars'] = sess.run(tvs)
        out['full_loss'] = sess.run(loss, {ids: xs, y: ys})
    return out
