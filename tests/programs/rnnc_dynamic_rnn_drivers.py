"""dynamic_rnn / static_rnn / bidirectional drivers: sequence_length (zeros, too long, unknown),
time_major, initial_state structures, zero time steps, nested inputs, rank errors, gradients."""
import numpy as np
TAGS = ['rnn']


def _err(e, p):
    return np.array("%s:%s:%s" % (p, type(e).__name__, str(e).split("\n")[0][:150]))


def main(tf):
    out = {}
    xv = np.linspace(-1, 1, 2 * 4 * 3).reshape(2, 4, 3).astype(np.float32)
    init = tf.constant_initializer(0.1)
    with tf.Session() as sess:
        def run_case(name, fn, feed=None):
            try:
                with tf.variable_scope(name, initializer=init):
                    r = fn()
            except Exception as e:  # noqa
                out[name] = _err(e, 'B')
                return
            try:
                sess.run(tf.variables_initializer(tf.global_variables(scope=name)))
                out[name] = sess.run(r, feed)
                out[name + '_vars'] = np.array(str([(v.name, v.shape.as_list()) for v in tf.global_variables(scope=name)]))
            except Exception as e:  # noqa
                out[name] = np.array("E:" + type(e).__name__)

        x = tf.constant(xv)

        def dyn(cell, **kw):
            def f():
                o, s = tf.nn.dynamic_rnn(cell(), x, dtype=tf.float32, **kw)
                return {'o': o, 's': s, 'shape': tf.constant(str(o.shape)),
                        'g': tf.gradients(tf.reduce_sum(o) + tf.reduce_sum(tf.nest.flatten(s)[-1] if hasattr(tf, 'nest') else 0.), x)}
            return f
        run_case('dyn_gru', dyn(lambda: tf.nn.rnn_cell.GRUCell(3)))
        run_case('dyn_lstm_len', dyn(lambda: tf.nn.rnn_cell.BasicLSTMCell(3), sequence_length=[2, 4]))
        run_case('dyn_lstm_len0', dyn(lambda: tf.nn.rnn_cell.BasicLSTMCell(3), sequence_length=[0, 3]))
        run_case('dyn_lstm_len00', dyn(lambda: tf.nn.rnn_cell.LSTMCell(3, num_proj=2), sequence_length=[0, 0]))
        run_case('dyn_swap', dyn(lambda: tf.nn.rnn_cell.BasicRNNCell(2), swap_memory=True, parallel_iterations=1))
        run_case('dyn_multi', dyn(lambda: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.GRUCell(2)]), sequence_length=tf.constant([3, 1])))
        run_case('dyn_len_too_long', dyn(lambda: tf.nn.rnn_cell.BasicRNNCell(2), sequence_length=[5, 1]))
        run_case('dyn_len_bad_shape', dyn(lambda: tf.nn.rnn_cell.BasicRNNCell(2), sequence_length=[[1, 2]]))

        def dyn_tm():
            o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.transpose(x, [1, 0, 2]), dtype=tf.float32, time_major=True, sequence_length=[1, 3])
            return {'o': o, 's': s, 'shape': tf.constant(str(o.shape))}
        run_case('dyn_time_major', dyn_tm)

        def dyn_init():
            c = tf.nn.rnn_cell.BasicLSTMCell(2)
            st = tf.nn.rnn_cell.LSTMStateTuple(tf.ones([2, 2]), tf.fill([2, 2], 0.5))
            o, s = tf.nn.dynamic_rnn(c, x, initial_state=st, sequence_length=[1, 0])
            return {'o': o, 's': s}
        run_case('dyn_init_state', dyn_init)

        def dyn_init_tuple():
            c = tf.nn.rnn_cell.BasicLSTMCell(2)
            o, s = tf.nn.dynamic_rnn(c, x, initial_state=(tf.ones([2, 2]), tf.ones([2, 2])))
            return {'o': o, 'type': tf.constant(type(s).__name__)}
        run_case('dyn_init_plain_tuple', dyn_init_tuple)

        def dyn_no_dtype():
            return tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x)[0]
        run_case('dyn_no_dtype', dyn_no_dtype)

        def dyn_rank2():
            return tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x[0], dtype=tf.float32)[0]
        run_case('dyn_rank2', dyn_rank2)

        def dyn_bad_state():
            return tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, initial_state=tf.zeros([2, 4]))[0]
        run_case('dyn_bad_state', dyn_bad_state)

        ph = tf.placeholder(tf.float32, [None, None, 3])
        pl = tf.placeholder(tf.int32, [None])

        def dyn_unknown():
            o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), ph, sequence_length=pl, dtype=tf.float32)
            return {'o': o, 's': s, 'os': tf.constant(str(o.shape)), 'ss': tf.constant(str(s.shape))}
        run_case('dyn_unknown', dyn_unknown, {ph: xv, pl: [4, 2]})
        run_case('dyn_unknown_T0', dyn_unknown, {ph: np.zeros((2, 0, 3), np.float32), pl: [0, 0]})

        def dyn_inner_unknown():
            p = tf.placeholder_with_default(xv, [2, 4, None])
            return tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), p, dtype=tf.float32)[0]
        run_case('dyn_inner_unknown', dyn_inner_unknown)

        def dyn_f64():
            o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.cast(x, tf.float64), dtype=tf.float64, sequence_length=[2, 3])
            return {'o': o, 's': s, 'dt': tf.constant(o.dtype.name)}
        run_case('dyn_f64', dyn_f64)

        def dyn_nested_input():
            c = tf.nn.rnn_cell.GRUCell(2)
            return tf.nn.dynamic_rnn(c, (x, x), dtype=tf.float32)[0]
        run_case('dyn_nested_input', dyn_nested_input)

        def static():
            xs = tf.unstack(x, axis=1)
            o, s = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), xs, dtype=tf.float32, sequence_length=[2, 3])
            return {'o': o, 's': s, 'g': tf.gradients(tf.add_n(o), xs),
                    'names': tf.constant([t.name for t in o])}
        run_case('static', static)

        def static_empty():
            return tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), [], dtype=tf.float32)[0]
        run_case('static_empty', static_empty)

        def static_notlist():
            return tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32)[0]
        run_case('static_notlist', static_notlist)

        def bidi():
            o, s = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.BasicLSTMCell(3), x,
                                                   sequence_length=[3, 1], dtype=tf.float32)
            return {'o': o, 's': s, 'g': tf.gradients(tf.reduce_sum(o[0]) + tf.reduce_sum(o[1]), x)}
        run_case('bidi', bidi)

        def bidi_tm():
            o, s = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(2), tf.transpose(x, [1, 0, 2]),
                                                   sequence_length=[4, 2], dtype=tf.float32, time_major=True)
            return {'o': o, 's': s}
        run_case('bidi_tm', bidi_tm)

        def sbidi():
            xs = tf.unstack(x, axis=1)
            o, sf, sb = tf.nn.static_bidirectional_rnn(tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(2), xs,
                                                       sequence_length=[4, 2], dtype=tf.float32)
            return {'o': o, 'sf': sf, 'sb': sb, 'shape': tf.constant(str(o[0].shape))}
        run_case('static_bidi', sbidi)
    return out
