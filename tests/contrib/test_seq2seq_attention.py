"""tf.contrib.seq2seq attention: an AttentionWrapper over two monotonic mechanisms with
alignment history, hardmax / safe_cumprod / monotonic_attention, AttentionWrapperState.clone
and the wrapper's sizes, names and errors.

Expected values, names and messages were recorded by running TF 1.15's own
contrib/seq2seq/python/ops sources (tensorflow-1.15.5 wheel, imports adapted) in TF 2.21
compat.v1 graph mode; `clone`'s shape checks follow TF 1.15's contrib
`tensor_util.with_same_shape` source. Real TF 2.x has no tf.contrib: tfcompat-only."""

import numpy as np
import pytest

from seq2seq_fixed_model import B, DEC_IN, DEC_LEN, E, MEM, MSL, TS, V, close, run_fixed

pytestmark = pytest.mark.tfcompat_only


MONOTONIC_VARS = [
    ("embedding:0", [7, 3]), ("memory_layer/kernel:0", [5, 4]),
    ("memory_layer_1/kernel:0", [5, 6]),
    ("decoder/attention_wrapper/gru_cell/gates/kernel:0", [14, 12]),
    ("decoder/attention_wrapper/gru_cell/gates/bias:0", [12]),
    ("decoder/attention_wrapper/gru_cell/candidate/kernel:0", [14, 6]),
    ("decoder/attention_wrapper/gru_cell/candidate/bias:0", [6]),
    ("decoder/attention_wrapper/bahdanau_monotonic_attention/query_layer/kernel:0", [6, 4]),
    ("decoder/attention_wrapper/bahdanau_monotonic_attention/attention_v:0", [4]),
    ("decoder/attention_wrapper/bahdanau_monotonic_attention/attention_g:0", []),
    ("decoder/attention_wrapper/bahdanau_monotonic_attention/attention_b:0", [4]),
    ("decoder/attention_wrapper/bahdanau_monotonic_attention/attention_score_bias:0", []),
    ("decoder/attention_wrapper/attention_layer/kernel:0", [11, 3]),
    ("decoder/attention_wrapper/luong_monotonic_attention/attention_g:0", []),
    ("decoder/attention_wrapper/luong_monotonic_attention/attention_score_bias:0", []),
    ("decoder/attention_wrapper/attention_layer_1/kernel:0", [11, 2])]
MONOTONIC_OUT = [
    [[-0.3692382, 0.0039212, 0.1183624, -0.081882, -0.0173497],
     [-0.4594359, -0.0401999, 0.3522639, 0.1130599, -0.1916181],
     [-0.2382705, -0.2341305, -0.0840971, -0.0864777, 0.0871557]],
    [[-0.7330121, -0.0630902, 0.1250576, -0.0519256, -0.0086726],
     [-0.2617219, -0.1488357, 0.0960509, 0.0896424, -0.1045566],
     [0.1758005, -0.1357723, -0.2048605, 0.0653994, 0.0924262]]]
MONOTONIC_H1 = [
    [[0.5760517, 0.2341232, 0.1071253, 0.0449793], [0.5745913, 0.2263923, 0., 0.]],
    [[0.3425563, 0.2645314, 0.1803451, 0.0968978], [0.3263487, 0.2497154, 0., 0.]],
    [[0.1874726, 0.2247815, 0.2032609, 0.1428578], [0.1770597, 0.2043922, 0., 0.]]]


def test_wrapper_with_two_monotonic_mechanisms(tf):
    s2s = tf.contrib.seq2seq
    emb = tf.get_variable("embedding", [V, E])
    m1 = s2s.BahdanauMonotonicAttention(4, tf.constant(MEM), memory_sequence_length=MSL,
                                        normalize=True, score_bias_init=-1.)
    m2 = s2s.LuongMonotonicAttention(6, tf.constant(MEM), scale=True, mode="hard")
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(6), [m1, m2],
                                attention_layer_size=[3, 2], alignment_history=True)
    assert cell.output_size == 5
    helper = s2s.TrainingHelper(tf.nn.embedding_lookup(emb, DEC_IN), DEC_LEN)
    dec = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    out, state, _ = s2s.dynamic_decode(dec)
    assert [(v.name, v.get_shape().as_list()) for v in tf.global_variables()] == MONOTONIC_VARS
    assert isinstance(state.alignments, tuple) and len(state.alignment_history) == 2
    got = run_fixed(tf, (out.rnn_output, state.alignment_history[0].stack(),
                    state.alignment_history[1].stack()))
    close(got[0], MONOTONIC_OUT)
    close(got[1], MONOTONIC_H1)
    # "hard" mode from an all-on-entry-0 start whose p_choose(0) is 0 never attends
    close(got[2], np.zeros((3, 2, 4)))


def test_hardmax_safe_cumprod_and_monotonic_attention(tf):
    s2s = tf.contrib.seq2seq
    x = tf.constant(MEM[:, :, 0] * 0.5 + 0.5)
    prev = tf.one_hot([0, 1], TS)
    with tf.Session() as sess:
        got = sess.run(dict(
            hardmax=s2s.hardmax(tf.constant(MEM)), cumprod=s2s.safe_cumprod(x, axis=1),
            cumprod_ex=s2s.safe_cumprod(x, axis=1, exclusive=True, reverse=True),
            recursive=s2s.monotonic_attention(x, prev, "recursive"),
            parallel=s2s.monotonic_attention(x, prev, "parallel"),
            hard=s2s.monotonic_attention(tf.cast(x > 0.5, tf.float32), prev, "hard")))
    assert got["hardmax"].argmax(-1).tolist() == [[1, 3, 3, 4], [0, 2, 1, 3]]
    assert got["hardmax"].sum() == 8
    close(got["cumprod"], [[0.5488135, 0.3544754, 0.2806471, 0.0244526],
                            [0.9786184, 0.6262385, 0.1656749, 0.1023267]])
    close(got["cumprod_ex"], [[0.0445554, 0.0689825, 0.0871293, 1.],
                               [0.1045624, 0.163399, 0.6176355, 1.]])
    monotonic = [[0.5488135, 0.2914187, 0.1264922, 0.0028993],
                 [0., 0.639921, 0.0952609, 0.163561]]
    close(got["recursive"], monotonic)
    close(got["parallel"], monotonic)
    close(got["hard"], [[1., 0., 0., 0.], [0., 1., 0., 0.]])
    with pytest.raises(ValueError, match="mode must be 'recursive', 'parallel', or 'hard'."):
        s2s.monotonic_attention(x, prev, "soft")


def _luong_wrapper(tf):
    s2s = tf.contrib.seq2seq
    mech = s2s.LuongAttention(6, tf.constant(np.zeros((2, 4, 5), np.float32)))
    return mech, s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(6), mech)


def test_wrapper_sizes_and_zero_state(tf):
    _, cell = _luong_wrapper(tf)
    assert cell.output_size == 5
    sizes = cell.state_size
    assert (sizes.cell_state, sizes.attention, sizes.alignments, sizes.attention_state,
            sizes.alignment_history) == (6, 5, 4, 4, ())
    assert sizes.time.as_list() == []
    state = cell.zero_state(2, tf.float32)
    assert state.cell_state.name == "AttentionWrapperZeroState/checked_cell_state:0"
    assert state.attention.get_shape().as_list() == [2, 5] and state.time.dtype == tf.int32
    assert state.alignment_history == ()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="When calling zero_state of AttentionWrapper "
                                 "attention_wrapper: Non-matching batch sizes"):
            sess.run(cell.zero_state(3, tf.float32))


def test_state_clone_checks_shapes(tf):
    _, cell = _luong_wrapper(tf)
    state = cell.zero_state(2, tf.float32)
    with pytest.raises(ValueError, match=r"Invalid shape for tensor zeros:0, expected \[2 6\], "
                                         r"got \(3, 6\)."):
        state.clone(cell_state=tf.zeros([3, 6]))
    p = tf.placeholder(tf.float32, [None, 6])
    cloned = state.clone(cell_state=p)
    assert cloned.cell_state.name == "Placeholder/Identity:0"
    assert cloned.cell_state.get_shape().as_list() == [2, 6]
    assert cloned.attention is state.attention
    with tf.Session() as sess:
        assert sess.run(cloned.cell_state, {p: np.ones((2, 6))}).sum() == 12
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Wrong shape for Placeholder:0 \[expected\] \[actual\]."):
            sess.run(cloned.cell_state, {p: np.ones((3, 6))})


def test_attention_argument_errors(tf):
    s2s = tf.contrib.seq2seq
    mech, _ = _luong_wrapper(tf)
    with pytest.raises(ValueError, match="attention_layer_size must contain exactly one "
                                         "integer per attention_mechanism, saw: 2 vs 1"):
        s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(6), mech, attention_layer_size=[2, 3])
    with pytest.raises(TypeError, match="attention_mechanism must be an AttentionMechanism or "
                                        "list of multiple AttentionMechanism instances, saw "
                                        "type: str"):
        s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(6), "x")
    with pytest.raises(ValueError, match="Only one of attention_layer_size and attention_layer"):
        s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(6), mech, attention_layer_size=2,
                             attention_layer=tf.layers.Dense(2))
    with pytest.raises(ValueError, match=r"Incompatible or unknown inner dimensions between "
                                         r"query and keys.  Query \(.*\) has units: 6.  Keys "
                                         r"\(.*\) have units: 5."):
        s2s.LuongAttention(5, tf.zeros([2, 4, 5]))(tf.zeros([2, 6]), None)
    with pytest.raises(ValueError, match="Expected memory .* to have fully defined inner dims"):
        s2s.BahdanauAttention(3, tf.placeholder(tf.float32, [2, 4, None]))
