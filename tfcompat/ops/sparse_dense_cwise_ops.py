"""`SparseDenseCwiseMul` and `SparseDenseCwiseDiv`: a SparseTensor's values times (divided by)
the dense tensor's entries at their indices, the dense side broadcast to the sparse one; and
the `SparseTensor * dense` / `SparseTensor / dense` operators TF builds on them.

Gradients are torch.autograd's of the gather at the indices: the dense side's gradient sums
the values' gradients into the entries they read, which is TF's registered gradient (a
SparseTensorDenseAdd onto zeros).
"""
from __future__ import annotations

import torch

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _sparse_index as sx
from tfcompat.ops import math_ops

_INPUTS = ("sp_indices: int64", "sp_values: T", "sp_shape: int64", "dense: T")

# TF's _TRUEDIV_TABLE: integers divide as floats, floats as themselves
_TRUEDIV = {dtypes.uint8: dtypes.float32, dtypes.int8: dtypes.float32,
            dtypes.uint16: dtypes.float32, dtypes.int16: dtypes.float32,
            dtypes.int32: dtypes.float64, dtypes.int64: dtypes.float64,
            dtypes.float16: None, dtypes.bfloat16: None, dtypes.float32: None,
            dtypes.float64: None, dtypes.complex64: None, dtypes.complex128: None}


def _cwise_infer(op, sp_indices, sp_values, sp_shape, dense):
    # TF's shape function: a vector as long as the indices
    return [(sp_values.dtype.base_dtype, TensorShape([sp_indices.shape.dims[0]
                                                      if sp_indices.shape.ndims else None]))]


def _dense_at_indices(ctx, sp_indices, sp_shape, dense):
    """The dense entries each sparse index reads, after TF's check that the dense side
    broadcasts to the sparse one (never the other way)."""
    lhs = [int(d) for d in sx.host(sp_shape)]
    rhs = list(dense.shape)
    fits = len(lhs) >= len(rhs) and all(
        r == 1 or r == l for l, r in zip(lhs[len(lhs) - len(rhs):], rhs))
    if not fits:
        raise sx.invalid(ctx, "SparseDenseBinaryOpShared broadcasts dense to sparse only; got "
                              "incompatible shapes: [%s] vs. [%s]"
                         % (",".join(map(str, lhs)), ",".join(map(str, rhs))))
    padded = dense.reshape([1] * (len(lhs) - len(rhs)) + rhs)
    indices = sp_indices.long()
    coords = tuple(indices[:, d] if padded.shape[d] != 1 else torch.zeros_like(indices[:, d])
                   for d in range(len(lhs)))
    return padded[coords]


@register_op("SparseDenseCwiseMul", inputs=_INPUTS, infer=_cwise_infer)
def _lower_mul(ctx, sp_indices, sp_values, sp_shape, dense):
    return sp_values * _dense_at_indices(ctx, sp_indices, sp_shape, dense)


@register_op("SparseDenseCwiseDiv", inputs=_INPUTS, infer=_cwise_infer)
def _lower_div(ctx, sp_indices, sp_values, sp_shape, dense):
    divisor = _dense_at_indices(ctx, sp_indices, sp_shape, dense)
    # TF 2's kernel refuses a zero divisor at any sparse index, floating types included
    if divisor.numel() and bool((divisor == 0).any()):
        raise sx.invalid(ctx, "SparseDenseCwiseDiv cannot divide by zero,but input dense "
                              "tensor contains zero ")
    if sp_values.is_floating_point() or sp_values.is_complex():
        return sp_values / divisor
    return torch.div(sp_values, divisor, rounding_mode="trunc")  # C++ integer division


def sparse_dense_cwise_mul(sp_indices, sp_values, sp_shape, dense, name=None):
    """TF's gen_sparse_ops.sparse_dense_cwise_mul: the new values of the sparse operand."""
    return apply_op("SparseDenseCwiseMul", [sp_indices, sp_values, sp_shape, dense],
                    name=name or "SparseDenseCwiseMul")


def sparse_dense_cwise_div(sp_indices, sp_values, sp_shape, dense, name=None):
    """TF's gen_sparse_ops.sparse_dense_cwise_div: the new values of the sparse operand."""
    return apply_op("SparseDenseCwiseDiv", [sp_indices, sp_values, sp_shape, dense],
                    name=name or "SparseDenseCwiseDiv")


def _sparse_dense_truediv(sp_indices, sp_values, sp_shape, y, name=None):
    with name_scope(name, "truediv", [sp_indices, sp_values, sp_shape, y]) as name:
        sp_values = convert_to_tensor(sp_values, name="sp_values")
        y = convert_to_tensor(y, name="y")
        x_dtype, y_dtype = sp_values.dtype.base_dtype, y.dtype.base_dtype
        if x_dtype != y_dtype:
            raise TypeError("x and y must have the same dtype, got %r != %r" % (x_dtype, y_dtype))
        if x_dtype not in _TRUEDIV:
            raise TypeError("Invalid dtype %r in __truediv__" % x_dtype)
        dtype = _TRUEDIV[x_dtype]
        if dtype is not None:
            sp_values = math_ops.cast(sp_values, dtype)
            y = math_ops.cast(y, dtype)
        return sparse_dense_cwise_div(sp_indices, sp_values, sp_shape, y, name=name)


def _sparse_operator(func, op_name):
    """TF's binary_op_wrapper_sparse: `sp_x <op> y` with y a dense tensor (or a value made
    one of sp_x's dtype); only this direction exists, as in TF."""
    def wrapper(sp_x, y):
        with name_scope(None, op_name, [sp_x, y]) as name:
            y = convert_to_tensor(y, dtype=sp_x.dtype.base_dtype, name="y")
            return SparseTensor(sp_x.indices,
                                func(sp_x.indices, sp_x.values, sp_x.dense_shape, y, name=name),
                                sp_x.dense_shape)
    wrapper.__name__ = "__%s__" % op_name
    return wrapper


SparseTensor.__mul__ = _sparse_operator(sparse_dense_cwise_mul, "mul")
SparseTensor.__div__ = _sparse_operator(sparse_dense_cwise_div, "div")
SparseTensor.__truediv__ = _sparse_operator(_sparse_dense_truediv, "truediv")
