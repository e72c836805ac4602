"""TF's elementary linear operators: `LinearOperatorFullMatrix`, `LinearOperatorDiag`,
`LinearOperatorIdentity`, `LinearOperatorScaledIdentity`, `LinearOperatorZeros` and
`LinearOperatorLowerTriangular`, with TF's hints, checks and structure-aware products, solves
and determinants.
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.linalg_operators.base import LinearOperator
from tfcompat.linalg_operators.base import join_shape
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import ones
from tfcompat.ops.array_ops_join import zeros
from tfcompat.ops.check_ops import assert_less
from tfcompat.ops.check_ops import assert_positive
from tfcompat.ops.linalg_diag_ops import eye
from tfcompat.ops.linalg_diag_ops import matrix_band_part
from tfcompat.ops.linalg_diag_ops import matrix_diag
from tfcompat.ops.linalg_diag_ops import matrix_diag_part
from tfcompat.ops.linalg_diag_ops import matrix_set_diag
from tfcompat.ops.linalg_ops import matrix_triangular_solve
from tfcompat.ops.reduction_ops import matmul
from tfcompat.ops.reduction_ops import reduce_max
from tfcompat.ops.reduction_ops import reduce_min
from tfcompat.ops.reduction_ops import reduce_prod
from tfcompat.ops.reduction_ops import reduce_sum

_MATRIX_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64,
                  dtypes.complex128)


def _check_dtype(tensor, what):
    if tensor.dtype.base_dtype not in _MATRIX_DTYPES:
        raise TypeError("Argument `%s` must have dtype in [%s]. Received: <dtype: '%s'>."
                        % (what, ", ".join("tf." + d.name for d in _MATRIX_DTYPES),
                           tensor.dtype.base_dtype.name))


def _real_self_adjoint(tensor, is_self_adjoint, what):
    """TF: a real diagonal (or scalar multiple of I) is always self-adjoint."""
    if tensor.dtype.base_dtype.is_complex:
        return is_self_adjoint
    if is_self_adjoint is False:
        raise ValueError("A real %s operator is always self adjoint." % what)
    return True


def _maybe_adjoint(x, adjoint_arg):
    return array_ops.matrix_transpose(x, conjugate=True) if adjoint_arg else x


class LinearOperatorFullMatrix(LinearOperator):
    """TF `tf.linalg.LinearOperatorFullMatrix`: a dense [batch] matrix."""

    def __init__(self, matrix, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorFullMatrix"):
        self._matrix = convert_to_tensor(matrix, name="matrix")
        _check_dtype(self._matrix, "matrix")
        super().__init__(self._matrix.dtype, is_non_singular=is_non_singular,
                         is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                         is_square=is_square, name=name, parameters={"matrix": matrix})

    @property
    def matrix(self):
        return self._matrix

    def _shape(self):
        return self._matrix.shape

    def _shape_tensor(self):
        return array_ops.shape(self._matrix)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul(self._matrix, x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def _to_dense(self):
        return self._matrix


class LinearOperatorDiag(LinearOperator):
    """TF `tf.linalg.LinearOperatorDiag`: diag(d) for d of shape [..., N]."""

    def __init__(self, diag, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorDiag"):
        self._diag = convert_to_tensor(diag, name="diag")
        if self._diag.shape.ndims is not None and self._diag.shape.ndims < 1:
            raise ValueError("Argument diag must have at least 1 dimension.  Found: %s"
                             % self._diag)
        if is_square is False:
            raise ValueError("Only square diagonal operators currently supported.")
        is_self_adjoint = _real_self_adjoint(self._diag, is_self_adjoint, "diagonal")
        super().__init__(self._diag.dtype, is_non_singular=is_non_singular,
                         is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                         is_square=True, name=name, parameters={"diag": diag})

    @property
    def diag(self):
        return self._diag

    def _shape(self):
        shape = self._diag.shape
        if shape.ndims is None:
            return tensor_shape.unknown_shape()
        dims = shape.as_list()
        return tensor_shape.TensorShape(dims + [dims[-1]])

    def _shape_tensor(self):
        shape = array_ops.shape(self._diag)
        return join_shape(shape[:-1], shape[-1], shape[-1])

    def _scaled(self, adjoint):
        return math_ops.conj(self._diag) if adjoint else self._diag

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return array_ops.expand_dims(self._scaled(adjoint), -1) * _maybe_adjoint(x, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return _maybe_adjoint(rhs, adjoint_arg) / array_ops.expand_dims(self._scaled(adjoint), -1)

    def _determinant(self):
        return reduce_prod(self._diag, axis=[-1])

    def _log_abs_determinant(self):
        out = reduce_sum(math_ops.log(math_ops.abs(self._diag)), axis=[-1])
        return math_ops.cast(out, self.dtype) if self.dtype.is_complex else out

    def _diag_part(self):
        return self._diag

    def _trace(self):
        return reduce_sum(self._diag, axis=-1)

    def _to_dense(self):
        return matrix_diag(self._diag)

    def _add_to_tensor(self, x):
        return matrix_set_diag(x, self._diag + matrix_diag_part(x))

    def _eigvals(self):
        return self._diag

    def _assert_non_singular(self):
        return assert_less(array_ops.zeros([], dtype=self.dtype.real_dtype),
                           math_ops.abs(self._diag),
                           message="Singular operator:  Diagonal contained zero values.")

    def _assert_positive_definite(self):
        message = ("Diagonal operator had diagonal entries with non-positive real part, thus "
                   "was not positive definite." if self.dtype.is_complex else
                   "Real diagonal operator had non-positive diagonal entries, thus was not "
                   "positive definite.")
        return assert_positive(math_ops.real(self._diag), message=message)

    def _linop_matmul(self, other):
        if isinstance(other, LinearOperatorDiag):  # TF's registered Diag @ Diag
            return LinearOperatorDiag(self._diag * other.diag,
                                      is_non_singular=_both(self, other, "is_non_singular"),
                                      is_self_adjoint=_both(self, other, "is_self_adjoint"),
                                      is_positive_definite=_both(self, other,
                                                                 "is_positive_definite"),
                                      is_square=True)
        return None

    def _linop_solve(self, other):
        if isinstance(other, LinearOperatorDiag):  # TF's registered Diag \\ Diag
            return LinearOperatorDiag(other.diag / self._diag,
                                      is_non_singular=_both(self, other, "is_non_singular"),
                                      is_self_adjoint=_both(self, other, "is_self_adjoint"),
                                      is_positive_definite=_both(self, other,
                                                                 "is_positive_definite"),
                                      is_square=True)
        return None

    def _cond(self):
        magnitude = math_ops.abs(self._diag)
        return reduce_max(magnitude, axis=-1) / reduce_min(magnitude, axis=-1)

    def _linop_adjoint(self):
        return LinearOperatorDiag(math_ops.conj(self._diag), is_non_singular=self.is_non_singular,
                                  is_self_adjoint=self.is_self_adjoint,
                                  is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_inverse(self):
        return LinearOperatorDiag(1.0 / self._diag, is_non_singular=self.is_non_singular,
                                  is_self_adjoint=self.is_self_adjoint,
                                  is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_cholesky(self):
        return LinearOperatorDiag(math_ops.sqrt(self._diag), is_non_singular=True,
                                  is_self_adjoint=True, is_positive_definite=True,
                                  is_square=True)


def _both(a, b, hint):
    """TF's combined hint of a product: True when both are, else None."""
    return True if getattr(a, hint) and getattr(b, hint) else None


def _num_rows(num_rows, name="num_rows"):
    value = convert_to_tensor(num_rows, dtype=dtypes.int32, name=name)
    static = value.shape
    if static.ndims not in (None, 0):
        raise ValueError("Argument %s must be a 0-D Tensor.  Found: %s" % (name, value))
    known = constant_value(value)
    if known is not None and int(known) < 0:
        raise ValueError("Argument %s must be non-negative.  Found: %s" % (name, int(known)))
    return value, None if known is None else int(known)


def _batch_shape(batch_shape):
    if batch_shape is None:
        return None, []
    value = convert_to_tensor(batch_shape, dtype=dtypes.int32, name="batch_shape")
    known = constant_value(value)
    return value, None if known is None else [int(d) for d in known]


class _BaseIdentity(LinearOperator):
    """The shape plumbing of the (scaled) identity: num_rows and an optional batch shape."""

    def _ones_diag(self):
        batch = self._batch_static or []
        if self._rows_static is not None and self._batch_static is not None:
            return ones(batch + [self._rows_static], dtype=self.dtype)
        return ones(self.shape_tensor()[:-1], dtype=self.dtype)

    def _shape_tensor(self):
        batch = self._batch_tensor if self._batch_tensor is not None else []
        return join_shape(batch, self._rows, self._rows)


class LinearOperatorIdentity(_BaseIdentity):
    """TF `tf.linalg.LinearOperatorIdentity`: the [batch] N x N identity."""

    def __init__(self, num_rows, batch_shape=None, dtype=None, is_non_singular=True,
                 is_self_adjoint=True, is_positive_definite=True, is_square=True,
                 assert_proper_shapes=False, name="LinearOperatorIdentity"):
        dtype = dtypes.as_dtype(dtype or dtypes.float32)
        if not is_self_adjoint:
            raise ValueError("An identity operator is always self adjoint.")
        if not is_non_singular:
            raise ValueError("An identity operator is always non-singular.")
        if not is_positive_definite:
            raise ValueError("An identity operator is always positive-definite.")
        if not is_square:
            raise ValueError("An identity operator is always square.")
        self._rows, self._rows_static = _num_rows(num_rows)
        self._batch_tensor, self._batch_static = _batch_shape(batch_shape)
        self._batch_given = batch_shape is not None
        super().__init__(dtype, is_non_singular=True, is_self_adjoint=True,
                         is_positive_definite=True, is_square=True, name=name,
                         parameters={"num_rows": num_rows, "batch_shape": batch_shape,
                                     "dtype": dtype})

    def _shape(self):
        if self._batch_static is None:
            return tensor_shape.unknown_shape()
        return tensor_shape.TensorShape(self._batch_static + [self._rows_static,
                                                              self._rows_static])

    def _broadcast(self, x):
        """TF: with a batch shape, x is broadcast against it (x + zeros)."""
        if not self._batch_given:
            return x
        zeros_shape = (self._batch_static + [1, 1]) if self._batch_static is not None else \
            join_shape(self._batch_tensor, 1, 1)
        return x + zeros(zeros_shape, dtype=x.dtype.base_dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._broadcast(_maybe_adjoint(x, adjoint_arg))

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return ones(self.batch_shape_tensor(), dtype=self.dtype)

    def _log_abs_determinant(self):
        return zeros(self.batch_shape_tensor(), dtype=self.dtype)

    def _diag_part(self):
        return self._ones_diag()

    def _trace(self):
        return reduce_sum(self._ones_diag(), axis=-1)

    def _to_dense(self):
        return eye(self._rows, batch_shape=self._batch_tensor, dtype=self.dtype)

    def _add_to_tensor(self, x):
        return matrix_set_diag(x, matrix_diag_part(x) + 1)

    def _eigvals(self):
        return self._ones_diag()

    def _cond(self):
        return ones(self.batch_shape_tensor(), dtype=self.dtype)

    def _linop_inverse(self):
        return self

    def _linop_matmul(self, other):
        return other  # TF's registered Identity @ X


class LinearOperatorScaledIdentity(_BaseIdentity):
    """TF `tf.linalg.LinearOperatorScaledIdentity`: c I, `multiplier` c of the batch shape."""

    def __init__(self, num_rows, multiplier, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorScaledIdentity"):
        self._multiplier = convert_to_tensor(multiplier, name="multiplier")
        if not is_square:
            raise ValueError("A ScaledIdentity operator is always square.")
        is_self_adjoint = _real_self_adjoint(self._multiplier, is_self_adjoint, "scaled identity")
        self._rows, self._rows_static = _num_rows(num_rows)
        batch = self._multiplier.shape
        self._batch_static = None if batch.ndims is None else batch.as_list()
        if self._batch_static is not None and None in self._batch_static:
            self._batch_static = None
        self._batch_tensor = array_ops.shape(self._multiplier)
        super().__init__(self._multiplier.dtype, is_non_singular=is_non_singular,
                         is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                         is_square=True, name=name,
                         parameters={"num_rows": num_rows, "multiplier": multiplier})

    @property
    def multiplier(self):
        return self._multiplier

    def _shape(self):
        batch = self._multiplier.shape
        if batch.ndims is None:
            return tensor_shape.unknown_shape()
        return tensor_shape.TensorShape(batch.as_list() + [self._rows_static, self._rows_static])

    def _scale(self, adjoint):
        scale = math_ops.conj(self._multiplier) if adjoint else self._multiplier
        return array_ops.expand_dims(array_ops.expand_dims(scale, -1), -1)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._scale(adjoint) * _maybe_adjoint(x, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return _maybe_adjoint(rhs, adjoint_arg) / self._scale(adjoint)

    def _determinant(self):
        return self._multiplier ** math_ops.cast(self._rows, self.dtype)

    def _log_abs_determinant(self):
        out = math_ops.cast(self._rows, self.dtype.real_dtype) * math_ops.log(
            math_ops.abs(self._multiplier))
        return math_ops.cast(out, self.dtype) if self.dtype.is_complex else out

    def _diag_part(self):
        return self._ones_diag() * array_ops.expand_dims(self._multiplier, -1)

    def _trace(self):
        return self._multiplier * math_ops.cast(self._rows, self.dtype)

    def _to_dense(self):
        return self._scale(False) * eye(self._rows, dtype=self.dtype)

    def _add_to_tensor(self, x):
        return matrix_set_diag(x, matrix_diag_part(x) + array_ops.expand_dims(self._multiplier,
                                                                              -1))

    def _eigvals(self):
        return self._diag_part()

    def _cond(self):
        return array_ops.ones_like(math_ops.abs(self._multiplier))

    def _linop_inverse(self):
        return LinearOperatorScaledIdentity(self._rows, 1.0 / self._multiplier,
                                            is_non_singular=self.is_non_singular,
                                            is_self_adjoint=self.is_self_adjoint,
                                            is_positive_definite=self.is_positive_definite)


class LinearOperatorZeros(LinearOperator):
    """TF `tf.linalg.LinearOperatorZeros`: the [batch] M x N zero matrix."""

    def __init__(self, num_rows, num_columns=None, batch_shape=None, dtype=None,
                 is_non_singular=False, is_self_adjoint=True, is_positive_definite=False,
                 is_square=True, assert_proper_shapes=False, name="LinearOperatorZeros"):
        dtype = dtypes.as_dtype(dtype or dtypes.float32)
        if is_non_singular:
            raise ValueError("A zero operator is always singular.")
        if is_positive_definite:
            raise ValueError("A zero operator is always not positive-definite.")
        self._rows, self._rows_static = _num_rows(num_rows)
        if num_columns is None:
            self._cols, self._cols_static = self._rows, self._rows_static
        else:
            self._cols, self._cols_static = _num_rows(num_columns, "num_columns")
        if (is_square and self._rows_static is not None and self._cols_static is not None
                and self._rows_static != self._cols_static):
            raise ValueError("LinearOperatorZeros initialized as is_square=True, but got "
                             "num_rows(%d) != num_columns(%d)" % (self._rows_static,
                                                                  self._cols_static))
        self._batch_tensor, self._batch_static = _batch_shape(batch_shape)
        super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite, is_square=is_square,
                         name=name, parameters={"num_rows": num_rows, "num_columns": num_columns,
                                                "batch_shape": batch_shape, "dtype": dtype})

    def _shape(self):
        if self._batch_static is None:
            return tensor_shape.unknown_shape()
        return tensor_shape.TensorShape(self._batch_static + [self._rows_static,
                                                              self._cols_static])

    def _shape_tensor(self):
        batch = self._batch_tensor if self._batch_tensor is not None else []
        return join_shape(batch, self._rows, self._cols)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = _maybe_adjoint(x, adjoint_arg)
        rows = self._cols if adjoint else self._rows
        x_shape = array_ops.shape(x)
        batch = x_shape[:-2] if self._batch_tensor is None else self._batch_tensor
        return zeros(join_shape(batch, rows, x_shape[-1]), dtype=self.dtype)

    def _determinant(self):
        return zeros(self.batch_shape_tensor(), dtype=self.dtype)

    def _log_abs_determinant(self):
        return math_ops.log(math_ops.abs(self.determinant()))

    def _diag_part(self):
        size = array_ops.reshape(math_ops.minimum(self._rows, self._cols), [1])
        return zeros(concat([self.batch_shape_tensor(), size], 0), dtype=self.dtype)

    def _trace(self):
        return zeros(self.batch_shape_tensor(), dtype=self.dtype)

    def _to_dense(self):
        return zeros(self.shape_tensor(), dtype=self.dtype)

    def _add_to_tensor(self, x):
        return x

    def _eigvals(self):
        return self._diag_part()


class LinearOperatorLowerTriangular(LinearOperator):
    """TF `tf.linalg.LinearOperatorLowerTriangular`: the lower triangle of `tril` (its
    strictly upper part is ignored)."""

    def __init__(self, tril, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None,
                 name="LinearOperatorLowerTriangular"):
        if is_square is False:
            raise ValueError("Only square lower triangular operators supported at this time.")
        self._tril = convert_to_tensor(tril, name="tril")
        super().__init__(self._tril.dtype, is_non_singular=is_non_singular,
                         is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                         is_square=True, name=name, parameters={"tril": tril})

    @property
    def tril(self):
        return self._tril

    def _lower(self):
        return matrix_band_part(self._tril, -1, 0)

    def _shape(self):
        return self._tril.shape

    def _shape_tensor(self):
        return array_ops.shape(self._tril)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul(self._lower(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = _maybe_adjoint(rhs, adjoint_arg)
        return matrix_triangular_solve(self._lower(), rhs, lower=True, adjoint=adjoint)

    def _determinant(self):
        return reduce_prod(matrix_diag_part(self._tril), axis=[-1])

    def _log_abs_determinant(self):
        out = reduce_sum(math_ops.log(math_ops.abs(matrix_diag_part(self._tril))), axis=[-1])
        return math_ops.cast(out, self.dtype) if self.dtype.is_complex else out

    def _diag_part(self):
        return matrix_diag_part(self._tril)

    def _to_dense(self):
        return self._lower()

    def _eigvals(self):
        return matrix_diag_part(self._tril)
