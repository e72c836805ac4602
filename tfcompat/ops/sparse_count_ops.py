"""`tf.sparse.bincount`: TF's DenseCountSparseOutput / SparseCountSparseOutput ops, which
count each value per batch row (1-D input: one row) into a SparseTensor whose indices are the
values, sorted; with weights the counts are weight sums, with binary_output they are 1.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import array_ops

_ATTRS = {"binary_output": None, "minlength": -1, "maxlength": -1}


def _count_infer(op, *inputs, binary_output, minlength=-1, maxlength=-1):
    if len(inputs) == 4:   # sparse: the rank is the dense_shape's length
        rank = inputs[2].shape.as_list()[0] if inputs[2].shape.ndims == 1 else None
    else:
        rank = inputs[0].shape.ndims
    return [(dtypes.int64, TensorShape([None, rank])),
            (op.inputs[-1].dtype.base_dtype, TensorShape([None])),
            (dtypes.int64, TensorShape([rank]))]


def _count(ctx, rows, values, weights, n_rows, is_1d, binary_output, minlength, maxlength,
           out_dtype):
    """rows[i]: the batch row of values[i]; -> (indices, counts, dense_shape)."""
    counts = [dict() for _ in range(n_rows)]
    max_value = 0
    use_weights = weights is not None and weights.size > 0
    for i, (row, value) in enumerate(zip(rows, values)):
        if value < 0:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "Input values must all be non-negative")
        if maxlength > 0 and value >= maxlength:
            continue
        max_value = max(max_value, value)
        bucket = counts[row]
        if binary_output:
            bucket[value] = 1
        else:
            bucket[value] = bucket.get(value, 0) + (weights[i] if use_weights else 1)
    width = maxlength if maxlength > 0 else max(max_value + 1, minlength)
    indices, out = [], []
    for row, bucket in enumerate(counts):
        for value in sorted(bucket):
            indices.append([value] if is_1d else [row, value])
            out.append(bucket[value])
    shape = [width] if is_1d else [n_rows, width]
    return (torch.tensor(indices, dtype=torch.int64).reshape(-1, 1 if is_1d else 2),
            torch.tensor(np.array(out, dtype=out_dtype.as_numpy_dtype)),
            torch.tensor(shape, dtype=torch.int64))


@register_op("DenseCountSparseOutput", inputs=("values: T", "weights: output_type"),
             infer=_count_infer, attrs=_ATTRS, differentiable=False)
def _lower_dense_count(ctx, values, weights, *, binary_output, minlength=-1, maxlength=-1):
    if values.dim() not in (1, 2):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Input must be a 1 or 2-dimensional tensor. Got: %d" % values.dim())
    is_1d = values.dim() == 1
    flat = values.reshape(-1).cpu().tolist()
    cols = 1 if is_1d else values.shape[1]
    rows = [0] * len(flat) if is_1d else [i // max(cols, 1) for i in range(len(flat))]
    return _count(ctx, rows, flat, weights.reshape(-1).cpu().numpy(),
                  1 if is_1d else values.shape[0], is_1d, binary_output, minlength, maxlength,
                  ctx.op.outputs[1].dtype)


@register_op("SparseCountSparseOutput", inputs=("indices: int64", "values: T",
                                                "dense_shape: int64", "weights: output_type"),
             infer=_count_infer, attrs=_ATTRS, differentiable=False)
def _lower_sparse_count(ctx, indices, values, dense_shape, weights, *, binary_output,
                        minlength=-1, maxlength=-1):
    is_1d = dense_shape.numel() == 1
    rows = [0] * values.numel() if is_1d else indices[:, 0].cpu().tolist()
    return _count(ctx, rows, values.cpu().tolist(), weights.reshape(-1).cpu().numpy(),
                  1 if is_1d else int(dense_shape[0]), is_1d, binary_output, minlength,
                  maxlength, ctx.op.outputs[1].dtype)


def sparse_bincount(values, weights=None, axis=0, minlength=None, maxlength=None,
                    binary_output=False, name=None):
    """TF1 `tf.sparse.bincount`: counts of each value (per row with axis=-1), sparse."""
    with name_scope(name, "count", [values, weights]):
        if not isinstance(values, SparseTensor):
            values = convert_to_tensor(values, name="values")
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
        if weights is not None and binary_output:
            raise ValueError("Arguments `binary_output` and `weights` are mutually exclusive. "
                             "Please specify only one.")
        axis = 0 if axis is None else axis
        if axis not in (0, -1):
            raise ValueError("Unsupported value for argument axis=%s. Only 0 and -1 are "
                             "currently supported." % axis)
        attrs = dict(minlength=-1 if minlength is None else minlength,
                     maxlength=-1 if maxlength is None else maxlength,
                     binary_output=binary_output)
        if axis == 0:
            if isinstance(values, SparseTensor):
                values = values.values
            else:
                values = array_ops.reshape(values, [-1])
            if weights is not None:
                weights = array_ops.reshape(weights, [-1])
        if weights is None:
            inner = values.values if isinstance(values, SparseTensor) else values
            weights = constant([], dtype=inner.dtype)
        if isinstance(values, SparseTensor):
            out = apply_op("SparseCountSparseOutput", [values.indices, values.values,
                                                       values.dense_shape, weights],
                           name="SparseCountSparseOutput", **attrs)
        else:
            out = apply_op("DenseCountSparseOutput", [values, weights],
                           name="DenseCountSparseOutput", **attrs)
        return SparseTensor(*out)
