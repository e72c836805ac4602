"""TF 1.15's `tf.contrib.rnn.WeightNormLSTMCell` (contrib/rnn/python/ops/rnn_cell.py), ported
op for op so checkpoints drop in: under the cell's scope a `wn_lstm_cell` scope holds `kernel`,
one weight-norm gain per input (`norm_0` for the inputs, `norm_1` for the previous output),
`bias`, the peepholes `w_f_diag`/`w_i_diag`/`w_o_diag` and `projection/kernel` (+ `norm_0`).

Weight normalization (Salimans and Kingma, 2016): each row block of the kernel is
l2-normalized over its rows and scaled by its gain, `l2_normalize(W, dim=0) * g`."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _arg_list
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _bias_variable
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _total_arg_size
from tfcompat.contrib.rnn_cells_more import StoredSizes
from tfcompat.nn.rnn_cell_impl import LSTMStateTuple
from tfcompat.nn.rnn_cell_impl import RNNCell


class WeightNormLSTMCell(StoredSizes, RNNCell):
    """Weight normalized LSTM Cell, adapted from `LSTMCell`: optional peepholes, cell clipping
    and projection; with `norm=False` it computes what LSTMCell computes."""

    def __init__(self, num_units, norm=True, use_peepholes=False, cell_clip=None,
                 initializer=None, num_proj=None, proj_clip=None, forget_bias=1,
                 activation=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._scope = "wn_lstm_cell"
        self._num_units = num_units
        self._norm = norm
        self._initializer = initializer
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._activation = activation or tf.tanh
        self._forget_bias = forget_bias
        self._weights_variable_name = "kernel"
        self._state_size = LSTMStateTuple(num_units, num_proj or num_units)
        self._output_size = num_proj or num_units

    def _normalize(self, weight, name):
        output_size = weight.get_shape().as_list()[1]
        g = tf.get_variable(name, [output_size], dtype=weight.dtype)
        return tf.nn.l2_normalize(weight, dim=0) * g

    def _linear(self, args, output_size, norm, bias, bias_initializer=None,
                kernel_initializer=None):
        args, _ = _arg_list(args)
        shapes = [a.get_shape() for a in args]
        total_arg_size = _total_arg_size(args)
        dtype = args[0].dtype
        with tf.variable_scope(tf.get_variable_scope()) as outer_scope:
            weights = tf.get_variable(self._weights_variable_name,
                                      [total_arg_size, output_size], dtype=dtype,
                                      initializer=kernel_initializer)
            if norm:
                weights = self._normalized_blocks(weights, shapes)
            if len(args) == 1:
                res = tf.matmul(args[0], weights)
            else:
                res = tf.matmul(tf.concat(args, 1), weights)
            if not bias:
                return res
            biases = _bias_variable(outer_scope, output_size, dtype, bias_initializer)
            return tf.nn.bias_add(res, biases)

    def _normalized_blocks(self, weights, shapes):
        wn = []
        st = 0
        with tf.control_dependencies(None):
            for i, shape in enumerate(shapes):
                en = st + shape[1].value
                wn.append(self._normalize(weights[st:en, :], name="norm_{}".format(i)))
                st = en
            return tf.concat(wn, axis=0)

    def call(self, inputs, state):
        dtype = inputs.dtype
        num_units = self._num_units
        sigmoid = tf.sigmoid
        c, h = state
        input_size = inputs.get_shape().with_rank(2)[1]
        if input_size.value is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        with tf.variable_scope(self._scope, initializer=self._initializer):
            concat = self._linear([inputs, h], 4 * num_units, norm=self._norm, bias=True)
            i, j, f, o = tf.split(value=concat, num_or_size_splits=4, axis=1)
            if self._use_peepholes:
                w_f_diag = tf.get_variable("w_f_diag", shape=[num_units], dtype=dtype)
                w_i_diag = tf.get_variable("w_i_diag", shape=[num_units], dtype=dtype)
                w_o_diag = tf.get_variable("w_o_diag", shape=[num_units], dtype=dtype)
                new_c = (c * sigmoid(f + self._forget_bias + w_f_diag * c)
                         + sigmoid(i + w_i_diag * c) * self._activation(j))
            else:
                new_c = c * sigmoid(f + self._forget_bias) + sigmoid(i) * self._activation(j)
            if self._cell_clip is not None:
                new_c = tf.clip_by_value(new_c, -self._cell_clip, self._cell_clip)
            if self._use_peepholes:
                new_h = sigmoid(o + w_o_diag * new_c) * self._activation(new_c)
            else:
                new_h = sigmoid(o) * self._activation(new_c)
            if self._num_proj is not None:
                with tf.variable_scope("projection"):
                    new_h = self._linear(new_h, self._num_proj, norm=self._norm, bias=False)
                if self._proj_clip is not None:
                    new_h = tf.clip_by_value(new_h, -self._proj_clip, self._proj_clip)
            return new_h, LSTMStateTuple(new_c, new_h)
