"""TF's scalar arithmetic where it differs from torch's: floor/truncate division and modulo
(float formulas, INT_MIN / -1, division by zero), NaN in arg-reductions, and the unsigned
integer types torch has few kernels for. Used by math_ops and reduction_ops lowerings.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors

_WIDE_UNSIGNED = tuple(getattr(torch, n) for n in ("uint16", "uint32", "uint64")
                       if hasattr(torch, n))
_INT64_MIN = -(2 ** 63)


def is_float(x: torch.Tensor) -> bool:
    return x.is_floating_point() or x.is_complex()


def is_wide_unsigned(x: torch.Tensor) -> bool:
    return x.dtype in _WIDE_UNSIGNED


# -- ordering keys: torch has no comparisons for uint16/32/64 ---------------------------------

def order_key(x: torch.Tensor) -> torch.Tensor:
    """An int64 tensor ordered as `x` (uint16/uint32 widen; uint64 flips its top bit);
    other dtypes are returned as they are."""
    if x.dtype == getattr(torch, "uint64", None):
        return x.view(torch.int64) ^ _INT64_MIN
    if is_wide_unsigned(x):
        return x.to(torch.int64)
    if x.dtype == torch.bool:
        return x.to(torch.uint8)
    return x


def from_order_key(key: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    if dtype == getattr(torch, "uint64", None):
        return (key ^ _INT64_MIN).view(dtype)
    return key.to(dtype) if key.dtype != dtype else key


def ordered(fn):
    """Wraps a binary or unary torch function of ordered values so it also runs on unsigned
    dtypes torch lacks kernels for."""
    def run(*args):
        dtype = args[0].dtype
        if not any(t.dtype in _WIDE_UNSIGNED for t in args):
            return fn(*args)
        return from_order_key(fn(*(order_key(t) for t in args)), dtype)
    return run


# -- division and modulo ----------------------------------------------------------------------

def _signed_quotient(x, y, mode):
    # NOTE: INT_MIN / -1 traps (SIGFPE) in torch's int32/int64 kernels; TF wraps to INT_MIN.
    if not y.dtype.is_signed:
        return torch.div(x, y, rounding_mode=mode)
    minus_one = y == -1
    return torch.where(minus_one, -x, torch.div(x, torch.where(minus_one, 1, y),
                                                   rounding_mode=mode))


def _signed_remainder(fn, x, y):
    if not y.dtype.is_signed:
        return fn(x, y)
    minus_one = y == -1
    return torch.where(minus_one, 0, fn(x, torch.where(minus_one, 1, y))).to(x.dtype)


def floor_div(x, y):
    if is_float(x):
        return torch.floor(x / y)  # TF: floor(x / y), so 5.0 // 0.1 == 50 (Python says 49)
    if is_wide_unsigned(x):
        return unsigned_numpy(np.floor_divide, x, y)
    return _signed_quotient(x, y, "floor")


def truncate_div(x, y):
    if is_float(x):
        return torch.trunc(x / y)
    if is_wide_unsigned(x):
        return unsigned_numpy(np.floor_divide, x, y)
    return _signed_quotient(x, y, "trunc")


def _float_floor_mod(x, y):
    # NOTE: TF's float FloorMod: m = fmod(x, y), plus y when m != 0 and the signs of m and y
    # differ; so mod(-3, inf) == inf and mod(3, -inf) == -inf, as TF returns.
    m = torch.fmod(x, y)
    return torch.where((m != 0) & ((y < 0) != (m < 0)), m + y, m)


def _sum_to(grad, shape):
    return grad if grad.shape == shape else grad.sum_to_size(shape)


class _FloorMod(torch.autograd.Function):
    """TF's FloorMod gradient: (grad, -grad * floor(x / y)), reduced to each input's shape."""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return _float_floor_mod(x, y)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        gx = _sum_to(grad, x.shape) if ctx.needs_input_grad[0] else None
        gy = _sum_to(-grad * torch.floor(x / y), y.shape) if ctx.needs_input_grad[1] else None
        return gx, gy


def floor_mod(x, y):
    if is_float(x):
        if torch.is_grad_enabled() and (x.requires_grad or y.requires_grad):
            return _FloorMod.apply(x, y)
        return _float_floor_mod(x, y)
    if is_wide_unsigned(x):
        return unsigned_numpy(np.remainder, x, y)
    return _signed_remainder(torch.remainder, x, y)


def truncate_mod(x, y):
    if is_float(x):
        return torch.fmod(x, y)
    if is_wide_unsigned(x):
        return unsigned_numpy(np.remainder, x, y)
    return _signed_remainder(torch.fmod, x, y)


def legacy_div(x, y):
    """TF's `Div` op: true division for floats, C (truncating) division for integers."""
    return x / y if is_float(x) else truncate_div(x, y)


_ZERO_DIVISION = {
    # NOTE: TF's CPU kernels: FloorDiv, FloorMod and Div check for zero divisors; the
    # truncating ops fail with a generic InternalError instead.
    "invalid": (errors.InvalidArgumentError, "Integer division by zero"),
    "internal": (errors.InternalError,
                 "Unexpected error in binary operator (only integer div and mod should have "
                 "errors)"),
}


def checked_division(fn, zero_error="invalid"):
    """A lowering `(ctx, x, y)` for an integer-aware division op that raises TF's error for an
    integer zero divisor."""
    cls, message = _ZERO_DIVISION[zero_error]

    def lower(ctx, x, y):
        if not is_float(x) and bool((y == 0).any()):
            raise cls(None, ctx.op, message)
        return fn(x, y)
    lower.__name__ = "_lower_" + fn.__name__
    return lower


# -- arg-reductions ------------------------------------------------------------------------

def arg_extreme(x: torch.Tensor, dim: int, largest: bool) -> torch.Tensor:
    """TF's ArgMax/ArgMin: the first index of the extreme value, NaNs never chosen. TF's
    reducer starts from (index 0, lowest finite value) and only a strictly better value
    replaces it, so a row of NaN, -inf and lowest() values gives 0 (for ArgMax)."""
    x = order_key(x)
    if not x.is_floating_point():
        return torch.argmax(x, dim) if largest else torch.argmin(x, dim)
    info = torch.finfo(x.dtype)
    nan = torch.isnan(x)
    if largest:
        clean = x.masked_fill(nan, -float("inf"))
        index, best = torch.argmax(clean, dim), torch.amax(clean, dim)
        beaten = best > info.min
    else:
        clean = x.masked_fill(nan, float("inf"))
        index, best = torch.argmin(clean, dim), torch.amin(clean, dim)
        beaten = best < info.max
    return torch.where(beaten, index, torch.zeros_like(index))


# -- modular arithmetic in int64 for the unsigned types ----------------------------------------

def int64_bits(x: torch.Tensor) -> torch.Tensor:
    """uint16/32/64 as int64 with the same value modulo 2**64, for sums and products (which
    wrap as TF's do when converted back by `from_int64_bits`)."""
    if x.dtype == getattr(torch, "uint64", None):
        return x.view(torch.int64)
    return x.to(torch.int64) if is_wide_unsigned(x) else x


def from_int64_bits(x: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    if dtype == getattr(torch, "uint64", None):
        return x.view(dtype)
    return x.to(dtype) if x.dtype != dtype else x


def unsigned_numpy(np_fn, *tensors):
    """Runs a numpy function on the host: torch has no division kernels for uint16/32/64."""
    out = np.array(np_fn(*(t.cpu().numpy() for t in tensors)), order="C")
    return torch.from_numpy(out).to(tensors[0].device)
