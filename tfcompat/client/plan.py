"""Plans: the pruned, ordered, placed and compiled form of one `Session.run` signature.

`build_plan` walks back from the fetches and targets (stopping at fed tensors), orders the ops
(pure ops first, state-mutating ops as late as their dependencies allow, so a failing run
leaves variables untouched), places them, folds what is constant, and compiles the rest into
one straight-line Python function (printable with `Plan.describe()` / `Plan.source`), freeing
each intermediate after its last use.
"""
from __future__ import annotations

import heapq
import os

import numpy as np
import torch

from tfcompat import errors
from tfcompat.client.state import StepContext
from tfcompat.framework import graph_walk
from tfcompat.framework import shape_rules
from tfcompat.ops import gradients_util

class InputExpr(str):
    """An input expression of a plan's generated code and the plan variable it reads
    (`_mv(v3_0, d_cuda0)` reads `v3_0`): last-use freeing and error reports need the variable,
    which is kept beside the text rather than parsed back out of it."""

    def __new__(cls, text: str, var: str | None = None):
        expr = super().__new__(cls, text)
        expr.var = text if var is None else var
        return expr


def value_in_frame(frame, expr):
    """The value of input expression `expr` in a frame of the generated code, or None."""
    value = frame.f_locals.get(expr.var, frame.f_globals.get(expr.var))
    return value if isinstance(value, (torch.Tensor, np.ndarray)) else None


VARIABLE_OP_TYPES = graph_walk.VARIABLE_OP_TYPES
GRADIENT_OP_TYPES = frozenset({"Gradients"})
# ops told which of their outputs a plan reads: TF prunes a loop's variables that no fetch
# needs (their body ops, seeded random ops and updates included, do not run)
PER_OUTPUT_OP_TYPES = frozenset({"While", "StatelessWhile"})
DEBUG = os.environ.get("TFCOMPAT_DEBUG", "") not in ("", "0", "interpret")
# TFCOMPAT_DEBUG=interpret: plans run op by op (client/compile.py `_interpreter`), not as one
# generated function: for debugging, and to check that both give the same results
INTERPRET = os.environ.get("TFCOMPAT_DEBUG", "") == "interpret"


needed_ops = graph_walk.needed_ops          # graph-level; re-exported for the runtime


def _dependencies(op, needed, fed):
    refs = op.op_def.ref_inputs if op.op_def is not None else ()
    deps = {t.op for i, t in enumerate(op._inputs)
            if t not in fed and not (i in refs and t.op.type in VARIABLE_OP_TYPES)}
    deps.update(op._control_inputs)
    return deps & needed


def order_ops(needed, fed) -> list:
    """Kahn's toposort; ties go to pure ops, then creation order."""
    deps = {op: _dependencies(op, needed, fed) for op in needed}
    users: dict = {op: [] for op in needed}
    for op, ds in deps.items():
        for d in ds:
            users[d].append(op)
    remaining = {op: len(ds) for op, ds in deps.items()}
    ready = [(_priority(op), op._id, op) for op, n in remaining.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, _, op = heapq.heappop(ready)
        order.append(op)
        for user in users[op]:
            remaining[user] -= 1
            if remaining[user] == 0:
                heapq.heappush(ready, (_priority(user), user._id, user))
    if len(order) != len(needed):
        cycle = sorted(op.name for op, n in remaining.items() if n > 0)
        raise errors.InvalidArgumentError(None, None, "Graph has a cycle among ops: %s"
                                          % ", ".join(cycle[:10]))
    return order


def _priority(op) -> int:
    return 1 if op.op_def is not None and op.op_def.mutates else 0


def _check_feedable(order, fed):
    for op in order:
        if op.type == "Placeholder":
            dtype, shape = op._attrs["dtype"], op._attrs["shape"]
            raise errors.op_error(
                errors.InvalidArgumentError, op,
                "You must feed a value for placeholder tensor '%s' with dtype %s%s"
                % (op.name, shape_rules.cpp_type_name(dtype), "" if shape.ndims is None
                   else " and shape %s" % shape_rules.shape_text(shape)))
        if op.op_def is None or op.op_def.lower is None:
            raise errors.op_error(
                errors.UnimplementedError, op,
                "tfcompat has no lowering for op type '%s' (op '%s', created at %s). See "
                "SUPPORTED_OPS.md; to add one, register it in tfcompat/ops/ with @register_op."
                % (op.type, op.name, op.traceback_line))


# Stateful ops a plan may run only to connect a fed tensor to a gradient's xs: their state is
# their own or read-only (variables, random streams, checks, control flow), so running them
# changes nothing else the program sees.
_REPLAYABLE = frozenset({
    "VariableV2", "Variable", "RandomStandardNormal", "RandomUniform", "RandomUniformInt",
    "TruncatedNormal", "Multinomial", "Assert", "CheckNumerics", "If", "Case", "While",
    "TensorArrayV3", "TensorArrayCloseV3"})


def fed_on_gradient_paths(fetches, targets, fed) -> frozenset:
    """Fed tensors between a gradient's xs and its ys whose producers the plan runs too.

    TF differentiates through a fed tensor h: the ops after h see h's fed value, and h's own
    producer still passes the gradient on, so `h = 3 * x; tf.gradients(h * h, x)` with h fed
    10 is 2 * 10 * 3 = 60. The plan computes h's producer (when it can: no unfed placeholder,
    no op that consumes or writes state) and splices the fed value into autograd's graph
    there (compile.py `_fed_value`). Producer gradients that read the op's own output (Sqrt,
    Tanh, Relu ...) see the computed value, where TF's would see the fed one."""
    if not fed:
        return frozenset()
    needed = needed_ops(fetches, targets, fed)
    grad_ops = [op for op in needed if op.type in GRADIENT_OP_TYPES]
    if not grad_ops:
        return frozenset()
    spliced = set()
    for op in grad_ops:
        n_ys, n_xs = op._attrs["n_ys"], op._attrs["n_xs"]
        xs = set(op._inputs[n_ys:n_ys + n_xs])
        candidates = [t for t in fed if t not in xs and t not in spliced]
        if not candidates:
            continue
        reach = gradients_util.backward_reach(op._inputs[:n_ys])
        for t in candidates:
            if t in reach and xs & gradients_util.backward_reach([t]) \
                    and _replayable(t, fed, needed):
                spliced.add(t)
    return frozenset(spliced)


def _replayable(tensor, fed, needed) -> bool:
    extra = needed_ops([tensor], [], fed - {tensor}) - needed
    for op in extra:
        d = op.op_def
        if op.type == "Placeholder" or d is None or d.lower is None or (
                d.stateful and op.type not in _REPLAYABLE):
            return False
    return True


def _grad_region(order, fed):
    """Ops downstream of any gradient op's xs (never folded), and the xs tensors."""
    grad_ops = [op for op in order if op.type in GRADIENT_OP_TYPES]
    xs = set()
    for op in grad_ops:
        n_ys = op._attrs["n_ys"]
        xs.update(op._inputs[n_ys:n_ys + op._attrs["n_xs"]])
    in_plan = set(order)
    region, stack = set(), [t.op for t in xs]
    while stack:
        op = stack.pop()
        if op in region or op not in in_plan:
            continue
        region.add(op)
        stack.extend(c for c in op._consumers if c in in_plan)
    return grad_ops, xs, region


def _create_graph_ops(grad_ops, order):
    """Gradient ops whose outputs feed another gradient op (so they need create_graph)."""
    in_plan, result = set(order), set()
    for g in grad_ops:
        seen, stack = set(), [c for t in g._outputs for c in t.op._consumers if c in in_plan]
        while stack:
            op = stack.pop()
            if op in seen:
                continue
            seen.add(op)
            if op.type in GRADIENT_OP_TYPES:
                result.add(g)
                break
            stack.extend(c for c in op._consumers if c in in_plan)
    return result
