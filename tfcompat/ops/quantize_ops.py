"""TF's quantized tensors: QuantizeV2 / Dequantize (tf.quantize, tf.dequantize) in the
MIN_COMBINED, MIN_FIRST and SCALED modes, and the quantized kernels QuantizedConcat,
QuantizedMaxPool, QuantizedAvgPool and QuantizedConv2D. A qint8/quint8/qint16/quint16/qint32
tensor is held as the torch integer tensor of its width (framework/dtypes.py), so fetching one
gives the plain integer array TF gives.

The arithmetic follows TF's kernels (quantize_op.cc, dequantize_op.cc, quantization_utils.h)
step by step, in float32 where TF computes in float and float64 where it uses double.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import nn_conv_attrs as attrs
from tfcompat.ops.nn_conv_ops import _out_size
from tfcompat.ops.nn_conv_ops import _pads

_LIMITS = {"qint8": (-128, 127), "quint8": (0, 255), "qint16": (-32768, 32767),
           "quint16": (0, 65535), "qint32": (-2147483648, 2147483647)}
_BITS = {"qint8": 8, "quint8": 8, "qint16": 16, "quint16": 16, "qint32": 32}
_MODES = ("MIN_COMBINED", "MIN_FIRST", "SCALED")
_SCALAR = TensorShape([])


def _name(dtype):
    name = dtypes.as_dtype(dtype).base_dtype.name
    if name not in _LIMITS:
        raise TypeError("Value for attr 'T' of %s is not in the list of allowed values: qint8, "
                        "quint8, qint32, qint16, quint16" % name)
    return name


def _f32(value):
    return torch.as_tensor(value, dtype=torch.float32)


def _round_away(x):
    """std::round: halves away from zero."""
    return torch.sign(x) * torch.floor(torch.abs(x) + 0.5)


def _cast(values, name):
    lo, hi = _LIMITS[name]
    ints = torch.clamp(values.double(), lo, hi).to(torch.int64)
    return ints.to(dtypes.as_dtype(name).torch_dtype)


# -- QuantizeV2 -----------------------------------------------------------------------------------

def _quantize_infer(op, x, lo, hi, *, T, mode="MIN_COMBINED", axis=-1, **unused):
    _name(T)
    attrs.check_choice(op, "mode", mode, _MODES)
    range_shape = TensorShape([None]) if axis >= 0 else _SCALAR
    if axis >= 0 and lo.shape.ndims == 1:
        range_shape = lo.shape
    return [(dtypes.as_dtype(T), x.shape), (dtypes.float32, range_shape),
            (dtypes.float32, range_shape)]


def _adjusted_range(in_min, in_max, ensure_minimum_range):
    """TF's nudge of a range: it always contains 0 and spans at least
    max(1, |min|, |max|) * ensure_minimum_range."""
    lo = torch.minimum(_f32(0.0), in_min)
    eps = torch.maximum(_f32(1.0), torch.maximum(in_min.abs(), in_max.abs())) * _f32(
        ensure_minimum_range)
    hi = torch.maximum(_f32(0.0), torch.maximum(in_max, lo + eps))
    return lo, hi


def _quantize_slice(x, in_min, in_max, name, mode, round_mode, narrow_range, ensure):
    """One slice: (quantized values as float, output min, output max)."""
    lo, hi = _adjusted_range(in_min, in_max, ensure)
    t_min, t_max = _LIMITS[name]
    if mode == "MIN_COMBINED":
        scale = _f32((float(t_max) - float(t_min)) / (hi - lo).double().item())
        shifted = (torch.minimum(torch.maximum(x, lo), hi) - lo) * scale
        if t_min < 0:
            half_range = _f32((float(t_max) - float(t_min) + 1) / 2.0)
            return _round_away(shifted - half_range), lo, hi
        return torch.floor(shifted + 0.5), lo, hi
    if mode == "MIN_FIRST":
        steps = 2.0 ** _BITS[name]
        range_scale = _f32(0.0 if hi == lo else (steps - 1.0) / (hi - lo).double().item())
        range_min_scaled = _round_away(lo * range_scale)
        lower = max(float(t_min), -2.147483648e+09)
        upper = min(float(t_max), +2.147483520e+09)
        q = _round_away(x * range_scale) - (range_min_scaled - _f32(float(t_min)))
        return torch.clamp(q, lower, upper), lo, hi
    return _scaled_slice(x, lo, hi, t_min + (1 if narrow_range else 0), t_max, round_mode)


def _scaled_slice(x, lo, hi, min_out, max_out, round_mode):
    big = _f32(np.finfo(np.float32).max)
    from_min = _f32(min_out) / lo if (min_out * lo.item()) > 0 else big
    from_max = _f32(max_out) / hi if (max_out * hi.item()) > 0 else big
    scale = torch.minimum(from_min, from_max)
    lo, hi = _f32(min_out) / scale, _f32(max_out) / scale
    scaled = torch.minimum(torch.maximum(x, lo), hi) * scale
    q = torch.round(scaled) if round_mode == "HALF_TO_EVEN" else _round_away(scaled)
    return q, lo, hi


def _check_quantize_attrs(ctx, mode, round_mode):
    if round_mode not in ("HALF_AWAY_FROM_ZERO", "HALF_TO_EVEN"):
        raise errors.InvalidArgumentError(None, ctx.op, "Round mode string must be "
                                          "'HALF_AWAY_FROM_ZERO' or 'HALF_TO_EVEN', is '%s'"
                                          % round_mode)
    if round_mode == "HALF_TO_EVEN" and mode != "SCALED":
        raise errors.InvalidArgumentError(None, ctx.op, "Round mode 'HALF_TO_EVEN' only "
                                          "supported for mode 'SCALED', b  ut mode is '%s'."
                                          % mode)


def _slices(ctx, x, lo, hi, axis, what):
    """[(index, min, max)] per slice along `axis` (one slice when axis is -1)."""
    if axis < 0:
        for name, t in (("min_range", lo), ("max_range", hi)):
            if t.numel() != 1:
                raise errors.InvalidArgumentError(
                    None, ctx.op, "If axis is not specified, %s must contain a single float "
                    "element, but it contains %d elements" % (name, t.numel()))
        return [(None, lo.reshape(()), hi.reshape(()))]
    if x.dim() <= axis:
        raise errors.InvalidArgumentError(
            None, ctx.op, "Axis is on a zero-based index, so its value must always be less "
            "than number of input's dims, but given axis value was %d and input's dims was %d"
            % (axis, x.dim()))
    n = x.shape[axis]
    for name, t in (("min_range", lo), ("max_range", hi)):
        if t.dim() != 1 or t.shape[0] != n:
            raise errors.InvalidArgumentError(
                None, ctx.op, "If axis is specified, %s must be a 1-D tensor whose size "
                "matches the axis dimension of the input and output tensors" % name)
    return [(i, lo[i], hi[i]) for i in range(n)]


@register_op("QuantizeV2", inputs=("input: float", "min_range: float", "max_range: float"),
             infer=_quantize_infer,
             attrs={"T": None, "mode": "MIN_COMBINED", "round_mode": "HALF_AWAY_FROM_ZERO",
                    "narrow_range": False, "axis": -1, "ensure_minimum_range": 0.01},
             differentiable=False)
def _lower_quantize_v2(ctx, x, lo, hi, *, T, mode="MIN_COMBINED",
                       round_mode="HALF_AWAY_FROM_ZERO", narrow_range=False, axis=-1,
                       ensure_minimum_range=0.01):
    _check_quantize_attrs(ctx, mode, round_mode)
    name = _name(T)
    x, lo, hi = x.float().cpu(), lo.float().cpu(), hi.float().cpu()
    slices = _slices(ctx, x, lo, hi, axis, "Quantize")
    if axis >= 0 and mode == "MIN_FIRST":
        raise errors.UnimplementedError(None, ctx.op, "MIN_FIRST mode is not implemented for "
                                        "Quantize with axis != -1.")
    out = torch.empty_like(x)
    mins, maxs = [], []
    for index, in_min, in_max in slices:
        if in_max < in_min:
            raise errors.InvalidArgumentError(None, ctx.op, "input_max_range must be larger "
                                              "than input_min_range.")
        part = x if index is None else x.select(axis, index)
        q, o_min, o_max = _quantize_slice(part, in_min, in_max, name, mode, round_mode,
                                          narrow_range, ensure_minimum_range)
        if index is None:
            out = q
        else:
            out.select(axis, index).copy_(q)
        mins.append(o_min)
        maxs.append(o_max)
    shape = () if axis < 0 else (len(mins),)
    dev = ctx.device
    return (_cast(out, name).to(dev), torch.stack(mins).reshape(shape).to(dev),
            torch.stack(maxs).reshape(shape).to(dev))


# -- Dequantize -----------------------------------------------------------------------------------

def _dequantize_infer(op, x, lo, hi, *, mode="MIN_COMBINED", dtype=dtypes.float32, **unused):
    attrs.check_choice(op, "mode", mode, _MODES)
    return [(dtypes.as_dtype(dtype), x.shape)]


def _dequantize_slice(q, lo, hi, name, mode, narrow_range):
    t_min, t_max = _LIMITS[name]
    if mode == "MIN_COMBINED":
        half_range = _f32((float(t_max) - t_min + 1) / 2.0 if t_min < 0 else 0.0)
        scale = (hi - lo) / _f32(float(t_max) - t_min)
        return (q.float() + half_range) * scale + lo
    if mode == "MIN_FIRST":
        steps = 2.0 ** _BITS[name]
        range_scale = _f32((hi - lo).double().item() / (steps - 1.0))
        return lo + (q.float() - _f32(float(t_min))) * range_scale
    min_out = t_min + (1 if narrow_range else 0)
    if t_min == 0:
        scale = hi / _f32(float(t_max))
    else:
        scale = torch.maximum(lo / _f32(float(min_out)), hi / _f32(float(t_max)))
    return q.to(torch.int64).float() * scale


@register_op("Dequantize", inputs=("input: T", "min_range: float", "max_range: float"),
             infer=_dequantize_infer,
             attrs={"mode": "MIN_COMBINED", "narrow_range": False, "axis": -1,
                    "dtype": dtypes.float32},
             differentiable=False)
def _lower_dequantize(ctx, q, lo, hi, *, T=None, mode="MIN_COMBINED", narrow_range=False,
                      axis=-1, dtype=dtypes.float32):
    name = _name(ctx.op.inputs[0].dtype)
    q, lo, hi = q.cpu(), lo.float().cpu(), hi.float().cpu()
    slices = _slices(ctx, q, lo, hi, axis, "Dequantize")
    if axis >= 0 and mode == "MIN_FIRST":
        raise errors.UnimplementedError(None, ctx.op, "MIN_FIRST mode is not implemented for "
                                        "Dequantize with axis != -1.")
    out = torch.empty(q.shape, dtype=torch.float32)
    for index, in_min, in_max in slices:
        part = q if index is None else q.select(axis, index)
        value = _dequantize_slice(part, in_min, in_max, name, mode, narrow_range)
        if index is None:
            out = value
        else:
            out.select(axis, index).copy_(value)
    return out.to(dtypes.as_dtype(dtype).torch_dtype).to(ctx.device)


# -- requantizing (TF's DEQUANTIZE_WITH_EIGEN / QUANTIZE_WITH_EIGEN, in float32)--------------------

def _to_float(q, lo, hi, name):
    steps = 2.0 ** _BITS[name]
    scale = _f32(float(np.float32(hi) - np.float32(lo)) / (steps - 1.0))
    return _f32(lo) + (q.to(torch.float32) - _f32(float(_LIMITS[name][0]))) * scale


def _to_quantized(values, lo, hi, name):
    t_min, t_max = _LIMITS[name]
    steps = 2.0 ** _BITS[name]
    span = float(np.float32(hi) - np.float32(lo))
    scale = _f32(0.0 if span == 0 else (steps - 1.0) / span)
    min_scaled = _round_away(_f32(lo) * scale)
    q = _round_away(values.to(torch.float32) * scale) - (min_scaled - _f32(float(t_min)))
    return torch.clamp(q, max(float(t_min), -2.147483648e+09), min(float(t_max), 2.147483520e+09))


# -- QuantizedConcat--------------------------------------------------------------------------------

def _concat_infer(op, dim, *rest, N, T):
    values = rest[:N]
    axis = None
    value = constant_value(dim)
    if value is not None:
        axis = int(value)
    shape = values[0].shape
    for v in values[1:]:
        if shape.ndims is None or v.shape.ndims is None:
            shape = TensorShape(None)
            break
        if v.shape.ndims != shape.ndims:
            raise ValueError("QuantizedConcat: all inputs must have the same rank, got %s and "
                             "%s" % (shape, v.shape))
    if shape.ndims is not None and axis is not None:
        dims = values[0].shape.as_list()
        axis = axis % len(dims)
        total = 0
        for v in values:
            d = v.shape.as_list()[axis]
            total = None if d is None or total is None else total + d
        dims[axis] = total
        shape = TensorShape(dims)
    elif shape.ndims is not None:
        shape = TensorShape([None] * shape.ndims)
    return [(values[0].dtype.base_dtype, shape), (dtypes.float32, _SCALAR),
            (dtypes.float32, _SCALAR)]


@register_op("QuantizedConcat", inputs=("concat_dim: int32", "values: N*T",
                                        "input_mins: N*float", "input_maxes: N*float"),
             infer=_concat_infer, attrs={"N": None, "T": None}, differentiable=False)
def _lower_quantized_concat(ctx, dim, *rest, N, T):
    values, mins, maxes = rest[:N], rest[N:2 * N], rest[2 * N:]
    name = _name(T)
    mins = [float(m.float().item()) for m in mins]
    maxes = [float(m.float().item()) for m in maxes]
    out_min, out_max = float(np.float32(min(mins))), float(np.float32(max(maxes)))
    parts = []
    for v, lo, hi in zip(values, mins, maxes):
        if lo == out_min and hi == out_max:
            parts.append(v.cpu().to(torch.int64))
        else:
            parts.append(_to_quantized(_to_float(v.cpu(), lo, hi, name), out_min, out_max,
                                       name).to(torch.int64))
    axis = int(dim.item())
    try:
        joined = torch.cat(parts, axis)
    except (RuntimeError, IndexError) as e:
        raise errors.InvalidArgumentError(None, ctx.op, "QuantizedConcat: inputs must agree "
                                          "in every dimension but concat_dim: %s" % e) from e
    return (_cast(joined, name).to(ctx.device), _f32(out_min).to(ctx.device),
            _f32(out_max).to(ctx.device))


# -- QuantizedMaxPool / QuantizedAvgPool------------------------------------------------------------

def _pool_infer(op, x, lo, hi, *, ksize, strides, padding, **unused):
    attrs.check_choice(op, "padding", padding, attrs.PLAIN_PADDINGS)
    dims = fns.dims(fns.with_rank(op, op.inputs, x.shape, 4))
    fns.with_rank(op, op.inputs, lo.shape, 0)
    fns.with_rank(op, op.inputs, hi.shape, 0)
    out = [_out_size(op, op.inputs, dims[1 + i], ksize[1 + i], strides[1 + i], 1, padding)
           for i in range(2)]
    return [(x.dtype.base_dtype, TensorShape([dims[0], out[0], out[1], dims[3]])),
            (dtypes.float32, _SCALAR), (dtypes.float32, _SCALAR)]


def _padded(x, ksize, strides, padding, value):
    """(NCHW float64 input padded with `value`, (kh, kw), (sh, sw))."""
    xc = x.permute(0, 3, 1, 2).to(torch.float64)
    pads = [_pads(xc.shape[2 + i], ksize[1 + i], strides[1 + i], 1, padding) for i in range(2)]
    xc = F.pad(xc, [pads[1][0], pads[1][1], pads[0][0], pads[0][1]], value=value)
    return xc, (ksize[1], ksize[2]), (strides[1], strides[2])


_POOL_ATTRS = {"T": None, "ksize": None, "strides": None, "padding": "VALID"}


@register_op("QuantizedMaxPool", inputs=("input: T", "min_input: float", "max_input: float"),
             infer=_pool_infer, attrs=_POOL_ATTRS, differentiable=False)
def _lower_quantized_max_pool(ctx, x, lo, hi, *, ksize, strides, padding, T=None):
    xc, k, s = _padded(x, ksize, strides, padding, -np.inf)
    y = F.max_pool2d(xc, k, s).permute(0, 2, 3, 1)
    return y.to(x.dtype), lo.float(), hi.float()


@register_op("QuantizedAvgPool", inputs=("input: T", "min_input: float", "max_input: float"),
             infer=_pool_infer, attrs=_POOL_ATTRS, differentiable=False)
def _lower_quantized_avg_pool(ctx, x, lo, hi, *, ksize, strides, padding, T=None):
    # the mean of each window's unpadded values, truncated as the integer division of TF's
    # Eigen kernel (TF_ENABLE_ONEDNN_OPTS=0; the oneDNN kernel rounds half to even)
    xc, k, s = _padded(x, ksize, strides, padding, 0.0)
    ones, _, _ = _padded(torch.ones_like(x, dtype=torch.float64), ksize, strides, padding, 0.0)
    total = F.avg_pool2d(xc, k, s, divisor_override=1)
    count = F.avg_pool2d(ones, k, s, divisor_override=1)
    y = torch.trunc(total / count).permute(0, 2, 3, 1)
    return y.to(x.dtype), lo.float(), hi.float()


# -- QuantizedConv2D--------------------------------------------------------------------------------

def _qconv_infer(op, x, w, *unused_ranges, strides, padding, out_type=dtypes.qint32,
                 dilations=(1, 1, 1, 1), **unused):
    attrs.check_choice(op, "padding", padding, attrs.PLAIN_PADDINGS)
    xd = fns.dims(fns.with_rank(op, op.inputs, x.shape, 4))
    wd = fns.dims(fns.with_rank(op, op.inputs, w.shape, 4))
    fns.merge_dim(op, op.inputs, xd[3], wd[2])
    out = [_out_size(op, op.inputs, xd[1 + i], wd[i], strides[1 + i], 1, padding)
           for i in range(2)]
    return [(dtypes.as_dtype(out_type), TensorShape([xd[0], out[0], out[1], wd[3]])),
            (dtypes.float32, _SCALAR), (dtypes.float32, _SCALAR)]


def _zero_point(lo, hi, name):
    """FloatToQuantizedUnclamped(0.0, lo, hi): the quantized value of real zero."""
    t_min = _LIMITS[name][0]
    if lo == hi:
        return float(t_min)
    steps = 2.0 ** _BITS[name]
    scale = steps / ((hi - lo) * (steps / (steps - 1.0)))
    return float(t_min) - float(_round_away(torch.tensor(lo * scale, dtype=torch.float64)))


def _level(lo, hi, name):
    t_min, t_max = _LIMITS[name]
    return np.float32((np.float32(hi) - np.float32(lo)) / np.float32(t_max - t_min))


@register_op("QuantizedConv2D",
             inputs=("input: Tinput", "filter: Tfilter", "min_input: float",
                     "max_input: float", "min_filter: float", "max_filter: float"),
             infer=_qconv_infer,
             attrs={"Tinput": None, "Tfilter": None, "out_type": dtypes.qint32,
                    "strides": None, "padding": "VALID", "dilations": (1, 1, 1, 1)},
             differentiable=False)
def _lower_quantized_conv2d(ctx, x, w, min_x, max_x, min_w, max_w, *, strides, padding,
                            out_type=dtypes.qint32, dilations=(1, 1, 1, 1), Tinput=None,
                            Tfilter=None):
    if tuple(dilations) != (1, 1, 1, 1):
        raise errors.UnimplementedError(None, ctx.op, "Current implementation does not yet "
                                        "support dilations != 1.")
    if strides[0] != 1 or strides[3] != 1:
        raise errors.InvalidArgumentError(None, ctx.op, "Current implementation does not yet "
                                          "support strides in the batch and depth dimensions.")
    x_name, w_name = _name(ctx.op.inputs[0].dtype), _name(ctx.op.inputs[1].dtype)
    lo_x, hi_x = float(min_x.float().item()), float(max_x.float().item())
    lo_w, hi_w = float(min_w.float().item()), float(max_w.float().item())
    # real zero is the offset: subtract it, so padding with 0 is padding with real zero
    xs = x.cpu().to(torch.float64) - _zero_point(lo_x, hi_x, x_name)
    ws = w.cpu().to(torch.float64) - _zero_point(lo_w, hi_w, w_name)
    xc = xs.permute(0, 3, 1, 2)
    pads = [_pads(xc.shape[2 + i], ws.shape[i], strides[1 + i], 1, padding) for i in range(2)]
    xc = F.pad(xc, [pads[1][0], pads[1][1], pads[0][0], pads[0][1]])
    y = F.conv2d(xc, ws.permute(3, 2, 0, 1), stride=(strides[1], strides[2]))
    out_name = _name(out_type)
    level = np.float32(_level(lo_x, hi_x, x_name) * _level(lo_w, hi_w, w_name))
    t_min, t_max = _LIMITS[out_name]
    dev = ctx.device
    return (_cast(y.permute(0, 2, 3, 1), out_name).to(dev),
            _f32(np.float32(level * np.float32(t_min))).to(dev),
            _f32(np.float32(level * np.float32(t_max))).to(dev))


# -- public functions-------------------------------------------------------------------------------

def quantize_v2(input, min_range, max_range, T, mode="MIN_COMBINED", name=None,
                round_mode="HALF_AWAY_FROM_ZERO", narrow_range=False, axis=None,
                ensure_minimum_range=0.01):
    """TF1 `tf.quantize_v2`: (output, output_min, output_max) of float `input` in type T."""
    input = convert_to_tensor(input, dtype=dtypes.float32)
    axis = _axis(input, axis)
    return apply_op("QuantizeV2", [input, _float(min_range), _float(max_range)],
                    name=name or "QuantizeV2", T=dtypes.as_dtype(T), mode=mode,
                    round_mode=round_mode, narrow_range=bool(narrow_range), axis=axis,
                    ensure_minimum_range=float(ensure_minimum_range))


def quantize(input, min_range, max_range, T, mode="MIN_COMBINED",
             round_mode="HALF_AWAY_FROM_ZERO", name=None, narrow_range=False, axis=None,
             ensure_minimum_range=0.01):
    """TF1 `tf.quantize` (tf.quantization.quantize): quantize_v2."""
    return quantize_v2(input, min_range, max_range, T, mode=mode, round_mode=round_mode,
                       name=name, narrow_range=narrow_range, axis=axis,
                       ensure_minimum_range=ensure_minimum_range)


def dequantize(input, min_range, max_range, mode="MIN_COMBINED", name=None, axis=None,
               narrow_range=False, dtype=dtypes.float32):
    """TF1 `tf.dequantize`: the float values of a quantized tensor in [min_range, max_range]."""
    input = convert_to_tensor(input)
    return apply_op("Dequantize", [input, _float(min_range), _float(max_range)],
                    name=name or "Dequantize", mode=mode, narrow_range=bool(narrow_range),
                    axis=_axis(input, axis), dtype=dtypes.as_dtype(dtype))


def _axis(input, axis):
    if axis is None:
        return -1
    if axis < 0:
        if input.shape.ndims is None:
            raise ValueError("input should have known rank to use negative axis.")
        axis %= input.shape.ndims
    return int(axis)


def _float(value):
    return convert_to_tensor(value, dtype=dtypes.float32)


def quantized_concat(concat_dim, values, input_mins, input_maxes, name=None):
    """TF1 `tf.quantized_concat`: concatenation requantized to the widest input range."""
    values = [convert_to_tensor(v) for v in values]
    return apply_op("QuantizedConcat", [concat_dim, values, [_float(m) for m in input_mins],
                                        [_float(m) for m in input_maxes]],
                    name=name or "QuantizedConcat")


def quantized_max_pool(input, min_input, max_input, ksize, strides, padding, name=None):
    """TF1 `tf.nn.quantized_max_pool` (NHWC; the range passes through)."""
    return apply_op("QuantizedMaxPool", [input, _float(min_input), _float(max_input)],
                    name=name or "QuantizedMaxPool", ksize=list(ksize), strides=list(strides),
                    padding=padding)


def quantized_avg_pool(input, min_input, max_input, ksize, strides, padding, name=None):
    """TF1 `tf.nn.quantized_avg_pool` (NHWC; rounded half to even; the range passes
    through)."""
    return apply_op("QuantizedAvgPool", [input, _float(min_input), _float(max_input)],
                    name=name or "QuantizedAvgPool", ksize=list(ksize), strides=list(strides),
                    padding=padding)


def quantized_conv2d(input, filter, min_input, max_input, min_filter, max_filter, strides,
                     padding, out_type=dtypes.qint32, dilations=(1, 1, 1, 1), name=None):
    """TF1 `tf.nn.quantized_conv2d`: the int32 convolution of the zero-point-shifted values,
    with the range of one input level times one filter level."""
    return apply_op("QuantizedConv2D", [input, filter, _float(min_input), _float(max_input),
                                        _float(min_filter), _float(max_filter)],
                    name=name or "QuantizedConv2D", strides=list(strides), padding=padding,
                    out_type=dtypes.as_dtype(out_type), dilations=list(dilations))
