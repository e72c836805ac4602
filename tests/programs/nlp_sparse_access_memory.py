"""Sparse access memory / MANN with least-recently-used access (Rae 2016, Santoro 2016 one-shot
repos such as tristandeleu/ntm-one-shot ports): k-nearest slots by tf.nn.top_k on cosine
similarity, read weights as tf.SparseTensor with tf.sparse_softmax and
tf.sparse_tensor_dense_matmul, LRU slot by top_k of negated usage, writes via tf.scatter_nd and
tf.batch_gather, usage decay; an external memory tf.Variable updated by tf.scatter_nd_update /
tf.scatter_add; tf.unsorted_segment_sum and tf.dynamic_stitch bookkeeping; gradients + Adam."""
import numpy as np
TAGS = ['sparse', 'variables', 'train', 'gradients']
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(19); rng = np.random.RandomState(19)
    B, N, W, K = 2, 8, 4, 3
    mem0 = tf.constant(rng.randn(B, N, W).astype(np.float32), name='memory')
    x = tf.placeholder(tf.float32, [B, 5], name='x')
    with tf.variable_scope('controller'):
        key = tf.layers.dense(x, W, activation=tf.tanh, name='key',
                              kernel_initializer=tf.glorot_uniform_initializer(seed=1))
        beta = tf.layers.dense(x, 1, activation=tf.nn.softplus, name='beta',
                               kernel_initializer=tf.glorot_uniform_initializer(seed=2))
        add = tf.layers.dense(x, W, name='add',
                              kernel_initializer=tf.glorot_uniform_initializer(seed=3))
        alpha = tf.layers.dense(x, 1, activation=tf.sigmoid, name='alpha',
                                kernel_initializer=tf.glorot_uniform_initializer(seed=4))
    mn = tf.nn.l2_normalize(mem0, 2)
    kn = tf.nn.l2_normalize(key, 1)
    sim = tf.squeeze(tf.matmul(mn, tf.expand_dims(kn, -1)), -1)
    top_sim, top_idx = tf.nn.top_k(sim, k=K)
    sparse_idx = tf.stack([tf.tile(tf.range(B)[:, None], [1, K]), top_idx], 2)
    sparse_idx = tf.cast(tf.reshape(sparse_idx, [-1, 2]), tf.int64)
    sp = tf.SparseTensor(sparse_idx, tf.reshape(beta * top_sim, [-1]), [B, N])
    sp = tf.sparse_reorder(sp)
    w_read = tf.sparse_softmax(sp)
    reads = tf.stack([tf.sparse_tensor_dense_matmul(
        tf.sparse_slice(w_read, [b, 0], [1, N]), mem0[b]) for b in range(B)], 0)
    reads = tf.squeeze(reads, 1)
    dense_w = tf.sparse_tensor_to_dense(w_read, validate_indices=True)
    usage = tf.constant(rng.rand(B, N).astype(np.float32))
    _, lru = tf.nn.top_k(-usage, k=1)
    gathered = tf.batch_gather(dense_w, top_idx)
    w_write = alpha * dense_w + (1 - alpha) * tf.one_hot(tf.squeeze(lru, 1), N)
    new_mem = mem0 + tf.expand_dims(w_write, -1) * tf.expand_dims(add, 1)
    upd = tf.scatter_nd(tf.concat([tf.range(B)[:, None], lru], 1), add, [B, N, W])
    new_usage = 0.9 * usage + tf.sparse_reduce_sum(w_read, axis=0) + w_write
    seg = tf.unsorted_segment_sum(tf.reshape(top_sim, [-1]), tf.reshape(top_idx, [-1]), N)
    stitched = tf.dynamic_stitch([tf.constant([0, 2, 4, 6]), tf.constant([1, 3, 5, 7])],
                                 [tf.range(4.), -tf.range(4.)])
    ext = tf.Variable(tf.zeros([N, W]), name='external_memory', trainable=False)
    wr = tf.scatter_nd_update(ext, tf.reshape(lru, [-1, 1]), add)
    with tf.control_dependencies([wr]):
        wr2 = tf.scatter_add(ext, tf.reshape(top_idx[:, 0], [-1]), reads)
    target = tf.constant(rng.randn(B, W).astype(np.float32))
    loss = tf.reduce_mean(tf.square(reads - target)) + 0.1 * tf.reduce_mean(tf.square(new_mem))
    opt = tf.train.AdamOptimizer(0.05)
    gvs = opt.compute_gradients(loss)
    with tf.control_dependencies([g for g, _ in gvs]):
        train = opt.apply_gradients(gvs)
    xv = rng.randn(B, 5).astype(np.float32)
    res = {'shapes': [str(t.shape) for t in (sim, top_idx, w_read.dense_shape, reads, dense_w,
                                             gathered, upd, seg, stitched)],
           'vars': [v.name for _, v in gvs]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = sess.run({'w_read': w_read, 'reads': reads, 'dense_w': dense_w, 'gathered': gathered,
                      'upd': upd, 'new_usage': new_usage, 'seg': seg, 'stitched': stitched,
                      'lru': lru}, {x: xv})
        res.update({k: (list(v) if isinstance(v, tf.SparseTensorValue) else v)
                    for k, v in r.items()})
        res['ext'] = sess.run(wr2, {x: xv})
        res['losses'] = np.array([sess.run([loss, train], {x: xv})[0] for _ in range(5)])
    return res
