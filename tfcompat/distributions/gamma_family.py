"""`tf.distributions.Gamma`, `Exponential`, `Beta` and `Laplace` (TF1's gamma.py,
exponential.py, beta.py, laplace.py). Gamma and Beta sample with `tf.random.gamma`, whose
implicit-reparameterization gradient makes them FULLY_REPARAMETERIZED, as in TF."""
from __future__ import annotations

import math

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.distributions.kullback_leibler import RegisterKL
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops.special_math_ops import betainc
from tfcompat.ops.special_math_ops import igamma


def _scalar_event():
    return tf.constant([], dtype=dtypes.int32)


def _positive_identities(validate_args, values, names):
    checks = [tf.assert_positive(v) for v in values] if validate_args else []
    with tf.control_dependencies(checks):
        out = [tf.identity(v, name=n) for v, n in zip(values, names)]
    tf.assert_same_float_dtype(out)
    return out


class Gamma(distribution.Distribution):
    """Gamma(concentration, rate): density x^(c-1) exp(-rate x) rate^c / Gamma(c)."""

    def __init__(self, concentration, rate, validate_args=False, allow_nan_stats=True,
                 name="Gamma"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[concentration, rate]) as name:
            self._concentration, self._rate = _positive_identities(
                validate_args, [concentration, rate], ["concentration", "rate"])
        super().__init__(dtype=self._concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         parameters=parameters,
                         graph_parents=[self._concentration, self._rate], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return dict(zip(("concentration", "rate"),
                        [tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)] * 2))

    @property
    def concentration(self):
        return self._concentration

    @property
    def rate(self):
        return self._rate

    def _batch_shape_tensor(self):
        return tf.broadcast_dynamic_shape(tf.shape(self.concentration), tf.shape(self.rate))

    def _batch_shape(self):
        return tf.broadcast_static_shape(self.concentration.get_shape(), self.rate.get_shape())

    def _event_shape_tensor(self):
        return _scalar_event()

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        return tf.random.gamma(shape=[n], alpha=self.concentration, beta=self.rate,
                               dtype=self.dtype, seed=seed)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _cdf(self, x):
        x = self._checked_sample(x)
        return igamma(self.concentration, self.rate * x)

    def _log_unnormalized_prob(self, x):
        x = self._checked_sample(x)
        return tf.math.xlogy(self.concentration - 1.0, x) - self.rate * x

    def _checked_sample(self, x):
        tf.assert_same_float_dtype(tensors=[x], dtype=self.dtype)
        if not self.validate_args:
            return x
        return with_dependencies([tf.assert_positive(x)], x)

    def _log_normalization(self):
        return tf.lgamma(self.concentration) - self.concentration * tf.log(self.rate)

    def _entropy(self):
        return (self.concentration - tf.log(self.rate) + tf.lgamma(self.concentration)
                + (1.0 - self.concentration) * tf.digamma(self.concentration))

    def _mean(self):
        return self.concentration / self.rate

    def _variance(self):
        return self.concentration / tf.square(self.rate)

    def _stddev(self):
        return tf.sqrt(self.concentration) / self.rate

    def _mode(self):
        mode = (self.concentration - 1.0) / self.rate
        if self.allow_nan_stats:
            nan = tf.fill(self.batch_shape_tensor(), np.array(np.nan, self.dtype.as_numpy_dtype),
                          name="nan")
            return tf.where_v2(self.concentration > 1.0, mode, nan)
        check = tf.assert_less(tf.ones([], self.dtype), self.concentration,
                               message="mode not defined when any concentration <= 1")
        with tf.control_dependencies([check]):
            return tf.identity(mode)


@RegisterKL(Gamma, Gamma)
def _kl_gamma_gamma(g0, g1, name=None):
    with tf.name_scope(name, "kl_gamma_gamma",
                       values=[g0.concentration, g0.rate, g1.concentration, g1.rate]):
        return ((g0.concentration - g1.concentration) * tf.digamma(g0.concentration)
                + tf.lgamma(g1.concentration) - tf.lgamma(g0.concentration)
                + g1.concentration * tf.log(g0.rate) - g1.concentration * tf.log(g1.rate)
                + g0.concentration * (g1.rate / g0.rate - 1.0))


class Exponential(Gamma):
    """Exponential(rate) = Gamma(1, rate), sampled as -log(uniform) / rate."""

    def __init__(self, rate, validate_args=False, allow_nan_stats=True, name="Exponential"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[rate]) as name:
            self._rate = tf.convert_to_tensor(rate, name="rate")
        super().__init__(concentration=tf.ones([], dtype=self._rate.dtype), rate=self._rate,
                         allow_nan_stats=allow_nan_stats, validate_args=validate_args,
                         name=name)
        self._parameters = parameters
        self._graph_parents += [self._rate]

    @staticmethod
    def _param_shapes(sample_shape):
        return {"rate": tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)}

    @property
    def rate(self):
        return self._rate

    def _log_survival_function(self, value):
        return self._log_prob(value) - tf.log(self._rate)

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], tf.shape(self._rate)], 0)
        sampled = tf.random_uniform(shape, minval=np.finfo(self.dtype.as_numpy_dtype).tiny,
                                    maxval=1.0, seed=seed, dtype=self.dtype)
        return -tf.log(sampled) / self._rate


class Beta(distribution.Distribution):
    """Beta(concentration1, concentration0) on [0, 1]."""

    def __init__(self, concentration1=None, concentration0=None, validate_args=False,
                 allow_nan_stats=True, name="Beta"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[concentration1, concentration0]) as name:
            self._concentration1 = self._valid_concentration(
                tf.convert_to_tensor(concentration1, name="concentration1"), validate_args)
            self._concentration0 = self._valid_concentration(
                tf.convert_to_tensor(concentration0, name="concentration0"), validate_args)
            tf.assert_same_float_dtype([self._concentration1, self._concentration0])
            self._total_concentration = self._concentration1 + self._concentration0
        super().__init__(dtype=self._total_concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         parameters=parameters,
                         graph_parents=[self._concentration1, self._concentration0,
                                        self._total_concentration], name=name)

    @staticmethod
    def _valid_concentration(concentration, validate_args):
        if not validate_args:
            return concentration
        return with_dependencies([tf.assert_positive(
            concentration, message="Concentration parameter must be positive.")], concentration)

    @staticmethod
    def _param_shapes(sample_shape):
        return dict(zip(["concentration1", "concentration0"],
                        [tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)] * 2))

    @property
    def concentration1(self):
        return self._concentration1

    @property
    def concentration0(self):
        return self._concentration0

    @property
    def total_concentration(self):
        return self._total_concentration

    def _batch_shape_tensor(self):
        return tf.shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.get_shape()

    def _event_shape_tensor(self):
        return _scalar_event()

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        ones = tf.ones_like(self.total_concentration, dtype=self.dtype)
        gamma1 = tf.random.gamma(shape=[n], alpha=ones * self.concentration1, dtype=self.dtype,
                                 seed=seed)
        gamma2 = tf.random.gamma(shape=[n], alpha=ones * self.concentration0, dtype=self.dtype,
                                 seed=_util.gen_new_seed(seed, "beta"))
        return gamma1 / (gamma1 + gamma2)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return tf.exp(self._log_prob(x))

    def _log_cdf(self, x):
        return tf.log(self._cdf(x))

    def _cdf(self, x):
        return betainc(self.concentration1, self.concentration0, x)

    def _log_unnormalized_prob(self, x):
        if self.validate_args:
            x = with_dependencies([
                tf.assert_positive(x, message="sample must be positive"),
                tf.assert_less(x, tf.ones([], self.dtype), message="sample must be less than `1`.")
            ], x)
        return (tf.math.xlogy(self.concentration1 - 1.0, x)
                + (self.concentration0 - 1.0) * tf.log1p(-x))

    def _log_normalization(self):
        return (tf.lgamma(self.concentration1) + tf.lgamma(self.concentration0)
                - tf.lgamma(self.total_concentration))

    def _entropy(self):
        return (self._log_normalization()
                - (self.concentration1 - 1.0) * tf.digamma(self.concentration1)
                - (self.concentration0 - 1.0) * tf.digamma(self.concentration0)
                + (self.total_concentration - 2.0) * tf.digamma(self.total_concentration))

    def _mean(self):
        return self._concentration1 / self._total_concentration

    def _variance(self):
        return self._mean() * (1.0 - self._mean()) / (1.0 + self.total_concentration)

    def _mode(self):
        mode = (self.concentration1 - 1.0) / (self.total_concentration - 2.0)
        if self.allow_nan_stats:
            nan = tf.fill(self.batch_shape_tensor(), np.array(np.nan, self.dtype.as_numpy_dtype),
                          name="nan")
            is_defined = tf.logical_and(self.concentration1 > 1.0, self.concentration0 > 1.0)
            return tf.where_v2(is_defined, mode, nan)
        one = tf.ones([], dtype=self.dtype)
        checks = [tf.assert_less(one, self.concentration1,
                                 message="Mode undefined for concentration1 <= 1."),
                  tf.assert_less(one, self.concentration0,
                                 message="Mode undefined for concentration0 <= 1.")]
        with tf.control_dependencies(checks):
            return tf.identity(mode)


@RegisterKL(Beta, Beta)
def _kl_beta_beta(d1, d2, name=None):
    with tf.name_scope(name, "kl_beta_beta",
                       values=[d1.concentration1, d1.concentration0, d1.total_concentration,
                               d2.concentration1, d2.concentration0, d2.total_concentration]):
        return (d2._log_normalization() - d1._log_normalization()
                - tf.digamma(d1.concentration1) * (d2.concentration1 - d1.concentration1)
                - tf.digamma(d1.concentration0) * (d2.concentration0 - d1.concentration0)
                + tf.digamma(d1.total_concentration)
                * (d2.total_concentration - d1.total_concentration))


class Laplace(distribution.Distribution):
    """Laplace(loc, scale): density exp(-|x - loc| / scale) / (2 scale)."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Laplace"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[loc, scale]) as name:
            check = [tf.assert_positive(scale)] if validate_args else []
            with tf.control_dependencies(check):
                self._loc = tf.identity(loc, name="loc")
                self._scale = tf.identity(scale, name="scale")
            tf.assert_same_float_dtype([self._loc, self._scale])
            super().__init__(dtype=self._loc.dtype,
                             reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             parameters=parameters, graph_parents=[self._loc, self._scale],
                             name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return dict(zip(("loc", "scale"),
                        [tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)] * 2))

    @property
    def loc(self):
        return self._loc

    @property
    def scale(self):
        return self._scale

    def _batch_shape_tensor(self):
        return tf.broadcast_dynamic_shape(tf.shape(self.loc), tf.shape(self.scale))

    def _batch_shape(self):
        return tf.broadcast_static_shape(self.loc.get_shape(), self.scale.get_shape())

    def _event_shape_tensor(self):
        return _scalar_event()

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        np_dtype = self.dtype.as_numpy_dtype
        uniform = tf.random_uniform(shape=shape, minval=np.nextafter(np_dtype(-1.0),
                                                                     np_dtype(0.0)),
                                    maxval=1.0, dtype=self.dtype, seed=seed)
        return self.loc - self.scale * tf.sign(uniform) * tf.log1p(-tf.abs(uniform))

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return tf.exp(self._log_prob(x))

    def _log_cdf(self, x):
        return _util.log_cdf_laplace(self._z(x))

    def _log_survival_function(self, x):
        return _util.log_cdf_laplace(-self._z(x))

    def _cdf(self, x):
        z = self._z(x)
        return 0.5 + 0.5 * tf.sign(z) * (1.0 - tf.exp(-tf.abs(z)))

    def _log_unnormalized_prob(self, x):
        return -tf.abs(self._z(x))

    def _log_normalization(self):
        return math.log(2.0) + tf.log(self.scale)

    def _entropy(self):
        scale = self.scale + tf.zeros_like(self.loc)
        return math.log(2.0) + 1.0 + tf.log(scale)

    def _mean(self):
        return self.loc + tf.zeros_like(self.scale)

    def _stddev(self):
        return math.sqrt(2.0) * self.scale + tf.zeros_like(self.loc)

    def _mode(self):
        return self._mean()

    def _z(self, x):
        return (x - self.loc) / self.scale
