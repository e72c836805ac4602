"""TF 1.15 contrib's elementwise CDF-style bijectors Weibull, Gumbel and Kumaraswamy, SinhArcsinh,
and the Ordered and MatrixInverseTriL bijectors (contrib/distributions/python/ops/bijectors/
{weibull,gumbel,kumaraswamy,sinh_arcsinh,ordered,matrix_inverse_tril}.py), with TF's formulas
and validate_args messages."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions.bijector_impl import Bijector
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.ops.control_flow_ops import with_dependencies


def _positive(t, message, validate_args):
    if not validate_args:
        return t
    return with_dependencies([tf.assert_positive(t, message=message)], t)


def _in_unit_interval(y):
    return with_dependencies([
        tf.assert_non_negative(y, message="Inverse transformation input must be greater than 0."),
        tf.assert_less_equal(y, tf.constant(1., y.dtype),
                             message="Inverse transformation input must be less than or equal "
                             "to 1.")], y)


class Weibull(Bijector):
    """Y = 1 - exp(-(X / scale) ** concentration), the Weibull CDF."""

    def __init__(self, scale=1., concentration=1., validate_args=False, name="weibull"):
        with tf.name_scope(name), tf.name_scope("init", values=[scale, concentration]):
            self._scale = tf.convert_to_tensor(scale, name="scale")
            self._concentration = tf.convert_to_tensor(concentration, name="concentration")
            tf.assert_same_float_dtype([self._scale, self._concentration])
            self._scale = _positive(self._scale, "Argument scale was not positive",
                                    validate_args)
            self._concentration = _positive(self._concentration,
                                            "Argument concentration was not positive",
                                            validate_args)
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    scale = property(lambda self: self._scale)
    concentration = property(lambda self: self._concentration)

    def _forward(self, x):
        x = self._maybe_assert_valid_x(x)
        return -tf.expm1(-((x / self.scale) ** self.concentration))

    def _inverse(self, y):
        y = self._maybe_assert_valid_y(y)
        return self.scale * (-tf.log1p(-y)) ** (1 / self.concentration)

    def _inverse_log_det_jacobian(self, y):
        y = self._maybe_assert_valid_y(y)
        return (-tf.log1p(-y) + (1 / self.concentration - 1) * tf.log(-tf.log1p(-y))
                + tf.log(self.scale / self.concentration))

    def _forward_log_det_jacobian(self, x):
        x = self._maybe_assert_valid_x(x)
        return (-(x / self.scale) ** self.concentration
                + (self.concentration - 1) * tf.log(x) + tf.log(self.concentration)
                + -self.concentration * tf.log(self.scale))

    def _maybe_assert_valid_x(self, x):
        if not self.validate_args:
            return x
        return with_dependencies([tf.assert_non_negative(
            x, message="Forward transformation input must be at least 0.")], x)

    def _maybe_assert_valid_y(self, y):
        return _in_unit_interval(y) if self.validate_args else y


class Gumbel(Bijector):
    """Y = exp(-exp(-(X - loc) / scale)), the Gumbel CDF."""

    def __init__(self, loc=0., scale=1., validate_args=False, name="gumbel"):
        with tf.name_scope(name), tf.name_scope("init", values=[loc, scale]):
            self._loc = tf.convert_to_tensor(loc, name="loc")
            self._scale = tf.convert_to_tensor(scale, name="scale")
            tf.assert_same_float_dtype([self._loc, self._scale])
            self._scale = _positive(self._scale, "Argument scale was not positive",
                                    validate_args)
        super().__init__(validate_args=validate_args, forward_min_event_ndims=0, name=name)

    loc = property(lambda self: self._loc)
    scale = property(lambda self: self._scale)

    def _forward(self, x):
        z = (x - self.loc) / self.scale
        return tf.exp(-tf.exp(-z))

    def _inverse(self, y):
        y = self._maybe_assert_valid_y(y)
        return self.loc - self.scale * tf.log(-tf.log(y))

    def _inverse_log_det_jacobian(self, y):
        y = self._maybe_assert_valid_y(y)
        return tf.log(self.scale / (-tf.log(y) * y))

    def _forward_log_det_jacobian(self, x):
        z = (x - self.loc) / self.scale
        return -z - tf.exp(-z) - tf.log(self.scale)

    def _maybe_assert_valid_y(self, y):
        return _in_unit_interval(y) if self.validate_args else y


class Kumaraswamy(Bijector):
    """Y = (1 - (1 - X) ** (1 / concentration0)) ** (1 / concentration1) on [0, 1]."""

    def __init__(self, concentration1=None, concentration0=None, validate_args=False,
                 name="kumaraswamy"):
        message = "Concentration parameter must be positive."
        with tf.name_scope(name), tf.name_scope("init", values=[concentration1, concentration0]):
            concentration1 = _positive(tf.convert_to_tensor(concentration1, name="concentration1"),
                                       message, validate_args)
            concentration0 = _positive(tf.convert_to_tensor(concentration0, name="concentration0"),
                                       message, validate_args)
        self._concentration1, self._concentration0 = concentration1, concentration0
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    concentration1 = property(lambda self: self._concentration1)
    concentration0 = property(lambda self: self._concentration0)

    def _forward(self, x):
        x = self._maybe_assert_valid(x)
        return tf.exp(tf.log1p(-tf.exp(tf.log1p(-x) / self.concentration0))
                      / self.concentration1)

    def _inverse(self, y):
        y = self._maybe_assert_valid(y)
        return tf.exp(tf.log1p(-(1 - y ** self.concentration1) ** self.concentration0))

    def _inverse_log_det_jacobian(self, y):
        y = self._maybe_assert_valid(y)
        return (tf.log(self.concentration1) + tf.log(self.concentration0)
                + (self.concentration1 - 1) * tf.log(y)
                + (self.concentration0 - 1) * tf.log1p(-y ** self.concentration1))

    def _maybe_assert_valid(self, x):
        if not self.validate_args:
            return x
        return with_dependencies([
            tf.assert_non_negative(x, message="sample must be non-negative"),
            tf.assert_less_equal(x, tf.ones([], self.concentration0.dtype),
                                 message="sample must be no larger than `1`.")], x)


class Ordered(Bijector):
    """Y[0] = X[0], Y[1:] = log(X[1:] - X[:-1]): increasing vectors to unconstrained ones."""

    def __init__(self, validate_args=False, name="ordered"):
        super().__init__(forward_min_event_ndims=1, validate_args=validate_args, name=name)

    def forward_event_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if input_shape.ndims is None or input_shape[-1].value is None:
            return input_shape
        return tensor_shape.TensorShape([input_shape[-1]])

    def inverse_event_shape(self, output_shape):
        output_shape = tensor_shape.as_shape(output_shape)
        if output_shape.ndims is None or output_shape[-1].value is None:
            return output_shape
        if output_shape[-1].value <= 1:
            raise ValueError("output_shape[-1] = %d <= 1" % output_shape[-1].value)
        return tensor_shape.TensorShape([output_shape[-1]])

    def forward_event_shape_tensor(self, input_shape, name="forward_event_shape_tensor"):
        with self._name_scope(name, [input_shape]):
            input_shape = tf.convert_to_tensor(input_shape, dtype=dtypes.int32,
                                               name="input_shape")
            return input_shape[-1][..., tf.newaxis]

    def inverse_event_shape_tensor(self, output_shape, name="inverse_event_shape_tensor"):
        with self._name_scope(name, [output_shape]):
            output_shape = tf.convert_to_tensor(output_shape, dtype=dtypes.int32,
                                                name="output_shape")
            if self.validate_args:
                output_shape = with_dependencies([tf.assert_greater(
                    output_shape[-1], 1, message="Need last dimension greater than 1.")],
                    output_shape)
            return output_shape[-1][..., tf.newaxis]

    def _forward(self, x):
        x = self._maybe_assert_valid_x(x)
        y0 = x[..., 0, tf.newaxis]
        yk = tf.log(x[..., 1:] - x[..., :-1])
        return tf.concat([y0, yk], axis=-1)

    def _inverse(self, y):
        x0 = y[..., 0, tf.newaxis]
        xk = tf.exp(y[..., 1:])
        return tf.cumsum(tf.concat([x0, xk], axis=-1), axis=-1)

    def _inverse_log_det_jacobian(self, y):
        return tf.reduce_sum(y[..., 1:], axis=-1)

    def _forward_log_det_jacobian(self, x):
        x = self._maybe_assert_valid_x(x)
        return -tf.reduce_sum(tf.log(x[..., 1:] - x[..., :-1]), axis=-1)

    def _maybe_assert_valid_x(self, x):
        if not self.validate_args:
            return x
        return with_dependencies([tf.assert_positive(
            x[..., 1:] - x[..., :-1],
            message="Forward transformation input must be strictly increasing.")], x)


def _sqrtx2p1(x):
    """sqrt(1 + x**2), stable for large |x|."""
    return tf.where_v2(tf.abs(x) * np.sqrt(np.finfo(x.dtype.as_numpy_dtype).eps) <= 1.,
                       tf.sqrt(x ** 2. + 1.), tf.abs(x))


class SinhArcsinh(Bijector):
    """Y = sinh((arcsinh(X) + skewness) * tailweight)."""

    def __init__(self, skewness=None, tailweight=None, validate_args=False,
                 name="SinhArcsinh"):
        with tf.name_scope(name), tf.name_scope("init", values=[skewness, tailweight]):
            tailweight = 1. if tailweight is None else tailweight
            skewness = 0. if skewness is None else skewness
            self._skewness = tf.convert_to_tensor(skewness, name="skewness")
            self._tailweight = tf.convert_to_tensor(tailweight, name="tailweight",
                                                    dtype=self._skewness.dtype)
            tf.assert_same_float_dtype([self._skewness, self._tailweight])
            self._tailweight = _positive(self._tailweight, "Argument tailweight was not positive",
                                         validate_args)
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    skewness = property(lambda self: self._skewness)
    tailweight = property(lambda self: self._tailweight)

    def _forward(self, x):
        return tf.sinh((tf.asinh(x) + self.skewness) * self.tailweight)

    def _inverse(self, y):
        return tf.sinh(tf.asinh(y) / self.tailweight - self.skewness)

    def _inverse_log_det_jacobian(self, y):
        return (tf.log(tf.cosh(tf.asinh(y) / self.tailweight - self.skewness) / _sqrtx2p1(y))
                - tf.log(self.tailweight))

    def _forward_log_det_jacobian(self, x):
        return (tf.log(tf.cosh((tf.asinh(x) + self.skewness) * self.tailweight) / _sqrtx2p1(x))
                + tf.log(self.tailweight))


class MatrixInverseTriL(Bijector):
    """Y = inv(X) for lower-triangular, non-singular X (its own inverse)."""

    def __init__(self, validate_args=False, name="matrix_inverse_tril"):
        super().__init__(forward_min_event_ndims=2, validate_args=validate_args, name=name)

    def _forward(self, x):
        with tf.control_dependencies(self._assertions(x)):
            shape = tf.shape(x)
            # (TF 1.15's eye here is float32 whatever x's dtype: float64 failed there)
            return tf.matrix_triangular_solve(
                x, tf.eye(shape[-1], batch_shape=shape[:-2], dtype=x.dtype), lower=True)

    def _inverse(self, y):
        return self._forward(y)

    def _forward_log_det_jacobian(self, x):
        # over the n(n+1)/2 entries of a lower-triangular X, |det d inv(X) / dX| =
        # |det X|^-(n+1) (TF 1.15 wrote the full-matrix |det X|^-2n: see known_differences)
        with tf.control_dependencies(self._assertions(x)):
            return (-(tf.cast(tf.shape(x)[-1], x.dtype.base_dtype) + 1.)
                    * tf.reduce_sum(tf.log(tf.abs(tf.matrix_diag_part(x))), axis=-1))

    def _assertions(self, x):
        if not self.validate_args:
            return []
        shape = tf.shape(x)
        is_matrix = tf.assert_rank_at_least(x, 2, message="Input must have rank at least 2.")
        is_square = tf.assert_equal(shape[-2], shape[-1],
                                    message="Input must be a square matrix.")
        above_diagonal = tf.matrix_band_part(
            tf.matrix_set_diag(x, tf.zeros(shape[:-1], dtype=x.dtype)), 0, -1)
        is_lower_triangular = tf.assert_equal(above_diagonal, tf.zeros_like(above_diagonal),
                                              message="Input must be lower triangular.")
        diag_part = tf.matrix_diag_part(x)
        is_nonsingular = tf.assert_none_equal(
            diag_part, tf.zeros_like(diag_part),
            message="Input must have all diagonal entries nonzero.")
        return [is_matrix, is_square, is_lower_triangular, is_nonsingular]
