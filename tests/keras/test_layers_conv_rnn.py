"""tf.keras convolution, pooling, normalization, embedding and recurrent layers: seeded models
whose training history, predictions and summary match TF 2.21 (tf.compat.v1, v2 behaviour
disabled, TF_USE_LEGACY_KERAS=1), from which the literals were recorded."""
import os

import numpy as np
import pytest

# summary() prints TF 1.15's layout (these literals: TF 1.15's print_summary run on TF 2.21's
# models); TF 2.21's tf_keras, the live reference, prints another (known_differences.txt)
TF1_SUMMARY_LAYOUT = not os.environ.get("TFCOMPAT_TEST_AGAINST_TF")

CNN_SUMMARY = """\
Model: "sequential"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
conv2d (Conv2D)              (None, 8, 8, 4)           40        
_________________________________________________________________
batch_normalization (BatchNo (None, 8, 8, 4)           16        
_________________________________________________________________
max_pooling2d (MaxPooling2D) (None, 4, 4, 4)           0         
_________________________________________________________________
zero_padding2d (ZeroPadding2 (None, 6, 6, 4)           0         
_________________________________________________________________
conv2d_1 (Conv2D)            (None, 3, 3, 2)           34        
_________________________________________________________________
average_pooling2d (AveragePo (None, 2, 2, 2)           0         
_________________________________________________________________
global_average_pooling2d (Gl (None, 2)                 0         
_________________________________________________________________
dense (Dense)                (None, 3)                 9         
=================================================================
Total params: 99
Trainable params: 91
Non-trainable params: 8
_________________________________________________________________
"""


def _history(history):
    return {k: [round(float(v), 5) for v in vs] for k, vs in history.history.items()}


def _summary(model):
    lines = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines) + "\n"


def test_layer_op_names_and_shapes(tf):
    L = tf.keras.layers
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    c = L.Conv2D(4, 3, padding="same", activation="relu")(x)
    assert (c.name, c.shape.as_list()) == ("conv2d/Relu:0", [None, 8, 8, 4])
    c1 = L.Conv1D(2, 3)(tf.placeholder(tf.float32, [None, 10, 3]))
    assert (c1.name, c1.shape.as_list()) == ("conv1d/BiasAdd:0", [None, 8, 2])
    assert c1.op.inputs[0].op.name == "conv1d/Conv1D/Squeeze"
    assert L.MaxPooling2D()(c).name == "max_pooling2d/MaxPool:0"
    p1 = L.MaxPooling1D()(c1)
    assert (p1.name, p1.shape.as_list()) == ("max_pooling1d/Squeeze:0", [None, 4, 2])
    a = L.AveragePooling2D(pool_size=(2, 2), strides=1)(c)
    assert (a.name, a.shape.as_list()) == ("average_pooling2d/AvgPool:0", [None, 7, 7, 4])
    assert L.GlobalAveragePooling2D()(c).name == "global_average_pooling2d/Mean:0"
    assert L.GlobalMaxPooling2D()(c).name == "global_max_pooling2d/Max:0"
    z = L.ZeroPadding2D(1)(x)
    assert (z.name, z.shape.as_list()) == ("zero_padding2d/Pad:0", [None, 10, 10, 3])
    e = L.Embedding(10, 4)(tf.placeholder(tf.int32, [None, 5]))
    assert (e.name, e.shape.as_list()) == ("embedding/embedding_lookup/Identity:0",
                                           [None, 5, 4])


def test_batch_normalization_variables_and_updates(tf):
    x = tf.placeholder(tf.float32, [None, 8, 8, 4])
    bn = tf.keras.layers.BatchNormalization()
    y = bn(x)
    assert y.name == "batch_normalization/cond/Merge:0"
    assert [(v.name, v in tf.trainable_variables()) for v in bn.weights] == [
        ("batch_normalization/gamma:0", True), ("batch_normalization/beta:0", True),
        ("batch_normalization/moving_mean:0", False),
        ("batch_normalization/moving_variance:0", False)]
    # TF: ".../AssignMovingAvg/AssignSubVariableOp" (resource variables); tfcompat makes ref
    # variables, whose AssignSub op is the scope's own name
    names = [u.name for u in bn.updates]
    assert len(names) == 2
    assert names[0].startswith("batch_normalization/AssignMovingAvg")
    assert names[1].startswith("batch_normalization/AssignMovingAvg_1")


def test_seeded_cnn_matches_tf(tf):
    L = tf.keras.layers
    tf.set_random_seed(4)
    rng = np.random.RandomState(0)
    x = rng.rand(12, 8, 8, 1).astype("float32")
    y = rng.randint(0, 3, 12)
    model = tf.keras.Sequential([
        L.Conv2D(4, 3, padding="same", activation="relu", input_shape=(8, 8, 1)),
        L.BatchNormalization(), L.MaxPooling2D(), L.ZeroPadding2D(1),
        L.Conv2D(2, (2, 2), strides=2), L.AveragePooling2D(pool_size=(2, 2), strides=1),
        L.GlobalAveragePooling2D(), L.Dense(3, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    assert _history(history) == {"loss": [1.2652, 1.24987], "acc": [0.25, 0.25]}
    np.testing.assert_allclose(model.predict(x[:2]), [[0.38429, 0.25099, 0.36473],
                                                      [0.37587, 0.26413, 0.36]], atol=1e-5)
    if TF1_SUMMARY_LAYOUT:
        assert _summary(model) == CNN_SUMMARY


@pytest.mark.parametrize("cls,predicted,history", [
    ("LSTM", [[0.52205, 0.47795], [0.49784, 0.50216]],
     {"loss": [0.69784, 0.69738], "acc": [0.4375, 0.4375]}),
    ("GRU", [[0.4027876, 0.5972124], [0.4306845, 0.5693155]],
     {"loss": [0.68672, 0.68601], "acc": [0.625, 0.625]}),
    ("SimpleRNN", [[0.5775983, 0.4224016], [0.4254108, 0.5745892]],
     {"loss": [0.68973, 0.68796], "acc": [0.5, 0.5625]}),
])
def test_seeded_recurrent_models_match_tf(tf, cls, predicted, history):
    tf.set_random_seed(2)
    rng = np.random.RandomState(0)
    x = rng.rand(16, 5, 3).astype("float32")
    y = rng.randint(0, 2, 16)
    model = tf.keras.Sequential([getattr(tf.keras.layers, cls)(4, input_shape=(5, 3)),
                                 tf.keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["acc"])
    np.testing.assert_allclose(model.predict(x[:2]), predicted, atol=1e-5)
    assert _history(model.fit(x, y, epochs=2, batch_size=8, shuffle=False,
                              verbose=0)) == history


def test_recurrent_variable_names_and_outputs(tf):
    x = tf.placeholder(tf.float32, [None, 5, 3])
    lstm = tf.keras.layers.LSTM(4)
    assert lstm(x).shape.as_list() == [None, 4]
    assert [(v.name, v.shape.as_list()) for v in lstm.weights] == [
        ("lstm/lstm_cell/kernel:0", [3, 16]), ("lstm/lstm_cell/recurrent_kernel:0", [4, 16]),
        ("lstm/lstm_cell/bias:0", [16])]
    seq = tf.keras.layers.LSTM(4, return_sequences=True)(x)
    assert seq.shape.as_list() == [None, 5, 4]
    gru = tf.keras.layers.GRU(4, return_state=True)
    out, state = gru(x)
    assert out.shape.as_list() == state.shape.as_list() == [None, 4]
    assert [v.name for v in gru.weights] == ["gru/gru_cell/kernel:0",
                                             "gru/gru_cell/recurrent_kernel:0",
                                             "gru/gru_cell/bias:0"]
    assert type(tf.keras.layers.LSTM(2).cell).__name__ == "LSTMCell"


def test_embedding_lstm_backwards_fit(tf):
    rng = np.random.RandomState(0)
    y = rng.randint(0, 2, 16)
    L = tf.keras.layers
    model = tf.keras.Sequential([L.Embedding(10, 3, input_length=5),
                                 L.LSTM(4, return_sequences=True, go_backwards=True),
                                 L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid")])
    model.compile("rmsprop", "binary_crossentropy", metrics=["accuracy"])
    ids = rng.randint(0, 10, (16, 5))
    history = model.fit(ids, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    assert [l.output_shape for l in model.layers] == [(None, 5, 3), (None, 5, 4), (None, 4),
                                                      (None, 1)]
    assert model.count_params() == 163
    assert len(history.history["loss"]) == 2


def test_conv1d_regression_fit(tf):
    rng = np.random.RandomState(0)
    L = tf.keras.layers
    x1 = rng.rand(6, 10, 2).astype("float32")
    model = tf.keras.Sequential([L.Conv1D(3, 3, activation="relu", input_shape=(10, 2)),
                                 L.MaxPooling1D(), L.Flatten(), L.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(x1, rng.rand(6, 1), epochs=2, batch_size=3, shuffle=False, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.output_shape == (None, 1)


@pytest.mark.parametrize("cls,predicted,evaluated", [
    ("LSTM", [[0.5143785, 0.4856215], [0.4973106, 0.5026894]], [0.69476813, 0.5625]),
    ("GRU", [[0.4778503, 0.5221497], [0.4885214, 0.5114786]], [0.68898845, 0.6875]),
    ("SimpleRNN", [[0.3378178, 0.6621822], [0.2620947, 0.7379053]], [0.69256496, 0.625]),
])
def test_recurrent_dropout_is_off_outside_training(tf, cls, predicted, evaluated):
    tf.set_random_seed(2)
    rng = np.random.RandomState(0)
    x = rng.rand(16, 5, 3).astype("float32")
    y = rng.randint(0, 2, 16)
    layer = getattr(tf.keras.layers, cls)(4, dropout=0.3, recurrent_dropout=0.4,
                                          input_shape=(5, 3))
    model = tf.keras.Sequential([layer, tf.keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["acc"])
    np.testing.assert_allclose(model.predict(x[:2]), predicted, atol=1e-6)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), evaluated, rtol=1e-6)
    history = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    assert len(history.history["loss"]) == 2
