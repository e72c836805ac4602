"""`tf.distributions.Bernoulli` and `tf.distributions.Categorical` (TF1's bernoulli.py /
categorical.py): parameterized by logits or probs, sampled with random_uniform / multinomial."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.distributions import _checks
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.distributions.kullback_leibler import RegisterKL
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape


class Bernoulli(distribution.Distribution):
    """0/1 outcomes with P(1) = probs = sigmoid(logits)."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False,
                 allow_nan_stats=True, name="Bernoulli"):
        parameters = dict(locals())
        with tf.name_scope(name) as name:
            self._logits, self._probs = _util.get_logits_and_probs(
                logits=logits, probs=probs, validate_args=validate_args, name=name)
        super().__init__(dtype=dtypes.as_dtype(dtype),
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=[self._logits, self._probs],
                         name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return {"logits": tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)}

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _batch_shape_tensor(self):
        return tf.shape(self._logits)

    def _batch_shape(self):
        return self._logits.get_shape()

    def _event_shape_tensor(self):
        return tf.constant([], dtype=dtypes.int32)

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        new_shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        uniform = tf.random_uniform(new_shape, seed=seed, dtype=self.probs.dtype)
        return tf.cast(tf.less(uniform, self.probs), self.dtype)

    def _log_prob(self, event):
        if self.validate_args:
            event = _checks.embed_check_integer_casting_closed(event, target_dtype=dtypes.bool)
        event = tf.cast(event, self.logits.dtype)
        logits = self.logits
        if not (event.get_shape().is_fully_defined() and logits.get_shape().is_fully_defined()
                and event.get_shape() == logits.get_shape()):
            logits, event = tf.ones_like(event) * logits, tf.ones_like(logits) * event
        return -tf.nn.sigmoid_cross_entropy_with_logits(labels=event, logits=logits)

    def _entropy(self):
        return -self.logits * (tf.sigmoid(self.logits) - 1) + tf.nn.softplus(-self.logits)

    def _mean(self):
        return tf.identity(self.probs)

    def _variance(self):
        return self._mean() * (1.0 - self.probs)

    def _mode(self):
        return tf.cast(self.probs > 0.5, self.dtype)


@RegisterKL(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(a, b, name=None):
    with tf.name_scope(name, "kl_bernoulli_bernoulli", values=[a.logits, b.logits]):
        delta_probs0 = tf.nn.softplus(-b.logits) - tf.nn.softplus(-a.logits)
        delta_probs1 = tf.nn.softplus(b.logits) - tf.nn.softplus(a.logits)
        return tf.sigmoid(a.logits) * delta_probs0 + tf.sigmoid(-a.logits) * delta_probs1


def _broadcast_cat_event_and_params(event, params, base_dtype):
    """Class ids and per-class parameters broadcast against each other."""
    if event.dtype.is_floating:
        event = tf.cast(event, dtype=dtypes.int32)
    elif not event.dtype.is_integer:
        raise TypeError("`value` should have integer `dtype` or `self.dtype` (%s)"
                        % base_dtype)
    known = (params.shape.ndims is not None and params.shape[:-1].is_fully_defined()
             and event.shape.is_fully_defined())
    if not known or params.shape[:-1] != event.shape:
        params *= tf.ones_like(event[..., tf.newaxis], dtype=params.dtype)
        event *= tf.ones(tf.shape(params)[:-1], dtype=event.dtype)
        if params.shape.ndims is not None:
            event.set_shape(tensor_shape.TensorShape(params.shape[:-1]))
    return event, params


class Categorical(distribution.Distribution):
    """One of K classes, with probabilities softmax(logits) along the last axis."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False,
                 allow_nan_stats=True, name="Categorical"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[logits, probs]) as name:
            self._logits, self._probs = _util.get_logits_and_probs(
                logits=logits, probs=probs, validate_args=validate_args, multidimensional=True,
                name=name)
            if validate_args:
                self._logits = _checks.embed_check_categorical_event_shape(self._logits)
            static = self._logits.get_shape().with_rank_at_least(1)
            if static.ndims is not None:
                self._batch_rank = tf.convert_to_tensor(static.ndims - 1, dtype=dtypes.int32,
                                                        name="batch_rank")
            else:
                with tf.name_scope(name="batch_rank"):
                    self._batch_rank = tf.rank(self._logits) - 1
            logits_shape = tf.shape(self._logits, name="logits_shape")
            if static[-1].value is not None:
                self._event_size = tf.convert_to_tensor(static[-1].value, dtype=dtypes.int32,
                                                        name="event_size")
            else:
                with tf.name_scope(name="event_size"):
                    self._event_size = logits_shape[self._batch_rank]
            if static[:-1].is_fully_defined():
                self._batch_shape_val = tf.constant(static[:-1].as_list(), dtype=dtypes.int32,
                                                    name="batch_shape")
            else:
                with tf.name_scope(name="batch_shape"):
                    self._batch_shape_val = logits_shape[:-1]
        super().__init__(dtype=dtypes.as_dtype(dtype),
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=[self._logits, self._probs],
                         name=name)

    @property
    def event_size(self):
        return self._event_size

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _batch_shape_tensor(self):
        return tf.identity(self._batch_shape_val)

    def _batch_shape(self):
        return self.logits.get_shape()[:-1]

    def _event_shape_tensor(self):
        return tf.constant([], dtype=dtypes.int32)

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        if self.logits.get_shape().ndims == 2:
            logits_2d = self.logits
        else:
            logits_2d = tf.reshape(self.logits, [-1, self.event_size])
        sample_dtype = dtypes.int64 if self.dtype.size > 4 else dtypes.int32
        draws = tf.multinomial(logits_2d, n, seed=seed, output_dtype=sample_dtype)
        draws = tf.reshape(tf.transpose(draws), tf.concat([[n], self.batch_shape_tensor()], 0))
        return tf.cast(draws, self.dtype)

    def _cdf(self, k):
        k = self._checked_class_ids(k)
        k, probs = _broadcast_cat_event_and_params(k, self.probs, self.dtype.base_dtype)
        flat_probs = tf.reshape(probs, (-1, self._event_size))
        flat_k = tf.reshape(k, [-1])
        to_sum_over = tf.where(tf.sequence_mask(flat_k, self._event_size), flat_probs,
                               tf.zeros_like(flat_probs))
        return tf.reshape(tf.reduce_sum(to_sum_over, axis=-1), tf.shape(k))

    def _checked_class_ids(self, k):
        k = tf.convert_to_tensor(k, name="k")
        if self.validate_args:
            k = _checks.embed_check_integer_casting_closed(k, target_dtype=dtypes.int32)
        return k

    def _log_prob(self, k):
        k = self._checked_class_ids(k)
        k, logits = _broadcast_cat_event_and_params(k, self.logits, self.dtype.base_dtype)
        return -tf.nn.sparse_softmax_cross_entropy_with_logits(labels=k, logits=logits)

    def _entropy(self):
        return -tf.reduce_sum(tf.nn.log_softmax(self.logits) * self.probs, axis=-1)

    def _mode(self):
        ret = tf.cast(tf.argmax(self.logits, axis=self._batch_rank), self.dtype)
        ret.set_shape(self.batch_shape)
        return ret


@RegisterKL(Categorical, Categorical)
def _kl_categorical_categorical(a, b, name=None):
    with tf.name_scope(name, "kl_categorical_categorical", values=[a.logits, b.logits]):
        delta_log_probs1 = tf.nn.log_softmax(a.logits) - tf.nn.log_softmax(b.logits)
        return tf.reduce_sum(tf.nn.softmax(a.logits) * delta_log_probs1, axis=-1)
