"""tf.signal / tf.spectral / tf.audio, the special functions and the rest of tf.math, tf.dtypes:
op-by-op sweeps of the new elementwise ops (SPECS) and public-API programs (PROGRAMS) that name
every API function of this part of the surface literally, so the coverage test finds them."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec
from specs import binary
from specs import unary

_LOW = {"float16": (5e-3, 5e-3), "bfloat16": (3e-2, 3e-2), "float32": (2e-5, 1e-6)}

_UNARY = {
    "BesselI0": (-3, 3), "BesselI0e": (-3, 3), "BesselI1": (-3, 3), "BesselI1e": (-3, 3),
    "BesselJ0": (-5, 5), "BesselJ1": (-5, 5), "BesselY0": (0.1, 6), "BesselY1": (0.1, 6),
    "BesselK0": (0.1, 4), "BesselK0e": (0.1, 4), "BesselK1": (0.1, 4), "BesselK1e": (0.1, 4),
    "Dawsn": (-4, 4), "Expint": (0.1, 5), "FresnelCos": (-2, 2), "FresnelSin": (-2, 2),
    "Spence": (0.05, 3), "Erfinv": (-0.95, 0.95), "Ndtri": (0.05, 0.95),
}
_BINARY = {
    "Igamma": ("a", "x", 0.2, 4.0), "Igammac": ("a", "x", 0.2, 4.0),
    "Zeta": ("x", "q", 1.5, 4.0), "NextAfter": ("x1", "x2", -3.0, 3.0),
    "MulNoNan": ("x", "y", -3.0, 3.0), "Xlog1py": ("x", "y", -0.5, 3.0),
}


def _betainc_variants():
    return {
        "base": {"a": Arg((2, 3), low=0.5, high=3), "b": Arg((2, 3), low=0.5, high=3),
                 "x": Arg((2, 3), low=0.05, high=0.95)},
        "scalar_ab": {"a": Arg((), value=2.0), "b": Arg((), value=3.0),
                      "x": Arg((4,), low=0.0, high=1.0)},
        "edges": {"a": Arg((6,), value=[1.0, 2.0, -1.0, 2.0, 0.5, 3.0]),
                  "b": Arg((6,), value=[1.0, 0.0, 2.0, 2.0, 0.5, 3.0]),
                  "x": Arg((6,), value=[0.0, 0.5, 0.5, 1.0, 1.5, np.nan])},
        "empty": {"a": Arg((0,)), "b": Arg((0,)), "x": Arg((0,))},
    }


def _polygamma_variants():
    return {
        "base": {"a": Arg((2, 3), value=[0.0, 1.0, 2.0, 3.0, 1.0, 0.0]),
                 "x": Arg((2, 3), low=0.3, high=4)},
        "broadcast": {"a": Arg((3, 1), value=[0.0, 1.0, 4.0]), "x": Arg((1, 4), low=0.3, high=4)},
        "bad_order": {"a": Arg((4,), value=[-1.0, 0.5, 1.0, 2.0]),
                      "x": Arg((4,), value=[1.0, 1.0, -2.0, 0.0])},
    }


# TF 2.21 registers CPU kernels of these for float32/float64 only (Bessel functions: float16 too)
_NO_HALF = ("Dawsn", "Erfinv", "Expint", "FresnelCos", "FresnelSin", "Ndtri", "Spence",
            "Igamma", "Igammac")


def _kernel_dtypes(op):
    if op in _NO_HALF:
        return ("float32", "float64")
    return ("float16", "float32", "float64") if op.startswith("Bessel") else None


SPECS = [Spec(op, unary(low=lo, high=hi), tol=_LOW, dtypes=_kernel_dtypes(op))
         for op, (lo, hi) in _UNARY.items()]
SPECS += [Spec(op, binary(x, y, low=lo, high=hi), tol=_LOW, dtypes=_kernel_dtypes(op))
          for op, (x, y, lo, hi) in _BINARY.items()]
SPECS += [Spec("Betainc", _betainc_variants(), tol=_LOW),
          Spec("Polygamma", _polygamma_variants(), tol=_LOW)]


# -- tf.math: special functions and composites ---------------------------------------------

def _special_functions(tf):
    x = tf.constant([0.3, 1.2, 2.5, 4.0])
    out = {"i0": tf.math.bessel_i0(x), "i0e": tf.math.bessel_i0e(x), "i1": tf.math.bessel_i1(x),
           "i1e": tf.math.bessel_i1e(x), "sp_i0": tf.math.special.bessel_i0(-x),
           "sp_i0e": tf.math.special.bessel_i0e(-x),
           "sp_i1": tf.math.special.bessel_i1(-x), "sp_i1e": tf.math.special.bessel_i1e(-x),
           "j0": tf.math.special.bessel_j0(x),
           "j1": tf.math.special.bessel_j1(x), "y0": tf.math.special.bessel_y0(x),
           "y1": tf.math.special.bessel_y1(x),
           "k0": tf.math.special.bessel_k0(x), "k0e": tf.math.special.bessel_k0e(x),
           "k1": tf.math.special.bessel_k1(x),
           "k1e": tf.math.special.bessel_k1e(x), "dawsn": tf.math.special.dawsn(x - 2.0),
           "expint": tf.math.special.expint(x),
           "fresnel_cos": tf.math.special.fresnel_cos(x - 1.0),
           "fresnel_sin": tf.math.special.fresnel_sin(x - 1.0),
           "spence": tf.math.special.spence(x)}
    names = sorted(out)
    grads = tf.gradients([out[n] for n in names], [x] * len(names))
    out.update(("grad_" + n, g) for n, g in zip(names, grads))
    return out, {}


def _incomplete_functions(tf):
    a = tf.constant([0.5, 1.5, 3.0])
    b = tf.constant([2.0, 0.7, 1.2])
    x = tf.constant([0.3, 0.6, 0.9])
    out = {"betainc": tf.math.betainc(a, b, x), "betainc_top": tf.betainc(a, b, x),
           "igamma": tf.math.igamma(a, b), "igamma_top": tf.igamma(a, b),
           "igammac": tf.math.igammac(a, b), "igammac_top": tf.igammac(b, a),
           "zeta": tf.math.zeta(a + 1.0, b), "zeta_top": tf.zeta(a + 1.5, x),
           "polygamma": tf.math.polygamma([0.0, 1.0, 2.0], b),
           "polygamma_top": tf.polygamma(tf.constant([1.0, 0.0, 3.0]), x),
           "lbeta": tf.math.lbeta(tf.stack([a, b])), "lbeta_top": tf.lbeta([[1.0, 2.0, 3.0]]),
           "lbeta_empty": tf.math.lbeta(tf.zeros([2, 0]))}
    keys = ["betainc", "igamma", "igammac", "zeta", "polygamma", "lbeta"]
    for key in keys:
        for i, g in enumerate(tf.gradients(out[key], [a, b, x])):
            if g is not None:
                out["grad_%s_%d" % (key, i)] = g
    out["grad_none"] = tf.constant([[g is None for g in tf.gradients(out[k], [a, b, x])]
                                    for k in keys])
    return out, {}


def _inverse_functions(tf):
    p = tf.constant([0.01, 0.3, 0.5, 0.9, 0.0, 1.0])
    out = {"erfinv": tf.math.erfinv(2.0 * p - 1.0), "ndtri": tf.math.ndtri(p),
           "erfcinv": tf.math.erfcinv(2.0 * p)}
    for key in list(out):
        out["grad_" + key] = tf.gradients(out[key], p)[0]
    return out, {}


def _no_nan_and_next(tf):
    x = tf.constant([1.0, np.nan, np.inf, -2.0, 0.0])
    y = tf.constant([0.0, 0.0, 0.0, 3.0, 2.0])
    out = {"multiply_no_nan": tf.math.multiply_no_nan(x, y),
           "reciprocal_no_nan": tf.math.reciprocal_no_nan(y),
           "reciprocal_no_nan_c": tf.math.reciprocal_no_nan(tf.complex(y, y)),
           "xlog1py": tf.math.xlog1py(y, x + 1.0), "xlog1py_zero": tf.math.xlog1py(0.0, -1.0),
           "nextafter": tf.math.nextafter(y, x),
           "nextafter64": tf.math.nextafter(tf.constant([1.0, -1.0], tf.float64), 2.0)}
    a = tf.constant([0.5, 2.0, -1.5])
    b = tf.constant([2.0, 0.0, 3.0])
    for key, y_ in (("mnn", tf.math.multiply_no_nan(a, b)), ("xl", tf.math.xlog1py(a, b)),
                    ("next", tf.math.nextafter(a, b)), ("rnn", tf.math.reciprocal_no_nan(b))):
        for i, g in enumerate(tf.gradients(y_, [a, b])):
            if g is not None:
                out["grad_%s_%d" % (key, i)] = g
    return out, {}


def _complex_angle(tf):
    re = tf.constant([0.5, -1.5, 3.0, 0.0])
    im = tf.constant([2.0, 0.7, -1.2, 0.0])
    z = tf.complex(re, im)
    out = {"complex": z, "complex_dtypes": tf.dtypes.complex(tf.constant([1.0], tf.float64),
                                                             tf.constant([2.0], tf.float64)),
           "angle": tf.math.angle(z), "angle_top": tf.angle(z), "angle_real": tf.math.angle(re),
           "angle_real64": tf.angle(tf.constant([-1.0, 1.0], tf.float64)),
           "to_complex64": tf.to_complex64(re), "to_complex128": tf.to_complex128(im),
           "abs": tf.abs(z)}
    # (the gradient at 0 + 0j is left out: undefined, TF's is NaN and torch's 0)
    nonzero = tf.complex(re[:3], im[:3])
    loss = tf.reduce_sum(tf.math.angle(nonzero) * tf.constant([1.0, 2.0, 3.0])) + \
        tf.reduce_sum(tf.abs(nonzero))
    out["grad_re"], out["grad_im"] = tf.gradients(loss, [re, im])
    return out, {}


def _complex_dtype_error(tf):
    return {"bad": tf.complex(tf.constant([1.0]), tf.constant([1.0], tf.float64))}, {}


def _counting(tf):
    arr = tf.constant([1, 2, 2, 5, 0])
    values = tf.constant([[0.1, 0.5, -0.3], [2.0, 0.9, 0.95]])
    out = {"bincount": tf.math.bincount(arr), "bincount_top": tf.bincount([3, 3, 1]),
           "bincount_w": tf.math.bincount(arr, weights=[1.0, 2.0, 3.0, 4.0, 0.5], minlength=8),
           "bincount_max": tf.bincount(arr, maxlength=3, dtype=tf.int64),
           "bincount_empty": tf.math.bincount(tf.zeros([0], tf.int32)),
           "confusion": tf.math.confusion_matrix([1, 2, 0, 2], [2, 2, 0, 1], num_classes=3),
           "confusion_w": tf.confusion_matrix([1, 2, 0], [2, 2, 0], num_classes=4,
                                              weights=[1.0, 2.0, 3.0], dtype=tf.float32),
           "hist": tf.histogram_fixed_width(values, [0.0, 1.0], nbins=5),
           "hist64": tf.histogram_fixed_width(values, [-1.0, 3.0], nbins=3, dtype=tf.int64),
           "hist_bins": tf.histogram_fixed_width_bins(values, [0.0, 1.0], nbins=5),
           "invert_permutation": tf.math.invert_permutation([2, 0, 3, 1]),
           "invert_permutation_top": tf.invert_permutation(tf.constant([0, 1], tf.int64))}
    return out, {}


def _invert_permutation_error(tf):
    return {"bad": tf.invert_permutation([0, 0, 1])}, {}


def _accumulate_cumulative(tf):
    a = tf.constant([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]])
    b = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = {"accumulate_n": tf.math.accumulate_n([a, b, a]),
           "accumulate_n_top": tf.accumulate_n([b], shape=[2, 3]),
           "polyval": tf.math.polyval([a, b, 2.0], a), "polyval_empty": tf.math.polyval([], b),
           "cumlse": tf.math.cumulative_logsumexp(a, axis=1),
           "cumlse_ex": tf.math.cumulative_logsumexp(a, exclusive=True),
           "cumlse_rev": tf.math.cumulative_logsumexp(b, axis=-1, reverse=True,
                                                      exclusive=True)}
    for key in ("accumulate_n", "polyval", "cumlse", "cumlse_rev"):
        for i, g in enumerate(tf.gradients(out[key], [a, b])):
            if g is not None:
                out["grad_%s_%d" % (key, i)] = g
    return out, {}


def _sobol(tf):
    return {"sobol": tf.math.sobol_sample(3, 6, skip=2, dtype=tf.float64),
            "sobol_f32": tf.math.sobol_sample(5, 4)}, {}


def _approx_top_k(tf):
    # TF 2.21 has no CPU kernel for ApproxTopK (a session cannot hold one): static facts only
    with tf.Graph().as_default():
        x = tf.constant([[0.3, 0.9, -1.0, 2.0], [5.0, -2.0, 0.5, 0.0]])
        ys = list(tf.math.approx_max_k(x, 2)) + list(tf.math.approx_min_k(x, 3))
        facts = [[y.op.type, y.dtype.name, str(y.shape.as_list())] for y in ys]
    return {"facts": tf.constant(facts)}, {}


# -- tf.math names that had no program yet ---------------------------------------------------

def _math_elementwise(tf):
    x = tf.constant([0.2, -0.7, 1.5, -2.5])
    u = tf.constant([0.1, 0.4, 0.6, 0.9])
    out = {"abs": tf.math.abs(x), "acos": tf.math.acos(u), "acosh": tf.math.acosh(x * x + 1.0),
           "asin": tf.math.asin(u),
           "asinh": tf.math.asinh(x), "atan": tf.math.atan(x), "atanh": tf.math.atanh(u),
           "ceil": tf.math.ceil(x),
           "cos": tf.math.cos(x), "cosh": tf.math.cosh(x), "digamma": tf.math.digamma(u),
           "erf": tf.math.erf(x),
           "erfc": tf.math.erfc(x), "exp": tf.math.exp(x), "expm1": tf.math.expm1(x),
           "floor": tf.math.floor(x),
           "lgamma": tf.math.lgamma(x), "log": tf.math.log(u),
           "log_sigmoid": tf.math.log_sigmoid(x),
           "negative": tf.math.negative(x), "reciprocal": tf.math.reciprocal(x),
           "rint": tf.math.rint(x),
           "round": tf.math.round(x), "rsqrt": tf.math.rsqrt(u), "sign": tf.math.sign(x),
           "sin": tf.math.sin(x),
           "sinh": tf.math.sinh(x), "sqrt": tf.math.sqrt(u), "square": tf.math.square(x),
           "tan": tf.math.tan(x),
           "is_finite": tf.math.is_finite(x / 0.0), "is_inf": tf.math.is_inf(x / 0.0)}
    diff = ["abs", "acos", "asin", "asinh", "atan", "cos", "erf", "exp", "log_sigmoid", "sin",
            "sqrt", "tan", "square", "lgamma"]
    for key in diff:
        out["grad_" + key] = tf.gradients(out[key], [x, u])[0 if key not in (
            "acos", "asin", "sqrt") else 1]
    return out, {}


def _math_binary(tf):
    x = tf.constant([7.0, -7.0, 2.5, 0.0])
    y = tf.constant([2.0, 3.0, -1.5, 4.0])
    i = tf.constant([7, -7, 9, -3])
    j = tf.constant([2, 3, -4, 2])
    out = {"add": tf.math.add(x, y), "divide": tf.math.divide(x, y),
           "divide_int": tf.math.divide(i, j),
           "floormod": tf.math.floormod(x, y), "mod": tf.math.mod(i, j),
           "multiply": tf.math.multiply(x, y),
           "maximum": tf.math.maximum(x, y), "minimum": tf.math.minimum(x, y),
           "xdivy": tf.math.xdivy(x, y),
           "xlogy": tf.math.xlogy(x, tf.abs(y)), "greater": tf.math.greater(x, y),
           "greater_equal": tf.math.greater_equal(x, y), "less": tf.math.less(x, y),
           "less_equal": tf.math.less_equal(x, y), "scalar_mul": tf.math.scalar_mul(3.0, x),
           "floor_div": tf.floor_div(i, j), "truncatediv": tf.truncatediv(i, j),
           "truncatemod": tf.truncatemod(i, j),
           "logical_and": tf.math.logical_and(x > 0, y > 0),
           "logical_or": tf.math.logical_or(x > 0, y > 0),
           "logical_xor": tf.math.logical_xor(x > 0, y > 0),
           "logical_not": tf.math.logical_not(x > 0)}
    for key in ("add", "divide", "multiply", "maximum", "minimum", "xdivy", "xlogy",
                "floormod"):
        for n, g in enumerate(tf.gradients(out[key], [x, y])):
            if g is not None:
                out["grad_%s_%d" % (key, n)] = g
    return out, {}


def _math_complex_parts(tf):
    z = tf.complex(tf.constant([1.0, -2.0]), tf.constant([0.5, 3.0]))
    r = tf.constant([1.5, -2.5])
    return {"real": tf.math.real(z), "imag": tf.math.imag(z), "conj": tf.math.conj(z),
            "real_of_real": tf.math.real(r), "imag_of_real": tf.math.imag(r),
            "conj_of_real": tf.math.conj(r)}, {}


def _math_reductions(tf):
    x = tf.constant([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    ids = tf.constant([0, 0, 1])
    out = {"reduce_max": tf.math.reduce_max(x, axis=1), "reduce_mean": tf.math.reduce_mean(x),
           "reduce_min": tf.math.reduce_min(x, axis=0, keepdims=True),
           "reduce_prod": tf.math.reduce_prod(x),
           "reduce_sum": tf.math.reduce_sum(x, axis=[0, 1]), "cumprod": tf.math.cumprod(x, axis=1),
           "cumprod_top": tf.cumprod(x, exclusive=True, reverse=True),
           "segment_max": tf.math.segment_max(tf.transpose(x), ids),
           "segment_mean": tf.math.segment_mean(tf.transpose(x), ids),
           "segment_min": tf.math.segment_min(tf.transpose(x), ids),
           "segment_prod": tf.math.segment_prod(tf.transpose(x), ids),
           "unsorted_segment_min": tf.math.unsorted_segment_min(tf.transpose(x), [1, 0, 1], 3),
           "unsorted_segment_prod": tf.math.unsorted_segment_prod(tf.transpose(x), [1, 0, 1], 2),
           "unsorted_segment_sum": tf.math.unsorted_segment_sum(tf.transpose(x), [1, 0, 1], 2),
           "is_non_decreasing": tf.math.is_non_decreasing([1, 1, 2]),
           "is_strictly_increasing": tf.math.is_strictly_increasing([1, 1, 2])}
    for key in ("reduce_max", "reduce_prod", "cumprod", "segment_prod", "unsorted_segment_min"):
        out["grad_" + key] = tf.gradients(out[key], x)[0]
    return out, {}


def _casts(tf):
    x = tf.constant([-300.7, -1.5, 0.4, 2.6, 70000.0])
    out = {"saturate_cast": tf.saturate_cast(x, tf.uint8),
           "dtypes_saturate_cast": tf.dtypes.saturate_cast(x, tf.int16),
           "dtypes_cast": tf.dtypes.cast(x, tf.int32), "to_double": tf.to_double(x),
           "to_int64": tf.to_int64(x), "to_bfloat16": tf.to_bfloat16(x),
           "as_string": tf.dtypes.as_string(tf.constant([1.5, -2.0]), precision=2)}
    return out, {}


_DTYPE_NAMES = ("bfloat16", "complex128", "float16", "half", "int8", "qint16", "qint32", "qint8",
                "quint16", "quint8", "resource", "uint16", "uint32", "uint64", "variant")


def _dtypes_namespace(tf):
    objects = [tf.dtypes.bfloat16, tf.dtypes.complex128, tf.dtypes.float16, tf.dtypes.half,
               tf.dtypes.int8, tf.dtypes.qint16, tf.dtypes.qint32, tf.dtypes.qint8,
               tf.dtypes.quint16, tf.dtypes.quint8, tf.dtypes.resource, tf.dtypes.uint16,
               tf.dtypes.uint32, tf.dtypes.uint64, tf.dtypes.variant]
    top = [tf.bfloat16, tf.complex128, tf.float16, tf.half, tf.int8, tf.qint16, tf.qint32,
           tf.qint8, tf.quint16, tf.quint8, tf.resource, tf.uint16, tf.uint32, tf.uint64,
           tf.variant]
    out = {"names": tf.constant([t.name for t in objects]),
           "same_objects": tf.constant([a is b for a, b in zip(objects, top)]),
           "enums": tf.constant([t.as_datatype_enum for t in objects]),
           "sizes": tf.constant([t.size if t not in (tf.dtypes.resource, tf.dtypes.variant) else -1
                                 for t in objects]),
           "is_dtype": tf.constant([isinstance(t, tf.dtypes.DType) for t in objects]),
           "quantized": tf.constant(sorted(t.name for t in tf.dtypes.QUANTIZED_DTYPES)),
           "as_dtype": tf.constant([tf.dtypes.as_dtype(n).name for n in
                                    ("float16", "half", "uint64", "qint8")]),
           "as_dtype_np": tf.constant(tf.dtypes.as_dtype(np.uint16).name),
           "real_dtype": tf.constant(tf.dtypes.complex128.real_dtype.name),
           "bfloat16_value": tf.cast(tf.constant([1.0078125, 3.3]), tf.dtypes.bfloat16),
           "half_value": tf.constant([1.0, 2049.0], tf.dtypes.half),
           "uint_values": tf.constant([2 ** 32 - 1], tf.dtypes.uint32)}
    return out, {}


# -- tf.signal / tf.spectral -------------------------------------------------------------------

def _signal_inputs(tf):
    rng = np.random.RandomState(0)
    xr = tf.constant(rng.randn(2, 3, 6).astype(np.float32))
    xc = tf.complex(xr, tf.constant(rng.randn(2, 3, 6).astype(np.float32)))
    return xr, xc


def _ffts(tf):
    xr, xc = _signal_inputs(tf)
    out = {"fft": tf.signal.fft(xc), "ifft": tf.signal.ifft(xc), "fft2d": tf.signal.fft2d(xc),
           "ifft2d": tf.signal.ifft2d(xc),
           "fft3d": tf.signal.fft3d(xc), "ifft3d": tf.signal.ifft3d(xc), "rfft": tf.signal.rfft(xr),
           "rfft_pad": tf.signal.rfft(xr, [8]), "rfft_crop": tf.signal.rfft(xr, [4]),
           "irfft": tf.signal.irfft(xc),
           "irfft_odd": tf.signal.irfft(xc, [5]), "rfft2d": tf.signal.rfft2d(xr),
           "irfft2d": tf.signal.irfft2d(xc, [3, 6]),
           "rfft3d": tf.signal.rfft3d(xr), "irfft3d": tf.signal.irfft3d(xc),
           "fft_empty": tf.signal.fft(tf.zeros([0, 4], tf.complex64)),
           "rfft64": tf.signal.rfft(tf.constant([1.0, 2.0, 0.5], tf.float64))}
    for key in ("fft", "ifft", "fft2d", "ifft2d", "fft3d", "ifft3d", "rfft", "rfft_pad",
                "irfft", "rfft2d"):
        out["grad_" + key] = tf.gradients(tf.reduce_sum(tf.abs(out[key])), xr)[0]
    return out, {}


def _ffts_no_gradient(tf):
    xr, _ = _signal_inputs(tf)
    return {"bad": tf.gradients(tf.reduce_sum(tf.abs(tf.signal.rfft3d(xr))), xr)[0]}, {}


def _spectral_namespace(tf):
    xr, xc = _signal_inputs(tf)
    out = {"fft": tf.spectral.fft(xc), "ifft": tf.spectral.ifft(xc), "fft2d": tf.spectral.fft2d(xc),
           "ifft2d": tf.spectral.ifft2d(xc),
           "fft3d": tf.spectral.fft3d(xc), "ifft3d": tf.spectral.ifft3d(xc),
           "rfft": tf.spectral.rfft(xr),
           "irfft": tf.spectral.irfft(xc), "rfft2d": tf.spectral.rfft2d(xr),
           "irfft2d": tf.spectral.irfft2d(xc),
           "rfft3d": tf.spectral.rfft3d(xr), "irfft3d": tf.spectral.irfft3d(xc),
           "dct": tf.spectral.dct(xr),
           "idct": tf.spectral.idct(xr, type=3), "top_fft": tf.fft(xc), "top_ifft": tf.ifft(xc),
           "top_fft2d": tf.fft2d(xc), "top_ifft2d": tf.ifft2d(xc), "top_fft3d": tf.fft3d(xc),
           "top_ifft3d": tf.ifft3d(xc)}
    return out, {}


def _fftnd_static(tf):
    # TF 2.21 has no CPU kernel for the FFTND family (a session cannot even hold one), so the
    # graph is built apart and only its static facts are compared
    with tf.Graph().as_default():
        xr, xc = _signal_inputs(tf)
        ys = [tf.signal.fftnd(xc, [3, 6], axes=[1, 2]), tf.signal.ifftnd(xc),
              tf.signal.rfftnd(xr, [3, 8], axes=[-2, -1]), tf.signal.irfftnd(xc),
              tf.signal.fftnd(xc, [2, 3, 6], norm="ortho"),
              tf.signal.ifftnd(xc, [2, 3, 6], norm="forward"), tf.fftnd(xc, [4], axes=[2]),
              tf.ifftnd(xc, [6], axes=[-1]), tf.rfftnd(xr, [6], axes=[2]),
              tf.irfftnd(xc, [10], axes=[2])]
        facts = [[y.op.type, y.dtype.name, str(y.shape.as_list())] for y in ys]
    return {"facts": tf.constant(facts)}, {}


def _windows(tf):
    out = {"hann": tf.signal.hann_window(6), "hann_sym": tf.signal.hann_window(5, periodic=False),
           "hann_one": tf.signal.hann_window(1),
           "hamming": tf.signal.hamming_window(7, dtype=tf.float64),
           "hamming_sym": tf.signal.hamming_window(4, periodic=False),
           "kaiser": tf.signal.kaiser_window(6, beta=4.0),
           "kaiser_default": tf.signal.kaiser_window(5),
           "kbd": tf.signal.kaiser_bessel_derived_window(8), "vorbis": tf.signal.vorbis_window(6),
           "hann_fed": tf.signal.hann_window(tf.placeholder_with_default(4, []))}
    return out, {}


def _framing(tf):
    rng = np.random.RandomState(1)
    sig = tf.constant(rng.randn(2, 40).astype(np.float32))
    x = tf.constant(rng.randn(3, 8).astype(np.float32))
    out = {"frame": tf.signal.frame(sig, 8, 3),
           "frame_pad": tf.signal.frame(sig, 7, 5, pad_end=True,
                                                             pad_value=1.5),
           "frame_axis0": tf.signal.frame(x, 2, 1, axis=0),
           "frame_short": tf.signal.frame(x, 10, 2),
           "ola": tf.signal.overlap_and_add(tf.reshape(x, [1, 3, 8]), 3),
           "ola_fast": tf.signal.overlap_and_add(x, 8),
           "ola_big_step": tf.signal.overlap_and_add(x, 10),
           "fftshift": tf.signal.fftshift(x), "fftshift_axes": tf.signal.fftshift(x, axes=[0, -1]),
           "ifftshift": tf.signal.ifftshift(x, axes=1), "ifftshift_all": tf.signal.ifftshift(sig)}
    for key in ("frame", "frame_pad", "ola", "fftshift"):
        out["grad_" + key] = tf.gradients(tf.reduce_sum(out[key] * out[key]), [sig, x])[
            0 if key.startswith("frame") else 1]
    return out, {}


def _dcts(tf):
    x = tf.constant(np.random.RandomState(2).randn(3, 8).astype(np.float32))
    out = {"dct1": tf.signal.dct(x, type=1), "dct2": tf.signal.dct(x),
           "dct2_ortho": tf.signal.dct(x, norm="ortho"),
           "dct3": tf.signal.dct(x, type=3), "dct3_ortho": tf.signal.dct(x, type=3, norm="ortho"),
           "dct4": tf.signal.dct(x, type=4), "dct4_ortho": tf.signal.dct(x, type=4, norm="ortho"),
           "dct_n": tf.signal.dct(x, n=5), "dct_n_pad": tf.signal.dct(x, n=12),
           "idct1": tf.signal.idct(x, type=1),
           "idct2": tf.signal.idct(x), "idct2_ortho": tf.signal.idct(x, norm="ortho"),
           "idct4": tf.signal.idct(x, type=4),
           "mfcc": tf.signal.mfccs_from_log_mel_spectrograms(x)}
    for key in ("dct2", "dct3_ortho", "dct4", "mfcc"):
        out["grad_" + key] = tf.gradients(tf.reduce_sum(out[key] * out[key]), x)[0]
    return out, {}


def _stft_mdct(tf):
    sig = tf.constant(np.random.RandomState(3).randn(2, 40).astype(np.float32))
    stfts = tf.signal.stft(sig, 16, 4)
    mdcts = tf.signal.mdct(sig, 8)
    out = {"stft": tf.abs(tf.signal.stft(sig, 16, 8)),
           "stft_pad": tf.abs(tf.signal.stft(sig, 12, 5, fft_length=16, pad_end=True)),
           "stft_hamming": tf.abs(tf.signal.stft(sig, 8, 4, window_fn=tf.signal.hamming_window)),
           "inverse_stft": tf.signal.inverse_stft(stfts, 16, 4,
                                          window_fn=tf.signal.inverse_stft_window_fn(4)),
           "inverse_stft_plain": tf.signal.inverse_stft(stfts, 16, 4),
           "inverse_stft_window": tf.signal.inverse_stft_window_fn(4)(16, tf.float32),
           "mdct": mdcts, "inverse_mdct": tf.signal.inverse_mdct(mdcts),
           "mdct_ortho": tf.signal.mdct(sig, 8, norm="ortho", window_fn=None),
           "inverse_mdct_ortho": tf.signal.inverse_mdct(tf.signal.mdct(sig, 8, norm="ortho"),
                                                        norm="ortho"),
           "mdct_kbd": tf.signal.mdct(sig, 8, window_fn=tf.signal.kaiser_bessel_derived_window,
                                      pad_end=True)}
    for key in ("stft", "inverse_stft", "mdct", "inverse_mdct"):
        out["grad_" + key] = tf.gradients(tf.reduce_sum(out[key] * out[key]), sig)[0]
    return out, {}


def _mel(tf):
    spec = tf.constant(np.abs(np.random.RandomState(4).randn(5, 17)).astype(np.float32))
    weights = tf.signal.linear_to_mel_weight_matrix(6, 17, 8000, 100.0, 3900.0)
    out = {"mel": weights, "mel_default": tf.signal.linear_to_mel_weight_matrix(),
           "mel64": tf.signal.linear_to_mel_weight_matrix(4, 9, 16000, 20.0, 7000.0,
                                                          dtype=tf.float64),
           "mfcc": tf.signal.mfccs_from_log_mel_spectrograms(
               tf.log(tf.matmul(spec, weights) + 1e-6))}
    return out, {}


# -- tf.audio -------------------------------------------------------------------------------

def _wav(tf):
    audio = tf.constant([[0.0, 0.5], [-1.0, 1.0], [0.25, -0.3], [2.0, -2.0], [0.00002, -0.00002],
                         [0.99999, 1 / 65534.0]])
    wav = tf.audio.encode_wav(audio, 16000)
    mono = tf.audio.encode_wav(audio[:, :1], 8000)
    decoded = tf.audio.decode_wav(wav)
    short = tf.audio.decode_wav(wav, desired_channels=2, desired_samples=3)
    padded = tf.audio.decode_wav(wav, desired_channels=1, desired_samples=8)
    stereo = tf.audio.decode_wav(mono, desired_channels=2)
    empty = tf.audio.decode_wav(tf.audio.encode_wav(tf.zeros([0, 1]), 44100))
    return {"wav": wav, "mono": mono, "audio": decoded.audio, "rate": decoded.sample_rate,
            "short": short.audio, "padded": padded.audio, "stereo": stereo.audio,
            "stereo_rate": stereo.sample_rate, "empty": empty.audio}, {}


def _wav_bad(tf):
    return {"bad": tf.audio.decode_wav(b"RIFFjunk").audio}, {}


def _audio_features(tf):
    """AudioSpectrogram and Mfcc as the speech_commands tutorial chains them."""
    t = np.arange(1200, dtype=np.float64)
    audio = (0.6 * np.sin(t * 0.21) + 0.3 * np.cos(t * 0.047)).astype(np.float32).reshape(600, 2)
    fed = tf.placeholder(tf.float32, [None, 2])
    power = tf.raw_ops.AudioSpectrogram(input=fed, window_size=100, stride=40,
                                        magnitude_squared=True)
    magnitude = tf.raw_ops.AudioSpectrogram(input=fed, window_size=64, stride=64)
    mfcc = tf.raw_ops.Mfcc(spectrogram=power, sample_rate=8000, dct_coefficient_count=13)
    narrow = tf.raw_ops.Mfcc(spectrogram=power, sample_rate=16000, upper_frequency_limit=7600.0,
                             lower_frequency_limit=125.0, filterbank_channel_count=20,
                             dct_coefficient_count=20)
    return {"power": power, "magnitude": magnitude, "mfcc": mfcc, "narrow": narrow}, {fed: audio}


def _fftnd_run(tf):
    xr, xc = _signal_inputs(tf)
    return {"fftnd": tf.signal.fftnd(xc, [3, 6], axes=[1, 2]), "ifftnd": tf.signal.ifftnd(xc),
            "rfftnd": tf.signal.rfftnd(xr, [3, 8], axes=[-2, -1]),
            "irfftnd": tf.signal.irfftnd(xc)}, {}


_FFT_OPS = ("FFT", "IFFT", "FFT2D", "IFFT2D", "FFT3D", "IFFT3D", "RFFT", "IRFFT", "RFFT2D",
            "IRFFT2D", "RFFT3D", "IRFFT3D")

PROGRAMS = [
    Program("api_special_functions", _special_functions, tol=(2e-5, 1e-6)),
    Program("api_incomplete_functions", _incomplete_functions, tol=(2e-5, 1e-6)),
    Program("api_inverse_functions", _inverse_functions, tol=(2e-5, 1e-6)),
    Program("api_no_nan_and_next", _no_nan_and_next),
    Program("api_complex_angle", _complex_angle, covers=("Complex", "Angle")),
    Program("api_complex_dtype_error", _complex_dtype_error),
    Program("api_counting", _counting, covers=("DenseBincount", "HistogramFixedWidth",
                                               "InvertPermutation")),
    Program("api_invert_permutation_error", _invert_permutation_error),
    Program("api_accumulate_cumulative", _accumulate_cumulative,
            covers=("CumulativeLogsumexp",), tol=(2e-5, 1e-6)),
    Program("api_sobol", _sobol, covers=("SobolSample",)),
    Program("api_approx_top_k", _approx_top_k),
    Program("api_math_elementwise", _math_elementwise, tol=(2e-5, 1e-6)),
    Program("api_math_binary", _math_binary),
    Program("api_math_complex_parts", _math_complex_parts),
    Program("api_math_reductions", _math_reductions),
    Program("api_casts", _casts),
    Program("api_dtypes_namespace", _dtypes_namespace),
    Program("api_ffts", _ffts, covers=_FFT_OPS, tol=(2e-5, 2e-5)),
    Program("api_ffts_no_gradient", _ffts_no_gradient),
    Program("api_spectral_namespace", _spectral_namespace, tol=(2e-5, 2e-5)),
    Program("api_fftnd_static", _fftnd_static),
    Program("api_fftnd_run", _fftnd_run, covers=("FFTND", "IFFTND", "RFFTND", "IRFFTND")),
    Program("api_windows", _windows, tol=(2e-5, 1e-6)),
    Program("api_framing", _framing),
    Program("api_dcts", _dcts, tol=(2e-5, 2e-5)),
    Program("api_stft_mdct", _stft_mdct, tol=(2e-5, 2e-5)),
    Program("api_mel", _mel, tol=(2e-5, 1e-5)),
    Program("api_wav", _wav, covers=("DecodeWav", "EncodeWav")),
    Program("api_wav_bad", _wav_bad),
    Program("api_audio_features", _audio_features, covers=("AudioSpectrogram", "Mfcc"),
            tol=(1e-4, 1e-5)),
]


# -- graphs: the composites build TF's ops, names and inputs ------------------------------------

def _graph_signal(tf):
    sig = tf.placeholder(tf.float32, [2, 40], name="sig")
    out = {"stft": tf.signal.stft(sig, 16, 8), "dct": tf.signal.dct(sig, type=2, norm="ortho"),
           "mdct": tf.signal.mdct(sig, 8), "shift": tf.signal.fftshift(sig),
           "ola": tf.signal.overlap_and_add(tf.reshape(sig, [2, 5, 8]), 4)}
    return out, {sig: np.ones([2, 40], np.float32)}


def _graph_math(tf):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    arr = tf.constant([1, 2, 2, 0])
    out = {"bincount": tf.math.bincount(arr, minlength=4),
           "hist_bins": tf.histogram_fixed_width_bins(x, [0.0, 1.0], nbins=4),
           "special": tf.math.special.bessel_k1e(x) + tf.math.erfcinv(x) + tf.math.lbeta(x)[0],
           "angle": tf.math.angle(x), "complex": tf.complex(x, x),
           "rnn": tf.math.reciprocal_no_nan(x), "polyval": tf.math.polyval([x, 2.0], x),
           "xdivy": tf.math.xdivy(x, x), "floor_div": tf.floor_div(arr, 2),
           "kaiser": tf.signal.kaiser_window(5), "rfft": tf.signal.rfft(x),
           "irfft": tf.signal.irfft(tf.complex(x, x), [4])}
    return out, {x: np.full([2, 3], 0.5, np.float32)}


PROGRAMS += [
    Program("api_graph_signal", _graph_signal, graph=True, tol=(2e-5, 2e-5)),
    Program("api_graph_math", _graph_math, graph=True, tol=(2e-5, 1e-6)),
]


def _signal_fed(tf):
    # unknown static shapes: the wrappers' dynamic paths (shape ops instead of constants)
    rng = np.random.RandomState(5)
    x = tf.placeholder(tf.float32, [None, None])
    z = tf.placeholder(tf.complex64, [None, None])
    frames = tf.placeholder(tf.float32, [None, None, None])
    out = {"rfft": tf.signal.rfft(x), "rfft_len": tf.signal.rfft(x, [10]),
           "irfft": tf.signal.irfft(z), "rfft2d": tf.signal.rfft2d(x),
           "irfft2d": tf.signal.irfft2d(z), "stft": tf.abs(tf.signal.stft(x, 8, 4)),
           "frame": tf.signal.frame(x, 3, 2, pad_end=True, axis=1),
           "ola": tf.signal.overlap_and_add(frames, 2),
           "dct": tf.signal.dct(x), "fftshift": tf.signal.fftshift(x, axes=1)}
    feeds = {x: rng.randn(2, 9).astype(np.float32),
             z: (rng.randn(2, 5) + 1j * rng.randn(2, 5)).astype(np.complex64),
             frames: rng.randn(2, 3, 5).astype(np.float32)}
    return out, feeds


PROGRAMS.append(Program("api_signal_fed", _signal_fed, tol=(2e-5, 2e-5)))


def _error_program(make):
    return lambda tf: ({"bad": make(tf)}, {})


PROGRAMS += [
    Program("api_bincount_negative", _error_program(lambda tf: tf.math.bincount([1, -1, 2]))),
    Program("api_histogram_bad_nbins", _error_program(
        lambda tf: tf.histogram_fixed_width([1.0, 2.0], [0.0, 1.0], nbins=0))),
    Program("api_histogram_bad_range", _error_program(
        lambda tf: tf.histogram_fixed_width([1.0, 2.0], [1.0, 0.0], nbins=3))),
    Program("api_invert_permutation_range", _error_program(
        lambda tf: tf.math.invert_permutation([0, 3, 1]))),
    Program("api_rfft_int_input", _error_program(lambda tf: tf.signal.rfft([1, 2, 3]))),
    Program("api_irfft_real_input", _error_program(
        lambda tf: tf.signal.irfft(tf.constant([1.0, 2.0])))),
    Program("api_dct_bad_type", _error_program(lambda tf: tf.signal.dct([1.0, 2.0], type=5))),
    Program("api_frame_bad_rank", _error_program(
        lambda tf: tf.signal.frame(tf.constant([1.0, 2.0]), [2], 1))),
    Program("api_mdct_bad_length", _error_program(
        lambda tf: tf.signal.mdct(tf.ones([16]), 6))),
    Program("api_mel_bad_edges", _error_program(
        lambda tf: tf.signal.linear_to_mel_weight_matrix(4, 9, 8000, 3000.0, 100.0))),
    Program("api_window_int_dtype", _error_program(
        lambda tf: tf.signal.hann_window(4, dtype=tf.int32))),
    Program("api_sobol_bad_dim", _error_program(lambda tf: tf.math.sobol_sample(0, 2))),
]
