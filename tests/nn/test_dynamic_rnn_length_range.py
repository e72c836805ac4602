"""tf.nn.dynamic_rnn takes sequence lengths past the input's time steps (or below 0) without
complaint: its loop runs min(time steps, max length) steps and copies state through where
time >= length, so such a length acts as the time steps (or 0). The fused path must not reject
them (im2txt-style masks summed over a padded batch). Expected values recorded from TF 2.21
compat.v1 (TF_USE_LEGACY_KERAS=1)."""
import numpy as np

H_FULL = [0.43764, 0.42267]
H_TWO = [-0.09202, -0.08734]
GRAD_SUM = [[-1.27274, -0.96761, -0.65939, -0.3606], [0.0] * 4, [-0.27431, -0.08001, 0.0, 0.0]]


def _build(tf):
    x = tf.constant(np.linspace(-1, 1, 24).reshape(3, 4, 2).astype(np.float32))
    lens = tf.placeholder(tf.int32, [3])
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lens, dtype=tf.float32)
    grad = tf.gradients(tf.reduce_sum(out), x)[0]
    kernel = tf.global_variables()[0]
    return lens, out, state, grad, tf.assign(kernel, np.linspace(-0.5, 0.5, 32).reshape(4, 8))


def test_lengths_outside_time_steps_act_as_clipped(tf):
    lens, out, state, grad, set_kernel = _build(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(set_kernel)
        for lengths in ([6, -1, 2], [4, 0, 2]):
            o, h, g = sess.run([out, state.h, grad], {lens: lengths})
            np.testing.assert_allclose(h, [H_FULL, [0.0, 0.0], H_TWO], atol=2e-5)
            np.testing.assert_allclose(o[0, 3], H_FULL, atol=2e-5)
            np.testing.assert_allclose(o[0, 0], [0.20262, 0.1784], atol=2e-5)
            assert not o[1].any() and not o[2, 2:].any()
            np.testing.assert_allclose(g.sum(axis=2), GRAD_SUM, atol=2e-5)
