"""`tf.linalg.LinearOperator`: TF's abstract base of matrix-free linear operators, with its
public surface (shape and hint properties, matmul/solve/determinant/..., adjoint/inverse/
cholesky) and its subclassing contract: a subclass implements `_shape`, `_shape_tensor` and
`_matmul` (or `_to_dense`), and may override `_solve`, `_determinant`, `_diag_part`, ... with
structure-aware versions. Defaults go through the dense matrix, as TF's do.
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope as _name_scope
from tfcompat.framework.operation import Tensor
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.check_ops import assert_equal
from tfcompat.ops.check_ops import assert_less
from tfcompat.ops.check_ops import assert_positive
from tfcompat.ops.linalg_decomp_ops import self_adjoint_eigvals
from tfcompat.ops.linalg_decomp_ops import svd
from tfcompat.ops.linalg_diag_ops import eye
from tfcompat.ops.linalg_diag_ops import matrix_diag_part
from tfcompat.ops.linalg_ops import cholesky as _cholesky
from tfcompat.ops.linalg_ops import log_matrix_determinant
from tfcompat.ops.linalg_ops import matrix_determinant
from tfcompat.ops.linalg_ops import matrix_solve
from tfcompat.ops.reduction_ops import matmul as _matmul
from tfcompat.ops.reduction_ops import reduce_max
from tfcompat.ops.reduction_ops import reduce_min
from tfcompat.ops.reduction_ops import reduce_sum


def _check_hints(is_non_singular, is_self_adjoint, is_positive_definite, is_square):
    """TF's consistency checks of the hints."""
    if is_positive_definite and is_non_singular is False:
        raise ValueError("A positive definite matrix is always non-singular.")
    if is_positive_definite and is_square is False:
        raise ValueError("A positive definite matrix is always square.")
    if is_non_singular and is_square is False:
        raise ValueError("A non-singular matrix is always square.")
    if is_self_adjoint and is_square is False:
        raise ValueError("A self-adjoint matrix is always square.")


def _magnitude(values):
    """Singular values as reals (TF's Svd gives a complex matrix's as complex)."""
    return math_ops.abs(values) if values.dtype.is_complex else values


def is_operator(value) -> bool:
    return isinstance(value, LinearOperator)


class LinearOperator:
    """TF `tf.linalg.LinearOperator`: acts like a [batch] matrix A of shape
    [B1, ..., Bb, M, N] through `matmul`, without necessarily holding it."""

    def __init__(self, dtype, graph_parents=None, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None, parameters=None):
        if is_positive_definite:  # TF: positive definite implies non-singular
            if is_non_singular is False:
                raise ValueError("A positive definite matrix is always non-singular.")
            is_non_singular = True
        if is_non_singular and is_square is False:
            raise ValueError("A non-singular matrix is always square.")
        if is_non_singular:
            is_square = True
        if is_self_adjoint:
            if is_square is False:
                raise ValueError("A self-adjoint matrix is always square.")
            is_square = True
        self._dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
        self._graph_parents = list(graph_parents or [])
        self._is_non_singular = is_non_singular
        self._is_self_adjoint = is_self_adjoint
        self._is_positive_definite = is_positive_definite
        self._is_square_set = is_square
        self._name = name or type(self).__name__
        self._parameters = dict(parameters) if parameters else {}

    # -- properties -------------------------------------------------------------------------

    @property
    def dtype(self):
        return self._dtype

    @property
    def name(self):
        return self._name

    @property
    def graph_parents(self):
        return self._graph_parents

    @property
    def parameters(self):
        return dict(self._parameters)

    @property
    def is_non_singular(self):
        return self._is_non_singular

    @property
    def is_self_adjoint(self):
        return self._is_self_adjoint

    @property
    def is_positive_definite(self):
        return self._is_positive_definite

    @property
    def is_square(self):
        """The hint if set, else whether the static shape is square (None: unknown)."""
        if self._is_square_set is not None:
            return self._is_square_set
        shape = self.shape
        if shape.ndims is None:
            return None
        rows, cols = shape.as_list()[-2:]
        if rows is None or cols is None:
            return None
        return rows == cols

    @property
    def H(self):
        return self.adjoint()

    def name_scope(self, name=None):
        return _name_scope(self._name + ("/" + name if name else ""))

    # -- shapes -----------------------------------------------------------------------------

    def _shape(self):
        raise NotImplementedError("_shape is not implemented by %s" % type(self).__name__)

    def _shape_tensor(self):
        shape = self.shape
        if shape.is_fully_defined():
            return convert_to_tensor(shape.as_list(), dtype=dtypes.int32, name="shape")
        raise NotImplementedError("_shape_tensor is not implemented by %s"
                                  % type(self).__name__)

    @property
    def shape(self):
        return tensor_shape.TensorShape(self._shape())

    def shape_tensor(self, name="shape_tensor"):
        with self.name_scope(name):
            if self.shape.is_fully_defined():
                return convert_to_tensor(self.shape.as_list(), dtype=dtypes.int32, name="shape")
            return self._shape_tensor()

    @property
    def batch_shape(self):
        shape = self.shape
        return shape if shape.ndims is None else tensor_shape.TensorShape(shape.as_list()[:-2])

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        with self.name_scope(name):
            return self.shape_tensor()[:-2]

    @property
    def tensor_rank(self):
        return self.shape.ndims

    def tensor_rank_tensor(self, name="tensor_rank_tensor"):
        with self.name_scope(name):
            if self.tensor_rank is not None:
                return convert_to_tensor(self.tensor_rank, dtype=dtypes.int32)
            return array_ops.size(self.shape_tensor())

    @property
    def domain_dimension(self):
        shape = self.shape
        return tensor_shape.Dimension(None if shape.ndims is None else shape.as_list()[-1])

    def domain_dimension_tensor(self, name="domain_dimension_tensor"):
        with self.name_scope(name):
            value = self.domain_dimension.value
            if value is not None:
                return convert_to_tensor(value, dtype=dtypes.int32)
            return self.shape_tensor()[-1]

    @property
    def range_dimension(self):
        shape = self.shape
        return tensor_shape.Dimension(None if shape.ndims is None else shape.as_list()[-2])

    def range_dimension_tensor(self, name="range_dimension_tensor"):
        with self.name_scope(name):
            value = self.range_dimension.value
            if value is not None:
                return convert_to_tensor(value, dtype=dtypes.int32)
            return self.shape_tensor()[-2]

    # -- checks -----------------------------------------------------------------------------

    def _check_input_dtype(self, arg):
        if arg.dtype.base_dtype != self.dtype:
            raise TypeError("Expected argument to have dtype %s.  Found: %s in tensor %s"
                            % (self.dtype, arg.dtype.base_dtype, arg))

    def _check_arg_dim(self, self_dim, arg, arg_dim):
        """TF's static check that `arg`'s dimension `arg_dim` can meet the operator's
        dimension `self_dim` (ValueError "Dimensions 4 and 3 are not compatible")."""
        if arg.shape.ndims is not None and arg.shape.ndims < -arg_dim:
            return
        tensor_shape.dimension_at_index(self.shape, self_dim).assert_is_compatible_with(
            tensor_shape.dimension_at_index(arg.shape, arg_dim))

    def _convert(self, value, name):
        tensor = convert_to_tensor(value, dtype=self.dtype, name=name) \
            if not isinstance(value, Tensor) else value
        self._check_input_dtype(tensor)
        return tensor

    def assert_non_singular(self, name="assert_non_singular"):
        with self.name_scope(name):
            return self._assert_non_singular()

    def _assert_non_singular(self):
        """TF's default: the condition number (singular values) below
        1 / (max(100, M, N) eps)."""
        s = _magnitude(svd(self.to_dense(), compute_uv=False))
        eps = np.finfo(s.dtype.base_dtype.as_numpy_dtype).eps
        cond = reduce_max(s, axis=-1) / reduce_min(s, axis=-1)
        real = cond.dtype.base_dtype
        size = math_ops.maximum(math_ops.cast(self.range_dimension_tensor(), real),
                                math_ops.cast(self.domain_dimension_tensor(), real))
        limit = 1.0 / (math_ops.maximum(size, convert_to_tensor(100.0, dtype=real)) * eps)
        return assert_less(cond, limit, message="Singular matrix up to precision epsilon.")

    def assert_positive_definite(self, name="assert_positive_definite"):
        with self.name_scope(name):
            return self._assert_positive_definite()

    def _assert_positive_definite(self):
        if self.is_self_adjoint:
            return assert_positive(self.eigvals(), message="Operator was not positive definite.")
        raise NotImplementedError("assert_positive_definite is not implemented.")

    def assert_self_adjoint(self, name="assert_self_adjoint"):
        with self.name_scope(name):
            return self._assert_self_adjoint()

    def _assert_self_adjoint(self):
        dense = self.to_dense()
        return assert_equal(dense, array_ops.matrix_transpose(dense, conjugate=True),
                            message="Matrix was not equal to its adjoint.")

    # -- products and solves ----------------------------------------------------------------

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        """A x ([..., M, N] times [..., N, R]); `adjoint` uses A^H, `adjoint_arg` x^H. With a
        LinearOperator `x`: their composition."""
        if is_operator(x):
            # lazy: cycle: composed and basic operators subclass LinearOperator
            from tfcompat.linalg_operators.composed import compose
            left = self.adjoint() if adjoint else self
            right = x.adjoint() if adjoint_arg else x
            return left._linop_matmul(right) or compose(left, right)
        with self.name_scope(name):
            x = self._convert(x, "x")
            self._check_arg_dim(-2 if adjoint else -1, x, -1 if adjoint_arg else -2)
            return self._matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return _matmul(self.to_dense(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def __matmul__(self, other):
        return self.matmul(other)

    def matvec(self, x, adjoint=False, name="matvec"):
        with self.name_scope(name):
            x = self._convert(x, "x")
            self._check_arg_dim(-2 if adjoint else -1, x, -1)
            return self._matvec(x, adjoint=adjoint)

    def _matvec(self, x, adjoint=False):
        out = self.matmul(array_ops.expand_dims(x, -1), adjoint=adjoint)
        return array_ops.squeeze(out, axis=[-1])

    def _can_solve(self):
        if self.is_non_singular is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is "
                                      "expected to be singular.")
        if self.is_square is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is "
                                      "expected to not be square.")

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        """X with A X = rhs (A^H X = rhs with `adjoint`)."""
        self._can_solve()
        if is_operator(rhs):
            # lazy: cycle: composed and basic operators subclass LinearOperator
            from tfcompat.linalg_operators.composed import compose
            left = self.adjoint() if adjoint else self
            right = rhs.adjoint() if adjoint_arg else rhs
            return left._linop_solve(right) or compose(left.inverse(), right)
        with self.name_scope(name):
            rhs = self._convert(rhs, "rhs")
            self._check_arg_dim(-1 if adjoint else -2, rhs, -1 if adjoint_arg else -2)
            return self._solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = array_ops.matrix_transpose(rhs, conjugate=True) if adjoint_arg else rhs
        return matrix_solve(self.to_dense(), rhs, adjoint=adjoint)

    def solvevec(self, rhs, adjoint=False, name="solvevec"):
        self._can_solve()
        with self.name_scope(name):
            rhs = self._convert(rhs, "rhs")
            self._check_arg_dim(-1 if adjoint else -2, rhs, -1)
            return self._solvevec(rhs, adjoint=adjoint)

    def _solvevec(self, rhs, adjoint=False):
        out = self.solve(array_ops.expand_dims(rhs, -1), adjoint=adjoint)
        return array_ops.squeeze(out, axis=[-1])

    # -- scalars and parts ------------------------------------------------------------------

    def _require_square(self, what):
        if self.is_square is False:
            raise NotImplementedError("%s not implemented for an operator that is expected to "
                                      "not be square." % what)

    def determinant(self, name="det"):
        self._require_square("Determinant")
        with self.name_scope(name):
            return self._determinant()

    def _determinant(self):
        return matrix_determinant(self.to_dense())

    def log_abs_determinant(self, name="log_abs_det"):
        self._require_square("Determinant")
        with self.name_scope(name):
            return self._log_abs_determinant()

    def _log_abs_determinant(self):
        return log_matrix_determinant(self.to_dense())[1]

    def diag_part(self, name="diag_part"):
        with self.name_scope(name):
            return self._diag_part()

    def _diag_part(self):
        return matrix_diag_part(self.to_dense())

    def trace(self, name="trace"):
        with self.name_scope(name):
            return self._trace()

    def _trace(self):
        return reduce_sum(self.diag_part(), axis=-1)

    def to_dense(self, name="to_dense"):
        with self.name_scope(name):
            return self._to_dense()

    def _to_dense(self):
        """TF's default: A times the identity of its domain."""
        shape = self.shape
        if shape.is_fully_defined():
            dims = shape.as_list()
            identity = eye(dims[-1], batch_shape=dims[:-2], dtype=self.dtype)
        else:
            shape_t = self.shape_tensor()
            identity = eye(shape_t[-1], batch_shape=shape_t[:-2], dtype=self.dtype)
        return self.matmul(identity)

    def add_to_tensor(self, x, name="add_to_tensor"):
        with self.name_scope(name):
            x = self._convert(x, "x")
            return self._add_to_tensor(x)

    def _add_to_tensor(self, x):
        return self.to_dense() + x

    def eigvals(self, name="eigvals"):
        if not self.is_self_adjoint:
            raise NotImplementedError("Only self-adjoint matrices are supported.")
        with self.name_scope(name):
            return self._eigvals()

    def _eigvals(self):
        return self_adjoint_eigvals(self.to_dense())

    def cond(self, name="cond"):
        """The condition number: largest over smallest singular value (|eigenvalue| for a
        self-adjoint operator)."""
        with self.name_scope(name):
            return self._cond()

    def _cond(self):
        if self.is_self_adjoint:
            values = math_ops.abs(self.eigvals())
        else:
            values = _magnitude(svd(self.to_dense(), compute_uv=False))
        return reduce_max(values, axis=-1) / reduce_min(values, axis=-1)

    # -- derived operators ------------------------------------------------------------------

    def adjoint(self, name="adjoint"):
        if self.is_self_adjoint is True:
            return self
        # lazy: cycle: composed and basic operators subclass LinearOperator
        from tfcompat.linalg_operators.composed import LinearOperatorAdjoint
        return self._linop_adjoint() or LinearOperatorAdjoint(self)

    def _linop_adjoint(self):
        return None

    def _linop_matmul(self, other):
        """A structured product TF registers for this pair (LinearOperatorDiag @ Diag, ...);
        None: the composition."""
        return

    def _linop_solve(self, other):
        """A structured solve TF registers for this pair; None: inverse() composed."""
        return

    def inverse(self, name="inverse"):
        if self.is_square is False:
            raise ValueError("Cannot take the Inverse: This operator represents a non square "
                             "matrix.")
        if self.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular "
                             "matrix.")
        # lazy: cycle: composed and basic operators subclass LinearOperator
        from tfcompat.linalg_operators.composed import LinearOperatorInversion
        return self._linop_inverse() or LinearOperatorInversion(self)

    def _linop_inverse(self):
        return None

    def cholesky(self, name="cholesky"):
        if not (self.is_self_adjoint and self.is_positive_definite):
            raise ValueError("Cholesky decomposition only exists for self-adjoint positive "
                             "definite matrices.")
        # lazy: cycle: composed and basic operators subclass LinearOperator
        from tfcompat.linalg_operators.basic import LinearOperatorLowerTriangular
        with self.name_scope(name):
            return self._linop_cholesky() or LinearOperatorLowerTriangular(
                _cholesky(self.to_dense()), is_non_singular=True, is_self_adjoint=False,
                is_square=True)

    def _linop_cholesky(self):
        return None


def static_or_dynamic_shape(tensor):
    """`tensor`'s static shape as a list, or its shape tensor where not fully known."""
    if tensor.shape.is_fully_defined():
        return tensor.shape.as_list()
    return array_ops.shape(tensor)


def join_shape(batch, rows, cols):
    """The shape tensor batch + [rows, cols] (int32)."""
    return concat([math_ops.cast(batch, dtypes.int32),
                   math_ops.cast(array_ops.reshape(rows, [1]), dtypes.int32),
                   math_ops.cast(array_ops.reshape(cols, [1]), dtypes.int32)], 0)
