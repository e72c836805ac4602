"""More of TF 1.15's ragged dispatch (ragged_dispatch.py's _RAGGED_DISPATCH_OPS): tf.gather_nd
(ragged_gather_ops.gather_nd), tf.batch_gather (ragged_batch_gather_ops.batch_gather),
tf.squeeze (ragged_squeeze_op.squeeze) and tf.strings.split of ragged strings
(ragged_string_ops.string_split_v2 maps over the flat values). Each route is
`route(fn, args, kwargs)` with `fn` the public op, as in ragged_dispatch.py."""
from __future__ import annotations

import inspect

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import name_scope
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_composite_ops import batch_gather as _dense_batch_gather
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.check_ops import assert_equal
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.gather_ops import gather_nd as _dense_gather_nd
from tfcompat.ops.control_flow_ops import Assert
from tfcompat.ops.reduction_ops import reduce_all
from tfcompat.ragged.ragged_array import _gather_rows
from tfcompat.ragged.ragged_array import match_row_splits_dtypes
from tfcompat.ragged.ragged_tensor import RaggedTensor


def _bound(fn, args, kwargs):
    return inspect.signature(fn).bind(*args, **kwargs).arguments


def _convert(value, name):
    return value if isinstance(value, RaggedTensor) else convert_to_tensor(value, name=name)


def _match(params, indices):
    """params and indices with one row_splits dtype (a dense one takes the other's)."""
    match_row_splits_dtypes(*[v for v in (params, indices) if isinstance(v, RaggedTensor)])
    return params, indices


# -- gather_nd ---------------------------------------------------------------------------------

def _gather_nd(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    if p.get("batch_dims", 0) != 0:
        raise ValueError("batch_dims != 0 is not supported for ragged gather yet.")
    with name_scope(p.get("name"), "RaggedGatherNd"):
        params, indices = _match(_convert(p["params"], "params"),
                                 _convert(p["indices"], "indices"))
        return _ragged_gather_nd(params, indices)


def _ragged_gather_nd(params, indices):
    if not isinstance(params, RaggedTensor) and not isinstance(indices, RaggedTensor):
        return _dense_gather_nd(params, indices)
    ndims = indices.shape.ndims
    if ndims is None:
        raise ValueError("indices.rank be statically known.")
    if ndims == 0:
        raise ValueError("indices.rank must be at least 1.")
    if isinstance(indices, RaggedTensor) and ndims == indices.ragged_rank + 1:
        raise ValueError("The innermost dimension of indices may not be ragged")
    index_size = indices.shape[-1]
    index_size = getattr(index_size, "value", index_size)
    if index_size is None:
        raise ValueError("indices.shape[-1] must be statically known.")
    if ndims > 2:
        dense = not isinstance(indices, RaggedTensor)
        if dense:
            indices = RaggedTensor.from_tensor(indices, ragged_rank=ndims - 2,
                                               row_splits_dtype=params.row_splits_dtype)
        result = indices.with_flat_values(_ragged_gather_nd(params, indices.flat_values))
        if dense and isinstance(result, RaggedTensor) and result.ragged_rank == ndims - 2:
            result = result.to_tensor()
        return result
    if index_size == 0:
        raise ValueError("tfcompat: tf.gather_nd of a RaggedTensor with indices.shape[-1] == 0 "
                         "is not supported")
    if index_size == 1:
        return _rows(params, array_ops.reshape(indices, [-1]))
    indices = math_ops.cast(indices, params.row_splits_dtype)
    flat = gather(params.row_splits, indices[..., 0]) + indices[..., 1]
    values = params.values
    for dim in range(2, index_size):
        if not isinstance(values, RaggedTensor):
            flat = concat([array_ops.expand_dims(flat, axis=1), indices[..., dim:]], axis=1)
            return _dense_gather_nd(values, flat)
        flat = gather(values.row_starts(), flat) + indices[..., dim]
        values = values.values
    return _rows(values, flat)


def _rows(params, indices):
    """Rows `indices` (a vector) of a Tensor or RaggedTensor (TF's ragged_gather_ops.gather)."""
    if isinstance(params, RaggedTensor):
        return _gather_rows(params, indices)
    with name_scope(None, "RaggedGather"):
        return gather(params, indices)


# -- batch_gather ------------------------------------------------------------------------------

def _batch_gather(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    with name_scope(p.get("name"), "RaggedBatchGather"):
        params, indices = _match(_convert(p["params"], "params"),
                                 _convert(p["indices"], "indices"))
        return _ragged_batch_gather(params, indices)


def _ragged_batch_gather(params, indices):
    """TF 1.15's ragged_batch_gather_ops.batch_gather."""
    if not isinstance(params, RaggedTensor) and not isinstance(indices, RaggedTensor):
        return _dense_batch_gather(params, indices)
    ndims = indices.shape.ndims
    if ndims is None:
        raise ValueError("batch_gather does not allow indices with unknown shape.")
    if ndims == 0:
        raise ValueError("indices.rank must be at least 1.")
    if isinstance(indices, RaggedTensor):
        if ndims > 2:   # the outermost ragged dimension is a batch dimension
            if not isinstance(params, RaggedTensor):
                raise ValueError("batch shape from indices does not match params shape")
            with control_dependencies([assert_equal(params.row_splits, indices.row_splits)]):
                return RaggedTensor.from_row_splits(
                    _ragged_batch_gather(params.values, indices.values), indices.row_splits,
                    validate=False)
        if not isinstance(params, RaggedTensor):
            if params.shape.ndims is not None and params.shape.ndims < 2:
                raise ValueError("batch shape from indices does not match params shape")
            params = RaggedTensor.from_tensor(params, ragged_rank=1,
                                              row_splits_dtype=indices.row_splits_dtype)
        adjust = gather(params.row_starts(), indices.value_rowids())
        values = math_ops.cast(indices.values, adjust.dtype) + adjust
        return RaggedTensor.from_row_splits(_rows(params.values, values), indices.row_splits,
                                            validate=False)
    if ndims == 1:
        return _rows(params, indices)
    if ndims == 2:   # batch-local indices made global (into params.values)
        adjust = array_ops.expand_dims(params.row_starts(), 1)
        return _gather_any(params.values, math_ops.cast(indices, adjust.dtype) + adjust)
    raise ValueError("batch shape from indices does not match params shape")


def _gather_any(values, indices):
    """`values` (Tensor or RaggedTensor) gathered at a dense index tensor of any rank."""
    if not isinstance(values, RaggedTensor):
        return gather(values, indices)
    flat = _rows(values, array_ops.reshape(indices, [-1]))
    width = array_ops.shape(indices, out_type=values.row_splits_dtype)[1]
    return RaggedTensor.from_row_splits(flat, _range(0, flat.nrows() + 1, width),
                                        validate=False)


# -- squeeze -----------------------------------------------------------------------------------

def _squeeze(fn, args, kwargs):
    p = _bound(fn, args, kwargs)
    axis = p.get("axis") if p.get("axis") is not None else p.get("squeeze_dims")
    rt = p["input"]
    with name_scope(p.get("name"), "RaggedSqueeze"):
        if axis is None:
            raise ValueError("Ragged.squeeze must have an axis argument.")
        if isinstance(axis, int):
            axis = [axis]
        elif not isinstance(axis, (list, tuple)) or not all(isinstance(d, int) for d in axis):
            raise TypeError("Axis must be a list or tuple of integers.")
        ndims = rt.shape.ndims
        for i, d in enumerate(axis):
            if not -ndims <= d < ndims:
                raise ValueError("axis[%d]=%d out of bounds: expected %d<=axis[%d]<%d"
                                 % (i, d, -ndims, i, ndims))
        axis = [d + ndims if d < 0 else d for d in axis]
        ragged = [d for d in axis if d <= rt.ragged_rank]
        dense = [d - rt.ragged_rank for d in axis if d > rt.ragged_rank]
        checks = []
        one = convert_to_tensor(1, dtype=rt.row_splits_dtype)
        for i, lengths in enumerate(rt.nested_row_lengths()):
            if i + 1 in ragged:
                checks.append(Assert(reduce_all(math_ops.equal(lengths, one)), [
                    "the given axis (axis = %d) is not squeezable!" % (i + 1)]))
        if 0 in ragged:
            checks.append(Assert(math_ops.equal(array_ops.size(rt.row_splits), 2), [
                "the given axis (axis = 0) is not squeezable!"]))
        out = with_dependencies(checks, rt.flat_values) if checks else rt.flat_values
        if dense:
            out = array_ops.squeeze(out, dense)
        splits = [s for i, s in enumerate(rt.nested_row_splits) if i + 1 not in ragged]
        if splits and 0 in ragged:
            splits.pop(0)
        out = RaggedTensor.from_nested_row_splits(out, splits)
        if set(range(rt.ragged_rank + 1)) <= set(ragged):
            out = array_ops.squeeze(out, [0])
        return out


# -- tf.strings.split --------------------------------------------------------------------------

def _strings_split(fn, args, kwargs):
    """ragged_string_ops.strings_split_v1 of ragged strings: the flat values split."""
    p = _bound(fn, args, kwargs)
    result_type = p.get("result_type", "SparseTensor")
    if result_type not in ("SparseTensor", "RaggedTensor"):
        raise ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.")
    value = p.get("input") if p.get("input") is not None else p.get("source")
    if value.dtype != dtypes.string:
        raise ValueError("Tensor conversion requested dtype string for RaggedTensor with dtype "
                         "%s: %r" % (value.dtype.name, value))
    with name_scope(p.get("name"), "StringSplit"):
        split = fn(value.flat_values, sep=p.get("sep"), maxsplit=p.get("maxsplit", -1),
                   result_type="RaggedTensor")
        result = value.with_flat_values(split)
        return result.to_sparse() if result_type == "SparseTensor" else result


ROUTES = {"gather_nd": _gather_nd, "batch_gather": _batch_gather, "squeeze": _squeeze,
          "strings_split_v1": _strings_split}
