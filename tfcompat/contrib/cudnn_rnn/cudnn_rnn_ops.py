"""TF 1.15's `tf.contrib.cudnn_rnn` functions and CPU-compatible cells: converting between
canonical weights and the opaque params buffer, the fused forward pass, and
CudnnCompatibleLSTMCell / CudnnCompatibleGRUCell, whose variables are named where TF 1.15's
CudnnOpaqueParamsSaveable saves a cuDNN layer's weights (the op records live in
tfcompat/ops/cudnn_rnn_ops.py and tfcompat/ops/nn_rnn_ops.py)."""
from __future__ import annotations

import tfcompat as tf
from tfcompat import init_ops
from tfcompat.contrib.rnn import LSTMBlockCell
from tfcompat.framework import dtypes
from tfcompat.framework.op_builder import apply_op
from tfcompat.nn.rnn_cell_impl import GRUCell
from tfcompat.ops import random_ops

CUDNN_RNN_UNIDIRECTION = "unidirectional"
CUDNN_RNN_BIDIRECTION = "bidirectional"
CUDNN_LSTM = "lstm"
CUDNN_GRU = "gru"
CUDNN_RNN_RELU = "rnn_relu"
CUDNN_RNN_TANH = "rnn_tanh"

# Half for cell input, half for hidden states.
CUDNN_LSTM_PARAMS_PER_LAYER = 8
CUDNN_GRU_PARAMS_PER_LAYER = 6
CUDNN_RNN_TANH_PARAMS_PER_LAYER = 2
CUDNN_RNN_RELU_PARAMS_PER_LAYER = 2

CUDNN_INPUT_LINEAR_MODE = "linear_input"
CUDNN_INPUT_SKIP_MODE = "skip_input"
CUDNN_INPUT_AUTO_MODE = "auto_select"

_PARAMS_PER_LAYER = {CUDNN_LSTM: CUDNN_LSTM_PARAMS_PER_LAYER, CUDNN_GRU: CUDNN_GRU_PARAMS_PER_LAYER,
                     CUDNN_RNN_TANH: CUDNN_RNN_TANH_PARAMS_PER_LAYER,
                     CUDNN_RNN_RELU: CUDNN_RNN_RELU_PARAMS_PER_LAYER}


def check_direction(direction):
    if direction not in (CUDNN_RNN_UNIDIRECTION, CUDNN_RNN_BIDIRECTION):
        raise ValueError("Invalid direction: %s, expecting %s or %s" %
                         (direction, CUDNN_RNN_UNIDIRECTION, CUDNN_RNN_BIDIRECTION))


def check_input_mode(input_mode):
    if input_mode not in (CUDNN_INPUT_LINEAR_MODE, CUDNN_INPUT_SKIP_MODE,
                          CUDNN_INPUT_AUTO_MODE):
        raise ValueError("Invalid input_mode: %s, expect one of (%s, %s, %s)" %
                         (input_mode, CUDNN_INPUT_LINEAR_MODE, CUDNN_INPUT_SKIP_MODE,
                          CUDNN_INPUT_AUTO_MODE))


def _check_rnn_mode(rnn_mode):
    if rnn_mode not in _PARAMS_PER_LAYER:
        raise ValueError("Invalid rnn_mode: %s, expect one of (%s, %s, %s, %s)" %
                         (rnn_mode, CUDNN_LSTM, CUDNN_GRU, CUDNN_RNN_TANH, CUDNN_RNN_RELU))


def _seeds(seed):
    seed, seed2 = random_ops.get_seed(seed)
    return (0, 0) if seed is None else (seed, seed2)


def cudnn_rnn_canonical_to_opaque_params(rnn_mode, num_layers, num_units, input_size, weights,
                                         biases, input_mode=CUDNN_INPUT_LINEAR_MODE,
                                         direction=CUDNN_RNN_UNIDIRECTION, dropout=0, seed=0,
                                         name=None):
    """TF1 `tf.contrib.cudnn_rnn.cudnn_rnn_canonical_to_opaque_params` (op
    `CudnnRNNCanonicalToParams`): the opaque params buffer from canonical weights ([num_units,
    width] per gate, inputs' then recurrent) and biases."""
    _check_rnn_mode(rnn_mode)
    check_direction(direction)
    check_input_mode(input_mode)
    num_params = _PARAMS_PER_LAYER[rnn_mode] * num_layers * (
        2 if direction == CUDNN_RNN_BIDIRECTION else 1)
    if len(weights) != num_params or len(biases) != num_params:
        raise ValueError("%d weights and %d biases given; a %d-layer %s %s RNN has %d of each"
                         % (len(weights), len(biases), num_layers, direction, rnn_mode,
                            num_params))
    seed, seed2 = _seeds(seed)
    return apply_op("CudnnRNNCanonicalToParams",
                    [num_layers, num_units, input_size, list(weights), list(biases)],
                    name=name or "CudnnRNNCanonicalToParams", rnn_mode=rnn_mode,
                    input_mode=input_mode, direction=direction, dropout=float(dropout),
                    seed=seed, seed2=seed2)


def cudnn_rnn_opaque_params_to_canonical(rnn_mode, num_layers, num_units, input_size, params,
                                         input_mode=CUDNN_INPUT_LINEAR_MODE,
                                         direction=CUDNN_RNN_UNIDIRECTION, dropout=0, seed=0,
                                         name=None):
    """TF1 `tf.contrib.cudnn_rnn.cudnn_rnn_opaque_params_to_canonical` (op
    `CudnnRNNParamsToCanonical`): (weights, biases) lists from an opaque params buffer."""
    _check_rnn_mode(rnn_mode)
    check_direction(direction)
    check_input_mode(input_mode)
    num_params = _PARAMS_PER_LAYER[rnn_mode] * num_layers * (
        2 if direction == CUDNN_RNN_BIDIRECTION else 1)
    seed, seed2 = _seeds(seed)
    outputs = apply_op("CudnnRNNParamsToCanonical", [num_layers, num_units, input_size, params],
                       name=name or "CudnnRNNParamsToCanonical", num_params=num_params,
                       rnn_mode=rnn_mode, input_mode=input_mode, direction=direction,
                       dropout=float(dropout), seed=seed, seed2=seed2)
    return list(outputs[:num_params]), list(outputs[num_params:])


def cudnn_rnn_opaque_params_size(rnn_mode, num_layers, num_units, input_size,
                                 input_mode=CUDNN_INPUT_LINEAR_MODE,
                                 direction=CUDNN_RNN_UNIDIRECTION, dtype=dtypes.float32,
                                 dropout=0, seed=0, name=None):
    """TF1 `tf.contrib.cudnn_rnn.cudnn_rnn_opaque_params_size` (op `CudnnRNNParamsSize`): the
    number of elements of the opaque params buffer, a scalar int64."""
    _check_rnn_mode(rnn_mode)
    check_direction(direction)
    check_input_mode(input_mode)
    seed, seed2 = _seeds(seed)
    size = apply_op("CudnnRNNParamsSize", [num_layers, num_units, input_size],
                    name=name or "CudnnRNNParamsSize", T=dtype, S=dtypes.int64,
                    rnn_mode=rnn_mode, input_mode=input_mode, direction=direction,
                    dropout=float(dropout), seed=seed, seed2=seed2)
    return size[0]


def cudnn_rnn_forward(inputs, input_h, input_c, params, is_training, rnn_mode,
                      sequence_lengths=None, time_major=True,
                      input_mode=CUDNN_INPUT_LINEAR_MODE, direction=CUDNN_RNN_UNIDIRECTION,
                      dropout=0.0, seed=0, name=None):
    """TF 1.15's `_cudnn_rnn`: a `CudnnRNN` op, or `CudnnRNNV3` with sequence lengths or
    batch-major inputs; returns (outputs, output_h, output_c)."""
    _check_rnn_mode(rnn_mode)
    check_direction(direction)
    check_input_mode(input_mode)
    seed, seed2 = _seeds(seed)
    attrs = dict(rnn_mode=rnn_mode, input_mode=input_mode, direction=direction,
                 dropout=float(dropout), seed=seed, seed2=seed2, is_training=bool(is_training))
    args = [inputs, input_h, input_c, params]
    if sequence_lengths is None and time_major:
        out = apply_op("CudnnRNN", args, name=name or "CudnnRNN", **attrs)
    else:
        if sequence_lengths is None:
            batch_size = tf.shape(inputs)[0]
            max_time = tf.shape(inputs)[1]
            sequence_lengths = tf.fill([batch_size], max_time)
        out = apply_op("CudnnRNNV3", args + [sequence_lengths], name=name or "CudnnRNNV3",
                       time_major=bool(time_major), **attrs)
    return out[0], out[1], out[2]


def cudnn_lstm(inputs, input_h, input_c, params, is_training, sequence_lengths=None,
               time_major=True, input_mode=CUDNN_INPUT_LINEAR_MODE,
               direction=CUDNN_RNN_UNIDIRECTION, dropout=0., seed=0, name=None):
    """TF1 `cudnn_lstm`: the fused LSTM over opaque params; (outputs, output_h, output_c)."""
    return cudnn_rnn_forward(inputs, input_h, input_c, params, is_training, CUDNN_LSTM,
                             sequence_lengths, time_major, input_mode, direction, dropout, seed,
                             name)


def _cudnn_rnn_no_input_c(rnn_mode, inputs, input_h, params, is_training, sequence_lengths,
                          time_major, input_mode, direction, dropout, seed, name):
    input_c = tf.constant([], dtype=tf.convert_to_tensor(input_h).dtype)
    outputs, output_h, _ = cudnn_rnn_forward(inputs, input_h, input_c, params, is_training,
                                             rnn_mode, sequence_lengths, time_major, input_mode,
                                             direction, dropout, seed, name)
    return outputs, output_h


def cudnn_gru(inputs, input_h, params, is_training, sequence_lengths=None, time_major=True,
              input_mode=CUDNN_INPUT_LINEAR_MODE, direction=CUDNN_RNN_UNIDIRECTION, dropout=0.,
              seed=0, name=None):
    """TF1 `cudnn_gru`: the fused cuDNN GRU over opaque params; (outputs, output_h)."""
    return _cudnn_rnn_no_input_c(CUDNN_GRU, inputs, input_h, params, is_training,
                                 sequence_lengths, time_major, input_mode, direction, dropout,
                                 seed, name)


def cudnn_rnn_relu(inputs, input_h, params, is_training, input_mode=CUDNN_INPUT_LINEAR_MODE,
                   direction=CUDNN_RNN_UNIDIRECTION, dropout=0., seed=0, name=None):
    """TF1 `cudnn_rnn_relu`: the fused relu RNN over opaque params; (outputs, output_h)."""
    return _cudnn_rnn_no_input_c(CUDNN_RNN_RELU, inputs, input_h, params, is_training, None,
                                 True, input_mode, direction, dropout, seed, name)


def cudnn_rnn_tanh(inputs, input_h, params, is_training, input_mode=CUDNN_INPUT_LINEAR_MODE,
                   direction=CUDNN_RNN_UNIDIRECTION, dropout=0., seed=0, name=None):
    """TF1 `cudnn_rnn_tanh`: the fused tanh RNN over opaque params; (outputs, output_h)."""
    return _cudnn_rnn_no_input_c(CUDNN_RNN_TANH, inputs, input_h, params, is_training, None,
                                 True, input_mode, direction, dropout, seed, name)


class CudnnCompatibleLSTMCell(LSTMBlockCell):
    """TF1 `tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell`: an LSTMBlockCell with forget_bias 0
    under the name `cudnn_compatible_lstm_cell`, computing what CudnnLSTM computes; wrapped in
    a MultiRNNCell and run by dynamic_rnn, it restores a CudnnLSTM checkpoint."""

    def __init__(self, num_units, reuse=None):
        super().__init__(num_units, forget_bias=0, cell_clip=None, use_peephole=False,
                         reuse=reuse, name="cudnn_compatible_lstm_cell")


class CudnnCompatibleGRUCell(GRUCell):
    """TF1 `tf.contrib.cudnn_rnn.CudnnCompatibleGRUCell`: cuDNN's GRU, whose reset gate
    multiplies the recurrent projection after the matmul (with its own bias), unlike
    tf.nn.rnn_cell.GRUCell; variables gates/{kernel,bias} and
    candidate/{input,hidden}_projection/{kernel,bias}."""

    def __init__(self, num_units, reuse=None, kernel_initializer=None):
        super().__init__(num_units, activation=None, reuse=reuse,
                         kernel_initializer=kernel_initializer)

    def build(self, inputs_shape):
        if inputs_shape[1].value is None:
            raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s"
                             % inputs_shape)
        depth, n = inputs_shape[1].value, self._num_units
        dtype = self._dtype or dtypes.float32
        bias = self._bias_initializer

        def zeros():
            return bias if bias is not None else init_ops.zeros_initializer(dtype=dtype)

        self._gate_kernel = self.add_weight("gates/kernel", shape=[depth + n, 2 * n],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight(
            "gates/bias", shape=[2 * n], initializer=bias if bias is not None else
            init_ops.constant_initializer(1.0, dtype=dtype))
        self._candidate_input_kernel = self.add_weight(
            "candidate/input_projection/kernel", shape=[depth, n],
            initializer=self._kernel_initializer)
        self._candidate_hidden_kernel = self.add_weight(
            "candidate/hidden_projection/kernel", shape=[n, n],
            initializer=self._kernel_initializer)
        self._candidate_input_bias = self.add_weight(
            "candidate/input_projection/bias", shape=[n], initializer=zeros())
        self._candidate_hidden_bias = self.add_weight(
            "candidate/hidden_projection/bias", shape=[n], initializer=zeros())
        self.built = True

    def call(self, inputs, state):
        gate_inputs = tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel)
        gate_inputs = tf.nn.bias_add(gate_inputs, self._gate_bias)
        value = tf.sigmoid(gate_inputs)
        r, u = tf.split(value=value, num_or_size_splits=2, axis=1)
        candidate = tf.nn.bias_add(tf.matmul(inputs, self._candidate_input_kernel),
                                   self._candidate_input_bias)
        candidate += r * tf.nn.bias_add(tf.matmul(state, self._candidate_hidden_kernel),
                                        self._candidate_hidden_bias)
        candidate = self._activation(candidate)
        new_h = (1 - u) * candidate + u * state
        return new_h, new_h
