"""Resource-variable reads without their snapshot copy, where nothing can tell.

A `ReadVariableOp` returns a snapshot: a write to the variable later in the same run does not
change what the read gave (TF's resource variables copy on write where a read is still held).
The lowering copies the variable for that (ops/resource_variable_ops.py). The copy is
unobservable when every op that can see the read's memory runs before the plan's first op
that writes the variable; then the plan's eager function reads the stored tensor itself.

What can see the read's memory: the read's consumers, and through any consumer that may
return its input or a view of it (Identity, Reshape, a slice, `_rg`'s autograd leaf ...), that
consumer's consumers in turn; ops in `_FRESH_OUTPUTS` allocate their outputs, so the walk stops
at them. A copy is kept where the read or such an alias is fetched, where one of those ops may
keep the value beyond its own run (a stateful op: a queue, an assign, py_func), where a
`Gradients` op (which uses what the forward ops saved, the read among them) runs after the
writer, and in v1 control flow. A plan without a writer of the variable needs no copy either.
Only the sequential eager function does this (the interpreter, jit segments and parallel plans
copy as before), and a read that is a gradient leaf (`VariableHandle.current`) is still copied.
"""
from __future__ import annotations

import functools

import torch

from tfcompat.framework.registry import get_op_def
from tfcompat.ops import resource_variable_ops

_HANDLE_READERS = frozenset({"ReadVariableOp", "VarIsInitializedOp", "VariableShape"})
# ops whose lowerings always return new tensors: what follows them cannot alias the read (not
# Relu: of an unsigned value it is the value itself; Sum over no axes clones)
_FRESH_OUTPUTS = frozenset({
    "MatMul", "BatchMatMul", "BatchMatMulV2", "Conv2D", "Conv3D", "DepthwiseConv2dNative",
    "BiasAdd", "AddV2", "Add", "Sub", "Mul", "RealDiv", "Sum", "L2Loss", "Gradients"})


def uncopied_reads(compiler, body) -> set:
    """The ReadVariableOps of `body` (the compiler's entries, in run order) that need no copy."""
    position: dict = {}
    for index, (_, op, _, _) in enumerate(body):
        if op is not None:
            position.setdefault(op, index)
    gradients = [position[op] for op in position if op.type == "Gradients"]
    fetched = set(compiler.fetches)
    found = set()
    for op in position:
        if op.type != "ReadVariableOp" or op in compiler.dead_region:
            continue
        handle = op._inputs[0].op
        if handle.type != "VarHandleOp":
            continue
        first_write = _first_write(handle, position, len(body))
        if first_write < len(body) and any(g >= first_write for g in gradients):
            continue
        if _unseen_after(op, position, first_write, fetched):
            found.add(op)
    return found


def _first_write(handle, position, end) -> int:
    """Where the plan's first op that may write the variable behind `handle` runs (`end`: none)."""
    writes = [position[c] for t in handle._outputs for c in t.consumers()
              if c in position and c.type not in _HANDLE_READERS]
    return min(writes, default=end)


def _unseen_after(read, position, first_write, fetched) -> bool:
    """Whether every op that can see `read`'s memory runs before `first_write`, and the memory
    leaves the run through no fetch and no stateful op."""
    stack, seen = list(read._outputs), set()
    while stack:
        tensor = stack.pop()
        if tensor in seen:
            continue
        seen.add(tensor)
        if tensor in fetched:
            return False
        for consumer in tensor.consumers():
            if consumer not in position:
                continue
            if position[consumer] >= first_write:
                return False
            if consumer.type in _FRESH_OUTPUTS:
                continue
            d = consumer.op_def
            if d is None or d.stateful or d.mutates:
                return False
            stack.extend(consumer._outputs)
    return True


def _read_uncopied(ctx, handle, *, dtype):
    value = resource_variable_ops.read_value(ctx, handle, dtype=dtype)
    if isinstance(value, torch.Tensor) and not value.requires_grad:
        return value
    return value.clone() if isinstance(value, torch.Tensor) else value.copy()


def without_copies(compiler, body) -> list:
    """`body` with the reads that need no copy calling `_read_uncopied`."""
    reads = uncopied_reads(compiler, body)
    if not reads:
        return body
    lower = get_op_def("ReadVariableOp").lower
    out = []
    for line, op, used, defined in body:
        # (not where the lowering is wrapped: uint16/32/64 variables, see _dtype_support)
        if op in reads and getattr(compiler.namespace.get("F%d" % op._id), "func", None) is lower:
            call = "F%d(C%d" % (op._id, op._id)
            if call in line:
                name = "N%d" % op._id
                compiler.namespace[name] = functools.partial(_read_uncopied,
                                                             dtype=op._attrs["dtype"])
                line = line.replace(call, "%s(C%d" % (name, op._id))
        out.append((line, op, used, defined))
    return out
