"""`tf.contrib.seq2seq.AttentionWrapper` and `AttentionWrapperState`, as TF 1.15 builds them:
the wrapped cell's variables live under `<scope>/attention_wrapper/`, the attention layer is
`attention_layer/kernel` there."""
from __future__ import annotations

import collections

import numpy as np

import tfcompat as tf
from tfcompat.contrib.seq2seq.attention_mechanism import AttentionMechanism
from tfcompat.nn.rnn_cell_impl import RNNCell
from tfcompat.nn.rnn_cell_impl import _zero_state_tensors
from tfcompat.nn.rnn_cell_impl import assert_like_rnncell

__all__ = ["AttentionWrapper", "AttentionWrapperState"]


def _assert_shape(expected_shape, tensor):
    with tf.name_scope("assert_shape", values=[tensor]) as scope:
        actual_shape = tf.shape(tensor, name="actual")
        expected = tf.convert_to_tensor(expected_shape, dtype=tf.int32, name="expected")
        is_shape = tf.logical_and(tf.equal(tf.size(expected), tf.rank(tensor)),
                                  tf.reduce_all(tf.equal(expected, actual_shape)))
        return tf.Assert(is_shape, ["Wrong shape for %s [expected] [actual]." % tensor.name,
                                    expected_shape, actual_shape], name=scope)


def _with_same_shape(old, new):
    """TF 1.15's contrib `tensor_util.with_same_shape(old, new)`: `new`, checked against old's
    shape statically where both are fully defined, otherwise by an assertion at run time."""
    if not (isinstance(old, tf.Tensor) and isinstance(new, tf.Tensor)):
        return new
    with tf.name_scope("%s/" % new.op.name, values=[old, new]):
        expected = old.get_shape()
        known = expected.is_fully_defined()
        expected_shape = expected.as_list() if known else tf.shape(old, name="expected_shape")
        actual = new.get_shape()
        if not actual.is_fully_defined() or not known:
            if known and not expected_shape:
                return tf.reshape(new, [])
            with tf.control_dependencies([_assert_shape(expected_shape, new)]):
                result = tf.identity(new)
            if known:
                result.set_shape(expected_shape)
            return result
        if not actual.is_compatible_with(expected_shape):
            if not expected_shape and actual.is_compatible_with([1]):
                return tf.reshape(new, [])
            raise ValueError("Invalid shape for tensor %s, expected %s, got %s."
                             % (new.name, np.asarray(expected_shape, np.int32), actual))
        return new


class AttentionWrapperState(collections.namedtuple(
        "AttentionWrapperState", ("cell_state", "attention", "time", "alignments",
                                  "alignment_history", "attention_state"))):
    """The state of an AttentionWrapper; `clone(cell_state=...)` replaces fields."""

    def clone(self, **kwargs):
        return tf.nest.map_structure(_with_same_shape, self, super()._replace(**kwargs))


def _compute_attention(attention_mechanism, cell_output, attention_state, attention_layer):
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    # context: [batch, 1, memory_time] @ [batch, memory_time, memory_size]
    expanded_alignments = tf.expand_dims(alignments, 1)
    context_ = tf.matmul(expanded_alignments, attention_mechanism.values)
    context_ = tf.squeeze(context_, [1])
    if attention_layer is not None:
        attention = attention_layer(tf.concat([cell_output, context_], 1))
    else:
        attention = context_
    return attention, alignments, next_attention_state


def _mechanisms(attention_mechanism):
    if isinstance(attention_mechanism, (list, tuple)):
        for mechanism in attention_mechanism:
            if not isinstance(mechanism, AttentionMechanism):
                raise TypeError("attention_mechanism must contain only instances of "
                                "AttentionMechanism, saw type: %s" % type(mechanism).__name__)
        return True, tuple(attention_mechanism)
    if not isinstance(attention_mechanism, AttentionMechanism):
        raise TypeError("attention_mechanism must be an AttentionMechanism or list of multiple "
                        "AttentionMechanism instances, saw type: %s"
                        % type(attention_mechanism).__name__)
    return False, (attention_mechanism,)


def _attention_layers(cell, mechanisms, attention_layer_size, attention_layer):
    """(attention layers or None, total attention size)."""
    if attention_layer_size is not None and attention_layer is not None:
        raise ValueError("Only one of attention_layer_size and attention_layer should be set")
    if attention_layer_size is not None:
        sizes = tuple(attention_layer_size if isinstance(attention_layer_size, (list, tuple))
                      else (attention_layer_size,))
        if len(sizes) != len(mechanisms):
            raise ValueError("If provided, attention_layer_size must contain exactly one integer "
                             "per attention_mechanism, saw: %d vs %d"
                             % (len(sizes), len(mechanisms)))
        layers = tuple(tf.layers.Dense(size, name="attention_layer", use_bias=False,
                                       dtype=mechanisms[i].dtype)
                       for i, size in enumerate(sizes))
        return layers, sum(sizes)
    if attention_layer is not None:
        layers = tuple(attention_layer if isinstance(attention_layer, (list, tuple))
                       else (attention_layer,))
        if len(layers) != len(mechanisms):
            raise ValueError("If provided, attention_layer must contain exactly one layer per "
                             "attention_mechanism, saw: %d vs %d" % (len(layers), len(mechanisms)))
        size = sum(tf.dimension_value(layer.compute_output_shape(
            [None, cell.output_size + tf.dimension_value(mechanism.values.shape[-1])])[-1])
            for layer, mechanism in zip(layers, mechanisms))
        return layers, size
    return None, sum(tf.dimension_value(m.values.shape[-1]) for m in mechanisms)


class AttentionWrapper(RNNCell):
    """Wraps `cell` with attention: the cell reads `cell_input_fn(inputs, previous attention)`,
    its output queries each mechanism, and the (optionally projected) contexts are the new
    attention and, with `output_attention`, the output."""

    def __init__(self, cell, attention_mechanism, attention_layer_size=None,
                 alignment_history=False, cell_input_fn=None, output_attention=True,
                 initial_cell_state=None, name=None, attention_layer=None, attention_fn=None,
                 dtype=None):
        super().__init__(name=name, dtype=dtype)
        assert_like_rnncell("cell", cell)
        self._is_multi, attention_mechanisms = _mechanisms(attention_mechanism)
        if cell_input_fn is None:
            cell_input_fn = lambda inputs, attention: tf.concat([inputs, attention], -1)  # noqa
        elif not callable(cell_input_fn):
            raise TypeError("cell_input_fn must be callable, saw type: %s"
                            % type(cell_input_fn).__name__)
        self._attention_layers, self._attention_layer_size = _attention_layers(
            cell, attention_mechanisms, attention_layer_size, attention_layer)
        self._attention_fn = attention_fn or _compute_attention
        self._cell = cell
        self._attention_mechanisms = attention_mechanisms
        self._cell_input_fn = cell_input_fn
        self._output_attention = output_attention
        self._alignment_history = alignment_history
        with tf.name_scope(name, "AttentionWrapperInit"):
            self._initial_cell_state = self._checked_initial_state(initial_cell_state)

    def _checked_initial_state(self, initial_cell_state):
        if initial_cell_state is None:
            return None
        final_state_tensor = tf.nest.flatten(initial_cell_state)[-1]
        state_batch_size = (tf.dimension_value(final_state_tensor.shape[0])
                            or tf.shape(final_state_tensor)[0])
        error_message = (
            "When constructing AttentionWrapper %s: " % self._base_name +
            "Non-matching batch sizes between the memory (encoder output) and "
            "initial_cell_state.  Are you using the BeamSearchDecoder?  You may need to tile "
            "your initial state via the tf.contrib.seq2seq.tile_batch function with argument "
            "multiple=beam_width.")
        with tf.control_dependencies(self._batch_size_checks(state_batch_size, error_message)):
            return tf.nest.map_structure(
                lambda s: tf.identity(s, name="check_initial_cell_state"), initial_cell_state)

    def _batch_size_checks(self, batch_size, error_message):
        return [tf.assert_equal(batch_size, mechanism.batch_size, message=error_message)
                for mechanism in self._attention_mechanisms]

    def _item_or_tuple(self, seq):
        t = tuple(seq)
        return t if self._is_multi else t[0]

    @property
    def output_size(self):
        if self._output_attention:
            return self._attention_layer_size
        return self._cell.output_size

    @property
    def state_size(self):
        mechanisms = self._attention_mechanisms
        return AttentionWrapperState(
            cell_state=self._cell.state_size, time=tf.TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(a.alignments_size for a in mechanisms),
            attention_state=self._item_or_tuple(a.state_size for a in mechanisms),
            alignment_history=self._item_or_tuple(
                a.alignments_size if self._alignment_history else () for a in mechanisms))

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            if self._initial_cell_state is not None:
                cell_state = self._initial_cell_state
            else:
                cell_state = self._cell.get_initial_state(batch_size=batch_size, dtype=dtype)
            error_message = (
                "When calling zero_state of AttentionWrapper %s: " % self._base_name +
                "Non-matching batch sizes between the memory (encoder output) and the requested "
                "batch size.  Are you using the BeamSearchDecoder?  If so, make sure your "
                "encoder output has been tiled to beam_width via tf.contrib.seq2seq.tile_batch, "
                "and the batch_size= argument passed to zero_state is batch_size * beam_width.")
            with tf.control_dependencies(self._batch_size_checks(batch_size, error_message)):
                cell_state = tf.nest.map_structure(
                    lambda s: tf.identity(s, name="checked_cell_state"), cell_state)
            initial_alignments = [m.initial_alignments(batch_size, dtype)
                                  for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state, time=tf.zeros([], dtype=tf.int32),
                attention=_zero_state_tensors(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(initial_alignments),
                attention_state=self._item_or_tuple(
                    m.initial_state(batch_size, dtype) for m in self._attention_mechanisms),
                alignment_history=self._item_or_tuple(
                    tf.TensorArray(dtype, size=0, dynamic_size=True,
                                   element_shape=alignment.shape)
                    if self._alignment_history else () for alignment in initial_alignments))

    def call(self, inputs, state):
        if not isinstance(state, AttentionWrapperState):
            raise TypeError("Expected state to be instance of AttentionWrapperState. "
                            "Received type %s instead." % type(state))
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        cell_batch_size = tf.dimension_value(cell_output.shape[0]) or tf.shape(cell_output)[0]
        error_message = (
            "When applying AttentionWrapper %s: " % self.name +
            "Non-matching batch sizes between the memory (encoder output) and the query "
            "(decoder output).  Are you using the BeamSearchDecoder?  You may need to tile "
            "your memory input via the tf.contrib.seq2seq.tile_batch function with argument "
            "multiple=beam_width.")
        with tf.control_dependencies(self._batch_size_checks(cell_batch_size, error_message)):
            cell_output = tf.identity(cell_output, name="checked_cell_output")
        if self._is_multi:
            previous_attention_state = state.attention_state
            previous_alignment_history = state.alignment_history
        else:
            previous_attention_state = [state.attention_state]
            previous_alignment_history = [state.alignment_history]
        all_alignments, all_attentions, all_attention_states, maybe_all_histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            attention, alignments, next_attention_state = self._attention_fn(
                mechanism, cell_output, previous_attention_state[i],
                self._attention_layers[i] if self._attention_layers else None)
            alignment_history = (previous_alignment_history[i].write(state.time, alignments)
                                 if self._alignment_history else ())
            all_attention_states.append(next_attention_state)
            all_alignments.append(alignments)
            all_attentions.append(attention)
            maybe_all_histories.append(alignment_history)
        attention = tf.concat(all_attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(all_attention_states),
            alignments=self._item_or_tuple(all_alignments),
            alignment_history=self._item_or_tuple(maybe_all_histories))
        if self._output_attention:
            return attention, next_state
        return cell_output, next_state
