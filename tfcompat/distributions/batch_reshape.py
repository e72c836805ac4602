"""`tf.contrib.distributions.BatchReshape` (TF 1.15): reshapes the batch dimensions of another
distribution (up to one -1), checking statically what it can and, with validate_args, at run
time; log_prob & co. reshape their input to the wrapped batch shape and the result back."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import distribution
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import get_static_value
from tfcompat.framework.tensor_util import public_constant_value_as_shape


class BatchReshape(distribution.Distribution):
    """The Batch-Reshaping distribution."""

    def __init__(self, distribution, batch_shape, validate_args=False, allow_nan_stats=True,
                 name=None):
        parameters = dict(locals())
        name = name or "BatchReshape" + distribution.name
        with tf.name_scope(name, values=[batch_shape]) as name:
            self._batch_shape_unexpanded = tf.convert_to_tensor(
                batch_shape, dtype=dtypes.int32, name="batch_shape")
            validate_init_args_statically(distribution, self._batch_shape_unexpanded)
            batch_shape, batch_shape_static, runtime_assertions = calculate_reshape(
                distribution.batch_shape_tensor(), self._batch_shape_unexpanded, validate_args)
            self._distribution = distribution
            self._batch_shape_ = batch_shape
            self._batch_shape_static = batch_shape_static
            self._runtime_assertions = runtime_assertions
            super().__init__(dtype=distribution.dtype,
                             reparameterization_type=distribution.reparameterization_type,
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             parameters=parameters,
                             graph_parents=([self._batch_shape_unexpanded]
                                            + list(distribution._graph_parents)),
                             name=name)

    @property
    def distribution(self):
        return self._distribution

    def _batch_shape_tensor(self):
        with tf.control_dependencies(self._runtime_assertions):
            return tf.identity(self._batch_shape_)

    def _batch_shape(self):
        return self._batch_shape_static

    def _event_shape_tensor(self):
        with tf.control_dependencies(self._runtime_assertions):
            return tf.identity(self.distribution.event_shape_tensor())

    def _event_shape(self):
        return self.distribution.event_shape

    def _sample_n(self, n, seed=None):
        with tf.control_dependencies(self._runtime_assertions):
            x = self.distribution.sample(sample_shape=n, seed=seed)
            new_shape = tf.concat([[n], self._batch_shape_unexpanded,
                                   self.event_shape_tensor()], axis=0)
            return tf.reshape(x, new_shape)

    def _log_prob(self, x):
        return self._call_reshape_input_output(self.distribution.log_prob, x)

    def _prob(self, x):
        return self._call_reshape_input_output(self.distribution.prob, x)

    def _log_cdf(self, x):
        return self._call_reshape_input_output(self.distribution.log_cdf, x)

    def _cdf(self, x):
        return self._call_reshape_input_output(self.distribution.cdf, x)

    def _log_survival_function(self, x):
        return self._call_reshape_input_output(self.distribution.log_survival_function, x)

    def _survival_function(self, x):
        return self._call_reshape_input_output(self.distribution.survival_function, x)

    def _entropy(self):
        return self._call_and_reshape_output(self.distribution.entropy, [],
                                             [tensor_shape.TensorShape([])])

    def _mean(self):
        return self._call_and_reshape_output(self.distribution.mean)

    def _mode(self):
        return self._call_and_reshape_output(self.distribution.mode)

    def _stddev(self):
        return self._call_and_reshape_output(self.distribution.stddev)

    def _variance(self):
        return self._call_and_reshape_output(self.distribution.variance)

    def _covariance(self):
        return self._call_and_reshape_output(self.distribution.covariance,
                                             [self.event_shape_tensor()] * 2,
                                             [self.event_shape] * 2)

    def _ndims(self, x):
        x_ndims = tf.rank(x) if x.shape.ndims is None else x.shape.ndims
        event_ndims = (tf.size(self.event_shape_tensor()) if self.event_shape.ndims is None
                       else self.event_shape.ndims)
        batch_ndims = (tf.size(self._batch_shape_unexpanded) if self.batch_shape.ndims is None
                       else self.batch_shape.ndims)
        return x_ndims, event_ndims, batch_ndims

    def _sample_shape(self, x):
        """Computes graph and static `sample_shape`."""
        x_ndims, event_ndims, batch_ndims = self._ndims(x)
        sample_ndims = x_ndims - batch_ndims - event_ndims
        if isinstance(sample_ndims, int):
            static_sample_shape = x.shape[:sample_ndims]
        else:
            static_sample_shape = tensor_shape.TensorShape(None)
        if static_sample_shape.is_fully_defined():
            sample_shape = np.int32(static_sample_shape.as_list())
        else:
            sample_shape = tf.shape(x)[:sample_ndims]
        return sample_shape, static_sample_shape

    def _call_reshape_input_output(self, fn, x):
        """Calls `fn`, appropriately reshaping its input `x` and output."""
        with tf.control_dependencies(self._runtime_assertions + self._validate_sample_arg(x)):
            sample_shape, static_sample_shape = self._sample_shape(x)
            old_shape = tf.concat([sample_shape, self.distribution.batch_shape_tensor(),
                                   self.event_shape_tensor()], axis=0)
            source = fn(tf.reshape(x, old_shape))
            new_shape = tf.concat([sample_shape, self._batch_shape_unexpanded], axis=0)
            result = tf.reshape(source, new_shape)
            if static_sample_shape.ndims is not None and self.batch_shape.ndims is not None:
                new_shape = static_sample_shape.concatenate(self.batch_shape)
                result.set_shape(result.shape.merge_with(new_shape))
            _infer_one_unknown(result, source)
            return result

    def _call_and_reshape_output(self, fn, event_shape_list=None,
                                 static_event_shape_list=None):
        """Calls `fn` and appropriately reshapes its output."""
        with tf.control_dependencies(self._runtime_assertions):
            if event_shape_list is None:
                event_shape_list = [self._event_shape_tensor()]
            if static_event_shape_list is None:
                static_event_shape_list = [self.event_shape]
            new_shape = tf.concat([self._batch_shape_unexpanded] + event_shape_list, axis=0)
            source = fn()
            result = tf.reshape(source, new_shape)
            if self.batch_shape.ndims is not None and self.event_shape.ndims is not None:
                event_shape = tensor_shape.TensorShape([])
                for rss in static_event_shape_list:
                    event_shape = event_shape.concatenate(rss)
                result.set_shape(result.shape.merge_with(
                    self.batch_shape.concatenate(event_shape)))
            _infer_one_unknown(result, source)
            return result

    def _validate_sample_arg(self, x):
        """Helper which validates sample arg, e.g., input to `log_prob`."""
        with tf.name_scope(name="validate_sample_arg", values=[x]):
            x_ndims, event_ndims, batch_ndims = self._ndims(x)
            expected_ndims = batch_ndims + event_ndims
            ndims_assertion = []
            if isinstance(x_ndims, int) and isinstance(expected_ndims, int):
                if x_ndims < expected_ndims:
                    raise NotImplementedError(
                        "Broadcasting is not supported; too few batch and event dims "
                        "(expected at least {}, saw {}).".format(expected_ndims, x_ndims))
            elif self.validate_args:
                ndims_assertion = [tf.assert_greater_equal(
                    x_ndims, expected_ndims,
                    message="Broadcasting is not supported; too few batch and event dims.",
                    name="assert_batch_and_event_ndims_large_enough")]
            return self._shape_assertions(x, x_ndims, expected_ndims, ndims_assertion)

    def _shape_assertions(self, x, x_ndims, expected_ndims, ndims_assertion):
        if self.batch_shape.is_fully_defined() and self.event_shape.is_fully_defined():
            expected = np.int32(self.batch_shape.concatenate(self.event_shape).as_list())
        else:
            expected = tf.concat([self.batch_shape_tensor(), self.event_shape_tensor()], axis=0)
        sample_ndims = x_ndims - expected_ndims
        if isinstance(sample_ndims, int):
            sample_ndims = max(sample_ndims, 0)
        if isinstance(sample_ndims, int) and x.shape[sample_ndims:].is_fully_defined():
            actual = np.int32(x.shape[sample_ndims:].as_list())
        else:
            sample_ndims = tf.maximum(sample_ndims, 0)
            actual = tf.shape(x)[sample_ndims:]
        if isinstance(expected, np.ndarray) and isinstance(actual, np.ndarray):
            if expected.shape != actual.shape or any(expected != actual):
                raise NotImplementedError(
                    "Broadcasting is not supported; unexpected batch and event shape "
                    "(expected {}, saw {}).".format(expected, actual))
            return ndims_assertion
        if self.validate_args:
            with tf.control_dependencies(ndims_assertion):
                return [tf.assert_equal(
                    expected, actual,
                    message="Broadcasting is not supported; unexpected batch and event shape.",
                    name="assert_batch_and_event_shape_same")]
        return []


def _infer_one_unknown(result, source):
    """TF's Reshape shape function fills the one unknown output dim from a fully defined input;
    tfcompat's build-time folding of the shape stops at the control dependencies used here."""
    dims = result.shape.as_list() if result.shape.ndims is not None else None
    if dims is None or dims.count(None) != 1 or not source.shape.is_fully_defined():
        return
    known = int(np.prod([d for d in dims if d is not None]))
    total = source.shape.num_elements()
    if known and total % known == 0:
        dims[dims.index(None)] = total // known
        result.set_shape(dims)


def _constant_value_as_shape(shape):
    """TF's Python constant_value_as_shape: a constant's negative entries are unknown dims."""
    value = get_static_value(shape)
    if value is not None and shape.shape.ndims == 1:
        return tensor_shape.TensorShape([d if d >= 0 else None for d in value.tolist()])
    return public_constant_value_as_shape(shape)


def calculate_reshape(original_shape, new_shape, validate=False, name=None):
    """Calculates the reshaped dimensions (replacing up to one -1 in reshape)."""
    batch_shape_static = _constant_value_as_shape(new_shape)
    if batch_shape_static.is_fully_defined():
        return np.int32(batch_shape_static.as_list()), batch_shape_static, []
    with tf.name_scope(name, "calculate_reshape", [original_shape, new_shape]):
        original_size = tf.reduce_prod(original_shape)
        implicit_dim = tf.equal(new_shape, -1)
        size_implicit_dim = original_size // tf.maximum(1, -tf.reduce_prod(new_shape))
        new_ndims = tf.shape(new_shape)
        expanded_new_shape = tf.where_v2(implicit_dim, tf.fill(new_ndims, size_implicit_dim),
                                         new_shape)
        validations = [] if not validate else [
            tf.assert_rank(original_shape, 1, message="Original shape must be a vector."),
            tf.assert_rank(new_shape, 1, message="New shape must be a vector."),
            tf.assert_less_equal(tf.count_nonzero(implicit_dim, dtype=dtypes.int32), 1,
                                 message="At most one dimension can be unknown."),
            tf.assert_positive(expanded_new_shape, message="Shape elements must be >=-1."),
            tf.assert_equal(tf.reduce_prod(expanded_new_shape), original_size,
                            message="Shape sizes do not match."),
        ]
        return expanded_new_shape, batch_shape_static, validations


def validate_init_args_statically(distribution, batch_shape):
    """Helper to __init__ which makes or raises assertions."""
    if batch_shape.shape.ndims is not None and batch_shape.shape.ndims != 1:
        raise ValueError("`batch_shape` must be a vector "
                         "(saw rank: {}).".format(batch_shape.shape.ndims))
    batch_shape_static = _constant_value_as_shape(batch_shape)
    batch_size_static = batch_shape_static.num_elements()
    dist_batch_size_static = distribution.batch_shape.num_elements()
    if batch_size_static is not None and dist_batch_size_static is not None:
        if batch_size_static != dist_batch_size_static:
            raise ValueError("`batch_shape` size ({}) must match `distribution.batch_shape` "
                             "size ({}).".format(batch_size_static, dist_batch_size_static))
    if batch_shape_static.dims is not None:
        if any(dim.value is not None and dim.value < 1 for dim in batch_shape_static.dims):
            raise ValueError("`batch_shape` elements must be >=-1.")
