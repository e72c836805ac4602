"""Sparse layout kernels: `SparseReorder`, `SparseReshape`, `SparseConcat`, `SparseSlice`,
`SparseFillEmptyRows` (with TF's gradient ops `SparseSliceGrad`, `SparseFillEmptyRowsGrad`),
and `EditDistance`, the Levenshtein distance between the sequences of two SparseTensors.

The index arithmetic runs on the host as TF's CPU kernels do; values move only through
gathers (ops/_sparse_index.py), so autograd gives TF's gradients.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import _shape_fns
from tfcompat.ops import _sparse_index as sx
from tfcompat.ops.sparse_ops_math import _spread


def _create(ctx, indices, values, shape):
    """TF's SparseTensor::Create checks; the indices and shape on the host."""
    indices, shape = sx.host(indices), sx.host(shape)
    if np.ndim(values) != 1:
        raise sx.invalid(ctx, "vals must be a vec, but got: %s" % sx.dims_text(values))
    if indices.ndim != 2:
        raise sx.invalid(ctx, "indices must be a matrix, but got: %s" % sx.dims_text(indices))
    if indices.shape[0] != len(values):
        raise sx.invalid(ctx, "indices and values rows (indexing dimension) must match. "
                              "(indices = %d, values = %d)" % (indices.shape[0], len(values)))
    if shape.size != indices.shape[1]:
        raise sx.invalid(ctx, "Shape rank must be SparseTensor rank.")
    return indices, shape


def _vectors(ctx, named):
    """TF's `Input <name> should be a vector but received shape ...` checks."""
    for name, value in named:
        if np.ndim(value) != 1:
            raise sx.invalid(ctx, "Input %s should be a vector but received shape %s"
                             % (name, sx.dims_text(value)))


# -- SparseReorder -----------------------------------------------------------------------------

def _reorder_infer(op, input_indices, input_values, input_shape):
    inputs = [input_indices, input_values, input_shape]
    ind, val, _ = sx.with_ranks(op, inputs, (input_indices, 2), (input_values, 1),
                                (input_shape, 1))
    return [(dtypes.int64, ind), (input_values.dtype.base_dtype, val)]


@register_op("SparseReorder", inputs=("input_indices: int64", "input_values: T",
                                      "input_shape: int64"), infer=_reorder_infer)
@sx.never_folded
def _lower_reorder(ctx, input_indices, input_values, input_shape):
    if np.ndim(input_indices) != 2:
        raise sx.invalid(ctx, "Input indices should be a matrix but received shape %s"
                         % sx.dims_text(input_indices))
    _vectors(ctx, [("values", input_values), ("shape", input_shape)])
    indices, _ = _create(ctx, input_indices, input_values, input_shape)
    order = sx.row_major_order(indices)
    return sx.to_device(indices[order], ctx), sx.take(input_values, order)


# -- SparseReshape -----------------------------------------------------------------------------

def _reshape_infer(op, input_indices, input_shape, new_shape):
    inputs = [input_indices, input_shape, new_shape]
    ind, _, new = sx.with_ranks(op, inputs, (input_indices, 2), (input_shape, 1), (new_shape, 1))
    return [(dtypes.int64, TensorShape([ind[0].value, new[0].value])), (dtypes.int64, new)]


def _target_shape(ctx, in_shape, target):
    """The output shape TF's Reshape helper computes (one -1 inferred), with its texts."""
    dense_size = int(np.prod(in_shape))
    out, product, unknown = [], 1, -1
    for d, size in enumerate(target.tolist()):
        if size == -1:
            if unknown != -1:
                raise sx.invalid(ctx, "only one output dimension may be -1, not both %d and %d"
                                 % (unknown, d))
            unknown = d
            out.append(1)
            continue
        if size < 0:
            raise sx.invalid(ctx, "size %d must be non-negative, not %d" % (d, size))
        product *= size
        out.append(size)
    if unknown != -1:
        if product <= 0:
            raise sx.invalid(ctx, "reshape cannot infer the missing input size for an empty "
                                  "tensor unless all specified input sizes are non-zero")
        missing = dense_size // product
        if product * missing != dense_size:
            raise sx.invalid(ctx, "Input to reshape is a SparseTensor with %d dense values, but "
                                  "the requested shape requires a multiple of %d. input_shape=%s "
                                  "output_shape=%s" % (dense_size, product,
                                                       sx.shape_text(in_shape),
                                                       sx.shape_text(out)))
        out[unknown] = missing
    if int(np.prod(out)) != dense_size:
        raise sx.invalid(ctx, "Input to reshape is a tensor with %d dense values, but the "
                              "requested shape has %d. input_shape=%s output_shape=%s"
                         % (dense_size, int(np.prod(out)), sx.shape_text(in_shape),
                            sx.shape_text(out)))
    return np.array(out, dtype=np.int64)


@register_op("SparseReshape", inputs=("input_indices: int64", "input_shape: int64",
                                      "new_shape: int64"), infer=_reshape_infer)
@sx.never_folded
def _lower_reshape(ctx, input_indices, input_shape, new_shape):
    if np.ndim(input_indices) != 2:
        raise sx.invalid(ctx, "Input indices should be a matrix but received shape %s"
                         % sx.dims_text(input_indices))
    _vectors(ctx, [("shape", input_shape)])
    if np.ndim(new_shape) != 1:
        raise sx.invalid(ctx, "Target shape should be a vector but received shape %s"
                         % sx.dims_text(new_shape))
    indices, in_shape = sx.host(input_indices), sx.host(input_shape)
    out_shape = _target_shape(ctx, in_shape, sx.host(new_shape))
    if indices.shape[1] != in_shape.size:
        raise sx.invalid(ctx, "Input tensor rank must match input indices rank, got %d and %d"
                         % (in_shape.size, indices.shape[1]))
    flat = sx.flat_index(indices, in_shape)
    out = np.zeros((indices.shape[0], out_shape.size), dtype=np.int64)
    for d, stride in enumerate(sx.strides(out_shape)):
        out[:, d], flat = np.divmod(flat, stride) if stride else (0, flat)
    return sx.to_device(out, ctx), sx.to_device(out_shape, ctx)


# -- SparseConcat ------------------------------------------------------------------------------

def _concat_infer(op, *inputs, concat_dim=0):
    n = len(inputs) // 3
    rows, cols, shape = 0, None, None
    for i in range(n):
        ind, val, shp = sx.with_ranks(op, list(inputs), (inputs[i], 2), (inputs[n + i], 1),
                                      (inputs[2 * n + i], 1))
        count = _shape_fns.merge_dim(op, list(inputs), ind[0].value, val[0].value)
        rows = None if rows is None or count is None else rows + count
        cols = _shape_fns.merge_dim(op, list(inputs), cols, ind[1].value)
        shape = _shape_fns.merge_shapes(op, list(inputs), shape, shp.as_list())
    return [(dtypes.int64, TensorShape([rows, cols])),
            (inputs[n].dtype.base_dtype, TensorShape([rows])),
            (dtypes.int64, TensorShape(shape))]


def _concat_checks(ctx, inds, vals, shapes, concat_dim):
    for what, parts, rank in (("indices", inds, 2), ("values", vals, 1), ("shapes", shapes, 1)):
        for i, part in enumerate(parts):
            if np.ndim(part) != rank:
                raise sx.invalid(ctx, "Input %s should be a %s but received shape %s at "
                                      "position %d" % (what, "matrix" if rank == 2 else "vector",
                                                       sx.dims_text(part), i))
    first = sx.host(shapes[0])
    rank = first.size
    dim = rank + concat_dim if concat_dim < 0 else concat_dim
    if not 0 <= dim < rank:
        raise sx.invalid(ctx, "Concat dimension must be in range [%d, %d), got %d"
                         % (-rank, rank, concat_dim))
    for i, shape in enumerate(shapes[1:], 1):
        shape = sx.host(shape)
        if shape.size != rank:
            raise sx.invalid(ctx, "Ranks of all input tensors must match: expected %d but got "
                                  "%d at position %d" % (rank, shape.size, i))
        for j in range(rank):
            if j != dim and shape[j] != first[j]:
                raise sx.invalid(ctx, "Input shapes must match: expected %d for dimension %d "
                                      "but got %d at position %d" % (first[j], j, shape[j], i))
    return dim


def _lower_concat(ctx, *inputs, concat_dim=0):
    n = len(inputs) // 3
    inds, vals, shapes = inputs[:n], inputs[n:2 * n], inputs[2 * n:]
    dim = _concat_checks(ctx, inds, vals, shapes, concat_dim)
    parts, offset = [], 0
    for ind, val, shape in zip(inds, vals, shapes):
        ind, shape = _create(ctx, ind, val, shape)
        ind = ind.copy()
        ind[:, dim] += offset
        offset += int(shape[dim])
        parts.append(ind)
    indices = np.concatenate(parts)
    out_shape = sx.host(shapes[0]).copy()
    out_shape[dim] = offset
    order = sx.row_major_order(indices)
    return (sx.to_device(indices[order], ctx), sx.take(sx.concat(list(vals)), order),
            sx.to_device(out_shape, ctx))


register_op("SparseConcat", inputs=("indices: N*int64", "values: N*T", "shapes: N*int64"),
            infer=_concat_infer, attrs={"concat_dim": 0}, differentiable=False)(
                sx.never_folded(_lower_concat))


# -- SparseSlice and its gradient --------------------------------------------------------------

def _slice_infer(op, indices, values, shape, start, size):
    n = shape.shape.num_elements() if shape.shape.ndims is not None else None
    return [(dtypes.int64, TensorShape([None, n])),
            (values.dtype.base_dtype, TensorShape([None])), (dtypes.int64, shape.shape)]


@register_op("SparseSlice", inputs=("indices: int64", "values: T", "shape: int64",
                                    "start: int64", "size: int64"), infer=_slice_infer)
@sx.never_folded
def _lower_slice(ctx, indices, values, shape, start, size):
    if np.ndim(indices) != 2:
        raise sx.invalid(ctx, "Input indices should be a matrix but received shape %s"
                         % sx.dims_text(indices))
    _vectors(ctx, [("values", values), ("shape", shape), ("start", start), ("size", size)])
    dims = sx.size(shape)
    for name, value in (("start", start), ("size", size)):
        if sx.size(value) != dims:
            raise sx.invalid(ctx, "Expected %s to be a vector of length %d but got length %d"
                             % (name, dims, sx.size(value)))
    idx, shp = _create(ctx, indices, values, shape)
    begin, length = sx.host(start), sx.host(size)
    inside = np.all((idx >= begin) & (idx < begin + length), axis=1)
    kept = np.nonzero(inside)[0]
    out_shape = np.maximum(0, np.where(begin + length < shp, length, shp - begin))
    return (sx.to_device(idx[kept] - begin, ctx), sx.take(values, kept),
            sx.to_device(out_shape, ctx))


def _slice_grad_infer(op, backprop_val_grad, input_indices, input_start, output_indices):
    ind, = sx.with_ranks(op, [backprop_val_grad, input_indices, input_start, output_indices],
                         (input_indices, 2))
    return [(backprop_val_grad.dtype.base_dtype, TensorShape([ind[0].value]))]


@register_op("SparseSliceGrad", inputs=("backprop_val_grad: T", "input_indices: int64",
                                        "input_start: int64", "output_indices: int64"),
             infer=_slice_grad_infer)
@sx.never_folded
def _lower_slice_grad(ctx, backprop_val_grad, input_indices, input_start, output_indices):
    """Walks the input entries in order, matching each sliced entry (TF's kernel)."""
    ins = sx.matrix(ctx, input_indices, "input_indices")
    outs = sx.matrix(ctx, output_indices, "output_indices")
    start = sx.host(input_start)
    if backprop_val_grad.dim() != 1 or outs.shape[0] != backprop_val_grad.shape[0]:
        raise sx.invalid(ctx, "# elements of output_indices and backprop_val_grad must match, "
                              "got %d and %s" % (outs.shape[0], sx.dims_text(backprop_val_grad)))
    if ins.shape[1] != outs.shape[1] or start.size != ins.shape[1]:
        raise sx.invalid(ctx, "input_indices, output_indices and input_start must have the "
                              "same number of dimensions, got %d, %d and %d"
                         % (ins.shape[1], outs.shape[1], start.size))
    source, j = np.full(ins.shape[0], -1, dtype=np.int64), 0
    for i in range(ins.shape[0]):
        if j >= outs.shape[0]:
            break
        if np.array_equal(ins[i], outs[j] + start):
            source[i] = j
            j += 1
    if j != outs.shape[0]:
        raise errors.op_error(errors.InternalError, ctx.op,
                              "Elements of backprop_val_grad aren't all propagated. Num "
                              "elements:%d, used: %d" % (outs.shape[0], j))
    return _spread(backprop_val_grad, source)


# -- SparseFillEmptyRows and its gradient ------------------------------------------------------

def _fill_infer(op, indices, values, dense_shape, default_value):
    inputs = [indices, values, dense_shape, default_value]
    ind, val, shp, _ = sx.with_ranks(op, inputs, (indices, 2), (values, 1), (dense_shape, 1),
                                     (default_value, 0))
    n = _shape_fns.merge_dim(op, inputs, ind[0].value, val[0].value)
    _shape_fns.merge_dim(op, inputs, ind[1].value, shp[0].value)
    if shp[0].value == 0:
        raise shape_rules.shape_error("dense_shape must not be empty", op, inputs)
    rows = constant_value_as_shape(dense_shape)
    first = rows[0].value if rows.ndims else None
    return [(dtypes.int64, TensorShape([None, shp[0].value])),
            (values.dtype.base_dtype, TensorShape([None])),
            (dtypes.bool, TensorShape([first])), (dtypes.int64, TensorShape([n]))]


def _fill_checks(ctx, indices, values, dense_shape, default_value):
    if np.ndim(dense_shape) != 1:
        raise sx.invalid(ctx, "dense_shape must be a vector, saw: %s" % sx.dims_text(dense_shape))
    if np.ndim(indices) != 2:
        raise sx.invalid(ctx, "indices must be a matrix, saw: %s" % sx.dims_text(indices))
    if np.ndim(values) != 1:
        raise sx.invalid(ctx, "values must be a vector, saw: %s" % sx.dims_text(values))
    if np.shape(indices)[0] != len(values):
        raise sx.invalid(ctx, "The length of `values` (%d) must match the first dimension of "
                              "`indices` (%d)." % (len(values), np.shape(indices)[0]))
    if np.ndim(default_value) != 0:
        raise sx.invalid(ctx, "default_value must be a scalar, saw: %s"
                         % sx.dims_text(default_value))
    if sx.size(dense_shape) == 0:
        raise sx.invalid(ctx, "Dense shape cannot be empty.")


@register_op("SparseFillEmptyRows", inputs=("indices: int64", "values: T",
                                            "dense_shape: int64", "default_value: T"),
             infer=_fill_infer)
@sx.never_folded
def _lower_fill(ctx, indices, values, dense_shape, default_value):
    _fill_checks(ctx, indices, values, dense_shape, default_value)
    idx, shape = sx.host(indices), sx.host(dense_shape)
    n, dense_rows = idx.shape[0], int(shape[0])
    if dense_rows == 0 and n:
        raise sx.invalid(ctx, "Received SparseTensor with dense_shape[0] = 0 but "
                              "indices.shape[0] = %d" % n)
    rows = idx[:, 0]
    bad = np.nonzero((rows < 0) | (rows >= dense_rows))[0]
    if bad.size:
        raise sx.invalid(ctx, "indices(%d, 0) is invalid: %d >= %d"
                         % (bad[0], rows[bad[0]], dense_rows))
    counts = np.bincount(rows, minlength=dense_rows)
    empty = counts == 0
    ends = np.cumsum(np.maximum(counts, 1))
    starts = ends - np.maximum(counts, 1)
    reverse = starts[rows] + _rank_in_row(rows)
    total = int(ends[-1]) if dense_rows else 0
    out = np.zeros((total, idx.shape[1]), dtype=np.int64)
    source = np.full(total, n, dtype=np.int64)           # n: the default value
    out[reverse] = idx
    source[reverse] = np.arange(n)
    out[starts[empty], 0] = np.nonzero(empty)[0]
    pool = sx.concat([values, sx.repeat(default_value, 1, values)])
    return (sx.to_device(out, ctx), sx.take(pool, source),
            torch.as_tensor(empty, device=ctx.device), sx.to_device(reverse, ctx))


def _rank_in_row(rows: np.ndarray) -> np.ndarray:
    """Each entry's position among the earlier entries of its row."""
    order = np.argsort(rows, kind="stable")
    sorted_rows = rows[order]
    first = np.searchsorted(sorted_rows, sorted_rows, side="left")
    out = np.empty(len(rows), dtype=np.int64)
    out[order] = np.arange(len(rows)) - first
    return out


def _fill_grad_infer(op, reverse_index_map, grad_values):
    rmap, = sx.with_ranks(op, [reverse_index_map, grad_values], (reverse_index_map, 1))
    dtype = grad_values.dtype.base_dtype
    return [(dtype, TensorShape([rmap[0].value])), (dtype, TensorShape([]))]


@register_op("SparseFillEmptyRowsGrad", inputs=("reverse_index_map: int64", "grad_values: T"),
             infer=_fill_grad_infer)
@sx.never_folded
def _lower_fill_grad(ctx, reverse_index_map, grad_values):
    rmap = sx.host(reverse_index_map)
    if rmap.ndim != 1:
        raise sx.invalid(ctx, "reverse_index_map must be a vector, saw: %s" % sx.dims_text(rmap))
    if grad_values.dim() != 1:
        raise sx.invalid(ctx, "grad_values must be a vector, saw: %s"
                         % sx.dims_text(grad_values))
    full = grad_values.shape[0]
    bad = np.nonzero((rmap < 0) | (rmap >= full))[0]
    if bad.size:
        raise sx.invalid(ctx, "Elements in reverse index must be in [0, %d) but got %d"
                         % (full, rmap[bad[0]]))
    visited = np.zeros(full, dtype=bool)
    visited[rmap] = True
    rest = torch.as_tensor(~visited, device=grad_values.device)
    zero = torch.zeros((), dtype=grad_values.dtype, device=grad_values.device)
    rest_values, undo = sx.in_int64(torch.where(rest, grad_values, zero))
    return sx.take(grad_values, rmap), undo(rest_values.sum().to(rest_values.dtype))


# -- EditDistance ------------------------------------------------------------------------------

def _edit_infer(op, hypothesis_indices, hypothesis_values, hypothesis_shape, truth_indices,
                truth_values, truth_shape, *, normalize=True):
    inputs = [hypothesis_indices, hypothesis_values, hypothesis_shape, truth_indices,
              truth_values, truth_shape]
    sx.validate_sparse(op, inputs, *inputs[:3])
    sx.validate_sparse(op, inputs, *inputs[3:])
    hyp, truth = constant_value(hypothesis_shape), constant_value(truth_shape)
    if hyp is None or truth is None:
        return [(dtypes.float32, TensorShape(None))]
    computed = {2: hyp, 5: truth}  # the shape function read both shapes' values
    if hyp.size != truth.size:
        raise shape_rules.shape_error("Num elements of hypothesis_shape does not match "
                                      "truth_shape: %d vs. %d" % (hyp.size, truth.size),
                                      op, inputs, computed)
    if hyp.size < 2:
        raise shape_rules.shape_error("Input Hypothesis SparseTensors must have rank at least "
                                      "2, but hypothesis_shape rank is: %d" % hyp.size, op,
                                      inputs, computed)
    return [(dtypes.float32, TensorShape([max(int(a), int(b))
                                          for a, b in zip(hyp[:-1], truth[:-1])]))]


def _edit_checks(ctx, h_idx, h_val, h_shape, t_idx, t_val, t_shape):
    for name, value, rank in (("hypothesis_indices", h_idx, 2), ("truth_indices", t_idx, 2),
                              ("hypothesis_values", h_val, 1), ("truth_values", t_val, 1),
                              ("hypothesis_shape", h_shape, 1), ("truth_shape", t_shape, 1)):
        if np.ndim(value) != rank:
            raise sx.invalid(ctx, "%s should be a %s, but got shape: %s"
                             % (name, "matrix" if rank == 2 else "vector", sx.dims_text(value)))
    if sx.size(h_shape) != np.shape(h_idx)[1]:
        raise sx.invalid(ctx, "Expected hypothesis_shape.NumElements == #cols("
                              "hypothesis_indices), their shapes are: %s and %s"
                         % (sx.dims_text(h_shape), sx.dims_text(h_idx)))
    if sx.size(t_shape) < 2:
        raise sx.invalid(ctx, "Input SparseTensors must have rank at least 2, but truth_shape "
                              "rank is: %d" % sx.size(t_shape))
    if sx.size(t_shape) != np.shape(t_idx)[1]:
        raise sx.invalid(ctx, "Expected truth_shape.NumElements == #cols(truth_indices), their "
                              "shapes are: %s and %s" % (sx.dims_text(t_shape),
                                                         sx.dims_text(t_idx)))
    if sx.size(t_shape) != sx.size(h_shape):
        raise sx.invalid(ctx, "Expected truth and hypothesis to have matching ranks, but their "
                              "shapes are: %s and %s" % (sx.dims_text(t_shape),
                                                         sx.dims_text(h_shape)))


def _sequences(indices, values):
    """TF's GroupIterable over all but the last dim: [(group key, values list)], in order."""
    items = values.tolist() if isinstance(values, np.ndarray) else values.cpu().tolist()
    starts = list(sx.groups(indices[:, :-1])) + [len(items)]
    return [(tuple(indices[s, :-1].tolist()), items[s:e]) for s, e in zip(starts, starts[1:])]


def _levenshtein(a, b) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


@register_op("EditDistance", inputs=("hypothesis_indices: int64", "hypothesis_values: T",
                                     "hypothesis_shape: int64", "truth_indices: int64",
                                     "truth_values: T", "truth_shape: int64"),
             infer=_edit_infer, attrs={"normalize": True}, differentiable=False,
             host_only=True)
def _lower_edit(ctx, hypothesis_indices, hypothesis_values, hypothesis_shape, truth_indices,
                truth_values, truth_shape, *, normalize=True):
    _edit_checks(ctx, hypothesis_indices, hypothesis_values, hypothesis_shape, truth_indices,
                 truth_values, truth_shape)
    h_shape, t_shape = sx.host(hypothesis_shape), sx.host(truth_shape)
    out_shape = [max(int(a), int(b)) for a, b in zip(h_shape[:-1], t_shape[:-1])]
    out = np.zeros(int(np.prod(out_shape)), dtype=np.float32)
    strides = sx.strides(out_shape)
    hyps = _sequences(sx.host(hypothesis_indices), hypothesis_values)
    truths = _sequences(sx.host(truth_indices), truth_values)
    i = j = 0
    with np.errstate(divide="ignore", invalid="ignore"):
        while i < len(hyps) or j < len(truths):
            i, j = _edit_step(ctx, out, strides, hyps, truths, i, j, normalize)
    return torch.as_tensor(out.reshape(out_shape), device=ctx.device)


def _edit_step(ctx, out, strides, hyps, truths, i, j, normalize):
    """One step of TF's merge of the hypothesis and truth groups: writes one output."""
    h_key = hyps[i][0] if i < len(hyps) else None
    t_key = truths[j][0] if j < len(truths) else None
    if h_key is not None and h_key == t_key:
        key, value = h_key, _levenshtein(truths[j][1], hyps[i][1])
        value = value / np.float32(len(truths[j][1])) if normalize else value
        i, j = i + 1, j + 1
    elif t_key is None or (h_key is not None and t_key > h_key):    # no truth here
        key, value = h_key, len(hyps[i][1])
        value = np.float32(value) / np.float32(0.0) if normalize else value
        i += 1
    else:                                                         # no hypothesis here
        key, value = t_key, 1.0 if normalize else len(truths[j][1])
        j += 1
    loc = int(np.dot(key, strides)) if key else 0
    if not 0 <= loc < out.size:
        raise errors.op_error(errors.InternalError, ctx.op,
                              "Got an inner product %d which would require writing to "
                              "outside of the buffer for the output tensor (max elements "
                              "%d)" % (loc, out.size))
    out[loc] = value
    return i, j
