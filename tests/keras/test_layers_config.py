"""Keras layer configs (get_config keys, from_config round trips) and clone_model naming,
recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import json

import pytest

_BASE = ["dtype", "name", "trainable"]
_RNN = ["activation", "activity_regularizer", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dropout", "dtype", "go_backwards", "implementation",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name",
        "recurrent_activation", "recurrent_constraint", "recurrent_dropout",
        "recurrent_initializer", "recurrent_regularizer", "return_sequences", "return_state",
        "stateful", "time_major", "trainable", "units", "unroll", "use_bias"]
CASES = [
    ("Dense", (3,), {"activation": "relu", "kernel_regularizer": "l2"}, [
        "activation", "activity_regularizer", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dtype", "kernel_constraint", "kernel_initializer",
        "kernel_regularizer", "name", "trainable", "units", "use_bias"]),
    ("Conv2D", (2, 3), {"strides": 2, "padding": "same"}, [
        "activation", "activity_regularizer", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "dilation_rate", "dtype", "filters", "groups",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size", "name",
        "padding", "strides", "trainable", "use_bias"]),
    ("Dropout", (0.3,), {}, sorted(_BASE + ["noise_shape", "rate", "seed"])),
    ("Flatten", (), {}, sorted(_BASE + ["data_format"])),
    ("Reshape", ((2, 3),), {}, sorted(_BASE + ["target_shape"])),
    ("BatchNormalization", (), {"momentum": 0.9}, [
        "axis", "beta_constraint", "beta_initializer", "beta_regularizer", "center", "dtype",
        "epsilon", "gamma_constraint", "gamma_initializer", "gamma_regularizer", "momentum",
        "moving_mean_initializer", "moving_variance_initializer", "name", "scale",
        "trainable"]),
    ("Embedding", (5, 2), {}, [
        "activity_regularizer", "batch_input_shape", "dtype", "embeddings_constraint",
        "embeddings_initializer", "embeddings_regularizer", "input_dim", "input_length",
        "mask_zero", "name", "output_dim", "trainable"]),
    ("LSTM", (3,), {"return_sequences": True}, sorted(_RNN + ["unit_forget_bias"])),
    ("GRU", (2,), {}, sorted(_RNN + ["reset_after"])),
    ("Concatenate", (), {"axis": 1}, sorted(_BASE + ["axis"])),
    ("MaxPooling2D", (), {}, sorted(_BASE + ["data_format", "padding", "pool_size",
                                            "strides"])),
    ("Activation", ("tanh",), {}, sorted(_BASE + ["activation"])),
]


@pytest.mark.parametrize("cls,args,kwargs,keys", CASES, ids=[c[0] for c in CASES])
def test_config_keys_and_round_trip(tf, cls, args, kwargs, keys):
    layer = getattr(tf.keras.layers, cls)(*args, **kwargs)
    config = layer.get_config()
    assert sorted(config) == keys
    clone = type(layer).from_config(config)
    assert clone.get_config() == config


def test_clone_model_keeps_names(tf):
    L = tf.keras.layers
    model = tf.keras.Sequential([L.Dense(3, input_shape=(4,)), L.Dense(1)])
    clone = tf.keras.models.clone_model(model)
    assert clone.name == "sequential"
    assert [layer.name for layer in clone.layers] == ["dense", "dense_1"]
    assert [t.name for t in clone.inputs] == ["dense_input_1:0"]
    assert [w.name for w in clone.weights] == ["dense_2/kernel:0", "dense_2/bias:0",
                                               "dense_1_1/kernel:0", "dense_1_1/bias:0"]
    inp = tf.keras.Input((4,))
    functional = tf.keras.Model(inp, L.Dense(2)(L.Dense(3)(inp)))
    clone = tf.keras.models.clone_model(functional)
    assert clone.name == "model"
    assert [layer.name for layer in clone.layers] == ["input_1", "dense_3", "dense_2"]
    assert [t.name for t in clone.inputs] == ["input_1_1:0"]


def test_sequential_to_json_and_back(tf):
    L = tf.keras.layers
    model = tf.keras.Sequential([L.Dense(3, activation="relu", input_shape=(4,)),
                                 L.Dropout(0.5), L.Dense(1)])
    text = model.to_json()
    data = json.loads(text)
    assert (data["class_name"], data["keras_version"], data["backend"]) == (
        "Sequential", "2.21.0", "tensorflow")
    assert data["config"]["layers"][0] == {"class_name": "InputLayer", "config": {
        "batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "ragged": False,
        "name": "dense_input", "optional": False}}
    assert [layer["class_name"] for layer in data["config"]["layers"]] == [
        "InputLayer", "Dense", "Dropout", "Dense"]
    assert data["config"]["layers"][2]["config"] == {
        "name": "dropout", "trainable": True, "dtype": "float32", "rate": 0.5,
        "noise_shape": None, "seed": None}
    clone = tf.keras.models.model_from_json(text)
    assert clone.name == "sequential"
    assert [layer.name for layer in clone.layers] == ["dense", "dropout", "dense_1"]
    assert [w.name for w in clone.weights] == ["dense_2/kernel:0", "dense_2/bias:0",
                                               "dense_1_1/kernel:0", "dense_1_1/bias:0"]
    assert [t.name for t in clone.inputs] == ["dense_input_1:0"]


def test_functional_config_round_trip(tf):
    L = tf.keras.layers
    inp = tf.keras.Input((4,), name="x")
    a = L.Dense(3, name="h")(inp)
    b = L.Dense(2, name="o1")(a)
    c = L.Concatenate(name="cat")([a, b])
    model = tf.keras.Model(inp, [b, c], name="fm")
    config = model.get_config()
    assert (config["name"], config["trainable"]) == ("fm", True)
    assert [(layer["name"], layer["inbound_nodes"]) for layer in config["layers"]] == [
        ("x", []), ("h", [[["x", 0, 0, {}]]]), ("o1", [[["h", 0, 0, {}]]]),
        ("cat", [[["h", 0, 0, {}], ["o1", 0, 0, {}]]])]
    assert config["input_layers"] == [["x", 0, 0]]
    assert config["output_layers"] == [["o1", 0, 0], ["cat", 0, 0]]
    clone = tf.keras.Model.from_config(config)
    assert clone.name == "fm"
    assert [layer.name for layer in clone.layers] == ["x", "h", "o1", "cat"]
    assert [t.name for t in clone.outputs] == ["o1_1/BiasAdd:0", "cat_1/concat:0"]
    assert [w.name for w in clone.weights] == ["h_1/kernel:0", "h_1/bias:0", "o1_1/kernel:0",
                                               "o1_1/bias:0"]
    assert tf.keras.layers.deserialize({"class_name": "Dense",
                                        "config": {"units": 5, "name": "q"}}).units == 5
    assert tf.keras.layers.serialize(L.Dense(2, name="zz"))["config"]["dtype"] is None
