"""The functions of TF1's `tf.ragged` namespace that build RaggedTensors: `constant`,
`placeholder`, `range`, `stack`, `boolean_mask`, `map_flat_values`, `cross`/`cross_hashed`,
`stack_dynamic_partitions`, and the raw ops `tf.ragged_fill_empty_rows(_grad)`. Each follows the
algorithm of TF's python/ops/ragged module (the same public results and static shapes).
"""
from __future__ import annotations

import builtins

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.convert import _assert_compatible
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.convert import value_dtype
from tfcompat.framework.graph import control_dependencies as _control
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.array_ops_join import stack as _dense_stack
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.indexing_ops import boolean_mask as _dense_boolean_mask
from tfcompat.ops.indexing_ops import where as _where
from tfcompat.ops.check_ops import assert_equal
from tfcompat.ops.control_flow_ops import Assert
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import equal as _equal
from tfcompat.ops.math_ops import greater_equal as _greater_equal
from tfcompat.ops.math_ops import less as _less
from tfcompat.ops.reduction_ops import cumsum
from tfcompat.ops.reduction_ops import reduce_all
from tfcompat.ops.reduction_ops import reduce_sum
from tfcompat.ops.sort_ops import argsort
from tfcompat.ops.sparse_cross_ops import _DEFAULT_HASH_KEY
from tfcompat.ragged.ragged_tensor import RaggedTensor
from tfcompat.ragged.ragged_value import RaggedTensorValue
from tfcompat.ragged.ragged_value import constant_value


def _convert(value, name=None, dtype=None):
    """A RaggedTensor stays one; anything else becomes a Tensor."""
    if isinstance(value, RaggedTensorValue):   # its numpy parts keep their dtypes
        return RaggedTensor.from_nested_row_splits(
            convert_to_tensor(value.flat_values, dtype=dtype, name="flat_values"),
            [convert_to_tensor(s) for s in value.nested_row_splits], validate=False)
    if isinstance(value, RaggedTensor):
        return value
    return convert_to_tensor(value, name=name, dtype=dtype)


# -- constant / placeholder --------------------------------------------------------------------

def _infer_dtype(pylist):
    """TF's dtype for the scalars of `pylist`: the dtype `tf.constant` gives them."""
    flat = np.asarray(pylist, dtype=object).reshape(-1) if not isinstance(pylist, list) else None
    scalars = list(flat) if flat is not None else []
    stack = [pylist] if flat is None else []
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        else:
            scalars.append(item)
    if not scalars:
        return dtypes.float32
    return value_dtype(scalars).base_dtype   # no op: TF's constant adds only its own


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None,
             row_splits_dtype=dtypes.int64):
    """TF1 `tf.ragged.constant`: a RaggedTensor of Const ops from a nested Python list (a
    Tensor when `pylist` is not ragged)."""
    with name_scope(name, "RaggedConstant"):   # as TF, a failing call too takes the name
        if isinstance(pylist, (RaggedTensor, RaggedTensorValue)):
            raise TypeError("pylist may not be a RaggedTensor or RaggedTensorValue.")
        if dtypes.as_dtype(row_splits_dtype) not in (dtypes.int32, dtypes.int64):
            raise ValueError("row_splits must have dtype int32 or int64")
        if dtype is not None:   # TF converts the Python scalars: no float for an int dtype
            _assert_compatible(pylist, dtypes.as_dtype(dtype).base_dtype)
        dtype = _infer_dtype(pylist) if dtype is None else dtypes.as_dtype(dtype)
        value = constant_value(pylist, dtype=dtype, ragged_rank=ragged_rank,
                               inner_shape=inner_shape, row_splits_dtype=row_splits_dtype)
        if not isinstance(value, RaggedTensorValue):
            return convert_to_tensor(value, dtype=dtype, name="values")
        values = convert_to_tensor(value.flat_values, dtype=dtype, name="values")
        result = values
        for splits in reversed(value.nested_row_splits):
            result = RaggedTensor(result, convert_to_tensor(splits), internal=True)
        return result


def placeholder(dtype, ragged_rank, value_shape=None, name=None):
    """TF1 `tf.ragged.placeholder`: a RaggedTensor of Placeholders, fed a RaggedTensorValue."""
    if ragged_rank == 0:
        return array_ops.placeholder(dtype, value_shape, name)
    with name_scope(name, "RaggedPlaceholder"):
        shape = [None] + list(value_shape or [])
        result = array_ops.placeholder(dtype, shape, "flat_values")
        for i in reversed(builtins.range(ragged_rank)):
            splits = array_ops.placeholder(dtypes.int64, [None], "row_splits_%d" % i)
            result = RaggedTensor(result, splits, internal=True)
        return result


# -- range ----------------------------------------------------------------------------------------

_RANGE_DTYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def range(starts, limits=None, deltas=1, dtype=None, name=None,  # noqa: A001 - TF's name
          row_splits_dtype=dtypes.int64):
    """TF1 `tf.ragged.range`: row i is `range(starts[i], limits[i], deltas[i])` (RaggedRange)."""
    if limits is None:
        starts, limits = 0, starts
    with name_scope(name, "RaggedRange") as scope:
        parts = [convert_to_tensor(v, dtype=dtype) for v in (starts, limits, deltas)]
        if dtype is None:
            for p in parts:
                if p.dtype.base_dtype not in _RANGE_DTYPES:
                    raise TypeError("Expected int32, int64, float32 or float64 for argument "
                                    "of tf.ragged.range, got %s" % p.dtype.name)
            dtype = max((p.dtype.base_dtype for p in parts), key=_RANGE_DTYPES.index)
            parts = [cast(p, dtype) if p.dtype.base_dtype != dtype else p for p in parts]
        splits, values = apply_op("RaggedRange", parts, name=scope,
                                  Tsplits=dtypes.as_dtype(row_splits_dtype))
        return RaggedTensor(values, splits, internal=True)


# -- row gathering and stacking -------------------------------------------------------------------

def _gather_rows(rt, indices):
    """The rows `indices` (a vector) of `rt` (a Tensor or RaggedTensor): TF's RaggedGather."""
    if not isinstance(rt, RaggedTensor):
        return gather(rt, indices)
    splits = list(rt.nested_row_splits)
    with name_scope(None, "RaggedGather"):
        out = apply_op("RaggedGather", [splits, rt.flat_values, indices],
                       OUTPUT_RAGGED_RANK=len(splits))
    result = out[-1]
    for level in reversed(out[:-1]):
        result = RaggedTensor(result, level, internal=True)
    return result


def _concat_splits(splits_list):
    pieces, offset = [splits_list[0]], splits_list[0][-1]
    for splits in splits_list[1:]:
        pieces.append(splits[1:] + offset)
        offset = offset + splits[-1]
    return concat(pieces, axis=0)


def _concat_axis_0(rts, stack_values):
    flat = concat([rt.flat_values for rt in rts], axis=0)
    nested = [rt.nested_row_splits for rt in rts]
    splits = [_concat_splits([ns[d] for ns in nested]) for d in builtins.range(
        rts[0].ragged_rank)]
    if stack_values:
        lengths = _dense_stack([rt.nrows() for rt in rts])
        zero = convert_to_tensor([0], dtype=lengths.dtype)
        splits.insert(0, concat([zero, cumsum(lengths)], axis=0))
    return RaggedTensor.from_nested_row_splits(flat, splits, validate=False)


def _concat_axis_1(rts, stack_values):
    n_inputs, nrows = len(rts), rts[0].nrows()
    checks = [Assert(reduce_all(_equal(rt.nrows(), nrows)),
                     ["Input tensors have incompatible shapes."]) for rt in rts[1:]]
    joined = _concat_axis_0(rts, stack_values=False)
    with _control(checks):
        rows = array_ops.reshape(_range(nrows * n_inputs), [n_inputs, -1])
    order = array_ops.reshape(array_ops.transpose(rows), [-1])
    permuted = _gather_rows(joined, order)
    if stack_values:
        splits = _range(0, nrows * n_inputs + 1, n_inputs)
        return RaggedTensor.from_row_splits(permuted, splits, validate=False)
    static_nrows = rts[0].shape[0]   # TF keeps the static number of rows
    static_nrows = -1 if static_nrows is None or hasattr(static_nrows, "value") and \
        static_nrows.value is None else int(static_nrows)
    return RaggedTensor.from_row_lengths(permuted.values, reduce_sum(array_ops.reshape(
        permuted.row_lengths(), [static_nrows, n_inputs]), axis=1), validate=False)


def _increase_ragged_rank(rt, ragged_rank, splits_dtype):
    if ragged_rank <= 0:
        return rt
    if not isinstance(rt, RaggedTensor):
        return RaggedTensor.from_tensor(rt, ragged_rank=ragged_rank,
                                        row_splits_dtype=splits_dtype)
    if rt.ragged_rank < ragged_rank:
        return rt.with_values(_increase_ragged_rank(rt.values, ragged_rank - 1, splits_dtype))
    return rt


def match_row_splits_dtypes(*ragged):
    """The row_splits dtype the RaggedTensors `ragged` share (int64 for none); ValueError, as
    TF's ragged_tensor.match_row_splits_dtypes, when they differ."""
    dtypes_ = {v.row_splits_dtype for v in ragged}
    if len(dtypes_) > 1:
        raise ValueError("Input RaggedTensors have mismatched row_splits dtypes; use "
                         "RaggedTensor.with_row_splits_dtype() to convert them to "
                         "compatible dtypes.")
    return dtypes_.pop() if dtypes_ else dtypes.int64


def _stack_concat(inputs, axis, stack_values):
    if not inputs:
        raise ValueError("rt_inputs may not be empty.")
    inputs = [_convert(v, name="rt_input") for v in inputs]
    ragged = [v for v in inputs if isinstance(v, RaggedTensor)]
    splits_dtype = match_row_splits_dtypes(*ragged)
    inputs = [v.with_row_splits_dtype(splits_dtype) if isinstance(v, RaggedTensor) else v
              for v in inputs]
    if len(inputs) == 1 and stack_values:
        return _expand_dims_0(inputs[0]) if axis == 0 else _single_stack(inputs[0], axis)
    ndims = inputs[0].shape.ndims
    for v in inputs[1:]:
        v.shape.assert_has_rank(ndims)
    out_ndims = ndims + 1 if ndims is not None and stack_values else ndims
    if axis < 0:
        if out_ndims is None:
            raise ValueError("axis may only be negative if ndims is statically known.")
        axis += out_ndims
    if ndims is not None and not 0 <= axis < out_ndims:
        raise ValueError("axis=%d out of bounds: expected %d<=axis<%d"
                         % (axis, -out_ndims, out_ndims))
    if stack_values and ndims == 1 and axis == 0:
        return RaggedTensor.from_row_lengths(
            concat(inputs, axis=0),
            concat([array_ops.shape(v) for v in inputs], axis=0))  # int32 splits, as TF
    if not ragged and ndims is not None and axis in (out_ndims - 1, ndims - 1):
        return _dense_stack(inputs, axis) if stack_values else concat(inputs, axis)
    inputs = [v if isinstance(v, RaggedTensor) else RaggedTensor.from_tensor(
        v, ragged_rank=1, row_splits_dtype=splits_dtype) for v in inputs]
    ragged_rank = max(max(v.ragged_rank for v in inputs), 1)
    inputs = [_increase_ragged_rank(v, ragged_rank, splits_dtype) for v in inputs]
    if axis == 0:
        return _concat_axis_0(inputs, stack_values)
    if axis == 1:
        return _concat_axis_1(inputs, stack_values)
    splits = inputs[0].row_splits
    checks = [assert_equal(splits, v.row_splits, message="Inputs must have identical ragged "
                           "splits") for v in inputs[1:]]
    with _control(checks):
        splits = array_ops.identity(splits)
    return RaggedTensor.from_row_splits(
        _stack_concat([v.values for v in inputs], axis - 1, stack_values), splits,
        validate=False)


def _expand_dims_0(value):
    if isinstance(value, RaggedTensor):
        zero = convert_to_tensor([0], dtype=value.row_splits_dtype)
        splits = concat([zero, array_ops.reshape(value.nrows(), [1])], axis=0)
        return RaggedTensor.from_row_splits(value, splits, validate=False)
    return array_ops.expand_dims(value, 0)


def _single_stack(value, axis):
    if not isinstance(value, RaggedTensor):
        return array_ops.expand_dims(value, axis)
    if axis == 1:  # each row becomes a one-row list
        return RaggedTensor.from_uniform_row_length(value, 1, nrows=value.nrows(),
                                                    validate=False)
    return value.with_values(_single_stack(value.values, axis - 1))


def stack(values, axis=0, name=None):
    """TF1 `tf.ragged.stack`: stacks Tensors and RaggedTensors along `axis` (rank + 1)."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    with name_scope(name, "RaggedConcat"):
        return _stack_concat(list(values), axis, stack_values=True)


# -- boolean_mask ---------------------------------------------------------------------------------

def _mask_ragged(data, mask):
    """`data` masked by a RaggedTensor `mask` whose ragged dims lead data's."""
    if data.ragged_rank == mask.ragged_rank and not isinstance(mask.values, RaggedTensor):
        keep = cast(mask.values, data.row_splits_dtype)
        kept_before = concat([convert_to_tensor([0], dtype=keep.dtype), cumsum(keep)], axis=0)
        values = _dense_boolean_mask(data.values, mask.values)
        return RaggedTensor.from_row_splits(values, gather(kept_before, data.row_splits),
                                            validate=False)
    if isinstance(mask.values, RaggedTensor):
        return data.with_values(_mask_ragged(data.values, mask.values))
    # mask's last dim selects whole rows of data.values
    keep = cast(mask.values, data.row_splits_dtype)
    kept_before = concat([convert_to_tensor([0], dtype=keep.dtype), cumsum(keep)], axis=0)
    rows = array_ops.reshape(_where_true(mask.values), [-1])
    return RaggedTensor.from_row_splits(_gather_rows(data.values, rows),
                                        gather(kept_before, data.row_splits), validate=False)


def _where_true(mask):
    return cast(_where(mask), dtypes.int64)


def boolean_mask(data, mask, name=None):
    """TF1 `tf.ragged.boolean_mask`: the entries of `data` where `mask` (same outer shape) is
    True; the masked dimension becomes ragged."""
    with name_scope(name, "RaggedMask"):
        data = _convert(data, name="data")
        mask = _convert(mask, name="mask", dtype=dtypes.bool)
        if mask.dtype.base_dtype != dtypes.bool:
            raise TypeError("mask must have dtype bool")
        if mask.shape.ndims is None:
            raise ValueError("mask.shape.ndims must be known statically.")
        if mask.shape.ndims == 0:
            raise ValueError("mask cannot be scalar.")
        if isinstance(mask, RaggedTensor):
            if not isinstance(data, RaggedTensor):
                data = RaggedTensor.from_tensor(data, ragged_rank=mask.ragged_rank,
                                                row_splits_dtype=mask.row_splits_dtype)
            mask = mask.with_row_splits_dtype(data.row_splits_dtype)
            return _mask_ragged(data, mask)
        if mask.shape.ndims == 1 and not isinstance(data, RaggedTensor):
            return _dense_boolean_mask(data, mask)
        if isinstance(data, RaggedTensor):
            splits_dtype = data.row_splits_dtype
        else:
            splits_dtype = dtypes.int64
        if mask.shape.ndims == 1:   # selects rows of a RaggedTensor
            return _gather_rows(data, array_ops.reshape(_where_true(mask), [-1]))
        if not isinstance(data, RaggedTensor) and mask.shape.ndims == 2:
            values = _dense_boolean_mask(data, mask)
            lengths = reduce_sum(cast(mask, splits_dtype), axis=1)
            return RaggedTensor.from_row_lengths(values, lengths, validate=False)
        mask = RaggedTensor.from_tensor(mask, ragged_rank=mask.shape.ndims - 1,
                                        row_splits_dtype=splits_dtype)
        if not isinstance(data, RaggedTensor):
            data = RaggedTensor.from_tensor(data, ragged_rank=mask.ragged_rank,
                                            row_splits_dtype=splits_dtype)
        result = _mask_ragged(data, mask)   # TF's result has no uniform dimensions
        return RaggedTensor.from_nested_row_splits(result.flat_values,
                                                   result.nested_row_splits, validate=False)


# -- map_flat_values --------------------------------------------------------------------------------

def _replace_ragged(value, found):
    if isinstance(value, RaggedTensorValue):
        value = _convert(value)
    if isinstance(value, RaggedTensor):
        found.append(value)
        return value.flat_values
    if isinstance(value, list):
        return [_replace_ragged(v, found) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_replace_ragged(v, found) for v in value)
    if isinstance(value, dict):
        return {k: _replace_ragged(v, found) for k, v in value.items()}
    return value


def map_flat_values(op, *args, **kwargs):
    """TF1 `tf.ragged.map_flat_values`: `op` applied to the flat values of the RaggedTensor
    arguments (which must share their row partitions), the result given their partitions."""
    found: list = []
    args = _replace_ragged(list(args), found)
    kwargs = _replace_ragged(kwargs, found)
    if not found:
        return op(*args, **kwargs)
    first = found[0]
    for other in found[1:]:
        if other.ragged_rank != first.ragged_rank:
            raise ValueError("All ragged inputs must have the same ragged_rank.")
    match_row_splits_dtypes(*found)
    checks = []
    for other in found[1:]:
        for a, b in zip(first.nested_row_splits, other.nested_row_splits):
            if a is not b:
                checks.append(Assert(reduce_all(_equal(a, b)), [
                    "Inputs must have identical ragged splits."]))
    result = op(*args, **kwargs)
    if checks:
        with _control(checks):
            result = array_ops.identity(result)
    return first.with_flat_values(result)


# -- cross ------------------------------------------------------------------------------------------

def _cross(inputs, num_buckets, hash_key, name, hashed):
    if not isinstance(inputs, (tuple, list)):
        raise TypeError("Inputs must be a list")
    with name_scope(name, "RaggedCross"):
        inputs = [v if isinstance(v, (SparseTensor, RaggedTensor)) else _convert(v)
                  for v in inputs]
        ragged = [v for v in inputs if isinstance(v, RaggedTensor)]
        splits_dtype = ragged[0].row_splits_dtype if ragged else dtypes.int64
        order, r_values, r_splits, s_ind, s_val, s_shape, dense = "", [], [], [], [], [], []

        def as_feature(t):
            return t if t.dtype.base_dtype in (dtypes.string, dtypes.int64) else \
                cast(t, dtypes.int64)
        for v in inputs:
            if isinstance(v, RaggedTensor):
                if v.ragged_rank != 1 or v.flat_values.shape.ndims != 1:
                    raise ValueError("tf.ragged.cross only supports inputs with rank=2")
                order += "R"
                r_values.append(as_feature(v.values))
                r_splits.append(cast(v.row_splits, splits_dtype))
            elif isinstance(v, SparseTensor):
                order += "S"
                s_ind.append(v.indices)
                s_val.append(as_feature(v.values))
                s_shape.append(v.dense_shape)
            else:
                if v.shape.ndims is not None and v.shape.ndims != 2:
                    raise ValueError("tf.ragged.cross only supports inputs with rank=2")
                order += "D"
                dense.append(as_feature(v))
        out_type = dtypes.int64 if hashed else dtypes.string
        values, splits = apply_op(
            "RaggedCross", [r_values, r_splits, s_ind, s_val, s_shape, dense],
            input_order=order, hashed_output=hashed, num_buckets=num_buckets,
            hash_key=hash_key, out_values_type=out_type, out_row_splits_type=splits_dtype)
        return RaggedTensor.from_row_splits(values, splits, validate=False)


def cross(inputs, name=None):
    """TF1 `tf.ragged.cross`: per row, the string cross ("a_X_b") of every input's features."""
    return _cross(inputs, 0, 0, name, hashed=False)


def cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """TF1 `tf.ragged.cross_hashed`: the hashed (FingerprintCat64) crosses, mod num_buckets."""
    return _cross(inputs, num_buckets, _DEFAULT_HASH_KEY if hash_key is None else hash_key,
                  name, hashed=True)


# -- stack_dynamic_partitions ------------------------------------------------------------------

def stack_dynamic_partitions(data, partitions, num_partitions, name=None):
    """TF1 `tf.ragged.stack_dynamic_partitions`: row p holds the items of `data` whose
    partition is p, in order."""
    with name_scope(name, "SegmentStack"):
        data = _convert(data, name="data")
        partitions = convert_to_tensor(partitions, name="partitions", dtype_hint=dtypes.int32)
        if partitions.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError("partitions must have dtype int32 or int64")
        num_partitions = convert_to_tensor(num_partitions, name="num_partitions",
                                           dtype=partitions.dtype)
        if partitions.shape.ndims is None:
            raise ValueError("partitions must have known rank.")
        num_partitions.shape.assert_has_rank(0)
        if partitions.shape.ndims != 1 or (data.shape.ndims is not None and
                                           partitions.shape.ndims > data.shape.ndims):
            raise ValueError("partitions must be a vector (rank 1); got rank %d"
                             % partitions.shape.ndims)
        order = argsort(partitions, stable=True)
        sorted_partitions = gather(partitions, order)
        checks = [
            Assert(reduce_all(_less(sorted_partitions, num_partitions)), [
                "Partition ids must be less than num_partitions"]),
            Assert(reduce_all(_greater_equal(sorted_partitions, 0)), [
                "Partition ids must be non-negative"]),
        ]
        with _control(checks):
            sorted_partitions = array_ops.identity(sorted_partitions)
        if isinstance(data, RaggedTensor):  # the result's splits take data's splits dtype
            sorted_partitions = cast(sorted_partitions, data.row_splits_dtype)
            num_partitions = cast(num_partitions, data.row_splits_dtype)
        return RaggedTensor.from_value_rowids(_gather_rows(data, order), sorted_partitions,
                                              nrows=num_partitions, validate=False)


# -- raw ops exposed at the top level -------------------------------------------------------

def ragged_fill_empty_rows(value_rowids, values, nrows, default_value, name=None):
    """TF1 `tf.ragged_fill_empty_rows` (the raw op RaggedFillEmptyRows)."""
    return apply_op("RaggedFillEmptyRows", [value_rowids, values, nrows, default_value],
                    name=name)


def ragged_fill_empty_rows_grad(reverse_index_map, grad_values, name=None):
    """TF1 `tf.ragged_fill_empty_rows_grad` (the raw op RaggedFillEmptyRowsGrad)."""
    return apply_op("RaggedFillEmptyRowsGrad", [reverse_index_map, grad_values], name=name)

