"""Linear-algebra ops on batches of matrices (the innermost two dimensions): `Qr`, `DiagPart`,
`MatrixInverse`, `MatrixDeterminant`, `LogMatrixDeterminant`, `Cholesky`, `MatrixSolve` and
`MatrixTriangularSolve`, with TF's shape functions, the checks of TF's LinearAlgebraOp kernels
and its texts; plus TF's composites built on them (`cholesky_solve`, `logdet`, `norm`).

Gradients are torch.autograd's of the same functions, which are TF's registered gradients
(-A^-H g A^-H, g det A^-H, the symmetrised Cholesky gradient, triangular solves' gradients
restricted to the triangle they read).
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops
from tfcompat.ops import gradients_util
from tfcompat.ops import linalg_diag_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops


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
    if x.dim() < 2:   # LinearAlgebraOp::AnalyzeInputs
        _fail(ctx, "Input tensor 0 must have rank >= 2, got %d" % x.dim())
    low = x.dtype in (torch.float16, torch.bfloat16)   # torch's QR has no half kernels
    q, r = torch.linalg.qr(x.float() if low else x, mode="complete" if full_matrices else "reduced")
    return (q.to(x.dtype), r.to(x.dtype)) if low else (q, r)


def _qr_grad_check(op):
    # TF's _QrGrad: no gradient of a complete QR of a deep matrix
    q, r = op._outputs
    rows, cols = r.shape.as_list()[-2:] if r.shape.ndims else (None, None)
    if rows is not None and cols is not None and rows > cols \
            and q.shape.as_list()[-2] == q.shape.as_list()[-1]:
        raise NotImplementedError(
            "QrGrad not implemented when nrows > ncols and full_matrices is true. Received "
            "r.shape=%s with nrows=%sand ncols=%s." % (r.shape, rows, cols))


gradients_util.register_build_check("Qr", _qr_grad_check)


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


# -- shape functions ----------------------------------------------------------------------------

def _square_infer(op, x, **attrs):
    """TF's BatchUnchangedSquareShapeFn: [..., M, M] -> [..., M, M]."""
    shape = fns.with_rank_at_least(op, [x], x.shape, 2)
    if shape.ndims is None:
        return [(x.dtype.base_dtype, tensor_shape.unknown_shape())]
    dims = shape.as_list()
    m = fns.merge_dim(op, [x], dims[-2], dims[-1])
    return [(x.dtype.base_dtype, TensorShape(dims[:-2] + [m, m]))]


def _batch_of_square(op, x):
    """The batch dimensions of [..., M, M] (None: unknown rank), as TF's determinant shape
    functions check them."""
    shape = fns.with_rank_at_least(op, [x], x.shape, 2)
    if shape.ndims is None:
        return None
    dims = shape.as_list()
    fns.merge_dim(op, [x], dims[-1], dims[-2])
    return dims[:-2]


def _determinant_infer(op, x):
    batch = _batch_of_square(op, x)
    return [(x.dtype.base_dtype, TensorShape(batch))]


def _log_determinant_infer(op, x):
    batch = _batch_of_square(op, x)
    return [(x.dtype.base_dtype, TensorShape(batch))] * 2


def _solve_infer(op, matrix, rhs, **attrs):
    """TF's MatrixSolveShapeFn (square): equal batch shapes, [..., M, M] x [..., M, K]."""
    inputs = [matrix, rhs]
    lhs = fns.with_rank_at_least(op, inputs, matrix.shape, 2)
    rhs_shape = fns.with_rank_at_least(op, inputs, rhs.shape, 2)
    if lhs.ndims is None or rhs_shape.ndims is None:
        return [(matrix.dtype.base_dtype, tensor_shape.unknown_shape())]
    a, b = lhs.as_list(), rhs_shape.as_list()
    batch = fns.merge_shapes(op, inputs, a[:-2], b[:-2])
    m = fns.merge_dim(op, inputs, a[-2], a[-1])
    m = fns.merge_dim(op, inputs, m, b[-2])
    return [(matrix.dtype.base_dtype, TensorShape(batch + [m, b[-1]]))]


def _broadcast_batch(op, inputs, a, b):
    """BroadcastBinaryOpOutputShapeFnHelper over batch dimensions."""
    n = max(len(a), len(b))
    a, b = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    out = []
    for p, q in zip(a, b):
        if p == 1:
            out.append(q)
        elif q == 1:
            out.append(p)
        else:
            out.append(fns.merge_dim(op, inputs, p, q))
    return out


def _triangular_solve_infer(op, matrix, rhs, **attrs):
    """TF's MatrixTriangularSolveShapeFn: batch dimensions broadcast."""
    inputs = [matrix, rhs]
    lhs = fns.with_rank_at_least(op, inputs, matrix.shape, 2)
    rhs_shape = fns.with_rank_at_least(op, inputs, rhs.shape, 2)
    if lhs.ndims is None or rhs_shape.ndims is None:
        return [(matrix.dtype.base_dtype, tensor_shape.unknown_shape())]
    a, b = lhs.as_list(), rhs_shape.as_list()
    batch = _broadcast_batch(op, inputs, a[:-2], b[:-2])
    m = fns.merge_dim(op, inputs, a[-2], a[-1])
    m = fns.merge_dim(op, inputs, m, b[-2])
    return [(matrix.dtype.base_dtype, TensorShape(batch + [m, b[-1]]))]


# -- TF's LinearAlgebraOp checks -------------------------------------------------------------

def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


def _analyze_inputs(ctx, *values):
    """LinearAlgebraOp::AnalyzeInputs: the first input of rank >= 2, the others of its rank
    and batch dimensions."""
    rank = values[0].dim()
    if rank < 2:
        _fail(ctx, "Input tensor 0 must have rank >= 2, got %d" % rank)
    for value in values[1:]:
        if value.dim() != rank:
            _fail(ctx, "All input tensors must have the same rank.")
        if tuple(value.shape[:-2]) != tuple(values[0].shape[:-2]):
            _fail(ctx, "All input tensors must have the same outer dimensions.")


def _square(ctx, x):
    _analyze_inputs(ctx, x)
    if x.shape[-1] != x.shape[-2]:
        _fail(ctx, "Input matrix must be square.")


def _in_linalg_dtype(fn):
    """torch's CPU linear algebra has no float16 kernels: run those in float32, round back
    (TF's half kernels compute in Eigen's half)."""
    def lower(ctx, *values, **attrs):
        if values[0].dtype in (torch.float16, torch.bfloat16):
            dtype = values[0].dtype
            out = fn(ctx, *(v.float() for v in values), **attrs)
            return tuple(o.to(dtype) for o in out) if isinstance(out, tuple) else out.to(dtype)
        return fn(ctx, *values, **attrs)
    lower.__name__ = fn.__name__
    return lower


def _check_invertible(ctx, x, message):
    """TF's inverse and solve kernels refuse a matrix whose LU factorisation (partial
    pivoting) has a zero, or NaN, pivot."""
    if x.numel() == 0:
        return
    lu, _, _ = torch.linalg.lu_factor_ex(x.detach())
    pivots = lu.diagonal(dim1=-2, dim2=-1).abs()
    if not bool((pivots > 0).all()):
        _fail(ctx, message)


def _adjoint(x):
    return x.transpose(-2, -1).conj_physical()


# -- MatrixInverse, MatrixDeterminant, LogMatrixDeterminant ------------------------------------

@register_op("MatrixInverse", inputs=("input: T",), infer=_square_infer, attrs={"adjoint": False})
@_in_linalg_dtype
def _lower_matrix_inverse(ctx, x, *, adjoint=False):
    _square(ctx, x)
    _check_invertible(ctx, x, "Input is not invertible.")
    out = torch.linalg.inv(x) if x.numel() else x.clone()
    return _adjoint(out) if adjoint else out


@register_op("MatrixDeterminant", inputs=("input: T",), infer=_determinant_infer)
@_in_linalg_dtype
def _lower_matrix_determinant(ctx, x):
    _square(ctx, x)
    return _inverse_in_backward(ctx, x, torch.linalg.det(x))


def _inverse_in_backward(ctx, x, *outs):
    # TF's determinant gradients multiply by matrix_inverse(x, adjoint=True), whose kernel
    # refuses a singular x; torch's would give a finite (or infinite) gradient instead
    if x.requires_grad and x.numel():
        for out in outs:
            if out.requires_grad:
                out.register_hook(lambda grad: _check_invertible(
                    ctx, x, "Input is not invertible.") or grad)
    return outs[0] if len(outs) == 1 else outs


@register_op("LogMatrixDeterminant", inputs=("input: T",), infer=_log_determinant_infer)
@_in_linalg_dtype
def _lower_log_matrix_determinant(ctx, x):
    _square(ctx, x)
    sign, log_abs = torch.linalg.slogdet(x)
    return sign, _inverse_in_backward(ctx, x, log_abs.to(x.dtype))


# -- Cholesky, MatrixSolve, MatrixTriangularSolve ----------------------------------------------

def _nan_factor(like):
    nan = torch.full_like(like, float("nan"))
    if like.is_complex():
        n = like.shape[-1]
        diagonal = torch.eye(n, dtype=torch.bool, device=like.device)
        nan = torch.where(diagonal, nan, torch.complex(nan.real, nan.real))
    return nan.tril()


@register_op("Cholesky", inputs=("input: T",), infer=_square_infer)
@_in_linalg_dtype
def _lower_cholesky(ctx, x):
    _square(ctx, x)
    if x.numel() == 0:
        return x.clone()
    factor, info = torch.linalg.cholesky_ex(x)
    failed = info != 0
    if bool(failed.any()):
        # TF's kernel fills the lower triangle of a matrix it cannot factor with NaN (its
        # upper triangle is left uninitialised; tfcompat writes zeros there). A factor's
        # diagonal is real: complex NaNs are NaN+0j there, NaN+NaNj below it.
        nan = _nan_factor(factor)
        factor = torch.where(failed.reshape(failed.shape + (1, 1)), nan, factor)
    return factor


@register_op("MatrixSolve", inputs=("matrix: T", "rhs: T"), infer=_solve_infer,
             attrs={"adjoint": False})
@_in_linalg_dtype
def _lower_matrix_solve(ctx, matrix, rhs, *, adjoint=False):
    _analyze_inputs(ctx, matrix, rhs)
    if matrix.shape[-1] != matrix.shape[-2]:
        _fail(ctx, "First input (lhs) must be a square matrix.")
    if rhs.shape[-2] != matrix.shape[-2]:
        _fail(ctx, "Input matrix and rhs are incompatible.")
    if matrix.numel() == 0 or rhs.numel() == 0:  # TF's kernel returns before its checks
        return rhs.clone()
    _check_invertible(ctx, matrix, "Input matrix is not invertible.")
    return torch.linalg.solve(_adjoint(matrix) if adjoint else matrix, rhs)


def _check_triangular_solve(ctx, matrix, rhs, lower, adjoint):
    """The checks and texts of TF's broadcasting MatrixTriangularSolve kernel (TF >= 2.2)."""
    for i, t in enumerate((matrix, rhs)):
        if t.dim() < 2:
            _fail(ctx, "In[%d] ndims must be >= 2: %d" % (i, t.dim()))
    if matrix.shape[-1] != matrix.shape[-2]:
        _fail(ctx, "In[0] matrices in the last dimensions must be square (%d =/= %d)"
              % (matrix.shape[-1], matrix.shape[-2]))
    dims = ["[%s]" % ",".join(str(d) for d in t.shape) for t in (matrix, rhs)]
    try:
        torch.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2])
    except RuntimeError:
        _fail(ctx, "In[0] and In[1] must have compatible batch dimensions: %s vs. %s"
              % tuple(dims))
    if rhs.shape[-2] != matrix.shape[-1]:
        _fail(ctx, "In[0] mismatch In[1] shape: %d vs. %d: %s %s %d %d"
              % (matrix.shape[-1], rhs.shape[-2], dims[0], dims[1], lower, adjoint))


@register_op("MatrixTriangularSolve", inputs=("matrix: T", "rhs: T"),
             infer=_triangular_solve_infer, attrs={"lower": True, "adjoint": False})
@_in_linalg_dtype
def _lower_matrix_triangular_solve(ctx, matrix, rhs, *, lower=True, adjoint=False):
    _check_triangular_solve(ctx, matrix, rhs, lower, adjoint)
    # only the named triangle is read, as TF's kernel reads it
    triangle = matrix.tril() if lower else matrix.triu()
    if adjoint:
        triangle, lower = _adjoint(triangle), not lower
    if matrix.numel() == 0 or rhs.numel() == 0:
        batch = torch.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2])
        return torch.zeros(batch + rhs.shape[-2:], dtype=rhs.dtype, device=rhs.device)
    return torch.linalg.solve_triangular(triangle, rhs, upper=not lower)


# -- public functions ---------------------------------------------------------------------------

def matrix_inverse(input, adjoint=False, name=None):
    """TF1 `tf.matrix_inverse` / `tf.linalg.inv`."""
    return apply_op("MatrixInverse", [input], name=name or "MatrixInverse",
                    adjoint=bool(adjoint))


def matrix_determinant(input, name=None):
    """TF1 `tf.matrix_determinant` / `tf.linalg.det`."""
    return apply_op("MatrixDeterminant", [input], name=name or "MatrixDeterminant")


def log_matrix_determinant(input, name=None):
    """TF1 `tf.log_matrix_determinant` / `tf.linalg.slogdet`: (sign, log|det|)."""
    return apply_op("LogMatrixDeterminant", [input], name=name or "LogMatrixDeterminant")


def cholesky(input, name=None):
    """TF1 `tf.cholesky` / `tf.linalg.cholesky`: the lower-triangular factor (NaN where the
    matrix is not positive definite, as TF's kernel writes it)."""
    return apply_op("Cholesky", [input], name=name or "Cholesky")


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    """TF1 `tf.matrix_solve` / `tf.linalg.solve`."""
    return apply_op("MatrixSolve", [matrix, rhs], name=name or "MatrixSolve",
                    adjoint=bool(adjoint))


def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """TF1 `tf.matrix_triangular_solve` / `tf.linalg.triangular_solve`."""
    with name_scope(name, "triangular_solve", [matrix, rhs]):
        return apply_op("MatrixTriangularSolve", [matrix, rhs], name="MatrixTriangularSolve",
                        lower=bool(lower), adjoint=bool(adjoint))


def cholesky_solve(chol, rhs, name=None):
    """TF1 `tf.cholesky_solve`: two triangular solves with the Cholesky factor."""
    with name_scope(name, "cholesky_solve", [chol, rhs]):
        y = apply_op("MatrixTriangularSolve", [chol, rhs], lower=True, adjoint=False)
        return apply_op("MatrixTriangularSolve", [chol, y], lower=True, adjoint=True)


def logdet(matrix, name=None):
    """TF `tf.linalg.logdet` of a Hermitian positive definite matrix: 2 sum(log(diag(chol)))."""
    with name_scope(name, "logdet", [matrix]):
        chol = apply_op("Cholesky", [matrix])
        diagonal = math_ops.real(linalg_diag_ops.matrix_diag_part(chol))
        return 2.0 * reduction_ops.reduce_sum(math_ops.log(diagonal), axis=[-1])


def adjoint(matrix, name=None):
    """TF `tf.linalg.adjoint`: the conjugate transpose of the innermost matrices."""
    with name_scope(name, "adjoint", [matrix]):
        matrix = convert_to_tensor(matrix, name="matrix")
        return array_ops.matrix_transpose(matrix, conjugate=True)


# -- norm (TF's linalg_ops.norm, v1 signature) ------------------------------------------------

def _norm_args(ord, axis):
    """TF's argument checks: (is_matrix_norm, axis as a tuple or None)."""
    is_matrix = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix:
        axis = tuple(axis)
        if not isinstance(axis[0], int) or not isinstance(axis[1], int) or axis[0] == axis[1]:
            raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique "
                             "integers, got %s" % (axis,))
        supported = ["euclidean", "fro", 1, 2, np.inf]
        if ord not in supported:
            raise ValueError("'ord' must be a supported matrix norm in %s, got %s"
                             % (supported, ord))
        return True, axis
    if not (isinstance(axis, int) or axis is None):
        raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique integers, "
                         "got %s" % (axis,))
    supported = ["euclidean", 1, 2, np.inf]
    if (not np.isreal(ord) or ord <= 0) and ord not in supported:
        raise ValueError("'ord' must be a supported vector norm, got %s" % ord)
    return False, None if axis is None else (axis,)


def _matrix_2_norm(tensor, axis):
    """TF 2's matrix 2-norm (TF 1.15 rejected ord=2 for a pair of axes): the largest singular
    value of the matrices on `axis`, kept there as two size-1 dimensions."""
    rank = tensor.shape.ndims
    if rank is None:
        raise ValueError("tf.norm: the matrix 2-norm needs a tensor of known rank, got shape %s"
                         % tensor.shape)
    positive = [a % rank for a in axis]
    perm_before = [i for i in range(rank) if i not in positive] + positive
    perm_after = [perm_before.index(i) for i in range(rank)]
    permed = array_ops.transpose(tensor, perm=perm_before)
    singular = apply_op("Svd", [permed], name="Svd", compute_uv=False, full_matrices=False)[0]
    largest = reduction_ops.reduce_max(math_ops.abs(singular), axis=-1, keepdims=True)
    return array_ops.transpose(array_ops.expand_dims(largest, -1), perm=perm_after)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):
    """TF1 `tf.norm` / `tf.linalg.norm`, built from TF's ops as TF builds it."""
    keepdims = bool(array_ops._deprecated_arg_lookup("keepdims", keepdims, "keep_dims",
                                                         keep_dims))
    is_matrix, axis = _norm_args(ord, axis)
    with name_scope(name, "norm", [tensor]):
        tensor = convert_to_tensor(tensor)
        if is_matrix and ord in (2, 2.0):
            result = _matrix_2_norm(tensor, axis)
        elif ord in ("fro", "euclidean", 2, 2.0):
            result = math_ops.sqrt(reduction_ops.reduce_sum(
                tensor * math_ops.conj(tensor), axis, keepdims=True))
        else:
            result = math_ops.abs(tensor)
            if ord == 1:
                result = reduction_ops.reduce_sum(result, None if axis is None else axis[0],
                                                  keepdims=True)
                if is_matrix:
                    result = reduction_ops.reduce_max(result, axis[-1], keepdims=True)
            elif ord == np.inf:
                if is_matrix:
                    result = reduction_ops.reduce_sum(result, axis[1], keepdims=True)
                result = reduction_ops.reduce_max(result, None if axis is None else axis[0],
                                                  keepdims=True)
            else:
                result = math_ops.pow(reduction_ops.reduce_sum(
                    math_ops.pow(result, ord), axis, keepdims=True), 1.0 / ord)
        if not keepdims:
            result = array_ops.squeeze(result, axis)
        return result


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """TF `tf.linalg.matvec`: MatMul of `a` with `b` as a column, squeezed back."""
    with name_scope(name, "MatVec", [a, b]):
        output = reduction_ops.matmul(a, array_ops.expand_dims(b, axis=-1),
                                      transpose_a=transpose_a, adjoint_a=adjoint_a,
                                      a_is_sparse=a_is_sparse, b_is_sparse=b_is_sparse)
        return array_ops.squeeze(output, axis=-1)
