"""Keras activation layers: LeakyReLU (`LeakyRelu`), ReLU (`Relu`, `Relu6` for
max_value=6), Softmax, ELU, ThresholdedReLU and PReLU (a learned `alpha` slope:
`relu(x) - alpha*relu(-x)`)."""
from __future__ import annotations

import numpy as np

from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import activations
from tfcompat.keras import constraints
from tfcompat.keras import initializers
from tfcompat.keras import regularizers
from tfcompat.layers.base import InputSpec
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.ops import math_ops
from tfcompat.ops import nn_ops


class _Elementwise(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return input_shape


class LeakyReLU(_Elementwise):
    """`x` if x > 0 else `alpha * x` (alpha 0.3)."""

    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        if alpha is None:
            raise ValueError("The alpha value of a Leaky ReLU layer cannot be None, Expecting "
                             "a float. Received: %s" % alpha)
        self.alpha = float(np.float32(alpha))

    def call(self, inputs):
        return nn_ops.leaky_relu(inputs, alpha=self.alpha)

    def get_config(self):
        return serialize_fields(self, alpha=self.alpha)


class ReLU(_Elementwise):
    """Keras' relu with `max_value`, `negative_slope` and `threshold`."""

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.0:
            raise ValueError("max_value of a ReLU layer cannot be a negative value. Received: "
                             "%s" % max_value)
        if negative_slope is None or negative_slope < 0.0:
            raise ValueError("negative_slope of a ReLU layer cannot be a negative value. "
                             "Received: %s" % negative_slope)
        self.max_value = None if max_value is None else np.array(max_value, np.float32)
        self.negative_slope = np.array(negative_slope, np.float32)
        self.threshold = np.array(threshold, np.float32)

    def call(self, inputs):
        max_value = None if self.max_value is None else float(self.max_value)
        return activations.relu(inputs, alpha=float(self.negative_slope), max_value=max_value,
                                threshold=float(self.threshold))

    def get_config(self):
        return serialize_fields(self, max_value=self.max_value,
                                negative_slope=self.negative_slope, threshold=self.threshold)


class Softmax(_Elementwise):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs, mask=None):
        return activations.softmax(inputs, axis=self.axis)

    def get_config(self):
        return serialize_fields(self, axis=self.axis)


class ELU(_Elementwise):
    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        if alpha is None:
            raise ValueError("Alpha of an ELU layer cannot be None, expecting a float. "
                             "Received: %s" % alpha)
        self.alpha = float(np.float32(alpha))

    def call(self, inputs):
        return activations.elu(inputs, self.alpha)

    def get_config(self):
        return serialize_fields(self, alpha=self.alpha)


class ThresholdedReLU(_Elementwise):
    """`x` where x > theta, else 0 (Keras 2.0's advanced activation)."""

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        if theta is None:
            raise ValueError("Theta of a Thresholded ReLU layer cannot be None, expecting a "
                             "float. Received: %s" % theta)
        if theta < 0:
            raise ValueError("The theta value of a Thresholded ReLU layer should be >=0. "
                             "Received: %s" % theta)
        self.theta = float(np.float32(theta))

    def call(self, inputs):
        return inputs * math_ops.cast(math_ops.greater(inputs, self.theta), inputs.dtype)

    def get_config(self):
        return serialize_fields(self, theta=self.theta)


class PReLU(_Elementwise):
    """A leaky relu whose slopes `alpha` [input_shape[1:]] are learned."""

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None or isinstance(shared_axes, (list, tuple)):
            self.shared_axes = None if shared_axes is None else list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def build(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        param_shape = list(dims[1:])
        for axis in self.shared_axes or []:
            param_shape[axis - 1] = 1
        self.alpha = self.add_weight("alpha", shape=param_shape,
                                     initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        axes = {i: dims[i] for i in range(1, len(dims)) if i not in (self.shared_axes or [])}
        self.input_spec = InputSpec(ndim=len(dims), axes=axes)
        self.built = True

    def call(self, inputs):
        pos = nn_ops.relu(inputs)
        neg = -self.alpha * nn_ops.relu(-inputs)
        return pos + neg

    def get_config(self):
        return serialize_fields(self, alpha_initializer=self.alpha_initializer,
                                alpha_regularizer=self.alpha_regularizer,
                                alpha_constraint=self.alpha_constraint,
                                shared_axes=self.shared_axes)
