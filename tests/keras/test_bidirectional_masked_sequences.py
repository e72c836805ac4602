"""Keras' Bidirectional sets zero_output_for_mask = return_sequences on both inner RNNs: the
masked steps of a returned sequence are zeros in both directions (not the forward layer's
last output carried on), and the inner layers' configs say so."""
import numpy as np


def _model(tf, layer):
    K = tf.keras
    inp = K.layers.Input(shape=(4,), dtype="int32")
    emb = K.layers.Embedding(6, 2, mask_zero=True,
                             embeddings_initializer=K.initializers.Constant(0.5))(inp)
    return K.models.Model(inp, layer(emb))


def _lstm(tf, **kw):
    K = tf.keras
    return K.layers.LSTM(2, kernel_initializer=K.initializers.Constant(0.3),
                         recurrent_initializer=K.initializers.Constant(-0.2), **kw)


def test_bidirectional_sequences_zero_at_masked_steps(tf):
    x = np.array([[1, 2, 0, 0], [3, 4, 5, 0]], np.int32)
    bi = _model(tf, tf.keras.layers.Bidirectional(_lstm(tf, return_sequences=True)))
    uni = _model(tf, _lstm(tf, return_sequences=True))
    got = bi.predict(x)
    np.testing.assert_allclose(got[0, 2:], 0.0)
    np.testing.assert_allclose(got[1, 3], 0.0)
    np.testing.assert_allclose(got[0, :2, :2], [[0.0905538, 0.0905538], [0.1433079, 0.1433079]],
                               rtol=1e-5)
    plain = uni.predict(x)      # a plain LSTM carries its last output over masked steps
    np.testing.assert_allclose(plain[0, 3], plain[0, 1], rtol=1e-6)


def test_bidirectional_inner_configs(tf):
    layers = tf.keras.layers
    bi = layers.Bidirectional(_lstm(tf, return_sequences=True))
    assert bi.forward_layer.zero_output_for_mask and bi.backward_layer.zero_output_for_mask
    keys = list(bi.forward_layer.get_config())
    assert keys[keys.index("time_major") + 1] == "zero_output_for_mask"
    assert "zero_output_for_mask" not in bi.get_config()["layer"]["config"]
    last = layers.Bidirectional(_lstm(tf))
    assert not last.forward_layer.zero_output_for_mask
    assert "zero_output_for_mask" not in last.forward_layer.get_config()
