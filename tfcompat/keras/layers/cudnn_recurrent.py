"""`tf.keras.layers.CuDNNLSTM` / `CuDNNGRU` of TF 1.x (tf_keras's base_cudnn_rnn): variables
`kernel` [in, G*units], `recurrent_kernel` [units, G*units] and `bias` [2*G*units] (cuDNN keeps
an input and a recurrent bias per gate), the gates in Keras' order (LSTM i, f, c, o; GRU z, r,
h), and one fused `CudnnRNNV3` op per call, built as TF builds it.

TF runs that op on a GPU only (its CPU build has no kernel); tfcompat's lowering runs cuDNN's
equations on any device (torch's fused LSTM/GRU: cuDNN on CUDA, the same equations on CPU),
so these layers train and predict on CPU too. GRU is cuDNN's reset-after variant:
h~ = tanh(W_h x + b_Wh + r * (R_h h + b_Rh)), h = (1 - z) * h~ + z * h_prev.

The params buffer is TF's: each gate's kernel slice [in, units] is flattened as it is stored,
which cuDNN reads as its [units, in] matrix (TF does not transpose here, unlike tf.keras.LSTM's
cuDNN path); Keras' h5 loader converts such weights for LSTM / GRU(reset_after=True).
"""
from __future__ import annotations

import collections

from tfcompat.framework.convert import constant
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import constraints
from tfcompat.keras import initializers
from tfcompat.keras import regularizers
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.keras.layers.recurrent import RNN
from tfcompat.layers.base import InputSpec
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import nn_rnn_ops
from tfcompat.ops.indexing_ops import reverse
from tfcompat import init_ops

_CellSpec = collections.namedtuple("cell", "state_size units built name")


class _CuDNNRNN(RNN):
    """What CuDNNLSTM and CuDNNGRU share: the RNN API (states, stateful updates, initial
    states as inputs), without a cell: one fused op runs the whole sequence."""
    _GATES, _STATES, _MODE = None, None, None

    def __init__(self, units, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, time_major=False, **kwargs):
        Layer.__init__(self, activity_regularizer=regularizers.get(activity_regularizer),
                       **kwargs)
        self.units = units
        # the RNN base reads the state sizes (and units) from its cell
        self.cell = _CellSpec((units,) * self._STATES, units, True, self.name)
        self.return_sequences, self.return_state = return_sequences, return_state
        self.go_backwards, self.stateful, self.time_major = go_backwards, stateful, time_major
        self.unroll = False
        self.supports_masking = False
        self.input_spec = InputSpec(ndim=3)
        self._layers = []
        self._state_variables = None
        self._batch_size = None
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        shape = TensorShape(input_shape[0] if isinstance(input_shape, list) else input_shape)
        gates = self._GATES * self.units
        self.kernel = self.add_weight("kernel", shape=(shape[-1].value, gates),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight("recurrent_kernel", shape=(self.units, gates),
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        self.bias = self.add_weight("bias", shape=(2 * gates,),
                                    initializer=self._full_bias_initializer(),
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint)
        self.built = True
        if self.stateful:
            self._batch_size = shape[0].value
            self.reset_states()

    def _full_bias_initializer(self):
        return self.bias_initializer

    def call(self, inputs, mask=None, training=None, initial_state=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if mask is not None:
            raise ValueError("Masking is not supported for CuDNN RNNs.")
        if isinstance(inputs, (list, tuple)):     # flat states after `x` (see RNN.__call__)
            inputs, states = inputs[0], list(inputs[1:])
        elif initial_state:
            states = self._flat_initial_state(initial_state)
        elif self.stateful:
            states = list(self._state_variables)
        else:
            states = self.get_initial_state(inputs)
        if len(states) != self._STATES:
            raise ValueError("Layer has %d states but was passed %d initial states."
                             % (self._STATES, len(states)))
        if self.go_backwards:
            inputs = reverse(inputs, [1])
        output, final_states = self._process_batch(inputs, states)
        if self.stateful:
            self.add_update([self._assign_state(v, s)
                             for v, s in zip(self._state_variables, final_states)])
        if self.return_state:
            return [output] + final_states
        return output

    @staticmethod
    def _assign_state(variable, value):
        return variable.assign(value)

    def _process_batch(self, inputs, states):
        """The fused op over time-major inputs; (output, final states) in Keras' shapes."""
        if not self.time_major:
            inputs = array_ops.transpose(inputs, [1, 0, 2])
        input_h = array_ops.expand_dims(states[0], 0)
        input_c = array_ops.expand_dims(states[1], 0) if self._STATES == 2 else \
            constant(0, dtype=inputs.dtype)
        params = _canonical_to_params(*self._canonical())
        batch = array_ops.shape(inputs)[1]
        steps = array_ops.shape(inputs)[0]
        lengths = array_ops_join.fill(array_ops.expand_dims(batch, 0), steps)
        outputs, h, c = nn_rnn_ops.cudnn_rnn(inputs, input_h, input_c, params,
                                             rnn_mode=self._MODE, sequence_lengths=lengths)
        final = [h[0], c[0]][:self._STATES]
        if self.return_sequences:
            output = outputs if self.time_major else array_ops.transpose(outputs, [1, 0, 2])
        else:
            output = outputs[-1]
        return output, final

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        batch = dims[1] if self.time_major else dims[0]
        output = TensorShape(dims[:2] + [self.units] if self.return_sequences
                             else [batch, self.units])
        if self.return_state:
            return [output] + [TensorShape([batch, self.units])] * self._STATES
        return output

    def get_config(self):
        return serialize_fields(
            self, return_sequences=self.return_sequences, return_state=self.return_state,
            go_backwards=self.go_backwards, stateful=self.stateful, time_major=self.time_major,
            units=self.units, kernel_initializer=self.kernel_initializer,
            recurrent_initializer=self.recurrent_initializer,
            bias_initializer=self.bias_initializer, **self._extra_config(),
            kernel_regularizer=self.kernel_regularizer,
            recurrent_regularizer=self.recurrent_regularizer,
            bias_regularizer=self.bias_regularizer,
            activity_regularizer=self.activity_regularizer,
            kernel_constraint=self.kernel_constraint,
            recurrent_constraint=self.recurrent_constraint,
            bias_constraint=self.bias_constraint)

    def _extra_config(self):
        return {}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)

    def _gate(self, weight, index):
        return weight[:, index * self.units:(index + 1) * self.units]

    def _bias_part(self, index):
        return self.bias[index * self.units:(index + 1) * self.units]


def _canonical_to_params(weights, biases):
    """TF's opaque cuDNN buffer: every weight, then every bias, each flattened as stored."""
    shape = constant([-1])
    flat = [array_ops.reshape(w, shape) for w in weights] + \
        [array_ops.reshape(b, shape) for b in biases]
    return array_ops_join.concat(flat, axis=0)


class CuDNNLSTM(_CuDNNRNN):
    """Fast LSTM backed by cuDNN (TF 1.x): sigmoid gates, tanh cell; `unit_forget_bias` sets
    the recurrent forget-gate bias (bias[5*units:6*units]) to one."""
    _GATES, _STATES, _MODE = 4, 2, "lstm"

    def __init__(self, units, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, **kwargs):
        self.unit_forget_bias = unit_forget_bias
        super().__init__(units, kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer, **kwargs)

    def _full_bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        units, base = self.units, self.bias_initializer

        def initializer(_, *args, **kwargs):
            return array_ops_join.concat([base((units * 5,), *args, **kwargs),
                                          init_ops.ones_initializer()((units,), *args, **kwargs),
                                          base((units * 2,), *args, **kwargs)], axis=0)
        return initializer

    def _canonical(self):
        weights = [self._gate(self.kernel, i) for i in range(4)] + \
            [self._gate(self.recurrent_kernel, i) for i in range(4)]
        return weights, [self._bias_part(i) for i in range(8)]

    def _extra_config(self):
        return {"unit_forget_bias": self.unit_forget_bias}


class CuDNNGRU(_CuDNNRNN):
    """Fast GRU backed by cuDNN (TF 1.x): the reset-after variant, with the input biases in
    bias[:3*units] and the recurrent ones in bias[3*units:], gates z, r, h in each."""
    _GATES, _STATES, _MODE = 3, 1, "gru"

    def _canonical(self):
        # cuDNN's gate order is r, z, h; Keras stores z, r, h
        order = (1, 0, 2)
        weights = [self._gate(self.kernel, i) for i in order] + \
            [self._gate(self.recurrent_kernel, i) for i in order]
        return weights, [self._bias_part(i) for i in order] + \
            [self._bias_part(3 + i) for i in order]
