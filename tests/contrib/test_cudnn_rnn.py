"""tf.contrib.cudnn_rnn (TF 1.15): the layers' variables, ops and shapes, the canonical <->
opaque params ops, and the layers' outputs against the CPU-compatible cells (MultiRNNCell of
CudnnCompatibleLSTMCell / CudnnCompatibleGRUCell under dynamic_rnn, BasicRNNCell) given the
weights TF 1.15's CudnnOpaqueParamsSaveable would write for them (its _cudnn_to_tf_weights /
_cudnn_to_tf_biases: gates i, f, c, o -> i, c, f, o, W and R concatenated and transposed,
the two biases summed). TF 2.x has no tf.contrib and no CPU kernels for these ops, so the
references are the compatible cells (plain graph ops) and numpy."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

RNG = np.random.RandomState(0)
T, B, D, H = 5, 3, 4, 6


def _canonical(tf, layer, sess):
    """The layer's canonical weights and biases (numpy), via CudnnRNNParamsToCanonical."""
    weights, biases = tf.contrib.cudnn_rnn.cudnn_rnn_opaque_params_to_canonical(
        layer.rnn_mode, layer.num_layers, layer.num_units, layer.input_size, layer.kernel,
        direction=layer.direction)
    return sess.run(weights), sess.run(biases)


def _tf_lstm_canonical(w, b):
    """TF 1.15 CudnnLSTMSaveable: one layer's cuDNN canonicals -> (kernel, bias)."""
    gates = [np.concatenate([w[g], w[g + 4]], axis=1) for g in range(4)]   # i, f, c, o
    kernel = np.concatenate([gates[0], gates[2], gates[1], gates[3]], axis=0).T
    sums = [b[g] + b[g + 4] for g in range(4)]
    return kernel, np.concatenate([sums[0], sums[2], sums[1], sums[3]])


def _tf_gru_canonical(w, b):
    """TF 1.15 CudnnGRUSaveable: gates/kernel, candidate input/hidden kernels and biases."""
    gates = np.concatenate([np.concatenate([w[0], w[3]], 1), np.concatenate([w[1], w[4]], 1)],
                           0).T
    return [gates, w[2].T, w[5].T], [np.concatenate([b[0], b[1]]) + np.concatenate([b[3], b[4]]),
                                     b[2], b[5]]


def _assign(tf, sess, values):
    for var in tf.global_variables():
        name = var.op.name
        if name in values:
            sess.run(var.assign(values[name]))


def test_lstm_layer_variables_ops_and_shapes(tf):
    x = tf.placeholder(tf.float32, [T, None, D])
    lstm = tf.contrib.cudnn_rnn.CudnnLSTM(2, H, direction="bidirectional")
    outputs, (h, c) = lstm(x)
    assert [v.name for v in tf.global_variables()] == ["cudnn_lstm/opaque_kernel:0"]
    assert lstm.kernel.shape.ndims is None           # TF: validate_shape=False
    assert lstm.trainable_variables == [lstm.kernel]
    assert outputs.op.type == "CudnnRNN" and outputs.op.name == "cudnn_lstm/CudnnRNN"
    assert outputs.shape.as_list() == [T, None, 2 * H]
    assert h.shape.as_list() == [4, None, H] and c.shape.as_list() == [4, None, H]
    assert lstm.canonical_weight_shapes[:5] == [(H, D)] * 4 + [(H, H)]
    assert lstm.canonical_weight_shapes[16] == (H, 2 * H)     # layer 1 reads both directions
    assert lstm.canonical_bias_shapes == [[H]] * 32
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        size = sess.run(tf.contrib.cudnn_rnn.cudnn_rnn_opaque_params_size(
            "lstm", 2, H, D, direction="bidirectional"))
        kernel, y = sess.run([lstm.kernel, outputs], {x: RNG.randn(T, B, D)})
    assert kernel.shape == (size,) and y.shape == (T, B, 2 * H)


@pytest.mark.parametrize("cls, mode, state_count", [("CudnnGRU", "gru", 1),
                                                     ("CudnnRNNTanh", "rnn_tanh", 1),
                                                     ("CudnnRNNRelu", "rnn_relu", 1)])
def test_other_layers_return_one_state(tf, cls, mode, state_count):
    layer = getattr(tf.contrib.cudnn_rnn, cls)(1, H)
    outputs, state = layer(tf.zeros([T, B, D]))
    assert layer.rnn_mode == mode and len(state) == state_count
    assert state[0].shape.as_list() == [1, B, H]
    assert outputs.op.get_attr("rnn_mode") in (mode, mode.encode())


def test_canonical_params_round_trip(tf):
    from tfcompat.ops.cudnn_rnn_ops import canonical_shapes
    ws, bs = canonical_shapes("gru", 2, H, D, "bidirectional")
    weights = [RNG.randn(*s).astype(np.float32) for s in ws]
    biases = [RNG.randn(*s).astype(np.float32) for s in bs]
    params = tf.contrib.cudnn_rnn.cudnn_rnn_canonical_to_opaque_params(
        "gru", 2, H, D, weights, biases, direction="bidirectional")
    back_w, back_b = tf.contrib.cudnn_rnn.cudnn_rnn_opaque_params_to_canonical(
        "gru", 2, H, D, params, direction="bidirectional")
    assert back_w[0].shape.as_list() == [None, None]     # TF's shape function
    with tf.Session() as sess:
        p, w, b = sess.run([params, back_w, back_b])
    assert p.shape == (sum(np.prod(s) for s in ws) + sum(s[0] for s in bs),)
    for got, want in zip(w + b, weights + biases):
        np.testing.assert_array_equal(got, want)


def test_lstm_matches_cudnn_compatible_cells(tf):
    inputs = RNG.randn(T, B, D).astype(np.float32)
    lstm = tf.contrib.cudnn_rnn.CudnnLSTM(2, H)
    outputs, (h, c) = lstm(inputs)
    cell = tf.nn.rnn_cell.MultiRNNCell(
        [tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell(H) for _ in range(2)])
    ref, ref_state = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32, time_major=True)
    names = [v.op.name for v in tf.global_variables()]
    assert "rnn/multi_rnn_cell/cell_0/cudnn_compatible_lstm_cell/kernel" in names
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w, b = _canonical(tf, lstm, sess)
        values = {}
        for layer in range(2):
            kernel, bias = _tf_lstm_canonical(w[8 * layer:8 * layer + 8],
                                              b[8 * layer:8 * layer + 8])
            prefix = "rnn/multi_rnn_cell/cell_%d/cudnn_compatible_lstm_cell/" % layer
            values[prefix + "kernel"], values[prefix + "bias"] = kernel, bias
        _assign(tf, sess, values)
        got, want = sess.run([(outputs, h, c), (ref, ref_state)])
    np.testing.assert_allclose(got[0], want[0], atol=1e-5)
    for layer in range(2):
        np.testing.assert_allclose(got[1][layer], want[1][layer].h, atol=1e-5)
        np.testing.assert_allclose(got[2][layer], want[1][layer].c, atol=1e-5)


def test_gru_matches_cudnn_compatible_gru_cell(tf):
    inputs = RNG.randn(T, B, D).astype(np.float32)
    gru = tf.contrib.cudnn_rnn.CudnnGRU(1, H, bias_initializer=tf.random_normal_initializer())
    outputs, (h,) = gru(inputs)
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.contrib.cudnn_rnn.CudnnCompatibleGRUCell(H)])
    ref, ref_state = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32, time_major=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w, b = _canonical(tf, gru, sess)
        kernels, biases = _tf_gru_canonical(w, b)
        prefix = "rnn/multi_rnn_cell/cell_0/cudnn_compatible_gru_cell/"
        parts = ["gates/", "candidate/input_projection/", "candidate/hidden_projection/"]
        values = {prefix + p + "kernel": k for p, k in zip(parts, kernels)}
        values.update({prefix + p + "bias": v for p, v in zip(parts, biases)})
        assert set(values) <= {v.op.name for v in tf.global_variables()}
        _assign(tf, sess, values)
        got, final, want, want_final = sess.run([outputs, h, ref, ref_state])
    np.testing.assert_allclose(got, want, atol=1e-5)
    np.testing.assert_allclose(final[0], want_final[0], atol=1e-5)


def test_rnn_tanh_matches_numpy(tf):
    inputs = RNG.randn(T, B, D).astype(np.float32)
    layer = tf.contrib.cudnn_rnn.CudnnRNNTanh(1, H, bias_initializer=tf.ones_initializer())
    outputs, (h,) = layer(inputs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        (w_x, w_h), (b_x, b_h) = _canonical(tf, layer, sess)
        got = sess.run(outputs)
    state, want = np.zeros([B, H], np.float32), []
    for step in inputs:
        state = np.tanh(step @ w_x.T + state @ w_h.T + b_x + b_h)
        want.append(state)
    np.testing.assert_allclose(got, np.stack(want), atol=1e-5)


def test_batch_major_and_sequence_lengths_use_cudnn_rnn_v3(tf):
    inputs = RNG.randn(B, T, D).astype(np.float32)
    lstm = tf.contrib.cudnn_rnn.CudnnLSTM(1, H)
    outputs, _ = lstm(inputs, time_major=False)
    masked, (h, _) = lstm(np.transpose(inputs, (1, 0, 2)), sequence_lengths=[5, 2, 0])
    assert outputs.op.type == "CudnnRNNV3" and masked.op.type == "CudnnRNNV3"
    assert len(tf.global_variables()) == 1          # the second call reuses opaque_kernel
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        full, part, final = sess.run([outputs, masked, h])
    np.testing.assert_allclose(part[:2, 1], full[1, :2], atol=1e-5)
    np.testing.assert_array_equal(part[2:, 1], 0)
    np.testing.assert_allclose(final[0, 1], full[1, 1], atol=1e-5)
    np.testing.assert_array_equal(final[0, 2], 0)


def test_training_updates_the_opaque_kernel(tf):
    inputs = RNG.randn(T, B, D).astype(np.float32)
    lstm = tf.contrib.cudnn_rnn.CudnnLSTM(1, H, dropout=0.0)
    outputs, _ = lstm(inputs)
    loss = tf.reduce_mean(tf.square(outputs - 0.5))
    (grad,) = tf.gradients(loss, [lstm.kernel])
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first, g = sess.run([loss, grad])
        for _ in range(5):
            sess.run(train)
        last = sess.run(loss)
    assert np.abs(g).sum() > 0 and last < first


def test_argument_errors(tf):
    with pytest.raises(ValueError, match="Invalid direction"):
        tf.contrib.cudnn_rnn.CudnnLSTM(1, H, direction="both")
    with pytest.raises(ValueError, match="Only support float16, float32, float64"):
        tf.contrib.cudnn_rnn.CudnnGRU(1, H, dtype=tf.int32)
    with pytest.raises(ValueError, match="last dimension of the inputs to `CudnnRNN`"):
        tf.contrib.cudnn_rnn.CudnnLSTM(1, H)(tf.placeholder(tf.float32, [T, B, None]))
    with pytest.raises(TypeError, match="Invalid initial_state type"):
        tf.contrib.cudnn_rnn.CudnnLSTM(1, H)(tf.zeros([T, B, D]),
                                             initial_state=[tf.zeros([1, B, H])] * 2)
    layer = tf.contrib.cudnn_rnn.CudnnLSTM(1, H, input_mode="skip_input")
    outputs, _ = layer(tf.zeros([T, B, D]))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="linear_input"):
            sess.run(tf.global_variables_initializer())


def test_bidirectional_lstm_matches_forward_and_backward_cells(tf):
    inputs = RNG.randn(T, B, D).astype(np.float32)
    lstm = tf.contrib.cudnn_rnn.CudnnLSTM(1, H, direction="bidirectional",
                                          bias_initializer=tf.random_normal_initializer())
    outputs, (h, c) = lstm(inputs)
    cells = [tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell(H) for _ in range(2)]
    (fw, bw), (fw_state, bw_state) = tf.nn.bidirectional_dynamic_rnn(
        cells[0], cells[1], inputs, dtype=tf.float32, time_major=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w, b = _canonical(tf, lstm, sess)
        values = {}
        for k, direction in enumerate(["fw", "bw"]):
            kernel, bias = _tf_lstm_canonical(w[8 * k:8 * k + 8], b[8 * k:8 * k + 8])
            prefix = "bidirectional_rnn/%s/cudnn_compatible_lstm_cell/" % direction
            values[prefix + "kernel"], values[prefix + "bias"] = kernel, bias
        assert set(values) <= {v.op.name for v in tf.global_variables()}
        _assign(tf, sess, values)
        got, final_h, final_c, ref_fw, ref_bw, ref_states = sess.run(
            [outputs, h, c, fw, bw, (fw_state, bw_state)])
    np.testing.assert_allclose(got, np.concatenate([ref_fw, ref_bw], -1), atol=1e-5)
    np.testing.assert_allclose(final_h[0], ref_states[0].h, atol=1e-5)
    np.testing.assert_allclose(final_c[1], ref_states[1].c, atol=1e-5)


def test_functional_cudnn_lstm_and_gru(tf):
    inputs = RNG.randn(T, B, D).astype(np.float32)
    size = tf.contrib.cudnn_rnn.cudnn_rnn_opaque_params_size("gru", 1, H, D)
    params = tf.random_normal(tf.reshape(size, [1]))
    outputs, output_h = tf.contrib.cudnn_rnn.cudnn_gru(inputs, tf.zeros([1, B, H]), params,
                                                       is_training=False)
    lstm_params = tf.zeros([tf.contrib.cudnn_rnn.cudnn_rnn_opaque_params_size("lstm", 1, H, D)])
    lstm_out, lstm_h, lstm_c = tf.contrib.cudnn_rnn.cudnn_lstm(
        inputs, tf.zeros([1, B, H]), tf.zeros([1, B, H]), lstm_params, True)
    assert outputs.op.type == "CudnnRNN" and outputs.shape.as_list() == [T, B, H]
    assert not outputs.op.get_attr("is_training")
    with tf.Session() as sess:
        y, final, zeros = sess.run([outputs, output_h, lstm_out])
    np.testing.assert_allclose(final[0], y[-1], atol=1e-6)
    np.testing.assert_array_equal(zeros, 0)    # zero weights: every gate 0.5, the cell stays 0
