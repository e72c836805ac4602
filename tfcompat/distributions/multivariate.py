"""`tf.distributions.Dirichlet`, `DirichletMultinomial` and `Multinomial` (TF1's dirichlet.py,
dirichlet_multinomial.py, multinomial.py): distributions over vectors (event shape [k])."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _checks
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.distributions.kullback_leibler import RegisterKL
from tfcompat.framework import dtypes
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops.special_math_ops import lbeta


def _positive(concentration, validate_args):
    """DirichletMultinomial's checked concentration: >= 2 classes, all positive."""
    if not validate_args:
        return concentration
    concentration = _checks.embed_check_categorical_event_shape(concentration)
    return with_dependencies([tf.assert_positive(
        concentration, message="Concentration parameter must be positive.")], concentration)


def _dirichlet_concentration(concentration, validate_args):
    if not validate_args:
        return concentration
    return with_dependencies([
        tf.assert_positive(concentration, message="Concentration parameter must be positive."),
        tf.assert_rank_at_least(concentration, 1,
                                message="Concentration parameter must have >=1 dimensions."),
        tf.assert_less(1, tf.shape(concentration)[-1],
                       message="Concentration parameter must have event_size >= 2."),
    ], concentration)


def _checked_counts(dist, counts, message):
    """validate_args: non-negative integer counts summing to total_count over the classes."""
    if not dist.validate_args:
        return counts
    counts = _checks.embed_check_nonnegative_integer_form(counts)
    return with_dependencies([tf.assert_equal(dist.total_count, tf.reduce_sum(counts, -1),
                                              message=message)], counts)


def _checked_total_count(total_count, validate_args):
    total_count = tf.convert_to_tensor(total_count, name="total_count")
    if validate_args:
        total_count = _checks.embed_check_nonnegative_integer_form(total_count)
    return total_count


def _outer_minus_with_diag(x, diag):
    """-x x^T with `diag` on the diagonal (the covariance of the simplex distributions)."""
    return tf.matrix_set_diag(-tf.matmul(x[..., tf.newaxis], x[..., tf.newaxis, :]), diag)


class _VectorEvent(distribution.Distribution):
    """Shapes of a distribution parameterized by a [..., k] concentration."""

    @property
    def concentration(self):
        return self._concentration

    @property
    def total_concentration(self):
        return self._total_concentration

    def _batch_shape_tensor(self):
        return tf.shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.get_shape()

    def _event_shape_tensor(self):
        return tf.shape(self.concentration)[-1:]

    def _event_shape(self):
        return self.concentration.get_shape().with_rank_at_least(1)[-1:]


class Dirichlet(_VectorEvent):
    """Dirichlet(concentration): probability vectors over k classes."""

    def __init__(self, concentration, validate_args=False, allow_nan_stats=True,
                 name="Dirichlet"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[concentration]) as name:
            self._concentration = _dirichlet_concentration(
                tf.convert_to_tensor(concentration, name="concentration"), validate_args)
            self._total_concentration = tf.reduce_sum(self._concentration, -1)
        super().__init__(dtype=self._concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats,
                         reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                         parameters=parameters,
                         graph_parents=[self._concentration, self._total_concentration],
                         name=name)

    def _sample_n(self, n, seed=None):
        gamma_sample = tf.random.gamma(shape=[n], alpha=self.concentration, dtype=self.dtype,
                                       seed=seed)
        return gamma_sample / tf.reduce_sum(gamma_sample, -1, keepdims=True)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return tf.exp(self._log_prob(x))

    def _log_unnormalized_prob(self, x):
        if self.validate_args:
            x = with_dependencies([
                tf.assert_positive(x, message="samples must be positive"),
                tf.assert_near(tf.ones([], dtype=self.dtype), tf.reduce_sum(x, -1),
                               message="sample last-dimension must sum to `1`")], x)
        return tf.reduce_sum(tf.math.xlogy(self.concentration - 1.0, x), -1)

    def _log_normalization(self):
        return lbeta(self.concentration)

    def _entropy(self):
        k = tf.cast(self.event_shape_tensor()[0], self.dtype)
        return (self._log_normalization()
                + (self.total_concentration - k) * tf.digamma(self.total_concentration)
                - tf.reduce_sum((self.concentration - 1.0) * tf.digamma(self.concentration),
                                axis=-1))

    def _mean(self):
        return self.concentration / self.total_concentration[..., tf.newaxis]

    def _covariance(self):
        return _outer_minus_with_diag(self._variance_scale_term() * self._mean(),
                                      self._variance())

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (scale - x)

    def _variance_scale_term(self):
        return tf.rsqrt(1.0 + self.total_concentration[..., tf.newaxis])

    def _mode(self):
        k = tf.cast(self.event_shape_tensor()[0], self.dtype)
        mode = (self.concentration - 1.0) / (self.total_concentration[..., tf.newaxis] - k)
        if self.allow_nan_stats:
            nan = tf.fill(tf.shape(mode), np.array(np.nan, self.dtype.as_numpy_dtype), name="nan")
            # NOTE: TF reduces without keepdims, so a batch of Dirichlets fails to build (or
            # broadcasts wrongly when batch size == k); the per-distribution test is meant
            defined = tf.reduce_all(self.concentration > 1.0, axis=-1, keepdims=True)
            return tf.where_v2(defined, mode, nan)
        check = tf.assert_less(tf.ones([], self.dtype), self.concentration,
                               message="Mode undefined when any concentration <= 1")
        with tf.control_dependencies([check]):
            return tf.identity(mode)


@RegisterKL(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(d1, d2, name=None):
    with tf.name_scope(name, "kl_dirichlet_dirichlet",
                       values=[d1.concentration, d2.concentration]):
        digamma_sum_d1 = tf.digamma(tf.reduce_sum(d1.concentration, axis=-1, keepdims=True))
        digamma_diff = tf.digamma(d1.concentration) - digamma_sum_d1
        concentration_diff = d1.concentration - d2.concentration
        return (tf.reduce_sum(concentration_diff * digamma_diff, axis=-1)
                - lbeta(d1.concentration) + lbeta(d2.concentration))


class DirichletMultinomial(_VectorEvent):
    """Counts of `total_count` draws with class probabilities drawn from a Dirichlet."""

    def __init__(self, total_count, concentration, validate_args=False, allow_nan_stats=True,
                 name="DirichletMultinomial"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[total_count, concentration]) as name:
            self._total_count = _checked_total_count(total_count, validate_args)
            self._concentration = _positive(
                tf.convert_to_tensor(concentration, name="concentration"), validate_args)
            self._total_concentration = tf.reduce_sum(self._concentration, -1)
        super().__init__(dtype=self._concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats,
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         parameters=parameters,
                         graph_parents=[self._total_count, self._concentration], name=name)

    @property
    def total_count(self):
        return self._total_count

    def _sample_n(self, n, seed=None):
        n_draws = tf.cast(self.total_count, dtype=dtypes.int32)
        k = self.event_shape_tensor()[0]
        unnormalized_logits = tf.reshape(tf.log(tf.random.gamma(
            shape=[n], alpha=self.concentration, dtype=self.dtype, seed=seed)), shape=[-1, k])
        draws = tf.multinomial(logits=unnormalized_logits, num_samples=n_draws,
                               seed=_util.gen_new_seed(seed, salt="dirichlet_multinomial"))
        x = tf.reduce_sum(tf.one_hot(draws, depth=k), -2)
        x = tf.reshape(x, tf.concat([[n], self.batch_shape_tensor(), [k]], 0))
        return tf.cast(x, self.dtype)

    def _log_prob(self, counts):
        counts = _checked_counts(self, counts,
                                 "counts last-dimension must sum to `self.total_count`")
        ordered_prob = lbeta(self.concentration + counts) - lbeta(self.concentration)
        return ordered_prob + _util.log_combinations(self.total_count, counts)

    def _prob(self, counts):
        return tf.exp(self._log_prob(counts))

    def _mean(self):
        return self.total_count * (self.concentration
                                   / self.total_concentration[..., tf.newaxis])

    def _covariance(self):
        return _outer_minus_with_diag(self._variance_scale_term() * self._mean(),
                                      self._variance())

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (self.total_count * scale - x)

    def _variance_scale_term(self):
        c0 = self.total_concentration[..., tf.newaxis]
        return tf.sqrt((1.0 + c0 / self.total_count) / (1.0 + c0))


class Multinomial(distribution.Distribution):
    """Counts of `total_count` draws from `k` classes with probabilities `probs`."""

    def __init__(self, total_count, logits=None, probs=None, validate_args=False,
                 allow_nan_stats=True, name="Multinomial"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[total_count, logits, probs]) as name:
            self._total_count = _checked_total_count(total_count, validate_args)
            self._logits, self._probs = _util.get_logits_and_probs(
                logits=logits, probs=probs, multidimensional=True, validate_args=validate_args,
                name=name)
            self._mean_val = self._total_count[..., tf.newaxis] * self._probs
        super().__init__(dtype=self._probs.dtype,
                         reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters,
                         graph_parents=[self._total_count, self._logits, self._probs],
                         name=name)

    @property
    def total_count(self):
        return self._total_count

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _batch_shape_tensor(self):
        return tf.shape(self._mean_val)[:-1]

    def _batch_shape(self):
        return self._mean_val.get_shape().with_rank_at_least(1)[:-1]

    def _event_shape_tensor(self):
        return tf.shape(self._mean_val)[-1:]

    def _event_shape(self):
        return self._mean_val.get_shape().with_rank_at_least(1)[-1:]

    def _sample_n(self, n, seed=None):
        n_draws = tf.cast(self.total_count, dtype=dtypes.int32)
        k = self.event_shape_tensor()[0]
        n_draws = tf.ones_like(self.logits[..., 0], dtype=n_draws.dtype) * n_draws
        logits = tf.ones_like(n_draws[..., tf.newaxis], dtype=self.logits.dtype) * self.logits
        flat_logits = tf.reshape(logits, [-1, k])
        flat_ndraws = n * tf.reshape(n_draws, [-1])

        def sample_single(args):
            row_logits, n_draw = args[0], args[1]
            x = tf.multinomial(row_logits[tf.newaxis, ...], n_draw, seed)
            x = tf.reshape(x, shape=[n, -1])
            return tf.reduce_sum(tf.one_hot(x, depth=k), axis=-2)

        x = tf.map_fn(sample_single, [flat_logits, flat_ndraws], dtype=self.dtype)
        x = tf.transpose(x, perm=[1, 0, 2])
        return tf.reshape(x, tf.concat([[n], self.batch_shape_tensor(), [k]], 0))

    def _log_prob(self, counts):
        return self._log_unnormalized_prob(counts) - self._log_normalization(counts)

    def _log_unnormalized_prob(self, counts):
        counts = _checked_counts(self, counts, "counts must sum to `self.total_count`")
        return tf.reduce_sum(counts * tf.nn.log_softmax(self.logits), -1)

    def _log_normalization(self, counts):
        counts = _checked_counts(self, counts, "counts must sum to `self.total_count`")
        return -_util.log_combinations(self.total_count, counts)

    def _mean(self):
        return tf.identity(self._mean_val)

    def _covariance(self):
        p = self.probs * tf.ones_like(self.total_count)[..., tf.newaxis]
        return tf.matrix_set_diag(
            -tf.matmul(self._mean_val[..., tf.newaxis], p[..., tf.newaxis, :]),
            self._variance())

    def _variance(self):
        p = self.probs * tf.ones_like(self.total_count)[..., tf.newaxis]
        return self._mean_val - self._mean_val * p
