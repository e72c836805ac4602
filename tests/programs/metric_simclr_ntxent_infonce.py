"""SimCLR's add_contrastive_loss (objective.py, TF1 style) and CPC/MoCo-style InfoNCE with a
queue of negatives, temperature, LARGE_NUM masking, tf.one_hot/tf.range labels."""
import numpy as np
TAGS = ['gradients', 'nn', 'train']

LARGE_NUM = 1e9


def add_contrastive_loss(tf, hidden, hidden_norm=True, temperature=1.0, weights=1.0):
    if hidden_norm:
        hidden = tf.math.l2_normalize(hidden, -1)
    hidden1, hidden2 = tf.split(hidden, 2, 0)
    batch_size = tf.shape(hidden1)[0]
    hidden1_large = hidden1
    hidden2_large = hidden2
    labels = tf.one_hot(tf.range(batch_size), batch_size * 2)
    masks = tf.one_hot(tf.range(batch_size), batch_size)
    logits_aa = tf.matmul(hidden1, hidden1_large, transpose_b=True) / temperature
    logits_aa = logits_aa - masks * LARGE_NUM
    logits_bb = tf.matmul(hidden2, hidden2_large, transpose_b=True) / temperature
    logits_bb = logits_bb - masks * LARGE_NUM
    logits_ab = tf.matmul(hidden1, hidden2_large, transpose_b=True) / temperature
    logits_ba = tf.matmul(hidden2, hidden1_large, transpose_b=True) / temperature
    loss_a = tf.losses.softmax_cross_entropy(labels, tf.concat([logits_ab, logits_aa], 1), weights=weights)
    loss_b = tf.losses.softmax_cross_entropy(labels, tf.concat([logits_ba, logits_bb], 1), weights=weights)
    loss = loss_a + loss_b
    return loss, logits_ab, labels


def nt_xent_full(tf, z, tau):
    z = tf.nn.l2_normalize(z, axis=1)
    n = tf.shape(z)[0]
    sim = tf.matmul(z, z, transpose_b=True) / tau
    sim = sim - tf.eye(n) * LARGE_NUM
    half = n // 2
    pos_idx = tf.concat([tf.range(half, n), tf.range(0, half)], 0)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=pos_idx, logits=sim)
    acc = tf.reduce_mean(tf.to_float(tf.equal(tf.argmax(sim, 1, output_type=tf.int32), pos_idx)))
    return tf.reduce_mean(loss), acc


def infonce_queue(tf, q, k, queue, tau=0.07):
    q = tf.nn.l2_normalize(q, 1)
    k = tf.stop_gradient(tf.nn.l2_normalize(k, 1))
    l_pos = tf.reshape(tf.einsum('nc,nc->n', q, k), [-1, 1])
    l_neg = tf.einsum('nc,kc->nk', q, queue)
    logits = tf.concat([l_pos, l_neg], axis=1) / tau
    labels = tf.zeros(tf.shape(logits)[0], dtype=tf.int64)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    new_queue = tf.concat([k, queue], 0)[:tf.shape(queue)[0]]
    return loss, new_queue, logits


def main(tf):
    np.random.seed(21)
    tf.set_random_seed(8)
    x = tf.placeholder(tf.float32, [None, 10], name="views")
    with tf.variable_scope("proj_head"):
        h = tf.layers.dense(x, 16, use_bias=False, kernel_initializer=tf.variance_scaling_initializer(seed=1))
        h = tf.layers.batch_normalization(h, training=True, center=True)
        h = tf.nn.relu(h)
        z = tf.layers.dense(h, 6, kernel_initializer=tf.variance_scaling_initializer(seed=2))
    out = {}
    res = {}
    for t in (0.1, 0.5):
        loss, logits_ab, labels = add_contrastive_loss(tf, z, temperature=t)
        res["simclr_%s" % t] = (loss, logits_ab, tf.gradients(loss, z)[0])
    res["labels"] = (labels,)
    nl, acc = nt_xent_full(tf, z, 0.2)
    res["full"] = (nl, acc, tf.gradients(nl, x)[0])
    queue = tf.get_variable("queue", [12, 6], initializer=tf.random_normal_initializer(seed=4), trainable=False)
    q, k = tf.split(z, 2, 0)
    il, nq, lg = infonce_queue(tf, q, k, tf.nn.l2_normalize(queue, 1))
    upd = tf.assign(queue, nq)
    res["infonce"] = (il, lg, tf.gradients(il, z)[0])
    out["losses_coll"] = [t.op.name for t in tf.get_collection(tf.GraphKeys.LOSSES)]
    out["logits_shape"] = str(lg.get_shape())
    out["einsum_shape"] = str(nq.get_shape())
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    out["n_update"] = len(update_ops)
    with tf.control_dependencies(update_ops):
        train = tf.train.AdamOptimizer(0.01).minimize(res["full"][0])
    feed = {x: np.random.randn(8, 10).astype(np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run(res, feed)
        sess.run(upd, feed)
        out["queue_after"] = sess.run(queue)
        for _ in range(3):
            sess.run(train, feed)
        out["after"] = sess.run(res["full"][0], feed)
    for kk, v in vals.items():
        for i, a in enumerate(v):
            out["%s_%d" % (kk, i)] = a
    return out
