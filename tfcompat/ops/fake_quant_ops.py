"""TF's fake quantization (FakeQuantWithMinMaxArgs / Vars / VarsPerChannel and their *Gradient
ops, tf.quantization.fake_quant_*): float32 in, float32 out, rounded to the 2^num_bits levels
of a range first nudged so that 0.0 is exactly representable (TF's Nudge). The gradient is
TF's straight-through one: the incoming gradient inside the nudged range, and for the Vars
ops the sums of the gradient below (above) the range for min (max).
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns

_ATTRS = {"num_bits": 8, "narrow_range": False}


def _check_bits(ctx, num_bits):
    """TF checks the attrs when it builds the kernel: an error at the first run, not at
    graph construction."""
    if not 2 <= num_bits <= 16:
        raise errors.InvalidArgumentError(None, ctx.op,
                                          "num_bits must be between 2 and 16, inclusive")


def _check_args_range(ctx, min, max):
    if min >= max:
        raise errors.InvalidArgumentError(None, ctx.op, "min has to be smaller than max, was: "
                                          "%s >= %s" % (_fmt(min), _fmt(max)))


def _fmt(v):
    """A float attr as C++ streams it (6 significant digits, no trailing zeros)."""
    return "%g" % v


def _nudge(lo, hi, num_bits, narrow_range):
    """TF's Nudge in float32: (nudged_min, nudged_max, scale, inverse scale) as tensors of
    min's shape; the inverse is recomputed from the range, not 1 / scale, as TF does."""
    quant_min = 1.0 if narrow_range else 0.0
    quant_max = float((1 << num_bits) - 1)
    lo, hi = lo.float(), hi.float()
    scale = (hi - lo) / (quant_max - quant_min)
    inv_scale = (quant_max - quant_min) / (hi - lo)
    zero_from_min = quant_min - lo / scale
    # std::round (half away from zero) of a value >= quant_min >= 0 is floor(v + 0.5)
    zero = torch.where(zero_from_min < quant_min, torch.full_like(zero_from_min, quant_min),
                       torch.where(zero_from_min > quant_max,
                                   torch.full_like(zero_from_min, quant_max),
                                   torch.floor(zero_from_min + 0.5)))
    return (quant_min - zero) * scale, (quant_max - zero) * scale, scale, inv_scale


def _quantize(x, lo, hi, num_bits, narrow_range, divide):
    """TF's functors: levels counted from the nudged zero; the Vars kernel divides by the
    scale where the Args and PerChannel kernels multiply by its inverse. A [0, 0] range
    gives zeros."""
    nudged_min, nudged_max, scale, inv_scale = _nudge(lo, hi, num_bits, narrow_range)
    quant_zero = torch.floor(-nudged_min * inv_scale + 0.5)
    shifted = torch.minimum(torch.maximum(x, nudged_min), nudged_max) - nudged_min
    levels = shifted / scale if divide else shifted * inv_scale
    y = torch.floor(levels - quant_zero + 0.5) * scale
    both_zero = (lo == 0) & (hi == 0)
    return torch.where(both_zero, torch.zeros((), dtype=y.dtype, device=y.device), y)


class _FakeQuant(torch.autograd.Function):
    """y = quantize(x); dx = g inside [nudged_min, nudged_max]; dmin/dmax the sums outside
    (over every axis but the channel's for per-channel ranges)."""

    @staticmethod
    def forward(ctx, x, lo, hi, num_bits, narrow_range, divide):
        ctx.save_for_backward(x, lo, hi)
        ctx.quant = (num_bits, narrow_range)
        return _quantize(x, lo, hi, num_bits, narrow_range, divide)

    @staticmethod
    def backward(ctx, g):
        x, lo, hi = ctx.saved_tensors
        return _fake_quant_backward(g, x, lo, hi, *ctx.quant) + (None, None, None)


def _fake_quant_backward(g, x, lo, hi, num_bits, narrow_range):
    """(d inputs, d min, d max); a [0, 0] range passes the whole gradient to the inputs."""
    nudged_min, nudged_max, _, _ = _nudge(lo, hi, num_bits, narrow_range)
    both_zero = (lo == 0) & (hi == 0)
    zero = torch.zeros((), dtype=g.dtype, device=g.device)
    dx = torch.where(((x >= nudged_min) & (x <= nudged_max)) | both_zero, g, zero)
    below = torch.where((x < nudged_min) & ~both_zero, g, zero)
    above = torch.where((x > nudged_max) & ~both_zero, g, zero)
    if lo.dim():
        dims = tuple(range(x.dim() - 1))
        return dx, below.sum(dims), above.sum(dims)
    return dx, below.sum(), above.sum()


def _scalar(value):
    return torch.tensor(float(value), dtype=torch.float32)


# -- FakeQuantWithMinMaxArgs ------------------------------------------------------------------

def _args_infer(op, *inputs, min=-6.0, max=6.0, num_bits=8, narrow_range=False):
    return [(dtypes.float32, inputs[-1].shape)]


@register_op("FakeQuantWithMinMaxArgs", inputs=("inputs: float",), infer=_args_infer,
             attrs=dict(_ATTRS, min=-6.0, max=6.0))
def _lower_fake_quant_args(ctx, x, *, min=-6.0, max=6.0, num_bits=8, narrow_range=False):
    _check_bits(ctx, num_bits)
    _check_args_range(ctx, min, max)
    lo, hi = _scalar(min).to(x.device), _scalar(max).to(x.device)
    return _FakeQuant.apply(x, lo, hi, num_bits, narrow_range, False)


@register_op("FakeQuantWithMinMaxArgsGradient", inputs=("gradients: float", "inputs: float"),
             infer=_args_infer, attrs=dict(_ATTRS, min=-6.0, max=6.0),
             differentiable=False)
def _lower_fake_quant_args_gradient(ctx, g, x, *, min=-6.0, max=6.0, num_bits=8,
                                    narrow_range=False):
    _check_bits(ctx, num_bits)
    _check_args_range(ctx, min, max)
    _check_same_shape(ctx, g, x)
    lo, hi = _scalar(min).to(x.device), _scalar(max).to(x.device)
    return _fake_quant_backward(g, x, lo, hi, num_bits, narrow_range)[0]


def _check_same_shape(ctx, g, x):
    if g.shape != x.shape:
        raise errors.InvalidArgumentError(None, ctx.op, "gradients and inputs must be the same "
                                          "size: %s vs %s" % (list(g.shape), list(x.shape)))


# -- FakeQuantWithMinMaxVars (and PerChannel) ---------------------------------------------------

def _vars_infer_fn(per_channel, gradient):
    def infer(op, *inputs, num_bits=8, narrow_range=False):
        x, lo, hi = inputs[-3:]
        rank = 1 if per_channel else 0
        lo_shape = fns.with_rank(op, op.inputs, lo.shape, rank)
        hi_shape = fns.with_rank(op, op.inputs, hi.shape, rank)
        channel = fns.merge_shapes(op, op.inputs, fns.dims(lo_shape), fns.dims(hi_shape))
        if per_channel and x.shape.ndims:
            channel = fns.merge_shapes(op, op.inputs, channel, [x.shape[-1].value])
        channel = TensorShape(channel)
        if not gradient:
            return [(dtypes.float32, x.shape)]
        return [(dtypes.float32, x.shape), (dtypes.float32, channel), (dtypes.float32, channel)]
    return infer


def _check_channels(ctx, x, lo, hi, per_channel):
    if not per_channel:
        return
    depth = x.shape[-1] if x.dim() else None
    for name, t in (("min", lo), ("max", hi)):
        if t.dim() != 1 or t.shape[0] != depth:
            raise errors.InvalidArgumentError(None, ctx.op, "%s has incompatible shape %s; "
                                              "expected [%s] (the last dimension of inputs)"
                                              % (name, list(t.shape), depth))


def _lower_vars_fn(per_channel):
    def lower(ctx, x, lo, hi, *, num_bits=8, narrow_range=False):
        _check_bits(ctx, num_bits)
        _check_channels(ctx, x, lo, hi, per_channel)
        return _FakeQuant.apply(x, lo, hi, num_bits, narrow_range, not per_channel)
    return lower


def _lower_vars_gradient_fn(per_channel):
    def lower(ctx, g, x, lo, hi, *, num_bits=8, narrow_range=False):
        _check_bits(ctx, num_bits)
        _check_same_shape(ctx, g, x)
        _check_channels(ctx, x, lo, hi, per_channel)
        return _fake_quant_backward(g, x, lo, hi, num_bits, narrow_range)
    return lower


_VARS_INPUTS = ("inputs: float", "min: float", "max: float")
for _suffix, _per_channel in (("", False), ("PerChannel", True)):
    register_op("FakeQuantWithMinMaxVars" + _suffix, inputs=_VARS_INPUTS,
                infer=_vars_infer_fn(_per_channel, False), attrs=_ATTRS)(
        _lower_vars_fn(_per_channel))
    register_op("FakeQuantWithMinMaxVars%sGradient" % _suffix,
                inputs=("gradients: float",) + _VARS_INPUTS,
                infer=_vars_infer_fn(_per_channel, True), attrs=_ATTRS, differentiable=False)(
        _lower_vars_gradient_fn(_per_channel))


# -- public functions -----------------------------------------------------------------------------

def _f32(x):
    return convert_to_tensor(x, dtype=dtypes.float32)


def fake_quant_with_min_max_args(inputs, min=-6, max=6, num_bits=8, narrow_range=False,
                                 name=None):
    """TF1 `tf.fake_quantization.fake_quant_with_min_max_args`: quantize to [min, max]
    (attrs), returned as float."""
    return apply_op("FakeQuantWithMinMaxArgs", [_f32(inputs)],
                    name=name or "FakeQuantWithMinMaxArgs", min=float(min), max=float(max),
                    num_bits=int(num_bits), narrow_range=bool(narrow_range))


def fake_quant_with_min_max_args_gradient(gradients, inputs, min=-6, max=6, num_bits=8,
                                          narrow_range=False, name=None):
    """TF1 `tf.fake_quant_with_min_max_args_gradient`: `gradients` where `inputs` lies in
    the nudged range, else 0."""
    return apply_op("FakeQuantWithMinMaxArgsGradient", [_f32(gradients), _f32(inputs)],
                    name=name or "FakeQuantWithMinMaxArgsGradient", min=float(min),
                    max=float(max), num_bits=int(num_bits), narrow_range=bool(narrow_range))


def _vars(op_type, tensors, num_bits, narrow_range, name):
    return apply_op(op_type, [_f32(t) for t in tensors], name=name or op_type,
                    num_bits=int(num_bits), narrow_range=bool(narrow_range))


def fake_quant_with_min_max_vars(inputs, min, max, num_bits=8, narrow_range=False, name=None):
    """TF1 `tf.fake_quant_with_min_max_vars`: the range from scalar tensors."""
    return _vars("FakeQuantWithMinMaxVars", [inputs, min, max], num_bits, narrow_range, name)


def fake_quant_with_min_max_vars_gradient(gradients, inputs, min, max, num_bits=8,
                                          narrow_range=False, name=None):
    """TF1 `tf.fake_quant_with_min_max_vars_gradient`: (d inputs, d min, d max)."""
    return _vars("FakeQuantWithMinMaxVarsGradient", [gradients, inputs, min, max], num_bits,
                 narrow_range, name)


def fake_quant_with_min_max_vars_per_channel(inputs, min, max, num_bits=8, narrow_range=False,
                                             name=None):
    """TF1 `tf.fake_quant_with_min_max_vars_per_channel`: one range per last-axis channel."""
    return _vars("FakeQuantWithMinMaxVarsPerChannel", [inputs, min, max], num_bits,
                 narrow_range, name)


def fake_quant_with_min_max_vars_per_channel_gradient(gradients, inputs, min, max, num_bits=8,
                                                      narrow_range=False, name=None):
    """TF1 `tf.fake_quant_with_min_max_vars_per_channel_gradient`."""
    return _vars("FakeQuantWithMinMaxVarsPerChannelGradient", [gradients, inputs, min, max],
                 num_bits, narrow_range, name)


__all__ = ["fake_quant_with_min_max_args", "fake_quant_with_min_max_args_gradient",
           "fake_quant_with_min_max_vars", "fake_quant_with_min_max_vars_gradient",
           "fake_quant_with_min_max_vars_per_channel",
           "fake_quant_with_min_max_vars_per_channel_gradient"]
