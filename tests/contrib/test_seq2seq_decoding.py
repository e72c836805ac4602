"""tf.contrib.seq2seq decoding: TrainingHelper + AttentionWrapper(BahdanauAttention) training
(outputs, alignments, loss, gradients), greedy decoding with impute_finished, seeded sampling
and scheduled sampling, on small models whose weights are fixed by variable name.

Expected values, variable names and shapes were recorded by running TF 1.15's own
contrib/seq2seq/python/ops sources (from the tensorflow-1.15.5 wheel, imports adapted) in
TF 2.21 compat.v1 graph mode, with the same models and weights (real TF 2.x has no tf.contrib,
so these tests are tfcompat-only)."""

import numpy as np
import pytest

from seq2seq_fixed_model import B, C0, DEC_IN, DEC_LEN, E, H0, MEM, MSL, V, close, run_fixed

pytestmark = pytest.mark.tfcompat_only


def _var_names(tf):
    return [(v.name, v.get_shape().as_list()) for v in tf.global_variables()]


TRAIN_VARS = [
    ("embedding:0", [7, 3]), ("memory_layer/kernel:0", [5, 4]),
    ("decoder/attention_wrapper/lstm_cell/kernel:0", [14, 24]),
    ("decoder/attention_wrapper/lstm_cell/bias:0", [24]),
    ("decoder/attention_wrapper/bahdanau_attention/query_layer/kernel:0", [6, 4]),
    ("decoder/attention_wrapper/bahdanau_attention/attention_v:0", [4]),
    ("decoder/attention_wrapper/bahdanau_attention/attention_g:0", []),
    ("decoder/attention_wrapper/bahdanau_attention/attention_b:0", [4]),
    ("decoder/attention_wrapper/attention_layer/kernel:0", [11, 5]),
    ("decoder/dense/kernel:0", [5, 7]), ("decoder/dense/bias:0", [7])]
TRAIN_LOGITS = [
    [[1.4911401, -1.2680397, -0.2073379, -1.1878328, 0.2194804, -0.4174123, -0.9410158],
     [1.2407923, -1.3378005, -0.4077188, -1.0923283, 0.4263559, -0.3589935, -1.0000355],
     [1.016171, -1.2500421, -0.6632723, -1.1344025, 0.5527658, -0.2072589, -0.9486229]],
    [[0.5166799, -0.6753461, -0.7623224, -1.394675, 0.7310974, -0.1182123, -0.6012067],
     [0.6350645, -0.4987426, -0.6737531, -1.4865248, 0.5656476, -0.1021673, -0.4852642],
     [0.737924, -0.5187473, -0.6801566, -1.6221802, 0.4602524, -0.1057035, -0.4297986]]]
TRAIN_HISTORY = [
    [[0.2436588, 0.2447902, 0.2341951, 0.2773558], [0.4768067, 0.5231933, 0., 0.]],
    [[0.2428401, 0.2456738, 0.2349623, 0.2765239], [0.4769217, 0.5230783, 0., 0.]],
    [[0.2420785, 0.2465528, 0.2370982, 0.2742704], [0.4792923, 0.5207076, 0., 0.]]]
TRAIN_ATTENTION = [[-0.4984451, 0.3617759, -0.9389269, -0.2174554, -0.0682558],
                   [-0.2990251, 0.1508873, -0.5906098, -0.5177613, 0.6009257]]
# d loss / d var: full values for the small variables, L2 norm and sum for the others
TRAIN_GRADS = {
    "decoder/attention_wrapper/bahdanau_attention/attention_b":
        [1.3667131e-03, -7.5592310e-03, 1.2554799e-04, -4.6921967e-05],
    "decoder/attention_wrapper/bahdanau_attention/attention_g": -0.0729935,
    "decoder/attention_wrapper/bahdanau_attention/attention_v":
        [-0.010094, -0.0045927, 0.0071145, 0.0069015],
    "decoder/dense/bias":
        [0.3949275, 0.0570147, -0.1165335, -0.1592341, 0.0422793, -0.0854541, -0.1329998],
}
TRAIN_GRAD_NORM_SUM = {
    "decoder/attention_wrapper/attention_layer/kernel": (0.44485944509506226,
                                                         0.06356049329042435),
    "decoder/attention_wrapper/bahdanau_attention/query_layer/kernel": (0.005586049519479275,
                                                                        0.006876219995319843),
    "decoder/attention_wrapper/lstm_cell/bias": (0.13648012280464172, 0.06962163001298904),
    "decoder/attention_wrapper/lstm_cell/kernel": (0.18093816936016083, -0.22637902200222015),
    "decoder/dense/kernel": (0.5454069375991821, 0.),
    "embedding": (0.0959164947271347, -0.12566682696342468),
    "memory_layer/kernel": (0.016491487622261047, 0.012564407661557198),
}


def _training_model(tf):
    s2s = tf.contrib.seq2seq
    emb = tf.get_variable("embedding", [V, E])
    mech = s2s.BahdanauAttention(4, tf.constant(MEM), memory_sequence_length=MSL, normalize=True)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(6), mech, attention_layer_size=5,
                                alignment_history=True)
    init = cell.zero_state(B, tf.float32).clone(
        cell_state=tf.nn.rnn_cell.LSTMStateTuple(tf.constant(C0), tf.constant(H0)))
    helper = s2s.TrainingHelper(tf.nn.embedding_lookup(emb, DEC_IN), DEC_LEN)
    dec = s2s.BasicDecoder(cell, helper, init, output_layer=tf.layers.Dense(V))
    return s2s.dynamic_decode(dec)


def test_training_decoder_outputs_alignments_and_names(tf):
    out, state, lengths = _training_model(tf)
    assert _var_names(tf) == TRAIN_VARS
    # static shapes as TF 1.15 gives them
    assert out.rnn_output.get_shape().as_list() == [2, None, 7]
    assert out.sample_id.get_shape().as_list() == [2, None]
    assert state.alignment_history.stack().get_shape().as_list() == [None, 2, 4]
    assert out.sample_id.dtype == tf.int32 and lengths.get_shape().as_list() == [2]
    assert isinstance(state, tf.contrib.seq2seq.AttentionWrapperState)
    got = run_fixed(tf, dict(logits=out.rnn_output, ids=out.sample_id, lengths=lengths,
                        history=state.alignment_history.stack(), time=state.time,
                        alignments=state.alignments, attention=state.attention))
    close(got["logits"], TRAIN_LOGITS)
    assert got["ids"].tolist() == [[0, 0, 0], [4, 0, 0]]
    assert got["lengths"].tolist() == [3, 2] and got["time"] == 3
    close(got["history"], TRAIN_HISTORY)
    close(got["alignments"], TRAIN_HISTORY[-1])
    close(got["attention"], TRAIN_ATTENTION)


def test_training_loss_and_gradients(tf):
    out, _, _ = _training_model(tf)
    weights = tf.sequence_mask(DEC_LEN, 3, dtype=tf.float32)
    loss = tf.contrib.seq2seq.sequence_loss(out.rnn_output, tf.constant(DEC_IN), weights)
    tvars = tf.trainable_variables()
    grads = {v.op.name: tf.convert_to_tensor(g)
             for v, g in zip(tvars, tf.gradients(loss, tvars))}
    got_loss, got = run_fixed(tf, (loss, grads))
    np.testing.assert_allclose(got_loss, 2.2178605, rtol=1e-5)
    for name, want in TRAIN_GRADS.items():
        np.testing.assert_allclose(got[name], want, rtol=1e-4, atol=1e-7)
    for name, (norm, total) in TRAIN_GRAD_NORM_SUM.items():
        np.testing.assert_allclose(np.linalg.norm(got[name]), norm, rtol=1e-4)
        np.testing.assert_allclose(got[name].sum(), total, rtol=1e-3, atol=1e-6)


GREEDY_LOGITS = [
    [[0.2864384, 0.0355088, 0.1346442, -0.0377488, -0.4925167, 0.077672, 0.2153554]]
    + [[0.] * 7] * 4,
    [[-0.0419089, -0.1330586, 0.4328766, -0.4315193, -0.443131, -0.1498757, 0.5688682],
     [0.2668537, -0.317432, 0.0353756, -0.4548062, -0.4729607, -0.1065113, 0.5617498],
     [0.3749444, -0.3960246, -0.2028233, -0.5155083, -0.4182689, -0.0812312, 0.5740072],
     [0.4259364, -0.4330143, -0.3407666, -0.5601477, -0.3531589, -0.0459166, 0.595185],
     [0.4583063, -0.4524992, -0.4239581, -0.5883551, -0.2929216, -0.0060383, 0.6155545]]]


def test_greedy_decoding_with_luong_attention_and_impute_finished(tf):
    s2s = tf.contrib.seq2seq
    emb = tf.get_variable("embedding", [V, E])
    mech = s2s.LuongAttention(6, tf.constant(MEM), memory_sequence_length=MSL, scale=True)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(6), mech, output_attention=False)
    helper = s2s.GreedyEmbeddingHelper(emb, tf.constant([1, 4]), 0)
    dec = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                           output_layer=tf.layers.Dense(V, use_bias=False))
    out, state, lengths = s2s.dynamic_decode(dec, maximum_iterations=5, impute_finished=True,
                                             scope="greedy")
    assert [n for n, _ in _var_names(tf)] == [
        "embedding:0", "memory_layer/kernel:0",
        "greedy/attention_wrapper/gru_cell/gates/kernel:0",
        "greedy/attention_wrapper/gru_cell/gates/bias:0",
        "greedy/attention_wrapper/gru_cell/candidate/kernel:0",
        "greedy/attention_wrapper/gru_cell/candidate/bias:0",
        "greedy/attention_wrapper/luong_attention/attention_g:0", "greedy/dense/kernel:0"]
    got = run_fixed(tf, dict(logits=out.rnn_output, ids=out.sample_id, lengths=lengths,
                        alignments=state.alignments, cell_state=state.cell_state,
                        time=state.time))
    # entry 0 emits end_token 0 at once: its later outputs are zeros and its state is kept
    assert got["ids"].tolist() == [[0] * 5, [6] * 5]
    assert got["lengths"].tolist() == [1, 5] and got["time"] == 5
    close(got["logits"], GREEDY_LOGITS)
    close(got["alignments"], [[0.1826628, 0.2628217, 0.2818937, 0.2726218],
                               [0.4686537, 0.5313463, 0., 0.]])
    close(got["cell_state"],
           [[0.2215828, -0.0143395, -0.3723611, 0.3146938, -0.2739109, -0.2665643],
            [0.591045, -0.5030909, 0.2466142, 0.1703201, 0.2180997, -0.4844787]])


def test_seeded_sample_embedding_helper(tf):
    s2s = tf.contrib.seq2seq
    tf.set_random_seed(1)
    emb = tf.get_variable("embedding", [V, E])
    cell = tf.nn.rnn_cell.GRUCell(4)
    helper = s2s.SampleEmbeddingHelper(emb, tf.fill([B], 1), 2, seed=3)
    dec = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                           output_layer=tf.layers.Dense(V))
    out, _, lengths = s2s.dynamic_decode(dec, maximum_iterations=6)
    got = run_fixed(tf, dict(ids=out.sample_id, lengths=lengths))
    assert got["ids"].tolist() == [[0, 4, 1, 2, 0, 0], [4, 4, 4, 0, 4, 4]]
    assert got["lengths"].tolist() == [4, 6]


SCHEDULED_LOGITS = [
    [[1.0501912, -0.1907082, 0.9311248, -0.357155, -0.1452408, -0.3743607, -0.8417339],
     [1.2435648, -0.4767008, 1.0834523, -0.3326723, -0.263303, -0.3376028, -1.0183609],
     [1.3361311, -0.6182711, 1.1740624, -0.3374228, -0.3295149, -0.3440348, -1.100528]],
    [[1.0313697, -0.172833, 0.9087645, -0.3935211, -0.1289326, -0.3945953, -0.8448293],
     [0.9376771, -0.154211, 0.8270218, -0.7288326, -0.0362079, -0.5768607, -0.9298587],
     [0.8912381, -0.071692, 0.6847505, -0.8612413, 0.0023284, -0.6736236, -0.9792268]]]
SCHEDULED_OUT = [
    [[0.8032455, 0.5353367, 0.2576569], [0.8066015, -0.0067957, 0.5332854]],
    [[0.4231325, -0.269534, 0.5962384], [0.1435623, -0.5471888, 0.0542981]],
    [[0.2663268, -0.4676892, -0.328694], [0.4357154, 0.2555195, -0.5392981]]]


def test_scheduled_sampling_helpers(tf):
    s2s = tf.contrib.seq2seq
    tf.set_random_seed(5)
    emb = tf.get_variable("embedding", [V, E])
    helper = s2s.ScheduledEmbeddingTrainingHelper(
        tf.nn.embedding_lookup(emb, DEC_IN), DEC_LEN, emb, 0.5, seed=7, scheduling_seed=11)
    cell = tf.nn.rnn_cell.GRUCell(4)
    dec = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                           output_layer=tf.layers.Dense(V))
    # parallel_iterations=1: the scheduling draws do not depend on the loop state, so TF may
    # run several iterations' draws out of order (and differ between runs); tfcompat runs
    # iterations in order, which is TF's result with parallel_iterations=1
    out, _, lengths = s2s.dynamic_decode(dec, scope="emb", parallel_iterations=1)
    helper2 = s2s.ScheduledOutputTrainingHelper(tf.constant(MEM[:, :3, :3]), DEC_LEN, 0.5,
                                                seed=13)
    cell2 = tf.nn.rnn_cell.BasicRNNCell(3)
    dec2 = s2s.BasicDecoder(cell2, helper2, cell2.zero_state(B, tf.float32))
    out2, _, lengths2 = s2s.dynamic_decode(dec2, scope="out", output_time_major=True,
                                           parallel_iterations=1)
    assert _var_names(tf)[-2:] == [("out/basic_rnn_cell/kernel:0", [6, 3]),
                                   ("out/basic_rnn_cell/bias:0", [3])]
    got = run_fixed(tf, (out, lengths, out2, lengths2))
    # -1: this step was not sampled (teacher forced)
    assert got[0].sample_id.tolist() == [[-1, 3, 0], [0, -1, -1]]
    close(got[0].rnn_output, SCHEDULED_LOGITS)
    assert got[1].tolist() == [3, 2] and got[3].tolist() == [3, 2]
    assert got[2].sample_id.tolist() == [[1, 1], [0, 1], [1, 0]]
    close(got[2].rnn_output, SCHEDULED_OUT)


def test_edge_cases_and_custom_helpers(tf):
    s2s = tf.contrib.seq2seq
    cell = tf.nn.rnn_cell.BasicRNNCell(3)

    def decode(helper, **kwargs):
        dec = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
        return s2s.dynamic_decode(dec, scope="a", **kwargs)

    x = tf.constant(np.transpose(MEM[:, :3, :3], (1, 0, 2)))
    o1, s1, l1 = decode(s2s.TrainingHelper(x, [0, 2], time_major=True), impute_finished=True)
    o0, _, l0 = decode(s2s.TrainingHelper(tf.constant(MEM[:, :3, :3]), [2, 2]),
                       maximum_iterations=0)
    oe, _, le = decode(s2s.TrainingHelper(tf.constant(MEM[:, :3, :3]), [0, 0]))
    oi, _, li = decode(s2s.InferenceHelper(
        lambda out: out * 2., [3], tf.float32, tf.constant(MEM[:, 0, :3]),
        lambda s: tf.reduce_sum(s, -1) > 0.5), maximum_iterations=4)
    oc, _, lc = decode(s2s.CustomHelper(
        lambda: (tf.constant([False, False]), tf.constant(MEM[:, 1, :3])),
        lambda time, outputs, state: tf.argmax(outputs, -1, output_type=tf.int32),
        lambda time, outputs, state, sample_ids: (time >= sample_ids, outputs, state)),
        maximum_iterations=5)
    assert oi.sample_id.get_shape().as_list() == [2, None, 3]
    assert oc.rnn_output.get_shape().as_list() == [2, None, 3]
    got = run_fixed(tf, (o1, s1, l1, o0, l0, oe, le, oi, li, oc, lc))
    o1, s1, l1, o0, l0, oe, le, oi, li, oc, lc = got
    # entry 0 has length 0: finished before the first step, zero outputs, state kept
    close(o1.rnn_output, [[[0., 0., 0.], [0., 0., 0.]],
                           [[-0.1780612, -0.6417523, 0.7708578],
                            [-0.9409533, -0.8353546, 0.54114]]])
    assert o1.sample_id.tolist() == [[0, 0], [2, 2]] and l1.tolist() == [0, 2]
    close(s1, [[0., 0., 0.], [-0.9409533, -0.8353546, 0.54114]])
    assert o0.rnn_output.shape == (2, 0, 3) and l0.tolist() == [0, 0]
    assert oe.rnn_output.shape == (2, 0, 3) and le.tolist() == [0, 0]
    close(oi.sample_id[:, 0], [[-0.5695034, -1.6016734, 0.6493871],
                                [-0.3561224, -1.2835046, 1.5417156]])
    close(oi.sample_id, 2 * oi.rnn_output)
    assert li.tolist() == [4, 4]
    close(oc.rnn_output[:, 2], [[-0.9102656, -0.9374689, -0.0610787],
                                 [-0.9010453, -0.9318832, -0.0796425]])
    assert oc.sample_id.tolist() == [[2, 2, 2], [2, 2, 2]] and lc.tolist() == [3, 3]


def test_helper_and_decoder_errors(tf):
    s2s = tf.contrib.seq2seq
    cell = tf.nn.rnn_cell.GRUCell(3)
    with pytest.raises(TypeError, match="Expected decoder to be type Decoder, but saw"):
        s2s.dynamic_decode(object())
    with pytest.raises(TypeError, match="helper must be a Helper, received"):
        s2s.BasicDecoder(cell, object(), cell.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match="Expected sequence_length to be a vector"):
        s2s.TrainingHelper(tf.zeros([2, 3, 4]), 3)
    with pytest.raises(ValueError, match="start_tokens must be a vector"):
        s2s.GreedyEmbeddingHelper(tf.zeros([5, 2]), 1, 0)
    with pytest.raises(ValueError, match="end_token must be a scalar"):
        s2s.GreedyEmbeddingHelper(tf.zeros([5, 2]), [1], [0])
    with pytest.raises(ValueError, match="sampling_probability must be either a scalar or a "
                                         "vector"):
        s2s.ScheduledOutputTrainingHelper(tf.zeros([2, 3, 4]), [3, 3], [[0.5]])
    helper = s2s.TrainingHelper(tf.zeros([2, 3, 4]), [3, 3])
    dec = s2s.BasicDecoder(cell, helper, cell.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match="maximum_iterations must be a scalar"):
        s2s.dynamic_decode(dec, maximum_iterations=[3])
    with pytest.raises(ValueError, match="batch_size accessed before initialize was called"):
        s2s.CustomHelper(None, None, None).batch_size
