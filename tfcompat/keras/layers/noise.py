"""Keras regularization-by-noise layers, active only in the training phase (a `cond` on the
learning phase, as TF builds them): SpatialDropout1D/2D (whole feature maps dropped),
GaussianNoise, GaussianDropout and AlphaDropout."""
from __future__ import annotations

import numpy as np

from tfcompat.keras import backend
from tfcompat.layers.base import InputSpec
from tfcompat.keras.layers.core import Dropout
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import math_ops
from tfcompat.ops import random_ops


class SpatialDropout1D(Dropout):
    """Drops whole channels of [batch, steps, channels] inputs."""

    def __init__(self, rate, **kwargs):
        super().__init__(rate, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def _noise_shape(self, inputs):
        shape = array_ops.shape(inputs)
        return array_ops_join.stack([shape[0], 1, shape[2]])


class SpatialDropout2D(Dropout):
    """Drops whole feature maps of [batch, rows, cols, channels] inputs."""

    def __init__(self, rate, data_format=None, **kwargs):
        super().__init__(rate, **kwargs)
        self.data_format = backend.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def _noise_shape(self, inputs):
        shape = array_ops.shape(inputs)
        if self.data_format == "channels_first":
            return array_ops_join.stack([shape[0], shape[1], 1, 1])
        return array_ops_join.stack([shape[0], 1, 1, shape[3]])


class _TrainingNoise(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, training=None):
        return backend.in_train_phase(lambda: self._noised(inputs), inputs, training=training)

    def compute_output_shape(self, input_shape):
        return input_shape


class GaussianNoise(_TrainingNoise):
    """Adds N(0, stddev) noise while training."""

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.stddev, self.seed = stddev, seed

    def _noised(self, inputs):
        return inputs + random_ops.random_normal(array_ops.shape(inputs), mean=0.0,
                                                 stddev=self.stddev,
                                                 dtype=inputs.dtype.base_dtype, seed=self.seed)

    def get_config(self):
        return serialize_fields(self, stddev=self.stddev, seed=self.seed)


class GaussianDropout(_TrainingNoise):
    """Multiplies by N(1, rate / (1 - rate)) noise while training."""

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.seed = rate, seed

    def call(self, inputs, training=None):
        if not 0 < self.rate < 1:
            return inputs
        return super().call(inputs, training=training)

    def _noised(self, inputs):
        stddev = np.sqrt(self.rate / (1.0 - self.rate))
        return inputs * random_ops.random_normal(array_ops.shape(inputs), mean=1.0,
                                                 stddev=stddev, dtype=inputs.dtype.base_dtype,
                                                 seed=self.seed)

    def get_config(self):
        return serialize_fields(self, rate=self.rate, seed=self.seed)


class AlphaDropout(_TrainingNoise):
    """Dropout that keeps SELU's self-normalization (mean and variance) while training."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs, training=None):
        if not 0 < self.rate < 1:
            return inputs
        return super().call(inputs, training=training)

    def _noised(self, inputs):
        alpha = 1.6732632423543772848170429916717
        scale = 1.0507009873554804934193349852946
        alpha_p = -alpha * scale
        dtype = inputs.dtype.base_dtype
        shape = self.noise_shape or array_ops.shape(inputs)
        kept = math_ops.cast(math_ops.greater_equal(
            random_ops.random_uniform(shape, dtype=dtype, seed=self.seed), self.rate), dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
        b = -a * alpha_p * self.rate
        x = inputs * kept + alpha_p * (1 - kept)
        return a * x + b

    def get_config(self):
        return serialize_fields(self, rate=self.rate, seed=self.seed)
