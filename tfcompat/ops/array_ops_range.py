"""Array ops, part 3: Range, LinSpace and BroadcastTo (TF's kernels' element counts, last-place
values and shape functions). Re-exported by array_ops_join and array_ops."""
from __future__ import annotations

import builtins

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.shape_rules import base_dtype_of as _dtype
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops.math_ops import cast


def _num_text(value) -> str:
    """A number as C++ streams it in TF's messages (`1.5/0`, not `1.5/0.0`)."""
    return "%.6g" % value if isinstance(value, (float, np.floating)) else str(value)


def _range_error(start, limit, delta):
    """The RangeOp's complaint about `start, limit, delta`, or None."""
    if delta == 0:
        return "Requires delta != 0"
    if delta > 0 and start > limit:
        return "Requires start <= limit when delta > 0: %s/%s" % (_num_text(start),
                                                                   _num_text(limit))
    if delta < 0 and start < limit:
        return "Requires start >= limit when delta < 0: %s/%s" % (_num_text(start),
                                                                   _num_text(limit))
    return None


def _range_size(start, limit, delta) -> int:
    """TF's element count, in the range's own type: integers (|limit - start| + |delta| - 1)
    // |delta|, floats ceil(|(limit - start) / delta|) (float32 arithmetic for float32)."""
    if isinstance(start, (np.integer, int)):
        return int((abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta)))
    return int(np.ceil(np.abs((limit - start) / delta)))


def _range_scalars(dtype, *values):
    np_type = np.float32 if dtype in (dtypes.float16, dtypes.bfloat16) else dtype.as_numpy_dtype
    return [np_type(np.asarray(v).item()) for v in values]


def _range_infer(op, start, limit, delta):
    values = [constant_value(t) for t in (start, limit, delta)]
    if any(v is None for v in values):
        return [(_dtype(start), TensorShape([None]))]
    s, l, d = _range_scalars(_dtype(start), *values)
    message = _range_error(s, l, d)
    if message is not None:
        raise shape_rules.shape_error(message, op, [start, limit, delta],
                                      {0: values[0], 1: values[1], 2: values[2]})
    return [(_dtype(start), TensorShape([_range_size(s, l, d)]))]


@register_op("Range", inputs=("start: Tidx", "limit: Tidx", "delta: Tidx"), infer=_range_infer,
             differentiable=False)
def _lower_range(ctx, start, limit, delta):
    dtype = dtypes.as_dtype(start.dtype)
    s, l, d = _range_scalars(dtype, start.item(), limit.item(), delta.item())
    message = _range_error(s, l, d)
    if message is not None:  # the kernel says which delta it refused
        raise errors.InvalidArgumentError(
            None, ctx.op, message + (": %s" % _num_text(d) if d == 0 else ""))
    # NOTE: TF computes start + i * delta in the range's type; torch.arange computes in double
    # and rounds once, which differs in the last place for float32.
    steps = torch.arange(_range_size(s, l, d), dtype=start.dtype, device=ctx.device)
    # start and delta are on the host (TF's HostMemory args): copied without waiting
    return start.to(ctx.device, non_blocking=True) + steps * delta.to(ctx.device,
                                                                      non_blocking=True)


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF's name
    """TF1 `tf.range` (dtype: the widest of the inputs', int32 for Python ints)."""
    if limit is None:
        start, limit = 0, start
    with name_scope(name, "Range", [start, limit, delta]) as scope:
        tensors = [convert_to_tensor(v, dtype=dtype, name=n)
                   for v, n in ((start, "start"), (limit, "limit"), (delta, "delta"))]
        if dtype is None:
            order = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]
            widest = max((_dtype(t) for t in tensors),
                         key=lambda d: order.index(d) if d in order else -1)
            tensors = [cast(t, widest) for t in tensors]
        return apply_op("Range", tensors, name=scope)


def _linspace_infer(op, start, stop, num):
    n = constant_value(num)
    return [(_dtype(start), TensorShape([None if n is None else int(n)]))]


@register_op("LinSpace", inputs=("start: T", "stop: T", "num: Tidx"), infer=_linspace_infer,
             differentiable=False)
def _lower_lin_space(ctx, start, stop, num):
    # TF's kernel: start + step * i in T, step = (stop - start) / (num - 1), the last one stop
    # (torch.linspace fills the upper half from stop: float32 values differed in the last place)
    n = int(num)
    start, stop = start.to(ctx.device), stop.to(ctx.device)
    if n <= 1:
        return start.reshape(1)[:max(n, 0)].clone()
    step = (stop - start) / (n - 1)
    out = start + step * torch.arange(n, dtype=start.dtype, device=ctx.device)
    out[-1] = stop
    return out


def linspace(start, stop, num, name=None):
    return apply_op("LinSpace", [start, stop, num], name=name or "LinSpace")


lin_space = linspace


def _broadcast_to_infer(op, x, shape_t):
    """TF's BroadcastTo shape fn: the target shape, its trailing dims merged with the input's
    non-1 dims (so an incompatible constant target fails at build time)."""
    out = constant_value_as_shape(shape_t)
    if out.ndims is None or x.shape.ndims is None:
        return [(_dtype(x), out)]
    dims, ins = out.as_list(), x.shape.as_list()
    if len(ins) > len(dims):
        raise shape_rules.shape_error("Shape must be at most rank %d but is rank %d"
                                      % (len(dims), len(ins)), op, [x, shape_t])
    for i in builtins.range(1, len(ins) + 1):
        if ins[-i] is not None and ins[-i] > 1:
            if dims[-i] is not None and dims[-i] != ins[-i]:
                raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d"
                                              % (ins[-i], dims[-i]), op, [x, shape_t])
            dims[-i] = ins[-i]
    return [(_dtype(x), TensorShape(dims))]


@register_op("BroadcastTo", inputs=("input: T", "shape: Tidx"), infer=_broadcast_to_infer)
def _lower_broadcast_to(ctx, x, shape_value):
    return torch.broadcast_to(x, [int(d) for d in shape_value.tolist()]).clone()


def broadcast_to(input, shape, name=None):
    return apply_op("BroadcastTo", [input, shape], name=name or "BroadcastTo")
