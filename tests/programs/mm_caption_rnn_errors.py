"""Mistakes captioning/VQA code of 2016-2019 ran into with the RNN API, as TF reports them:
dynamic_rnn on 2-D input, float sequence_length, sequence_length of the wrong rank, state
tuple of the wrong structure, feeding a LSTMStateTuple with the wrong shapes, embedding ids
past the vocabulary at run time, DropoutWrapper(variational_recurrent) without input_size,
MultiRNNCell(state_is_tuple=False) concat state, keep_prob out of range, reusing a cell with
a different input size; plus state_is_tuple=False deprecation-era shapes that did build."""
TAGS = ['rnn', 'errors', 'shapes', 'session', 'embedding']
import numpy as np


def _catch(f):
    try:
        r = f()
        if isinstance(r, (list, tuple)):
            return 'ok ' + str([str(getattr(t, 'shape', t)) for t in r])
        return 'ok ' + str(getattr(r, 'shape', r))
    except Exception as e:
        lines = [l for l in str(e).split('\n') if l.strip() and not l.startswith((
            'Graph execution error', 'Detected at node', 'Node:', '  ', '\t'))]
        line = (lines[0] if lines else '').split('{{node')[0]
        return type(e).__name__ + ': ' + line.replace("'", '')[:200]


def main(tf):
    tf.set_random_seed(3)
    x3 = tf.placeholder(tf.float32, [2, 4, 3], name='x3')
    x2 = tf.placeholder(tf.float32, [2, 3], name='x2')
    res = {}
    cnt = [0]

    def cell(n=4, **kw):
        cnt[0] += 1
        return tf.nn.rnn_cell.LSTMCell(n, name='c%d' % cnt[0], **kw)

    build = [
        lambda: tf.nn.dynamic_rnn(cell(), x2, dtype=tf.float32),
        lambda: tf.nn.dynamic_rnn(cell(), x3, sequence_length=tf.constant([3., 4.]),
                                  dtype=tf.float32),
        lambda: tf.nn.dynamic_rnn(cell(), x3, sequence_length=tf.constant([[3, 4]]),
                                  dtype=tf.float32),
        lambda: tf.nn.dynamic_rnn(cell(), x3),
        lambda: tf.nn.dynamic_rnn(cell(), x3, initial_state=tf.zeros([2, 8])),
        lambda: tf.nn.dynamic_rnn(cell(state_is_tuple=False), x3, initial_state=tf.zeros([2, 8])),
        lambda: tf.nn.dynamic_rnn(cell(), x3, initial_state=(tf.zeros([2, 4]),) * 3),
        lambda: tf.nn.rnn_cell.DropoutWrapper(cell(), input_keep_prob=0.5,
                                              variational_recurrent=True),
        lambda: tf.nn.rnn_cell.DropoutWrapper(cell(), output_keep_prob=1.5),
        lambda: tf.nn.rnn_cell.DropoutWrapper(cell(), input_keep_prob=0.5,
                                              variational_recurrent=True, input_size=3,
                                              dtype=tf.float32, seed=1)(
            x2, cell().zero_state(2, tf.float32)),
        lambda: tf.nn.rnn_cell.MultiRNNCell([cell(), cell(3)], state_is_tuple=False).state_size,
        lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.MultiRNNCell([cell(), cell(3)],
                                                              state_is_tuple=False),
                                  x3, dtype=tf.float32),
        lambda: tf.nn.rnn_cell.MultiRNNCell([]),
        lambda: tf.nn.rnn_cell.MultiRNNCell([cell()] * 2).zero_state(2, tf.float32),
        lambda: tf.nn.bidirectional_dynamic_rnn(cell(), cell(), x3, dtype=tf.float32,
                                                time_major=True),
        lambda: tf.nn.static_rnn(cell(), x3, dtype=tf.float32),
        lambda: tf.nn.static_rnn(cell(), [], dtype=tf.float32),
        lambda: tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([2, 4]), tf.zeros([2, 4])).dtype,
        lambda: tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([2, 4]), tf.zeros([2, 4], tf.int32)).dtype,
        lambda: tf.nn.embedding_lookup(tf.zeros([5, 2]), tf.constant([1.0])),
    ]
    res['build'] = [_catch(f) for f in build]
    c = tf.nn.rnn_cell.BasicLSTMCell(4, name='reuse_me')
    c(x2, c.zero_state(2, tf.float32))
    res['reuse_other_size'] = _catch(
        lambda: c(tf.zeros([2, 5]), c.zero_state(2, tf.float32)))
    emb = tf.get_variable('emb', [9, 2], initializer=tf.ones_initializer())
    ids = tf.placeholder(tf.int64, [None])
    look = tf.nn.embedding_lookup(emb, ids)
    sc = tf.nn.rnn_cell.BasicLSTMCell(3, name='fedcell')
    st = sc.zero_state(1, tf.float32)
    o, ns = sc(tf.zeros([1, 2]), st)
    seq_out, _ = tf.nn.dynamic_rnn(cell(2), x3, sequence_length=tf.placeholder_with_default(
        tf.constant([5, 2]), [2]), dtype=tf.float32)
    run = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for name, f in [
            ('ids_oob', lambda: sess.run(look, {ids: [1, 9]})),
            ('ids_neg', lambda: sess.run(look, {ids: [-1]})),
            ('state_bad_shape', lambda: sess.run(o, {st: (np.zeros((1, 4)), np.zeros((1, 3)))})),
            ('state_bad_struct', lambda: sess.run(o, {st: np.zeros((1, 3))})),
            ('state_ok', lambda: sess.run(ns, {st: (np.ones((1, 3)), np.ones((1, 3)))}).c),
            ('seqlen_past_max', lambda: sess.run(seq_out, {x3: np.ones((2, 4, 3))})),
        ]:
            run[name] = _catch(f)
    res['run'] = run
    return res
