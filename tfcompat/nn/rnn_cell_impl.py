"""TF1 RNN cells (`tf.nn.rnn_cell`): RNNCell, BasicRNNCell, GRUCell, BasicLSTMCell, LSTMCell,
MultiRNNCell and LSTMStateTuple, ported from TF's legacy cells so that variable names
(`rnn/basic_lstm_cell/kernel`), shapes and gate order (i, j, f, o for LSTMs; r, u for GRUs) are
TF's and checkpoints drop in. Wrappers live in rnn_cell_wrappers.py, drivers in rnn.py.
"""
from __future__ import annotations

import collections

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.tensor_util import constant_value
from tfcompat.layers.base import InputSpec
from tfcompat.layers.base import Layer
from tfcompat.layers.keras_members import layer_config
from tfcompat.layers.core import get_activation
from tfcompat.ops import array_ops
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat import init_ops
from tfcompat.variable_scope import get_variable_scope
from tfcompat.variable_scope import variable_scope
from tfcompat.framework.convert import convert_to_tensor

_BIAS_VARIABLE_NAME = "bias"
_WEIGHTS_VARIABLE_NAME = "kernel"


def _concat(prefix, suffix, static=False):
    """TF's helper: [prefix] + [suffix] as a static list or a shape tensor."""
    def parts(value):
        if hasattr(value, "op"):
            static_value = constant_value(value)
            tensor = array_ops.expand_dims(value, 0) if value.shape.ndims == 0 else value
            return tensor, (None if static_value is None else
                            [int(v) for v in static_value.reshape(-1)])
        shape = tensor_shape.as_shape(value)
        listed = shape.as_list() if shape.ndims is not None else None
        tensor = constant(listed, dtype=dtypes.int32) if shape.is_fully_defined() else None
        return tensor, listed

    p, p_static = parts(prefix)
    s, s_static = parts(suffix)
    if static:
        shape = tensor_shape.TensorShape(p_static).concatenate(s_static)
        return shape.as_list() if shape.ndims is not None else None
    if p is None or s is None:
        raise ValueError("Prefix or suffix can't be None. Received prefix = %s and suffix = %s"
                         % (prefix, suffix))
    return array_ops.concat((p, s), 0)


def _zero_state_tensors(state_size, batch_size, dtype):
    def get_state_shape(s):
        size = array_ops.zeros(_concat(batch_size, s), dtype=dtype)
        size.set_shape(_concat(batch_size, s, static=True))
        return size
    return nest.map_structure(get_state_shape, state_size)


def _check_supported_dtypes(dtype):
    if dtype is None:
        return
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_complex):
        raise ValueError("RNN cell only supports floating point inputs, but received dtype: %s"
                         % dtype)


def _check_rnn_cell_input_dtypes(inputs):
    for t in nest.flatten(inputs):
        _check_supported_dtypes(t.dtype)


def assert_like_rnncell(cell_name, cell):
    """TF's check that `cell` quacks like an RNNCell."""
    conditions = [hasattr(cell, "output_size"), hasattr(cell, "state_size"),
                  hasattr(cell, "get_initial_state") or hasattr(cell, "zero_state"),
                  callable(cell)]
    errors = ["'output_size' property is missing", "'state_size' property is missing",
              "either 'zero_state' or 'get_initial_state' method is required",
              "is not callable"]
    if not all(conditions):
        raise TypeError("The argument %r (%s) is not an RNNCell: %s." % (
            cell_name, cell, ", ".join(e for c, e in zip(conditions, errors) if not c)))


class RNNCell(Layer):
    """Abstract RNN cell (TF1 `tf.nn.rnn_cell.RNNCell`): `(output, new_state) =
    cell(inputs, state)`, with `state_size`, `output_size` and `zero_state`."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._is_tf_rnn_cell = True

    def __call__(self, inputs, state, scope=None):
        if scope is not None:
            with variable_scope(scope, custom_getter=self._rnn_get_variable) as scope:
                return super().__call__(inputs, state, scope=scope)
        scope = getattr(self, "rnncell_scope", None)
        if scope is None:
            scope = variable_scope(get_variable_scope(), custom_getter=self._rnn_get_variable)
            self.rnncell_scope = scope
        with scope:
            return super().__call__(inputs, state)

    def _rnn_get_variable(self, getter, *args, **kwargs):
        variable = getter(*args, **kwargs)
        trainable = variable in get_default_graph().get_collection(
            GraphKeys.TRAINABLE_VARIABLES)
        weights = self._trainable_weights if trainable else self._non_trainable_weights
        if all(variable is not v for v in weights):
            weights.append(variable)
        return variable

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def build(self, _):
        self.built = True

    def get_config(self):
        """The Keras layer's base config (name, trainable, dtype), as TF's RNNCell."""
        return layer_config(self)

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            inputs = convert_to_tensor(inputs, name="inputs")
            batch_size = inputs.shape[0].value or array_ops.shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError("batch_size and dtype cannot be None while constructing initial "
                             "state: batch_size=%s, dtype=%s" % (batch_size, dtype))
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        """Zero-filled state tensor(s) of shape [batch_size, state_size] for each state."""
        with name_scope(type(self).__name__ + "ZeroState"):
            return _zero_state_tensors(self.state_size, batch_size, dtype)


class LayerRNNCell(RNNCell):
    """An RNNCell whose variables are made in `build` (TF's LayerRNNCell)."""

    def __call__(self, inputs, state, scope=None, *args, **kwargs):
        _check_single_input(self, inputs)
        return Layer.__call__(self, inputs, state, *args, scope=scope, **kwargs)

    def _build_weights(self, input_shape):
        """Makes this cell's variables, named as a first call would, without building ops
        (used by the fused dynamic_rnn path)."""
        self._set_scope(None)
        with variable_scope(self._scope, reuse=True if self.built else self._reuse,
                            auxiliary_name_scope=False) as vs:
            self._current_scope = vs
            with get_default_graph().name_scope(self._name_scope()):
                if not self.built:
                    self.build(tensor_shape.as_shape(input_shape))
                    self.built = True


def _check_single_input(cell, inputs):
    # Keras' assert_input_compatibility: a cell with one InputSpec given a nested input
    flat = nest.flatten(inputs)
    if isinstance(cell.input_spec, InputSpec) and len(flat) != 1:
        raise ValueError('Layer "%s" expects 1 input(s), but it received %d input tensors. '
                         'Inputs received: %s' % (cell.name, len(flat), flat))


def _input_depth(cell, input_shape):
    depth = input_shape[-1].value if input_shape.ndims else None
    if depth is None:
        raise ValueError("Expected inputs.shape[-1] to be known, received shape: %s"
                         % input_shape)
    _check_supported_dtypes(cell._dtype)
    return depth


def _zeros(cell):
    return init_ops.zeros_initializer(dtype=cell._dtype or dtypes.float32)


class BasicRNNCell(LayerRNNCell):
    """TF1 `tf.nn.rnn_cell.BasicRNNCell`: output = new_state = act([x, h] @ kernel + bias)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtypes(self._dtype)
        self.input_spec = InputSpec(ndim=2)
        self._num_units = num_units
        self._activation = get_activation(activation) if activation else math_ops.tanh

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def get_config(self):
        return layer_config(self, num_units=self._num_units, activation=self._activation,
                            reuse=self._reuse)

    def build(self, input_shape):
        depth = _input_depth(self, input_shape)
        self._kernel = self.add_weight(_WEIGHTS_VARIABLE_NAME,
                                       shape=[depth + self._num_units, self._num_units])
        self._bias = self.add_weight(_BIAS_VARIABLE_NAME, shape=[self._num_units],
                                     initializer=_zeros(self))
        self.built = True

    def call(self, inputs, state):
        _check_rnn_cell_input_dtypes([inputs, state])
        gate_inputs = reduction_ops.matmul(array_ops.concat([inputs, state], 1), self._kernel)
        gate_inputs = nn_ops.bias_add(gate_inputs, self._bias)
        output = self._activation(gate_inputs)
        return output, output


class GRUCell(LayerRNNCell):
    """TF1 `tf.nn.rnn_cell.GRUCell`: variables gates/{kernel,bias} (r, u) and
    candidate/{kernel,bias}; the reset gate multiplies the state before the candidate matmul."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtypes(self._dtype)
        self.input_spec = InputSpec(ndim=2)
        self._num_units = num_units
        self._activation = get_activation(activation) if activation else math_ops.tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def get_config(self):
        return layer_config(self, num_units=self._num_units,
                            kernel_initializer=self._kernel_initializer,
                            bias_initializer=self._bias_initializer,
                            activation=self._activation, reuse=self._reuse)

    def build(self, input_shape):
        depth = _input_depth(self, input_shape)
        n = self._num_units
        self._gate_kernel = self.add_weight("gates/kernel", shape=[depth + n, 2 * n],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight(
            "gates/bias", shape=[2 * n], initializer=self._bias_initializer if
            self._bias_initializer is not None else init_ops.constant_initializer(
                1.0, dtype=self._dtype or dtypes.float32))
        self._candidate_kernel = self.add_weight("candidate/kernel", shape=[depth + n, n],
                                                 initializer=self._kernel_initializer)
        self._candidate_bias = self.add_weight(
            "candidate/bias", shape=[n], initializer=self._bias_initializer if
            self._bias_initializer is not None else init_ops.zeros_initializer(
                dtype=self._dtype or dtypes.float32))
        self.built = True

    def call(self, inputs, state):
        _check_rnn_cell_input_dtypes([inputs, state])
        gate_inputs = reduction_ops.matmul(array_ops.concat([inputs, state], 1),
                                           self._gate_kernel)
        gate_inputs = nn_ops.bias_add(gate_inputs, self._gate_bias)
        value = math_ops.sigmoid(gate_inputs)
        r, u = array_ops.split(value=value, num_or_size_splits=2, axis=1)
        r_state = r * state
        candidate = reduction_ops.matmul(array_ops.concat([inputs, r_state], 1),
                                         self._candidate_kernel)
        candidate = nn_ops.bias_add(candidate, self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


_LSTMStateTuple = collections.namedtuple("LSTMStateTuple", ("c", "h"))


class LSTMStateTuple(_LSTMStateTuple):
    """TF1 `tf.nn.rnn_cell.LSTMStateTuple(c, h)`."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError("Inconsistent dtypes for internal state: %s vs %s"
                            % (c.dtype, h.dtype))
        return c.dtype


class BasicLSTMCell(LayerRNNCell):
    """TF1 `tf.nn.rnn_cell.BasicLSTMCell`: kernel [in + units, 4 * units] with gates
    (i, j, f, o); `forget_bias` is added to f; state LSTMStateTuple(c, h)."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtypes(self._dtype)
        self.input_spec = InputSpec(ndim=2)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = get_activation(activation) if activation else math_ops.tanh

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    output_size = property(lambda self: self._num_units)

    def get_config(self):
        return layer_config(self, num_units=self._num_units, forget_bias=self._forget_bias,
                            state_is_tuple=self._state_is_tuple, activation=self._activation,
                            reuse=self._reuse)

    def build(self, input_shape):
        depth = _input_depth(self, input_shape)
        n = self._num_units
        self._kernel = self.add_weight(_WEIGHTS_VARIABLE_NAME, shape=[depth + n, 4 * n])
        self._bias = self.add_weight(_BIAS_VARIABLE_NAME, shape=[4 * n],
                                     initializer=_zeros(self))
        self.built = True

    def call(self, inputs, state):
        _check_rnn_cell_input_dtypes([inputs, state])
        one = constant(1, dtype=dtypes.int32)
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = array_ops.split(value=state, num_or_size_splits=2, axis=one)
        gate_inputs = reduction_ops.matmul(array_ops.concat([inputs, h], 1), self._kernel)
        gate_inputs = nn_ops.bias_add(gate_inputs, self._bias)
        i, j, f, o = array_ops.split(value=gate_inputs, num_or_size_splits=4, axis=one)
        forget_bias_tensor = constant(self._forget_bias, dtype=f.dtype)
        sigmoid, add, multiply = math_ops.sigmoid, math_ops.add, math_ops.multiply
        new_c = add(multiply(c, sigmoid(add(f, forget_bias_tensor))),
                    multiply(sigmoid(i), self._activation(j)))
        new_h = multiply(self._activation(new_c), sigmoid(o))
        new_state = (LSTMStateTuple(new_c, new_h) if self._state_is_tuple
                     else array_ops.concat([new_c, new_h], 1))
        return new_h, new_state


class LSTMCell(LayerRNNCell):
    """TF1 `tf.nn.rnn_cell.LSTMCell`: BasicLSTMCell plus peepholes (w_f_diag, w_i_diag,
    w_o_diag), cell clipping and a projection (projection/kernel) with optional clipping."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None,
                 num_proj=None, proj_clip=None, num_unit_shards=None, num_proj_shards=None,
                 forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtypes(self._dtype)
        if num_unit_shards is not None or num_proj_shards is not None:
            raise NotImplementedError("tfcompat: LSTMCell num_unit_shards/num_proj_shards are "
                                      "not supported; use a partitioner on the variable scope")
        self.input_spec = InputSpec(ndim=2)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = get_activation(activation) if activation else math_ops.tanh
        h = num_proj if num_proj else num_units
        self._state_size = (LSTMStateTuple(num_units, h) if state_is_tuple else num_units + h)
        self._output_size = h

    state_size = property(lambda self: self._state_size)
    output_size = property(lambda self: self._output_size)

    def get_config(self):
        return layer_config(self, num_units=self._num_units, use_peepholes=self._use_peepholes,
                            cell_clip=self._cell_clip, initializer=self._initializer,
                            num_proj=self._num_proj, proj_clip=self._proj_clip,
                            num_unit_shards=None, num_proj_shards=None,
                            forget_bias=self._forget_bias, state_is_tuple=self._state_is_tuple,
                            activation=self._activation, reuse=self._reuse)

    def build(self, input_shape):
        depth = _input_depth(self, input_shape)
        n = self._num_units
        h_depth = n if self._num_proj is None else self._num_proj
        self._kernel = self.add_weight(_WEIGHTS_VARIABLE_NAME, shape=[depth + h_depth, 4 * n],
                                       initializer=self._initializer)
        self._bias = self.add_weight(_BIAS_VARIABLE_NAME, shape=[4 * n],
                                     initializer=_zeros(self))
        if self._use_peepholes:
            self._w_f_diag = self.add_weight("w_f_diag", shape=[n], initializer=self._initializer)
            self._w_i_diag = self.add_weight("w_i_diag", shape=[n], initializer=self._initializer)
            self._w_o_diag = self.add_weight("w_o_diag", shape=[n], initializer=self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self.add_weight("projection/kernel",
                                                shape=[n, self._num_proj],
                                                initializer=self._initializer)
        self.built = True

    def call(self, inputs, state):
        _check_rnn_cell_input_dtypes([inputs, state])
        n = self._num_units
        num_proj = n if self._num_proj is None else self._num_proj
        sigmoid = math_ops.sigmoid
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = indexing_ops.slice(state, [0, 0], [-1, n])
            m_prev = indexing_ops.slice(state, [0, n], [-1, num_proj])
        if inputs.get_shape().with_rank(2).dims[1].value is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1].Received "
                             "input shape: %s" % inputs.get_shape())
        lstm_matrix = reduction_ops.matmul(array_ops.concat([inputs, m_prev], 1), self._kernel)
        lstm_matrix = nn_ops.bias_add(lstm_matrix, self._bias)
        i, j, f, o = array_ops.split(value=lstm_matrix, num_or_size_splits=4, axis=1)
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev +
                 sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = reduction_ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = reduction_ops.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = reduction_ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = (LSTMStateTuple(c, m) if self._state_is_tuple
                     else array_ops.concat([c, m], 1))
        return m, new_state


class MultiRNNCell(RNNCell):
    """TF1 `tf.nn.rnn_cell.MultiRNNCell`: cells stacked under `cell_0`, `cell_1`, ..."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_sequence(cells):
            raise TypeError("cells must be a list or tuple, but received: %s." % (cells,))
        self._cells = cells
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(nest.is_sequence(c.state_size) for c in cells):
            raise ValueError("Some cells return tuples of states, but the flag state_is_tuple "
                             "is not set. State sizes are: %s"
                             % [c.state_size for c in cells])

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    output_size = property(lambda self: self._cells[-1].output_size)

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return super().zero_state(batch_size, dtype)

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [w for cell in self._cells if isinstance(cell, Layer)
                for w in cell.trainable_weights]

    @property
    def non_trainable_weights(self):
        weights = [w for cell in self._cells if isinstance(cell, Layer)
                   for w in cell.non_trainable_weights]
        if not self.trainable:
            return [w for cell in self._cells if isinstance(cell, Layer)
                    for w in cell.trainable_weights] + weights
        return weights

    def call(self, inputs, state):
        cur_state_pos = 0
        cur_inp = inputs
        new_states = []
        for i, cell in enumerate(self._cells):
            with variable_scope("cell_%d" % i):
                if self._state_is_tuple:
                    if not nest.is_sequence(state):
                        raise ValueError("Expected state to be a tuple of length %d, but "
                                         "received: %s" % (len(self.state_size), state))
                    cur_state = state[i]
                else:
                    cur_state = indexing_ops.slice(state, [0, cur_state_pos],
                                                   [-1, cell.state_size])
                    cur_state_pos += cell.state_size
                cur_inp, new_state = cell(cur_inp, cur_state)
                new_states.append(new_state)
        new_states = (tuple(new_states) if self._state_is_tuple
                      else array_ops.concat(new_states, 1))
        return cur_inp, new_states
