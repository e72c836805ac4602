"""More of TF 1.15's `tf.contrib.rnn` cells (contrib/rnn/python/ops/rnn_cell.py), ported op for
op so variable names, shapes, initializers and the order of the math are TF's and checkpoints
drop in: CoupledInputForgetGateLSTMCell (`W_0`, `B`), ConvLSTMCell and Conv1D/2D/3DLSTMCell
(`kernel`, `biases`), AttentionCellWrapper (`attention/attn_w`, ...), HighwayWrapper (`carry_w`,
`carry_b` in the caller's scope), NASCell, UGRNNCell and IntersectionRNNCell.

Written against the public `tf` API, as core_rnn_cell.py is: with a graph-level seed an
initializer's op seed is the graph's op count, so building TF's ops in TF's order is what
makes seeded initializers draw TF's numbers.
"""
from __future__ import annotations

import math

import tfcompat as tf
from tfcompat.contrib.layers.layers import layer_norm
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _Linear
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _WrapperCell
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.nn.rnn_cell_impl import LayerRNNCell
from tfcompat.nn.rnn_cell_impl import LSTMStateTuple
from tfcompat.nn.rnn_cell_impl import RNNCell
from tfcompat.nn.rnn_cell_impl import assert_like_rnncell
from tfcompat.ops import control_flow_nest as nest


def _get_sharded_variable(name, shape, dtype, num_shards):
    """`num_shards` variables `name_0`, `name_1`, ... splitting shape[0], the first ones one
    row larger when it does not divide evenly (TF's layout)."""
    if num_shards > shape[0]:
        raise ValueError("Too many shards: shape=%s, num_shards=%d" % (shape, num_shards))
    unit_shard_size = int(math.floor(shape[0] / num_shards))
    remaining_rows = shape[0] - unit_shard_size * num_shards
    shards = []
    for i in range(num_shards):
        current_size = unit_shard_size + (1 if i < remaining_rows else 0)
        shards.append(tf.get_variable(name + "_%d" % i, [current_size] + shape[1:],
                                      dtype=dtype))
    return shards


def _get_concat_variable(name, shape, dtype, num_shards):
    """The sharded variable as one tensor; the concat is made once per scope and kept in the
    CONCATENATED_VARIABLES collection, as TF does."""
    sharded_variable = _get_sharded_variable(name, shape, dtype, num_shards)
    if len(sharded_variable) == 1:
        return sharded_variable[0]
    concat_name = name + "/concat"
    concat_full_name = tf.get_variable_scope().name + "/" + concat_name + ":0"
    for value in tf.get_collection(tf.GraphKeys.CONCATENATED_VARIABLES):
        if value.name == concat_full_name:
            return value
    concat_variable = tf.concat(sharded_variable, 0, name=concat_name)
    tf.add_to_collection(tf.GraphKeys.CONCATENATED_VARIABLES, concat_variable)
    return concat_variable


def _norm(g, b, inp, scope):
    # gamma and beta are made first with the cell's initial values; layer_norm then finds
    # them (reuse=True) instead of making its own
    shape = inp.get_shape()[-1:]
    with tf.variable_scope(scope):
        tf.get_variable("gamma", shape=shape, initializer=tf.constant_initializer(g))
        tf.get_variable("beta", shape=shape, initializer=tf.constant_initializer(b))
    return layer_norm(inp, reuse=True, scope=scope)


def _static_input_size(inputs):
    input_size = inputs.get_shape().with_rank(2)[1].value
    if input_size is None:
        raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
    return input_size



class StoredSizes:
    """Mixin: a cell's `state_size` and `output_size` as its __init__ stored them."""

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size


class NumUnitsSizes:
    """Mixin: a cell whose state and output are both [batch, num_units]."""

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units


class CoupledInputForgetGateLSTMCell(StoredSizes, RNNCell):
    """TF1 `tf.contrib.rnn.CoupledInputForgetGateLSTMCell`: an LSTM whose input gate is
    1 - forget gate (Greff et al.), gates (j, f, o) from one matrix `W_0`, bias `B`, optional
    peepholes (`W_F_diag`, `W_O_diag`), projection (`W_P_0`) and layer normalisation.

    As in TF 1.15, `initializer` is accepted and stored but not used."""

    def __init__(self, num_units, use_peepholes=False, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=1, num_proj_shards=1, forget_bias=1.0,
                 state_is_tuple=True, activation=tf.tanh, reuse=None, layer_norm=False,
                 norm_gain=1.0, norm_shift=0.0):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation
        self._reuse = reuse
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        out = num_proj if num_proj else num_units
        self._state_size = (LSTMStateTuple(num_units, out) if state_is_tuple
                            else num_units + out)
        self._output_size = out

    def _split_state(self, state, num_proj):
        if self._state_is_tuple:
            return state
        return (tf.slice(state, [0, 0], [-1, self._num_units]),
                tf.slice(state, [0, self._num_units], [-1, num_proj]))

    def _ln(self, value, scope):
        return _norm(self._norm_gain, self._norm_shift, value, scope)

    def call(self, inputs, state):
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        c_prev, m_prev = self._split_state(state, num_proj)
        dtype = inputs.dtype
        input_size = _static_input_size(inputs)
        concat_w = _get_concat_variable("W", [input_size + num_proj, 3 * self._num_units],
                                        dtype, self._num_unit_shards)
        b = tf.get_variable("B", shape=[3 * self._num_units],
                            initializer=tf.zeros_initializer(), dtype=dtype)
        lstm_matrix = tf.matmul(tf.concat([inputs, m_prev], 1), concat_w)
        if not self._layer_norm:      # layer norm's shift stands in for the bias
            lstm_matrix = tf.nn.bias_add(lstm_matrix, b)
        j, f, o = tf.split(value=lstm_matrix, num_or_size_splits=3, axis=1)
        if self._layer_norm:
            j, f, o = self._ln(j, "transform"), self._ln(f, "forget"), self._ln(o, "output")
        if self._use_peepholes:
            w_f_diag = tf.get_variable("W_F_diag", shape=[self._num_units], dtype=dtype)
            w_o_diag = tf.get_variable("W_O_diag", shape=[self._num_units], dtype=dtype)
            f_act = tf.sigmoid(f + self._forget_bias + w_f_diag * c_prev)
        else:
            f_act = tf.sigmoid(f + self._forget_bias)
        c = f_act * c_prev + (1 - f_act) * self._activation(j)
        if self._layer_norm:
            c = self._ln(c, "state")
        if self._use_peepholes:
            m = tf.sigmoid(o + w_o_diag * c) * self._activation(c)
        else:
            m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            w_proj = _get_concat_variable("W_P", [self._num_units, self._num_proj], dtype,
                                          self._num_proj_shards)
            m = tf.matmul(m, w_proj)
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


def _conv(args, filter_size, num_features, bias, bias_start=0.0):
    """SAME, stride-1 convolution of the channel-concatenated `args` with variable `kernel`
    (filter_size + [total channels, num_features]) plus `biases` (TF 1.15's `_conv`)."""
    total_arg_size_depth = 0
    shapes = [a.get_shape().as_list() for a in args]
    shape_length = len(shapes[0])
    for shape in shapes:
        if len(shape) not in [3, 4, 5]:
            raise ValueError("Conv Linear expects 3D, 4D or 5D arguments: %s" % str(shapes))
        if len(shape) != len(shapes[0]):
            raise ValueError("Conv Linear expects all args to be of same Dimension: %s"
                             % str(shapes))
        total_arg_size_depth += shape[-1]
    dtype = args[0].dtype
    if shape_length == 3:
        conv_op, strides = tf.nn.conv1d, 1
    elif shape_length == 4:
        conv_op, strides = tf.nn.conv2d, shape_length * [1]
    else:
        conv_op, strides = tf.nn.conv3d, shape_length * [1]
    kernel = tf.get_variable("kernel", filter_size + [total_arg_size_depth, num_features],
                             dtype=dtype)
    if len(args) == 1:
        res = conv_op(args[0], kernel, strides, padding="SAME")
    else:
        res = conv_op(tf.concat(axis=shape_length - 1, values=args), kernel, strides,
                      padding="SAME")
    if not bias:
        return res
    bias_term = tf.get_variable("biases", [num_features], dtype=dtype,
                                initializer=tf.constant_initializer(bias_start, dtype=dtype))
    return res + bias_term


class ConvLSTMCell(StoredSizes, RNNCell):
    """TF1 `tf.contrib.rnn.ConvLSTMCell` (Shi et al. 2015): an LSTM whose gates (i, j, f, o)
    come from one SAME convolution over [inputs, hidden]; states are
    input_shape[:-1] + [output_channels] feature maps. `initializers` is unused, as in TF."""

    def __init__(self, conv_ndims, input_shape, output_channels, kernel_shape, use_bias=True,
                 skip_connection=False, forget_bias=1.0, initializers=None,
                 name="conv_lstm_cell"):
        super().__init__(name=name)
        if conv_ndims != len(input_shape) - 1:
            raise ValueError("Invalid input_shape {} for conv_ndims={}.".format(
                input_shape, conv_ndims))
        self._conv_ndims = conv_ndims
        self._input_shape = input_shape
        self._output_channels = output_channels
        self._kernel_shape = list(kernel_shape)
        self._use_bias = use_bias
        self._forget_bias = forget_bias
        self._skip_connection = skip_connection
        self._total_output_channels = output_channels
        if self._skip_connection:
            self._total_output_channels += self._input_shape[-1]
        spatial = list(self._input_shape[:-1])
        state_size = TensorShape(spatial + [self._output_channels])
        self._state_size = LSTMStateTuple(state_size, state_size)
        self._output_size = TensorShape(spatial + [self._total_output_channels])

    def call(self, inputs, state, scope=None):
        cell, hidden = state
        new_hidden = _conv([inputs, hidden], self._kernel_shape, 4 * self._output_channels,
                           self._use_bias)
        gates = tf.split(value=new_hidden, num_or_size_splits=4, axis=self._conv_ndims + 1)
        input_gate, new_input, forget_gate, output_gate = gates
        new_cell = tf.sigmoid(forget_gate + self._forget_bias) * cell
        new_cell += tf.sigmoid(input_gate) * tf.tanh(new_input)
        output = tf.tanh(new_cell) * tf.sigmoid(output_gate)
        if self._skip_connection:
            output = tf.concat([output, inputs], axis=-1)
        # as in TF 1.15, the hidden state is the output, skip channels included
        return output, LSTMStateTuple(new_cell, output)


class Conv1DLSTMCell(ConvLSTMCell):
    """TF1 `tf.contrib.rnn.Conv1DLSTMCell`: ConvLSTMCell over [batch, width, channels]."""

    def __init__(self, name="conv_1d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=1, name=name, **kwargs)


class Conv2DLSTMCell(ConvLSTMCell):
    """TF1 `tf.contrib.rnn.Conv2DLSTMCell`: ConvLSTMCell over [batch, h, w, channels]."""

    def __init__(self, name="conv_2d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=2, name=name, **kwargs)


class Conv3DLSTMCell(ConvLSTMCell):
    """TF1 `tf.contrib.rnn.Conv3DLSTMCell`: ConvLSTMCell over [batch, d, h, w, channels]."""

    def __init__(self, name="conv_3d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=3, name=name, **kwargs)


class HighwayWrapper(_WrapperCell):
    """TF1 `tf.contrib.rnn.HighwayWrapper`: output = inputs * carry + cell_output * transform,
    carry = sigmoid(inputs @ carry_w + carry_b). Its variables are made in the caller's
    variable scope (TF's wrapper opens none), e.g. `rnn/carry_w`."""

    def __init__(self, cell, couple_carry_transform_gates=True, carry_bias_init=1.0):
        super().__init__(cell)
        self._couple_carry_transform_gates = couple_carry_transform_gates
        self._carry_bias_init = carry_bias_init

    def _highway(self, inp, out):
        input_size = inp.get_shape().with_rank(2).dims[1].value
        carry_weight = tf.get_variable("carry_w", [input_size, input_size])
        carry_bias = tf.get_variable(
            "carry_b", [input_size], initializer=tf.constant_initializer(self._carry_bias_init))
        carry = tf.sigmoid(tf.nn.xw_plus_b(inp, carry_weight, carry_bias))
        if self._couple_carry_transform_gates:
            transform = 1 - carry
        else:
            transform_weight = tf.get_variable("transform_w", [input_size, input_size])
            transform_bias = tf.get_variable(
                "transform_b", [input_size],
                initializer=tf.constant_initializer(-self._carry_bias_init))
            transform = tf.sigmoid(tf.nn.xw_plus_b(inp, transform_weight, transform_bias))
        return inp * carry + out * transform

    def __call__(self, inputs, state, scope=None):
        outputs, new_state = self._cell(inputs, state, scope=scope)
        nest.assert_same_structure(inputs, outputs)
        nest.map_structure(
            lambda inp, out: inp.get_shape().assert_is_compatible_with(out.get_shape()),
            inputs, outputs)
        return nest.map_structure(self._highway, inputs, outputs), new_state


class NASCell(StoredSizes, LayerRNNCell):
    """TF1 `tf.contrib.rnn.NASCell` (Zoph & Le 2017): the searched 8-branch cell with
    `kernel` [input, 8 * units], `recurrent_kernel` [proj, 8 * units], optional `bias` and
    `projection_weights`."""

    _NAS_BASE = 8

    def __init__(self, num_units, num_proj=None, use_bias=False, reuse=None, **kwargs):
        super().__init__(_reuse=reuse, **kwargs)
        self._num_units = num_units
        self._num_proj = num_proj
        self._use_bias = use_bias
        self._reuse = reuse
        out = num_units if num_proj is None else num_proj
        self._state_size = LSTMStateTuple(num_units, out)
        self._output_size = out

    def build(self, inputs_shape):
        input_size = TensorShape(inputs_shape).with_rank(2)[1].value
        if input_size is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        width = self._NAS_BASE * self._num_units
        self.recurrent_kernel = self.add_variable("recurrent_kernel", [num_proj, width])
        self.kernel = self.add_variable("kernel", [input_size, width])
        if self._use_bias:
            self.bias = self.add_variable("bias", shape=[width],
                                          initializer=tf.zeros_initializer)
        if self._num_proj is not None:
            self.projection_weights = self.add_variable(
                "projection_weights", [self._num_units, self._num_proj])
        self.built = True

    def call(self, inputs, state):
        sigmoid, tanh, relu = tf.sigmoid, tf.tanh, tf.nn.relu
        c_prev, m_prev = state
        m_matrix = tf.matmul(m_prev, self.recurrent_kernel)
        inputs_matrix = tf.matmul(inputs, self.kernel)
        if self._use_bias:
            m_matrix = tf.nn.bias_add(m_matrix, self.bias)
        m = tf.split(axis=1, num_or_size_splits=self._NAS_BASE, value=m_matrix)
        x = tf.split(axis=1, num_or_size_splits=self._NAS_BASE, value=inputs_matrix)
        layer1_0 = sigmoid(x[0] + m[0])
        layer1_1 = relu(x[1] + m[1])
        layer1_2 = sigmoid(x[2] + m[2])
        layer1_3 = relu(x[3] * m[3])
        layer1_4 = tanh(x[4] + m[4])
        layer1_5 = sigmoid(x[5] + m[5])
        layer1_6 = tanh(x[6] + m[6])
        layer1_7 = sigmoid(x[7] + m[7])
        l2_0 = tanh(layer1_0 * layer1_1)
        l2_1 = tanh(layer1_2 + layer1_3)
        l2_2 = tanh(layer1_4 * layer1_5)
        l2_3 = sigmoid(layer1_6 + layer1_7)
        l2_0 = tanh(l2_0 + c_prev)        # the cell state enters here
        new_c = l2_0 * l2_1
        l3_1 = tanh(l2_2 + l2_3)
        new_m = tanh(new_c * l3_1)
        if self._num_proj is not None:
            new_m = tf.matmul(new_m, self.projection_weights)
        return new_m, LSTMStateTuple(new_c, new_m)


class UGRNNCell(NumUnitsSizes, RNNCell):
    """TF1 `tf.contrib.rnn.UGRNNCell` (Collins et al. 2017): one update gate,
    h = g * h_prev + (1 - g) * act(c), from `kernel` [input + units, 2 * units] and `bias`."""

    def __init__(self, num_units, initializer=None, forget_bias=1.0, activation=tf.tanh,
                 reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._activation = activation
        self._reuse = reuse
        self._linear = None

    def call(self, inputs, state):
        _static_input_size(inputs)
        with tf.variable_scope(tf.get_variable_scope(), initializer=self._initializer):
            cell_inputs = tf.concat([inputs, state], 1)
            if self._linear is None:
                self._linear = _Linear(cell_inputs, 2 * self._num_units, True)
            rnn_matrix = self._linear(cell_inputs)
            g_act, c_act = tf.split(axis=1, num_or_size_splits=2, value=rnn_matrix)
            c = self._activation(c_act)
            g = tf.sigmoid(g_act + self._forget_bias)
            new_state = g * state + (1.0 - g) * c
        return new_state, new_state


class IntersectionRNNCell(NumUnitsSizes, RNNCell):
    """TF1 `tf.contrib.rnn.IntersectionRNNCell` (+RNN, Collins et al. 2017): coupled gates
    through time (state) and depth (output); input size must equal num_units unless
    `num_in_proj` adds the `in_projection` layer."""

    def __init__(self, num_units, num_in_proj=None, initializer=None, forget_bias=1.0,
                 y_activation=tf.nn.relu, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._num_input_proj = num_in_proj
        self._y_activation = y_activation
        self._reuse = reuse
        self._linear1 = None
        self._linear2 = None

    def _project_inputs(self, inputs, input_size):
        if input_size == self._num_units:
            return inputs
        if not self._num_input_proj:
            raise ValueError("Must have input size == output size for Intersection RNN. To "
                             "fix, num_in_proj should be set to num_units at cell init.")
        with tf.variable_scope("in_projection"):
            if self._linear1 is None:
                self._linear1 = _Linear(inputs, self._num_units, True)
            return self._linear1(inputs)

    def call(self, inputs, state):
        input_size = _static_input_size(inputs)
        with tf.variable_scope(tf.get_variable_scope(), initializer=self._initializer):
            inputs = self._project_inputs(inputs, input_size)
            n_dim = i_dim = self._num_units
            cell_inputs = tf.concat([inputs, state], 1)
            if self._linear2 is None:
                self._linear2 = _Linear(cell_inputs, 2 * n_dim + 2 * i_dim, True)
            rnn_matrix = self._linear2(cell_inputs)
            gh_act = rnn_matrix[:, :n_dim]
            h_act = rnn_matrix[:, n_dim:2 * n_dim]
            gy_act = rnn_matrix[:, 2 * n_dim:2 * n_dim + i_dim]
            y_act = rnn_matrix[:, 2 * n_dim + i_dim:2 * n_dim + 2 * i_dim]
            h = tf.tanh(h_act)
            y = self._y_activation(y_act)
            gh = tf.sigmoid(gh_act + self._forget_bias)
            gy = tf.sigmoid(gy_act + self._forget_bias)
            new_state = gh * state + (1.0 - gh) * h      # through time
            new_y = gy * inputs + (1.0 - gy) * y         # through depth
        return new_y, new_state


class AttentionCellWrapper(RNNCell):
    """TF1 `tf.contrib.rnn.AttentionCellWrapper` (Cheng et al. 2016): attention over the last
    `attn_length` outputs. State is (cell state, attns, attn_states) or, with
    state_is_tuple=False, their concatenation."""

    def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None, input_size=None,
                 state_is_tuple=True, reuse=None):
        super().__init__(_reuse=reuse)
        assert_like_rnncell("cell", cell)
        if nest.is_sequence(cell.state_size) and not state_is_tuple:
            raise ValueError("Cell returns tuple of states, but the flag state_is_tuple is not "
                             "set. State size is: %s" % str(cell.state_size))
        if attn_length <= 0:
            raise ValueError("attn_length should be greater than zero, got %s"
                             % str(attn_length))
        if attn_size is None:
            attn_size = cell.output_size
        if attn_vec_size is None:
            attn_vec_size = attn_size
        self._state_is_tuple = state_is_tuple
        self._cell = cell
        self._attn_vec_size = attn_vec_size
        self._input_size = input_size
        self._attn_size = attn_size
        self._attn_length = attn_length
        self._reuse = reuse
        self._linear1 = None
        self._linear2 = None
        self._linear3 = None

    @property
    def state_size(self):
        size = (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)
        return size if self._state_is_tuple else sum(list(size))

    @property
    def output_size(self):
        return self._attn_size

    def _split_state(self, states):
        cell_size = self._cell.state_size
        return (tf.slice(states, [0, 0], [-1, cell_size]),
                tf.slice(states, [0, cell_size], [-1, self._attn_size]),
                tf.slice(states, [0, cell_size + self._attn_size],
                         [-1, self._attn_size * self._attn_length]))

    def call(self, inputs, state):
        state, attns, attn_states = state if self._state_is_tuple else self._split_state(state)
        attn_states = tf.reshape(attn_states, [-1, self._attn_length, self._attn_size])
        input_size = self._input_size
        if input_size is None:
            input_size = inputs.get_shape().as_list()[1]
        if self._linear1 is None:
            self._linear1 = _Linear([inputs, attns], input_size, True)
        inputs = self._linear1([inputs, attns])
        cell_output, new_state = self._cell(inputs, state)
        if self._state_is_tuple:
            new_state_cat = tf.concat(nest.flatten(new_state), 1)
        else:
            new_state_cat = new_state
        new_attns, new_attn_states = self._attention(new_state_cat, attn_states)
        with tf.variable_scope("attn_output_projection"):
            if self._linear2 is None:
                self._linear2 = _Linear([cell_output, new_attns], self._attn_size, True)
            output = self._linear2([cell_output, new_attns])
        # the window slides: drop the oldest attention state, append this output
        new_attn_states = tf.concat([new_attn_states, tf.expand_dims(output, 1)], 1)
        new_attn_states = tf.reshape(new_attn_states, [-1, self._attn_length * self._attn_size])
        new_state = (new_state, new_attns, new_attn_states)
        if not self._state_is_tuple:
            new_state = tf.concat(list(new_state), 1)
        return output, new_state

    def _attention(self, query, attn_states):
        with tf.variable_scope("attention"):
            k = tf.get_variable("attn_w", [1, 1, self._attn_size, self._attn_vec_size])
            v = tf.get_variable("attn_v", [self._attn_vec_size])
            hidden = tf.reshape(attn_states, [-1, self._attn_length, 1, self._attn_size])
            hidden_features = tf.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME")
            if self._linear3 is None:
                self._linear3 = _Linear(query, self._attn_vec_size, True)
            y = self._linear3(query)
            y = tf.reshape(y, [-1, 1, 1, self._attn_vec_size])
            s = tf.reduce_sum(v * tf.tanh(hidden_features + y), [2, 3])
            a = tf.nn.softmax(s)
            d = tf.reduce_sum(tf.reshape(a, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
            new_attns = tf.reshape(d, [-1, self._attn_size])
            new_attn_states = tf.slice(attn_states, [0, 1, 0], [-1, -1, -1])
            return new_attns, new_attn_states
