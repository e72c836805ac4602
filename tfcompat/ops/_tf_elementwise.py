"""TF's elementwise kernels where torch's give other values on special inputs (NaN, inf, poles),
written as TF's Eigen functors compute them. math_ops binds each to the dtypes it concerns
(`_dtype_dispatch.by_dtype`), so other dtypes keep torch's kernel.

- Complex `Add`/`Sub`/`AddN`: TF adds the real and imaginary parts independently; torch's
  add multiplies `y` by alpha = 1+0j first, so an infinite or NaN part spreads NaN into the
  other part ((nan+0j) + (nan+0j) is nan+nanj in torch, nan+0j in TF).
- Complex `SquaredDifference`: Eigen's `v * conj(v)` with v = x - y, the plain product formula
  (a real number for finite v; inf+nanj for v = inf+0j), where torch's square(v) differs.
- `Sign`: NaN for a NaN float (torch gives 0); of a complex z, Eigen's vectorized z / |z| with
  |z| the overflow-safe hypotenuse and NaN handled as its packet max/min do.
- `Digamma`: NaN at the poles 0, -1, -2, ... (Cephes, as Eigen), torch gives -inf/+inf at +-0;
  its derivative `trigamma` (Eigen's zeta(2, x)) is +inf there (torch: a huge finite number).
- `Xlogy` of real x: x where x == 0, even for a NaN y (torch.xlogy gives NaN).
- float16 `Sigmoid`: Eigen's generic scalar_logistic_op, e / (1 + e) with e = exp(x), each
  step rounded to half (torch computes the logistic in float and rounds once).
- Real `SigmoidGrad`: Eigen's scalar_sigmoid_gradient_op rounds as dy * (y * (1 - y)) on whole
  AVX packets (32 bytes) and as (dy * y) * (1 - y) on the tail past the last full packet.
"""
from __future__ import annotations

import torch


# -- complex ----------------------------------------------------------------------------------

def _parts(z: torch.Tensor) -> torch.Tensor:
    """`z` as a real tensor with a trailing (real, imag) axis."""
    return torch.view_as_real(z.resolve_conj())


def complex_add(x, y):
    return torch.view_as_complex(_parts(x) + _parts(y))


def complex_sub(x, y):
    return torch.view_as_complex(_parts(x) - _parts(y))


def complex_add_n(*inputs):
    out = _parts(inputs[0])
    for x in inputs[1:]:
        out = out + _parts(x)
    return torch.view_as_complex(out.contiguous())


def complex_squared_difference(x, y):
    v = complex_sub(x, y)
    return v * v.conj()  # torch's complex product is the plain (a*c - b*d, a*d + b*c), as Eigen's


def complex_sign(z):
    a = _parts(z).abs()
    flip = a.flip(-1)
    # NOTE: Eigen's pmax(a, b) / pmin(a, b) return `a` when either is NaN (std::max/min)
    top = torch.where(a < flip, flip, a)
    low = torch.where(flip < a, flip, a)
    ratio = low / top
    norm = torch.where(low == 0, top, top * torch.sqrt(1 + ratio * ratio))
    return torch.view_as_complex(torch.where(top == 0, 0.0, _parts(z) / norm))


# -- real -------------------------------------------------------------------------------------

def float_sign(x):
    # x detached: the NaN branch passes no gradient (TF's Sign gradient is 0 everywhere)
    return torch.where(torch.isnan(x), x.detach(), torch.sign(x))


def _at_pole(x):
    return (x <= 0) & (x == torch.floor(x))


def digamma(x):
    return torch.where(_at_pole(x), float("nan"), torch.digamma(x))


def trigamma(x):
    return torch.where(_at_pole(x), float("inf"), torch.polygamma(1, x))


def xlogy(x, y):
    return torch.where(x == 0, x, torch.xlogy(x, y))


def xdivy(x, y):
    zero = x == 0
    return torch.where(zero, x, x / torch.where(zero, torch.ones_like(y), y))


# -- float16 --------------------------------------------------------------------------------

def half_sigmoid(x):
    e = torch.exp(x)
    return torch.where(torch.isinf(e), torch.ones_like(e), e / (1 + e))


# Elements per AVX packet of TF's CPU kernels (Eigen is compiled for AVX: 32-byte packets)
_PACKET = {torch.float16: 8, torch.float32: 8, torch.float64: 4}


def sigmoid_grad(y, dy):
    """TF's SigmoidGrad of real `y` (the sigmoid's output) and `dy`: the packet order on the
    whole tensor, then the few tail elements (fewer than a packet) again in the scalar order."""
    size = _PACKET.get(y.dtype)
    count = y.numel()
    if size is None or count < size:
        return (dy * y) * (1 - y)
    out = (dy * (y * (1 - y))).contiguous()
    cut = count // size * size
    if cut < count:
        tail_y, tail_dy = y.reshape(-1)[cut:], dy.reshape(-1)[cut:]
        out.view(-1)[cut:] = (tail_dy * tail_y) * (1 - tail_y)
    return out
