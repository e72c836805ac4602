"""TF 1.15 contrib.distributions.auto_correlation (sample_stats.py): the auto correlation of a
sequence along one axis, through zero padding and FFT (the Wiener-Khinchin theorem); and the
moving statistics of moving_stats.py (assign_moving_mean_variance, assign_log_moving_mean_exp,
moving_mean_variance) and seed_stream.py's SeedStream."""
from __future__ import annotations

import hashlib

import numpy as np

import tfcompat as tf
from tfcompat.framework.tensor_util import constant_value


def _rotate_transpose(x, shift):
    """Rolls the dims of `x` right by `shift` (static rank only)."""
    rank = x.shape.ndims
    perm = np.roll(np.arange(rank), shift).tolist()
    return x if perm == list(range(rank)) else tf.transpose(x, perm)


def _static_or_dynamic_len(x):
    value = x.shape[-1].value
    return tf.shape(x)[-1] if value is None else value


def auto_correlation(x, axis=-1, max_lags=None, center=True, normalize=True,
                     name="auto_correlation"):
    """rxx[m] = (L - m)**-1 sum_n w[n + m] Conj(w[n]), w = (x - mean) / stddev, for
    m = 0 .. max_lags along `axis`."""
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        rank = x.shape.ndims
        if rank is None:
            raise NotImplementedError("tfcompat's auto_correlation needs `x` of static rank.")
        if axis < 0:
            axis = rank + axis
        shift = rank - 1 - axis
        x_rotated = _rotate_transpose(x, shift)
        if center:
            x_rotated -= tf.reduce_mean(x_rotated, axis=-1, keepdims=True)
        x_len = _static_or_dynamic_len(x_rotated)
        x_len_float64 = tf.cast(x_len, np.float64)
        target_length = tf.pow(np.float64(2.),
                               tf.ceil(tf.log(x_len_float64 * 2) / np.log(2.)))
        pad_length = tf.cast(target_length - x_len_float64, np.int32)
        paddings = tf.concat([tf.zeros([rank - 1, 2], tf.int32),
                              tf.stack([[0, pad_length]])], axis=0)
        x_rotated_pad = tf.pad(x_rotated, paddings)
        dtype = x.dtype
        if not dtype.is_complex:
            if not dtype.is_floating:
                raise TypeError("Argument x must have either float or complex dtype found: "
                                "{}".format(dtype))
            x_rotated_pad = tf.complex(x_rotated_pad, dtype.real_dtype.as_numpy_dtype(0.))
        fft_x_rotated_pad = tf.fft(x_rotated_pad)
        spectral_density = fft_x_rotated_pad * tf.conj(fft_x_rotated_pad)
        shifted_product = tf.ifft(spectral_density)
        if not dtype.is_complex:
            # (TF casts the complex product to the real dtype: its real part)
            shifted_product = tf.real(shifted_product)
        know_static_shape = x_rotated.shape.is_fully_defined()
        if max_lags is None:
            max_lags = x_len - 1
        else:
            max_lags = tf.convert_to_tensor(max_lags, name="max_lags")
            max_lags_ = constant_value(max_lags)
            if max_lags_ is None or not know_static_shape:
                know_static_shape = False
                max_lags = tf.minimum(x_len - 1, max_lags)
            else:
                max_lags = min(x_len - 1, int(max_lags_))
        shifted_product_chopped = shifted_product[..., :max_lags + 1]
        if know_static_shape:
            chopped_shape = x_rotated.shape.as_list()
            chopped_shape[-1] = min(x_len, max_lags + 1)
            shifted_product_chopped.set_shape(chopped_shape)
        x_len = tf.cast(x_len, dtype.real_dtype)
        max_lags = tf.cast(max_lags, dtype.real_dtype)
        denominator = tf.cast(x_len - tf.range(0., max_lags + 1.), dtype)
        shifted_product_rotated = shifted_product_chopped / denominator
        if normalize:
            shifted_product_rotated /= shifted_product_rotated[..., :1]
        return _rotate_transpose(shifted_product_rotated, -shift)


def assign_moving_mean_variance(mean_var, variance_var, value, decay, name=None):
    """Updates the exponentially weighted moving mean and variance variables by `value`:
    variance = decay (variance + (1 - decay) (value - mean)**2), mean = decay mean +
    (1 - decay) value (the variance uses the lag-1 mean)."""
    with tf.name_scope(name, "assign_moving_mean_variance",
                       [variance_var, mean_var, value, decay]):
        with tf.colocate_with(variance_var), tf.colocate_with(mean_var):
            base_dtype = mean_var.dtype.base_dtype
            if not base_dtype.is_floating:
                raise TypeError("mean_var.base_dtype({}) does not have float type "
                                "`dtype`.".format(base_dtype.name))
            if base_dtype != variance_var.dtype.base_dtype:
                raise TypeError("mean_var.base_dtype({}) != variance_var.base_dtype({})".format(
                    base_dtype.name, variance_var.dtype.base_dtype.name))
            value = tf.convert_to_tensor(value, dtype=base_dtype, name="value")
            decay = tf.convert_to_tensor(decay, dtype=base_dtype, name="decay")
            delta = value - mean_var
            with tf.control_dependencies([delta]):
                mean_var = tf.assign_add(mean_var, (1. - decay) * delta)
                variance_var = tf.assign_sub(
                    variance_var, (1. - decay) * (variance_var - decay * tf.square(delta)))
            return mean_var, variance_var


def assign_log_moving_mean_exp(log_mean_exp_var, log_value, decay, name=None):
    """Updates `log_mean_exp_var` to log(decay exp(log_mean_exp_var) + (1 - decay)
    exp(log_value)), stably, by one assign_add."""
    with tf.name_scope(name, "assign_log_moving_mean_exp", [log_mean_exp_var, log_value, decay]):
        with tf.colocate_with(log_mean_exp_var):
            base_dtype = log_mean_exp_var.dtype.base_dtype
            if not base_dtype.is_floating:
                raise TypeError("log_mean_exp_var.base_dtype({}) does not have float type "
                                "`dtype`.".format(base_dtype.name))
            log_value = tf.convert_to_tensor(log_value, dtype=base_dtype, name="log_value")
            decay = tf.convert_to_tensor(decay, dtype=base_dtype, name="decay")
            delta = (log_value - log_mean_exp_var)[tf.newaxis, ...]
            x = tf.concat([tf.log(decay) * tf.ones_like(delta), delta + tf.log1p(-decay)],
                          axis=0)
            x = tf.reduce_logsumexp(x, axis=0)
            return log_mean_exp_var.assign_add(x)


def moving_mean_variance(value, decay, collections=None, name=None):
    """assign_moving_mean_variance on zero-initialized, non-trainable `moving_mean` /
    `moving_variance` variables made in a `moving_mean_variance` variable scope."""
    if collections is None:
        collections = [tf.GraphKeys.GLOBAL_VARIABLES]
    with tf.variable_scope(name, "moving_mean_variance", [value, decay]):
        value = tf.convert_to_tensor(value, name="value")
        base_dtype = value.dtype.base_dtype
        if not base_dtype.is_floating:
            raise TypeError("value.base_dtype({}) does not have float type `dtype`.".format(
                base_dtype.name))
        decay = tf.convert_to_tensor(decay, dtype=base_dtype, name="decay")
        variance_var = tf.get_variable("moving_variance", shape=value.shape, dtype=value.dtype,
                                       initializer=tf.zeros_initializer(), trainable=False,
                                       collections=collections)
        mean_var = tf.get_variable("moving_mean", shape=value.shape, dtype=value.dtype,
                                   initializer=tf.zeros_initializer(), trainable=False,
                                   collections=collections)
        return assign_moving_mean_variance(mean_var, variance_var, value, decay)


class SeedStream:
    """A stream of op seeds derived from `seed` and `salt` (sha512 of (seed, counter, salt));
    None when `seed` is None."""

    def __init__(self, seed, salt):
        self._seed = seed.original_seed if isinstance(seed, SeedStream) else seed
        self._salt = salt
        self._counter = 0

    def __call__(self):
        self._counter += 1
        if self._seed is None:
            return None
        composite = str((self._seed, self._counter, self._salt)).encode("utf-8")
        return int(hashlib.sha512(composite).hexdigest(), 16)

    @property
    def original_seed(self):
        return self._seed

    @property
    def salt(self):
        return self._salt
