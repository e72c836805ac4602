"""keras.layers.RNN over a list of cells (StackedRNNCells): weight names, values, masking.
Expected values recorded from TF 2.21 compat.v1 (tf_keras)."""
import numpy as np

X = np.array([[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9], [1.0, 0.0, -1.0]]],
             np.float32)


def _cells(layers, keras):
    init = {"kernel_initializer": keras.initializers.Constant(0.1),
            "recurrent_initializer": keras.initializers.Constant(-0.2)}
    return [layers.LSTMCell(4, **init), layers.GRUCell(2, **init)]


def test_rnn_over_a_list_of_cells(tf):
    keras = tf.keras
    layers = keras.layers
    x = layers.Input((4, 3))
    y = layers.RNN(_cells(layers, keras), return_sequences=True)(x)
    model = keras.models.Model(x, y)
    assert y.shape.as_list() == [None, 4, 2]
    assert [w.name for w in model.weights] == [
        "rnn/stacked_rnn_cells/lstm_cell/kernel:0",
        "rnn/stacked_rnn_cells/lstm_cell/recurrent_kernel:0",
        "rnn/stacked_rnn_cells/lstm_cell/bias:0",
        "rnn/stacked_rnn_cells/gru_cell/kernel:0",
        "rnn/stacked_rnn_cells/gru_cell/recurrent_kernel:0",
        "rnn/stacked_rnn_cells/gru_cell/bias:0"]
    np.testing.assert_allclose(model.predict(X)[0], EXPECTED, atol=1e-5)


EXPECTED = [[0.003133, 0.003133], [0.011116, 0.011116], [0.023139, 0.023139], [0.01743, 0.01743]]
