"""TF 1.15 contrib bijectors AbsoluteValue (non-injective: inverse and inverse_log_det_jacobian
return one value per fiber, as TF's base Bijector does when `_is_injective` is False) and
ConditionalBijector (forward / inverse / log-det-Jacobians take **condition_kwargs through to the
`_forward(x, **kwargs)` & co. of a subclass)."""
from __future__ import annotations

import functools

import tfcompat as tf
from tfcompat.distributions.bijector_impl import Bijector
from tfcompat.ops.control_flow_ops import with_dependencies


class AbsoluteValue(Bijector):
    """Computes `Y = g(X) = Abs(X)`, element-wise; inverse(y) = (-y, y)."""

    def __init__(self, validate_args=False, name="absolute_value"):
        super().__init__(forward_min_event_ndims=0, is_constant_jacobian=True,
                         validate_args=validate_args, name=name)

    @property
    def _is_injective(self):
        return False

    def forward(self, x, name="forward"):
        with self._name_scope(name, [x]):  # no caching for non-injective bijectors
            return self._forward(tf.convert_to_tensor(x, name="x"))

    def inverse(self, y, name="inverse"):
        with self._name_scope(name, [y]):
            return self._inverse(tf.convert_to_tensor(y, name="y"))

    def inverse_log_det_jacobian(self, y, event_ndims, name="inverse_log_det_jacobian"):
        with self._name_scope(name, [y]):
            event_ndims = self._check_event_ndims(self.inverse_min_event_ndims, event_ndims)
            y = tf.convert_to_tensor(y, name="y")
            return tuple(self._reduce_over_event(y, ildj, self.inverse_min_event_ndims,
                                                 event_ndims)
                         for ildj in self._inverse_log_det_jacobian(y))

    def forward_log_det_jacobian(self, x, event_ndims, name="forward_log_det_jacobian"):
        raise NotImplementedError("forward_log_det_jacobian cannot be implemented for "
                                  "non-injective transforms.")

    def _forward(self, x):
        return tf.abs(x)

    def _inverse(self, y):
        if self.validate_args:
            y = with_dependencies([tf.assert_non_negative(
                y, message="Argument y was negative")], y)
        return -y, y

    def _inverse_log_det_jacobian(self, y):
        # F^{-1}(y) = (-y, y), so DF^{-1}(y) = (-1, 1) and Log|DF^{-1}(y)| = (0, 0).
        zeros = tf.constant(0., dtype=y.dtype)
        if self.validate_args:
            zeros = with_dependencies([tf.assert_non_negative(
                y, message="Argument y was negative")], zeros)
        return zeros, zeros


_CONDITIONED = ("_forward", "_inverse", "_inverse_log_det_jacobian",
                "_forward_log_det_jacobian")


class ConditionalBijector(Bijector):
    """Conditional Bijector is a Bijector that allows intrinsic conditioning."""

    def _conditioned(self, method, condition_kwargs, *args, **kwargs):
        """Runs the base-class `method` with the subclass's `_forward` & co. bound to
        `condition_kwargs`; with conditions, the forward/inverse cache is bypassed (TF keys
        its cache on them)."""
        if not condition_kwargs:
            return method(self, *args, **kwargs)
        saved_cache, self._from_y = self._from_y, {}
        # only what the subclass implements takes the conditions (the base's raise
        # NotImplementedError, so the log-det-Jacobian falls back to the other direction)
        bound = [attr for attr in _CONDITIONED
                 if getattr(type(self), attr) is not getattr(Bijector, attr)]
        for attr in bound:
            setattr(self, attr, functools.partial(getattr(type(self), attr), self,
                                                  **condition_kwargs))
        try:
            return method(self, *args, **kwargs)
        finally:
            for attr in bound:
                delattr(self, attr)
            self._from_y = saved_cache

    def forward(self, x, name="forward", **condition_kwargs):
        return self._conditioned(Bijector.forward, condition_kwargs, x, name)

    def inverse(self, y, name="inverse", **condition_kwargs):
        return self._conditioned(Bijector.inverse, condition_kwargs, y, name)

    def inverse_log_det_jacobian(self, y, event_ndims, name="inverse_log_det_jacobian",
                                 **condition_kwargs):
        return self._conditioned(Bijector.inverse_log_det_jacobian, condition_kwargs, y,
                                 event_ndims, name)

    def forward_log_det_jacobian(self, x, event_ndims, name="forward_log_det_jacobian",
                                 **condition_kwargs):
        return self._conditioned(Bijector.forward_log_det_jacobian, condition_kwargs, x,
                                 event_ndims, name)
