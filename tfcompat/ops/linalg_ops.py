"""Linear-algebra ops needed by the initializers: `Qr` (tf.qr) and `DiagPart` (tf.diag_part).
"""
from __future__ import annotations

import torch

from tfcompat.framework import tensor_shape
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op


def _qr_infer(op, x, *, full_matrices=False):
    shape = x.shape
    if shape.ndims is None:
        return [(x.dtype.base_dtype, shape), (x.dtype.base_dtype, shape)]
    dims = shape.as_list()
    m, n = dims[-2], dims[-1]
    k = None if m is None or n is None else min(m, n)
    batch = dims[:-2]
    q = batch + [m, m if full_matrices else k]
    r = batch + [m if full_matrices else k, n]
    return [(x.dtype.base_dtype, tensor_shape.TensorShape(q)),
            (x.dtype.base_dtype, tensor_shape.TensorShape(r))]


@register_op("Qr", inputs=("input: T",), infer=_qr_infer, attrs={"full_matrices": False})
def _lower_qr(ctx, x, *, full_matrices=False):
    q, r = torch.linalg.qr(x, mode="complete" if full_matrices else "reduced")
    return q, r


def _diag_part_infer(op, x):
    shape = x.shape
    if shape.ndims is None:
        return [(x.dtype.base_dtype, tensor_shape.unknown_shape())]
    half = shape.ndims // 2
    return [(x.dtype.base_dtype, shape[:half])]


@register_op("DiagPart", inputs=("input: T",), infer=_diag_part_infer)
def _lower_diag_part(ctx, x):
    half = x.dim() // 2
    n = int(torch.tensor(x.shape[:half]).prod()) if half else 1
    return x.reshape(n, n).diagonal().reshape(x.shape[:half])


def qr(input, full_matrices=False, name=None):
    """TF1 `tf.qr`: (q, r) with q orthonormal and r upper triangular."""
    return apply_op("Qr", [input], name=name or "Qr", full_matrices=bool(full_matrices))


def diag_part(input, name=None):
    """TF1 `tf.diag_part`: the diagonal of a square (2k-rank) tensor."""
    return apply_op("DiagPart", [input], name=name or "DiagPart")
