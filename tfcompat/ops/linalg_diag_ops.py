"""Diagonals and bands of matrices: `Diag` (tf.diag, a rank-2k tensor from a rank-k one),
`MatrixDiagV3`, `MatrixDiagPartV3` and `MatrixSetDiagV3` (tf.linalg.diag / diag_part /
set_diag, with TF 2's band `k = (lower, upper)`, `num_rows`/`num_cols`, padding and alignment)
and `MatrixBandPart`; plus TF's composites `eye` and `trace`.

The band ops share one index map (`_band_index`): for each element of the packed diagonals
(row `upper - d` for diagonal d, position n) the matrix cell it holds, laid out as TF's kernels
lay it out (`align`: a diagonal shorter than the longest is left- or right-aligned). Values
move with torch indexing, so the gradients are TF's (the diagonal part of the gradient, and
the gradient with the band zeroed for `set_diag`'s input).
"""
from __future__ import annotations

import functools

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns as fns
from tfcompat.framework.operation import Tensor
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops

ALIGNMENTS = ("LEFT_RIGHT", "RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT")


def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


# -- Diag (tf.diag) -----------------------------------------------------------------------------

def _diag_infer(op, diagonal):
    shape = fns.with_rank_at_least(op, [diagonal], diagonal.shape, 1)
    if shape.ndims is None:
        return [(diagonal.dtype.base_dtype, tensor_shape.unknown_shape())]
    return [(diagonal.dtype.base_dtype, shape.concatenate(shape))]


@register_op("Diag", inputs=("diagonal: T",), infer=_diag_infer)
def _lower_diag(ctx, diagonal):
    if diagonal.dim() < 1:
        _fail(ctx, "Input must be at least rank 1, got %d" % diagonal.dim())
    shape = tuple(diagonal.shape)
    return torch.diag(diagonal.reshape(-1)).reshape(shape + shape)


def diag(diagonal, name=None):
    """TF1 `tf.diag` / `tf.linalg.tensor_diag`: output[i..., i...] = diagonal[i...]."""
    return apply_op("Diag", [diagonal], name=name or "Diag")


# -- the band index map -------------------------------------------------------------------------

@functools.lru_cache(maxsize=256)
def _band_index(rows, cols, lower, upper, max_len, align):
    """(flat index into the packed diagonals, flat index into the matrix) of every element a
    band op moves, for a `rows` x `cols` matrix and diagonals `lower`..`upper` packed
    `max_len` long (TF's ComputeDiagLenAndContentOffset)."""
    left_super = align in ("LEFT_LEFT", "LEFT_RIGHT")
    left_sub = align in ("LEFT_LEFT", "RIGHT_LEFT")
    packed, cells = [], []
    for d in range(upper, lower - 1, -1):
        length = min(rows + min(0, d), cols - max(0, d))
        if length <= 0:
            continue
        left = (d >= 0 and left_super) or (d <= 0 and left_sub)
        offset = 0 if left else max_len - length
        n = np.arange(length)
        packed.append((upper - d) * max_len + n + offset)
        cells.append((n - min(0, d)) * cols + n + max(0, d))
    if not packed:
        return torch.zeros(0, dtype=torch.int64), torch.zeros(0, dtype=torch.int64)
    return (torch.from_numpy(np.concatenate(packed)).long(),
            torch.from_numpy(np.concatenate(cells)).long())


def _indices(device, *key):
    packed, cells = _band_index(*key)
    return packed.to(device, non_blocking=True), cells.to(device, non_blocking=True)


def _diag_indices_value(ctx, k):
    """The kernels' reading of `k`: a scalar or a vector of one or two diagonal indices."""
    if k.dim() > 1:
        _fail(ctx, "diag_index must be a scalar or vector, received shape: %s" % list(k.shape))
    k = k.reshape(-1)
    if k.numel() == 0:
        _fail(ctx, "Expected diag_index to have at least 1 element")
    if k.numel() > 2:
        _fail(ctx, "diag_index must have only one or two elements, received %d elements."
              % k.numel())
    values = [int(v) for v in k.tolist()]
    return values[0], values[-1]


def _check_band(ctx, rows, cols, lower, upper, sep=". "):
    if not (-rows < lower < cols or lower == 0):
        _fail(ctx, "lower_diag_index is out of bound: %d%sIt must be between %d and %d"
              % (lower, sep, -rows, cols))
    if not (-rows < upper < cols or upper == 0):
        _fail(ctx, "upper_diag_index is out of bound: %d It must be between %d and %d"
              % (upper, -rows, cols))
    if lower > upper:
        _fail(ctx, "lower_diag_index must not be larger than upper_diag_index: %d > %d"
              % (lower, upper))


# -- static shapes (TF's MatrixDiagV2Shape, MatrixDiagPartV2Shape, MatrixSetDiagV2Shape) --------

def _static_k(op, inputs, k, index):
    """The (lower, upper) band of a constant `k`, or None."""
    value = constant_value(k)
    if value is None or k.shape.ndims is None or not k.shape.is_fully_defined():
        return None
    flat = [int(v) for v in np.asarray(value).reshape(-1)]
    if len(flat) not in (1, 2):
        raise shape_rules.shape_error("diag_index must be a vector with one or two elements. It "
                                      "has %d elements." % len(flat), op, inputs,
                                      {index: value})
    if flat[0] > flat[-1]:
        raise shape_rules.shape_error("lower_diag_index is greater than upper_diag_index", op,
                                      inputs, {index: value})
    return flat[0], flat[-1]


def _static_int(tensor, unknown=-1):
    value = constant_value(tensor)
    return unknown if value is None else int(np.asarray(value).reshape(-1)[0])


def _matrix_diag_infer(op, diagonal, k, num_rows, num_cols, padding_value, *, align):
    inputs = [diagonal, k, num_rows, num_cols, padding_value]
    dtype = diagonal.dtype.base_dtype
    shape = fns.with_rank_at_least(op, inputs, diagonal.shape, 1)
    fns.with_rank_at_most(op, inputs, k.shape, 1)
    for t in (num_rows, num_cols, padding_value):
        fns.with_rank(op, inputs, t.shape, 0)
    band = _static_k(op, inputs, k, 1)
    if shape.ndims is None or band is None:
        return [(dtype, tensor_shape.unknown_shape())]
    lower, upper = band
    dims = shape.as_list()
    if lower < upper and (len(dims) < 2 or dims[-2] != upper - lower + 1):
        raise ValueError("The number of rows of `diagonal` doesn't match the number of diagonals "
                         "implied from `d_lower` and `d_upper`.\nnum_diags = %s, d_lower = %d, "
                         "d_upper = %d %d %s" % (dims[-2] if len(dims) > 1 else -1, lower, upper,
                                                 len(dims), dims[-1]))
    rows, cols = _static_int(num_rows), _static_int(num_cols)
    # NOTE: TF computes with an unknown diagonal length as -1, as here
    length = -1 if dims[-1] is None else dims[-1]
    min_rows, min_cols = length - min(upper, 0), length + max(lower, 0)
    if rows == -1 and cols == -1:
        rows = cols = max(min_rows, min_cols)
    if rows == -1:
        rows = min_rows
    elif rows < min_rows:
        raise shape_rules.shape_error("num_rows is too small", op, inputs, _computed(inputs))
    if cols == -1:
        cols = min_cols
    elif cols < min_cols:
        raise shape_rules.shape_error("num_cols is too small.", op, inputs, _computed(inputs))
    if rows != min_rows and cols != min_cols:
        raise ValueError("num_rows and num_cols are not consistent with lower_diag_index, "
                         "upper_diag_index, and the length of the given diagonals.\nnum_rows = "
                         "%d != min_num_rows = %d, num_cols = %d != min_num_cols = %d"
                         % (rows, min_rows, cols, min_cols))
    rows, cols = (None if rows < 0 else rows), (None if cols < 0 else cols)
    batch = dims[:-1] if lower == upper else dims[:-2]
    return [(dtype, TensorShape(batch + [rows, cols]))]


def _computed(inputs):
    out = {}
    for i, t in enumerate(inputs[1:4], 1):
        value = constant_value(t)
        if value is not None:
            out[i] = value
    return out


def _check_static_band(op, inputs, dims, lower, upper, k_index):
    """The band checks of TF's shape functions on a known matrix size; the longest diagonal's
    length (None where the size is unknown)."""
    rows, cols = dims[-2], dims[-1]
    if rows is None or cols is None:
        return None
    computed = {k_index: constant_value(inputs[k_index])}
    for which, index in (("lower", lower), ("upper", upper)):
        if index != 0 and not -rows < index < cols:
            raise shape_rules.shape_error("%s_diag_index is out of bound." % which, op, inputs,
                                          computed)
    return min(rows + min(upper, 0), cols - max(lower, 0))


def _matrix_diag_part_infer(op, x, k, padding_value, *, align):
    inputs = [x, k, padding_value]
    dtype = x.dtype.base_dtype
    shape = fns.with_rank_at_least(op, inputs, x.shape, 2)
    fns.with_rank_at_most(op, inputs, k.shape, 1)
    fns.with_rank(op, inputs, padding_value.shape, 0)
    band = _static_k(op, inputs, k, 1)
    if shape.ndims is None or band is None:
        return [(dtype, tensor_shape.unknown_shape())]
    lower, upper = band
    dims = shape.as_list()
    max_len = _check_static_band(op, inputs, dims, lower, upper, 1)
    out = dims[:-2] + ([upper - lower + 1] if lower < upper else []) + [max_len]
    return [(dtype, TensorShape(out))]


def _matrix_set_diag_infer(op, x, diagonal, k, *, align):
    inputs = [x, diagonal, k]
    shape = fns.with_rank_at_least(op, inputs, x.shape, 2)
    diag_shape = fns.with_rank_at_least(op, inputs, diagonal.shape, 1)
    fns.with_rank_at_most(op, inputs, k.shape, 1)
    band = _static_k(op, inputs, k, 2)
    lower, upper = band or (0, 0)
    if shape.ndims is not None:
        rank = shape.ndims
        if band is not None:
            fns.with_rank(op, inputs, diag_shape, rank - 1 if lower == upper else rank)
        else:
            fns.with_rank_at_least(op, inputs, diag_shape, rank - 1)
            fns.with_rank_at_most(op, inputs, diag_shape, rank)
        _check_static_band(op, inputs, shape.as_list(), lower, upper, 2)
    out = fns.dims(shape)
    if diag_shape.ndims is not None and not shape.is_fully_defined():
        prefix = diag_shape.as_list()[:-1 if lower == upper else -2]
        out = fns.merge_shapes(op, inputs, out, prefix + [None, None])
    return [(x.dtype.base_dtype, TensorShape(out))]


def _check_align(op, align):
    if align not in ALIGNMENTS:
        raise ValueError("Attr 'align' of '%s' Op passed string '%s' not in: %s."
                         % (op.type, align, ", ".join('"%s"' % a for a in ALIGNMENTS)))


def _checked(infer):
    def checked(op, *inputs, align="RIGHT_LEFT"):
        _check_align(op, align)
        return infer(op, *inputs, align=align)
    checked.__name__ = infer.__name__
    return checked


# -- MatrixDiagV3, MatrixDiagPartV3, MatrixSetDiagV3 -------------------------------------------

def _flat_batch(x, inner):
    """`x` as [batch, product of its last `inner` dimensions]."""
    batch = tuple(x.shape[:x.dim() - inner])
    return x.reshape((int(np.prod(batch, dtype=np.int64)), -1)), batch


@register_op("MatrixDiagV3", inputs=("diagonal: T", "k: int32", "num_rows: int32",
                                     "num_cols: int32", "padding_value: T"),
             infer=_checked(_matrix_diag_infer), attrs={"align": "RIGHT_LEFT"})
def _lower_matrix_diag_v3(ctx, diagonal, k, num_rows, num_cols, padding_value, *,
                          align="RIGHT_LEFT"):
    lower, upper = _diag_indices_value(ctx, k)
    for name, t in (("num_rows", num_rows), ("num_cols", num_cols),
                    ("padding_value", padding_value)):
        if t.dim() != 0:
            _fail(ctx, "%s must be a scalar" % name)
    if diagonal.dim() < 1:
        _fail(ctx, "diagonal must be at least 1-dim, received shape: []")
    if lower > upper:
        _fail(ctx, "lower_diag_index must not be larger than upper_diag_index: %d > %d"
              % (lower, upper))
    num_diags = upper - lower + 1
    if lower != upper and (diagonal.dim() < 2 or diagonal.shape[-2] != num_diags):
        _fail(ctx, "The number of diagonals provided in the input does not match the "
                   "lower_diag_index and upper_diag_index range.")
    max_len = diagonal.shape[-1]
    rows, cols = int(num_rows), int(num_cols)
    min_rows, min_cols = max_len - min(upper, 0), max_len + max(lower, 0)
    if rows != -1 and rows < min_rows:
        _fail(ctx, "The number of rows is too small.")
    if cols != -1 and cols < min_cols:
        _fail(ctx, "The number of columns is too small.")
    if rows == -1 and cols == -1:
        rows = cols = max(min_rows, min_cols)
    elif rows == -1:
        rows = min_rows
    elif cols == -1:
        cols = min_cols
    if rows != min_rows and cols != min_cols:
        _fail(ctx, "The number of rows or columns is not consistent with the specified d_lower, "
                   "d_upper, and diagonal.")
    flat, batch = _flat_batch(diagonal, 1 if lower == upper else 2)
    out = padding_value.to(diagonal.dtype).expand(flat.shape[0], rows * cols).clone()
    packed, cells = _indices(diagonal.device, rows, cols, lower, upper, max_len, align)
    out[:, cells] = flat[:, packed]
    return out.reshape(batch + (rows, cols))


def _matrix_band(ctx, x, k, sep=". "):
    if x.dim() < 2:
        _fail(ctx, "input must be at least 2-dim, received shape: %s" % list(x.shape))
    lower, upper = _diag_indices_value(ctx, k)
    rows, cols = x.shape[-2], x.shape[-1]
    _check_band(ctx, rows, cols, lower, upper, sep)
    return lower, upper, rows, cols, min(rows + min(upper, 0), cols - max(lower, 0))


@register_op("MatrixDiagPartV3", inputs=("input: T", "k: int32", "padding_value: T"),
             infer=_checked(_matrix_diag_part_infer), attrs={"align": "RIGHT_LEFT"})
def _lower_matrix_diag_part_v3(ctx, x, k, padding_value, *, align="RIGHT_LEFT"):
    if padding_value.numel() != 1:
        _fail(ctx, "Padding must be scalar.")
    lower, upper, rows, cols, max_len = _matrix_band(ctx, x, k)
    flat, batch = _flat_batch(x, 2)
    num_diags = upper - lower + 1
    out = padding_value.reshape(()).to(x.dtype).expand(
        flat.shape[0], num_diags * max(max_len, 0)).clone()
    packed, cells = _indices(x.device, rows, cols, lower, upper, max_len, align)
    out[:, packed] = flat[:, cells]
    return out.reshape(batch + ((num_diags,) if num_diags > 1 else ()) + (max(max_len, 0),))


@register_op("MatrixSetDiagV3", inputs=("input: T", "diagonal: T", "k: int32"),
             infer=_checked(_matrix_set_diag_infer), attrs={"align": "RIGHT_LEFT"})
def _lower_matrix_set_diag_v3(ctx, x, diagonal, k, *, align="RIGHT_LEFT"):
    if diagonal.dim() < 1:
        _fail(ctx, "diagonal must be at least 1-dim, received shape: %s" % list(diagonal.shape))
    lower, upper, rows, cols, max_len = _matrix_band(ctx, x, k, sep=" ")
    num_diags = upper - lower + 1
    expected = tuple(x.shape[:-2]) + ((num_diags,) if num_diags > 1 else ()) + (max_len,)
    if lower != upper and (diagonal.dim() < x.dim() or
                           diagonal.shape[x.dim() - 2] != num_diags):
        _fail(ctx, "The number of diagonals provided in `diag` is not consistent with "
                   "`lower_diag_index` and `upper_diag_index`")
    if tuple(diagonal.shape) != expected:
        _fail(ctx, "Either first dimensions of diagonal don't match input.shape[:-2], or "
                   "diagonal.shape[:-1] is not equal to the longests diagonal in range "
                   "[lower_diag_index:upper_diag_index].\nInput shape: %s\nDiagonal shape: %s\n"
                   "Expected diagonal shape: %s" % (list(x.shape), list(diagonal.shape),
                                                    list(expected)))
    flat, batch = _flat_batch(x, 2)
    out = flat.clone()
    packed, cells = _indices(x.device, rows, cols, lower, upper, max_len, align)
    out[:, cells] = diagonal.reshape(flat.shape[0], -1)[:, packed]
    return out.reshape(x.shape)


# -- MatrixBandPart -------------------------------------------------------------------------------

def _band_part_infer(op, x, num_lower, num_upper):
    return [(x.dtype.base_dtype, x.shape)]   # TF's UnchangedShape: the kernel checks the rest


@register_op("MatrixBandPart", inputs=("input: T", "num_lower: Tindex", "num_upper: Tindex"),
             infer=_band_part_infer)
def _lower_matrix_band_part(ctx, x, num_lower, num_upper):
    if x.dim() < 2:
        _fail(ctx, "input must be at least 2-dim, received shape: %s" % list(x.shape))
    rows, cols = x.shape[-2], x.shape[-1]
    for name, t in (("num_lower", num_lower), ("num_upper", num_upper)):
        if t.dim() != 0:
            _fail(ctx, "%s must be scalar, got shape %s" % (name, list(t.shape)))
    lower, upper = int(num_lower), int(num_upper)
    if lower > rows:
        _fail(ctx, "num_lower must be negative or less or equal to number of rows (%d) got: %d"
              % (rows, lower))
    if upper > cols:
        _fail(ctx, "num_upper must be negative or less or equal to number of columns (%d) "
                   "got: %d" % (cols, upper))
    i = torch.arange(rows, device=x.device).reshape(-1, 1)
    j = torch.arange(cols, device=x.device).reshape(1, -1)
    keep = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
    return torch.where(keep, x, torch.zeros((), dtype=x.dtype, device=x.device))


# -- public functions ---------------------------------------------------------------------------

def _padding(x, padding_value):
    if getattr(x, "dtype", None) is not None and x.dtype.base_dtype == dtypes.bool:
        return bool(padding_value)
    return padding_value


def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
                align="RIGHT_LEFT"):
    """TF1 `tf.matrix_diag` / `tf.linalg.diag` (MatrixDiagV3)."""
    return apply_op("MatrixDiagV3", [diagonal, k, num_rows, num_cols,
                                     _padding(diagonal, padding_value)], name=name, align=align)


def matrix_diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """TF1 `tf.matrix_diag_part` / `tf.linalg.diag_part` (MatrixDiagPartV3)."""
    return apply_op("MatrixDiagPartV3", [input, k, _padding(input, padding_value)], name=name,
                    align=align)


def matrix_set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """TF1 `tf.matrix_set_diag` / `tf.linalg.set_diag` (MatrixSetDiagV3)."""
    return apply_op("MatrixSetDiagV3", [input, diagonal, k], name=name, align=align)


def matrix_band_part(input, num_lower, num_upper, name=None):
    """TF1 `tf.matrix_band_part` / `tf.linalg.band_part`."""
    return apply_op("MatrixBandPart", [input, num_lower, num_upper],
                    name=name or "MatrixBandPart")


def trace(x, name=None):
    """TF1 `tf.trace` / `tf.linalg.trace`: the sum of each innermost matrix's diagonal."""
    with name_scope(name, "Trace", [x]) as name:
        x = convert_to_tensor(x, name="x")
        return reduction_ops.reduce_sum(matrix_diag_part(x), [-1], name=name)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """TF1 `tf.eye` / `tf.linalg.eye`: MatrixDiagV3 of ones (square), else MatrixSetDiagV3 of
    ones into zeros, as TF's linalg_ops_impl builds it."""
    with name_scope(name, "eye", [num_rows, num_columns, batch_shape]):
        is_square = num_columns is None
        batch_shape = [] if batch_shape is None else batch_shape
        num_columns = num_rows if num_columns is None else num_columns
        if isinstance(num_rows, Tensor) or isinstance(num_columns, Tensor):
            diag_size = math_ops.minimum(num_rows, num_columns)
        else:
            if not isinstance(num_rows, (int, np.integer)) or \
                    not isinstance(num_columns, (int, np.integer)):
                raise TypeError("Arguments `num_rows` and `num_columns` must be positive integer "
                                "values. Received: num_rows=%s, num_columns=%s"
                                % (num_rows, num_columns))
            is_square = num_rows == num_columns
            diag_size = min(num_rows, num_columns)
        if isinstance(batch_shape, Tensor) or isinstance(diag_size, Tensor):
            batch_shape = convert_to_tensor(batch_shape, name="shape", dtype=dtypes.int32)
            diag_shape = array_ops.concat((batch_shape, [diag_size]), axis=0)
            if not is_square:
                shape = array_ops.concat((batch_shape, [num_rows, num_columns]), axis=0)
        else:
            diag_shape = list(batch_shape) + [diag_size]
            if not is_square:
                shape = list(batch_shape) + [num_rows, num_columns]
        diag_ones = array_ops.ones(diag_shape, dtype=dtype)
        if is_square:
            return matrix_diag(diag_ones)
        return matrix_set_diag(array_ops.zeros(shape, dtype=dtype), diag_ones)
