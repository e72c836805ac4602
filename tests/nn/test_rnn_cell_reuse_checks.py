"""A built RNN cell keeps its kernel: dynamic_rnn over inputs of another depth fails as in TF
(the fused path must not quietly run), and a cell subclass overriding __call__ is called by
dynamic_rnn (the fused path must not bypass it). Expected values recorded from TF 2.21
compat.v1 (TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def test_reused_cell_with_other_input_depth_fails(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    out, _ = tf.nn.dynamic_rnn(cell, tf.zeros([2, 5, 3]), dtype=tf.float32, scope="r1")
    assert out.shape.as_list() == [2, 5, 4]
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 11 and 7"):
        tf.nn.dynamic_rnn(cell, tf.zeros([2, 5, 7]), dtype=tf.float32, scope="r1")
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 11 and 7"):
        tf.nn.dynamic_rnn(cell, tf.zeros([2, 5, 7]), dtype=tf.float32, scope="r2")
    assert [v.name for v in tf.global_variables()] == [
        "r1/basic_lstm_cell/kernel:0", "r1/basic_lstm_cell/bias:0"]


def test_reused_cell_same_depth_still_runs(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, num_proj=2)
    x = tf.ones([1, 2, 5])
    a, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
    b, _ = tf.nn.dynamic_rnn(cell, x * 2.0, dtype=tf.float32, scope="enc2")
    assert b.shape.as_list() == [1, 2, 2]
    assert len(tf.global_variables()) == 3


def test_subclass_overriding_call_is_called(tf):
    calls = []

    class Logged(tf.nn.rnn_cell.BasicLSTMCell):
        def __call__(self, inputs, state, scope=None):
            calls.append(inputs.shape.as_list())
            h, new_state = super(Logged, self).__call__(inputs, state, scope)
            return h * 2.0, new_state

    cell = Logged(4)
    out, state = tf.nn.dynamic_rnn(cell, tf.ones([2, 3, 3]), dtype=tf.float32, scope="r1")
    assert calls == [[2, 3]]
    assert out.op.name.startswith("r1/")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([v.assign(tf.fill(tf.shape(v), 0.1)) for v in tf.global_variables()])
        got, h = sess.run([out, state.h])
    np.testing.assert_allclose(got[0, :, 0], [0.26776546, 0.51006615, 0.71398789], rtol=1e-5)
    np.testing.assert_allclose(got[0, -1], 2.0 * h[0], rtol=1e-6)   # state.h is the unscaled h
