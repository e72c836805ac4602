"""Recurrent networks end to end: dynamic_rnn / bidirectional over TF's cells, with and without
sequence lengths, outputs, final states and gradients (tfcompat runs standard cells on fused
kernels, the CudnnRNN op types; TF runs a while loop: the numbers must agree)."""
import functools

import numpy as np

from harness import Program

_CELLS = {
    "basic_rnn": lambda tf: tf.nn.rnn_cell.BasicRNNCell(5),
    "basic_lstm": lambda tf: tf.nn.rnn_cell.BasicLSTMCell(5),
    "lstm_forget": lambda tf: tf.nn.rnn_cell.LSTMCell(5, forget_bias=0.5),
    "lstm_peep_proj": lambda tf: tf.nn.rnn_cell.LSTMCell(5, use_peepholes=True, num_proj=3),
    "gru": lambda tf: tf.nn.rnn_cell.GRUCell(5),
    "multi": lambda tf: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4),
                                                     tf.nn.rnn_cell.GRUCell(3)]),
}


def _set_values(tf):
    """Deterministic values for every trainable variable (run after the initializer)."""
    ops = []
    for v in tf.trainable_variables():
        shape = v.get_shape().as_list()
        n = int(np.prod(shape))
        ops.append(tf.assign(v, (np.cos(np.arange(n) * 0.37) * 0.4).reshape(shape)
                             .astype(np.float32)))
    return ops


def _rnn(cell_name, lengths, bidirectional, tf):
    x_val = np.sin(np.arange(2 * 4 * 3) * 0.7).reshape(2, 4, 3).astype(np.float32)
    x = tf.placeholder(tf.float32, [2, 4, 3], name="x")
    seq = tf.constant([4, 2]) if lengths else None
    if bidirectional:
        (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(_CELLS[cell_name](tf), _CELLS[cell_name](tf),
                                                      x, sequence_length=seq, dtype=tf.float32)
        out = tf.concat([fw, bw], -1)
        state = out[:, -1]
    else:
        out, state = tf.nn.dynamic_rnn(_CELLS[cell_name](tf), x, sequence_length=seq,
                                       dtype=tf.float32)
        state = tf.concat([tf.reshape(s, [2, -1]) for s in tf.nest.flatten(state)], 1) \
            if hasattr(tf, "nest") else state
    loss = tf.reduce_sum(out * np.cos(np.arange(out.get_shape().num_elements()))
                         .reshape(out.get_shape().as_list()).astype(np.float32))
    variables = tf.trainable_variables()
    grads = tf.gradients(loss, [x] + variables)
    fetches = {"out": out, "state": state, "dx": grads[0]}
    fetches.update(("d_%s" % v.op.name.replace("/", "_"), g) for v, g in zip(variables, grads[1:]))
    return fetches, {x: x_val}, [tf.global_variables_initializer()] + _set_values(tf)


PROGRAMS = []
for _name in _CELLS:
    PROGRAMS.append(Program("dynamic_rnn_%s" % _name,
                            functools.partial(_rnn, _name, False, False), tol=(1e-4, 1e-5),
                            covers=("CudnnRNN",) if _name == "basic_lstm" else ()))
    PROGRAMS.append(Program("dynamic_rnn_%s_lengths" % _name,
                            functools.partial(_rnn, _name, True, False), tol=(1e-4, 1e-5),
                            covers=("CudnnRNNV3",) if _name == "basic_lstm" else ()))
PROGRAMS.append(Program("bidirectional_lstm", functools.partial(_rnn, "basic_lstm", True, True),
                        tol=(1e-4, 1e-5)))
