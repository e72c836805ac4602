"""tf.keras ConvLSTM2D: variable names and shapes, static output shapes, values and gradients
for fixed weights (sequences, states, go_backwards, padding, strides, dilation, channels_first,
dropout outside training), seeded initial weights, masks, stateful states, configs, summary and
the JSON/HDF5 round trips. The literals were recorded from TF 2.21 (tf.compat.v1, v2 behaviour
disabled, TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np
import pytest

# (layer arguments, output shapes, [sum, sum |.|] of the outputs then of the gradients of the
# input, kernel, recurrent_kernel and bias)
CASES = [
    ({}, [[None, 3, 3, 3]],
     [[-2.1255, 4.0244], [0.2794, 8.467], [0.1854, 6.5947], [0.0569, 3.8578], [-1.6013, 6.8717]]),
    ({"return_sequences": True}, [[None, 3, 3, 3, 3]],
     [[-2.489, 12.2084], [0.5367, 15.6773], [-0.4245, 17.6994], [-0.0265, 5.5891],
      [-1.6088, 12.5919]]),
    ({"return_state": True, "go_backwards": True},
     [[None, 3, 3, 3], [None, 3, 3, 3], [None, 3, 3, 3]],
     [[-2.2181, 4.3893], [-2.2181, 4.3893], [-4.0501, 8.1744], [1.6075, 49.4457],
      [1.2219, 44.7974], [0.9163, 21.1864], [-9.7718, 39.6322]]),
    ({"padding": "same", "strides": (1, 2)}, [[None, 4, 3, 3]],
     [[-3.1561, 6.0326], [1.8274, 8.5857], [-0.1864, 6.876], [0.1424, 5.767], [-2.2962, 10.5756]]),
    ({"dilation_rate": 2, "padding": "same", "return_sequences": True}, [[None, 3, 4, 5, 3]],
     [[-9.2957, 34.4799], [6.9269, 29.2829], [-2.8619, 55.8589], [0.2643, 16.1209],
      [-3.2138, 32.801]]),
    ({"data_format": "channels_first", "return_sequences": True, "activation": "relu",
      "recurrent_activation": "sigmoid"},
     [[None, 3, 3, 3, 3]],
     [[8.3462, 8.3462], [-0.0191, 6.1842], [-0.0471, 28.9035], [1.9345, 1.9345],
      [6.2787, 6.2787]]),
    ({"use_bias": False, "unit_forget_bias": False, "dropout": 0.3, "recurrent_dropout": 0.2},
     [[None, 3, 3, 3]],
     [[0.0228, 1.1174], [-0.0054, 1.2931], [-0.0291, 3.0666], [-0.0468, 0.1329]]),
]


def _digest(values):
    return [[float(np.sum(v)), float(np.sum(np.abs(v)))] for v in values]


def _fill(tf, layer):
    return [tf.assign(w, (np.cos(np.arange(int(np.prod(w.shape.as_list()))) * 0.7) * 0.5)
                      .reshape(w.shape.as_list()).astype(np.float32)) for w in layer.weights]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_values_and_gradients(tf, index):
    kwargs, shapes, digest = CASES[index]
    shape = [2, 3, 2, 4, 5] if kwargs.get("data_format") == "channels_first" else [2, 3, 4, 5, 2]
    x = tf.placeholder(tf.float32, [None] + shape[1:])
    layer = tf.keras.layers.ConvLSTM2D(3, (2, 3), **kwargs)
    outs = layer(x)
    outs = outs if isinstance(outs, list) else [outs]
    assert [o.shape.as_list() for o in outs] == shapes
    grads = tf.gradients(sum(tf.reduce_sum(o * o) for o in outs), [x] + layer.weights)
    xv = np.sin(np.arange(np.prod(shape)) * 0.37).reshape(shape).astype(np.float32)
    with tf.Session() as sess:
        sess.run(_fill(tf, layer))
        results = sess.run(outs + grads, {x: xv})
    np.testing.assert_allclose(_digest(results), digest, rtol=1e-4, atol=2e-3)


def test_names_shapes_config(tf):
    L = tf.keras.layers
    layer = L.ConvLSTM2D(3, (2, 3), return_sequences=True, return_state=True)
    outs = layer(tf.placeholder(tf.float32, [None, 3, 5, 6, 2]))
    assert outs[0].name == "conv_lstm2d/transpose_1:0"
    assert [o.shape.as_list() for o in outs] == [[None, 3, 4, 4, 3], [None, 4, 4, 3],
                                                 [None, 4, 4, 3]]
    # as ConvRNN: the cell's weights sit directly under the layer's scope
    assert [(w.name, w.shape.as_list()) for w in layer.weights] == [
        ("conv_lstm2d/kernel:0", [2, 3, 2, 12]), ("conv_lstm2d/recurrent_kernel:0", [2, 3, 3, 12]),
        ("conv_lstm2d/bias:0", [12])]
    assert layer.count_params() == 372
    assert layer.cell.name == "conv_lstm_cell" and layer.filters == 3
    config = layer.get_config()
    assert list(config) == [
        "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards",
        "stateful", "unroll", "time_major", "filters", "kernel_size", "strides", "padding",
        "data_format", "dilation_rate", "activation", "recurrent_activation", "use_bias",
        "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias",
        "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
        "dropout", "recurrent_dropout"]
    assert (config["kernel_size"], config["recurrent_activation"], config["dtype"]) == (
        (2, 3), "hard_sigmoid", "float32")
    assert config["recurrent_initializer"] == {
        "class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None, "dtype": "float32"}}
    assert list(layer.cell.get_config())[:4] == ["name", "trainable", "dtype", "filters"]
    copy = L.deserialize(L.serialize(layer))
    assert type(copy).__name__ == "ConvLSTM2D" and copy.get_config() == config
    other = L.ConvLSTM2D(2, 3, padding="same", data_format="channels_first", dilation_rate=2)
    y = other(tf.placeholder(tf.float32, [None, 4, 2, 6, 7]))
    assert y.shape.as_list() == [None, 2, 6, 7]
    assert [(w.name, w.shape.as_list()) for w in other.weights] == [
        ("conv_lstm2d_1/kernel:0", [3, 3, 2, 8]),
        ("conv_lstm2d_1/recurrent_kernel:0", [3, 3, 2, 8]), ("conv_lstm2d_1/bias:0", [8])]


def test_errors(tf):
    L = tf.keras.layers
    with pytest.raises(TypeError, match="Unrolling is not possible with convolutional RNNs. "
                       "Received: unroll=True"):
        L.ConvLSTM2D(2, 3, unroll=True)
    with pytest.raises(ValueError, match='expected ndim=5, found ndim=4'):
        L.ConvLSTM2D(2, 3)(tf.placeholder(tf.float32, [None, 3, 5, 6]))
    with pytest.raises(AttributeError, match="Layer must be stateful."):
        L.ConvLSTM2D(2, 2).reset_states()


def test_seeded_initial_weights(tf):
    tf.set_random_seed(3)
    layer = tf.keras.layers.ConvLSTM2D(2, 2)
    layer(tf.placeholder(tf.float32, [None, 2, 3, 3, 1]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, recurrent, bias = sess.run(layer.weights)
    np.testing.assert_allclose(kernel.ravel()[:5], KERNEL_HEAD, atol=1e-4)
    np.testing.assert_allclose(recurrent.ravel()[:5], RECURRENT_HEAD, atol=1e-4)
    np.testing.assert_array_equal(bias, [0, 0, 1, 1, 0, 0, 0, 0])     # unit_forget_bias


def test_time_mask_keeps_previous_step(tf):
    x = tf.placeholder(tf.float32, [None, 3, 4, 5, 2])
    mask = tf.placeholder(tf.bool, [None, 3])
    layer = tf.keras.layers.ConvLSTM2D(2, 3, return_sequences=True, return_state=True)
    outs = layer(x, mask=mask)
    with tf.Session() as sess:
        sess.run([tf.assign(w, np.full(w.shape.as_list(), 0.1, np.float32))
                  for w in layer.weights])
        xv = np.sin(np.arange(2 * 3 * 4 * 5 * 2)).reshape(2, 3, 4, 5, 2).astype(np.float32)
        seq, h, c = sess.run(outs, {x: xv, mask: [[True, False, True], [True, True, False]]})
    np.testing.assert_allclose([seq.sum(), h.sum(), c.sum()], [2.7124, 1.1632, 2.221],
                               atol=1e-3)
    np.testing.assert_allclose(seq[:, :, 0, 0, 0], [[0.0273, 0.0273, 0.0537],
                                                    [0.0239, 0.0441, 0.0441]], atol=1e-4)


def test_stateful_states_carry_over_and_reset(tf):
    L = tf.keras.layers
    model = tf.keras.Sequential([L.ConvLSTM2D(1, 2, stateful=True,
                                              batch_input_shape=(2, 2, 3, 3, 1))])
    xv = np.arange(36).reshape(2, 2, 3, 3, 1).astype(np.float32) / 36
    first, second = model.predict(xv), model.predict(xv)
    model.reset_states()
    assert np.allclose(first, model.predict(xv)) and not np.allclose(first, second)
    assert model.layers[0].count_params() == 36


# summary() prints TF 1.15's layout (these literals: TF 1.15's print_summary run on TF 2.21's
# models); TF 2.21's tf_keras, the live reference, prints another (known_differences.txt)
TF1_SUMMARY_LAYOUT = not os.environ.get("TFCOMPAT_TEST_AGAINST_TF")

_SUMMARY = """\
Model: "sequential"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
conv_lstm2d (ConvLSTM2D)     (None, 3, 3, 4, 2)        296       
_________________________________________________________________
conv_lstm2d_1 (ConvLSTM2D)   (None, 2, 3, 1)           52        
=================================================================
Total params: 348
Trainable params: 348
Non-trainable params: 0
_________________________________________________________________
"""


def test_seeded_model_summary_json_and_hdf5(tf, tmp_path):
    L = tf.keras.layers
    tf.set_random_seed(5)
    model = tf.keras.Sequential([
        L.ConvLSTM2D(2, 3, input_shape=(3, 5, 6, 2), return_sequences=True),
        L.ConvLSTM2D(1, 2)])
    lines = []
    model.summary(print_fn=lines.append)
    if TF1_SUMMARY_LAYOUT:
        assert "\n".join(lines) + "\n" == _SUMMARY
    xv = np.sin(np.arange(2 * 3 * 5 * 6 * 2) * 0.1).reshape(2, 3, 5, 6, 2).astype(np.float32)
    predicted = model.predict(xv)
    np.testing.assert_allclose(_digest([predicted]), PREDICTED, rtol=1e-4, atol=1e-5)
    rebuilt = tf.keras.models.model_from_json(model.to_json())
    assert [layer.get_config() for layer in rebuilt.layers] == [
        layer.get_config() for layer in model.layers]
    pytest.importorskip("h5py")
    path = os.path.join(str(tmp_path), "model.h5")
    model.save(path)
    np.testing.assert_allclose(tf.keras.models.load_model(path).predict(xv), predicted,
                               atol=1e-6)


KERNEL_HEAD = [-0.30426, 0.25694, 0.32483, 0.24339, -0.13823]
RECURRENT_HEAD = [-0.00824, -0.35674, 0.36634, 0.33572, -0.38636]
PREDICTED = [[-0.020052935928106308, 0.07635302096605301]]


def test_output_and_state_names_as_keras_backend_rnn(tf):
    # TF's backend.rnn: the last output is outputs[-1] (after reading the number of steps and
    # the first step's input), the states are the while loop's exits (S34 video sweep)
    x = tf.placeholder(tf.float32, [None, 3, 5, 5, 2])
    names = []
    for kw in [dict(return_state=True),
               dict(return_state=True, go_backwards=True, return_sequences=True),
               dict(), dict(return_sequences=True)]:
        r = tf.keras.layers.ConvLSTM2D(2, 3, padding="same", **kw)(x)
        names.append([t.name for t in (r if isinstance(r, list) else [r])])
    assert names == [
        ["conv_lstm2d/strided_slice_2:0", "conv_lstm2d/while/Exit_2:0",
         "conv_lstm2d/while/Exit_3:0"],
        ["conv_lstm2d_1/transpose_1:0", "conv_lstm2d_1/while/Exit_2:0",
         "conv_lstm2d_1/while/Exit_3:0"],
        ["conv_lstm2d_2/strided_slice_2:0"], ["conv_lstm2d_3/transpose_1:0"]]
