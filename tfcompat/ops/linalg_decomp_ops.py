"""Matrix decompositions and functions on batches of matrices: `Svd`, `SelfAdjointEigV2`, `Lu`,
`MatrixSquareRoot`, `MatrixLogarithm`, `MatrixSolveLs`, `Cross`, `TridiagonalMatMul` and
`TridiagonalSolve`, with TF's shape functions; the public functions TF builds on them.

Gradients are torch.autograd's of the same decompositions, which are TF's registered ones
(SVD's from the decomposition, Lu's through L and U); eigh's is TF's formula written out
(`_Eigh`), whose safe reciprocal keeps repeated eigenvalues finite. Singular vectors and
eigenvectors are unique only up to sign (phase), as in TF: LAPACK's choice may differ.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import gradients_util
from tfcompat.ops import math_ops
from tfcompat.ops.linalg_ops import _in_linalg_dtype
from tfcompat.ops.linalg_ops import _square_infer

__all__ = ["cross", "matrix_square_root", "self_adjoint_eig", "self_adjoint_eigvals", "svd"]


def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


def _dims(op, x, rank=2):
    shape = fns.with_rank_at_least(op, [x], x.shape, rank)
    return None if shape.ndims is None else shape.as_list()


# -- Svd -----------------------------------------------------------------------------------------

def _svd_infer(op, x, *, compute_uv=True, full_matrices=False):
    # every output is of type T: TF's singular values of a complex matrix are complex
    dtype = x.dtype.base_dtype
    dims = _dims(op, x)
    if dims is None:
        unknown = TensorShape(None)
        return [(dtype, unknown), (dtype, unknown), (dtype, unknown)]
    batch, m, n = dims[:-2], dims[-2], dims[-1]
    p = None if m is None or n is None else min(m, n)
    if not compute_uv:
        return [(dtype, TensorShape(batch + [p])), (dtype, TensorShape([0])),
                (dtype, TensorShape([0]))]
    u = batch + [m, m if full_matrices else p]
    v = batch + [n, n if full_matrices else p]
    return [(dtype, TensorShape(batch + [p])), (dtype, TensorShape(u)),
            (dtype, TensorShape(v))]


@register_op("Svd", inputs=("input: T",), infer=_svd_infer,
             attrs={"compute_uv": True, "full_matrices": False})
@_in_linalg_dtype
def _lower_svd(ctx, x, *, compute_uv=True, full_matrices=False):
    if x.dim() < 2:
        _fail(ctx, "Input tensor 0 must have rank >= 2, got %d" % x.dim())
    if not compute_uv:
        empty = torch.zeros(0, dtype=x.dtype)
        return torch.linalg.svdvals(x).to(x.dtype), empty, empty
    u, s, vh = torch.linalg.svd(x, full_matrices=full_matrices)
    return s.to(x.dtype), u, vh.transpose(-2, -1).conj()


def _svd_grad_check(op):
    # TF's _SvdGrad: full singular vectors have a gradient only when |m - n| <= 1
    if not op._attrs.get("compute_uv", True) or not op._attrs.get("full_matrices", False):
        return
    x = op._inputs[0]
    dims = x.shape.as_list() if x.shape.ndims else [None, None]
    m, n = sorted(dims[-2:]) if None not in dims[-2:] else dims[-2:]
    if m is not None and n is not None and n - m > 1:
        raise NotImplementedError(
            "svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True. "
            "Received: m=%d and n=%d from op input=%s with shape=%s." % (m, n, x, x.shape))


gradients_util.register_build_check("Svd", _svd_grad_check)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """TF1 `tf.svd` (`tf.linalg.svd`): s, or (s, u, v) with `tensor = u diag(s) v^H`."""
    out = apply_op("Svd", [tensor], name=name or "Svd", compute_uv=bool(compute_uv),
                   full_matrices=bool(full_matrices))
    s = math_ops.real(out[0]) if out[0].dtype.is_complex else out[0]  # as TF's wrapper
    return (s, out[1], out[2]) if compute_uv else s


# -- SelfAdjointEigV2 --------------------------------------------------------------------------

def _eig_infer(op, x, *, compute_v=True):
    # both outputs are of type T: TF's eigenvalues of a complex matrix are complex
    dtype = x.dtype.base_dtype
    square = _square_infer(op, x)[0][1]
    if square.ndims is None:
        return [(dtype, square), (dtype, square)]
    dims = square.as_list()
    v = square if compute_v else TensorShape([0])
    return [(dtype, TensorShape(dims[:-1])), (dtype, v)]


@register_op("SelfAdjointEigV2", inputs=("input: T",), infer=_eig_infer,
             attrs={"compute_v": True})
@_in_linalg_dtype
def _lower_self_adjoint_eig(ctx, x, *, compute_v=True):
    if x.dim() < 2:
        _fail(ctx, "Input tensor 0 must have rank >= 2, got %d" % x.dim())
    if x.shape[-1] != x.shape[-2]:
        _fail(ctx, "Input matrix must be square.")
    # TF's kernel reads the lower triangle only, so its gradient lives there (TF folds the
    # symmetric gradient into the lower triangle): the same with the matrix rebuilt from it
    lower = torch.tril(x, -1)
    x = lower + torch.diag_embed(torch.diagonal(x, dim1=-2, dim2=-1)) + lower.mH
    if not compute_v:
        return torch.linalg.eigvalsh(x).to(x.dtype), torch.zeros(0, dtype=x.dtype)
    e, v = _Eigh.apply(x)
    return e.to(x.dtype), v


def _safe_reciprocal(x, epsilon=1e-20):
    return x / (x * x + epsilon)


class _Eigh(torch.autograd.Function):
    """eigh with TF's registered gradient v (diag(ge) + f * v^H gv) v^H, f_ij = 1/(e_j - e_i)
    taken through TF's _SafeReciprocal: equal eigenvalues add nothing instead of torch's NaN."""

    @staticmethod
    def forward(ctx, x):
        e, v = torch.linalg.eigh(x)
        ctx.save_for_backward(e, v)
        return e, v

    @staticmethod
    def backward(ctx, grad_e, grad_v):
        e, v = ctx.saved_tensors
        middle = torch.diag_embed(grad_e.to(v.dtype))
        if grad_v is not None:
            f = _safe_reciprocal(e.unsqueeze(-2) - e.unsqueeze(-1))
            f = f * (1 - torch.eye(e.shape[-1], dtype=f.dtype, device=f.device))
            middle = middle + f.to(v.dtype) * (v.mH @ grad_v)
        return v @ middle @ v.mH


def self_adjoint_eig(tensor, name=None):
    """TF1 `tf.self_adjoint_eig` (`tf.linalg.eigh`): (e, v), eigenvalues ascending."""
    return tuple(apply_op("SelfAdjointEigV2", [tensor], name=name or "SelfAdjointEigV2",
                          compute_v=True))


def self_adjoint_eigvals(tensor, name=None):
    """TF1 `tf.self_adjoint_eigvals` (`tf.linalg.eigvalsh`): the eigenvalues, ascending."""
    return apply_op("SelfAdjointEigV2", [tensor], name=name or "SelfAdjointEigV2",
                    compute_v=False)[0]


# -- Lu --------------------------------------------------------------------------------------------

def _lu_infer(op, x, *, output_idx_type=dtypes.int32):
    square = _square_infer(op, x)[0][1]
    p = TensorShape(None) if square.ndims is None else TensorShape(square.as_list()[:-1])
    return [(x.dtype.base_dtype, square), (output_idx_type, p)]


@register_op("Lu", inputs=("input: T",), infer=_lu_infer,
             attrs={"output_idx_type": dtypes.int32})
@_in_linalg_dtype
def _lower_lu(ctx, x, *, output_idx_type=dtypes.int32):
    if x.shape[-1] != x.shape[-2]:
        _fail(ctx, "Input matrix must be square.")
    if x.numel() == 0:
        return x, torch.zeros(x.shape[:-1], dtype=output_idx_type.torch_dtype)
    p, lower, upper = torch.linalg.lu(x)  # x = p @ lower @ upper
    n = x.shape[-1]
    eye = torch.eye(n, dtype=x.dtype)
    packed = lower - eye + upper
    # TF's p lists, for each row of L U, the row of x it came from: x[p] = L U
    perm = p.abs().argmax(dim=-2).to(output_idx_type.torch_dtype)
    return packed, perm


def lu(input, output_idx_type=dtypes.int32, name=None):
    """TF `tf.linalg.lu`: (lu, p), L (unit lower) and U packed in one matrix, `x[p] = L U`."""
    return apply_op("Lu", [input], name=name or "Lu",
                    output_idx_type=dtypes.as_dtype(output_idx_type))


# -- MatrixSquareRoot, MatrixLogarithm -------------------------------------------------------

def _eigen_function(x, fn, real_input):
    """f(x) = V f(diag(w)) V^-1 over the (complex) eigendecomposition; for real input the real
    part, NaN where an eigenvalue is real and negative (TF's real Schur method fails there)."""
    w, v = torch.linalg.eig(x)
    out = v @ torch.diag_embed(fn(w)) @ torch.linalg.inv(v)
    if not real_input:
        return out
    bad = ((w.real < 0) & (w.imag.abs() <= 1e-6 * w.abs().clamp_min(1))).any(dim=-1)
    result = out.real
    return torch.where(bad[..., None, None], torch.full_like(result, float("nan")), result)


@register_op("MatrixSquareRoot", inputs=("input: T",), infer=_square_infer)
@_in_linalg_dtype
def _lower_matrix_square_root(ctx, x):
    if x.shape[-1] != x.shape[-2]:
        _fail(ctx, "Input matrix must be square.")
    if x.numel() == 0:
        return x
    return _eigen_function(x, torch.sqrt, not x.is_complex()).to(x.dtype)


def matrix_square_root(input, name=None):
    """TF1 `tf.matrix_square_root` (`tf.linalg.sqrtm`): the principal square root."""
    return apply_op("MatrixSquareRoot", [input], name=name or "MatrixSquareRoot")


@register_op("MatrixLogarithm", inputs=("input: T",), infer=_square_infer)
def _lower_matrix_logarithm(ctx, x):
    if x.shape[-1] != x.shape[-2]:
        _fail(ctx, "Input matrix must be square.")
    if x.numel() == 0:
        return x
    return _eigen_function(x, torch.log, False).to(x.dtype)


def logm(input, name=None):
    """TF `tf.linalg.logm`: the principal matrix logarithm of complex matrices."""
    return apply_op("MatrixLogarithm", [input], name=name or "MatrixLogarithm")


# -- MatrixSolveLs (fast=False) ------------------------------------------------------------------

def _solve_ls_infer(op, matrix, rhs, l2, *, fast=True):
    inputs = [matrix, rhs, l2]
    a, b = _dims(op, matrix), _dims(op, rhs)
    fns.with_rank(op, inputs, l2.shape, 0)
    if a is None or b is None:
        return [(matrix.dtype.base_dtype, TensorShape(None))]
    batch = fns.merge_shapes(op, inputs, a[:-2], b[:-2])
    fns.merge_dim(op, inputs, a[-2], b[-2])
    return [(matrix.dtype.base_dtype, TensorShape(batch + [a[-1], b[-1]]))]


@register_op("MatrixSolveLs", inputs=("matrix: T", "rhs: T", "l2_regularizer: double"),
             infer=_solve_ls_infer, attrs={"fast": True})
def _lower_matrix_solve_ls(ctx, matrix, rhs, l2, *, fast=True):
    if matrix.shape[:-2] != rhs.shape[:-2] or matrix.shape[-2] != rhs.shape[-2]:
        _fail(ctx, "Input matrix and right-hand side must have the same number of rows.")
    lam = float(l2)
    if not fast or lam == 0:
        # the minimum-norm least-squares solution (TF's complete orthogonal decomposition,
        # which ignores l2_regularizer)
        return torch.linalg.pinv(matrix) @ rhs
    m, n = matrix.shape[-2], matrix.shape[-1]
    if m >= n:
        gram = matrix.mH @ matrix + lam * torch.eye(n, dtype=matrix.dtype)
        return torch.linalg.solve(gram, matrix.mH @ rhs)
    gram = matrix @ matrix.mH + lam * torch.eye(m, dtype=matrix.dtype)
    return matrix.mH @ torch.linalg.solve(gram, rhs)


def _solve_ls_grad_check(op):
    if not op._attrs.get("fast", True):   # TF's _MatrixSolveLsGrad
        raise ValueError("Gradient not defined for fast=False")


gradients_util.register_build_check("MatrixSolveLs", _solve_ls_grad_check)


def matrix_solve_ls_op(matrix, rhs, l2_regularizer, fast, name=None):
    return apply_op("MatrixSolveLs", [matrix, rhs, l2_regularizer], name=name or "MatrixSolveLs",
                    fast=bool(fast))


# -- Cross -------------------------------------------------------------------------------------

def _cross_infer(op, a, b):
    inputs = [a, b]
    x = fns.with_rank_at_least(op, inputs, a.shape, 1)
    y = fns.with_rank_at_least(op, inputs, b.shape, 1)
    if x.ndims is None or y.ndims is None:
        return [(a.dtype.base_dtype, x if x.ndims is not None else y)]
    dims = fns.merge_shapes(op, inputs, x.as_list(), y.as_list())
    fns.with_value(op, inputs, dims[-1], 3)   # TF's WithValue text
    return [(a.dtype.base_dtype, TensorShape(dims))]


@register_op("Cross", inputs=("a: T", "b: T"), infer=_cross_infer)
def _lower_cross(ctx, a, b):
    if a.shape != b.shape:
        _fail(ctx, "Both inputs must be of same shape: [%s] vs. [%s]"
              % (",".join(map(str, a.shape)), ",".join(map(str, b.shape))))
    if a.dim() < 1 or a.shape[-1] != 3:
        raise errors.FailedPreconditionError(
            None, ctx.op, "Cross-products are only defined for 3-element vectors.")
    return torch.linalg.cross(a, b)


def cross(a, b, name=None):
    """TF1 `tf.cross` (`tf.linalg.cross`): pairwise cross products of 3-vectors."""
    return apply_op("Cross", [a, b], name=name or "Cross")


# -- TridiagonalMatMul, TridiagonalSolve -------------------------------------------------------

def _tridiagonal_matmul_infer(op, superdiag, maindiag, subdiag, rhs):
    return [(rhs.dtype.base_dtype, rhs.shape)]


@register_op("TridiagonalMatMul",
             inputs=("superdiag: T", "maindiag: T", "subdiag: T", "rhs: T"),
             infer=_tridiagonal_matmul_infer)
def _lower_tridiagonal_matmul(ctx, superdiag, maindiag, subdiag, rhs):
    m = rhs.shape[-2]
    for diag in (superdiag, maindiag, subdiag):
        if diag.shape[-2] != 1 or diag.shape[-1] != m:
            _fail(ctx, "Expected diagonals of shape [..., 1, %d], got %s" % (m, list(diag.shape)))
    sup, main, sub = (d.transpose(-2, -1) for d in (superdiag, maindiag, subdiag))
    out = main * rhs
    if m > 1:
        zero = torch.zeros_like(rhs[..., :1, :])
        out = out + sup * torch.cat([rhs[..., 1:, :], zero], dim=-2)
        out = out + sub * torch.cat([zero, rhs[..., :-1, :]], dim=-2)
    return out


def _tridiagonal_solve_infer(op, diagonals, rhs, **attrs):
    return [(rhs.dtype.base_dtype, rhs.shape)]


def _dense_tridiagonal(diagonals):
    """[..., 3, M] (superdiagonal, diagonal, subdiagonal) as the [..., M, M] matrix."""
    sup, main, sub = diagonals[..., 0, :], diagonals[..., 1, :], diagonals[..., 2, :]
    out = torch.diag_embed(main)
    if main.shape[-1] > 1:
        out = out + torch.diag_embed(sup[..., :-1], offset=1)
        out = out + torch.diag_embed(sub[..., 1:], offset=-1)
    return out


@register_op("TridiagonalSolve", inputs=("diagonals: T", "rhs: T"),
             infer=_tridiagonal_solve_infer,
             attrs={"partial_pivoting": True, "perturb_singular": False})
def _lower_tridiagonal_solve(ctx, diagonals, rhs, *, partial_pivoting=True,
                             perturb_singular=False):
    if diagonals.dim() < 2 or diagonals.shape[-2] != 3:
        _fail(ctx, "Expected diagonals to be provided as a tensor of shape [..., 3, M], got %s"
              % list(diagonals.shape))
    if rhs.shape[-2] != diagonals.shape[-1]:
        _fail(ctx, "Expected the same number of left-hand sides and right-hand sides, got %d "
              "and %d." % (diagonals.shape[-1], rhs.shape[-2]))
    matrix = _dense_tridiagonal(diagonals)
    solution, info = torch.linalg.solve_ex(matrix, rhs)
    # TF's kernel gives NaN for a singular system (no error)
    singular = (info != 0).reshape(info.shape + (1, 1))
    return torch.where(singular, torch.full_like(solution, float("nan")), solution)


def tridiagonal_matmul_op(superdiag, maindiag, subdiag, rhs, name=None):
    return apply_op("TridiagonalMatMul", [superdiag, maindiag, subdiag, rhs],
                    name=name or "TridiagonalMatMul")


def tridiagonal_solve_op(diagonals, rhs, partial_pivoting=True, perturb_singular=False,
                         name=None):
    return apply_op("TridiagonalSolve", [diagonals, rhs], name=name or "TridiagonalSolve",
                    partial_pivoting=bool(partial_pivoting),
                    perturb_singular=bool(perturb_singular))
