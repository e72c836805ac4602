"""TF's gradients for the elementwise ops whose torch derivative differs from TF's registered
one, as torch.autograd Functions the lowerings use when an input requires grad.

- `Maximum` / `Minimum`: TF gives the whole gradient to x where x >= y (x <= y), the rest to y
  (ties and NaNs included); torch splits ties 0.5 / 0.5. `clip_by_value` is built from them,
  so at its bounds the whole gradient passes, as in TF.
- `Sqrt`, `Rsqrt`, `Reciprocal`: TF's gradient kernels return 0 where the incoming gradient is
  0, so `tf.where(x > 0, tf.sqrt(x), 0)` has a finite gradient at 0 (torch: 0 * inf = NaN).
- `Pow`: TF's d/dy is 0 where x <= 0 (torch: NaN or inf from log(x)), and its d/dx is
  y * x^(y-1) even for y == 0 (torch masks that case to 0).
- `Abs`: grad * sign(x), NaN at a NaN x (torch: 0). `Acosh`: grad / sinh(acosh(x)), NaN below
  1 (torch's grad / sqrt(x^2 - 1) is finite for x < -1). `Lgamma`: grad * digamma(x) and
  `Digamma`: grad * trigamma(x), with TF's values at the poles (_tf_elementwise).
- `Xlogy`: (grad * xlogy(x != 0, y), grad * xdivy(x, y)), so 0 wherever x == 0.
- `Atan2`: (grad * x, -grad * y) / (y^2 + x^2), NaN at the origin (torch masks it to 0).
- `Angle`: -grad / complex(imag(x), real(x)): NaN at 0 (torch: 0), and finite where |x|^2
  underflows (torch: NaN).

Each backward is built from differentiable torch ops, so second-order gradients work.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat.ops import _tf_elementwise


def _sum_to(grad, shape):
    """Reduces a broadcast gradient to an input's shape (TF's BroadcastGradientArgs + Sum)."""
    return grad if grad.shape == shape else grad.sum_to_size(shape)


class _MaxMin(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y, is_max):
        ctx.save_for_backward(x, y)
        ctx.is_max = is_max
        return torch.maximum(x, y) if is_max else torch.minimum(x, y)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        mask = (x >= y) if ctx.is_max else (x <= y)
        zeros = torch.zeros((), dtype=grad.dtype, device=grad.device)
        gx = _sum_to(torch.where(mask, grad, zeros), x.shape) if ctx.needs_input_grad[0] else None
        gy = _sum_to(torch.where(mask, zeros, grad), y.shape) if ctx.needs_input_grad[1] else None
        return gx, gy, None


def _needs_grad(*tensors) -> bool:
    return torch.is_grad_enabled() and any(t.requires_grad for t in tensors)


def maximum(x, y):
    """torch.maximum with TF's gradient (ties go to x)."""
    return _MaxMin.apply(x, y, True) if _needs_grad(x, y) else torch.maximum(x, y)


def minimum(x, y):
    """torch.minimum with TF's gradient (ties go to x)."""
    return _MaxMin.apply(x, y, False) if _needs_grad(x, y) else torch.minimum(x, y)


def _zero_where_no_grad(grad, value):
    """TF's `if (dy == 0) return 0` in the Sqrt/Rsqrt/Reciprocal gradient kernels."""
    return torch.where(grad == 0, torch.zeros((), dtype=value.dtype, device=value.device), value)


def exact_sqrt(x):
    """torch.sqrt, correctly rounded for float32 on the CPU as TF's (Eigen's) Sqrt is: torch's
    float32 CPU sqrt (MKL's vector math) is off by an ulp for ~15% of values on AVX2 CPUs (<1%
    on AVX512); numpy's is the correctly rounded root (the CPU's sqrt instruction) and about as
    fast (784x512 floats: 172 against 125 us; through float64, 3x slower). Compiled code
    (inductor) takes the instruction itself."""
    if x.dtype != torch.float32 or x.device.type != "cpu" or torch.compiler.is_compiling():
        return torch.sqrt(x)
    a = x.detach().numpy()
    with np.errstate(invalid="ignore"):   # sqrt of a negative is NaN, as TF's, silently
        return torch.from_numpy(np.sqrt(a, out=np.empty(a.shape, np.float32)))


class _Sqrt(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = exact_sqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return _zero_where_no_grad(grad, 0.5 * grad / y.conj())


class _Rsqrt(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.rsqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        yc = y.conj()
        return _zero_where_no_grad(grad, -0.5 * (grad * yc) * (yc * yc))


class _Reciprocal(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.reciprocal(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        yc = y.conj()
        return _zero_where_no_grad(grad, -grad * (yc * yc))


class _Sigmoid(torch.autograd.Function):
    """Real sigmoid whose gradient is TF's SigmoidGrad kernel (its rounding order)."""
    @staticmethod
    def forward(ctx, x):
        y = _tf_elementwise.half_sigmoid(x) if x.dtype == torch.float16 else torch.sigmoid(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return _tf_elementwise.sigmoid_grad(y, grad)


def _unary(function, plain):
    def apply(x):
        return function.apply(x) if _needs_grad(x) else plain(x)
    apply.__name__ = plain.__name__
    return apply


sqrt = _unary(_Sqrt, exact_sqrt)
sqrt.__name__ = "sqrt"
rsqrt = _unary(_Rsqrt, torch.rsqrt)
reciprocal = _unary(_Reciprocal, torch.reciprocal)
sigmoid = _unary(_Sigmoid, torch.sigmoid)
half_sigmoid = _unary(_Sigmoid, _tf_elementwise.half_sigmoid)


class _Pow(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        z = torch.pow(x, y)
        ctx.save_for_backward(x, y, z)
        return z

    @staticmethod
    def backward(ctx, grad):
        x, y, z = ctx.saved_tensors
        cx, cy = x.conj(), y.conj()
        gx = gy = None
        if ctx.needs_input_grad[0]:
            gx = _sum_to(grad * cy * torch.pow(cx, cy - 1), x.shape)
        if ctx.needs_input_grad[1]:
            # TF: "there's no sensible real value to return if x < 0, so return 0"
            mask = (cx != 0) if x.is_complex() else (cx > 0)
            safe_x = torch.where(mask, cx, torch.ones_like(cx))
            log_x = torch.where(mask, torch.log(safe_x), torch.zeros_like(cx))
            gy = _sum_to(grad * z.conj() * log_x, y.shape)
        return gx, gy


def pow(x, y):  # noqa: A001 - TF's name
    """torch.pow with TF's gradient."""
    return _Pow.apply(x, y) if _needs_grad(x, y) else torch.pow(x, y)


class _Abs(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.abs(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * _tf_elementwise.float_sign(x)


class _Acosh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.acosh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad / torch.sinh(y.conj())


class _Lgamma(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.lgamma(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * _Digamma.apply(x)


class _Digamma(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _tf_elementwise.digamma(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * _tf_elementwise.trigamma(x)


abs = _unary(_Abs, torch.abs)  # noqa: A001 - TF's name
acosh = _unary(_Acosh, torch.acosh)
lgamma = _unary(_Lgamma, torch.lgamma)
digamma = _unary(_Digamma, _tf_elementwise.digamma)


class _Xlogy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return _tf_elementwise.xlogy(x, y)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        gx = gy = None
        if ctx.needs_input_grad[0]:
            not_zero = (x != 0).to(x.dtype)
            gx = _sum_to(grad * _tf_elementwise.xlogy(not_zero, y), x.shape)
        if ctx.needs_input_grad[1]:
            gy = _sum_to(grad * _tf_elementwise.xdivy(x, y), y.shape)
        return gx, gy


def xlogy(x, y):
    """TF's real Xlogy (x where x == 0) with TF's gradient."""
    return _Xlogy.apply(x, y) if _needs_grad(x, y) else _tf_elementwise.xlogy(x, y)


class _Atan2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, x):
        ctx.save_for_backward(y, x)
        return torch.atan2(y, x)

    @staticmethod
    def backward(ctx, grad):
        y, x = ctx.saved_tensors
        grad_inv = grad / (y * y + x * x)
        gy = _sum_to(x * grad_inv, y.shape) if ctx.needs_input_grad[0] else None
        gx = _sum_to(-y * grad_inv, x.shape) if ctx.needs_input_grad[1] else None
        return gy, gx


def atan2(y, x):
    """torch.atan2 with TF's gradient (no mask at the origin)."""
    return _Atan2.apply(y, x) if _needs_grad(y, x) else torch.atan2(y, x)


class _Angle(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.angle(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        z = torch.reciprocal(torch.complex(x.imag, x.real))
        return -torch.complex(grad, torch.zeros_like(grad)) * z


def angle(x):
    """torch.angle of a complex tensor with TF's gradient (_AngleGrad)."""
    return _Angle.apply(x) if x.is_complex() and _needs_grad(x) else torch.angle(x)
