"""Helpers of TF's distributions (distribution_util, special_math): logits/probs conversion,
log multinomial coefficients, derived sampling seeds and the normal CDF in log space."""
from __future__ import annotations

import hashlib

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _checks
from tfcompat.framework import dtypes
from tfcompat.ops.control_flow_ops import with_dependencies

# where log_ndtr switches to -ndtr(-x) (above) and to its asymptotic series (below)
_LOG_NDTR_SEGMENTS = {dtypes.float64: (-20.0, 8.0), dtypes.float32: (-10.0, 5.0)}


def get_logits_and_probs(logits=None, probs=None, multidimensional=False, validate_args=False,
                         name=None, dtype=None):
    """(logits, probs) from exactly one of them: sigmoid/softmax one way, log-odds or log the
    other."""
    with tf.name_scope(name, "get_logits_and_probs", values=[probs, logits]):
        if (probs is None) == (logits is None):
            raise ValueError("Must pass probs or logits, but not both.")
        if probs is None:
            logits = tf.convert_to_tensor(logits, name="logits", dtype=dtype)
            if not logits.dtype.is_floating:
                raise TypeError("logits must having floating type.")
            if multidimensional:
                if validate_args:
                    logits = _checks.embed_check_categorical_event_shape(logits)
                return logits, tf.nn.softmax(logits, name="probs")
            return logits, tf.sigmoid(logits, name="probs")
        probs = tf.convert_to_tensor(probs, name="probs", dtype=dtype)
        if not probs.dtype.is_floating:
            raise TypeError("probs must having floating type.")
        if validate_args:
            probs = _validated_probs(probs, multidimensional)
        with tf.name_scope("logits"):
            if multidimensional:
                return tf.log(probs), probs
            return tf.log(probs) - tf.log1p(-1.0 * probs), probs


def _validated_probs(probs, multidimensional):
    """probs >= 0, and summing to 1 over classes (multidimensional) or <= 1 each."""
    with tf.name_scope("validate_probs"):
        one = tf.constant(1.0, probs.dtype)
        dependencies = [tf.assert_non_negative(probs)]
        if multidimensional:
            probs = _checks.embed_check_categorical_event_shape(probs)
            dependencies.append(tf.assert_near(tf.reduce_sum(probs, -1), one,
                                               message="probs does not sum to 1."))
        else:
            dependencies.append(tf.assert_less_equal(
                probs, one, message="probs has components greater than 1."))
        return with_dependencies(dependencies, probs)


def log_combinations(n, counts, name="log_combinations"):
    """log(n! / prod(counts!)) over the last axis of `counts`."""
    with tf.name_scope(name, values=[n, counts]):
        n = tf.convert_to_tensor(n, name="n")
        counts = tf.convert_to_tensor(counts, name="counts")
        return tf.lgamma(n + 1) - tf.reduce_sum(tf.lgamma(counts + 1), axis=[-1])


def gen_new_seed(seed, salt):
    """TF's derived op seed for a second random op of one sample (md5 of seed and salt)."""
    if seed is None:
        return None
    digest = hashlib.md5((str(seed) + salt).encode("utf-8")).hexdigest()
    return int(digest[:8], 16) & 0x7FFFFFFF


def _check_float(x, message):
    # TF's special_math accepts float32/float64 only: half raises TypeError at build time
    if x.dtype.base_dtype not in (dtypes.float32, dtypes.float64):
        raise TypeError(message % x.dtype)


def ndtr(x, name="ndtr"):
    """The standard normal CDF from erf/erfc, accurate in both tails (TF's special_math)."""
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        _check_float(x, "x.dtype=%s is not handled, see docstring for supported types.")
        return _ndtr(x)


def _ndtr(x):
    half_sqrt_2 = tf.constant(0.5 * np.sqrt(2.0), dtype=x.dtype, name="half_sqrt_2")
    w = x * half_sqrt_2
    z = tf.abs(w)
    y = tf.where_v2(tf.less(z, half_sqrt_2), 1.0 + tf.erf(w),
                    tf.where_v2(tf.greater(w, 0.0), 2.0 - tf.erfc(z), tf.erfc(z)))
    return 0.5 * y


def log_ndtr(x, series_order=3, name="log_ndtr"):
    """log(ndtr(x)), with an asymptotic series far in the lower tail."""
    if not isinstance(series_order, int):
        raise TypeError("series_order must be a Python integer.")
    if series_order < 0:
        raise ValueError("series_order must be non-negative.")
    if series_order > 30:
        raise ValueError("series_order must be <= 30.")
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        _check_float(x, "x.dtype=%s is not supported.")
        lower, upper = _LOG_NDTR_SEGMENTS[x.dtype.base_dtype]
        return tf.where_v2(
            tf.greater(x, upper), -_ndtr(-x),
            tf.where_v2(tf.greater(x, lower), tf.log(_ndtr(tf.maximum(x, lower))),
                        _log_ndtr_lower(tf.minimum(x, lower), series_order)))


def _log_ndtr_lower(x, series_order):
    x_2 = tf.square(x)
    log_scale = -0.5 * x_2 - tf.log(-x) - 0.5 * np.log(2.0 * np.pi)
    return log_scale + tf.log(_log_ndtr_asymptotic_series(x, series_order))


def _log_ndtr_asymptotic_series(x, series_order):
    np_dtype = x.dtype.as_numpy_dtype
    if series_order <= 0:
        return np.array(1, np_dtype)
    x_2 = tf.square(x)
    even_sum, odd_sum, x_2n = tf.zeros_like(x), tf.zeros_like(x), x_2
    for n in range(1, series_order + 1):
        y = np.array(np.prod(np.arange(2 * n - 1, 1, -2)), np_dtype) / x_2n
        if n % 2:
            odd_sum += y
        else:
            even_sum += y
        x_2n *= x_2
    return 1.0 + even_sum - odd_sum


def log_cdf_laplace(x):
    """log of the standard Laplace CDF, stable in both tails."""
    lower_solution = -np.log(2.0) + x
    upper_solution = tf.log1p(-0.5 * tf.exp(-tf.abs(x)))
    return tf.where_v2(x < 0.0, lower_solution, upper_solution)


def nan_where(condition, value, dtype):
    """`value` where `condition`, else NaN (the allow_nan_stats statistics)."""
    nan = tf.fill(tf.shape(value), np.array(np.nan, dtype=dtype.as_numpy_dtype), name="nan")
    return tf.where_v2(condition, value, nan)
