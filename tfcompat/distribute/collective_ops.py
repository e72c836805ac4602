"""Collective ops across processes, with Horovod's op types: `HorovodAllreduce`,
`HorovodGroupedAllreduce` (several tensors in one fused all-reduce, as Horovod's tensor
fusion), `HorovodAllgather`, `HorovodBroadcast`. Lowered on `comm` (torch.distributed).

They are stateful (never folded, kept in plan order relative to each other, so every rank
issues the same collectives in the same order) and differentiable: the gradient of an
all-reduce is the all-reduce of the gradient, of an all-gather this rank's slice of the
summed gradient, of a broadcast the gradient summed on the root.
"""
from __future__ import annotations

import torch

from tfcompat.distribute import comm
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op

REDUCE_OPS = ("average", "sum", "min", "max", "product")


class _AllreduceFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, op, *tensors):
        ctx.op = op
        return tuple(comm.allreduce(tensors, op))

    @staticmethod
    def backward(ctx, *grads):
        if ctx.op not in ("sum", "average"):
            raise NotImplementedError("the gradient of a %s all-reduce is not defined" % ctx.op)
        return (None,) + tuple(comm.allreduce(grads, ctx.op))


def _allreduce_values(op, tensors):
    if any(t.requires_grad for t in tensors) and torch.is_grad_enabled():
        return _AllreduceFn.apply(op, *tensors)
    return tuple(comm.allreduce(tensors, op))


def _scaled(t, factor):
    return t if factor == 1.0 else t * factor


@register_op("HorovodAllreduce", inputs=("tensor: T",), infer=shape_rules.same_shape,
             attrs={"reduce_op": "average", "prescale_factor": 1.0, "postscale_factor": 1.0},
             stateful=True)
def _lower_horovod_allreduce(ctx, tensor, *, reduce_op, prescale_factor, postscale_factor):
    out, = _allreduce_values(reduce_op, [_scaled(tensor, prescale_factor)])
    return _scaled(out, postscale_factor)


def _identity_n_infer(op, *tensors, **attrs):
    return [(t.dtype.base_dtype, t.shape) for t in tensors]


@register_op("HorovodGroupedAllreduce", inputs=("tensors: N*T",), infer=_identity_n_infer,
             attrs={"reduce_op": "average", "prescale_factor": 1.0, "postscale_factor": 1.0},
             stateful=True)
def _lower_horovod_grouped_allreduce(ctx, *tensors, reduce_op, prescale_factor,
                                     postscale_factor):
    outs = _allreduce_values(reduce_op, [_scaled(t, prescale_factor) for t in tensors])
    outs = [_scaled(t, postscale_factor) for t in outs]
    return outs[0] if len(outs) == 1 else tuple(outs)


class _AllgatherFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, tensor):
        ctx.rows = tensor.shape[0] if tensor.dim() else 1
        out = comm.allgather(tensor)
        rows = comm.allgather(torch.tensor([ctx.rows], device=tensor.device))
        ctx.start = int(rows[:comm.world().rank].sum().item()) if comm.world().size > 1 else 0
        return out

    @staticmethod
    def backward(ctx, grad):
        summed, = comm.allreduce([grad], "sum")
        return summed[ctx.start:ctx.start + ctx.rows]


def _allgather_infer(op, tensor):
    shape = tensor.shape
    if shape.ndims is None:
        return [(tensor.dtype.base_dtype, tensor_shape.unknown_shape())]
    dims = shape.as_list() or [1]
    alone = comm.is_initialized() and comm.world().size == 1
    return [(tensor.dtype.base_dtype, tensor_shape.TensorShape(
        [dims[0] if alone else None] + dims[1:]))]


@register_op("HorovodAllgather", inputs=("tensor: T",), infer=_allgather_infer, stateful=True)
def _lower_horovod_allgather(ctx, tensor):
    if tensor.requires_grad and torch.is_grad_enabled():
        return _AllgatherFn.apply(tensor)
    return comm.allgather(tensor)


class _BroadcastFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, tensor, root_rank):
        ctx.root_rank = root_rank
        return comm.broadcast(tensor, root_rank)

    @staticmethod
    def backward(ctx, grad):
        summed, = comm.allreduce([grad], "sum")
        return (summed if comm.world().rank == ctx.root_rank else torch.zeros_like(grad)), None


@register_op("HorovodBroadcast", inputs=("tensor: T",), infer=shape_rules.same_shape,
             attrs={"root_rank": 0}, stateful=True)
def _lower_horovod_broadcast(ctx, tensor, *, root_rank):
    if tensor.requires_grad and torch.is_grad_enabled():
        return _BroadcastFn.apply(tensor, root_rank)
    return comm.broadcast(tensor, root_rank)


# -- graph builders -------------------------------------------------------------------------

def allreduce(tensor, reduce_op="average", prescale_factor=1.0, postscale_factor=1.0,
              name=None):
    return apply_op("HorovodAllreduce", [tensor], name=name or "HorovodAllreduce",
                    reduce_op=reduce_op, prescale_factor=float(prescale_factor),
                    postscale_factor=float(postscale_factor))


def grouped_allreduce(tensors, reduce_op="average", prescale_factor=1.0,
                      postscale_factor=1.0, name=None):
    """One fused all-reduce per dtype over `tensors`; the results in the same order."""
    by_dtype: dict = {}
    for i, t in enumerate(tensors):
        by_dtype.setdefault(t.dtype.base_dtype, []).append(i)
    results = [None] * len(tensors)
    for indices in by_dtype.values():
        out = apply_op("HorovodGroupedAllreduce", [[tensors[i] for i in indices]],
                       name=name or "HorovodGroupedAllreduce", reduce_op=reduce_op,
                       prescale_factor=float(prescale_factor),
                       postscale_factor=float(postscale_factor))
        out = out if isinstance(out, tuple) else (out,)
        for i, o in zip(indices, out):
            results[i] = o
    return results


def allgather(tensor, name=None):
    return apply_op("HorovodAllgather", [tensor], name=name or "HorovodAllgather")


def broadcast(tensor, root_rank, name=None):
    return apply_op("HorovodBroadcast", [tensor], name=name or "HorovodBroadcast",
                    root_rank=int(root_rank))
