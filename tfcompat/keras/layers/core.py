"""Keras core layers in TF1 graph mode: Dense, Activation, Dropout, Flatten, Reshape, Permute,
RepeatVector and Lambda, with tf_keras's variable names, ops and errors."""
from __future__ import annotations

import sys
import types
import warnings

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import _generic_utils
from tfcompat.keras import _objects
from tfcompat.keras import activations
from tfcompat.keras import backend
from tfcompat.keras import constraints
from tfcompat.keras import initializers
from tfcompat.keras import regularizers
from tfcompat.layers.base import InputSpec
from tfcompat.layers.core import flatten_batch
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.layers.base import smart_cond
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import sparse_ops
from tfcompat.ops.array_ops_pad import tile
from tfcompat.ops.einsum_ops import tensordot


def serialize_fields(layer, **fields):
    """`layer.get_config()` extended by `fields`, serializing Keras objects as Keras does."""
    config = Layer.get_config(layer)
    for key, value in fields.items():
        if key.endswith("_initializer"):
            value = initializers.serialize(value)
        elif key.endswith("_regularizer"):
            value = regularizers.serialize(value)
        elif key.endswith("_constraint"):
            value = constraints.serialize(value)
        elif key == "activation" or key == "recurrent_activation":
            value = activations.serialize(value)
        config[key] = value
    return config


class Dense(Layer):
    """`activation(inputs @ kernel + bias)` with variables `kernel` [in, units], `bias` [units].

    >>> tf.keras.layers.Dense(4)(tf.placeholder(tf.float32, [None, 3])).name
    'dense/BiasAdd:0'
    """

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        if self.units < 0:
            raise ValueError("Received an invalid value for `units`, expected a positive "
                             "integer. Received: units=%s" % units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        dtype = dtypes.as_dtype(self.dtype or backend.floatx())
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError("A Dense layer can only be built with a floating-point dtype. "
                            "Received: dtype=%s" % dtype)
        input_shape = TensorShape(input_shape)
        last_dim = input_shape[-1].value if input_shape.ndims else None
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to a Dense layer should be "
                             "defined. Found None. Full input shape received: %s" % input_shape)
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, dtype=self.dtype,
                                      trainable=True)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units],
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, dtype=self.dtype,
                                        trainable=True)
        self.built = True

    def call(self, inputs):
        if inputs.dtype.base_dtype != self.kernel.dtype.base_dtype:
            inputs = math_ops.cast(inputs, self.kernel.dtype.base_dtype)
        rank = inputs.shape.ndims
        if isinstance(inputs, SparseTensor):      # a sparse Input: as TF 1.x's Dense
            outputs = sparse_ops.sparse_tensor_dense_matmul(inputs, self.kernel)
        elif rank == 2 or rank is None:
            outputs = reduction_ops.matmul(inputs, self.kernel)
        else:
            outputs = tensordot(inputs, self.kernel, [[rank - 1], [0]])
            outputs.set_shape(inputs.shape.as_list()[:-1] + [self.units])
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not None else outputs

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)[:-1].concatenate([self.units])

    def get_config(self):
        return serialize_fields(
            self, units=self.units, activation=self.activation, use_bias=self.use_bias,
            kernel_initializer=self.kernel_initializer, bias_initializer=self.bias_initializer,
            kernel_regularizer=self.kernel_regularizer, bias_regularizer=self.bias_regularizer,
            activity_regularizer=self.activity_regularizer,
            kernel_constraint=self.kernel_constraint, bias_constraint=self.bias_constraint)


class Activation(Layer):
    """Applies an activation function (a name or a callable)."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return serialize_fields(self, activation=self.activation)


class Dropout(Layer):
    """Drops `rate` of the inputs while the learning phase is 1 (or `training=True`): a
    `dropout/cond` switch on `keras_learning_phase`, as TF builds it."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, (int, float)) and not 0 <= rate <= 1:
            raise ValueError("Invalid value %s received for `rate`, expected a value between 0 "
                             "and 1." % rate)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        shape = array_ops.shape(inputs)
        return array_ops_join.stack([shape[i] if d is None else d
                                     for i, d in enumerate(self.noise_shape)])

    def call(self, inputs, training=None):
        if isinstance(self.rate, (int, float)) and self.rate == 0:
            return array_ops.identity(inputs)
        if training is None:
            training = backend.learning_phase()

        def dropped():
            return nn_impl.dropout(inputs, noise_shape=self._noise_shape(inputs),
                                   seed=self.seed, rate=self.rate)

        return smart_cond(training, dropped, lambda: array_ops.identity(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return serialize_fields(self, rate=self.rate, noise_shape=self.noise_shape,
                                seed=self.seed)


class Flatten(Layer):
    """[batch, ...] -> [batch, product of the rest] (channels_first inputs are transposed to
    channels_last first, as Keras)."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        return flatten_batch(inputs, self.data_format)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        rest = dims[1:]
        return TensorShape([dims[0], int(np.prod(rest)) if None not in rest else None])

    def get_config(self):
        return serialize_fields(self, data_format=self.data_format)


class Reshape(Layer):
    """Reshapes each sample to `target_shape` (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def _fix_unknown_dimension(self, input_shape, output_shape):
        output_shape = list(output_shape)
        msg = ("total size of new array must be unchanged, input_shape = %s, output_shape = %s"
               % (input_shape, output_shape))
        known, unknown = 1, None
        for index, dim in enumerate(output_shape):
            if dim < 0:
                if unknown is not None:
                    raise ValueError("There must be at most one unknown dimension in "
                                     "output_shape. Received: output_shape=%s." % output_shape)
                unknown = index
            else:
                known *= dim
        original = int(np.prod(input_shape))
        if unknown is not None:
            if known == 0 or original % known != 0:
                raise ValueError(msg)
            output_shape[unknown] = original // known
        elif original != known:
            raise ValueError(msg)
        return output_shape

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if None in dims[1:]:
            rest = [d if d != -1 else None for d in self.target_shape]
        else:
            rest = self._fix_unknown_dimension(dims[1:], self.target_shape)
        return TensorShape([dims[0]] + list(rest))

    def call(self, inputs):
        batch = array_ops.shape(inputs)[0]
        result = array_ops.reshape(inputs, [batch] + list(self.target_shape))
        result.set_shape(self.compute_output_shape(inputs.shape))
        return result

    def get_config(self):
        return serialize_fields(self, target_shape=self.target_shape)


class Permute(Layer):
    """Permutes the non-batch axes by `dims` (1-based, as Keras)."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError("Invalid permutation argument `dims` for Permute Layer. The set of "
                             "indices in `dims` must be consecutive and start from 1. Received "
                             "dims=%s" % (dims,))
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return array_ops.transpose(inputs, perm=(0,) + self.dims)

    def get_config(self):
        return serialize_fields(self, dims=self.dims)


class RepeatVector(Layer):
    """[batch, features] -> [batch, n, features]."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return tile(array_ops.expand_dims(inputs, 1), array_ops_join.stack([1, self.n, 1]))

    def get_config(self):
        return serialize_fields(self, n=self.n)


class Lambda(Layer):
    """Wraps `function(inputs, **arguments)` as a layer. As Keras, its config carries Python
    functions as bytecode (`function_type` 'lambda': `func_dump`), other callables by name
    ('function') and a non-callable `output_shape` as is ('raw')."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape
        self.mask = mask

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        return TensorShape([TensorShape(input_shape)[0].value] + list(self._output_shape))

    def get_config(self):
        config = {}
        fields = [("function", "function_type", "module", self.function, False),
                  ("output_shape", "output_shape_type", "output_shape_module",
                   self._output_shape, True)]
        if self.mask is not None:
            fields.append(("mask", "mask_type", "mask_module", self.mask, False))
        for key, type_key, module_key, value, allow_raw in fields:
            config[key], config[type_key], config[module_key] = _serialize_function(
                value, allow_raw)
        config["arguments"] = self.arguments
        return dict(Layer.get_config(self), **config)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key, type_key, module_key in (("function", "function_type", "module"),
                                          ("output_shape", "output_shape_type",
                                           "output_shape_module"),
                                          ("mask", "mask_type", "mask_module")):
            if key in config or key != "mask":
                config[key] = _deserialize_function(
                    config, key, config.pop(type_key), config.pop(module_key, None),
                    custom_objects)
        arguments = dict(config.get("arguments") or {})
        for name, value in arguments.items():     # numpy arguments come back from JSON
            if isinstance(value, dict) and value.get("type") == "ndarray":
                arguments[name] = np.array(value["value"])
        config["arguments"] = arguments
        return cls(**config)


def _serialize_function(value, allow_raw):
    """(value, type, module) of a Lambda's function, output_shape or mask, as Keras."""
    if isinstance(value, types.LambdaType):
        return _generic_utils.func_dump(value), "lambda", value.__module__
    if callable(value):
        return value.__name__, "function", value.__module__
    if allow_raw:
        return value, "raw", None
    raise ValueError("Invalid input for serialization, type: %s " % type(value))


def _deserialize_function(config, key, function_type, module, custom_objects):
    """A Lambda's function back from its config: bytecode run with the globals of the
    module that defined it (where loaded) and `custom_objects`, a name looked up in
    `custom_objects` and the registered custom objects, or the raw value."""
    if function_type == "lambda":
        globs = vars(_generic_utils).copy()
        if module in sys.modules:
            globs.update(vars(sys.modules[module]))
        elif module is not None:
            warnings.warn("%s is not loaded, but a Lambda layer uses it. It may cause errors."
                          % module, UserWarning, stacklevel=2)
        globs.update(custom_objects or {})
        return _generic_utils.func_load(config[key], globs=globs)
    if function_type == "function":
        return _objects.deserialize(config[key], {}, custom_objects,
                                    "function in Lambda layer")
    if function_type == "raw":
        return config[key]
    raise TypeError("Unsupported value for `function_type` argument. Received: "
                    "function_type=%s. Expected one of ['function', 'lambda', 'raw']"
                    % function_type)


class ActivityRegularization(Layer):
    """Adds `l1 * sum|x| + l2 * sum x^2` of its inputs (per sample) to the layer's losses."""

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.supports_masking = True
        self.l1, self.l2 = l1, l2

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return serialize_fields(self, l1=self.l1, l2=self.l2)


class Masking(Layer):
    """Masks the time steps whose features all equal `mask_value` (and zeroes them)."""

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.mask_value = mask_value

    def compute_mask(self, inputs, mask=None):
        return reduction_ops.reduce_any(math_ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = reduction_ops.reduce_any(math_ops.not_equal(inputs, self.mask_value), axis=-1,
                                        keepdims=True)
        outputs = inputs * math_ops.cast(keep, inputs.dtype.base_dtype)
        outputs._keras_mask = array_ops.squeeze(keep, axis=-1)
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return serialize_fields(self, mask_value=self.mask_value)

