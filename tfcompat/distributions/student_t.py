"""`tf.distributions.StudentT` (TF1's student_t.py): Student's t with `df` degrees of freedom,
location `loc` and scale `scale`."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.ops.special_math_ops import betainc
from tfcompat.ops.special_math_ops import lbeta


class StudentT(distribution.Distribution):
    """Student's t distribution; moments are NaN (or inf) where they do not exist."""

    def __init__(self, df, loc, scale, validate_args=False, allow_nan_stats=True,
                 name="StudentT"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[df, loc, scale]) as name:
            with tf.control_dependencies([tf.assert_positive(df)] if validate_args else []):
                self._df = tf.identity(df, name="df")
                self._loc = tf.identity(loc, name="loc")
                self._scale = tf.identity(scale, name="scale")
            tf.assert_same_float_dtype((self._df, self._loc, self._scale))
        super().__init__(dtype=self._scale.dtype,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters,
                         graph_parents=[self._df, self._loc, self._scale], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return dict(zip(("df", "loc", "scale"),
                        [tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)] * 3))

    @property
    def df(self):
        return self._df

    @property
    def loc(self):
        return self._loc

    @property
    def scale(self):
        return self._scale

    def _batch_shape_tensor(self):
        return tf.broadcast_dynamic_shape(
            tf.shape(self.df), tf.broadcast_dynamic_shape(tf.shape(self.loc),
                                                          tf.shape(self.scale)))

    def _batch_shape(self):
        return tf.broadcast_static_shape(
            tf.broadcast_static_shape(self.df.get_shape(), self.loc.get_shape()),
            self.scale.get_shape())

    def _event_shape_tensor(self):
        return tf.constant([], dtype=dtypes.int32)

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        normal_sample = tf.random_normal(shape, dtype=self.dtype, seed=seed)
        df = self.df * tf.ones(self.batch_shape_tensor(), dtype=self.dtype)
        gamma_sample = tf.random.gamma([n], 0.5 * df, beta=0.5, dtype=self.dtype,
                                       seed=_util.gen_new_seed(seed, salt="student_t"))
        samples = normal_sample * tf.rsqrt(gamma_sample / df)
        return samples * self.scale + self.loc

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _log_unnormalized_prob(self, x):
        y = (x - self.loc) / self.scale
        return -0.5 * (self.df + 1.0) * tf.log1p(y ** 2.0 / self.df)

    def _log_normalization(self):
        return (tf.log(tf.abs(self.scale)) + 0.5 * tf.log(self.df) + 0.5 * np.log(np.pi)
                + tf.lgamma(0.5 * self.df) - tf.lgamma(0.5 * (self.df + 1.0)))

    def _cdf(self, x):
        y = (x - self.loc) / tf.abs(self.scale)
        x_t = self.df / (y ** 2.0 + self.df)
        neg_cdf = 0.5 * betainc(0.5 * self.df, 0.5, x_t)
        return tf.where_v2(tf.less(y, 0.0), neg_cdf, 1.0 - neg_cdf)

    def _entropy(self):
        v = tf.ones(self.batch_shape_tensor(), dtype=self.dtype)[..., tf.newaxis]
        u = v * self.df[..., tf.newaxis]
        beta_arg = tf.concat([u, v], -1) / 2.0
        return (tf.log(tf.abs(self.scale)) + 0.5 * tf.log(self.df) + lbeta(beta_arg)
                + 0.5 * (self.df + 1.0) * (tf.digamma(0.5 * (self.df + 1.0))
                                           - tf.digamma(0.5 * self.df)))

    def _df_above_one(self):
        return tf.greater(self.df, tf.ones(self.batch_shape_tensor(), dtype=self.dtype))

    def _nan_fill(self):
        return tf.fill(self.batch_shape_tensor(), np.array(np.nan, self.dtype.as_numpy_dtype),
                       name="nan")

    def _undefined_check(self, what, value):
        check = tf.assert_less(tf.ones([], dtype=self.dtype), self.df,
                               message="%s not defined for components of df <= 1" % what)
        with tf.control_dependencies([check]):
            return tf.identity(value)

    def _mean(self):
        mean = self.loc * tf.ones(self.batch_shape_tensor(), dtype=self.dtype)
        if self.allow_nan_stats:
            return tf.where_v2(self._df_above_one(), mean, self._nan_fill())
        return self._undefined_check("mean", mean)

    def _variance(self):
        denom = tf.where_v2(tf.greater(self.df, 2.0), self.df - 2.0, tf.ones_like(self.df))
        var = (tf.ones(self.batch_shape_tensor(), dtype=self.dtype) * tf.square(self.scale)
               * self.df / denom)
        inf = np.array(np.inf, dtype=self.dtype.as_numpy_dtype)
        defined = tf.where_v2(self.df > tf.fill(self.batch_shape_tensor(), 2.0), var,
                              tf.fill(self.batch_shape_tensor(), inf, name="inf"))
        if self.allow_nan_stats:
            return tf.where_v2(self._df_above_one(), defined, self._nan_fill())
        return self._undefined_check("variance", defined)

    def _mode(self):
        return tf.identity(self.loc)
