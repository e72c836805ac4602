"""TF 1.15 contrib's VectorDiffeomixture (bimixtures, as TF) and its SoftmaxNormal quadrature
schemes: a Categorical mixture over quadrature points of affine maps interpolated between two
endpoint (loc, scale) pairs, applied to iid draws of a scalar base distribution."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat import linalg
from tfcompat.distributions import distribution as distribution_lib
from tfcompat.distributions._util import gen_new_seed
from tfcompat.distributions.bernoulli_categorical import Categorical
from tfcompat.distributions.bijectors_contrib import AffineLinearOperator
from tfcompat.distributions.bijectors_contrib import SoftmaxCentered
from tfcompat.distributions.normal_uniform import Normal
from tfcompat.distributions.poisson_lognormal import concat_vectors
from tfcompat.distributions.poisson_lognormal import pick_vector
from tfcompat.distributions.vector_contrib import maybe_check_scalar_distribution
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.ops.control_flow_ops import with_dependencies

_BIMIXTURE = "Currently only bimixtures are supported; "


def maybe_check_quadrature_param(param, name, validate_args):
    """Helper which checks validity of `loc` and `scale` init args."""
    with tf.name_scope(name="check_" + name, values=[param]):
        assertions = []
        if param.shape.ndims is not None:
            if param.shape.ndims == 0:
                raise ValueError("Mixing params must be a (batch of) vector; {}.rank={} is not "
                                 "at least one.".format(name, param.shape.ndims))
        elif validate_args:
            assertions.append(tf.assert_rank_at_least(
                param, 1, message="Mixing params must be a (batch of) vector; {}.rank is not "
                                  "at least one.".format(name)))
        last = param.shape.with_rank_at_least(1)[-1].value
        if last is not None:
            if last != 1:
                raise NotImplementedError(_BIMIXTURE + "{}.shape[-1]={} is not 1.".format(
                    name, last))
        elif validate_args:
            assertions.append(tf.assert_equal(
                tf.shape(param)[-1], 1, message=_BIMIXTURE + "{}.shape[-1] is not 1.".format(
                    name)))
        return with_dependencies(assertions, param) if assertions else param


def _normal_params(normal_loc, normal_scale, validate_args):
    normal_loc = tf.convert_to_tensor(normal_loc, name="normal_loc")
    dt = normal_loc.dtype.base_dtype
    normal_scale = tf.convert_to_tensor(normal_scale, dtype=dt, name="normal_scale")
    return normal_loc, maybe_check_quadrature_param(normal_scale, "normal_scale", validate_args)


def quadrature_scheme_softmaxnormal_gauss_hermite(normal_loc, normal_scale, quadrature_size,
                                                  validate_args=False, name=None):
    """Use Gauss-Hermite quadrature to form quadrature on `K - 1` simplex."""
    with tf.name_scope(name, "quadrature_scheme_softmaxnormal_gauss_hermite",
                       [normal_loc, normal_scale]):
        normal_loc, normal_scale = _normal_params(normal_loc, normal_scale, validate_args)
        dt = normal_loc.dtype.base_dtype
        grid, probs = np.polynomial.hermite.hermgauss(deg=quadrature_size)
        grid = grid.astype(dt.as_numpy_dtype)
        probs = probs.astype(dt.as_numpy_dtype)
        probs /= np.linalg.norm(probs, ord=1, keepdims=True)
        probs = tf.convert_to_tensor(probs, name="probs", dtype=dt)
        x = normal_loc[..., tf.newaxis] + np.sqrt(2.) * normal_scale[..., tf.newaxis] * grid
        padded = tf.concat([tf.zeros_like(x[..., :1, :]), x], axis=-2)  # a 0 in front
        grid = tf.nn.softmax(-padded, axis=-2)  # shape: [B, components, deg]
        return grid, probs


def quadrature_scheme_softmaxnormal_quantiles(normal_loc, normal_scale, quadrature_size,
                                              validate_args=False, name=None):
    """Use SoftmaxNormal quantiles to form quadrature on `K - 1` simplex."""
    with tf.name_scope(name, "softmax_normal_grid_and_probs", [normal_loc, normal_scale]):
        normal_loc, normal_scale = _normal_params(normal_loc, normal_scale, validate_args)
        dist = Normal(loc=normal_loc, scale=normal_scale)
        batch_ndims = dist.batch_shape.ndims
        if batch_ndims is None:
            batch_ndims = tf.shape(dist.batch_shape_tensor())[0]

        def _final_shape(qs):
            bs = dist.batch_shape.with_rank_at_least(1)
            num_components = bs[-1].value
            if num_components is not None:
                num_components += 1
            return bs[:-1].concatenate(tensor_shape.TensorShape([num_components, qs]))

        zero = tf.zeros([], dtype=dist.dtype)
        edges = tf.linspace(zero, 1., quadrature_size + 3)[1:-1]
        edges = tf.reshape(edges, shape=tf.concat(
            [[-1], tf.ones([batch_ndims], dtype=dtypes.int32)], axis=0))
        quantiles = SoftmaxCentered().forward(dist.quantile(edges))
        perm = tf.concat([tf.range(1, 1 + batch_ndims), [0]], axis=0)
        quantiles = tf.transpose(quantiles, perm)
        quantiles.set_shape(_final_shape(quadrature_size + 1))
        grid = (quantiles[..., :-1] + quantiles[..., 1:]) / 2.
        grid.set_shape(_final_shape(quadrature_size))
        probs = tf.fill(dims=[quadrature_size],
                        value=1. / tf.cast(quadrature_size, dist.dtype))
        return grid, probs


def _add(x, y):
    """Adds inputs; interprets `None` as zero."""
    if x is None:
        return y
    return x if y is None else x + y


def linop_scale(w, op):
    """w * op as an operator of op's kind (w a batch of scalars)."""
    with tf.name_scope("linop_scale", values=[w]):
        flags = dict(is_non_singular=op.is_non_singular, is_self_adjoint=op.is_self_adjoint,
                     is_positive_definite=op.is_positive_definite)
        if isinstance(op, linalg.LinearOperatorIdentity):
            return linalg.LinearOperatorScaledIdentity(
                num_rows=op.range_dimension_tensor(), multiplier=w, **flags)
        if isinstance(op, linalg.LinearOperatorScaledIdentity):
            return linalg.LinearOperatorScaledIdentity(
                num_rows=op.range_dimension_tensor(), multiplier=w * op.multiplier, **flags)
        if isinstance(op, linalg.LinearOperatorDiag):
            return linalg.LinearOperatorDiag(diag=w[..., tf.newaxis] * op.diag_part(), **flags)
        if isinstance(op, linalg.LinearOperatorLowerTriangular):
            return linalg.LinearOperatorLowerTriangular(
                tril=w[..., tf.newaxis, tf.newaxis] * op.to_dense(), **flags)
        raise NotImplementedError("Unsupported Linop type ({})".format(type(op).__name__))


def _add_operators(a, b):
    """linear_operator_addition.add_operators for two operators of linop_scale's kinds: the
    sum keeps the simplest kind that holds it (scaled identity, diag, lower triangular)."""
    pd = True if (a.is_positive_definite and b.is_positive_definite) else None
    kinds = (linalg.LinearOperatorScaledIdentity, linalg.LinearOperatorDiag)
    if all(isinstance(o, linalg.LinearOperatorScaledIdentity) for o in (a, b)):
        return linalg.LinearOperatorScaledIdentity(
            num_rows=a.range_dimension_tensor(), multiplier=a.multiplier + b.multiplier,
            is_non_singular=pd, is_self_adjoint=True if pd else None, is_positive_definite=pd)
    if all(isinstance(o, kinds) for o in (a, b)):
        return linalg.LinearOperatorDiag(diag=a.diag_part() + b.diag_part(),
                                         is_non_singular=pd, is_self_adjoint=True if pd else None,
                                         is_positive_definite=pd)
    if all(isinstance(o, kinds + (linalg.LinearOperatorLowerTriangular,)) for o in (a, b)):
        return linalg.LinearOperatorLowerTriangular(tril=a.to_dense() + b.to_dense(),
                                                    is_non_singular=pd)
    return linalg.LinearOperatorFullMatrix(matrix=a.to_dense() + b.to_dense(),
                                           is_positive_definite=pd)


def _grid_size(grid):
    deg = grid.shape.with_rank_at_least(1)[-1].value
    if deg is None:
        raise ValueError("Num quadrature grid points must be known prior to graph execution.")
    return deg


def interpolate_loc(grid, loc):
    """Helper which interpolates between two locs."""
    if len(loc) != 2:
        raise NotImplementedError(_BIMIXTURE + "len(scale)={} is not 2.".format(len(loc)))
    deg = _grid_size(grid)
    with tf.name_scope("interpolate_loc", values=[grid, loc]):
        if loc[0] is None and loc[1] is None:
            return [None] * deg
        w = grid[..., tf.newaxis, :, :]  # shape: [B, 1, k, deg]
        loc = [x[..., tf.newaxis] if x is not None else None for x in loc]  # [B, e, 1]
        if loc[0] is None:
            x = w[..., 1, :] * loc[1]
        elif loc[1] is None:
            x = w[..., 0, :] * loc[0]
        else:
            x = w[..., 0, :] * (loc[0] - loc[1]) + loc[1]  # shape: [B, e, deg]
        return [x[..., k] for k in range(deg)]


def interpolate_scale(grid, scale):
    """Helper which interpolates between two scales."""
    if len(scale) != 2:
        raise NotImplementedError(_BIMIXTURE + "len(scale)={} is not 2.".format(len(scale)))
    deg = _grid_size(grid)
    with tf.name_scope("interpolate_scale", values=[grid]):
        return [_add_operators(*[linop_scale(grid[..., k, q], s) for k, s in enumerate(scale)])
                for q in range(deg)]


def determine_batch_event_shapes(grid, endpoint_affine):
    """Helper to infer batch_shape and event_shape."""
    with tf.name_scope(name="determine_batch_event_shapes"):
        batch_shape, batch_shape_tensor = grid.shape[:-2], tf.shape(grid)[:-2]
        event_shape = event_shape_tensor = None

        def _event(shape, shape_tensor):
            if event_shape is None:
                return shape, shape_tensor
            return (tf.broadcast_static_shape(event_shape, shape),
                    tf.broadcast_dynamic_shape(event_shape_tensor, shape_tensor))

        for aff in endpoint_affine:
            if aff.shift is not None:
                batch_shape = tf.broadcast_static_shape(batch_shape, aff.shift.shape[:-1])
                batch_shape_tensor = tf.broadcast_dynamic_shape(
                    batch_shape_tensor, tf.shape(aff.shift)[:-1])
                event_shape, event_shape_tensor = _event(aff.shift.shape[-1:],
                                                         tf.shape(aff.shift)[-1:])
            if aff.scale is not None:
                batch_shape = tf.broadcast_static_shape(batch_shape, aff.scale.batch_shape)
                batch_shape_tensor = tf.broadcast_dynamic_shape(
                    batch_shape_tensor, aff.scale.batch_shape_tensor())
                event_shape, event_shape_tensor = _event(
                    tensor_shape.TensorShape([aff.scale.range_dimension]),
                    aff.scale.range_dimension_tensor()[tf.newaxis])
        return batch_shape, batch_shape_tensor, event_shape, event_shape_tensor


def _vec_osquare(x):
    """The outer product of a (batch of) vector, x.T x."""
    return x[..., :, tf.newaxis] * x[..., tf.newaxis, :]


class VectorDiffeomixture(distribution_lib.Distribution):
    """VectorDiffeomixture distribution (a quadrature-compound of affine maps of iid draws)."""

    def __init__(self, mix_loc, temperature, distribution, loc=None, scale=None,
                 quadrature_size=8, quadrature_fn=quadrature_scheme_softmaxnormal_quantiles,
                 validate_args=False, allow_nan_stats=True, name="VectorDiffeomixture"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[mix_loc, temperature]) as name:
            loc, scale, dtype = self._check_loc_scale(loc, scale, validate_args)
            self._endpoint_affine = [
                AffineLinearOperator(shift=loc_, scale=scale_, validate_args=validate_args,
                                     name="endpoint_affine_{}".format(k))
                for k, (loc_, scale_) in enumerate(zip(loc, scale))]
            if len(scale) != 2:
                raise NotImplementedError(_BIMIXTURE + "len(scale)={} is not 2.".format(
                    len(scale)))
            mix_loc = tf.convert_to_tensor(mix_loc, dtype=dtype, name="mix_loc")
            temperature = tf.convert_to_tensor(temperature, dtype=dtype, name="temperature")
            self._grid, probs = tuple(quadrature_fn(mix_loc / temperature, 1. / temperature,
                                                    quadrature_size, validate_args))
            self._mixture_distribution = Categorical(logits=tf.log(probs),
                                                     validate_args=validate_args,
                                                     allow_nan_stats=allow_nan_stats)
            asserts = maybe_check_scalar_distribution(distribution, dtype, validate_args)
            if asserts:
                self._grid = with_dependencies(asserts, self._grid)
            self._distribution = distribution
            self._interpolated_affine = [
                AffineLinearOperator(shift=loc_, scale=scale_, validate_args=validate_args,
                                     name="interpolated_affine_{}".format(k))
                for k, (loc_, scale_) in enumerate(zip(interpolate_loc(self._grid, loc),
                                                       interpolate_scale(self._grid, scale)))]
            (self._batch_shape_, self._batch_shape_tensor_, self._event_shape_,
             self._event_shape_tensor_) = determine_batch_event_shapes(self._grid,
                                                                       self._endpoint_affine)
            super().__init__(
                dtype=dtype, reparameterization_type=distribution_lib.FULLY_REPARAMETERIZED,
                validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                parameters=parameters,
                graph_parents=(list(distribution._graph_parents)
                               + [loc_ for loc_ in loc if loc_ is not None]
                               + [p for scale_ in scale for p in scale_.graph_parents]),
                name=name)

    @staticmethod
    def _check_loc_scale(loc, scale, validate_args):
        if not scale or len(scale) < 2:
            raise ValueError("Must specify list (or list-like object) of scale "
                             "LinearOperators, one for each component with "
                             "num_component >= 2.")
        if loc is None:
            loc = [None] * len(scale)
        if len(loc) != len(scale):
            raise ValueError("loc/scale must be same-length lists "
                             "(or same-length list-like objects).")
        dtype = scale[0].dtype.base_dtype
        loc = [tf.convert_to_tensor(loc_, dtype=dtype, name="loc{}".format(k))
               if loc_ is not None else None for k, loc_ in enumerate(loc)]
        for k, scale_ in enumerate(scale):
            if validate_args and not scale_.is_positive_definite:
                raise ValueError("scale[{}].is_positive_definite = {} != True".format(
                    k, scale_.is_positive_definite))
            if scale_.dtype.base_dtype != dtype:
                raise TypeError("dtype mismatch; scale[{}].base_dtype=\"{}\" != \"{}\"".format(
                    k, scale_.dtype.base_dtype.name, dtype.name))
        return loc, scale, dtype

    mixture_distribution = property(lambda self: self._mixture_distribution)
    distribution = property(lambda self: self._distribution)
    grid = property(lambda self: self._grid)
    endpoint_affine = property(lambda self: self._endpoint_affine)
    interpolated_affine = property(lambda self: self._interpolated_affine)

    def _batch_shape_tensor(self):
        return self._batch_shape_tensor_

    def _batch_shape(self):
        return self._batch_shape_

    def _event_shape_tensor(self):
        return self._event_shape_tensor_

    def _event_shape(self):
        return self._event_shape_

    def _sample_n(self, n, seed=None):
        x = self.distribution.sample(sample_shape=concat_vectors(
            [n], self.batch_shape_tensor(), self.event_shape_tensor()), seed=seed)
        x = [aff.forward(x) for aff in self.endpoint_affine]  # shape: [n, B, e]
        weight = self._sample_weights(n, seed)
        return weight * (x[0] - x[1]) + x[1]

    def _sample_weights(self, n, seed):
        """grid[..., 0, id] for ids drawn from the mixture, shaped [n, B, 1]."""
        batch_size = self.batch_shape.num_elements()
        if batch_size is None:
            batch_size = tf.reduce_prod(self.batch_shape_tensor())
        mix_batch_size = self.mixture_distribution.batch_shape.num_elements()
        if mix_batch_size is None:
            mix_batch_size = tf.reduce_prod(self.mixture_distribution.batch_shape_tensor())
        ids = self.mixture_distribution.sample(
            sample_shape=concat_vectors([n], pick_vector(
                self.is_scalar_batch(), np.int32([]), [batch_size // mix_batch_size])),
            seed=gen_new_seed(seed, "vector_diffeomixture"))
        ids = tf.reshape(ids, shape=concat_vectors([n], pick_vector(
            self.is_scalar_batch(), np.int32([]), np.int32([-1]))))
        stride = self.grid.shape.with_rank_at_least(2)[-2:].num_elements()
        if stride is None:
            stride = tf.reduce_prod(tf.shape(self.grid)[-2:])
        offset = tf.range(start=0, limit=batch_size * stride, delta=stride, dtype=ids.dtype)
        weight = tf.gather(tf.reshape(self.grid, shape=[-1]), ids + offset)
        if self.batch_shape.is_fully_defined():
            new_shape = [-1] + self.batch_shape.as_list() + [1]
        else:
            new_shape = tf.concat(([-1], self.batch_shape_tensor(), [1]), axis=0)
        return tf.reshape(weight, shape=new_shape)

    def _log_prob(self, x):
        y = tf.stack([aff.inverse(x) for aff in self.interpolated_affine], axis=-1)
        log_prob = tf.reduce_sum(self.distribution.log_prob(y), axis=-2)
        fldj = tf.stack([aff.forward_log_det_jacobian(x, event_ndims=1)
                         for aff in self.interpolated_affine], axis=-1)
        return tf.reduce_logsumexp(self.mixture_distribution.logits - fldj + log_prob, axis=-1)

    def _mean(self):
        p = self._expand_mix_distribution_probs()
        m = self._expand_base_distribution_mean()
        mean = None
        for k, aff in enumerate(self.interpolated_affine):
            mean = _add(mean, p[..., k] * aff.forward(m))
        return mean

    def _covariance(self):
        # law of total variance: E[Cov[Z | V]] + Cov[E[Z | V]]
        return _add(self._mean_of_covariance_given_quadrature_component(diag_only=False),
                    self._covariance_of_mean_given_quadrature_component(diag_only=False))

    def _variance(self):
        return _add(self._mean_of_covariance_given_quadrature_component(diag_only=True),
                    self._covariance_of_mean_given_quadrature_component(diag_only=True))

    def _mean_of_covariance_given_quadrature_component(self, diag_only):
        p = self.mixture_distribution.probs
        multiplier = diag = full = None
        for k, aff in enumerate(self.interpolated_affine):
            s = aff.scale
            if s is None or isinstance(s, linalg.LinearOperatorIdentity):
                multiplier = _add(multiplier, p[..., k, tf.newaxis])
            elif isinstance(s, linalg.LinearOperatorScaledIdentity):
                multiplier = _add(multiplier, p[..., k, tf.newaxis] * tf.square(s.multiplier))
            elif isinstance(s, linalg.LinearOperatorDiag):
                diag = _add(diag, p[..., k, tf.newaxis] * tf.square(s.diag_part()))
            else:
                x = (p[..., k, tf.newaxis, tf.newaxis]
                     * s.matmul(s.to_dense(), adjoint_arg=True))
                full = _add(full, tf.matrix_diag_part(x) if diag_only else x)
        # Cov(SX + m) = S S.T Var(X_0) for X of iid scalar draws
        v = self.distribution.variance()
        if multiplier is not None:
            multiplier *= v
        if diag is not None:
            diag *= v[..., tf.newaxis]
        if full is not None:
            full *= v[..., tf.newaxis]
        if diag_only:
            r = _add(diag, full)
            if r is None and multiplier is not None:
                ones = tf.ones(self.event_shape_tensor(), dtype=self.dtype)
                return multiplier[..., tf.newaxis] * ones
            return _add(r, multiplier)
        dense = full
        if diag is not None:
            dense = _add(dense, tf.matrix_diag(diag))
        if multiplier is not None:
            eye = tf.eye(self.event_shape_tensor()[0], dtype=self.dtype)
            dense = _add(dense, multiplier[..., tf.newaxis, tf.newaxis] * eye)
        return dense

    def _covariance_of_mean_given_quadrature_component(self, diag_only):
        square = tf.square if diag_only else _vec_osquare
        p = self._expand_mix_distribution_probs()
        if not diag_only:
            p = p[..., tf.newaxis, :]  # Assuming event.ndims=1.
        m = self._expand_base_distribution_mean()
        cov_e_z_given_v = None
        e_z_given_v = self._mean()
        for k, aff in enumerate(self.interpolated_affine):
            y = aff.forward(m)
            cov_e_z_given_v = _add(cov_e_z_given_v, p[..., k] * square(y - e_z_given_v))
        return cov_e_z_given_v

    def _expand_base_distribution_mean(self):
        """Ensures `self.distribution.mean()` has `[batch, event]` shape."""
        single_draw_shape = concat_vectors(self.batch_shape_tensor(), self.event_shape_tensor())
        m = tf.reshape(self.distribution.mean(),
                       shape=tf.ones_like(single_draw_shape, dtype=dtypes.int32))
        m = tf.tile(m, multiples=single_draw_shape)
        m.set_shape(self.batch_shape.concatenate(self.event_shape))
        return m

    def _expand_mix_distribution_probs(self):
        p = self.mixture_distribution.probs  # [B, deg]
        deg = p.shape.with_rank_at_least(1)[-1].value
        if deg is None:
            deg = tf.shape(p)[-1]
        event_ndims = self.event_shape.ndims
        if event_ndims is None:
            event_ndims = tf.shape(self.event_shape_tensor())[0]
        expand_shape = tf.concat([self.mixture_distribution.batch_shape_tensor(),
                                  tf.ones([event_ndims], dtype=dtypes.int32), [deg]], axis=0)
        return tf.reshape(p, shape=expand_shape)
