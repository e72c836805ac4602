"""Bidirectional / TimeDistributed configs (to_json, HDF5 model files): the wrapped layer
serialized, rebuilt by from_config, a given backward layer recorded as given and renamed
`backward_<name>`, and the recurrent layers' config keys in Keras' order. Expected values
recorded from TF 2.21 compat.v1 (tf_keras, TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np
import pytest

LSTM_KEYS = [
    "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards",
    "stateful", "unroll", "time_major", "units", "activation", "recurrent_activation",
    "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
    "dropout", "recurrent_dropout", "implementation"]


def _model(tf):
    layers = tf.keras.layers
    return tf.keras.Sequential([
        layers.Bidirectional(layers.LSTM(3, return_sequences=True), input_shape=(5, 2)),
        layers.TimeDistributed(layers.Dense(2))])


def test_wrapper_configs_hold_the_wrapped_layer(tf):
    bidirectional, distributed = _model(tf).layers
    config = bidirectional.get_config()
    assert list(config) == ["name", "trainable", "batch_input_shape", "dtype", "layer",
                            "merge_mode"]
    assert config["layer"]["class_name"] == "LSTM"
    assert list(config["layer"]["config"]) == LSTM_KEYS
    assert config["layer"]["config"]["dtype"] is None
    config = distributed.get_config()
    assert list(config) == ["name", "trainable", "dtype", "layer"]
    assert config["layer"]["class_name"] == "Dense"
    assert config["layer"]["config"]["dtype"] == "float32"    # set when the wrapper built it


def test_a_given_backward_layer_is_recorded_and_renamed(tf):
    layers = tf.keras.layers
    layer = layers.Bidirectional(layers.GRU(2), input_shape=(5, 2),
                                 backward_layer=layers.GRU(2, go_backwards=True, name="back"))
    config = layer.get_config()
    assert config["backward_layer"]["config"]["name"] == "back"
    assert (layer.forward_layer.name, layer.backward_layer.name) == ("forward_gru", "backward_back")
    rebuilt = layers.Bidirectional.from_config(config)
    assert rebuilt.backward_layer.name == "backward_back"


def test_model_from_json_rebuilds_the_wrappers(tf):
    rebuilt = tf.keras.models.model_from_json(_model(tf).to_json())
    names = [type(layer).__name__ for layer in rebuilt.layers]
    assert names == ["Bidirectional", "TimeDistributed"]
    assert rebuilt.layers[0].forward_layer.name.startswith("forward_lstm")


def test_hdf5_model_file_round_trip(tf, tmp_path):
    pytest.importorskip("h5py")
    model = _model(tf)
    model.compile("sgd", "mse")
    x = np.arange(20, dtype=np.float32).reshape(2, 5, 2) / 20
    expected = model.predict(x)
    path = os.path.join(str(tmp_path), "m.h5")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x), expected, rtol=1e-6)
    assert len(loaded.weights) == 8
