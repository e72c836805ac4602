"""Keras recurrent layers of TF1 graph mode (tf_keras's v1 LSTM/GRU/SimpleRNN): the cell's
weights live under `<layer>/<cell>/` (`lstm/lstm_cell/kernel` [in, 4*units],
`recurrent_kernel` [units, 4*units], `bias` [4*units]); the v1 defaults hold
(`recurrent_activation='hard_sigmoid'`, GRU `reset_after=False`, LSTM `unit_forget_bias`).

The time loop is `tf.scan` over the time-major inputs (TF uses a while_loop of the same
steps), so the values and gradients are TF's; op names inside the loop differ.
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
from tfcompat.layers.base import InputSpec
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.engine.base_layer import check_input_spec
from tfcompat.keras.engine.base_layer import flatten
from tfcompat.keras.layers import serialization
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.keras.layers.recurrent_stacked import StackedRNNCells
from tfcompat.keras.layers.recurrent_user_cell import adapt_cell
from tfcompat.keras.layers.recurrent_user_cell import flat_state_sizes
from tfcompat.keras.layers.recurrent_user_cell import zero_filled_state
from tfcompat.keras.layers.recurrent_user_cell import zero_state_for_cell
from tfcompat.keras.layers.recurrent_user_cell import output_width
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import nn_impl
from tfcompat.ops import reduction_ops
from tfcompat.ops import state_ops
from tfcompat.ops.array_ops_pad import tile
from tfcompat.ops.functional_ops import scan
from tfcompat.ops.indexing_ops import reverse
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.nn_ops import bias_add

_CELL_FIELDS = ("activation", "recurrent_activation", "use_bias", "kernel_initializer",
                "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
                "recurrent_constraint", "bias_constraint")




def unit_forget_bias_initializer(base, units):
    """An LSTM bias initializer whose forget gate starts at one (Keras' unit_forget_bias): the
    gates' biases in Keras' order i, f, c, o, `base` for all but f."""
    def bias_initializer(shape, dtype=None, **kwargs):
        return backend.concatenate([base((units,), dtype=dtype),
                                    initializers.get("ones")((units,), dtype=dtype),
                                    base((units * 2,), dtype=dtype)])
    return bias_initializer

class _Cell(Layer):
    """One step of a recurrent layer: `call(inputs, states) -> (output, new_states)`."""

    _GATES = 1

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self._masks = (None, None)

    @property
    def state_size(self):
        return self.units      # Keras: an int for a cell of one state (LSTMCell: [h, c])

    @property
    def output_size(self):
        return self.units

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """Zeros for each state: [batch, size], the batch size and dtype taken from `inputs`
        where given."""
        return zero_state_for_cell(self, inputs, batch_size, dtype)

    def _bias_initializer(self):
        return self.bias_initializer

    def _bias_shape(self):
        return (self.units * self._GATES,)

    def _input_bias(self):
        """The bias added to the inputs' products (GRU `reset_after` has a second one)."""
        return self.bias

    def build(self, input_shape):
        width = self.units * self._GATES
        last = TensorShape(input_shape)[-1].value
        self.kernel = self.add_weight("kernel", shape=(last, width),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight("recurrent_kernel", shape=(self.units, width),
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        self.bias = self.add_weight("bias", shape=self._bias_shape(),
                                    initializer=self._bias_initializer(),
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def make_dropout_masks(self, step_inputs, state, training):
        """Keras' per-call dropout masks (one per gate, the same for every time step): kept
        entries scaled by 1/(1-rate) while training, ones otherwise."""
        def masks(like, rate):
            if not 0 < rate < 1:
                return None
            ones = array_ops_join.ones_like(like)
            return [backend.in_train_phase(lambda: nn_impl.dropout(ones, rate=rate),
                                           ones, training=training)
                    for _ in range(self._GATES)]
        self._masks = (masks(step_inputs, self.dropout),
                       masks(state, self.recurrent_dropout))

    def _gate_inputs(self, inputs):
        """x W_k + b_k for each gate k (the inputs masked per gate under dropout)."""
        input_masks, bias = self._masks[0], self._input_bias()
        if input_masks is None:
            x = reduction_ops.matmul(inputs, self.kernel)
            return self._split(bias_add(x, bias) if self.use_bias else x, self._GATES)
        u, parts = self.units, []
        for k, mask in enumerate(input_masks):
            x = reduction_ops.matmul(inputs * mask, self.kernel[:, k * u:(k + 1) * u])
            parts.append(bias_add(x, bias[k * u:(k + 1) * u]) if self.use_bias else x)
        return parts

    def _masked_state(self, state, k):
        masks = self._masks[1]
        return state if masks is None else state * masks[k]

    def _split(self, tensor, n):
        u = self.units
        return [tensor[:, i * u:(i + 1) * u] for i in range(n)]

    def get_config(self):
        fields = {name: getattr(self, name) for name in _CELL_FIELDS}
        return serialize_fields(self, units=self.units, dropout=self.dropout,
                                recurrent_dropout=self.recurrent_dropout, **fields)


class SimpleRNNCell(_Cell):
    """`h = activation(x W + b + h_prev U)`."""

    def call(self, inputs, states, training=None):
        # a list of states from the RNN layer; the state itself from tf.nn.dynamic_rnn
        nested = isinstance(states, (list, tuple))
        output = self._gate_inputs(inputs)[0] + reduction_ops.matmul(
            self._masked_state(states[0] if nested else states, 0), self.recurrent_kernel)
        output = self.activation(output) if self.activation is not None else output
        return output, [output] if nested else output

    def get_config(self):
        config = super().get_config()
        del config["recurrent_activation"]     # as Keras: a simple cell has none
        return config


class LSTMCell(_Cell):
    """Keras' LSTM step (gates i, f, c, o in that order of the kernel's columns)."""

    _GATES = 4

    def __init__(self, units, unit_forget_bias=True, implementation=1, **kwargs):
        super().__init__(units, **kwargs)
        self.unit_forget_bias = unit_forget_bias
        self.implementation = implementation    # kept for the config: one computation here

    @property
    def state_size(self):
        return [self.units, self.units]

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        return unit_forget_bias_initializer(self.bias_initializer, self.units)

    def call(self, inputs, states, training=None):
        h_prev, c_prev = states
        x_i, x_f, x_c, x_o = self._gate_inputs(inputs)
        if self._masks[1] is None:
            r_i, r_f, r_c, r_o = self._split(reduction_ops.matmul(h_prev,
                                                                  self.recurrent_kernel), 4)
        else:
            u = self.units
            r_i, r_f, r_c, r_o = [reduction_ops.matmul(
                self._masked_state(h_prev, k), self.recurrent_kernel[:, k * u:(k + 1) * u])
                for k in range(4)]
        i = self.recurrent_activation(x_i + r_i)
        f = self.recurrent_activation(x_f + r_f)
        c = f * c_prev + i * self.activation(x_c + r_c)
        o = self.recurrent_activation(x_o + r_o)
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self):
        config = super().get_config()
        config["unit_forget_bias"] = self.unit_forget_bias
        config["implementation"] = self.implementation
        return config


class GRUCell(_Cell):
    """Keras' GRU step. `reset_after=False` (TF1's default): the reset gate applies before
    the recurrent product of the candidate; `reset_after=True` (CuDNN's): after it, and the
    bias is [2, 3*units] (input biases, then recurrent biases added to the recurrent
    products)."""

    _GATES = 3

    def __init__(self, units, reset_after=False, implementation=1, **kwargs):
        super().__init__(units, **kwargs)
        self.reset_after = bool(reset_after)
        self.implementation = implementation    # kept for the config: one computation here

    def _bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def _input_bias(self):
        return self.bias[0] if self.reset_after and self.use_bias else self.bias

    def _recurrent_part(self, h_prev, k):
        """h_prev U_k (+ the recurrent bias of gate k under `reset_after`)."""
        u = self.units
        product = reduction_ops.matmul(self._masked_state(h_prev, k),
                                       self.recurrent_kernel[:, k * u:(k + 1) * u])
        if self.reset_after and self.use_bias:
            product = bias_add(product, self.bias[1, k * u:(k + 1) * u])
        return product

    def call(self, inputs, states, training=None):
        nested = isinstance(states, (list, tuple))   # as SimpleRNNCell's
        h_prev = states[0] if nested else states
        x_z, x_r, x_h = self._gate_inputs(inputs)
        u = self.units
        z = self.recurrent_activation(x_z + self._recurrent_part(h_prev, 0))
        r = self.recurrent_activation(x_r + self._recurrent_part(h_prev, 1))
        if self.reset_after:
            hh = self.activation(x_h + r * self._recurrent_part(h_prev, 2))
        else:
            hh = self.activation(x_h + reduction_ops.matmul(
                r * self._masked_state(h_prev, 2), self.recurrent_kernel[:, 2 * u:]))
        h = z * h_prev + (1 - z) * hh
        return h, [h] if nested else h

    def get_config(self):
        config = super().get_config()
        config["implementation"] = self.implementation
        config["reset_after"] = self.reset_after
        return config


class RNN(Layer):
    """Runs a cell over the time axis of [batch, time, features] inputs ([time, batch,
    features] with `time_major`: then the mask and the sequences output are time-major too)."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, time_major=False, **kwargs):
        # Keras: set by Bidirectional (masked steps of a returned sequence output zeros)
        self.zero_output_for_mask = kwargs.pop("zero_output_for_mask", False)
        super().__init__(**kwargs)
        self.time_major = bool(time_major)
        self.cell = StackedRNNCells(cell) if isinstance(cell, (list, tuple)) else \
            adapt_cell(cell)
        self.return_sequences, self.return_state = return_sequences, return_state
        self.go_backwards, self.unroll = go_backwards, unroll
        self.stateful = stateful
        self.input_spec = InputSpec(ndim=3)
        self._layers = [self.cell]
        self._state_variables = None
        self._batch_size = None

    @property
    def _state_sizes(self):
        """The sizes of the cell's states, flat (a stack of cells: every cell's in order)."""
        return flat_state_sizes(self.cell)

    @property
    def states(self):
        if self._state_variables is None:
            return [None] * len(self._state_sizes)
        return list(self._state_variables)

    def reset_states(self, states=None):
        """A stateful layer's states (Keras variables `<layer>/Variable`, made on first
        use) set to zeros, or to the arrays `states`."""
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if not self._batch_size:
            raise ValueError(
                "If a RNN is stateful, it needs to know its batch size. Specify the batch "
                "size of your input tensors: \n- If using a Sequential model, specify the batch "
                "size by passing a `batch_input_shape` argument to your first layer.\n- If "
                "using the functional API, specify the batch size by passing a `batch_shape` "
                "argument to your Input layer.")
        if self._state_variables is None:
            self._state_variables = [
                backend.variable(np.zeros((self._batch_size, size), backend.floatx()))
                for size in self._state_sizes]
            return
        values = states if states is not None else [
            np.zeros((self._batch_size, size)) for size in self._state_sizes]
        if not isinstance(values, (list, tuple)):
            values = [values]
        if len(values) != len(self._state_variables):
            raise ValueError("Layer %s expects %d states, but it received %d state values. "
                             "States received: %s" % (self.name, len(self._state_variables),
                                                      len(values), states))
        backend.batch_set_value(list(zip(self._state_variables, values)))

    def build(self, input_shape):
        shape = TensorShape(input_shape[0] if isinstance(input_shape, list) else input_shape)
        batch = shape[1].value if self.time_major else shape[0].value
        if not self.cell.built:
            with graph_lib.name_scope(self.cell.name):
                self.cell.build(TensorShape([batch, shape[-1].value]))
                self.cell.built = True
        self.built = True
        if self.stateful:
            self._batch_size = batch
            self.reset_states()

    def get_initial_state(self, inputs):
        """Keras' initial states: zeros [batch, size] for each state (the cell's own
        get_initial_state where it has one, called with inputs=None), in a list."""
        if isinstance(inputs, (list, tuple)):
            inputs = flatten(inputs)[0]
        batch = array_ops.shape(inputs)[1 if self.time_major else 0]
        get_initial_state_fn = getattr(self.cell, "get_initial_state", None)
        if get_initial_state_fn is not None:
            init_state = get_initial_state_fn(inputs=None, batch_size=batch, dtype=inputs.dtype)
        else:
            init_state = zero_filled_state(batch, self.cell.state_size, inputs.dtype)
        return list(init_state) if isinstance(init_state, (list, tuple)) else [init_state]

    def _nest_states(self, flat):
        """States as Keras returns them: a stack of cells nests each cell's own."""
        if isinstance(self.cell, StackedRNNCells):
            return self.cell.nest_states(flat)
        return list(flat)

    def _flat_initial_state(self, initial_state, flat_ok=False):
        """`initial_state` in the nesting `return_state` gives (a stack of cells takes one
        entry per cell), flattened to the cell's states; `flat_ok`: already flat states (a
        replayed node's inputs) pass too."""
        if not isinstance(initial_state, (list, tuple)):
            initial_state = [initial_state]
        expected = len(self._nest_states(self._state_sizes))
        flat = flatten(initial_state)
        if isinstance(self.cell, StackedRNNCells) and len(initial_state) != expected and not (
                flat_ok and len(initial_state) == len(flat) == len(self._state_sizes)):
            raise ValueError("Layer has %d states but was passed %d initial states. Received: "
                             "initial_state=%s" % (expected, len(initial_state),
                                                   list(initial_state)))
        if len(flat) != len(self._state_sizes):
            specs = [InputSpec(shape=tuple(TensorShape(t.shape).as_list())) for t in flat]
            raise ValueError("An `initial_state` was passed that is not compatible with "
                             "`cell.state_size`. Received `state_spec`=ListWrapper(%s); however "
                             "`cell.state_size` is %s" % (specs, self._state_sizes))
        return flat

    def __call__(self, inputs, *args, **kwargs):
        # as Keras: the initial states (`initial_state`, or `layer([x, *states])`) are inputs
        # of the call's node, flat after `x`; the input spec applies to `x`
        states = kwargs.pop("initial_state", None)
        from_list = False
        if isinstance(inputs, (list, tuple)) and len(inputs) > 1 and states is None:
            inputs, states, from_list = inputs[0], list(inputs[1:]), True
        if states is None or (isinstance(states, (list, tuple)) and not states):
            return super().__call__(inputs, *args, **kwargs)
        states = self._flat_initial_state(states, flat_ok=from_list)
        check_input_spec(self.input_spec, inputs, self.name)
        spec, self.input_spec = self.input_spec, None
        try:
            return super().__call__([inputs] + states, *args, **kwargs)
        finally:
            self.input_spec = spec

    def call(self, inputs, mask=None, training=None, initial_state=None):
        if isinstance(inputs, (list, tuple)):     # flat states after `x` (see __call__)
            inputs, states = inputs[0], list(inputs[1:])
        else:
            states = self._flat_initial_state(initial_state) if initial_state else []
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if not states:
            states = [array_ops.identity(v) for v in self._state_variables] \
                if self.stateful else flatten(self.get_initial_state(inputs))
        time_major = inputs if self.time_major else array_ops.transpose(inputs, [1, 0, 2])
        # TF's backend.rnn reads the number of steps here; read alike, so that the ops after
        # it have TF's names (the output a frozen graph names is `gru/strided_slice_3:0`)
        array_ops.shape(time_major)[0]
        mask_tm = None
        if mask is not None:      # as TF's: [batch, time, 1], then time-major
            mask_tm = array_ops.expand_dims(mask, -1)
            if not self.time_major:
                mask_tm = array_ops.transpose(mask_tm, [1, 0, 2])
        if self.go_backwards:
            time_major = reverse(time_major, [0])
            mask_tm = None if mask_tm is None else reverse(mask_tm, [0])
        first_output = array_ops_join.zeros_like(states[0])
        width = output_width(self.cell)
        if isinstance(self.cell, StackedRNNCells) or width != self._state_sizes[0]:
            # the output's own width (zeros summed: no slice to take one of TF's names)
            first_output = tile(reduction_ops.reduce_sum(first_output, axis=1, keepdims=True),
                                [1, width])
        self.cell.make_dropout_masks(time_major[0], states[0],
                                     backend.learning_phase() if training is None else training)

        def step(carry, elem):
            x, keep = elem if mask_tm is not None else (elem, None)
            output, new_states = self.cell.call(x, list(carry[1:]))
            new_states = flatten(new_states)     # a stack of cells nests its cells' states
            for new_state, state in zip(new_states, carry[1:]):
                if hasattr(new_state, "set_shape"):
                    new_state.set_shape(state.shape)   # as Keras' backend.rnn
            new = [output] + list(new_states)
            if keep is not None:
                # as Keras' backend.rnn: a masked step keeps the previous output and states
                olds = list(carry)
                if self.zero_output_for_mask:
                    olds[0] = array_ops_join.zeros_like(output)
                new = [where(tile(keep, [1, size]), n, old)
                       for n, old, size in zip(new, olds, [width] +
                                               list(self._state_sizes))]
            return tuple(new)

        elems = time_major if mask_tm is None else (time_major, mask_tm)
        results = scan(step, elems, initializer=tuple([first_output] + states))
        outputs_tm = results[0]
        last_output = outputs_tm[-1]
        if self.unroll:
            final_states = [s[-1] for s in results[1:]]
        else:
            # TF's names: its loop's exits (time, outputs, [mask's outputs,] states...)
            first_exit = 2 if mask_tm is None else 3
            with graph_lib.name_scope("while"):
                final_states = [array_ops.identity(s[-1], name="Exit_%d" % (first_exit + i))
                                for i, s in enumerate(results[1:])]
        if self.stateful:
            # as Keras: the final states are written back by the layer's updates
            self.add_update([state_ops.assign(v, s) for v, s in
                             zip(self._state_variables, final_states)])
        dims = inputs.shape.as_list()
        batch = dims[1] if self.time_major else dims[0]
        if self.return_sequences:
            output = outputs_tm if self.time_major else \
                array_ops.transpose(outputs_tm, [1, 0, 2])
            output.set_shape(dims[:2] + [width])
        else:
            output = last_output
            output.set_shape([batch, width])
        if self.return_state:
            for state, size in zip(final_states, self._state_sizes):
                state.set_shape([batch, size])
            return [output] + self._nest_states(final_states)
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self._state_sizes)
        return output_mask

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        shape = dims[:2] + [output_width(self.cell)] if self.return_sequences else \
            [dims[1] if self.time_major else dims[0], output_width(self.cell)]
        if self.return_state:   # as Keras: the output's shape, then each state's
            batch = dims[1] if self.time_major else dims[0]
            return [TensorShape(shape)] + [TensorShape([batch, size])
                                           for size in self._state_sizes]
        return TensorShape(shape)

    def get_config(self):
        extra = {"zero_output_for_mask": True} if self.zero_output_for_mask else {}
        return serialize_fields(self, return_sequences=self.return_sequences,
                                return_state=self.return_state,
                                go_backwards=self.go_backwards, stateful=self.stateful,
                                unroll=self.unroll, time_major=self.time_major, **extra,
                                cell=serialization.serialize(self.cell))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = serialization.deserialize(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)


class _Recurrent(RNN):
    _CELL, _CELL_NAME = None, None

    def __init__(self, units, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, time_major=False, **kwargs):
        base_kwargs = {k: kwargs.pop(k) for k in list(kwargs)
                       if k in ("name", "trainable", "input_shape", "batch_input_shape",
                                "batch_size", "input_dim", "weights", "dtype",
                                "activity_regularizer", "zero_output_for_mask")}
        self.implementation = kwargs.pop("implementation", 1)
        cell = self._CELL(units, name=self._CELL_NAME, dtype=base_kwargs.get("dtype"),
                          **kwargs)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         time_major=time_major, **base_kwargs)

    def __getattr__(self, name):
        cell = self.__dict__.get("cell")
        if cell is not None and name in _CELL_FIELDS + ("units", "unit_forget_bias",
                                                        "reset_after"):
            return getattr(cell, name)
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    def get_config(self):
        config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            config.pop(key, None)
        config.update(super().get_config())
        del config["cell"]     # as Keras: LSTM & co. carry the cell's fields themselves
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        if not isinstance(self.cell, SimpleRNNCell):     # as Keras: SimpleRNN has no modes
            config["implementation"] = self.implementation
        # Keras' order: the RNN's own fields, then the cell's in its get_config's order
        first = [k for k in _RNN_FIELD_ORDER if k in config]
        return {k: config[k] for k in first + [k for k in config if k not in first]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)     # the cell's fields are the layer's own arguments


_RNN_FIELD_ORDER = (
    "name", "trainable", "batch_input_shape", "dtype", "return_sequences", "return_state",
    "go_backwards", "stateful", "unroll", "time_major", "zero_output_for_mask", "units",
    "activation",
    "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "implementation", "reset_after")


class SimpleRNN(_Recurrent):
    """Fully-connected RNN (`simple_rnn/simple_rnn_cell/kernel`)."""
    _CELL, _CELL_NAME = SimpleRNNCell, "simple_rnn_cell"


class LSTM(_Recurrent):
    """Long short-term memory (`lstm/lstm_cell/kernel` [in, 4*units])."""
    _CELL, _CELL_NAME = LSTMCell, "lstm_cell"


class GRU(_Recurrent):
    """Gated recurrent unit, TF1's variant (`reset_after=False`, bias [3*units])."""
    _CELL, _CELL_NAME = GRUCell, "gru_cell"
