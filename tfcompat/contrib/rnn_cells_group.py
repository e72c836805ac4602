"""TF 1.15's `tf.contrib.rnn.GLSTMCell` and `LayerNormLSTMCell` (contrib/rnn/python/ops/
rnn_cell.py), ported op for op so checkpoints drop in.

GLSTMCell (Kuchaiev and Ginsburg, "Factorization Tricks for LSTM Networks", 2017): one LSTM
sub-cell per group, each with its `group<k>/kernel` over its slice of the inputs and of the
previous output, shared biases `bias_i`, `bias_j`, `bias_f`, `bias_o`, optional
`projection/kernel`.

LayerNormLSTMCell: LSTMCell's `kernel`/`bias` (with layer_norm the bias is made but not
added, as in TF), peepholes `w_f_diag`/`w_i_diag`/`w_o_diag`, layer norms `input`,
`transform`, `forget`, `output`, `state`, clips and `projection/kernel`."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _Linear
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _arg_list
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _total_arg_size
from tfcompat.contrib.rnn_cells_more import _norm
from tfcompat.contrib.rnn_cells_more import StoredSizes
from tfcompat.nn.rnn_cell_impl import LSTMStateTuple
from tfcompat.nn.rnn_cell_impl import RNNCell


class GLSTMCell(StoredSizes, RNNCell):
    """Group LSTM cell (G-LSTM): `number_of_groups` LSTM sub-cells, each on an evenly sized
    sub-vector of the input, producing an evenly sized sub-vector of the output."""

    def __init__(self, num_units, initializer=None, num_proj=None, number_of_groups=1,
                 forget_bias=1.0, activation=tf.tanh, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._num_proj = num_proj
        self._forget_bias = forget_bias
        self._activation = activation
        self._number_of_groups = number_of_groups
        if self._num_units % self._number_of_groups != 0:
            raise ValueError("num_units must be divisible by number_of_groups")
        group_units = int(self._num_units / self._number_of_groups)
        if self._num_proj:
            if self._num_proj % self._number_of_groups != 0:
                raise ValueError("num_proj must be divisible by number_of_groups")
            self._group_shape = [int(self._num_proj / self._number_of_groups), group_units]
        else:
            self._group_shape = [group_units, group_units]
        if num_proj:
            self._state_size = LSTMStateTuple(num_units, num_proj)
            self._output_size = num_proj
        else:
            self._state_size = LSTMStateTuple(num_units, num_units)
            self._output_size = num_units
        self._linear1 = [None] * number_of_groups
        self._linear2 = None

    def _get_input_for_group(self, inputs, group_id, group_size):
        return tf.slice(inputs, [0, group_id * group_size], [self._batch_size, group_size],
                        name="GLSTM_group%d_input_generation" % group_id)

    def _group_gates(self, inputs, m_prev, input_group_size):
        parts = ([], [], [], [])
        for group_id in range(self._number_of_groups):
            with tf.variable_scope("group%d" % group_id):
                x_g_id = tf.concat(
                    [self._get_input_for_group(inputs, group_id, input_group_size),
                     self._get_input_for_group(m_prev, group_id, self._group_shape[0])],
                    axis=1)
                linear = self._linear1[group_id]
                if linear is None:
                    linear = _Linear(x_g_id, 4 * self._group_shape[1], False)
                    self._linear1[group_id] = linear
                for part, gate in zip(parts, tf.split(linear(x_g_id), 4, 1)):
                    part.append(gate)
        return parts

    def _bias(self, name, dtype):
        return tf.get_variable(name=name, shape=[self._num_units], dtype=dtype,
                               initializer=tf.constant_initializer(0.0, dtype=dtype))

    def call(self, inputs, state):
        c_prev, m_prev = state
        self._batch_size = inputs.shape[0].value or tf.shape(inputs)[0]
        input_size = inputs.shape[1].value
        if input_size is None:
            raise ValueError("input size must be statically known")
        if input_size % self._number_of_groups != 0:
            raise ValueError("input size (%d) must be divisible by number_of_groups (%d)"
                             % (input_size, self._number_of_groups))
        input_group_size = int(input_size / self._number_of_groups)
        dtype = inputs.dtype
        with tf.variable_scope(tf.get_variable_scope(), initializer=self._initializer):
            i_parts, j_parts, f_parts, o_parts = self._group_gates(inputs, m_prev,
                                                                   input_group_size)
            bi, bj = self._bias("bias_i", dtype), self._bias("bias_j", dtype)
            bf, bo = self._bias("bias_f", dtype), self._bias("bias_o", dtype)
            i = tf.nn.bias_add(tf.concat(i_parts, axis=1), bi)
            j = tf.nn.bias_add(tf.concat(j_parts, axis=1), bj)
            f = tf.nn.bias_add(tf.concat(f_parts, axis=1), bf)
            o = tf.nn.bias_add(tf.concat(o_parts, axis=1), bo)
        c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * tf.tanh(j)
        m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            with tf.variable_scope("projection"):
                if self._linear2 is None:
                    self._linear2 = _Linear(m, self._num_proj, False)
                m = self._linear2(m)
        return m, LSTMStateTuple(c, m)


def _ln_linear(args, output_size, bias, layer_norm=False):
    """LayerNormLSTMCell._linear: `kernel` (+ `bias`, created but only added without
    layer_norm)."""
    args, _ = _arg_list(args)
    total_arg_size = _total_arg_size(args)
    dtype = args[0].dtype
    with tf.variable_scope(tf.get_variable_scope()) as outer_scope:
        weights = tf.get_variable("kernel", [total_arg_size, output_size], dtype=dtype)
        if len(args) == 1:
            res = tf.matmul(args[0], weights)
        else:
            res = tf.matmul(tf.concat(args, 1), weights)
        if not bias:
            return res
        with tf.variable_scope(outer_scope) as inner_scope:
            inner_scope.set_partitioner(None)
            biases = tf.get_variable("bias", [output_size], dtype=dtype,
                                     initializer=tf.constant_initializer(0.0, dtype=dtype))
    if not layer_norm:
        res = tf.nn.bias_add(res, biases)
    return res


class LayerNormLSTMCell(StoredSizes, RNNCell):
    """LSTMCell with optional layer normalization of the gates and the cell state (applied
    before the nonlinearities), peepholes, clipping and projection."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None,
                 num_proj=None, proj_clip=None, forget_bias=1.0, activation=None,
                 layer_norm=False, norm_gain=1.0, norm_shift=0.0, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._activation = activation or tf.tanh
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        self._state_size = LSTMStateTuple(num_units, num_proj or num_units)
        self._output_size = num_proj or num_units

    def _maybe_norm(self, value, scope):
        if not self._layer_norm:
            return value
        return _norm(self._norm_gain, self._norm_shift, value, scope)

    def call(self, inputs, state):
        sigmoid = tf.sigmoid
        c_prev, m_prev = state
        dtype = inputs.dtype
        if inputs.get_shape().with_rank(2).dims[1].value is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        with tf.variable_scope(tf.get_variable_scope(),
                               initializer=self._initializer) as unit_scope:
            lstm_matrix = _ln_linear([inputs, m_prev], 4 * self._num_units, bias=True,
                                     layer_norm=self._layer_norm)
            i, j, f, o = tf.split(value=lstm_matrix, num_or_size_splits=4, axis=1)
            i = self._maybe_norm(i, "input")
            j = self._maybe_norm(j, "transform")
            f = self._maybe_norm(f, "forget")
            o = self._maybe_norm(o, "output")
            if self._use_peepholes:
                with tf.variable_scope(unit_scope):
                    w_f_diag = tf.get_variable("w_f_diag", shape=[self._num_units], dtype=dtype)
                    w_i_diag = tf.get_variable("w_i_diag", shape=[self._num_units], dtype=dtype)
                    w_o_diag = tf.get_variable("w_o_diag", shape=[self._num_units], dtype=dtype)
                c = (sigmoid(f + self._forget_bias + w_f_diag * c_prev) * c_prev
                     + sigmoid(i + w_i_diag * c_prev) * self._activation(j))
            else:
                c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
            c = self._maybe_norm(c, "state")
            if self._cell_clip is not None:
                c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
            if self._use_peepholes:
                m = sigmoid(o + w_o_diag * c) * self._activation(c)
            else:
                m = sigmoid(o) * self._activation(c)
            if self._num_proj is not None:
                with tf.variable_scope("projection"):
                    m = _ln_linear(m, self._num_proj, bias=False)
                if self._proj_clip is not None:
                    m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        return m, LSTMStateTuple(c, m)
