"""tf.keras.layers.CuDNNLSTM / CuDNNGRU (TF 1.x): variables, static shapes, get_config, one
CudnnRNNV3 op (all as TF 2.21 compat.v1 builds them), and values on CPU, where TF has no kernel
for that op (known_differences.txt): checked against a numpy model of cuDNN's equations and
against the final states TF 2.21 computes with LSTM(recurrent_activation='sigmoid') and
GRU(reset_after=True) given the same weights converted as Keras' h5 loader converts cuDNN
weights (recorded literals)."""
import numpy as np
import pytest

_RNG = np.random.RandomState(7)
X = _RNG.uniform(-1, 1, (2, 5, 3)).astype(np.float32)
U = 4


def _raw(gates):
    return [_RNG.uniform(-0.5, 0.5, (3, gates * U)).astype(np.float32),
            _RNG.uniform(-0.5, 0.5, (U, gates * U)).astype(np.float32),
            _RNG.uniform(-0.5, 0.5, (2 * gates * U,)).astype(np.float32)]


LSTM_W, GRU_W = _raw(4), _raw(3)
# final h recorded from TF 2.21's LSTM / GRU(reset_after=True) with the converted weights
TF_FINAL_H = {
    ("lstm", False): [[-0.09671, 0.08709, -0.15459, -0.06668],
                      [-0.11816, 0.06149, -0.24655, -0.19447]],
    ("gru", False): [[0.26531, 0.0712, 0.16725, 0.35143], [0.38324, -0.08548, 0.48286, 0.48026]],
    ("lstm", True): [[-0.15352, 0.07774, -0.02259, -0.09347],
                     [-0.08211, 0.06697, -0.27407, -0.20137]],
    ("gru", True): [[-0.04319, -0.10379, 0.00052, 0.39511], [0.52104, 0.02942, 0.54338, 0.45119]],
}


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def _cudnn_gates(weights, gates):
    """cuDNN's per-gate matrices from TF's buffer: a kernel slice [in, units] flattened as
    stored is read as cuDNN's [units, in] matrix; biases: input ones, then recurrent ones."""
    kernel, recurrent, bias = weights
    w = [kernel[:, g * U:(g + 1) * U].reshape(-1).reshape(U, -1) for g in range(gates)]
    r = [recurrent[:, g * U:(g + 1) * U].reshape(-1).reshape(U, U) for g in range(gates)]
    bw = [bias[g * U:(g + 1) * U] for g in range(gates)]
    br = [bias[(gates + g) * U:(gates + g + 1) * U] for g in range(gates)]
    return w, r, bw, br


def numpy_cudnn(mode, weights, x, h0=None, c0=None):
    """cuDNN's LSTM (gates i, f, c, o) or reset-after GRU (Keras' z, r, h) over [batch, time,
    in]; returns (outputs [batch, time, units], final h, final c)."""
    w, r, bw, br = _cudnn_gates(weights, 4 if mode == "lstm" else 3)
    h = np.zeros((x.shape[0], U)) if h0 is None else h0
    c = np.zeros((x.shape[0], U)) if c0 is None else c0
    outputs = []
    for t in range(x.shape[1]):
        pre_x = [x[:, t] @ wg.T + b for wg, b in zip(w, bw)]
        pre_h = [h @ rg.T + b for rg, b in zip(r, br)]
        if mode == "lstm":
            i, f = _sigmoid(pre_x[0] + pre_h[0]), _sigmoid(pre_x[1] + pre_h[1])
            cand, o = np.tanh(pre_x[2] + pre_h[2]), _sigmoid(pre_x[3] + pre_h[3])
            c = f * c + i * cand
            h = o * np.tanh(c)
        else:
            z, reset = _sigmoid(pre_x[0] + pre_h[0]), _sigmoid(pre_x[1] + pre_h[1])
            cand = np.tanh(pre_x[2] + reset * pre_h[2])
            h = (1 - z) * cand + z * h
        outputs.append(h)
    return np.stack(outputs, 1), h, c


def test_variables_shapes_and_config(tf):
    x = tf.placeholder(tf.float32, [2, 5, 3])
    lstm = tf.keras.layers.CuDNNLSTM(4, return_sequences=True, return_state=True)
    outputs = lstm(x)
    assert [o.shape.as_list() for o in outputs] == [[2, 5, 4], [2, 4], [2, 4]]
    assert [(w.name, w.shape.as_list()) for w in lstm.weights] == [
        ("cu_dnnlstm/kernel:0", [3, 16]), ("cu_dnnlstm/recurrent_kernel:0", [4, 16]),
        ("cu_dnnlstm/bias:0", [32])]
    gru = tf.keras.layers.CuDNNGRU(4, go_backwards=True)
    assert gru(x).shape.as_list() == [2, 4]
    assert [(w.name, w.shape.as_list()) for w in gru.weights] == [
        ("cu_dnngru/kernel:0", [3, 12]), ("cu_dnngru/recurrent_kernel:0", [4, 12]),
        ("cu_dnngru/bias:0", [24])]
    types = [op.type for op in tf.get_default_graph().get_operations()]
    assert types.count("CudnnRNNV3") == 2
    config = lstm.get_config()
    assert {k: config[k] for k in ("name", "units", "return_sequences", "return_state",
                                   "go_backwards", "stateful", "time_major",
                                   "unit_forget_bias")} == {
        "name": "cu_dnnlstm", "units": 4, "return_sequences": True, "return_state": True,
        "go_backwards": False, "stateful": False, "time_major": False,
        "unit_forget_bias": True}
    assert config["recurrent_initializer"]["class_name"] == "Orthogonal"
    assert "unit_forget_bias" not in gru.get_config()
    assert gru.get_config()["go_backwards"] is True
    again = tf.keras.layers.CuDNNGRU.from_config(gru.get_config())
    assert again.units == 4 and again.go_backwards


@pytest.mark.tfcompat_only
@pytest.mark.parametrize("mode", ["lstm", "gru"])
@pytest.mark.parametrize("backwards", [False, True])
def test_values_match_cudnn_equations_and_tf(tf, mode, backwards):
    cls = tf.keras.layers.CuDNNLSTM if mode == "lstm" else tf.keras.layers.CuDNNGRU
    weights = LSTM_W if mode == "lstm" else GRU_W
    layer = cls(U, return_sequences=True, return_state=True, go_backwards=backwards)
    outputs = layer(tf.constant(X))
    layer.set_weights(weights)
    got = tf.keras.backend.get_session().run(outputs)
    seq, h, c = numpy_cudnn(mode, weights, X[:, ::-1] if backwards else X)
    np.testing.assert_allclose(got[0], seq, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1], h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1], TF_FINAL_H[mode, backwards], atol=1e-5)
    if mode == "lstm":
        np.testing.assert_allclose(got[2], c, rtol=1e-5, atol=1e-6)


@pytest.mark.tfcompat_only
def test_unit_forget_bias_initializer(tf):
    layer = tf.keras.layers.CuDNNLSTM(2)
    layer(tf.constant(X))
    bias = tf.keras.backend.get_session().run(layer.bias)
    np.testing.assert_array_equal(bias, [0] * 10 + [1, 1] + [0] * 4)


@pytest.mark.tfcompat_only
def test_stateful_and_initial_state(tf):
    layer = tf.keras.layers.CuDNNGRU(U, stateful=True, batch_input_shape=(2, None, 3))
    model = tf.keras.Sequential([layer])
    layer.set_weights(GRU_W)
    first = model.predict(X[:, :2])
    second = model.predict(X[:, 2:])
    _, h_first, _ = numpy_cudnn("gru", GRU_W, X[:, :2])
    _, h_all, _ = numpy_cudnn("gru", GRU_W, X)
    np.testing.assert_allclose(first, h_first, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(second, h_all, rtol=1e-5, atol=1e-6)
    layer.reset_states()
    np.testing.assert_allclose(model.predict(X), h_all, rtol=1e-5, atol=1e-6)

    h0 = np.full((2, U), 0.3, np.float32)
    c0 = np.full((2, U), -0.2, np.float32)
    lstm = tf.keras.layers.CuDNNLSTM(U)
    out = lstm(tf.constant(X), initial_state=[tf.constant(h0), tf.constant(c0)])
    lstm.set_weights(LSTM_W)
    _, h, _ = numpy_cudnn("lstm", LSTM_W, X, h0, c0)
    np.testing.assert_allclose(tf.keras.backend.get_session().run(out), h, rtol=1e-5,
                               atol=1e-6)


@pytest.mark.tfcompat_only
def test_trains_with_fit(tf):
    model = tf.keras.Sequential([tf.keras.layers.CuDNNLSTM(U, input_shape=(5, 3)),
                                 tf.keras.layers.Dense(1)])
    model.compile("adam", "mse")
    target = X.sum(axis=(1, 2))[:, None]
    history = model.fit(X, target, epochs=5, verbose=0).history["loss"]
    assert history[-1] < history[0]


def test_masking_is_refused(tf):
    inputs = tf.keras.layers.Input((5, 3))
    masked = tf.keras.layers.Masking()(inputs)
    with pytest.raises(ValueError, match="Masking is not supported for CuDNN RNNs."):
        tf.keras.layers.CuDNNGRU(2)(masked)


@pytest.mark.tfcompat_only
def test_h5_weights_convert_between_cudnn_and_plain_layers(tf, tmp_path):
    # as Keras' h5 loader: CuDNNLSTM weights load into LSTM (and back), converted; the LSTM
    # then computes what the cuDNN layer does (TF 2.21's final h, recorded above)
    pytest.importorskip("h5py")
    path = str(tmp_path / "w.h5")
    cudnn = tf.keras.Sequential([tf.keras.layers.CuDNNLSTM(U, input_shape=(5, 3), name="rnn")])
    cudnn.set_weights(LSTM_W)
    cudnn.save_weights(path)
    plain = tf.keras.Sequential([tf.keras.layers.LSTM(U, recurrent_activation="sigmoid",
                                                      input_shape=(5, 3), name="rnn")])
    plain.load_weights(path)
    np.testing.assert_allclose(plain.predict(X), TF_FINAL_H["lstm", False], atol=1e-5)
    np.testing.assert_allclose(plain.get_weights()[2],
                               LSTM_W[2][:4 * U] + LSTM_W[2][4 * U:], rtol=1e-6)
    plain.save_weights(path)
    back = tf.keras.Sequential([tf.keras.layers.CuDNNLSTM(U, input_shape=(5, 3), name="rnn")])
    back.load_weights(path, by_name=True)
    np.testing.assert_allclose(back.get_weights()[0], LSTM_W[0])
    np.testing.assert_allclose(back.predict(X), TF_FINAL_H["lstm", False], atol=1e-5)

    gru = tf.keras.Sequential([tf.keras.layers.CuDNNGRU(U, input_shape=(5, 3), name="g")])
    gru.save_weights(path)
    tf1_gru = tf.keras.Sequential([tf.keras.layers.GRU(U, input_shape=(5, 3), name="g")])
    with pytest.raises(ValueError, match="CuDNNGRU is not compatible with "
                                         "GRU\\(reset_after=False\\)"):
        tf1_gru.load_weights(path)


@pytest.mark.tfcompat_only
def test_h5_cudnn_gru_weights_load_into_reset_after_gru(tf, tmp_path):
    pytest.importorskip("h5py")
    path = str(tmp_path / "g.h5")
    cudnn = tf.keras.Sequential([tf.keras.layers.CuDNNGRU(U, input_shape=(5, 3), name="g")])
    cudnn.set_weights(GRU_W)
    cudnn.save_weights(path)
    try:
        layer = tf.keras.layers.GRU(U, reset_after=True, recurrent_activation="sigmoid",
                                    input_shape=(5, 3), name="g")
    except Exception as e:  # noqa: BLE001 - a tfcompat without GRU(reset_after=True)
        pytest.skip("GRU(reset_after=True) is not available: %s" % e)
    plain = tf.keras.Sequential([layer])
    plain.load_weights(path)
    np.testing.assert_allclose(plain.predict(X), TF_FINAL_H["gru", False], atol=2e-5)
    np.testing.assert_allclose(plain.get_weights()[2], GRU_W[2].reshape(2, -1))
