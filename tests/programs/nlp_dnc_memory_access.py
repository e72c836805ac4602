"""DNC memory access (deepmind/dnc addressing.py style): cosine content addressing, usage with
free gates, allocation via top_k + cumprod exclusive + batch_invert_permutation, temporal link
matrix with matrix_set_diag, forward/backward read weights; a custom RNNCell through dynamic_rnn."""
import collections
import numpy as np
TAGS = ['rnn', 'train', 'gradients', 'shapes']
TOLERANCE = {'*': (2e-4, 2e-5)}
_EPS = 1e-6


def batch_invert_permutation(tf, permutations):
    with tf.name_scope('batch_invert_permutation', values=[permutations]):
        perm = tf.cast(permutations, tf.float32)
        dim = int(perm.get_shape()[-1])
        size = tf.cast(tf.shape(perm)[0], tf.float32)
        delta = tf.cast(tf.shape(perm)[-1], tf.float32)
        rg = tf.range(0, size * delta, delta, dtype=tf.float32)
        rg = tf.expand_dims(rg, 1)
        rg = tf.tile(rg, [1, dim])
        perm = tf.add(perm, rg)
        flat = tf.reshape(perm, [-1])
        perm = tf.invert_permutation(tf.cast(flat, tf.int32))
        perm = tf.reshape(perm, [-1, dim])
        return tf.subtract(perm, tf.cast(rg, tf.int32))


def batch_gather(tf, values, indices):
    with tf.name_scope('batch_gather', values=[values, indices]):
        idx = tf.expand_dims(indices, -1)
        size = tf.shape(indices)[0]
        rg = tf.range(size, dtype=tf.int32)
        rg = tf.expand_dims(rg, -1)
        rg = tf.tile(rg, [1, int(indices.get_shape()[-1])])
        rg = tf.expand_dims(rg, -1)
        gidx = tf.concat([rg, idx], -1)
        return tf.gather_nd(values, gidx)


def cosine_weights(tf, memory, keys, strengths):
    dot = tf.matmul(keys, memory, adjoint_b=True)
    mn = tf.sqrt(tf.reduce_sum(memory * memory, axis=2, keepdims=True) + _EPS)
    kn = tf.sqrt(tf.reduce_sum(keys * keys, axis=2, keepdims=True) + _EPS)
    sim = dot / (tf.matmul(kn, mn, adjoint_b=True) + _EPS)
    return tf.nn.softmax(sim * tf.expand_dims(tf.nn.softplus(strengths) + 1, -1), axis=-1)


def allocation(tf, usage):
    usage = _EPS + (1 - _EPS) * usage
    nonusage = 1 - usage
    sorted_nonusage, indices = tf.nn.top_k(nonusage, k=int(usage.get_shape()[-1]), name='sort')
    sorted_usage = 1 - sorted_nonusage
    prod_sorted_usage = tf.cumprod(sorted_usage, axis=1, exclusive=True)
    sorted_allocation = sorted_nonusage * prod_sorted_usage
    inverse_indices = batch_invert_permutation(tf, indices)
    return batch_gather(tf, sorted_allocation, inverse_indices), indices


def make_cell(tf, N, W, R):
    State = collections.namedtuple('State', ('memory', 'read_w', 'write_w', 'link', 'prec',
                                             'usage'))

    class DNCAccess(tf.nn.rnn_cell.RNNCell):
        @property
        def state_size(self):
            return State(tf.TensorShape([N, W]), tf.TensorShape([R, N]), tf.TensorShape([N]),
                         tf.TensorShape([N, N]), tf.TensorShape([N]), tf.TensorShape([N]))

        @property
        def output_size(self):
            return tf.TensorShape([R * W + R * N])

        def __call__(self, inputs, state, scope=None):
            with tf.variable_scope(scope or 'dnc_access'):
                ks = R * W + R + W + 1 + W + W + R + 2 + 3 * R
                p = tf.layers.dense(inputs, ks, name='interface')
                sizes = [R * W, R, W, 1, W, W, R, 1, 1, 3 * R]
                (rk, rs, wk, ws, erase, wv, free, ag, wg, modes) = tf.split(p, sizes, axis=1)
                rk = tf.reshape(rk, [-1, R, W]); wk = tf.reshape(wk, [-1, 1, W])
                erase = tf.sigmoid(erase); free = tf.sigmoid(free)
                ag = tf.sigmoid(ag); wg = tf.sigmoid(wg)
                modes = tf.nn.softmax(tf.reshape(modes, [-1, R, 3]))
                ret = tf.expand_dims(free, -1) * state.read_w
                phi = tf.reduce_prod(1 - ret, axis=[1])
                usage = state.usage + state.write_w - state.usage * state.write_w
                usage = usage * phi
                alloc, _ = allocation(tf, usage)
                wc = tf.squeeze(cosine_weights(tf, state.memory, wk, ws), 1)
                ww = wg * (ag * alloc + (1 - ag) * wc)
                ew = tf.expand_dims(ww, -1) * tf.expand_dims(erase, 1)
                memory = state.memory * (1 - ew) + tf.matmul(tf.expand_dims(ww, -1),
                                                           tf.expand_dims(wv, 1))
                wi = tf.expand_dims(ww, 2); wj = tf.expand_dims(ww, 1)
                link = (1 - wi - wj) * state.link + wi * tf.expand_dims(state.prec, 1)
                link = tf.matrix_set_diag(link, tf.zeros([tf.shape(link)[0], N], link.dtype))
                prec = (1 - tf.reduce_sum(ww, 1, keepdims=True)) * state.prec + ww
                fwd = tf.matmul(state.read_w, link, adjoint_b=True)
                bwd = tf.matmul(state.read_w, link)
                cw = cosine_weights(tf, memory, rk, rs)
                rw = (tf.expand_dims(modes[..., 0], 2) * bwd + tf.expand_dims(modes[..., 1], 2)
                      * fwd + tf.expand_dims(modes[..., 2], 2) * cw)
                reads = tf.matmul(rw, memory)
                out = tf.concat([tf.layers.flatten(reads), tf.layers.flatten(rw)], 1)
            return out, State(memory, rw, ww, link, prec, usage)
    return DNCAccess()


def main(tf):
    tf.set_random_seed(11); rng = np.random.RandomState(11)
    B, T, N, W, R = 2, 5, 6, 4, 2
    x = tf.placeholder(tf.float32, [B, T, 3], name='x')
    y = tf.placeholder(tf.float32, [B, T, 3], name='y')
    cell = make_cell(tf, N, W, R)
    init = cell.zero_state(B, tf.float32)
    init = init._replace(memory=init.memory + 0.01 * tf.ones([B, N, W]))
    outs, final = tf.nn.dynamic_rnn(cell, x, initial_state=init, scope='dnc')
    logits = tf.layers.dense(outs, 3, name='out')
    loss = tf.losses.sigmoid_cross_entropy(y, logits)
    opt = tf.train.AdamOptimizer(1e-2)
    grads, tvars = zip(*opt.compute_gradients(loss))
    clipped, gnorm = tf.clip_by_global_norm(grads, 5.0)
    train = opt.apply_gradients(zip(clipped, tvars), global_step=tf.train.get_or_create_global_step())
    u = tf.constant([[0.4, 0.1, 0.9, 0.0, 0.3, 0.7]])
    a, idx = allocation(tf, u)
    perm = batch_invert_permutation(tf, tf.constant([[2, 0, 1], [1, 2, 0]]))
    res = {'outs_shape': str(outs.shape), 'link_shape': str(final.link.shape),
           'vars': [v.name for v in tf.trainable_variables()],
           'grad_names_ok': [g is not None for g in grads]}
    xv = rng.rand(B, T, 3).astype(np.float32); yv = (rng.rand(B, T, 3) > 0.5).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['alloc'], res['idx'], res['perm'] = sess.run([a, idx, perm])
        losses = []
        for _ in range(4):
            l, g, _ = sess.run([loss, gnorm, train], {x: xv, y: yv})
            losses.append(l)
        res['losses'] = np.array(losses)
        f = sess.run(final, {x: xv})
        res['read_w'], res['link'], res['usage'] = f.read_w, f.link, f.usage
        res['gnorm'] = g
    return res
