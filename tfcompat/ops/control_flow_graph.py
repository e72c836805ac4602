"""Sub-graphs for control flow: the ops a cond branch or a loop body built, and running them.

A branch function is called once, at graph-construction time, in the main graph (so its ops get
TF's names, `cond/add`, `while/mul`...). `record_ops` notes which ops it created; `SubGraph`
prunes them to what the branch outputs need and finds the *captures*: tensors made outside and
used inside, which become inputs of the one op (`If`, `While`) that stands for the construct in
the main graph. The main plan therefore never runs a branch op by itself; at run time the
construct's lowering calls `run_subgraph`, which compiles the branch ops once per session into a
plan of their own (the running session's `compile_subplan`) and calls it with the captured
values. Ops
inside are ordinary torch calls, so autograd flows through the taken branch and every iteration.
"""
from __future__ import annotations

import contextlib

import torch

from tfcompat import errors
from tfcompat.framework import graph_walk
from tfcompat.framework.tensor_shape import TensorShape

_STATEFUL_TYPES = frozenset({"If", "While"}) | graph_walk.VARIABLE_OP_TYPES


class ControlFlowContext:
    """What `graph._get_control_flow_context()` returns while a branch or body is being built
    (TF1's CondContext / WhileContext, reduced to what libraries ask of it)."""

    def __init__(self, graph, name, kind):
        self.graph = graph
        self.name = name
        self.kind = kind
        self.outer_context = graph._get_control_flow_context()

    def IsWhileContext(self):
        return self.kind == "while"

    def IsCondContext(self):
        return self.kind == "cond"

    def IsXLAContext(self):
        return False

    def GetWhileContext(self):
        ctx = self
        while ctx is not None and not ctx.IsWhileContext():
            ctx = ctx.outer_context
        return ctx

    def GetControlPivot(self):
        return None


class _Recording:
    def __init__(self, graph):
        self.graph = graph
        self.start = len(graph._ops)
        self.ops: list = []


@contextlib.contextmanager
def record_ops(graph, name, kind):
    """Notes the ops created in the block (a branch or body being built) in `.ops`."""
    rec = _Recording(graph)
    context = ControlFlowContext(graph, name, kind)
    graph._set_control_flow_context(context)
    try:
        yield rec
    finally:
        graph._set_control_flow_context(context.outer_context)
        rec.ops = [op for op in graph._ops[rec.start:]
                   if not getattr(op, "_outside_control_flow", False)]
        for op in rec.ops:  # the innermost context wins (inner blocks finish first)
            if getattr(op, "_control_flow_context", None) is None:
                op._control_flow_context = context


def is_stateful(op) -> bool:
    d = op.op_def
    return op.type in _STATEFUL_TYPES or (d is not None and (d.stateful or d.mutates
                                                             or bool(d.ref_inputs)))


class SubGraph:
    """A branch or loop function's ops, pruned to what `outputs` need.

    `inputs` are stand-in tensors fed at run time (loop variables), `captures` the outer tensors
    used inside (fed too, after the inputs), `control` the outer ops inner ops wait for.
    """

    def __init__(self, key, ops, inputs, outputs):
        self.key = key
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        # Variables made inside behave as made outside (TF1 lifts them with init_scope): their
        # VariableV2 op is captured, so tf.gradients sees the construct depend on it.
        members = {op for op in ops if op.type not in graph_walk.VARIABLE_OP_TYPES}
        self.needed, self.captures, self.control = _close(members, set(self.inputs),
                                                          self.outputs)
        derived = _derived_from_gradient_xs(self.needed, self.captures)
        if derived:   # recomputed inside, so an inner tf.gradients reaches its x through them
            self.needed, self.captures, self.control = _close(members | derived,
                                                              set(self.inputs), self.outputs)
        self.stateful = any(is_stateful(op) for op in self.needed)
        self.capture_index: list = []

    def bind(self, all_captures) -> None:
        """Positions of this sub-graph's captures in the construct op's capture inputs."""
        position = {t: i for i, t in enumerate(all_captures)}
        self.capture_index = [position[t] for t in self.captures]

    def inputs_read(self, output_index) -> set:
        """The indices of `inputs` that output `output_index` depends on (data or control)."""
        return self._read([output_index])[0]

    def captures_read(self, output_indices) -> set:
        """The captured outer tensors that the outputs `output_indices` depend on."""
        return self._read(output_indices)[1]

    def _read(self, output_indices):
        position = {t: i for i, t in enumerate(self.inputs)}
        captured = set(self.captures)
        found, outer, seen, ops = set(), set(), set(), []

        def reach(t):
            if t in position:
                found.add(position[t])
            elif t in captured:
                outer.add(t)
            elif t.op in self.needed and t.op not in seen:
                seen.add(t.op)
                ops.append(t.op)

        for i in output_indices:
            reach(self.outputs[i])
        while ops:
            op = ops.pop()
            for t in op._inputs:
                reach(t)
            for c in op._control_inputs:
                if c in self.needed and c not in seen:
                    seen.add(c)
                    ops.append(c)
        return found, outer

    def pruned(self, keep, all_captures) -> "SubGraph":
        """This sub-graph reduced to the outputs `keep` (fed only the inputs `keep`): what runs
        when a plan reads some of a loop's variables (TF prunes the rest of the body)."""
        sub = SubGraph.__new__(SubGraph)
        sub.key = (self.key, tuple(keep))
        sub.inputs = [self.inputs[j] for j in keep]
        sub.outputs = [self.outputs[j] for j in keep]
        sub.needed, sub.captures, sub.control = _close(self.needed, set(self.inputs),
                                                       sub.outputs)
        sub.stateful = any(is_stateful(op) for op in sub.needed)
        sub.bind(all_captures)
        return sub

    def __repr__(self):
        return "<SubGraph %s: %d ops, %d captures>" % (self.key, len(self.needed),
                                                        len(self.captures))


def _close(members, fed, outputs):
    """(needed ops, captured outer tensors, outer control inputs) for `outputs`."""
    needed, captures, control = set(), [], []
    seen_caps = set()

    def capture(t):
        if t not in seen_caps:
            seen_caps.add(t)
            captures.append(t)

    stack = []
    for t in outputs:
        if t in fed:
            continue
        if t.op in members:
            stack.append(t.op)
        else:
            capture(t)
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        refs = op.op_def.ref_inputs if op.op_def is not None else ()
        for i, t in enumerate(op._inputs):
            if t in fed or (i in refs and t.op.type in graph_walk.VARIABLE_OP_TYPES):
                continue
            if t.op in members:
                stack.append(t.op)
            else:
                capture(t)
        for c in op._control_inputs:
            if c in members:
                stack.append(c)
            elif c not in control:
                control.append(c)
    return needed, captures, control


def _derived_from_gradient_xs(needed, captures) -> set:
    """The outer stateless ops through which a captured tensor depends on another capture that
    an inner `tf.gradients` differentiates by (`w/read` of a variable `w`, `2 * x` of `x`).
    Fed as separate values those captures would cut the gradient's path (TF differentiates
    through them); so the sub-graph recomputes them from the captured x instead."""
    xs = set()
    for op in needed:
        if op.type == "Gradients":
            n_ys = op._attrs["n_ys"]
            xs.update(op._inputs[n_ys:n_ys + op._attrs["n_xs"]])
    xs &= set(captures)
    if not xs:
        return set()
    depends, visiting = {}, set()     # op -> whether it reads an x through stateless ops
    for start in [t.op for t in captures if t not in xs]:
        stack = [start]
        while stack:
            op = stack[-1]
            if op in depends:
                stack.pop()
                continue
            if is_stateful(op) or op.op_def is None:
                depends[op] = False
                stack.pop()
                continue
            visiting.add(op)
            pending = [t.op for t in op._inputs
                       if t not in xs and t.op not in depends and t.op not in visiting]
            if pending:
                stack.extend(pending)
                continue
            visiting.discard(op)
            depends[op] = any(t in xs or depends.get(t.op, False) for t in op._inputs)
            stack.pop()
    return {op for op, found in depends.items() if found}


def union_captures(*subgraphs) -> list:
    result, seen = [], set()
    for sub in subgraphs:
        for t in sub.captures:
            if t not in seen:
                seen.add(t)
                result.append(t)
    for sub in subgraphs:
        sub.bind(result)
    return result


def outer_control(*subgraphs) -> list:
    result = []
    for sub in subgraphs:
        result.extend(c for c in sub.control if c not in result)
    return result


# -- run time -------------------------------------------------------------------------------

def _move(value, device):
    # to the host, the copy must be complete before the host reads it: only the copy to a
    # device may go on asynchronously
    if isinstance(value, torch.Tensor) and value.device != device:
        return value.to(device, non_blocking=device.type != "cpu")
    return value


class SubPlanRunner:
    """Calls one sub-graph's compiled plan for one session (looked up once per run)."""

    __slots__ = ("plan", "devices", "differentiated")

    def __init__(self, plan):
        self.plan = plan
        self.devices = plan.feed_devices
        self.differentiated = False   # the construct is downstream of an enclosing plan's xs

    def __call__(self, values):
        contexts = getattr(self.plan, "grad_contexts", ())
        if contexts:   # a tf.gradients inside, differentiated again from outside (MAML)
            outer = self.differentiated or torch.is_grad_enabled() and any(
                v.requires_grad if isinstance(v, torch.Tensor)
                else getattr(v, "leaf", None) is not None   # a resource variable's source
                for v in values)
            for ctx, create_graph, retain_graph in contexts:
                ctx.create_graph = create_graph or outer
                ctx.retain_graph = retain_graph or outer
        return self.plan([_move(v, d) for v, d in zip(values, self.devices)])


def subplan(ctx, sub) -> SubPlanRunner:
    """The compiled plan of `sub` for the session running `ctx` (compiled on first use by the
    session's `compile_subplan`: the runtime owns planning, op records only ask for it)."""
    state = ctx.state
    key = (ctx.op, sub.key)
    version = ctx.op.graph._version
    entry = state.subplans.get(key)
    if entry is None or entry[0] != version:
        with state.lock:
            plan = ctx.session.compile_subplan(sub.needed, sub.inputs + sub.captures,
                                               sub.outputs)
            entry = (version, SubPlanRunner(plan))
            state.subplans[key] = entry
    entry[1].differentiated = getattr(ctx, "in_grad_region", False)
    return entry[1]


def while_inputs_reaching(output) -> set:
    """The inputs of a While op that its `output` depends on: its loop variable's initial value,
    those of the loop variables the body computes it from (to a fixed point) and the captures
    the body reads for them.
    TF's gradients walk the loop's ops, so a loop variable passed through untouched leaves the
    others' initial values unconnected (their gradient is None)."""
    op = output.op
    body = op._attrs["body"]
    if not hasattr(body, "inputs_read"):   # a body that is no SubGraph: every input
        return set(op._inputs)
    keep, frontier = {output.value_index}, [output.value_index]
    while frontier:
        for j in body.inputs_read(frontier.pop()):
            if j not in keep:
                keep.add(j)
                frontier.append(j)
    return {op._inputs[j] for j in keep} | body.captures_read(sorted(keep))


def truth(value, op=None) -> bool:
    """A predicate's Python truth value (a torch scalar, numpy scalar or bool). A predicate fed
    with more or fewer than one element is the InvalidArgumentError of TF's Switch kernel."""
    if isinstance(value, torch.Tensor):
        if value.dim() != 0:
            raise errors.op_error(errors.InvalidArgumentError, op,
                                  "The second input must be a scalar, but it has shape %s"
                                  % list(value.shape))
        return bool(value.item())
    return bool(value)


def to_device(values, device):
    """A function's outputs on its op's device, but int32 ones where they are: TF keeps a
    function's int32 values on the host (the plan compiler expects them there)."""
    return tuple(v if isinstance(v, torch.Tensor) and v.dtype == torch.int32 else
                 _move(v, device) for v in values)


# -- shapes ---------------------------------------------------------------------------------

def most_specific_compatible_shape(a: TensorShape, b: TensorShape) -> TensorShape:
    """TF's Merge shape: unknown if ranks differ, else each dim kept where both agree."""
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


def shape_less_than_or_equal(shape1: TensorShape, shape2: TensorShape) -> bool:
    """True when `shape1` is at least as specific as `shape2` (TF's loop-invariant test)."""
    if shape2.ndims is None:
        return True
    if shape1.ndims != shape2.ndims:
        return False
    return all(d2 is None or d1 == d2 for d1, d2 in zip(shape1.as_list(), shape2.as_list()))
