"""tf.contrib.rnn cells of rnn_cells_more.py, rnn_cells_indy.py and rnn_cells_freq.py:
CoupledInputForgetGateLSTMCell, Conv1D/2D/3DLSTMCell, AttentionCellWrapper, HighwayWrapper,
NASCell, UGRNNCell, IntersectionRNNCell, IndRNNCell, IndyGRUCell, IndyLSTMCell, SRUCell,
TimeFreqLSTMCell.

TF 2.x has no tf.contrib: the expected values were recorded from TF 2.21 compat.v1 running
TF 1.15's contrib/rnn/python/ops/rnn_cell.py code for these cells (ported onto core TF ops)
with these very graphs: variable names and shapes, output shapes and values, and
d(sum of first output)/d(inputs). Variables are set to fixed values (so the values do not
depend on initializers); one test checks seeded initial values (TF's op-count seeds)."""
import numpy as np
import pytest

from contrib_rnn_cells_expected import EXPECTED
from contrib_rnn_cells_expected import SEEDED

pytestmark = pytest.mark.tfcompat_only   # tf.contrib


def _x(tf, shape):
    n = int(np.prod(shape))
    return tf.constant((np.sin(np.arange(n, dtype=np.float32) * 0.7) * 0.9).reshape(shape))


def _g_cifg(tf, rnn):
    x = _x(tf, [2, 3, 4])
    with tf.variable_scope("cifg"):
        cell = rnn.CoupledInputForgetGateLSTMCell(3)
        out, st = tf.nn.dynamic_rnn(cell, x, sequence_length=[3, 2], dtype=tf.float32)
    with tf.variable_scope("cifg_pp"):
        cell = rnn.CoupledInputForgetGateLSTMCell(4, use_peepholes=True, num_proj=2,
                                                  proj_clip=0.3, num_unit_shards=2,
                                                  forget_bias=0.5)
        out2, st2 = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    with tf.variable_scope("cifg_ln"):
        cell = rnn.CoupledInputForgetGateLSTMCell(3, layer_norm=True, norm_gain=1.2,
                                                  norm_shift=0.1, state_is_tuple=False)
        out3, st3 = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return x, [out, st.c, st.h, out2, st2.c, out3, st3]


def _g_conv2d(tf, rnn):
    x = _x(tf, [2, 2, 3, 3, 2])
    cell = rnn.Conv2DLSTMCell(input_shape=[3, 3, 2], output_channels=2, kernel_shape=[3, 3])
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return x, [out, st.c]


def _g_conv1d_skip(tf, rnn):
    x = _x(tf, [2, 3, 5, 2])
    cell = rnn.Conv1DLSTMCell(input_shape=[5, 2], output_channels=2, kernel_shape=[3],
                              skip_connection=True, forget_bias=0.5)
    # one step only: with skip_connection the output (also the h state) has input + output
    # channels, so TF's dynamic_rnn rejects it (state shape changes in the loop)
    state = cell.zero_state(2, tf.float32)
    out, st = cell(x[:, 0], state)
    out2, st2 = cell(x[:, 1], tf.nn.rnn_cell.LSTMStateTuple(st.c, st.h[..., :2]))
    return x, [out, st.c, out2]


def _g_conv3d(tf, rnn):
    x = _x(tf, [1, 2, 2, 3, 3, 1])
    cell = rnn.Conv3DLSTMCell(input_shape=[2, 3, 3, 1], output_channels=2,
                              kernel_shape=[2, 2, 2], use_bias=False)
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return x, [out, st.c]


def _g_highway(tf, rnn):
    x = _x(tf, [2, 3, 3])
    cell = rnn.HighwayWrapper(rnn.GRUCell(3))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    with tf.variable_scope("uncoupled"):
        cell = rnn.HighwayWrapper(rnn.GRUCell(3), couple_carry_transform_gates=False,
                                  carry_bias_init=0.5)
        out2, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return x, [out, st, out2]


def _g_nas(tf, rnn):
    x = _x(tf, [2, 3, 4])
    out, st = tf.nn.dynamic_rnn(rnn.NASCell(3), x, dtype=tf.float32)
    with tf.variable_scope("proj"):
        out2, st2 = tf.nn.dynamic_rnn(rnn.NASCell(3, num_proj=2, use_bias=True), x,
                                      dtype=tf.float32)
    return x, [out, st.c, out2, st2.c]


def _g_ugrnn(tf, rnn):
    x = _x(tf, [2, 3, 4])
    out, st = tf.nn.dynamic_rnn(rnn.UGRNNCell(3, forget_bias=0.5), x, dtype=tf.float32)
    with tf.variable_scope("plus"):
        out2, st2 = tf.nn.dynamic_rnn(rnn.IntersectionRNNCell(3, num_in_proj=3), x,
                                      dtype=tf.float32)
    return x, [out, st, out2, st2]


def _g_attention(tf, rnn):
    x = _x(tf, [2, 4, 3])
    cell = rnn.AttentionCellWrapper(rnn.LSTMCell(3), attn_length=2)
    out, st = tf.nn.dynamic_rnn(cell, x, sequence_length=[4, 3], dtype=tf.float32)
    with tf.variable_scope("flat"):
        cell = rnn.AttentionCellWrapper(rnn.GRUCell(2), attn_length=3, attn_size=4,
                                        attn_vec_size=5, input_size=2, state_is_tuple=False)
        out2, st2 = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return x, [out, st[0].c, st[1], st[2], out2, st2]


def _g_indy(tf, rnn):
    x = _x(tf, [2, 3, 4])
    out, st = tf.nn.dynamic_rnn(rnn.IndRNNCell(3), x, sequence_length=[3, 2], dtype=tf.float32)
    with tf.variable_scope("gru"):
        out2, st2 = tf.nn.dynamic_rnn(rnn.IndyGRUCell(3), x, dtype=tf.float32)
    with tf.variable_scope("lstm"):
        out3, st3 = tf.nn.dynamic_rnn(rnn.IndyLSTMCell(2, forget_bias=0.5), x, dtype=tf.float32)
    with tf.variable_scope("sru"):
        out4, st4 = tf.nn.dynamic_rnn(rnn.SRUCell(4), x, sequence_length=[2, 3],
                                      dtype=tf.float32)
    return x, [out, st, out2, st2, out3, st3.c, out4, st4]


def _g_timefreq(tf, rnn):
    x = _x(tf, [2, 3, 5])
    # called step by step: the state holds one [c, m] pair per frequency window (3 here),
    # more than the 2 * num_units its state_size reports
    cell = rnn.TimeFreqLSTMCell(2, feature_size=3, frequency_skip=1)
    state = tf.zeros([2, 12])
    outs = []
    for t in range(3):
        out, state = cell(x[:, t], state)
        outs.append(out)
    with tf.variable_scope("peep"):
        cell = rnn.TimeFreqLSTMCell(3, use_peepholes=True, cell_clip=0.4, num_unit_shards=2,
                                    feature_size=4, frequency_skip=2, forget_bias=0.5)
        out2, state2 = cell(x[:, 0], tf.ones([2, 12]) * 0.5)
    return x, [tf.stack(outs, 1), state, out2, state2]


GRAPHS = {"timefreq": _g_timefreq, "indy": _g_indy, "attention": _g_attention,
          "cifg": _g_cifg, "conv2d": _g_conv2d, "conv1d_skip": _g_conv1d_skip,
          "conv3d": _g_conv3d, "highway": _g_highway, "nas": _g_nas, "ugrnn": _g_ugrnn}


def _run_graph(tf, rnn, fn):
    x, fetches = fn(tf, rnn)
    grad = tf.gradients(tf.reduce_sum(fetches[0]), x)[0]
    variables = tf.global_variables()
    values = [(np.cos(np.arange(int(np.prod(v.get_shape().as_list())), dtype=np.float32)
                      * (1.3 + 0.1 * i)) * 0.6).reshape(v.get_shape().as_list())
              for i, v in enumerate(variables)]
    assigns = [tf.assign(v, val) for v, val in zip(variables, values)]
    with tf.Session() as sess:
        sess.run(assigns)
        got = sess.run(fetches + [grad])
    return {"names": [v.name for v in variables],
            "shapes": [v.get_shape().as_list() for v in variables],
            "out_shapes": [f.get_shape().as_list() for f in fetches],
            "values": [np.round(g, 6).tolist() for g in got]}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_cell_variables_values_and_gradient_match_tf(tf, name):
    got = _run_graph(tf, tf.contrib.rnn, GRAPHS[name])
    want = EXPECTED[name]
    assert got["names"] == want["names"]
    assert got["shapes"] == want["shapes"]
    assert got["out_shapes"] == want["out_shapes"]
    assert len(got["values"]) == len(want["values"])
    for g, w in zip(got["values"], want["values"]):     # the last one is the input gradient
        np.testing.assert_allclose(g, w, atol=2e-5)


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_seeded_initial_values_match_tf(tf, name):
    # TF draws an initializer's op seed from the graph's op count: same ops, same numbers
    tf.set_random_seed(3)
    x, fetches = GRAPHS[name](tf, tf.contrib.rnn)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first_var = sess.run(tf.global_variables()[0]).reshape(-1)[:4]
        first_out = sess.run(fetches[0]).reshape(-1)[:4]
    np.testing.assert_allclose(first_var, SEEDED[name][0], atol=1e-5)
    np.testing.assert_allclose(first_out, SEEDED[name][1], atol=1e-5)


def test_sizes(tf):
    rnn = tf.contrib.rnn
    cell = rnn.Conv2DLSTMCell(input_shape=[4, 5, 2], output_channels=3, kernel_shape=[3, 3],
                              skip_connection=True)
    assert cell.output_size.as_list() == [4, 5, 5]
    assert cell.state_size.c.as_list() == [4, 5, 3]
    assert cell.name == "conv_2d_lstm_cell"
    cifg = rnn.CoupledInputForgetGateLSTMCell(4, num_proj=2, state_is_tuple=False)
    assert (cifg.state_size, cifg.output_size) == (6, 2)
    assert tuple(rnn.NASCell(3, num_proj=2).state_size) == (3, 2)
    assert rnn.UGRNNCell(3).state_size == rnn.IntersectionRNNCell(3).output_size == 3
    assert rnn.HighwayWrapper(rnn.GRUCell(3)).output_size == 3


def test_cifg_concatenated_state_matches_tuple_state(tf):
    x = tf.constant(np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 3, 4))
    with tf.variable_scope("s", initializer=tf.constant_initializer(0.3)):
        cell = tf.contrib.rnn.CoupledInputForgetGateLSTMCell(3, num_proj=2, state_is_tuple=False)
        out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    with tf.variable_scope("t", initializer=tf.constant_initializer(0.3)):
        cell = tf.contrib.rnn.CoupledInputForgetGateLSTMCell(3, num_proj=2)
        out_t, state_t = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert state.get_shape().as_list() == [2, 5]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        o, s, ot, st = sess.run([out, state, out_t, state_t])
    np.testing.assert_allclose(o, ot, atol=1e-6)
    np.testing.assert_allclose(s, np.concatenate([st.c, st.h], 1), atol=1e-6)


def test_errors_match_tf(tf):
    rnn = tf.contrib.rnn
    # messages recorded from TF 1.15's code under TF 2.21 compat.v1
    with pytest.raises(ValueError, match=r"Invalid input_shape \[4, 2\] for conv_ndims=2\."):
        rnn.Conv2DLSTMCell(input_shape=[4, 2], output_channels=1, kernel_shape=[3, 3])
    with pytest.raises(ValueError, match="Must have input size == output size for Intersection "
                                         "RNN. To fix, num_in_proj should be set to num_units"):
        rnn.IntersectionRNNCell(3)(tf.ones([2, 4]), tf.zeros([2, 3]))
    with pytest.raises(ValueError, match=r"Shapes \(2, 4\) and \(2, 3\) are incompatible"):
        rnn.HighwayWrapper(rnn.GRUCell(3))(tf.ones([2, 4]), tf.zeros([2, 3]))
    unknown = tf.placeholder(tf.float32, [2, None])
    for cell in (rnn.CoupledInputForgetGateLSTMCell(3), rnn.NASCell(3)):
        with pytest.raises(ValueError, match=r"Could not infer input size from inputs"):
            cell(unknown, cell.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match="attn_length should be greater than zero, got 0"):
        rnn.AttentionCellWrapper(rnn.GRUCell(2), 0)
    with pytest.raises(ValueError, match="Cell returns tuple of states, but the flag "
                                         "state_is_tuple is not set"):
        rnn.AttentionCellWrapper(rnn.LSTMCell(2), 2, state_is_tuple=False)
    with pytest.raises(ValueError, match=r"Expected inputs.shape\[-1\] to be known, saw shape: "
                                         r"\(2, \?\)"):
        rnn.IndyLSTMCell(2)(unknown, rnn.IndyLSTMCell(2).zero_state(2, tf.float32))
    with pytest.raises(ValueError, match="Cannot infer input_size from static shape inference"):
        rnn.TimeFreqLSTMCell(2, feature_size=2)(unknown, tf.zeros([2, 4]))
    with pytest.raises(ValueError, match="Too many shards"):
        cell = rnn.CoupledInputForgetGateLSTMCell(3, num_unit_shards=9)
        cell(tf.ones([2, 1]), cell.zero_state(2, tf.float32))
