"""TF 1.15 contrib's PoissonLogNormalQuadratureCompound and its quadrature schemes
(poisson_lognormal.py): a Categorical mixture of Poissons whose log-rates are a quadrature grid
of the LogNormal prior (LogNormal quantile midpoints by default, or Gauss-Hermite)."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import distribution as distribution_lib
from tfcompat.distributions._util import gen_new_seed
from tfcompat.distributions.bernoulli_categorical import Categorical
from tfcompat.distributions.bijector_impl import Exp
from tfcompat.distributions.discrete_contrib import Poisson
from tfcompat.distributions.normal_uniform import Normal
from tfcompat.distributions.transformed import TransformedDistribution
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import get_static_value


def quadrature_scheme_lognormal_gauss_hermite(loc, scale, quadrature_size, validate_args=False,
                                              name=None):  # pylint: disable=unused-argument
    """Use Gauss-Hermite quadrature to form quadrature on positive-reals."""
    with tf.name_scope(name, "vector_diffeomixture_quadrature_gauss_hermite", [loc, scale]):
        grid, probs = np.polynomial.hermite.hermgauss(deg=quadrature_size)
        grid = grid.astype(loc.dtype.as_numpy_dtype)
        probs = probs.astype(loc.dtype.as_numpy_dtype)
        probs /= np.linalg.norm(probs, ord=1, keepdims=True)
        probs = tf.convert_to_tensor(probs, name="probs", dtype=loc.dtype)
        grid = loc[..., tf.newaxis] + np.sqrt(2.) * scale[..., tf.newaxis] * grid
        return grid, probs


def quadrature_scheme_lognormal_quantiles(loc, scale, quadrature_size, validate_args=False,
                                          name=None):
    """Use LogNormal quantiles to form quadrature on positive-reals."""
    with tf.name_scope(name, "quadrature_scheme_lognormal_quantiles", [loc, scale]):
        dist = TransformedDistribution(distribution=Normal(loc=loc, scale=scale),
                                       bijector=Exp(), validate_args=validate_args)
        batch_ndims = dist.batch_shape.ndims
        if batch_ndims is None:
            batch_ndims = tf.shape(dist.batch_shape_tensor())[0]
        # Omit {0, 1} since they might lead to Inf/NaN.
        zero = tf.zeros([], dtype=dist.dtype)
        edges = tf.linspace(zero, 1., quadrature_size + 3)[1:-1]
        edges = tf.reshape(edges, shape=tf.concat(
            [[-1], tf.ones([batch_ndims], dtype=dtypes.int32)], axis=0))
        quantiles = dist.quantile(edges)
        # Cyclically permute left by one.
        perm = tf.concat([tf.range(1, 1 + batch_ndims), [0]], axis=0)
        quantiles = tf.transpose(quantiles, perm)
        grid = (quantiles[..., :-1] + quantiles[..., 1:]) / 2.
        grid.set_shape(dist.batch_shape.concatenate([quadrature_size]))
        probs = tf.fill(dims=[quadrature_size],
                        value=1. / tf.cast(quadrature_size, dist.dtype))
        return grid, probs


def _static_value(x):
    return get_static_value(tf.convert_to_tensor(x))


def concat_vectors(*args):
    """Concatenates input vectors, statically if possible."""
    args_ = [_static_value(x) for x in args]
    if any(vec is None for vec in args_):
        return tf.concat(args, axis=0)
    return [val for vec in args_ for val in vec]


def pick_vector(cond, true_vector, false_vector):
    """distribution_util.pick_vector: one of two vectors by a (possibly static) bool."""
    cond = tf.convert_to_tensor(cond, name="cond")
    value = get_static_value(cond)
    if value is not None:
        return true_vector if value else false_vector
    true_vector = tf.convert_to_tensor(true_vector, name="true_vector")
    false_vector = tf.convert_to_tensor(false_vector, name="false_vector")
    n = tf.shape(true_vector)[0]
    return tf.slice(tf.concat([true_vector, false_vector], 0),
                    [tf.where(cond, 0, n)], [tf.where(cond, n, -1)])


class PoissonLogNormalQuadratureCompound(distribution_lib.Distribution):
    """`PoissonLogNormalQuadratureCompound` distribution."""

    def __init__(self, loc, scale, quadrature_size=8,
                 quadrature_fn=quadrature_scheme_lognormal_quantiles, validate_args=False,
                 allow_nan_stats=True, name="PoissonLogNormalQuadratureCompound"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[loc, scale]) as name:
            if loc is not None:
                loc = tf.convert_to_tensor(loc, name="loc")
            if scale is not None:
                scale = tf.convert_to_tensor(scale, dtype=None if loc is None else loc.dtype,
                                             name="scale")
            self._quadrature_grid, self._quadrature_probs = tuple(quadrature_fn(
                loc, scale, quadrature_size, validate_args))
            dt = self._quadrature_grid.dtype
            if dt.base_dtype != self._quadrature_probs.dtype.base_dtype:
                raise TypeError("Quadrature grid dtype ({}) does not match quadrature probs "
                                "dtype ({}).".format(dt.name, self._quadrature_probs.dtype.name))
            self._distribution = Poisson(log_rate=self._quadrature_grid,
                                         validate_args=validate_args,
                                         allow_nan_stats=allow_nan_stats)
            self._mixture_distribution = Categorical(logits=tf.log(self._quadrature_probs),
                                                     validate_args=validate_args,
                                                     allow_nan_stats=allow_nan_stats)
            self._loc, self._scale = loc, scale
            self._quadrature_size = quadrature_size
            super().__init__(dtype=dt, reparameterization_type=distribution_lib.NOT_REPARAMETERIZED,
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             parameters=parameters, graph_parents=[loc, scale], name=name)

    mixture_distribution = property(lambda self: self._mixture_distribution)
    distribution = property(lambda self: self._distribution)
    loc = property(lambda self: self._loc)
    scale = property(lambda self: self._scale)
    quadrature_size = property(lambda self: self._quadrature_size)

    def _batch_shape_tensor(self):
        return tf.broadcast_dynamic_shape(self.distribution.batch_shape_tensor(),
                                          tf.shape(self.mixture_distribution.logits))[:-1]

    def _batch_shape(self):
        return tf.broadcast_static_shape(self.distribution.batch_shape,
                                         self.mixture_distribution.logits.shape)[:-1]

    def _event_shape(self):
        return tensor_shape.TensorShape([])

    def _event_shape_tensor(self):
        return tf.constant([], dtype=dtypes.int32)

    def _sample_n(self, n, seed=None):
        batch_size = self.batch_shape.num_elements()
        if batch_size is None:
            batch_size = tf.reduce_prod(self.batch_shape_tensor())
        # sample extra ids when one probs vector serves every batch member
        ids = self._mixture_distribution.sample(
            sample_shape=concat_vectors([n], pick_vector(
                self.mixture_distribution.is_scalar_batch(), [batch_size], np.int32([]))),
            seed=gen_new_seed(seed, "poisson_lognormal_quadrature_compound"))
        ids = tf.reshape(ids, shape=concat_vectors([n], pick_vector(
            self.is_scalar_batch(), np.int32([]), np.int32([-1]))))
        # Stride `quadrature_size` for `batch_size` number of times.
        offset = tf.range(start=0, limit=batch_size * self._quadrature_size,
                          delta=self._quadrature_size, dtype=ids.dtype)
        ids += offset
        rate = tf.gather(tf.reshape(self.distribution.rate, shape=[-1]), ids)
        rate = tf.reshape(rate, shape=concat_vectors([n], self.batch_shape_tensor()))
        return tf.random_poisson(lam=rate, shape=[], dtype=self.dtype, seed=seed)

    def _log_prob(self, x):
        return tf.reduce_logsumexp(self.mixture_distribution.logits
                                   + self.distribution.log_prob(x[..., tf.newaxis]), axis=-1)

    def _mean(self):
        return tf.exp(tf.reduce_logsumexp(
            self.mixture_distribution.logits + self.distribution.log_rate, axis=-1))

    def _variance(self):
        return tf.exp(self._log_variance())

    def _stddev(self):
        return tf.exp(0.5 * self._log_variance())

    def _log_variance(self):
        # law of total variance: E[Var[Z | V]] + Var[E[Z | V]], in log space
        v = tf.stack([
            self.distribution.log_rate,
            2. * tf.log(tf.abs(self.distribution.mean() - self._mean()[..., tf.newaxis])),
        ], axis=-1)
        return tf.reduce_logsumexp(self.mixture_distribution.logits[..., tf.newaxis] + v,
                                   axis=[-2, -1])
