"""Variable references forwarded by TF 1.x control flow, as GraphDefs written by TF 1.x hold
them.

In a TF1 graph a ref variable reaches an op that writes it (`Assign`, `AssignSub`, `ApplyAdam`,
`ScatterAdd`, ...) through ops that forward the *reference*, not a value:

- `RefSwitch(variable, pred)` when `tf.cond` captures a variable that a branch updates (batch
  norm's moving averages under `training=<placeholder>`): the update writes the variable, and
  runs only on the taken side;
- `RefIdentity` (`with_dependencies` on a ref), `RefEnter` (a variable a `tf.while_loop` body
  updates), `RefMerge` (a cond whose branches return `tf.assign(v, ...)`), and the ref output of
  an update op itself (`tf.assign_add(tf.assign(v, 1), 1)`).

tfcompat runs an update op on the variable's own op (framework/registry.py `ref_inputs`), so the
plan compiler (client/compile.py) resolves such a forwarded ref back to its variable with
`variable_behind`, at build time, and still reads the forwarded value: a dead value (the untaken
side of a RefSwitch) makes the update dead, so it writes nothing, as in TF.
"""
from __future__ import annotations

from tfcompat import errors
from tfcompat.framework import graph_walk
from tfcompat.framework.operation import Operation
from tfcompat.framework.registry import register_op

__all__ = ["variable_behind", "updated_variable"]

# ops whose output 0 (RefSwitch: both outputs) is the reference their input 0 is
_FORWARDING_TYPES = frozenset({"RefSwitch", "RefIdentity", "RefEnter", "RefExit",
                               "RefNextIteration"})


def variable_behind(tensor):
    """The variable op (VariableV2) whose reference `tensor` forwards, or None when it is not a
    ref or forwards references of different variables (a RefMerge of two variables' refs: only
    the run knows which)."""
    seen = set()
    stack, found = [tensor], None
    while stack:
        t = stack.pop()
        if t in seen:
            continue
        seen.add(t)
        op = t.op
        if not t.dtype._is_ref_dtype:
            return None
        if op.type in graph_walk.VARIABLE_OP_TYPES:
            if found not in (None, op):
                return None
            found = op
        elif op.type in _FORWARDING_TYPES:
            stack.append(op._inputs[0])
        elif op.type == "RefMerge":
            stack.extend(op._inputs)
        elif op.op_def is not None and op.op_def.ref_inputs and \
                op.op_def.ref_inputs[0] < len(op._inputs):
            stack.append(op._inputs[op.op_def.ref_inputs[0]])   # Assign's output: its `ref`
        else:
            return None
    return found


def updated_variable(op, tensor):
    """The variable op that `op` gets through its ref input `tensor`, forwarded by the ops in
    the module docs, or None where `op` only reads it (a RefSwitch of a RefSwitch: the plan
    passes values). Raises UnimplementedError, before anything runs, where `op` writes through
    a ref tfcompat cannot resolve to one variable."""
    if not _forwards(tensor.op):
        # a variable's own ref, or another ref-producing resource (an accumulator's or a
        # queue's handle): the plan passes it as it is
        return variable_behind(tensor) if tensor.op.type in graph_walk.VARIABLE_OP_TYPES \
            else None
    var_op = variable_behind(tensor)
    if var_op is None and op.op_def.mutates:
        raise errors.op_error(
            errors.UnimplementedError, op,
            "tfcompat can only update a variable given directly as the ref input of '%s', or "
            "forwarded to it by RefSwitch, RefIdentity, RefEnter or a RefMerge of that one "
            "variable's references; '%s' is not" % (op.name, tensor.name))
    return var_op


def _forwards(op) -> bool:
    """Whether `op`'s ref output is a reference it was given (forwarding ops, RefMerge, an
    update op's own output)."""
    return op.type in _FORWARDING_TYPES or op.type == "RefMerge" or (
        op.op_def is not None and bool(op.op_def.ref_inputs) and op.op_def.mutates)


def _ref_identity_infer(op, data, **_):
    return [(data.dtype, data.shape)]


@register_op("RefIdentity", inputs=("input: T",), infer=_ref_identity_infer, ref_inputs=(0,),
             stateful=True)
def _lower_ref_identity(ctx, data):
    """Forwards the reference (ops that write through it get the variable itself: module
    docs); a reader of its output reads the variable's value now."""
    if isinstance(data, Operation):     # the plan passes a variable's op for a ref input
        data = ctx.state.read_variable(data)
    return data
