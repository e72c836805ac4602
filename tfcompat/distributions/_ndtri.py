"""TF's distributions `special_math.ndtri`: netlib's piecewise rational approximation of the
normal quantile, built from graph ops exactly as TF builds it (so its numbers match TF's bit for
bit, which the native Ndtri kernel does not), -inf for p <= 0 and inf for p >= 1."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.framework import dtypes

# rational coefficients: P0/Q0 for |p - 0.5| <= 0.5 - exp(-2), P1/Q1 and P2/Q2 for the tails
_P0 = [-1.23916583867381258016E0, 1.39312609387279679503E1, -5.66762857469070293439E1,
       9.80010754185999661536E1, -5.99633501014107895267E1]
_Q0 = [-1.18331621121330003142E0, 1.59056225126211695515E1, -8.20372256168333339912E1,
       2.00260212380060660359E2, -2.25462687854119370527E2, 8.63602421390890590575E1,
       4.67627912898881538453E0, 1.95448858338141759834E0, 1.0]
_P1 = [-8.57456785154685413611E-4, -3.50424626827848203418E-2, -1.40256079171354495875E-1,
       2.18663306850790267539E0, 1.46849561928858024014E1, 4.40805073893200834700E1,
       5.71628192246421288162E1, 3.15251094599893866154E1, 4.05544892305962419923E0]
_Q1 = [-9.33259480895457427372E-4, -3.80806407691578277194E-2, -1.42182922854787788574E-1,
       2.50464946208309415979E0, 1.50425385692907503408E1, 4.13172038254672030440E1,
       4.53907635128879210584E1, 1.57799883256466749731E1, 1.0]
_P2 = [6.23974539184983293730E-9, 2.65806974686737550832E-6, 3.01581553508235416007E-4,
       1.23716634817820021358E-2, 2.01485389549179081538E-1, 1.33303460815807542389E0,
       3.93881025292474443415E0, 6.91522889068984211695E0, 3.23774891776946035970E0]
_Q2 = [6.79019408009981274425E-9, 2.89247864745380683936E-6, 3.28014464682127739104E-4,
       1.34204006088543189037E-2, 2.16236993594496635890E-1, 1.37702099489081330271E0,
       3.67983563856160859403E0, 6.02427039364742014255E0, 1.0]


def ndtri(p, name="ndtri"):
    """x with ndtr(x) = p, for float32/float64 `p` only (TypeError otherwise, as TF)."""
    with tf.name_scope(name, values=[p]):
        p = tf.convert_to_tensor(p, name="p")
        if p.dtype.base_dtype not in (dtypes.float32, dtypes.float64):
            raise TypeError("p.dtype=%s is not handled, see docstring for supported types."
                            % p.dtype)
        return _ndtri(p)


def _polynomial(var, coeffs):
    # Horner's method, nested as TF nests it (the innermost term is zeros_like(var))
    coeffs = np.array(coeffs, var.dtype.as_numpy_dtype)
    if not coeffs.size:
        return tf.zeros_like(var)
    return coeffs[0] + _polynomial(var, coeffs[1:]) * var


def _ndtri(p):
    maybe_complement_p = tf.where_v2(p > -np.expm1(-2.), 1. - p, p)
    sanitized_mcp = tf.where_v2(
        maybe_complement_p <= 0.,
        tf.fill(tf.shape(p), np.array(0.5, p.dtype.as_numpy_dtype)), maybe_complement_p)
    w = sanitized_mcp - 0.5
    ww = w ** 2
    x_for_big_p = w + w * ww * (_polynomial(ww, _P0) / _polynomial(ww, _Q0))
    x_for_big_p *= -np.sqrt(2. * np.pi)
    z = tf.sqrt(-2. * tf.log(sanitized_mcp))
    first_term = z - tf.log(z) / z
    x_for_small_p = first_term - _polynomial(1. / z, _P2) / _polynomial(1. / z, _Q2) / z
    x_otherwise = first_term - _polynomial(1. / z, _P1) / _polynomial(1. / z, _Q1) / z
    x = tf.where_v2(sanitized_mcp > np.exp(-2.), x_for_big_p,
                    tf.where_v2(z >= 8.0, x_for_small_p, x_otherwise))
    x = tf.where_v2(p > 1. - np.exp(-2.), x, -x)
    infinity = tf.fill(tf.shape(p), tf.constant(np.inf, dtype=p.dtype))
    return tf.where_v2(p <= 0.0, -infinity, tf.where_v2(p >= 1.0, infinity, x))
