"""TF 1.15 contrib's Kumaraswamy distribution (contrib/distributions/python/ops/kumaraswamy.py):
a TransformedDistribution of Uniform(0, 1) by the Kumaraswamy bijector (the quantile), batched
over the broadcast of `concentration1` and `concentration0`."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import distribution
from tfcompat.distributions.bijectors_cdf import Kumaraswamy as _KumaraswamyBijector
from tfcompat.distributions.normal_uniform import Uniform
from tfcompat.distributions.transformed import TransformedDistribution
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops.special_math_ops import lbeta


def _harmonic_number(x):
    one = tf.ones([], dtype=x.dtype)
    return tf.digamma(x + one) - tf.digamma(one)


def _broadcast_shape(x, y):
    shape = tf.broadcast_static_shape(x.shape, y.shape)
    if shape.is_fully_defined():
        return shape.as_list()
    return tf.broadcast_dynamic_shape(tf.shape(x), tf.shape(y))


class Kumaraswamy(TransformedDistribution):
    """Kumaraswamy(a, b) on [0, 1]: density a b x**(a-1) (1 - x**a)**(b-1)."""

    def __init__(self, concentration1=None, concentration0=None, validate_args=False,
                 allow_nan_stats=True, name="Kumaraswamy"):
        with tf.name_scope(name, values=[concentration1, concentration0]) as name:
            concentration1 = tf.convert_to_tensor(concentration1, name="concentration1")
            concentration0 = tf.convert_to_tensor(concentration0, name="concentration0")
        super().__init__(
            distribution=Uniform(low=tf.zeros([], dtype=concentration1.dtype),
                                 high=tf.ones([], dtype=concentration1.dtype),
                                 allow_nan_stats=allow_nan_stats),
            bijector=_KumaraswamyBijector(concentration1=concentration1,
                                          concentration0=concentration0,
                                          validate_args=validate_args),
            batch_shape=_broadcast_shape(concentration1, concentration0), name=name)
        self._reparameterization_type = distribution.FULLY_REPARAMETERIZED

    @property
    def concentration1(self):
        return self.bijector.concentration1

    @property
    def concentration0(self):
        return self.bijector.concentration0

    def _entropy(self):
        # (TF 1.15 swapped a and b and the log terms' sign here: see known_differences)
        a, b = self.concentration1, self.concentration0
        return (1 - 1. / b) + (1 - 1. / a) * _harmonic_number(b) - tf.log(a) - tf.log(b)

    def _moment(self, n):
        total_concentration = self.concentration1 + self.concentration0
        expanded_concentration1 = tf.ones_like(total_concentration,
                                               dtype=self.dtype) * self.concentration1
        expanded_concentration0 = tf.ones_like(total_concentration,
                                               dtype=self.dtype) * self.concentration0
        beta_arg0 = 1 + n / expanded_concentration1
        beta_arg = tf.stack([beta_arg0, expanded_concentration0], -1)
        return tf.exp(tf.log(expanded_concentration0) + lbeta(beta_arg))

    def _mean(self):
        return self._moment(1)

    def _variance(self):
        return self._moment(2) - tf.square(self._moment(1))

    def _mode(self):
        a, b = self.concentration1, self.concentration0
        mode = ((a - 1) / (a * b - 1)) ** (1. / a)
        if self.allow_nan_stats:
            nan = tf.fill(self.batch_shape_tensor(),
                          np.array(np.nan, dtype=self.dtype.as_numpy_dtype), name="nan")
            is_defined = tf.logical_and(self.concentration1 > 1., self.concentration0 > 1.)
            return tf.where_v2(is_defined, mode, nan)
        return with_dependencies([
            tf.assert_less(tf.ones([], dtype=a.dtype), a,
                           message="Mode undefined for concentration1 <= 1."),
            tf.assert_less(tf.ones([], dtype=b.dtype), b,
                           message="Mode undefined for concentration0 <= 1.")], mode)
