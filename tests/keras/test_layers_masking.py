"""Keras masks in TF1 graph mode: Embedding(mask_zero=True) masks padding ids, RNNs keep their
state over masked steps, GlobalAveragePooling1D averages the unmasked steps, and a masked
output's loss and metrics count the unmasked entries only. Literals recorded from TF 2.21
(tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def _ids():
    rng = np.random.RandomState(0)
    ids = rng.randint(1, 20, (12, 6))
    ids[:, :2] = 0
    ids[3, :4] = 0
    return ids, rng.randint(0, 2, 12)


@pytest.mark.parametrize("kind,predicted,history", [
    ("lstm", [0.4991811215877533, 0.5001246333122253, 0.49850520491600037],
     {"loss": [0.69424, 0.69382], "acc": [0.33333, 0.41667]}),
    ("gap", [0.49474942684173584, 0.4993411600589752, 0.49668827652931213],
     {"loss": [0.69901, 0.69801], "acc": [0.41667, 0.5]}),
    ("gru_seq", [0.4971799850463867, 0.5006387829780579, 0.496446430683136],
     {"loss": [0.69196, 0.69129], "acc": [0.58333, 0.58333]}),
])
def test_masked_sequence_models_match_tf(tf, kind, predicted, history):
    L = tf.keras.layers
    ids, y = _ids()
    tf.set_random_seed(5)
    layers = [L.Embedding(20, 4, mask_zero=True)]
    if kind == "lstm":
        layers += [L.LSTM(3)]
    elif kind == "gap":
        layers += [L.GlobalAveragePooling1D()]
    else:
        layers += [L.GRU(3, return_sequences=True, go_backwards=True), L.SimpleRNN(2)]
    model = tf.keras.Sequential(layers + [L.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["acc"])
    np.testing.assert_allclose(model.predict(ids[:3]).ravel(), predicted, rtol=1e-6)
    got = model.fit(ids, y, epochs=2, batch_size=6, shuffle=False, verbose=0)
    assert {k: [round(v, 5) for v in vs] for k, vs in got.history.items()} == history
    mask = model.layers[0].compute_mask(tf.constant(ids[:1]))
    assert (mask.dtype, mask.shape.as_list()) == (tf.bool, [1, 6])


def test_masked_sequence_output_loss_counts_valid_steps(tf):
    L = tf.keras.layers
    tf.set_random_seed(5)
    rng = np.random.RandomState(0)
    ids = rng.randint(1, 20, (12, 6))
    ids[:, 4:] = 0
    ids[3, 2:] = 0
    y = rng.randint(0, 3, (12, 6, 1))
    model = tf.keras.Sequential([L.Embedding(20, 4, mask_zero=True),
                                 L.LSTM(5, return_sequences=True),
                                 L.TimeDistributed(L.Dense(3, activation="softmax"))])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["acc"])
    history = model.fit(ids, y, epochs=2, batch_size=6, shuffle=False, verbose=0)
    assert {k: [round(v, 5) for v in vs] for k, vs in history.history.items()} == {
        "loss": [1.09885, 1.0985], "acc": [0.28261, 0.34783]}
    np.testing.assert_allclose(model.evaluate(ids, y, verbose=0), [1.0982887, 0.39130434],
                               rtol=1e-6)
