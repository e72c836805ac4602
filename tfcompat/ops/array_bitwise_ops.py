"""TF's bitwise ops (tf.bitwise): `BitwiseAnd`, `BitwiseOr`, `BitwiseXor`, `Invert`,
`LeftShift`, `RightShift` on integer tensors, broadcasting as TF's binary ops do. As in TF's
kernels a shift amount is clamped to [0, bits - 1], left shifts wrap around, and right shifts of
signed values are arithmetic. None has a gradient (integer ops).
"""
from __future__ import annotations

import torch

from tfcompat.framework import shape_rules
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op

__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift"]


def _bits(x) -> int:
    return 8 if x.dtype in (torch.bool, torch.uint8, torch.int8) else x.element_size() * 8


def _clamped(x, y):
    return torch.clamp(y, 0, _bits(x) - 1).to(x.dtype)


_BINARY = {
    "BitwiseAnd": torch.bitwise_and,
    "BitwiseOr": torch.bitwise_or,
    "BitwiseXor": torch.bitwise_xor,
    "LeftShift": lambda x, y: torch.bitwise_left_shift(x, _clamped(x, y)),
    "RightShift": lambda x, y: torch.bitwise_right_shift(x, _clamped(x, y)),
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
