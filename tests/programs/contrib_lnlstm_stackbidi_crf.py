"""Sequence-labelling research code (2018): contrib.rnn LayerNormLSTMCell (layer_norm,
peepholes, cell_clip, num_proj, proj_clip) in stack_bidirectional_dynamic_rnn, a projection,
contrib.crf crf_log_likelihood and crf_decode. TF 1.15's code is written out where contrib is
missing (cells as RNNCells, the CRF forward algorithm with tf.scan, Viterbi in numpy)."""
TAGS = ['contrib', 'rnn', 'nlp', 'gradients']
import numpy as np
TOLERANCE = {'*': (3e-4, 3e-5)}
NT = 4


def _ref_cell(tf):
    def norm(inp, scope):
        with tf.variable_scope(scope):
            g = tf.get_variable('gamma', inp.shape[-1:], initializer=tf.ones_initializer())
            b = tf.get_variable('beta', inp.shape[-1:], initializer=tf.zeros_initializer())
            m, v = tf.nn.moments(inp, [1], keep_dims=True)
            return tf.nn.batch_normalization(inp, m, v, b, g, 1e-12)

    class LayerNormLSTMCell(tf.nn.rnn_cell.RNNCell):
        def __init__(self, n, p):
            super(LayerNormLSTMCell, self).__init__()
            self.n, self.p = n, p
        state_size = property(lambda s: tf.nn.rnn_cell.LSTMStateTuple(s.n, s.p))
        output_size = property(lambda s: s.p)

        def call(self, x, state):
            c_prev, m_prev = state
            a = tf.concat([x, m_prev], 1)
            w = tf.get_variable('kernel', [a.shape[1].value, 4 * self.n])
            tf.get_variable('bias', [4 * self.n], initializer=tf.zeros_initializer())
            i, j, f, o = tf.split(tf.matmul(a, w), 4, 1)
            i, j, f, o = [norm(t, s) for t, s in
                          zip([i, j, f, o], ['input', 'transform', 'forget', 'output'])]
            wf, wi, wo = [tf.get_variable(n, [self.n]) for n in ('w_f_diag', 'w_i_diag',
                                                                  'w_o_diag')]
            c = (tf.sigmoid(f + 1.0 + wf * c_prev) * c_prev + tf.sigmoid(i + wi * c_prev)
                 * tf.tanh(j))
            c = tf.clip_by_value(norm(c, 'state'), -0.8, 0.8)
            m = tf.sigmoid(o + wo * c) * tf.tanh(c)
            with tf.variable_scope('projection'):
                m = tf.matmul(m, tf.get_variable('kernel', [self.n, self.p]))
            m = tf.clip_by_value(m, -0.5, 0.5)
            return m, tf.nn.rnn_cell.LSTMStateTuple(c, m)
    return LayerNormLSTMCell


def _crf_ll(tf, inputs, tags, lengths, trans):
    t = tf.shape(inputs)[1]
    b = tf.shape(inputs)[0]
    flat = tf.reshape(inputs, [-1])
    offs = tf.expand_dims(tf.range(b) * t * NT, 1) + tf.expand_dims(tf.range(t) * NT, 0)
    mask = tf.sequence_mask(lengths, t, dtype=tf.float32)
    unary = tf.reduce_sum(tf.gather(flat, offs + tags) * mask, 1)
    start, end = tags[:, :-1], tags[:, 1:]
    binary = tf.reduce_sum(tf.gather(tf.reshape(trans, [-1]), start * NT + end) * mask[:, 1:], 1)
    rest = tf.transpose(inputs[:, 1:], [1, 0, 2])

    def step(state, elems):
        x, i = elems
        new = x + tf.reduce_logsumexp(tf.expand_dims(state, 2) + tf.expand_dims(trans, 0), [1])
        return tf.where(tf.tile(tf.expand_dims(i < lengths, 1), [1, NT]), new, state)
    alphas = tf.scan(step, (rest, tf.range(1, t)), initializer=inputs[:, 0])
    return unary + binary - tf.reduce_logsumexp(alphas[-1], [1])


def _viterbi(score, trans, length):
    trellis, bp = score[:length].copy(), np.zeros((length, NT), np.int32)
    for t in range(1, length):
        v = trellis[t - 1][:, None] + trans
        trellis[t] += v.max(0)
        bp[t] = v.argmax(0)
    best = [int(trellis[-1].argmax())]
    for t in range(length - 1, 0, -1):
        best.append(int(bp[t][best[-1]]))
    return best[::-1], trellis[-1].max()


def main(tf):
    tf.set_random_seed(21)
    rng = np.random.RandomState(13)
    c = getattr(tf, 'contrib', None)
    x = tf.constant(rng.randn(3, 5, 4).astype(np.float32))
    lens = tf.constant([5, 2, 4])
    tags = tf.constant(rng.randint(0, NT, (3, 5)).astype(np.int32))
    if c is not None:
        mk = lambda: c.rnn.LayerNormLSTMCell(3, use_peepholes=True, cell_clip=0.8, num_proj=2,
                                             proj_clip=0.5, layer_norm=True)
        outs, sfw, sbw = c.rnn.stack_bidirectional_dynamic_rnn(
            [mk(), mk()], [mk(), mk()], x, sequence_length=lens, dtype=tf.float32)
    else:
        C = _ref_cell(tf)
        prev, sfw, sbw = x, [], []
        with tf.variable_scope('stack_bidirectional_rnn'):
            for i in range(2):
                with tf.variable_scope('cell_%d' % i):
                    o, (f, b) = tf.nn.bidirectional_dynamic_rnn(
                        C(3, 2), C(3, 2), prev, sequence_length=lens, dtype=tf.float32)
                    prev = tf.concat(o, 2)
                sfw.append(f)
                sbw.append(b)
        outs = prev
    w = tf.get_variable('proj_w', [4, NT])
    scores = tf.reshape(tf.matmul(tf.reshape(outs, [-1, 4]), w), [3, 5, NT])
    trans = tf.get_variable('transitions', [NT, NT])
    if c is not None:
        ll, _ = c.crf.crf_log_likelihood(scores, tags, lens, trans)
        dec, dec_score = c.crf.crf_decode(scores, trans, lens)
    else:
        ll = _crf_ll(tf, scores, tags, lens, trans)
    loss = -tf.reduce_mean(ll)
    tvars = tf.trainable_variables()
    grads = [tf.zeros_like(v) if g is None else g for v, g in zip(tvars, tf.gradients(loss, tvars))]
    res = {'names': [v.op.name for v in tvars], 'outs_shape': str(outs.shape),
           'n_states': len(sfw)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for v in tvars:
            v.load(rng.uniform(-0.7, 0.7, v.shape.as_list()).astype(np.float32), sess)
        o, s, l, g, sf = sess.run([outs, scores, ll, grads, sfw[1]])
        res.update(outs=o, ll=l, fw_c=sf.c, fw_h=sf.h)
        for v, gv in zip(tvars, g):
            res['grad/' + v.op.name] = gv
        if c is not None:
            d, ds = sess.run([dec, dec_score])
        else:
            tr = sess.run(trans)
            d, ds = np.zeros((3, 5), np.int32), np.zeros(3, np.float32)
            for k, n in enumerate([5, 2, 4]):
                path, ds[k] = _viterbi(s[k], tr, n)
                d[k, :n] = path
        res.update(decode=d, decode_score=ds)
    return res
