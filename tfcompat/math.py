"""`tf.math`: TF1's math namespace (tf.compat.v1.math). A name here and its top-level alias
(`tf.math.log1p`, `tf.log1p`) are one object; names tfcompat does not implement fail with the
unsupported-API error.
"""
from tfcompat.ops.check_ops import is_non_decreasing  # noqa: F401
from tfcompat.ops.check_ops import is_strictly_increasing  # noqa: F401
from tfcompat.ops.indexing_ops import top_k  # noqa: F401
from tfcompat.ops.math_ops import (  # noqa: F401
    abs, acos, acosh, add, add_n, asin, asinh, atan, atan2, atanh, ceil, conj, cos, cosh,
    digamma, divide, equal, erf, erfc, exp, expm1, floor, floordiv, floormod, greater,
    greater_equal, imag, is_finite, is_inf, is_nan, less, less_equal, lgamma, log, log1p,
    logical_and, logical_not, logical_or, logical_xor, maximum, minimum, mod, multiply, negative,
    not_equal, pow, real, reciprocal, rint, round, rsqrt, scalar_mul, sigmoid, sign, sin, sinh,
    sqrt, square, squared_difference, subtract, tan, tanh, truediv, xdivy, xlogy)
from tfcompat.ops.math_ops import div_no_nan as divide_no_nan  # noqa: F401
from tfcompat.ops.math_ops_composite import log_sigmoid  # noqa: F401
from tfcompat.ops.math_ops_composite import reduce_std  # noqa: F401
from tfcompat.ops.math_ops_composite import reduce_variance  # noqa: F401
from tfcompat.ops.nn_impl_extra import approx_max_k  # noqa: F401
from tfcompat.ops.nn_impl_extra import approx_min_k  # noqa: F401
from tfcompat.ops.nn_impl import l2_normalize  # noqa: F401
from tfcompat.ops.nn_impl import zero_fraction  # noqa: F401
from tfcompat.ops.nn_ops import in_top_k  # noqa: F401
from tfcompat.ops.nn_ops import log_softmax  # noqa: F401
from tfcompat.ops.nn_ops import softmax  # noqa: F401
from tfcompat.ops.nn_ops import softplus  # noqa: F401
from tfcompat.ops.nn_ops import softsign  # noqa: F401
from tfcompat.ops.reduction_ops import (  # noqa: F401
    argmax, argmin, count_nonzero, cumprod, cumsum, reduce_all, reduce_any,
    reduce_euclidean_norm, reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
    reduce_sum)
from tfcompat.ops.segment_ops import (  # noqa: F401
    segment_max, segment_mean, segment_min, segment_prod, segment_sum, unsorted_segment_max,
    unsorted_segment_mean, unsorted_segment_min, unsorted_segment_prod,
    unsorted_segment_sqrt_n, unsorted_segment_sum)
from tfcompat import _math_special as special  # noqa: F401
from tfcompat.ops.math_ops_extra import (  # noqa: F401
    accumulate_n, angle, bincount, confusion_matrix, cumulative_logsumexp, invert_permutation,
    polyval, sobol_sample)
from tfcompat.ops.special_math_ops import (  # noqa: F401
    bessel_i0, bessel_i0e, bessel_i1, bessel_i1e, betainc, erfcinv, erfinv, igamma, igammac,
    lbeta, multiply_no_nan, ndtri, nextafter, polygamma, reciprocal_no_nan, xlog1py, zeta)
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("math", __name__)
