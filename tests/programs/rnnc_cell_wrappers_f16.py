"""DropoutWrapper / ResidualWrapper / MultiRNNCell in dynamic_rnn, a float16 GRU (TF rounds its
sigmoid per half step); errors for bad wrapper configurations and reused cell names."""
import numpy as np
TAGS = ['rnn']


def main(tf):
    out = {}
    xv = np.linspace(-1, 1, 2 * 3 * 4).reshape(2, 3, 4).astype(np.float32)
    init = tf.constant_initializer(0.05)
    with tf.Session() as sess:
        def case(name, fn, feed=None):
            try:
                with tf.variable_scope(name, initializer=init):
                    r = fn()
            except Exception as e:  # noqa
                out[name] = np.array("B:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:40]))
                return
            try:
                sess.run(tf.variables_initializer(tf.global_variables(scope=name)))
                out[name] = sess.run(r, feed)
                out[name + '_vars'] = np.array(str([(v.name, v.shape.as_list()) for v in tf.global_variables(scope=name)]))
            except Exception as e:  # noqa
                out[name] = np.array("E:" + type(e).__name__)
        x = tf.constant(xv)

        def dw(**kw):
            def f():
                c = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3), **kw)
                o, s = tf.nn.dynamic_rnn(c, x, dtype=tf.float32)
                return {'o': o, 's': s, 'ss': tf.constant(str(c.state_size)), 'os': tf.constant(str(c.output_size))}
            return f
        case('dw_all1', dw(input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0))
        case('dw_in0', dw(input_keep_prob=0.0))
        case('dw_in2', dw(input_keep_prob=2.0))
        case('dw_out_neg', dw(output_keep_prob=-0.5))
        case('dw_tensor1', dw(output_keep_prob=tf.constant(1.0)))
        case('dw_var_nodtype', dw(input_keep_prob=0.5, variational_recurrent=True))
        case('dw_var_nosize', dw(input_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32))
        case('dw_var_keep1', dw(input_keep_prob=1.0, state_keep_prob=1.0, variational_recurrent=True, dtype=tf.float32, input_size=4))
        case('dw_bad_type', dw(output_keep_prob='x'))
        ph = tf.placeholder(tf.float32, [])
        case('dw_ph', dw(state_keep_prob=ph), {ph: 1.0})

        def dw_filter():
            c = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(2), state_keep_prob=1.0,
                                              dropout_state_filter_visitor=lambda s: False)
            return tf.nn.dynamic_rnn(c, x, dtype=tf.float32)
        case('dw_filter', dw_filter)

        def dw_attrs():
            c = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3))
            return tf.constant([type(c.wrapped_cell).__name__, str(c.state_size), str(c.output_size)])
        case('dw_attrs', dw_attrs)

        def res_fn():
            c = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(4), residual_fn=lambda i, o: i * 2. + o)
            o, s = tf.nn.dynamic_rnn(c, x, dtype=tf.float32, sequence_length=[1, 3])
            return {'o': o, 's': s, 'g': tf.gradients(tf.reduce_sum(o), x)}
        case('residual_fn', res_fn)

        def res_mismatch():
            c = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(3))
            return tf.nn.dynamic_rnn(c, x, dtype=tf.float32)[0]
        case('residual_mismatch', res_mismatch)

        def multi_res():
            cells = [tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.BasicLSTMCell(4)) for _ in range(2)]
            c = tf.nn.rnn_cell.MultiRNNCell(cells)
            o, s = tf.nn.dynamic_rnn(c, x, dtype=tf.float32)
            return {'o': o, 's': s}
        case('multi_res', multi_res)

        def multi_empty():
            return tf.nn.rnn_cell.MultiRNNCell([]).state_size
        case('multi_empty', multi_empty)

        def multi_notuple_lstm():
            c = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.BasicLSTMCell(2)], state_is_tuple=False)
            return tf.nn.dynamic_rnn(c, x, dtype=tf.float32)
        case('multi_notuple_lstm', multi_notuple_lstm)

        def multi_same_cell():
            g = tf.nn.rnn_cell.GRUCell(4)
            c = tf.nn.rnn_cell.MultiRNNCell([g, g])
            o, s = tf.nn.dynamic_rnn(c, x, dtype=tf.float32)
            return {'o': o, 's': s}
        case('multi_same_cell', multi_same_cell)

        def multi_state_size():
            c = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(3, num_proj=2), tf.nn.rnn_cell.GRUCell(5)])
            z = c.zero_state(2, tf.float16)
            return tf.constant([str(c.state_size), str(c.output_size), str([t.dtype.name for t in tf.nest.flatten(z)] if hasattr(tf, 'nest') else '')])
        case('multi_state_size', multi_state_size)

        def lstm_notuple_dyn():
            c = tf.nn.rnn_cell.BasicLSTMCell(3, state_is_tuple=False)
            o, s = tf.nn.dynamic_rnn(c, x, dtype=tf.float32, sequence_length=[2, 0])
            return {'o': o, 's': s, 'sshape': tf.constant(str(s.shape))}
        case('lstm_notuple_dyn', lstm_notuple_dyn)

        def reuse_err():
            c1 = tf.nn.rnn_cell.GRUCell(2, name='shared')
            tf.nn.dynamic_rnn(c1, x, dtype=tf.float32)
            c2 = tf.nn.rnn_cell.GRUCell(2, name='shared')
            return tf.nn.dynamic_rnn(c2, x, dtype=tf.float32)[0]
        case('reuse_err', reuse_err)

        def reuse_ok():
            c = tf.nn.rnn_cell.BasicRNNCell(2)
            o1, _ = tf.nn.dynamic_rnn(c, x, dtype=tf.float32)
            o2, _ = tf.nn.dynamic_rnn(c, x * 2., dtype=tf.float32, scope='rnn2')
            return {'o1': o1, 'o2': o2}
        case('reuse_ok', reuse_ok)

        def lstm_int():
            return tf.nn.rnn_cell.BasicLSTMCell(2)(tf.ones([2, 3], tf.int32), (tf.zeros([2, 2], tf.int32),) * 2)[0]
        case('lstm_int', lstm_int)

        def gru_f16():
            o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.cast(x, tf.float16), dtype=tf.float16)
            return {'o': o, 'dt': tf.constant(o.dtype.name)}
        case('gru_f16', gru_f16)

        def unknown_depth():
            p = tf.placeholder(tf.float32, [None, None, None])
            return tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), p, dtype=tf.float32)[0]
        case('unknown_depth', unknown_depth)

        def bad_cell():
            return tf.nn.dynamic_rnn(lambda a, b: (a, b), x, dtype=tf.float32)[0]
        case('bad_cell', bad_cell)
    return out
