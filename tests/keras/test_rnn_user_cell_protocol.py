"""A user-written Keras RNN cell (2019 NTM/DNC ports): its own `units` attribute, an
`output_size` wider than its first state, a state whose static shape the step loses
(batch_flatten), and a `get_initial_state(inputs=None, batch_size, dtype)` giving non-zero states;
RNN(return_sequences, return_state) and compute_output_shape with return_state.
Literals recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np


def _cell_class(tf):
    K = tf.keras.backend

    class Cell(tf.keras.layers.Layer):
        def __init__(self, units, **kw):
            super(Cell, self).__init__(**kw)
            self.units = units
            self.state_size = [units, 4]
            self.output_size = units + 1

        def build(self, input_shape):
            self.k = self.add_weight('k', (int(input_shape[-1]), self.units), initializer='ones')
            self.built = True

        def call(self, inputs, states):
            h, acc = states
            h = K.tanh(K.dot(inputs, self.k) + h)
            acc = K.batch_flatten(K.reshape(acc, (-1, 2, 2)) + 1.0)
            return K.concatenate([h, K.sum(acc, 1, keepdims=True)]), [h, acc]

        def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
            assert inputs is None
            return [tf.fill(tf.stack([batch_size, self.units]), 0.5),
                    tf.zeros(tf.stack([batch_size, 4]))]
    return Cell


def test_user_cell_units_output_size_and_initial_state(tf):
    K = tf.keras.backend
    x = tf.keras.layers.Input((3, 2))
    layer = tf.keras.layers.RNN(_cell_class(tf)(3), return_sequences=True, return_state=True)
    outs = layer(x)
    assert [o.shape.as_list() for o in outs] == [[None, 3, 4], [None, 3], [None, 4]]
    assert [s.as_list() for s in layer.compute_output_shape((None, 3, 2))] == [
        [None, 3, 4], [None, 3], [None, 4]]
    seq, h, acc = K.function([x], outs)([np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 10])
    np.testing.assert_allclose(seq[0, :, 0], [0.53705, 0.77672, 0.93243], atol=1e-5)
    np.testing.assert_allclose(seq[1, :, 0], [0.94681, 0.99, 0.99587], atol=1e-5)
    np.testing.assert_array_equal(seq[:, :, 3], [[4.0, 8.0, 12.0], [4.0, 8.0, 12.0]])
    np.testing.assert_allclose(h, [[0.93243] * 3, [0.99587] * 3], atol=1e-5)
    np.testing.assert_array_equal(acc, np.full((2, 4), 3.0))
