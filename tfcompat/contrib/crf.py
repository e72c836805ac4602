"""`tf.contrib.crf`: TF 1.15's linear-chain CRF, built from graph ops (gather, scan, dynamic_rnn,
reverse_sequence), so gradients reach the unary scores and the `transitions` variable.

Differences from TensorFlow: in a batch whose longest sequence is longer than 1, TF 1.15's
`crf_log_norm`/`crf_forward` gave a sequence of length 1 the normaliser of a length-2 sequence
(it indexed the scan at max(0, length - 2) without the first state). tfcompat keeps the first
state, so length-1 sequences get logsumexp of their unary scores (as tensorflow_addons' fix).
"""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.nn.rnn_cell_impl import RNNCell as _RNNCell


def _static_dim(tensor, axis):
    return tf.convert_to_tensor(tensor).get_shape().as_list()[axis]


def _max_len_is_one(tensor):
    """A Python bool where the time dimension is static, else a scalar bool tensor (TF 1.15
    chooses the single-step branch with smart_cond)."""
    length = _static_dim(tensor, 1)
    if length is not None:
        return length == 1
    return tf.equal(tf.shape(tensor)[1], 1)


def _smart_cond(pred, true_fn, false_fn):
    if isinstance(pred, bool):
        return true_fn() if pred else false_fn()
    return tf.cond(pred, true_fn, false_fn)


def _lengths_to_masks(lengths, max_length):
    """[batch, max_length] float32 mask: 1 where the position is within the sequence."""
    tiled_ranges = tf.tile(tf.expand_dims(tf.range(max_length), 0), [tf.shape(lengths)[0], 1])
    lengths = tf.expand_dims(lengths, 1)
    return tf.to_float(tf.to_int64(tiled_ranges) < tf.to_int64(lengths))


def crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params):
    """[batch] unnormalized scores (unary + binary) of the tag sequences."""
    inputs = tf.convert_to_tensor(inputs)
    tag_indices = tf.convert_to_tensor(tag_indices)

    def _single_seq_fn():
        batch_size = tf.shape(inputs, out_type=tag_indices.dtype)[0]
        example_inds = tf.reshape(tf.range(batch_size, dtype=tag_indices.dtype), [-1, 1])
        scores = tf.gather_nd(tf.squeeze(inputs, [1]),
                              tf.concat([example_inds, tag_indices], axis=1))
        return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(scores), scores)

    def _multi_seq_fn():
        unary_scores = crf_unary_score(tag_indices, sequence_lengths, inputs)
        binary_scores = crf_binary_score(tag_indices, sequence_lengths, transition_params)
        return unary_scores + binary_scores

    return _smart_cond(_max_len_is_one(inputs), _single_seq_fn, _multi_seq_fn)


def crf_forward(inputs, state, transition_params, sequence_lengths):
    """The alphas at each sequence's last step: [batch, num_tags] (forward algorithm by scan
    over `inputs` [batch, max_seq_len - 1, num_tags] from `state`, the first step's scores)."""
    inputs = tf.convert_to_tensor(inputs)
    state = tf.convert_to_tensor(state)
    sequence_lengths = tf.convert_to_tensor(sequence_lengths)
    last_index = tf.maximum(tf.constant(0, dtype=sequence_lengths.dtype), sequence_lengths - 1)
    inputs = tf.transpose(inputs, [1, 0, 2])                       # [T-1, B, O]
    transitions = tf.expand_dims(transition_params, 0)             # [1, O, O]

    def _scan_fn(alphas, step_inputs):
        transition_scores = tf.expand_dims(alphas, 2) + transitions        # [B, O, O]
        return step_inputs + tf.reduce_logsumexp(transition_scores, [1])

    all_alphas = tf.transpose(tf.scan(_scan_fn, inputs, state), [1, 0, 2])   # [B, T-1, O]
    # the first state in front, so that index length-1 is the last step of every sequence
    all_alphas = tf.concat([tf.expand_dims(state, 1), all_alphas], 1)      # [B, T, O]
    idxs = tf.stack([tf.range(tf.shape(last_index, out_type=last_index.dtype)[0]), last_index],
                    axis=1)
    return tf.gather_nd(all_alphas, idxs)


def crf_log_norm(inputs, sequence_lengths, transition_params):
    """[batch] log partition functions (0 for sequences of length <= 0)."""
    inputs = tf.convert_to_tensor(inputs)
    sequence_lengths = tf.convert_to_tensor(sequence_lengths)
    first_input = tf.squeeze(tf.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])

    def _mask(log_norm):
        return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(log_norm), log_norm)

    def _single_seq_fn():
        return _mask(tf.reduce_logsumexp(first_input, [1]))

    def _multi_seq_fn():
        rest_of_input = tf.slice(inputs, [0, 1, 0], [-1, -1, -1])
        alphas = crf_forward(rest_of_input, first_input, transition_params, sequence_lengths)
        return _mask(tf.reduce_logsumexp(alphas, [1]))

    return _smart_cond(_max_len_is_one(inputs), _single_seq_fn, _multi_seq_fn)


def crf_log_likelihood(inputs, tag_indices, sequence_lengths, transition_params=None):
    """([batch] log-likelihoods, transition_params); without `transition_params` it makes the
    [num_tags, num_tags] variable `transitions` in the current variable scope."""
    inputs = tf.convert_to_tensor(inputs)
    num_tags = _static_dim(inputs, 2)
    if transition_params is None:
        transition_params = tf.get_variable("transitions", [num_tags, num_tags])
    sequence_scores = crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params)
    log_norm = crf_log_norm(inputs, sequence_lengths, transition_params)
    return sequence_scores - log_norm, transition_params


def crf_unary_score(tag_indices, sequence_lengths, inputs):
    """[batch] sums of the unary potentials of the tags within each sequence."""
    inputs = tf.convert_to_tensor(inputs)
    tag_indices = tf.convert_to_tensor(tag_indices)
    batch_size = tf.shape(inputs)[0]
    max_seq_len = tf.shape(inputs)[1]
    num_tags = tf.shape(inputs)[2]
    flattened_inputs = tf.reshape(inputs, [-1])
    offsets = tf.expand_dims(tf.range(batch_size) * max_seq_len * num_tags, 1)
    offsets += tf.expand_dims(tf.range(max_seq_len) * num_tags, 0)
    if tag_indices.dtype == tf.int64:
        offsets = tf.to_int64(offsets)
    flattened_tag_indices = tf.reshape(offsets + tag_indices, [-1])
    unary_scores = tf.reshape(tf.gather(flattened_inputs, flattened_tag_indices),
                              [batch_size, max_seq_len])
    masks = _lengths_to_masks(sequence_lengths, tf.shape(tag_indices)[1])
    return tf.reduce_sum(unary_scores * masks, 1)


def crf_binary_score(tag_indices, sequence_lengths, transition_params):
    """[batch] sums of the transition scores between consecutive tags within each sequence."""
    tag_indices = tf.convert_to_tensor(tag_indices)
    transition_params = tf.convert_to_tensor(transition_params)
    num_tags = _static_dim(transition_params, 0)
    num_transitions = tf.shape(tag_indices)[1] - 1
    start_tag_indices = tf.slice(tag_indices, [0, 0], [-1, num_transitions])
    end_tag_indices = tf.slice(tag_indices, [0, 1], [-1, num_transitions])
    flattened_transition_indices = start_tag_indices * num_tags + end_tag_indices
    flattened_transition_params = tf.reshape(transition_params, [-1])
    binary_scores = tf.gather(flattened_transition_params, flattened_transition_indices)
    masks = _lengths_to_masks(sequence_lengths, tf.shape(tag_indices)[1])
    truncated_masks = tf.slice(masks, [0, 1], [-1, -1])
    return tf.reduce_sum(binary_scores * truncated_masks, 1)


class _TransitionCell(_RNNCell):
    """A cell over the [num_tags, num_tags] transition matrix (broadcast over the batch)."""

    def __init__(self, transition_params):
        super().__init__()
        transition_params = tf.convert_to_tensor(transition_params)
        self._transition_params = tf.expand_dims(transition_params, 0)
        self._num_tags = _static_dim(transition_params, 0)

    @property
    def state_size(self):
        return self._num_tags

    @property
    def output_size(self):
        return self._num_tags


class CrfForwardRnnCell(_TransitionCell):
    """One step of the forward algorithm: new alphas = inputs + logsumexp(alphas + T)."""

    def __call__(self, inputs, state, scope=None):
        transition_scores = tf.expand_dims(state, 2) + self._transition_params
        new_alphas = inputs + tf.reduce_logsumexp(transition_scores, [1])
        return new_alphas, new_alphas


class CrfDecodeForwardRnnCell(_TransitionCell):
    """One Viterbi step: (int32 backpointers [B, O], new max scores [B, O])."""

    def __call__(self, inputs, state, scope=None):
        transition_scores = tf.expand_dims(state, 2) + self._transition_params   # [B, O, O]
        new_state = inputs + tf.reduce_max(transition_scores, [1])
        backpointers = tf.cast(tf.argmax(transition_scores, 1), dtype=tf.int32)
        return backpointers, new_state


class CrfDecodeBackwardRnnCell(_RNNCell):
    """One step of following the backpointers: state [B, 1] tag -> previous tag [B, 1]."""

    def __init__(self, num_tags):
        super().__init__()
        self._num_tags = num_tags

    @property
    def state_size(self):
        return 1

    @property
    def output_size(self):
        return 1

    def __call__(self, inputs, state, scope=None):
        state = tf.squeeze(state, axis=[1])                                   # [B]
        b_indices = tf.range(tf.shape(inputs)[0])
        indices = tf.stack([b_indices, state], axis=1)                        # [B, 2]
        new_tags = tf.expand_dims(tf.gather_nd(inputs, indices), axis=-1)     # [B, 1]
        return new_tags, new_tags


def viterbi_decode(score, transition_params):
    """Numpy Viterbi on one sequence: (list of tag indices, best score)."""
    trellis = np.zeros_like(score)
    backpointers = np.zeros_like(score, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, score.shape[0]):
        v = np.expand_dims(trellis[t - 1], 1) + transition_params
        trellis[t] = score[t] + np.max(v, 0)
        backpointers[t] = np.argmax(v, 0)
    viterbi = [np.argmax(trellis[-1])]
    for bp in reversed(backpointers[1:]):
        viterbi.append(bp[viterbi[-1]])
    viterbi.reverse()
    return viterbi, np.max(trellis[-1])


def crf_decode(potentials, transition_params, sequence_length):
    """Viterbi in the graph: (int32 [batch, max_seq_len] best tags, 0 past each length;
    [batch] best scores)."""
    potentials = tf.convert_to_tensor(potentials)
    sequence_length = tf.convert_to_tensor(sequence_length)

    def _single_seq_fn():
        squeezed = tf.squeeze(potentials, [1])
        decode_tags = tf.expand_dims(tf.argmax(squeezed, axis=1), 1)
        best_score = tf.reduce_max(squeezed, axis=1)
        return tf.cast(decode_tags, dtype=tf.int32), best_score

    def _multi_seq_fn():
        return _viterbi_multi(potentials, transition_params, sequence_length)

    return _smart_cond(_max_len_is_one(potentials), _single_seq_fn, _multi_seq_fn)


def _viterbi_multi(potentials, transition_params, sequence_length):
    num_tags = _static_dim(potentials, 2)
    length_less_one = tf.maximum(tf.constant(0, dtype=sequence_length.dtype),
                                 sequence_length - 1)
    initial_state = tf.squeeze(tf.slice(potentials, [0, 0, 0], [-1, 1, -1]), axis=[1])
    inputs = tf.slice(potentials, [0, 1, 0], [-1, -1, -1])                  # [B, T-1, O]
    backpointers, last_score = tf.nn.dynamic_rnn(
        CrfDecodeForwardRnnCell(transition_params), inputs=inputs,
        sequence_length=length_less_one, initial_state=initial_state, time_major=False,
        dtype=tf.int32)
    backpointers = tf.reverse_sequence(backpointers, length_less_one, seq_axis=1)
    initial_state = tf.expand_dims(tf.cast(tf.argmax(last_score, axis=1), dtype=tf.int32),
                                   axis=-1)                                 # [B, 1]
    decode_tags, _ = tf.nn.dynamic_rnn(
        CrfDecodeBackwardRnnCell(num_tags), inputs=backpointers,
        sequence_length=length_less_one, initial_state=initial_state, time_major=False,
        dtype=tf.int32)
    decode_tags = tf.concat([initial_state, tf.squeeze(decode_tags, axis=[2])], axis=1)
    decode_tags = tf.reverse_sequence(decode_tags, sequence_length, seq_axis=1)
    return decode_tags, tf.reduce_max(last_score, axis=1)


__all__ = ["crf_sequence_score", "crf_log_norm", "crf_log_likelihood", "crf_unary_score",
           "crf_binary_score", "crf_forward", "CrfForwardRnnCell", "viterbi_decode",
           "crf_decode", "CrfDecodeForwardRnnCell", "CrfDecodeBackwardRnnCell"]
__getattr__ = _missing_attr("contrib.crf", __name__)
