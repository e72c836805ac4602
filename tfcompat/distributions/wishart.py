"""TF 1.15 contrib's WishartCholesky and WishartFull (contrib/distributions/python/ops/
wishart.py): the Wishart distribution over k x k positive definite matrices with scalar-batched
`df` and a lower-triangular scale operator. Sampling is TF's Bartlett decomposition: one
random_normal for the lower triangle, one random_gamma (seed gen_new_seed(seed, "wishart"))
for the diagonal."""
from __future__ import annotations

import math

import numpy as np

import tfcompat as tf
from tfcompat import linalg
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops.control_flow_ops import with_dependencies


class _WishartLinearOperator(distribution.Distribution):
    """pdf(X) = det(X)**(0.5 (df-k-1)) exp(-0.5 tr[inv(scale) X]) / Z."""

    def __init__(self, df, scale_operator, cholesky_input_output_matrices=False,
                 validate_args=False, allow_nan_stats=True, name=None):
        parameters = dict(locals())
        self._cholesky_input_output_matrices = cholesky_input_output_matrices
        with tf.name_scope(name) as name:
            with tf.name_scope("init", values=[df, scale_operator]):
                if not scale_operator.dtype.is_floating:
                    raise TypeError("scale_operator.dtype=%s is not a floating-point type"
                                    % scale_operator.dtype)
                if not scale_operator.is_square:
                    raise ValueError("scale_operator must be square.")
                self._scale_operator = scale_operator
                self._df = tf.convert_to_tensor(df, dtype=scale_operator.dtype, name="df")
                self._dimension = self._make_dimension(scale_operator)
                self._check_df(validate_args)
        super().__init__(dtype=self._scale_operator.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         parameters=parameters,
                         graph_parents=[self._df, self._dimension]
                         + self._scale_operator.graph_parents, name=name)

    @staticmethod
    def _make_dimension(op):
        if op.shape.ndims is None or op.shape.dims[-1].value is None:
            return tf.cast(op.domain_dimension_tensor(), dtype=op.dtype, name="dimension")
        return tf.convert_to_tensor(op.shape.dims[-1].value, dtype=op.dtype, name="dimension")

    def _check_df(self, validate_args):
        df_val, dim_val = constant_value(self._df), constant_value(self._dimension)
        if df_val is not None and dim_val is not None:
            df_val = np.asarray(df_val)
            if not df_val.shape:
                df_val = [df_val]
            if any(np.asarray(df_val) < dim_val):
                raise ValueError("Degrees of freedom (df = %s) cannot be less than dimension of "
                                 "scale matrix (scale.dimension = %s)" % (df_val, dim_val))
        elif validate_args:
            assertion = tf.assert_less_equal(
                self._dimension, self._df,
                message=("Degrees of freedom (df = %s) cannot be less than dimension of scale "
                         "matrix (scale.dimension = %s)" % (self._dimension, self._df)))
            self._df = with_dependencies([assertion], self._df)

    df = property(lambda self: self._df)
    scale_operator = property(lambda self: self._scale_operator)
    cholesky_input_output_matrices = property(
        lambda self: self._cholesky_input_output_matrices)
    dimension = property(lambda self: self._dimension)

    def _square_scale_operator(self):
        return self.scale_operator.matmul(self.scale_operator.to_dense(), adjoint_arg=True)

    def scale(self):
        if self._cholesky_input_output_matrices:
            return self.scale_operator.to_dense()
        return self._square_scale_operator()

    def _event_shape_tensor(self):
        dimension = self.scale_operator.domain_dimension_tensor()
        return tf.stack([dimension, dimension])

    def _event_shape(self):
        dimension = self.scale_operator.domain_dimension
        return tensor_shape.TensorShape([dimension, dimension])

    def _batch_shape_tensor(self):
        return self.scale_operator.batch_shape_tensor()

    def _batch_shape(self):
        return self.scale_operator.batch_shape

    def _sample_n(self, n, seed=None):
        batch_shape = self.batch_shape_tensor()
        event_shape = self.event_shape_tensor()
        batch_ndims = tf.shape(batch_shape)[0]
        ndims = batch_ndims + 3
        shape = tf.concat([[n], batch_shape, event_shape], 0)
        x = tf.random_normal(shape=shape, mean=0., stddev=1., dtype=self.dtype, seed=seed)
        expanded_df = self.df * tf.ones(self.scale_operator.batch_shape_tensor(),
                                        dtype=self.df.dtype.base_dtype)
        g = tf.random.gamma(shape=[n],
                            alpha=self._multi_gamma_sequence(0.5 * expanded_df, self.dimension),
                            beta=0.5, dtype=self.dtype, seed=_util.gen_new_seed(seed, "wishart"))
        x = tf.matrix_band_part(x, -1, 0)
        x = tf.matrix_set_diag(x, tf.sqrt(g))
        perm = tf.concat([tf.range(1, ndims), [0]], 0)
        x = tf.transpose(x, perm)
        x = tf.reshape(x, tf.concat([batch_shape, [event_shape[0]], [-1]], 0))
        x = self.scale_operator.matmul(x)
        x = tf.reshape(x, tf.concat([batch_shape, event_shape, [n]], 0))
        perm = tf.concat([[ndims - 1], tf.range(0, ndims - 1)], 0)
        x = tf.transpose(x, perm)
        if not self.cholesky_input_output_matrices:
            x = tf.matmul(x, x, adjoint_b=True)
        return x

    def _log_prob(self, x):
        x_sqrt = x if self.cholesky_input_output_matrices else tf.cholesky(x)
        batch_shape = self.batch_shape_tensor()
        event_shape = self.event_shape_tensor()
        ndims = tf.rank(x_sqrt)
        sample_ndims = ndims - tf.shape(batch_shape)[0] - 2
        sample_shape = tf.strided_slice(tf.shape(x_sqrt), [0], [sample_ndims])
        # batch dims first, then [k, k * samples], for one batched solve
        perm = tf.concat([tf.range(sample_ndims, ndims), tf.range(0, sample_ndims)], 0)
        y = tf.transpose(x_sqrt, perm)
        y = tf.reshape(y, tf.concat((batch_shape, (tf.cast(self.dimension, dtype=dtypes.int32),
                                                   -1)), 0))
        y = self.scale_operator.solve(y)
        y = tf.reshape(y, tf.concat([batch_shape, event_shape, sample_shape], 0))
        perm = tf.concat([tf.range(ndims - sample_ndims, ndims),
                          tf.range(0, ndims - sample_ndims)], 0)
        y = tf.transpose(y, perm)
        trace_scale_inv_x = tf.reduce_sum(tf.square(y), axis=[-2, -1])
        half_log_det_x = tf.reduce_sum(tf.log(tf.matrix_diag_part(x_sqrt)), axis=[-1])
        log_prob = ((self.df - self.dimension - 1.) * half_log_det_x
                    - 0.5 * trace_scale_inv_x - self.log_normalization())
        if x.get_shape().ndims is not None:
            log_prob.set_shape(x.get_shape()[:-2])
        return log_prob

    def _prob(self, x):
        return tf.exp(self._log_prob(x))

    def _entropy(self):
        half_dp1 = 0.5 * self.dimension + 0.5
        half_df = 0.5 * self.df
        return (self.dimension * (half_df + half_dp1 * math.log(2.))
                + 2 * half_dp1 * self.scale_operator.log_abs_determinant()
                + self._multi_lgamma(half_df, self.dimension)
                + (half_dp1 - half_df) * self._multi_digamma(half_df, self.dimension))

    def _df_matrix(self):
        """df broadcastable against [batch, k, k] (TF 1.15 multiplied the batched df with
        the matrices directly, which fails or misaligns for a batch of df: see
        known_differences)."""
        if self.df.shape.ndims == 0:
            return self.df
        return self.df[..., tf.newaxis, tf.newaxis]

    def _mean(self):
        if self.cholesky_input_output_matrices:
            return tf.sqrt(self._df_matrix()) * self.scale_operator.to_dense()
        return self._df_matrix() * self._square_scale_operator()

    def _variance(self):
        x = tf.sqrt(self._df_matrix()) * self._square_scale_operator()
        d = tf.expand_dims(tf.matrix_diag_part(x), -1)
        v = tf.square(x) + tf.matmul(d, d, adjoint_b=True)
        if self.cholesky_input_output_matrices:
            return tf.cholesky(v)
        return v

    def _stddev(self):
        if self.cholesky_input_output_matrices:
            raise ValueError("Computing std. dev. when is cholesky_input_output_matrices=True "
                             "does not make sense.")
        return tf.cholesky(self.variance())

    def _mode(self):
        s = self._df_matrix() - self.dimension - 1.
        s = tf.where_v2(tf.less(s, 0.), tf.constant(float("NaN"), dtype=self.dtype, name="nan"),
                        s)
        if self.cholesky_input_output_matrices:
            return tf.sqrt(s) * self.scale_operator.to_dense()
        return s * self._square_scale_operator()

    def mean_log_det(self, name="mean_log_det"):
        """E[log(det(X))] under this Wishart distribution."""
        with self._name_scope(name):
            return (self._multi_digamma(0.5 * self.df, self.dimension)
                    + self.dimension * math.log(2.)
                    + 2 * self.scale_operator.log_abs_determinant())

    def log_normalization(self, name="log_normalization"):
        """The log normalizing constant, log(Z)."""
        with self._name_scope(name):
            return (self.df * self.scale_operator.log_abs_determinant()
                    + 0.5 * self.df * self.dimension * math.log(2.)
                    + self._multi_lgamma(0.5 * self.df, self.dimension))

    def _multi_gamma_sequence(self, a, p, name="multi_gamma_sequence"):
        with self._name_scope(name, values=[a, p]):
            seq = tf.linspace(tf.constant(0., dtype=self.dtype), 0.5 - 0.5 * p,
                              tf.cast(p, dtypes.int32))
            return seq + tf.expand_dims(a, [-1])

    def _multi_lgamma(self, a, p, name="multi_lgamma"):
        with self._name_scope(name, values=[a, p]):
            seq = self._multi_gamma_sequence(a, p)
            return (0.25 * p * (p - 1.) * math.log(math.pi)
                    + tf.reduce_sum(tf.lgamma(seq), axis=[-1]))

    def _multi_digamma(self, a, p, name="multi_digamma"):
        with self._name_scope(name, values=[a, p]):
            seq = self._multi_gamma_sequence(a, p)
            return tf.reduce_sum(tf.digamma(seq), axis=[-1])


def _lower_triangular(tril):
    return linalg.LinearOperatorLowerTriangular(tril=tril, is_non_singular=True,
                                                is_positive_definite=True, is_square=True)


class WishartCholesky(_WishartLinearOperator):
    """Wishart with the Cholesky factor of its scale matrix as `scale`."""

    def __init__(self, df, scale, cholesky_input_output_matrices=False, validate_args=False,
                 allow_nan_stats=True, name="WishartCholesky"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[scale]) as name:
            with tf.name_scope("init", values=[scale]):
                scale = tf.convert_to_tensor(scale)
                if validate_args:
                    scale = with_dependencies([
                        tf.assert_positive(tf.matrix_diag_part(scale),
                                           message="scale must be positive definite"),
                        tf.assert_equal(tf.shape(scale)[-1], tf.shape(scale)[-2],
                                        message="scale must be square")], scale)
            super().__init__(df=df, scale_operator=_lower_triangular(scale),
                             cholesky_input_output_matrices=cholesky_input_output_matrices,
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)


class WishartFull(_WishartLinearOperator):
    """Wishart with the full symmetric positive definite `scale` matrix."""

    def __init__(self, df, scale, cholesky_input_output_matrices=False, validate_args=False,
                 allow_nan_stats=True, name="WishartFull"):
        parameters = dict(locals())
        with tf.name_scope(name) as name:
            with tf.name_scope("init", values=[scale]):
                scale = tf.convert_to_tensor(scale)
                if validate_args:
                    scale = with_dependencies([tf.assert_equal(
                        scale, tf.matrix_transpose(scale))], scale)
                chol = tf.cholesky(scale)
                if validate_args:
                    chol = with_dependencies([tf.assert_positive(tf.matrix_diag_part(chol))],
                                             chol)
        super().__init__(df=df, scale_operator=_lower_triangular(chol),
                         cholesky_input_output_matrices=cholesky_input_output_matrices,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)
