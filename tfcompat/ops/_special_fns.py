"""Torch kernels of TF's special functions that torch lacks (Dawsn, Expint, FresnelCos/Sin, Spence,
Betainc, Polygamma of a tensor order, the Igamma derivative in `a`), each with TF's (Eigen/Cephes)
edge values. Every kernel computes in float64 and returns that dtype; callers cast back.
"""
from __future__ import annotations

import math

import torch

_EULER = 0.57721566490153286061


def _polevl(x, coefs):
    out = torch.zeros_like(x)
    for c in coefs:
        out = out * x + c
    return out


# -- Dawson's integral: Rybicki's sum, relative error ~2e-7 (Numerical Recipes `dawson`) -------

_DAWSON_H = 0.4
_DAWSON_C = [math.exp(-((2 * i + 1) * _DAWSON_H) ** 2) for i in range(6)]


def dawsn(x):
    ax = x.abs()
    x2 = x * x
    small = x * (1 - 2.0 / 3.0 * x2 * (1 - 0.4 * x2 * (1 - 2.0 / 7.0 * x2)))
    big = torch.where(ax < 0.2, torch.ones_like(ax), ax)
    n0 = 2 * torch.round(0.5 * big / _DAWSON_H)
    xp = big - n0 * _DAWSON_H
    e1 = torch.exp(2 * xp * _DAWSON_H)
    e2 = e1 * e1
    d1, d2 = n0 + 1, n0 - 1
    total = torch.zeros_like(x)
    for c in _DAWSON_C:
        total = total + c * (e1 / d1 + 1 / (d2 * e1))
        d1, d2, e1 = d1 + 2, d2 - 2, e1 * e2
    # beyond ~1e8 the sum loses precision: D(x) ~ 1/(2x) there
    asym = 1 / (2 * big)
    large = torch.where(ax > 1e4, asym, 0.5641895835477563 * torch.exp(-xp * xp) * total)
    out = torch.where(ax < 0.2, small, torch.sign(x) * large)
    return torch.where(torch.isinf(x), torch.zeros_like(x), out)


# -- Exponential integral Ei(x): TF gives NaN for x < 0 ------------------------------------

def expint(x):
    pos = torch.where(x > 0, x, torch.ones_like(x))
    term = torch.ones_like(pos)
    total = torch.zeros_like(pos)
    for k in range(1, 160):  # all terms positive: no cancellation
        term = term * pos / k
        total = total + term / k
        if k > 20 and pos.device.type == "cpu" and bool((term / k <= 1e-17 * total).all()):
            break
    series = _EULER + torch.log(pos) + total
    # asymptotic for large x: e^x / x * sum k! / x^k
    big = torch.where(pos > 40, pos, torch.full_like(pos, 40.0))
    asum, aterm = torch.ones_like(big), torch.ones_like(big)
    for k in range(1, 30):
        aterm = aterm * k / big
        asum = asum + aterm
    asym = torch.exp(big) / big * asum
    out = torch.where(pos > 50, asym, series)
    out = torch.where(x == 0, torch.full_like(x, -math.inf), out)
    return torch.where((x < 0) | torch.isnan(x) | torch.isinf(x), torch.full_like(x, math.nan), out)


# -- Fresnel integrals (TF's normalisation: the integrands are cos/sin(pi t^2 / 2)) ---------------

def _fresnel(x, want_cos):
    ax = x.abs()
    small = torch.where(ax < 3, ax, torch.zeros_like(ax))
    z = math.pi / 2 * small * small
    total = torch.zeros_like(ax)
    # C = sum (-1)^n z^(2n) x / ((2n)! (4n+1)),  S = sum (-1)^n z^(2n+1) x / ((2n+1)! (4n+3))
    term = small if want_cos else small * z  # z^k x / k!
    k0 = 0 if want_cos else 1
    for n in range(60):
        k = 2 * n + k0
        total = total + (-1) ** n * term / (2 * k + 1)
        term = term * z * z / ((k + 1) * (k + 2))
    big = torch.where(ax >= 3, ax, torch.full_like(ax, 3.0))
    piz = math.pi * big * big
    f = torch.zeros_like(big)
    g = torch.zeros_like(big)
    fnum, gnum = 1.0, 1.0
    for m in range(8):  # A&S 7.3.27-28, asymptotic in 1/(pi x^2)
        f = f + (-1) ** m * fnum / piz ** (2 * m)
        g = g + (-1) ** m * gnum / piz ** (2 * m)
        fnum *= (4 * m + 1) * (4 * m + 3)
        gnum *= (4 * m + 3) * (4 * m + 5)
    f = f / (math.pi * big)
    g = g / (math.pi ** 2 * big ** 3)
    arg = math.pi / 2 * big * big
    if want_cos:
        asym = 0.5 + f * torch.sin(arg) - g * torch.cos(arg)
    else:
        asym = 0.5 - f * torch.cos(arg) - g * torch.sin(arg)
    asym = torch.where(torch.isinf(ax), torch.full_like(ax, 0.5), asym)
    out = torch.sign(x) * torch.where(ax < 3, total, asym)
    return torch.where(torch.isnan(x), x, out)


def fresnel_cos(x):
    return _fresnel(x, True)


def fresnel_sin(x):
    return _fresnel(x, False)


# -- Spence's function (Cephes `spence`): NaN below 0 -----------------------------------------

_SPENCE_A = [4.65128586073990045278E-5, 7.31589045238094711071E-3, 1.33847639578309018650E-1,
             8.79691311754530315341E-1, 2.71149851196553469920E0, 4.25697156008121755724E0,
             3.29771340985225106936E0, 1.00000000000000000126E0]
_SPENCE_B = [6.90990488912553276999E-4, 2.54043763932544379113E-2, 2.82974860602568089943E-1,
             1.41172597751831069617E0, 3.63800533345137075418E0, 5.03278880143316990390E0,
             3.54771340985225096217E0, 9.99999999999999998740E-1]


def spence(x):
    safe = torch.where((x > 0) & torch.isfinite(x), x, torch.full_like(x, 0.75))
    inv = safe > 2
    s = torch.where(inv, 1 / safe, safe)
    flag2 = inv | (s > 1.5)
    flag1 = s < 0.5  # also after the 1/x above, as in Cephes
    w = torch.where(s > 1.5, 1 / s - 1, torch.where(s < 0.5, -s, s - 1))
    y = -w * _polevl(w, _SPENCE_A) / _polevl(w, _SPENCE_B)
    y = torch.where(flag1, math.pi ** 2 / 6 - torch.log(s) * torch.log1p(-s) - y, y)
    z = torch.log(s)
    y = torch.where(flag2, -0.5 * z * z - y, y)
    y = torch.where(x == 1, torch.zeros_like(x), y)
    y = torch.where(x == 0, torch.full_like(x, math.pi ** 2 / 6), y)
    return torch.where((x < 0) | torch.isnan(x) | torch.isinf(x), torch.full_like(x, math.nan), y)


# -- Regularized incomplete beta: Lentz's continued fraction --------------------------------

def _betacf(a, b, x):
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c = torch.ones_like(x)
    d = 1 - qab * x / qap
    d = torch.where(d.abs() < tiny, torch.full_like(d, tiny), d)
    d = 1 / d
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = torch.where(d.abs() < tiny, torch.full_like(d, tiny), d)
        c = 1 + aa / c
        c = torch.where(c.abs() < tiny, torch.full_like(c, tiny), c)
        d = 1 / d
        h = h * d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = torch.where(d.abs() < tiny, torch.full_like(d, tiny), d)
        c = 1 + aa / c
        c = torch.where(c.abs() < tiny, torch.full_like(c, tiny), c)
        d = 1 / d
        delta = d * c
        h = h * delta
        # stop early once converged (on the CPU only: the check would make a GPU wait)
        if m % 20 == 0 and x.device.type == "cpu" and bool(((delta - 1).abs() < 1e-16).all()):
            break
    return h


def betainc(a, b, x):
    bad = (a <= 0) | (b <= 0) | (x < 0) | (x > 1) | torch.isnan(a) | torch.isnan(b) | \
        torch.isnan(x) | torch.isinf(a) | torch.isinf(b)
    one = torch.ones_like(x)
    a_, b_ = torch.where(bad, one, a), torch.where(bad, one, b)
    x_ = torch.where(bad | (x <= 0) | (x >= 1), torch.full_like(x, 0.5), x)
    lbeta = torch.lgamma(a_ + b_) - torch.lgamma(a_) - torch.lgamma(b_)
    front = torch.exp(lbeta + a_ * torch.log(x_) + b_ * torch.log1p(-x_))
    flip = x_ > (a_ + 1) / (a_ + b_ + 2)
    direct = front * _betacf(a_, b_, x_) / a_
    mirrored = 1 - front * _betacf(b_, a_, 1 - x_) / b_
    out = torch.where(flip, mirrored, direct)
    out = torch.where(x == 0, torch.zeros_like(x), torch.where(x == 1, one, out))
    return torch.where(bad, torch.full_like(x, math.nan), out)


def betainc_dx(a, b, x):
    """d/dx of the regularized incomplete beta: x^(a-1) (1-x)^(b-1) / B(a, b) (TF's gradient)."""
    lbeta = torch.lgamma(a) + torch.lgamma(b) - torch.lgamma(a + b)
    return torch.exp(torch.xlogy(a - 1, x) + torch.xlogy(b - 1, 1 - x) - lbeta)


# -- Hurwitz zeta with TF's (Eigen's) values at the poles; Polygamma of a tensor order ----------

def tf_zeta(x, q):
    """torch's Hurwitz zeta(x, q) with Eigen's special cases: inf at x == 1 (any q), NaN below; at a
    non-positive integer q, inf for an even integer x and NaN otherwise; at another negative q,
    NaN for a non-integer x; zeta(x, inf) = 0."""
    out = torch.special.zeta(x, q)
    nan, inf = torch.full_like(out, math.nan), torch.full_like(out, math.inf)
    x_int = x == torch.floor(x)
    x_even = torch.isinf(x) | (x_int & (torch.fmod(x, 2) == 0))
    q_pole = (q <= 0) & (q == torch.floor(q))
    out = torch.where(q_pole, torch.where(x_even, inf, nan), out)
    out = torch.where((q < 0) & ~q_pole & ~x_int, nan, out)
    # q^-x underflows: torch's series gives NaN at x = inf or q = inf, where the value is 0
    out = torch.where((q > 1) & (x > 1) & torch.isnan(out), torch.zeros_like(out), out)
    out = torch.where(x < 1, nan, out)
    out = torch.where(torch.isnan(x) | torch.isnan(q), nan, out)
    return torch.where(x == 1, inf, out)  # Eigen checks x == 1 first: inf even for a NaN q


# -- Polygamma with a tensor order; Igamma's derivative in a ---------------------------------

def polygamma(n, x):
    """psi^(n)(x) elementwise: digamma for n == 0, (-1)^(n+1) n! zeta(n+1, x) above; NaN for an
    order that is negative or not an integer (as TF)."""
    valid = (n >= 0) & (n == torch.floor(n))
    order = torch.where(valid, n, torch.zeros_like(n))
    zeta = tf_zeta(order + 1, x)
    high = torch.where(torch.fmod(order, 2) == 0, -1.0, 1.0).to(x.dtype) * \
        torch.exp(torch.lgamma(order + 1)) * zeta
    out = torch.where(order == 0, torch.special.digamma(x), high)
    return torch.where(valid, out, torch.full_like(out, math.nan))


def igamma_da(a, x, upper=False):
    """d/da of the regularized lower (upper) incomplete gamma, by a central difference in float64
    (torch has no derivative of gammainc in `a`; TF's IgammaGradA is accurate to ~1e-7 in
    float32, which this matches)."""
    h = 1e-5 * torch.clamp(a.abs(), min=1e-2)
    fn = torch.special.gammaincc if upper else torch.special.gammainc
    return (fn(a + h, x) - fn(a - h, x)) / (2 * h)
