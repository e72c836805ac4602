"""tf.contrib.seq2seq.BeamSearchDecoder (length penalty, coverage penalty, attention over
tiled memory) and gather_tree.

Expected values and variable names were recorded by running TF 1.15's own
contrib/seq2seq/python/ops sources (tensorflow-1.15.5 wheel, imports adapted) in TF 2.21
compat.v1 graph mode on the same fixed-weight models. TF 2.21 has no GatherTree kernel, so
there gather_tree ran as a numpy port of TF 1.15's CPU kernel
(contrib/seq2seq/kernels/beam_search_ops.cc); the gather_tree literals below come from that
port. Real TF 2.x has no tf.contrib: these tests are tfcompat-only."""

import numpy as np
import pytest

from seq2seq_fixed_model import B, C0, D, E, H0, MEM, MSL, V, close, run_fixed

pytestmark = pytest.mark.tfcompat_only


BEAM_SCORES = [
    [[-1.441504, -1.4788488, -1.9166437], [-1.7180375, -2.3698401, -2.5208852],
     [-1.7180375, -3.0416768, -3.2932785], [-1.7180375, -3.5763988, -3.9247787],
     [-1.7180375, -4.0959773, -4.53494], [-1.7180375, -4.707605, -5.121525]],
    [[-1.4726118, -1.5587295, -1.7598045], [-2.6312559, -2.803594, -2.83394],
     [-3.6379862, -3.7172027, -3.80789], [-4.564319, -4.5833235, -4.688064],
     [-5.4169016, -5.4399734, -5.4482665], [-6.1588135, -6.169523, -6.1751857]]]


def test_beam_search_with_luong_attention_and_length_penalty(tf):
    s2s = tf.contrib.seq2seq
    beam_width = 3
    emb = tf.get_variable("embedding", [V, E])
    memory = s2s.tile_batch(tf.constant(MEM), beam_width)
    msl = s2s.tile_batch(tf.constant(MSL), beam_width)
    mech = s2s.LuongAttention(6, memory, memory_sequence_length=msl)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(6), mech, attention_layer_size=6)
    enc_state = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(C0), tf.constant(H0))
    init = cell.zero_state(B * beam_width, tf.float32).clone(
        cell_state=s2s.tile_batch(enc_state, beam_width))
    dec = s2s.BeamSearchDecoder(cell, emb, tf.fill([B], 1), 2, init, beam_width,
                                output_layer=tf.layers.Dense(V), length_penalty_weight=0.6)
    out, state, lengths = s2s.dynamic_decode(dec, maximum_iterations=6)
    assert [(v.name, v.get_shape().as_list()) for v in tf.global_variables()] == [
        ("embedding:0", [7, 3]), ("memory_layer/kernel:0", [5, 6]),
        ("decoder/attention_wrapper/basic_lstm_cell/kernel:0", [15, 24]),
        ("decoder/attention_wrapper/basic_lstm_cell/bias:0", [24]),
        ("decoder/attention_wrapper/attention_layer/kernel:0", [11, 6]),
        ("decoder/dense/kernel:0", [6, 7]), ("decoder/dense/bias:0", [7])]
    assert isinstance(out, s2s.FinalBeamSearchDecoderOutput)
    assert isinstance(state, s2s.BeamSearchDecoderState)
    assert out.predicted_ids.get_shape().as_list() == [2, None, 3]
    assert out.beam_search_decoder_output.scores.get_shape().as_list() == [2, None, 3]
    got = run_fixed(tf, (out, state.lengths, state.log_probs, lengths))
    final, state_lengths, log_probs, lengths = got
    # batch 0, beam 0 ends with end_token 2 at once; gather_tree repeats end_token after it
    assert final.predicted_ids.tolist() == [
        [[2, 0, 0], [2, 4, 4], [2, 4, 4], [2, 4, 4], [2, 4, 4], [2, 4, 0]],
        [[4, 6, 4], [4, 4, 4], [4, 4, 4], [0, 4, 4], [4, 0, 0], [4, 0, 0]]]
    assert final.beam_search_decoder_output.parent_ids.tolist() == [
        [[0, 0, 0], [2, 0, 1], [0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 1, 1]],
        [[0, 0, 0], [0, 1, 2], [0, 2, 0], [1, 0, 0], [1, 0, 2], [2, 1, 0]]]
    close(final.beam_search_decoder_output.scores, BEAM_SCORES)
    assert state_lengths.tolist() == [[1, 6, 6], [6, 6, 6]]
    assert lengths.tolist() == [[2, 6, 6], [6, 6, 6]]
    close(log_probs, [[-1.7180375, -6.772436, -7.3679075], [-8.8601675, -8.875574, -8.883721]])


COVERAGE_SCORES = [
    [[-1.1058406, -1.5970764], [-1.5544528, -1.7263182]],
    [[-1.9122974, -2.4274995], [-2.651792, -2.8121188]],
    [[-2.517561, -3.044679], [-3.4709659, -3.6149936]],
    [[-2.9851062, -3.1442878], [-4.1075854, -4.23659]]]
COVERAGE_HISTORY = [
    [[0.2364793, 0.2442406, 0.1926299, 0.3266502], [0.2364793, 0.2442406, 0.1926299, 0.3266502],
     [0.5080877, 0.4919123, 0., 0.], [0.5080877, 0.4919123, 0., 0.]],
    [[0.2414618, 0.2575691, 0.2004116, 0.3005574], [0.2318431, 0.2413121, 0.1953619, 0.3314829],
     [0.4777372, 0.5222629, 0., 0.], [0.5081558, 0.4918441, 0., 0.]],
    [[0.2393405, 0.2576323, 0.2029454, 0.3000819], [0.234035, 0.2489092, 0.1985327, 0.3185231],
     [0.4672722, 0.5327278, 0., 0.], [0.4774948, 0.5225052, 0., 0.]],
    [[0.2360828, 0.254388, 0.2027269, 0.3068023], [0.2327251, 0.2491182, 0.1999252, 0.3182315],
     [0.4656776, 0.5343224, 0., 0.], [0.4687056, 0.5312945, 0., 0.]]]


def test_beam_search_with_coverage_penalty_time_major(tf):
    s2s = tf.contrib.seq2seq
    beam_width = 2
    emb = tf.get_variable("embedding", [V, E])
    memory = s2s.tile_batch(tf.constant(MEM), beam_width)
    mech = s2s.BahdanauAttention(5, memory,
                                 memory_sequence_length=s2s.tile_batch(MSL, beam_width))
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(5), mech, alignment_history=True)
    dec = s2s.BeamSearchDecoder(cell, lambda ids: tf.nn.embedding_lookup(emb, ids),
                                tf.fill([B], 1), 2, cell.zero_state(B * beam_width, tf.float32),
                                beam_width, output_layer=tf.layers.Dense(V),
                                length_penalty_weight=1.0, coverage_penalty_weight=0.4)
    out, state, lengths = s2s.dynamic_decode(dec, maximum_iterations=4, output_time_major=True)
    # TF 1.15 leaves a [batch * beam, memory_time] alignment history unsorted (with a warning)
    history = state.cell_state.alignment_history
    assert isinstance(history, tf.TensorArray)
    got = run_fixed(tf, (out.predicted_ids, out.beam_search_decoder_output.scores, lengths,
                    history.stack(), state.accumulated_attention_probs))
    ids, scores, lengths, history, acc = got
    assert ids.tolist() == [[[0, 0], [0, 4]], [[0, 0], [0, 0]], [[0, 2], [0, 0]],
                            [[0, 2], [0, 0]]]
    assert lengths.tolist() == [[4, 0], [4, 4]]
    close(scores, COVERAGE_SCORES)
    close(history, COVERAGE_HISTORY)
    close(acc, [[[0.9533643, 1.01383, 0.7987139, 1.2340918],
                  [0.7172815, 0.759442, 0.5959869, 0.9272895]],
                 [[1.9187747, 2.0812254, 0., 0.], [1.9624438, 2.0375562, 0., 0.]]])


SORTED_HISTORY = [
    [[0.2329974, 0.2417628, 0.1968361, 0.3284038], [0.2329974, 0.2417628, 0.1968361, 0.3284038],
     [0.4320175, 0.5679825, 0., 0.], [0.4320175, 0.5679825, 0., 0.]],
    [[0.3695645, 0.1706867, 0.2246748, 0.235074], [0.3695645, 0.1706867, 0.2246748, 0.235074],
     [0.4796675, 0.5203325, 0., 0.], [0.5703802, 0.4296198, 0., 0.]],
    [[0.4024184, 0.1598217, 0.2998004, 0.1379594], [0.3528344, 0.1933253, 0.2625566, 0.1912838],
     [0.5160743, 0.4839257, 0., 0.], [0.5961651, 0.403835, 0., 0.]],
    [[0.402341, 0.1541329, 0.3479611, 0.095565], [0.371475, 0.1827556, 0.3003271, 0.1454423],
     [0.5430459, 0.4569541, 0., 0.], [0.6020936, 0.3979064, 0., 0.]]]


def test_beam_search_sorts_alignment_history_of_unknown_memory_time(tf):
    s2s = tf.contrib.seq2seq
    beam_width = 2
    emb = tf.get_variable("embedding", [V, E])
    mem = tf.placeholder_with_default(MEM, [B, None, D])
    mech = s2s.LuongAttention(5, s2s.tile_batch(mem, beam_width),
                              memory_sequence_length=s2s.tile_batch(MSL, beam_width))
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(5), mech, alignment_history=True)
    dec = s2s.BeamSearchDecoder(cell, emb, tf.fill([B], 1), 3,
                                cell.zero_state(B * beam_width, tf.float32), beam_width,
                                output_layer=tf.layers.Dense(V))
    out, state, _ = s2s.dynamic_decode(dec, maximum_iterations=4)
    # [batch * beam, ?] elements: finalize reorders the history along the back-tracked beams
    history = state.cell_state.alignment_history
    assert isinstance(history, tf.Tensor)
    got = run_fixed(tf, (out.predicted_ids, out.beam_search_decoder_output.parent_ids,
                    state.lengths, history))
    assert got[0].tolist() == [[[0, 0], [0, 0], [0, 2], [0, 0]],
                               [[2, 0], [2, 2], [2, 2], [2, 2]]]
    assert got[1].tolist() == [[[0, 0], [0, 0], [0, 0], [0, 1]],
                               [[0, 0], [0, 1], [0, 1], [0, 1]]]
    assert got[2].tolist() == [[4, 4], [4, 4]]
    close(got[3], SORTED_HISTORY)


STEP_IDS = [[[2, 5, 3], [1, 4, 6]], [[3, 2, 1], [2, 2, 2]], [[4, 1, 5], [5, 6, 1]],
            [[6, 6, 6], [3, 3, 3]]]
PARENT_IDS = [[[0, 0, 0], [0, 0, 0]], [[1, 0, 2], [2, 1, 0]], [[2, 2, 0], [0, 1, 1]],
              [[1, 0, 2], [2, 0, 1]]]


@pytest.mark.parametrize("lengths, want", [
    ([4, 3], [[[3, 3, 5], [6, 4, 4]], [[1, 1, 3], [2, 2, 2]], [[1, 1, 5], [5, 6, 1]],
              [[1, 1, 6], [1, 1, 1]]]),
    # a length of 0 (or below) leaves the whole batch entry end_token; past max_time clips
    ([3, 0], [[[3, 3, 5], [1, 1, 1]], [[1, 1, 3], [1, 1, 1]], [[1, 1, 5], [1, 1, 1]],
              [[1, 1, 1], [1, 1, 1]]]),
    ([6, -1], [[[3, 3, 5], [1, 1, 1]], [[1, 1, 3], [1, 1, 1]], [[1, 1, 5], [1, 1, 1]],
               [[1, 1, 6], [1, 1, 1]]]),
])
def test_gather_tree(tf, lengths, want):
    beams = tf.contrib.seq2seq.gather_tree(np.array(STEP_IDS, np.int32),
                                           np.array(PARENT_IDS, np.int32), lengths, 1)
    assert beams.get_shape().as_list() == [4, 2, 3] and beams.dtype == tf.int32
    with tf.Session() as sess:
        assert sess.run(beams).tolist() == want


def test_gather_tree_dynamic_shapes_and_rank_errors(tf):
    step_ids = tf.placeholder(tf.int32, [None, None, None])
    beams = tf.contrib.seq2seq.gather_tree(step_ids, step_ids, tf.constant([2]), 9)
    assert beams.get_shape().as_list() == [None, None, None]
    with tf.Session() as sess:
        got = sess.run(beams, {step_ids: [[[0, 1]], [[1, 0]], [[1, 1]]]})
    assert got.tolist() == [[[1, 0]], [[1, 0]], [[9, 9]]]
    with pytest.raises(ValueError, match="step_ids must have rank 3"):
        tf.contrib.seq2seq.gather_tree([[1]], [[1]], [1], 0)


def test_beam_search_decoder_argument_errors(tf):
    s2s = tf.contrib.seq2seq
    cell = tf.nn.rnn_cell.GRUCell(3)
    state = cell.zero_state(4, tf.float32)
    emb = tf.zeros([5, 2])
    with pytest.raises(ValueError, match="start_tokens must be a vector"):
        s2s.BeamSearchDecoder(cell, emb, [[1, 1]], 0, state, 2)
    with pytest.raises(ValueError, match="end_token must be a scalar"):
        s2s.BeamSearchDecoder(cell, emb, [1, 1], [0], state, 2)
    with pytest.raises(TypeError, match="output_layer must be a Layer"):
        s2s.BeamSearchDecoder(cell, emb, [1, 1], 0, state, 2, output_layer=lambda x: x)
    # TF 1.15: the reshape's shape inference fails first
    with pytest.raises(ValueError, match="Cannot reshape a tensor with 9 elements"):
        s2s.BeamSearchDecoder(cell, emb, [1, 1], 0, cell.zero_state(3, tf.float32), 2)


def test_shared_multi_rnn_cell_for_training_and_beam_search(tf):
    """NMT layout: one MultiRNNCell (LSTM, DropoutWrapper(GRU)) and projection shared by the
    training decoder and, under reuse=True, the beam search decoder (nested state reordered
    by beam)."""
    s2s = tf.contrib.seq2seq
    beam_width = 2
    emb = tf.get_variable("embedding", [V, E])
    cells = tf.nn.rnn_cell.MultiRNNCell([
        tf.nn.rnn_cell.LSTMCell(4),
        tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(4), output_keep_prob=1.0)])
    proj = tf.layers.Dense(V, name="proj")
    with tf.variable_scope("dec") as scope:
        mech = s2s.BahdanauAttention(3, tf.constant(MEM), memory_sequence_length=MSL)
        cell = s2s.AttentionWrapper(cells, mech, attention_layer_size=4)
        helper = s2s.TrainingHelper(tf.nn.embedding_lookup(emb, [[2, 3, 4], [5, 6, 0]]), [3, 2])
        out, state, _ = s2s.dynamic_decode(
            s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=proj),
            scope=scope)
    with tf.variable_scope("dec", reuse=True) as scope:
        mech2 = s2s.BahdanauAttention(3, s2s.tile_batch(MEM, beam_width),
                                      memory_sequence_length=s2s.tile_batch(MSL, beam_width))
        cell2 = s2s.AttentionWrapper(cells, mech2, attention_layer_size=4)
        dec = s2s.BeamSearchDecoder(cell2, emb, tf.fill([B], 1), 3,
                                    cell2.zero_state(B * beam_width, tf.float32), beam_width,
                                    output_layer=proj, length_penalty_weight=0.3)
        beam_out, beam_state, _ = s2s.dynamic_decode(dec, maximum_iterations=5, scope=scope)
    prefix = "dec/attention_wrapper/"
    assert [v.name for v in tf.global_variables()] == [
        "embedding:0", "dec/memory_layer/kernel:0",
        prefix + "multi_rnn_cell/cell_0/lstm_cell/kernel:0",
        prefix + "multi_rnn_cell/cell_0/lstm_cell/bias:0",
        prefix + "multi_rnn_cell/cell_1/gru_cell/gates/kernel:0",
        prefix + "multi_rnn_cell/cell_1/gru_cell/gates/bias:0",
        prefix + "multi_rnn_cell/cell_1/gru_cell/candidate/kernel:0",
        prefix + "multi_rnn_cell/cell_1/gru_cell/candidate/bias:0",
        prefix + "bahdanau_attention/query_layer/kernel:0",
        prefix + "bahdanau_attention/attention_v:0", prefix + "attention_layer/kernel:0",
        "dec/proj/kernel:0", "dec/proj/bias:0"]
    got = run_fixed(tf, (out.rnn_output[:, 2], state.cell_state[0].c, beam_out.predicted_ids,
                    beam_out.beam_search_decoder_output.scores[:, 4],
                    beam_state.cell_state.cell_state[1]))
    close(got[0], [[0.4853905, 0.1718746, 0.2177573, -0.2649128, 0.0646216, 1.2832605,
                     0.4761249],
                    [0.1875034, 0.3261524, -0.6728603, -0.5597601, -0.5438116, 0.915563,
                     0.626264]])
    close(got[1], [[-0.3409322, -0.0178044, -0.0354183, 0.0253652],
                    [0.4091652, 0.0462717, 0.1978888, 0.6754879]])
    assert got[2].tolist() == [[[5, 0], [5, 5], [5, 5], [5, 5], [5, 5]],
                               [[5, 6], [5, 5], [5, 5], [5, 5], [5, 5]]]
    close(got[3], [[-4.7678504, -5.406538], [-5.2478757, -5.4719195]])
    close(got[4], [[[0.6503541, -0.1677942, 0.4284348, 0.1895679],
                     [0.6463869, -0.2211872, 0.4150248, 0.2018688]],
                    [[0.728491, 0.0986263, 0.6181743, 0.2509353],
                     [0.7121123, 0.0036281, 0.6021207, 0.2513384]]])
