"""The fused path of `tf.nn.dynamic_rnn`: a standard cell (BasicLSTMCell, LSTMCell without
peepholes or clipping, BasicRNNCell, or a MultiRNNCell of those) runs as one CudnnRNN op per
layer, i.e. torch's fused LSTM/RNN kernel (cuDNN on GPU), instead of a loop of small ops.

The cell's variables are made exactly as a first call would make them (same scopes, so
`rnn/basic_lstm_cell/kernel`), and the params buffer is built from them with graph ops:
TF's gate order (i, j, f, o) is reordered to torch's (i, f, g, o) and `forget_bias` is folded
into the f bias, so gradients flow back to the TF-layout variables and checkpoints drop in.
GRUCell is not fused: TF applies the reset gate before the candidate matmul, cuDNN after it.
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.nn import rnn_cell_impl as cells
from tfcompat.ops import array_ops
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_ops
from tfcompat.ops import nn_rnn_ops
from tfcompat.variable_scope import get_variable_scope
from tfcompat.variable_scope import variable_scope

_TANH = {math_ops.tanh}
_RELU = {nn_ops.relu}


def _unchanged(cell, cls):
    """`cell` is a `cls` whose math is `cls`'s own (a subclass may override call/build)."""
    kind = type(cell)
    return (isinstance(cell, cls) and kind.call is cls.call and kind.build is cls.build
            and kind.__call__ is cls.__call__)


def _layer_mode(cell):
    """The CudnnRNN mode for one standard cell, or None when it cannot be fused."""
    if _unchanged(cell, cells.BasicLSTMCell) or getattr(cell, "fuses_as_basic_lstm", False):
        # (contrib's LSTMBlockCell without peepholes or clipping is BasicLSTMCell's math)
        return "lstm" if cell._activation in _TANH else None
    if _unchanged(cell, cells.LSTMCell):
        if cell._use_peepholes or cell._cell_clip is not None or cell._proj_clip is not None:
            return None
        return "lstm" if cell._activation in _TANH else None
    if _unchanged(cell, cells.BasicRNNCell):
        if cell._activation in _TANH:
            return "rnn_tanh"
        return "rnn_relu" if cell._activation in _RELU else None
    return None


def fusable(cell, inputs) -> bool:
    """True when dynamic_rnn can run `cell` over `inputs` as fused CudnnRNN ops."""
    if nest.is_sequence(inputs) or inputs.shape.ndims != 3 or inputs.shape[2].value is None:
        return False
    if inputs.dtype.base_dtype not in (dtypes.float32, dtypes.float64):
        return False
    layers = cell._cells if type(cell) is cells.MultiRNNCell else [cell]
    if type(cell) is cells.MultiRNNCell and not cell._state_is_tuple:
        return False
    if not all(_layer_mode(c) is not None for c in layers):
        return False
    depth = inputs.shape[2].value
    for layer in layers:    # a built cell keeps its kernel: another depth fails in the loop, as TF
        if layer.built and layer._kernel.shape[0].value != depth + _recurrent_size(layer):
            return False
        depth = layer.output_size
    return True


def _recurrent_size(cell):
    return getattr(cell, "_num_proj", None) or cell._num_units


def _build_weights(cell, input_shape, dtype):
    """Makes the variables of `cell` (and of a MultiRNNCell's cells), scoped as TF would."""
    if type(cell) is not cells.MultiRNNCell:
        if cell._dtype is None:
            cell._dtype = dtype
        cell._build_weights(input_shape)
        return
    scope = getattr(cell, "rnncell_scope", None)
    if scope is None:
        scope = variable_scope(get_variable_scope(), custom_getter=cell._rnn_get_variable)
        cell.rnncell_scope = scope
    with scope:
        cell._set_scope(None)
        with variable_scope(cell._scope, reuse=True if cell.built else cell._reuse,
                            auxiliary_name_scope=False) as vs:
            cell._current_scope = vs
            with get_default_graph().name_scope(cell._name_scope()):
                depth = input_shape[-1].value
                for i, sub in enumerate(cell._cells):
                    with variable_scope("cell_%d" % i):
                        _build_weights(sub, tensor_shape.TensorShape([None, depth]), dtype)
                    depth = sub.output_size
                cell.built = True


def _lstm_params(cell, depth):
    """Flat torch-layout params from a TF LSTM cell's kernel [in + P, 4H] and bias [4H]."""
    with name_scope("params"):
        i, j, f, o = array_ops.split(array_ops.transpose(cell._kernel), 4, axis=0)
        w = array_ops.concat([i, f, j, o], 0)                       # [4H, in + P]
        w_ih, w_hh = array_ops.split(w, [depth, -1], axis=1)
        bi, bj, bf, bo = array_ops.split(cell._bias, 4, axis=0)
        b_ih = array_ops.concat([bi, bf + cell._forget_bias, bj, bo], 0)
        parts = [array_ops.reshape(w_ih, [-1]), array_ops.reshape(w_hh, [-1]), b_ih,
                 array_ops.zeros_like(b_ih)]
        if getattr(cell, "_num_proj", None):
            parts.append(array_ops.reshape(array_ops.transpose(cell._proj_kernel), [-1]))
        return array_ops.concat(parts, 0)


def _rnn_params(cell, depth):
    with name_scope("params"):
        w = array_ops.transpose(cell._kernel)                        # [H, in + H]
        w_ih, w_hh = array_ops.split(w, [depth, -1], axis=1)
        return array_ops.concat([array_ops.reshape(w_ih, [-1]), array_ops.reshape(w_hh, [-1]),
                                 cell._bias, array_ops.zeros_like(cell._bias)], 0)


def state_fits(cell, state) -> bool:
    """Whether a given initial state has the cell's state structure; one that does not runs
    the cell as TF does, so the cell reports it in TF's words."""
    try:
        nest.assert_same_structure(cell.state_size, state)
    except (ValueError, TypeError):
        return False
    return True


def _split_state(cell, state):
    """(h, c) of one layer's state, each [batch, size]."""
    if _layer_mode(cell) != "lstm":
        return state, state
    if cell._state_is_tuple:
        c, h = state
        return h, c
    n = cell._num_units
    c = indexing_ops.slice(state, [0, 0], [-1, n])
    h = indexing_ops.slice(state, [0, n], [-1, -1])
    return h, c


def _join_state(cell, h, c):
    if _layer_mode(cell) != "lstm":
        return h
    if cell._state_is_tuple:
        return cells.LSTMStateTuple(c, h)
    return array_ops.concat([c, h], 1)


def _merge_batch_dim(outputs, batch, axis):
    if batch.value is not None and outputs.shape.ndims == 3:
        dims = [None, None, None]
        dims[axis] = batch.value
        outputs.set_shape(dims)


def fused_dynamic_rnn(cell, inputs, state, sequence_length, time_major):
    """Runs `cell` over `inputs` ([T, B, D] if time_major else [B, T, D]); returns (outputs
    in the same layout, final state)."""
    _build_weights(cell, inputs.shape[2:], inputs.dtype.base_dtype)
    if sequence_length is not None:
        # TF's loop runs min(time steps, max length) steps and copies state through where
        # time >= length: a length past the time steps acts as the time steps, one below 0 as
        # 0; the fused kernel takes lengths in [0, time steps] only
        with name_scope("clip_sequence_length"):
            steps = array_ops.shape(inputs)[0 if time_major else 1]
            sequence_length = math_ops.maximum(math_ops.minimum(sequence_length, steps), 0)
    layers = cell._cells if type(cell) is cells.MultiRNNCell else [cell]
    states = list(state) if type(cell) is cells.MultiRNNCell else [state]
    x, finals = inputs, []
    for index, (layer, layer_state) in enumerate(zip(layers, states)):
        depth = x.shape[2].value
        mode = _layer_mode(layer)
        with name_scope("fused_%d" % index if len(layers) > 1 else "fused"):
            params = _lstm_params(layer, depth) if mode == "lstm" else _rnn_params(layer,
                                                                                   depth)
            h, c = _split_state(layer, layer_state)
            h0, c0 = array_ops.expand_dims(h, 0), array_ops.expand_dims(c, 0)
            x, h_n, c_n = nn_rnn_ops.cudnn_rnn(x, h0, c0, params, mode, sequence_length,
                                               getattr(layer, "_num_proj", None) or 0,
                                               time_major=time_major)
            # TF's loop writes outputs computed from the state, so a statically known batch
            # of the initial state (zero_state(4, ...)) also fixes the outputs' batch
            _merge_batch_dim(x, h.shape[0], 1 if time_major else 0)
            finals.append(_join_state(layer, array_ops.squeeze(h_n, [0]),
                                      array_ops.squeeze(c_n, [0])))
    final_state = tuple(finals) if type(cell) is cells.MultiRNNCell else finals[0]
    return _tf_named(x, final_state, time_major)


def _tf_named(outputs, final_state, time_major):
    """The outputs and final state under the names TF's dynamic_rnn gives them (the last ops
    of its loop: `rnn/transpose_1`, or the TensorArray stack when time-major, and the loop's
    Exit_3, Exit_4, ... for the flat state), which programs print and look up by name."""
    if time_major:
        with name_scope("TensorArrayStack"):
            outputs = array_ops.identity(outputs, name="TensorArrayGatherV3")
    else:
        outputs = array_ops.identity(outputs, name="transpose_1")
    flat = nest.flatten(final_state)
    with name_scope("while"):
        # Exit, Exit_1 and Exit_2 are TF's time, iteration count and output TensorArray
        flat = [array_ops.identity(t, name="Exit_%d" % (3 + i)) for i, t in enumerate(flat)]
    return outputs, nest.pack_sequence_as(final_state, flat)
