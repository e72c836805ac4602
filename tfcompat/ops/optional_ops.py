"""TF's Optional ops (`OptionalFromValue`, `OptionalNone`, `OptionalHasValue`,
`OptionalGetValue`): a `variant` holding a tuple of tensors, or nothing.

TF's graphs use them where `tf.gradients` differentiates a control flow v2 `If`/`Case`: the
forward op is rewritten to also return each branch's intermediates the gradient needs, wrapped
as an Optional (a value in the branch that ran, `OptionalNone` in the others), and the gradient
branch unwraps them. The run-time value here is an `Optional`; its components are torch
tensors, so autograd flows through them.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape

__all__ = ["Optional"]

_SCALAR = TensorShape([])


class Optional:
    """The run-time value of an Optional variant: `components` (a tuple) or None (empty)."""

    __slots__ = ("components",)

    def __init__(self, components=None):
        self.components = None if components is None else tuple(components)

    def __repr__(self):
        if self.components is None:
            return "<Optional value: empty>"
        return "<Optional value: %d components>" % len(self.components)


def _optional_out(op, *args, **_):
    return [(dtypes.variant, _SCALAR)]


@register_op("OptionalFromValue", inputs=("components: Toutput_types",), infer=_optional_out)
def _lower_from_value(ctx, *components):
    return Optional(components)


@register_op("OptionalNone", infer=_optional_out)
def _lower_none(ctx):
    return Optional()


@register_op("OptionalHasValue", inputs=("optional: variant",),
             infer=lambda op, *a, **k: [(dtypes.bool, _SCALAR)], differentiable=False)
def _lower_has_value(ctx, optional):
    return torch.tensor(optional.components is not None)  # on the host, as TF's


def _get_value_infer(op, optional, *, output_types, output_shapes):
    return list(zip(output_types, output_shapes))


@register_op("OptionalGetValue", inputs=("optional: variant",), infer=_get_value_infer,
             attrs={"output_types": (), "output_shapes": ()})
def _lower_get_value(ctx, optional, *, output_types, output_shapes):
    if optional.components is None:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "The given optional does not have a value.")
    values = optional.components
    got = [dtypes.as_dtype(v.dtype) if isinstance(v, torch.Tensor) else None for v in values]
    want = [dtypes.as_dtype(t).base_dtype for t in output_types]
    if len(values) != len(want) or any(g is not None and g != w for g, w in zip(got, want)):
        raise errors.op_error(
            errors.InvalidArgumentError, ctx.op,
            "OptionalGetValue: the optional holds %d components of types %s, but the op expects "
            "%s" % (len(values), [g.name if g else "?" for g in got], [w.name for w in want]))
    for value, shape in zip(values, output_shapes):
        if isinstance(value, torch.Tensor) and not TensorShape(list(value.shape)) \
                .is_compatible_with(shape):
            raise errors.op_error(
                errors.InvalidArgumentError, ctx.op,
                "Incompatible shapes: the optional holds a component of shape %s, but the op "
                "expects %s" % (list(value.shape), shape))
    return values[0] if len(values) == 1 else tuple(values)
