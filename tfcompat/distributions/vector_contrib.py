"""TF 1.15 contrib's affine-transformed distributions (vector_laplace_*.py,
vector_exponential_*.py, sinh_arcsinh.py, vector_sinh_arcsinh_diag.py): each is a
TransformedDistribution of a scalar Laplace / Exponential / Normal base pushed through an
(AffineLinearOperator | Affine | Chain([AffineScalar, SinhArcsinh])) bijector, built as TF builds
them, so samples, log_prob and names follow TF's; the closed-form moments are TF's."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat import linalg
from tfcompat.distributions import distribution as distribution_lib
from tfcompat.distributions.bijector_impl import AffineScalar
from tfcompat.distributions.bijectors_cdf import SinhArcsinh as SinhArcsinhBijector
from tfcompat.distributions.bijectors_contrib import AffineLinearOperator
from tfcompat.distributions.bijectors_more import Affine
from tfcompat.distributions.bijectors_more import Chain
from tfcompat.distributions.gamma_family import Exponential
from tfcompat.distributions.gamma_family import Laplace
from tfcompat.distributions.mvn import make_diag_scale
from tfcompat.distributions.normal_uniform import Normal
from tfcompat.distributions.transformed import TransformedDistribution
from tfcompat.ops.control_flow_ops import with_dependencies


def _is_diagonal_scale(scale):
    return isinstance(scale, (linalg.LinearOperatorIdentity, linalg.LinearOperatorScaledIdentity,
                              linalg.LinearOperatorDiag))


def shapes_from_loc_and_scale(loc, scale):
    """distribution_util.shapes_from_loc_and_scale, static: (batch_shape, event_shape) lists."""
    event = scale.range_dimension
    if loc is not None:
        event = event.merge_with(loc.shape.with_rank_at_least(1)[-1])
    batch = scale.batch_shape
    if loc is not None:
        batch = tf.broadcast_static_shape(loc.shape.with_rank_at_least(1)[:-1], batch)
    if event.value is None or not batch.is_fully_defined():
        raise ValueError("tfcompat's %s needs static loc / scale shapes."
                         % "shapes_from_loc_and_scale")
    return batch.as_list(), [event.value]


def maybe_check_scalar_distribution(distribution, expected_base_dtype, validate_args):
    """distribution_util.maybe_check_scalar_distribution."""
    if distribution.dtype != expected_base_dtype:
        raise TypeError("dtype mismatch; distribution.dtype=\"{}\" is not \"{}\"".format(
            distribution.dtype.name, expected_base_dtype.name))
    if validate_args and (distribution.reparameterization_type
                          != distribution_lib.FULLY_REPARAMETERIZED):
        raise ValueError("Base distribution should be reparameterized or be a function of "
                         "non-trainable variables; distribution.reparameterization_type = "
                         "\"{}\" != \"FULLY_REPARAMETERIZED\".".format(
                             distribution.reparameterization_type))
    with tf.name_scope(name="check_distribution"):
        assertions = []
        for name, shape in (("is_scalar_event", distribution.event_shape),
                            ("is_scalar_batch", distribution.batch_shape)):
            message = "distribution must be scalar; distribution.{}=False is not True".format(
                name)
            if shape.ndims is not None:
                if shape.ndims != 0:
                    raise ValueError(message)
            elif validate_args:
                assertions.append(tf.assert_equal(getattr(distribution, name)(), True,
                                                  message=message))
        return assertions


class _AffineVector(TransformedDistribution):
    """The shared part: loc/scale properties and the Y = scale @ W + loc moments."""

    _w_var = 1.0  # Var[w] of the base

    @property
    def loc(self):
        return self.bijector.shift

    @property
    def scale(self):
        return self.bijector.scale

    def _mode_mean_shape(self):
        shape = self.batch_shape.concatenate(self.event_shape)
        if not shape.is_fully_defined():
            shape = tf.concat([self.batch_shape_tensor(), self.event_shape_tensor()], 0)
        return shape

    def _scale_scale_t_diag(self):
        if (isinstance(self.scale, linalg.LinearOperatorLowRankUpdate)
                and self.scale.is_self_adjoint):
            return tf.matrix_diag_part(self.scale.matmul(self.scale.to_dense()))
        return tf.matrix_diag_part(self.scale.matmul(self.scale.to_dense(), adjoint_arg=True))

    def _covariance(self):
        if _is_diagonal_scale(self.scale):
            cov = tf.matrix_diag(tf.square(self.scale.diag_part()))
        else:
            cov = self.scale.matmul(self.scale.to_dense(), adjoint_arg=True)
        return cov if self._w_var == 1.0 else self._w_var * cov

    def _variance(self):
        if _is_diagonal_scale(self.scale):
            var = tf.square(self.scale.diag_part())
        else:
            var = self._scale_scale_t_diag()
        return var if self._w_var == 1.0 else self._w_var * var

    def _stddev(self):
        if _is_diagonal_scale(self.scale):
            std = tf.abs(self.scale.diag_part())
        else:
            std = tf.sqrt(self._scale_scale_t_diag())
        return std if self._w_var == 1.0 else np.sqrt(self._w_var) * std


def _check_scale(scale):
    if scale is None:
        raise ValueError("Missing required `scale` parameter.")
    if not scale.dtype.is_floating:
        raise TypeError("`scale` parameter must have floating-point dtype.")


class VectorLaplaceLinearOperator(_AffineVector):
    """Y = scale @ W + loc with W's components iid Laplace(0, 1)."""

    _w_var = 2.0

    def __init__(self, loc=None, scale=None, validate_args=False, allow_nan_stats=True,
                 name="VectorLaplaceLinearOperator"):
        parameters = dict(locals())
        _check_scale(scale)
        with tf.name_scope(name, values=[loc] + list(scale.graph_parents)):
            loc = tf.convert_to_tensor(loc, name="loc") if loc is not None else loc
            batch_shape, event_shape = shapes_from_loc_and_scale(loc, scale)
            super().__init__(
                distribution=Laplace(loc=tf.zeros([], dtype=scale.dtype),
                                     scale=tf.ones([], dtype=scale.dtype)),
                bijector=AffineLinearOperator(shift=loc, scale=scale,
                                              validate_args=validate_args),
                batch_shape=batch_shape, event_shape=event_shape,
                validate_args=validate_args, name=name)
            self._parameters = parameters
            self._parameters.pop("self", None)

    def _mean(self):
        shape = self._mode_mean_shape()
        if self.loc is None:
            return tf.zeros(shape, self.dtype)
        if isinstance(shape, tf.TensorShape) and shape == self.loc.get_shape():
            return tf.identity(self.loc)
        return tf.identity(self.loc) + tf.zeros(shape, self.dtype)

    def _mode(self):
        return self._mean()


class VectorExponentialLinearOperator(_AffineVector):
    """Y = scale @ W + loc with W's components iid Exponential(1)."""

    def __init__(self, loc=None, scale=None, validate_args=False, allow_nan_stats=True,
                 name="VectorExponentialLinearOperator"):
        parameters = dict(locals())
        _check_scale(scale)
        with tf.name_scope(name, values=[loc]) as name:
            loc = tf.convert_to_tensor(loc, name="loc") if loc is not None else loc
            batch_shape, event_shape = shapes_from_loc_and_scale(loc, scale)
            super().__init__(
                distribution=Exponential(rate=tf.ones([], dtype=scale.dtype),
                                         allow_nan_stats=allow_nan_stats),
                bijector=AffineLinearOperator(shift=loc, scale=scale,
                                              validate_args=validate_args),
                batch_shape=batch_shape, event_shape=event_shape,
                validate_args=validate_args, name=name)
            self._parameters = parameters
            self._parameters.pop("self", None)

    def _mean(self):
        scale_x_ones = self.bijector.scale.matvec(tf.ones(self._mode_mean_shape(), self.dtype))
        return scale_x_ones if self.loc is None else tf.identity(self.loc) + scale_x_ones

    def _mode(self):
        scale_x_zeros = self.bijector.scale.matvec(
            tf.zeros(self._mode_mean_shape(), self.dtype))
        return scale_x_zeros if self.loc is None else tf.identity(self.loc) + scale_x_zeros


def _diag_init(cls, self, loc, scale_diag, scale_identity_multiplier, validate_args,
               allow_nan_stats, name, parameters):
    with tf.name_scope(name, values=[loc, scale_diag, scale_identity_multiplier]):
        scale = make_diag_scale(loc=loc, scale_diag=scale_diag,
                                scale_identity_multiplier=scale_identity_multiplier,
                                validate_args=False, assert_positive=False)
    cls.__init__(self, loc=loc, scale=scale, validate_args=validate_args,
                 allow_nan_stats=allow_nan_stats, name=name)
    parameters.pop("self", None)
    self._parameters = parameters


class VectorLaplaceDiag(VectorLaplaceLinearOperator):
    """VectorLaplaceLinearOperator with scale = diag(scale_diag) + multiplier * I."""

    def __init__(self, loc=None, scale_diag=None, scale_identity_multiplier=None,
                 validate_args=False, allow_nan_stats=True, name="VectorLaplaceDiag"):
        _diag_init(VectorLaplaceLinearOperator, self, loc, scale_diag,
                   scale_identity_multiplier, validate_args, allow_nan_stats, name,
                   dict(locals()))


class VectorExponentialDiag(VectorExponentialLinearOperator):
    """VectorExponentialLinearOperator with scale = diag(scale_diag) + multiplier * I."""

    def __init__(self, loc=None, scale_diag=None, scale_identity_multiplier=None,
                 validate_args=False, allow_nan_stats=True, name="VectorExponentialDiag"):
        _diag_init(VectorExponentialLinearOperator, self, loc, scale_diag,
                   scale_identity_multiplier, validate_args, allow_nan_stats, name,
                   dict(locals()))


def _sas_bijectors(skewness, tailweight, has_default_skewness, dtype):
    """F = SinhArcsinh(skewness, tailweight) and F_0(2), F's value at 2 without skew."""
    f = SinhArcsinhBijector(skewness=skewness, tailweight=tailweight)
    f_noskew = f if has_default_skewness else SinhArcsinhBijector(
        skewness=skewness.dtype.as_numpy_dtype(0.), tailweight=tailweight)
    return f, f_noskew.forward(tf.convert_to_tensor(2, dtype=dtype))


def _get_broadcast_shape(*tensors):
    shape = tensors[0].shape
    for t in tensors[1:]:
        shape = tf.broadcast_static_shape(shape, t.shape)
    if not shape.is_fully_defined():
        raise ValueError("tfcompat's SinhArcsinh needs static parameter shapes.")
    return shape.as_list()


class _SinhArcsinhParameters:
    """The parameters both SinhArcsinh distributions store and expose."""
    loc = property(lambda self: self._loc)
    scale = property(lambda self: self._scale)
    tailweight = property(lambda self: self._tailweight)
    skewness = property(lambda self: self._skewness)


class SinhArcsinh(_SinhArcsinhParameters, TransformedDistribution):
    """Y = loc + scale * F(Z) * 2 / F_0(2), F(Z) = Sinh((Arcsinh(Z) + skewness) * tailweight)."""

    def __init__(self, loc, scale, skewness=None, tailweight=None, distribution=None,
                 validate_args=False, allow_nan_stats=True, name="SinhArcsinh"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[loc, scale, skewness, tailweight]) as name:
            loc = tf.convert_to_tensor(loc, name="loc")
            dtype = loc.dtype
            scale = tf.convert_to_tensor(scale, name="scale", dtype=dtype)
            tailweight = 1. if tailweight is None else tailweight
            has_default_skewness = skewness is None
            skewness = 0. if skewness is None else skewness
            tailweight = tf.convert_to_tensor(tailweight, name="tailweight", dtype=dtype)
            skewness = tf.convert_to_tensor(skewness, name="skewness", dtype=dtype)
            batch_shape = _get_broadcast_shape(loc, scale, tailweight, skewness)
            if distribution is None:
                distribution = Normal(loc=tf.zeros([], dtype=dtype),
                                      scale=tf.ones([], dtype=dtype),
                                      allow_nan_stats=allow_nan_stats)
            else:
                asserts = maybe_check_scalar_distribution(distribution, dtype, validate_args)
                if asserts:
                    loc = with_dependencies(asserts, loc)
            f, f0_2 = _sas_bijectors(skewness, tailweight, has_default_skewness, dtype)
            affine = AffineScalar(shift=loc, scale=2 * scale / f0_2,
                                  validate_args=validate_args)
            super().__init__(distribution=distribution, bijector=Chain([affine, f]),
                             batch_shape=batch_shape, validate_args=validate_args, name=name)
        parameters.pop("self", None)
        self._parameters = parameters
        self._loc, self._scale = loc, scale
        self._tailweight, self._skewness = tailweight, skewness


class VectorSinhArcsinhDiag(_SinhArcsinhParameters, TransformedDistribution):
    """The vector SinhArcsinh: Y = loc + C * F(Z), C = 2 * diag(scale) / F_0(2), Z iid."""

    def __init__(self, loc=None, scale_diag=None, scale_identity_multiplier=None,
                 skewness=None, tailweight=None, distribution=None, validate_args=False,
                 allow_nan_stats=True, name="MultivariateNormalLinearOperator"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[loc, scale_diag, scale_identity_multiplier, skewness,
                                         tailweight]) as name:
            loc = tf.convert_to_tensor(loc, name="loc") if loc is not None else loc
            tailweight = 1. if tailweight is None else tailweight
            has_default_skewness = skewness is None
            skewness = 0. if skewness is None else skewness
            scale_linop = make_diag_scale(loc=loc, scale_diag=scale_diag,
                                          scale_identity_multiplier=scale_identity_multiplier,
                                          validate_args=False, assert_positive=False)
            batch_shape, event_shape = shapes_from_loc_and_scale(loc, scale_linop)
            scale_diag_part = scale_linop.diag_part()
            dtype = scale_diag_part.dtype
            if distribution is None:
                distribution = Normal(loc=tf.zeros([], dtype=dtype),
                                      scale=tf.ones([], dtype=dtype),
                                      allow_nan_stats=allow_nan_stats)
            else:
                asserts = maybe_check_scalar_distribution(distribution, dtype, validate_args)
                if asserts:
                    scale_diag_part = with_dependencies(asserts, scale_diag_part)
            skewness = tf.convert_to_tensor(skewness, dtype=dtype, name="skewness")
            tailweight = tf.convert_to_tensor(tailweight, dtype=dtype, name="tailweight")
            f, f0_2 = _sas_bijectors(skewness, tailweight, has_default_skewness, dtype)
            affine = Affine(shift=loc, scale_diag=2 * scale_diag_part / f0_2,
                            validate_args=validate_args)
            super().__init__(distribution=distribution, bijector=Chain([affine, f]),
                             batch_shape=batch_shape, event_shape=event_shape,
                             validate_args=validate_args, name=name)
        parameters.pop("self", None)
        self._parameters = parameters
        self._loc, self._scale = loc, scale_linop
        self._tailweight, self._skewness = tailweight, skewness
