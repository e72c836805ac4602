"""TF 1.15's structural bijectors: Affine (shift + scale operator from identity multiplier,
diag and tril), Chain, Invert, Permute and Reshape."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat import linalg
from tfcompat.distributions.bijector_impl import Bijector
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value


class Affine(Bijector):
    """Y = scale @ X + shift, scale = multiplier * I + diag(scale_diag) + tril(scale_tril)."""

    def __init__(self, shift=None, scale_identity_multiplier=None, scale_diag=None,
                 scale_tril=None, scale_perturb_factor=None, scale_perturb_diag=None,
                 adjoint=False, validate_args=False, name="affine", dtype=None):
        if scale_perturb_factor is not None or scale_perturb_diag is not None:
            raise NotImplementedError("tfcompat's Affine bijector does not implement "
                                      "scale_perturb_factor / scale_perturb_diag "
                                      "(LinearOperatorLowRankUpdate scales).")
        with tf.name_scope(name, values=[shift, scale_identity_multiplier, scale_diag,
                                         scale_tril]):
            def as_tensor(x, n):
                return None if x is None else tf.convert_to_tensor(x, name=n, dtype=dtype)
            self._shift = as_tensor(shift, "shift")
            multiplier = as_tensor(scale_identity_multiplier, "scale_identity_multiplier")
            diag, tril = as_tensor(scale_diag, "scale_diag"), as_tensor(scale_tril, "scale_tril")
            self._only_multiplier = diag is None and tril is None and multiplier is not None
            self._scale = self._make_scale(multiplier, diag, tril)
        self._adjoint = adjoint
        parents = [t for t in (self._shift, multiplier, diag, tril) if t is not None]
        super().__init__(forward_min_event_ndims=1, graph_parents=parents,
                         is_constant_jacobian=True, dtype=dtype, validate_args=validate_args,
                         name=name)

    @staticmethod
    def _make_scale(multiplier, diag, tril):
        if tril is not None:
            tril = tf.matrix_band_part(tril, -1, 0)
            extra = diag
            if multiplier is not None:
                ones = tf.ones(tf.shape(tril)[-1:], tril.dtype)
                extra = multiplier[..., tf.newaxis] * ones if extra is None else \
                    extra + multiplier[..., tf.newaxis]
            if extra is not None:
                tril = tf.matrix_set_diag(tril, tf.matrix_diag_part(tril) + extra)
            return linalg.LinearOperatorLowerTriangular(tril, is_non_singular=True)
        if diag is not None:
            if multiplier is not None:
                diag = diag + multiplier[..., tf.newaxis]
            return linalg.LinearOperatorDiag(diag, is_non_singular=True)
        return multiplier

    shift = property(lambda self: self._shift)
    scale = property(lambda self: self._scale)
    adjoint = property(lambda self: self._adjoint)

    def _forward(self, x):
        y = tf.identity(x)
        if self._only_multiplier:
            y *= self._scale
        elif self._scale is not None:
            if isinstance(self._scale, linalg.LinearOperatorDiag):
                y = self._scale.matvec(y)
            else:
                dense = self._scale.to_dense() * tf.ones_like(y[..., :1, tf.newaxis])
                y = tf.squeeze(tf.matmul(dense, y[..., tf.newaxis], adjoint_a=self._adjoint),
                               axis=[-1])
        if self._shift is not None:
            y += self._shift
        return y

    def _inverse(self, y):
        x = tf.identity(y)
        if self._shift is not None:
            x -= self._shift
        if self._only_multiplier:
            return x / self._scale
        if self._scale is None:
            return x
        if isinstance(self._scale, linalg.LinearOperatorDiag):
            return self._scale.solvevec(x)
        dense = self._scale.to_dense() * tf.ones_like(x[..., :1, tf.newaxis])
        return tf.squeeze(tf.matrix_triangular_solve(dense, x[..., tf.newaxis], lower=True,
                                                     adjoint=self._adjoint), axis=[-1])

    def _forward_log_det_jacobian(self, x):
        if self._only_multiplier:
            event_size = tf.cast(tf.shape(x)[-1], self._scale.dtype)
            return tf.log(tf.abs(self._scale)) * event_size
        if self._scale is None:
            return tf.constant(0.0, dtype=x.dtype.base_dtype)
        return self._scale.log_abs_determinant()


def _compute_min_event_ndims(bijector_list, compute_forward=True):
    """TF's Chain min event rank: dims touched by any bijector, tracking rank changes."""
    min_event_ndims, adjusted_max = 0, 0
    if compute_forward:
        bijector_list = list(reversed(bijector_list))
    for b in bijector_list:
        cur, cur_inv = ((b.forward_min_event_ndims, b.inverse_min_event_ndims)
                        if compute_forward else
                        (b.inverse_min_event_ndims, b.forward_min_event_ndims))
        if adjusted_max < cur:
            min_event_ndims += cur - adjusted_max
        adjusted_max = max(cur, adjusted_max)
        adjusted_max -= cur - cur_inv
    return min_event_ndims


class Chain(Bijector):
    """Y = b1(b2(...bn(X))): forward applies the list right to left."""

    def __init__(self, bijectors=None, validate_args=False, name=None):
        bijectors = list(bijectors or [])
        if len(set(b.name for b in bijectors)) != len(bijectors):
            raise ValueError("Bijectors must all be distinct (by name).")
        self._bijectors = bijectors
        dtype = list(set(b.dtype for b in bijectors if b.dtype is not None))
        if len(dtype) > 1:
            raise ValueError("incompatible dtypes: %s" % dtype)
        super().__init__(
            graph_parents=[t for b in bijectors for t in b.graph_parents],
            forward_min_event_ndims=_compute_min_event_ndims(bijectors),
            inverse_min_event_ndims=_compute_min_event_ndims(bijectors, False),
            is_constant_jacobian=all(b.is_constant_jacobian for b in bijectors),
            validate_args=validate_args, dtype=dtype[0] if dtype else None,
            name=name or ("identity" if not bijectors else
                          "_of_".join(["chain"] + [b.name for b in bijectors])))

    bijectors = property(lambda self: self._bijectors)

    def forward_event_shape(self, input_shape):
        for b in reversed(self.bijectors):
            input_shape = b.forward_event_shape(input_shape)
        return tensor_shape.as_shape(input_shape)

    def inverse_event_shape(self, output_shape):
        for b in self.bijectors:
            output_shape = b.inverse_event_shape(output_shape)
        return tensor_shape.as_shape(output_shape)

    def _forward(self, x):
        for b in reversed(self.bijectors):
            x = b.forward(x)
        return x

    def _inverse(self, y):
        for b in self.bijectors:
            y = b.inverse(y)
        return y

    def _forward_log_det_jacobian(self, x):
        fldj = tf.cast(0.0, dtype=x.dtype.base_dtype)
        event_ndims = self.forward_min_event_ndims
        for b in reversed(self.bijectors):
            fldj += b.forward_log_det_jacobian(x, event_ndims=event_ndims)
            event_ndims += b.inverse_min_event_ndims - b.forward_min_event_ndims
            x = b.forward(x)
        return fldj

    def _inverse_log_det_jacobian(self, y):
        ildj = tf.cast(0.0, dtype=y.dtype.base_dtype)
        event_ndims = self.inverse_min_event_ndims
        for b in self.bijectors:
            ildj += b.inverse_log_det_jacobian(y, event_ndims=event_ndims)
            event_ndims += b.forward_min_event_ndims - b.inverse_min_event_ndims
            y = b.inverse(y)
        return ildj


class Invert(Bijector):
    """Swaps a bijector's forward and inverse."""

    def __init__(self, bijector, validate_args=False, name=None):
        self._bijector = bijector
        super().__init__(graph_parents=bijector.graph_parents,
                         forward_min_event_ndims=bijector.inverse_min_event_ndims,
                         inverse_min_event_ndims=bijector.forward_min_event_ndims,
                         is_constant_jacobian=bijector.is_constant_jacobian,
                         validate_args=validate_args, dtype=bijector.dtype,
                         name=name or "_".join(["invert", bijector.name]))

    bijector = property(lambda self: self._bijector)

    def forward_event_shape(self, input_shape):
        return self.bijector.inverse_event_shape(input_shape)

    def inverse_event_shape(self, output_shape):
        return self.bijector.forward_event_shape(output_shape)

    def _forward(self, x):
        return self.bijector.inverse(x)

    def _inverse(self, y):
        return self.bijector.forward(y)

    def _inverse_log_det_jacobian(self, y):
        return self.bijector.forward_log_det_jacobian(
            y, event_ndims=self.bijector.forward_min_event_ndims)

    def _forward_log_det_jacobian(self, x):
        return self.bijector.inverse_log_det_jacobian(
            x, event_ndims=self.bijector.inverse_min_event_ndims)


class Permute(Bijector):
    """Permutes the `axis` dim (a rightmost, event dim) by `permutation`."""

    def __init__(self, permutation, axis=-1, validate_args=False, name="permute"):
        with tf.name_scope(name, values=[permutation, axis]):
            axis = int(axis)
            if axis >= 0:
                raise ValueError("`axis` must be a negative integer.")
            permutation = tf.convert_to_tensor(permutation, name="permutation")
            if not permutation.dtype.is_integer:
                raise TypeError("permutation.dtype ({}) should be `int`-like.".format(
                    permutation.dtype.name))
            p = constant_value(permutation)
            if p is not None and set(p) != set(np.arange(p.size)):
                raise ValueError("Permutation over `d` must contain exactly one of each of "
                                 "`{0, 1, ..., d}`.")
            self._permutation, self._axis = permutation, axis
        super().__init__(forward_min_event_ndims=-axis, is_constant_jacobian=True,
                         validate_args=validate_args, name=name)

    permutation = property(lambda self: self._permutation)
    axis = property(lambda self: self._axis)

    def _forward(self, x):
        return tf.gather(x, self.permutation, axis=self.axis)

    def _inverse(self, y):
        return tf.gather(y, tf.invert_permutation(self.permutation), axis=self.axis)

    def _inverse_log_det_jacobian(self, y):
        return tf.constant(0.0, dtype=y.dtype.base_dtype)

    def _forward_log_det_jacobian(self, x):
        return tf.constant(0.0, dtype=x.dtype.base_dtype)


def _static_shape_arg(shape, what):
    value = constant_value(tf.convert_to_tensor(shape, name=what))
    if value is None:
        raise ValueError("tfcompat's Reshape bijector needs a static `%s`." % what)
    value = [int(v) for v in np.reshape(value, [-1])]
    if sum(v == -1 for v in value) > 1:
        raise ValueError("At most one dimension can be unknown.")
    if any(v < -1 for v in value):
        raise ValueError("Shape elements must be >=-1.")
    return value


class Reshape(Bijector):
    """Reshapes the rightmost event dims from `event_shape_in` to `event_shape_out`."""

    def __init__(self, event_shape_out, event_shape_in=(-1,), validate_args=False,
                 name="reshape"):
        with tf.name_scope(name, values=[event_shape_out, event_shape_in]):
            self._out = _static_shape_arg(event_shape_out, "event_shape_out")
            self._in = _static_shape_arg(event_shape_in, "event_shape_in")
        super().__init__(forward_min_event_ndims=len(self._in),
                         inverse_min_event_ndims=len(self._out), is_constant_jacobian=True,
                         validate_args=validate_args, name=name)

    @staticmethod
    def _resolved(target, source_dims):
        if -1 not in target or None in source_dims:
            return target
        known = int(np.prod([v for v in target if v != -1]))
        return [int(np.prod(source_dims)) // known if v == -1 else v for v in target]

    def _replace(self, x, shape_in, shape_out):
        k = len(shape_in)
        static = x.shape
        if static.ndims is not None and static[static.ndims - k:].is_fully_defined() and \
                static[:static.ndims - k].is_fully_defined():
            dims = static.as_list()
            out = self._resolved(shape_out, dims[len(dims) - k:])
            return tf.reshape(x, dims[:len(dims) - k] + out)
        shape = tf.shape(x)
        return tf.reshape(x, tf.concat([shape[:tf.size(shape) - k], shape_out], 0))

    def _forward(self, x):
        return self._replace(x, self._in, self._out)

    def _inverse(self, y):
        return self._replace(y, self._out, self._in)

    def forward_event_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if input_shape.ndims is None:
            return input_shape
        k = len(self._in)
        dims = input_shape.as_list()
        return tensor_shape.TensorShape(dims[:len(dims) - k] + [
            None if v == -1 else v for v in self._resolved(self._out, dims[len(dims) - k:])])

    def inverse_event_shape(self, output_shape):
        output_shape = tensor_shape.as_shape(output_shape)
        if output_shape.ndims is None:
            return output_shape
        k = len(self._out)
        dims = output_shape.as_list()
        return tensor_shape.TensorShape(dims[:len(dims) - k] + [
            None if v == -1 else v for v in self._resolved(self._in, dims[len(dims) - k:])])

    def _inverse_log_det_jacobian(self, y):
        return tf.constant(0.0, dtype=y.dtype)

    def _forward_log_det_jacobian(self, x):
        return tf.constant(0.0, dtype=x.dtype)
