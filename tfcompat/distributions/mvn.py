"""TF 1.15's `tf.contrib.distributions.MultivariateNormal*` (mvn_linear_operator.py, mvn_diag.py,
mvn_tril.py, mvn_full_covariance.py): N(loc, scale scale^T) with `scale` a LinearOperator.

TF builds them as a TransformedDistribution of a standard Normal by an AffineLinearOperator
bijector; the formulas here are that composition written out (sample = scale @ z + loc with z
from one seeded random_normal of shape [n] + batch + event; log_prob = sum of the standard
normal log densities of scale^-1 (x - loc) minus log|det scale|)."""
from __future__ import annotations

import math

import numpy as np

import tfcompat as tf
from tfcompat import linalg
from tfcompat.distributions import distribution
from tfcompat.distributions.kullback_leibler import RegisterKL
from tfcompat.framework import tensor_shape
from tfcompat.ops.control_flow_ops import with_dependencies

_EVENT_OVERRIDE = "%s is not implemented when overriding event_shape"


def _is_diagonal(scale):
    return isinstance(scale, (linalg.LinearOperatorIdentity, linalg.LinearOperatorScaledIdentity,
                              linalg.LinearOperatorDiag))


def _checked_diag(x, validate_args, assert_positive):
    if not validate_args:
        return x
    if assert_positive:
        return with_dependencies([tf.assert_positive(
            x, message="diagonal part must be positive")], x)
    return with_dependencies([tf.assert_none_equal(
        x, tf.zeros([], x.dtype), message="diagonal part can not be zero")], x)


def make_diag_scale(loc=None, scale_diag=None, scale_identity_multiplier=None, shape_hint=None,
                    validate_args=False, assert_positive=False, name=None, dtype=None):
    """TF's distribution_util.make_diag_scale: a Diag, ScaledIdentity or Identity operator."""
    with tf.name_scope(name, "make_diag_scale",
                       values=[loc, scale_diag, scale_identity_multiplier]):
        if dtype is None:
            dtype = next((tf.convert_to_tensor(v).dtype.base_dtype
                          for v in (loc, scale_diag, scale_identity_multiplier)
                          if v is not None), tf.float32)
        loc = None if loc is None else tf.convert_to_tensor(loc, name="loc", dtype=dtype)
        if scale_diag is not None:
            scale_diag = tf.convert_to_tensor(scale_diag, name="scale_diag", dtype=dtype)
            if scale_identity_multiplier is not None:
                scale_diag += tf.convert_to_tensor(scale_identity_multiplier, dtype=dtype)[
                    ..., tf.newaxis]
            return linalg.LinearOperatorDiag(
                diag=_checked_diag(scale_diag, validate_args, assert_positive),
                is_non_singular=True, is_self_adjoint=True,
                is_positive_definite=assert_positive)
        if loc is None and shape_hint is None:
            raise ValueError("Cannot infer `event_shape` unless `loc` or `shape_hint` is "
                             "specified.")
        if shape_hint is None:
            shape_hint = loc.shape[-1].value
            if shape_hint is None:
                shape_hint = tf.shape(loc)[-1]
        if scale_identity_multiplier is None:
            return linalg.LinearOperatorIdentity(num_rows=shape_hint, dtype=dtype,
                                                 is_self_adjoint=True, is_positive_definite=True,
                                                 assert_proper_shapes=validate_args)
        multiplier = tf.convert_to_tensor(scale_identity_multiplier, dtype=dtype,
                                          name="scale_identity_multiplier")
        return linalg.LinearOperatorScaledIdentity(
            num_rows=shape_hint, multiplier=_checked_diag(multiplier, validate_args,
                                                          assert_positive),
            is_non_singular=True, is_self_adjoint=True, is_positive_definite=assert_positive,
            assert_proper_shapes=validate_args)


class MultivariateNormalLinearOperator(distribution.Distribution):
    """N(loc, scale @ scale^T); batch shape = broadcast of loc[:-1] and scale's batch."""

    def __init__(self, loc=None, scale=None, validate_args=False, allow_nan_stats=True,
                 name="MultivariateNormalLinearOperator"):
        parameters = dict(locals())
        if scale is None:
            raise ValueError("Missing required `scale` parameter.")
        if not scale.dtype.is_floating:
            raise TypeError("`scale` parameter must have floating-point dtype.")
        with tf.name_scope(name, values=[loc] + list(scale.graph_parents)) as name:
            self._loc = None if loc is None else tf.convert_to_tensor(loc, name="loc")
            self._scale = scale
            self._set_shapes()
        super().__init__(dtype=scale.dtype,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters,
                         graph_parents=[t for t in [self._loc] if t is not None],
                         name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)

    def _set_shapes(self):
        """distribution_util.shapes_from_loc_and_scale."""
        loc, scale = self._loc, self._scale
        event = scale.range_dimension
        if loc is not None and event.value is None:
            event = loc.shape.with_rank_at_least(1)[-1]
        self._static_event = tensor_shape.TensorShape([event])
        batch = scale.batch_shape
        if loc is not None:
            batch = tf.broadcast_static_shape(loc.shape.with_rank_at_least(1)[:-1], batch)
        self._static_batch = batch

    @property
    def loc(self):
        return self._loc

    @property
    def scale(self):
        return self._scale

    @property
    def bijector(self):
        raise NotImplementedError("bijector is not implemented: %s" % type(self).__name__)

    def log_det_covariance(self, name="log_det_covariance"):
        with tf.name_scope(self.name):
            with tf.name_scope(name, values=list(self.scale.graph_parents)):
                return 2.0 * self.scale.log_abs_determinant()

    def det_covariance(self, name="det_covariance"):
        with tf.name_scope(self.name):
            with tf.name_scope(name, values=list(self.scale.graph_parents)):
                return tf.exp(2.0 * self.scale.log_abs_determinant())

    def _batch_shape(self):
        return self._static_batch

    def _batch_shape_tensor(self):
        shape = self.scale.batch_shape_tensor()
        if self.loc is not None:
            shape = tf.broadcast_dynamic_shape(tf.shape(self.loc)[:-1], shape)
        return shape

    def _event_shape(self):
        return self._static_event

    def _event_shape_tensor(self):
        return tf.reshape(self.scale.range_dimension_tensor(), [1])

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor(), self.event_shape_tensor()], 0)
        x = tf.random_normal(shape, dtype=self.dtype, seed=seed)
        y = self.scale.matvec(x)
        return y if self.loc is None else y + self.loc

    def _inverse(self, y):
        x = y if self.loc is None else y - self.loc
        if _is_diagonal(self.scale):
            return self.scale.solvevec(x)
        ones = tf.ones_like(x[..., :1, tf.newaxis])
        dense = self.scale.to_dense() * ones
        return tf.squeeze(tf.matrix_triangular_solve(dense, x[..., tf.newaxis], lower=True)
                          if isinstance(self.scale, linalg.LinearOperatorLowerTriangular)
                          else tf.matrix_solve(dense, x[..., tf.newaxis]), axis=[-1])

    def _log_prob(self, y):
        z = self._inverse(y)
        normal_log_prob = -0.5 * tf.square(z) - 0.5 * math.log(2.0 * math.pi)
        log_prob = (tf.reduce_sum(normal_log_prob, axis=[-1])
                    - self.scale.log_abs_determinant())
        log_prob.set_shape(tf.broadcast_static_shape(y.get_shape().with_rank_at_least(1)[:-1],
                                                     self.batch_shape))
        return log_prob

    def _prob(self, y):
        return tf.exp(self._log_prob(y))

    def _log_cdf(self, y):
        raise NotImplementedError(_EVENT_OVERRIDE % "log_cdf")

    def _cdf(self, y):
        raise NotImplementedError(_EVENT_OVERRIDE % "cdf")

    def _log_survival_function(self, y):
        raise NotImplementedError(_EVENT_OVERRIDE % "log_survival_function")

    def _survival_function(self, y):
        raise NotImplementedError(_EVENT_OVERRIDE % "survival_function")

    def _entropy(self):
        k = tf.cast(self.event_shape_tensor()[0], self.dtype)
        entropy = (0.5 * math.log(2.0 * math.pi * math.e) * k
                   + self.scale.log_abs_determinant())
        entropy = entropy * tf.ones(self.batch_shape_tensor(), self.dtype)
        entropy.set_shape(self.batch_shape)
        return entropy

    def _mean(self):
        shape = self.batch_shape.concatenate(self.event_shape)
        static = shape.is_fully_defined()
        if not static:
            shape = tf.concat([self.batch_shape_tensor(), self.event_shape_tensor()], 0)
        if self.loc is None:
            return tf.zeros(shape, self.dtype)
        if static and shape == self.loc.get_shape():
            return tf.identity(self.loc)
        return tf.identity(self.loc) + tf.zeros(shape, self.dtype)

    def _covariance(self):
        if _is_diagonal(self.scale):
            return tf.matrix_diag(tf.square(self.scale.diag_part()))
        return self.scale.matmul(self.scale.to_dense(), adjoint_arg=True)

    def _variance(self):
        if _is_diagonal(self.scale):
            return tf.square(self.scale.diag_part())
        return tf.matrix_diag_part(self.scale.matmul(self.scale.to_dense(), adjoint_arg=True))

    def _stddev(self):
        if _is_diagonal(self.scale):
            return tf.abs(self.scale.diag_part())
        return tf.sqrt(self._variance())

    def _mode(self):
        return self._mean()


class MultivariateNormalDiag(MultivariateNormalLinearOperator):
    """N(loc, diag(scale_diag + scale_identity_multiplier)**2)."""

    def __init__(self, loc=None, scale_diag=None, scale_identity_multiplier=None,
                 validate_args=False, allow_nan_stats=True, name="MultivariateNormalDiag"):
        parameters = dict(locals())
        with tf.name_scope(name) as name:
            with tf.name_scope("init", values=[loc, scale_diag, scale_identity_multiplier]):
                scale = make_diag_scale(loc=loc, scale_diag=scale_diag,
                                        scale_identity_multiplier=scale_identity_multiplier,
                                        validate_args=False, assert_positive=False)
        super().__init__(loc=loc, scale=scale, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)


class MultivariateNormalDiagWithSoftplusScale(MultivariateNormalDiag):
    """MultivariateNormalDiag with scale_diag = softplus(scale_diag)."""

    def __init__(self, loc, scale_diag, validate_args=False, allow_nan_stats=True,
                 name="MultivariateNormalDiagWithSoftplusScale"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[scale_diag]) as name:
            softplus = tf.nn.softplus(scale_diag, name="softplus_scale_diag")
            super().__init__(loc=loc, scale_diag=softplus, validate_args=validate_args,
                             allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)


def _make_tril_scale(loc, scale_tril, scale_diag, scale_identity_multiplier, validate_args):
    if scale_tril is None:
        return make_diag_scale(loc=loc, scale_diag=scale_diag,
                               scale_identity_multiplier=scale_identity_multiplier,
                               validate_args=validate_args, assert_positive=False)
    with tf.name_scope("make_tril_scale", values=[loc, scale_diag, scale_identity_multiplier]):
        tril = tf.matrix_band_part(tf.convert_to_tensor(scale_tril, name="scale_tril"), -1, 0)
        if validate_args:
            tril = with_dependencies([tf.assert_none_equal(
                tf.matrix_diag_part(tril), tf.zeros([], tril.dtype),
                message="diagonal part can not be zero")], tril)
        return linalg.LinearOperatorLowerTriangular(tril=tril, is_non_singular=True,
                                                    is_self_adjoint=False,
                                                    is_positive_definite=False)


class MultivariateNormalTriL(MultivariateNormalLinearOperator):
    """N(loc, scale_tril @ scale_tril^T) with scale_tril's lower triangle."""

    def __init__(self, loc=None, scale_tril=None, validate_args=False, allow_nan_stats=True,
                 name="MultivariateNormalTriL"):
        parameters = dict(locals())
        with tf.name_scope(name) as name:
            with tf.name_scope("init", values=[loc, scale_tril]):
                scale = _make_tril_scale(loc, scale_tril, None, None, validate_args)
        super().__init__(loc=loc, scale=scale, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)


class MultivariateNormalFullCovariance(MultivariateNormalTriL):
    """N(loc, covariance_matrix), with scale_tril = cholesky(covariance_matrix)."""

    def __init__(self, loc=None, covariance_matrix=None, validate_args=False,
                 allow_nan_stats=True, name="MultivariateNormalFullCovariance"):
        parameters = dict(locals())
        with tf.name_scope(name) as name:
            with tf.name_scope("init", values=[loc, covariance_matrix]):
                scale_tril = None
                if covariance_matrix is not None:
                    covariance_matrix = tf.convert_to_tensor(covariance_matrix,
                                                             name="covariance_matrix")
                    if validate_args:
                        covariance_matrix = with_dependencies([tf.assert_near(
                            covariance_matrix, tf.matrix_transpose(covariance_matrix),
                            message="Matrix was not symmetric")], covariance_matrix)
                    scale_tril = tf.cholesky(covariance_matrix)
        super().__init__(loc=loc, scale_tril=scale_tril, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)


@RegisterKL(MultivariateNormalLinearOperator, MultivariateNormalLinearOperator)
def _kl_brute_force(a, b, name=None):
    """TF's KL(a || b) between two MVNs from their scales."""
    def squared_frobenius_norm(x):
        return tf.reduce_sum(tf.square(x), axis=[-2, -1])

    with tf.name_scope(name, "kl_mvn", values=[a.loc, b.loc] + list(a.scale.graph_parents)
                       + list(b.scale.graph_parents)):
        if _is_diagonal(a.scale) and _is_diagonal(b.scale):
            b_inv_a = (a.stddev() / b.stddev())[..., tf.newaxis]
        else:
            b_inv_a = b.scale.solve(a.scale.to_dense())
        kl_div = (b.scale.log_abs_determinant() - a.scale.log_abs_determinant()
                  + 0.5 * (-tf.cast(a.scale.domain_dimension_tensor(), a.dtype)
                           + squared_frobenius_norm(b_inv_a)
                           + squared_frobenius_norm(b.scale.solve(
                               (b.mean() - a.mean())[..., tf.newaxis]))))
        kl_div.set_shape(tf.broadcast_static_shape(a.batch_shape, b.batch_shape))
        return kl_div


def fill_triangular(x, upper=False, name=None):
    """TF's distribution_util.fill_triangular: the last dim (n(n+1)/2 values) as an [n, n]
    lower (or upper) triangular matrix, filled in TF's clockwise-spiral order."""
    with tf.name_scope(name, "fill_triangular", values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        m = x.shape.with_rank_at_least(1)[-1].value
        if m is None:
            raise ValueError("tfcompat's fill_triangular needs a static last dimension.")
        n = np.sqrt(0.25 + 2.0 * m) - 0.5
        if n != np.floor(n):
            raise ValueError("Input right-most shape ({}) does not correspond to a triangular "
                             "matrix.".format(m))
        n = int(n)
        static_final_shape = x.shape[:-1].concatenate([n, n])
        ndims = x.shape.ndims if x.shape.ndims is not None else tf.rank(x)
        if upper:
            x_list = [x, tf.reverse(x[..., n:], axis=[ndims - 1])]
        else:
            x_list = [x[..., n:], tf.reverse(x, axis=[ndims - 1])]
        new_shape = (static_final_shape.as_list() if static_final_shape.is_fully_defined()
                     else tf.concat([tf.shape(x)[:-1], [n, n]], axis=0))
        x = tf.reshape(tf.concat(x_list, axis=-1), new_shape)
        x = tf.matrix_band_part(x, num_lower=(0 if upper else -1), num_upper=(-1 if upper else 0))
        x.set_shape(static_final_shape)
        return x


def matrix_diag_transform(matrix, transform=None, name=None):
    """`matrix` with `transform` applied to its diagonal (e.g. softplus for a Cholesky
    factor)."""
    with tf.name_scope(name, "matrix_diag_transform", [matrix]):
        matrix = tf.convert_to_tensor(matrix, name="matrix")
        if transform is None:
            return matrix
        return tf.matrix_set_diag(matrix, transform(tf.matrix_diag_part(matrix)))
