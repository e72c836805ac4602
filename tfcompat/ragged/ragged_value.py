"""The numpy side of `tf.ragged`: `RaggedTensorValue` (what `Session.run` returns for a
RaggedTensor) and `constant_value` (TF's pylist algorithm, shared by `tf.ragged.constant`), and
the row-partition conversions `row_splits_to_segment_ids` / `segment_ids_to_row_splits`.
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value as _static_value
from tfcompat.ops import array_ops
from tfcompat.ops.array_composite_ops import repeat
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops_extra import bincount
from tfcompat.ops.reduction_ops import cumsum


class RaggedTensorValue:
    """TF1 `tf.ragged.RaggedTensorValue`: a ragged value as numpy arrays (values and row_splits;
    values may itself be a RaggedTensorValue)."""

    def __init__(self, values, row_splits):
        if not (isinstance(row_splits, (np.ndarray, np.generic))
                and row_splits.dtype in (np.int64, np.int32) and row_splits.ndim == 1):
            raise TypeError("row_splits must be a 1D int32 or int64 numpy array")
        if not isinstance(values, (np.ndarray, np.generic, RaggedTensorValue)):
            raise TypeError("values must be a numpy array or a RaggedTensorValue")
        if isinstance(values, RaggedTensorValue) and \
                row_splits.dtype != values.row_splits.dtype:
            raise ValueError("row_splits and values.row_splits must have matching dtypes")
        self._values = values
        self._row_splits = row_splits

    row_splits = property(lambda self: self._row_splits)
    values = property(lambda self: self._values)

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def flat_values(self):
        values = self._values
        while isinstance(values, RaggedTensorValue):
            values = values.values
        return values

    @property
    def nested_row_splits(self):
        splits, values = [self._row_splits], self._values
        while isinstance(values, RaggedTensorValue):
            splits.append(values.row_splits)
            values = values.values
        return tuple(splits)

    @property
    def ragged_rank(self):
        inner = self._values
        return inner.ragged_rank + 1 if isinstance(inner, RaggedTensorValue) else 1

    @property
    def shape(self):
        return (self._row_splits.shape[0] - 1,) + (None,) + self._values.shape[1:]

    @property
    def row_splits_dtype(self):
        return self._row_splits.dtype

    def to_list(self):
        inner = self._values.to_list() if isinstance(self._values, RaggedTensorValue) else \
            self._values.tolist()
        return [inner[a:b] for a, b in zip(self._row_splits[:-1].tolist(),
                                           self._row_splits[1:].tolist())]

    def __str__(self):
        return "<tf.RaggedTensorValue %s>" % self.to_list()

    def __repr__(self):
        return "tf.RaggedTensorValue(values=%r, row_splits=%r)" % (self._values,
                                                                     self._row_splits)


def _scalar(value):
    return not isinstance(value, (list, tuple)) and np.ndim(value) == 0


def _depths(pylist):
    """(depth of the scalars or None, greatest list nesting) of `pylist`."""
    if _scalar(pylist):
        return 0, 0
    scalar_depth, max_depth = None, 1
    for child in pylist:
        d, m = _depths(child)
        if d is not None:
            if scalar_depth is not None and scalar_depth != d + 1:
                raise ValueError("all scalar values must have the same nesting depth")
            scalar_depth = d + 1
        max_depth = max(max_depth, m + 1)
    return scalar_depth, max_depth


def _default_inner_shape(pylist, ragged_rank):
    def inner_shape(item):
        if _scalar(item):
            return ()
        return (len(item),) + inner_shape(item[0]) if len(item) else (0,)

    def check(item, shape):
        if _scalar(item) != (not shape) or (shape and len(item) != shape[0]):
            raise ValueError("inner values have inconsistent shape")
        for child in ([] if _scalar(item) else item):
            check(child, shape[1:])

    flat = pylist
    for dim in range(ragged_rank):
        if not all(not _scalar(v) for v in flat):
            raise ValueError("pylist has scalar values depth %d, but ragged_rank=%d requires "
                             "scalar value depth greater than %d" % (dim + 1, ragged_rank,
                                                                     ragged_rank))
        flat = sum((list(v) for v in flat), [])
    shape = inner_shape(flat)
    check(flat, shape)
    return shape[1:]


def constant_value(pylist, dtype=None, ragged_rank=None, inner_shape=None,
                   row_splits_dtype="int64"):
    """TF1 `tf.ragged.constant_value`: a nested Python list as a RaggedTensorValue (or a numpy
    array when it is not ragged)."""
    np_dtype = None if dtype is None else np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype
                                                   if not isinstance(dtype, str) else dtype)
    splits_dtype = np.dtype(dtypes.as_dtype(row_splits_dtype).as_numpy_dtype)

    def inner(values, shape):
        return np.reshape(np.array(values, dtype=np_dtype), shape)

    if isinstance(pylist, RaggedTensorValue):
        raise TypeError("pylist may not be a RaggedTensor or RaggedTensorValue.")
    if _scalar(pylist):
        if ragged_rank:
            raise ValueError("Invalid pylist=%r: incompatible with ragged_rank=%d"
                             % (pylist, ragged_rank))
        return inner(pylist, ())
    if ragged_rank is not None and ragged_rank < 0:
        raise ValueError("Invalid ragged_rank=%r: must be nonnegative" % ragged_rank)
    scalar_depth, max_depth = _depths(pylist)
    if scalar_depth is not None:
        if max_depth > scalar_depth:
            raise ValueError("Invalid pylist=%r: empty list nesting is greater than scalar "
                             "value nesting" % (pylist,))
        if ragged_rank is not None and max_depth < ragged_rank:
            raise ValueError("Invalid pylist=%s, max depth smaller than ragged_rank=%d"
                             % (pylist, ragged_rank))
    if ragged_rank == 0 or (ragged_rank is None and (
            max_depth < 2 or (inner_shape is not None and max_depth - len(inner_shape) < 2))):
        return inner(pylist, inner_shape if inner_shape is not None else np.shape(pylist))
    if inner_shape is None:
        inner_shape = () if ragged_rank is None else _default_inner_shape(pylist, ragged_rank)
    inner_shape = tuple(inner_shape)
    if ragged_rank is None:
        ragged_rank = max(1, (max_depth - 1) if scalar_depth is None
                          else scalar_depth - 1 - len(inner_shape))
    nested, values = [], pylist
    for _ in range(ragged_rank):
        splits, flat = [0], []
        for row in values:
            splits.append(splits[-1] + len(row))
            flat.extend(row)
        nested.append(splits)
        values = flat
    result = inner(values, (len(values),) + inner_shape)
    for splits in reversed(nested):
        result = RaggedTensorValue(result, np.array(splits, dtype=splits_dtype))
    return result


def row_splits_to_segment_ids(splits, name=None, out_type=None):
    """TF1 `tf.ragged.row_splits_to_segment_ids`: the row of each value, from row splits."""
    with name_scope(name, "RaggedSplitsToSegmentIds", [splits]):
        splits = convert_to_tensor(splits, name="splits", dtype_hint=dtypes.int64)
        if splits.dtype not in (dtypes.int32, dtypes.int64):
            raise ValueError("splits must have dtype int32 or int64")
        splits.shape.assert_has_rank(1)
        if splits.shape.as_list()[0] == 0:
            raise ValueError("Invalid row_splits: []")
        out_type = splits.dtype if out_type is None else dtypes.as_dtype(out_type)
        row_lengths = splits[1:] - splits[:-1]
        nrows = array_ops.shape(splits, out_type=out_type)[-1] - 1
        return repeat(_range(nrows), cast(row_lengths, out_type), axis=0)


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    """TF1 `tf.ragged.segment_ids_to_row_splits`: row splits from sorted segment ids."""
    if out_type is None:   # as TF: the dtype of a Tensor segment_ids (or num_segments)
        out_type = next((v.dtype for v in (segment_ids, num_segments) if isinstance(v, Tensor)),
                        dtypes.int64)
    out_type = dtypes.as_dtype(out_type)
    with name_scope(name, "SegmentIdsToRaggedSplits", [segment_ids]):
        segment_ids = convert_to_tensor(segment_ids, name="segment_ids", dtype_hint=dtypes.int64)
        segment_ids.shape.assert_has_rank(1)
        if num_segments is not None:
            num_segments = convert_to_tensor(num_segments, name="num_segments",
                                             dtype=segment_ids.dtype)
            num_segments.shape.assert_has_rank(0)
        lengths = bincount(segment_ids, minlength=num_segments, maxlength=num_segments,
                           dtype=out_type)
        splits = concat([convert_to_tensor([0], dtype=out_type), cumsum(lengths)], axis=0)
        known = _static_value(num_segments) if num_segments is not None else None
        if known is not None:
            splits.set_shape(TensorShape([int(known) + 1]))
        return splits

