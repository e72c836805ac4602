"""More sparse ops and TF's sparse composites: the SparseSegment{Sum,Mean,SqrtN} reductions (and
their `WithNumSegments` forms), SparseSplit, SparseMatMul (a dense matmul with sparsity hints),
and tf.sparse_merge / sparse_to_indicator / sparse_mask / sparse_reset_shape /
sparse.expand_dims / sparse.eye / convert_to_tensor_or_sparse_tensor, built as TF builds them.

The segment lowerings are differentiable torch code (index_add), so `tf.gradients` through them
is torch autograd's, equal to TF's SparseSegment*Grad.
"""
from __future__ import annotations

import collections.abc
import numbers

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops.check_ops import assert_equal
from tfcompat.ops.check_ops import assert_less_equal
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops.einsum_ops import setdiff1d
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.reduction_ops import reduce_max
from tfcompat.ops.sparse_ops import sparse_tensor_to_dense
from tfcompat.ops.sparse_ops_rearrange import _convert_to_sparse_tensor
from tfcompat.ops.sparse_ops_rearrange import sparse_reorder


def _fail(ctx, message):
    return errors.op_error(errors.InvalidArgumentError, ctx.op, message)


# -- SparseSegmentSum / Mean / SqrtN ---------------------------------------------------------------

def _segment_infer(op, data, indices, segment_ids, *num, **attrs):
    # TF's SparseSegmentReductionShapeFn: data rank >= 1, indices and segment_ids vectors that
    # merge, num_segments a scalar
    inputs = [data, indices, segment_ids] + list(num)
    _shape_fns.with_rank_at_least(op, inputs, data.shape, 1)
    _shape_fns.merge_shapes(op, inputs,
                            _shape_fns.dims(_shape_fns.with_rank(op, inputs, indices.shape, 1)),
                            _shape_fns.dims(_shape_fns.with_rank(op, inputs, segment_ids.shape, 1)))
    if num:
        _shape_fns.with_rank(op, inputs, num[0].shape, 0)
    rows = [None]
    if num:
        value = constant_value(num[0])
        rows = [int(value) if value is not None else None]
    if data.shape.ndims is None:
        return [(data.dtype.base_dtype, tensor_shape.unknown_shape())]
    return [(data.dtype.base_dtype, TensorShape(rows + data.shape.as_list()[1:]))]


def _segment_checks(ctx, data, idx, ids, n, has_num):
    if idx.numel() != ids.numel():
        raise _fail(ctx, "segment_ids and indices should have same size.")
    if not ids.numel():
        return
    last = int(ids[-1])
    if has_num and last >= n:
        raise _fail(ctx, "segment ids must be < num_segments")
    if not has_num and last < 0:
        raise _fail(ctx, "segment ids must be >= 0")
    bad = (idx < 0) | (idx >= data.shape[0])
    if bool((ids[1:] < ids[:-1]).any()) or int(ids[0]) < 0 or bool(bad.any()):
        _first_segment_error(ctx, data, idx.tolist(), ids.tolist(), n)


def _first_segment_error(ctx, data, idx, ids, n):
    """The error TF's kernel meets first, walking the segments in order: for each run of equal
    ids, the next id must be larger, the id in [0, n), then the run's indices in range."""
    start = 0
    while start < len(ids):
        end = start + 1
        while end < len(ids) and ids[end] == ids[start]:
            end += 1
        if end < len(ids) and ids[end] < ids[start]:
            raise _fail(ctx, "segment ids are not increasing")
        if not 0 <= ids[start] < n:
            raise _fail(ctx, "Segment id %d out of range [0, %d), possibly because "
                        "'segment_ids' input is not sorted." % (ids[start], n))
        for at in range(start, end):
            if not 0 <= idx[at] < data.shape[0]:
                raise _fail(ctx, "Bad: indices[%d] == %d out of range [0, %d)"
                            % (at, idx[at], data.shape[0]))
        start = end


def _sparse_segment(kind):
    def lower(ctx, data, indices, segment_ids, *num):
        idx, ids = indices.reshape(-1).long(), segment_ids.reshape(-1).long()
        n = int(num[0]) if num else (int(ids[-1]) + 1 if ids.numel() else 0)
        _segment_checks(ctx, data, idx, ids, n, bool(num))
        if data.dtype in (torch.float16, torch.bfloat16):
            # TF's kernel sums (and scales) half-precision data in float32, rounding once
            return reduce(data.float(), idx, ids, n).to(data.dtype)
        return reduce(data, idx, ids, n)

    def reduce(data, idx, ids, n):
        rows = data.index_select(0, idx)
        out = torch.zeros((n,) + tuple(data.shape[1:]), dtype=data.dtype, device=data.device)
        out = out.index_add(0, ids, rows)
        if kind == "sum":
            return out
        counts = torch.zeros(n, dtype=data.dtype, device=data.device).index_add(
            0, ids, torch.ones_like(ids, dtype=data.dtype))
        scale = counts if kind == "mean" else counts.sqrt()
        scale = torch.where(counts > 0, scale, torch.ones_like(scale))
        return out / scale.reshape((-1,) + (1,) * (data.dim() - 1))
    return lower


for _kind, _name in (("sum", "Sum"), ("mean", "Mean"), ("sqrt_n", "SqrtN")):
    register_op("SparseSegment" + _name,
                inputs=("data: T", "indices: Tidx", "segment_ids: Tsegmentids"),
                infer=_segment_infer)(_sparse_segment(_kind))
    register_op("SparseSegment%sWithNumSegments" % _name,
                inputs=("data: T", "indices: Tidx", "segment_ids: Tsegmentids",
                        "num_segments: Tnumsegments"),
                infer=_segment_infer)(_sparse_segment(_kind))


def _segment_fn(name_part, public):
    def fn(data, indices, segment_ids, name=None, num_segments=None, sparse_gradient=False):
        if num_segments is not None:
            return apply_op("SparseSegment%sWithNumSegments" % name_part,
                            [data, indices, segment_ids, num_segments],
                            name=name or "SparseSegment%sWithNumSegments" % name_part)
        return apply_op("SparseSegment" + name_part, [data, indices, segment_ids],
                        name=name or "SparseSegment" + name_part)
    fn.__name__ = public
    fn.__doc__ = ("TF1 `tf.%s`: rows `data[indices]` reduced into segments (sorted "
                  "segment_ids)." % public)
    return fn


sparse_segment_sum = _segment_fn("Sum", "sparse_segment_sum")
sparse_segment_mean = _segment_fn("Mean", "sparse_segment_mean")
sparse_segment_sqrt_n = _segment_fn("SqrtN", "sparse_segment_sqrt_n")


# -- SparseSplit -----------------------------------------------------------------------------------

def _split_infer(op, split_dim, indices, values, shape, *, num_split):
    rank = shape.shape.as_list()[0] if shape.shape.ndims == 1 else None
    return ([(dtypes.int64, TensorShape([None, rank]))] * num_split
            + [(values.dtype.base_dtype, TensorShape([None]))] * num_split
            + [(dtypes.int64, TensorShape([rank]))] * num_split)


@register_op("SparseSplit", inputs=("split_dim: int64", "indices: int64", "values: T",
                                    "shape: int64"),
             infer=_split_infer, attrs={"num_split": None}, host_only=True,
             differentiable=False)
def _lower_sparse_split(ctx, split_dim, indices, values, shape, *, num_split):
    rank = shape.numel()
    axis = int(split_dim)
    if not -rank <= axis < rank:
        raise _fail(ctx, "Input split_dim should be between -%d and %d, got %d"
                    % (rank, rank, axis))
    axis %= rank
    size = int(shape[axis])
    if not 1 <= num_split <= size:
        raise _fail(ctx, "Input num_split should be between 1 and the splitting dimension "
                    "size (%d), got %d" % (size, num_split))
    # TF's sizes: the first size % num_split pieces get one more element
    base, extra = divmod(size, num_split)
    bounds = [0]
    for i in range(num_split):
        bounds.append(bounds[-1] + base + (1 if i < extra else 0))
    coord = indices[:, axis]
    outs_i, outs_v, outs_s = [], [], []
    for i in range(num_split):
        keep = (coord >= bounds[i]) & (coord < bounds[i + 1])
        piece = indices[keep].clone()
        piece[:, axis] -= bounds[i]
        outs_i.append(piece)
        outs_v.append(values[keep] if isinstance(values, torch.Tensor) else
                      values[keep.cpu().numpy()])
        piece_shape = shape.clone()
        piece_shape[axis] = bounds[i + 1] - bounds[i]
        outs_s.append(piece_shape)
    return tuple(outs_i + outs_v + outs_s)


def sparse_split(keyword_required=None, sp_input=None, num_split=None, axis=None, name=None,
                 split_dim=None):
    """TF1 `tf.sparse_split` / `tf.sparse.split`: `num_split` SparseTensors along `axis`."""
    if keyword_required is not None:
        raise ValueError("Keyword arguments are required for this function.")
    if sp_input is None:
        raise ValueError("sp_input is required")
    if num_split is None:
        raise ValueError("num_split is required")
    axis = split_dim if axis is None else axis
    if axis is None:
        raise ValueError("axis is required")
    sp_input = _convert_to_sparse_tensor(sp_input)
    outputs = apply_op("SparseSplit", [math_ops.cast(axis, dtypes.int64), sp_input.indices,
                                       sp_input.values, sp_input.dense_shape],
                       name=name or "SparseSplit", num_split=int(num_split))
    return [SparseTensor(outputs[i], outputs[num_split + i], outputs[2 * num_split + i])
            for i in range(num_split)]


# -- SparseMatMul ---------------------------------------------------------------------------------

def _matmul_infer(op, a, b, *, transpose_a=False, transpose_b=False, a_is_sparse=False,
                  b_is_sparse=False):
    rows = a.shape.as_list()[1 if transpose_a else 0] if a.shape.ndims == 2 else None
    cols = b.shape.as_list()[0 if transpose_b else 1] if b.shape.ndims == 2 else None
    return [(dtypes.float32, TensorShape([rows, cols]))]


@register_op("SparseMatMul", inputs=("a: Ta", "b: Tb"), infer=_matmul_infer,
             attrs={"transpose_a": False, "transpose_b": False, "a_is_sparse": False,
                    "b_is_sparse": False})
def _lower_sparse_matmul(ctx, a, b, *, transpose_a=False, transpose_b=False, a_is_sparse=False,
                         b_is_sparse=False):
    a = (a.t() if transpose_a else a).float()
    b = (b.t() if transpose_b else b).float()
    if a.shape[1] != b.shape[0]:
        raise _fail(ctx, "Matrix size incompatible: a: [%d,%d], b: [%d,%d]"
                    % (a.shape[0], a.shape[1], b.shape[0], b.shape[1]))
    return a @ b


def sparse_matmul(a, b, transpose_a=False, transpose_b=False, a_is_sparse=False,
                  b_is_sparse=False, name=None):
    """TF1 `tf.sparse_matmul`: a float32 matmul; the sparsity flags are hints only."""
    return apply_op("SparseMatMul", [a, b], name=name or "SparseMatMul",
                    transpose_a=transpose_a, transpose_b=transpose_b,
                    a_is_sparse=a_is_sparse, b_is_sparse=b_is_sparse)


# -- composites ------------------------------------------------------------------------------------

def _merge_arguments(sp_ids, vocab_size):
    """TF's checks of sparse_merge's arguments: one SparseTensor and a size, or lists of both."""
    if isinstance(sp_ids, (SparseTensor, SparseTensorValue)):
        if not isinstance(vocab_size, (Tensor, numbers.Integral)):
            raise TypeError("vocab_size has to be a Tensor or Python int. Found %s"
                            % type(vocab_size))
        return [sp_ids], [vocab_size]
    if not isinstance(sp_ids, collections.abc.Iterable):
        raise TypeError("sp_ids has to be a SparseTensor or list thereof. Found %s" % type(sp_ids))
    if not isinstance(vocab_size, collections.abc.Iterable):
        raise TypeError("vocab_size has to be a list of Tensors or Python ints. Found %s"
                        % type(vocab_size))
    for dim in vocab_size:
        if not isinstance(dim, (Tensor, numbers.Integral)):
            raise TypeError("vocab_size has to be a list of Tensors or Python ints. Found %s"
                            % type(dim))
    return sp_ids, vocab_size


def _sparse_merge_impl(sp_ids, sp_values, vocab_size, name=None, already_sorted=False):
    sp_ids, vocab_size = _merge_arguments(sp_ids, vocab_size)
    if len(sp_ids) != len(vocab_size):
        raise ValueError("sp_ids and vocab_size have to have equal lengths.")
    with name_scope(name, "SparseMerge", [sp_ids, sp_values]):
        sp_ids = [_convert_to_sparse_tensor(sp_ids_dim) for sp_ids_dim in sp_ids]
        sp_values = _convert_to_sparse_tensor(sp_values)
        ids = []
        for sp_ids_dim in sp_ids:
            ids_dim = sp_ids_dim.values
            if sp_ids_dim.dtype != dtypes.int64:
                ids_dim = math_ops.cast(ids_dim, dtypes.int64)
            ids.append(array_ops.expand_dims(ids_dim, axis=1))
        vocab_size = [math_ops.cast(x, dtypes.int64) for x in vocab_size]
        keep = sp_ids[0].indices[:, :-1]
        new_indices = array_ops_join.concat([keep] + ids, 1)
        new_shape = array_ops_join.concat([sp_ids[0].dense_shape[:-1], vocab_size], 0)
        result = SparseTensor(new_indices, sp_values.values, new_shape)
        if already_sorted:
            return result
        ordered = sparse_reorder(result)
        return SparseTensor(ordered.indices, ordered.values, new_shape)


def sparse_merge(sp_ids, sp_values, vocab_size, name=None, already_sorted=False):
    """TF1 `tf.sparse_merge` / `tf.sparse.merge`: ids and values -> one SparseTensor whose last
    dimension is indexed by the ids."""
    return _sparse_merge_impl(sp_ids, sp_values, vocab_size, name, already_sorted)


def sparse_to_indicator(sp_input, vocab_size, name=None):
    """TF1 `tf.sparse_to_indicator` / `tf.sparse.to_indicator`: a dense bool tensor, True at
    [..., id] for each id in the last dimension's entries."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseToIndicator", [sp_input]) as name:
        num_entries = array_ops.shape(sp_input.indices)[0]
        new_values = array_ops_join.fill(array_ops.expand_dims(num_entries, 0), True)
        sp_values = SparseTensor(sp_input.indices, new_values, sp_input.dense_shape)
        sp_new = _sparse_merge_impl(sp_input, sp_values, vocab_size, name)
        return sparse_tensor_to_dense(sp_new, default_value=False, validate_indices=False,
                                      name=name)


def sparse_mask(a, mask_indices, name=None):
    """TF1 `tf.sparse_mask` / `tf.sparse.mask`: the IndexedSlices `a` without `mask_indices`."""
    with name_scope(name, "sparse_mask", [a, mask_indices]) as name:
        out_indices, to_gather = setdiff1d(a.indices, mask_indices)
        out_values = gather(a.values, to_gather, name=name)
        return IndexedSlices(out_values, out_indices, a.dense_shape)


def sparse_reset_shape(sp_input, new_shape=None):
    """TF1 `tf.sparse_reset_shape` / `tf.sparse.reset_shape`: a new dense_shape, the tight one
    (max index + 1) when `new_shape` is None."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    in_indices = array_ops.identity(sp_input.indices)
    in_values = array_ops.identity(sp_input.values)
    in_shape = array_ops.identity(sp_input.dense_shape)
    if new_shape is None:
        low = reduce_max(in_indices, axis=0)
        shape = math_ops.maximum(convert_to_tensor(0, dtype=dtypes.int64),
                                 math_ops.add(low, array_ops_join.ones_like(in_shape)))
        return SparseTensor(in_indices, in_values, shape)
    shape = math_ops.cast(convert_to_tensor(new_shape), dtypes.int64)
    shape.get_shape().assert_has_rank(1)
    shape.get_shape()[0].assert_is_compatible_with(in_shape.get_shape()[0])
    known = constant_value(shape)
    if known is not None and sp_input.get_shape().is_fully_defined():
        in_const = np.array(sp_input.get_shape().as_list())
        if not np.all(in_const <= known):
            raise ValueError("Requested new_shape should have dimension sizes >= sp_input.shape."
                             "  Found new_shape (%s), sp_input.shape (%s)." % (in_const, known))
        return SparseTensor(in_indices, in_values, known)
    shape = with_dependencies([assert_equal(array_ops.shape(in_shape), array_ops.shape(shape))],
                              shape)
    shape = with_dependencies([assert_less_equal(in_shape, shape)], shape)
    return SparseTensor(in_indices, in_values, shape)


def sparse_expand_dims(sp_input, axis=None, name=None):
    """TF1 `tf.sparse.expand_dims`: a size-1 dimension inserted at `axis` (default -1)."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    rank = sp_input.dense_shape.get_shape()[0]
    rank = rank.value if hasattr(rank, "value") else rank
    if rank is None:
        rank = array_ops.shape(sp_input.dense_shape)[0]
    axis = -1 if axis is None else axis
    with name_scope(name, "expand_dims", [sp_input]):
        if isinstance(axis, (int, np.integer)):
            axis = convert_to_tensor(axis, name="axis", dtype=dtypes.int32)
        elif not isinstance(axis, Tensor):
            raise TypeError("axis must be an int or tensor type")
        axis = indexing_ops.where_v2(axis >= 0, axis, axis + rank + 1)
        column_size = array_ops.shape(sp_input.indices)[0]
        new_index = array_ops_join.zeros(array_ops_join.stack([column_size, 1]), dtype=dtypes.int64)
        before = indexing_ops.slice(sp_input.indices, [0, 0], [-1, axis])
        after = indexing_ops.slice(sp_input.indices, [0, axis], [-1, -1])
        indices = array_ops_join.concat([before, new_index, after], axis=1)
        shape_before = indexing_ops.slice(sp_input.dense_shape, [0], [axis])
        shape_after = indexing_ops.slice(sp_input.dense_shape, [axis], [-1])
        one = convert_to_tensor([1], name="new_shape", dtype=dtypes.int64)
        shape = array_ops_join.concat([shape_before, one, shape_after], axis=0)
        return SparseTensor(indices=indices, values=sp_input.values, dense_shape=shape)


def _int64(value, name):
    if not isinstance(value, Tensor):
        return convert_to_tensor(value, name=name, dtype=dtypes.int64)
    if value.dtype != dtypes.int64:
        return math_ops.cast(value, dtypes.int64)
    return value


def sparse_eye(num_rows, num_columns=None, dtype=dtypes.float32, name=None):
    """TF1 `tf.sparse.eye`: a sparse identity matrix [num_rows, num_columns]."""
    with name_scope(name, "eye", [num_rows, num_columns]):
        num_rows = _int64(num_rows, "num_rows")
        num_columns = num_rows if num_columns is None else _int64(num_columns, "num_columns")
        diag_size = math_ops.minimum(num_rows, num_columns)
        diag_range = array_ops_join.range(diag_size, dtype=dtypes.int64)
        return SparseTensor(indices=array_ops_join.stack([diag_range, diag_range], axis=1),
                            values=array_ops_join.ones(diag_size, dtype=dtype),
                            dense_shape=[num_rows, num_columns])


def convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None):
    """TF1 `tf.convert_to_tensor_or_sparse_tensor`: SparseTensor(Value)s kept sparse."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    if isinstance(value, SparseTensorValue):
        value = SparseTensor.from_value(value)
    if isinstance(value, SparseTensor):
        if dtype and not dtype.is_compatible_with(value.dtype):
            raise RuntimeError("Sparse dtype: requested = %s, actual = %s"
                               % (dtype.name, value.dtype.name))
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


__all__ = ["convert_to_tensor_or_sparse_tensor", "sparse_mask", "sparse_matmul", "sparse_merge",
           "sparse_reset_shape", "sparse_segment_mean", "sparse_segment_sqrt_n",
           "sparse_segment_sum", "sparse_split", "sparse_to_indicator"]
