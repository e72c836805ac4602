"""TF 1.15's `tf.contrib.distributions.TransformedDistribution`: Y = bijector.forward(X) for X
from a base distribution, optionally overriding a scalar base's batch / event shape (static
overrides). Sampling draws base.sample([n] + batch + event) (or event + [n] rotated, as TF does
when only the event is overridden on a batched base) and pushes it forward; log_prob is the
base log_prob of bijector.inverse(y) (summed over overridden event dims) plus the inverse
log-det-Jacobian over the event dims."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.distributions import distribution as distribution_lib
from tfcompat.distributions.bijector_impl import Identity
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value


def _static_override(shape, name):
    if shape is None:
        return []
    shape_t = tf.convert_to_tensor(shape, dtype=dtypes.int32, name=name)
    value = constant_value(shape_t)
    if value is None:
        raise ValueError("tfcompat's TransformedDistribution needs a static %s." % name)
    if value.ndim != 1:
        raise ValueError("shape override must be a vector")
    value = [int(v) for v in value]
    if any(v <= 0 for v in value):
        raise ValueError("shape override must have positive elements")
    return value


def _is_injective(bijector):
    return getattr(bijector, "_is_injective", True)


class TransformedDistribution(distribution_lib.Distribution):
    """A distribution pushed through a bijector."""

    def __init__(self, distribution, bijector=None, batch_shape=None, event_shape=None,
                 validate_args=False, name=None):
        parameters = dict(locals())
        name = name or (("" if bijector is None else bijector.name) + distribution.name)
        with tf.name_scope(name, values=[event_shape, batch_shape]) as name:
            if bijector is None:
                bijector = Identity(validate_args=validate_args)
            self._override_batch_shape = _static_override(batch_shape, "batch_shape")
            self._override_event_shape = _static_override(event_shape, "event_shape")
            base_batch, base_event = distribution.batch_shape, distribution.event_shape
            for override, base in ((self._override_batch_shape, base_batch),
                                   (self._override_event_shape, base_event)):
                if override and base.ndims != 0:
                    if base.ndims is None:
                        raise ValueError("tfcompat's TransformedDistribution needs the base's "
                                         "static shapes to override them.")
                    raise ValueError("base distribution not scalar")
            self._is_batch_override = bool(self._override_batch_shape)
            self._is_event_override = bool(self._override_event_shape)
            self._needs_rotation = (self._is_event_override and not self._is_batch_override
                                    and base_batch.ndims != 0)
            k = len(self._override_event_shape)
            self._rotate_ndims = k if self._needs_rotation else 0
            self._reduce_event_indices = list(range(self._rotate_ndims - k, self._rotate_ndims))
            self._distribution = distribution
            self._bijector = bijector
            super().__init__(dtype=distribution.dtype,
                             reparameterization_type=distribution.reparameterization_type,
                             validate_args=validate_args,
                             allow_nan_stats=distribution.allow_nan_stats,
                             parameters=parameters,
                             graph_parents=(list(distribution._graph_parents)
                                            + list(bijector.graph_parents)),
                             name=name)

    @property
    def distribution(self):
        return self._distribution

    @property
    def bijector(self):
        return self._bijector

    def _event_shape(self):
        base = (tensor_shape.TensorShape(self._override_event_shape)
                if self._is_event_override else self.distribution.event_shape)
        return self.bijector.forward_event_shape(base)

    def _event_shape_tensor(self):
        base = (tf.constant(self._override_event_shape, dtype=dtypes.int32)
                if self._is_event_override else self.distribution.event_shape_tensor())
        return self.bijector.forward_event_shape_tensor(base)

    def _batch_shape(self):
        if self._is_batch_override:
            return tensor_shape.TensorShape(self._override_batch_shape)
        return self.distribution.batch_shape

    def _batch_shape_tensor(self):
        if self._is_batch_override:
            return tf.constant(self._override_batch_shape, dtype=dtypes.int32)
        return self.distribution.batch_shape_tensor()

    def _event_ndims(self):
        ndims = self.event_shape.ndims
        if ndims is None:
            raise ValueError("tfcompat's TransformedDistribution needs a static event rank.")
        return ndims

    def _sample_n(self, n, seed=None):
        head = [] if self._needs_rotation else [n]
        tail = [n] if self._needs_rotation else []
        sample_shape = tf.concat([tf.convert_to_tensor(v, dtype=dtypes.int32) for v in (
            head, self._override_batch_shape, self._override_event_shape, tail)], 0)
        x = self.distribution.sample(sample_shape=sample_shape, seed=seed)
        x = self._maybe_rotate_dims(x)
        return self.bijector.forward(x)

    def _maybe_rotate_dims(self, x, rotate_right=False):
        if not self._needs_rotation:
            return x
        ndims = tf.rank(x)
        n = (ndims - self._rotate_ndims) if rotate_right else self._rotate_ndims
        return tf.transpose(x, tf.concat([tf.range(n, ndims), tf.range(0, n)], 0))

    def _log_prob(self, y):
        x = self.bijector.inverse(y)
        event_ndims = self._event_ndims()
        ildj = self.bijector.inverse_log_det_jacobian(y, event_ndims=event_ndims)
        if not _is_injective(self.bijector):  # log-sum-exp over the fibers, as TF
            return tf.reduce_logsumexp(tf.stack([
                self._finish_log_prob_for_one_fiber(y, x_i, ildj_i, event_ndims)
                for x_i, ildj_i in zip(x, ildj)]), axis=0)
        return self._finish_log_prob_for_one_fiber(y, x, ildj, event_ndims)

    def _finish_log_prob_for_one_fiber(self, y, x, ildj, event_ndims):
        x = self._maybe_rotate_dims(x, rotate_right=True)
        log_prob = self.distribution.log_prob(x)
        if self._is_event_override:
            log_prob = tf.reduce_sum(log_prob, self._reduce_event_indices)
        log_prob += tf.cast(ildj, log_prob.dtype)
        if self._is_event_override and y.get_shape().ndims is not None:
            log_prob.set_shape(tf.broadcast_static_shape(
                y.get_shape().with_rank_at_least(1)[:y.get_shape().ndims - event_ndims],
                self.batch_shape))
        return log_prob

    def _prob(self, y):
        return tf.exp(self._log_prob(y))

    def _no_override(self, what):
        if self._is_event_override:
            raise NotImplementedError("%s is not implemented when overriding event_shape"
                                      % what)
        if not _is_injective(self.bijector):
            raise NotImplementedError("%s is not implemented when bijector is not injective."
                                      % what)

    def _log_cdf(self, y):
        self._no_override("log_cdf")
        return self.distribution.log_cdf(self.bijector.inverse(y))

    def _cdf(self, y):
        self._no_override("cdf")
        return self.distribution.cdf(self.bijector.inverse(y))

    def _log_survival_function(self, y):
        self._no_override("log_survival_function")
        return self.distribution.log_survival_function(self.bijector.inverse(y))

    def _survival_function(self, y):
        self._no_override("survival_function")
        return self.distribution.survival_function(self.bijector.inverse(y))

    def _quantile(self, value):
        self._no_override("quantile")
        return self.bijector.forward(self.distribution.quantile(value))

    def _entropy(self):
        if not self.bijector.is_constant_jacobian:
            raise NotImplementedError("entropy is not implemented")
        if not _is_injective(self.bijector):
            raise NotImplementedError("entropy is not implemented when bijector is not "
                                      "injective.")
        entropy = self.distribution.entropy()
        if self._is_event_override:
            size = 1
            for v in self._override_event_shape:
                size *= v
            entropy *= tf.cast(size, dtype=entropy.dtype.base_dtype)
        if self._is_batch_override:
            base_batch = self.distribution.batch_shape_tensor()
            ones = [1] * len(self._override_batch_shape)
            entropy = tf.reshape(entropy, tf.concat([ones, base_batch], 0))
            entropy = tf.tile(entropy, tf.concat([self._override_batch_shape,
                                                  tf.ones_like(base_batch)], 0))
        dummy = tf.zeros(tf.concat([self.batch_shape_tensor(), self.event_shape_tensor()], 0),
                         dtype=self.dtype)
        ildj = self.bijector.inverse_log_det_jacobian(dummy, event_ndims=self._event_ndims())
        entropy -= tf.cast(ildj, entropy.dtype)
        entropy.set_shape(self.batch_shape)
        return entropy
