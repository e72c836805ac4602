"""Index bookkeeping shared by the sparse kernels (ops/sparse_ops_*.py).

A SparseTensor reaches a lowering as three values: int64 `indices` [N, R], `values` [N] (a torch
tensor, or a numpy object array for strings) and int64 `shape` [R]. TF's sparse kernels run on
the host, and so does their index arithmetic here (numpy); values are only ever gathered,
concatenated or scattered with torch ops, so that autograd carries their gradients exactly
where TF's gradient functions send them. Also the static checks of TF's sparse shape functions.
"""
from __future__ import annotations

import functools

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework.tensor_util import FoldContext
from tfcompat.ops import _shape_fns
from tfcompat.ops import _tf_arith
from tfcompat.framework import shape_rules


class _NotFolded(Exception):
    pass


def never_folded(lower):
    """Marks a lowering that build-time folding must not run: TF's constant_value never
    evaluates sparse kernels (a SparseTensor made of their outputs has only the dense shape
    TF's shape functions infer), so tfcompat knows no more than TF does."""
    @functools.wraps(lower)
    def run(ctx, *args, **kwargs):
        if isinstance(ctx, FoldContext):
            raise _NotFolded(ctx.op.type)
        return lower(ctx, *args, **kwargs)
    return run


# -- host arrays ------------------------------------------------------------------------------

def host(value) -> np.ndarray:
    """An int64 numpy copy of an index or shape value."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    return np.asarray(value).astype(np.int64, copy=False)


def matrix(ctx, value, what) -> np.ndarray:
    """`value` on the host, required to be a matrix as TF's kernels do (`<what> ... matrix`)."""
    array = host(value)
    if array.ndim != 2:
        raise invalid(ctx, "%s must be a matrix, but got shape: %s" % (what, dims_text(array)))
    return array


def to_device(array, ctx, like=None):
    """An int64 torch tensor of `array` on the op's device (or on `like`'s)."""
    device = like.device if isinstance(like, torch.Tensor) else ctx.device
    # copied to a GPU without waiting (from pageable memory, CUDA stages the copy at once)
    return torch.from_numpy(np.ascontiguousarray(array, dtype=np.int64)).to(
        device, non_blocking=True)


def size(value) -> int:
    """The element count of a torch tensor or numpy array (np.size misreads torch's `size`)."""
    return value.numel() if isinstance(value, torch.Tensor) else int(np.size(value))


def dims_text(array) -> str:
    """TF's TensorShape::DebugString: `[2,3]`."""
    return "[%s]" % ",".join(str(d) for d in np.shape(array))


def invalid(ctx, message):
    return errors.op_error(errors.InvalidArgumentError, ctx.op, message)


# -- values: torch tensors or numpy object arrays (strings) -----------------------------------

def take(values, positions):
    """values[positions] for a torch tensor (autograd-friendly) or a numpy array."""
    positions = np.asarray(positions, dtype=np.int64)
    if isinstance(values, np.ndarray):
        return values[positions]
    return values[torch.from_numpy(positions).to(values.device, non_blocking=True)]


def concat(parts):
    if isinstance(parts[0], np.ndarray):
        return np.concatenate(parts)
    return torch.cat(parts)


def repeat(value, count: int, like):
    """A scalar `value` `count` times, of `like`'s kind (torch tensor or numpy array)."""
    if isinstance(like, np.ndarray):
        out = np.empty(count, dtype=object)
        out[...] = value.reshape(()).item() if isinstance(value, np.ndarray) else value
        return out
    return value.reshape(1).expand(count)


def equal(a, b) -> np.ndarray:
    """Elementwise a == b on the host, for strings and every numeric type."""
    if isinstance(a, np.ndarray):
        return np.array([x == y for x, y in zip(a, b)], dtype=bool)
    return (a == b).cpu().numpy()


def in_int64(values):
    """Unsigned values as int64 bits (torch has no sums for uint16/32/64): (values, undo)."""
    if _tf_arith.is_wide_unsigned(values):
        dtype = values.dtype
        return _tf_arith.int64_bits(values), lambda out: _tf_arith.from_int64_bits(out, dtype)
    return values, lambda out: out


def scatter_add(values, flat, size: int):
    """A dense vector of `size` with values[i] added at flat[i] (TF's `+=` in the type)."""
    values, undo = in_int64(values)
    out = torch.zeros(size, dtype=values.dtype, device=values.device)
    if len(flat):
        out = out.index_add(0, torch.as_tensor(flat, device=values.device), values)
    return undo(out)


# -- index arithmetic -------------------------------------------------------------------------

def row_major_order(indices: np.ndarray) -> np.ndarray:
    """The stable permutation sorting `indices` rows in row-major (lexicographic) order."""
    if indices.shape[0] == 0 or indices.shape[1] == 0:
        return np.arange(indices.shape[0])
    return np.lexsort(indices.T[::-1])


def strides(shape) -> np.ndarray:
    out = np.ones(len(shape), dtype=np.int64)
    for d in range(len(shape) - 2, -1, -1):
        out[d] = out[d + 1] * shape[d + 1]
    return out


def flat_index(indices: np.ndarray, shape) -> np.ndarray:
    """Row-major flat positions of index rows in a dense `shape` (no bounds check)."""
    return (indices * strides(shape)).sum(axis=1) if indices.size else \
        np.zeros(indices.shape[0], dtype=np.int64)


def groups(keys: np.ndarray) -> np.ndarray:
    """TF's GroupIterable: the start of each run of consecutive equal rows of `keys`."""
    if keys.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    changed = np.any(keys[1:] != keys[:-1], axis=1) if keys.shape[1] else \
        np.zeros(keys.shape[0] - 1, dtype=bool)
    return np.concatenate([[0], np.nonzero(changed)[0] + 1])


shape_text = shape_rules.dims_text   # TF's `[2,3]` for a dense shape vector


# -- static checks of TF's sparse shape functions -----------------------------------------------

def validate_sparse(op, inputs, indices, values, shape):
    """shape_inference::ValidateSparseTensor: ranks 2/1/1, and the known sizes agree."""
    ind = _shape_fns.with_rank(op, inputs, indices.shape, 2)
    val = _shape_fns.with_rank(op, inputs, values.shape, 1)
    shp = _shape_fns.with_rank(op, inputs, shape.shape, 1)
    n, m = ind[0].value, val[0].value
    if n is not None and m is not None and n != m:
        raise shape_rules.shape_error("Number of elements in index (%d) and values (%d) do not "
                                      "match." % (n, m), op, inputs)
    r, s = ind[1].value, shp[0].value
    if r is not None and s is not None and r != s:
        raise shape_rules.shape_error("Index rank (%d) and shape rank (%d) do not match."
                                      % (r, s), op, inputs)
    return ind, val, shp


def with_ranks(op, inputs, *pairs):
    """WithRank for each (tensor, rank); the checked shapes."""
    return [_shape_fns.with_rank(op, inputs, t.shape, rank) for t, rank in pairs]


def place(values, flat: np.ndarray, size: int):
    """A dense vector of `size` holding (numeric) values[i] at the distinct positions flat[i],
    zero elsewhere (a gather, so that every dtype and autograd work)."""
    source = np.full(size, -1, dtype=np.int64)
    source[flat] = np.arange(len(flat))
    if not len(flat):
        return torch.zeros(size, dtype=values.dtype, device=values.device)
    gathered = take(values, np.maximum(source, 0))
    present = torch.as_tensor(source >= 0, device=values.device)
    return torch.where(present, gathered, torch.zeros((), dtype=values.dtype,
                                                       device=values.device))
