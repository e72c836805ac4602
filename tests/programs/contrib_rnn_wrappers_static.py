"""Char/word-level language models of 2016-2017 on contrib.rnn's static API: static_rnn over
EmbeddingWrapper(OutputProjectionWrapper(MultiRNNCell([GRU, ResidualWrapper(GRU)]))) and an
InputProjectionWrapper around an LSTM with a variational DropoutWrapper (seeded,
variational_recurrent, input_size, dtype). Checkpoint names, logits, states, gradients. Where
contrib is missing, TF 1.15's wrappers are written out as RNNCells."""
TAGS = ['contrib', 'rnn', 'gradients', 'random']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}
V, E, H, OUT = 7, 3, 4, 5


def _lin(tf, x, n):
    w = tf.get_variable('kernel', [x.shape[1].value, n])
    b = tf.get_variable('bias', [n], initializer=tf.zeros_initializer())
    return tf.nn.bias_add(tf.matmul(x, w), b)


def _ref(tf):
    base = tf.nn.rnn_cell.RNNCell

    class EmbeddingWrapper(base):
        def __init__(self, cell, classes, size):
            super(EmbeddingWrapper, self).__init__()
            self._cell, self.k, self.e = cell, classes, size
        state_size = property(lambda s: s._cell.state_size)
        output_size = property(lambda s: s._cell.output_size)

        def call(self, x, state):
            emb = tf.get_variable('embedding', [self.k, self.e])
            return self._cell(tf.nn.embedding_lookup(emb, tf.reshape(x, [-1])), state)

    class OutputProjectionWrapper(base):
        def __init__(self, cell, n):
            super(OutputProjectionWrapper, self).__init__()
            self._cell, self.n = cell, n
        state_size = property(lambda s: s._cell.state_size)
        output_size = property(lambda s: s.n)

        def call(self, x, state):
            out, st = self._cell(x, state)
            return _lin(tf, out, self.n), st

    class InputProjectionWrapper(base):
        def __init__(self, cell, n):
            super(InputProjectionWrapper, self).__init__()
            self._cell, self.n = cell, n
        state_size = property(lambda s: s._cell.state_size)
        output_size = property(lambda s: s._cell.output_size)

        def call(self, x, state):
            return self._cell(_lin(tf, x, self.n), state)
    return EmbeddingWrapper, OutputProjectionWrapper, InputProjectionWrapper


def main(tf):
    tf.set_random_seed(31)
    rng = np.random.RandomState(11)
    c = getattr(tf, 'contrib', None)
    R = c.rnn if c is not None else None
    EW, OPW, IPW = (R.EmbeddingWrapper, R.OutputProjectionWrapper, R.InputProjectionWrapper) \
        if R is not None else _ref(tf)
    static_rnn = R.static_rnn if R is not None else tf.nn.static_rnn
    ids = [tf.constant(rng.randint(0, V, (3, 1)).astype(np.int32)) for _ in range(4)]
    init = tf.random_uniform_initializer(-0.4, 0.4, seed=2)
    with tf.variable_scope('lm', initializer=init):
        stack = tf.nn.rnn_cell.MultiRNNCell([
            tf.nn.rnn_cell.GRUCell(H),
            tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(H))])
        cell = EW(OPW(stack, OUT), V, E)
        logits, state = static_rnn(cell, ids, dtype=tf.float32)
    feats = [tf.constant(rng.randn(3, 6).astype(np.float32)) for _ in range(4)]
    with tf.variable_scope('enc', initializer=init):
        lstm = tf.nn.rnn_cell.DropoutWrapper(
            tf.nn.rnn_cell.LSTMCell(H), input_keep_prob=0.8, state_keep_prob=0.7,
            variational_recurrent=True, input_size=tf.TensorShape([3]), dtype=tf.float32,
            seed=5)
        enc, enc_state = static_rnn(IPW(lstm, 3), feats, dtype=tf.float32,
                                    sequence_length=tf.constant([4, 2, 3]))
    loss = tf.add_n([tf.reduce_sum(l * l) for l in logits]) + tf.reduce_sum(enc[-1])
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss, tvars)   # the embedding's IndexedSlices: parts in TF's order
    res = {'names': [v.op.name for v in tvars], 'shapes': [v.shape.as_list() for v in tvars],
           'logit_shape': str(logits[0].shape), 'n_steps': len(logits)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for v in tvars:
            v.load(rng.uniform(-0.6, 0.6, v.shape.as_list()).astype(np.float32), sess)
        r = sess.run({'logits': logits, 'state': state, 'enc': enc, 'enc_c': enc_state.c,
                      'loss': loss, 'grads': grads})
        r['enc_again'] = sess.run(enc)
    res.update(r)
    return res
