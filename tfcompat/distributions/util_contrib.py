"""TF 1.15 contrib.distributions module functions from distribution_util and
normal_conjugate_posteriors: fill_triangular_inverse, reduce_weighted_logsumexp, tridiag and
normal_conjugates_known_scale_posterior / _predictive."""
from __future__ import annotations


import tfcompat as tf
from tfcompat.distributions.normal_uniform import Normal


def fill_triangular_inverse(x, upper=False, name=None):
    """The inverse of fill_triangular: an [n, n] triangular matrix as its n(n+1)/2 entries."""
    with tf.name_scope(name, "fill_triangular_inverse", values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        n = x.shape.with_rank_at_least(2)[-1].value
        if n is None:
            raise ValueError("tfcompat's fill_triangular_inverse needs a static last "
                             "dimension.")
        m = (n * (n + 1)) // 2
        static_final_shape = x.shape[:-2].concatenate([m])
        if upper:
            initial_elements = x[..., 0, :]
            triangular_portion = x[..., 1:, :]
        else:
            initial_elements = tf.reverse(x[..., -1, :], axis=[-1])
            triangular_portion = x[..., :-1, :]
        rotated = tf.reverse(tf.reverse(triangular_portion, axis=[-1]), axis=[-2])
        consolidated_matrix = triangular_portion + rotated
        end_sequence = tf.reshape(consolidated_matrix,
                                  tf.concat([tf.shape(x)[:-2], [n * (n - 1)]], axis=0))
        y = tf.concat([initial_elements, end_sequence[..., :m - n]], axis=-1)
        y.set_shape(static_final_shape)
        return y


def reduce_weighted_logsumexp(logx, w=None, axis=None, keep_dims=False, return_sign=False,
                              name=None):
    """log(abs(sum(w * exp(logx)))) over `axis`, computed stably (and its sign)."""
    with tf.name_scope(name, "reduce_weighted_logsumexp", [logx, w]):
        logx = tf.convert_to_tensor(logx, name="logx")
        if w is None:
            lswe = tf.reduce_logsumexp(logx, axis=axis, keepdims=keep_dims)
            if return_sign:
                return lswe, tf.ones_like(lswe)
            return lswe
        w = tf.convert_to_tensor(w, dtype=logx.dtype, name="w")
        log_absw_x = logx + tf.log(tf.abs(w))
        max_log_absw_x = tf.reduce_max(log_absw_x, axis=axis, keepdims=True)
        max_log_absw_x = tf.where_v2(tf.is_inf(max_log_absw_x),
                                     tf.zeros_like(max_log_absw_x), max_log_absw_x)
        wx_over_max_absw_x = tf.sign(w) * tf.exp(log_absw_x - max_log_absw_x)
        sum_wx_over_max_absw_x = tf.reduce_sum(wx_over_max_absw_x, axis=axis,
                                               keepdims=keep_dims)
        if not keep_dims:
            max_log_absw_x = tf.squeeze(max_log_absw_x, axis)
        sgn = tf.sign(sum_wx_over_max_absw_x)
        lswe = max_log_absw_x + tf.log(sgn * sum_wx_over_max_absw_x)
        if return_sign:
            return lswe, sgn
        return lswe


def tridiag(below=None, diag=None, above=None, name=None):
    """The (batch of) tridiagonal matrices with the given sub-, main and super-diagonals."""

    def _pad(x):
        shape = tf.concat([tf.shape(x)[:-1], [1]], axis=0)
        z = tf.zeros(shape, dtype=x.dtype)
        return tf.concat([z, x, z], axis=-1)

    with tf.name_scope(name, "tridiag", [below, diag, above]):
        parts = []
        if below is not None:
            below = tf.convert_to_tensor(below, name="below")
            parts.append(tf.matrix_diag(_pad(below))[..., :-1, 1:])
        if diag is not None:
            diag = tf.convert_to_tensor(diag, name="diag")
            parts.append(tf.matrix_diag(diag))
        if above is not None:
            above = tf.convert_to_tensor(above, name="above")
            parts.append(tf.matrix_diag(_pad(above))[..., 1:, :-1])
        if not parts:
            raise ValueError("Must specify at least one of `below`, `diag`, `above`.")
        s = parts[0]
        for p in parts[1:]:
            s += p
        return s


def _posterior_scale2(prior, scale, s, n):
    if not isinstance(prior, Normal):
        raise TypeError("Expected prior to be an instance of type Normal")
    if s.dtype != prior.dtype:
        raise TypeError("Observation sum s.dtype does not match prior dtype: %s vs. %s"
                        % (s.dtype, prior.dtype))
    n = tf.cast(n, prior.dtype)
    scale0_2 = tf.square(prior.scale)
    scale_2 = tf.square(scale)
    scalep_2 = 1.0 / (1 / scale0_2 + n / scale_2)
    return (prior.loc / scale0_2 + s / scale_2) * scalep_2, scalep_2, scale_2


def normal_conjugates_known_scale_posterior(prior, scale, s, n):
    """The Normal posterior of a Normal prior on the mean, given n observations summing to s
    with known `scale`."""
    loc, scalep_2, _ = _posterior_scale2(prior, scale, s, n)
    return Normal(loc=loc, scale=tf.sqrt(scalep_2))


def normal_conjugates_known_scale_predictive(prior, scale, s, n):
    """The posterior predictive Normal of the next observation."""
    loc, scalep_2, scale_2 = _posterior_scale2(prior, scale, s, n)
    return Normal(loc=loc, scale=tf.sqrt(scalep_2 + scale_2))


