"""TF's structured linear operators: `LinearOperatorPermutation`, `LinearOperatorHouseholder`,
`LinearOperatorToeplitz`, `LinearOperatorTridiag` and the circulants
`LinearOperatorCirculant` / `2D` / `3D`. Each builds its dense matrix from its parameters
(circulants from the DFT matrices of their static sizes, A = F^-1 diag(spectrum) F, the
convolution TF computes with FFTs) and uses TF's structure where a product or solve is direct.
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.linalg_operators.base import LinearOperator
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import ones
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.indexing_ops import one_hot
from tfcompat.ops.indexing_ops import reverse
from tfcompat.ops.linalg_composite_ops import tridiagonal_matmul
from tfcompat.ops.linalg_composite_ops import tridiagonal_solve
from tfcompat.ops.linalg_diag_ops import eye
from tfcompat.ops.linalg_diag_ops import matrix_diag
from tfcompat.ops.linalg_diag_ops import matrix_diag_part
from tfcompat.ops.reduction_ops import matmul
from tfcompat.ops.reduction_ops import reduce_prod
from tfcompat.ops.reduction_ops import reduce_sum
from tfcompat.ops.sort_ops import argsort


def _square_shape(vector, extra=0):
    """[..., N] (plus `extra` trailing dims dropped first) -> [..., N, N]."""
    shape = vector.shape
    if shape.ndims is None:
        return tensor_shape.unknown_shape()
    dims = shape.as_list()[:shape.ndims - extra] if extra else shape.as_list()
    return tensor_shape.TensorShape(dims + [dims[-1]])


class LinearOperatorPermutation(LinearOperator):
    """TF `tf.linalg.LinearOperatorPermutation`: P with (P x)[i] = x[perm[i]]."""

    def __init__(self, perm, dtype=dtypes.float32, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorPermutation"):
        self._perm = convert_to_tensor(perm, name="perm")
        if not self._perm.dtype.base_dtype.is_integer:
            raise TypeError("Argument perm must be integer dtype. Found: %s" % self._perm)
        if is_non_singular is False:
            raise ValueError("A Permutation operator is always non-singular.")
        if is_square is False:
            raise ValueError("A Permutation operator is always square.")
        super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite, is_square=True, name=name,
                         parameters={"perm": perm, "dtype": dtype})

    @property
    def perm(self):
        return self._perm

    def _shape(self):
        return _square_shape(self._perm)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = array_ops.matrix_transpose(x, conjugate=True) if adjoint_arg else x
        perm = argsort(self._perm, axis=-1) if adjoint else self._perm
        rank = perm.shape.ndims
        if rank == 1:
            return gather(x, perm, axis=-2)
        return gather(x, perm, axis=rank - 1, batch_dims=rank - 1)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _to_dense(self):
        size = self.shape.as_list()[-1] if self.shape.ndims else array_ops.shape(self._perm)[-1]
        return one_hot(self._perm, size, dtype=self.dtype)

    def _log_abs_determinant(self):
        return array_ops.zeros_like(math_ops.cast(self._perm[..., 0], self.dtype))


class LinearOperatorHouseholder(LinearOperator):
    """TF `tf.linalg.LinearOperatorHouseholder`: I - 2 v v^H / (v^H v), v the reflection
    axis; self-adjoint, its own inverse, determinant -1."""

    def __init__(self, reflection_axis, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorHouseholder"):
        self._axis = convert_to_tensor(reflection_axis, name="reflection_axis")
        if is_self_adjoint is False:
            raise ValueError("A Householder operator is always self adjoint.")
        if is_non_singular is False:
            raise ValueError("A Householder operator is always non-singular.")
        if is_positive_definite is True:
            raise ValueError("A Householder operator is always non-positive definite.")
        if is_square is False:
            raise ValueError("A Householder operator is always square.")
        super().__init__(self._axis.dtype, is_non_singular=is_non_singular,
                         is_self_adjoint=True, is_positive_definite=False, is_square=True,
                         name=name, parameters={"reflection_axis": reflection_axis})

    @property
    def reflection_axis(self):
        return self._axis

    def _shape(self):
        return _square_shape(self._axis)

    def _unit(self):
        norm_sq = reduce_sum(math_ops.real(self._axis * math_ops.conj(self._axis)), axis=-1,
                             keepdims=True)
        return self._axis / math_ops.cast(math_ops.sqrt(norm_sq), self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = array_ops.matrix_transpose(x, conjugate=True) if adjoint_arg else x
        v = array_ops.expand_dims(self._unit(), -1)
        return x - 2.0 * matmul(v, matmul(v, x, adjoint_a=True))

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _to_dense(self):
        v = array_ops.expand_dims(self._unit(), -1)
        size = array_ops.shape(self._axis)[-1]
        return eye(size, dtype=self.dtype) - 2.0 * matmul(v, v, adjoint_b=True)

    def _determinant(self):
        return -array_ops.ones_like(math_ops.real(self._axis[..., 0]))

    def _log_abs_determinant(self):
        return array_ops.zeros_like(math_ops.real(self._axis[..., 0]))

    def _trace(self):
        size = math_ops.cast(array_ops.shape(self._axis)[-1], self.dtype)
        return ones(array_ops.shape(self._axis)[:-1], dtype=self.dtype) * (size - 2.0)


class LinearOperatorToeplitz(LinearOperator):
    """TF `tf.linalg.LinearOperatorToeplitz`: constant diagonals, first column `col` and
    first row `row` (row[0] is ignored: the diagonal is col[0])."""

    def __init__(self, col, row, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorToeplitz"):
        self._col = convert_to_tensor(col, name="col")
        self._row = convert_to_tensor(row, dtype=self._col.dtype.base_dtype, name="row")
        super().__init__(self._col.dtype, is_non_singular=is_non_singular,
                         is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                         is_square=True if is_square is None else is_square, name=name,
                         parameters={"col": col, "row": row})

    @property
    def col(self):
        return self._col

    @property
    def row(self):
        return self._row

    def _shape(self):
        return _square_shape(self._col)

    def _to_dense(self):
        n = self.shape.as_list()[-1]
        if n is None:
            raise ValueError("LinearOperatorToeplitz: tfcompat builds the matrix from the "
                             "static size of `col`, which is unknown")
        # values[n - 1 + i - j]: the reversed row (without row[0]) followed by the column
        values = concat([reverse(self._row[..., 1:], [-1]), self._col], -1)
        index = (n - 1) + np.arange(n)[:, None] - np.arange(n)[None, :]
        return self._batched_dense(values, index, n)

    def _batched_dense(self, values, index, n):
        batch = self._col.shape.as_list()[:-1]
        if not batch:
            return gather(values, index.astype(np.int32), axis=-1)
        flat = np.broadcast_to(index.reshape(-1), batch + [n * n]).astype(np.int32)
        picked = gather(values, flat, axis=len(batch), batch_dims=len(batch))
        return array_ops.reshape(picked, batch + [n, n])


_TRIDIAG_FORMATS = ("compact", "matrix", "sequence")


class LinearOperatorTridiag(LinearOperator):
    """TF `tf.linalg.LinearOperatorTridiag`: a tridiagonal matrix given as 'compact'
    ([..., 3, N]: superdiagonal, diagonal, subdiagonal), 'sequence' (three [..., N]) or
    'matrix' ([..., N, N])."""

    def __init__(self, diagonals, diagonals_format="compact", is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorTridiag"):
        if diagonals_format not in _TRIDIAG_FORMATS:
            raise ValueError("Diagonals Format must be one of compact, matrix, sequence, "
                             "got : %s" % diagonals_format)
        if diagonals_format == "sequence":
            self._diagonals = [convert_to_tensor(d, name="diag_%d" % i)
                               for i, d in enumerate(diagonals)]
            dtype = self._diagonals[0].dtype
        else:
            self._diagonals = convert_to_tensor(diagonals, name="diagonals")
            dtype = self._diagonals.dtype
        self._format = diagonals_format
        super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite,
                         is_square=True if is_square is None else is_square, name=name,
                         parameters={"diagonals": diagonals,
                                     "diagonals_format": diagonals_format})

    @property
    def diagonals(self):
        return self._diagonals

    @property
    def diagonals_format(self):
        return self._format

    def _shape(self):
        if self._format == "sequence":
            return _square_shape(self._diagonals[1])
        if self._format == "matrix":
            return self._diagonals.shape
        return _square_shape(self._diagonals, extra=1) if self._diagonals.shape.ndims is None \
            else tensor_shape.TensorShape(self._diagonals.shape.as_list()[:-2]
                                          + [self._diagonals.shape.as_list()[-1]] * 2)

    def _compact(self):
        if self._format == "sequence":
            return stack(self._diagonals, axis=-2)
        if self._format == "matrix":
            return matrix_diag_part(self._diagonals, k=(-1, 1), padding_value=0,
                                    align="LEFT_RIGHT")
        return self._diagonals

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = array_ops.matrix_transpose(x, conjugate=True) if adjoint_arg else x
        if adjoint:
            return matmul(self.to_dense(), x, adjoint_a=True)
        return tridiagonal_matmul(self._compact(), x)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = array_ops.matrix_transpose(rhs, conjugate=True) if adjoint_arg else rhs
        if adjoint:
            return super()._solve(rhs, adjoint=True)
        return tridiagonal_solve(self._compact(), rhs)

    def _to_dense(self):
        if self._format == "matrix":
            return self._diagonals
        n = self.shape.as_list()[-1]
        return matrix_diag(self._compact(), k=(-1, 1), num_rows=n, num_cols=n,
                           align="LEFT_RIGHT")

    def _diag_part(self):
        return self._compact()[..., 1, :]


def _dft(n):
    k = np.arange(n)
    return np.exp(-2j * np.pi * np.outer(k, k) / n)


class _CirculantBase(LinearOperator):
    """Circulants over `block_depth` trailing dimensions of `spectrum`."""

    _block_depth = 1

    def __init__(self, spectrum, input_output_dtype=dtypes.complex64, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=True, name=None):
        if not is_square:
            raise ValueError("A circulant operator is always square.")
        self._spectrum = convert_to_tensor(spectrum, name="spectrum")
        super().__init__(input_output_dtype, is_non_singular=is_non_singular,
                         is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                         is_square=True, name=name or type(self).__name__,
                         parameters={"spectrum": spectrum,
                                     "input_output_dtype": input_output_dtype})

    @property
    def spectrum(self):
        return self._spectrum

    @property
    def block_depth(self):
        return self._block_depth

    def block_shape_tensor(self):
        return array_ops.shape(self._spectrum)[-self._block_depth:]

    @property
    def block_shape(self):
        return tensor_shape.TensorShape(self._block_dims())

    def _block_dims(self):
        shape = self._spectrum.shape
        if shape.ndims is None:
            return None
        return shape.as_list()[-self._block_depth:]

    def _shape(self):
        shape = self._spectrum.shape
        if shape.ndims is None:
            return tensor_shape.unknown_shape()
        blocks = shape.as_list()[-self._block_depth:]
        n = None if None in blocks else int(np.prod(blocks))
        return tensor_shape.TensorShape(shape.as_list()[:-self._block_depth] + [n, n])

    def _complex_dtype(self):
        return dtypes.complex128 if self.dtype in (dtypes.float64, dtypes.complex128) \
            else dtypes.complex64

    def _to_dense(self):
        blocks = self._block_dims()
        if blocks is None or None in blocks:
            raise ValueError("%s: tfcompat builds the matrix from the static block shape of "
                             "`spectrum`, which is unknown" % type(self).__name__)
        fourier = np.ones((1, 1))
        for size in blocks:
            fourier = np.kron(fourier, _dft(size))
        n = fourier.shape[0]
        cdtype = self._complex_dtype()
        spectrum = math_ops.cast(self._spectrum, cdtype)
        batch = self._spectrum.shape.as_list()[:-self._block_depth]
        flat = array_ops.reshape(spectrum, batch + [n])
        inverse = convert_to_tensor(fourier.conj().T / n, dtype=cdtype)
        dense = matmul(inverse * array_ops.expand_dims(flat, -2),
                       convert_to_tensor(fourier, dtype=cdtype))
        return dense if self.dtype.is_complex else math_ops.cast(math_ops.real(dense),
                                                                   self.dtype)

    def convolution_kernel(self, name="convolution_kernel"):
        """The first column of the matrix (TF: the inverse DFT of the spectrum)."""
        with self.name_scope(name):
            return self.to_dense()[..., :, 0]

    def _eigvals(self):
        return math_ops.cast(array_ops.reshape(
            self._spectrum, self._spectrum.shape.as_list()[:-self._block_depth] + [-1]),
            self.dtype)

    def _determinant(self):
        flat = array_ops.reshape(math_ops.cast(self._spectrum, self._complex_dtype()),
                                 self._spectrum.shape.as_list()[:-self._block_depth] + [-1])
        det = reduce_prod(flat, axis=-1)
        return det if self.dtype.is_complex else math_ops.cast(math_ops.real(det), self.dtype)


class LinearOperatorCirculant(_CirculantBase):
    """TF `tf.linalg.LinearOperatorCirculant`: the circulant whose eigenvalues (DFT of its
    first column) are `spectrum` [..., N]."""

    _block_depth = 1

    def __init__(self, spectrum, input_output_dtype=dtypes.complex64, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=True,
                 name="LinearOperatorCirculant"):
        super().__init__(spectrum, input_output_dtype, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name)


class LinearOperatorCirculant2D(_CirculantBase):
    """TF `tf.linalg.LinearOperatorCirculant2D`: block circulant with circulant blocks,
    `spectrum` [..., N0, N1]."""

    _block_depth = 2

    def __init__(self, spectrum, input_output_dtype=dtypes.complex64, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=True,
                 name="LinearOperatorCirculant2D"):
        super().__init__(spectrum, input_output_dtype, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name)


class LinearOperatorCirculant3D(_CirculantBase):
    """TF `tf.linalg.LinearOperatorCirculant3D`: the 3-D analogue, `spectrum` [..., N0, N1,
    N2]."""

    _block_depth = 3

    def __init__(self, spectrum, input_output_dtype=dtypes.complex64, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=True,
                 name="LinearOperatorCirculant3D"):
        super().__init__(spectrum, input_output_dtype, is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name)
