"""TF1's `tf.nn.raw_rnn` (an RNN driven step by step by a user `loop_fn`, over a while_loop
with TensorArray outputs) and `tf.nn.static_state_saving_rnn` (static_rnn whose initial state
comes from, and whose final state goes back to, a state saver), as TF builds them.
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.nn.rnn import static_rnn
from tfcompat.nn.rnn_cell_impl import _concat
from tfcompat.nn.rnn_cell_impl import assert_like_rnncell
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops.control_flow_tensor_array import TensorArray
from tfcompat.ops.control_flow_while import while_loop
from tfcompat.variable_scope import variable_scope


def _element_shape(batch, size):
    """[batch] + the static shape of an emit size (an int, a TensorShape or a shape tensor)."""
    if hasattr(size, "op"):
        return tensor_shape.TensorShape([batch]).concatenate(
            tensor_shape.unknown_shape(rank=size.shape[0].value))
    return tensor_shape.TensorShape([batch]).concatenate(_concat([], size, static=True))


def _emit_structure(emit_structure, cell, flat_state):
    """(structure, flat sizes, flat dtypes) of what each step emits."""
    if emit_structure is not None:
        flat = nest.flatten(emit_structure)
        sizes = [e.shape if e.shape.is_fully_defined() else array_ops.shape(e) for e in flat]
        return emit_structure, sizes, [e.dtype for e in flat]
    sizes = nest.flatten(cell.output_size)
    return cell.output_size, sizes, [flat_state[0].dtype] * len(sizes)


def _copy_some_through(finished, current, candidate):
    """TF's raw_rnn: finished rows keep `current` (TensorArrays and scalars pass through)."""
    def copy_fn(cur, cand):
        if isinstance(cur, TensorArray) or cur.shape.ndims == 0:
            return cand
        return indexing_ops.where(finished, cur, cand)
    return nest.map_structure(copy_fn, current, candidate)


def raw_rnn(cell, loop_fn, parallel_iterations=None, swap_memory=False, scope=None):
    """TF1 `tf.nn.raw_rnn`: `loop_fn(time, cell_output, cell_state, loop_state)` returns
    (finished, next_input, next_state, emit_output, next_loop_state); the loop runs until
    every batch row is finished. Returns (emit TensorArrays, final state, final loop
    state)."""
    assert_like_rnncell("cell", cell)
    if not callable(loop_fn):
        raise TypeError("Argument `loop_fn` must be a callable. Received: %s." % (loop_fn,))
    parallel_iterations = parallel_iterations or 32
    with variable_scope(scope or "rnn"):
        time = constant(0, dtype=dtypes.int32)
        finished, next_input, initial_state, emit_structure, init_loop_state = loop_fn(
            time, None, None, None)
        flat_input = nest.flatten(next_input)
        loop_state = init_loop_state if init_loop_state is not None else constant(
            0, dtype=dtypes.int32)
        static_batch = tensor_shape.dimension_at_index(flat_input[0].shape, 0)
        for x in flat_input:
            static_batch.assert_is_compatible_with(tensor_shape.dimension_at_index(x.shape, 0))
        const_batch = static_batch.value
        batch = const_batch if const_batch is not None else array_ops.shape(flat_input[0])[0]
        nest.assert_same_structure(initial_state, cell.state_size)
        flat_state = [convert_to_tensor(s) for s in nest.flatten(initial_state)]
        state = nest.pack_sequence_as(initial_state, flat_state)
        emit_structure, sizes, emit_dtypes = _emit_structure(emit_structure, cell, flat_state)
        emit_ta = nest.pack_sequence_as(emit_structure, [
            TensorArray(dtype=dtype, dynamic_size=True, size=0, name="rnn_output_%d" % i,
                        element_shape=_element_shape(const_batch, size))
            for i, (dtype, size) in enumerate(zip(emit_dtypes, sizes))])
        zero_emit = nest.pack_sequence_as(emit_structure, [
            array_ops_join.zeros(_concat(batch, size), dtype)
            for size, dtype in zip(sizes, emit_dtypes)])

        def condition(unused_time, finished, *_):
            return math_ops.logical_not(reduction_ops.reduce_all(finished))

        def body(time, finished, current_input, emit_ta, state, loop_state):
            next_output, cell_state = cell(current_input, state)
            nest.assert_same_structure(state, cell_state)
            nest.assert_same_structure(cell.output_size, next_output)
            next_time = time + 1
            next_finished, next_input, next_state, emit_output, next_loop_state = loop_fn(
                next_time, next_output, cell_state, loop_state)
            nest.assert_same_structure(state, next_state)
            nest.assert_same_structure(current_input, next_input)
            nest.assert_same_structure(emit_ta, emit_output)
            loop_state = loop_state if next_loop_state is None else next_loop_state
            emit_output = _copy_some_through(finished, zero_emit, emit_output)
            next_state = _copy_some_through(finished, state, next_state)
            emit_ta = nest.map_structure(lambda ta, emit: ta.write(time, emit), emit_ta,
                                         emit_output)
            finished = math_ops.logical_or(finished, next_finished)
            return next_time, finished, next_input, emit_ta, next_state, loop_state

        returned = while_loop(condition, body,
                              loop_vars=[time, finished, next_input, emit_ta, state,
                                         loop_state],
                              parallel_iterations=parallel_iterations,
                              swap_memory=swap_memory)
        emit_ta, final_state, final_loop_state = returned[-3:]
        if init_loop_state is None:
            final_loop_state = None
        return emit_ta, final_state, final_loop_state


def static_state_saving_rnn(cell, inputs, state_saver, state_name, sequence_length=None,
                            scope=None):
    """TF1 `tf.nn.static_state_saving_rnn`: static_rnn from `state_saver.state(name)`; the
    final state is saved with `state_saver.save_state(name, state)` before the last output
    and the state are returned."""
    state_size = cell.state_size
    state_is_tuple = nest.is_sequence(state_size)
    if state_is_tuple != nest.is_sequence(state_name):
        raise ValueError("Argument `state_name` should be the same type as `cell.state_size`. "
                         "Received: state_name=%s, cell.state_size=%s."
                         % (state_name, state_size))
    if state_is_tuple:
        names = nest.flatten(state_name)
        if len(names) != len(nest.flatten(state_size)):
            raise ValueError("Number of elements in argument `state_name` and "
                             "`cell.state_size` are mismatched. Received state_name=%s with "
                             "%d elements and cell.state_size=%s with %d elements."
                             % (state_name, len(names), state_size,
                                len(nest.flatten(state_size))))
        initial_state = nest.pack_sequence_as(state_size,
                                              [state_saver.state(n) for n in names])
    else:
        initial_state = state_saver.state(state_name)
    outputs, state = static_rnn(cell, inputs, initial_state=initial_state,
                                sequence_length=sequence_length, scope=scope)
    if state_is_tuple:
        flat_state = nest.flatten(state)
        saves = [state_saver.save_state(n, s) for n, s in zip(nest.flatten(state_name),
                                                               flat_state)]
    else:
        saves = [state_saver.save_state(state_name, state)]
    with control_dependencies(saves):
        last = outputs[-1]
        outputs[-1] = nest.pack_sequence_as(
            last, [array_ops.identity(o) for o in nest.flatten(last)])
        if state_is_tuple:
            state = nest.pack_sequence_as(state, [array_ops.identity(s) for s in flat_state])
        else:
            state = array_ops.identity(state)
    return outputs, state
