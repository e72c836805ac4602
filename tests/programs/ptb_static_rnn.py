"""PTB-tutorial-style LSTM LM: MultiRNNCell of LSTMs, static_rnn over unstacked inputs, dropout,
clip_by_global_norm, SGD with an assigned learning rate, state carried across steps."""
import numpy as np
TAGS = ['train', 'rnn', 'random']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    tf.set_random_seed(5)
    B, T, V, H = 4, 5, 20, 12
    rng = np.random.RandomState(2)
    data = rng.randint(0, V, (B, T + 1) * 1).astype(np.int32)
    x = tf.placeholder(tf.int32, [B, T])
    y = tf.placeholder(tf.int32, [B, T])
    init = tf.random_uniform_initializer(-0.1, 0.1)
    with tf.variable_scope('model', initializer=init):
        emb = tf.get_variable('embedding', [V, H])
        inputs = tf.nn.dropout(tf.nn.embedding_lookup(emb, x), keep_prob=0.9)
        cells = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(H, forget_bias=0.0),
                                               output_keep_prob=0.9) for _ in range(2)]
        cell = tf.nn.rnn_cell.MultiRNNCell(cells)
        state0 = cell.zero_state(B, tf.float32)
        outputs, state = tf.nn.static_rnn(cell, tf.unstack(inputs, axis=1), initial_state=state0)
        output = tf.reshape(tf.concat(outputs, 1), [-1, H])
        sw = tf.get_variable('softmax_w', [H, V])
        sb = tf.get_variable('softmax_b', [V])
        logits = tf.reshape(tf.nn.xw_plus_b(output, sw, sb), [B, T, V])
        loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)) / B
    lr = tf.Variable(0.0, trainable=False)
    new_lr = tf.placeholder(tf.float32, [])
    assign_lr = tf.assign(lr, new_lr)
    grads, gnorm = tf.clip_by_global_norm(tf.gradients(loss, tf.trainable_variables()), 5.0)
    train = tf.train.GradientDescentOptimizer(lr).apply_gradients(zip(grads, tf.trainable_variables()),
                                                                   global_step=tf.train.get_or_create_global_step())
    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(assign_lr, {new_lr: 1.0})
        st = sess.run(state0)
        losses, norms = [], []
        for step in range(4):
            feed = {x: data[:, :T], y: data[:, 1:]}
            for i, (c, h) in enumerate(state0):
                feed[c] = st[i].c
                feed[h] = st[i].h
            l, n, st, _ = sess.run([loss, gnorm, state, train], feed)
            losses.append(l)
            norms.append(n)
        out['losses'] = np.array(losses)
        out['norms'] = np.array(norms)
        out['var_names'] = np.array(sorted(v.name for v in tf.trainable_variables()))
    return out
