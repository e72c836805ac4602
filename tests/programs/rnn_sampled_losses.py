"""A 2016-2017 sequence-model script: static_rnn with DropoutWrapper and ResidualWrapper,
a hand-written masked sequence loss, sampled softmax (seeded) and NCE (unseeded: its sampler's
op seed comes from the graph seed and the random ops built before it, ComputeAccidentalHits
included), CTC loss and greedy decoding, a partitioned embedding and tf.make_template."""
import numpy as np
TAGS = ['rnn', 'losses']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    tf.set_random_seed(18)
    rng = np.random.RandomState(18)
    T, B, D, H, V = 4, 3, 5, 6, 9
    inputs = [tf.placeholder(tf.float32, [None, D], name='in%d' % t) for t in range(T)]
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(H), input_keep_prob=1.0,
                                         output_keep_prob=1.0)
    outs, _ = tf.nn.static_rnn(cell, inputs, dtype=tf.float32, scope='static')
    outs2, _ = tf.nn.static_rnn(tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(D)),
                                inputs, dtype=tf.float32, scope='resid')
    out['variables'] = sorted(v.name for v in tf.trainable_variables())
    logits = tf.stack([tf.layers.dense(o, V, name='proj', reuse=tf.AUTO_REUSE) for o in outs], 1)
    targets = tf.placeholder(tf.int32, [B, T])
    weights = tf.placeholder(tf.float32, [B, T])
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
    seq_loss = tf.reduce_sum(xent * weights) / tf.reduce_sum(weights)
    nce_w = tf.get_variable('nce_w', [V, H])
    nce_b = tf.get_variable('nce_b', [V], initializer=tf.zeros_initializer())
    lab = tf.placeholder(tf.int64, [None, 1])
    ss = tf.reduce_mean(tf.nn.sampled_softmax_loss(nce_w, nce_b, lab, outs[-1], num_sampled=3,
                                                   num_classes=V, seed=5))
    nce = tf.reduce_mean(tf.nn.nce_loss(nce_w, nce_b, lab, outs[-1], num_sampled=3,
                                        num_classes=V))
    ctc_logits = tf.placeholder(tf.float32, [T, B, 5])
    sp_lab = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], [1, 2, 3, 1], [B, 2])
    ctc = tf.nn.ctc_loss(sp_lab, ctc_logits, tf.fill([B], T))
    decoded, log_prob = tf.nn.ctc_greedy_decoder(ctc_logits, tf.fill([B], T))
    with tf.variable_scope('part', partitioner=tf.fixed_size_partitioner(2)):
        pv = tf.get_variable('emb', [6, 2], initializer=tf.ones_initializer())
    out['partitions'] = [v.name for v in pv]
    scale = tf.make_template('scale', lambda v: v * tf.get_variable(
        'w', [], initializer=tf.constant_initializer(2.0)))
    scaled = [scale(tf.constant(1.0)), scale(tf.constant(3.0))]
    train = tf.train.AdamOptimizer(0.01).minimize(seq_loss + ss)
    feed = {p: rng.randn(B, D).astype(np.float32) for p in inputs}
    feed.update({targets: rng.randint(0, V, [B, T]), lab: rng.randint(0, V, [B, 1]),
                 weights: [[1, 1, 1, 0], [1, 1, 0, 0], [1, 1, 1, 1]],
                 ctc_logits: rng.randn(T, B, 5).astype(np.float32)})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['seq_loss'] = [sess.run([train, seq_loss], feed)[1] for _ in range(3)]
        out['sampled'] = sess.run([ss, nce], feed)
        out['ctc'] = sess.run(ctc, feed)
        d, lp = sess.run([decoded[0], log_prob], feed)
        out['decoded'] = [d.indices, d.values, lp]
        out['lookup'] = sess.run(tf.nn.embedding_lookup(pv, [0, 5, 3]))
        out['template'] = sess.run(scaled)
        out['residual'] = sess.run(outs2[0], feed)
    return out
