"""Walking a graph back from what a run needs: which ops a set of fetches depends on when some
tensors are fed. Graph-level (no values): the runtime orders and compiles these ops
(client/plan.py), control-flow op records prune their branches with it (ops/)."""
from __future__ import annotations

VARIABLE_OP_TYPES = frozenset({"VariableV2", "Variable"})


def needed_ops(fetches, targets, fed) -> set:
    """Ops that must run to produce `fetches` and `targets` when `fed` tensors are given."""
    stack = [t.op for t in fetches if t not in fed] + list(targets)
    needed = set()
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        refs = op.op_def.ref_inputs if op.op_def is not None else ()
        for i, t in enumerate(op._inputs):
            if t in fed or (i in refs and t.op.type in VARIABLE_OP_TYPES):
                continue
            stack.append(t.op)
        stack.extend(c for c in op._control_inputs if not all_outputs_fed(c, fed))
    return needed


def all_outputs_fed(op, fed) -> bool:
    """TF replaces an op whose every output is fed by the feed itself, so a control edge from
    it (`control_dependencies([placeholder])`) is satisfied without running it."""
    return bool(op._outputs) and all(t in fed for t in op._outputs)


def fed_by(tensor, types, through=None) -> bool:
    """Whether an op whose type is in `types` is `tensor`'s op or above it (data inputs only);
    the walk does not go above ops whose type is in `through`."""
    seen, stack = set(), [tensor.op]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in types:
            return True
        if through is None or op.type not in through:
            stack.extend(t.op for t in op._inputs)
    return False
