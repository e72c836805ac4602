"""Sparse ops: `SparseToDense`, and the public functions over SparseTensors (`tf.sparse_*`,
`tf.sparse.*`, `tf.sparse_placeholder`, `tf.edit_distance`) as TF composes them: the same op
names and static shapes. The other kernels live in sparse_ops_math.py and
sparse_ops_layout.py (imported here, so that importing this family registers them all).
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import sparse_ops_layout  # noqa: F401 - registers the layout kernels
from tfcompat.ops import sparse_ops_math  # noqa: F401 - registers the arithmetic kernels
from tfcompat.ops import sparse_dense_cwise_ops  # noqa: F401 - SparseTensor's * and /
from tfcompat.ops.sparse_ops_rearrange import *  # noqa: F401,F403 - concat, reorder, ...
from tfcompat.ops.sparse_ops_rearrange import __all__ as _rearrange_all
from tfcompat.ops.sparse_ops_rearrange import _convert_to_sparse_tensor
from tfcompat.ops.sparse_ops_rearrange import _lookup
from tfcompat.ops.array_ops import placeholder
from tfcompat.ops.array_ops import placeholder_with_default
from tfcompat.ops.array_ops import shape as tf_shape
from tfcompat.ops.array_ops import size
from tfcompat.ops.array_ops import transpose
from tfcompat.ops.array_ops_join import range as tf_range
from tfcompat.ops.array_ops_join import zeros_like
from tfcompat.ops.gather_ops import gather_nd
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.math_ops import not_equal


def _sparse_to_dense_infer(op, indices, output_shape, values, default_value, **attrs):
    return [(values.dtype.base_dtype, constant_value_as_shape(output_shape))]


@register_op("SparseToDense", inputs=("sparse_indices: Tindices", "output_shape: Tindices",
                                      "sparse_values: T", "default_value: T"),
             infer=_sparse_to_dense_infer, attrs={"validate_indices": True})
def _lower_sparse_to_dense(ctx, indices, output_shape, values, default_value, *,
                           validate_indices=True):
    shape = [int(d) for d in output_shape.reshape(-1).tolist()]
    # TF's kernel: N = dim 0 (1 for a scalar), each index dim 1 wide (1 below rank 2); explicit,
    # so that no indices (an empty SparseTensor) reshape too
    idx = indices.reshape(indices.shape[0] if indices.dim() else 1,
                          indices.shape[1] if indices.dim() > 1 else 1)
    _check_values(ctx, values, len(idx))
    if idx.numel():
        if validate_indices:
            _check_indices(ctx, idx.cpu().numpy(), shape, ordered=True)
        else:
            _check_bounds(ctx, idx.cpu().numpy(), shape)
    if isinstance(values, np.ndarray):
        out = np.empty(shape, dtype=object)
        out[...] = default_value.reshape(()).item() if isinstance(default_value, np.ndarray) \
            else default_value
        flat = np.broadcast_to(values, (len(idx),))
        for row, v in zip(idx.tolist(), flat):
            out[tuple(row)] = v
        return out
    out = torch.full(shape, 0, dtype=values.dtype, device=values.device) + default_value
    if idx.numel():
        out = out.index_put(tuple(idx.t().long()), values.expand(len(idx)) if values.dim() == 0
                            else values)
    return out


def _check_values(ctx, values, num_elems):
    """TF's kernel takes one value for every index, or a scalar for all of them."""
    dims = list(values.shape)
    if not (len(dims) == 0 or (len(dims) == 1 and dims[0] == num_elems)):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "sparse_values has incorrect shape [%s], should be [] or [%d]"
                              % (",".join(str(d) for d in dims), num_elems))


def _check_bounds(ctx, idx, shape):
    """Unvalidated indices still go through SparseTensor::ToDense, which refuses an index out
    of bounds with its own message (sparse_to_dense_op.cc)."""
    bound = np.array(shape[:idx.shape[1]])
    if (idx < 0).any() or (idx >= bound).any():
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Indices are not valid (out of bounds).  Shape: [%s]"
                              % ",".join(str(d) for d in shape))


def _check_indices(ctx, idx, shape, ordered):
    """TF's SparseTensor::IndicesValid: in bounds and, when `ordered`, strictly increasing in
    row-major order (no repeats), with TF's messages."""
    def text(row):
        return ",".join(str(int(v)) for v in row)
    bound = np.array(shape[:idx.shape[1]])
    for i, row in enumerate(idx):
        if (row < 0).any() or (row >= bound).any():
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "indices[%d] = [%s] is out of bounds: need 0 <= index < [%s]"
                                  % (i, text(row), text(bound)))
        if ordered and i:
            prev = tuple(idx[i - 1])
            if tuple(row) == prev:
                raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                      "indices[%d] = [%s] is repeated" % (i, text(row)))
            if tuple(row) < prev:
                raise errors.op_error(
                    errors.InvalidArgumentError, ctx.op,
                    "indices[%d] = [%s] is out of order. Many sparse ops require sorted "
                    "indices.\n    Use `tf.sparse.reorder` to create a correctly ordered copy."
                    "\n\n" % (i, text(row)))


# -- SparseTensor helpers ----------------------------------------------------------------------

def _reduction_dims(sp_input, axis):
    """math_ops._ReductionDims: every axis (a constant when the rank is known)."""
    if axis is not None:
        return axis
    rank = sp_input.shape.ndims
    if rank:
        return constant(np.arange(rank, dtype=np.int32))
    return tf_range(0, _rank(sp_input))


def _rank(sp_input, name=None):
    with name_scope(name, "Rank") as scope:
        return size(sp_input.dense_shape, name=scope)


def _zero(dtype):
    dtype = dtypes.as_dtype(dtype).base_dtype
    return b"" if dtype == dtypes.string else (False if dtype == dtypes.bool else 0)


# -- tf.sparse_placeholder ---------------------------------------------------------------------

def sparse_placeholder(dtype, shape=None, name=None):
    """TF1 `tf.sparse_placeholder`: a SparseTensor of three feedable parts, `<name>/indices`,
    `<name>/values` and `<name>/shape` (a placeholder_with_default of `shape` when given)."""
    shape_name = name + "/shape" if name is not None else None
    if shape is None:
        rank = None
        dense_shape = placeholder(dtypes.int64, shape=[rank], name=shape_name)
        default = constant_value_as_shape(dense_shape)
    else:
        if isinstance(shape, Tensor):
            rank = shape.shape[0].value
            default = constant_value_as_shape(shape)
        else:
            rank = len(shape)
            default = tensor_shape.TensorShape(
                [None if tensor_shape.dimension_value(d) in (None, -1) else d for d in shape])
            dims = [tensor_shape.dimension_value(d) for d in shape]
            shape = convert_to_tensor([-1 if d is None else d for d in dims], dtype=dtypes.int64,
                                      name=name + "/shape_default" if name is not None else None)
        dense_shape = placeholder_with_default(shape, shape=shape.shape, name=shape_name)
    values = placeholder(dtype, shape=[None], name=name + "/values" if name is not None else None)
    indices = placeholder(dtypes.int64, shape=[None, rank],
                          name=name + "/indices" if name is not None else None)
    result = SparseTensor(indices=indices, values=values, dense_shape=dense_shape)
    result.set_shape(default)
    return result


# -- conversions -------------------------------------------------------------------------------

def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0,
                    validate_indices=True, name=None):
    """TF1 `tf.sparse_to_dense`."""
    with name_scope(name, "SparseToDense") as scope:
        values = convert_to_tensor(sparse_values, name="sparse_values")
        default = convert_to_tensor(default_value, dtype=values.dtype, name="default_value")
        return apply_op("SparseToDense", [sparse_indices, output_shape, values, default],
                        name=scope, validate_indices=bool(validate_indices))


def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """TF1 `tf.sparse_tensor_to_dense` / `tf.sparse.to_dense` (default: 0, False or b"")."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    if default_value is None:
        default_value = constant(_zero(sp_input.dtype), dtype=sp_input.dtype, name="zeros")
    return apply_op("SparseToDense", [sp_input.indices, sp_input.dense_shape, sp_input.values,
                                      default_value], name=name or "SparseToDense",
                    validate_indices=bool(validate_indices))


def from_dense(tensor, name=None):
    """TF `tf.sparse.from_dense`: the non-zero entries of a dense tensor."""
    with name_scope(name, "dense_to_sparse"):
        tensor = convert_to_tensor(tensor)
        indices = where_v2(not_equal(tensor, zeros_like(tensor)))
        values = gather_nd(tensor, indices)
        return SparseTensor(indices, values, tf_shape(tensor, out_type=dtypes.int64))


# -- products, sums and reductions -------------------------------------------------------------

def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """TF1 `tf.sparse_tensor_dense_matmul` / `tf.sparse.matmul`: sp_a (2-D sparse) times a
    dense matrix b (a sparse b swaps the operands and transposes the product)."""
    if isinstance(b, (SparseTensor, SparseTensorValue)):
        if adjoint_a != adjoint_b:
            return transpose(sparse_tensor_dense_matmul(b, sp_a, adjoint_a, adjoint_b))
        return transpose(sparse_tensor_dense_matmul(b, sp_a, adjoint_a=not adjoint_a,
                                                    adjoint_b=not adjoint_b))
    sp_a = _convert_to_sparse_tensor(sp_a)
    with name_scope(name, "SparseTensorDenseMatMul", [sp_a.indices, sp_a.values, b]):
        b = convert_to_tensor(b, name="b")
        return apply_op("SparseTensorDenseMatMul", [sp_a.indices, sp_a.values,
                                                    sp_a.dense_shape, b],
                        adjoint_a=bool(adjoint_a), adjoint_b=bool(adjoint_b))


def _reduce_fn(op_type, public, sparse):
    def fn(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
        keepdims = _lookup("keepdims", keepdims, "keep_dims", keep_dims)
        axis = _lookup("axis", axis, "reduction_axes", reduction_axes)
        out = apply_op(op_type, [sp_input.indices, sp_input.values, sp_input.dense_shape,
                                 _reduction_dims(sp_input, axis)],
                       keep_dims=bool(keepdims) if keepdims is not None else False)
        return SparseTensor(*out) if sparse else out
    fn.__name__ = public
    fn.__doc__ = "TF1 `tf.%s`: %s over the given axes (all by default)%s." % (
        public, "sum" if "sum" in public else "max",
        ", as a SparseTensor" if sparse else ", as a dense tensor")
    return fn


sparse_reduce_sum = _reduce_fn("SparseReduceSum", "sparse_reduce_sum", sparse=False)
sparse_reduce_sum_sparse = _reduce_fn("SparseReduceSumSparse", "sparse_reduce_sum_sparse",
                                      sparse=True)
sparse_reduce_max = _reduce_fn("SparseReduceMax", "sparse_reduce_max", sparse=False)
sparse_reduce_max_sparse = _reduce_fn("SparseReduceMaxSparse", "sparse_reduce_max_sparse",
                                      sparse=True)


def _broadcast_static_shape(a, b):
    """array_ops.broadcast_static_shape of two compatible shapes."""
    if a.ndims is None or b.ndims is None:
        return tensor_shape.unknown_shape()
    dims = []
    for x, y in zip(a.as_list(), b.as_list()):
        if x is None or y is None:
            known = x if x is not None else y
            dims.append(known if known is not None and known > 1 else None)
        else:
            dims.append(max(x, y) if min(x, y) == 1 else x)
    return tensor_shape.TensorShape(dims)


def sparse_add(a, b, threshold=None, thresh=None):
    """TF1 `tf.sparse_add` / `tf.sparse.add`: sparse + sparse (a SparseTensor; sums smaller in
    magnitude than `threshold` are dropped) or sparse + dense (a dense tensor)."""
    threshold = _lookup("threshold", threshold, "thresh", thresh)
    threshold = 0 if threshold is None else threshold
    sparse_classes = (SparseTensor, SparseTensorValue)
    if not any(isinstance(x, sparse_classes) for x in (a, b)):
        raise TypeError("At least one input should be SparseTensor; do you mean to use "
                        "tf.add()?")
    if not all(isinstance(x, sparse_classes) for x in (a, b)):
        if isinstance(b, sparse_classes):
            a, b = b, a
        return apply_op("SparseTensorDenseAdd", [a.indices, a.values, a.dense_shape, b])
    a, b = _convert_to_sparse_tensor(a), _convert_to_sparse_tensor(b)
    threshold = convert_to_tensor(threshold, dtype=a.values.dtype.real_dtype.base_dtype,
                                  name="threshold")
    ind, val, shape = apply_op("SparseAdd", [a.indices, a.values, a.dense_shape, b.indices,
                                             b.values, b.dense_shape, threshold])
    a.get_shape().assert_is_compatible_with(b.get_shape())
    static = _broadcast_static_shape(a.get_shape(), b.get_shape())
    if static.is_fully_defined():
        shape = static.as_list()
    return SparseTensor(ind, val, shape)


def sparse_softmax(sp_input, name=None):
    """TF1 `tf.sparse_softmax`: softmax over the last dimension's present entries."""
    with name_scope(name, "SparseSoftmax", [sp_input.indices, sp_input.values]):
        out = apply_op("SparseSoftmax", [sp_input.indices, sp_input.values,
                                         sp_input.dense_shape])
        return SparseTensor(sp_input.indices, out, sp_input.dense_shape)


def _sparse_binary(op_type):
    def fn(sp_a, sp_b, name=None):
        with name_scope(name, op_type, [sp_a.indices, sp_a.values, sp_b.indices,
                                        sp_b.values]) as scope:
            indices, values = apply_op(op_type, [sp_a.indices, sp_a.values, sp_a.dense_shape,
                                                 sp_b.indices, sp_b.values, sp_b.dense_shape],
                                       name=scope)
        return SparseTensor(indices, values, sp_a.dense_shape)
    return fn


sparse_maximum = _sparse_binary("SparseSparseMaximum")
sparse_maximum.__name__ = "sparse_maximum"
sparse_maximum.__doc__ = "TF1 `tf.sparse_maximum`: elementwise max of two SparseTensors."
sparse_minimum = _sparse_binary("SparseSparseMinimum")
sparse_minimum.__name__ = "sparse_minimum"
sparse_minimum.__doc__ = "TF1 `tf.sparse_minimum`: elementwise min of two SparseTensors."


def edit_distance(hypothesis, truth, normalize=True, name="edit_distance"):
    """TF1 `tf.edit_distance`: Levenshtein distances between the sequences (the last
    dimension) of two SparseTensors."""
    if not isinstance(hypothesis, (SparseTensor, SparseTensorValue)):
        raise TypeError("Hypothesis must be a SparseTensor.")
    if not isinstance(truth, (SparseTensor, SparseTensorValue)):
        raise TypeError("Truth must be a SparseTensor.")
    return apply_op("EditDistance", [hypothesis.indices, hypothesis.values,
                                     hypothesis.dense_shape, truth.indices, truth.values,
                                     truth.dense_shape], name=name, normalize=bool(normalize))


# NOTE: from_dense is tf.sparse.from_dense only (tfcompat/sparse.py), not a top-level name.
__all__ = ["sparse_to_dense", "sparse_tensor_to_dense", "sparse_placeholder",
           "sparse_tensor_dense_matmul", "sparse_reduce_sum", "sparse_reduce_sum_sparse",
           "sparse_reduce_max", "sparse_reduce_max_sparse", "sparse_add", "sparse_softmax",
           "sparse_maximum", "sparse_minimum", "edit_distance"] + list(_rearrange_all)
