"""TF's bitwise ops (tf.bitwise): `BitwiseAnd`, `BitwiseOr`, `BitwiseXor`, `Invert`,
`LeftShift`, `RightShift` on integer tensors, broadcasting as TF's binary ops do, and
`PopulationCount` (tf.raw_ops only in TF1: the set bits of each element, as uint8). As in TF's
kernels a shift amount is clamped to [0, bits - 1], left shifts wrap around, and right shifts of
signed values are arithmetic. None has a gradient (integer ops).
"""
from __future__ import annotations

import torch

from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op

__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift"]


def _bits(x) -> int:
    return 8 if x.dtype in (torch.bool, torch.uint8, torch.int8) else x.element_size() * 8


def _clamped(x, y):
    return torch.clamp(y, 0, _bits(x) - 1).to(x.dtype)


# torch has no shift kernels for these: shift the same bits as the signed type of their width
_SIGNED_OF = {getattr(torch, "uint%d" % b): getattr(torch, "int%d" % b) for b in (16, 32, 64)
              if hasattr(torch, "uint%d" % b)}


def _shift(x, y, right):
    signed = _SIGNED_OF.get(x.dtype)
    if signed is None:
        shift = torch.bitwise_right_shift if right else torch.bitwise_left_shift
        return shift(x, _clamped(x, y))
    bits = x.element_size() * 8
    xs, ys = x.view(signed), y.view(signed)
    ys = torch.where(ys < 0, torch.full_like(ys, bits - 1), torch.clamp(ys, max=bits - 1))
    if not right:
        return torch.bitwise_left_shift(xs, ys).view(x.dtype)
    # logical shift: the arithmetic shift with the copies of the sign bit masked off
    keep = torch.bitwise_left_shift(torch.ones_like(ys), bits - torch.clamp(ys, min=1)) - 1
    mask = torch.where(ys > 0, keep, torch.full_like(ys, -1))
    return torch.bitwise_and(torch.bitwise_right_shift(xs, ys), mask).view(x.dtype)


_BINARY = {
    "BitwiseAnd": torch.bitwise_and,
    "BitwiseOr": torch.bitwise_or,
    "BitwiseXor": torch.bitwise_xor,
    "LeftShift": lambda x, y: _shift(x, y, right=False),
    "RightShift": lambda x, y: _shift(x, y, right=True),
}


def _binary_lowering(fn):
    def lower(ctx, x, y):
        return fn(x, y)
    return lower


for _type, _fn in _BINARY.items():
    register_op(_type, inputs=("x: T", "y: T"), infer=shape_rules.binary_broadcast,
                differentiable=False)(_binary_lowering(_fn))


@register_op("Invert", inputs=("x: T",), infer=shape_rules.same_shape, differentiable=False)
def _lower_invert(ctx, x):
    return torch.bitwise_not(x)


_POPCOUNT_TABLE = torch.tensor([bin(i).count("1") for i in range(256)], dtype=torch.uint8)


def _popcount_infer(op, x, **attrs):
    return [(dtypes.uint8, x.shape)]


@register_op("PopulationCount", inputs=("x: T",), infer=_popcount_infer, differentiable=False)
def _lower_population_count(ctx, x):
    width = x.element_size()
    octets = x.contiguous().reshape(-1).view(torch.uint8).reshape(-1, width).long()
    counts = _POPCOUNT_TABLE.to(x.device)[octets].sum(-1, dtype=torch.uint8)
    return counts.reshape(x.shape)


def _binary(op_type, doc_name):
    def fn(x, y, name=None):
        return apply_op(op_type, [x, y], name=name or op_type)
    fn.__name__ = doc_name
    fn.__doc__ = "TF1 `tf.bitwise.%s`: elementwise, broadcasting (op `%s`)." % (doc_name, op_type)
    return fn


bitwise_and = _binary("BitwiseAnd", "bitwise_and")
bitwise_or = _binary("BitwiseOr", "bitwise_or")
bitwise_xor = _binary("BitwiseXor", "bitwise_xor")
left_shift = _binary("LeftShift", "left_shift")
right_shift = _binary("RightShift", "right_shift")


def invert(x, name=None):
    """TF1 `tf.bitwise.invert`: every bit flipped (op `Invert`)."""
    return apply_op("Invert", [x], name=name or "Invert")
