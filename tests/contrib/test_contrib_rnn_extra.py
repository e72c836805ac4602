"""tf.contrib.rnn's stacked bidirectional drivers and LayerNormBasicLSTMCell. TF 2.x has no
tf.contrib: the expected values were recorded from TF 2.21 compat.v1 running TF 1.15's contrib
code for these functions (stack_bidirectional_*_rnn, LayerNormBasicLSTMCell, layer_norm) on
its core ops, with this very graph."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only   # tf.contrib

NAMES = ['stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/gru_cell/gates/kernel:0', 'stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/gru_cell/gates/bias:0', 'stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/gru_cell/candidate/kernel:0', 'stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/gru_cell/candidate/bias:0', 'stack_bidirectional_rnn/cell_0/bidirectional_rnn/bw/gru_cell/gates/kernel:0', 'stack_bidirectional_rnn/cell_0/bidirectional_rnn/bw/gru_cell/gates/bias:0', 'stack_bidirectional_rnn/cell_0/bidirectional_rnn/bw/gru_cell/candidate/kernel:0', 'stack_bidirectional_rnn/cell_0/bidirectional_rnn/bw/gru_cell/candidate/bias:0', 'stack_bidirectional_rnn/cell_1/bidirectional_rnn/fw/gru_cell/gates/kernel:0', 'stack_bidirectional_rnn/cell_1/bidirectional_rnn/fw/gru_cell/gates/bias:0', 'stack_bidirectional_rnn/cell_1/bidirectional_rnn/fw/gru_cell/candidate/kernel:0', 'stack_bidirectional_rnn/cell_1/bidirectional_rnn/fw/gru_cell/candidate/bias:0', 'stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/gru_cell/gates/kernel:0', 'stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/gru_cell/gates/bias:0', 'stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/gru_cell/candidate/kernel:0', 'stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/gru_cell/candidate/bias:0', 'lm/rnn/layer_norm_basic_lstm_cell/kernel:0', 'lm/rnn/layer_norm_basic_lstm_cell/input/gamma:0', 'lm/rnn/layer_norm_basic_lstm_cell/input/beta:0', 'lm/rnn/layer_norm_basic_lstm_cell/transform/gamma:0', 'lm/rnn/layer_norm_basic_lstm_cell/transform/beta:0', 'lm/rnn/layer_norm_basic_lstm_cell/forget/gamma:0', 'lm/rnn/layer_norm_basic_lstm_cell/forget/beta:0', 'lm/rnn/layer_norm_basic_lstm_cell/output/gamma:0', 'lm/rnn/layer_norm_basic_lstm_cell/output/beta:0', 'lm/rnn/layer_norm_basic_lstm_cell/state/gamma:0', 'lm/rnn/layer_norm_basic_lstm_cell/state/beta:0']
STACK_OUT = [[[-0.03390999883413315, -0.007029999978840351, -0.07611999660730362], [-0.061650000512599945, -0.025550000369548798, -0.05542000010609627], [-0.07814999669790268, -0.045889999717473984, -0.026329999789595604]], [[-0.05473000183701515, -0.062300000339746475, -0.11035999655723572], [-0.09279999881982803, -0.10666999965906143, -0.053780000656843185], [0.0, 0.0, 0.0]]]
STACK_FW1 = [[-0.07814999669790268, -0.045889999717473984], [-0.09279999881982803, -0.10666999965906143]]
STACK_BW1 = [[-0.07611999660730362], [-0.11035999655723572]]
LN_OUT = [[[0.20843000710010529, 0.11201000213623047, -0.6942200064659119], [0.32264000177383423, 0.400299996137619, -0.17395000159740448], [0.267300009727478, 0.11355999857187271, -0.7748000025749207]], [[0.5416499972343445, -0.10619000345468521, -0.6455399990081787], [0.8639199733734131, -0.11947000026702881, -0.3600499927997589], [0.7088900208473206, -0.11167000234127045, 0.30107998847961426]]]
LN_C = [[0.40560001134872437, 1.7651499509811401, -1.8707599639892578], [1.7606799602508545, -1.8734099864959717, 0.41273999214172363]]


def _graph(tf):
    tf.set_random_seed(4)
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 10.0)
    out, fw, bw = tf.contrib.rnn.stack_bidirectional_dynamic_rnn(
        [tf.contrib.rnn.GRUCell(2), tf.contrib.rnn.GRUCell(2)],
        [tf.contrib.rnn.GRUCell(2), tf.contrib.rnn.GRUCell(1)], x,
        sequence_length=[3, 2], dtype=tf.float32)
    with tf.variable_scope("lm"):
        cell = tf.contrib.rnn.LayerNormBasicLSTMCell(3, dropout_keep_prob=0.6, dropout_prob_seed=1,
                                                     norm_gain=1.5, norm_shift=0.1)
        lm, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return out, fw, bw, lm, state


def test_stacked_bidirectional_and_layer_norm_lstm_match_tf(tf):
    out, fw, bw, lm, state = _graph(tf)
    assert [v.name for v in tf.global_variables()] == NAMES
    assert out.get_shape().as_list() == [2, 3, 3]       # last layer: fw 2 + bw 1
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        o, f, b, l, s = sess.run([out, fw, bw, lm, state])
    np.testing.assert_allclose(o, STACK_OUT, atol=1e-5)
    np.testing.assert_allclose(f[1], STACK_FW1, atol=1e-5)
    np.testing.assert_allclose(b[1], STACK_BW1, atol=1e-5)
    np.testing.assert_allclose(l, LN_OUT, atol=1e-5)       # seeded recurrent dropout included
    np.testing.assert_allclose(s.c, LN_C, atol=1e-5)


def test_stack_bidirectional_static_and_argument_errors(tf):
    inputs = tf.unstack(tf.ones([2, 3, 2]), axis=1)
    outs, fw, bw = tf.contrib.rnn.stack_bidirectional_rnn(
        [tf.contrib.rnn.GRUCell(2)], [tf.contrib.rnn.GRUCell(3)], inputs, dtype=tf.float32)
    assert len(outs) == 3 and outs[0].get_shape().as_list() == [2, 5]
    # TF 2.21 (TF 1.15 contrib code): the layer's scope is passed on, so no bidirectional_rnn/
    assert [v.name for v in tf.trainable_variables()][0] == (
        "stack_bidirectional_rnn/cell_0/fw/gru_cell/gates/kernel:0")
    assert outs[2].name == "stack_bidirectional_rnn/cell_0/concat_2:0"
    cell = tf.contrib.rnn.GRUCell(2)
    for args, message in [(([], [cell]), "Must specify at least one fw cell"),
                          ((cell, [cell]), "cells_fw must be a list of RNNCells"),
                          (([cell, cell], [cell]), "Forward and Backward cells must have the same"),
                          ]:
        with pytest.raises(ValueError, match=message):
            tf.contrib.rnn.stack_bidirectional_dynamic_rnn(*args, inputs=tf.ones([2, 3, 2]),
                                                           dtype=tf.float32)
    with pytest.raises(ValueError, match="initial_states_bw must be a list of state tensors"):
        tf.contrib.rnn.stack_bidirectional_dynamic_rnn([cell], [cell], tf.ones([2, 3, 2]),
                                                       initial_states_bw=[None, None],
                                                       dtype=tf.float32)


def test_layer_norm_basic_lstm_without_layer_norm_has_a_bias(tf):
    cell = tf.contrib.rnn.LayerNormBasicLSTMCell(4, layer_norm=False)
    out, _ = tf.nn.dynamic_rnn(cell, tf.ones([1, 2, 3]), dtype=tf.float32)
    assert cell.state_size == (4, 4) and cell.output_size == 4
    assert [v.name for v in tf.trainable_variables()] == [
        "rnn/layer_norm_basic_lstm_cell/kernel:0", "rnn/layer_norm_basic_lstm_cell/bias:0"]


# LSTMBlockFusedCell: recorded from TF 2.21 compat.v1 running TF 1.15's LSTMBlockWrapper /
# LSTMBlockFusedCell code on TF's own BlockLSTM op (tf.raw_ops.BlockLSTM), with this graph
FUSED_NAMES = ['lstm_fused_cell/kernel:0', 'lstm_fused_cell/bias:0', 'plain/lstm_fused_cell/kernel:0', 'plain/lstm_fused_cell/bias:0']
FUSED_OUT = [[[-0.06492000073194504, 0.1259700059890747, 0.040789999067783356], [-0.13976000249385834, 0.09849999845027924, 0.08495000004768372], [0.0, -0.0, -0.0]], [[-0.05178000032901764, 0.1574700027704239, -0.00215999991632998], [-0.18930000066757202, 0.16333000361919403, 0.1229500025510788], [0.0, -0.0, -0.0]], [[0.017500000074505806, 0.13784000277519226, -0.08569999784231186], [-0.0, 0.0, 0.0], [0.0, -0.0, -0.0]], [[0.09859000146389008, 0.06965000182390213, -0.1556600034236908], [-0.0, 0.0, 0.0], [0.0, -0.0, -0.0]]]
FUSED_C = [[0.22518999874591827, 0.14429999887943268, -0.30000001192092896], [-0.30000001192092896, 0.30000001192092896, 0.30000001192092896], [0.0, 0.0, 0.0]]
FUSED_H = [[0.09859000146389008, 0.06965000182390213, -0.1556600034236908], [-0.18930000066757202, 0.16333000361919403, 0.1229500025510788], [0.0, 0.0, 0.0]]
PLAIN_OUT_LAST = [[0.06491000205278397, 0.14566999673843384], [-0.010540000163018703, -0.1995999962091446], [0.22427000105381012, 0.32023000717163086]]
PLAIN_C = [[0.12369000166654587, 0.2932800054550171], [-0.03333999961614609, -0.5365200042724609], [0.3481599986553192, 0.623740017414093]]


def test_lstm_block_fused_cell_matches_tfs_block_lstm(tf):
    tf.set_random_seed(6)
    x = tf.constant(np.sin(np.arange(24, dtype=np.float32)).reshape(4, 3, 2))   # time-major
    cell = tf.contrib.rnn.LSTMBlockFusedCell(3, forget_bias=0.5, cell_clip=0.3)
    out, state = cell(x, dtype=tf.float32, sequence_length=[4, 2, 0])
    with tf.variable_scope("plain"):
        out2, state2 = tf.contrib.rnn.LSTMBlockFusedCell(2)(
            x, initial_state=(tf.ones([3, 2]), tf.ones([3, 2]) * 0.5))
    assert [v.name for v in tf.global_variables()] == FUSED_NAMES
    assert out.get_shape().as_list() == [4, 3, 3] and state.c.get_shape().as_list() == [3, 3]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        o, s, o2, s2 = sess.run([out, state, out2, state2])
    np.testing.assert_allclose(o, FUSED_OUT, atol=1e-5)    # zero past each length
    np.testing.assert_allclose(s.c, FUSED_C, atol=1e-5)    # clipped at 0.3; length 0: initial
    np.testing.assert_allclose(s.h, FUSED_H, atol=1e-5)
    np.testing.assert_allclose(o2[-1], PLAIN_OUT_LAST, atol=1e-5)
    np.testing.assert_allclose(s2.c, PLAIN_C, atol=1e-5)


def test_lstm_block_fused_cell_needs_a_dtype_or_state(tf):
    cell = tf.contrib.rnn.LSTMBlockFusedCell(2)
    with pytest.raises(ValueError, match="Either initial_state or dtype needs to be specified"):
        cell(tf.ones([3, 1, 2]))


# GRUBlockCell(V2): recorded from TF 2.21 compat.v1 running TF 1.15's GRUBlockCell(V2) build on
# TF's own GRUBlockCell op (tf.raw_ops.GRUBlockCell), with this graph
GRU_BLOCK_NAMES = ['a/rnn/gru_cell/gates/kernel:0', 'a/rnn/gru_cell/gates/bias:0', 'a/rnn/gru_cell/candidate/kernel:0', 'a/rnn/gru_cell/candidate/bias:0', 'b/rnn/gru_cell/w_ru:0', 'b/rnn/gru_cell/b_ru:0', 'b/rnn/gru_cell/w_c:0', 'b/rnn/gru_cell/b_c:0']
GRU_BLOCK_V2_OUT = [[[0.02111000008881092, -0.09754999727010727, 0.2049199938774109], [0.15723000466823578, 0.01576000079512596, -0.0776899978518486], [-0.0006600000197067857, 0.02864000014960766, -0.12871000170707703], [-0.007780000101774931, -0.10970000177621841, 0.11158999800682068]], [[0.1757500022649765, 0.05130000039935112, -0.1674100011587143], [0.04667999967932701, 0.06362000107765198, -0.2561799883842468], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], [[-0.08581999689340591, 0.03223999962210655, -0.17759999632835388], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]
GRU_BLOCK_V1_STATE = [[-0.23711000382900238, 0.07694000005722046], [-0.04360000044107437, 0.13766999542713165], [0.014379999600350857, 0.029510000720620155]]


def test_gru_block_cells_match_tfs_gru_block_op(tf):
    tf.set_random_seed(8)
    x = tf.constant(np.cos(np.arange(24, dtype=np.float32)).reshape(3, 4, 2))
    with tf.variable_scope("a"):
        out2, _ = tf.nn.dynamic_rnn(tf.contrib.rnn.GRUBlockCellV2(3), x,
                                    sequence_length=[4, 2, 1], dtype=tf.float32)
    with tf.variable_scope("b"):
        _, state1 = tf.nn.dynamic_rnn(tf.contrib.rnn.GRUBlockCell(cell_size=2), x,
                                      dtype=tf.float32)
    assert [v.name for v in tf.global_variables()] == GRU_BLOCK_NAMES
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        o, s = sess.run([out2, state1])
    np.testing.assert_allclose(o, GRU_BLOCK_V2_OUT, atol=1e-5)
    np.testing.assert_allclose(s, GRU_BLOCK_V1_STATE, atol=1e-5)
    with pytest.raises(ValueError, match="Exactly one of num_units or cell_size"):
        tf.contrib.rnn.GRUBlockCell(3, cell_size=3)
