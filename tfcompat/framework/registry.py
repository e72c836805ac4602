"""The op registry: one `OpDef` record per TF op type, holding its shape rule and torch lowering.

Op families in `tfcompat/ops/` register themselves with `@register_op`; `Graph.create_op` looks
the record up to infer output dtypes/shapes, and the session's plan binds the lowering.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Callable
from typing import Mapping

_REGISTRY: dict[str, "OpDef"] = {}


@dataclass(frozen=True)
class OpDef:
    """What tfcompat knows about one TF op type.

    `infer(op, *inputs, **attrs)` returns one `(dtype, shape)` pair per output, from the
    op's input Tensors and attrs. `lower(ctx, *values, **attrs)` computes the outputs from
    torch tensors (a tensor, or a tuple for several outputs). Only the attrs named in `attrs`
    are passed to either; other attrs (`T`, ...) are kept on the op for GraphDef only.
    """

    type: str
    lower: Callable[..., Any] | None
    inputs: tuple = ()              # TF's input args: "x: T", "shape: int32", "values: N*T"
    infer: Callable[..., list] | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)
    stateful: bool = False          # reads/writes session state or RNG; never constant-folded
    differentiable: bool = True     # False: gradients stop here (TF's NotDifferentiable)
    ref_inputs: tuple = ()          # inputs that take a variable itself (TF's ref inputs)
    mutates: bool = False           # writes session state: scheduled after pure ops in a run
    host_only: bool = False         # values live on the CPU (strings, Python callbacks)


def register_op(type: str, *, inputs=(), infer=None, attrs=None, stateful=False, differentiable=True,
                ref_inputs=(), mutates=False, host_only=False):
    """Decorator: registers the decorated function as the lowering of TF op type `type`."""

    def wrap(lower):
        if type in _REGISTRY:
            raise ValueError("op type %r is already registered by %s"
                             % (type, _REGISTRY[type].lower.__module__))
        _REGISTRY[type] = OpDef(type, lower, tuple(inputs), infer, dict(attrs or {}), stateful, differentiable,
                                tuple(ref_inputs), mutates, host_only)
        return lower

    return wrap


def get_op_def(type: str) -> OpDef | None:
    return _REGISTRY.get(type)


def registered_types() -> list[str]:
    return sorted(_REGISTRY)
