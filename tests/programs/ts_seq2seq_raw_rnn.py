"""seq2seq forecaster: encoder dynamic_rnn, decoder teacher forcing via static rnn loop and
feed-previous decoding with tf.nn.raw_rnn and tf.while_loop + TensorArray."""
import numpy as np

TAGS = ['train', 'rnn', 'control_flow', 'gradients']


def main(tf):
    out = {}
    tf.set_random_seed(7)
    np.random.seed(7)
    B, Tin, Tout, H = 3, 6, 4, 5
    enc_in = tf.placeholder(tf.float32, [None, Tin, 1], name='enc_in')
    dec_tgt = tf.placeholder(tf.float32, [None, Tout, 1], name='dec_tgt')
    init = tf.random_uniform_initializer(-0.3, 0.3, seed=11)
    with tf.variable_scope('encoder', initializer=init):
        enc_cell = tf.nn.rnn_cell.GRUCell(H)
        _, enc_state = tf.nn.dynamic_rnn(enc_cell, enc_in, dtype=tf.float32)
    with tf.variable_scope('decoder', initializer=init) as dscope:
        dec_cell = tf.nn.rnn_cell.GRUCell(H)
        W = tf.get_variable('W_out', [H, 1])
        b = tf.get_variable('b_out', [1], initializer=tf.zeros_initializer())
        go = tf.zeros_like(enc_in[:, 0, :])
        # teacher forcing
        dec_inputs = [go] + tf.unstack(dec_tgt, axis=1)[:-1]
        tf_outs, _ = tf.nn.static_rnn(dec_cell, dec_inputs, initial_state=enc_state)
        tf_pred = tf.stack([tf.matmul(o, W) + b for o in tf_outs], axis=1)
        dscope.reuse_variables()

        def loop_fn(time, cell_output, cell_state, loop_state):
            if cell_output is None:
                next_in = go
                next_state = enc_state
                emit = None
            else:
                next_in = tf.matmul(cell_output, W) + b
                next_state = cell_state
                emit = cell_output
            finished = time >= Tout
            return finished, next_in, next_state, emit, None

        ta, raw_state, _ = tf.nn.raw_rnn(dec_cell, loop_fn)
        raw_pred = tf.tensordot(tf.transpose(ta.stack(), [1, 0, 2]), W, [[2], [0]]) + b
        out['raw_pred_shape'] = str(raw_pred.shape)
        # while_loop feed-previous
        def cond(t, *_):
            return t < Tout

        def body(t, inp, state, acc):
            o, s = dec_cell(inp, state)
            y = tf.matmul(o, W) + b
            return t + 1, y, s, acc.write(t, y)

        _, _, wl_state, acc = tf.while_loop(
            cond, body, [tf.constant(0), go, enc_state, tf.TensorArray(tf.float32, size=Tout)])
        wl_pred = tf.transpose(acc.stack(), [1, 0, 2])
        out['wl_pred_shape'] = str(wl_pred.shape)
    loss = tf.reduce_mean(tf.square(tf_pred - dec_tgt))
    inf_loss = tf.reduce_mean(tf.abs(wl_pred - dec_tgt))
    grads = tf.gradients(inf_loss, [W, b])
    opt = tf.train.AdamOptimizer(0.02)
    gv = opt.compute_gradients(loss)
    clipped, gnorm = tf.clip_by_global_norm([g for g, _ in gv], 1.0)
    train = opt.apply_gradients(list(zip(clipped, [v for _, v in gv])))
    out['vars'] = [v.name for v in tf.trainable_variables()]
    out['raw_op_types'] = sorted(set(o.type for o in tf.get_default_graph().get_operations()
                                     if o.name.startswith('decoder/rnn/while/') and 'Switch' in o.type))
    t = np.linspace(0, 6, B * (Tin + Tout)).reshape(B, Tin + Tout, 1).astype(np.float32)
    data = np.sin(t * 1.7)
    feed = {enc_in: data[:, :Tin], dec_tgt: data[:, Tin:]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ls = []
        for _ in range(4):
            l, gn, _ = sess.run([loss, gnorm, train], feed)
            ls.append([l, gn])
        out['train'] = np.array(ls)
        out['tf_pred'], out['raw_pred'], out['wl_pred'] = sess.run([tf_pred, raw_pred, wl_pred], feed)
        out['raw_eq_wl'] = float(np.abs(out['raw_pred'] - out['wl_pred']).max())
        out['grads'] = sess.run(grads, feed)
        out['raw_state'] = sess.run(raw_state, feed)
    return out
