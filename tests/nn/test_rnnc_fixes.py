"""Fixes found by sweeping RNN cells and drivers against TF: a nested input to a one-input cell,
the zero-length dynamic_rnn output, float16 sigmoid rounding and SigmoidGrad's packet order."""
import numpy as np
import pytest


def test_nested_input_to_gru_cell_is_value_error(tf):
    x = tf.constant(np.zeros((2, 4, 3), np.float32))
    want = (r'^Layer "gru_cell\w*" expects 1 input\(s\), but it received 2 input tensors\. '
            r'Inputs received: \[<tf\.Tensor')
    with pytest.raises(ValueError, match=want):
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), (x, x), dtype=tf.float32)


def test_dynamic_rnn_zero_steps_unknown_batch_is_unimplemented(tf):
    ph = tf.placeholder(tf.float32, [None, None, 3])
    out, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), ph, dtype=tf.float32)
    feed = {ph: np.zeros((2, 0, 3), np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(state, feed), np.zeros((2, 2), np.float32))
        with pytest.raises(tf.errors.UnimplementedError,
                           match=r"TensorArray has size zero, but element shape \[\?,2\] is not "
                                 r"fully defined\. Currently only static shapes"):
            sess.run(out, feed)


def test_float16_sigmoid_rounds_each_step(tf):
    v = np.array([-4., -3.6, -1., -0.2, 0.4, 0., 12., -20.], np.float16)
    with tf.Session() as sess:
        got = sess.run(tf.sigmoid(v))
    want = np.array([0.01797, 0.0266, 0.2688, 0.4504, 0.598, 0.5, 1., 2.062e-09], np.float16)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sigmoid_grad_packet_and_tail_rounding(tf, dtype):
    # TF's CPU kernel: dy * (y * (1 - y)) on whole 8-wide (float64: 4-wide) packets, then
    # (dy * y) * (1 - y) on the 3 tail elements
    rng = np.random.RandomState(1)
    x = tf.constant(rng.randn(19).astype(dtype))
    dy = (rng.randn(19) * 3).astype(dtype)
    grad = tf.gradients(tf.sigmoid(x), x, grad_ys=tf.constant(dy))[0]
    with tf.Session() as sess:
        y, got = sess.run([tf.sigmoid(x), grad])
    one = dtype(1)
    packet = (dy * (y * (one - y)).astype(dtype)).astype(dtype)
    tail = ((dy * y).astype(dtype) * (one - y)).astype(dtype)
    np.testing.assert_array_equal(got, np.concatenate([packet[:16], tail[16:]]))


def test_gru_float16_forward_matches(tf):
    x = tf.constant(np.linspace(-1, 1, 24).reshape(2, 3, 4).astype(np.float16))
    with tf.variable_scope("rnnc_f16", initializer=tf.constant_initializer(0.05)):
        out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float16)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(out)
    want = np.array([[[-0.05237, -0.05237], [-0.0685, -0.0685], [-0.06052, -0.06052]],
                     [[0.009125, 0.009125], [0.0329, 0.0329], [0.0662, 0.0662]]], np.float16)
    np.testing.assert_array_equal(got, want)
