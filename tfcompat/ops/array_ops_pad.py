"""Array ops, part 3: Tile, Pad, PadV2 and MirrorPad (tf.tile, tf.pad), with TF's shape
functions and kernel checks. Re-exported by array_ops (through array_ops_join).
"""
from __future__ import annotations

import builtins

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.shape_rules import base_dtype_of as _dtype
from tfcompat.framework.shape_rules import dims_text as _dims_text
from tfcompat.framework import tensor_shape
from tfcompat.framework.op_builder import apply_op
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework import tensor_util
from tfcompat.framework.tensor_util import constant_value

__all__ = ["tile", "pad"]


# -- Tile, Pad ---------------------------------------------------------------------------------

def _tile_multiples(multiples):
    """TF's MakeShapeFromShapeTensor on `multiples`: a constant's -1 is an unknown multiple and
    any other negative value refuses the graph; a tf.stack or tf.concat of partly known values
    (`[tf.shape(x)[0], 1, 1]`) keeps its known parts."""
    m = constant_value(multiples)
    if m is None:
        return tensor_util.constant_value_as_shape(multiples)
    m = [int(k) for k in np.reshape(m, [-1])]
    for k in m:
        if k < -1:
            raise ValueError("Invalid value in tensor used for shape: %d" % k)
    return TensorShape([None if k == -1 else k for k in m])


def _multiply_dims(d, k):
    """TF's InferenceContext::Multiply: 0 and 1 decide the product even when the other is
    unknown."""
    if d == 0 or k == 0:
        return 0
    if d == 1 or k == 1:
        return k if d == 1 else d
    return None if d is None or k is None else d * k


def _tile_infer(op, x, multiples):
    if multiples.shape.ndims not in (None, 1):
        raise shape_rules.shape_error("Shape must be rank 1 but is rank %d"
                                      % multiples.shape.ndims, op, [x, multiples])
    m = _tile_multiples(multiples)
    rank = x.shape.ndims if x.shape.ndims is not None else m.ndims
    if rank is None:
        return [(_dtype(x), tensor_shape.unknown_shape())]
    if m.ndims is not None and m.ndims != rank:
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                      % (rank, m.ndims), op, [x, multiples])
    # NOTE: a run-time negative multiple is an error only when run, as in TF.
    xs = x.shape.as_list() if x.shape.ndims is not None else [None] * rank
    ks = m.as_list() if m.ndims is not None else [None] * rank
    return [(_dtype(x), TensorShape([_multiply_dims(d, k) for d, k in zip(xs, ks)]))]


@register_op("Tile", inputs=("input: T", "multiples: Tmultiples"), infer=_tile_infer)
def _lower_tile(ctx, x, multiples):
    multiples = [int(m) for m in multiples.tolist()]
    if len(multiples) != x.dim():  # torch would add dimensions; TF refuses (ops/kernel_errors)
        raise ValueError("Tile: %d multiples for rank %d" % (len(multiples), x.dim()))
    return x.repeat(multiples)


@ragged_entry
def tile(input, multiples, name=None):
    return apply_op("Tile", [input, multiples], name=name or "Tile")


def _pad_infer(op, x, paddings, *rest, **attrs):
    """TF's PadShapeFn (Pad, PadV2, MirrorPad): paddings is [rank(x), 2], non-negative."""
    inputs = [x, paddings] + list(rest)
    if paddings.shape.ndims not in (None, 2):
        raise shape_rules.shape_error("Shape must be rank 2 but is rank %d"
                                      % paddings.shape.ndims, op, inputs)
    n = paddings.shape[0].value if paddings.shape.ndims == 2 else None
    if paddings.shape.ndims == 2 and paddings.shape[1].value not in (None, 2):
        raise shape_rules.shape_error("Dimension must be 2 but is %d" % paddings.shape[1].value,
                                      op, inputs)
    if n is not None and x.shape.ndims not in (None, n):
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                      % (n, x.shape.ndims), op, inputs)
    rank = x.shape.ndims if x.shape.ndims is not None else n
    p = constant_value(paddings)
    if p is None and rank is not None:
        return [(_dtype(x), TensorShape(_partly_padded(x, paddings, rank)))]
    if p is None or rank is None:
        return [(_dtype(x), tensor_shape.unknown_shape(rank=rank))]
    if (np.asarray(p) < 0).any():
        raise shape_rules.shape_error("Paddings must be non-negative", op, inputs, {1: p})
    dims = x.shape.as_list() if x.shape.ndims is not None else [None] * rank
    return [(_dtype(x), TensorShape([None if d is None else d + int(a) + int(b)
                                     for d, (a, b) in zip(dims, p)]))]


def _partly_padded(x, paddings, rank):
    """TF's tf.pad restores the dims whose paddings are known when others are tensors
    (`[[0, 0], [n, n], [1, 1]]`: only the middle dim is unknown)."""
    rows = paddings.op.inputs if paddings.op.type == "Pack" else []
    if len(rows) != rank or paddings.op.get_attr("axis") != 0:
        return [None] * rank
    dims = x.shape.as_list() if x.shape.ndims is not None else [None] * rank
    out = []
    for d, row in zip(dims, rows):
        pair = tensor_util.constant_value_as_shape(row).as_list() if row.shape.ndims == 1 else None
        known = d is not None and pair is not None and None not in pair
        out.append(d + pair[0] + pair[1] if known and len(pair) == 2 else None)
    return out


def _torch_pad_arg(paddings, x=None):
    if x is not None and (tuple(paddings.shape) != (x.dim(), 2) or bool((paddings < 0).any())):
        raise ValueError("Pad: paddings %s for rank %d" % (paddings.tolist(), x.dim()))
    flat = []
    for a, b in reversed(paddings.tolist()):
        flat += [int(a), int(b)]
    return flat


@register_op("Pad", inputs=("input: T", "paddings: Tpaddings"), infer=_pad_infer)
def _lower_pad(ctx, x, paddings):
    return torch.nn.functional.pad(x, _torch_pad_arg(paddings, x))


@register_op("PadV2", inputs=("input: T", "paddings: Tpaddings", "constant_values: T"),
             infer=_pad_infer)
def _lower_pad_v2(ctx, x, paddings, constant_values):
    pads = _torch_pad_arg(paddings, x)
    if not x.is_complex():
        return torch.nn.functional.pad(x, pads, value=constant_values.item())
    # NOTE: torch's pad takes no complex fill value; fill, then copy the input in.
    before, after = pads[-2::-2], pads[::-2]   # per dim, first to last
    out = constant_values.to(x.device).expand(
        [n + a + b for n, a, b in zip(x.shape, before, after)]).clone()
    out[tuple(builtins.slice(a, a + n) for a, n in zip(before, x.shape))] = x
    return out


def _check_mirror_pad(ctx, x, paddings, mode):
    """MirrorPadOp's checks: torch would index out of range, or reflect wrongly."""
    if len(paddings) != x.dim():
        raise errors.InvalidArgumentError(
            None, ctx.op, "The first dimension of paddings must be the rank of inputs[%d,2] %s"
            % (len(paddings), _dims_text(x.shape)))
    for (before, after), size in zip(paddings, x.shape):
        if before < 0 or after < 0:
            raise errors.InvalidArgumentError(
                None, ctx.op, "paddings must be non-negative: %d %d" % (before, after))
        if mode == "REFLECT" and (before >= size or after >= size):
            raise errors.InvalidArgumentError(
                None, ctx.op, "paddings must be less than the dimension size: %d, %d not less "
                "than %d" % (before, after, size))
        if mode == "SYMMETRIC" and (before > size or after > size):
            raise errors.InvalidArgumentError(
                None, ctx.op, "paddings must be no greater than the dimension size: %d, %d "
                "greater than %d" % (before, after, size))


@register_op("MirrorPad", inputs=("input: T", "paddings: Tpaddings"), infer=_pad_infer,
             attrs={"mode": "REFLECT"})
def _lower_mirror_pad(ctx, x, paddings, *, mode="REFLECT"):
    _check_mirror_pad(ctx, x, paddings.tolist(), mode)
    out = x
    for dim, (a, b) in enumerate(paddings.tolist()):
        a, b = int(a), int(b)
        offset = 1 if mode == "REFLECT" else 0
        n = out.shape[dim]
        idx = list(builtins.range(a - 1 + offset, offset - 1, -1)) + list(builtins.range(n)) + \
            list(builtins.range(n - 1 - offset, n - 1 - offset - b, -1))
        out = out.index_select(dim, torch.tensor(idx, device=out.device, dtype=torch.long))
    return out


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """TF1 `tf.pad` (CONSTANT, REFLECT, SYMMETRIC)."""
    mode = mode.upper()
    if mode == "CONSTANT":
        if not hasattr(constant_values, "op") and constant_values == 0:
            return apply_op("Pad", [tensor, paddings], name=name or "Pad")
        return apply_op("PadV2", [tensor, paddings, constant_values], name=name or "PadV2")
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", '
                         'or "SYMMETRIC". Received `mode` = %s' % mode)
    return apply_op("MirrorPad", [tensor, paddings], name=name or "MirrorPad", mode=mode)
