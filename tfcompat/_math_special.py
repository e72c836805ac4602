"""`tf.math.special`: TF's special functions (Bessel functions, Dawson's integral, the exponential
integral, Fresnel integrals, Spence's function). `tf.math.special.bessel_i0 is tf.math.bessel_i0`,
as in TF.
"""
from tfcompat.ops.special_math_ops import (  # noqa: F401
    bessel_i0, bessel_i0e, bessel_i1, bessel_i1e, bessel_j0, bessel_j1, bessel_k0, bessel_k0e,
    bessel_k1, bessel_k1e, bessel_y0, bessel_y1, dawsn, expint, fresnel_cos, fresnel_sin, spence)
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("math.special", __name__)
