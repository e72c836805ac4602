"""Grayscale morphology: TF's Dilation2D (tf.nn.dilation2d) and tf.nn.erosion2d built on it as
TF builds it (-dilation2d(-x, reversed kernel)).

out[b, y, x, c] = max over (dy, dx) of input[b, y*sh + dy*rh - top, x*sw + dx*rw - left, c]
                  + filter[dy, dx, c], positions outside the input taken as -inf.
The max is torch's, whose gradient goes to the first maximum of each window in scan order,
as TF's Dilation2DBackpropInput/Filter do.
"""
from __future__ import annotations

import torch.nn.functional as F

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_conv_attrs as attrs
from tfcompat.ops.nn_conv_ops import _pads
from tfcompat.ops.nn_conv_ops import _pick


def _check_strides_rates(op, strides, rates):
    for name, value in (("strides", strides), ("rates", rates)):
        if len(value) != 4:
            raise ValueError("Dilation2D requires the %s attribute to contain 4 values, but got: "
                             "%d" % (name, len(value)))


def _check_spatial_only(ctx, strides, rates):
    """TF's kernel (not its shape function) refuses strides or rates off the spatial dims."""
    for what, value in (("Stride", strides), ("Rate", rates)):
        if value[0] != 1 or value[3] != 1:
            raise errors.UnimplementedError(None, ctx.op, "%s is only supported across spatial "
                                                          "dimensions." % what)


def _out_dim(op, size, k, stride, rate, padding):
    """TF's GetWindowedOutputSize for Dilation2D: an empty VALID output is allowed, a negative
    one is an error (C++ division truncates)."""
    if size is None or k is None:
        return None
    if padding == "SAME":
        return -(-size // stride)
    eff = (k - 1) * rate + 1
    out = int((size - eff + stride) / stride)
    if out < 0:
        raise shape_rules.shape_error(
            "Computed output size would be negative: %d [input_size: %d, effective_filter_size: "
            "%d, stride: %d]" % (out, size, eff, stride), op, op.inputs)
    return out


def _dilation_infer(op, x, w, *, strides, rates, padding):
    attrs.check_choice(op, "padding", padding, attrs.PLAIN_PADDINGS)
    _check_strides_rates(op, strides, rates)
    xd = fns.dims(fns.with_rank(op, op.inputs, x.shape, 4))
    wd = fns.dims(fns.with_rank(op, op.inputs, w.shape, 3))
    depth = fns.merge_dim(op, op.inputs, xd[3], wd[2])
    out = [_out_dim(op, xd[1 + i], wd[i], strides[1 + i], rates[1 + i], padding)
           for i in range(2)]
    return [(x.dtype.base_dtype, TensorShape([xd[0], out[0], out[1], depth]))]


@register_op("Dilation2D", inputs=("input: T", "filter: T"), infer=_dilation_infer,
             attrs={"strides": None, "rates": None, "padding": "VALID"})
def _lower_dilation2d(ctx, x, w, *, strides, rates, padding):
    dtype = x.dtype
    if not x.is_floating_point():  # NOTE: unfold and -inf padding need a float type
        x, w = x.double(), w.double()
    _check_spatial_only(ctx, strides, rates)
    kh, kw, depth = w.shape
    pads = [_pads(x.shape[1 + i], w.shape[i], strides[1 + i], rates[1 + i], padding)
            for i in range(2)]
    sizes = [x.shape[1 + i] + sum(pads[i]) - (w.shape[i] - 1) * rates[1 + i] - 1
             for i in range(2)]
    if min(sizes) < 0:  # an empty VALID output: unfold refuses a window wider than the input
        shape = (x.shape[0], max(sizes[0] // strides[1] + 1, 0),
                 max(sizes[1] // strides[2] + 1, 0), depth)
        return x.new_zeros(shape).to(dtype) + (x.reshape(-1)[:0].sum() + w.reshape(-1)[:0].sum())
    xc = x.permute(0, 3, 1, 2)
    xc = F.pad(xc, [pads[1][0], pads[1][1], pads[0][0], pads[0][1]], value=float("-inf"))
    cols = F.unfold(xc, (kh, kw), dilation=(rates[1], rates[2]), stride=(strides[1], strides[2]))
    out_h = (xc.shape[2] - (kh - 1) * rates[1] - 1) // strides[1] + 1
    out_w = (xc.shape[3] - (kw - 1) * rates[2] - 1) // strides[2] + 1
    cols = cols.reshape(x.shape[0], depth, kh * kw, out_h, out_w)
    weights = w.permute(2, 0, 1).reshape(1, depth, kh * kw, 1, 1)
    y = (cols + weights).max(dim=2).values
    return y.permute(0, 2, 3, 1).to(dtype)


def dilation2d(input, filter=None, strides=None, rates=None, padding=None, name=None,
               filters=None, dilations=None):
    """TF1 `tf.nn.dilation2d`: grayscale dilation of NHWC `input` by a [h, w, depth] filter."""
    filter = _pick(filters, "filters", filter, "filter")
    rates = _pick(dilations, "dilations", rates, "rates")
    return apply_op("Dilation2D", [input, filter], name=name or "Dilation2D",
                    strides=[int(s) for s in strides], rates=[int(r) for r in rates],
                    padding=padding)


def erosion2d(value, kernel, strides, rates, padding, name=None):
    """TF1 `tf.nn.erosion2d`: -dilation2d(-value, kernel reversed in both spatial dims)."""
    with name_scope(name, "erosion2d", [value, kernel]) as name:
        value = convert_to_tensor(value, name="value")
        kernel = convert_to_tensor(kernel, name="kernel")
        return math_ops.negative(dilation2d(math_ops.negative(value),
                                            indexing_ops.reverse(kernel, [0, 1]), strides,
                                            rates, padding, name=name))

