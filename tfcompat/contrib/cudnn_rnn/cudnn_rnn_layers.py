"""TF 1.15's `tf.contrib.cudnn_rnn` layers CudnnLSTM, CudnnGRU, CudnnRNNTanh and CudnnRNNRelu:
one opaque params variable `<layer>/opaque_kernel` (initialized from canonical weights by
`CudnnRNNCanonicalToParams`) and one fused `CudnnRNN` op per call, which tfcompat runs with
torch's fused RNN kernels (cuDNN on CUDA, a native kernel on the CPU).

Differences from TensorFlow: TF 1.15 also registers a CudnnOpaqueParamsSaveable that saves the
params in canonical form (`rnn/multi_rnn_cell/cell_0/cudnn_compatible_lstm_cell/kernel`, ...);
tfcompat's Saver saves the `opaque_kernel` variable itself, whose layout is cuDNN's. Input
modes 'skip_input' (and 'auto_select' with input_size == num_units) are not supported.
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat import init_ops
from tfcompat.contrib.cudnn_rnn import cudnn_rnn_ops as ops
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.layers.base import InputSpec
from tfcompat.layers.base import Layer
from tfcompat.ops.cudnn_rnn_ops import canonical_shapes
from tfcompat.variable_scope import get_variable
from tfcompat.variable_scope import variable_scope


class _CudnnRNN(Layer):
    """The shared part of the cuDNN RNN layers (TF 1.15's `_CudnnRNN` layer)."""

    _rnn_mode = None
    _num_params_per_layer = None

    def __init__(self, num_layers, num_units, input_mode=ops.CUDNN_INPUT_LINEAR_MODE,
                 direction=ops.CUDNN_RNN_UNIDIRECTION, dropout=0., seed=None,
                 dtype=dtypes.float32, kernel_initializer=None, bias_initializer=None,
                 name=None):
        super().__init__(dtype=dtype, name=name)
        ops.check_direction(direction)
        ops.check_input_mode(input_mode)
        if dtype not in [dtypes.float16, dtypes.float32, dtypes.float64]:
            raise ValueError("Only support float16, float32, float64, provided %s" % dtype)
        self._plain_dtype = dtype
        self._num_layers = num_layers
        self._num_units = num_units
        self._input_mode = input_mode
        self._direction = direction
        self._dropout = dropout
        self._seed = seed
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer
        self._input_size = None
        self._saveable = None

    num_layers = property(lambda self: self._num_layers)
    num_units = property(lambda self: self._num_units)
    input_mode = property(lambda self: self._input_mode)
    rnn_mode = property(lambda self: self._rnn_mode)
    direction = property(lambda self: self._direction)
    saveable = property(lambda self: self._saveable)

    @property
    def num_dirs(self):
        return 1 if self._direction == ops.CUDNN_RNN_UNIDIRECTION else 2

    @property
    def input_size(self):
        if not self._input_size:
            raise ValueError("'input_size' is unknown since layer has not been built.")
        return self._input_size

    def _canonical_shapes(self, who):
        if not self._input_size:
            raise RuntimeError("%s.%s invoked before input shape is known"
                               % (type(self).__name__, who))
        return canonical_shapes(self._rnn_mode, self._num_layers, self._num_units,
                                self._input_size, self._direction)

    @property
    def canonical_weight_shapes(self):
        """Shapes of the cuDNN canonical weight tensors."""
        return [tuple(s) for s in self._canonical_shapes("canonical_weight_shapes")[0]]

    @property
    def canonical_bias_shapes(self):
        """Shapes of the cuDNN canonical bias tensors."""
        return self._canonical_shapes("canonical_bias_shapes")[1]

    def build(self, input_shape):
        """Creates `opaque_kernel` from canonical weights drawn from the initializers."""
        if self.built:
            return
        input_shape = tensor_shape.TensorShape(input_shape)
        if input_shape.ndims != 3:
            raise ValueError("Expecting input_shape with 3 dims, got %d" % input_shape.ndims)
        if input_shape[-1].value is None:
            raise ValueError("The last dimension of the inputs to `CudnnRNN` should be "
                             "defined. Found `None`.")
        self._input_size = input_shape[-1].value
        self.input_spec = InputSpec(ndim=3, axes={-1: self._input_size})
        self._set_scope(None)
        with variable_scope(self._scope, reuse=self.built, auxiliary_name_scope=False):
            self.kernel = get_variable("opaque_kernel", dtype=self._plain_dtype,
                                       initializer=self._initial_params(),
                                       validate_shape=False)
        if self.kernel not in self._trainable_weights:
            self._trainable_weights.append(self.kernel)
        self.built = True

    def _initial_params(self):
        if self._kernel_initializer is None:
            self._kernel_initializer = init_ops.glorot_uniform_initializer(
                seed=self._seed, dtype=self._plain_dtype)
        if self._bias_initializer is None:
            self._bias_initializer = init_ops.constant_initializer(0.0, dtype=self._plain_dtype)
        weights = [self._kernel_initializer(sp, dtype=self._plain_dtype)
                   for sp in self.canonical_weight_shapes]
        biases = [self._bias_initializer(sp, dtype=self._plain_dtype)
                  for sp in self.canonical_bias_shapes]
        return ops.cudnn_rnn_canonical_to_opaque_params(
            rnn_mode=self._rnn_mode, num_layers=self._num_layers, num_units=self._num_units,
            input_size=self._input_size, weights=weights, biases=biases,
            input_mode=self._input_mode, seed=self._seed, dropout=self._dropout,
            direction=self._direction)

    def call(self, inputs, initial_state=None, sequence_lengths=None, time_major=True,
             training=True):
        """Runs the RNN over [time, batch, depth] inputs (or [batch, time, depth] with
        time_major=False); returns (outputs, (h, c)) for LSTM, (outputs, (h,)) otherwise."""
        if initial_state is not None and not isinstance(initial_state, tuple):
            raise TypeError("Invalid initial_state type: %s, expecting tuple." % initial_state)
        dtype = self.dtype
        inputs = tf.convert_to_tensor(inputs, dtype=dtype)
        # NOTE: TF 1.15 takes the batch size from axis 1 even for batch-major inputs, so its
        # zero state has the wrong shape unless max_time == batch_size; this takes axis 0 then
        batch_size = tf.shape(inputs)[1 if time_major else 0]
        if initial_state is None:
            initial_state = self._zero_state(batch_size)
        if self._rnn_mode == ops.CUDNN_LSTM:
            h, c = initial_state
            c = tf.convert_to_tensor(c, dtype=dtype)
        else:
            h, = initial_state
            c = tf.constant([], dtype=dtype)   # the op's unused input_c
        h = tf.convert_to_tensor(h, dtype=dtype)
        outputs, output_h, output_c = ops.cudnn_rnn_forward(
            inputs, h, c, self.kernel, training, self._rnn_mode,
            sequence_lengths=sequence_lengths, time_major=time_major,
            input_mode=self._input_mode, direction=self._direction, dropout=self._dropout,
            seed=self._seed)
        if self._rnn_mode == ops.CUDNN_LSTM:
            return outputs, (output_h, output_c)
        return outputs, (output_h,)

    def state_shape(self, batch_size):
        shape = [self.num_layers * self.num_dirs, batch_size, self.num_units]
        return (shape, shape) if self._rnn_mode == ops.CUDNN_LSTM else (shape,)

    def _zero_state(self, batch_size):
        return tuple(tf.zeros(sp, dtype=self.dtype) for sp in self.state_shape(batch_size))

    def _gather_saveables_for_checkpoint(self):
        raise NotImplementedError("This cell does not yet support object-based saving. File a "
                                  "feature request if this limitation bothers you.")


class CudnnLSTM(_CudnnRNN):
    """TF1 `tf.contrib.cudnn_rnn.CudnnLSTM`: a (multi-layer, optionally bidirectional) LSTM
    run as one fused op; cuDNN's LSTM has separate input and recurrent biases.

    >>> lstm = tf.contrib.cudnn_rnn.CudnnLSTM(1, 8)
    >>> outputs, (h, c) = lstm(tf.zeros([5, 2, 3]))
    >>> outputs.shape.as_list(), lstm.kernel.name
    ([5, 2, 8], 'cudnn_lstm/opaque_kernel:0')
    """
    _rnn_mode = ops.CUDNN_LSTM
    _num_params_per_layer = ops.CUDNN_LSTM_PARAMS_PER_LAYER


class CudnnGRU(_CudnnRNN):
    """TF1 `tf.contrib.cudnn_rnn.CudnnGRU`: cuDNN's GRU (reset gate applied after the
    recurrent matmul; CudnnCompatibleGRUCell computes the same)."""
    _rnn_mode = ops.CUDNN_GRU
    _num_params_per_layer = ops.CUDNN_GRU_PARAMS_PER_LAYER


class CudnnRNNTanh(_CudnnRNN):
    """TF1 `tf.contrib.cudnn_rnn.CudnnRNNTanh`: h' = tanh(W x + R h + b_W + b_R)."""
    _rnn_mode = ops.CUDNN_RNN_TANH
    _num_params_per_layer = ops.CUDNN_RNN_TANH_PARAMS_PER_LAYER


class CudnnRNNRelu(_CudnnRNN):
    """TF1 `tf.contrib.cudnn_rnn.CudnnRNNRelu`: h' = relu(W x + R h + b_W + b_R)."""
    _rnn_mode = ops.CUDNN_RNN_RELU
    _num_params_per_layer = ops.CUDNN_RNN_RELU_PARAMS_PER_LAYER


__all__ = ["CudnnLSTM", "CudnnGRU", "CudnnRNNTanh", "CudnnRNNRelu"]
