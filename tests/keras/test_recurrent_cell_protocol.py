"""Keras recurrent cells as TF 1.15 has them: `state_size` (an int for one state, LSTMCell's
[h, c], a stack's tuple), `output_size`, `get_initial_state`; the RNN layer's initial states and
op names (the output of a frozen graph is `gru/strided_slice_3:0`); and Keras cells inside
tf.nn.dynamic_rnn / bidirectional_dynamic_rnn, which TF 1.15 allows. Values from TF 2.21's
compat.v1 with tf_keras."""
from __future__ import annotations

import numpy as np
import pytest

def _init(tf):
    return dict(kernel_initializer=tf.constant_initializer(0.1),
                recurrent_initializer=tf.constant_initializer(-0.2),
                bias_initializer=tf.constant_initializer(0.05))


X = np.arange(30, dtype=np.float32).reshape(2, 5, 3) / 30.0


def test_state_and_output_sizes(tf):
    L = tf.keras.layers
    assert L.SimpleRNNCell(3).state_size == 3 and L.GRUCell(3).state_size == 3
    assert list(L.LSTMCell(3).state_size) == [3, 3]
    stack = L.StackedRNNCells([L.LSTMCell(3), L.GRUCell(2)])
    assert isinstance(stack.state_size, tuple) and stack.state_size[1] == 2
    assert list(stack.state_size[0]) == [3, 3]
    assert [L.GRUCell(3).output_size, L.LSTMCell(3).output_size, stack.output_size] == [3, 3, 2]


def test_cell_get_initial_state(tf):
    L = tf.keras.layers
    with tf.Graph().as_default():
        gru = L.GRUCell(3).get_initial_state(batch_size=4, dtype=tf.float32)
        assert gru.name == "zeros:0" and gru.shape.as_list() == [4, 3]
        lstm = L.LSTMCell(3).get_initial_state(batch_size=4, dtype=tf.float32)
        assert [t.name for t in lstm] == ["zeros_1:0", "zeros_2:0"]
        stack = L.StackedRNNCells([L.LSTMCell(3), L.GRUCell(2)]).get_initial_state(
            batch_size=4, dtype=tf.float32)
        assert isinstance(stack, tuple) and [t.shape.as_list() for t in stack[0]] == [[4, 3]] * 2
        x = tf.placeholder(tf.float32, [None, 5])
        from_inputs = L.LSTMCell(3).get_initial_state(inputs=x, batch_size=None, dtype=None)
        assert [t.shape.as_list() for t in from_inputs] == [[None, 3]] * 2
        with pytest.raises(ValueError, match="batch_size and dtype cannot be None while "
                                             "constructing initial state"):
            L.GRUCell(3).get_initial_state()


@pytest.mark.parametrize("make, names", [
    (lambda L: L.GRU(4), ["gru/strided_slice_3:0"]),
    (lambda L: L.LSTM(4, return_sequences=True, return_state=True),
     ["lstm/transpose_1:0", "lstm/while/Exit_2:0", "lstm/while/Exit_3:0"]),
    (lambda L: L.GRU(4, go_backwards=True, return_state=True),
     ["gru/strided_slice_3:0", "gru/while/Exit_2:0"]),
    (lambda L: L.RNN([L.LSTMCell(3), L.GRUCell(2)], return_state=True),
     ["rnn/strided_slice_3:0", "rnn/while/Exit_2:0", "rnn/while/Exit_3:0",
      "rnn/while/Exit_4:0"]),
])
def test_rnn_layer_output_names(tf, make, names):
    with tf.Graph().as_default():
        y = make(tf.keras.layers)(tf.keras.Input((5, 3)))
        assert [t.name for t in tf.nest.flatten(y)] == names


def test_masked_simple_rnn_output_name_and_layer_initial_state(tf):
    L = tf.keras.layers
    with tf.Graph().as_default():
        x = tf.keras.Input((5, 3))
        layer = L.SimpleRNN(4)
        assert layer(L.Masking()(x)).name == "simple_rnn/strided_slice_3:0"
        init = layer.get_initial_state(x)
        assert isinstance(init, list) and init[0].shape.as_list() == [None, 4]


@pytest.mark.parametrize("name, make, final, grad_sums", [
    ("lstm", lambda L, i: L.LSTMCell(2, **i),
     [[[0.094497, 0.094497], [0.142516, 0.142516]],
      [[0.180172, 0.180172], [0.267447, 0.267447]]],
     [8.655066, 0.589073, 8.136458]),
    ("gru", lambda L, i: L.GRUCell(2, **i),
     [[[0.129498, 0.129498], [0.188304, 0.188304]]], [10.510035, 0.578892, 10.245375]),
    ("stack", lambda L, i: L.StackedRNNCells([L.SimpleRNNCell(3, **i), L.LSTMCell(2, **i)]),
     [[[0.121046] * 3, [0.19816] * 3], [[0.048289] * 2, [0.053626] * 2],
      [[0.094254] * 2, [0.103761] * 2]],
     [1.704418, 0.331064, 1.574437, 2.521225, 0.322134, 7.570361]),
])
def test_keras_cells_in_dynamic_rnn(tf, name, make, final, grad_sums):
    L = tf.keras.layers
    with tf.Graph().as_default():
        cell = make(L, _init(tf))
        o, s = tf.nn.dynamic_rnn(cell, tf.constant(X), dtype=tf.float32,
                                 sequence_length=[5, 3])
        assert all(v.name.startswith("rnn/while/") for v in tf.trainable_variables())
        grads = tf.gradients(tf.reduce_sum(o), tf.trainable_variables())
        assert len(tf.nest.flatten(s)) == len(final)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ov, sv, gv = sess.run([o, s, grads])
    np.testing.assert_allclose(ov[1, 3:], 0.0)
    for got, want in zip(tf.nest.flatten(sv), final):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose([np.sum(g) for g in gv], grad_sums, rtol=1e-5)


def test_keras_cells_in_bidirectional_dynamic_rnn(tf):
    L = tf.keras.layers
    with tf.Graph().as_default():
        (fw, bw), (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(
            L.GRUCell(3), L.LSTMCell(2), tf.constant(X), dtype=tf.float32)
        assert fw.shape.as_list() == [2, 5, 3] and bw.shape.as_list() == [2, 5, 2]
        assert s_fw.shape.as_list() == [2, 3] and len(s_bw) == 2


def test_variable_made_in_a_loop_body_gets_gradients(tf):
    # TF makes variables outside the loop (init_scope): a cell built inside a while body
    # reads a captured variable, and tf.gradients reaches it (tfcompat returned None)
    with tf.Graph().as_default():
        made = []

        def body(i, x):
            if not made:
                made.append(tf.Variable(3.0, use_resource=True, name="w"))
            return i + 1, x * made[0]
        _, y = tf.while_loop(lambda i, x: i < 3, body, [0, tf.constant(1.0)])
        grad = tf.gradients(y, [made[0]])[0]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(grad) == 27.0
