"""Special functions (tf.math.special, Bessel functions, incomplete gamma/beta, zeta, polygamma,
erfinv, ndtri) and the elementwise odds and ends of tf.math (MulNoNan, Xlog1py, NextAfter).

Each op computes in torch (float16/bfloat16 inputs in float32; kernels torch lacks, in float64,
see _special_fns) and carries TF's registered gradient as a torch.autograd Function, with TF's
None for the inputs TF does not differentiate (gradients_util._NO_GRADIENT_INPUTS).
"""
from __future__ import annotations

import math

import torch

from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.ops import _special_fns as _fns
from tfcompat.ops.math_ops import lgamma
from tfcompat.ops.reduction_ops import reduce_sum

_LOW_PRECISION = (torch.float16, torch.bfloat16)


def _native(fn):
    """`fn` (a torch kernel) run in float32 for float16/bfloat16 inputs, cast back."""
    def run(*xs):
        dtype = xs[0].dtype
        if dtype in _LOW_PRECISION:
            return fn(*(x.float() for x in xs)).to(dtype)
        return fn(*xs)
    return run


def _in_float64(fn):
    """`fn` (a float64 kernel of _special_fns) run in float64, cast back to the input dtype."""
    def run(*xs):
        return fn(*(x.double() for x in xs)).to(xs[0].dtype)
    return run


def _sum_to(grad, shape):
    return grad if grad.shape == shape else grad.sum_to_size(shape)


class _Elementwise(torch.autograd.Function):
    """An elementwise kernel with TF's derivative: `derivs(grad, *xs)` gives one gradient per
    input (None where TF's gradient function returns None)."""

    @staticmethod
    def forward(ctx, fn, derivs, *xs):
        ctx.derivs = derivs
        ctx.save_for_backward(*xs)
        return fn(*xs)

    @staticmethod
    def backward(ctx, grad):
        xs = ctx.saved_tensors
        grads = ctx.derivs(grad, *xs)
        out = [None if g is None or not need else _sum_to(g, x.shape)
               for g, x, need in zip(grads, xs, ctx.needs_input_grad[2:])]
        return (None, None) + tuple(out)


def _with_grad(fn, derivs):
    def run(*xs):
        if torch.is_grad_enabled() and any(x.requires_grad for x in xs):
            return _Elementwise.apply(fn, derivs, *xs)
        return fn(*xs)
    return run


# -- unary special functions --------------------------------------------------------------

_sp = torch.special
_I0, _I0E = _native(_sp.i0), _native(_sp.i0e)
_I1, _I1E = _native(_sp.i1), _native(_sp.i1e)
_J0, _J1 = _native(_sp.bessel_j0), _native(_sp.bessel_j1)


def _neg_to(fn, value):
    # TF (Cephes) gives K(x) = inf and Y(x) = -inf for x < 0, where torch gives NaN
    def run(x):
        out = fn(x)
        return torch.where(x < 0, torch.full_like(out, value), out)
    return run


_Y0 = _neg_to(_native(_sp.bessel_y0), -math.inf)
_Y1_AT_0 = _neg_to(_native(_sp.bessel_y1), -math.inf)


def _Y1(x):
    # TF's float16/float32 kernel gives NaN at +-0 (its float64 one and torch: -inf)
    out = _Y1_AT_0(x)
    if x.dtype == torch.float64:
        return out
    return torch.where(x == 0, torch.full_like(out, math.nan), out)


_K0 = _neg_to(_native(_sp.modified_bessel_k0), math.inf)
_K0E = _neg_to(_native(_sp.scaled_modified_bessel_k0), math.inf)
_K1 = _neg_to(_native(_sp.modified_bessel_k1), math.inf)
_K1E = _neg_to(_native(_sp.scaled_modified_bessel_k1), math.inf)
_DAWSN, _EXPINT = _in_float64(_fns.dawsn), _in_float64(_fns.expint)
_FRESNEL_COS, _FRESNEL_SIN = _in_float64(_fns.fresnel_cos), _in_float64(_fns.fresnel_sin)
_SPENCE = _in_float64(_fns.spence)


def _over_x(num, x, at_zero):
    """num / x, `at_zero` where x == 0 (TF's gradients of I1, J1 ... at the origin)."""
    safe = torch.where(x == 0, torch.ones_like(x), x)
    return torch.where(x == 0, torch.full_like(x, at_zero), num / safe)


_UNARY_GRADS = {
    "BesselI0": (_I0, lambda x: _I1(x)),
    "BesselI0e": (_I0E, lambda x: _I1E(x) - torch.sign(x) * _I0E(x)),
    "BesselI1": (_I1, lambda x: _I0(x) - _over_x(_I1(x), x, 0.5)),
    "BesselI1e": (_I1E, lambda x: _I0E(x) - _I1E(x) * torch.sign(x) - _over_x(_I1E(x), x, 0.5)),
    "BesselJ0": (_J0, lambda x: -_J1(x)),
    "BesselJ1": (_J1, lambda x: _J0(x) - _over_x(_J1(x), x, 0.5)),
    "BesselY0": (_Y0, lambda x: -_Y1(x)),
    "BesselY1": (_Y1, lambda x: _Y0(x) - _Y1(x) / x),
    "BesselK0": (_K0, lambda x: -_K1(x)),
    "BesselK0e": (_K0E, lambda x: _K0E(x) - _K1E(x)),
    "BesselK1": (_K1, lambda x: -_K0(x) - _K1(x) / x),
    "BesselK1e": (_K1E, lambda x: _K1E(x) * (1 - 1 / x) - _K0E(x)),
    "Dawsn": (_DAWSN, lambda x: (1 - 2 * x.double() * _fns.dawsn(x.double())).to(x.dtype)),
    "Expint": (_EXPINT, lambda x: torch.exp(x) / x),
    "FresnelCos": (_FRESNEL_COS, lambda x: torch.cos((math.pi / 2) * torch.square(x))),
    "FresnelSin": (_FRESNEL_SIN, lambda x: torch.sin((math.pi / 2) * torch.square(x))),
    "Spence": (_SPENCE, lambda x: torch.where(
        x == 1, -torch.ones_like(x), torch.log(x) / (1 - torch.where(x == 1, 2 * x, x)))),
}


def _unary_derivs(deriv):
    return lambda grad, x: (grad * deriv(x),)


for _type, (_fn, _deriv) in _UNARY_GRADS.items():
    register_op(_type, inputs=("x: T",), infer=shape_rules.same_shape)(
        (lambda f: lambda ctx, x: f(x))(_with_grad(_fn, _unary_derivs(_deriv))))
# torch's own derivatives of these are TF's
register_op("Erfinv", inputs=("x: T",), infer=shape_rules.same_shape)(
    lambda ctx, x: _native(torch.special.erfinv)(x))
register_op("Ndtri", inputs=("x: T",), infer=shape_rules.same_shape)(
    lambda ctx, x: _native(torch.special.ndtri)(x))


# -- binary and ternary special functions ---------------------------------------------------

def _igamma_dx(a, x):
    return torch.exp(-x + torch.xlogy(a - 1, x) - torch.lgamma(a))


_IGAMMA = _native(torch.special.gammainc)
_IGAMMAC = _native(torch.special.gammaincc)
_POLYGAMMA = _in_float64(_fns.polygamma)
_BETAINC = _in_float64(_fns.betainc)


def _igamma_fn(fn, upper):
    # Eigen's order of cases: for P, x == 0 first (0 whatever a is), then NaN for a <= 0,
    # x < 0 or a NaN (torch gives 1 or 0); for Q the NaN cases first, then 1 at x == 0; and
    # 0 for a = x = inf (both P and Q)
    def run(a, x):
        out = fn(a, x)
        bad = (a <= 0) | (x < 0) | torch.isnan(a) | torch.isnan(x)
        at_zero = (x == 0) & ~bad if upper else x == 0
        out = torch.where(bad, torch.full_like(out, math.nan), out)
        out = torch.where(torch.isposinf(a) & torch.isposinf(x), torch.zeros_like(out), out)
        return torch.where(at_zero, torch.full_like(out, 1.0 if upper else 0.0), out)
    return run


_zeta = _in_float64(_fns.tf_zeta)

_BINARY_GRADS = {
    "Igamma": (_igamma_fn(_IGAMMA, False), lambda g, a, x: (
        g * _fns.igamma_da(a.double(), x.double()).to(a.dtype), g * _igamma_dx(a, x))),
    "Igammac": (_igamma_fn(_IGAMMAC, True), lambda g, a, x: (
        g * _fns.igamma_da(a.double(), x.double(), upper=True).to(a.dtype),
        -g * _igamma_dx(a, x))),
    "Zeta": (_zeta, lambda g, x, q: (None, -g * x * _zeta(x + 1, q))),
    "Polygamma": (_POLYGAMMA, lambda g, a, x: (None, g * _POLYGAMMA(a + 1, x))),
    "NextAfter": (_native(torch.nextafter), lambda g, x1, x2: (g, torch.zeros_like(g))),
}


def _lower_broadcast(fn):
    def lower(ctx, *xs):
        return fn(*torch.broadcast_tensors(*xs))
    return lower


for _type, (_fn, _derivs) in _BINARY_GRADS.items():
    _args = ("x1: T", "x2: T") if _type == "NextAfter" else (
        ("x: T", "q: T") if _type == "Zeta" else ("a: T", "x: T"))
    register_op(_type, inputs=_args, infer=shape_rules.binary_broadcast)(
        _lower_broadcast(_with_grad(_fn, _derivs)))


def _betainc_infer(op, a, b, x):
    shape = a.shape
    for t in (b, x):  # TF: equal shapes, or scalars broadcast
        if shape.ndims == 0:
            shape = t.shape
        elif t.shape.ndims != 0:
            shape = shape.merge_with(t.shape)
    return [(a.dtype.base_dtype, shape)]


register_op("Betainc", inputs=("a: T", "b: T", "x: T"), infer=_betainc_infer)(
    _lower_broadcast(_with_grad(_BETAINC, lambda g, a, b, x: (
        None, None, g * _fns.betainc_dx(a.double(), b.double(), x.double()).to(x.dtype)))))


# -- MulNoNan, Xlog1py ---------------------------------------------------------------------

def _mul_no_nan(x, y):
    return torch.where(y == 0, torch.zeros_like(x * y), x * y)


def _xlog1py(x, y):
    return torch.where(x == 0, torch.zeros_like(x), x * torch.log1p(y))


register_op("MulNoNan", inputs=("x: T", "y: T"), infer=shape_rules.binary_broadcast)(
    _lower_broadcast(_with_grad(_mul_no_nan, lambda g, x, y: (
        _mul_no_nan(g, y), _mul_no_nan(x, g)))))
register_op("Xlog1py", inputs=("x: T", "y: T"), infer=shape_rules.binary_broadcast)(
    _lower_broadcast(_with_grad(_xlog1py, lambda g, x, y: (
        g * torch.where(x == 0, torch.zeros_like(y), torch.log1p(y)),
        g * torch.where(x == 0, torch.zeros_like(x), x / (1 + y))))))


# -- public functions ---------------------------------------------------------------------

def _scoped_unary(op_type, scope):
    def fn(x, name=None):
        with name_scope(name, scope, [x]):
            return apply_op(op_type, [convert_to_tensor(x, name="x")])
    fn.__name__ = fn.__qualname__ = scope
    fn.__doc__ = "TF1 `tf.math.%s`: elementwise `%s`." % (scope, op_type)
    return fn


bessel_i0 = _scoped_unary("BesselI0", "bessel_i0")
bessel_i0e = _scoped_unary("BesselI0e", "bessel_i0e")
bessel_i1 = _scoped_unary("BesselI1", "bessel_i1")
bessel_i1e = _scoped_unary("BesselI1e", "bessel_i1e")
bessel_j0 = _scoped_unary("BesselJ0", "bessel_j0")
bessel_j1 = _scoped_unary("BesselJ1", "bessel_j1")
bessel_y0 = _scoped_unary("BesselY0", "bessel_y0")
bessel_y1 = _scoped_unary("BesselY1", "bessel_y1")
bessel_k0 = _scoped_unary("BesselK0", "bessel_k0")
bessel_k0e = _scoped_unary("BesselK0e", "bessel_k0e")
bessel_k1 = _scoped_unary("BesselK1", "bessel_k1")
bessel_k1e = _scoped_unary("BesselK1e", "bessel_k1e")
dawsn = _scoped_unary("Dawsn", "dawsn")
expint = _scoped_unary("Expint", "expint")
fresnel_cos = _scoped_unary("FresnelCos", "fresnel_cos")
fresnel_sin = _scoped_unary("FresnelSin", "fresnel_sin")
spence = _scoped_unary("Spence", "spence")
erfinv = _scoped_unary("Erfinv", "erfinv")
ndtri = _scoped_unary("Ndtri", "ndtri")


def betainc(a, b, x, name=None):
    """TF1 `tf.math.betainc`: the regularized incomplete beta I_x(a, b)."""
    return apply_op("Betainc", [a, b, x], name=name)


def igamma(a, x, name=None):
    """TF1 `tf.math.igamma`: the regularized lower incomplete gamma P(a, x)."""
    return apply_op("Igamma", [a, x], name=name)


def igammac(a, x, name=None):
    """TF1 `tf.math.igammac`: the regularized upper incomplete gamma Q(a, x)."""
    return apply_op("Igammac", [a, x], name=name)


def zeta(x, q, name=None):
    """TF1 `tf.math.zeta`: the Hurwitz zeta function."""
    return apply_op("Zeta", [x, q], name=name)


def polygamma(a, x, name=None):
    """TF1 `tf.math.polygamma`: the a-th derivative of digamma (a a non-negative integer)."""
    return apply_op("Polygamma", [a, x], name=name)


def nextafter(x1, x2, name=None):
    """TF1 `tf.math.nextafter`: the next representable value of x1 toward x2."""
    return apply_op("NextAfter", [x1, x2], name=name)


def erfcinv(x, name=None):
    """TF1 `tf.math.erfcinv`: the inverse of erfc, as -ndtri(x / 2) / sqrt(2)."""
    with name_scope(name, "erfcinv", [x]):
        x = convert_to_tensor(x, name="x")
        return -ndtri(0.5 * x) * math.sqrt(0.5)


def lbeta(x, name=None):
    """TF1 `tf.math.lbeta`: log|B(x)| over the last axis: sum(lgamma(x)) - lgamma(sum(x))."""
    with name_scope(name, "lbeta", [x]):
        x = convert_to_tensor(x, name="x")
        log_prod_gamma_x = reduce_sum(lgamma(x), axis=[-1])
        sum_x = reduce_sum(x, axis=[-1])
        return log_prod_gamma_x - lgamma(sum_x)


def multiply_no_nan(x, y, name=None):
    """TF1 `tf.math.multiply_no_nan`: x * y, 0 where y is 0 even if x is NaN or inf."""
    with name_scope(name, "multiply_no_nan", [x, y]) as name:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype_hint=x.dtype.base_dtype)
        if x.dtype.base_dtype != y.dtype.base_dtype:
            raise TypeError("`x` and `y` must have the same dtype, got %r != %r."
                            % (x.dtype.base_dtype, y.dtype.base_dtype))
        return apply_op("MulNoNan", [x, y], name=name)


def xlog1py(x, y, name=None):
    """TF1 `tf.math.xlog1py`: x * log1p(y), 0 where x is 0."""
    with name_scope(name, "xlog1py", [x]):
        return apply_op("Xlog1py", [x, y])


_ALLOWED_RECIPROCAL = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64,
                       dtypes.complex128)


def reciprocal_no_nan(x, name=None):
    """TF1 `tf.math.reciprocal_no_nan`: 1 / x, 0 where x is 0."""
    with name_scope(name, "reciprocal_no_nan", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype not in _ALLOWED_RECIPROCAL:
            raise TypeError("x has incorrect data type: {} Accepted: {}".format(
                x.dtype, list(_ALLOWED_RECIPROCAL)))
        one = convert_to_tensor(1, dtype=x.dtype.base_dtype, name="one")
        return apply_op("DivNoNan", [one, x], name=scope)
