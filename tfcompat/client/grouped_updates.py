"""Grouped variable updates: a plan's independent dense `ApplyAdam` / `ApplyGradientDescent` /
`ApplyMomentum` ops (and their `Resource*` twins) that share their hyper-parameters run as one
multi-tensor step (ops/training_ops_grouped.py) instead of one chain of torch calls per variable.

An optimizer's `apply_gradients` makes one update op per variable, all fed by the same learning
rate and betas and all ready once the gradients are: for small variables their per-op Python
and dispatch work costs more than the arithmetic (20 Adam updates of 64 floats: 1.25 ms a step
one by one, 0.95 ms grouped). The hyper-parameters are checked once; variables on the CPU of up
to training_ops_grouped.SMALL elements share `_foreach_*` calls, larger ones and those on an
accelerator run their own op's kernel. Grouping changes no value (each variable gets the same
elementwise operations in the same order) and keeps TF's semantics:
- members are moved only later, to the last member's place in the plan, and only past ops that
  neither depend on an earlier member (data or control), nor touch its variables, nor update any
  variable (whose new value a member's input might alias); the group breaks there otherwise;
- "the same hyper-parameters": one plan value, equal folded scalars, or the same pure ops of one
  variable's value with no write to it between the members (an optimizer casts its learning
  rate, and a resource optimizer reads its beta powers, once per variable); the group computes
  with the first member's;
- each op's own checks run first, and fail with its own TF message, naming it (the members
  before it then run one by one, as they would have ungrouped);
- the group holds every member's variable lock (in one order) while it updates;
- where a member's input shares memory with another member's variable or slot (or two members
  update one tensor), the members run one by one, as ungrouped.
Only the eager, sequential function of a plan is grouped: compiled (jit) segments, parallel
multi-device plans and interpreted plans (`TFCOMPAT_DEBUG=interpret`) keep one op per line.
`TFCOMPAT_GROUP_UPDATES=0` turns grouping off.
"""
from __future__ import annotations

import os

import torch

from tfcompat import errors
from tfcompat.client import plan as plan_lib
from tfcompat.framework import dtypes
from tfcompat.ops import training_ops
from tfcompat.ops import training_ops_grouped

ENABLED = os.environ.get("TFCOMPAT_GROUP_UPDATES", "") != "0"
_DTYPES = frozenset({dtypes.float16, dtypes.float32, dtypes.float64})
_HANDLE_TYPES = frozenset({"VarHandleOp"})


def _base_type(op_type) -> str:
    return op_type[len("Resource"):] if op_type.startswith("Resource") else op_type


class _Member:
    """One update op of a group, as the compiler emitted it."""

    def __init__(self, compiler, op, entry):
        self.op = op
        self.entry = entry
        self.resource = op.type.startswith("Resource")
        self.spec = training_ops.SPECS[_base_type(op.type)]
        self.ctx = compiler.namespace["C%d" % op._id]
        self.args = compiler.op_args[op]
        self.attrs = {k: op._attrs.get(k, v) for k, v in op.op_def.attrs.items()}
        self.var_ops = [t.op for t in op._inputs[:self.spec.n_refs]]
        self.sources: set = set()   # the ops its hyper-parameter keys were made from
        self.hyper_key = tuple(
            _value_key(compiler, op._inputs[self.spec.names.index(name)], self.sources)
            for name in self.spec.hyper)


_MAX_DEPTH = 6


def _value_key(compiler, tensor, sources, depth=0):
    """What identifies `tensor`'s value, so that update ops given equal values may share
    them: a folded scalar by its dtype and bits; a pure op's output by its type, attrs and
    inputs' keys (optimizers cast their learning rate, and read their beta powers, once per
    variable); a variable's value by the variable (read when the ops in `sources` run: see
    `_Open.admits`); anything else by its name in the plan."""
    name = compiler.names.get(tensor)
    value = compiler.consts.get(name) if name is not None else None
    if isinstance(value, torch.Tensor) and value.dim() == 0 and value.device.type == "cpu":
        return (str(value.dtype), value.numpy().tobytes())
    op = tensor.op
    if op.type in plan_lib.VARIABLE_OP_TYPES or (
            op.type == "ReadVariableOp" and op._inputs[0].op.type in _HANDLE_TYPES):
        sources.add(op)
        return ("variable", op._inputs[0].op if op._inputs else op)
    d = op.op_def
    if name is None or depth >= _MAX_DEPTH or d is None or d.stateful or d.mutates \
            or op._control_inputs or op in compiler.dead_region \
            or tensor in compiler.fed or tensor in compiler.xs:
        return name if name is not None else tensor
    sources.add(op)
    attrs = sorted((k, v) for k, v in op._attrs.items() if not k.startswith("_"))  # not _class
    return (op.type, repr(attrs), tensor._value_index,
            tuple(_value_key(compiler, t, sources, depth + 1) for t in op._inputs))


def _candidate(compiler, op, n_entries):
    """A `_Member` for `op` when it may join a group, else None."""
    if op is None or n_entries.get(op) != 1 or op in compiler.dead_region:
        return None
    base = _base_type(op.type)
    spec = training_ops.SPECS.get(base)
    if base not in training_ops_grouped.GROUPED or spec is None or spec.sparse:
        return None
    wanted = _HANDLE_TYPES if op.type != base else plan_lib.VARIABLE_OP_TYPES
    if any(t.op.type not in wanted for t in op._inputs[:spec.n_refs]):
        return None   # through RefSwitch, an Identity of a handle...: left alone
    if op._inputs[spec.names.index(spec.grad)].dtype.base_dtype not in _DTYPES:
        return None
    if "C%d" % op._id not in compiler.namespace or op not in compiler.op_args:
        return None
    return _Member(compiler, op, None)


def _key(member):
    """Ops with one key may form a group: one type, attrs and device, and the same
    hyper-parameters (one plan value, or reads of one resource variable: see `_Open.admits`)."""
    return (member.op.type, tuple(sorted(member.attrs.items())), member.hyper_key,
            str(member.ctx.device))


class _Open:
    """A group being collected: its members, and the ops and variables they own."""

    def __init__(self):
        self.members: list = []
        self.ops: set = set()
        self.var_ops: set = set()

    def add(self, member):
        self.members.append(member)
        self.ops.add(member.op)
        self.var_ops.update(member.var_ops)

    def blocked_by(self, op) -> bool:
        """Whether `op`, between two members, keeps the earlier ones from moving past it."""
        if op is None or op in self.var_ops:
            return True
        if op.op_def is not None and op.op_def.mutates:
            return True    # it may write what a member reads (an aliased input)
        sources = {t.op for t in op._inputs}
        return bool(sources & (self.ops | self.var_ops)) or \
            any(c in self.ops for c in op._control_inputs)

    def admits(self, member, body_index) -> bool:
        sources = {t.op for t in member.op._inputs[member.spec.n_refs:]}
        if set(member.var_ops) & self.var_ops or sources & (self.ops | self.var_ops) \
                or any(c in self.ops for c in member.op._control_inputs):
            return False
        # the group computes with the first member's hyper-parameters: where they come from a
        # variable, no op between its reads for the first member and for this one may write it
        return not body_index.written_between(self.members[0].sources | member.sources,
                                              member.op)


class _BodyIndex:
    """Where each op's entry is in a plan body, and which entries write which variables."""

    def __init__(self, body):
        self.body = body
        self.position = {}
        for index, (_, op, _, _) in enumerate(body):
            self.position.setdefault(op, index)

    def written_between(self, sources, last) -> bool:
        """Whether an entry from the first of `sources` up to op `last` writes a variable
        that one of `sources` reads."""
        variables = set()
        for op in sources:
            if op.type in plan_lib.VARIABLE_OP_TYPES:
                variables.add(op)
            elif op.type == "ReadVariableOp":
                variables.add(op._inputs[0].op)
        if not variables:
            return False
        where = [self.position.get(op) for op in sources]
        if None in where or last not in self.position:
            return True
        for _, op, _, _ in self.body[min(where):self.position[last]]:
            if op is None or (op.op_def is not None and op.op_def.mutates
                              and any(t.op in variables for t in op._inputs)):
                return True
        return False


def find_groups(compiler, body) -> list:
    """Lists of `_Member`s (two or more each, in plan order) that may run as one update."""
    n_entries: dict = {}
    for _, op, _, _ in body:
        n_entries[op] = n_entries.get(op, 0) + 1
    found, open_groups, body_index = [], {}, _BodyIndex(body)
    for entry in body:
        op = entry[1]
        member = _candidate(compiler, op, n_entries)
        key = _key(member) if member is not None else None
        for open_key, group in list(open_groups.items()):
            if open_key == key and group.admits(member, body_index):
                continue
            if open_key == key or group.blocked_by(op):
                found.append(open_groups.pop(open_key).members)
        if member is not None:
            member.entry = entry
            open_groups.setdefault(key, _Open()).add(member)
    found.extend(group.members for group in open_groups.values())
    return [members for members in found if len(members) > 1]


def group_body(compiler, body) -> list:
    """`body` (the compiler's (line, op, used, defined) entries) with each group's entries
    replaced by one entry at the place of its last member."""
    if not ENABLED:
        return body
    groups = find_groups(compiler, body)
    if not groups:
        return body
    replaced = {}
    for members in groups:
        entries = [m.entry for m in members]
        for entry in entries[:-1]:
            replaced[id(entry)] = None
        replaced[id(entries[-1])] = _group_entry(compiler, members)
    out = []
    for entry in body:
        new = replaced.get(id(entry), entry)
        if new is not None:
            out.append(new)
    return out


def _group_entry(compiler, members):
    name = "G%d" % members[0].op._id
    outs = [n for m in members for n in m.entry[3]]
    compiler.namespace[name] = GroupedUpdate(members, compiler.state, bool(outs))
    call = "%s(%s)" % (name, ", ".join("(%s,)" % ", ".join(m.args) for m in members))
    line = "%s, = %s" % (", ".join(outs), call) if outs else call
    used = tuple(dict.fromkeys(n for m in members for n in m.entry[2]))
    return (line, members[-1].op, used, tuple(outs))


class GroupedUpdate:
    """The call that runs a group's update ops as one step (see the module docstring)."""

    def __init__(self, members, state, has_outputs):
        self.ops = [m.op for m in members]
        self.contexts = [m.ctx for m in members]
        self.spec = members[0].spec
        self.attrs = members[0].attrs
        self.resource = members[0].resource
        var_ops = sorted({m.var_ops[0] for m in members}, key=lambda op: op._id)
        self.locks = [state.variable_lock(op) for op in var_ops]
        self.has_outputs = has_outputs   # ref updates return their variables; resource ones none

    def __repr__(self):
        return "GroupedUpdate(%s)" % ", ".join(op.name for op in self.ops)

    def __call__(self, *member_args):
        for lock in self.locks:
            lock.acquire()
        try:
            refs = self._update(member_args)
        finally:
            for lock in reversed(self.locks):
                lock.release()
        return tuple(r[0] for r in refs) if self.has_outputs else None

    def _update(self, member_args):
        spec, attrs = self.spec, self.attrs
        try:
            if self.resource:
                member_args = [_resource_refs(ctx, spec, args)
                               for ctx, args in zip(self.contexts, member_args)]
            refs, values = training_ops.prepare_group(self.contexts, spec, member_args, attrs)
        except errors.OpError as e:
            self._run_before(e.op, member_args)
            raise
        try:
            with torch.no_grad():
                if _shares_memory(spec, refs, values):
                    for ctx, r, v in zip(self.contexts, refs, values):
                        spec.lower(ctx, *r, *v, **attrs)
                else:
                    training_ops_grouped.run(spec, self.contexts, refs, values, attrs)
        except errors.OpError:
            raise
        except Exception as e:
            # for Plan's error: the group's first op (each op's own checks ran above)
            e._tfcompat_failed_op = self.ops[0]
            raise
        return refs

    def _run_before(self, failed, member_args):
        """Where op `failed`'s checks reject its inputs, the ops before it run as they would
        ungrouped (one by one, in plan order), so the run leaves the same variables updated."""
        spec, attrs = self.spec, self.attrs
        for op, ctx, args in zip(self.ops, self.contexts, member_args):
            if op is failed:
                return
            if self.resource:
                args = _resource_refs(ctx, spec, args)
            refs, values = training_ops.prepare(ctx, spec, args, attrs)
            with torch.no_grad():
                spec.lower(ctx, *refs, *values, **attrs)


def _resource_refs(ctx, spec, args):
    """A resource update's handles as their variables' ops (ops/resource_variable_ops.py
    `_resource_apply`), with TF's error for a variable that holds no value."""
    handles = args[:spec.n_refs]
    for handle in handles:
        if handle.op not in ctx.state.variables:
            raise errors.op_error(errors.InternalError, ctx.op, "Invalid variable reference.")
    return tuple(h.op for h in handles) + tuple(args[spec.n_refs:])


def _shares_memory(spec, refs, values) -> bool:
    """Whether two members' variables or slots are one tensor, or an input of a member shares
    memory with a variable or slot it or another member updates (the hyper-parameters are the
    same tensors for all members: the first's are checked)."""
    updated = {t.untyped_storage().data_ptr() for row in refs for t in row}
    if len(updated) != sum(len(row) for row in refs):
        return True
    at = spec.names.index(spec.grad) - spec.n_refs
    inputs = list(values[0]) + [row[at] for row in values[1:]]
    return any(isinstance(t, torch.Tensor) and t.untyped_storage().data_ptr() in updated
               for t in inputs)
