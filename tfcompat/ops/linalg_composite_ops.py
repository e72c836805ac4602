"""TF's linear-algebra functions built from other ops, as TF's linalg_impl builds them:
`matrix_solve_ls` (`lstsq`), the LU helpers (`lu_reconstruct`, `lu_solve`,
`lu_matrix_inverse`), `matrix_rank`, `pinv`, `normalize`, `expm` (Padé approximation with
scaling and squaring), `eigh_tridiagonal`, and the format handling of `tridiagonal_matmul` /
`tridiagonal_solve`. Gradients are those of the ops they are made of, as in TF.
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.ops import array_ops
from tfcompat.ops import linalg_decomp_ops as decomp
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import ones
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.control_flow_while import while_loop
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.indexing_ops import boolean_mask
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.linalg_diag_ops import eye
from tfcompat.ops.linalg_diag_ops import matrix_band_part
from tfcompat.ops.linalg_diag_ops import matrix_diag
from tfcompat.ops.linalg_diag_ops import matrix_diag_part
from tfcompat.ops.linalg_diag_ops import matrix_set_diag
from tfcompat.ops.linalg_ops import cholesky
from tfcompat.ops.linalg_ops import cholesky_solve
from tfcompat.ops.linalg_ops import matrix_solve
from tfcompat.ops.linalg_ops import matrix_triangular_solve
from tfcompat.ops.linalg_ops import norm
from tfcompat.ops.reduction_ops import matmul
from tfcompat.ops.reduction_ops import reduce_max
from tfcompat.ops.reduction_ops import reduce_sum
from tfcompat.ops.sort_ops import argsort

__all__ = ["matrix_solve_ls"]


# -- least squares -------------------------------------------------------------------------------

def _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind):
    gramian = matmul(matrix, matrix, adjoint_a=first_kind, adjoint_b=not first_kind)
    if isinstance(l2_regularizer, (int, float)) and l2_regularizer == 0:
        return cholesky(gramian)
    size = array_ops.shape(gramian)[-1]
    identity = eye(size, dtype=matrix.dtype.base_dtype)
    l2 = math_ops.cast(l2_regularizer, matrix.dtype.base_dtype)
    return cholesky(gramian + math_ops.multiply(l2, identity))


def _use_composite_impl(matrix, fast):
    """TF's choice: the Cholesky composite for `fast=True`, except for a fully known shape
    larger than a cache (256000 bytes) whose batch outnumbers the smaller matrix dimension."""
    if fast is False:
        return False
    shape = matrix.shape
    if not shape.is_fully_defined():
        return True
    dims = shape.as_list()
    tensor_size = int(np.prod(dims)) * matrix.dtype.base_dtype.size
    is_io_bound = int(np.prod(dims[:-2])) > min(dims[-2:])
    return not (tensor_size > 256000 and is_io_bound)


def _solve_ls_composite(matrix, rhs, l2_regularizer, overdetermined):
    if overdetermined:  # (A^H A + l2 I)^-1 A^H rhs
        chol = _regularized_gramian_cholesky(matrix, l2_regularizer, True)
        return cholesky_solve(chol, matmul(matrix, rhs, adjoint_a=True))
    chol = _regularized_gramian_cholesky(matrix, l2_regularizer, False)  # A^H (A A^H + l2 I)^-1 rhs
    return matmul(matrix, cholesky_solve(chol, rhs), adjoint_a=True)


def matrix_solve_ls(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """TF1 `tf.matrix_solve_ls` (`tf.linalg.lstsq`): the (regularised) least-squares solution.
    As TF's linalg_ops: `fast=True` builds the Cholesky composite on the normal equations (a
    `tf.cond` on the matrix's run-time shape when its last two dimensions are not known),
    `fast=False` and large batches of small matrices the `MatrixSolveLs` op (a complete
    orthogonal decomposition)."""
    matrix = convert_to_tensor(matrix, name="matrix")
    if matrix.dtype.base_dtype == dtypes.complex128 and not (
            isinstance(l2_regularizer, (int, float)) and l2_regularizer == 0):
        raise NotImplementedError("matrix_solve_ls is currently disabled for complex128 and "
                                  "l2_regularizer != 0 due to poor accuracy.")
    if not _use_composite_impl(matrix, fast):
        return decomp.matrix_solve_ls_op(matrix, rhs, l2_regularizer, fast, name=name)
    with name_scope(name, "matrix_solve_ls", [matrix, rhs, l2_regularizer]):
        rhs = convert_to_tensor(rhs, dtype=matrix.dtype.base_dtype, name="rhs")
        dims = matrix.shape[-2:]
        if dims.is_fully_defined():
            return _solve_ls_composite(matrix, rhs, l2_regularizer, dims[-2] >= dims[-1])
        dims = array_ops.shape(matrix)[-2:]
        return cond(math_ops.greater_equal(dims[-2], dims[-1]),
                    lambda: _solve_ls_composite(matrix, rhs, l2_regularizer, True),
                    lambda: _solve_ls_composite(matrix, rhs, l2_regularizer, False))


# -- LU helpers ----------------------------------------------------------------------------------

def _lower_unit(lower_upper):
    shape = array_ops.shape(lower_upper)
    return matrix_set_diag(matrix_band_part(lower_upper, -1, 0),
                           ones(shape[:-1], dtype=lower_upper.dtype.base_dtype))


def _permute_rows(x, perm):
    """x[..., perm[...,i], :]: rows gathered per batch member."""
    rank = perm.shape.ndims
    if rank is None:
        raise ValueError("the rank of `perm` must be known statically")
    if rank == 1:  # TF's axis=-2 (not 0): the gradient is dense, not IndexedSlices
        return gather(x, perm, axis=-2)
    return gather(x, perm, axis=rank - 1, batch_dims=rank - 1)


def lu_reconstruct(lower_upper, perm, validate_args=False, name=None):
    """TF `tf.linalg.lu_reconstruct`: the matrix `tf.linalg.lu` factored."""
    with name_scope(name or "lu_reconstruct"):
        lower_upper = convert_to_tensor(lower_upper, name="lower_upper")
        perm = convert_to_tensor(perm, name="perm")
        product = matmul(_lower_unit(lower_upper), matrix_band_part(lower_upper, 0, -1))
        out = _permute_rows(product, argsort(perm, axis=-1))
        out.set_shape(lower_upper.shape)
        return out


def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None):
    """TF `tf.linalg.lu_solve`: the solution of `A X = rhs` from A's LU factorisation."""
    with name_scope(name or "lu_solve"):
        lower_upper = convert_to_tensor(lower_upper, name="lower_upper")
        perm = convert_to_tensor(perm, name="perm")
        rhs = convert_to_tensor(rhs, dtype=lower_upper.dtype.base_dtype, name="rhs")
        permuted = _permute_rows(rhs, perm)
        lower = _lower_unit(lower_upper)
        y = matrix_triangular_solve(lower, permuted, lower=True)
        return matrix_triangular_solve(lower_upper, y, lower=False)


def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None):
    """TF `tf.linalg.lu_matrix_inverse`: A^-1 from A's LU factorisation."""
    with name_scope(name or "lu_matrix_inverse"):
        lower_upper = convert_to_tensor(lower_upper, name="lower_upper")
        shape = array_ops.shape(lower_upper)
        identity = eye(shape[-1], batch_shape=shape[:-2], dtype=lower_upper.dtype.base_dtype)
        return lu_solve(lower_upper, perm, identity)


# -- rank, pseudo-inverse, normalize -------------------------------------------------------------

def matrix_rank(a, tol=None, validate_args=False, name=None):
    """TF `tf.linalg.matrix_rank`: the number of singular values above `tol` (default eps *
    max(M, N) * largest singular value)."""
    with name_scope(name or "matrix_rank"):
        a = convert_to_tensor(a, name="a")
        s = decomp.svd(a, compute_uv=False)
        if tol is None:
            dims = a.shape.as_list()[-2:] if a.shape.ndims is not None else [None]
            if None in dims:
                m = reduce_max(array_ops.shape(a)[-2:])
            else:
                m = max(dims)
            eps = np.finfo(a.dtype.base_dtype.real_dtype.as_numpy_dtype).eps
            tol = eps * math_ops.cast(m, s.dtype.base_dtype) * reduce_max(s, axis=-1,
                                                                          keepdims=True)
        return reduce_sum(math_ops.cast(math_ops.greater(s, tol), dtypes.int32), axis=-1)


def pinv(a, rcond=None, validate_args=False, name=None):
    """TF `tf.linalg.pinv`: the Moore-Penrose pseudo-inverse from the SVD, singular values at
    or below `rcond` times the largest treated as zero."""
    with name_scope(name or "pinv"):
        a = convert_to_tensor(a, name="a")
        dtype = a.dtype.base_dtype.as_numpy_dtype
        if rcond is None:
            dims = a.shape.as_list()[-2:] if a.shape.ndims is not None else [None, None]
            if None in dims:
                shape = array_ops.shape(a)
                largest = math_ops.cast(math_ops.maximum(shape[-2], shape[-1]), a.dtype)
            else:
                largest = float(max(dims))
            rcond = 10.0 * largest * np.finfo(dtype).eps
        rcond = convert_to_tensor(rcond, dtype=a.dtype.base_dtype, name="rcond")
        s, u, v = decomp.svd(a, full_matrices=False, compute_uv=True)
        cutoff = rcond * reduce_max(s, axis=-1)
        s = where_v2(math_ops.greater(s, array_ops.expand_dims(cutoff, -1)), s,
                     np.array(np.inf, dtype))
        out = matmul(v / array_ops.expand_dims(s, -2), u, adjoint_b=True)
        if a.shape.ndims is not None:
            dims = a.shape.as_list()
            out.set_shape(dims[:-2] + [dims[-1], dims[-2]])
        return out


def normalize(tensor, ord="euclidean", axis=None, name=None):
    """TF `tf.linalg.normalize`: (tensor / norm, norm), the norm kept in reduced dims."""
    with name_scope(name, "normalize", [tensor]):
        tensor = convert_to_tensor(tensor)
        value = norm(tensor, ord, axis, keepdims=True)
        value = math_ops.cast(value, tensor.dtype.base_dtype)
        return tensor / value, value


# -- expm (TF's matrix_exponential) ---------------------------------------------------------

_PADE = {
    3: [120.0, 60.0, 12.0],
    5: [30240.0, 15120.0, 3360.0, 420.0, 30.0],
    7: [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0],
    9: [17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0,
        110880.0, 3960.0, 90.0],
    13: [64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
         129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
         40840800.0, 960960.0, 16380.0, 182.0],
}


def _pade(matrix, order):
    """(U, V) of the [order/order] Padé approximant: exp(A) ~ (V - U)^-1 (V + U)."""
    b = [convert_to_tensor(c, dtype=matrix.dtype.base_dtype) for c in _PADE[order]]
    shape = array_ops.shape(matrix)
    ident = eye(shape[-2], batch_shape=shape[:-2], dtype=matrix.dtype.base_dtype)
    m2 = matmul(matrix, matrix)
    if order == 13:
        m4 = matmul(m2, m2)
        m6 = matmul(m4, m2)
        tmp_u = (matmul(m6, m6 + b[11] * m4 + b[9] * m2) + b[7] * m6 + b[5] * m4 + b[3] * m2
                 + b[1] * ident)
        tmp_v = b[12] * m6 + b[10] * m4 + b[8] * m2
        v = matmul(m6, tmp_v) + b[6] * m6 + b[4] * m4 + b[2] * m2 + b[0] * ident
        return matmul(matrix, tmp_u), v
    powers = [ident, m2]
    while len(powers) < (order + 1) // 2:
        powers.append(matmul(powers[-1], m2))
    u_sum, v_sum = None, None
    for k, power in enumerate(powers):  # A^(2k): odd coefficient 2k+1 into U, even 2k into V
        odd = b[2 * k + 1] * power if 2 * k + 1 < order else power
        even = b[2 * k] * power
        u_sum = odd if u_sum is None else u_sum + odd
        v_sum = even if v_sum is None else v_sum + even
    return matmul(matrix, u_sum), v_sum


def expm(input, name=None):
    """TF `tf.linalg.expm`: the matrix exponential, by TF's scaling-and-squaring Padé method
    (orders 3/5/7 for 32-bit types, 3/5/7/9/13 for 64-bit), squaring in a while_loop."""
    with name_scope(name, "matrix_exponential", [input]):
        matrix = convert_to_tensor(input, name="input")
        dims = matrix.shape.as_list() if matrix.shape.ndims is not None else None
        if dims is not None and dims[-2:] == [0, 0]:
            return matrix
        batch_shape = array_ops.shape(matrix)[:-2]
        matrix = array_ops.reshape(matrix, concat([[-1], array_ops.shape(matrix)[-2:]], 0))
        l1_norm = reduce_max(reduce_sum(math_ops.abs(matrix), axis=-2), axis=-1)
        l1_norm = array_ops.expand_dims(array_ops.expand_dims(l1_norm, -1), -1)
        real = l1_norm.dtype.base_dtype

        def const(x):
            return convert_to_tensor(x, dtype=real)

        def nest_where(vals, cases):
            if len(vals) == 1:
                return where_v2(math_ops.less(l1_norm, const(vals[0])), cases[0], cases[1])
            return where_v2(math_ops.less(l1_norm, const(vals[0])), cases[0],
                            nest_where(vals[1:], cases[1:]))

        wide = matrix.dtype.base_dtype in (dtypes.float64, dtypes.complex128)
        maxnorm = const(5.371920351148152 if wide else 3.925724783138660)
        squarings = math_ops.maximum(
            math_ops.floor(math_ops.log(l1_norm / maxnorm) / math_ops.log(const(2.0))), 0.0)
        scaled = matrix / math_ops.cast(math_ops.pow(const(2.0), squarings), matrix.dtype)
        if wide:
            orders, conds = (3, 5, 7, 9), (1.495585217958292e-002, 2.539398330063230e-001,
                                           9.504178996162932e-001, 2.097847961257068e+000)
            pairs = [_pade(matrix, k) for k in orders] + [_pade(scaled, 13)]
        else:
            orders, conds = (3, 5), (4.258730016922831e-001, 1.880152677804762e+000)
            pairs = [_pade(matrix, k) for k in orders] + [_pade(scaled, 7)]
        u = nest_where(conds, [p[0] for p in pairs])
        v = nest_where(conds, [p[1] for p in pairs])
        result = matrix_solve(-u + v, u + v)
        max_squarings = reduce_max(squarings)

        def body(i, r):
            return i + 1, where_v2(math_ops.less(i, squarings), matmul(r, r), r)

        _, result = while_loop(lambda i, _: math_ops.less(i, max_squarings), body,
                               [const(0.0), result])
        out = array_ops.reshape(result, concat([batch_shape, array_ops.shape(result)[-2:]], 0))
        if dims is not None:
            out.set_shape(dims)
        return out


# -- eigh_tridiagonal -----------------------------------------------------------------------------

def eigh_tridiagonal(alpha, beta, eigvals_only=True, select="a", select_range=None, tol=None,
                     name=None):
    """TF `tf.linalg.eigh_tridiagonal`: eigenvalues (ascending) and optionally eigenvectors of
    the Hermitian tridiagonal matrix with diagonal `alpha` and superdiagonal `beta`; `select`
    'a' (all), 'i' (indices select_range[0]..[1]) or 'v' (values in (lo, hi])."""
    if select not in ("a", "i", "v"):
        raise ValueError("Invalid select argument '%s'. Expected one of 'a', 'i', 'v'." % select)
    with name_scope(name or "eigh_tridiagonal"):
        alpha = convert_to_tensor(alpha, name="alpha")
        beta = convert_to_tensor(beta, name="beta")
        dtype = alpha.dtype.base_dtype
        if beta.dtype.base_dtype.is_complex and not dtype.is_complex:
            alpha = math_ops.cast(alpha, beta.dtype.base_dtype)
        upper = matrix_diag(beta, k=1)
        lower = matrix_diag(math_ops.conj(beta), k=-1)
        matrix = matrix_diag(alpha) + upper + lower
        if eigvals_only:
            values = decomp.self_adjoint_eigvals(matrix)
            vectors = None
        else:
            values, vectors = decomp.self_adjoint_eig(matrix)
        if values.dtype.is_complex:  # a Hermitian matrix's eigenvalues are real
            values = math_ops.real(values)
        if select == "i":
            lo, hi = select_range
            values = values[lo:hi + 1]
            vectors = None if vectors is None else vectors[:, lo:hi + 1]
        elif select == "v":
            lo = math_ops.cast(select_range[0], values.dtype)
            hi = math_ops.cast(select_range[1], values.dtype)
            keep = math_ops.logical_and(math_ops.greater(values, lo),
                                        math_ops.less_equal(values, hi))
            values_kept = boolean_mask(values, keep)
            vectors = None if vectors is None else boolean_mask(vectors, keep, axis=1)
            values = values_kept
        return values if vectors is None else (values, vectors)


# -- tridiagonal formats ---------------------------------------------------------------------------

def _diagonals_of_matrix(matrix):
    """[..., 3, M] compact diagonals of a tridiagonal [..., M, M] matrix."""
    return matrix_diag_part(matrix, k=(-1, 1), padding_value=0, align="LEFT_RIGHT")


def tridiagonal_matmul(diagonals, rhs, diagonals_format="compact", name=None):
    """TF `tf.linalg.tridiagonal_matmul`: tridiagonal matrix times `rhs` ([..., M, N]); the
    diagonals are sliced at the top level and the op named `name`, as TF's."""
    if diagonals_format == "compact":
        diagonals = convert_to_tensor(diagonals, name="diagonals")
        parts = [diagonals[..., k, :] for k in range(3)]
    elif diagonals_format == "sequence":
        parts = [convert_to_tensor(d) for d in diagonals]
    elif diagonals_format == "matrix":
        compact = _diagonals_of_matrix(convert_to_tensor(diagonals, name="diagonals"))
        parts = [compact[..., k, :] for k in range(3)]
    else:
        raise ValueError("Unrecognized diagonals_format: %s" % diagonals_format)
    superdiag, maindiag, subdiag = (array_ops.expand_dims(p, -2) for p in parts)
    return decomp.tridiagonal_matmul_op(superdiag, maindiag, subdiag, rhs, name=name)


def tridiagonal_solve(diagonals, rhs, diagonals_format="compact", transpose_rhs=False,
                      conjugate_rhs=False, name=None, partial_pivoting=True,
                      perturb_singular=False):
    """TF `tf.linalg.tridiagonal_solve`: the solution of a tridiagonal system; `rhs` [..., M]
    or [..., M, K] ([..., K, M] with `transpose_rhs`, the solution still [..., M, K]); NaN
    for a singular system, as TF."""
    if diagonals_format == "sequence":
        diagonals = stack([convert_to_tensor(d) for d in diagonals], axis=-2)
    elif diagonals_format == "matrix":
        diagonals = _diagonals_of_matrix(convert_to_tensor(diagonals, name="diagonals"))
    elif diagonals_format != "compact":
        raise ValueError("Unrecognized diagonals_format: %s" % diagonals_format)
    diagonals = convert_to_tensor(diagonals, name="diagonals")
    rhs = convert_to_tensor(rhs, dtype=diagonals.dtype.base_dtype, name="rhs")
    is_vector = (rhs.shape.ndims is not None and diagonals.shape.ndims is not None
                 and rhs.shape.ndims == diagonals.shape.ndims - 1)
    if is_vector:
        rhs = array_ops.expand_dims(rhs, -1)
    elif transpose_rhs:
        rhs = array_ops.matrix_transpose(rhs, conjugate=conjugate_rhs)
    if conjugate_rhs and (is_vector or not transpose_rhs):
        rhs = math_ops.conj(rhs)
    out = decomp.tridiagonal_solve_op(diagonals, rhs, partial_pivoting, perturb_singular,
                                      name=name)
    # the solution is [..., M, K] either way: TF transposes only the right-hand side
    return array_ops.squeeze(out, axis=[-1]) if is_vector else out
