"""keras.layers.RNN over a list of cells: the states `return_state` gives (nested per cell),
`initial_state` in that nesting, and the layer's config (the cell serialized) through
from_config, model_from_json and HDF5. Expected values recorded from TF 2.21 compat.v1
(tf_keras, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest

X = np.array([[[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]], np.float32)


def _init(keras):
    return {"kernel_initializer": keras.initializers.Constant(0.1),
            "recurrent_initializer": keras.initializers.Constant(-0.2)}


def _structure(outputs):
    """The nesting of `outputs` with each tensor's static shape."""
    if isinstance(outputs, (list, tuple)):
        return [_structure(o) for o in outputs]
    return tuple(outputs.shape.as_list())


@pytest.mark.parametrize("cells, expected", [
    (("LSTMCell", "LSTMCell"), [(None, 5), [(None, 4), (None, 4)], [(None, 5), (None, 5)]]),
    (("GRUCell", "SimpleRNNCell"), [(None, 5), (None, 4), (None, 5)]),
    (("LSTMCell", "GRUCell"), [(None, 5), [(None, 4), (None, 4)], (None, 5)]),
    (("LSTMCell",), [(None, 4), [(None, 4), (None, 4)]]),
])
def test_return_state_nests_each_cells_states(tf, cells, expected):
    layers = tf.keras.layers
    units = [4, 5]
    rnn = layers.RNN([getattr(layers, c)(u) for c, u in zip(cells, units)], return_state=True)
    outputs = rnn(layers.Input((3, 2)))
    assert isinstance(outputs, list)
    assert _structure(outputs) == expected


def test_initial_state_in_the_same_nesting(tf):
    keras = tf.keras
    layers = keras.layers
    x, h1, c1, h2 = (layers.Input((3, 2)), layers.Input((3,)), layers.Input((3,)),
                     layers.Input((2,)))
    cells = [layers.LSTMCell(3, **_init(keras)), layers.GRUCell(2, **_init(keras))]
    out, (h, c), gru_state = layers.RNN(cells, return_state=True)(
        x, initial_state=[[h1, c1], h2])
    model = keras.models.Model([x, h1, c1, h2], [out, h, c, gru_state])
    got = model.predict([X, np.full((1, 3), 0.5, np.float32), np.full((1, 3), -0.5, np.float32),
                         np.full((1, 2), 0.25, np.float32)])
    np.testing.assert_allclose(got[0], [[-0.006162, -0.006162]], atol=1e-6)
    np.testing.assert_allclose(got[1], [[-0.050525] * 3], atol=1e-6)
    np.testing.assert_allclose(got[2], [[-0.094161] * 3], atol=1e-6)
    np.testing.assert_allclose(got[3], got[0])


def test_flat_initial_state_of_a_stack_is_rejected(tf):
    layers = tf.keras.layers
    x = layers.Input((3, 2))
    states = [layers.Input((4,)), layers.Input((4,)), layers.Input((5,)), layers.Input((5,))]
    rnn = layers.RNN([layers.LSTMCell(4), layers.LSTMCell(5)], return_state=True)
    with pytest.raises(ValueError, match="Layer has 2 states but was passed 4 initial states"):
        rnn(x, initial_state=states)


def test_initial_state_of_the_wrong_size_for_one_cell(tf):
    layers = tf.keras.layers
    x, h, c = layers.Input((3, 2)), layers.Input((4,)), layers.Input((4,))
    with pytest.raises(ValueError) as info:
        layers.RNN(layers.LSTMCell(4))(x, initial_state=[h])
    assert str(info.value) == (
        "An `initial_state` was passed that is not compatible with `cell.state_size`. "
        "Received `state_spec`=ListWrapper([InputSpec(shape=(None, 4), ndim=2)]); however "
        "`cell.state_size` is [4, 4]")
    with pytest.raises(ValueError, match="however `cell.state_size` is \\[4\\]"):
        layers.RNN(layers.GRUCell(4))(x, initial_state=[h, c])


def test_states_given_in_a_list_with_the_inputs(tf):
    keras = tf.keras
    layers = keras.layers
    x, h, c = layers.Input((3, 2)), layers.Input((4,)), layers.Input((4,))
    outputs = layers.RNN(layers.LSTMCell(4, **_init(keras)), return_state=True)([x, h, c])
    assert _structure(outputs) == [(None, 4), (None, 4), (None, 4)]
    model = keras.models.Model([x, h, c], outputs)
    got = model.predict([np.ones((1, 3, 2), np.float32), np.full((1, 4), 0.5, np.float32),
                         np.full((1, 4), -0.5, np.float32)])
    np.testing.assert_allclose(got[0], [[0.022031] * 4], atol=1e-6)
    np.testing.assert_allclose(got[2], [[0.039922] * 4], atol=1e-6)
    stacked = layers.RNN([layers.LSTMCell(4), layers.GRUCell(5)], return_state=True)(
        [x, [h, c], layers.Input((5,))])
    assert _structure(stacked) == [(None, 5), [(None, 4), (None, 4)], (None, 5)]


def test_model_with_initial_states_from_json(tf):
    keras = tf.keras
    layers = keras.layers
    x, h1, c1, h2 = (layers.Input((3, 2)), layers.Input((3,)), layers.Input((3,)),
                     layers.Input((2,)))
    cells = [layers.LSTMCell(3, **_init(keras)), layers.GRUCell(2, **_init(keras))]
    out, (h, c), gru_state = layers.RNN(cells, return_state=True)(
        x, initial_state=[[h1, c1], h2])
    model = keras.models.Model([x, h1, c1, h2], [out, h, c, gru_state])
    rebuilt = keras.models.model_from_json(model.to_json())
    rebuilt.set_weights(model.get_weights())
    got = rebuilt.predict([X, np.full((1, 3), 0.5, np.float32),
                           np.full((1, 3), -0.5, np.float32), np.full((1, 2), 0.25, np.float32)])
    np.testing.assert_allclose(got[1], [[-0.050525] * 3], atol=1e-6)
    np.testing.assert_allclose(got[3], [[-0.006162] * 2], atol=1e-6)


CELL_KEYS = {"name", "trainable", "dtype", "units", "activation", "recurrent_activation",
             "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
             "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
             "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
             "recurrent_dropout"}


def test_get_config_serializes_the_cell(tf):
    layers = tf.keras.layers
    config = layers.RNN(layers.LSTMCell(4), return_sequences=True).get_config()
    assert set(config) == {"name", "trainable", "dtype", "return_sequences", "return_state",
                           "go_backwards", "stateful", "unroll", "time_major", "cell"}
    assert config["return_sequences"] is True
    assert config["cell"]["class_name"] == "LSTMCell"
    cell_config = config["cell"]["config"]
    assert CELL_KEYS <= set(cell_config)
    assert cell_config["units"] == 4 and cell_config["unit_forget_bias"] is True
    assert cell_config["recurrent_activation"] == "hard_sigmoid"

    stacked = layers.RNN([layers.LSTMCell(4), layers.GRUCell(5)]).get_config()["cell"]
    assert stacked["class_name"] == "StackedRNNCells"
    assert set(stacked["config"]) == {"name", "trainable", "dtype", "cells"}
    assert [c["class_name"] for c in stacked["config"]["cells"]] == ["LSTMCell", "GRUCell"]
    assert [c["config"]["units"] for c in stacked["config"]["cells"]] == [4, 5]
    # LSTM & co. carry the cell's fields themselves, not a `cell` entry
    assert "cell" not in layers.LSTM(3).get_config()
    assert stacked["config"]["cells"][0]["config"]["implementation"] == 1
    assert stacked["config"]["cells"][1]["config"]["implementation"] == 1
    assert stacked["config"]["cells"][1]["config"]["reset_after"] is False
    # a simple cell has no recurrent activation, a SimpleRNN no implementation mode
    assert "recurrent_activation" not in layers.SimpleRNNCell(2).get_config()
    simple = layers.SimpleRNN(2).get_config()
    assert "recurrent_activation" not in simple and "implementation" not in simple


def test_from_config_rebuilds_the_cells(tf):
    layers = tf.keras.layers
    rnn = layers.RNN.from_config(
        layers.RNN([layers.LSTMCell(4), layers.SimpleRNNCell(5)], go_backwards=True,
                   name="stack").get_config())
    assert rnn.name == "stack" and rnn.go_backwards is True
    assert type(rnn.cell).__name__ == "StackedRNNCells"
    assert [type(c).__name__ for c in rnn.cell.cells] == ["LSTMCell", "SimpleRNNCell"]
    assert [c.units for c in rnn.cell.cells] == [4, 5]
    single = layers.RNN.from_config(layers.RNN(layers.GRUCell(3)).get_config())
    assert type(single.cell).__name__ == "GRUCell" and single.cell.units == 3


def _model(keras):
    layers = keras.layers
    return keras.Sequential([
        layers.RNN([layers.LSTMCell(3, **_init(keras)), layers.GRUCell(2, **_init(keras))],
                   return_sequences=True, input_shape=(3, 2)),
        layers.RNN(layers.SimpleRNNCell(2, **_init(keras)))])


# TF 2.21 compat.v1: the model's prediction on X
PREDICTION = [[0.000957085, 0.000957085]]
WEIGHT_SHAPES = [[2, 12], [3, 12], [12], [3, 6], [2, 6], [6], [2, 2], [2, 2], [2]]


def test_model_from_json_and_hdf5_round_trip(tf, tmp_path):
    keras = tf.keras
    model = _model(keras)
    model.compile("sgd", "mse")
    np.testing.assert_allclose(model.predict(X), PREDICTION, atol=1e-8)
    rebuilt = keras.models.model_from_json(model.to_json())
    assert [w.shape.as_list() for w in rebuilt.weights] == WEIGHT_SHAPES
    path = str(tmp_path / "stacked.h5")
    model.save(path)
    loaded = keras.models.load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers] == ["RNN", "RNN"]
    assert type(loaded.layers[0].cell).__name__ == "StackedRNNCells"
    np.testing.assert_allclose(loaded.predict(X), PREDICTION, atol=1e-8)


def test_hdf5_weight_names_of_the_cells(tf, tmp_path):
    h5py = pytest.importorskip("h5py")
    model = _model(tf.keras)
    model.compile("sgd", "mse")
    path = str(tmp_path / "stacked.h5")
    model.save(path)
    names = []
    with h5py.File(path, "r") as f:
        f["model_weights"].visit(names.append)
    assert [n for n in names if n.endswith(":0")] == [
        "rnn/rnn/stacked_rnn_cells/gru_cell/bias:0",
        "rnn/rnn/stacked_rnn_cells/gru_cell/kernel:0",
        "rnn/rnn/stacked_rnn_cells/gru_cell/recurrent_kernel:0",
        "rnn/rnn/stacked_rnn_cells/lstm_cell/bias:0",
        "rnn/rnn/stacked_rnn_cells/lstm_cell/kernel:0",
        "rnn/rnn/stacked_rnn_cells/lstm_cell/recurrent_kernel:0",
        "rnn_1/rnn_1/simple_rnn_cell/bias:0",
        "rnn_1/rnn_1/simple_rnn_cell/kernel:0",
        "rnn_1/rnn_1/simple_rnn_cell/recurrent_kernel:0"]
