"""Lowerings picked by dtype: an op whose TF kernel differs from torch's for a few dtypes
(complex arithmetic, uint64 ordering, strings) registers `by_dtype(default, {name: lowering})`.

The session's plan compiler calls `bind(op, lowering)` once per op and keeps only the lowering
for the op's static dtype (its first input's), so the common dtypes run torch's kernel with no
per-call check. Other callers of a registered lowering (constant folding, dataset vectorizing,
export) call the dispatcher itself, which picks by the runtime dtype of the first argument.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat.framework import dtypes

_NAMES = {d.torch_dtype: d.name for d in (
    dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.complex64,
    dtypes.complex128, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8,
    dtypes.uint16, dtypes.uint32, dtypes.uint64, dtypes.bool) if d.torch_dtype is not None}


def _name_of(value) -> str | None:
    if isinstance(value, torch.Tensor):
        return _NAMES.get(value.dtype)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return "string"
    return None


def by_dtype(default, special: dict):
    """A lowering running `special[dtype name]` when the first input has that TF dtype (names
    as `tf.DType.name`: 'complex64', 'uint64', 'string'), else `default`."""
    def lower(ctx, *args, **attrs):
        fn = special.get(_name_of(args[0]), default) if args else default
        return fn(ctx, *args, **attrs)
    lower.dtype_lowerings = (default, dict(special))
    lower.__name__ = getattr(default, "__name__", "lower")
    return lower


def bind(op, lower):
    """The lowering `op` runs with: for a `by_dtype` lowering, the one for its static dtype."""
    table = getattr(lower, "dtype_lowerings", None)
    if table is None:
        return lower
    default, special = table
    inputs = op._inputs
    if not inputs:
        return default
    return special.get(inputs[0].dtype.base_dtype.name, default)
