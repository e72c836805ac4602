"""The bijectors of `tf.contrib.distributions.bijectors` (TF 1.15): invertible transforms with
log-det-Jacobians.
Bijector computes at its min event rank and sums the Jacobian term over the extra rightmost
`event_ndims` dims (TF's _reduce_jacobian_det_over_event); forward(x) remembers x for y, so
inverse(forward(x)) returns x itself as TF's cache does."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value


class Bijector:
    """TF 1.15's bijector base: forward / inverse / *_log_det_jacobian(., event_ndims)."""

    def __init__(self, graph_parents=None, is_constant_jacobian=False, validate_args=False,
                 dtype=None, forward_min_event_ndims=None, inverse_min_event_ndims=None,
                 name=None):
        self._graph_parents = graph_parents or []
        if forward_min_event_ndims is None and inverse_min_event_ndims is None:
            raise ValueError("Must specify at least one of `forward_min_event_ndims` and "
                             "`inverse_min_event_ndims`.")
        if forward_min_event_ndims is None:
            forward_min_event_ndims = inverse_min_event_ndims
        if inverse_min_event_ndims is None:
            inverse_min_event_ndims = forward_min_event_ndims
        self._forward_min_event_ndims = forward_min_event_ndims
        self._inverse_min_event_ndims = inverse_min_event_ndims
        self._is_constant_jacobian = is_constant_jacobian
        self._validate_args = validate_args
        self._dtype = dtype
        self._name = name or type(self).__name__.lower()
        self._from_y = {}

    graph_parents = property(lambda self: self._graph_parents)
    forward_min_event_ndims = property(lambda self: self._forward_min_event_ndims)
    inverse_min_event_ndims = property(lambda self: self._inverse_min_event_ndims)
    is_constant_jacobian = property(lambda self: self._is_constant_jacobian)
    validate_args = property(lambda self: self._validate_args)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)

    def _name_scope(self, name, values):
        return _Scopes(self.name, name, values + self.graph_parents)

    # event shapes (identity unless the bijector reshapes)
    def forward_event_shape(self, input_shape):
        return tensor_shape.as_shape(input_shape)

    def inverse_event_shape(self, output_shape):
        return tensor_shape.as_shape(output_shape)

    def forward_event_shape_tensor(self, input_shape, name="forward_event_shape_tensor"):
        with self._name_scope(name, [input_shape]):
            return self._event_shape_tensor(input_shape, "input_shape", self.forward_event_shape,
                                            Bijector.forward_event_shape)

    def inverse_event_shape_tensor(self, output_shape, name="inverse_event_shape_tensor"):
        with self._name_scope(name, [output_shape]):
            return self._event_shape_tensor(output_shape, "output_shape",
                                            self.inverse_event_shape,
                                            Bijector.inverse_event_shape)

    def _event_shape_tensor(self, shape, what, static_fn, base_fn):
        """The shape from the static method where the input is known; else, for bijectors that
        keep the event shape, the input itself."""
        shape = tf.convert_to_tensor(shape, dtype=dtypes.int32, name=what)
        value = constant_value(shape)
        if value is not None:
            out = static_fn(tensor_shape.TensorShape([int(v) for v in value]))
            if out.is_fully_defined():
                return tf.constant(out.as_list(), dtype=dtypes.int32)
        if getattr(type(self), static_fn.__name__) is base_fn:
            return shape
        raise NotImplementedError("tfcompat's %s needs a static event shape here."
                                  % type(self).__name__)

    def forward(self, x, name="forward"):
        with self._name_scope(name, [x]):
            x = tf.convert_to_tensor(x, name="x")
            y = self._forward(x)
            self._from_y[id(y)] = (y, x)
            return y

    def inverse(self, y, name="inverse"):
        with self._name_scope(name, [y]):
            y = tf.convert_to_tensor(y, name="y")
            cached = self._from_y.get(id(y))
            if cached is not None and cached[0] is y:
                return cached[1]
            return self._inverse(y)

    def _check_event_ndims(self, min_event_ndims, event_ndims):
        static = constant_value(tf.convert_to_tensor(event_ndims))
        if static is None:
            raise ValueError("tfcompat's bijectors need a static `event_ndims`.")
        static = int(static)
        if static < min_event_ndims:
            raise ValueError("event_ndims ({}) must be larger than or equal to "
                             "min_event_ndims ({}) ".format(static, min_event_ndims))
        return static

    def inverse_log_det_jacobian(self, y, event_ndims, name="inverse_log_det_jacobian"):
        with self._name_scope(name, [y]):
            event_ndims = self._check_event_ndims(self.inverse_min_event_ndims, event_ndims)
            y = tf.convert_to_tensor(y, name="y")
            try:
                ildj = self._inverse_log_det_jacobian(y)
                return self._reduce_over_event(y, ildj, self.inverse_min_event_ndims,
                                               event_ndims)
            except NotImplementedError as original:
                try:
                    x = self.inverse(y)
                    ildj = -self._forward_log_det_jacobian(x)
                except NotImplementedError:
                    raise original from None
                return self._reduce_over_event(x, ildj, self.forward_min_event_ndims,
                                               event_ndims + self.forward_min_event_ndims
                                               - self.inverse_min_event_ndims)

    def forward_log_det_jacobian(self, x, event_ndims, name="forward_log_det_jacobian"):
        with self._name_scope(name, [x]):
            event_ndims = self._check_event_ndims(self.forward_min_event_ndims, event_ndims)
            x = tf.convert_to_tensor(x, name="x")
            try:
                fldj = self._forward_log_det_jacobian(x)
                return self._reduce_over_event(x, fldj, self.forward_min_event_ndims,
                                               event_ndims)
            except NotImplementedError as original:
                try:
                    y = self.forward(x)
                    fldj = -self._inverse_log_det_jacobian(y)
                except NotImplementedError:
                    raise original from None
                return self._reduce_over_event(y, fldj, self.inverse_min_event_ndims,
                                               event_ndims + self.inverse_min_event_ndims
                                               - self.forward_min_event_ndims)

    def _reduce_over_event(self, y, ldj, min_event_ndims, event_ndims):
        """Sum the Jacobian term over the (event_ndims - min_event_ndims) dims left of the
        bijector's own event dims, tiling a constant term over them first."""
        k = event_ndims - min_event_ndims
        if k == 0:
            return ldj
        rank = tf.rank(y)
        ones = tf.ones(tf.shape(y)[rank - event_ndims:rank - min_event_ndims], ldj.dtype)
        reduced = tf.reduce_sum(ones * ldj, axis=list(range(-k, 0)))
        if y.shape.ndims is not None and ldj.shape.ndims is not None:
            y_shape = y.shape[y.shape.ndims - event_ndims:y.shape.ndims - min_event_ndims]
            broadcast = tf.broadcast_static_shape(ldj.shape, y_shape)
            reduced.set_shape(broadcast[:broadcast.ndims - k])
        return reduced

    def _forward(self, x):
        raise NotImplementedError("forward not implemented.")

    def _inverse(self, y):
        raise NotImplementedError("inverse not implemented")

    def _inverse_log_det_jacobian(self, y):
        raise NotImplementedError("inverse_log_det_jacobian not implemented.")

    def _forward_log_det_jacobian(self, x):
        raise NotImplementedError("forward_log_det_jacobian not implemented.")


class _Scopes:
    """name_scope(bijector.name) then name_scope(method name, values)."""

    def __init__(self, outer, inner, values):
        self._outer, self._inner, self._values = outer, inner, values

    def __enter__(self):
        self._a = tf.name_scope(self._outer)
        self._a.__enter__()
        self._b = tf.name_scope(self._inner, values=self._values)
        return self._b.__enter__()

    def __exit__(self, *exc):
        self._b.__exit__(*exc)
        return self._a.__exit__(*exc)


def softplus_inverse(x, name=None):
    """distribution_util.softplus_inverse: log(exp(x) - 1), stable at both ends."""
    with tf.name_scope(name, "softplus_inverse", values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        threshold = np.log(np.finfo(x.dtype.as_numpy_dtype).eps) + 2.0
        is_too_small = tf.less(x, np.exp(threshold))
        is_too_large = tf.greater(x, -threshold)
        too_small_value = tf.log(x)
        safe_x = tf.where(tf.logical_or(is_too_small, is_too_large), tf.ones_like(x), x)
        y = safe_x + tf.log(-tf.expm1(-safe_x))
        return tf.where(is_too_small, too_small_value, tf.where(is_too_large, x, y))


class Identity(Bijector):
    def __init__(self, validate_args=False, name="identity"):
        super().__init__(forward_min_event_ndims=0, is_constant_jacobian=True,
                         validate_args=validate_args, name=name)

    def _forward(self, x):
        return x

    def _inverse(self, y):
        return y

    def _inverse_log_det_jacobian(self, y):
        return tf.constant(0.0, dtype=y.dtype)

    def _forward_log_det_jacobian(self, x):
        return tf.constant(0.0, dtype=x.dtype)


class Exp(Bijector):
    """Y = exp(X)."""

    def __init__(self, validate_args=False, name="exp"):
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    def _forward(self, x):
        return tf.exp(x)

    def _inverse(self, y):
        return tf.log(y)

    def _inverse_log_det_jacobian(self, y):
        return -tf.log(y)

    def _forward_log_det_jacobian(self, x):
        return x


class Sigmoid(Bijector):
    """Y = 1 / (1 + exp(-X))."""

    def __init__(self, validate_args=False, name="sigmoid"):
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    def _forward(self, x):
        return tf.sigmoid(x)

    def _inverse(self, y):
        return tf.log(y) - tf.log1p(-y)

    def _inverse_log_det_jacobian(self, y):
        return -tf.log(y) - tf.log1p(-y)

    def _forward_log_det_jacobian(self, x):
        return -tf.nn.softplus(-x) - tf.nn.softplus(x)


class Softplus(Bijector):
    """Y = c * log(1 + exp(X / c)) with c = hinge_softness (default 1)."""

    def __init__(self, hinge_softness=None, validate_args=False, name="softplus"):
        with tf.name_scope(name, values=[hinge_softness]):
            self._hinge_softness = None if hinge_softness is None else \
                tf.convert_to_tensor(hinge_softness, name="hinge_softness")
        super().__init__(forward_min_event_ndims=0, validate_args=validate_args, name=name)

    hinge_softness = property(lambda self: self._hinge_softness)

    def _forward(self, x):
        if self._hinge_softness is None:
            return tf.nn.softplus(x)
        c = tf.cast(self._hinge_softness, x.dtype)
        return c * tf.nn.softplus(x / c)

    def _inverse(self, y):
        if self._hinge_softness is None:
            return softplus_inverse(y)
        c = tf.cast(self._hinge_softness, y.dtype)
        return c * softplus_inverse(y / c)

    def _inverse_log_det_jacobian(self, y):
        if self._hinge_softness is not None:
            y = y / tf.cast(self._hinge_softness, y.dtype)
        return -tf.log(-tf.expm1(-y))

    def _forward_log_det_jacobian(self, x):
        if self._hinge_softness is not None:
            x = x / tf.cast(self._hinge_softness, x.dtype)
        return -tf.nn.softplus(-x)


class AffineScalar(Bijector):
    """Y = scale * X + shift, elementwise with scalar-shaped parameters."""

    def __init__(self, shift=None, scale=None, validate_args=False, name="affine_scalar"):
        with tf.name_scope(name, values=[scale, shift]):
            self._shift = None if shift is None else tf.convert_to_tensor(shift, name="shift")
            self._scale = None if scale is None else tf.convert_to_tensor(scale, name="scale")
            if validate_args and self._scale is not None:
                with tf.control_dependencies([tf.assert_none_equal(
                        self._scale, tf.zeros([], self._scale.dtype))]):
                    self._scale = tf.identity(self._scale)
        super().__init__(forward_min_event_ndims=0, is_constant_jacobian=True,
                         validate_args=validate_args, name=name,
                         graph_parents=[t for t in (self._shift, self._scale) if t is not None])

    shift = property(lambda self: self._shift)
    scale = property(lambda self: self._scale)

    def _forward(self, x):
        y = tf.identity(x)
        if self.scale is not None:
            y *= self.scale
        if self.shift is not None:
            y += self.shift
        return y

    def _inverse(self, y):
        x = tf.identity(y)
        if self.shift is not None:
            x -= self.shift
        if self.scale is not None:
            x /= self.scale
        return x

    def _forward_log_det_jacobian(self, x):
        if self.scale is None:
            return tf.constant(0.0, dtype=x.dtype.base_dtype)
        return tf.log(tf.abs(self.scale))
