"""One step of TF 1.15's beam search: log-softmax of the logits, finished beams forced to
`end_token`, GNMT length and coverage penalties, top-k over beam * vocab, and the gathers that
reorder lengths, finished flags and the cell state by parent beam."""
from __future__ import annotations

import collections

import tfcompat as tf
from tfcompat.contrib.seq2seq.attention_wrapper import AttentionWrapperState

__all__ = ["BeamSearchDecoderState", "BeamSearchDecoderOutput", "get_attention_probs"]


class BeamSearchDecoderState(collections.namedtuple(
        "BeamSearchDecoderState", ("cell_state", "log_probs", "finished", "lengths",
                                   "accumulated_attention_probs"))):
    pass


class BeamSearchDecoderOutput(collections.namedtuple(
        "BeamSearchDecoderOutput", ("scores", "predicted_ids", "parent_ids"))):
    pass


def _lengths_to_add(batch_size, beam_width, end_token, vocab_size, not_finished):
    # every word but end_token adds one to the length of a beam that is still running
    lengths_to_add = tf.one_hot(indices=tf.fill([batch_size, beam_width], end_token),
                                depth=vocab_size, on_value=tf.to_int64(0),
                                off_value=tf.to_int64(1), dtype=tf.int64)
    add_mask = tf.cast(not_finished, tf.int64)
    return lengths_to_add * tf.expand_dims(add_mask, 2)


def _beam_search_step(time, logits, next_cell_state, beam_state, batch_size, beam_width,
                      end_token, length_penalty_weight, coverage_penalty_weight):
    """`(BeamSearchDecoderOutput, BeamSearchDecoderState)` of one step."""
    static_batch_size = tf.get_static_value(batch_size)
    prediction_lengths = beam_state.lengths
    previously_finished = beam_state.finished
    not_finished = tf.logical_not(previously_finished)
    step_log_probs = tf.nn.log_softmax(logits)
    step_log_probs = _mask_probs(step_log_probs, end_token, previously_finished)
    total_probs = tf.expand_dims(beam_state.log_probs, 2) + step_log_probs
    vocab_size = tf.dimension_value(logits.shape[-1]) or tf.shape(logits)[-1]
    new_prediction_lengths = (_lengths_to_add(batch_size, beam_width, end_token, vocab_size,
                                              not_finished)
                              + tf.expand_dims(prediction_lengths, 2))
    accumulated_attention_probs = None
    attention_probs = get_attention_probs(next_cell_state, coverage_penalty_weight)
    if attention_probs is not None:
        attention_probs *= tf.expand_dims(tf.cast(not_finished, tf.float32), 2)
        accumulated_attention_probs = beam_state.accumulated_attention_probs + attention_probs
    scores = _get_scores(log_probs=total_probs, sequence_lengths=new_prediction_lengths,
                         length_penalty_weight=length_penalty_weight,
                         coverage_penalty_weight=coverage_penalty_weight,
                         finished=previously_finished,
                         accumulated_attention_probs=accumulated_attention_probs)
    time = tf.convert_to_tensor(time, name="time")
    scores_flat = tf.reshape(scores, [batch_size, -1])
    next_beam_size = tf.convert_to_tensor(beam_width, dtype=tf.int32, name="beam_width")
    next_beam_scores, word_indices = tf.nn.top_k(scores_flat, k=next_beam_size)
    next_beam_scores.set_shape([static_batch_size, beam_width])
    word_indices.set_shape([static_batch_size, beam_width])

    def gather(indices, gather_from, range_size, name=None):
        return _tensor_gather_helper(gather_indices=indices, gather_from=gather_from,
                                     batch_size=batch_size, range_size=range_size,
                                     gather_shape=[-1], name=name)

    next_beam_probs = gather(word_indices, total_probs, beam_width * vocab_size,
                             name="next_beam_probs")
    raw_next_word_ids = tf.mod(word_indices, vocab_size, name="next_beam_word_ids")
    next_word_ids = tf.cast(raw_next_word_ids, tf.int32)
    next_beam_ids = tf.cast(word_indices / vocab_size, tf.int32, name="next_beam_parent_ids")
    previously_finished = gather(next_beam_ids, previously_finished, beam_width)
    next_finished = tf.logical_or(previously_finished, tf.equal(next_word_ids, end_token),
                                  name="next_beam_finished")
    lengths_to_add = tf.cast(tf.logical_not(previously_finished), tf.int64)
    next_prediction_len = gather(next_beam_ids, beam_state.lengths, beam_width)
    next_prediction_len += lengths_to_add
    next_accumulated_attention_probs = ()
    if accumulated_attention_probs is not None:
        next_accumulated_attention_probs = _tensor_gather_helper(
            gather_indices=next_beam_ids, gather_from=accumulated_attention_probs,
            batch_size=batch_size, range_size=beam_width,
            gather_shape=[batch_size * beam_width, -1],
            name="next_accumulated_attention_probs")
    next_cell_state = tf.nest.map_structure(
        lambda gather_from: _maybe_tensor_gather_helper(
            gather_indices=next_beam_ids, gather_from=gather_from, batch_size=batch_size,
            range_size=beam_width, gather_shape=[batch_size * beam_width, -1]),
        next_cell_state)
    next_state = BeamSearchDecoderState(
        cell_state=next_cell_state, log_probs=next_beam_probs, lengths=next_prediction_len,
        finished=next_finished, accumulated_attention_probs=next_accumulated_attention_probs)
    output = BeamSearchDecoderOutput(scores=next_beam_scores, predicted_ids=next_word_ids,
                                     parent_ids=next_beam_ids)
    return output, next_state


def get_attention_probs(next_cell_state, coverage_penalty_weight):
    """The alignments of the attentional cell state(s) (averaged over several), or None when
    the coverage penalty is off."""
    if coverage_penalty_weight == 0.0:
        return None
    probs_per_attn_layer = []
    if isinstance(next_cell_state, AttentionWrapperState):
        probs_per_attn_layer = [attention_probs_from_attn_state(next_cell_state)]
    elif isinstance(next_cell_state, tuple):
        for state in next_cell_state:
            if isinstance(state, AttentionWrapperState):
                probs_per_attn_layer.append(attention_probs_from_attn_state(state))
    if not probs_per_attn_layer:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.")
    if len(probs_per_attn_layer) == 1:
        return probs_per_attn_layer[0]
    attention_probs = [tf.expand_dims(prob, -1) for prob in probs_per_attn_layer]
    return tf.reduce_mean(tf.concat(attention_probs, -1), -1)


def attention_probs_from_attn_state(attention_state):
    attention_probs = attention_state.alignments
    if isinstance(attention_probs, tuple):
        attention_probs = [tf.expand_dims(prob, -1) for prob in attention_probs]
        attention_probs = tf.reduce_mean(tf.concat(attention_probs, -1), -1)
    return attention_probs


def _get_scores(log_probs, sequence_lengths, length_penalty_weight, coverage_penalty_weight,
                finished, accumulated_attention_probs):
    length_penalty_ = _length_penalty(sequence_lengths=sequence_lengths,
                                      penalty_factor=length_penalty_weight)
    length_penalty_ = tf.cast(length_penalty_, dtype=log_probs.dtype)
    scores = log_probs / length_penalty_
    coverage_penalty_weight = tf.convert_to_tensor(coverage_penalty_weight,
                                                   name="coverage_penalty_weight")
    if coverage_penalty_weight.shape.ndims != 0:
        raise ValueError("coverage_penalty_weight should be a scalar, but saw shape: %s"
                         % coverage_penalty_weight.shape)
    if tf.get_static_value(coverage_penalty_weight) == 0.0:
        return scores
    if accumulated_attention_probs is None:
        raise ValueError("accumulated_attention_probs can be None only if coverage penalty is "
                         "disabled.")
    # GNMT's coverage penalty: sum of log(min(attention mass, 1)) over the source positions
    accumulated_attention_probs = tf.where(tf.equal(accumulated_attention_probs, 0.0),
                                           tf.ones_like(accumulated_attention_probs),
                                           accumulated_attention_probs)
    coverage_penalty = tf.reduce_sum(
        tf.log(tf.minimum(accumulated_attention_probs, 1.0)), 2)
    coverage_penalty *= tf.cast(finished, tf.float32)
    weighted_coverage_penalty = coverage_penalty * coverage_penalty_weight
    return scores + tf.expand_dims(weighted_coverage_penalty, 2)


def _length_penalty(sequence_lengths, penalty_factor):
    """GNMT's ((5 + length) / 6) ** penalty_factor; 1 when the factor is a static 0."""
    penalty_factor = tf.convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.set_shape(())
    static_penalty = tf.get_static_value(penalty_factor)
    if static_penalty is not None and static_penalty == 0:
        return 1.0
    return tf.div((5. + tf.cast(sequence_lengths, tf.float32)) ** penalty_factor,
                  (5. + 1.) ** penalty_factor)


def _mask_probs(probs, eos_token, finished):
    """A finished beam may only continue with eos (log-prob 0; every other word dtype.min)."""
    vocab_size = tf.shape(probs)[2]
    finished_row = tf.one_hot(eos_token, vocab_size, dtype=probs.dtype,
                              on_value=tf.convert_to_tensor(0., dtype=probs.dtype),
                              off_value=probs.dtype.min)
    finished_probs = tf.tile(tf.reshape(finished_row, [1, 1, -1]),
                             tf.concat([tf.shape(finished), [1]], 0))
    finished_mask = tf.tile(tf.expand_dims(finished, 2), [1, 1, vocab_size])
    return tf.where(finished_mask, finished_probs, probs)


def _maybe_tensor_gather_helper(gather_indices, gather_from, batch_size, range_size,
                                gather_shape):
    if isinstance(gather_from, tf.TensorArray):
        return gather_from
    if gather_from.shape.ndims is None:
        raise ValueError("Expected tensor (%s) to have known rank, but ndims == None."
                         % gather_from)
    if gather_from.shape.ndims >= len(gather_shape):
        return _tensor_gather_helper(gather_indices=gather_indices, gather_from=gather_from,
                                     batch_size=batch_size, range_size=range_size,
                                     gather_shape=gather_shape)
    return gather_from


def _tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape,
                          name=None):
    """gather_from[b, gather_indices[b, k]] for each batch entry, through one flat gather."""
    with tf.name_scope(name, "tensor_gather_helper"):
        range_ = tf.expand_dims(tf.range(batch_size) * range_size, 1)
        gather_indices = tf.reshape(gather_indices + range_, [-1])
        output = tf.gather(tf.reshape(gather_from, gather_shape), gather_indices)
        final_shape = tf.shape(gather_from)[:1 + len(gather_shape)]
        static_batch_size = tf.get_static_value(batch_size)
        final_static_shape = tf.TensorShape([static_batch_size]).concatenate(
            gather_from.shape[1:1 + len(gather_shape)])
        output = tf.reshape(output, final_shape, name="output")
        output.set_shape(final_static_shape)
        return output
