"""TF 1.15 contrib's ConditionalDistribution (public methods forward **condition_kwargs to the
subclass's `_sample_n` / `_log_prob` & co.) and ConditionalTransformedDistribution: a
TransformedDistribution whose public methods take `bijector_kwargs` / `distribution_kwargs`
dicts and hand them to the bijector's forward / inverse / log-det-Jacobian (a
ConditionalBijector) and to the base distribution."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.distributions import distribution as distribution_lib
from tfcompat.distributions.transformed import TransformedDistribution
from tfcompat.distributions.transformed import _is_injective
from tfcompat.framework import dtypes


class ConditionalDistribution(distribution_lib.Distribution):
    """Distribution that supports intrinsic parameters (local latents)."""

    def sample(self, sample_shape=(), seed=None, name="sample", **condition_kwargs):
        with self._name_scope(name, values=[sample_shape]):
            sample_shape = tf.convert_to_tensor(sample_shape, dtype=dtypes.int32,
                                                name="sample_shape")
            sample_shape, n = self._expand_sample_shape_to_vector(sample_shape, "sample_shape")
            samples = self._sample_n(n, seed, **condition_kwargs)
            samples = tf.reshape(samples, tf.concat([sample_shape, tf.shape(samples)[1:]], 0))
            return self._set_sample_static_shape(samples, sample_shape)

    def _conditional(self, name, value, primary, fallback, condition_kwargs):
        return self._with_fallback(name, value, lambda v: primary(v, **condition_kwargs),
                                   lambda v: fallback(v, **condition_kwargs))

    def _method(self, name):
        """The subclass's `name` method; the base class's (not implemented) is called without
        the condition kwargs, so it raises NotImplementedError and the fallback runs (TF
        passes them on and fails with a TypeError)."""
        method = getattr(self, name)
        if getattr(type(self), name) is getattr(distribution_lib.Distribution, name):
            return lambda value, **_: method(value)
        return method

    def log_prob(self, value, name="log_prob", **condition_kwargs):
        return self._conditional(name, value, self._method("_log_prob"),
                                 lambda v, **kw: tf.log(self._method("_prob")(v, **kw)),
                                 condition_kwargs)

    def prob(self, value, name="prob", **condition_kwargs):
        return self._conditional(name, value, self._method("_prob"),
                                 lambda v, **kw: tf.exp(self._method("_log_prob")(v, **kw)),
                                 condition_kwargs)

    def log_cdf(self, value, name="log_cdf", **condition_kwargs):
        return self._conditional(name, value, self._method("_log_cdf"),
                                 lambda v, **kw: tf.log(self._method("_cdf")(v, **kw)),
                                 condition_kwargs)

    def cdf(self, value, name="cdf", **condition_kwargs):
        return self._conditional(name, value, self._method("_cdf"),
                                 lambda v, **kw: tf.exp(self._method("_log_cdf")(v, **kw)),
                                 condition_kwargs)

    def log_survival_function(self, value, name="log_survival_function", **condition_kwargs):
        return self._conditional(name, value, self._method("_log_survival_function"),
                                 lambda v, **kw: tf.log1p(-self.cdf(v, **kw)),
                                 condition_kwargs)

    def survival_function(self, value, name="survival_function", **condition_kwargs):
        return self._conditional(name, value, self._method("_survival_function"),
                                 lambda v, **kw: 1. - self.cdf(v, **kw), condition_kwargs)


class ConditionalTransformedDistribution(ConditionalDistribution, TransformedDistribution):
    """A TransformedDistribution that allows intrinsic conditioning."""

    # -- public methods: TF's ConditionalDistribution forwards **kwargs to _call_* --------------

    def sample(self, sample_shape=(), seed=None, name="sample", bijector_kwargs=None,
               distribution_kwargs=None):
        with self._name_scope(name, values=[sample_shape]):
            sample_shape = tf.convert_to_tensor(sample_shape, dtype=dtypes.int32,
                                                name="sample_shape")
            sample_shape, n = self._expand_sample_shape_to_vector(sample_shape, "sample_shape")
            x = self._sample_base(n, seed, distribution_kwargs or {})
            final_shape = tf.concat([sample_shape, tf.shape(x)[1:]], 0)
            x = tf.reshape(x, final_shape)
            y = self.bijector.forward(x, **(bijector_kwargs or {}))
            return self._set_sample_static_shape(y, sample_shape)

    def _sample_base(self, n, seed, distribution_kwargs):
        head = [] if self._needs_rotation else [n]
        tail = [n] if self._needs_rotation else []
        sample_shape = tf.concat([tf.convert_to_tensor(v, dtype=dtypes.int32) for v in (
            head, self._override_batch_shape, self._override_event_shape, tail)], 0)
        x = self.distribution.sample(sample_shape=sample_shape, seed=seed,
                                     **distribution_kwargs)
        return self._maybe_rotate_dims(x)

    def _call(self, name, value, fn, bijector_kwargs, distribution_kwargs):
        with self._name_scope(name, values=[value]):
            value = tf.convert_to_tensor(value, name="value", preferred_dtype=self.dtype)
            return fn(value, bijector_kwargs or {}, distribution_kwargs or {})

    def log_prob(self, value, name="log_prob", bijector_kwargs=None, distribution_kwargs=None):
        return self._call(name, value, self._cond_log_prob, bijector_kwargs,
                          distribution_kwargs)

    def prob(self, value, name="prob", bijector_kwargs=None, distribution_kwargs=None):
        return self._call(name, value, self._cond_prob, bijector_kwargs, distribution_kwargs)

    def log_cdf(self, value, name="log_cdf", bijector_kwargs=None, distribution_kwargs=None):
        return self._call(name, value, self._through("log_cdf"), bijector_kwargs,
                          distribution_kwargs)

    def cdf(self, value, name="cdf", bijector_kwargs=None, distribution_kwargs=None):
        return self._call(name, value, self._through("cdf"), bijector_kwargs,
                          distribution_kwargs)

    def log_survival_function(self, value, name="log_survival_function",
                              bijector_kwargs=None, distribution_kwargs=None):
        return self._call(name, value, self._through("log_survival_function"),
                          bijector_kwargs, distribution_kwargs)

    def survival_function(self, value, name="survival_function", bijector_kwargs=None,
                          distribution_kwargs=None):
        return self._call(name, value, self._through("survival_function"), bijector_kwargs,
                          distribution_kwargs)

    def quantile(self, value, name="quantile", bijector_kwargs=None, distribution_kwargs=None):
        def quantile(value, bijector_kwargs, distribution_kwargs):
            self._no_override("quantile")
            inv_cdf = self.distribution.quantile(value, **distribution_kwargs)
            return self.bijector.forward(inv_cdf, **bijector_kwargs)
        return self._call(name, value, quantile, bijector_kwargs, distribution_kwargs)

    # -- implementations ------------------------------------------------------------------------

    def _fibers(self, y, bijector_kwargs):
        x = self.bijector.inverse(y, **bijector_kwargs)
        event_ndims = self._event_ndims()
        ildj = self.bijector.inverse_log_det_jacobian(y, event_ndims=event_ndims,
                                                      **bijector_kwargs)
        if _is_injective(self.bijector):
            return [(x, ildj)]
        return list(zip(x, ildj))

    def _cond_log_prob(self, y, bijector_kwargs, distribution_kwargs):
        lps = []
        for x, ildj in self._fibers(y, bijector_kwargs):
            x = self._maybe_rotate_dims(x, rotate_right=True)
            log_prob = self.distribution.log_prob(x, **distribution_kwargs)
            if self._is_event_override:
                log_prob = tf.reduce_sum(log_prob, self._reduce_event_indices)
            lps.append(ildj + log_prob)
        if len(lps) == 1:
            return lps[0]
        return tf.reduce_logsumexp(tf.stack(lps), axis=0)

    def _cond_prob(self, y, bijector_kwargs, distribution_kwargs):
        probs = []
        for x, ildj in self._fibers(y, bijector_kwargs):
            x = self._maybe_rotate_dims(x, rotate_right=True)
            prob = self.distribution.prob(x, **distribution_kwargs)
            if self._is_event_override:
                prob = tf.reduce_prod(prob, self._reduce_event_indices)
            probs.append(tf.exp(ildj) * prob)
        return probs[0] if len(probs) == 1 else sum(probs)

    def _through(self, method):
        def fn(y, bijector_kwargs, distribution_kwargs):
            self._no_override(method)
            x = self.bijector.inverse(y, **bijector_kwargs)
            return getattr(self.distribution, method)(x, **distribution_kwargs)
        return fn
