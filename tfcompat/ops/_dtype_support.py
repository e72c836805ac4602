"""Dtypes torch has few kernels for, run the way TF's kernels run them.

- uint16/uint32/uint64: torch stores them but has almost no kernels for them (`add_stub` not
  implemented for 'UInt16'). `unsigned_lowering` wraps an op's lowering when the op has such
  inputs: it first runs the lowering as is; where torch has no kernel it computes in int64
  (exact for uint16/uint32; uint64 is reinterpreted: exact for the ring ops, order-keyed for
  comparisons, refused at 2**63 and above for the rest) and casts each output back to its
  static dtype, wrapping around as TF's C++ does. The plan compiler (client/compile.py) applies
  it; ops with their own unsigned handling (_tf_arith.ordered, nn_ops' Relu) never fail into it.
- string: `string_or` gives an elementwise lowering its numpy form for `tf.string` values
  (numpy object arrays of bytes), as TF's string kernels of `Add`, `Equal`, `NotEqual` (ops
  that only move strings around are framework/host_strings.py's).
- complex: `sign` and `xlogy` follow TF's complex kernels where torch's refuse complex input.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes

_WIDE_UNSIGNED = frozenset(d.torch_dtype for d in (dtypes.uint16, dtypes.uint32, dtypes.uint64)
                           if d.torch_dtype is not None)
_UNSIGNED_DTYPES = frozenset({dtypes.uint16, dtypes.uint32, dtypes.uint64})
# Ops whose int64 result has the bits of the uint64 result for every input (modular arithmetic
# and data movement); others are exact only for uint64 values below 2**63.
_BIT_EXACT = frozenset({
    "Add", "AddV2", "AddN", "Sub", "Mul", "Neg", "Square", "Sum", "Prod", "Cumsum", "Cumprod",
    "Equal", "NotEqual", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Invert", "MatMul",
    "BatchMatMulV2", "Identity", "Snapshot", "StopGradient", "Reshape", "Transpose", "ConcatV2",
    "Pack", "Unpack", "GatherV2", "Slice", "StridedSlice", "Tile", "Squeeze", "ExpandDims",
    "Select", "SelectV2", "ZerosLike", "OnesLike", "ReverseV2", "Pad", "PadV2", "Split",
    "SplitV", "IdentityN", "Fill", "BroadcastTo"})
# Ops that only compare values: uint64 maps to int64 with its top bit flipped, which keeps order.
_COMPARE_ONLY = frozenset({"Less", "LessEqual", "Greater", "GreaterEqual", "ArgMax", "ArgMin"})
_INT64_MIN = -(2 ** 63)


def _has_wide_unsigned(op) -> bool:
    d = op.op_def
    if d is None or d.mutates or d.ref_inputs or d.stateful:
        return False  # variables keep their own dtype: only pure ops are widened
    return any(t.dtype.base_dtype in _UNSIGNED_DTYPES for t in op._inputs)


def unsigned_lowering(op, fn):
    """`fn` (an op's lowering with its attrs bound), made to run on uint16/uint32/uint64 inputs
    that torch has no kernel for; `fn` itself for ops without such inputs."""
    if not _has_wide_unsigned(op):
        return fn
    statics = [t.dtype.base_dtype.torch_dtype for t in op._outputs]
    state = {"widen": False}

    def lower_unsigned(ctx, *args):
        if not state["widen"]:
            try:
                return _restore(fn(ctx, *args), statics)
            except (NotImplementedError, RuntimeError) as e:
                if "uint" not in str(e).lower():
                    raise
                state["widen"] = True  # torch has no kernel here: compute in int64 from now on
        return _restore(fn(ctx, *[_widen(ctx, a) for a in args]), statics)

    lower_unsigned.__name__ = getattr(fn, "__name__", "lower") + "_unsigned"
    return lower_unsigned


def _widen(ctx, value):
    if not isinstance(value, torch.Tensor) or value.dtype not in _WIDE_UNSIGNED:
        return value
    if value.dtype != torch.uint64:
        return value.to(torch.int64)
    signed = value.view(torch.int64)
    if ctx.op.type in _COMPARE_ONLY:
        return signed ^ _INT64_MIN
    if ctx.op.type not in _BIT_EXACT and bool((signed < 0).any()):
        raise errors.op_error(
            errors.UnimplementedError, ctx.op,
            "tfcompat computes %s of uint64 in int64 (torch has no uint64 kernel for it), so it "
            "cannot take uint64 values of 2**63 or more. Cast to float64 or keep values below "
            "2**63." % ctx.op.type)
    return signed


def _restore(result, statics):
    """Outputs of an unsigned static dtype that came back as another integer type (int64 from
    widening, or torch's promotion in sums), cast back to it."""
    if isinstance(result, (tuple, list)):
        return type(result)(_restore_one(r, s) for r, s in zip(result, statics))
    return _restore_one(result, statics[0]) if statics else result


def _restore_one(value, static):
    if (static in _WIDE_UNSIGNED and isinstance(value, torch.Tensor)
            and value.dtype != static and not value.is_floating_point()):
        return value.view(static) if value.dtype == torch.int64 and static == torch.uint64 \
            else value.to(static)
    return value


# -- strings ------------------------------------------------------------------------------

def _is_strings(value) -> bool:
    return isinstance(value, np.ndarray) and value.dtype == object


def string_or(torch_fn, numpy_fn):
    """An elementwise function that uses `numpy_fn` on string tensors (object arrays of bytes)
    and `torch_fn` on everything else. Bool results come back as torch tensors."""
    def fn(*args):
        if not any(_is_strings(a) for a in args):
            return torch_fn(*args)
        out = numpy_fn(*args)
        if isinstance(out, np.ndarray) and out.dtype != object:
            # np.array, not np.ascontiguousarray: that makes a 0-d result 1-d
            return torch.from_numpy(np.array(out, dtype=np.bool_))
        return out
    fn.__name__ = getattr(torch_fn, "__name__", "fn")
    return fn


def string_concat(x, y):
    """TF's `Add` of strings: elementwise concatenation with broadcasting."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=object), np.asarray(y, dtype=object))
    out = np.empty(x.shape, dtype=object)
    for index in np.ndindex(x.shape):
        out[index] = bytes(x[index]) + bytes(y[index])
    return out


def string_equal(x, y):
    return np.asarray(np.equal(np.asarray(x, dtype=object), np.asarray(y, dtype=object)),
                      dtype=np.bool_)


def string_not_equal(x, y):
    return ~string_equal(x, y)


# -- complex ------------------------------------------------------------------------------

def sign(x):
    # NOTE: TF's Sign of a complex number is x / |x| (0 at 0), torch's `sgn`; torch.sign refuses
    # complex input.
    return torch.sgn(x) if x.is_complex() else torch.sign(x)


def xlogy(x, y):
    # NOTE: torch.xlogy has no complex kernel; TF's is x * log(y), and 0 where x == 0.
    if not x.is_complex():
        return torch.xlogy(x, y)
    return torch.where(x == 0, torch.zeros_like(x * y), x * torch.log(y))
