"""Two-tower retrieval (YouTube-DNN / sampling-bias-corrected 2019 style): l2_normalize towers,
in-batch negatives softmax with temperature and duplicate masking, sampled_softmax_loss over a
shared log_uniform_candidate_sampler (with and without remove_accidental_hits), nce_loss,
compute_accidental_hits, top-k retrieval, Adam."""
import numpy as np
TAGS = ['embedding', 'losses', 'random', 'gradients', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    np.random.seed(4)
    tf.set_random_seed(4)
    n_users, n_items, d, B = 30, 50, 8, 6
    uid = tf.placeholder(tf.int64, [None], name='user_id')
    iid = tf.placeholder(tf.int64, [None], name='item_id')
    feed = {uid: np.random.randint(0, n_users, B), iid: np.array([3, 7, 3, 12, 0, 41])}
    with tf.variable_scope('query_tower'):
        u_emb = tf.get_variable('user_emb', [n_users, d], initializer=tf.glorot_normal_initializer(seed=1))
        q = tf.layers.dense(tf.nn.embedding_lookup(u_emb, uid), d, activation=tf.nn.elu,
                            kernel_initializer=tf.glorot_uniform_initializer(seed=2))
    with tf.variable_scope('candidate_tower'):
        i_emb = tf.get_variable('item_emb', [n_items, d], initializer=tf.glorot_normal_initializer(seed=3))
        c = tf.nn.embedding_lookup(i_emb, iid)
    qn = tf.nn.l2_normalize(q, axis=1, epsilon=1e-12)
    cn = tf.nn.l2_normalize(c, axis=-1)
    scores = tf.matmul(qn, cn, transpose_b=True) / 0.1
    # in-batch duplicates masking (same item twice in batch)
    dup = tf.logical_and(tf.equal(tf.expand_dims(iid, 1), tf.expand_dims(iid, 0)),
                         tf.logical_not(tf.cast(tf.eye(tf.shape(iid)[0]), tf.bool)))
    scores_m = scores - 1e9 * tf.cast(dup, tf.float32)
    inbatch = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.range(tf.shape(scores)[0]), logits=scores_m))
    labels = tf.expand_dims(iid, 1)
    sampled = tf.nn.log_uniform_candidate_sampler(true_classes=labels, num_true=1, num_sampled=10,
                                                  unique=True, range_max=n_items, seed=7)
    out = {'sampled_shapes': [str(t.shape) for t in sampled], 'sampler_op': sampled[0].op.type}
    sm_b = tf.get_variable('softmax_b', [n_items], initializer=tf.zeros_initializer())
    ssl = {}
    for rah in [True, False]:
        ssl[rah] = tf.reduce_mean(tf.nn.sampled_softmax_loss(
            weights=i_emb, biases=sm_b, labels=labels, inputs=q, num_sampled=10, num_classes=n_items,
            sampled_values=sampled, remove_accidental_hits=rah))
    nce = tf.reduce_mean(tf.nn.nce_loss(weights=i_emb, biases=sm_b, labels=labels, inputs=q,
                                        num_sampled=10, num_classes=n_items, sampled_values=sampled))
    acc = tf.nn.compute_accidental_hits(labels, sampled[0], num_true=1)
    topk = tf.nn.top_k(tf.matmul(qn, tf.nn.l2_normalize(i_emb, 1), transpose_b=True), k=5)
    total = inbatch + ssl[True] + nce
    grads = tf.gradients(total, [u_emb, i_emb, sm_b])
    out['grad_kinds'] = [isinstance(g, tf.IndexedSlices) for g in grads]
    out['ssl_name'] = ssl[True].name
    out['acc_dtypes'] = [t.dtype.name for t in acc]
    adam = tf.train.AdamOptimizer(0.01)
    gvs = adam.compute_gradients(total)
    # a barrier on every gradient before any update: TF1's ref variables race otherwise
    barrier = tf.tuple([g for g, _ in gvs])
    train = adam.apply_gradients(list(zip(barrier, [v for _, v in gvs])))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = sess.run({'sampled': sampled, 'ssl_t': ssl[True], 'ssl_f': ssl[False], 'nce': nce,
                      'inbatch': inbatch, 'acc': acc, 'topk': topk, 'scores': scores}, feed)
        out['cands'], out['true_exp'], out['samp_exp'] = r['sampled']
        out['acc_idx'], out['acc_ids'], out['acc_w'] = r['acc']
        out['topk_v'], out['topk_i'] = r['topk']
        for k in ['ssl_t', 'ssl_f', 'nce', 'inbatch', 'scores']:
            out[k] = r[k]
        gv = sess.run([tf.convert_to_tensor(g) for g in grads], feed)
        for i, g in enumerate(gv):
            out['g%d' % i] = g
        for _ in range(5):
            sess.run(train, feed)
        out['after'] = sess.run(inbatch, feed)
    return out
