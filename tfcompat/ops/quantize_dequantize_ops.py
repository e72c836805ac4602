"""Simulated quantization in float: TF's QuantizeAndDequantizeV2 / V4 (and V4's gradient op),
tf.quantization.quantize_and_dequantize(_v2). The range (given, or the data's min and max,
per tensor or per `axis` slice) is widened on one side so that 0 stays exact
(ComputeQuantizationRange), then x -> round(clamp(x) * scale) / scale, rounding half to even
or half up.

Gradients are TF's: V2 passes the incoming gradient straight through; V4 passes it where the
input lies within the given [input_min, input_max] (QuantizeAndDequantizeV4Grad), and gives
min and max zero gradient.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.ops import _shape_fns as fns

_ROUND_MODES = ("HALF_TO_EVEN", "HALF_UP")


def _quantized_limits(signed_input, num_bits, narrow_range):
    if signed_input:
        low = -(1 << (num_bits - 1)) + (1 if narrow_range else 0)
        return low, (1 << (num_bits - 1)) - 1
    return 0, (1 << num_bits) - 1


def _scale_range(lo, hi, signed_input, num_bits, narrow_range, dtype):
    """TF's ComputeQuantizationRange: (min, max, scale, inverse scale) in the input's type."""
    q_min, q_max = _quantized_limits(signed_input, num_bits, narrow_range)
    big = torch.tensor(np.finfo(np.float64).max if dtype == torch.float64 else
                       np.finfo(np.float32).max, dtype=dtype)
    q_min_t, q_max_t = torch.tensor(float(q_min), dtype=dtype), torch.tensor(float(q_max),
                                                                              dtype=dtype)
    from_min = q_min_t / lo if q_min * lo.item() > 0 else big
    from_max = q_max_t / hi if q_max * hi.item() > 0 else big
    if from_min < from_max:
        inverse = lo / q_min_t
        return lo, q_max_t * inverse, from_min, inverse
    inverse = hi / q_max_t
    return q_min_t * inverse, hi, from_max, inverse


def _round(x, round_mode):
    return torch.round(x) if round_mode == "HALF_TO_EVEN" else torch.floor(x + 0.5)


def _one_scale(x, lo, hi, range_given, signed_input, num_bits, narrow_range, round_mode):
    if not range_given:
        lo, hi = x.min(), x.max()
    lo, hi, scale, inverse = _scale_range(lo, hi, signed_input, num_bits, narrow_range,
                                          x.dtype)
    if range_given:   # clamped only when the range is given, as TF's kernel
        x = torch.minimum(torch.maximum(x, lo), hi)
    return _round(x * scale, round_mode) * inverse


def _check_attrs(ctx, num_bits, signed_input, round_mode):
    if not 0 < num_bits < (63 if signed_input else 62) + 1:
        raise errors.InvalidArgumentError(None, ctx.op, "num_bits is out of range: %d with "
                                          "signed_input_ %s" % (num_bits, signed_input))
    if round_mode not in _ROUND_MODES:
        raise errors.InvalidArgumentError(None, ctx.op, "Round mode string must be "
                                          "'HALF_UP' or 'HALF_TO_EVEN', is '%s'" % round_mode)


def _quantize_dequantize(ctx, x, lo, hi, signed_input, num_bits, range_given, round_mode,
                         narrow_range, axis):
    _check_attrs(ctx, num_bits, signed_input, round_mode)
    compute = x.double() if x.dtype == torch.float64 else x.float()
    lo, hi = lo.to(compute.dtype), hi.to(compute.dtype)
    if range_given and bool((lo > hi).any()):
        raise errors.InvalidArgumentError(None, ctx.op, "Invalid range: input_min %s > "
                                          "input_max %s" % (lo.tolist(), hi.tolist()))
    args = (range_given, signed_input, num_bits, narrow_range, round_mode)
    if axis < 0:
        y = _one_scale(compute, lo.reshape(()), hi.reshape(()), *args)
    else:
        y = torch.stack([_one_scale(compute.select(axis, i), lo[i], hi[i], *args)
                         for i in range(compute.shape[axis])], axis)
    return y.to(x.dtype)


class _StraightThrough(torch.autograd.Function):
    """V2's registered gradient: the identity."""

    @staticmethod
    def forward(ctx, x, y):
        return y

    @staticmethod
    def backward(ctx, g):
        return g, None


class _InRange(torch.autograd.Function):
    """V4's gradient: the incoming gradient where lo <= x <= hi (per `axis` slice)."""

    @staticmethod
    def forward(ctx, x, y, lo, hi, axis):
        ctx.save_for_backward(x, lo, hi)
        ctx.axis = axis
        return y

    @staticmethod
    def backward(ctx, g):
        x, lo, hi = ctx.saved_tensors
        return _in_range_grad(g, x, lo, hi, ctx.axis), None, torch.zeros_like(lo), \
            torch.zeros_like(hi), None


def _broadcast_range(t, x, axis):
    if axis < 0:
        return t.reshape(())
    shape = [1] * x.dim()
    shape[axis] = -1
    return t.reshape(shape)


def _in_range_grad(g, x, lo, hi, axis):
    lo, hi = _broadcast_range(lo, x, axis), _broadcast_range(hi, x, axis)
    return torch.where((x >= lo) & (x <= hi), g, torch.zeros((), dtype=g.dtype, device=g.device))


def _qdq_infer(op, x, lo, hi, *, axis=-1, **unused):
    """TF's QuantizeAndDequantizeV2/V4 shape function: scalar min/max, or vectors as long as
    the input's `axis` dimension when axis is set."""
    minmax = fns.with_rank(op, op.inputs, lo.shape, 0 if axis == -1 else 1)
    minmax = fns.merge_shapes(op, op.inputs, fns.dims(hi.shape), fns.dims(minmax))
    if axis < -1:
        raise shape_rules.shape_error("axis should be at least -1, got %d" % axis, op,
                                      op.inputs)
    if axis != -1:
        fns.with_rank_at_least(op, op.inputs, x.shape, axis + 1)
        if x.shape.ndims is not None:
            fns.merge_dim(op, op.inputs, minmax[0], x.shape[axis].value)
    return [(x.dtype.base_dtype, x.shape)]


_ATTRS = {"signed_input": True, "num_bits": 8, "range_given": False,
          "round_mode": "HALF_TO_EVEN", "narrow_range": False, "axis": -1}


@register_op("QuantizeAndDequantizeV2", inputs=("input: T", "input_min: T", "input_max: T"),
             infer=_qdq_infer, attrs=_ATTRS)
def _lower_quantize_and_dequantize_v2(ctx, x, lo, hi, *, signed_input=True, num_bits=8,
                                      range_given=False, round_mode="HALF_TO_EVEN",
                                      narrow_range=False, axis=-1):
    y = _quantize_dequantize(ctx, x.detach(), lo.detach(), hi.detach(), signed_input, num_bits,
                             range_given, round_mode, narrow_range, axis)
    return _StraightThrough.apply(x, y) if x.requires_grad else y


@register_op("QuantizeAndDequantizeV4", inputs=("input: T", "input_min: T", "input_max: T"),
             infer=_qdq_infer, attrs=_ATTRS)
def _lower_quantize_and_dequantize_v4(ctx, x, lo, hi, *, signed_input=True, num_bits=8,
                                      range_given=False, round_mode="HALF_TO_EVEN",
                                      narrow_range=False, axis=-1):
    y = _quantize_dequantize(ctx, x.detach(), lo.detach(), hi.detach(), signed_input, num_bits,
                             range_given, round_mode, narrow_range, axis)
    if x.requires_grad or lo.requires_grad or hi.requires_grad:
        return _InRange.apply(x, y, lo, hi, axis)
    return y


def _v4_grad_infer(op, g, x, lo, hi, **unused):
    return [(x.dtype.base_dtype, x.shape), (lo.dtype.base_dtype, lo.shape),
            (hi.dtype.base_dtype, hi.shape)]


@register_op("QuantizeAndDequantizeV4Grad",
             inputs=("gradients: T", "input: T", "input_min: T", "input_max: T"),
             infer=_v4_grad_infer, attrs={"axis": -1}, differentiable=False)
def _lower_quantize_and_dequantize_v4_grad(ctx, g, x, lo, hi, *, axis=-1):
    return _in_range_grad(g, x, lo, hi, axis), torch.zeros_like(lo), torch.zeros_like(hi)


def _axis(input, axis):
    if axis is None:
        return -1
    if axis < 0:
        if input.shape.ndims is None:
            raise ValueError("input should have known rank to use negative axis.")
        axis %= input.shape.ndims
    return int(axis)


def _apply(op_type, input, input_min, input_max, signed_input, num_bits, range_given,
           round_mode, name, narrow_range, axis):
    input = convert_to_tensor(input, name="input")
    return apply_op(op_type, [input, input_min, input_max], name=name or op_type,
                    signed_input=bool(signed_input), num_bits=int(num_bits),
                    range_given=bool(range_given), round_mode=round_mode,
                    narrow_range=bool(narrow_range), axis=_axis(input, axis))


def quantize_and_dequantize(input, input_min, input_max, signed_input=True, num_bits=8,
                            range_given=False, round_mode="HALF_TO_EVEN", name=None,
                            narrow_range=False, axis=None):
    """TF `tf.quantization.quantize_and_dequantize` (QuantizeAndDequantizeV2: straight-through
    gradient)."""
    return _apply("QuantizeAndDequantizeV2", input, input_min, input_max, signed_input,
                  num_bits, range_given, round_mode, name, narrow_range, axis)


def quantize_and_dequantize_v2(input, input_min, input_max, signed_input=True, num_bits=8,
                               range_given=False, round_mode="HALF_TO_EVEN", name=None,
                               narrow_range=False, axis=None):
    """TF `tf.quantization.quantize_and_dequantize_v2` (QuantizeAndDequantizeV4: gradient only
    within [input_min, input_max])."""
    return _apply("QuantizeAndDequantizeV4", input, input_min, input_max, signed_input,
                  num_bits, range_given, round_mode, name, narrow_range, axis)
