"""PetarV/GAT: attn_head via conv1d (kernel 1), bias_mat, leaky_relu; sp_attn_head with
tf.sparse_add / tf.sparse_softmax / tf.sparse_reorder and sparse_tensor_dense_matmul."""
import numpy as np
TAGS = ['sparse', 'layers', 'train', 'random']
TOLERANCE = {'*': (1e-4, 1e-5)}


def attn_head(tf, seq, out_sz, bias_mat, activation, in_drop=0.0, coef_drop=0.0, residual=False):
    with tf.name_scope('my_attn'):
        if in_drop != 0.0:
            seq = tf.nn.dropout(seq, 1.0 - in_drop, seed=11)
        seq_fts = tf.layers.conv1d(seq, out_sz, 1, use_bias=False)
        f_1 = tf.layers.conv1d(seq_fts, 1, 1)
        f_2 = tf.layers.conv1d(seq_fts, 1, 1)
        logits = f_1 + tf.transpose(f_2, [0, 2, 1])
        coefs = tf.nn.softmax(tf.nn.leaky_relu(logits) + bias_mat)
        if coef_drop != 0.0:
            coefs = tf.nn.dropout(coefs, 1.0 - coef_drop, seed=12)
        vals = tf.matmul(coefs, seq_fts)
        ret = tf.nn.bias_add(vals, tf.get_variable('b%d' % len(tf.global_variables()), [out_sz],
                                                 initializer=tf.zeros_initializer()))
        if residual:
            ret = ret + tf.layers.conv1d(seq, ret.shape[-1], 1)
        return activation(ret), coefs


def sp_attn_head(tf, seq, out_sz, adj_mat, activation, nb_nodes):
    with tf.name_scope('sp_attn'):
        seq_fts = tf.layers.conv1d(seq, out_sz, 1, use_bias=False)
        f_1 = tf.reshape(tf.layers.conv1d(seq_fts, 1, 1), (nb_nodes, 1))
        f_2 = tf.reshape(tf.layers.conv1d(seq_fts, 1, 1), (nb_nodes, 1))
        f_1 = adj_mat * f_1
        f_2 = adj_mat * tf.transpose(f_2, [1, 0])
        logits = tf.sparse_add(f_1, f_2)
        lrelu = tf.SparseTensor(indices=logits.indices, values=tf.nn.leaky_relu(logits.values),
                                dense_shape=logits.dense_shape)
        coefs = tf.sparse_softmax(lrelu)
        coefs = tf.sparse_reshape(coefs, [nb_nodes, nb_nodes])
        seq_fts = tf.squeeze(seq_fts)
        vals = tf.sparse_tensor_dense_matmul(coefs, seq_fts)
        vals = tf.expand_dims(vals, axis=0)
        vals.set_shape([1, nb_nodes, out_sz])
        return activation(vals), tf.sparse_tensor_to_dense(coefs, validate_indices=False)


def adj_to_bias(adj, sizes, nhood=1):
    mt = np.empty(adj.shape)
    for g in range(adj.shape[0]):
        mt[g] = np.eye(adj.shape[1])
        for _ in range(nhood):
            mt[g] = np.matmul(mt[g], (adj[g] + np.eye(adj.shape[1])))
        mt[g][mt[g] > 0.0] = 1.0
    return -1e9 * (1.0 - mt)


def main(tf):
    tf.set_random_seed(1)
    rng = np.random.RandomState(3)
    n, f, c = 9, 6, 3
    adj = (rng.rand(n, n) > 0.65).astype(np.float32); adj = np.maximum(adj, adj.T)
    x = rng.randn(1, n, f).astype(np.float32)
    y = np.eye(c, dtype=np.float32)[rng.randint(0, c, n)][None]
    bias = adj_to_bias(adj[None], [n]).astype(np.float32)
    ftr_in = tf.placeholder(dtype=tf.float32, shape=(1, n, f))
    bias_in = tf.placeholder(dtype=tf.float32, shape=(1, n, n))
    lbl_in = tf.placeholder(dtype=tf.int32, shape=(1, n, c))
    is_train = tf.placeholder(dtype=tf.bool, shape=())
    with tf.variable_scope('dense'):
        heads = [attn_head(tf, ftr_in, 4, bias_in, tf.nn.elu, in_drop=0.4, coef_drop=0.4)
                 for _ in range(2)]
        h1 = tf.concat([h for h, _ in heads], axis=-1)
        logits, coefs = attn_head(tf, h1, c, bias_in, lambda t: t, residual=True)
    log_resh = tf.reshape(logits, [-1, c])
    lab_resh = tf.reshape(lbl_in, [-1, c])
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=lab_resh,
                                                                     logits=log_resh))
    vars_ = tf.trainable_variables()
    lossL2 = tf.add_n([tf.nn.l2_loss(v) for v in vars_ if v.name not in
                       ['bias', 'gamma', 'b', 'g', 'beta']]) * 0.0005
    train_op = tf.train.AdamOptimizer(learning_rate=0.005).minimize(loss + lossL2)
    acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(log_resh, 1), tf.argmax(lab_resh, 1)),
                                 tf.float32))
    idx = np.array(np.nonzero(adj + np.eye(n))).T.astype(np.int64)
    sp_adj = tf.SparseTensor(idx, np.ones(len(idx), np.float32), [n, n])
    with tf.variable_scope('sparse'):
        sp_out, sp_coefs = sp_attn_head(tf, tf.constant(x), 4, sp_adj, tf.nn.elu, n)
    out = {'vars': [v.name for v in tf.global_variables()], 'h1': h1.get_shape().as_list(),
           'sp_out_shape': sp_out.get_shape().as_list()}
    feed = {ftr_in: x, bias_in: bias, lbl_in: y.astype(np.int32), is_train: True}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['losses'] = [sess.run([train_op, loss, acc], feed)[1:] for _ in range(6)]
        out['coefs'] = sess.run(coefs, feed)
        out['sp'] = sess.run([sp_out, sp_coefs])
    return out
