"""`ScatterNd` (tf.scatter_nd): a new tensor of `shape`, zeros except where `indices` point,
which hold the sum of the `updates` sent there (TF's ADD update: booleans OR, strings
concatenate in order), with TF's shape function (ScatterNdShapeHelper) and kernel checks. The
gradient with respect to `updates` is torch's of the accumulation, TF's GatherNd of the
gradient.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import _shape_fns as fns


# torch has no accumulating kernels for uint16/32/64: their sums are the signed sums' bits
_SIGNED_VIEW = {getattr(torch, "uint%d" % n): getattr(torch, "int%d" % n) for n in (16, 32, 64)
                if hasattr(torch, "uint%d" % n)}


def _text(dims):
    return "[%s]" % ",".join("?" if d is None else str(d) for d in dims)


def _output_shape(op, inputs, shape):
    """MakeShapeFromShapeTensor: a partial shape from the `shape` input."""
    value = constant_value(shape)
    if value is not None and shape.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
        raise ValueError("Input tensor must be int32 or int64, but was %s"
                         % shape.dtype.base_dtype.name)
    fns.with_rank(op, inputs, shape.shape, 1)
    return constant_value_as_shape(shape)


def _merge_or_explain(op, inputs, a, b, prefix):
    try:
        fns.merge_shapes(op, inputs, a, b)
    except ValueError as e:
        detail = str(e).split(" for '{{node")[0]
        raise shape_rules.shape_error("%s: %s" % (prefix, detail), op, inputs) from None


def _scatter_nd_infer(op, indices, updates, shape):
    inputs = [indices, updates, shape]
    idx = fns.with_rank_at_least(op, inputs, indices.shape, 1)
    upd = fns.with_rank_at_least(op, inputs, updates.shape, 1)
    out = _output_shape(op, inputs, shape)
    counts = [s.num_elements() if s.is_fully_defined() else None for s in (out, idx, upd)]
    if counts[0] == 0 and ((counts[1] or 0) > 0 or (counts[2] or 0) > 0):
        raise shape_rules.shape_error("Indices and updates specified for empty input", op, inputs,
                                      {2: constant_value(shape)})
    check_slice_dims(op, inputs, idx, upd, out)
    return [(updates.dtype.base_dtype, out)]


def check_slice_dims(op, inputs, idx, upd, out):
    """TF's scatter-nd shape checks (ScatterNdShapeHelper): updates' leading dims are the
    indices' batch dims and its trailing dims the sliced dims of the output `out`."""
    if idx.ndims is None or upd.ndims is None or idx.as_list()[-1] is None:
        return
    outer, ix = idx.ndims - 1, idx.as_list()[-1]
    i_dims, u_dims = idx.as_list(), upd.as_list()
    _merge_or_explain(op, inputs, i_dims[:outer], u_dims[:outer],
                      "Dimensions [0,%d) of indices[shape=%s] = %s must match dimensions "
                      "[0,%d) of updates[shape=%s] = %s"
                      % (outer, _text(i_dims), _text(i_dims[:outer]), outer, _text(u_dims),
                         _text(u_dims[:outer])))
    if out.ndims is not None:
        o_dims = out.as_list()
        _merge_or_explain(op, inputs, o_dims[ix:], u_dims[outer:],
                          "Dimensions [%d,%d) of input[shape=%s] = %s must match dimensions "
                          "[%d,%d) of updates[shape=%s] = %s"
                          % (ix, len(o_dims), _text(o_dims), _text(o_dims[ix:]), outer,
                             len(u_dims), _text(u_dims), _text(u_dims[outer:])))


def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


def _fmt(dims):
    return "[%s]" % ",".join(str(int(d)) for d in dims)


def _check(ctx, indices, updates, shape):
    """ScatterNdOp's checks, in its order; the output shape."""
    if indices.dim() < 1:
        _fail(ctx, "Indices shape must have rank at least one. Found:%s" % _fmt(indices.shape))
    if updates.ndim < 1:
        _fail(ctx, "Updates shape must have rank at least one. Found:%s" % _fmt(updates.shape))
    dims = [int(d) for d in shape.reshape(-1).tolist()]
    for d in dims:
        if d < 0:
            _fail(ctx, "Dimension %d must be >= 0" % d)
    sizes = (int(np.prod(dims)), indices.numel(), int(np.prod(updates.shape)))
    if not (sizes[1] == 0 and sizes[2] == 0) and 0 in sizes:
        _fail(ctx, "Indices and updates specified for empty output shape")
    outer = indices.dim() - 1
    ix = indices.shape[-1]
    u_dims = list(updates.shape)
    if list(indices.shape[:outer]) != u_dims[:outer]:
        _fail(ctx, "Dimensions [0,%d) of indices[shape=%s] must match dimensions [0,%d) of "
              "updates[shape=%s]" % (outer, _fmt(indices.shape), outer, _fmt(u_dims)))
    if dims[ix:] != u_dims[outer:]:
        _fail(ctx, "Dimensions [%d,%d) of input[shape=%s] must match dimensions [%d,%d) of "
              "updates[shape=%s]" % (ix, len(dims), _fmt(dims), outer, len(u_dims),
                                     _fmt(u_dims)))
    return dims


def _flat_positions(ctx, indices, dims):
    """Each index row's offset into the flattened slices of the output; TF's bound check."""
    ix = indices.shape[-1]
    rows = indices.reshape(-1, ix).long()
    bounds = torch.tensor(dims[:ix], dtype=torch.int64, device=rows.device)
    bad = ((rows < 0) | (rows >= bounds)).any(dim=1)
    if bool(bad.any()):
        i = int(bad.nonzero()[0, 0])
        _fail(ctx, "indices[%d] = [%s] does not index into shape %s"
              % (i, ", ".join(str(int(v)) for v in rows[i].tolist()), _fmt(dims)))
    strides = [int(np.prod(dims[k + 1:ix], dtype=np.int64)) for k in range(ix)]
    return (rows * torch.tensor(strides, dtype=torch.int64, device=rows.device)).sum(dim=1)


def _scatter_strings(positions, updates, dims, ix):
    slice_size = int(np.prod(dims[ix:], dtype=np.int64))
    out = np.full((int(np.prod(dims[:ix], dtype=np.int64)), slice_size), b"", dtype=object)
    rows = np.asarray(updates, dtype=object).reshape(-1, slice_size)
    for pos, row in zip(positions.tolist(), rows):
        out[pos] = [a + b for a, b in zip(out[pos], row)]
    return out.reshape(dims)


@register_op("ScatterNd", inputs=("indices: Tindices", "updates: T", "shape: Tindices"),
             infer=_scatter_nd_infer)
def _lower_scatter_nd(ctx, indices, updates, shape):
    dims = _check(ctx, indices, updates, shape)
    positions = _flat_positions(ctx, indices, dims)
    ix = indices.shape[-1]
    if isinstance(updates, np.ndarray):
        return _scatter_strings(positions, updates, dims, ix)
    slice_size = int(np.prod(dims[ix:], dtype=np.int64))
    values = updates.reshape(-1, slice_size)
    if updates.dtype == torch.bool:  # TF's ADD of booleans is OR
        out = torch.zeros((int(np.prod(dims[:ix], dtype=np.int64)), slice_size),
                          dtype=torch.int32, device=updates.device)
        out = out.index_put((positions,), values.int(), accumulate=True) > 0
    elif updates.dtype in _SIGNED_VIEW:  # wrap-around sums, on the signed type's bits
        signed = _SIGNED_VIEW[updates.dtype]
        out = torch.zeros((int(np.prod(dims[:ix], dtype=np.int64)), slice_size),
                          dtype=signed, device=updates.device)
        out = out.index_put((positions,), values.view(signed), accumulate=True)
        out = out.view(updates.dtype)
    else:
        out = torch.zeros((int(np.prod(dims[:ix], dtype=np.int64)), slice_size),
                          dtype=updates.dtype, device=updates.device)
        out = out.index_put((positions,), values, accumulate=True)
    return out.reshape(dims)


def scatter_nd(indices, updates, shape, name=None):
    """TF1 `tf.scatter_nd`: scatters `updates` into a new zero tensor of `shape`."""
    return apply_op("ScatterNd", [indices, updates, shape], name=name or "ScatterNd")

