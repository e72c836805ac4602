"""Keras' ConvLSTM2D: an LSTM whose input and recurrent transforms are 2-D convolutions, over
[batch, time, rows, cols, channels] (or [batch, time, channels, rows, cols]) inputs.

As tf_keras's ConvRNN builds it: the cell (`conv_lstm_cell`) makes its weights directly under
the layer's scope (`conv_lstm2d/kernel` [kh, kw, in, 4*filters], `recurrent_kernel`
[kh, kw, filters, 4*filters], `bias` [4*filters]; gates i, f, c, o); the input convolution uses
the layer's strides, padding and dilation, the recurrent one stride 1 and 'same' padding; the
initial states are the input convolution of zeros by a zero kernel (so they take the output's
spatial size). The time loop is `tf.scan` (TF's is a while_loop of the same steps).
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import graph as graph_lib
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import activations
from tfcompat.keras import backend
from tfcompat.keras import constraints
from tfcompat.keras import initializers
from tfcompat.keras import regularizers
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers import recurrent
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.keras.layers.recurrent import RNN
from tfcompat.layers import convolutional as tf_conv
from tfcompat.layers.base import InputSpec
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import nn_impl
from tfcompat.ops import reduction_ops
from tfcompat.ops import state_ops
from tfcompat.ops.array_ops_pad import tile
from tfcompat.ops.functional_ops import scan
from tfcompat.ops.indexing_ops import reverse
from tfcompat.ops.indexing_ops import where

_CELL_FIELDS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                "recurrent_initializer", "bias_initializer", "unit_forget_bias",
                "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                "recurrent_dropout")


def _expand_mask(keep, like):
    """A step's mask ([batch] or per position, [batch, rows, cols]) tiled to `like`'s shape,
    as tf_keras's backend.rnn does (trailing axes added, then tiled)."""
    rank = keep.shape.ndims
    for _ in range(like.shape.ndims - rank):
        keep = array_ops.expand_dims(keep, -1)
    multiples = array_ops_join.concat([array_ops_join.ones([rank], "int32"),
                                       array_ops.shape(like)[rank:]], 0)
    return tile(keep, multiples)


class ConvLSTMCell(Layer):
    """One ConvLSTM step: `call(inputs, [h, c]) -> (h, [h, c])` on 4-D step inputs."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="hard_sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        if rank != 2:
            raise ValueError("ConvLSTMCell: tfcompat implements rank 2 (ConvLSTM2D); got "
                             "rank=%s" % (rank,))
        self.rank = rank
        self.filters = filters
        self.kernel_size = tf_conv._tuple(kernel_size, rank, "kernel_size")
        self.strides = tf_conv._tuple(strides, rank, "strides", allow_zero=True)
        self.padding = tf_conv._padding(padding)
        self.data_format = backend.normalize_data_format(data_format)
        self.dilation_rate = tf_conv._tuple(dilation_rate, rank, "dilation_rate")
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = unit_forget_bias
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.state_size = (self.filters, self.filters)
        self._masks = (None, None)

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        return recurrent.unit_forget_bias_initializer(self.bias_initializer, self.filters)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        channels = input_shape[1 if self.data_format == "channels_first" else -1].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs (last axis) should be defined. "
                             "Found None. Full input shape received: input_shape=%s"
                             % (tuple(input_shape.as_list()),))
        self.kernel_shape = tuple(self.kernel_size) + (channels, self.filters * 4)
        self.kernel = self.add_weight("kernel", shape=self.kernel_shape,
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            "recurrent_kernel", shape=tuple(self.kernel_size) + (self.filters, self.filters * 4),
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = self.add_weight("bias", shape=(self.filters * 4,),
                                    initializer=self._bias_initializer(),
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def make_dropout_masks(self, step_inputs, state, training):
        """Keras' per-call masks (one per gate, shared by every step): kept entries scaled by
        1/(1-rate) while training, ones otherwise."""
        def masks(like, rate):
            if not 0 < rate < 1:
                return None
            ones = array_ops_join.ones_like(like)
            return [backend.in_train_phase(lambda: nn_impl.dropout(ones, rate=rate), ones,
                                           training=training) for _ in range(4)]
        self._masks = (masks(step_inputs, self.dropout), masks(state, self.recurrent_dropout))

    def input_conv(self, x, w, b=None, padding="valid"):
        out = backend.conv2d(x, w, strides=self.strides, padding=padding,
                             data_format=self.data_format, dilation_rate=self.dilation_rate)
        return out if b is None else backend.bias_add(out, b, data_format=self.data_format)

    def recurrent_conv(self, x, w):
        return backend.conv2d(x, w, strides=(1, 1), padding="same",
                              data_format=self.data_format)

    def call(self, inputs, states, training=None):
        h_prev, c_prev = states
        in_masks, rec_masks = self._masks
        xs = [inputs * m for m in in_masks] if in_masks else [inputs] * 4
        hs = [h_prev * m for m in rec_masks] if rec_masks else [h_prev] * 4
        kernels = array_ops_join.split(self.kernel, 4, axis=self.rank + 1)
        recurrent = array_ops_join.split(self.recurrent_kernel, 4, axis=self.rank + 1)
        biases = array_ops_join.split(self.bias, 4) if self.use_bias else [None] * 4
        x_i, x_f, x_c, x_o = [self.input_conv(x, k, b, padding=self.padding)
                              for x, k, b in zip(xs, kernels, biases)]
        h_i, h_f, h_c, h_o = [self.recurrent_conv(h, k) for h, k in zip(hs, recurrent)]
        i = self.recurrent_activation(x_i + h_i)
        f = self.recurrent_activation(x_f + h_f)
        c = f * c_prev + i * self.activation(x_c + h_c)
        o = self.recurrent_activation(x_o + h_o)
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self):
        return serialize_fields(self, **{name: getattr(self, name) for name in _CELL_FIELDS})


class ConvLSTM2D(RNN):
    """Keras `ConvLSTM2D` (variables `conv_lstm2d/kernel`, `recurrent_kernel`, `bias`)."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), activation="tanh", recurrent_activation="hard_sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, dropout=0.0,
                 recurrent_dropout=0.0, unroll=False, **kwargs):
        if unroll:
            raise TypeError("Unrolling is not possible with convolutional RNNs. Received: "
                            "unroll=%s" % (unroll,))
        kwargs.pop("time_major", None)     # configs carry it; ConvRNN runs batch-major only
        cell = ConvLSTMCell(
            2, filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, name="conv_lstm_cell",
            dtype=kwargs.get("dtype"))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.rank = 2
        self.input_spec = InputSpec(ndim=5)

    def _init_set_name(self, name, zero_based=True):
        # tf_keras's snake case splits before upper-case letters followed by lower-case ones
        # only: ConvLSTM2D -> conv_lstm2d
        if not name:
            name = backend.unique_object_name("conv_lstm2d", zero_based=zero_based)
        super()._init_set_name(name, zero_based)

    def __getattr__(self, name):
        cell = self.__dict__.get("cell")
        if cell is not None and name in _CELL_FIELDS:
            return getattr(cell, name)
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    def _state_shape(self, input_shape):
        """[batch, rows_out, cols_out, filters] (or channels first) for 5-D `input_shape`."""
        dims = TensorShape(input_shape).as_list()
        cell = self.cell
        first = cell.data_format == "channels_first"
        space = [tf_conv.conv_output_length(n, k, cell.padding, s, d) for n, k, s, d in zip(
            dims[3:] if first else dims[2:-1], cell.kernel_size, cell.strides,
            cell.dilation_rate)]
        return [dims[0], cell.filters] + space if first else [dims[0]] + space + [cell.filters]

    def build(self, input_shape):
        shape = TensorShape(input_shape[0] if isinstance(input_shape, list) else input_shape)
        if not self.cell.built:
            if self.cell._dtype is None:     # the cell is called directly, not through __call__
                self.cell._dtype = self._dtype or backend.floatx()
            # as ConvRNN: the cell's weights sit directly under the layer's scope
            self.cell.build(TensorShape([shape[0].value] + shape.as_list()[2:]))
            self.cell.built = True
        self.built = True
        if self.stateful:
            self._batch_size = shape[0].value
            self._stateful_shape = self._state_shape(shape)
            self.reset_states()

    def reset_states(self, states=None):
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        shape = getattr(self, "_stateful_shape", [None])
        if None in shape:
            raise ValueError(
                "If a RNN is stateful, it needs to know its batch size. Specify the batch size "
                "of your input tensors: \n- If using a Sequential model, specify the batch size "
                "by passing a `batch_input_shape` argument to your first layer.\n- If using the "
                "functional API, specify the time dimension by passing a `batch_shape` argument "
                "to your Input layer.\nThe same thing goes for the number of rows and columns.")
        if self._state_variables is None:
            self._state_variables = [backend.variable(np.zeros(shape, backend.floatx()))
                                     for _ in range(2)]
            return
        values = [np.zeros(shape)] * 2 if states is None else states
        values = values if isinstance(values, (list, tuple)) else [values]
        if len(values) != 2:
            raise ValueError("Layer %s expects 2 states, but it received %d state values. "
                             "States received: %s" % (self.name, len(values), states))
        for index, value in enumerate(values):
            if tuple(np.shape(value)) != tuple(shape):
                raise ValueError("State %d is incompatible with layer %s: expected shape=%s, "
                                 "found shape=%s" % (index, self.name, tuple(shape),
                                                     np.shape(value)))
        backend.batch_set_value(list(zip(self._state_variables, values)))

    def get_initial_state(self, inputs):
        """TF's ConvRNN2D initial states: the inputs' zeros summed over time, convolved."""
        zeros = reduction_ops.reduce_sum(array_ops_join.zeros_like(inputs), axis=1)
        shape = list(self.cell.kernel_shape)
        shape[-1] = self.cell.filters
        state = self.cell.input_conv(zeros, array_ops_join.zeros(shape, zeros.dtype),
                                     padding=self.cell.padding)
        return [state, state]

    def call(self, inputs, mask=None, training=None, initial_state=None):
        if isinstance(inputs, (list, tuple)):     # flat states after `x` (see RNN.__call__)
            inputs, states = inputs[0], list(inputs[1:])
        else:
            states = self._flat_initial_state(initial_state) if initial_state else []
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if not states:
            states = [array_ops.identity(v) for v in self._state_variables] \
                if self.stateful else self.get_initial_state(inputs)
        time_major = array_ops.transpose(inputs, [1, 0, 2, 3, 4])
        # TF's backend.rnn reads the number of steps here: read alike, for TF's op names
        array_ops.shape(time_major)[0]
        mask_tm = None if mask is None else array_ops.transpose(
            mask, [1, 0] + list(range(2, mask.shape.ndims)))
        if self.go_backwards:
            time_major = reverse(time_major, [0])
            mask_tm = None if mask_tm is None else reverse(mask_tm, [0])
        self.cell.make_dropout_masks(time_major[0], states[0],
                                     backend.learning_phase() if training is None else training)

        def step(carry, elem):
            x, keep = elem if mask_tm is not None else (elem, None)
            output, new_states = self.cell.call(x, list(carry[1:]))
            new = [output] + list(new_states)
            if keep is not None:
                # a masked step (or position) keeps the previous output and states
                new = [where(_expand_mask(keep, n), n, old) for n, old in zip(new, carry)]
            return tuple(new)

        elems = time_major if mask_tm is None else (time_major, mask_tm)
        first_output = array_ops_join.zeros_like(states[0])
        results = scan(step, elems, initializer=tuple([first_output] + states))
        outputs_tm = results[0]
        last_output = outputs_tm[-1]
        # TF's names: its loop's exits (time, outputs, [mask's outputs,] states...)
        first_exit = 2 if mask_tm is None else 3
        with graph_lib.name_scope("while"):
            final_states = [array_ops.identity(s[-1], name="Exit_%d" % (first_exit + i))
                            for i, s in enumerate(results[1:])]
        if self.stateful:
            self.add_update([state_ops.assign(v, s) for v, s in
                             zip(self._state_variables, final_states)])
        state_shape = self._state_shape(inputs.shape)
        if self.return_sequences:
            output = array_ops.transpose(outputs_tm, [1, 0, 2, 3, 4])
            output.set_shape(state_shape[:1] + inputs.shape.as_list()[1:2] + state_shape[1:])
        else:
            output = last_output
            output.set_shape(state_shape)
        if self.return_state:
            for state in final_states:
                state.set_shape(state_shape)
            return [output] + final_states
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        return [output_mask, None, None] if self.return_state else output_mask

    def compute_output_shape(self, input_shape):
        state = self._state_shape(input_shape)
        time = TensorShape(input_shape).as_list()[1]
        output = TensorShape(state[:1] + [time] + state[1:] if self.return_sequences else state)
        if self.return_state:
            return [output, TensorShape(state), TensorShape(state)]
        return output

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        config.update(self.cell.get_config())
        config.update(name=self.name, trainable=self.trainable)
        config.update(serialize_fields(self, activity_regularizer=self.activity_regularizer))
        order = [k for k in _LAYER_FIELD_ORDER if k in config]
        return {k: config[k] for k in order + [k for k in config if k not in order]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)     # the cell's fields are the layer's own arguments


_LAYER_FIELD_ORDER = (
    "name", "trainable", "batch_input_shape", "dtype", "return_sequences", "return_state",
    "go_backwards", "stateful", "unroll", "time_major") + _CELL_FIELDS[:13] + (
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
    "recurrent_dropout")

__all__ = ["ConvLSTM2D"]
