"""`tf.distributions.Normal` and `tf.distributions.Uniform` (TF1's normal.py / uniform.py)."""
from __future__ import annotations

import math

import tfcompat as tf
from tfcompat.distributions import _ndtri
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.distributions.kullback_leibler import RegisterKL
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape


def _checked_identity(check, values, names):
    with tf.control_dependencies([check] if check is not None else []):
        out = [tf.identity(v, name=n) for v, n in zip(values, names)]
    tf.assert_same_float_dtype(out)
    return out


class LocScale(distribution.Distribution):
    """Scalar-event distributions over broadcast `loc` and `scale > 0` (Normal, Logistic,
    Gumbel): their construction, parameters and shapes, as TF writes each of them."""

    def _init_loc_scale(self, loc, scale, validate_args, allow_nan_stats, parameters, name):
        with tf.name_scope(name, values=[loc, scale]) as name:
            check = tf.assert_positive(scale) if validate_args else None
            self._loc, self._scale = _checked_identity(check, [loc, scale], ["loc", "scale"])
        distribution.Distribution.__init__(
            self, dtype=self._scale.dtype,
            reparameterization_type=distribution.FULLY_REPARAMETERIZED,
            validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
            graph_parents=[self._loc, self._scale], name=name)

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
        return tf.constant([], dtype=dtypes.int32)

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _z(self, x):
        with tf.name_scope("standardize", values=[x]):
            return (x - self.loc) / self.scale


class Normal(LocScale):
    """The normal distribution N(loc, scale**2), batched by broadcasting loc and scale."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Normal"):
        parameters = dict(locals())
        self._init_loc_scale(loc, scale, validate_args, allow_nan_stats, parameters, name)

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        sampled = tf.random_normal(shape=shape, mean=0.0, stddev=1.0, dtype=self.loc.dtype,
                                   seed=seed)
        return sampled * self.scale + self.loc

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _log_cdf(self, x):
        return _util.log_ndtr(self._z(x))

    def _cdf(self, x):
        return _util.ndtr(self._z(x))

    def _log_survival_function(self, x):
        return _util.log_ndtr(-self._z(x))

    def _survival_function(self, x):
        return _util.ndtr(-self._z(x))

    def _log_unnormalized_prob(self, x):
        return -0.5 * tf.square(self._z(x))

    def _log_normalization(self):
        return 0.5 * math.log(2.0 * math.pi) + tf.log(self.scale)

    def _entropy(self):
        scale = self.scale * tf.ones_like(self.loc)
        return 0.5 * math.log(2.0 * math.pi * math.e) + tf.log(scale)

    def _mean(self):
        return self.loc * tf.ones_like(self.scale)

    def _quantile(self, p):
        return self._inv_z(_ndtri.ndtri(p))

    def _stddev(self):
        return self.scale * tf.ones_like(self.loc)

    def _mode(self):
        return self._mean()

    def _inv_z(self, z):
        with tf.name_scope("reconstruct", values=[z]):
            return z * self.scale + self.loc


@RegisterKL(Normal, Normal)
def _kl_normal_normal(n_a, n_b, name=None):
    with tf.name_scope(name, "kl_normal_normal", [n_a.loc, n_b.loc]):
        one = tf.constant(1, dtype=n_a.dtype)
        two = tf.constant(2, dtype=n_a.dtype)
        half = tf.constant(0.5, dtype=n_a.dtype)
        s_a_squared = tf.square(n_a.scale)
        s_b_squared = tf.square(n_b.scale)
        ratio = s_a_squared / s_b_squared
        return (tf.squared_difference(n_a.loc, n_b.loc) / (two * s_b_squared)
                + half * (ratio - one - tf.log(ratio)))


class Uniform(distribution.Distribution):
    """The uniform distribution on [low, high)."""

    def __init__(self, low=0.0, high=1.0, validate_args=False, allow_nan_stats=True,
                 name="Uniform"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[low, high]) as name:
            check = tf.assert_less(low, high, message="uniform not defined when low >= high.") \
                if validate_args else None
            self._low, self._high = _checked_identity(check, [low, high], ["low", "high"])
        super().__init__(dtype=self._low.dtype,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=[self._low, self._high],
                         name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return dict(zip(("low", "high"),
                        [tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)] * 2))

    @property
    def low(self):
        return self._low

    @property
    def high(self):
        return self._high

    def range(self, name="range"):
        with self._name_scope(name):
            return self.high - self.low

    def _batch_shape_tensor(self):
        return tf.broadcast_dynamic_shape(tf.shape(self.low), tf.shape(self.high))

    def _batch_shape(self):
        return tf.broadcast_static_shape(self.low.get_shape(), self.high.get_shape())

    def _event_shape_tensor(self):
        return tf.constant([], dtype=dtypes.int32)

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        samples = tf.random_uniform(shape=shape, dtype=self.dtype, seed=seed)
        return self.low + self.range() * samples

    def _prob(self, x):
        x = x * tf.ones(self.batch_shape_tensor(), dtype=x.dtype)
        outside = tf.logical_or(x < self.low, x >= self.high)
        return tf.where_v2(tf.is_nan(x), x, tf.where_v2(outside, tf.zeros_like(x),
                                                        tf.ones_like(x) / self.range()))

    def _cdf(self, x):
        broadcast_shape = tf.broadcast_dynamic_shape(tf.shape(x), self.batch_shape_tensor())
        zeros = tf.zeros(broadcast_shape, dtype=self.dtype)
        ones = tf.ones(broadcast_shape, dtype=self.dtype)
        result_if_not_big = tf.where_v2(x < self.low, zeros,
                                        (x * ones - self.low) / self.range())
        return tf.where_v2(x >= self.high, ones, result_if_not_big)

    def _entropy(self):
        return tf.log(self.range())

    def _mean(self):
        return (self.low + self.high) / 2.0

    def _variance(self):
        return tf.square(self.range()) / 12.0

    def _stddev(self):
        return self.range() / math.sqrt(12.0)
