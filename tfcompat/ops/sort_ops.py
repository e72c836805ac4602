"""`tf.sort` and `tf.argsort`, built as TF's sort_ops builds them: a descending `TopKV2` over
the whole axis (moved last with a `Transpose` when needed); ascending order sorts the negated
values (`-x - 1` for signed integers and `max - x` for unsigned ones, which keep the order
stable and do not overflow).
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops

_DIRECTIONS = ("ASCENDING", "DESCENDING")


def _swap_last(values, axis):
    """The permutation that swaps `axis` with the last axis (its own inverse), or None."""
    static_rank = values.shape.ndims
    if axis == -1 or axis + 1 == static_rank:
        return None
    if static_rank is not None:
        axis = axis + static_rank if axis < 0 else axis
        return constant(np.r_[np.arange(axis), [static_rank - 1],
                              np.arange(axis + 1, static_rank - 1), [axis]].astype(np.int32),
                        name="transposition")
    rank = array_ops.rank(values)
    axis_t = axis + rank if axis < 0 else constant(axis)
    positions = array_ops.range(rank)
    last = rank - 1
    # TF scatters [rank-1, axis] into range(rank) (TensorScatterUpdate); the same with selects
    swapped = indexing_ops.where_v2(math_ops.equal(positions, axis_t), last, positions)
    return indexing_ops.where_v2(math_ops.equal(positions, last), axis_t, swapped)


def _descending(values, axis, return_argsort):
    k = array_ops.shape(values)[axis]
    array_ops.rank(values)  # TF builds it (unused); kept so that graphs name ops as TF's do
    transposition = _swap_last(values, axis)
    top_k_input = values if transposition is None else array_ops.transpose(values,
                                                                           transposition)
    values, indices = indexing_ops.top_k(top_k_input, k)
    result = indices if return_argsort else values
    if transposition is not None:
        result = array_ops.transpose(result, transposition)
    return result


def _ascending(values, axis, return_argsort):
    dtype = values.dtype.base_dtype
    if dtype.is_unsigned:
        offset = dtype.max
        out = _descending(offset - values, axis, return_argsort)
        return out if return_argsort else offset - out
    if dtype.is_integer:
        out = _descending(-values - 1, axis, return_argsort)
        return out if return_argsort else -out - 1
    out = _descending(-values, axis, return_argsort)
    return out if return_argsort else -out


def _sort_or_argsort(values, axis, direction, return_argsort):
    if direction not in _DIRECTIONS:
        raise ValueError("Argument `direction` should be one of %s. Received: direction=%s"
                         % (", ".join(sorted(_DIRECTIONS)), direction))
    axis_t = convert_to_tensor(axis, name="axis")
    axis_static = constant_value(axis_t)
    if axis_t.shape.ndims not in (None, 0) or axis_static is None:
        raise ValueError("Argument `axis` must be a constant scalar. Received: axis=%s." % axis)
    values = convert_to_tensor(values, name="values")
    impl = _ascending if direction == "ASCENDING" else _descending
    return impl(values, int(axis_static), return_argsort)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """TF `tf.sort`: the values sorted along `axis`."""
    with name_scope(name, "sort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=False)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """TF `tf.argsort`: int32 indices that sort `values` along `axis` (always stable)."""
    del stable  # TopKV2 keeps equal values in their order either way
    with name_scope(name, "argsort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=True)
