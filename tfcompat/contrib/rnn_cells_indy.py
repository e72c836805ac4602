"""TF 1.15's `tf.contrib.rnn` cells with elementwise recurrence: the independently recurrent
IndRNNCell, IndyGRUCell and IndyLSTMCell (Li et al. 2018, https://arxiv.org/abs/1803.04831),
whose recurrent weights are vectors `kernel_u` [1, k * units] multiplying the state, and
SRUCell (Lei et al. 2017), whose state enters only through its gates. Ported op for op from
contrib/rnn/python/ops/rnn_cell.py so variable names (`kernel_w`, `kernel_u`, `gates/kernel_w`,
`candidate/kernel`, ...), initializers and math order are TF's.
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.rnn_cells_more import NumUnitsSizes
from tfcompat.framework import dtypes
from tfcompat.layers.base import InputSpec
from tfcompat.nn.rnn_cell_impl import LayerRNNCell
from tfcompat.nn.rnn_cell_impl import LSTMStateTuple


def _input_depth(inputs_shape):
    depth = inputs_shape[1].value
    if depth is None:
        raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % inputs_shape)
    return depth


class _IndyBase(NumUnitsSizes, LayerRNNCell):
    """Shared construction: 2-D inputs, tanh by default, the recurrent vectors drawn from
    U(-1, 1) as TF draws them."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self.input_spec = InputSpec(ndim=2)
        self._num_units = num_units
        self._activation = activation or tf.tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def _float_dtype(self):
        return self._dtype or dtypes.float32

    def _recurrent_vector(self, name, width):
        return self.add_variable(name, shape=[1, width],
                                 initializer=tf.random_uniform_initializer(
                                     minval=-1, maxval=1, dtype=self._float_dtype()))

    def _bias_or(self, default):
        return self._bias_initializer if self._bias_initializer is not None else default


class IndRNNCell(_IndyBase):
    """TF1 `tf.contrib.rnn.IndRNNCell`: output = new_state = act(x @ kernel_w +
    state * kernel_u + bias)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None):
        super().__init__(num_units, activation=activation, reuse=reuse, name=name, dtype=dtype)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        self._kernel_w = self.add_variable("kernel_w", shape=[depth, self._num_units])
        self._kernel_u = self._recurrent_vector("kernel_u", self._num_units)
        self._bias = self.add_variable(
            "bias", shape=[self._num_units],
            initializer=tf.zeros_initializer(dtype=self._float_dtype()))
        self.built = True

    def call(self, inputs, state):
        gate_inputs = tf.matmul(inputs, self._kernel_w) + (state * self._kernel_u)
        gate_inputs = tf.nn.bias_add(gate_inputs, self._bias)
        output = self._activation(gate_inputs)
        return output, output


class IndyGRUCell(_IndyBase):
    """TF1 `tf.contrib.rnn.IndyGRUCell`: GRUCell with the recurrent matrices replaced by
    vectors; gates (r, u) biased to 1 by default."""

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        n = self._num_units
        self._gate_kernel_w = self.add_variable("gates/kernel_w", shape=[depth, 2 * n],
                                                initializer=self._kernel_initializer)
        self._gate_kernel_u = self._recurrent_vector("gates/kernel_u", 2 * n)
        self._gate_bias = self.add_variable(
            "gates/bias", shape=[2 * n],
            initializer=self._bias_or(tf.constant_initializer(1.0, dtype=self._float_dtype())))
        self._candidate_kernel_w = self.add_variable(
            "candidate/kernel", shape=[depth, n], initializer=self._kernel_initializer)
        self._candidate_kernel_u = self._recurrent_vector("candidate/kernel_u", n)
        self._candidate_bias = self.add_variable(
            "candidate/bias", shape=[n],
            initializer=self._bias_or(tf.zeros_initializer(dtype=self._float_dtype())))
        self.built = True

    def call(self, inputs, state):
        gate_inputs = tf.matmul(inputs, self._gate_kernel_w) + (
            tf.tile(state, [1, 2]) * self._gate_kernel_u)
        gate_inputs = tf.nn.bias_add(gate_inputs, self._gate_bias)
        value = tf.sigmoid(gate_inputs)
        r, u = tf.split(value=value, num_or_size_splits=2, axis=1)
        r_state = r * state
        candidate = tf.matmul(inputs, self._candidate_kernel_w) + (
            r_state * self._candidate_kernel_u)
        candidate = tf.nn.bias_add(candidate, self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class IndyLSTMCell(_IndyBase):
    """TF1 `tf.contrib.rnn.IndyLSTMCell`: BasicLSTMCell (gates i, j, f, o) with the recurrent
    matrices replaced by vectors: `kernel_w` [input, 4 * units], `kernel_u`, `bias`."""

    def __init__(self, num_units, forget_bias=1.0, activation=None, reuse=None,
                 kernel_initializer=None, bias_initializer=None, name=None, dtype=None):
        super().__init__(num_units, activation=activation, reuse=reuse,
                         kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer, name=name, dtype=dtype)
        self._forget_bias = forget_bias

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        n = self._num_units
        self._kernel_w = self.add_variable("kernel_w", shape=[depth, 4 * n],
                                           initializer=self._kernel_initializer)
        self._kernel_u = self._recurrent_vector("kernel_u", 4 * n)
        self._bias = self.add_variable(
            "bias", shape=[4 * n],
            initializer=self._bias_or(tf.zeros_initializer(dtype=self._float_dtype())))
        self.built = True

    def call(self, inputs, state):
        # TF makes the split axis a constant first; kept so op counts (and seeds) match
        one = tf.constant(1, dtype=tf.int32)
        c, h = state
        gate_inputs = tf.matmul(inputs, self._kernel_w)
        gate_inputs += tf.tile(h, [1, 4]) * self._kernel_u
        gate_inputs = tf.nn.bias_add(gate_inputs, self._bias)
        i, j, f, o = tf.split(value=gate_inputs, num_or_size_splits=4, axis=one)
        forget_bias_tensor = tf.constant(self._forget_bias, dtype=f.dtype)
        new_c = tf.add(tf.multiply(c, tf.sigmoid(tf.add(f, forget_bias_tensor))),
                       tf.multiply(tf.sigmoid(i), self._activation(j)))
        new_h = tf.multiply(self._activation(new_c), tf.sigmoid(o))
        return new_h, LSTMStateTuple(new_c, new_h)


class SRUCell(_IndyBase):
    """TF1 `tf.contrib.rnn.SRUCell` (Simple Recurrent Unit, https://arxiv.org/abs/1709.02755):
    `kernel` [input, 4 * units] gives (x_bar, f, r, x_tx); `bias` [2 * units] feeds the f and r
    gates; the new state is c, the output h."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, **kwargs):
        super().__init__(num_units, activation=activation, reuse=reuse, name=name, **kwargs)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        self._kernel = self.add_variable("kernel", shape=[depth, 4 * self._num_units])
        self._bias = self.add_variable("bias", shape=[2 * self._num_units],
                                       initializer=tf.zeros_initializer)
        self.built = True

    def call(self, inputs, state):
        u = tf.matmul(inputs, self._kernel)
        x_bar, f_intermediate, r_intermediate, x_tx = tf.split(value=u, num_or_size_splits=4,
                                                               axis=1)
        f_r = tf.sigmoid(tf.nn.bias_add(tf.concat([f_intermediate, r_intermediate], 1),
                                        self._bias))
        f, r = tf.split(value=f_r, num_or_size_splits=2, axis=1)
        c = f * state + (1.0 - f) * x_bar
        h = r * self._activation(c) + (1.0 - r) * x_tx
        return h, c
