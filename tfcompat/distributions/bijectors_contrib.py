"""More of TF 1.15's contrib bijectors: SoftmaxCentered, CholeskyOuterProduct, FillTriangular,
TransformDiagonal, ScaleTriL, PowerTransform, Square, AffineLinearOperator, Softsign and Inline
(contrib/distributions/python/ops/bijectors/*.py), with TF's formulas, names and validate_args
messages."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat import linalg
from tfcompat.distributions.bijector_impl import AffineScalar
from tfcompat.distributions.bijector_impl import Bijector
from tfcompat.distributions.bijector_impl import Softplus
from tfcompat.distributions.bijectors_more import Chain
from tfcompat.distributions.mvn import fill_triangular
from tfcompat.distributions.util_contrib import fill_triangular_inverse
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops.control_flow_ops import with_dependencies


class SoftmaxCentered(Bijector):
    """Y = softmax([X, 0]): R^k to the (k+1)-simplex."""

    def __init__(self, validate_args=False, name="softmax_centered"):
        super().__init__(forward_min_event_ndims=1, validate_args=validate_args, name=name)

    def forward_event_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if input_shape.ndims is None or input_shape[-1].value is None:
            return input_shape
        return tensor_shape.TensorShape([input_shape[-1].value + 1])

    def inverse_event_shape(self, output_shape):
        output_shape = tensor_shape.as_shape(output_shape)
        if output_shape.ndims is None or output_shape[-1].value is None:
            return output_shape
        if output_shape[-1].value <= 1:
            raise ValueError("output_shape[-1] = %d <= 1" % output_shape[-1].value)
        return tensor_shape.TensorShape([output_shape[-1].value - 1])

    def forward_event_shape_tensor(self, input_shape, name="forward_event_shape_tensor"):
        with self._name_scope(name, [input_shape]):
            input_shape = tf.convert_to_tensor(input_shape, dtype=dtypes.int32,
                                               name="input_shape")
            return (input_shape[-1] + 1)[..., tf.newaxis]

    def inverse_event_shape_tensor(self, output_shape, name="inverse_event_shape_tensor"):
        with self._name_scope(name, [output_shape]):
            output_shape = tf.convert_to_tensor(output_shape, dtype=dtypes.int32,
                                                name="output_shape")
            if self.validate_args:
                output_shape = with_dependencies([tf.assert_greater(
                    output_shape[-1], 1, message="Need last dimension greater than 1.")],
                    output_shape)
            return (output_shape[-1] - 1)[..., tf.newaxis]

    def _forward(self, x):
        paddings = tf.concat([tf.zeros([tf.rank(x) - 1, 2], dtypes.int32),
                              tf.constant([[0, 1]], dtypes.int32)], axis=0)
        y = tf.pad(x, paddings)
        if x.shape.ndims is not None:
            last = x.shape[-1].value
            y.set_shape(x.shape[:-1].concatenate([None if last is None else last + 1]))
        return tf.nn.softmax(y)

    def _inverse(self, y):
        x = tf.log(y)
        log_normalization = (-x[..., -1])[..., tf.newaxis]
        x = x[..., :-1] + log_normalization
        if y.shape.ndims is not None:
            last = y.shape[-1].value
            x.set_shape(y.shape[:-1].concatenate([None if last is None else last - 1]))
        return x

    def _inverse_log_det_jacobian(self, y):
        return -tf.reduce_sum(tf.log(y), axis=-1)

    def _forward_log_det_jacobian(self, x):
        log_normalization = tf.nn.softplus(tf.reduce_logsumexp(x, axis=-1, keepdims=True))
        return tf.squeeze(-log_normalization + tf.reduce_sum(x - log_normalization, axis=-1,
                                                             keepdims=True), axis=-1)


class CholeskyOuterProduct(Bijector):
    """Y = X @ X^T for lower-triangular X with positive diagonal; inverse = cholesky(Y)."""

    def __init__(self, validate_args=False, name="cholesky_outer_product"):
        super().__init__(forward_min_event_ndims=2, validate_args=validate_args, name=name)

    def _forward(self, x):
        if self.validate_args:
            shape = tf.shape(x)
            x = with_dependencies([tf.assert_rank_at_least(x, 2),
                                   tf.assert_equal(shape[-2], shape[-1])], x)
        x = tf.matrix_band_part(x, -1, 0)
        return tf.matmul(x, x, adjoint_b=True)

    def _inverse(self, y):
        return tf.cholesky(y)

    def _forward_log_det_jacobian(self, x):
        # |dY/dX| = 2^p prod_j X[j, j]^(p - j), j = 0 .. p-1.
        diag = tf.matrix_diag_part(x)
        if self.validate_args:
            shape = tf.shape(x)
            x = with_dependencies([
                tf.assert_rank_at_least(x, 2, message="Input must be a (batch of) matrix."),
                tf.assert_equal(shape[-2], shape[-1],
                                message="Input must be a (batch of) square matrix."),
                tf.assert_positive(diag, message="Input must be positive definite.")], x)
            diag = tf.matrix_diag_part(x)
        p_static = x.shape[-1].value if x.shape.ndims is not None else None
        if p_static is None:
            p_int = tf.shape(x)[-1]
            p_float = tf.cast(p_int, dtype=x.dtype)
        else:
            p_int = p_static
            p_float = np.array(p_int, dtype=x.dtype.as_numpy_dtype)
        exponents = tf.linspace(p_float, tf.constant(1., dtype=x.dtype), p_int)
        return p_float * np.log(2.) + tf.reduce_sum(tf.log(diag) * exponents, axis=-1)


def _vector_size_to_square_matrix_size(d):
    n = (-1 + np.sqrt(1 + 8 * d)) / 2.
    if float(int(n)) != n:
        raise ValueError("Vector length is not a triangular number.")
    return int(n)


class FillTriangular(Bijector):
    """The last dim's n(n+1)/2 values as an [n, n] lower (or upper) triangular matrix."""

    def __init__(self, upper=False, validate_args=False, name="fill_triangular"):
        self._upper = upper
        super().__init__(forward_min_event_ndims=1, inverse_min_event_ndims=2,
                         validate_args=validate_args, name=name)

    def _forward(self, x):
        return fill_triangular(x, upper=self._upper)

    def _inverse(self, y):
        return fill_triangular_inverse(y, upper=self._upper)

    def _forward_log_det_jacobian(self, x):
        return tf.zeros_like(x[..., 0])

    def _inverse_log_det_jacobian(self, y):
        return tf.zeros_like(y[..., 0, 0])

    def forward_event_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if input_shape.ndims is None:
            return input_shape
        d = input_shape[-1].value
        n = None if d is None else _vector_size_to_square_matrix_size(d)
        return input_shape[:-1].concatenate([n, n])

    def inverse_event_shape(self, output_shape):
        output_shape = tensor_shape.as_shape(output_shape)
        if output_shape.ndims is None:
            return output_shape
        n1, n2 = output_shape[-2].value, output_shape[-1].value
        if n1 is None or n2 is None:
            m = None
        elif n1 != n2:
            raise ValueError("Matrix must be square. (saw [{}, {}])".format(n1, n2))
        else:
            m = n1 * (n1 + 1) // 2
        return output_shape[:-2].concatenate([m])


class TransformDiagonal(Bijector):
    """Applies `diag_bijector` to the diagonal of a matrix, leaving the rest unchanged."""

    def __init__(self, diag_bijector, validate_args=False, name="transform_diagonal"):
        self._diag_bijector = diag_bijector
        super().__init__(forward_min_event_ndims=2, inverse_min_event_ndims=2,
                         validate_args=validate_args, name=name)

    def _forward(self, x):
        return tf.matrix_set_diag(x, self._diag_bijector.forward(tf.matrix_diag_part(x)))

    def _inverse(self, y):
        return tf.matrix_set_diag(y, self._diag_bijector.inverse(tf.matrix_diag_part(y)))

    def _forward_log_det_jacobian(self, x):
        return self._diag_bijector.forward_log_det_jacobian(tf.matrix_diag_part(x),
                                                            event_ndims=1)

    def _inverse_log_det_jacobian(self, y):
        return self._diag_bijector.inverse_log_det_jacobian(tf.matrix_diag_part(y),
                                                            event_ndims=1)


class ScaleTriL(Chain):
    """Unconstrained vectors to lower-triangular matrices with positive diagonal:
    Chain([TransformDiagonal(AffineScalar(shift=diag_shift) o diag_bijector),
    FillTriangular()])."""

    def __init__(self, diag_bijector=None, diag_shift=1e-5, validate_args=False,
                 name="scale_tril"):
        if diag_bijector is None:
            diag_bijector = Softplus(validate_args=validate_args)
        if diag_shift is not None:
            diag_bijector = Chain([AffineScalar(shift=diag_shift), diag_bijector])
        super().__init__([TransformDiagonal(diag_bijector=diag_bijector), FillTriangular()],
                         validate_args=validate_args, name=name)


class PowerTransform(Bijector):
    """Y = (1 + X * c)**(1 / c) for power c > 0, exp(X) for c = 0 (the Box-Cox inverse)."""

    def __init__(self, power=0., validate_args=False, name="power_transform"):
        with tf.name_scope(name), tf.name_scope("init", values=[power]):
            power = constant_value(tf.convert_to_tensor(power, name="power"))
        if power is None or power < 0:
            raise ValueError("`power` must be a non-negative TF constant.")
        self._power = power
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    power = property(lambda self: self._power)

    def _forward(self, x):
        x = self._maybe_assert_valid_x(x)
        if self.power == 0.:
            return tf.exp(x)
        return tf.exp(tf.log1p(x * self.power) / self.power)

    def _inverse(self, y):
        y = self._maybe_assert_valid_y(y)
        if self.power == 0.:
            return tf.log(y)
        return tf.expm1(tf.log(y) * self.power) / self.power

    def _inverse_log_det_jacobian(self, y):
        y = self._maybe_assert_valid_y(y)
        return (self.power - 1.) * tf.log(y)

    def _forward_log_det_jacobian(self, x):
        x = self._maybe_assert_valid_x(x)
        if self.power == 0.:
            return x
        return (1. / self.power - 1.) * tf.log1p(x * self.power)

    def _maybe_assert_valid_x(self, x):
        if not self.validate_args or self.power == 0.:
            return x
        return with_dependencies([tf.assert_non_negative(
            1. + self.power * x, message="Forward transformation input must be at least "
            "{}.".format(-1. / self.power))], x)

    def _maybe_assert_valid_y(self, y):
        if not self.validate_args:
            return y
        return with_dependencies([tf.assert_positive(
            y, message="Inverse transformation input must be greater than 0.")], y)


class Square(Bijector):
    """Y = X**2 on non-negative X."""

    def __init__(self, validate_args=False, name="square"):
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    def _forward(self, x):
        return tf.square(self._maybe_assert_valid(x))

    def _inverse(self, y):
        return tf.sqrt(self._maybe_assert_valid(y))

    def _forward_log_det_jacobian(self, x):
        return np.log(2.) + tf.log(self._maybe_assert_valid(x))

    def _inverse_log_det_jacobian(self, y):
        return -0.5 * tf.log(4. * self._maybe_assert_valid(y))

    def _maybe_assert_valid(self, t):
        if not self.validate_args:
            return t
        return with_dependencies([tf.assert_non_negative(
            t, message="All elements must be non-negative.")], t)


class AffineLinearOperator(Bijector):
    """Y = scale @ X + shift with `scale` a LinearOperator (batched like X's batch dims)."""

    def __init__(self, shift=None, scale=None, adjoint=False, validate_args=False,
                 name="affine_linear_operator"):
        graph_parents = []
        with tf.name_scope(name), tf.name_scope("init", values=[shift]):
            dtype = dtypes.float32
            if shift is not None:
                shift = tf.convert_to_tensor(shift, name="shift")
                graph_parents.append(shift)
                dtype = shift.dtype.base_dtype
            if scale is not None:
                if shift is not None and shift.dtype.base_dtype != scale.dtype.base_dtype:
                    raise TypeError("shift.dtype({}) is incompatible with scale.dtype({}).".format(
                        shift.dtype, scale.dtype))
                if not isinstance(scale, linalg.LinearOperator):
                    raise TypeError("scale is not an instance of tf.LinearOperator")
                if validate_args and not scale.is_non_singular:
                    raise ValueError("Scale matrix must be non-singular.")
                graph_parents += list(scale.graph_parents)
                dtype = scale.dtype.base_dtype
        self._shift, self._scale, self._adjoint = shift, scale, adjoint
        super().__init__(forward_min_event_ndims=1, graph_parents=graph_parents,
                         is_constant_jacobian=True, dtype=dtype, validate_args=validate_args,
                         name=name)

    shift = property(lambda self: self._shift)
    scale = property(lambda self: self._scale)
    adjoint = property(lambda self: self._adjoint)

    def _forward(self, x):
        y = x
        if self.scale is not None:
            y = self.scale.matvec(y, adjoint=self.adjoint)
        if self.shift is not None:
            y += self.shift
        return y

    def _inverse(self, y):
        x = y
        if self.shift is not None:
            x -= self.shift
        if self.scale is None:
            return x
        if isinstance(self.scale, (linalg.LinearOperatorDiag, linalg.LinearOperatorIdentity,
                                   linalg.LinearOperatorScaledIdentity)):
            return self.scale.solvevec(x, adjoint=self.adjoint)
        dense = self.scale.to_dense() * tf.ones_like(x[..., :1, tf.newaxis])
        if isinstance(self.scale, linalg.LinearOperatorLowerTriangular):
            solved = tf.matrix_triangular_solve(dense, x[..., tf.newaxis], lower=True,
                                                adjoint=self.adjoint)
        else:
            solved = tf.matrix_solve(dense, x[..., tf.newaxis], adjoint=self.adjoint)
        return tf.squeeze(solved, axis=[-1])

    def _forward_log_det_jacobian(self, x):
        if self.scale is None:
            return tf.constant(0., dtype=x.dtype.base_dtype)
        return self.scale.log_abs_determinant()


class Softsign(Bijector):
    """Y = X / (1 + |X|), onto (-1, 1)."""

    def __init__(self, validate_args=False, name="softsign"):
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    def _forward(self, x):
        return x / (1. + tf.abs(x))

    def _inverse(self, y):
        y = self._maybe_assert_valid_y(y)
        return y / (1. - tf.abs(y))

    def _forward_log_det_jacobian(self, x):
        return -2. * tf.log1p(tf.abs(x))

    def _inverse_log_det_jacobian(self, y):
        y = self._maybe_assert_valid_y(y)
        return -2. * tf.log1p(-tf.abs(y))

    def _maybe_assert_valid_y(self, y):
        if not self.validate_args:
            return y
        return with_dependencies([
            tf.assert_greater(y, tf.cast(-1., dtype=y.dtype.base_dtype),
                              message="Inverse transformation input must be greater than -1."),
            tf.assert_less(y, tf.cast(1., dtype=y.dtype.base_dtype),
                           message="Inverse transformation input must be less than 1.")], y)


class Inline(Bijector):
    """A Bijector from callables (forward_fn, inverse_fn, the log-det-Jacobian functions and,
    where the event shape changes, the event shape functions)."""

    def __init__(self, forward_fn=None, inverse_fn=None, inverse_log_det_jacobian_fn=None,
                 forward_log_det_jacobian_fn=None, forward_event_shape_fn=None,
                 forward_event_shape_tensor_fn=None, inverse_event_shape_fn=None,
                 inverse_event_shape_tensor_fn=None, is_constant_jacobian=False,
                 validate_args=False, forward_min_event_ndims=None,
                 inverse_min_event_ndims=None, name="inline"):
        super().__init__(forward_min_event_ndims=forward_min_event_ndims,
                         inverse_min_event_ndims=inverse_min_event_ndims,
                         is_constant_jacobian=is_constant_jacobian,
                         validate_args=validate_args, name=name)
        self._fns = dict(forward=forward_fn, inverse=inverse_fn,
                         inverse_log_det_jacobian=inverse_log_det_jacobian_fn,
                         forward_log_det_jacobian=forward_log_det_jacobian_fn)
        self._forward_event_shape_fn = forward_event_shape_fn
        self._forward_event_shape_tensor_fn = forward_event_shape_tensor_fn
        self._inverse_event_shape_fn = inverse_event_shape_fn
        self._inverse_event_shape_tensor_fn = inverse_event_shape_tensor_fn

    def forward_event_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if self._forward_event_shape_fn is None:
            return input_shape
        return tensor_shape.as_shape(self._forward_event_shape_fn(input_shape))

    def inverse_event_shape(self, output_shape):
        output_shape = tensor_shape.as_shape(output_shape)
        if self._inverse_event_shape_fn is None:
            return output_shape
        return tensor_shape.as_shape(self._inverse_event_shape_fn(output_shape))

    def forward_event_shape_tensor(self, input_shape, name="forward_event_shape_tensor"):
        with self._name_scope(name, [input_shape]):
            input_shape = tf.convert_to_tensor(input_shape, dtype=dtypes.int32,
                                               name="input_shape")
            if self._forward_event_shape_tensor_fn is None:
                return input_shape
            return self._forward_event_shape_tensor_fn(input_shape)

    def inverse_event_shape_tensor(self, output_shape, name="inverse_event_shape_tensor"):
        with self._name_scope(name, [output_shape]):
            output_shape = tf.convert_to_tensor(output_shape, dtype=dtypes.int32,
                                                name="output_shape")
            if self._inverse_event_shape_tensor_fn is None:
                return output_shape
            return self._inverse_event_shape_tensor_fn(output_shape)

    def _call(self, what, value):
        fn = self._fns[what]
        if not callable(fn):
            raise NotImplementedError("%s_fn is not a callable function." % what)
        return fn(value)

    def _forward(self, x):
        return self._call("forward", x)

    def _inverse(self, y):
        return self._call("inverse", y)

    def _inverse_log_det_jacobian(self, y):
        return self._call("inverse_log_det_jacobian", y)

    def _forward_log_det_jacobian(self, x):
        return self._call("forward_log_det_jacobian", x)
