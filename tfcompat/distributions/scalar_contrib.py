"""TF 1.15 contrib's scalar distributions HalfNormal, InverseGamma, Chi2, Binomial and Cauchy
(contrib/distributions/python/ops/half_normal.py, inverse_gamma.py, chi2.py, binomial.py,
cauchy.py), with their InverseGammaWithSoftplusConcentrationRate / Chi2WithAbsDf parameter
transforms.
Binomial has no sampler in TF 1.15 (sample raises NotImplementedError, as there)."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _checks
from tfcompat.distributions import _ndtri
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.distributions.gamma_family import Gamma
from tfcompat.distributions.normal_uniform import LocScale
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops.special_math_ops import betainc
from tfcompat.ops.special_math_ops import igammac


def _scalar_event():
    return tf.constant([], dtype=dtypes.int32)


def _nan_or_check(dist, value, defined, check_fn):
    """TF's allow_nan_stats pattern: NaN where undefined, or an assertion."""
    if dist.allow_nan_stats:
        nan = tf.fill(dist.batch_shape_tensor(),
                      np.array(np.nan, dtype=dist.dtype.as_numpy_dtype), name="nan")
        return tf.where_v2(defined, value, nan)
    return with_dependencies([check_fn()], value)


class HalfNormal(distribution.Distribution):
    """|N(0, scale**2)|: density sqrt(2 / pi) / scale exp(-x**2 / (2 scale**2)) for x >= 0."""

    def __init__(self, scale, validate_args=False, allow_nan_stats=True, name="HalfNormal"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[scale]) as name:
            with tf.control_dependencies([tf.assert_positive(scale)] if validate_args else []):
                self._scale = tf.identity(scale, name="scale")
        super().__init__(dtype=self._scale.dtype,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=[self._scale], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return {"scale": tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)}

    @property
    def scale(self):
        return self._scale

    def _batch_shape_tensor(self):
        return tf.shape(self.scale)

    def _batch_shape(self):
        return self.scale.shape

    def _event_shape_tensor(self):
        return _scalar_event()

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        sampled = tf.random_normal(shape=shape, mean=0., stddev=1., dtype=self.dtype, seed=seed)
        return tf.abs(sampled * self.scale)

    def _prob(self, x):
        coeff = np.sqrt(2) / self.scale / np.sqrt(np.pi)
        pdf = coeff * tf.exp(-0.5 * (x / self.scale) ** 2)
        return pdf * tf.cast(x >= 0, self.dtype)

    def _cdf(self, x):
        truncated_x = tf.nn.relu(x)
        return tf.erf(truncated_x / self.scale / np.sqrt(2.0))

    def _entropy(self):
        return 0.5 * tf.log(np.pi * self.scale ** 2.0 / 2.0) + 0.5

    def _mean(self):
        return self.scale * np.sqrt(2.0) / np.sqrt(np.pi)

    def _quantile(self, p):
        # special_math.erfinv(p) = ndtri((p + 1) / 2) / sqrt(2)
        return self.scale * _ndtri.ndtri((p + 1.0) / 2.0)

    def _mode(self):
        return tf.zeros(self.batch_shape_tensor())

    def _variance(self):
        return self.scale ** 2.0 * (1.0 - 2.0 / np.pi)


class InverseGamma(Gamma):
    """InverseGamma(concentration, rate): density x**(-c - 1) exp(-rate / x) rate**c / Gamma(c);
    sampled as 1 / random_gamma. Gamma's parameters, shapes and normalizer; its own moments."""

    def __init__(self, concentration, rate, validate_args=False, allow_nan_stats=True,
                 name="InverseGamma"):
        parameters = dict(locals())
        super().__init__(concentration, rate, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, name=name)
        self._reparameterization_type = distribution.NOT_REPARAMETERIZED
        self._parameters = parameters
        self._parameters.pop("self", None)

    def _sample_n(self, n, seed=None):
        return 1. / tf.random.gamma(shape=[n], alpha=self.concentration, beta=self.rate,
                                     dtype=self.dtype, seed=seed)

    def _cdf(self, x):
        x = self._checked_sample(x)
        return igammac(self.concentration, self.rate / x)

    def _log_unnormalized_prob(self, x):
        x = self._checked_sample(x)
        return -(1. + self.concentration) * tf.log(x) - self.rate / x

    def _entropy(self):
        return (self.concentration + tf.log(self.rate) + tf.lgamma(self.concentration)
                - (1. + self.concentration) * tf.digamma(self.concentration))

    def _mean(self):
        mean = self.rate / (self.concentration - 1.)
        return _nan_or_check(self, mean, self.concentration > 1., lambda: tf.assert_less(
            tf.ones([], self.dtype), self.concentration,
            message="mean undefined when any concentration <= 1"))

    def _variance(self):
        var = (tf.square(self.rate) / tf.squared_difference(self.concentration, 1.)
               / (self.concentration - 2.))
        return _nan_or_check(self, var, self.concentration > 2., lambda: tf.assert_less(
            tf.constant(2., dtype=self.dtype), self.concentration,
            message="variance undefined when any concentration <= 2"))

    def _stddev(self):
        return tf.sqrt(self._variance())   # not Gamma's: the base's sqrt of the variance

    def _mode(self):
        return self.rate / (1. + self.concentration)


class InverseGammaWithSoftplusConcentrationRate(InverseGamma):
    """`InverseGamma` with softplus of `concentration` and `rate`."""

    def __init__(self, concentration, rate, validate_args=False, allow_nan_stats=True,
                 name="InverseGammaWithSoftplusConcentrationRate"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[concentration, rate]) as name:
            super().__init__(
                concentration=tf.nn.softplus(concentration, name="softplus_concentration"),
                rate=tf.nn.softplus(rate, name="softplus_rate"), validate_args=validate_args,
                allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)


class Chi2(Gamma):
    """Chi2(df) = Gamma(concentration=0.5 * df, rate=0.5)."""

    def __init__(self, df, validate_args=False, allow_nan_stats=True, name="Chi2"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[df]) as name:
            with tf.control_dependencies([tf.assert_positive(df)] if validate_args else []):
                self._df = tf.identity(df, name="df")
            super().__init__(concentration=0.5 * self._df,
                             rate=tf.constant(0.5, dtype=self._df.dtype),
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)

    @staticmethod
    def _param_shapes(sample_shape):
        return {"df": tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)}

    @property
    def df(self):
        return self._df


class Chi2WithAbsDf(Chi2):
    """Chi2 with parameter transform `df = floor(abs(df))`."""

    def __init__(self, df, validate_args=False, allow_nan_stats=True, name="Chi2WithAbsDf"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[df]) as name:
            super().__init__(df=tf.floor(tf.abs(df, name="abs_df"), name="floor_abs_df"),
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)


def _bdtr(k, n, p):
    """The binomial CDF sum_{j<=k} C(n, j) p^j (1-p)^(n-j) as betainc(n - k, k + 1, 1 - p)."""
    ones = tf.ones_like(n - k)
    k_eq_n = tf.equal(k, n)
    safe_dn = tf.where_v2(k_eq_n, ones, n - k)
    dk = betainc(safe_dn, k + 1, 1 - p)
    return tf.where_v2(k_eq_n, ones, dk)


class Binomial(distribution.Distribution):
    """The number of successes in `total_count` trials of success probability `probs`."""

    def __init__(self, total_count, logits=None, probs=None, validate_args=False,
                 allow_nan_stats=True, name="Binomial"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[total_count, logits, probs]) as name:
            self._total_count = self._maybe_assert_valid_total_count(
                tf.convert_to_tensor(total_count, name="total_count"), validate_args)
            self._logits, self._probs = _util.get_logits_and_probs(
                logits=logits, probs=probs, validate_args=validate_args, name=name)
        super().__init__(dtype=self._probs.dtype,
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters,
                         graph_parents=[self._total_count, self._logits, self._probs],
                         name=name)

    total_count = property(lambda self: self._total_count)
    logits = property(lambda self: self._logits)
    probs = property(lambda self: self._probs)

    def _batch_shape_tensor(self):
        return tf.broadcast_dynamic_shape(tf.shape(self.total_count), tf.shape(self.probs))

    def _batch_shape(self):
        return tf.broadcast_static_shape(self.total_count.get_shape(), self.probs.get_shape())

    def _event_shape_tensor(self):
        return _scalar_event()

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _log_prob(self, counts):
        return self._log_unnormalized_prob(counts) - self._log_normalization(counts)

    def _prob(self, counts):
        return tf.exp(self._log_prob(counts))

    def _cdf(self, counts):
        counts = self._maybe_assert_valid_sample(counts)
        probs = self.probs
        if not (counts.shape.is_fully_defined() and self.probs.shape.is_fully_defined()
                and counts.shape.is_compatible_with(self.probs.shape)):
            probs += tf.zeros_like(counts)
            counts += tf.zeros_like(self.probs)
        return _bdtr(k=counts, n=self.total_count, p=probs)

    def _log_unnormalized_prob(self, counts):
        counts = self._maybe_assert_valid_sample(counts)
        return (counts * tf.log(self.probs)
                + (self.total_count - counts) * tf.log1p(-self.probs))

    def _log_normalization(self, counts):
        counts = self._maybe_assert_valid_sample(counts)
        return (tf.lgamma(1. + self.total_count - counts) + tf.lgamma(1. + counts)
                - tf.lgamma(1. + self.total_count))

    def _mean(self):
        return self.total_count * self.probs

    def _variance(self):
        return self._mean() * (1. - self.probs)

    def _mode(self):
        return tf.floor((1. + self.total_count) * self.probs)

    @staticmethod
    def _maybe_assert_valid_total_count(total_count, validate_args):
        if not validate_args:
            return total_count
        return with_dependencies([
            tf.assert_non_negative(total_count, message="total_count must be non-negative."),
            _checks.assert_integer_form(
                total_count, message="total_count cannot contain fractional components."),
        ], total_count)

    def _maybe_assert_valid_sample(self, counts):
        if not self.validate_args:
            return counts
        counts = _checks.embed_check_nonnegative_integer_form(counts)
        return with_dependencies([tf.assert_less_equal(
            counts, self.total_count, message="counts are not less than or equal to n.")],
            counts)


class Cauchy(LocScale):
    """Cauchy(loc, scale): density 1 / (pi scale (1 + ((x - loc) / scale)**2)); sampled by its
    quantile of random_uniform. The mean and stddev are NaN (or raise)."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Cauchy"):
        parameters = dict(locals())
        self._init_loc_scale(loc, scale, validate_args, allow_nan_stats, parameters, name)

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        probs = tf.random_uniform(shape=shape, minval=0., maxval=1., dtype=self.dtype,
                                  seed=seed)
        return self._quantile(probs)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _cdf(self, x):
        return tf.atan(self._z(x)) / np.pi + 0.5

    def _log_cdf(self, x):
        return tf.log1p(2 / np.pi * tf.atan(self._z(x))) - np.log(2)

    def _log_unnormalized_prob(self, x):
        return -tf.log1p(tf.square(self._z(x)))

    def _log_normalization(self):
        return np.log(np.pi) + tf.log(self.scale)

    def _entropy(self):
        h = np.log(4 * np.pi) + tf.log(self.scale)
        return h * tf.ones_like(self.loc)

    def _quantile(self, p):
        return self.loc + self.scale * tf.tan(np.pi * (p - 0.5))

    def _mode(self):
        return self.loc * tf.ones_like(self.scale)

    def _undefined(self, what):
        if self.allow_nan_stats:
            return tf.fill(self.batch_shape_tensor(), self.dtype.as_numpy_dtype(np.nan))
        raise ValueError("`%s` is undefined for Cauchy distribution." % what)

    def _mean(self):
        return self._undefined("mean")

    def _stddev(self):
        return self._undefined("stddev")
