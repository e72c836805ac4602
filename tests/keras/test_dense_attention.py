"""keras.layers.Attention / AdditiveAttention (TF 1.14+) over masked embeddings. Expected values
recorded from TF 2.21 compat.v1 (tf_keras)."""
import numpy as np
import pytest

Q = np.array([[1, 2, 3, 0], [4, 5, 0, 0]])
V = np.array([[2, 3, 0, 0, 0], [6, 7, 8, 9, 1]])


def _embedded(tf):
    keras = tf.keras
    q_in = keras.layers.Input(shape=(None,), dtype="int32")
    v_in = keras.layers.Input(shape=(None,), dtype="int32")
    emb = keras.layers.Embedding(10, 2, mask_zero=True, embeddings_initializer=keras.initializers.
                                 Constant(np.arange(20).reshape(10, 2) / 10.0))
    return q_in, v_in, emb(q_in), emb(v_in)


def test_attention_layers(tf):
    layers = tf.keras.layers
    q_in, v_in, q, v = _embedded(tf)
    dot = layers.Attention(use_scale=True, name="att")([q, v])
    causal = layers.Attention(score_mode="concat", causal=True)([q, v])
    additive, weights = layers.AdditiveAttention(use_scale=False)([q, v, v],
                                                                 return_attention_scores=True)
    assert dot.shape.as_list() == [None, None, 2] and weights.shape.as_list() == [None] * 3
    model = tf.keras.models.Model([q_in, v_in], dot)
    assert [w.name for w in model.weights] == ["embedding/embeddings:0", "att/scale:0"]
    sess = tf.keras.backend.get_session()
    d, c, a, w = sess.run([dot, causal, additive, weights], {q_in: Q, v_in: V})
    np.testing.assert_allclose(d[0], [[0.505, 0.605], [0.50898, 0.60898], [0.51293, 0.61293],
                                      [0.0, 0.0]], atol=1e-5)
    np.testing.assert_allclose(c[0, :2], [[0.4, 0.5], [0.50846, 0.60846]], atol=1e-5)
    np.testing.assert_allclose(a[1, :2], [[1.31124, 1.41124], [1.29124, 1.39124]], atol=1e-5)
    np.testing.assert_allclose(w[0, 0], [0.4441, 0.5559, 0.0, 0.0, 0.0], atol=1e-5)
    config = layers.Attention(use_scale=True).get_config()
    assert {k: config[k] for k in ("dropout", "use_scale", "score_mode")} == {
        "dropout": 0.0, "use_scale": True, "score_mode": "dot"}
    with pytest.raises(ValueError, match="must be called on a list of inputs"):
        layers.Attention()(q)
