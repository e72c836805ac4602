"""Sparse ops: `SparseToDense` (`tf.sparse_tensor_to_dense`, `tf.sparse_to_dense`,
`tf.sparse.to_dense`), turning the SparseTensors of `tf.VarLenFeature` back into dense tensors.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_util import constant_value_as_shape


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
    if idx.numel():
        _check_indices(ctx, idx.cpu().numpy(), shape, ordered=validate_indices)
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


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0,
                    validate_indices=True, name=None):
    """TF1 `tf.sparse_to_dense`."""
    with name_scope(name, "SparseToDense") as scope:
        values = convert_to_tensor(sparse_values, name="sparse_values")
        default = convert_to_tensor(default_value, dtype=values.dtype, name="default_value")
        return apply_op("SparseToDense", [sparse_indices, output_shape, values, default],
                        name=scope, validate_indices=bool(validate_indices))


def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """TF1 `tf.sparse_tensor_to_dense` / `tf.sparse.to_dense` (default: 0 or b"")."""
    if default_value is None:
        default_value = b"" if sp_input.dtype == dtypes.string else 0
    with name_scope(name, "SparseToDense"):
        out = sparse_to_dense(sp_input.indices, sp_input.dense_shape, sp_input.values,
                              default_value, validate_indices)
    out.set_shape(sp_input.shape)
    return out


__all__ = ["sparse_to_dense", "sparse_tensor_to_dense"]
