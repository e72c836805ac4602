"""TF1 RNN drivers: dynamic_rnn, bidirectional_dynamic_rnn, static_rnn,
static_bidirectional_rnn (ported from TF's rnn.py).

dynamic_rnn runs a standard LSTM/RNN cell as fused CudnnRNN ops (rnn_fused.py); any other cell
runs in a `tf.while_loop` over TensorArrays, as in TF. Both give TF's results: outputs past a
sequence's length are zeros and its final state is the state at its last step.
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.nn import rnn_fused
from tfcompat.nn.rnn_cell_impl import _concat
from tfcompat.nn.rnn_cell_impl import assert_like_rnncell
from tfcompat.ops import array_ops
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops.nn_rnn_ops import reverse_sequence
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.control_flow_tensor_array import TensorArray
from tfcompat.ops.control_flow_while import while_loop
from tfcompat.variable_scope import variable_scope


def _transpose_batch_time(x):
    shape = x.get_shape()
    if shape.ndims is not None and shape.ndims < 2:
        return x
    if shape.ndims is not None:
        perm = [1, 0] + list(range(2, shape.ndims))
    else:
        perm = array_ops.concat(([1, 0], array_ops.range(2, array_ops.rank(x))), axis=0)
    x_t = array_ops.transpose(x, perm)
    x_t.set_shape(tensor_shape.TensorShape([shape.dims[1].value, shape.dims[0].value])
                  .concatenate(shape[2:]) if shape.ndims is not None else None)
    return x_t


def _best_effort_input_batch_size(flat_input):
    for input_ in flat_input:
        shape = input_.shape
        if shape.ndims is None:
            continue
        if shape.ndims < 2:
            raise ValueError("Input tensor should have rank >= 2. Received input=%s of rank %d"
                             % (input_, shape.ndims))
        if shape.dims[1].value is not None:
            return shape.dims[1].value
    return array_ops.shape(flat_input[0])[1]


def _infer_state_dtype(explicit_dtype, state):
    if explicit_dtype is not None:
        return explicit_dtype
    inferred = [element.dtype for element in nest.flatten(state)]
    if not inferred:
        raise ValueError("Unable to infer dtype from argument state=%s." % (state,))
    if any(x != inferred[0] for x in inferred):
        raise ValueError("Argument state=%s has tensors of different inferred dtypes. Unable to "
                         "infer a single representative dtype. Dtypes received: %s"
                         % (state, inferred))
    return inferred[0]


def _initial_state(cell, initial_state, batch_size, dtype):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError("If no initial_state is provided, argument `dtype` must be specified")
    if getattr(cell, "get_initial_state", None) is not None:   # TF's order: a Keras cell has
        return cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)
    return cell.zero_state(batch_size, dtype)


def _rnn_step(time, sequence_length, min_sequence_length, max_sequence_length, zero_output,
              state, call_cell, state_size, skip_conditionals=False):
    """One step with TF's sequence-length semantics: past its length an example outputs zeros
    and keeps its state."""
    flat_state = nest.flatten(state)
    flat_zero_output = nest.flatten(zero_output)
    copy_cond = time >= sequence_length

    def copy_one_through(output, new_output):
        if output.shape.ndims == 0:
            return new_output
        return indexing_ops.where(copy_cond, output, new_output)

    def copy_some_through(flat_new_output, flat_new_state):
        return ([copy_one_through(z, n) for z, n in zip(flat_zero_output, flat_new_output)] +
                [copy_one_through(s, n) for s, n in zip(flat_state, flat_new_state)])

    def maybe_copy_some_through():
        new_output, new_state = call_cell()
        nest.assert_same_structure(zero_output, new_output)
        nest.assert_same_structure(state, new_state)
        flat_new_state, flat_new_output = nest.flatten(new_state), nest.flatten(new_output)
        return cond(time < min_sequence_length, lambda: flat_new_output + flat_new_state,
                    lambda: copy_some_through(flat_new_output, flat_new_state))

    if skip_conditionals:
        new_output, new_state = call_cell()
        nest.assert_same_structure(zero_output, new_output)
        nest.assert_same_structure(state, new_state)
        final = copy_some_through(nest.flatten(new_output), nest.flatten(new_state))
    else:
        final = cond(time >= max_sequence_length, lambda: flat_zero_output + flat_state,
                     maybe_copy_some_through)
    final_output, final_state = final[:len(flat_zero_output)], final[len(flat_zero_output):]
    for output, flat_output in zip(final_output, flat_zero_output):
        output.set_shape(flat_output.get_shape())
    for substate, flat_substate in zip(final_state, flat_state):
        substate.set_shape(flat_substate.get_shape())
    return (nest.pack_sequence_as(zero_output, final_output),
            nest.pack_sequence_as(state, final_state))


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
                parallel_iterations=None, swap_memory=False, time_major=False, scope=None):
    """TF1 `tf.nn.dynamic_rnn`: (outputs, final state) of `cell` over `inputs`.

    Differences from TensorFlow: standard LSTM/RNN cells run as fused CudnnRNN ops (same
    results, same variables); other cells run in a while loop as in TF.
    """
    assert_like_rnncell("cell", cell)
    with variable_scope(scope or "rnn"):
        flat_input = [convert_to_tensor(input_) for input_ in nest.flatten(inputs)]
        if sequence_length is not None:
            sequence_length = math_ops.cast(sequence_length, dtypes.int32)
            if sequence_length.get_shape().ndims not in (None, 1):
                raise ValueError("Argument sequence_length must be a vector of length "
                                 "batch_size. Received sequence_length=%s of shape: %s"
                                 % (sequence_length, sequence_length.get_shape()))
            sequence_length = array_ops.identity(sequence_length, name="sequence_length")
        if rnn_fused.fusable(cell, nest.pack_sequence_as(inputs, flat_input)) and (
                initial_state is None or rnn_fused.state_fits(cell, initial_state)):
            # NOTE: the fused op reads batch-major inputs directly (no transposes).
            x = flat_input[0]
            batch_size = x.shape[1 if time_major else 0].value
            if batch_size is None:
                batch_size = array_ops.shape(x)[1 if time_major else 0]
            state = _initial_state(cell, initial_state, batch_size, dtype)
            return rnn_fused.fused_dynamic_rnn(cell, x, state, sequence_length, time_major)
        if not time_major:
            flat_input = tuple(_transpose_batch_time(input_) for input_ in flat_input)
        batch_size = _best_effort_input_batch_size(flat_input)
        state = _initial_state(cell, initial_state, batch_size, dtype)
        inputs = nest.pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(cell, inputs, state, sequence_length, dtype,
                                                 parallel_iterations or 32)
        if not time_major:
            outputs = nest.map_structure(_transpose_batch_time, outputs)
        return outputs, final_state


def _check_input_shapes(flat_input):
    shapes = tuple(input_.get_shape().with_rank_at_least(3) for input_ in flat_input)
    const_time_steps, const_batch_size = shapes[0].as_list()[:2]
    for i, shape in enumerate(shapes):
        if not shape[2:].is_fully_defined():
            raise ValueError("Input size (depth of inputs) must be accessible via shape "
                             "inference, but saw value None for input=%s." % flat_input[i])
        if shape.dims[0].value != const_time_steps:
            raise ValueError("Time steps is not the same for all the elements in the input in "
                             "a batch. Received time steps=%s for input=%s."
                             % (shape.dims[0].value, flat_input[i]))
        if shape.dims[1].value != const_batch_size:
            raise ValueError("Batch_size is not the same for all the elements in the input. "
                             "Received batch size=%s for input=%s."
                             % (shape.dims[1].value, flat_input[i]))
    return shapes, const_time_steps, const_batch_size


def _dynamic_rnn_loop(cell, inputs, initial_state, sequence_length, dtype, parallel_iterations):
    state = initial_state
    flat_input = nest.flatten(inputs)
    flat_output_size = nest.flatten(cell.output_size)
    time_steps = array_ops.shape(flat_input[0])[0]
    batch_size = _best_effort_input_batch_size(flat_input)
    got_shapes, const_time_steps, const_batch_size = _check_input_shapes(flat_input)
    state_dtype = _infer_state_dtype(dtype, state)
    flat_zero_output = tuple(array_ops.zeros(_concat(batch_size, size),
                                             state_dtype) for size in flat_output_size)
    zero_output = nest.pack_sequence_as(cell.output_size, flat_zero_output)
    if sequence_length is not None:
        min_sequence_length = reduction_ops.reduce_min(sequence_length)
        max_sequence_length = reduction_ops.reduce_max(sequence_length)
    time = constant(0, dtype=dtypes.int32, name="time")
    with name_scope("dynamic_rnn") as base_name:
        pass
    output_ta = tuple(TensorArray(
        dtype=state_dtype, size=time_steps, tensor_array_name=base_name + "output_%d" % i,
        element_shape=tensor_shape.TensorShape([const_batch_size]).concatenate(
            _concat([], size, static=True)))
        for i, size in enumerate(flat_output_size))
    input_ta = tuple(TensorArray(dtype=x.dtype, size=time_steps,
                                 tensor_array_name=base_name + "input_%d" % i,
                                 element_shape=x.shape[1:]).unstack(x)
                     for i, x in enumerate(flat_input))

    def time_step(time, output_ta_t, state):
        input_t = tuple(ta.read(time) for ta in input_ta)
        for input_, shape in zip(input_t, got_shapes):
            input_.set_shape(shape[1:])
        input_t = nest.pack_sequence_as(inputs, input_t)

        def call_cell():
            return cell(input_t, state)

        if sequence_length is not None:
            output, new_state = _rnn_step(time, sequence_length, min_sequence_length,
                                          max_sequence_length, zero_output, state, call_cell,
                                          cell.state_size, skip_conditionals=True)
        else:
            output, new_state = call_cell()
        output = nest.flatten(output)
        output_ta_t = tuple(ta.write(time, out) for ta, out in zip(output_ta_t, output))
        return time + 1, output_ta_t, new_state

    # NOTE: TF stops at the longest sequence and its TensorArray reads unwritten steps as
    # zeros; running every step gives the same outputs (zeros past each length).
    loop_bound = time_steps
    _, output_final_ta, final_state = while_loop(
        cond=lambda time, *_: time < loop_bound, body=time_step,
        loop_vars=(time, output_ta, state), parallel_iterations=parallel_iterations,
        maximum_iterations=time_steps)
    final_outputs = tuple(ta.stack() for ta in output_final_ta)
    for output, size in zip(final_outputs, flat_output_size):
        output.set_shape(_concat([const_time_steps, const_batch_size], size, static=True))
    return nest.pack_sequence_as(cell.output_size, final_outputs), final_state


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None, dtype=None,
                              parallel_iterations=None, swap_memory=False, time_major=False,
                              scope=None):
    """TF1 `tf.nn.bidirectional_dynamic_rnn`: ((output_fw, output_bw), (state_fw, state_bw))."""
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)

    def reverse(input_):
        if sequence_length is not None:
            return reverse_sequence(input_, sequence_length, seq_axis=time_axis,
                                    batch_axis=batch_axis)
        return indexing_ops.reverse(input_, axis=[time_axis])

    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length,
                                              initial_state_fw, dtype, parallel_iterations,
                                              swap_memory, time_major, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            inputs_reverse = nest.map_structure(reverse, inputs)
            tmp, state_bw = dynamic_rnn(cell_bw, inputs_reverse, sequence_length,
                                        initial_state_bw, dtype, parallel_iterations,
                                        swap_memory, time_major, scope=bw_scope)
    output_bw = nest.map_structure(reverse, tmp)
    return (output_fw, output_bw), (state_fw, state_bw)


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """TF1 `tf.nn.static_rnn`: the cell unrolled over a Python list of [batch, depth] inputs."""
    assert_like_rnncell("cell", cell)
    if not nest.is_sequence(inputs):
        raise TypeError("Argument `inputs` must be a sequence. Received: %s" % (inputs,))
    if not inputs:
        raise ValueError("Argument `inputs` must not be empty.")
    outputs = []
    with variable_scope(scope or "rnn") as varscope:
        first_input = inputs
        while nest.is_sequence(first_input):
            first_input = first_input[0]
        fixed_batch_size = first_input.get_shape().with_rank_at_least(1)[0]
        batch_size = fixed_batch_size.value if fixed_batch_size.value else \
            array_ops.shape(first_input)[0]
        state = _initial_state(cell, initial_state, batch_size, dtype)
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if sequence_length.get_shape().ndims not in (None, 1):
                raise ValueError("Argument `sequence_length` must be a vector of length %s. "
                                 "Received sequence_length=%s." % (batch_size, sequence_length))
            state_dtype = _infer_state_dtype(dtype, state)
            flat_zero = []
            for size in nest.flatten(cell.output_size):
                zero = array_ops.zeros(_concat(batch_size, size), state_dtype)
                zero.set_shape(_concat(fixed_batch_size.value, size, static=True))
                flat_zero.append(zero)
            zero_output = nest.pack_sequence_as(cell.output_size, flat_zero)
            sequence_length = math_ops.cast(sequence_length, dtypes.int32)
            min_len = reduction_ops.reduce_min(sequence_length)
            max_len = reduction_ops.reduce_max(sequence_length)
        for time, input_ in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()

            def call_cell(input_=input_, state=state):
                return cell(input_, state)

            if sequence_length is not None:
                output, state = _rnn_step(time, sequence_length, min_len, max_len, zero_output,
                                          state, call_cell, cell.state_size)
            else:
                output, state = call_cell()
            outputs.append(output)
        return outputs, state


def _reverse_seq(input_seq, lengths):
    if lengths is None:
        return list(reversed(input_seq))
    flat_input_seq = tuple(nest.flatten(input_) for input_ in input_seq)
    flat_results = [[] for _ in range(len(input_seq))]
    for sequence in zip(*flat_input_seq):
        input_shape = tensor_shape.unknown_shape(rank=sequence[0].get_shape().ndims)
        for input_ in sequence:
            input_shape.assert_is_compatible_with(input_.get_shape())
            input_.set_shape(input_shape)
        s_reversed = reverse_sequence(array_ops.stack(sequence), lengths, 0, 1)
        for r, flat_result in zip(array_ops.unstack(s_reversed), flat_results):
            r.set_shape(input_shape)
            flat_result.append(r)
    return [nest.pack_sequence_as(input_, flat_result)
            for input_, flat_result in zip(input_seq, flat_results)]


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None,
                             initial_state_bw=None, dtype=None, sequence_length=None,
                             scope=None):
    """TF1 `tf.nn.static_bidirectional_rnn`: (outputs, state_fw, state_bw), outputs the
    depth-concatenation of the forward and backward outputs."""
    if not nest.is_sequence(inputs):
        raise TypeError("Argument `inputs` must be a sequence. Received: %s" % (inputs,))
    if not inputs:
        raise ValueError("Argument `inputs` must not be empty.")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype,
                                             sequence_length, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            tmp, state_bw = static_rnn(cell_bw, _reverse_seq(inputs, sequence_length),
                                       initial_state_bw, dtype, sequence_length, scope=bw_scope)
    output_bw = _reverse_seq(tmp, sequence_length)
    flat_outputs = tuple(array_ops.concat([fw, bw], 1) for fw, bw in zip(
        nest.flatten(output_fw), nest.flatten(output_bw)))
    return nest.pack_sequence_as(output_fw, flat_outputs), state_fw, state_bw
