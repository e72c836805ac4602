"""The kernels TF builds for RaggedTensors: `RaggedRange`, `RaggedTensorToTensor`,
`RaggedTensorToSparse`, `RaggedCross` and `RaggedFillEmptyRows` (+ its gradient op).

A RaggedTensor reaches a kernel as its flat values and the int32/int64 row splits of each ragged
dimension. The index arithmetic runs on the host (numpy), as TF's kernels do; values are only
gathered or scattered with torch ops, so autograd carries the gradients TF defines (to the
values and default value of RaggedTensorToTensor, to the values of RaggedFillEmptyRows).
"""
from __future__ import annotations

import itertools

import numpy as np
import torch

from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _sparse_index as sx
from tfcompat.ops import sparse_ops_layout
from tfcompat.ops.sparse_cross_ops import _as_text
from tfcompat.ops.sparse_cross_ops import _feature_hash
from tfcompat.ops.sparse_cross_ops import _INT64_MAX
from tfcompat.ops.sparse_cross_ops import _items
from tfcompat.ops.sparse_cross_ops import _strings
from tfcompat.ops import _string_hash as hashes


def _np_splits_dtype(dtype):
    return np.int32 if dtype == dtypes.int32 else np.int64


def _dim(shape, i):
    return shape.dims[i].value if shape.ndims is not None and shape.ndims > i else None


# -- RaggedRange ------------------------------------------------------------------------------

def _range_infer(op, starts, limits, deltas, *, T, Tsplits):
    n = None
    for t in (starts, limits, deltas):
        if t.shape.ndims is not None and t.shape.ndims > 1:
            raise ValueError("Shape must be at most rank 1 but is rank %d for '{{node %s}} = "
                             "RaggedRange'" % (t.shape.ndims, op.name))
        if t.shape.ndims == 1:
            n = _dim(t.shape, 0) if n is None else n
    rows = TensorShape([None if n is None else n + 1]) if any(
        t.shape.ndims == 1 for t in (starts, limits, deltas)) else TensorShape([
            None if any(t.shape.ndims is None for t in (starts, limits, deltas)) else 2])
    return [(Tsplits, rows), (starts.dtype.base_dtype, TensorShape([None]))]


@register_op("RaggedRange", inputs=("starts: T", "limits: T", "deltas: T"), infer=_range_infer,
             attrs={"T": dtypes.int32, "Tsplits": dtypes.int64}, differentiable=False)
@sx.never_folded
def _lower_range(ctx, starts, limits, deltas, *, T, Tsplits):
    parts = [t.detach().cpu().numpy() for t in (starts, limits, deltas)]
    for name, part in zip(("starts", "limits", "deltas"), parts):
        if part.ndim > 1:
            raise sx.invalid(ctx, "%s must be a scalar or vector" % name)
    sizes = {p.shape[0] for p in parts if p.ndim == 1}
    if len(sizes) > 1:
        raise sx.invalid(ctx, "starts, limits, and deltas must have the same shape")
    n = sizes.pop() if sizes else 1
    starts_b, limits_b, deltas_b = (np.broadcast_to(p, (n,)) for p in parts)
    splits, values = [0], []
    for start, limit, delta in zip(starts_b, limits_b, deltas_b):
        if delta == 0:
            raise sx.invalid(ctx, "Requires delta != 0")
        if (delta > 0 and limit < start) or (delta < 0 and limit > start):
            size = 0
        elif T.is_integer:
            size = int((abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta)))
        else:
            size = int(np.ceil(np.abs((limit - start) / delta)))
        # TF's kernel accumulates `value += delta` in T (float rounding included)
        steps = np.full(size, delta, dtype=starts_b.dtype)
        if size:
            steps[0] = start
        values.append(np.cumsum(steps, dtype=starts_b.dtype))
        splits.append(splits[-1] + size)
    flat = np.concatenate(values).astype(starts_b.dtype) if values else \
        np.zeros(0, dtype=starts_b.dtype)
    return (torch.as_tensor(np.asarray(splits, dtype=_np_splits_dtype(Tsplits)),
                            device=ctx.device),
            dtypes.numpy_to_torch(np.ascontiguousarray(flat)).to(ctx.device))


# -- coordinates of flat values ---------------------------------------------------------------

def _row_ids(splits: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(splits) - 1), np.diff(splits))


def _check_splits(ctx, splits_list, n_values):
    for i, splits in enumerate(splits_list):
        if splits.ndim != 1 or splits.shape[0] < 1:
            raise sx.invalid(ctx, "Ragged splits must be a vector with at least one element")
        if splits[0] != 0:
            raise sx.invalid(ctx, "First value of ragged splits must be 0.")
        if np.any(np.diff(splits) < 0):
            raise sx.invalid(ctx, "Ragged splits must be sorted in ascending order")
        size = len(splits_list[i + 1]) - 1 if i + 1 < len(splits_list) else n_values
        if splits[-1] != size:
            raise sx.invalid(ctx, "Final value of ragged splits must match the length the "
                                  "corresponding values.")


def _coordinates(splits_list):
    """Per flat value, its coordinates in the dense tensor ([n, ragged_rank + 1]) and the
    dense sizes of those dimensions (row counts, then the greatest row lengths)."""
    coords = np.arange(len(splits_list[0]) - 1).reshape(-1, 1)
    sizes = [len(splits_list[0]) - 1]
    for splits in splits_list:
        rows = _row_ids(splits)
        cols = np.arange(len(rows)) - splits[rows]
        coords = np.concatenate([coords[rows], cols.reshape(-1, 1)], axis=1)
        sizes.append(int(np.max(np.diff(splits))) if len(splits) > 1 else 0)
    return coords, sizes


# -- RaggedTensorToTensor ---------------------------------------------------------------------

def _partition_splits(ctx, types, partitions):
    """The row splits of each ragged dimension, from TF's row partition tensors."""
    types = [t.decode() if isinstance(t, bytes) else t for t in types]
    tensors = [sx.host(p) for p in partitions]
    if types[0] == "FIRST_DIM_SIZE":
        nrows, tensors, types = int(tensors[0]), tensors[1:], types[1:]
    else:
        nrows = None
    splits = []
    for kind, tensor in zip(types, tensors):
        if kind == "ROW_SPLITS":
            splits.append(tensor)
        elif kind == "VALUE_ROWIDS":
            rows = nrows if not splits else int(splits[-1][-1])
            counts = np.bincount(tensor, minlength=rows) if tensor.size else np.zeros(rows, int)
            splits.append(np.concatenate([[0], np.cumsum(counts)]))
        else:
            raise sx.invalid(ctx, "RaggedTensorToTensor: unsupported row partition type %r "
                                  "(expected ROW_SPLITS, FIRST_DIM_SIZE or VALUE_ROWIDS)" % kind)
        nrows = None
    return splits


def _to_tensor_infer(op, shape, values, default_value, *partitions, num_row_partition_tensors,
                     row_partition_types, T, Tindex, Tshape):
    types = [t.decode() if isinstance(t, bytes) else t for t in row_partition_types]
    ragged_rank = len(types) - (1 if types and types[0] == "FIRST_DIM_SIZE" else 0)
    if values.shape.ndims is None:
        return [(values.dtype.base_dtype, TensorShape(None))]
    first = None
    if types and types[0] == "ROW_SPLITS":
        n = _dim(partitions[0].shape, 0)
        first = None if n is None else n - 1
    elif types and types[0] == "FIRST_DIM_SIZE":
        known = constant_value(partitions[0])
        first = None if known is None else int(known)
    dims = [first] + [None] * ragged_rank + values.shape.as_list()[1:]
    known_shape = constant_value(shape)
    if known_shape is not None and np.ndim(known_shape) == 1:
        if len(known_shape) != len(dims):
            raise ValueError("RaggedTensorToTensor: shape %s must have rank %d"
                             % (list(known_shape), len(dims)))
        dims = [int(k) if k >= 0 else d for k, d in zip(known_shape, dims)]
    return [(values.dtype.base_dtype, TensorShape(dims))]


def _dense_fill(default_value, shape, like):
    if isinstance(like, np.ndarray):
        out = np.empty(shape, dtype=object)
        out[...] = np.broadcast_to(np.asarray(default_value, dtype=object), shape[-np.ndim(
            default_value):] if np.ndim(default_value) else ())
        return out
    return default_value.to(like.dtype).expand(shape).clone()


@register_op("RaggedTensorToTensor",
             inputs=("shape: Tshape", "values: T", "default_value: T",
                     "row_partition_tensors: num_row_partition_tensors*Tindex"),
             infer=_to_tensor_infer,
             attrs={"num_row_partition_tensors": 1, "row_partition_types": (), "T": None,
                    "Tindex": dtypes.int64, "Tshape": dtypes.int64})
@sx.never_folded
def _lower_to_tensor(ctx, shape, values, default_value, *partitions, num_row_partition_tensors,
                     row_partition_types, T, Tindex, Tshape):
    splits = _partition_splits(ctx, row_partition_types, partitions)
    _check_splits(ctx, splits, values.shape[0])
    coords, sizes = _coordinates(splits)
    inner = list(values.shape[1:])
    requested = sx.host(shape)
    dims = sizes + inner
    if requested.ndim:          # a scalar shape (-1) leaves every dimension to the values
        if requested.size != len(dims):
            raise sx.invalid(ctx, "RaggedTensorToTensor: shape must have rank %d, got %d"
                             % (len(dims), requested.size))
        dims = [int(r) if r >= 0 else d for r, d in zip(requested, dims)]
    outer, out_inner = dims[:len(sizes)], dims[len(sizes):]
    if np.ndim(default_value) > len(out_inner):
        raise sx.invalid(ctx, "default_value.shape=%s and rt_input.flat_values.shape=%s are "
                              "incompatible: default_value.rank = %d must be less than "
                              "rt_input.flat_values.rank = %d" % (
                                  sx.dims_text(default_value), sx.dims_text(values),
                                  np.ndim(default_value), len(inner) + 1))
    keep = np.all(coords < np.asarray(outer).reshape(1, -1), axis=1) if len(coords) else \
        np.zeros(0, bool)
    flat = np.ravel_multi_index(coords[keep].T, outer) if keep.any() else np.zeros(0, np.int64)
    kept = sx.take(values, np.nonzero(keep)[0])
    kept = kept[(slice(None),) + tuple(slice(0, d) for d in out_inner)]
    if list(kept.shape[1:]) != out_inner:
        raise sx.invalid(ctx, "RaggedTensorToTensor: values inner shape %s does not fit the "
                              "requested shape %s" % (list(inner), dims))
    out = _dense_fill(default_value, [int(np.prod(outer))] + out_inner, values)
    if isinstance(out, np.ndarray):
        out[flat] = kept
        return out.reshape(dims)
    out = out.index_put((torch.as_tensor(flat, device=out.device),), kept)
    return out.reshape(dims)


# -- RaggedTensorToSparse ---------------------------------------------------------------------

def _to_sparse_infer(op, *inputs, RAGGED_RANK, T, Tsplits):
    values = inputs[-1]
    rank = None if values.shape.ndims is None else RAGGED_RANK + values.shape.ndims
    count = values.shape.num_elements() if values.shape.ndims is not None else None
    return [(dtypes.int64, TensorShape([count, rank])), (values.dtype.base_dtype,
                                                         TensorShape([count])),
            (dtypes.int64, TensorShape([rank]))]


@register_op("RaggedTensorToSparse",
             inputs=("rt_nested_splits: RAGGED_RANK*Tsplits", "rt_dense_values: T"),
             infer=_to_sparse_infer, attrs={"RAGGED_RANK": 1, "T": None,
                                            "Tsplits": dtypes.int64})
@sx.never_folded
def _lower_to_sparse(ctx, *inputs, RAGGED_RANK, T, Tsplits):
    splits, values = [sx.host(s) for s in inputs[:-1]], inputs[-1]
    _check_splits(ctx, splits, values.shape[0])
    coords, sizes = _coordinates(splits)
    inner = list(values.shape[1:])
    if inner:
        inner_coords = np.indices(inner).reshape(len(inner), -1).T
        coords = np.concatenate([np.repeat(coords, len(inner_coords), axis=0),
                                 np.tile(inner_coords, (len(coords), 1))], axis=1)
    flat_values = values.reshape(-1)
    return (sx.to_device(coords.reshape(-1, RAGGED_RANK + 1 + len(inner)), ctx), flat_values,
            sx.to_device(np.asarray(sizes + inner), ctx))


# -- RaggedCross ------------------------------------------------------------------------------

def _cross_infer(op, *inputs, Nsparse, input_order, hashed_output, num_buckets, hash_key,
                 ragged_values_types, ragged_splits_types, sparse_values_types, dense_types,
                 out_values_type, out_row_splits_type):
    nrows = None
    for t in inputs[len(ragged_values_types):2 * len(ragged_values_types)]:
        n = _dim(t.shape, 0)
        nrows = None if n is None else n - 1
    for t in inputs[len(inputs) - len(dense_types):] if dense_types else ():
        nrows = _dim(t.shape, 0) if nrows is None else nrows
    return [(out_values_type, TensorShape([None])),
            (out_row_splits_type, TensorShape([None if nrows is None else nrows + 1]))]


def _cross_columns(flat, input_order, n_ragged, n_sparse, n_dense):
    """Per input in `input_order`, its features per batch row, and the batch size."""
    pos = 0

    def take(count):
        nonlocal pos
        part = flat[pos:pos + count]
        pos += count
        return part

    r_values, r_splits = take(n_ragged), take(n_ragged)
    s_indices, s_values, s_shapes = take(n_sparse), take(n_sparse), take(n_sparse)
    dense = take(n_dense)
    ragged = [(_items(v), sx.host(s)) for v, s in zip(r_values, r_splits)]
    sparse = [(sx.host(i), _items(v), int(sx.host(s)[0]))
              for i, v, s in zip(s_indices, s_values, s_shapes)]
    batch = (len(ragged[0][1]) - 1 if ragged else sparse[0][2] if sparse else
             int(dense[0].shape[0]) if dense else 0)
    sources = {"R": iter(ragged), "S": iter(sparse), "D": iter(dense)}
    columns = []
    for kind in input_order:
        item = next(sources[kind])
        if kind == "R":
            values, splits = item
            columns.append([values[a:b] for a, b in zip(splits[:-1], splits[1:])])
        elif kind == "S":
            indices, values, _ = item
            rows = [[] for _ in range(batch)]
            for (row, *_), v in zip(indices.tolist(), values):
                rows[row].append(v)
            columns.append(rows)
        else:
            columns.append([list(r) for r in _items(item)])
    return columns, batch


@register_op("RaggedCross",
             inputs=("ragged_values: ragged_values_types",
                     "ragged_row_splits: ragged_splits_types",
                     "sparse_indices: Nsparse*int64", "sparse_values: sparse_values_types",
                     "sparse_shape: Nsparse*int64", "dense_inputs: dense_types"),
             infer=_cross_infer,
             attrs={"Nsparse": 0, "input_order": "", "hashed_output": False, "num_buckets": 0,
                    "hash_key": 0, "ragged_values_types": (), "ragged_splits_types": (),
                    "sparse_values_types": (), "dense_types": (),
                    "out_values_type": dtypes.string, "out_row_splits_type": dtypes.int64},
             host_only=True, differentiable=False)
@sx.never_folded
def _lower_ragged_cross(ctx, *flat, Nsparse, input_order, hashed_output, num_buckets, hash_key,
                        ragged_values_types, ragged_splits_types, sparse_values_types,
                        dense_types, out_values_type, out_row_splits_type):
    order = input_order.decode() if isinstance(input_order, bytes) else input_order
    columns, batch = _cross_columns(flat, order, len(ragged_values_types), Nsparse,
                                    len(dense_types))
    if hashed_output:
        def make(combo):
            fp = hash_key
            for feature in combo:
                fp = hashes.fingerprint_cat64(fp, _feature_hash(feature))
            return fp % (num_buckets if num_buckets > 0 else _INT64_MAX)
    else:
        def make(combo):
            return b"_X_".join(_as_text(f) for f in combo)
    values, splits = [], [0]
    for b in range(batch):
        crosses = [make(c) for c in itertools.product(*(col[b] for col in columns))]
        values.extend(crosses)
        splits.append(splits[-1] + len(crosses))
    out_splits = torch.as_tensor(np.asarray(splits, dtype=_np_splits_dtype(
        out_row_splits_type)))
    if hashed_output:
        return torch.tensor(values, dtype=torch.int64).reshape(-1), out_splits
    return _strings(values), out_splits


# -- RaggedFillEmptyRows ----------------------------------------------------------------------

def _fill_infer(op, value_rowids, values, nrows, default_value, *, T):
    return [(dtypes.int64, TensorShape([None])), (values.dtype.base_dtype, TensorShape([None])),
            (dtypes.bool, TensorShape([None])),
            (dtypes.int64, TensorShape([_dim(value_rowids.shape, 0)]))]


@register_op("RaggedFillEmptyRows", inputs=("value_rowids: int64", "values: T", "nrows: int64",
                                            "default_value: T"),
             infer=_fill_infer, attrs={"T": None})
@sx.never_folded
def _lower_fill(ctx, value_rowids, values, nrows, default_value, *, T):
    rows = sx.host(value_rowids)
    if rows.ndim != 1:
        raise sx.invalid(ctx, "value_rowids must be a vector, saw: %s" % sx.dims_text(rows))
    if np.ndim(values) != 1:
        raise sx.invalid(ctx, "values must be a vector, saw: %s" % sx.dims_text(values))
    if rows.shape[0] != sx.size(values):
        raise sx.invalid(ctx, "The length of `values` (%d) must match the first dimension of "
                              "`value_rowids` (%d)." % (sx.size(values), rows.shape[0]))
    if np.ndim(default_value) != 0:
        raise sx.invalid(ctx, "default_value must be a scalar, saw: %s"
                         % sx.dims_text(default_value))
    dense_rows = int(sx.host(nrows).reshape(()))
    bad = np.nonzero((rows < 0) | (rows >= dense_rows))[0]
    if bad.size:
        raise sx.invalid(ctx, "value_rowids(%d) is invalid: %d >= %d"
                         % (bad[0], rows[bad[0]], dense_rows))
    counts = np.bincount(rows, minlength=dense_rows)
    empty = counts == 0
    ends = np.cumsum(np.maximum(counts, 1))
    starts = ends - np.maximum(counts, 1)
    reverse = starts[rows] + sparse_ops_layout._rank_in_row(rows)
    total = int(ends[-1]) if dense_rows else 0
    out_rows = np.zeros(total, dtype=np.int64)
    source = np.full(total, rows.shape[0], dtype=np.int64)   # rows.shape[0]: the default
    out_rows[reverse] = rows
    source[reverse] = np.arange(rows.shape[0])
    out_rows[starts[empty]] = np.nonzero(empty)[0]
    pool = sx.concat([values, sx.repeat(default_value, 1, values)])
    return (sx.to_device(out_rows, ctx), sx.take(pool, source),
            torch.as_tensor(empty, device=ctx.device), sx.to_device(reverse, ctx))


# TF's gradient op of RaggedFillEmptyRows is SparseFillEmptyRowsGrad's kernel under another name.
register_op("RaggedFillEmptyRowsGrad",
            inputs=("reverse_index_map: int64", "grad_values: T"),
            infer=sparse_ops_layout._fill_grad_infer)(sparse_ops_layout._lower_fill_grad)


# -- RaggedGather -----------------------------------------------------------------------------

def _gather_infer(op, *inputs, PARAMS_RAGGED_RANK, OUTPUT_RAGGED_RANK, Tvalues, Tindices,
                  Tsplits):
    values = inputs[PARAMS_RAGGED_RANK]
    inner = values.shape[1:] if values.shape.ndims is not None else TensorShape(None)
    return [(Tsplits, TensorShape([None]))] * OUTPUT_RAGGED_RANK + [
        (values.dtype.base_dtype, TensorShape([None]).concatenate(inner))]


@register_op("RaggedGather", inputs=("params_nested_splits: PARAMS_RAGGED_RANK*Tsplits",
                                     "params_dense_values: Tvalues", "indices: Tindices"),
             infer=_gather_infer,
             attrs={"PARAMS_RAGGED_RANK": 1, "OUTPUT_RAGGED_RANK": 1, "Tvalues": None,
                    "Tindices": dtypes.int64, "Tsplits": dtypes.int64})
@sx.never_folded
def _lower_gather(ctx, *inputs, PARAMS_RAGGED_RANK, OUTPUT_RAGGED_RANK, Tvalues, Tindices,
                  Tsplits):
    splits = [sx.host(s) for s in inputs[:PARAMS_RAGGED_RANK]]
    values, indices = inputs[PARAMS_RAGGED_RANK], sx.host(inputs[-1])
    if indices.ndim != 1:
        raise sx.invalid(ctx, "RaggedGather: tfcompat gathers with a vector of indices "
                              "(got indices of shape %s)" % sx.dims_text(indices))
    nrows = len(splits[0]) - 1
    bad = np.nonzero((indices < 0) | (indices >= nrows))[0]
    if bad.size:
        raise sx.invalid(ctx, "indices[%d] = %d is not in [0, %d)" % (bad[0], indices[bad[0]],
                                                                      nrows))
    out_splits, rows = [], indices
    for level in splits:
        starts, limits = level[rows], level[rows + 1]
        out_splits.append(np.concatenate([[0], np.cumsum(limits - starts)]))
        rows = np.concatenate([np.arange(a, b) for a, b in zip(starts, limits)]) if len(
            rows) else np.zeros(0, np.int64)
        rows = rows.astype(np.int64)
    dtype = _np_splits_dtype(Tsplits)
    return tuple(torch.as_tensor(s.astype(dtype), device=ctx.device) for s in out_splits) + (
        sx.take(values, rows),)
