"""`tf.keras.regularizers`: L1, L2 and L1L2 penalties (`reg(weight) -> scalar tensor`), with
the factors stored as float32 (Keras' `cast_to_floatx`) and the L2 term built as
`2 * l2 * tf.nn.l2_loss(x)` as Keras builds it.
"""
from __future__ import annotations

import math

import numpy as np

import tfcompat as tf
from tfcompat import _unsupported
from tfcompat.keras import _objects


def _check_penalty_number(x):
    if not isinstance(x, (float, int)):
        raise ValueError("Value %s is not a valid regularization penalty number, expected an "
                         "int or float value." % (x,))
    if math.isinf(x) or math.isnan(x):
        raise ValueError("Value %s is not a valid regularization penalty number, an infinite "
                         "number or NaN are not valid values." % (x,))


def _floatx(value) -> float:
    """The factor rounded to float32 (Keras keeps it as a float32 numpy scalar)."""
    return float(np.float32(value))


class Regularizer:
    """Base class: a callable `reg(x) -> scalar loss`."""

    def __call__(self, x):
        return 0.0

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_config(self):
        raise NotImplementedError("%s does not implement get_config()" % self)


class L1L2(Regularizer):
    """`l1 * sum(|x|) + l2 * sum(x**2)`."""

    def __init__(self, l1=0.0, l2=0.0):
        l1 = 0.0 if l1 is None else l1
        l2 = 0.0 if l2 is None else l2
        _check_penalty_number(l1)
        _check_penalty_number(l2)
        self.l1, self.l2 = _floatx(l1), _floatx(l2)

    def __call__(self, x):
        regularization = tf.constant(0.0, dtype=x.dtype.base_dtype)
        if self.l1:
            regularization += self.l1 * tf.reduce_sum(tf.abs(x))
        if self.l2:
            regularization += 2.0 * self.l2 * tf.nn.l2_loss(x)
        return regularization

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


def _single_factor(value, kwargs, default):
    value = kwargs.pop("l", value)
    if kwargs:
        raise TypeError("Argument(s) not recognized: %s" % (kwargs,))
    value = default if value is None else value
    _check_penalty_number(value)
    return _floatx(value)


class L1(Regularizer):
    """`l1 * sum(|x|)`."""

    def __init__(self, l1=0.01, **kwargs):
        self.l1 = _single_factor(l1, kwargs, 0.01)

    def __call__(self, x):
        return self.l1 * tf.reduce_sum(tf.abs(x))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """`l2 * sum(x**2)`, as `2 * l2 * tf.nn.l2_loss(x)`."""

    def __init__(self, l2=0.01, **kwargs):
        self.l2 = _single_factor(l2, kwargs, 0.01)

    def __call__(self, x):
        return 2.0 * self.l2 * tf.nn.l2_loss(x)

    def get_config(self):
        return {"l2": self.l2}


def l1_l2(l1=0.01, l2=0.01):
    return L1L2(l1=l1, l2=l2)


l1 = L1
l2 = L2
_OBJECTS = {"Regularizer": Regularizer, "L1L2": L1L2, "L1": L1, "L2": L2, "l1_l2": l1_l2,
            "l1": L1, "l2": L2}


def serialize(regularizer):
    return _objects.serialize(regularizer)


def deserialize(config, custom_objects=None):
    if config == "l1_l2":
        return L1L2(l1=0.01, l2=0.01)
    return _objects.deserialize(config, _OBJECTS, custom_objects, "regularizer")


def get(identifier):
    """A regularizer from None, a name ('l2'), a config dict or a callable."""
    if identifier is None:
        return None
    if isinstance(identifier, (dict, str)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret regularizer identifier: %s" % (identifier,))


__getattr__ = _unsupported.missing_attr("keras.regularizers", __name__)
