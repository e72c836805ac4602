"""`tf.contrib.rnn` pieces of TF 1.15 beyond the core cells: the stacked bidirectional drivers
(`stack_bidirectional_rnn`, `stack_bidirectional_dynamic_rnn`) and `LayerNormBasicLSTMCell`,
built from the core RNN functions exactly as TF 1.15's contrib code built them, so variable
names (`stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/...`,
`layer_norm_basic_lstm_cell/input/gamma`, ...) and values are TF's; and `LSTMBlockFusedCell`
(TF 1.15 ran it as one BlockLSTM op; tfcompat runs the same recurrence as a while loop, so its
GraphDef holds that loop instead of a BlockLSTM node)."""
from __future__ import annotations

from tfcompat import init_ops
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.layers.base import InputSpec
from tfcompat.layers.base import Layer
from tfcompat.contrib.layers.layers import layer_norm
from tfcompat.nn.rnn import bidirectional_dynamic_rnn
from tfcompat.nn.rnn import dynamic_rnn
from tfcompat.nn.rnn import static_bidirectional_rnn
from tfcompat.nn.rnn_cell_impl import GRUCell
from tfcompat.nn.rnn_cell_impl import LSTMStateTuple
from tfcompat.nn.rnn_cell_impl import RNNCell
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops import clip_ops
from tfcompat.ops import gather_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat.variable_scope import get_variable
from tfcompat.variable_scope import variable_scope


def _check_stack_args(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    """TF 1.15's checks, in its order and with its messages."""
    if not cells_fw:
        raise ValueError("Must specify at least one fw cell for BidirectionalRNN.")
    if not cells_bw:
        raise ValueError("Must specify at least one bw cell for BidirectionalRNN.")
    if not isinstance(cells_fw, list):
        raise ValueError("cells_fw must be a list of RNNCells (one per layer).")
    if not isinstance(cells_bw, list):
        raise ValueError("cells_bw must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    for states, cells, which in ((initial_states_fw, cells_fw, "fw"),
                                 (initial_states_bw, cells_bw, "bw")):
        if states is not None and (not isinstance(states, list) or len(states) != len(cells)):
            raise ValueError("initial_states_%s must be a list of state tensors (one per layer)."
                             % which)


def _layer_states(initial_states, i):
    # TF tests the list's truth, so an empty list means "no initial states"
    return initial_states[i] if initial_states else None


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None,
                            initial_states_bw=None, dtype=None, sequence_length=None,
                            scope=None):
    """Static bidirectional layers, each fed the depth-concatenated outputs of the one below:
    (list of T outputs, tuple of fw final states, tuple of bw final states)."""
    _check_stack_args(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            with variable_scope("cell_%d" % i) as cell_scope:
                prev_layer, state_fw, state_bw = static_bidirectional_rnn(
                    cell_fw, cell_bw, prev_layer,
                    initial_state_fw=_layer_states(initial_states_fw, i),
                    initial_state_bw=_layer_states(initial_states_bw, i),
                    sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None,
                                    initial_states_bw=None, dtype=None, sequence_length=None,
                                    parallel_iterations=None, time_major=False, scope=None,
                                    swap_memory=False):
    """Dynamic bidirectional layers, each fed the concatenated [fw, bw] outputs of the one
    below: (outputs [.., .., 2 * last depth], fw final states, bw final states)."""
    _check_stack_args(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            with variable_scope("cell_%d" % i):
                outputs, (state_fw, state_bw) = bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, prev_layer,
                    initial_state_fw=_layer_states(initial_states_fw, i),
                    initial_state_bw=_layer_states(initial_states_bw, i),
                    sequence_length=sequence_length, parallel_iterations=parallel_iterations,
                    dtype=dtype, swap_memory=swap_memory, time_major=time_major)
                prev_layer = array_ops.concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


class LayerNormBasicLSTMCell(RNNCell):
    """TF 1.15 `tf.contrib.rnn.LayerNormBasicLSTMCell`: BasicLSTMCell with each gate's
    pre-activation and the new cell state layer-normalized (variables `kernel` and, per
    normalized tensor, `input|transform|forget|output|state/gamma|beta`; `bias` only without
    layer norm), and recurrent dropout on the candidate (Semeniuta et al. 2016)."""

    def __init__(self, num_units, forget_bias=1.0, input_size=None, activation=math_ops.tanh,
                 layer_norm=True, norm_gain=1.0, norm_shift=0.0, dropout_keep_prob=1.0,
                 dropout_prob_seed=None, reuse=None):
        super().__init__(_reuse=reuse)
        del input_size   # deprecated in TF too, and ignored there
        self._num_units = num_units
        self._activation = activation
        self._forget_bias = forget_bias
        self._keep_prob = dropout_keep_prob
        self._seed = dropout_prob_seed
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        self._reuse = reuse

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def _norm(self, inp, scope, dtype):
        shape = inp.get_shape()[-1:]
        # the gain and shift are made first with this cell's initial values; layer_norm then
        # finds them (reuse=True) instead of making ones of its own
        with variable_scope(scope):
            get_variable("gamma", shape=shape, dtype=dtype,
                         initializer=init_ops.constant_initializer(self._norm_gain))
            get_variable("beta", shape=shape, dtype=dtype,
                         initializer=init_ops.constant_initializer(self._norm_shift))
        return layer_norm(inp, reuse=True, scope=scope)

    def _linear(self, args):
        out_size = 4 * self._num_units
        weights = get_variable("kernel", [args.get_shape()[-1], out_size], dtype=args.dtype)
        out = reduction_ops.matmul(args, weights)
        if not self._layer_norm:
            bias = get_variable("bias", [out_size], dtype=args.dtype)
            out = nn_ops.bias_add(out, bias)
        return out

    def call(self, inputs, state):
        c, h = state
        args = array_ops.concat([inputs, h], 1)
        dtype = args.dtype
        i, j, f, o = array_ops.split(value=self._linear(args), num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i = self._norm(i, "input", dtype)
            j = self._norm(j, "transform", dtype)
            f = self._norm(f, "forget", dtype)
            o = self._norm(o, "output", dtype)
        g = self._activation(j)
        if (not isinstance(self._keep_prob, float)) or self._keep_prob < 1:
            g = nn_impl.dropout(g, self._keep_prob, seed=self._seed)
        new_c = c * math_ops.sigmoid(f + self._forget_bias) + math_ops.sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state", dtype)
        new_h = self._activation(new_c) * math_ops.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


def block_lstm_step(gates, c_prev, forget_bias, cell_clip, peepholes=None):
    """(c, h) of one step of TF's LSTMBlockCell kernel from its gate pre-activations
    [i, ci, f, o] (x h W + b), in the kernel's order of operations: forget_bias added to f,
    the peephole terms (w_i_diag, w_f_diag, w_o_diag) c_prev * wci on i and c_prev * wcf on
    f, the new cell state clipped to +-cell_clip when cell_clip > 0, and c * wco on o."""
    i, ci, f, o = array_ops.split(value=gates, num_or_size_splits=4, axis=1)
    f = f + forget_bias
    if peepholes is not None:
        wci, wcf, wco = peepholes
        i = i + c_prev * wci
        f = f + c_prev * wcf
    c = math_ops.sigmoid(i) * math_ops.tanh(ci) + c_prev * math_ops.sigmoid(f)
    if cell_clip > 0:
        c = _clip_straight_through(c, cell_clip)
    if peepholes is not None:
        o = o + c * wco
    return c, math_ops.tanh(c) * math_ops.sigmoid(o)


def _clip_straight_through(c, cell_clip):
    """`c` clipped to +-cell_clip with the gradient of no clipping: TF's block LSTM kernels
    backpropagate through the clip as if it were not there (lstm_ops.h). clip(c) + (c - c)
    is clip(c) exactly for finite c, and its gradient reaches c only through (c - c)."""
    clipped = array_ops.stop_gradient(clip_ops.clip_by_value(c, -cell_clip, cell_clip))
    return clipped + (c - array_ops.stop_gradient(c))


def peephole_weights(layer, num_units):
    """TF's LSTMBlockCell / LSTMBlockFusedCell peephole variables, in TF's order."""
    return tuple(layer.add_weight(name, [num_units])
                 for name in ("w_i_diag", "w_f_diag", "w_o_diag"))


class _BlockLSTMStep(RNNCell):
    """One step of TF's BlockLSTM with given weights (block_lstm_step); its output is [c, h]
    so that the caller gets every step's cell state, as BlockLSTM returns it."""

    def __init__(self, kernel, bias, num_units, forget_bias, cell_clip, peepholes=None):
        super().__init__(name="block_lstm")
        self._w, self._b, self._peepholes = kernel, bias, peepholes
        self._n, self._forget_bias, self._cell_clip = num_units, forget_bias, cell_clip

    state_size = property(lambda self: LSTMStateTuple(self._n, self._n))
    output_size = property(lambda self: 2 * self._n)

    def call(self, inputs, state):
        c, h = state
        gates = nn_ops.bias_add(
            reduction_ops.matmul(array_ops.concat([inputs, h], 1), self._w), self._b)
        c, h = block_lstm_step(gates, c, self._forget_bias, self._cell_clip, self._peepholes)
        return array_ops.concat([c, h], 1), LSTMStateTuple(c, h)


class LSTMBlockFusedCell(Layer):
    """TF 1.15 `tf.contrib.rnn.LSTMBlockFusedCell` (a FusedRNNCell): called on time-major
    inputs [time, batch, depth] (or a list of [batch, depth]) with `initial_state`, `dtype`
    and `sequence_length`; gives (outputs zeroed past each length, LSTMStateTuple of the
    state at each sequence's last step). Variables `lstm_fused_cell/kernel` [depth + units,
    4 * units] and `bias` (zeros), in BasicLSTMCell's gate layout, and with `use_peephole`
    `w_i_diag`, `w_f_diag`, `w_o_diag` (block_lstm_step)."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False,
                 reuse=None, dtype=None, name="lstm_fused_cell"):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._use_peephole = use_peephole
        self._peepholes = None
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self.input_spec = InputSpec(ndim=3)

    @property
    def num_units(self):
        return self._num_units

    def build(self, input_shape):
        input_size = input_shape.dims[2].value
        self._kernel = self.add_weight("kernel", [input_size + self._num_units,
                                                  self._num_units * 4])
        self._bias = self.add_weight("bias", [self._num_units * 4],
                                     initializer=init_ops.constant_initializer(0.0))
        if self._use_peephole:
            self._peepholes = peephole_weights(self, self._num_units)
        self.built = True

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None,
                 scope=None):
        is_list = isinstance(inputs, list)
        if is_list:
            inputs = array_ops.stack(inputs)
        outputs, state = super().__call__(inputs, initial_state=initial_state, dtype=dtype,
                                          sequence_length=sequence_length, scope=scope)
        return (array_ops.unstack(outputs) if is_list else outputs), state

    def call(self, inputs, initial_state=None, dtype=None, sequence_length=None):
        shape = inputs.get_shape().with_rank(3)
        if not shape[2]:
            raise ValueError("Expecting inputs_shape[2] to be set: %s" % shape)
        batch_size = shape.dims[1].value
        if batch_size is None:
            batch_size = array_ops.shape(inputs)[1]
        time_len = shape.dims[0].value
        if time_len is None:
            time_len = array_ops.shape(inputs)[0]
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            zeros = array_ops.zeros(array_ops.stack([batch_size, self._num_units]), dtype=dtype)
            initial_state = zeros, zeros
        else:
            if len(initial_state) != 2:
                raise ValueError("Expecting initial_state to be a tuple with length 2 or None")
            dtype = dtype or initial_state[0].dtype
        initial_c, initial_h = initial_state
        step = _BlockLSTMStep(self._kernel, self._bias, self._num_units, self._forget_bias,
                              self._cell_clip, self._peepholes)
        both, _ = dynamic_rnn(step, inputs, initial_state=LSTMStateTuple(initial_c, initial_h),
                              time_major=True, dtype=dtype)
        cell_states, outputs = array_ops.split(both, 2, axis=2)
        if sequence_length is None:
            return outputs, LSTMStateTuple(cell_states[-1], outputs[-1])
        sequence_length = convert_to_tensor(sequence_length)
        mask = array_ops.transpose(
            indexing_ops.sequence_mask(sequence_length, time_len, dtype=dtype), [1, 0])
        outputs *= array_ops.tile(array_ops.expand_dims(mask, -1), [1, 1, self._num_units])
        # the initial state in front: the state after step length - 1 is at index `length`
        final_c = self._gather_states(
            array_ops.concat([array_ops.expand_dims(initial_c, 0), cell_states], 0),
            sequence_length, batch_size)
        final_h = self._gather_states(
            array_ops.concat([array_ops.expand_dims(initial_h, 0), outputs], 0),
            sequence_length, batch_size)
        return outputs, LSTMStateTuple(final_c, final_h)

    @staticmethod
    def _gather_states(data, indices, batch_size):
        indices = math_ops.cast(indices, dtypes.int32)
        return gather_ops.gather_nd(
            data, array_ops.stack([indices, _range(batch_size)], axis=1))


class GRUBlockCellV2(GRUCell):
    """TF 1.15 `tf.contrib.rnn.GRUBlockCellV2`: TF's GRUBlockCell op is GRUCell's math
    (sigmoid gates r, u with bias 1; tanh candidate on [x, r * h]; u * h + (1 - u) * c) with
    GRUCell's variable names (`gru_cell/gates/kernel`, ...)."""

    def __init__(self, num_units=None, cell_size=None, reuse=None, name="gru_cell"):
        if (cell_size is None) == (num_units is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        super().__init__(num_units if num_units is not None else cell_size, reuse=reuse,
                         name=name)


class GRUBlockCell(GRUBlockCellV2):
    """TF 1.15 `tf.contrib.rnn.GRUBlockCell`: GRUBlockCellV2 under the block op's own
    variable names `w_ru`, `b_ru` (gates) and `w_c`, `b_c` (candidate)."""

    def build(self, input_shape):
        depth = input_shape[-1].value if input_shape.ndims else None
        if depth is None:
            raise ValueError("Expecting input_size to be set.")
        n = self._num_units
        self._gate_kernel = self.add_weight("w_ru", [depth + n, 2 * n])
        self._gate_bias = self.add_weight("b_ru", [2 * n],
                                          initializer=init_ops.constant_initializer(1.0))
        self._candidate_kernel = self.add_weight("w_c", [depth + n, n])
        self._candidate_bias = self.add_weight("b_c", [n],
                                               initializer=init_ops.constant_initializer(0.0))
        self.built = True
