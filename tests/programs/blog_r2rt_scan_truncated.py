"""R2RT 'RNNs in Tensorflow I/II': tf.scan over time with a hand cell, layer norm by hand,
tf.nn.rnn_cell LSTM with state_is_tuple, final state fed back through feed_dict (tuple)."""
import numpy as np
TAGS = ['train', 'rnn', 'control_flow', 'variables']




def main(tf):
    out = {}
    tf.set_random_seed(1)
    np.random.seed(1)
    B, T, V, H = 4, 6, 5, 8

    def layer_norm(x, scope, eps=1e-5):
        assert len(x.get_shape()) == 2
        m, v = tf.nn.moments(x, [1], keep_dims=True)
        with tf.variable_scope(scope + 'layer_norm'):
            scale = tf.get_variable('scale', shape=[x.get_shape()[1]], initializer=tf.constant_initializer(1))
            shift = tf.get_variable('shift', shape=[x.get_shape()[1]], initializer=tf.constant_initializer(0))
        return (x - m) / tf.sqrt(v + eps) * scale + shift

    x = tf.placeholder(tf.int32, [B, T], name='input_placeholder')
    y = tf.placeholder(tf.int32, [B, T], name='labels_placeholder')
    init_state = tf.zeros([B, H])
    rnn_inputs = tf.one_hot(x, V)
    with tf.variable_scope('rnn_cell'):
        tf.get_variable('W', [V + H, H])
        tf.get_variable('b', [H], initializer=tf.constant_initializer(0.0))

    def rnn_cell(state, rnn_input):
        with tf.variable_scope('rnn_cell', reuse=True):
            W = tf.get_variable('W', [V + H, H])
            b = tf.get_variable('b', [H], initializer=tf.constant_initializer(0.0))
        h = tf.matmul(tf.concat([rnn_input, state], 1), W) + b
        return tf.tanh(layer_norm(h, 'ln_'))

    states = tf.scan(rnn_cell, tf.transpose(rnn_inputs, [1, 0, 2]), initializer=init_state)
    final_state = states[-1]
    out['scan_shape'] = str(states.get_shape())
    with tf.variable_scope('softmax'):
        Ws = tf.get_variable('W', [H, V])
        bs = tf.get_variable('b', [V], initializer=tf.constant_initializer(0.0))
    logits = tf.reshape(tf.matmul(tf.reshape(tf.transpose(states, [1, 0, 2]), [-1, H]), Ws) + bs, [B, T, V])
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    total_loss = tf.reduce_mean(losses)
    train_step = tf.train.AdagradOptimizer(0.3).minimize(total_loss)
    out['vars'] = [v.name for v in tf.global_variables()]

    # part II: LSTM cell with state_is_tuple, dynamic_rnn over embeddings
    g2 = tf.Graph()
    with g2.as_default():
        tf.set_random_seed(2)
        x2 = tf.placeholder(tf.int32, [B, None])
        y2 = tf.placeholder(tf.int32, [B, None])
        emb = tf.get_variable('embedding_matrix', [V, H])
        cell = tf.nn.rnn_cell.LSTMCell(H, state_is_tuple=True)
        cell = tf.nn.rnn_cell.MultiRNNCell([cell, tf.nn.rnn_cell.LSTMCell(H, state_is_tuple=True)],
                                           state_is_tuple=True)
        init2 = cell.zero_state(B, tf.float32)
        outs, final2 = tf.nn.dynamic_rnn(cell, tf.nn.embedding_lookup(emb, x2), initial_state=init2)
        logit2 = tf.layers.dense(tf.reshape(outs, [-1, H]), V)
        loss2 = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.reshape(y2, [-1]), logits=logit2))
        step2 = tf.train.AdamOptimizer(0.01).minimize(loss2)
        out['lstm_vars'] = [v.name for v in tf.trainable_variables()]
        out['final2_type'] = type(final2).__name__ + '/' + type(final2[0]).__name__
        out['outs_shape'] = str(outs.get_shape())

    data = np.random.randint(0, V, size=(B, 61))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        st = np.zeros((B, H))
        ls = []
        for i in range(10):
            xs, ys = data[:, i * T % 54:i * T % 54 + T], data[:, i * T % 54 + 1:i * T % 54 + T + 1]
            l, st, _ = sess.run([total_loss, final_state, train_step], {x: xs, y: ys, init_state: st})
            ls.append(l)
        out['scan_losses'] = np.array(ls)
        out['scan_state'] = st
    with tf.Session(graph=g2) as sess:
        sess.run(tf.global_variables_initializer())
        st = None
        ls = []
        for i in range(8):
            xs, ys = data[:, i * 7:i * 7 + 7], data[:, i * 7 + 1:i * 7 + 8]
            fd = {x2: xs, y2: ys}
            if st is not None:
                fd[init2] = st
            l, st, _ = sess.run([loss2, final2, step2], fd)
            ls.append(l)
        out['lstm_losses'] = np.array(ls)
        out['lstm_state_h1'] = st[1].h
        out['lstm_state_c0'] = st[0].c
    return out
