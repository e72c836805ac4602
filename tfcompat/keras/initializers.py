"""`tf.keras.initializers` in TF1 graph mode: TF1's initializer classes (tfcompat.init_ops)
under Keras' names, with Keras' own defaults where they differ (RandomNormal, RandomUniform and
TruncatedNormal draw with scale 0.05), and `get` resolving 'glorot_uniform', 'zeros', config
dicts and classes as Keras does.
"""
from __future__ import annotations

import inspect

from tfcompat import _unsupported
from tfcompat import init_ops
from tfcompat.framework import dtypes
from tfcompat.keras import _objects

Initializer = init_ops.Initializer
Zeros = zeros = init_ops.Zeros
Ones = ones = init_ops.Ones
Constant = constant = init_ops.Constant
VarianceScaling = init_ops.VarianceScaling
Orthogonal = orthogonal = init_ops.Orthogonal
Identity = identity = init_ops.Identity
GlorotUniform = glorot_uniform = init_ops.GlorotUniform
GlorotNormal = glorot_normal = init_ops.GlorotNormal


class RandomNormal(init_ops.RandomNormal):
    """`tf.compat.v1.keras.initializers.RandomNormal`: stddev 0.05 by default."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean=mean, stddev=stddev, seed=seed, dtype=dtype)


class RandomUniform(init_ops.RandomUniform):
    """`tf.compat.v1.keras.initializers.RandomUniform`: uniform in [-0.05, 0.05) by default."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(minval=minval, maxval=maxval, seed=seed, dtype=dtype)


class TruncatedNormal(init_ops.TruncatedNormal):
    """`tf.compat.v1.keras.initializers.TruncatedNormal`: stddev 0.05 by default."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean=mean, stddev=stddev, seed=seed, dtype=dtype)


class _SeededScaling(init_ops.VarianceScaling):
    """A fixed variance scaling whose config is only its seed (Keras' lecun_* and he_*)."""
    _SCALE, _DISTRIBUTION = 1.0, "uniform"

    def __init__(self, seed=None):
        super().__init__(scale=self._SCALE, mode="fan_in", distribution=self._DISTRIBUTION,
                         seed=seed)

    def get_config(self):
        return {"seed": self.seed}


class LecunNormal(_SeededScaling):
    _SCALE, _DISTRIBUTION = 1.0, "truncated_normal"


class LecunUniform(_SeededScaling):
    _SCALE, _DISTRIBUTION = 1.0, "uniform"


class HeNormal(_SeededScaling):
    _SCALE, _DISTRIBUTION = 2.0, "truncated_normal"


class HeUniform(_SeededScaling):
    _SCALE, _DISTRIBUTION = 2.0, "uniform"


lecun_normal, lecun_uniform, he_normal, he_uniform = LecunNormal, LecunUniform, HeNormal, HeUniform
random_normal = normal = RandomNormal
random_uniform = uniform = RandomUniform
truncated_normal = TruncatedNormal

_CLASSES = {"Constant": Constant, "GlorotNormal": GlorotNormal, "GlorotUniform": GlorotUniform,
            "Identity": Identity, "Ones": Ones, "Orthogonal": Orthogonal,
            "VarianceScaling": VarianceScaling, "Zeros": Zeros, "HeNormal": HeNormal,
            "HeUniform": HeUniform, "LecunNormal": LecunNormal, "LecunUniform": LecunUniform,
            "RandomNormal": RandomNormal, "RandomUniform": RandomUniform,
            "TruncatedNormal": TruncatedNormal}
_SNAKE = {"Constant": "constant", "GlorotNormal": "glorot_normal",
          "GlorotUniform": "glorot_uniform", "Identity": "identity", "Ones": "ones",
          "Orthogonal": "orthogonal", "VarianceScaling": "variance_scaling", "Zeros": "zeros",
          "HeNormal": "he_normal", "HeUniform": "he_uniform", "LecunNormal": "lecun_normal",
          "LecunUniform": "lecun_uniform", "RandomNormal": "random_normal",
          "RandomUniform": "random_uniform", "TruncatedNormal": "truncated_normal"}
_OBJECTS = dict(_CLASSES)
_OBJECTS.update({_SNAKE[k]: v for k, v in _CLASSES.items()})
_OBJECTS.update(normal=RandomNormal, uniform=RandomUniform, one=Ones, zero=Zeros)


def serialize(initializer):
    return _objects.serialize(initializer)


def deserialize(config, custom_objects=None):
    return _objects.deserialize(config, _OBJECTS, custom_objects, "initializer")


def get(identifier):
    """An initializer instance from None, a name ('glorot_uniform', 'Zeros'), a config dict,
    a class (instantiated with its defaults) or a callable."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return get({"class_name": str(identifier), "config": {}})
    if callable(identifier):
        return identifier() if inspect.isclass(identifier) else identifier
    raise ValueError("Could not interpret initializer identifier: " + str(identifier))


__getattr__ = _unsupported.missing_attr("keras.initializers", __name__)
