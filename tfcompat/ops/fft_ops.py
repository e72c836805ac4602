"""TF's spectral ops (FFT, IFFT, RFFT, IRFFT in 1, 2, 3 and N dimensions) on torch.fft, with the
Python wrappers of tf.signal (fft_length inferred and the input padded as TF's wrappers do).
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import public_constant_value_as_shape
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import array_ops_pad
from tfcompat.ops import math_ops
from tfcompat.ops import _shape_fns

_REAL_OF = {dtypes.complex64: dtypes.float32, dtypes.complex128: dtypes.float64}
_COMPLEX_OF = {dtypes.float32: dtypes.complex64, dtypes.float64: dtypes.complex128}


# -- shape rules --------------------------------------------------------------------------

def _inner_dims(op, x, rank):
    if x.shape.ndims is not None and x.shape.ndims < rank:
        raise shape_rules.shape_error("Shape must be at least rank %d but is rank %d"
                                      % (rank, x.shape.ndims), op, [x])


def _check_fft_length(op, x, fft_length, rank):
    """RFFTShape's checks of fft_length: a vector of `rank` lengths."""
    inputs = [x, fft_length]
    shape = _shape_fns.with_rank(op, inputs, fft_length.shape, 1)
    _shape_fns.with_value(op, inputs, shape[0].value, rank)


def _out_dim(n, halve):
    """RFFTShape's dimension for length n: n / 2 + 1 (C division) for the halved one, except
    that a zero length stays zero; a negative result is unknown (the kernel refuses it)."""
    if halve and n != 0:
        n = int(n / 2) + 1
    return n if n >= 0 else None


def _lengths_shape(x, rank, fft_length, halve_last):
    """x's shape with its inner `rank` dims set from the constant `fft_length` (the last one
    to n // 2 + 1 for a real-to-complex transform); unknown where it is not constant."""
    if x.shape.ndims is None:
        return tensor_shape.unknown_shape()
    lengths = constant_value(fft_length) if fft_length is not None else None
    outer = x.shape.as_list()[:x.shape.ndims - rank]
    if lengths is None:
        return tensor_shape.TensorShape(outer + [None] * rank)
    inner = [int(n) for n in np.reshape(lengths, [-1])]
    inner = [_out_dim(n, halve_last and i == rank - 1) for i, n in enumerate(inner)]
    return tensor_shape.TensorShape(outer + inner)


def _complex_infer(rank):
    def infer(op, x, *rest):
        _inner_dims(op, x, rank)
        return [(x.dtype.base_dtype, x.shape)]
    return infer


def _rfft_infer(rank):
    def infer(op, x, fft_length, *, Tcomplex=dtypes.complex64):
        _inner_dims(op, x, rank)
        _check_fft_length(op, x, fft_length, rank)
        return [(Tcomplex, _lengths_shape(x, rank, fft_length, True))]
    return infer


def _irfft_infer(rank):
    def infer(op, x, fft_length, *, Treal=dtypes.float32):
        _inner_dims(op, x, rank)
        _check_fft_length(op, x, fft_length, rank)
        return [(Treal, _lengths_shape(x, rank, fft_length, False))]
    return infer


def _nd_infer(kind):
    def infer(op, x, fft_length, axes, **attrs):
        lengths, axes_v = constant_value(fft_length), constant_value(axes)
        out_dtype = attrs.get("Tcomplex") or attrs.get("Treal") or x.dtype.base_dtype
        if x.shape.ndims is None or lengths is None or axes_v is None:
            rank = x.shape.ndims
            return [(out_dtype, tensor_shape.unknown_shape(rank))]
        dims = x.shape.as_list()
        lengths = [int(n) for n in np.reshape(lengths, [-1])]
        axes_v = [int(a) % len(dims) for a in np.reshape(axes_v, [-1])]
        for i, (axis, n) in enumerate(zip(axes_v, lengths)):
            dims[axis] = n // 2 + 1 if kind == "r" and i == len(axes_v) - 1 else n
        return [(out_dtype, tensor_shape.TensorShape(dims))]
    return infer


# -- lowerings ----------------------------------------------------------------------------

def _last_dims(rank):
    return tuple(range(-rank, 0))


def _empty_result(x, shape, dtype):
    return torch.zeros(shape, dtype=dtype, device=x.device)


def _lower_complex_fft(rank, inverse):
    fn = torch.fft.ifftn if inverse else torch.fft.fftn

    def lower(ctx, x):
        if x.numel() == 0:
            return x.clone()
        return fn(x, dim=_last_dims(rank))
    return lower


def _lengths(fft_length):
    return [int(n) for n in fft_length.reshape(-1).tolist()]


def _check_lengths(ctx, lengths):
    for i, n in enumerate(lengths):
        if n < 0:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "fft_length[%d] must >= 0, but got: %d" % (i, n))


def _lower_rfft(rank):
    def lower(ctx, x, fft_length, *, Tcomplex=dtypes.complex64):
        s = _lengths(fft_length)
        _check_lengths(ctx, s)
        shape = list(x.shape[:x.dim() - rank]) + s[:-1] + [s[-1] // 2 + 1 if s[-1] else 0]
        if x.numel() == 0 or 0 in s:
            return _empty_result(x, shape, Tcomplex.torch_dtype)
        return torch.fft.rfftn(x, s=s, dim=_last_dims(rank)).to(Tcomplex.torch_dtype)
    return lower


def _lower_irfft(rank):
    def lower(ctx, x, fft_length, *, Treal=dtypes.float32):
        s = _lengths(fft_length)
        _check_lengths(ctx, s)
        if x.numel() == 0 or 0 in s:
            return _empty_result(x, list(x.shape[:x.dim() - rank]) + s, Treal.torch_dtype)
        return torch.fft.irfftn(x, s=s, dim=_last_dims(rank)).to(Treal.torch_dtype)
    return lower


_TO_COMPLEX = {torch.float32: torch.complex64, torch.float64: torch.complex128}
_TO_REAL = {torch.complex64: torch.float32, torch.complex128: torch.float64}


def _lower_nd(fn):
    def lower(ctx, x, fft_length, axes, **attrs):
        s, dims = _lengths(fft_length), _lengths(axes)
        _check_lengths(ctx, s)
        if x.numel() == 0 or 0 in s:  # torch.fft refuses empty transforms; TF returns empties
            shape = list(x.shape)
            for i, (axis, n) in enumerate(zip(dims, s)):
                last = i == len(dims) - 1
                shape[axis] = n // 2 + 1 if fn is torch.fft.rfftn and last else n
            dtype = {torch.fft.rfftn: _TO_COMPLEX, torch.fft.irfftn: _TO_REAL}.get(fn, {})
            return _empty_result(x, shape, dtype.get(x.dtype, x.dtype))
        return fn(x, s=s, dim=dims)
    return lower


for _rank, _suffix in ((1, ""), (2, "2D"), (3, "3D")):
    register_op("FFT" + _suffix, inputs=("input: Tcomplex",), infer=_complex_infer(_rank))(
        _lower_complex_fft(_rank, False))
    register_op("IFFT" + _suffix, inputs=("input: Tcomplex",), infer=_complex_infer(_rank))(
        _lower_complex_fft(_rank, True))
    register_op("RFFT" + _suffix, inputs=("input: Treal", "fft_length: int32"),
                infer=_rfft_infer(_rank), attrs={"Tcomplex": dtypes.complex64})(
        _lower_rfft(_rank))
    register_op("IRFFT" + _suffix, inputs=("input: Tcomplex", "fft_length: int32"),
                infer=_irfft_infer(_rank), attrs={"Treal": dtypes.float32})(
        _lower_irfft(_rank))
_ND_ARGS = ("fft_length: int32", "axes: int32")
register_op("FFTND", inputs=("input: Tcomplex",) + _ND_ARGS, infer=_nd_infer("c"))(
    _lower_nd(torch.fft.fftn))
register_op("IFFTND", inputs=("input: Tcomplex",) + _ND_ARGS, infer=_nd_infer("c"))(
    _lower_nd(torch.fft.ifftn))
register_op("RFFTND", inputs=("input: Treal",) + _ND_ARGS, infer=_nd_infer("r"),
            attrs={"Tcomplex": dtypes.complex64})(
    (lambda lower: lambda ctx, x, n, axes, *, Tcomplex: lower(ctx, x, n, axes).to(
        Tcomplex.torch_dtype))(_lower_nd(torch.fft.rfftn)))
register_op("IRFFTND", inputs=("input: Tcomplex",) + _ND_ARGS, infer=_nd_infer("i"),
            attrs={"Treal": dtypes.float32})(
    (lambda lower: lambda ctx, x, n, axes, *, Treal: lower(ctx, x, n, axes).to(
        Treal.torch_dtype))(_lower_nd(torch.fft.irfftn)))


# -- public functions: the complex transforms are the raw ops, as in TF ---------------------

def _raw(op_type):
    def fn(input, name=None):  # noqa: A002 - TF's argument name
        return apply_op(op_type, [input], name=name)
    fn.__name__ = fn.__qualname__ = op_type.lower()
    fn.__doc__ = "TF1 `tf.signal.%s`: the `%s` op over the inner dimensions." % (
        op_type.lower(), op_type)
    return fn


fft, ifft = _raw("FFT"), _raw("IFFT")
fft2d, ifft2d = _raw("FFT2D"), _raw("IFFT2D")
fft3d, ifft3d = _raw("FFT3D"), _raw("IFFT3D")


def _infer_fft_length_for_rfft(x, rank):
    fft_shape = x.shape[-rank:]
    if not fft_shape.is_fully_defined():
        return array_ops.shape(x)[-rank:]
    return convert_to_tensor(fft_shape.as_list(), dtypes.int32)


def _infer_fft_length_for_irfft(x, rank):
    fft_shape = x.shape[-rank:]
    if not fft_shape.is_fully_defined():
        fft_length = array_ops_join.unstack(array_ops.shape(x)[-rank:])
        fft_length[-1] = math_ops.maximum(0, 2 * (fft_length[-1] - 1))
        return array_ops_join.stack(fft_length)
    lengths = fft_shape.as_list()
    lengths[-1] = max(0, 2 * (lengths[-1] - 1))
    return convert_to_tensor(lengths, dtypes.int32)


def _maybe_pad(x, rank, fft_length, is_reverse=False):
    """Pads the inner `rank` dims of x up to fft_length (TF's _maybe_pad_for_rfft)."""
    # TF's wrapper reads fft_length with the Python helper, to which a negative is unknown
    fft_shape = public_constant_value_as_shape(fft_length)
    if x.shape.ndims is not None and any(d == 0 for d in x.shape.as_list()):
        return x
    if fft_shape.is_fully_defined() and x.shape.ndims is not None:
        input_fft_shape = x.shape[-fft_shape.ndims:]
        if input_fft_shape.is_fully_defined():
            target = fft_shape.as_list()
            if is_reverse:
                target[-1] = target[-1] // 2 + 1
            paddings = [[0, max(f - i, 0)] for f, i in zip(target, input_fft_shape.as_list())]
            if any(pad > 0 for _, pad in paddings):
                outer = [[0, 0]] * max(x.shape.ndims - fft_shape.ndims, 0)
                return array_ops_pad.pad(x, outer + paddings)
            return x
    input_rank = array_ops.rank(x)
    input_fft_shape = array_ops.shape(x)[-rank:]
    outer_dims = math_ops.maximum(0, input_rank - rank)
    # zeros([outer_dims]): TF packs the tensor list into a shape (Pack), as stack does here
    outer_paddings = array_ops_join.zeros(array_ops_join.stack([outer_dims]), fft_length.dtype)
    if is_reverse:
        fft_length = array_ops_join.concat([fft_length[:-1], fft_length[-1:] // 2 + 1], 0)
    fft_paddings = math_ops.maximum(0, fft_length - input_fft_shape)
    paddings = array_ops_join.concat([outer_paddings, fft_paddings], 0)
    paddings = array_ops_join.stack([array_ops_join.zeros_like(paddings), paddings], axis=1)
    return array_ops_pad.pad(x, paddings)


def _static_lengths(fft_length):
    value = constant_value(fft_length)
    return fft_length if value is None else value


def _rfft_wrapper(op_type, rank, default_name):
    def rfft(input_tensor, fft_length=None, name=None):
        with name_scope(name, default_name, [input_tensor, fft_length]) as name:
            x = convert_to_tensor(input_tensor, dtype_hint=dtypes.float32)
            if x.dtype.base_dtype not in _COMPLEX_OF:
                raise ValueError("RFFT requires tf.float32 or tf.float64 inputs, got: %s" % x)
            x.shape.with_rank_at_least(rank)
            if fft_length is None:
                fft_length = _infer_fft_length_for_rfft(x, rank)
            else:
                fft_length = convert_to_tensor(fft_length, dtypes.int32)
            x = _maybe_pad(x, rank, fft_length)
            return apply_op(op_type, [x, _static_lengths(fft_length)], name=name,
                            Tcomplex=_COMPLEX_OF[x.dtype.base_dtype])
    rfft.__name__ = rfft.__qualname__ = default_name
    rfft.__doc__ = "TF1 `tf.signal.%s`: the real-input FFT over the inner %d dimension(s)." % (
        default_name, rank)
    return rfft


def _irfft_wrapper(op_type, rank, default_name):
    def irfft(input_tensor, fft_length=None, name=None):
        with name_scope(name, default_name, [input_tensor, fft_length]) as name:
            x = convert_to_tensor(input_tensor, dtype_hint=dtypes.complex64)
            x.shape.with_rank_at_least(rank)
            if x.dtype.base_dtype not in _REAL_OF:
                raise ValueError("IRFFT requires tf.complex64 or tf.complex128 inputs, got: %s"
                                 % x)
            if fft_length is None:
                fft_length = _infer_fft_length_for_irfft(x, rank)
            else:
                fft_length = convert_to_tensor(fft_length, dtypes.int32)
            x = _maybe_pad(x, rank, fft_length, is_reverse=True)
            return apply_op(op_type, [x, _static_lengths(fft_length)], name=name,
                            Treal=_REAL_OF[x.dtype.base_dtype])
    irfft.__name__ = irfft.__qualname__ = default_name
    irfft.__doc__ = "TF1 `tf.signal.%s`: the inverse of `%s`." % (default_name,
                                                                 default_name[1:])
    return irfft


rfft = _rfft_wrapper("RFFT", 1, "rfft")
irfft = _irfft_wrapper("IRFFT", 1, "irfft")
rfft2d = _rfft_wrapper("RFFT2D", 2, "rfft2d")
irfft2d = _irfft_wrapper("IRFFT2D", 2, "irfft2d")
rfft3d = _rfft_wrapper("RFFT3D", 3, "rfft3d")
irfft3d = _irfft_wrapper("IRFFT3D", 3, "irfft3d")


# -- N-dimensional transforms (TF 2.x's fftnd family: norm and axes) --------------------------

def _nd_axes(x, axes):
    if axes is None:
        return convert_to_tensor(np.arange(x.shape.ndims), dtypes.int32)
    return convert_to_tensor(axes, dtypes.int32)


def _scale(x, lengths, norm, inverse):
    if norm in (None, "backward"):
        return x
    n = 1
    for length in np.reshape(lengths, [-1]):
        n *= int(length)
    factor = n if norm == "forward" else np.sqrt(n)
    return x * factor if inverse else x / factor


def _nd_wrapper(op_type, default_name, kind):
    """kind: "c" complex forward, "ci" complex inverse, "r" real forward, "ri" real inverse."""
    def fftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None):
        scope_inputs = [input_tensor, fft_length] + ([] if kind == "ri" else [axes])
        with name_scope(name, default_name, scope_inputs) as name:
            hint = dtypes.float32 if kind == "r" else dtypes.complex64
            x0 = convert_to_tensor(input_tensor, dtype_hint=hint)
            axes = _nd_axes(x0, axes)
            rank = axes.shape[0]
            x = x0
            if kind == "r" and x.dtype.base_dtype not in _COMPLEX_OF:
                raise ValueError("RFFT requires tf.float32 or tf.float64 inputs, got: %s" % x)
            x.shape.with_rank_at_least(rank)
            if kind == "ri" and x.dtype.base_dtype not in _REAL_OF:
                raise ValueError("IRFFT requires tf.complex64 or tf.complex128 inputs, got: %s"
                                 % x)
            if fft_length is None:
                if kind == "ri":
                    lengths = x.shape.as_list()
                    lengths[-1] = max(0, 2 * (lengths[-1] - 1))
                    fft_length = convert_to_tensor(lengths, dtypes.int32)
                else:
                    fft_length = array_ops.shape(x)[-x.shape.ndims:]
            else:
                fft_length = convert_to_tensor(fft_length, dtypes.int32)
            x = _maybe_pad(x, rank, fft_length, is_reverse=kind == "ri")
            lengths = _static_lengths(fft_length)
            x = _scale(x, lengths, norm, kind in ("ci", "ri"))
            attrs = {}
            if kind == "r":
                attrs["Tcomplex"] = _COMPLEX_OF[x.dtype.base_dtype]
            elif kind == "ri":
                attrs["Treal"] = _REAL_OF[x.dtype.base_dtype]
            return apply_op(op_type, [x, lengths, axes], name=name, **attrs)
    fftnd.__name__ = fftnd.__qualname__ = default_name
    fftnd.__doc__ = "TF `tf.signal.%s`: the `%s` op over `axes` (default: all)." % (
        default_name, op_type)
    return fftnd


fftnd = _nd_wrapper("FFTND", "fftnd", "c")
ifftnd = _nd_wrapper("IFFTND", "ifftnd", "ci")
rfftnd = _nd_wrapper("RFFTND", "rfftnd", "r")
irfftnd = _nd_wrapper("IRFFTND", "irfftnd", "ri")
