"""TF 1.15's attention mechanisms (`tf.contrib.seq2seq.BahdanauAttention`, `LuongAttention`,
their monotonic variants) and `hardmax`, `safe_cumprod`, `monotonic_attention`. Variable names
are TF 1.15's (`memory_layer/kernel`, `<scope>/bahdanau_attention/attention_v`, ...), so TF 1.15
checkpoints restore."""
from __future__ import annotations

import functools
import math

import numpy as np

import tfcompat as tf
from tfcompat.nn.rnn_cell_impl import _zero_state_tensors

__all__ = ["AttentionMechanism", "LuongAttention", "BahdanauAttention", "hardmax",
           "safe_cumprod", "monotonic_attention", "BahdanauMonotonicAttention",
           "LuongMonotonicAttention"]


class AttentionMechanism(object):
    """Base class of the attention mechanisms an AttentionWrapper accepts."""

    @property
    def alignments_size(self):
        raise NotImplementedError

    @property
    def state_size(self):
        raise NotImplementedError


def _check_dims(m):
    if not m.get_shape()[2:].is_fully_defined():
        raise ValueError("Expected memory %s to have fully defined inner dims, but saw shape: "
                         "%s" % (m.name, m.get_shape()))


def _mask_memory(m, seq_len_mask):
    rank = m.get_shape().ndims
    rank = rank if rank is not None else tf.rank(m)
    extra_ones = tf.ones(rank - 2, dtype=tf.int32)
    seq_len_mask = tf.reshape(seq_len_mask, tf.concat((tf.shape(seq_len_mask), extra_ones), 0))
    return m * seq_len_mask


def _prepare_memory(memory, memory_sequence_length=None, memory_mask=None,
                    check_inner_dims_defined=True):
    """The memory with its entries past `memory_sequence_length` (or off `memory_mask`)
    zeroed."""
    memory = tf.nest.map_structure(lambda m: tf.convert_to_tensor(m, name="memory"), memory)
    if memory_sequence_length is not None and memory_mask is not None:
        raise ValueError("memory_sequence_length and memory_mask can't be provided at same "
                         "time.")
    if memory_sequence_length is not None:
        memory_sequence_length = tf.convert_to_tensor(memory_sequence_length,
                                                      name="memory_sequence_length")
    if check_inner_dims_defined:
        tf.nest.map_structure(_check_dims, memory)
    if memory_sequence_length is None and memory_mask is None:
        return memory
    first = tf.nest.flatten(memory)[0]
    if memory_sequence_length is not None:
        seq_len_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(first)[1],
                                        dtype=first.dtype)
    else:
        seq_len_mask = tf.cast(memory_mask, dtype=first.dtype)
    return tf.nest.map_structure(lambda m: _mask_memory(m, seq_len_mask), memory)


def _maybe_mask_score(score, memory_sequence_length=None, memory_mask=None,
                      score_mask_value=None):
    if memory_sequence_length is None and memory_mask is None:
        return score
    if memory_sequence_length is not None and memory_mask is not None:
        raise ValueError("memory_sequence_length and memory_mask can't be provided at same "
                         "time.")
    if memory_sequence_length is not None:
        message = "All values in memory_sequence_length must be greater than zero."
        with tf.control_dependencies([tf.assert_positive(memory_sequence_length,
                                                         message=message)]):
            memory_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(score)[1])
    score_mask_values = score_mask_value * tf.ones_like(score)
    return tf.where(memory_mask, score, score_mask_values)


class _BaseAttentionMechanism(AttentionMechanism):
    """Keys (`memory_layer(memory)`), values (the masked memory) and the masked probability
    function shared by the mechanisms."""

    def __init__(self, query_layer, memory, probability_fn, memory_sequence_length=None,
                 memory_layer=None, check_inner_dims_defined=True, score_mask_value=None,
                 custom_key_value_fn=None, name=None):
        if query_layer is not None and not isinstance(query_layer, tf.layers.Layer):
            raise TypeError("query_layer is not a Layer: %s" % type(query_layer).__name__)
        if memory_layer is not None and not isinstance(memory_layer, tf.layers.Layer):
            raise TypeError("memory_layer is not a Layer: %s" % type(memory_layer).__name__)
        self._query_layer = query_layer
        self._memory_layer = memory_layer
        self.dtype = memory_layer.dtype
        if not callable(probability_fn):
            raise TypeError("probability_fn must be callable, saw type: %s"
                            % type(probability_fn).__name__)
        if score_mask_value is None:
            score_mask_value = tf.as_dtype(self._memory_layer.dtype).as_numpy_dtype(-np.inf)
        self._probability_fn = lambda score, prev: probability_fn(
            _maybe_mask_score(score, memory_sequence_length=memory_sequence_length,
                              score_mask_value=score_mask_value), prev)
        with tf.name_scope(name, "BaseAttentionMechanismInit", tf.nest.flatten(memory)):
            self._values = _prepare_memory(
                memory, memory_sequence_length=memory_sequence_length,
                check_inner_dims_defined=check_inner_dims_defined)
            self._keys = self.memory_layer(self._values) if self.memory_layer else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = (tf.dimension_value(self._keys.shape[0])
                                or tf.shape(self._keys)[0])
            self._alignments_size = (tf.dimension_value(self._keys.shape[1])
                                     or tf.shape(self._keys)[1])

    @property
    def memory_layer(self):
        return self._memory_layer

    @property
    def query_layer(self):
        return self._query_layer

    @property
    def values(self):
        return self._values

    @property
    def keys(self):
        return self._keys

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def alignments_size(self):
        return self._alignments_size

    @property
    def state_size(self):
        return self._alignments_size

    def initial_alignments(self, batch_size, dtype):
        return _zero_state_tensors(self._alignments_size, batch_size, dtype)

    def initial_state(self, batch_size, dtype):
        return self.initial_alignments(batch_size, dtype)


def _luong_score(query, keys, scale):
    depth = query.get_shape()[-1]
    key_units = keys.get_shape()[-1]
    if depth != key_units:
        raise ValueError(
            "Incompatible or unknown inner dimensions between query and keys.  Query (%s) has "
            "units: %s.  Keys (%s) have units: %s.  Perhaps you need to set num_units to the "
            "keys' dimension (%s)?" % (query, depth, keys, key_units, key_units))
    query = tf.expand_dims(query, 1)
    score = tf.matmul(query, keys, transpose_b=True)
    score = tf.squeeze(score, [1])
    if scale is not None:
        score = scale * score
    return score


def _bahdanau_score(processed_query, keys, attention_v, attention_g=None, attention_b=None):
    processed_query = tf.expand_dims(processed_query, 1)
    if attention_g is not None and attention_b is not None:
        normed_v = attention_g * attention_v * tf.rsqrt(tf.reduce_sum(tf.square(attention_v)))
        return tf.reduce_sum(normed_v * tf.tanh(keys + processed_query + attention_b), [2])
    return tf.reduce_sum(attention_v * tf.tanh(keys + processed_query), [2])


def _dense(num_units, name, dtype):
    return tf.layers.Dense(num_units, name=name, use_bias=False, dtype=dtype)


def _luong_scale(query, scale):
    if not scale:
        return None
    return tf.get_variable("attention_g", dtype=query.dtype,
                           initializer=tf.ones_initializer, shape=())


def _bahdanau_norm(query, num_units, normalize):
    if not normalize:
        return None, None
    attention_g = tf.get_variable(
        "attention_g", dtype=query.dtype,
        initializer=tf.constant_initializer(math.sqrt(1. / num_units)), shape=())
    attention_b = tf.get_variable("attention_b", [num_units], dtype=query.dtype,
                                  initializer=tf.zeros_initializer())
    return attention_g, attention_b


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention: score = query . keys (times the scalar `attention_g` when
    `scale`)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False,
                 probability_fn=None, score_mask_value=None, dtype=None,
                 custom_key_value_fn=None, name="LuongAttention"):
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or tf.float32
        super().__init__(
            query_layer=None, memory_layer=_dense(num_units, "memory_layer", dtype),
            memory=memory, probability_fn=lambda score, _: probability_fn(score),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn, name=name)
        self._num_units = num_units
        self._scale = scale
        self._name = name

    def __call__(self, query, state):
        with tf.variable_scope(None, "luong_attention", [query]):
            score = _luong_score(query, self._keys, _luong_scale(query, self._scale))
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention: score = v . tanh(keys + query_layer(query)), weight-normalised when
    `normalize`."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False,
                 probability_fn=None, score_mask_value=None, dtype=None,
                 custom_key_value_fn=None, name="BahdanauAttention"):
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or tf.float32
        super().__init__(
            query_layer=_dense(num_units, "query_layer", dtype),
            memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
            probability_fn=lambda score, _: probability_fn(score),
            custom_key_value_fn=custom_key_value_fn,
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name

    def _score(self, query):
        processed_query = self.query_layer(query) if self.query_layer else query
        attention_v = tf.get_variable("attention_v", [self._num_units], dtype=query.dtype)
        attention_g, attention_b = _bahdanau_norm(query, self._num_units, self._normalize)
        return _bahdanau_score(processed_query, self._keys, attention_v,
                               attention_g=attention_g, attention_b=attention_b)

    def __call__(self, query, state):
        with tf.variable_scope(None, "bahdanau_attention", [query]):
            score = self._score(query)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def safe_cumprod(x, *args, **kwargs):
    """cumprod computed as exp(cumsum(log(clip(x, tiny, 1)))), finite for tiny factors."""
    with tf.name_scope(None, "SafeCumprod", [x]):
        x = tf.convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return tf.exp(tf.cumsum(tf.log(tf.clip_by_value(x, tiny, 1)), *args, **kwargs))


def monotonic_attention(p_choose_i, previous_attention, mode):
    """Expected monotonic alignment from the choosing probabilities ('recursive', 'parallel'
    or 'hard')."""
    p_choose_i = tf.convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = tf.convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        batch_size = tf.dimension_value(p_choose_i.shape[0]) or tf.shape(p_choose_i)[0]
        shifted_1mp_choose_i = tf.concat([tf.ones((batch_size, 1)), 1 - p_choose_i[:, :-1]], 1)
        return p_choose_i * tf.transpose(tf.scan(
            lambda x, yz: tf.reshape(yz[0] * x + yz[1], (batch_size,)),
            [tf.transpose(shifted_1mp_choose_i), tf.transpose(previous_attention)],
            tf.zeros((batch_size,))))
    if mode == "parallel":
        cumprod_1mp_choose_i = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        return p_choose_i * cumprod_1mp_choose_i * tf.cumsum(
            previous_attention / tf.clip_by_value(cumprod_1mp_choose_i, 1e-10, 1.), axis=1)
    if mode == "hard":
        p_choose_i *= tf.cumsum(previous_attention, axis=1)
        return p_choose_i * tf.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")


def _monotonic_probability_fn(score, previous_alignments, sigmoid_noise, mode, seed=None):
    if sigmoid_noise > 0:
        noise = tf.random_normal(tf.shape(score), dtype=score.dtype, seed=seed)
        score += sigmoid_noise * noise
    if mode == "hard":
        p_choose_i = tf.cast(score > 0, score.dtype)
    else:
        p_choose_i = tf.sigmoid(score)
    return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):

    def initial_alignments(self, batch_size, dtype):
        # all the attention on the first memory entry
        return tf.one_hot(tf.zeros((batch_size,), dtype=tf.int32), self._alignments_size,
                          dtype=dtype)


def _score_bias(dtype, score_bias_init):
    return tf.get_variable("attention_score_bias", dtype=dtype, initializer=score_bias_init)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Bahdanau scores (plus a learned bias) through monotonic attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False,
                 score_mask_value=None, sigmoid_noise=0., sigmoid_noise_seed=None,
                 score_bias_init=0., mode="parallel", dtype=None,
                 name="BahdanauMonotonicAttention"):
        dtype = dtype or tf.float32
        super().__init__(
            query_layer=_dense(num_units, "query_layer", dtype),
            memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
            probability_fn=functools.partial(_monotonic_probability_fn,
                                             sigmoid_noise=sigmoid_noise, mode=mode,
                                             seed=sigmoid_noise_seed),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        with tf.variable_scope(None, "bahdanau_monotonic_attention", [query]):
            score = BahdanauAttention._score(self, query)
            score += _score_bias(score.dtype, self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Luong scores (plus a learned bias) through monotonic attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False,
                 score_mask_value=None, sigmoid_noise=0., sigmoid_noise_seed=None,
                 score_bias_init=0., mode="parallel", dtype=None,
                 name="LuongMonotonicAttention"):
        dtype = dtype or tf.float32
        super().__init__(
            query_layer=None, memory_layer=_dense(num_units, "memory_layer", dtype),
            memory=memory,
            probability_fn=functools.partial(_monotonic_probability_fn,
                                             sigmoid_noise=sigmoid_noise, mode=mode,
                                             seed=sigmoid_noise_seed),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            name=name)
        self._num_units = num_units
        self._scale = scale
        self._score_bias_init = score_bias_init
        self._name = name

    def __call__(self, query, state):
        with tf.variable_scope(None, "luong_monotonic_attention", [query]):
            score = _luong_score(query, self._keys, _luong_scale(query, self._scale))
            score += _score_bias(query.dtype, self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def hardmax(logits, name=None):
    """One-hot of the argmax along the last axis."""
    with tf.name_scope(name, "Hardmax", [logits]):
        logits = tf.convert_to_tensor(logits, name="logits")
        depth = tf.dimension_value(logits.get_shape()[-1])
        if depth is None:
            depth = tf.shape(logits)[-1]
        return tf.one_hot(tf.argmax(logits, -1), depth, dtype=logits.dtype)
