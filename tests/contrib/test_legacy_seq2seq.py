"""tf.contrib.legacy_seq2seq. TF 2.x has no contrib: the expected names and values were recorded
from TF 2.21 compat.v1 running TF 1.15's legacy_seq2seq code (contrib/legacy_seq2seq seq2seq.py
and contrib/rnn core_rnn_cell.py, over TF's own cells and ops) on the same graphs, with
tf.set_random_seed(7) and the default initializers, so they also check that tfcompat's seeded
initializers draw TF's numbers."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

ENC = [[1, 2], [3, 0], [4, 4]]
DEC = [[0, 1], [2, 3]]
FENC = [np.random.RandomState(i).uniform(-1, 1, (2, 3)).astype(np.float32) for i in range(3)]
FDEC = [np.random.RandomState(10 + i).uniform(-1, 1, (2, 3)).astype(np.float32)
        for i in range(2)]


def _ids(tf, rows):
    return [tf.constant(r, tf.int32) for r in rows]


def _run_seeded(tf, build, feeds=None):
    """(variables by name, fetched outputs, flat state) of the model `build()` makes, with
    graph seed 7."""
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        outputs, state = build()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            variables = {v.op.name: sess.run(v) for v in tf.global_variables()}
            return (variables,) + tuple(sess.run([outputs, tf.nest.flatten(state)], feeds))


def _close(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=2e-6)


def test_translate_model_variable_names_and_values(tf):
    cells = tf.nn.rnn_cell

    def build():
        cell = cells.MultiRNNCell([cells.GRUCell(4) for _ in range(2)])
        return tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(
            _ids(tf, ENC), _ids(tf, DEC), cell, 5, 6, 3, num_heads=2)

    with tf.Graph().as_default() as g:
        outputs, _ = build()
        # TF builds the same ops in the same order (what makes op seeds match)
        ops = g.get_operations()
        assert len(ops) == 579        # recorded: 584 with 5 more input constants
        att = "embedding_attention_seq2seq/embedding_attention_decoder/attention_decoder/"
        assert [op.name for op in ops if op.type in ("Softmax", "Conv2D")][:4] == [
            att + "Conv2D", att + "Conv2D_1", att + "Attention_0/Softmax",
            att + "Attention_1/Softmax"]
        assert outputs[-1].op.name == att + "AttnOutputProjection_1/AttnOutputProjection/BiasAdd"
        assert [op.name for op in ops if op.type == "GatherV2"][0] == (
            "embedding_attention_seq2seq/rnn/rnn/embedding_wrapper/embedding_lookup")
    variables, outputs, state = _run_seeded(tf, build)
    dec = "embedding_attention_seq2seq/embedding_attention_decoder/"
    att = dec + "attention_decoder/"
    gru = ["multi_rnn_cell/cell_%d/gru_cell/%s/%s" % (c, part, kind)
           for c in range(2) for part in ("gates", "candidate") for kind in ("kernel", "bias")]
    want = ([att + "Attention_%d/%s" % (h, k) for h in range(2) for k in ("kernel", "bias")]
            + [att + "AttnOutputProjection/kernel", att + "AttnOutputProjection/bias"]
            + [att + "AttnV_0", att + "AttnV_1", att + "AttnW_0", att + "AttnW_1",
               att + "kernel", att + "bias", att + "output_projection_wrapper/kernel",
               att + "output_projection_wrapper/bias", dec + "embedding",
               "embedding_attention_seq2seq/rnn/embedding_wrapper/embedding"]
            + [att + "output_projection_wrapper/" + g for g in gru]
            + ["embedding_attention_seq2seq/rnn/embedding_wrapper/" + g for g in gru])
    assert sorted(variables) == sorted(want)
    _close(variables["embedding_attention_seq2seq/rnn/embedding_wrapper/embedding"]
           .ravel()[:3], [0.8789414, -1.4620670, -0.1426893])
    _close(variables[att + "AttnW_1"].ravel()[:3], [-0.4043740, 0.2933246, -0.3355725])
    assert len(outputs) == 2 and outputs[0].shape == (2, 6)
    _close(outputs[0], [[0.092665, -0.017595, 0.006168, -0.04048, 0.007375, -0.039343],
                        [0.038902, 0.013143, 0.037464, 0.035642, -0.040505, -0.103892]])
    _close(outputs[1], [[0.046097, -0.007151, 0.007499, -0.003782, -0.014132, -0.049657],
                        [-0.015385, 0.029785, 0.032975, 0.081241, -0.060926, -0.11256]])
    _close(state[0], [[0.169522, -0.133892, 0.015868, 0.225051],
                      [0.149811, -0.307516, 0.238786, 0.46275]])


def test_attention_with_projection_feed_previous_and_initial_attention(tf):
    def build():
        w = tf.get_variable("proj_w", [4, 6])
        b = tf.get_variable("proj_b", [6])
        return tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(
            _ids(tf, ENC), _ids(tf, DEC), tf.nn.rnn_cell.BasicLSTMCell(4), 5, 6, 3,
            output_projection=(w, b), feed_previous=True, initial_state_attention=True)

    variables, outputs, state = _run_seeded(tf, build)
    assert len(variables) == 16
    _close(outputs[0], [[-0.034959, -0.26613, -0.051149, 0.271408],
                        [-0.039957, -0.007486, 0.028928, 0.042954]])
    _close(outputs[1], [[-0.00619, -0.213867, -0.066771, 0.232659],
                        [-0.043501, -0.007982, 0.029362, 0.031571]])
    _close(state[0], [[0.382569, -0.355308, -0.119909, 0.186054],
                      [0.02673, -0.035152, -0.05541, 0.061474]])


def test_feed_previous_tensor_builds_both_decoders_under_cond(tf):
    fp = {}

    def build():
        fp["t"] = tf.placeholder(tf.bool, [])
        return tf.contrib.legacy_seq2seq.embedding_rnn_seq2seq(
            _ids(tf, ENC), _ids(tf, DEC), tf.nn.rnn_cell.BasicLSTMCell(4), 5, 6, 3,
            feed_previous=fp["t"])

    with tf.Graph().as_default():
        tf.set_random_seed(7)
        outputs, state = build()
        assert isinstance(state, tf.nn.rnn_cell.LSTMStateTuple)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert len(tf.global_variables()) == 8
            got, st = sess.run([outputs, state.c], {fp["t"]: True})
    _close(got[0], [[0.073612, -0.020817, -0.011829, 0.053571, 0.01458, 0.005384],
                    [0.128145, 0.006352, -0.161572, 0.138844, 0.014009, 0.036239]])
    _close(got[1], [[0.053584, -0.006017, -0.01299, 0.030569, 0.02343, 0.014072],
                    [0.074248, 0.048994, -0.253568, 0.133837, -0.0154, 0.048516]])
    _close(st, [[-0.006841, -0.116257, 0.004382, -0.048904],
                [0.436294, -0.614151, -0.153235, -0.003164]])


def test_tied_and_basic_seq2seq(tf):
    ls2s = tf.contrib.legacy_seq2seq
    variables, outputs, _ = _run_seeded(tf, lambda: ls2s.tied_rnn_seq2seq(
        [tf.constant(x) for x in FENC], [tf.constant(x) for x in FDEC],
        tf.nn.rnn_cell.BasicLSTMCell(4)))
    assert sorted(variables) == ["combined_tied_rnn_seq2seq/tied_rnn_seq2seq/basic_lstm_cell/"
                                 + k for k in ("bias", "kernel")]
    _close(outputs[1], [[0.057902, 0.172728, -0.088597, 0.093345],
                        [-0.079327, 0.016317, 0.107659, 0.048066]])
    variables, outputs, state = _run_seeded(tf, lambda: ls2s.basic_rnn_seq2seq(
        [tf.constant(x) for x in FENC], [tf.constant(x) for x in FDEC],
        tf.nn.rnn_cell.GRUCell(4)))
    assert "basic_rnn_seq2seq/rnn_decoder/gru_cell/gates/kernel" in variables
    assert "basic_rnn_seq2seq/rnn/gru_cell/gates/kernel" in variables
    _close(outputs[0], [[-0.009831, -0.013502, -0.002349, -0.068997],
                        [-0.064831, -0.114143, 0.095183, 0.07401]])
    _close(state[0], outputs[1])


def test_embedding_tied_under_cond_and_one2many(tf):
    ls2s = tf.contrib.legacy_seq2seq
    fp = {}

    def tied():
        fp["t"] = tf.placeholder(tf.bool, [])
        return ls2s.embedding_tied_rnn_seq2seq(_ids(tf, ENC), _ids(tf, DEC),
                                               tf.nn.rnn_cell.BasicLSTMCell(4), 7, 3,
                                               feed_previous=fp["t"])

    with tf.Graph().as_default():
        tf.set_random_seed(7)
        outputs, _ = tied()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run(outputs, {fp["t"]: False})
    _close(got[1], [[-0.004946, 0.071267, -0.0289, 0.03517, -0.097916, 0.04929, 0.063454],
                    [-0.012748, 0.037711, -0.008951, 0.028234, -0.062669, 0.030678,
                     0.034454]])

    def one2many():
        cells = tf.nn.rnn_cell
        outs, states = ls2s.one2many_rnn_seq2seq(
            _ids(tf, ENC), {"a": _ids(tf, DEC), "b": _ids(tf, DEC[:1])}, cells.GRUCell(4),
            {"a": cells.GRUCell(4), "b": cells.GRUCell(4)}, 5, {"a": 6, "b": 3}, 3)
        return outs["a"] + outs["b"], [states["a"], states["b"]]

    variables, outputs, _ = _run_seeded(tf, one2many)
    assert len(variables) == 19
    assert ("one2many_rnn_seq2seq/one2many_decoder_b/embedding_rnn_decoder/rnn_decoder/"
            "output_projection_wrapper/kernel") in variables
    _close(outputs[2], [[-0.167835, -0.276682, -0.143772], [-0.290342, -0.48297, -0.247155]])


def test_model_with_buckets_and_sequence_losses(tf):
    ls2s = tf.contrib.legacy_seq2seq

    def build():
        weights = [tf.constant([1.0, 0.5]), tf.constant([1.0, 0.0]), tf.constant([0.3, 1.0])]
        targets = [tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 0])]
        dec = _ids(tf, DEC + [[4, 1]])
        outs, losses = ls2s.model_with_buckets(
            _ids(tf, ENC), dec, targets, weights, [(2, 2), (3, 3)],
            lambda x, y: ls2s.embedding_attention_seq2seq(x, y, tf.nn.rnn_cell.GRUCell(4),
                                                          5, 6, 3))
        per_example = ls2s.sequence_loss_by_example(outs[1], targets, weights,
                                                    average_across_timesteps=False)
        summed = ls2s.sequence_loss(outs[1], targets, weights, average_across_batch=False)
        return outs[0] + outs[1], losses + [per_example, summed]

    variables, _, losses = _run_seeded(tf, build)
    assert len(variables) == 20  # the second bucket reuses the first's variables
    _close(losses[0], 1.9037946)
    _close(losses[1], 1.8108068)
    _close(losses[2], [4.1611853, 2.7186036])
    _close(losses[3], 3.6216135)


def test_errors_name_what_was_expected(tf):
    ls2s = tf.contrib.legacy_seq2seq
    logits = [tf.zeros([2, 3])]
    with pytest.raises(ValueError, match="Lengths of logits, weights, and targets must be "
                                         "the same 1, 0, 1"):
        ls2s.sequence_loss(logits, [tf.zeros([2], tf.int32)], [])
    with pytest.raises(ValueError, match="Must provide at least 1 input"):
        ls2s.attention_decoder([], None, tf.zeros([2, 3, 4]), tf.nn.rnn_cell.GRUCell(4))
    with pytest.raises(ValueError, match="Length of encoder_inputs \\(1\\) must be at least"):
        ls2s.model_with_buckets(logits, logits, logits, logits, [(2, 2)], None)
    with pytest.raises(ValueError, match="keys of dec_cells_dict"):
        ls2s.one2many_rnn_seq2seq([], {"a": []}, tf.nn.rnn_cell.GRUCell(2), {}, 3, {}, 2)
    with pytest.raises(AttributeError, match="tf.contrib.legacy_seq2seq.beam_search"):
        ls2s.beam_search


def test_training_step_through_fed_back_argmax_embeddings(tf):
    """One SGD step on the squared outputs and state of a feed_previous model: the embedding's
    gradient joins int32 decoder inputs and int64 argmax ids (cast to int64, as TF does)."""
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        outputs, state = tf.contrib.legacy_seq2seq.embedding_tied_rnn_seq2seq(
            _ids(tf, ENC), _ids(tf, DEC), tf.nn.rnn_cell.GRUCell(4), 7, 3,
            num_decoder_symbols=5, feed_previous=True)
        loss = tf.add_n([tf.reduce_sum(t * t) for t in outputs + [state]])
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        variables = {v.op.name: v for v in tf.global_variables()}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            embedding, bias = sess.run([variables["embedding_tied_rnn_seq2seq/embedding"],
                                        variables[
                "embedding_tied_rnn_seq2seq/combined_tied_rnn_seq2seq/tied_rnn_seq2seq/"
                "output_projection_wrapper/bias"]])
            got = sess.run(outputs[1])
    _close(embedding.ravel()[:3], [0.3450278, -0.0770409, -0.0294316])
    _close(embedding.sum(), -0.5979253)
    _close(bias.ravel()[:3], [-0.6654491, 0.1871439, 0.3400167])
    _close(got, [[-1.0346115, 0.0335661, 0.4522872, 0.7278278, 0.6575962],
                 [-1.069407, 0.0074667, 0.4581301, 0.740855, 0.6651925]])


def test_projection_wrappers_in_contrib_rnn_under_dynamic_rnn(tf):
    x = tf.constant(np.random.RandomState(0).randn(2, 4, 6).astype(np.float32))
    tf.set_random_seed(11)
    cell = tf.contrib.rnn.OutputProjectionWrapper(tf.nn.rnn_cell.GRUCell(3), 5,
                                                  activation=tf.tanh)
    out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    cell = tf.contrib.rnn.InputProjectionWrapper(tf.nn.rnn_cell.BasicLSTMCell(3), 4)
    out2, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="x")
    assert [v.op.name for v in tf.global_variables()][4:] == [
        "rnn/output_projection_wrapper/kernel", "rnn/output_projection_wrapper/bias",
        "x/input_projection_wrapper/kernel", "x/input_projection_wrapper/bias",
        "x/input_projection_wrapper/basic_lstm_cell/kernel",
        "x/input_projection_wrapper/basic_lstm_cell/bias"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, got2 = sess.run([out[:, -1], out2[:, -1]])
    # recorded to 5 decimals
    np.testing.assert_allclose(got, [[-0.0375, 0.10125, -0.01849, -0.10625, -0.16128],
                                     [0.35906, -0.17829, 0.09817, -0.07347, -0.01362]], atol=1e-5)
    np.testing.assert_allclose(got2, [[-0.12952, -0.06594, 0.57827],
                                      [0.15687, 0.3236, -0.09662]], atol=1e-5)
    with pytest.raises(ValueError, match="Parameter output_size must be > 0: 0."):
        tf.contrib.rnn.OutputProjectionWrapper(tf.nn.rnn_cell.GRUCell(3), 0)


def test_one_cell_for_every_bucket_as_in_tf_1_0(tf):
    """The translate tutorial passes one cell to every bucket. TF 1.1+ fails deep-copying the
    cell once a bucket has called it; tfcompat copies it as it was before its first call, so
    the second bucket finds the first one's variables by name (the same losses as a new cell
    per bucket, recorded from TF in test_model_with_buckets_and_sequence_losses)."""
    ls2s = tf.contrib.legacy_seq2seq
    weights = [tf.constant([1.0, 0.5]), tf.constant([1.0, 0.0]), tf.constant([0.3, 1.0])]
    targets = [tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 0])]
    tf.set_random_seed(7)
    cell = tf.nn.rnn_cell.GRUCell(4)
    _, losses = ls2s.model_with_buckets(
        _ids(tf, ENC), _ids(tf, DEC + [[4, 1]]), targets, weights, [(2, 2), (3, 3)],
        lambda x, y: ls2s.embedding_attention_seq2seq(x, y, cell, 5, 6, 3))
    assert len(tf.global_variables()) == 20
    keep = tf.placeholder_with_default(1.0, [])
    dropout_cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(4),
                                                 output_keep_prob=keep)
    outputs, _ = ls2s.embedding_rnn_seq2seq(_ids(tf, ENC), _ids(tf, DEC), dropout_cell, 5, 6, 3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(losses)
        assert sess.run(outputs[0]).shape == (2, 6)
    _close(got, [1.9037946, 1.8108068])
