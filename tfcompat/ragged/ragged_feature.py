"""TF1 `tf.io.RaggedFeature`: a feature parsed into a RaggedTensor by `tf.io.parse_example`
(and `parse_single_example`). Its values and row-partition keys are parsed as VarLenFeatures
(ParseExample's sparse outputs); the partitions then shape the values, per example, as TF's
`_add_batched_ragged_partition` does.
"""
from __future__ import annotations

import collections

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.ops import parsing_ops
from tfcompat.ops.array_ops import reshape
from tfcompat.ops.array_ops import shape
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.indexing_ops import boolean_mask
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import equal
from tfcompat.ops.math_ops import maximum
from tfcompat.ops.math_ops import not_equal
from tfcompat.ops.reduction_ops import cumsum
from tfcompat.ops.reduction_ops import reduce_sum
from tfcompat.ops.array_ops_join import zeros_like
from tfcompat.ragged.ragged_tensor import RaggedTensor

_PARTITIONS = {
    "RowSplits": "key", "RowLengths": "key", "RowStarts": "key", "RowLimits": "key",
    "ValueRowIds": "key", "UniformRowLength": "length",
}


class RaggedFeature(collections.namedtuple(
        "RaggedFeature", ["dtype", "value_key", "partitions", "row_splits_dtype", "validate"])):
    """TF1 `tf.io.RaggedFeature(dtype, value_key=None, partitions=(), row_splits_dtype=tf.int32,
    validate=False)`: values from `value_key` (default: the feature's key), partitioned by
    `partitions` (outermost first)."""

    RowSplits = collections.namedtuple("RowSplits", ["key"])
    RowLengths = collections.namedtuple("RowLengths", ["key"])
    RowStarts = collections.namedtuple("RowStarts", ["key"])
    RowLimits = collections.namedtuple("RowLimits", ["key"])
    ValueRowIds = collections.namedtuple("ValueRowIds", ["key"])
    UniformRowLength = collections.namedtuple("UniformRowLength", ["length"])

    def __new__(cls, dtype, value_key=None, partitions=(), row_splits_dtype=dtypes.int32,
                validate=False):
        if value_key is not None and (not isinstance(value_key, str) or not value_key):
            raise ValueError("Argument `value_key` must be a non-empty string or None; got %r"
                             % (value_key,))
        dtype = dtypes.as_dtype(dtype)
        if dtype not in (dtypes.int64, dtypes.float32, dtypes.string):
            raise ValueError("dtypes.as_dtype(dtype) must be int64, float32, or bytes; got %r"
                             % (dtype,))
        row_splits_dtype = dtypes.as_dtype(row_splits_dtype)
        if row_splits_dtype not in (dtypes.int32, dtypes.int64):
            raise ValueError("dtypes.as_dtype(row_splits_dtype) must be int32 or int64; got %r"
                             % (row_splits_dtype,))
        if not isinstance(partitions, (list, tuple)):
            raise TypeError("Argument `partitions` must be a list or tuple. Received "
                            "partitions=%r of type %r." % (partitions, type(partitions)))
        for p in partitions:
            if type(p).__name__ not in _PARTITIONS or not isinstance(p, tuple):
                raise TypeError("Argument `partitions` must be a list of partition objects %s;"
                                " got: %r" % (sorted(_PARTITIONS), p))
        if not isinstance(validate, bool):
            raise TypeError("Argument `validate` must be a bool; got %r" % (validate,))
        return super().__new__(cls, dtype, value_key, tuple(partitions), row_splits_dtype,
                               validate)


def _value_key(key, feature):
    return feature.value_key or key


def expand_ragged_features(features, var_len_feature):
    """`features` with each RaggedFeature replaced by VarLenFeatures for its value and
    partition keys (made with `var_len_feature`, which parsing_ops passes in)."""
    if not isinstance(features, dict) or not any(isinstance(f, RaggedFeature)
                                                 for f in features.values()):
        return features
    out = {k: f for k, f in features.items() if not isinstance(f, RaggedFeature)}
    for key in sorted(features):
        f = features[key]
        if not isinstance(f, RaggedFeature):
            continue
        wanted = [(_value_key(key, f), f.dtype)] + [
            (p.key, dtypes.int64) for p in f.partitions if hasattr(p, "key")]
        for k, dtype in wanted:
            if k in out and dtypes.as_dtype(out[k].dtype) != dtype:
                raise ValueError("Conflicting type for %s." % k)
            if not isinstance(out.get(k), var_len_feature):
                out[k] = var_len_feature(dtype)
    return out


def _per_row_lengths(kind, rows, values_count, dtype):
    """Row lengths (flat, every example's) of a partition given as RowSplits / RowLimits /
    RowStarts / ValueRowIds of each example: `rows` is the per-example RaggedTensor of the
    partition tensor, `values_count` the number of items each example has below it."""
    flat, ids = cast(rows.values, dtype), rows.value_rowids()
    same = equal(ids[1:], ids[:-1])
    first = concat([convert_to_tensor([True]), not_equal(ids[1:], ids[:-1])], axis=0)
    previous = concat([convert_to_tensor([0], dtype), flat[:-1]], axis=0)
    if kind == "RowSplits":
        return boolean_mask(flat[1:] - flat[:-1], same), \
            maximum(cast(rows.row_lengths(), dtype) - 1, 0)
    if kind == "RowLimits":
        return flat - where_v2(first, zeros_like(flat), previous), cast(rows.row_lengths(),
                                                                          dtype)
    if kind == "RowStarts":
        last = concat([not_equal(ids[1:], ids[:-1]), convert_to_tensor([True])], axis=0)
        following = concat([flat[1:], convert_to_tensor([0], dtype)], axis=0)
        ends = where_v2(last, _gather_count(values_count, ids, dtype), following)
        return ends - flat, cast(rows.row_lengths(), dtype)
    raise ValueError("Unknown RaggedFeature partition type %s" % kind)


def _gather_count(values_count, ids, dtype):
    return cast(gather(values_count, ids), dtype)


def _ragged_value(f, values, parts, batch):
    """The RaggedTensor (or Tensor) of RaggedFeature `f` from its parsed SparseTensors."""
    dtype = f.row_splits_dtype
    if batch is not None:
        rows = RaggedTensor.from_sparse(values, row_splits_dtype=dtype)
        result, counts = rows.values, rows.row_lengths()
    else:
        result, counts = values.values, None
    for p in reversed(f.partitions):
        kind = type(p).__name__
        if kind == "UniformRowLength":   # over dense values: a reshape, as TF
            result = RaggedTensor.from_uniform_row_length(
                result, cast(p.length, dtype), validate=f.validate) if isinstance(
                    result, RaggedTensor) else reshape(result, concat(
                        [[-1, p.length], shape(result)[1:]], axis=0))
            counts = None if counts is None else counts // cast(p.length, dtype)
            continue
        sp = parts[p.key]
        if batch is None:
            result = _single_partition(kind, result, cast(sp.values, dtype), f.validate)
            continue
        part_rows = RaggedTensor.from_sparse(sp, row_splits_dtype=dtype)
        if kind == "RowLengths":
            lengths, counts = cast(part_rows.values, dtype), cast(part_rows.row_lengths(),
                                                                  dtype)
        elif kind == "ValueRowIds":
            result, counts = _batched_value_rowids(result, part_rows, dtype, f.validate)
            continue
        else:
            lengths, counts = _per_row_lengths(kind, part_rows, counts, dtype)
        result = RaggedTensor.from_row_lengths(result, lengths, validate=f.validate)
    if batch is None:
        return result
    result = RaggedTensor.from_row_lengths(result, counts, validate=f.validate)
    if batch.ndims == 1 and batch.dims[0].value is not None:  # ParseExampleV2's static splits
        result.row_splits.set_shape([batch.dims[0].value + 1])
    return result


def _batched_value_rowids(values, rows, dtype, validate):
    """Values partitioned by each example's own value_rowids (rows: per-example RaggedTensor of
    them): each example has `last row id + 1` rows, so its ids are offset by the rows of the
    examples before it."""
    ids = cast(rows.values, dtype)
    limits = rows.row_splits[1:]
    has_ids = limits > rows.row_splits[:-1]
    last = gather(concat([convert_to_tensor([-1], dtype), ids], axis=0),
                  cast(limits, dtypes.int64) * cast(has_ids, dtypes.int64))
    nrows = maximum(last + 1, 0)
    offsets = cumsum(nrows, exclusive=True)
    global_ids = ids + gather(offsets, rows.value_rowids())
    return RaggedTensor.from_value_rowids(values, global_ids, nrows=reduce_sum(nrows),
                                          validate=validate), nrows


def _single_partition(kind, values, flat, validate):
    factories = {"RowSplits": RaggedTensor.from_row_splits,
                 "RowLengths": RaggedTensor.from_row_lengths,
                 "RowStarts": RaggedTensor.from_row_starts,
                 "RowLimits": RaggedTensor.from_row_limits,
                 "ValueRowIds": RaggedTensor.from_value_rowids}
    return factories[kind](values, flat, validate=validate)


def merge_ragged_features(parsed, features, batch):
    """The parse result for the original `features`: each RaggedFeature's RaggedTensor built,
    the helper value and partition entries dropped. `batch`: the static shape of the batch of
    serialized Examples (None for parse_single_example)."""
    if not isinstance(features, dict) or not any(isinstance(f, RaggedFeature)
                                                 for f in features.values()):
        return parsed
    out = {k: v for k, v in parsed.items() if k in features}
    for key in sorted(features):
        f = features[key]
        if isinstance(f, RaggedFeature):
            out[key] = _ragged_value(f, parsed[_value_key(key, f)], parsed, batch)
    return out


parsing_ops.COMPOSITE_FEATURES.append((expand_ragged_features, merge_ragged_features))

__all__ = ["RaggedFeature", "expand_ragged_features", "merge_ragged_features"]
