"""DeepWalk / node2vec / LINE TF1 code: seeded random walks made in numpy, skip-gram pairs,
node embeddings in a PartitionedVariable (min_max_variable_partitioner, 'div' lookups),
tf.nn.nce_loss with a seeded sampler, sparse Adagrad/Adam updates (IndexedSlices), LINE's
second-order loss with log_sigmoid, cosine similarity top_k, Saver round trip of the shards."""
import os
import numpy as np
TAGS = ['embedding', 'variables', 'saver', 'train', 'random']
TOLERANCE = {'*': (1e-4, 1e-5)}


def walks(adj, rng, length=6):
    out = []
    for start in range(len(adj)):
        w = [start]
        for _ in range(length - 1):
            nbrs = np.nonzero(adj[w[-1]])[0]
            w.append(int(rng.choice(nbrs)) if len(nbrs) else w[-1])
        out.append(w)
    return out


def main(tf):
    tf.set_random_seed(21)
    rng = np.random.RandomState(21)
    n, dim = 16, 4
    adj = (rng.rand(n, n) > 0.75).astype(np.int32); adj = np.maximum(adj, adj.T)
    pairs = [(w[i], w[j]) for w in walks(adj, rng) for i in range(len(w))
             for j in range(max(0, i - 2), min(len(w), i + 3)) if i != j]
    pairs = np.array(pairs[:64], np.int64)
    center = tf.placeholder(tf.int64, [None])
    context = tf.placeholder(tf.int64, [None, 1])
    with tf.variable_scope('embeddings', partitioner=tf.min_max_variable_partitioner(
            max_partitions=3, min_slice_size=16)):
        emb = tf.get_variable('node_emb', [n, dim],
                              initializer=tf.random_uniform_initializer(-1.0, 1.0, seed=1))
        ctx_w = tf.get_variable('context_w', [n, dim], initializer=tf.zeros_initializer())
        ctx_b = tf.get_variable('context_b', [n], initializer=tf.zeros_initializer())
    embed = tf.nn.embedding_lookup(emb, center, partition_strategy='div')
    loss = tf.reduce_mean(tf.nn.nce_loss(weights=ctx_w, biases=ctx_b, labels=context,
                                         inputs=embed, num_sampled=5, num_classes=n,
                                         partition_strategy='div',
                                         sampled_values=tf.nn.uniform_candidate_sampler(
                                             context, 1, 5, True, n, seed=2)))
    opt = tf.train.AdagradOptimizer(0.5)
    grads = opt.compute_gradients(loss)
    train = opt.apply_gradients(grads)
    # LINE second order, with its own tables and Adam on IndexedSlices
    u_emb = tf.get_variable('line_u', [n, dim], initializer=tf.truncated_normal_initializer(
        stddev=0.3, seed=3))
    v_emb = tf.get_variable('line_v', [n, dim], initializer=tf.truncated_normal_initializer(
        stddev=0.3, seed=4))
    neg = tf.random_uniform([tf.shape(center)[0], 3], 0, n, dtype=tf.int64, seed=5)
    u = tf.nn.embedding_lookup(u_emb, center)
    pos_score = tf.reduce_sum(u * tf.nn.embedding_lookup(v_emb, context[:, 0]), 1)
    neg_score = tf.einsum('bd,bkd->bk', u, tf.nn.embedding_lookup(v_emb, neg))
    line_loss = -tf.reduce_mean(tf.log_sigmoid(pos_score)) - tf.reduce_mean(
        tf.reduce_sum(tf.log_sigmoid(-neg_score), 1))
    line_train = tf.train.AdamOptimizer(0.05).minimize(line_loss, var_list=[u_emb, v_emb])
    full = tf.concat(list(emb), 0) if hasattr(emb, '_get_variable_list') else emb
    normalized = tf.nn.l2_normalize(full, 1)
    sim = tf.matmul(tf.gather(normalized, [0, 5]), normalized, transpose_b=True)
    top = tf.nn.top_k(sim, 4)
    saver = tf.train.Saver()
    res = {'shards': [v.name for v in emb], 'shard_shapes': [v.get_shape().as_list() for v in emb],
           'grad_types': sorted(set(type(g).__name__ for g, v in grads))}
    feed = {center: pairs[:, 0], context: pairs[:, 1:]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['losses'] = [sess.run([loss, train], feed)[0] for _ in range(5)]
        res['line'] = [sess.run([line_loss, line_train], feed)[0] for _ in range(4)]
        res['top'] = sess.run(top)
        path = saver.save(sess, os.path.join(os.getcwd(), 'emb.ckpt'))
        res['ckpt_vars'] = [name for name, _ in tf.train.list_variables(path)]
        before = sess.run(full)
        sess.run(tf.variables_initializer(tf.global_variables()))
        saver.restore(sess, path)
        res['restored_same'] = bool(np.array_equal(before, sess.run(full)))
        res['emb'] = before
    return res
