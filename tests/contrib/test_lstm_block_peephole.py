"""tf.contrib.rnn.LSTMBlockCell and LSTMBlockFusedCell with `use_peephole` and `cell_clip`
(TF 1.15's lstm_ops.py; TF 2.21 has no contrib, so the expected values were printed by TF
2.21's raw BlockLSTM op, the kernel both cells run, with the same weights): peephole variables
w_i_diag, w_f_diag, w_o_diag, the clipped cell state, and TF's gradient, which goes through
the clip as if it were not there."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

T, B, D, N = 3, 2, 3, 4


def _inputs():
    rng = np.random.RandomState(3)
    x = rng.uniform(-1, 1, (T, B, D)).astype(np.float32)
    w = rng.uniform(-1, 1, (D + N, 4 * N)).astype(np.float32)
    b = rng.uniform(-0.5, 0.5, (4 * N,)).astype(np.float32)
    peep = [rng.uniform(-1, 1, (N,)).astype(np.float32) for _ in range(3)]
    c0 = rng.uniform(-2, 2, (B, N)).astype(np.float32)
    h0 = rng.uniform(-1, 1, (B, N)).astype(np.float32)
    return x, w, b, peep, c0, h0


# (use_peephole, cell_clip) -> TF's final c, final h, d sum(h^2)/d kernel[0], d/d x[0, 0],
# d/d w_i_diag
EXPECTED = {
    (True, -1.0): (
        [[-0.894015, -0.393563, -0.006813, 0.301529], [0.163837, -0.077401, 0.085509, 0.440074]],
        [[-0.319305, -0.179585, -0.0046, 0.183991], [0.096914, -0.037219, 0.053878, 0.238655]],
        [-0.00104, 0.00855, -0.00628, 0.02239, 0.0165, 0.0213, 0.03324, -0.03916, -0.00386,
         -0.00786, -0.00287, 0.00294, -0.0396, 0.00967, -0.00462, 0.02226],
        [0.32274, 0.10802, 0.02876], [-0.05081, -0.01272, 0.01718, 0.02907]),
    (False, 0.5): (
        [[-0.5, -0.329741, -0.192724, 0.343458], [0.228232, -0.126286, 0.007551, 0.5]],
        [[-0.28916, -0.177065, -0.131403, 0.216532], [0.128008, -0.061533, 0.004602, 0.280367]],
        [-0.00305, 0.0112, -0.03013, 0.02739, 0.2036, 0.01447, 0.09001, -0.05994, -0.00949,
         -0.00454, -0.01786, 0.00684, -0.03453, 0.00985, -0.03277, 0.02695],
        [0.37706, 0.11954, 0.16477], None),
    (True, 0.5): (
        [[-0.491172, -0.182361, 0.059026, 0.326904], [0.171136, -0.036261, 0.111621, 0.432641]],
        [[-0.237717, -0.094427, 0.040333, 0.195633], [0.10129, -0.017881, 0.071195, 0.235188]],
        [-0.00129, 0.00156, 0.00026, 0.02146, 0.08528, -0.02545, 0.02281, -0.02706, -0.00446,
         0.00029, -0.00168, 0.00353, -0.01729, -0.00033, -0.00293, 0.02089],
        [0.17637, 0.05039, 0.04152], [-0.09053, 0.00141, 0.00548, 0.02707]),
}


def _check(tf, variables, outputs, final, xs, peephole, clip):
    x, w, b, peep, _, _ = _inputs()
    c_last, h_last, g_w, g_x, g_wci = EXPECTED[(peephole, clip)]
    loss = tf.reduce_sum(outputs * outputs)
    wrt = [variables[0], xs] + ([variables[2]] if peephole else [])
    grads = tf.gradients(loss, wrt)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for var, value in zip(variables, [w, b] + peep):
            var.load(value, sess)
        c, h, grads = sess.run([final[0], final[1], grads])
    np.testing.assert_allclose(c, c_last, atol=2e-6)
    np.testing.assert_allclose(h, h_last, atol=2e-6)
    np.testing.assert_allclose(grads[0][0], g_w, atol=2e-5)
    np.testing.assert_allclose(grads[1][0, 0], g_x, atol=2e-5)
    if peephole:
        np.testing.assert_allclose(grads[2], g_wci, atol=2e-5)


@pytest.mark.parametrize("peephole, clip", list(EXPECTED))
def test_block_cell_in_dynamic_rnn(tf, peephole, clip):
    x, _, _, _, c0, h0 = _inputs()
    with tf.Graph().as_default():
        xs = tf.constant(x)
        cell = tf.contrib.rnn.LSTMBlockCell(N, cell_clip=clip, use_peephole=peephole)
        state = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(c0), tf.constant(h0))
        outputs, final = tf.nn.dynamic_rnn(cell, xs, initial_state=state, time_major=True)
        names = [v.op.name for v in tf.global_variables()]
        assert names == ["rnn/lstm_cell/kernel", "rnn/lstm_cell/bias"] + (
            ["rnn/lstm_cell/w_i_diag", "rnn/lstm_cell/w_f_diag", "rnn/lstm_cell/w_o_diag"]
            if peephole else [])
        _check(tf, tf.global_variables(), outputs, final, xs, peephole, clip)


@pytest.mark.parametrize("peephole, clip", list(EXPECTED))
def test_fused_cell(tf, peephole, clip):
    x, _, _, _, c0, h0 = _inputs()
    with tf.Graph().as_default():
        xs = tf.constant(x)
        cell = tf.contrib.rnn.LSTMBlockFusedCell(N, cell_clip=clip, use_peephole=peephole)
        outputs, final = cell(xs, initial_state=(tf.constant(c0), tf.constant(h0)))
        names = [v.op.name for v in tf.global_variables()]
        assert names == ["lstm_fused_cell/kernel", "lstm_fused_cell/bias"] + (
            ["lstm_fused_cell/w_i_diag", "lstm_fused_cell/w_f_diag", "lstm_fused_cell/w_o_diag"]
            if peephole else [])
        _check(tf, tf.global_variables(), outputs, final, xs, peephole, clip)


def test_only_the_plain_block_cell_runs_as_the_fused_basic_lstm(tf):
    assert tf.contrib.rnn.LSTMBlockCell(4).fuses_as_basic_lstm
    assert not tf.contrib.rnn.LSTMBlockCell(4, use_peephole=True).fuses_as_basic_lstm
    assert not tf.contrib.rnn.LSTMBlockCell(4, cell_clip=3.0).fuses_as_basic_lstm
    assert tf.contrib.rnn.LSTMBlockCell(4, cell_clip=-1.0).fuses_as_basic_lstm


def test_block_cell_wants_a_known_depth_and_a_pair_state(tf):
    with tf.Graph().as_default():
        cell = tf.contrib.rnn.LSTMBlockCell(4)
        with pytest.raises(ValueError, match=r"Expecting inputs_shape\[1\] to be set"):
            cell(tf.placeholder(tf.float32, [2, None]), (tf.zeros([2, 4]), tf.zeros([2, 4])))
