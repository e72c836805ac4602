"""Imitates TF's PTB language-model tutorial: static_rnn over a MultiRNNCell of ResidualWrapper(LSTMCell)
under seeded DropoutWrapper(variational_recurrent), Momentum(nesterov), piecewise_constant lr and
clip_by_global_norm for 150 steps (the dropout masks must be TF's Philox draws at every step)."""
import numpy as np
TAGS = ['train', 'rnn', 'random']
TOLERANCE = {'*': (1e-4, 3e-6)}


def main(tf):
    rng = np.random.RandomState(4)
    V, E, T, B = 20, 8, 5, 4
    data = rng.randint(0, V, size=(B, T + 1)).astype(np.int32)
    tf.set_random_seed(12)
    ids = tf.placeholder(tf.int32, [B, T])
    tgt = tf.placeholder(tf.int32, [B, T])
    keep = tf.placeholder_with_default(1.0, [])
    emb = tf.get_variable('emb', [V, E], initializer=tf.random_uniform_initializer(-0.1, 0.1, seed=1))
    inputs = tf.unstack(tf.nn.embedding_lookup(emb, ids), axis=1)
    cells = []
    for i in range(2):
        c = tf.nn.rnn_cell.LSTMCell(E, initializer=tf.random_uniform_initializer(-0.3, 0.3, seed=20 + i))
        c = tf.nn.rnn_cell.ResidualWrapper(c)
        c = tf.nn.rnn_cell.DropoutWrapper(c, input_keep_prob=keep, output_keep_prob=keep,
                                          state_keep_prob=keep, variational_recurrent=True,
                                          input_size=E, dtype=tf.float32, seed=30 + i)
        cells.append(c)
    cell = tf.nn.rnn_cell.MultiRNNCell(cells)
    init = cell.zero_state(B, tf.float32)
    outs, final = tf.nn.static_rnn(cell, inputs, initial_state=init)
    out = tf.reshape(tf.concat(outs, 1), [-1, E])
    sw = tf.get_variable('softmax_w', [E, V], initializer=tf.random_uniform_initializer(-0.1, 0.1, seed=2))
    sb = tf.get_variable('softmax_b', [V], initializer=tf.zeros_initializer())
    logits = tf.reshape(tf.nn.xw_plus_b(out, sw, sb), [B, T, V])
    loss = tf.contrib.seq2seq.sequence_loss(logits, tgt, tf.ones([B, T])) if getattr(tf, 'contrib', None) \
        else tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tgt, logits=logits))
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.piecewise_constant(gs, [50, 100], [0.2, 0.1, 0.03])
    tvars = tf.trainable_variables()
    grads, norm = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)
    opt = tf.train.MomentumOptimizer(lr, 0.9, use_nesterov=True)
    train = opt.apply_gradients(zip(grads, tvars), global_step=gs)
    fd = {ids: data[:, :T], tgt: data[:, 1:], keep: 0.7}
    traj, norms = [], []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(150):
            l, n, _ = sess.run([loss, norm, train], fd)
            traj.append(l)
            norms.append(n)
        res = {'traj': np.array(traj), 'norms': np.array(norms)}
        res['eval_loss'] = sess.run(loss, {ids: data[:, :T], tgt: data[:, 1:]})
        res['final'] = sess.run({v.op.name: v for v in tvars})
        res['mom_emb'] = sess.run(opt.get_slot(emb, 'momentum'))
        res['final_state'] = sess.run(final, {ids: data[:, :T]})
    return res
