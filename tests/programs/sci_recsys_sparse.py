"""Recommender building blocks: a factorization machine on a fed SparseTensor
(sparse_tensor_dense_matmul, Ftrl), embedding_lookup_sparse and safe_embedding_lookup_sparse on
a PartitionedVariable (default "mod" strategy), `SparseTensor * dense` / `/ dense` with
gradients, hashed string features for a wide part, and a tower trained with sampled softmax."""
import numpy as np
TAGS = ['sparse', 'embedding']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _fm(tf, out):
    rng = np.random.RandomState(2018)
    p, k, n = 20, 3, 8
    rows, cols, vals = [], [], []
    for r in range(n):
        c = np.sort(rng.choice(p, 4, replace=False))
        rows += [r] * 4
        cols += c.tolist()
        vals += np.round(rng.rand(4), 2).tolist()
    labels = (rng.rand(n) > 0.5).astype(np.float32).reshape(-1, 1)
    X = tf.sparse_placeholder(tf.float32)
    y = tf.placeholder(tf.float32, [None, 1])
    w0 = tf.Variable(tf.zeros([1]))
    W = tf.Variable(tf.zeros([p, 1]))
    V = tf.Variable(tf.constant(rng.randn(p, k).astype(np.float32) * 0.1))
    X_square = tf.SparseTensor(X.indices, tf.square(X.values), X.dense_shape)
    interaction = 0.5 * tf.reduce_sum(tf.square(tf.sparse_tensor_dense_matmul(X, V))
                                      - tf.sparse_tensor_dense_matmul(X_square, tf.square(V)),
                                      1, keep_dims=True)
    y_hat = w0 + tf.sparse_tensor_dense_matmul(X, W) + interaction
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=y_hat, labels=y)) \
        + 0.001 * tf.reduce_sum(tf.square(V))
    train = tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.001).minimize(loss)
    feed = {X: tf.SparseTensorValue(np.array(list(zip(rows, cols)), np.int64),
                                    np.array(vals, np.float32), np.array([n, p], np.int64)),
            y: labels}
    return [train, loss], feed


def _partitioned(tf):
    with tf.variable_scope('emb', partitioner=tf.fixed_size_partitioner(2)):
        emb = tf.get_variable('e', [5, 2], initializer=tf.zeros_initializer())
    shards = list(emb)
    fill = [tf.assign(shards[0], [[0.0, 0.5], [2.0, 2.5], [4.0, 4.5]]),
            tf.assign(shards[1], [[1.0, 1.5], [3.0, 3.5]])]
    ids = tf.SparseTensor([[0, 0], [1, 0], [1, 1], [2, 0]], tf.constant([1, 2, 4, 3], tf.int64),
                          [3, 2])
    weights = tf.SparseTensor(ids.indices, [1.0, 1.0, 3.0, 1.0], ids.dense_shape)
    return fill, {
        'mean': tf.nn.embedding_lookup_sparse(emb, ids, weights, combiner='mean'),
        'div': tf.nn.embedding_lookup_sparse(emb, ids, None, combiner='sum',
                                             partition_strategy='div'),
        'safe': tf.nn.safe_embedding_lookup_sparse(emb, ids, None, partition_strategy='mod'),
        'lookup': tf.nn.embedding_lookup(emb, [1, 2, 4]),
    }


def _cwise(tf):
    sp = tf.SparseTensor([[0, 0], [1, 2], [1, 1]], [1.0, 2.0, 3.0], [2, 3])
    row = tf.constant([[1.0, 10.0, 100.0]])
    dense = tf.constant([[1.0, 2.0, 4.0], [3.0, 5.0, 7.0]])
    product, quotient = sp * row, sp / dense
    loss = tf.reduce_sum(product.values) + tf.reduce_sum(quotient.values)
    return {'product': product.values, 'quotient': quotient.values,
            'grads': tf.gradients(loss, [sp.values, row, dense])}


def _wide_and_tower(tf):
    users = tf.constant([b'u1', b'u2', b'u3', b'u1'])
    cities = tf.constant([b'rome', b'paris', b'rome', b'oslo'])
    cross = tf.string_to_hash_bucket_fast(tf.string_join([users, cities], separator='_X_'), 64)
    w_cross = tf.get_variable('wide_cross', [64, 4],
                              initializer=tf.truncated_normal_initializer(stddev=0.1, seed=1))
    user_vec = tf.nn.embedding_lookup(w_cross, cross)
    item_w = tf.get_variable('item_w', [30, 4],
                             initializer=tf.truncated_normal_initializer(stddev=0.1, seed=2))
    item_b = tf.get_variable('item_b', [30], initializer=tf.zeros_initializer())
    labels = tf.constant([[3], [17], [3], [25]], tf.int64)
    sampled = tf.nn.fixed_unigram_candidate_sampler(labels, 1, 5, True, 30,
                                                    unigrams=list(range(1, 31)), seed=3)
    loss = tf.reduce_mean(tf.nn.sampled_softmax_loss(item_w, item_b, labels, user_vec, 5, 30,
                                                     sampled_values=sampled))
    full = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.squeeze(labels, 1), logits=tf.matmul(user_vec, item_w, transpose_b=True)
        + item_b))
    optimizer = tf.train.AdagradOptimizer(0.5)
    grads = optimizer.compute_gradients(loss)
    # the update waits for `full`, which reads the same variables: fetched in one run with the
    # update, TF's ref variables otherwise race (`full` came out before or after it)
    with tf.control_dependencies([full]):
        train = optimizer.apply_gradients(grads)
    return cross, [train, loss, full]


def main(tf):
    out = {}
    fm_step, fm_feed = _fm(tf, out)
    fill, lookups = _partitioned(tf)
    cwise = _cwise(tf)
    cross, tower_step = _wide_and_tower(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['fm_losses'] = [sess.run(fm_step, fm_feed)[1] for _ in range(5)]
        sess.run(fill)
        out['partitioned'] = sess.run(lookups)
        out['cwise'] = sess.run(cwise)
        out['cross'] = sess.run(cross)
        out['tower'] = [sess.run(tower_step)[1:] for _ in range(4)]
    return out
