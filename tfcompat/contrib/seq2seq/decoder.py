"""`tf.contrib.seq2seq.Decoder` and `dynamic_decode`, as TF 1.15 builds them: one `tf.while_loop`
whose loop variables are (time, output TensorArrays, decoder state, inputs, finished, lengths)."""
from __future__ import annotations

import abc

import tfcompat as tf
from tfcompat.nn.rnn import _transpose_batch_time
from tfcompat.nn.rnn_cell_impl import _zero_state_tensors

__all__ = ["Decoder", "dynamic_decode"]


class Decoder(abc.ABC):
    """An RNN decoder: `initialize()` once, then `step()` inside `dynamic_decode`'s loop, then
    the optional `finalize()`."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def output_size(self):
        raise NotImplementedError

    @property
    def output_dtype(self):
        raise NotImplementedError

    @abc.abstractmethod
    def initialize(self, name=None):
        """`(finished, initial_inputs, initial_state)`."""
        raise NotImplementedError

    @abc.abstractmethod
    def step(self, time, inputs, state, name=None):
        """`(outputs, next_state, next_inputs, finished)`."""
        raise NotImplementedError

    def finalize(self, outputs, final_state, sequence_lengths):
        raise NotImplementedError

    @property
    def tracks_own_finished(self):
        """True where the decoder reorders batch entries (beam search) and so keeps its own
        `finished`; otherwise dynamic_decode ORs each step's `finished` into its own."""
        return False


def _create_zero_outputs(size, dtype, batch_size):
    return tf.nest.map_structure(lambda s, d: _zero_state_tensors(s, batch_size, d), size, dtype)


def _element_shape(batch_size, from_shape):
    if not isinstance(from_shape, tf.TensorShape) or from_shape.ndims == 0:
        return None
    batch = tf.get_static_value(tf.convert_to_tensor(batch_size, name="batch_size"))
    return tf.TensorShape([batch]).concatenate(from_shape)


def _check_maximum_iterations(maximum_iterations):
    if maximum_iterations is None:
        return None
    maximum_iterations = tf.convert_to_tensor(maximum_iterations, dtype=tf.int32,
                                              name="maximum_iterations")
    if maximum_iterations.get_shape().ndims != 0:
        raise ValueError("maximum_iterations must be a scalar")
    return maximum_iterations


def _loop_body(decoder, impute_finished, zero_outputs):
    def body(time, outputs_ta, state, inputs, finished, sequence_lengths):
        next_outputs, decoder_state, next_inputs, decoder_finished = decoder.step(
            time, inputs, state)
        if decoder.tracks_own_finished:
            next_finished = decoder_finished
        else:
            next_finished = tf.logical_or(decoder_finished, finished)
        next_sequence_lengths = tf.where(
            tf.logical_not(finished), tf.fill(tf.shape(sequence_lengths), time + 1),
            sequence_lengths)
        tf.nest.assert_same_structure(state, decoder_state)
        tf.nest.assert_same_structure(outputs_ta, next_outputs)
        tf.nest.assert_same_structure(inputs, next_inputs)
        if impute_finished:
            # zero the outputs of finished entries and carry their state through unchanged
            emit = tf.nest.map_structure(lambda out, zero: tf.where(finished, zero, out),
                                         next_outputs, zero_outputs)
            next_state = tf.nest.map_structure(
                lambda new, cur: _maybe_copy_state(new, cur, finished), decoder_state, state)
        else:
            emit, next_state = next_outputs, decoder_state
        outputs_ta = tf.nest.map_structure(lambda ta, out: ta.write(time, out), outputs_ta, emit)
        return (time + 1, outputs_ta, next_state, next_inputs, next_finished,
                next_sequence_lengths)

    return body


def _maybe_copy_state(new, cur, finished):
    # TensorArrays and scalar states pass through
    if isinstance(cur, tf.TensorArray):
        return new
    new.set_shape(cur.shape)
    return new if new.shape.ndims == 0 else tf.where(finished, cur, new)


def dynamic_decode(decoder, output_time_major=False, impute_finished=False,
                   maximum_iterations=None, parallel_iterations=32, swap_memory=False,
                   scope=None, **kwargs):
    """Runs `decoder` until every batch entry is finished (or `maximum_iterations` steps):
    `(final_outputs, final_state, final_sequence_lengths)`, outputs batch-major unless
    `output_time_major`. (`**kwargs` are TF 1.15's initializer arguments of its non-public
    Keras-style decoders; a `Decoder` ignores them, as in TF 1.15.)"""
    del kwargs
    if not isinstance(decoder, Decoder):
        raise TypeError("Expected decoder to be type Decoder, but saw: %s" % type(decoder))
    with tf.variable_scope(scope, "decoder"):
        maximum_iterations = _check_maximum_iterations(maximum_iterations)
        initial_finished, initial_inputs, initial_state = decoder.initialize()
        zero_outputs = _create_zero_outputs(decoder.output_size, decoder.output_dtype,
                                            decoder.batch_size)
        if maximum_iterations is not None:
            initial_finished = tf.logical_or(initial_finished, 0 >= maximum_iterations)
        initial_sequence_lengths = tf.zeros_like(initial_finished, dtype=tf.int32)
        initial_time = tf.constant(0, dtype=tf.int32)
        initial_outputs_ta = tf.nest.map_structure(
            lambda s, d: tf.TensorArray(dtype=d, size=0, dynamic_size=True,
                                        element_shape=_element_shape(decoder.batch_size, s)),
            decoder.output_size, decoder.output_dtype)

        def condition(unused_time, unused_outputs_ta, unused_state, unused_inputs, finished,
                      unused_sequence_lengths):
            return tf.logical_not(tf.reduce_all(finished))

        res = tf.while_loop(
            condition, _loop_body(decoder, impute_finished, zero_outputs),
            loop_vars=(initial_time, initial_outputs_ta, initial_state, initial_inputs,
                       initial_finished, initial_sequence_lengths),
            parallel_iterations=parallel_iterations, maximum_iterations=maximum_iterations,
            swap_memory=swap_memory)
        final_state, final_sequence_lengths = res[2], res[5]
        final_outputs = tf.nest.map_structure(lambda ta: ta.stack(), res[1])
        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state,
                                                          final_sequence_lengths)
        except NotImplementedError:
            pass
        if not output_time_major:
            final_outputs = tf.nest.map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_sequence_lengths
