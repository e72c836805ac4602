"""`tf.contrib.seq2seq.BeamSearchDecoder` (TF 1.15): keeps `beam_width` hypotheses per batch
entry, scores them by log-probability over a GNMT length penalty (and optional coverage
penalty), and reorders the cell state by each step's parent beams; `finalize` follows the
parent pointers back with `gather_tree`."""
from __future__ import annotations

import collections

import numpy as np

import tfcompat as tf
from tfcompat.contrib.seq2seq import decoder
from tfcompat.contrib.seq2seq.basic_decoder import _rnn_output_size
from tfcompat.contrib.seq2seq.beam_search_ops import gather_tree
from tfcompat.contrib.seq2seq.beam_search_step import BeamSearchDecoderOutput
from tfcompat.contrib.seq2seq.beam_search_step import BeamSearchDecoderState
from tfcompat.contrib.seq2seq.beam_search_step import _beam_search_step
from tfcompat.contrib.seq2seq.beam_search_step import get_attention_probs
from tfcompat.layers.base import Layer
from tfcompat.nn.rnn_cell_impl import assert_like_rnncell

__all__ = ["BeamSearchDecoderOutput", "BeamSearchDecoderState", "BeamSearchDecoder",
           "FinalBeamSearchDecoderOutput"]


class FinalBeamSearchDecoderOutput(collections.namedtuple(
        "FinalBeamDecoderOutput", ["predicted_ids", "beam_search_decoder_output"])):
    """`predicted_ids` [batch, time, beam] after back-tracking, and the raw per-step output."""


def _static(value):
    return tf.get_static_value(value) if isinstance(value, tf.Tensor) else value


def gather_tree_from_array(t, parent_ids, sequence_length):
    """Reorders the stacked TensorArray `t` [time, batch * beam, ...] along the beams'
    back-tracked paths."""
    max_time = tf.dimension_value(parent_ids.shape[0]) or tf.shape(parent_ids)[0]
    batch_size = tf.dimension_value(parent_ids.shape[1]) or tf.shape(parent_ids)[1]
    beam_width = tf.dimension_value(parent_ids.shape[2]) or tf.shape(parent_ids)[2]
    beam_ids = tf.expand_dims(tf.expand_dims(tf.range(beam_width), 0), 0)
    beam_ids = tf.tile(beam_ids, [max_time, batch_size, 1])
    max_sequence_lengths = tf.cast(tf.reduce_max(sequence_length, axis=1), tf.int32)
    sorted_beam_ids = gather_tree(step_ids=beam_ids, parent_ids=parent_ids,
                                  max_sequence_lengths=max_sequence_lengths,
                                  end_token=beam_width + 1)
    # steps past a beam's length keep the beam's own index
    in_bound_steps = tf.transpose(tf.sequence_mask(sequence_length, maxlen=max_time),
                                  perm=[2, 0, 1])
    sorted_beam_ids = tf.where(in_bound_steps, x=sorted_beam_ids, y=beam_ids)
    time_ind = tf.tile(tf.reshape(tf.range(max_time), [-1, 1, 1]),
                       [1, batch_size, beam_width])
    batch_ind = tf.tile(tf.reshape(tf.range(batch_size), [-1, 1, 1]),
                        [1, max_time, beam_width])
    batch_ind = tf.transpose(batch_ind, perm=[1, 0, 2])
    indices = tf.stack([time_ind, batch_ind, sorted_beam_ids], -1)
    final_shape = tf.shape(t)
    gather_from = tf.reshape(t, [max_time, batch_size, beam_width, -1])
    ordered = tf.gather_nd(gather_from, indices)
    return tf.reshape(ordered, final_shape)


def _check_ndims(t):
    if t.shape.ndims is None:
        raise ValueError("Expected tensor (%s) to have known rank, but ndims == None." % t)


def _check_static_batch_beam_maybe(shape, batch_size, beam_width):
    reshaped_shape = tf.TensorShape([batch_size, beam_width, None])
    if (batch_size is not None and shape.dims[0].value is not None
            and (shape[0] != batch_size * beam_width
                 or (shape.ndims >= 2 and shape.dims[1].value is not None
                     and (shape[0] != batch_size or shape[1] != beam_width)))):
        tf.logging.warn(
            "TensorArray reordering expects elements to be reshapable to %s which is "
            "incompatible with the current shape %s. Consider setting reorder_tensor_arrays to "
            "False to disable TensorArray reordering during the beam search."
            % (reshaped_shape, shape))
        return False
    return True


def _check_batch_beam(t, batch_size, beam_width):
    error_message = (
        "TensorArray reordering expects elements to be reshapable to [batch_size, beam_size, "
        "-1] which is incompatible with the dynamic shape of %s elements. Consider setting "
        "reorder_tensor_arrays to False to disable TensorArray reordering during the beam "
        "search." % t.name)
    shape = tf.shape(t)
    if t.shape.ndims == 2:
        condition = tf.equal(shape[1], batch_size * beam_width)
    else:
        condition = tf.logical_or(
            tf.equal(shape[1], batch_size * beam_width),
            tf.logical_and(tf.equal(shape[1], batch_size), tf.equal(shape[2], beam_width)))
    return tf.Assert(condition, [error_message])


class _BeamReshapes(object):
    """Moves tensors between [batch * beam, ...] (what the cell sees) and [batch, beam, ...]."""

    def _merge_batch_beams(self, t, s=None):
        s = tf.TensorShape(_static(s)) if isinstance(s, tf.Tensor) else tf.TensorShape(s)
        t_shape = tf.shape(t)
        static_batch_size = tf.get_static_value(self._batch_size)
        batch_beam = None if static_batch_size is None else static_batch_size * self._beam_width
        reshaped_t = tf.reshape(
            t, tf.concat(([self._batch_size * self._beam_width], t_shape[2:]), 0))
        reshaped_t.set_shape(tf.TensorShape([batch_beam]).concatenate(s))
        return reshaped_t

    def _split_batch_beams(self, t, s=None):
        s = tf.TensorShape(_static(s)) if isinstance(s, tf.Tensor) else tf.TensorShape(s)
        t_shape = tf.shape(t)
        reshaped_t = tf.reshape(
            t, tf.concat(([self._batch_size, self._beam_width], t_shape[1:]), 0))
        static_batch_size = tf.get_static_value(self._batch_size)
        expected_reshaped_shape = tf.TensorShape(
            [static_batch_size, self._beam_width]).concatenate(s)
        if not reshaped_t.shape.is_compatible_with(expected_reshaped_shape):
            raise ValueError(
                "Unexpected behavior when reshaping between beam width and batch size.  The "
                "reshaped tensor has shape: %s.  We expected it to have shape (batch_size, "
                "beam_width, depth) == %s.  Perhaps you forgot to create a zero_state with "
                "batch_size=encoder_batch_size * beam_width?"
                % (reshaped_t.shape, expected_reshaped_shape))
        reshaped_t.set_shape(expected_reshaped_shape)
        return reshaped_t

    def _maybe_split_batch_beams(self, t, s):
        if isinstance(t, tf.TensorArray):
            return t
        _check_ndims(t)
        return self._split_batch_beams(t, s) if t.shape.ndims >= 1 else t

    def _maybe_merge_batch_beams(self, t, s):
        if isinstance(t, tf.TensorArray):
            return t
        _check_ndims(t)
        return self._merge_batch_beams(t, s) if t.shape.ndims >= 2 else t

    def _maybe_sort_array_beams(self, t, parent_ids, sequence_length):
        if not isinstance(t, tf.TensorArray):
            return t
        if t.element_shape.ndims is None or t.element_shape.ndims < 1:
            tf.logging.warn(
                "The TensorArray %s in the cell state is not amenable to sorting based on the "
                "beam search result. For a TensorArray to be sorted, its elements shape must be "
                "defined and have at least a rank of 1, but saw shape: %s"
                % (t.handle.name, t.element_shape))
            return t
        if not _check_static_batch_beam_maybe(
                t.element_shape, tf.get_static_value(self._batch_size), self._beam_width):
            return t
        t = t.stack()
        with tf.control_dependencies([_check_batch_beam(t, self._batch_size,
                                                        self._beam_width)]):
            return gather_tree_from_array(t, parent_ids, sequence_length)


class BeamSearchDecoder(_BeamReshapes, decoder.Decoder):
    """Beam search over `cell` (whose state must be tiled to batch * beam_width, see
    `tile_batch`); outputs FinalBeamSearchDecoderOutput."""

    def __init__(self, cell, embedding, start_tokens, end_token, initial_state, beam_width,
                 output_layer=None, length_penalty_weight=0., coverage_penalty_weight=0.,
                 reorder_tensor_arrays=True):
        assert_like_rnncell("cell", cell)
        if output_layer is not None and not isinstance(output_layer, Layer):
            raise TypeError("output_layer must be a Layer, received: %s" % type(output_layer))
        self._cell = cell
        self._output_layer = output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: tf.nn.embedding_lookup(embedding, ids)
        self._start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32,
                                                  name="start_tokens")
        if self._start_tokens.get_shape().ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._end_token.get_shape().ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = tf.size(start_tokens)
        self._initial_cell_state = tf.nest.map_structure(
            self._maybe_split_batch_beams, initial_state, self._cell.state_size)
        self._start_tokens = tf.tile(tf.expand_dims(self._start_tokens, 1),
                                     [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = tf.one_hot(tf.zeros([self._batch_size], dtype=tf.int32),
                                    depth=self._beam_width, on_value=False, off_value=True,
                                    dtype=tf.bool)

    @property
    def batch_size(self):
        return self._batch_size

    def _rnn_output_size(self):
        return _rnn_output_size(self._cell, self._output_layer)

    @property
    def tracks_own_finished(self):
        return True

    @property
    def output_size(self):
        beams = tf.TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=beams, predicted_ids=beams, parent_ids=beams)

    @property
    def output_dtype(self):
        dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(
            scores=tf.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
            predicted_ids=tf.int32, parent_ids=tf.int32)

    def initialize(self, name=None):
        finished, start_inputs = self._finished, self._start_inputs
        dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
        # only beam 0 is live at the start, so the first top-k draws distinct words
        log_probs = tf.one_hot(
            tf.zeros([self._batch_size], dtype=tf.int32), depth=self._beam_width,
            on_value=tf.convert_to_tensor(0., dtype=dtype),
            off_value=tf.convert_to_tensor(-np.inf, dtype=dtype), dtype=dtype)
        init_attention_probs = get_attention_probs(self._initial_cell_state,
                                                   self._coverage_penalty_weight)
        if init_attention_probs is None:
            init_attention_probs = ()
        initial_state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=finished,
            lengths=tf.zeros([self._batch_size, self._beam_width], dtype=tf.int64),
            accumulated_attention_probs=init_attention_probs)
        return finished, start_inputs, initial_state

    def finalize(self, outputs, final_state, sequence_lengths):
        del sequence_lengths
        max_sequence_lengths = tf.cast(tf.reduce_max(final_state.lengths, axis=1), tf.int32)
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids,
                                    max_sequence_lengths=max_sequence_lengths,
                                    end_token=self._end_token)
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(cell_state=tf.nest.map_structure(
                lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids,
                                                       final_state.lengths),
                final_state.cell_state))
        outputs = FinalBeamSearchDecoderOutput(beam_search_decoder_output=outputs,
                                               predicted_ids=predicted_ids)
        return outputs, final_state

    def step(self, time, inputs, state, name=None):
        with tf.name_scope(name, "BeamSearchDecoderStep", (time, inputs, state)):
            cell_state = state.cell_state
            inputs = tf.nest.map_structure(
                lambda inp: self._merge_batch_beams(inp, s=inp.shape[2:]), inputs)
            cell_state = tf.nest.map_structure(self._maybe_merge_batch_beams, cell_state,
                                               self._cell.state_size)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = tf.nest.map_structure(
                lambda out: self._split_batch_beams(out, out.shape[1:]), cell_outputs)
            next_cell_state = tf.nest.map_structure(
                self._maybe_split_batch_beams, next_cell_state, self._cell.state_size)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            beam_search_output, beam_search_state = _beam_search_step(
                time=time, logits=cell_outputs, next_cell_state=next_cell_state,
                beam_state=state, batch_size=self._batch_size, beam_width=self._beam_width,
                end_token=self._end_token, length_penalty_weight=self._length_penalty_weight,
                coverage_penalty_weight=self._coverage_penalty_weight)
            finished = beam_search_state.finished
            sample_ids = beam_search_output.predicted_ids
            next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                                  lambda: self._embedding_fn(sample_ids))
        return beam_search_output, beam_search_state, next_inputs, finished
