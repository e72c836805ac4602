"""TF's set ops (tf.sets): `SetSize`, `DenseToDenseSetOperation`, `DenseToSparseSetOperation`
and `SparseToSparseSetOperation`. A set is the values of one row (all dimensions but the last)
of a dense or sparse tensor; results are SparseTensors whose rows hold the sorted members, as
TF's kernels give them. Integer and string values; no gradients (TF registers none).
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns

__all__ = ["set_difference", "set_intersection", "set_size", "set_union"]

_OPERATIONS = ("a-b", "b-a", "intersection", "union")
_SET_DTYPES = (dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8,
               dtypes.uint16, dtypes.string)


def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


def _host(values):
    return values if isinstance(values, np.ndarray) else values.detach().cpu().numpy()


def _dense_rows(ctx, dense):
    """{row index tuple: set} of a dense input (rank >= 2)."""
    values = _host(dense)
    if values.ndim < 2:
        _fail(ctx, "Invalid rank %d." % values.ndim)
    batch = values.shape[:-1]
    rows = {}
    for index in np.ndindex(*batch):
        rows[index] = set(values[index].tolist())
    return rows, list(batch)


def _sparse_rows(ctx, indices, values, shape):
    idx, vals, dims = _host(indices), _host(values), [int(d) for d in _host(shape)]
    if len(dims) < 2:
        _fail(ctx, "Invalid rank %d." % len(dims))
    rows = {}
    for position, value in zip(idx.tolist(), vals.tolist()):
        rows.setdefault(tuple(position[:-1]), set()).add(value)
    return rows, dims[:-1]


def _combine(ctx, a, b, operation):
    (rows_a, batch_a), (rows_b, batch_b) = a, b
    if len(batch_a) != len(batch_b):
        _fail(ctx, "Shapes rank mismatch: %d vs. %d" % (len(batch_a) + 1, len(batch_b) + 1))
    batch = [max(p, q) for p, q in zip(batch_a, batch_b)]
    out = {}
    for row in sorted(set(rows_a) | set(rows_b)):
        x, y = rows_a.get(row, set()), rows_b.get(row, set())
        result = {"a-b": x - y, "b-a": y - x, "intersection": x & y, "union": x | y}[operation]
        if result:
            out[row] = sorted(result)
    return out, batch


def _to_sparse(out, batch, dtype, like):
    width = max([len(v) for v in out.values()] or [0])
    indices = [list(row) + [j] for row, members in out.items() for j in range(len(members))]
    members = [m for row in out.values() for m in row]
    index_t = torch.tensor(indices, dtype=torch.int64).reshape(len(indices), len(batch) + 1)
    if dtype == dtypes.string:
        values = np.array(members, dtype=object)
    else:
        values = torch.tensor(members, dtype=dtype.torch_dtype)
    return index_t, values, torch.tensor(batch + [width], dtype=torch.int64)


def _set_result_infer(rank, dtype):
    return [(dtypes.int64, TensorShape([None, rank])), (dtype, TensorShape([None])),
            (dtypes.int64, TensorShape([rank]))]


def _rank_of(shape):
    return None if shape.ndims is None else shape.ndims


def _dense_dense_infer(op, set1, set2, **attrs):
    inputs = [set1, set2]
    first = fns.with_rank_at_least(op, inputs, set1.shape, 2)
    second = fns.with_rank_at_least(op, inputs, set2.shape, 2)
    rank = _rank_of(first) if first.ndims is not None else _rank_of(second)
    return _set_result_infer(rank, set1.dtype.base_dtype)


def _dense_sparse_infer(op, set1, set2_indices, set2_values, set2_shape, **attrs):
    shape = fns.with_rank_at_least(op, [set1, set2_indices, set2_values, set2_shape],
                                   set1.shape, 2)
    return _set_result_infer(_rank_of(shape), set1.dtype.base_dtype)


def _sparse_sparse_infer(op, i1, v1, s1, i2, v2, s2, **attrs):
    rank = s1.shape.as_list()[0] if s1.shape.ndims == 1 else None
    return _set_result_infer(rank, v1.dtype.base_dtype)


_SET_ATTRS = {"set_operation": "union", "validate_indices": True}


@register_op("DenseToDenseSetOperation", inputs=("set1: T", "set2: T"), infer=_dense_dense_infer,
             attrs=_SET_ATTRS, differentiable=False)
def _lower_dense_dense(ctx, set1, set2, *, set_operation, validate_indices=True):
    out, batch = _combine(ctx, _dense_rows(ctx, set1), _dense_rows(ctx, set2), set_operation)
    return _to_sparse(out, batch, ctx.op.outputs[1].dtype.base_dtype, set1)


@register_op("DenseToSparseSetOperation",
             inputs=("set1: T", "set2_indices: int64", "set2_values: T", "set2_shape: int64"),
             infer=_dense_sparse_infer, attrs=_SET_ATTRS, differentiable=False)
def _lower_dense_sparse(ctx, set1, indices, values, shape, *, set_operation,
                        validate_indices=True):
    out, batch = _combine(ctx, _dense_rows(ctx, set1), _sparse_rows(ctx, indices, values, shape),
                          set_operation)
    return _to_sparse(out, batch, ctx.op.outputs[1].dtype.base_dtype, set1)


@register_op("SparseToSparseSetOperation",
             inputs=("set1_indices: int64", "set1_values: T", "set1_shape: int64",
                     "set2_indices: int64", "set2_values: T", "set2_shape: int64"),
             infer=_sparse_sparse_infer, attrs=_SET_ATTRS, differentiable=False)
def _lower_sparse_sparse(ctx, i1, v1, s1, i2, v2, s2, *, set_operation, validate_indices=True):
    out, batch = _combine(ctx, _sparse_rows(ctx, i1, v1, s1), _sparse_rows(ctx, i2, v2, s2),
                          set_operation)
    return _to_sparse(out, batch, ctx.op.outputs[1].dtype.base_dtype, v1)


def _set_size_infer(op, indices, values, shape, **attrs):
    return [(dtypes.int32, TensorShape(None))]


@register_op("SetSize", inputs=("set_indices: int64", "set_values: T", "set_shape: int64"),
             infer=_set_size_infer, attrs={"validate_indices": True}, differentiable=False)
def _lower_set_size(ctx, indices, values, shape, *, validate_indices=True):
    rows, batch = _sparse_rows(ctx, indices, values, shape)
    out = np.zeros(batch, dtype=np.int32)
    for row, members in rows.items():
        out[row] = len(members)
    return torch.from_numpy(out)


# -- the public functions (TF's sets_impl) -----------------------------------------------------

def _convert(value, name):
    if isinstance(value, SparseTensor):
        return value
    if hasattr(value, "indices") and hasattr(value, "dense_shape"):  # a SparseTensorValue
        return SparseTensor.from_value(value)
    return convert_to_tensor(value, name=name)


def _dtype_of(tensor):
    return (tensor.values if isinstance(tensor, SparseTensor) else tensor).dtype.base_dtype


def _check_dtype(name, tensor):
    dtype = _dtype_of(tensor)
    if dtype not in _SET_DTYPES:
        raise TypeError("'%s' has invalid dtype `<dtype: '%s'>` not in supported dtypes: `%s`."
                        % (name, dtype.name, ", ".join("tf." + d.name for d in _SET_DTYPES)))
    return dtype


def set_size(a, validate_indices=True):
    """TF1 `tf.sets.size`: the number of distinct values in each row of SparseTensor `a`."""
    a = _convert(a, "a")
    if not isinstance(a, SparseTensor):
        raise TypeError("Expected `SparseTensor`, got %s." % a)
    _check_dtype("a", a)
    return apply_op("SetSize", [a.indices, a.values, a.dense_shape], name="SetSize",
                    validate_indices=bool(validate_indices))


def _set_operation(a, b, operation, validate_indices=True):
    if isinstance(a, SparseTensor):
        if not isinstance(b, SparseTensor):
            raise ValueError(  # noqa: TRY004 - TF's exception type
                "Sparse,Dense is not supported, but Dense,Sparse is. Please flip the order of "
                "your inputs.")
        out = apply_op("SparseToSparseSetOperation",
                       [a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape],
                       name="SparseToSparseSetOperation", set_operation=operation,
                       validate_indices=bool(validate_indices))
    elif isinstance(b, SparseTensor):
        out = apply_op("DenseToSparseSetOperation", [a, b.indices, b.values, b.dense_shape],
                       name="DenseToSparseSetOperation", set_operation=operation,
                       validate_indices=bool(validate_indices))
    else:
        out = apply_op("DenseToDenseSetOperation", [a, b], name="DenseToDenseSetOperation",
                       set_operation=operation, validate_indices=bool(validate_indices))
    return SparseTensor(out[0], out[1], out[2])


def _operands(a, b, flip):
    """Both converted (b to a's dtype), TF's dtype checks; a sparse `a` with a dense `b` is
    swapped where the operation allows (`flip`)."""
    a, b = _convert(a, "a"), _convert(b, "b")
    if _dtype_of(a) != _dtype_of(b):  # TF checks the match first, then the supported types
        raise TypeError("Types don't match, <dtype: '%s'> vs <dtype: '%s'>."
                        % (_dtype_of(a).name, _dtype_of(b).name))
    _check_dtype("a", a)
    _check_dtype("b", b)
    swapped = flip and isinstance(a, SparseTensor) and not isinstance(b, SparseTensor)
    return (b, a, True) if swapped else (a, b, False)


def set_intersection(a, b, validate_indices=True):
    """TF1 `tf.sets.intersection`: the sorted values present in both rows."""
    a, b, _ = _operands(a, b, True)
    return _set_operation(a, b, "intersection", validate_indices)


def set_union(a, b, validate_indices=True):
    """TF1 `tf.sets.union`: the sorted values present in either row."""
    a, b, _ = _operands(a, b, True)
    return _set_operation(a, b, "union", validate_indices)


def set_difference(a, b, aminusb=True, validate_indices=True):
    """TF1 `tf.sets.difference`: the sorted values of `a`'s rows not in `b`'s (`aminusb`), or
    the reverse."""
    a, b, swapped = _operands(a, b, True)
    if swapped:
        aminusb = not aminusb
    return _set_operation(a, b, "a-b" if aminusb else "b-a", validate_indices)
