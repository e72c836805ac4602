"""MAML (cbfinn/maml style: inner-loop tf.gradients, fast weights dict, second order and first
order via tf.stop_gradient, tf.map_fn over tasks) and Reptile (openai/supervised-reptile style:
variable snapshots, interpolation by assign) on sinusoid regression."""
import numpy as np
TAGS = ['gradients', 'control_flow', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def construct_weights(tf, dim_hidden=(8, 8)):
    weights = {}
    dims = (1,) + dim_hidden + (1,)
    for i in range(len(dims) - 1):
        weights['w%d' % (i + 1)] = tf.Variable(tf.truncated_normal(
            [dims[i], dims[i + 1]], stddev=0.5, seed=i + 1), name='w%d' % (i + 1))
        weights['b%d' % (i + 1)] = tf.Variable(tf.zeros([dims[i + 1]]), name='b%d' % (i + 1))
    return weights


def forward(tf, inp, weights):
    h = tf.nn.relu(tf.matmul(inp, weights['w1']) + weights['b1'])
    h = tf.nn.relu(tf.matmul(h, weights['w2']) + weights['b2'])
    return tf.matmul(h, weights['w3']) + weights['b3']


def mse(tf, pred, label):
    return tf.reduce_mean(tf.square(tf.reshape(pred, [-1]) - tf.reshape(label, [-1])))


def main(tf):
    out = {}
    tf.set_random_seed(13)
    rng = np.random.RandomState(13)
    meta_bs, K = 3, 5
    amp = rng.uniform(0.1, 5.0, [meta_bs]); phase = rng.uniform(0, np.pi, [meta_bs])
    xa = rng.uniform(-5, 5, [meta_bs, K, 1]).astype(np.float32)
    xb = rng.uniform(-5, 5, [meta_bs, K, 1]).astype(np.float32)
    ya = (amp[:, None, None] * np.sin(xa - phase[:, None, None])).astype(np.float32)
    yb = (amp[:, None, None] * np.sin(xb - phase[:, None, None])).astype(np.float32)
    inputa = tf.placeholder(tf.float32); labela = tf.placeholder(tf.float32)
    inputb = tf.placeholder(tf.float32); labelb = tf.placeholder(tf.float32)
    with tf.variable_scope('model', reuse=None):
        weights = construct_weights(tf)
    out['wnames'] = sorted(v.name for v in weights.values())
    results = {}
    for stop_grad in (False, True):
        def task_metalearn(inp):
            ia, ib, la, lb = inp
            task_lossesb = []
            task_lossa = mse(tf, forward(tf, ia, weights), la)
            grads = tf.gradients(task_lossa, list(weights.values()))
            if stop_grad:
                grads = [tf.stop_gradient(grad) for grad in grads]
            gradients = dict(zip(weights.keys(), grads))
            fast_weights = dict(zip(weights.keys(), [weights[key] - 0.01 * gradients[key]
                                                      for key in weights.keys()]))
            task_lossesb.append(mse(tf, forward(tf, ib, fast_weights), lb))
            for j in range(2):
                loss = mse(tf, forward(tf, ia, fast_weights), la)
                grads = tf.gradients(loss, list(fast_weights.values()))
                if stop_grad:
                    grads = [tf.stop_gradient(grad) for grad in grads]
                gradients = dict(zip(fast_weights.keys(), grads))
                fast_weights = dict(zip(fast_weights.keys(), [
                    fast_weights[key] - 0.01 * gradients[key] for key in fast_weights.keys()]))
                task_lossesb.append(mse(tf, forward(tf, ib, fast_weights), lb))
            return [task_lossa, task_lossesb]
        out_dtype = [tf.float32, [tf.float32] * 3]
        lossesa, lossesb = tf.map_fn(task_metalearn, elems=(inputa, inputb, labela, labelb),
                                     dtype=out_dtype, parallel_iterations=meta_bs)
        total_loss1 = tf.reduce_sum(lossesa) / tf.to_float(meta_bs)
        total_losses2 = [tf.reduce_sum(lossesb[j]) / tf.to_float(meta_bs) for j in range(3)]
        gvs = tf.train.AdamOptimizer(1e-3).compute_gradients(total_losses2[-1])
        results[stop_grad] = (total_loss1, total_losses2, gvs)
    meta_opt = tf.train.AdamOptimizer(1e-3)
    gvs = [(tf.clip_by_value(grad, -10, 10), var) for grad, var in results[False][2]]
    with tf.control_dependencies([g for g, v in gvs]):
        metatrain_op = meta_opt.apply_gradients(gvs)
    # Reptile: inner SGD then interpolate toward the adapted weights
    x_ph = tf.placeholder(tf.float32, [None, 1]); y_ph = tf.placeholder(tf.float32, [None, 1])
    inner_loss = mse(tf, forward(tf, x_ph, weights), y_ph)
    inner_op = tf.train.GradientDescentOptimizer(0.02).minimize(inner_loss, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
    model_vars = tf.trainable_variables()
    snapshot = [tf.Variable(tf.zeros_like(v.initialized_value()), trainable=False)
                for v in model_vars]
    take = tf.group(*[s.assign(v) for s, v in zip(snapshot, model_vars)])
    eps = tf.placeholder(tf.float32, [])
    interp = tf.group(*[v.assign(s + eps * (v - s)) for s, v in zip(snapshot, model_vars)])
    feed = {inputa: xa, inputb: xb, labela: ya, labelb: yb}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['so'] = np.array(sess.run([results[False][0]] + results[False][1], feed))
        out['fo'] = np.array(sess.run([results[True][0]] + results[True][1], feed))
        g2 = sess.run([g for g, v in results[False][2]], feed)
        g1 = sess.run([g for g, v in results[True][2]], feed)
        out['g_so_w1'] = g2[0]; out['g_fo_w1'] = g1[0]
        out['g_diff'] = float(sum(np.abs(a - b).sum() for a, b in zip(g1, g2)))
        tr = []
        for it in range(3):
            sess.run(metatrain_op, feed)
            tr.append(sess.run(results[False][1][-1], feed))
        out['meta_trace'] = np.array(tr)
        rt = []
        for it in range(3):
            sess.run(take)
            for t in range(meta_bs):
                sess.run(inner_op, {x_ph: xa[t], y_ph: ya[t]})
            sess.run(interp, {eps: 0.5 * (1 - it / 3.)})
            rt.append(sess.run(inner_loss, {x_ph: xb[0], y_ph: yb[0]}))
        out['reptile'] = np.array(rt)
        out['w3'] = sess.run(weights['w3'])
    return out
