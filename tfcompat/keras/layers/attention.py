"""Keras' dense attention layers (TF 1.14+): `Attention` (Luong-style dot-product scores, or
`score_mode='concat'`) and `AdditiveAttention` (Bahdanau-style), over `[query, value]` or
`[query, value, key]`, with the value mask, a causal mask and dropout of the weights as tf_keras
builds them."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import backend
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.layers.base import smart_cond


class _BaseDenseAttention(Layer):
    def __init__(self, dropout=0.0, **kwargs):
        self.causal = kwargs.pop("causal", False)   # (tf_keras: deprecated for use_causal_mask)
        super().__init__(**kwargs)
        self.dropout = dropout
        self.supports_masking = True

    def _calculate_scores(self, query, key):
        raise NotImplementedError

    def _apply_scores(self, scores, value, scores_mask=None, training=None):
        if scores_mask is not None:
            # masked scores get -1e9 (-65504 in float16): their softmax weight is 0
            big = 65504.0 if scores.dtype.base_dtype.name == "float16" else 1.0e9
            scores -= big * tf.cast(tf.logical_not(scores_mask), scores.dtype)
        weights = tf.nn.softmax(scores)
        if self.dropout > 0:
            training = backend.learning_phase() if training is None else training
            weights = smart_cond(training,
                                 lambda: tf.nn.dropout(weights, rate=self.dropout),
                                 lambda: tf.identity(weights))
        return tf.matmul(weights, value), weights

    def call(self, inputs, mask=None, training=None, return_attention_scores=False,
             use_causal_mask=False):
        self._validate_call_args(inputs, mask)
        q, v = inputs[0], inputs[1]
        k = inputs[2] if len(inputs) > 2 else v
        q_mask = mask[0] if mask else None
        v_mask = mask[1] if mask else None
        scores = self._calculate_scores(query=q, key=k)
        if v_mask is not None:
            v_mask = tf.expand_dims(v_mask, axis=-2)
        causal_mask = _lower_triangular_mask(scores) if self.causal or use_causal_mask else None
        scores_mask = _merge_masks(v_mask, causal_mask)
        result, attention_scores = self._apply_scores(scores, v, scores_mask, training)
        if q_mask is not None:
            result *= tf.cast(tf.expand_dims(q_mask, axis=-1), result.dtype)
        if return_attention_scores:
            return result, attention_scores
        return result

    def compute_mask(self, inputs, mask=None):
        self._validate_call_args(inputs, mask)
        return mask[0] if mask else None

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape[0])

    def _validate_call_args(self, inputs, mask):
        name = type(self).__name__
        if not isinstance(inputs, list):
            raise ValueError("%s layer must be called on a list of inputs, namely [query, "
                             "value] or [query, value, key]. Received: %s." % (name, inputs))
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError("%s layer accepts inputs list of length 2 or 3, namely [query, "
                             "value] or [query, value, key]. Received length: %d."
                             % (name, len(inputs)))
        if mask:
            if not isinstance(mask, list):
                raise ValueError("%s layer mask must be a list, namely [query_mask, "
                                 "value_mask]. Received: %s." % (name, mask))
            if len(mask) < 2 or len(mask) > len(inputs):
                raise ValueError("%s layer mask must be a list of length 2, namely "
                                 "[query_mask, value_mask]. Received length: %d."
                                 % (name, len(mask)))

    def get_config(self):
        return serialize_fields(self, dropout=self.dropout)


class Attention(_BaseDenseAttention):
    """Scores `query . key^T` (times a learned scalar `scale` with use_scale), or with
    `score_mode='concat'` `concat_score_weight * sum(tanh(scale * (query + key)))`."""

    def __init__(self, use_scale=False, score_mode="dot", **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        if score_mode not in ("dot", "concat"):
            raise ValueError("Received: score_mode=%s. Acceptable values are: [\"dot\", "
                             "\"concat\"]" % score_mode)

    def build(self, input_shape):
        self.scale = (self.add_weight(name="scale", shape=(), initializer="ones",
                                      trainable=True) if self.use_scale else None)
        self.concat_score_weight = (
            self.add_weight(name="concat_score_weight", shape=(), initializer="ones",
                            trainable=True) if self.score_mode == "concat" else None)
        super().build(input_shape)

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = tf.matmul(query, key, transpose_b=True)
            return scores * self.scale if self.scale is not None else scores
        total = tf.expand_dims(query, axis=-2) + tf.expand_dims(key, axis=-3)
        if self.scale is not None:
            total = self.scale * total
        return self.concat_score_weight * tf.reduce_sum(tf.tanh(total),
                                                                   axis=-1)

    def get_config(self):
        config = super().get_config()
        config.update(use_scale=self.use_scale, score_mode=self.score_mode)
        return config


class AdditiveAttention(_BaseDenseAttention):
    """Scores `sum(scale * tanh(query + key))` (`scale`: a learned vector with use_scale)."""

    def __init__(self, use_scale=True, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale

    def build(self, input_shape):
        dim = TensorShape(input_shape[1])[-1]
        dim = getattr(dim, "value", dim)
        self.scale = (self.add_weight(name="scale", shape=[dim], initializer="glorot_uniform",
                                      trainable=True) if self.use_scale else None)
        super().build(input_shape)

    def _calculate_scores(self, query, key):
        scale = self.scale if self.use_scale else 1.0
        total = tf.expand_dims(query, axis=-2) + tf.expand_dims(key, axis=-3)
        return tf.reduce_sum(scale * tf.tanh(total), axis=-1)

    def get_config(self):
        config = super().get_config()
        config.update(use_scale=self.use_scale)
        return config


def _lower_triangular_mask(scores):
    """True on and below the diagonal of the scores' last two axes."""
    shape = tf.shape(scores)
    shape = tf.concat([tf.ones_like(shape[:-2]), shape[-2:]], axis=0)
    ones = tf.ones(shape, dtype="int32")
    return tf.greater_equal(tf.cumsum(ones, axis=-2),
                                  tf.cumsum(ones, axis=-1))


def _merge_masks(x, y):
    if x is None:
        return y
    if y is None:
        return x
    return tf.logical_and(x, y)
