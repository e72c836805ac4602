"""TF's gradients for the activations whose torch derivative differs from TF's registered one,
as torch.autograd Functions the lowerings in nn_ops.py use when an input requires grad.

- `Relu`, `Relu6`: TF's ReluGrad / Relu6Grad pass the gradient only where 0 < y (< 6), so a
  NaN input gets 0 (torch's threshold backward passes it).
- `Selu`: TF's SeluGrad uses `scale` where y >= 0, so at 0 the slope is `scale` (torch takes
  the negative branch there: `scale * alpha`).
- `Elu`, `Selu` forward: TF's kernels compute exp(x) - 1 (torch: expm1), and EluGrad is
  g * (y + 1) below 0.
- `Softsign`: TF's SoftsignGrad is g / (1 + |x|)^2, 0 at +-inf (torch composes x / (1 + |x|),
  whose derivative there is NaN).
- `MaxPool3D`: TF's MaxPool3DGrad gives the gradient of a window to every input within 1e-5 of
  its maximum (|x - max| < 1e-5, so none when the maximum is infinite); torch, like TF's 2-D
  MaxPoolGrad, gives it to the first maximum only.

Each backward is built from differentiable torch ops, so second-order gradients work (TF's
second derivatives of these kernels flow through the incoming gradient only, as here).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _zeros_like(g):
    return torch.zeros((), dtype=g.dtype, device=g.device)


class _Relu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = F.relu(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        # TF's ReluGrad: gradients * (features > 0), an inf/NaN g included. y = relu(x) is >= 0
        # or NaN, so sign(y) is that mask already in g's dtype (sign(NaN) = sign(-0.) = +0):
        # two vectorized passes, where a bool mask costs a slow compare and a cast (3x slower).
        return g * torch.sign(y)


class _Relu6(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = F.relu6(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * ((y > 0) & (y < 6))     # TF's Relu6Grad


def tf_elu(x):
    # TF's Elu kernel: exp(x) - 1 below 0 (torch's expm1 is more accurate near 0: -1e-30
    # gave -1e-30 where TF gives 0, -1e-4 differed in the 4th digit)
    return torch.where(x < 0, torch.exp(x) - 1, x)


def tf_selu(x):
    # TF's Selu kernel: scale * alpha * (exp(x) - 1) below 0, scale * x otherwise, with
    # scale * alpha rounded to x's dtype first
    scale_alpha = torch.tensor(_SELU_SCALE * _SELU_ALPHA, dtype=x.dtype)
    return torch.where(x < 0, scale_alpha * (torch.exp(x) - 1), x * _SELU_SCALE)


class _Elu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = tf_elu(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return torch.where(y < 0, g * (y + 1), g)     # TF's EluGrad


class _Selu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = tf_selu(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return torch.where(y < 0, g * (y + _SELU_SCALE * _SELU_ALPHA), g * _SELU_SCALE)


class _Softsign(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return F.softsign(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g / torch.square(1 + torch.abs(x))


def needs_grad(x) -> bool:
    return torch.is_grad_enabled() and x.requires_grad


def _tf_grad(function, plain):
    def run(x):
        return function.apply(x) if needs_grad(x) else plain(x)
    run.__name__ = plain.__name__
    return run


relu = _tf_grad(_Relu, F.relu)
relu6 = _tf_grad(_Relu6, F.relu6)
elu = _tf_grad(_Elu, tf_elu)
selu = _tf_grad(_Selu, tf_selu)
softsign = _tf_grad(_Softsign, F.softsign)


# -- max pooling with TF's MaxPool3DGrad --------------------------------------------------------

_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}


def _windows(t, k, s):
    """[N, C, out..., k...]: every pooling window of a channels-first tensor (a view)."""
    n = len(k)
    for i in range(n):
        t = t.unfold(2 + i, k[i], s[i])
    return t


def _pad_lowest(x, pads):
    flat = []
    for before, after in reversed(pads):
        flat += [before, after]
    return F.pad(x, flat, value=float("-inf"))


class MaxPoolAllTies(torch.autograd.Function):
    """Max pooling (channels-first, (before, after) pads per spatial dim) with the gradient of
    TF's MaxPool3DGrad."""

    @staticmethod
    def forward(ctx, x, k, s, pads):
        padded = _pad_lowest(x, pads)
        y = _MAX_POOL[len(k)](padded, k, s)
        ctx.save_for_backward(x, y)
        ctx.k, ctx.s, ctx.pads = k, s, pads
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        return (_MaxPoolGradAllTies.apply(g, x, y, ctx.k, ctx.s, ctx.pads),
                None, None, None)


class _MaxPoolGradAllTies(torch.autograd.Function):
    """TF's MaxPool3DGrad (every maximum of a window gets the window's gradient), whose own
    gradient is TF's MaxPool3DGradGrad: each window reads the gradient at its *first* maximum
    (zeros towards the pooled input, as TF's _MaxPool3DGradGrad)."""

    @staticmethod
    def forward(ctx, g, x, y, k, s, pads):
        ctx.save_for_backward(x)
        ctx.k, ctx.s, ctx.pads = k, s, pads
        return _all_ties_grad(g, x, y, k, s, pads)

    @staticmethod
    def backward(ctx, gg):
        x, = ctx.saved_tensors
        k, s, pads = ctx.k, ctx.s, ctx.pads
        _, first = _MAX_POOL[len(k)](_pad_lowest(x, pads), k, s, return_indices=True)
        flat_pads = [v for before_after in reversed(pads) for v in before_after]
        padded_gg = F.pad(gg, flat_pads).flatten(2)
        picked = padded_gg.gather(2, first.flatten(2)).reshape(first.shape)
        return picked, None, None, None, None, None


def _all_ties_grad(g, x, y, k, s, pads):
    """The first-order gradient: `g` of each window added at every maximum of it."""
    padded = _pad_lowest(x, pads)
    tail = (None,) * len(k)
    hits = torch.abs(_windows(padded, k, s) - y[(...,) + tail]) < 1e-5
    contrib = torch.where(hits, g[(...,) + tail], torch.zeros((), dtype=g.dtype,
                                                               device=g.device))
    # each window position's flat index in the padded input, to add the gradients back
    spatial = padded.shape[2:]
    size = math.prod(spatial)
    index = torch.arange(size, device=g.device).reshape(spatial)
    index = _windows(index[None, None], k, s).reshape(-1)
    n, c = x.shape[:2]
    flat = torch.zeros(n, c, size, dtype=g.dtype, device=g.device)
    flat = flat.index_add(2, index, contrib.reshape(n, c, index.numel()))
    grad = flat.reshape(padded.shape)
    crop = tuple(slice(b, b + size) for (b, _), size in zip(pads, x.shape[2:]))
    return grad[(slice(None), slice(None)) + crop]
