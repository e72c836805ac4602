"""TF 1.15 contrib's QuantizedDistribution (contrib/distributions/python/ops/
quantized_distribution.py): a continuous base distribution's mass snapped to the integers,
P[Y = j] = P[j - 1 < X <= j], with the mass below `low` / above `high` put on them."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _checks
from tfcompat.distributions.distribution import NOT_REPARAMETERIZED
from tfcompat.distributions.distribution import Distribution
from tfcompat.ops.control_flow_ops import with_dependencies


def _logsum_expbig_minus_expsmall(big, small):
    """log(exp(big) - exp(small))."""
    with tf.name_scope("logsum_expbig_minus_expsmall", values=[small, big]):
        return tf.log(1. - tf.exp(small - big)) + big


class QuantizedDistribution(Distribution):
    """Y = ceiling(X), clipped to [low, high]."""

    def __init__(self, distribution, low=None, high=None, validate_args=False,
                 name="QuantizedDistribution"):
        parameters = dict(locals())
        values = list(distribution.parameters.values()) + [low, high]
        values = [v for v in values if tf.is_tensor(v)]
        with tf.name_scope(name, values=values) as name:
            self._dist = distribution
            if low is not None:
                low = tf.convert_to_tensor(low, name="low")
            if high is not None:
                high = tf.convert_to_tensor(high, name="high")
            tf.assert_same_float_dtype(tensors=[t for t in (low, high) if t is not None],
                                       dtype=distribution.dtype)
            graph_parents = list(self._dist._graph_parents)
            checks = []
            if validate_args and low is not None and high is not None:
                checks.append(tf.assert_less(low, high,
                                             message="low must be strictly less than high."))
            self._validate_args = validate_args
            with tf.control_dependencies(checks):
                self._low = None if low is None else self._check_integer(low)
                self._high = None if high is None else self._check_integer(high)
            graph_parents += [t for t in (self._low, self._high) if t is not None]
        super().__init__(dtype=self._dist.dtype,
                         reparameterization_type=NOT_REPARAMETERIZED,
                         validate_args=validate_args,
                         allow_nan_stats=self._dist.allow_nan_stats, parameters=parameters,
                         graph_parents=graph_parents, name=name)

    distribution = property(lambda self: self._dist)
    low = property(lambda self: self._low)
    high = property(lambda self: self._high)

    def _batch_shape_tensor(self):
        return self.distribution.batch_shape_tensor()

    def _batch_shape(self):
        return self.distribution.batch_shape

    def _event_shape_tensor(self):
        return self.distribution.event_shape_tensor()

    def _event_shape(self):
        return self.distribution.event_shape

    def _sample_n(self, n, seed=None):
        with tf.name_scope("transform"):
            n = tf.convert_to_tensor(n, name="n")
            x_samps = self.distribution.sample(n, seed=seed)
            ones = tf.ones_like(x_samps)
            result_so_far = tf.ceil(x_samps)
            if self._low is not None:
                result_so_far = tf.where(result_so_far < self._low, self._low * ones,
                                         result_so_far)
            if self._high is not None:
                result_so_far = tf.where(result_so_far > self._high, self._high * ones,
                                         result_so_far)
            return result_so_far

    def _log_prob(self, y):
        y = self._check_integer(y)
        try:
            return self._log_prob_with_logsf_and_logcdf(y)
        except NotImplementedError:
            return _logsum_expbig_minus_expsmall(self.log_cdf(y), self.log_cdf(y - 1))

    def _log_prob_with_logsf_and_logcdf(self, y):
        logsf_y = self.log_survival_function(y)
        logsf_y_minus_1 = self.log_survival_function(y - 1)
        logcdf_y = self.log_cdf(y)
        logcdf_y_minus_1 = self.log_cdf(y - 1)
        # the survival function where y is right of the median, the cdf elsewhere
        big = tf.where(logsf_y < logcdf_y, logsf_y_minus_1, logcdf_y)
        small = tf.where(logsf_y < logcdf_y, logsf_y, logcdf_y_minus_1)
        return _logsum_expbig_minus_expsmall(big, small)

    def _prob(self, y):
        y = self._check_integer(y)
        try:
            sf_y = self.survival_function(y)
            sf_y_minus_1 = self.survival_function(y - 1)
            cdf_y = self.cdf(y)
            cdf_y_minus_1 = self.cdf(y - 1)
        except NotImplementedError:
            return self.cdf(y) - self.cdf(y - 1)
        return tf.where(sf_y < cdf_y, sf_y_minus_1 - sf_y, cdf_y - cdf_y_minus_1)

    def _clipped(self, y, snap, base_fn, below_low, at_or_above_high):
        """base_fn(snap(y)), set to below_low(r) where j < low and at_or_above_high(r) where
        j >= high."""
        j = snap(y)
        result_so_far = base_fn(j)
        j += tf.zeros_like(result_so_far)
        if self._low is not None:
            result_so_far = tf.where(j < self._low, below_low(result_so_far), result_so_far)
        if self._high is not None:
            result_so_far = tf.where(j >= self._high, at_or_above_high(result_so_far),
                                     result_so_far)
        return result_so_far

    def _log_cdf(self, y):
        return self._clipped(y, tf.floor, self.distribution.log_cdf,
                             lambda r: -np.inf * tf.ones_like(r), tf.zeros_like)

    def _cdf(self, y):
        return self._clipped(y, tf.floor, self.distribution.cdf, tf.zeros_like, tf.ones_like)

    def _log_survival_function(self, y):
        return self._clipped(y, tf.ceil, self.distribution.log_survival_function,
                             tf.zeros_like, lambda r: -np.inf * tf.ones_like(r))

    def _survival_function(self, y):
        return self._clipped(y, tf.ceil, self.distribution.survival_function, tf.ones_like,
                             tf.zeros_like)

    def _check_integer(self, value):
        with tf.name_scope("check_integer", values=[value]):
            value = tf.convert_to_tensor(value, name="value")
            if not self.validate_args:
                return value
            return with_dependencies([_checks.assert_integer_form(
                value, message="value has non-integer components.")], value)
