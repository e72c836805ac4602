"""TF's linear operators made of other operators: `LinearOperatorComposition`,
`LinearOperatorAdjoint`, `LinearOperatorInversion`, `LinearOperatorBlockDiag`,
`LinearOperatorBlockLowerTriangular`, `LinearOperatorKronecker` and
`LinearOperatorLowRankUpdate`. Products and solves go through the parts where TF's do;
block and Kronecker matrices are assembled from the parts' dense matrices (static sizes).
"""
from __future__ import annotations

from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.linalg_operators.base import LinearOperator
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import zeros
from tfcompat.ops.linalg_diag_ops import matrix_diag_part
from tfcompat.ops.linalg_ops import matrix_inverse
from tfcompat.ops.reduction_ops import matmul


def _common_dtype(operators):
    dtype = operators[0].dtype
    for op in operators[1:]:
        if op.dtype != dtype:
            raise TypeError("Expected all operators to have the same dtype.  Found %s"
                            % "   ".join("%s: %s" % (o.name, o.dtype) for o in operators))
    return dtype


def _broadcast_batch(shapes):
    """The broadcast of the operators' static batch shapes (None: unknown)."""
    out = []
    for shape in shapes:
        if shape.ndims is None:
            return None
        dims = shape.as_list()
        n = max(len(out), len(dims))
        a, b = [1] * (n - len(out)) + out, [1] * (n - len(dims)) + dims
        out = [q if p == 1 else p if q == 1 else (p if q is None else q) for p, q in zip(a, b)]
    return out


def _static_dims(operator):
    dims = operator.shape.as_list() if operator.shape.ndims is not None else None
    if dims is None or None in dims[-2:]:
        raise ValueError("%s: tfcompat assembles block and Kronecker operators from static "
                         "sizes; %s has shape %s" % ("LinearOperator", operator.name,
                                                     operator.shape))
    return dims


def compose(left, right):
    """left @ right as TF gives it: the composition of the two (flattened)."""
    parts = []
    for op in (left, right):
        parts.extend(op.operators if isinstance(op, LinearOperatorComposition) else [op])
    return LinearOperatorComposition(parts)


class LinearOperatorComposition(LinearOperator):
    """TF `tf.linalg.LinearOperatorComposition`: A1 A2 ... An."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        operators = list(operators)
        if not operators:
            raise ValueError("Expected a non-empty list of operators. Found: %s" % operators)
        self._operators = operators
        dtype = _common_dtype(operators)
        if all(op.is_non_singular for op in operators):
            if is_non_singular is False:
                raise ValueError("The composition of non-singular operators is always "
                                 "non-singular.")
            is_non_singular = True
        super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite, is_square=is_square,
                         name=name or "_o_".join(op.name for op in operators),
                         parameters={"operators": operators})

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        batch = _broadcast_batch([op.batch_shape for op in self._operators])
        first, last = self._operators[0].shape, self._operators[-1].shape
        if batch is None or first.ndims is None or last.ndims is None:
            return tensor_shape.unknown_shape()
        return tensor_shape.TensorShape(batch + [first.as_list()[-2], last.as_list()[-1]])

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        order = self._operators if adjoint else list(reversed(self._operators))
        result = order[0].matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for op in order[1:]:
            result = op.matmul(result, adjoint=adjoint)
        return result

    def _determinant(self):
        result = self._operators[0].determinant()
        for op in self._operators[1:]:
            result = result * op.determinant()
        return result

    def _log_abs_determinant(self):
        result = self._operators[0].log_abs_determinant()
        for op in self._operators[1:]:
            result = result + op.log_abs_determinant()
        return result

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        order = list(reversed(self._operators)) if adjoint else self._operators
        result = order[0].solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for op in order[1:]:
            result = op.solve(result, adjoint=adjoint)
        return result


class LinearOperatorAdjoint(LinearOperator):
    """TF `tf.linalg.LinearOperatorAdjoint`: A^H of `operator`."""

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        self._operator = operator

        def hint(given, inherited, what):
            if inherited is not None and given is not None and given != inherited:
                raise ValueError("An operator is %s if and only if its adjoint is." % what)
            return inherited if given is None else given

        super().__init__(operator.dtype,
                         is_non_singular=hint(is_non_singular, operator.is_non_singular,
                                              "non-singular"),
                         is_self_adjoint=hint(is_self_adjoint, operator.is_self_adjoint,
                                              "self-adjoint"),
                         is_positive_definite=hint(is_positive_definite,
                                                   operator.is_positive_definite,
                                                   "positive-definite"),
                         is_square=hint(is_square, operator.is_square, "square"),
                         name=name or operator.name + "_adjoint",
                         parameters={"operator": operator})

    @property
    def operator(self):
        return self._operator

    def _shape(self):
        shape = self._operator.shape
        if shape.ndims is None:
            return shape
        dims = shape.as_list()
        return tensor_shape.TensorShape(dims[:-2] + [dims[-1], dims[-2]])

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._operator.matmul(x, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._operator.solve(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return math_ops.conj(self._operator.determinant())

    def _log_abs_determinant(self):
        return self._operator.log_abs_determinant()

    def _diag_part(self):
        return math_ops.conj(self._operator.diag_part())

    def _to_dense(self):
        return array_ops.matrix_transpose(self._operator.to_dense(), conjugate=True)

    def _linop_adjoint(self):
        return self._operator


class LinearOperatorInversion(LinearOperator):
    """TF `tf.linalg.LinearOperatorInversion`: A^-1 of a square, non-singular `operator`."""

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        self._operator = operator
        if operator.is_square is False:
            raise ValueError("Cannot take the Inverse: This operator represents a non square "
                             "matrix.")
        if operator.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular "
                             "matrix.")
        super().__init__(operator.dtype,
                         is_non_singular=operator.is_non_singular if is_non_singular is None
                         else is_non_singular,
                         is_self_adjoint=operator.is_self_adjoint if is_self_adjoint is None
                         else is_self_adjoint,
                         is_positive_definite=operator.is_positive_definite
                         if is_positive_definite is None else is_positive_definite,
                         is_square=operator.is_square if is_square is None else is_square,
                         name=name or operator.name + "_inv",
                         parameters={"operator": operator})

    @property
    def operator(self):
        return self._operator

    def _shape(self):
        return self._operator.shape

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._operator.solve(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._operator.matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return 1.0 / self._operator.determinant()

    def _log_abs_determinant(self):
        return -1.0 * self._operator.log_abs_determinant()

    def _to_dense(self):
        return matrix_inverse(self._operator.to_dense())

    def _linop_inverse(self):
        return self._operator


def _block_rows(rows, dtype, batch):
    """The dense matrix of a block layout: rows of (block or None for zeros, rows, cols), every
    block broadcast to the operator's batch shape."""
    if batch is None or None in batch:
        raise ValueError("tfcompat assembles block operators from static batch shapes; got %s"
                         % batch)
    dense_rows = []
    for row in rows:
        parts = []
        for block, r, c in row:
            filler = zeros(batch + [r, c], dtype=dtype)
            parts.append(filler if block is None else block + filler)
        dense_rows.append(concat(parts, -1) if len(parts) > 1 else parts[0])
    return concat(dense_rows, -2) if len(dense_rows) > 1 else dense_rows[0]


class LinearOperatorBlockDiag(LinearOperator):
    """TF `tf.linalg.LinearOperatorBlockDiag`: the square operators on the diagonal."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True, name=None):
        operators = list(operators)
        if not operators:
            raise ValueError("Expected a non-empty list of operators. Found: %s" % operators)
        self._operators = operators
        dtype = _common_dtype(operators)
        if all(op.is_non_singular for op in operators):
            is_non_singular = True if is_non_singular is None else is_non_singular
        if all(op.is_self_adjoint for op in operators):
            is_self_adjoint = True if is_self_adjoint is None else is_self_adjoint
        if all(op.is_positive_definite for op in operators):
            is_positive_definite = True if is_positive_definite is None else is_positive_definite
        super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite, is_square=is_square,
                         name=name or "_ds_".join(op.name for op in operators),
                         parameters={"operators": operators})

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        batch = _broadcast_batch([op.batch_shape for op in self._operators])
        dims = [op.shape.as_list()[-2:] if op.shape.ndims is not None else [None, None]
                for op in self._operators]
        if batch is None:
            return tensor_shape.unknown_shape()
        rows = None if any(d[0] is None for d in dims) else sum(d[0] for d in dims)
        cols = None if any(d[1] is None for d in dims) else sum(d[1] for d in dims)
        return tensor_shape.TensorShape(batch + [rows, cols])

    def _to_dense(self):
        sizes = [_static_dims(op)[-2:] for op in self._operators]
        rows = []
        for i, op in enumerate(self._operators):
            rows.append([(op.to_dense() if i == j else None, sizes[i][0], sizes[j][1])
                         for j in range(len(self._operators))])
        return _block_rows(rows, self.dtype, self.batch_shape.as_list()
                           if self.batch_shape.ndims is not None else None)

    def _determinant(self):
        result = self._operators[0].determinant()
        for op in self._operators[1:]:
            result = result * op.determinant()
        return result

    def _log_abs_determinant(self):
        result = self._operators[0].log_abs_determinant()
        for op in self._operators[1:]:
            result = result + op.log_abs_determinant()
        return result

    def _diag_part(self):
        return concat([op.diag_part() for op in self._operators], -1)


class LinearOperatorBlockLowerTriangular(LinearOperator):
    """TF `tf.linalg.LinearOperatorBlockLowerTriangular`: row i of `operators` holds the
    blocks (i, 0) ... (i, i); the diagonal blocks are square."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None,
                 name="LinearOperatorBlockLowerTriangular"):
        rows = [list(row) for row in operators]
        if not rows:
            raise ValueError("Expected a non-empty list of operators. Found: %s" % operators)
        for i, row in enumerate(rows):
            if len(row) != i + 1:
                raise ValueError("Argument `operators[%d]` must contain `%d` blocks. Received: "
                                 "%d blocks." % (i, i + 1, len(row)))
        self._operators = rows
        dtype = _common_dtype([op for row in rows for op in row])
        super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite, is_square=is_square,
                         name=name, parameters={"operators": rows})

    @property
    def operators(self):
        return self._operators

    def _diagonal(self):
        return [row[-1] for row in self._operators]

    def _shape(self):
        batch = _broadcast_batch([op.batch_shape for row in self._operators for op in row])
        dims = [op.shape.as_list()[-1] if op.shape.ndims is not None else None
                for op in self._diagonal()]
        if batch is None:
            return tensor_shape.unknown_shape()
        size = None if None in dims else sum(dims)
        return tensor_shape.TensorShape(batch + [size, size])

    def _to_dense(self):
        sizes = [_static_dims(op)[-1] for op in self._diagonal()]
        rows = []
        for i, row in enumerate(self._operators):
            rows.append([(row[j].to_dense() if j <= i else None, sizes[i], sizes[j])
                         for j in range(len(sizes))])
        return _block_rows(rows, self.dtype, self.batch_shape.as_list()
                           if self.batch_shape.ndims is not None else None)

    def _determinant(self):
        result = self._diagonal()[0].determinant()
        for op in self._diagonal()[1:]:
            result = result * op.determinant()
        return result

    def _log_abs_determinant(self):
        result = self._diagonal()[0].log_abs_determinant()
        for op in self._diagonal()[1:]:
            result = result + op.log_abs_determinant()
        return result


def _kronecker_hint(operators, attr, given, what):
    if not all(getattr(op, attr) for op in operators):
        return given
    if given is False:
        raise ValueError("The Kronecker product of %s operators is always %s." % (what, what))
    return True


class LinearOperatorKronecker(LinearOperator):
    """TF `tf.linalg.LinearOperatorKronecker`: A1 (x) A2 (x) ... (x) An."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        operators = list(operators)
        if not operators:
            raise ValueError("Expected a list of >=1 operators. Found: %s" % operators)
        self._operators = operators
        dtype = _common_dtype(operators)
        # TF's hints: a product of factors that all have a property has it too
        is_non_singular = _kronecker_hint(operators, "is_non_singular", is_non_singular,
                                          "non-singular")
        is_self_adjoint = _kronecker_hint(operators, "is_self_adjoint", is_self_adjoint,
                                          "self-adjoint")
        is_positive_definite = _kronecker_hint(operators, "is_positive_definite",
                                               is_positive_definite, "positive-definite")
        super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite, is_square=is_square,
                         name=name or "_x_".join(op.name for op in operators),
                         parameters={"operators": operators})

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        batch = _broadcast_batch([op.batch_shape for op in self._operators])
        if batch is None:
            return tensor_shape.unknown_shape()
        rows, cols = 1, 1
        for op in self._operators:
            dims = op.shape.as_list()[-2:] if op.shape.ndims is not None else [None, None]
            rows = None if rows is None or dims[0] is None else rows * dims[0]
            cols = None if cols is None or dims[1] is None else cols * dims[1]
        return tensor_shape.TensorShape(batch + [rows, cols])

    def _to_dense(self):
        result = self._operators[0].to_dense()
        m, n = _static_dims(self._operators[0])[-2:]
        for op in self._operators[1:]:
            p, q = _static_dims(op)[-2:]
            dense = op.to_dense()
            outer = (array_ops.expand_dims(array_ops.expand_dims(result, -1), -3)
                     * array_ops.expand_dims(array_ops.expand_dims(dense, -2), -4))
            batch = array_ops.shape(outer)[:-4]
            result = array_ops.reshape(outer, concat([batch, [m * p, n * q]], 0))
            m, n = m * p, n * q
        result.set_shape(self.shape)
        return result

    def _determinant(self):
        """det(A (x) B) = det(A)^q det(B)^p for A p x p, B q x q."""
        total = 1
        for op in self._operators:
            total *= _static_dims(op)[-1]
        result = None
        for op in self._operators:
            power = total // _static_dims(op)[-1]
            term = op.determinant() ** math_ops.cast(power, self.dtype)
            result = term if result is None else result * term
        return result

    def _log_abs_determinant(self):
        total = 1
        for op in self._operators:
            total *= _static_dims(op)[-1]
        result = None
        for op in self._operators:
            power = total // _static_dims(op)[-1]
            term = op.log_abs_determinant() * float(power)
            result = term if result is None else result + term
        return result

    def _trace(self):
        result = self._operators[0].trace()
        for op in self._operators[1:]:
            result = result * op.trace()
        return result


def _low_rank_hints(base, v, diag_positive, is_non_singular, is_self_adjoint,
                    is_positive_definite):
    """TF's hints for L + U D U^H: self-adjoint when L is (real dtype, V = U); self-adjoint
    positive-definite when L is and D is positive (where TF solves by Cholesky)."""
    if base.is_self_adjoint and v is None and not base.dtype.is_complex:
        if is_self_adjoint is False:
            raise ValueError("A = L + UDU^H, with L self-adjoint and D real diagonal.  Since"
                             " UDU^H is self-adjoint, this must be a self-adjoint operator.")
        is_self_adjoint = True
    if base.is_positive_definite and base.is_self_adjoint and diag_positive and v is None:
        if is_positive_definite is False or is_self_adjoint is False or \
                is_non_singular is False:
            raise ValueError("Arguments imply this is self-adjoint positive-definite operator.")
        is_positive_definite = is_self_adjoint = True
    return is_self_adjoint, is_positive_definite


class LinearOperatorLowRankUpdate(LinearOperator):
    """TF `tf.linalg.LinearOperatorLowRankUpdate`: L + U D V^H (V = U, D = I by default)."""

    def __init__(self, base_operator, u, diag_update=None, v=None, is_diag_update_positive=None,
                 is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorLowRankUpdate"):
        dtype = base_operator.dtype
        self._base = base_operator
        self._u = convert_to_tensor(u, dtype=dtype, name="u")
        self._v = self._u if v is None else convert_to_tensor(v, dtype=dtype, name="v")
        self._diag_update = None if diag_update is None else convert_to_tensor(
            diag_update, dtype=dtype, name="diag_update")
        if diag_update is None:
            if is_diag_update_positive is False:
                raise ValueError("Default diagonal is the identity, which is positive.  However, "
                                 "user set 'is_diag_update_positive' to False.")
            is_diag_update_positive = True
        self._is_diag_update_positive = is_diag_update_positive
        is_self_adjoint, is_positive_definite = _low_rank_hints(
            base_operator, v, is_diag_update_positive, is_non_singular, is_self_adjoint,
            is_positive_definite)
        super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite, is_square=is_square,
                         name=name, parameters={"base_operator": base_operator, "u": u,
                                                "diag_update": diag_update, "v": v})

    @property
    def base_operator(self):
        return self._base

    @property
    def u(self):
        return self._u

    @property
    def v(self):
        return self._v

    @property
    def diag_update(self):
        return self._diag_update

    @property
    def is_diag_update_positive(self):
        return self._is_diag_update_positive

    def _shape(self):
        return self._base.shape

    def _scaled_u(self):
        if self._diag_update is None:
            return self._u
        return self._u * array_ops.expand_dims(self._diag_update, -2)

    def _to_dense(self):
        return self._base.to_dense() + matmul(self._scaled_u(), self._v, adjoint_b=True)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = array_ops.matrix_transpose(x, conjugate=True) if adjoint_arg else x
        base = self._base.matmul(x, adjoint=adjoint)
        if adjoint:  # (U D V^H)^H x = V D^H U^H x
            d = None if self._diag_update is None else math_ops.conj(self._diag_update)
            inner = matmul(self._u, x, adjoint_a=True)
            inner = inner if d is None else array_ops.expand_dims(d, -1) * inner
            return base + matmul(self._v, inner)
        inner = matmul(self._v, x, adjoint_a=True)
        if self._diag_update is not None:
            inner = array_ops.expand_dims(self._diag_update, -1) * inner
        return base + matmul(self._u, inner)

    def _diag_part(self):
        return self._base.diag_part() + matrix_diag_part(
            matmul(self._scaled_u(), self._v, adjoint_b=True))

