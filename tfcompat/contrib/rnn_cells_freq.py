"""TF 1.15's `tf.contrib.rnn.TimeFreqLSTMCell` (Sainath & Li 2016): an LSTM run across
frequency windows of each input frame as well as through time, ported op for op from
contrib/rnn/python/ops/rnn_cell.py (variables `W_0`, `B`, optional `W_F_diag`, `W_I_diag`,
`W_O_diag`).
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.rnn_cells_more import StoredSizes
from tfcompat.contrib.rnn_cells_more import _get_concat_variable
from tfcompat.nn.rnn_cell_impl import RNNCell


class TimeFreqLSTMCell(StoredSizes, RNNCell):
    """TF1 `tf.contrib.rnn.TimeFreqLSTMCell`. The input frame is cut into windows of
    `feature_size` every `frequency_skip`; one LSTM step per window, each also fed the
    previous window's output. Output and state concatenate all windows ([c, m] per window).

    As in TF 1.15, `state_size` reports one window (2 * num_units) although the state holds
    one [c, m] pair per window, and `initializer` is stored but unused."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None,
                 num_unit_shards=1, forget_bias=1.0, feature_size=None, frequency_skip=1,
                 reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_unit_shards = num_unit_shards
        self._forget_bias = forget_bias
        self._feature_size = feature_size
        self._frequency_skip = frequency_skip
        self._state_size = 2 * num_units
        self._output_size = num_units
        self._reuse = reuse

    def _peepholes(self, dtype):
        if not self._use_peepholes:
            return None
        return [tf.get_variable(name, shape=[self._num_units], dtype=dtype)
                for name in ("W_F_diag", "W_I_diag", "W_O_diag")]

    def _window_step(self, cell_inputs, c_prev, concat_w, b, diags):
        sigmoid, tanh = tf.sigmoid, tf.tanh
        lstm_matrix = tf.nn.bias_add(tf.matmul(cell_inputs, concat_w), b)
        i, j, f, o = tf.split(value=lstm_matrix, num_or_size_splits=4, axis=1)
        if diags:
            w_f_diag, w_i_diag, w_o_diag = diags
            c = (sigmoid(f + self._forget_bias + w_f_diag * c_prev) * c_prev
                 + sigmoid(i + w_i_diag * c_prev) * tanh(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * tanh(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if diags:
            m = sigmoid(o + w_o_diag * c) * tanh(c)
        else:
            m = sigmoid(o) * tanh(c)
        return c, m

    def call(self, inputs, state):
        freq_inputs = self._make_tf_features(inputs)
        dtype = inputs.dtype
        actual_input_size = freq_inputs[0].get_shape().as_list()[1]
        concat_w = _get_concat_variable(
            "W", [actual_input_size + 2 * self._num_units, 4 * self._num_units], dtype,
            self._num_unit_shards)
        b = tf.get_variable("B", shape=[4 * self._num_units],
                            initializer=tf.zeros_initializer(), dtype=dtype)
        diags = self._peepholes(dtype)
        # the first window sees a zero "previous window" output
        m_prev_freq = tf.zeros(
            [inputs.shape.dims[0].value or inputs.get_shape()[0], self._num_units], dtype)
        for fq, freq_input in enumerate(freq_inputs):
            c_prev = tf.slice(state, [0, 2 * fq * self._num_units], [-1, self._num_units])
            m_prev = tf.slice(state, [0, (2 * fq + 1) * self._num_units],
                              [-1, self._num_units])
            cell_inputs = tf.concat([freq_input, m_prev, m_prev_freq], 1)
            c, m = self._window_step(cell_inputs, c_prev, concat_w, b, diags)
            m_prev_freq = m
            if fq == 0:
                state_out = tf.concat([c, m], 1)
                m_out = m
            else:
                state_out = tf.concat([state_out, c, m], 1)
                m_out = tf.concat([m_out, m], 1)
        return m_out, state_out

    def _make_tf_features(self, input_feat):
        input_size = input_feat.get_shape().with_rank(2).dims[-1].value
        if input_size is None:
            raise ValueError("Cannot infer input_size from static shape inference.")
        num_feats = int((input_size - self._feature_size) / (self._frequency_skip)) + 1
        return [tf.slice(input_feat, [0, f * self._frequency_skip], [-1, self._feature_size])
                for f in range(num_feats)]
