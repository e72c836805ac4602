"""`tf.keras.constraints`: projections applied to a weight after each update (`MaxNorm`,
`NonNeg`, `UnitNorm`, `MinMaxNorm`), built as Keras builds them (norms through
`maximum(x, 0)` before `sqrt`, `epsilon()` added to the divisor).
"""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat import _unsupported
from tfcompat.keras import _objects
from tfcompat.keras import backend


def _norms(w, axis):
    squares = tf.reduce_sum(tf.square(w), axis=axis, keepdims=True)
    return tf.sqrt(tf.maximum(squares, tf.constant(0.0, dtype=squares.dtype.base_dtype)))


def _clip(x, min_value, max_value):
    if isinstance(min_value, (int, float)) and isinstance(max_value, (int, float)):
        max_value = max(max_value, min_value)
    min_value = -np.inf if min_value is None else min_value
    max_value = np.inf if max_value is None else max_value
    return tf.clip_by_value(x, min_value, max_value)


class Constraint:
    """Base class: `constraint(w) -> projected w`."""

    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales each slice along `axis` whose L2 norm exceeds `max_value`."""

    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = _clip(norms, 0, self.max_value)
        return w * (desired / (backend.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Zeroes the negative weights."""

    def __call__(self, w):
        return w * tf.cast(tf.greater_equal(w, 0.0), backend.floatx())


class UnitNorm(Constraint):
    """Divides each slice along `axis` by its L2 norm."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return w / (backend.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves each slice's norm towards [min_value, max_value] by `rate`."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = (self.rate * _clip(norms, self.min_value, self.max_value)
                   + (1 - self.rate) * norms)
        return w * (desired / (backend.epsilon() + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


max_norm = maxnorm = MaxNorm
non_neg = nonneg = NonNeg
unit_norm = unitnorm = UnitNorm
min_max_norm = MinMaxNorm
_OBJECTS = {"Constraint": Constraint, "MaxNorm": MaxNorm, "NonNeg": NonNeg,
            "UnitNorm": UnitNorm, "MinMaxNorm": MinMaxNorm, "max_norm": MaxNorm,
            "maxnorm": MaxNorm, "non_neg": NonNeg, "nonneg": NonNeg, "unit_norm": UnitNorm,
            "unitnorm": UnitNorm, "min_max_norm": MinMaxNorm}


def serialize(constraint):
    return _objects.serialize(constraint)


def deserialize(config, custom_objects=None):
    return _objects.deserialize(config, _OBJECTS, custom_objects, "constraint")


def get(identifier):
    """A constraint from None, a name ('max_norm'), a config dict or a callable."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return get({"class_name": str(identifier), "config": {}})
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret constraint function identifier: %s" % (identifier,))


__getattr__ = _unsupported.missing_attr("keras.constraints", __name__)
