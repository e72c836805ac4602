"""`tf.contrib.distributions.percentile` as TF 1.15's contrib sample_stats.py builds it: sort
with top_k, pick the index for `interpolation` ("nearest" rounds half to even)."""
from __future__ import annotations

import numpy as np

import tfcompat as tf


def _static_ndims(x, expect_static=False, expect_ndims=None, at_least=None, no_more_than=None):
    ndims = x.shape.ndims
    if ndims is None:
        if expect_static:
            raise ValueError("Expected argument 'x' to have statically defined 'ndims'.  "
                             "Found: %s" % x)
        return None
    if expect_ndims is not None and ndims != expect_ndims:
        raise ValueError("Expected argument 'x' to have ndims %s.  Found tensor %s"
                         % (expect_ndims, x))
    if at_least is not None and ndims < at_least:
        raise ValueError("Expected argument 'x' to have ndims >= %d.  Found tensor %s"
                         % (at_least, x))
    if no_more_than is not None and ndims > no_more_than:
        raise ValueError("Expected argument 'x' to have ndims <= %d.  Found tensor %s"
                         % (no_more_than, x))
    return ndims


def _non_negative(axis, ndims):
    out = []
    for d in axis:
        if d >= ndims:
            raise ValueError("dim %d not in the interval [0, %d]." % (d, ndims - 1))
        if d < -ndims:
            raise ValueError("Negatively indexed dim %d not in the interval [-%d, -1]"
                             % (d, ndims))
        out.append(d if d >= 0 else ndims + d)
    return out


def _move_dims_to_flat_end(x, axis, x_ndims):
    front = sorted(set(range(x_ndims)).difference(axis))
    permed = tf.transpose(x, perm=front + list(axis))
    if x.shape.is_fully_defined():
        dims = x.shape.as_list()
        full = [dims[i] for i in front] + [int(np.prod([dims[i] for i in axis]))]
    else:
        full = tf.concat([tf.shape(permed)[:x_ndims - len(axis)], [-1]], axis=0)
    return tf.reshape(permed, full)


def percentile(x, q, axis=None, interpolation=None, keep_dims=False, validate_args=False,
               name=None):
    """TF 1.15 `tf.contrib.distributions.percentile`."""
    allowed = {"lower", "higher", "nearest"}
    if interpolation is None:
        interpolation = "nearest"
    elif interpolation not in allowed:
        raise ValueError("Argument 'interpolation' must be in %s.  Found %s"
                         % (allowed, interpolation))
    with tf.name_scope(name or "percentile", values=[x, q]):
        x = tf.convert_to_tensor(x, name="x")
        q = tf.to_float(q, name="q")
        _static_ndims(q, expect_ndims=0)
        if validate_args:
            q = _with_checks(q)
        if axis is None:
            y = tf.reshape(x, [-1])
        else:
            axis = tf.convert_to_tensor(axis, name="axis")
            axis_ndims = _static_ndims(axis, expect_static=True, no_more_than=1)
            value = tf.get_static_value(axis)
            if value is None:
                raise ValueError("Expected argument 'axis' to be statically available.  "
                                 "Found: %s" % axis)
            axis = [int(value)] if axis_ndims == 0 else [int(a) for a in value]
            x_ndims = _static_ndims(x, expect_static=True, at_least=1)
            axis = _non_negative(axis, x_ndims)
            y = _move_dims_to_flat_end(x, axis, x_ndims)
        frac = 1. - q / 100.
        d = tf.to_float(tf.shape(y)[-1])
        index = {"lower": tf.ceil, "higher": tf.floor, "nearest": tf.round}[interpolation](
            (d - 1) * frac)
        sorted_y, _ = tf.nn.top_k(y, k=tf.shape(y)[-1])
        result = sorted_y[..., tf.to_int32(index)]
        result.set_shape(y.shape[:-1])
        if keep_dims:
            if axis is None:
                ndims = _static_ndims(x)
                ones = tf.ones(shape=[ndims if ndims is not None else tf.rank(x)],
                               dtype=tf.int32)
                result *= tf.ones(ones, dtype=x.dtype)
            else:
                for i in sorted(axis):
                    result = tf.expand_dims(result, axis=i)
        return result


def _with_checks(q):
    checks = [tf.assert_rank(q, 0), tf.assert_greater_equal(q, 0.), tf.assert_less_equal(q, 100.)]
    with tf.control_dependencies(checks):
        return tf.identity(q)
