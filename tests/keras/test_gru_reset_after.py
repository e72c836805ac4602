"""GRU(reset_after=True) / GRUCell(reset_after=True) (the reset gate applied after the
recurrent product, bias [2, 3*units]) and the recurrent layers' time_major=True: variables,
config, values and gradients recorded from TF 2.21 compat.v1 tf.keras in graph mode."""
import numpy as np
import pytest

X = (np.arange(12).reshape(2, 3, 2).astype(np.float32) - 5) / 7.
K = (np.arange(12).reshape(2, 6) - 6) / 10.
RK = (np.arange(12).reshape(2, 6)[::-1] - 5) / 9.
B = (np.arange(12).reshape(2, 6) - 4) / 11.

# recorded from TF 2.21 compat.v1: GRU(2, reset_after=True, return_sequences=True,
# return_state=True) with the weights K, RK, B on X
SEQ = [[[0.09995424, 0.10633223], [0.1948824, 0.23534244], [0.2812783, 0.3695871]],
       [[0.19993185, 0.26926944], [0.34550327, 0.48056918], [0.44655535, 0.63394606]]]
# d sum(seq**2) / d (kernel, recurrent_kernel, bias)
GRADS = [
    [[-0.01308801, -0.06747635, 0.03285698, 0.02882431, 0.1984975, 0.12305172],
     [-0.05176102, -0.12843855, 0.07984053, 0.07271916, 0.58932805, 0.42418346]],
    [[-0.0281859, -0.05831149, 0.04809288, 0.04673152, 0.19375563, 0.17205748],
     [-0.03695706, -0.0771732, 0.0635132, 0.06134384, 0.25435698, 0.22480318]],
    [[-0.27071112, -0.4267354, 0.3288848, 0.30726388, 2.7358136, 2.107922],
     [-0.27071112, -0.4267354, 0.3288848, 0.30726388, 1.4672428, 1.2343463]]]


def test_gru_reset_after_variables_values_and_gradients(tf):
    inp = tf.keras.Input(batch_shape=(2, 3, 2))
    layer = tf.keras.layers.GRU(2, reset_after=True, return_sequences=True, return_state=True)
    seq, state = layer(inp)
    assert [(w.name, w.shape.as_list()) for w in layer.weights] == [
        ("gru/gru_cell/kernel:0", [2, 6]), ("gru/gru_cell/recurrent_kernel:0", [2, 6]),
        ("gru/gru_cell/bias:0", [2, 6])]
    layer.set_weights([K, RK, B])
    grads = tf.gradients(tf.reduce_sum(seq ** 2), layer.weights)
    sess = tf.keras.backend.get_session()
    got_seq, got_state, *got_grads = sess.run([seq, state] + grads, {inp: X})
    np.testing.assert_allclose(got_seq, SEQ, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, np.array(SEQ)[:, -1], rtol=1e-5, atol=1e-6)
    for got, want in zip(got_grads, GRADS):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_gru_reset_after_go_backwards_no_bias_and_initializer(tf):
    inp = tf.keras.Input(batch_shape=(2, 3, 2))
    backwards = tf.keras.layers.GRU(2, reset_after=True, go_backwards=True,
                                    recurrent_activation="sigmoid")
    no_bias = tf.keras.layers.GRU(2, reset_after=True, use_bias=False)
    ones = tf.keras.layers.GRU(2, reset_after=True, bias_initializer="ones")
    y1, y2, _ = backwards(inp), no_bias(inp), ones(inp)
    backwards.set_weights([K, RK, B])
    no_bias.set_weights([K, RK])
    sess = tf.keras.backend.get_session()
    sess.run(tf.variables_initializer(ones.weights))
    got1, got2, bias = sess.run([y1, y2, ones.weights[2]], {inp: X})
    # recorded from TF 2.21 compat.v1
    np.testing.assert_allclose(got1, [[0.26008183, 0.327446], [0.41806975, 0.6064713]],
                               rtol=1e-5)
    np.testing.assert_allclose(got2, [[-0.00668433, -0.05169573], [0.17054844, 0.28269947]],
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(bias, np.ones((2, 6)))


def test_gru_reset_after_config(tf):
    config = tf.keras.layers.GRU(2, reset_after=True).get_config()
    assert config["reset_after"] is True and config["time_major"] is False
    cell = tf.keras.layers.GRUCell(3, reset_after=True)
    assert cell.get_config()["reset_after"] is True
    again = tf.keras.layers.GRU.from_config(tf.keras.layers.GRU(2, reset_after=True).get_config())
    assert again.reset_after is True


def test_gru_cell_reset_after_in_rnn(tf):
    inp = tf.keras.Input(batch_shape=(2, 3, 2))
    layer = tf.keras.layers.RNN(tf.keras.layers.GRUCell(2, reset_after=True),
                                return_sequences=True)
    y = layer(inp)
    assert layer.weights[2].name == "rnn/gru_cell/bias:0"
    layer.set_weights([K, RK, B])
    np.testing.assert_allclose(tf.keras.backend.get_session().run(y, {inp: X}), SEQ, rtol=1e-5)


def test_time_major_layers(tf):
    tm = tf.keras.Input(batch_shape=(3, 2, 2))
    gru = tf.keras.layers.GRU(2, reset_after=True, time_major=True, return_sequences=True)
    y = gru(tm)
    gru.set_weights([K, RK, B])
    assert y.shape.as_list() == [3, 2, 2] and gru.get_config()["time_major"] is True
    got = tf.keras.backend.get_session().run(y, {tm: X.transpose(1, 0, 2)})
    np.testing.assert_allclose(got, np.array(SEQ).transpose(1, 0, 2), rtol=1e-5)
    assert tf.keras.layers.LSTM(2, time_major=True)(tm).shape.as_list() == [2, 2]
    seq, state = tf.keras.layers.SimpleRNN(2, time_major=True, return_sequences=True,
                                           return_state=True)(tm)
    assert seq.shape.as_list() == [3, 2, 2] and state.shape.as_list() == [2, 2]


@pytest.mark.tfcompat_only
def test_cudnn_gru_weights_load_into_gru_reset_after(tmp_path):
    pytest.importorskip("h5py")
    import tfcompat as tf
    with tf.Graph().as_default():
        cudnn = tf.keras.Sequential([tf.keras.layers.CuDNNGRU(
            2, input_shape=(3, 2), return_sequences=True, bias_initializer="glorot_uniform")])
        want = cudnn.predict(X)
        cudnn.save_weights(str(tmp_path / "cudnn.h5"))
        gru = tf.keras.Sequential([tf.keras.layers.GRU(
            2, input_shape=(3, 2), return_sequences=True, reset_after=True,
            recurrent_activation="sigmoid")])
        gru.load_weights(str(tmp_path / "cudnn.h5"))
        np.testing.assert_allclose(gru.predict(X), want, atol=1e-6)
        plain = tf.keras.Sequential([tf.keras.layers.GRU(2, input_shape=(3, 2))])
        with pytest.raises(ValueError, match=r"CuDNNGRU is not compatible with "
                                             r"GRU\(reset_after=False\)"):
            plain.load_weights(str(tmp_path / "cudnn.h5"))


def test_bidirectional_time_major_reverses_the_first_axis(tf):
    x = np.sin(np.arange(12)).reshape(3, 2, 2).astype(np.float32)
    inp = tf.keras.Input(batch_shape=(3, 2, 2))
    y = tf.keras.layers.Bidirectional(tf.keras.layers.SimpleRNN(
        2, time_major=True, return_sequences=True, kernel_initializer="ones",
        recurrent_initializer="ones"))(inp)
    sess = tf.keras.backend.get_session()
    sess.run(tf.global_variables_initializer())
    assert y.shape.as_list() == [3, 2, 4]
    # recorded from TF 2.21 compat.v1 (each unit's two copies are equal: ones weights)
    want = [[[0.68659, 0.74095], [0.78197, -0.62925]], [[-0.32975, 0.05556], [0.95965, -0.8953]],
            [[0.63033, 0.88567], [0.35861, -0.91279]]]
    np.testing.assert_allclose(sess.run(y, {inp: x})[..., ::2], want, atol=2e-5)
