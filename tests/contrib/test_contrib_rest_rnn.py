"""tf.contrib.rnn.WeightNormLSTMCell and GridLSTMCell (TF 1.15's contrib/rnn/python/ops/
rnn_cell.py). TF 2.x has no tf.contrib: the expected numbers come from TF 2.21 compat.v1 running
TF 1.15's classes written out with core ops (WeightNormLSTMCell sets `self._scope`, so TF's
Layer names its scope `wn_lstm_cell`), under dynamic_rnn, with the same weights loaded."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def _run(tf, cell):
    x = tf.constant(np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 3, 4))
    outs, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    tv = tf.trainable_variables()
    g = tf.gradients(tf.reduce_sum(outs), tv[0])[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, v in enumerate(tv):
            n = int(np.prod(v.shape.as_list()))
            v.load(np.cos(np.arange(n) + i).reshape(v.shape.as_list()).astype(np.float32) * .5,
                   sess)
        o, c, gv = sess.run([outs, getattr(st, "c", outs), g])
    return tv, o[:, -1], c, gv[:2]


def test_weight_norm_lstm_cell(tf):
    cell = tf.contrib.rnn.WeightNormLSTMCell(3)
    tv, o, c, g = _run(tf, cell)
    pre = "rnn/wn_lstm_cell/wn_lstm_cell/"
    assert [v.op.name for v in tv] == [pre + n for n in ["kernel", "norm_0", "norm_1", "bias"]]
    assert [v.shape.as_list() for v in tv] == [[7, 12], [12], [12], [12]]
    np.testing.assert_allclose(o, [[0.1075636, 0.3166284, 0.0798232],
                                   [0.3412704, 0.0736201, -0.1284983]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c, [[0.1903315, 0.5419087, 0.1526845],
                                   [0.5782629, 0.1214908, -0.4117434]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g[0], [-0.0134027, 0.0316444, 0.2477249, 0.0157314, -0.0465385,
                                      -0.9863309, 0.003859, 0.0016751, 0.0435292, -0.0382793,
                                      -0.0001168, -0.132502], rtol=1e-4, atol=1e-6)


def test_weight_norm_lstm_cell_peepholes_clips_projection(tf):
    cell = tf.contrib.rnn.WeightNormLSTMCell(3, use_peepholes=True, cell_clip=0.8, num_proj=2,
                                             proj_clip=0.5)
    assert cell.output_size == 2 and tuple(cell.state_size) == (3, 2)
    tv, o, c, g = _run(tf, cell)
    pre = "rnn/wn_lstm_cell/wn_lstm_cell/"
    assert [v.op.name for v in tv] == [pre + n for n in [
        "kernel", "norm_0", "norm_1", "bias", "w_f_diag", "w_i_diag", "w_o_diag",
        "projection/kernel", "projection/norm_0"]]
    np.testing.assert_allclose(o, [[0.0119552, 0.0634132], [-0.0110931, 0.0965157]],
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c, [[0.1676063, 0.4836636, 0.2154469],
                                   [0.5749165, 0.1721081, -0.3769986]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g[1], [0.0000943, 0.0015813, -0.0511085, -0.0001593, -0.0043957,
                                      0.1805853, 0.0001688, 0.0001679, -0.0064472, -0.000636,
                                      0.0000058, 0.0157625], rtol=1e-4, atol=1e-6)


def test_weight_norm_lstm_cell_unknown_input_size(tf):
    cell = tf.contrib.rnn.WeightNormLSTMCell(3)
    x = tf.placeholder(tf.float32, [2, None])
    with pytest.raises(ValueError, match=r"Could not infer input size"):
        cell(x, cell.zero_state(2, tf.float32))


def _grid_run(tf, **kw):
    cell = tf.contrib.rnn.GridLSTMCell(2, **kw)
    tv, o, _, g = _run(tf, cell)
    return cell, tv, o, g


def test_grid_lstm_cell(tf):
    cell, tv, o, g = _grid_run(tf, feature_size=2, frequency_skip=1, num_frequency_blocks=[3])
    assert cell.output_size == 12
    assert cell.state_size._fields[:3] == ("state_f00_b00_c", "state_f00_b00_m",
                                           "state_f01_b00_c")
    assert [v.op.name for v in tv] == ["rnn/grid_lstm_cell/" + n
                                       for n in ["W_f_0_0", "B_f_0", "W_t_0_0", "B_t_0"]]
    np.testing.assert_allclose(o, [
        [0.0563687, 0.0741257, -0.0891437, -0.0335168, 0.0572974, 0.0858286, -0.1558636,
         -0.0630441, 0.0568073, 0.0964945, -0.2091706, -0.0912635],
        [0.0450643, 0.1406296, -0.3022828, -0.1188184, 0.0434988, 0.1443118, -0.4435409,
         -0.2082815, 0.039303, 0.14273, -0.5193982, -0.2780326]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g[0], [-0.2666926, -0.4787029, -1.073678, -1.3237468,
                                      -0.1140634, -0.0843549, -0.4373944, -0.5350665],
                               rtol=1e-5, atol=1e-6)


def test_grid_lstm_cell_blocks_peepholes_clip(tf):
    _, tv, o, g = _grid_run(tf, use_peepholes=True, cell_clip=0.7, feature_size=2,
                            frequency_skip=2, num_frequency_blocks=[1, 1],
                            start_freqindex_list=[0, 2], end_freqindex_list=[2, 4])
    names = [v.op.name[len("rnn/grid_lstm_cell/"):] for v in tv]
    assert len(names) == 32 and names[4:10] == [
        "W_F_diag_freqf_0", "W_F_diag_freqt_0", "W_I_diag_freqf_0", "W_I_diag_freqt_0",
        "W_O_diag_freqf_0", "W_O_diag_freqt_0"]
    assert names[16:20] == ["W_f_1_0", "B_f_1", "W_t_1_0", "B_t_1"]
    np.testing.assert_allclose(o, [
        [0.055114, 0.0720643, -0.0886497, -0.032847, -0.1600197, -0.1764788, 0.0897045,
         0.0508436],
        [0.043231, 0.129484, -0.303174, -0.1099006, -0.4471232, -0.4093092, 0.0992196,
         0.205382]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g[1], [-0.1178559, -0.0938201, -0.1156512, -0.178947, 0., 0.,
                                      -0.1228121, -0.0927298], rtol=1e-5, atol=1e-6)


def test_grid_lstm_cell_shared_coupled_concat_state(tf):
    cell, tv, o, g = _grid_run(tf, use_peepholes=True, share_time_frequency_weights=True,
                               couple_input_forget_gates=True, feature_size=2,
                               frequency_skip=2, num_frequency_blocks=[2],
                               state_is_tuple=False)
    assert cell.state_size == 8 and cell.state_tuple_type is None
    assert [v.op.name[len("rnn/grid_lstm_cell/"):] for v in tv] == [
        "W_f_0_0", "B_f_0", "W_I_diag_freqf_0", "W_I_diag_freqt_0", "W_O_diag_freqf_0",
        "W_O_diag_freqt_0"]
    assert tv[0].shape.as_list() == [6, 6]
    np.testing.assert_allclose(o, [
        [-0.1594416, 0.0534026, -0.1149343, -0.016426, -0.2005897, -0.0055397, -0.1974653,
         -0.0585916],
        [-0.2477541, -0.3026848, -0.2070329, -0.224514, -0.3111668, -0.3507184, -0.3041613,
         -0.3420127]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g[0], [0.142145, -0.7656769, -1.190248, -1.0126672, -0.5616108,
                                      -0.876982], rtol=1e-5, atol=1e-6)


def test_grid_lstm_cell_errors(tf):
    with pytest.raises(ValueError, match="Must specify num_frequency_blocks"):
        tf.contrib.rnn.GridLSTMCell(2)
    cell = tf.contrib.rnn.GridLSTMCell(2, feature_size=2, frequency_skip=1,
                                       num_frequency_blocks=[2])
    with pytest.raises(ValueError, match="Invalid num_frequency_blocks, requires 2 but gets 3, "
                                         "please check the input size and filter config are "
                                         "correct."):
        tf.nn.dynamic_rnn(cell, tf.zeros([1, 2, 4]), dtype=tf.float32)


def test_bidirectional_grid_lstm_cell(tf):
    cell = tf.contrib.rnn.BidirectionalGridLSTMCell(
        2, use_peepholes=True, feature_size=2, frequency_skip=1, num_frequency_blocks=[2],
        backward_slice_offset=1)
    assert cell.output_size == 16
    assert cell.state_size._fields[3:5] == ("fwd_state_f01_b00_m", "bwd_state_f00_b00_c")
    x = tf.constant(np.linspace(-1, 1, 18, dtype=np.float32).reshape(2, 3, 3))
    outs, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    tv = tf.trainable_variables()
    assert len(tv) == 32
    assert tv[16].op.name == "rnn/bidirectional_grid_lstm_cell/bwd/W_f_0_0"
    g = tf.gradients(tf.reduce_sum(outs), tv[16])[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, v in enumerate(tv):
            n = int(np.prod(v.shape.as_list()))
            v.load(np.cos(np.arange(n) + i).reshape(v.shape.as_list()).astype(np.float32) * .5,
                   sess)
        o, s, gv = sess.run([outs, st, g])
    np.testing.assert_allclose(o[1, -1], [
        0.0447552, 0.1290506, -0.3097702, -0.1091289, 0.0398475, 0.1348593, -0.4528768,
        -0.2004438, -0.2018341, -0.4837967, 0.0817026, 0.1530606, -0.5316128, -0.5294922,
        0.1286924, 0.2777869], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.concatenate(s, 1)[:, -4:], [
        [-0.2929597, -0.348666, -0.1724783, -0.1856445],
        [-0.908408, -1.1496508, -0.5316128, -0.5294922]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gv[0], [0.1124868, 0.235485, -0.5930431, 0.0072749, -0.0018691,
                                       0.0602589, 0.1340656, 0.2863426], rtol=1e-5, atol=1e-6)
