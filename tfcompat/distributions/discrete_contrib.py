"""TF 1.15's contrib-only discrete distributions (tf.contrib.distributions OneHotCategorical,
Poisson, Geometric, NegativeBinomial, Deterministic), with TF's formulas, name scopes and the
same core random ops their `_sample_n` used (multinomial, random_poisson, random_uniform on
[tiny, 1), random_gamma then random_poisson with the "negative_binom" derived seed)."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _checks
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.distributions.kullback_leibler import RegisterKL
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops.control_flow_ops import with_dependencies


class _ScalarEvent(distribution.Distribution):
    """Batch shape = the shape of `self._batch_param`; scalar events."""

    def _batch_shape_tensor(self):
        return tf.shape(self._batch_param)

    def _batch_shape(self):
        return self._batch_param.get_shape()

    def _event_shape_tensor(self):
        return tf.constant([], dtype=dtypes.int32)

    def _event_shape(self):
        return tensor_shape.TensorShape([])


class OneHotEvent(distribution.Distribution):
    """Distributions over one-hot vectors of the last dimension of `logits` (OneHotCategorical,
    ExpRelaxedOneHotCategorical): their parameters and shapes."""

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
        return tf.shape(self.logits)[:-1]

    def _batch_shape(self):
        return self.logits.get_shape()[:-1]

    def _event_shape_tensor(self):
        return tf.shape(self.logits)[-1:]

    def _event_shape(self):
        return self.logits.get_shape().with_rank_at_least(1)[-1:]


class OneHotCategorical(OneHotEvent):
    """Categorical outcomes as one-hot vectors (event shape [K])."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False,
                 allow_nan_stats=True, name="OneHotCategorical"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[logits, probs]) as name:
            self._logits, self._probs = _util.get_logits_and_probs(
                name=name, logits=logits, probs=probs, validate_args=validate_args,
                multidimensional=True)
            static = self._logits.get_shape().with_rank_at_least(1)
            if static.ndims is not None:
                self._batch_rank = tf.convert_to_tensor(static.ndims - 1, dtype=dtypes.int32,
                                                        name="batch_rank")
            else:
                with tf.name_scope(name="batch_rank"):
                    self._batch_rank = tf.rank(self._logits) - 1
            with tf.name_scope(name="event_size"):
                self._event_size = tf.shape(self._logits)[-1]
        super().__init__(dtype=dtypes.as_dtype(dtype),
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=[self._logits, self._probs],
                         name=name)

    def _sample_n(self, n, seed=None):
        sample_shape = tf.concat([[n], tf.shape(self.logits)], 0)
        logits = self.logits
        logits_2d = logits if logits.get_shape().ndims == 2 else tf.reshape(
            logits, [-1, self.event_size])
        samples = tf.transpose(tf.multinomial(logits_2d, n, seed=seed))
        samples = tf.one_hot(samples, self.event_size, dtype=self.dtype)
        return tf.reshape(samples, sample_shape)

    def _log_prob(self, x):
        if self.validate_args:
            x = with_dependencies([
                tf.assert_non_negative(x),
                tf.assert_near(tf.ones([], dtype=x.dtype), tf.reduce_sum(x, [-1]),
                               message="x is not a one-hot vector.")], x)
        logits = self.logits
        if (not x.get_shape().is_fully_defined() or not logits.get_shape().is_fully_defined()
                or x.get_shape() != logits.get_shape()):
            logits = tf.ones_like(x, dtype=logits.dtype) * logits
            x = tf.ones_like(logits, dtype=x.dtype) * x
        logits_shape = tf.shape(tf.reduce_sum(logits, axis=[-1]))
        logits_2d = tf.reshape(logits, [-1, self.event_size])
        x_2d = tf.reshape(x, [-1, self.event_size])
        ret = -tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.cast(x_2d, logits.dtype),
                                                          logits=logits_2d)
        return tf.reshape(ret, logits_shape)

    def _entropy(self):
        return -tf.reduce_sum(tf.nn.log_softmax(self.logits) * self.probs, axis=-1)

    def _mode(self):
        ret = tf.one_hot(tf.argmax(self.logits, axis=self._batch_rank), self.event_size,
                         dtype=self.dtype)
        ret.set_shape(self.logits.get_shape())
        return ret

    def _covariance(self):
        p = self.probs
        ret = -tf.matmul(p[..., None], p[..., None, :])
        return tf.matrix_set_diag(ret, self._variance())

    def _variance(self):
        return self.probs * (1.0 - self.probs)


@RegisterKL(OneHotCategorical, OneHotCategorical)
def _kl_one_hot_categorical(a, b, name=None):
    with tf.name_scope(name, "kl_categorical_categorical", values=[a.logits, b.logits]):
        return tf.reduce_sum(tf.nn.softmax(a.logits) * (tf.nn.log_softmax(a.logits)
                                                        - tf.nn.log_softmax(b.logits)),
                             axis=-1)


class Poisson(_ScalarEvent):
    """Counts with rate `rate` (or exp(`log_rate`))."""

    def __init__(self, rate=None, log_rate=None, validate_args=False, allow_nan_stats=True,
                 name="Poisson"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[rate]) as name:
            if (rate is None) == (log_rate is None):
                raise ValueError("Must specify exactly one of `rate`, `log_rate`.")
            if log_rate is None:
                rate = tf.convert_to_tensor(rate, name="rate")
                if validate_args:
                    rate = with_dependencies([tf.assert_positive(rate)], rate)
                log_rate = tf.log(rate, name="log_rate")
            else:
                log_rate = tf.convert_to_tensor(log_rate, name="log_rate")
                rate = tf.exp(log_rate, name="rate")
            self._rate, self._log_rate = rate, log_rate
            self._batch_param = rate
        super().__init__(dtype=rate.dtype, reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=[self._rate], name=name)

    @property
    def rate(self):
        return self._rate

    @property
    def log_rate(self):
        return self._log_rate

    def _checked(self, x):
        return _checks.embed_check_nonnegative_integer_form(x) if self.validate_args else x

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _log_cdf(self, x):
        return tf.log(self.cdf(x))

    def _cdf(self, x):
        return tf.igammac(1.0 + self._checked(x), self.rate)

    def _log_normalization(self):
        return self.rate

    def _log_unnormalized_prob(self, x):
        x = self._checked(x)
        return x * self.log_rate - tf.lgamma(1.0 + x)

    def _mean(self):
        return tf.identity(self.rate)

    def _variance(self):
        return tf.identity(self.rate)

    def _mode(self):
        return tf.floor(self.rate)

    def _sample_n(self, n, seed=None):
        return tf.random_poisson(self.rate, [n], dtype=self.dtype, seed=seed)


def _open_uniform(shape, dtype, seed):
    """random_uniform on [tiny, 1): TF's open-interval uniform variates."""
    return tf.random_uniform(shape, minval=np.finfo(dtype.as_numpy_dtype).tiny, maxval=1.0,
                             dtype=dtype, seed=seed)


class Geometric(_ScalarEvent):
    """Number of failures before the first success, P(success) = probs."""

    def __init__(self, logits=None, probs=None, validate_args=False, allow_nan_stats=True,
                 name="Geometric"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[logits, probs]) as name:
            self._logits, self._probs = _util.get_logits_and_probs(
                logits, probs, validate_args=validate_args, name=name)
            with tf.control_dependencies([tf.assert_positive(self._probs)]
                                         if validate_args else []):
                self._probs = tf.identity(self._probs, name="probs")
            self._batch_param = self._probs
        super().__init__(dtype=self._probs.dtype,
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=[self._probs, self._logits],
                         name=name)

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _sample_n(self, n, seed=None):
        sampled = _open_uniform(tf.concat([[n], tf.shape(self._probs)], 0), self.dtype, seed)
        return tf.floor(tf.log(sampled) / tf.log1p(-self.probs))

    def _floored(self, x):
        if self.validate_args:
            return _checks.embed_check_nonnegative_integer_form(x)
        return tf.floor(x)

    def _cdf(self, x):
        x = self._floored(x) * tf.ones_like(self.probs)
        return tf.where(x < 0.0, tf.zeros_like(x), -tf.expm1((1.0 + x) * tf.log1p(-self.probs)))

    def _log_prob(self, x):
        x = self._floored(x) * tf.ones_like(self.probs)
        probs = self.probs * tf.ones_like(x)
        safe_domain = tf.where(tf.equal(x, 0.0), tf.zeros_like(probs), probs)
        return x * tf.log1p(-safe_domain) + tf.log(probs)

    def _entropy(self):
        probs = self._probs
        if self.validate_args:
            probs = with_dependencies([tf.assert_less(
                probs, tf.constant(1.0, probs.dtype),
                message="Entropy is undefined when logits = inf or probs = 1.")], probs)
        return tf.nn.softplus(self.logits) / probs - self.logits

    def _mean(self):
        return tf.exp(-self.logits)

    def _variance(self):
        return self._mean() / self.probs

    def _mode(self):
        return tf.zeros(self.batch_shape_tensor(), dtype=self.dtype)


class NegativeBinomial(_ScalarEvent):
    """Successes before `total_count` failures, P(success) = probs."""

    def __init__(self, total_count, logits=None, probs=None, validate_args=False,
                 allow_nan_stats=True, name="NegativeBinomial"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[total_count, logits, probs]) as name:
            self._logits, self._probs = _util.get_logits_and_probs(
                logits, probs, validate_args=validate_args, name=name)
            with tf.control_dependencies([tf.assert_positive(total_count)]
                                         if validate_args else []):
                self._total_count = tf.identity(total_count)
        super().__init__(dtype=self._probs.dtype,
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters,
                         graph_parents=[self._total_count, self._probs, self._logits],
                         name=name)

    @property
    def total_count(self):
        return self._total_count

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _batch_shape_tensor(self):
        return tf.broadcast_dynamic_shape(tf.shape(self.total_count), tf.shape(self.probs))

    def _batch_shape(self):
        return tf.broadcast_static_shape(self.total_count.get_shape(), self.probs.get_shape())

    def _sample_n(self, n, seed=None):
        rate = tf.random_gamma(shape=[n], alpha=self.total_count, beta=tf.exp(-self.logits),
                               dtype=self.dtype, seed=seed)
        return tf.random_poisson(rate, shape=[], dtype=self.dtype,
                                 seed=_util.gen_new_seed(seed, "negative_binom"))

    def _checked(self, x):
        return _checks.embed_check_nonnegative_integer_form(x) if self.validate_args else x

    def _cdf(self, x):
        return tf.betainc(self.total_count, 1.0 + self._checked(x), tf.sigmoid(-self.logits))

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization(x)

    def _log_unnormalized_prob(self, x):
        x = self._checked(x)
        return (self.total_count * tf.log_sigmoid(-self.logits)
                + x * tf.log_sigmoid(self.logits))

    def _log_normalization(self, x):
        x = self._checked(x)
        return (-tf.lgamma(self.total_count + x) + tf.lgamma(1.0 + x)
                + tf.lgamma(self.total_count))

    def _mean(self):
        return self.total_count * tf.exp(self.logits)

    def _mode(self):
        adjusted = tf.where(1.0 < self.total_count, self.total_count - 1.0,
                            tf.zeros_like(self.total_count))
        return tf.floor(adjusted * tf.exp(self.logits))

    def _variance(self):
        return self._mean() / tf.sigmoid(-self.logits)


class Deterministic(_ScalarEvent):
    """All mass at `loc` (within atol + rtol * |loc|)."""

    def __init__(self, loc, atol=None, rtol=None, validate_args=False, allow_nan_stats=True,
                 name="Deterministic"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[loc, atol, rtol]) as name:
            self._loc = tf.convert_to_tensor(loc, name="loc")
            self._validate = validate_args
            self._atol, self._rtol = self._get_tol(atol), self._get_tol(rtol)
            self._slack = self._atol if rtol is None else \
                self._atol + self._rtol * tf.abs(self._loc)
            self._batch_param = self._loc
        super().__init__(dtype=self._loc.dtype,
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters,
                         graph_parents=[self._loc, self._atol, self._rtol], name=name)

    def _get_tol(self, tol):
        if tol is None:
            return tf.convert_to_tensor(0, dtype=self._loc.dtype)
        tol = tf.convert_to_tensor(tol, dtype=self._loc.dtype)
        if self._validate:
            tol = with_dependencies([tf.assert_non_negative(
                tol, message="Argument 'tol' must be non-negative")], tol)
        return tol

    @property
    def loc(self):
        return self._loc

    @property
    def atol(self):
        return self._atol

    @property
    def rtol(self):
        return self._rtol

    def _sample_n(self, n, seed=None):
        n_static = constant_value(tf.convert_to_tensor(n))
        if n_static is not None and self.loc.get_shape().ndims is not None:
            multiples = [int(n_static)] + [1] * self.loc.get_shape().ndims
        else:
            multiples = tf.concat(([n], tf.ones_like(tf.shape(self.loc))), axis=0)
        return tf.tile(self.loc[tf.newaxis, ...], multiples=multiples)

    def _prob(self, x):
        return tf.cast(tf.abs(x - self.loc) <= self._slack, dtype=self.dtype)

    def _cdf(self, x):
        return tf.cast(x >= self.loc - self._slack, dtype=self.dtype)
