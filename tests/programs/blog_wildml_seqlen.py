"""WildML RNN tips: dynamic_rnn with sequence_length, bidirectional with tf.reverse_sequence by hand,
last relevant output via tf.gather on flattened outputs (tf.range*max_len + len - 1), masked loss."""
import numpy as np
TAGS = ['train', 'rnn', 'shapes']


def main(tf):
    out = {}
    tf.set_random_seed(7)
    rng = np.random.RandomState(7)
    B, T, D, H = 5, 7, 3, 6
    X = rng.randn(B, T, D).astype(np.float32)
    L = np.array([7, 3, 5, 1, 4], np.int32)
    for i, l in enumerate(L):
        X[i, l:] = 0
    inp = tf.placeholder(tf.float32, [None, T, D])
    lens = tf.placeholder(tf.int32, [None])
    cell = tf.nn.rnn_cell.GRUCell(H)
    outputs, last_states = tf.nn.dynamic_rnn(cell=cell, dtype=tf.float32, sequence_length=lens,
                                             inputs=inp, scope='fw')
    batch_size = tf.shape(outputs)[0]
    max_length = int(outputs.get_shape()[1])
    out_size = int(outputs.get_shape()[2])
    index = tf.range(0, batch_size) * max_length + (lens - 1)
    flat = tf.reshape(outputs, [-1, out_size])
    relevant = tf.gather(flat, index)
    # reverse direction by hand
    rev = tf.reverse_sequence(inp, lens, seq_axis=1, batch_axis=0)
    bw_out, bw_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(H), rev, sequence_length=lens,
                                         dtype=tf.float32, scope='bw')
    bw_out = tf.reverse_sequence(bw_out, lens, seq_axis=1, batch_axis=0)
    both = tf.concat([outputs, bw_out], 2)
    (fo, bo), (fs, bs) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.LSTMCell(4), tf.nn.rnn_cell.LSTMCell(4), inp, sequence_length=lens,
        dtype=tf.float32, scope='bi')
    mask = tf.sequence_mask(lens, T, dtype=tf.float32)
    target = tf.reduce_sum(inp, 2)
    pred = tf.squeeze(tf.layers.dense(both, 1, name='proj'), 2)
    loss = tf.reduce_sum(tf.square(pred - target) * mask) / tf.reduce_sum(mask)
    opt = tf.train.RMSPropOptimizer(0.01)
    train = opt.minimize(loss)
    out['relevant_name'] = relevant.name
    out['shapes'] = [str(t.get_shape()) for t in [outputs, last_states, relevant, both, fo, bo, fs.c]]
    out['index_dtype'] = index.dtype.name
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        fd = {inp: X, lens: L}
        r, ls, o = sess.run([relevant, last_states, outputs], fd)
        out['relevant'] = r
        out['last_eq_relevant'] = bool(np.allclose(r, ls))
        out['padded_zero'] = float(np.abs(o[1, 3:]).sum())
        out['bi'] = sess.run([fo, bo, fs.h, bs.c], fd)
        out['losses'] = np.array([sess.run([loss, train], fd)[0] for _ in range(15)])
        out['rev'] = sess.run(rev, fd)[2]
    return out
