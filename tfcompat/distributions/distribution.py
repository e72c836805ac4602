"""`tf.distributions.Distribution`, TF1's base class of probability distributions: public methods
(`sample`, `log_prob`, `cdf`, `entropy`, `mean`, ...) open the distribution's name scope and call
the subclass's `_method`, falling back as TF does (`prob` = exp(`_log_prob`), `stddev` =
sqrt(`_variance`), ...); `sample(sample_shape)` reshapes `_sample_n(n)` to
sample_shape + batch_shape + event_shape with TF's static shapes.
"""
from __future__ import annotations

import contextlib

import numpy as np

import tfcompat as tf
from tfcompat.distributions import kullback_leibler
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value


class ReparameterizationType:
    """Whether samples are a differentiable function of the parameters; instances compare by
    identity (FULLY_REPARAMETERIZED, NOT_REPARAMETERIZED)."""

    def __init__(self, rep_type):
        self._rep_type = rep_type

    def __repr__(self):
        return "<Reparameterization Type: %s>" % self._rep_type

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__


FULLY_REPARAMETERIZED = ReparameterizationType("FULLY_REPARAMETERIZED")
NOT_REPARAMETERIZED = ReparameterizationType("NOT_REPARAMETERIZED")


def _convert_value(value, dtype):
    return tf.convert_to_tensor(value, name="value", preferred_dtype=dtype)


def _not_implemented(method, self):
    return NotImplementedError("%s is not implemented: %s" % (method, type(self).__name__))


class Distribution:
    """A batch of probability distributions of one family, TF1's `tf.distributions` API."""

    def __init__(self, dtype, reparameterization_type, validate_args, allow_nan_stats,
                 parameters=None, graph_parents=None, name=None):
        graph_parents = [] if graph_parents is None else graph_parents
        for i, t in enumerate(graph_parents):
            if t is None or not tf.is_tensor(t):
                raise ValueError("Graph parent item %d is not a Tensor; %s." % (i, t))
        if not name or name[-1] != "/":
            with tf.name_scope(name or type(self).__name__) as name:
                pass
        self._dtype = dtype
        self._reparameterization_type = reparameterization_type
        self._allow_nan_stats = allow_nan_stats
        self._validate_args = validate_args
        self._parameters = dict(parameters or {})
        self._parameters.pop("self", None)
        self._graph_parents = graph_parents
        self._name = name

    @classmethod
    def param_shapes(cls, sample_shape, name="DistributionParamShapes"):
        with tf.name_scope(name, values=[sample_shape]):
            return cls._param_shapes(sample_shape)

    @classmethod
    def param_static_shapes(cls, sample_shape):
        if isinstance(sample_shape, tensor_shape.TensorShape):
            if not sample_shape.is_fully_defined():
                raise ValueError("TensorShape sample_shape must be fully defined")
            sample_shape = sample_shape.as_list()
        static = {}
        for name, shape in cls.param_shapes(sample_shape).items():
            value = constant_value(shape)
            if value is None:
                raise ValueError("sample_shape must be a fully-defined TensorShape or list/tuple")
            static[name] = tensor_shape.TensorShape(value)
        return static

    @staticmethod
    def _param_shapes(sample_shape):
        raise NotImplementedError("_param_shapes not implemented")

    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def parameters(self):
        return {k: v for k, v in self._parameters.items()
                if not k.startswith("__") and k != "self"}

    @property
    def reparameterization_type(self):
        return self._reparameterization_type

    @property
    def allow_nan_stats(self):
        return self._allow_nan_stats

    @property
    def validate_args(self):
        return self._validate_args

    def copy(self, **override_parameters_kwargs):
        return type(self)(**dict(self.parameters, **override_parameters_kwargs))

    # -- shapes ---------------------------------------------------------------------------------

    def _batch_shape_tensor(self):
        raise _not_implemented("batch_shape_tensor", self)

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        with self._name_scope(name):
            if self.batch_shape.is_fully_defined():
                return tf.convert_to_tensor(self.batch_shape.as_list(), dtype=dtypes.int32,
                                            name="batch_shape")
            return self._batch_shape_tensor()

    def _batch_shape(self):
        return tensor_shape.TensorShape(None)

    @property
    def batch_shape(self):
        return tensor_shape.as_shape(self._batch_shape())

    def _event_shape_tensor(self):
        raise _not_implemented("event_shape_tensor", self)

    def event_shape_tensor(self, name="event_shape_tensor"):
        with self._name_scope(name):
            if self.event_shape.is_fully_defined():
                return tf.convert_to_tensor(self.event_shape.as_list(), dtype=dtypes.int32,
                                            name="event_shape")
            return self._event_shape_tensor()

    def _event_shape(self):
        return tensor_shape.TensorShape(None)

    @property
    def event_shape(self):
        return tensor_shape.as_shape(self._event_shape())

    def is_scalar_event(self, name="is_scalar_event"):
        with self._name_scope(name):
            return tf.convert_to_tensor(
                self._is_scalar_helper(self.event_shape, self.event_shape_tensor),
                name="is_scalar_event")

    def is_scalar_batch(self, name="is_scalar_batch"):
        with self._name_scope(name):
            return tf.convert_to_tensor(
                self._is_scalar_helper(self.batch_shape, self.batch_shape_tensor),
                name="is_scalar_batch")

    def _is_scalar_helper(self, static_shape, dynamic_shape_fn):
        if static_shape.ndims is not None:
            return static_shape.ndims == 0
        shape = dynamic_shape_fn()
        if shape.get_shape().ndims is not None and shape.get_shape().dims[0].value is not None:
            return shape.get_shape().as_list() == [0]
        return tf.equal(tf.shape(shape)[0], 0)

    # -- sampling -------------------------------------------------------------------------------

    def _sample_n(self, n, seed=None):
        raise _not_implemented("sample_n", self)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._name_scope(name, values=[sample_shape]):
            sample_shape = tf.convert_to_tensor(sample_shape, dtype=dtypes.int32,
                                                name="sample_shape")
            sample_shape, n = self._expand_sample_shape_to_vector(sample_shape, "sample_shape")
            samples = self._sample_n(n, seed)
            batch_event_shape = tf.shape(samples)[1:]
            final_shape = tf.concat([sample_shape, batch_event_shape], 0)
            samples = tf.reshape(samples, final_shape)
            return self._set_sample_static_shape(samples, sample_shape)

    def _expand_sample_shape_to_vector(self, x, name):
        static = constant_value(x)
        prod = tf.reduce_prod(x) if static is None else np.prod(static, dtype=np.int32)
        ndims = x.get_shape().ndims
        if ndims is None:
            x = tf.reshape(x, tf.where(tf.equal(tf.rank(x), 0), [1], tf.shape(x)))
        elif ndims == 0:
            if static is not None:
                x = tf.convert_to_tensor(np.array([static], dtype=np.int32), name=name)
            else:
                x = tf.reshape(x, [1])
        elif ndims != 1:
            raise ValueError("Input is neither scalar nor vector.")
        return x, prod

    def _set_sample_static_shape(self, x, sample_shape):
        sample_shape = tensor_shape.TensorShape(constant_value(sample_shape))
        ndims, sample_ndims = x.get_shape().ndims, sample_shape.ndims
        batch_ndims, event_ndims = self.batch_shape.ndims, self.event_shape.ndims
        if ndims is None and None not in (sample_ndims, batch_ndims, event_ndims):
            ndims = sample_ndims + batch_ndims + event_ndims
            x.set_shape([None] * ndims)
        if ndims is not None and sample_ndims is not None:
            x.set_shape(x.get_shape().merge_with(
                sample_shape.concatenate([None] * (ndims - sample_ndims))))
        if ndims is not None and event_ndims is not None:
            x.set_shape(x.get_shape().merge_with(tensor_shape.TensorShape(
                [None] * (ndims - event_ndims)).concatenate(self.event_shape)))
        if batch_ndims is not None and ndims is not None:
            if sample_ndims is None and event_ndims is not None:
                sample_ndims = ndims - batch_ndims - event_ndims
            elif event_ndims is None and sample_ndims is not None:
                event_ndims = ndims - batch_ndims - sample_ndims
            if sample_ndims is not None and event_ndims is not None:
                x.set_shape(x.get_shape().merge_with(tensor_shape.TensorShape(
                    [None] * sample_ndims).concatenate(self.batch_shape).concatenate(
                        [None] * event_ndims)))
        return x

    # -- densities, each with TF's fallback -----------------------------------------------------

    def _with_fallback(self, name, value, primary, fallback):
        with self._name_scope(name, values=[value]):
            value = _convert_value(value, self.dtype)
            try:
                return primary(value)
            except NotImplementedError as original:
                try:
                    return fallback(value)
                except NotImplementedError:
                    raise original from None

    def _log_prob(self, value):
        raise _not_implemented("log_prob", self)

    def log_prob(self, value, name="log_prob"):
        return self._with_fallback(name, value, self._log_prob,
                                   lambda v: tf.log(self._prob(v)))

    def _prob(self, value):
        raise _not_implemented("prob", self)

    def prob(self, value, name="prob"):
        return self._with_fallback(name, value, self._prob, lambda v: tf.exp(self._log_prob(v)))

    def _log_cdf(self, value):
        raise _not_implemented("log_cdf", self)

    def log_cdf(self, value, name="log_cdf"):
        return self._with_fallback(name, value, self._log_cdf, lambda v: tf.log(self._cdf(v)))

    def _cdf(self, value):
        raise _not_implemented("cdf", self)

    def cdf(self, value, name="cdf"):
        return self._with_fallback(name, value, self._cdf, lambda v: tf.exp(self._log_cdf(v)))

    def _log_survival_function(self, value):
        raise _not_implemented("log_survival_function", self)

    def log_survival_function(self, value, name="log_survival_function"):
        return self._with_fallback(name, value, self._log_survival_function,
                                   lambda v: tf.log1p(-self.cdf(v)))

    def _survival_function(self, value):
        raise _not_implemented("survival_function", self)

    def survival_function(self, value, name="survival_function"):
        return self._with_fallback(name, value, self._survival_function,
                                   lambda v: 1.0 - self.cdf(v))

    def _quantile(self, value):
        raise _not_implemented("quantile", self)

    def quantile(self, value, name="quantile"):
        with self._name_scope(name, values=[value]):
            return self._quantile(_convert_value(value, self.dtype))

    # -- statistics -----------------------------------------------------------------------------

    def _entropy(self):
        raise _not_implemented("entropy", self)

    def entropy(self, name="entropy"):
        with self._name_scope(name):
            return self._entropy()

    def _mean(self):
        raise _not_implemented("mean", self)

    def mean(self, name="mean"):
        with self._name_scope(name):
            return self._mean()

    def _variance(self):
        raise _not_implemented("variance", self)

    def variance(self, name="variance"):
        with self._name_scope(name):
            try:
                return self._variance()
            except NotImplementedError as original:
                try:
                    return tf.square(self._stddev())
                except NotImplementedError:
                    raise original from None

    def _stddev(self):
        raise _not_implemented("stddev", self)

    def stddev(self, name="stddev"):
        with self._name_scope(name):
            try:
                return self._stddev()
            except NotImplementedError as original:
                try:
                    return tf.sqrt(self._variance())
                except NotImplementedError:
                    raise original from None

    def _covariance(self):
        raise _not_implemented("covariance", self)

    def covariance(self, name="covariance"):
        with self._name_scope(name):
            return self._covariance()

    def _mode(self):
        raise _not_implemented("mode", self)

    def mode(self, name="mode"):
        with self._name_scope(name):
            return self._mode()

    def cross_entropy(self, other, name="cross_entropy"):
        with self._name_scope(name):
            return kullback_leibler.cross_entropy(self, other,
                                                  allow_nan_stats=self.allow_nan_stats)

    def kl_divergence(self, other, name="kl_divergence"):
        with self._name_scope(name):
            return kullback_leibler.kl_divergence(self, other,
                                                  allow_nan_stats=self.allow_nan_stats)

    def __str__(self):
        batch = (", batch_shape=%s" % self.batch_shape) if self.batch_shape.ndims is not None \
            else ""
        event = (", event_shape=%s" % self.event_shape) if self.event_shape.ndims is not None \
            else ""
        return 'tfp.distributions.%s("%s"%s%s, dtype=%s)' % (
            type(self).__name__, self.name, batch, event, self.dtype.name)

    def __repr__(self):
        return "<tfp.distributions.%s '%s' batch_shape=%s event_shape=%s dtype=%s>" % (
            type(self).__name__, self.name, self.batch_shape, self.event_shape,
            self.dtype.name)

    @contextlib.contextmanager
    def _name_scope(self, name=None, values=None):
        with tf.name_scope(self.name):
            with tf.name_scope(name, values=(values or []) + self._graph_parents) as scope:
                yield scope
