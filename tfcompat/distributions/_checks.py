"""TF's distribution_util checks embedded with `validate_args=True`: probabilities in range,
integer-valued events and counts, and categorical parameters with at least two classes (the
assertions run with the tensor they guard, as TF's with_dependencies makes them)."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.framework import dtypes
from tfcompat.ops.control_flow_ops import with_dependencies

_UNSIGNED = (dtypes.bool, dtypes.uint8, dtypes.uint16)
_SIGNED = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16,
           dtypes.int32, dtypes.int64)
_INT_OF_FLOAT = {dtypes.float16: dtypes.int16, dtypes.float32: dtypes.int32,
                 dtypes.float64: dtypes.int64}


def _known(dt):
    if dt.base_dtype not in _UNSIGNED + _SIGNED:
        raise TypeError("Unrecognized dtype: {}".format(dt.name))


def _largest_integer(dt):
    """The largest integer `dt` holds exactly (2**(mantissa bits + 1) for floats)."""
    _known(dt)
    if dt.is_floating:
        return int(2 ** (np.finfo(dt.as_numpy_dtype).nmant + 1))
    if dt.base_dtype == dtypes.bool:
        return 1
    return int(np.iinfo(dt.as_numpy_dtype).max)


def _smallest_integer(dt):
    _known(dt)
    return 0 if dt.base_dtype in _UNSIGNED else -_largest_integer(dt)


def _integer_like(dt):
    _known(dt)
    return dt.is_integer or dt.base_dtype == dtypes.bool


def assert_integer_form(x, message=None, int_dtype=None, name="assert_integer_form"):
    """x == cast(cast(x, int_dtype), x.dtype) elementwise (a no-op for integer x)."""
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        if x.dtype.is_integer:
            return tf.no_op()
        message = message or "{} has non-integer components".format(x)
        if int_dtype is None:
            if x.dtype.base_dtype not in _INT_OF_FLOAT:
                raise TypeError("Unrecognized type {}".format(x.dtype.name))
            int_dtype = _INT_OF_FLOAT[x.dtype.base_dtype]
        return tf.assert_equal(x, tf.cast(tf.cast(x, int_dtype), x.dtype), message=message,
                               name=name)


def embed_check_nonnegative_integer_form(x, name="embed_check_nonnegative_integer_form"):
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        assertions = [tf.assert_non_negative(x, message="'{}' must be non-negative.".format(x))]
        if not x.dtype.is_integer:
            assertions.append(assert_integer_form(
                x, message="'{}' cannot contain fractional components.".format(x)))
        return with_dependencies(assertions, x)


def embed_check_categorical_event_shape(categorical_param,
                                        name="embed_check_categorical_event_shape"):
    """At least 2 classes, and no more than the parameter's dtype counts exactly."""
    with tf.name_scope(name, values=[categorical_param]):
        x = tf.convert_to_tensor(categorical_param, name="categorical_param")
        x_dtype = x.dtype.base_dtype
        max_event_size = _largest_integer(x_dtype) if x_dtype.is_floating else 0
        if max_event_size == 0:
            raise TypeError("Unable to validate size of unrecognized dtype "
                            "({}).".format(x_dtype.name))
        try:
            static = x.get_shape().with_rank_at_least(1)
        except ValueError:
            raise ValueError("A categorical-distribution parameter must have at least 1 "
                             "dimension.") from None
        if static.ndims is not None and static.dims[-1].value is not None:
            event_size = static.dims[-1].value
            if event_size < 2:
                raise ValueError("A categorical-distribution parameter must have at least 2 "
                                 "events.")
            if event_size > max_event_size:
                raise ValueError("Number of classes exceeds `dtype` precision, i.e., {} implies "
                                 "shape ({}) cannot exceed {}.".format(x_dtype.name, event_size,
                                                                       max_event_size))
            return x
        event_size = tf.shape(x, name="x_shape")[-1]
        return with_dependencies([
            tf.assert_rank_at_least(x, 1, message="A categorical-distribution parameter must "
                                    "have at least 1 dimension."),
            tf.assert_greater_equal(tf.shape(x)[-1], 2, message="A categorical-distribution "
                                    "parameter must have at least 2 events."),
            tf.assert_less_equal(event_size, max_event_size, message="Number of classes exceeds "
                                 "`dtype` precision, i.e., {} dtype cannot exceed {} shape."
                                 .format(x_dtype.name, max_event_size)),
        ], x)


def _casting_checked(x, target_dtype):
    if not _integer_like(x.dtype) and not x.dtype.is_floating:
        raise TypeError("{}.dtype must be floating- or integer-type.".format(x.dtype.name))
    if not _integer_like(target_dtype) and not target_dtype.is_floating:
        raise TypeError("target_dtype ({}) must be floating- or integer-type."
                        .format(target_dtype.name))
    if not _integer_like(x.dtype) and not _integer_like(target_dtype):
        raise TypeError("At least one of {}.dtype ({}) and target_dtype ({}) must be "
                        "integer-type.".format(x, x.dtype.name, target_dtype.name))


def embed_check_integer_casting_closed(x, target_dtype, assert_nonnegative=True,
                                       name="embed_check_casting_closed"):
    """x keeps its integer values when cast to `target_dtype` and back."""
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        _casting_checked(x, target_dtype)
        assertions = []
        if assert_nonnegative:
            assertions.append(tf.assert_non_negative(x, message="Elements must be "
                                                     "non-negative."))
        if x.dtype.is_floating:
            assertions.append(assert_integer_form(
                x, int_dtype=target_dtype,
                message="Elements must be {}-equivalent.".format(target_dtype.name)))
        else:
            largest = _largest_integer(target_dtype)
            if _largest_integer(x.dtype) > largest:
                assertions.append(tf.assert_less_equal(
                    x, largest, message="Elements cannot exceed {}.".format(largest)))
            smallest = _smallest_integer(target_dtype)
            if not assert_nonnegative and _smallest_integer(x.dtype) < smallest:
                assertions.append(tf.assert_greater_equal(
                    x, smallest, message="Elements cannot be smaller than {}.".format(smallest)))
        if not assertions:
            return x
        return with_dependencies(assertions, x)
