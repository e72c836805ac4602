"""Architecture-search / factorized-LSTM / video-prediction research code (2017-2018):
contrib.rnn GLSTMCell (Kuchaiev & Ginsburg, groups + projection, as in OpenSeq2Seq), NASCell
(Zoph & Le, with projection and bias) stacked in a MultiRNNCell, and a Conv2DLSTMCell over frames
(skip_connection=True fails in TF 1.15's dynamic_rnn: the hidden state changes shape). Variable names, outputs, states, gradients; TF 1.15's cells
written out where contrib is missing."""
TAGS = ['contrib', 'rnn', 'gradients']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}


def _ref(tf):
    base = tf.nn.rnn_cell.RNNCell
    LST = tf.nn.rnn_cell.LSTMStateTuple

    class GLSTMCell(base):
        def __init__(self, n, num_proj, number_of_groups):
            super(GLSTMCell, self).__init__()
            self.n, self.p, self.g = n, num_proj, number_of_groups
        state_size = property(lambda s: LST(s.n, s.p))
        output_size = property(lambda s: s.p)

        def call(self, x, state):
            c_prev, m_prev = state
            ig, mg, ug = x.shape[1].value // self.g, self.p // self.g, self.n // self.g
            parts = [[], [], [], []]
            for k in range(self.g):
                with tf.variable_scope('group%d' % k):
                    xg = tf.concat([x[:, k * ig:(k + 1) * ig], m_prev[:, k * mg:(k + 1) * mg]], 1)
                    w = tf.get_variable('kernel', [ig + mg, 4 * ug])
                    for p, t in zip(parts, tf.split(tf.matmul(xg, w), 4, 1)):
                        p.append(t)
            i, j, f, o = [tf.nn.bias_add(tf.concat(p, 1), tf.get_variable(
                'bias_' + n, [self.n], initializer=tf.zeros_initializer()))
                for p, n in zip(parts, 'ijfo')]
            c = tf.sigmoid(f + 1.0) * c_prev + tf.sigmoid(i) * tf.tanh(j)
            m = tf.sigmoid(o) * tf.tanh(c)
            with tf.variable_scope('projection'):
                m = tf.matmul(m, tf.get_variable('kernel', [self.n, self.p]))
            return m, LST(c, m)

    class NASCell(base):
        def __init__(self, n, num_proj, use_bias):
            super(NASCell, self).__init__()
            self.n, self.p = n, num_proj
        state_size = property(lambda s: LST(s.n, s.p))
        output_size = property(lambda s: s.p)

        def call(self, x, state):
            c_prev, m_prev = state
            rk = tf.get_variable('recurrent_kernel', [self.p, 8 * self.n])
            k = tf.get_variable('kernel', [x.shape[1].value, 8 * self.n])
            b = tf.get_variable('bias', [8 * self.n], initializer=tf.zeros_initializer())
            pw = tf.get_variable('projection_weights', [self.n, self.p])
            ms = tf.split(tf.nn.bias_add(tf.matmul(m_prev, rk), b), 8, 1)
            xs = tf.split(tf.matmul(x, k), 8, 1)
            s, t, r = tf.sigmoid, tf.tanh, tf.nn.relu
            l1 = [s(xs[0] + ms[0]), r(xs[1] + ms[1]), s(xs[2] + ms[2]), r(xs[3] * ms[3]),
                  t(xs[4] + ms[4]), s(xs[5] + ms[5]), t(xs[6] + ms[6]), s(xs[7] + ms[7])]
            l2_0 = t(t(l1[0] * l1[1]) + c_prev)
            l2_1, l2_2, l2_3 = t(l1[2] + l1[3]), t(l1[4] * l1[5]), s(l1[6] + l1[7])
            new_c = l2_0 * l2_1
            new_m = tf.matmul(t(new_c * t(l2_2 + l2_3)), pw)
            return new_m, LST(new_c, new_m)

    class Conv2DLSTMCell(base):
        def __init__(self, input_shape, output_channels, kernel_shape, skip_connection):
            super(Conv2DLSTMCell, self).__init__(name='conv_2d_lstm_cell')
            self.ish, self.oc, self.ks = input_shape, output_channels, kernel_shape
        state_size = property(lambda s: LST(tf.TensorShape(s.ish[:-1] + [s.oc]),
                                            tf.TensorShape(s.ish[:-1] + [s.oc])))
        output_size = property(lambda s: tf.TensorShape(s.ish[:-1] + [s.oc]))

        def call(self, x, state):
            cell, hidden = state
            a = tf.concat([x, hidden], 3)
            k = tf.get_variable('kernel', self.ks + [a.shape[-1].value, 4 * self.oc])
            b = tf.get_variable('biases', [4 * self.oc], initializer=tf.zeros_initializer())
            i, j, f, o = tf.split(tf.nn.conv2d(a, k, [1, 1, 1, 1], 'SAME') + b, 4, 3)
            new_cell = tf.sigmoid(f + 1.0) * cell + tf.sigmoid(i) * tf.tanh(j)
            out = tf.tanh(new_cell) * tf.sigmoid(o)
            return out, LST(new_cell, out)
    return GLSTMCell, NASCell, Conv2DLSTMCell


def main(tf):
    tf.set_random_seed(12)
    rng = np.random.RandomState(4)
    c = getattr(tf, 'contrib', None)
    if c is not None:
        G = lambda n, p, g: c.rnn.GLSTMCell(n, num_proj=p, number_of_groups=g)
        NAS = lambda n, p, b: c.rnn.NASCell(n, num_proj=p, use_bias=b)
        CL = lambda ish, oc, ks, sk: c.rnn.Conv2DLSTMCell(
            input_shape=ish, output_channels=oc, kernel_shape=ks, skip_connection=sk)
    else:
        G, NAS, CL = _ref(tf)
    x = tf.constant(rng.randn(2, 4, 6).astype(np.float32))
    frames = tf.constant(rng.randn(2, 3, 4, 4, 2).astype(np.float32))
    with tf.variable_scope('lm'):
        cell = tf.nn.rnn_cell.MultiRNNCell([G(6, 4, 2), NAS(3, 2, True)])
        outs, st = tf.nn.dynamic_rnn(cell, x, sequence_length=[4, 3], dtype=tf.float32)
    with tf.variable_scope('video'):
        vouts, vst = tf.nn.dynamic_rnn(CL([4, 4, 2], 3, [3, 3], False), frames, dtype=tf.float32)
    loss = tf.reduce_sum(outs) + tf.reduce_sum(tf.square(vouts)) + tf.reduce_sum(st[0].c)
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss, tvars)
    res = {'names': [v.op.name for v in tvars], 'shapes': [v.shape.as_list() for v in tvars],
           'shapes_out': [str(t.shape) for t in (outs, st[0].c, st[1].h, vouts, vst.c)]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for v in tvars:
            v.load(rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32), sess)
        o, s, vo, vs, l, g = sess.run([outs, st, vouts, vst, loss, grads])
        res.update(outs=o, c0=s[0].c, m0=s[0].h, c1=s[1].c, vouts=vo, vc=vs.c, loss=l)
        for v, gv in zip(tvars, g):
            res['grad/' + v.op.name] = gv
    return res
