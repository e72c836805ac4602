"""TF 1.15's contrib Logistic, the Concrete / Gumbel-softmax relaxations (RelaxedBernoulli,
ExpRelaxedOneHotCategorical, RelaxedOneHotCategorical) and Independent.

TF builds RelaxedBernoulli as Logistic(logits / t, 1 / t) pushed through a Sigmoid bijector and
RelaxedOneHotCategorical as ExpRelaxedOneHotCategorical pushed through Exp; here those
compositions are written out: the same random_uniform on [tiny, 1) draws, the same densities
(plus the bijectors' inverse log-det-Jacobians)."""
from __future__ import annotations

import math

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.distributions.discrete_contrib import OneHotEvent
from tfcompat.distributions.discrete_contrib import _open_uniform
from tfcompat.distributions.kullback_leibler import RegisterKL
from tfcompat.distributions.kullback_leibler import kl_divergence
from tfcompat.distributions.normal_uniform import LocScale
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.ops.control_flow_ops import with_dependencies


class Logistic(LocScale):
    """The logistic distribution with location `loc` and scale `scale`."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Logistic"):
        parameters = dict(locals())
        self._init_loc_scale(loc, scale, validate_args, allow_nan_stats, parameters, name)

    def _sample_n(self, n, seed=None):
        uniform = _open_uniform(tf.concat([[n], self.batch_shape_tensor()], 0), self.dtype,
                                seed)
        sampled = tf.log(uniform) - tf.log1p(-1.0 * uniform)
        return sampled * self.scale + self.loc

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _log_cdf(self, x):
        return -tf.nn.softplus(-self._z(x))

    def _cdf(self, x):
        return tf.sigmoid(self._z(x))

    def _log_survival_function(self, x):
        return -tf.nn.softplus(self._z(x))

    def _survival_function(self, x):
        return tf.sigmoid(-self._z(x))

    def _log_unnormalized_prob(self, x):
        z = self._z(x)
        return -z - 2.0 * tf.nn.softplus(-z)

    def _log_normalization(self):
        return tf.log(self.scale)

    def _entropy(self):
        scale = self.scale * tf.ones_like(self.loc)
        return 2 + tf.log(scale)

    def _mean(self):
        return self.loc * tf.ones_like(self.scale)

    def _stddev(self):
        return self.scale * tf.ones_like(self.loc) * math.pi / math.sqrt(3)

    def _mode(self):
        return self._mean()


def _no_stat(what):
    def method(self):
        raise NotImplementedError("%s is not implemented" % what)
    return method


class RelaxedBernoulli(distribution.Distribution):
    """Binary Concrete: sigmoid((logits + logistic noise) / temperature), values in (0, 1)."""

    def __init__(self, temperature, logits=None, probs=None, validate_args=False,
                 allow_nan_stats=True, name="RelaxedBernoulli"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[logits, probs, temperature]) as name:
            with tf.control_dependencies([tf.assert_positive(temperature)]
                                         if validate_args else []):
                self._temperature = tf.identity(temperature, name="temperature")
            self._logits, self._probs = _util.get_logits_and_probs(
                logits=logits, probs=probs, validate_args=validate_args)
            self._logistic = Logistic(self._logits / self._temperature, 1.0 / self._temperature,
                                      validate_args=validate_args,
                                      allow_nan_stats=allow_nan_stats, name=name + "/Logistic")
        super().__init__(dtype=self._logistic.dtype,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=[], name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)

    @property
    def distribution(self):
        return self._logistic

    @property
    def temperature(self):
        return self._temperature

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _batch_shape_tensor(self):
        return self._logistic.batch_shape_tensor()

    def _batch_shape(self):
        return self._logistic.batch_shape

    def _event_shape_tensor(self):
        return tf.constant([], dtype=dtypes.int32)

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        return tf.sigmoid(self._logistic.sample(n, seed=seed))

    def _log_prob(self, y):
        x = tf.log(y) - tf.log1p(-y)
        return (-tf.log(y) - tf.log1p(-y)) + self._logistic.log_prob(x)

    def _prob(self, y):
        return tf.exp(self._log_prob(y))

    def _cdf(self, y):
        return self._logistic.cdf(tf.log(y) - tf.log1p(-y))

    def _log_cdf(self, y):
        return self._logistic.log_cdf(tf.log(y) - tf.log1p(-y))

    _entropy = _no_stat("entropy")


class ExpRelaxedOneHotCategorical(OneHotEvent):
    """log of a Concrete (Gumbel-softmax) sample: log_softmax((logits + gumbel) / t)."""

    def __init__(self, temperature, logits=None, probs=None, dtype=None, validate_args=False,
                 allow_nan_stats=True, name="ExpRelaxedOneHotCategorical"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[logits, probs, temperature]) as name:
            self._logits, self._probs = _util.get_logits_and_probs(
                name=name, logits=logits, probs=probs, validate_args=validate_args,
                multidimensional=True, dtype=dtype)
            dtype = dtype or self._logits.dtype
            with tf.control_dependencies([tf.assert_positive(temperature)]
                                         if validate_args else []):
                self._temperature = tf.convert_to_tensor(temperature, name="temperature",
                                                         dtype=dtype)
                self._temperature_2d = tf.reshape(self._temperature, [-1, 1],
                                                  name="temperature_2d")
            with tf.name_scope(name="event_size"):
                self._event_size = tf.shape(self._logits)[-1]
        super().__init__(dtype=dtypes.as_dtype(dtype),
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters,
                         graph_parents=[self._logits, self._probs, self._temperature],
                         name=name)

    @property
    def temperature(self):
        return self._temperature

    def _temperature_rows(self, shape):
        """The temperature per row of the [-1, K] logits (a scalar temperature broadcasts)."""
        if self._temperature.get_shape().ndims == 0:
            return self._temperature_2d
        return tf.reshape(self._temperature * tf.ones(shape[:-1], self.dtype), [-1, 1])

    def _sample_n(self, n, seed=None):
        sample_shape = tf.concat([[n], tf.shape(self.logits)], 0)
        logits = self.logits * tf.ones(sample_shape, dtype=self.dtype)
        logits_2d = tf.reshape(logits, [-1, self.event_size])
        uniform = _open_uniform(tf.shape(logits_2d), self.dtype, seed)
        gumbel = -tf.log(-tf.log(uniform))
        noisy_logits = tf.div(gumbel + logits_2d, self._temperature_rows(sample_shape))
        return tf.reshape(tf.nn.log_softmax(noisy_logits), sample_shape)

    def _log_prob(self, x):
        if self.validate_args:
            x = with_dependencies([
                tf.assert_non_positive(x),
                tf.assert_near(tf.zeros([], dtype=self.dtype), tf.reduce_logsumexp(x, axis=[-1]))],
                x)
        logits = self.logits
        if (not x.get_shape().is_fully_defined() or not logits.get_shape().is_fully_defined()
                or x.get_shape() != logits.get_shape()):
            logits = tf.ones_like(x, dtype=logits.dtype) * logits
            x = tf.ones_like(logits, dtype=x.dtype) * x
        logits_shape = tf.shape(tf.reduce_sum(logits, axis=[-1]))
        logits_2d = tf.reshape(logits, [-1, self.event_size])
        x_2d = tf.reshape(x, [-1, self.event_size])
        temperature = self._temperature_rows(tf.shape(logits))
        k = tf.cast(self.event_size, x.dtype)
        log_norm_const = tf.lgamma(k) + (k - 1.0) * tf.log(temperature[:, 0])
        log_softmax = tf.nn.log_softmax(logits_2d - x_2d * temperature)
        log_unnorm_prob = tf.reduce_sum(log_softmax, [-1], keepdims=False)
        return tf.reshape(log_norm_const + log_unnorm_prob, logits_shape)

    def _mode(self):
        ret = tf.argmax(self.logits, axis=-1)
        ret = tf.log(tf.one_hot(ret, self.event_size, dtype=self.dtype))
        ret.set_shape(self.logits.get_shape())
        return ret


class RelaxedOneHotCategorical(ExpRelaxedOneHotCategorical):
    """The Concrete / Gumbel-softmax distribution: exp of an ExpRelaxedOneHotCategorical."""

    def __init__(self, temperature, logits=None, probs=None, dtype=None, validate_args=False,
                 allow_nan_stats=True, name="RelaxedOneHotCategorical"):
        parameters = dict(locals())
        super().__init__(temperature, logits=logits, probs=probs, dtype=dtype,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)

    def _sample_n(self, n, seed=None):
        return tf.exp(super()._sample_n(n, seed))

    def _log_prob(self, y):
        log_y = tf.log(y)
        return super()._log_prob(log_y) - tf.reduce_sum(log_y, axis=[-1])

    def _prob(self, y):
        return tf.exp(self._log_prob(y))

    _mode = _no_stat("mode")
    _entropy = _no_stat("entropy")
    _mean = _no_stat("mean")


class Independent(distribution.Distribution):
    """Reinterprets the rightmost `reinterpreted_batch_ndims` batch dims as event dims."""

    def __init__(self, distribution, reinterpreted_batch_ndims=None, validate_args=False,
                 name=None):
        parameters = dict(locals())
        name = name or "Independent" + distribution.name
        self._distribution = distribution
        with tf.name_scope(name) as name:
            if reinterpreted_batch_ndims is None:
                ndims = distribution.batch_shape.ndims
                if ndims is None:
                    raise ValueError("Independent needs a static batch rank of the "
                                     "distribution (unknown here).")
                reinterpreted_batch_ndims = max(0, ndims - 1)
            ndims_t = tf.convert_to_tensor(reinterpreted_batch_ndims, dtype=dtypes.int32,
                                           name="reinterpreted_batch_ndims")
            static = tf.get_static_value(ndims_t)
            if static is None:
                raise ValueError("Independent needs a static reinterpreted_batch_ndims.")
            self._reinterpreted_batch_ndims = int(static)
            self._check_ndims(distribution)
            super().__init__(dtype=distribution.dtype,
                             reparameterization_type=distribution.reparameterization_type,
                             validate_args=validate_args,
                             allow_nan_stats=distribution.allow_nan_stats,
                             parameters=parameters,
                             graph_parents=[ndims_t] + list(distribution._graph_parents),
                             name=name)

    def _check_ndims(self, distribution):
        k, ndims = self._reinterpreted_batch_ndims, distribution.batch_shape.ndims
        if ndims is not None and k > ndims:
            raise ValueError("reinterpreted_batch_ndims({}) cannot exceed "
                             "distribution.batch_ndims({})".format(k, ndims))
        if k < 0:
            raise ValueError("reinterpreted_batch_ndims({}) must be non-negative".format(k))

    @property
    def distribution(self):
        return self._distribution

    @property
    def reinterpreted_batch_ndims(self):
        return self._reinterpreted_batch_ndims

    def _batch_shape_tensor(self):
        shape = self.distribution.batch_shape_tensor()
        return shape[:tf.size(shape) - self._reinterpreted_batch_ndims]

    def _batch_shape(self):
        shape = self.distribution.batch_shape
        if shape.ndims is None:
            return shape
        return shape[:shape.ndims - self._reinterpreted_batch_ndims]

    def _event_shape_tensor(self):
        shape = self.distribution.batch_shape_tensor()
        return tf.concat([shape[tf.size(shape) - self._reinterpreted_batch_ndims:],
                          self.distribution.event_shape_tensor()], 0)

    def _event_shape(self):
        shape = self.distribution.batch_shape
        if shape.ndims is None:
            return tensor_shape.TensorShape(None)
        return shape[shape.ndims - self._reinterpreted_batch_ndims:].concatenate(
            self.distribution.event_shape)

    def _sample_n(self, n, seed=None):
        return self.distribution.sample(sample_shape=n, seed=seed)

    def _reduce_sum(self, stat):
        k = self._reinterpreted_batch_ndims
        if k == 0:
            return stat
        return tf.reduce_sum(stat, axis=list(range(-k, 0)))

    def _log_prob(self, x):
        return self._reduce_sum(self.distribution.log_prob(x))

    def _log_cdf(self, x):
        return self._reduce_sum(self.distribution.log_cdf(x))

    def _entropy(self):
        return self._reduce_sum(self.distribution.entropy())

    def _mean(self):
        return self.distribution.mean()

    def _variance(self):
        return self.distribution.variance()

    def _stddev(self):
        return self.distribution.stddev()

    def _mode(self):
        return self.distribution.mode()


@RegisterKL(Independent, Independent)
def _kl_independent(a, b, name="kl_independent"):
    p, q = a.distribution, b.distribution
    if not (a.event_shape.is_fully_defined() and b.event_shape.is_fully_defined()):
        raise NotImplementedError("KL between Independents with unknown event shapes is not "
                                  "supported by tfcompat.")
    if a.event_shape != b.event_shape:
        raise ValueError("Event shapes do not match.")
    if p.event_shape != q.event_shape:
        raise NotImplementedError("KL between Independents with different event shapes not "
                                  "supported.")
    num_reduce_dims = a.event_shape.ndims - p.event_shape.ndims
    reduce_dims = [-i - 1 for i in range(0, num_reduce_dims)]
    return tf.reduce_sum(kl_divergence(p, q, name=name), axis=reduce_dims)




class Gumbel(LocScale):
    """The Gumbel (type I extreme value) distribution."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Gumbel"):
        parameters = dict(locals())
        self._init_loc_scale(loc, scale, validate_args, allow_nan_stats, parameters, name)

    def _sample_n(self, n, seed=None):
        uniform = _open_uniform(tf.concat([[n], self.batch_shape_tensor()], 0), self.dtype,
                                seed)
        sampled = -tf.log(-tf.log(uniform))
        return sampled * self.scale + self.loc

    def _log_prob(self, x):
        z = self._z(x)
        return -z - tf.exp(-z) - tf.log(self.scale)

    def _log_cdf(self, x):
        return -tf.exp(-self._z(x))

    def _cdf(self, x):
        return tf.exp(-tf.exp(-self._z(x)))

    def _entropy(self):
        scale = self.scale * tf.ones_like(self.loc)
        return 1 + tf.log(scale) + np.euler_gamma

    def _mean(self):
        return self.loc + self.scale * np.euler_gamma

    def _stddev(self):
        return self.scale * tf.ones_like(self.loc) * math.pi / math.sqrt(6)

    def _mode(self):
        return self.loc * tf.ones_like(self.scale)
