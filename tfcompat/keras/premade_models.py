"""Keras' premade models (tf_keras.premade_models; `tf.keras.experimental.LinearModel` and
`WideDeepModel` in TF 1.x): subclassed models built as TF builds them.

LinearModel: one bias-free Dense per input (a tensor, a list, or a dict taken in sorted key
order), summed, plus `bias`; its Dense layers are built inside the model, so their variables
are `<model>/kernel`, `<model>/kernel_1`, ... WideDeepModel: the sum of a linear model's and a
DNN model's outputs (then `activation`), trained with one optimizer, or with a pair
[linear optimizer, DNN optimizer] that each update their own model's weights.
"""
from __future__ import annotations

from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import activations
from tfcompat.keras import backend
from tfcompat.keras import initializers
from tfcompat.keras import optimizers as optimizers_mod
from tfcompat.keras import regularizers
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.engine.training import Model
from tfcompat.keras.layers import core
from tfcompat.keras.layers import serialization
from tfcompat.ops import nn_ops


class LinearModel(Model):
    """`activation(sum_i inputs_i @ kernel_i + bias)`; kernels start at zero."""

    def __init__(self, units=1, activation=None, use_bias=True, kernel_initializer="zeros",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 **kwargs):
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        super().__init__(**kwargs)

    def _dense(self, shape, name=None):
        layer = core.Dense(units=self.units, use_bias=False,
                           kernel_initializer=self.kernel_initializer,
                           kernel_regularizer=self.kernel_regularizer, name=name)
        layer.build(TensorShape(shape))
        layer.built = True
        return layer

    def build(self, input_shape):
        if isinstance(input_shape, dict):
            self.dense_layers = [self._dense(input_shape[name], name=name)
                                 for name in sorted(input_shape)]
        elif isinstance(input_shape, (tuple, list)) and all(
                isinstance(shape, TensorShape) for shape in input_shape):
            self.dense_layers = [self._dense(shape) for shape in input_shape]
        else:
            self.dense_layers = [self._dense(input_shape)]
        self.bias = self.add_weight("bias", shape=(self.units,),
                                    initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer) if self.use_bias else None
        self.built = True

    def _maybe_build(self, inputs):
        first = inputs[sorted(inputs)[0]] if isinstance(inputs, dict) else \
            inputs[0] if isinstance(inputs, (tuple, list)) else inputs
        if self._dtype is None:
            self._dtype = first.dtype.base_dtype.name
        if isinstance(inputs, dict):
            self.build({name: tensor.shape for name, tensor in inputs.items()})
        elif isinstance(inputs, (tuple, list)):
            self.build([tensor.shape for tensor in inputs])
        else:
            self.build(inputs.shape)

    def call(self, inputs):
        if isinstance(inputs, dict):
            names = [layer.name for layer in self.dense_layers]
            missing = set(names) - set(inputs)
            if missing:
                raise ValueError("The `inputs` dictionary does not match the structure "
                                 f"expected by the model.\n\tExpected keys: {set(names)}"
                                 f"\n\tReceived keys: {set(inputs)}\n\tMissing keys: {missing}")
            inputs = [inputs[name] for name in names]
        elif not isinstance(inputs, (tuple, list)):
            inputs = [inputs]
        result = None
        for tensor, layer in zip(inputs, self.dense_layers):
            output = layer(tensor)
            result = output if result is None else result + output
        if self.use_bias:
            result = nn_ops.bias_add(result, self.bias)
        return self.activation(result) if self.activation is not None else result

    def get_config(self):
        config = Layer.get_config(self)
        config.update(units=self.units, activation=activations.serialize(self.activation),
                      use_bias=self.use_bias,
                      kernel_initializer=initializers.serialize(self.kernel_initializer),
                      bias_initializer=initializers.serialize(self.bias_initializer),
                      kernel_regularizer=regularizers.serialize(self.kernel_regularizer),
                      bias_regularizer=regularizers.serialize(self.bias_regularizer))
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)


class _PerModelOptimizers:
    """[linear optimizer, DNN optimizer] as one: each updates its own model's weights."""

    def __init__(self, model, optimizers):
        self.model, self.optimizers = model, optimizers

    def get_updates(self, loss, params):
        linear, dnn = self.optimizers
        return list(linear.get_updates(loss=loss,
                                       params=self.model.linear_model.trainable_weights)) + \
            list(dnn.get_updates(loss=loss, params=self.model.dnn_model.trainable_weights))

    @property
    def weights(self):
        return [w for optimizer in self.optimizers for w in optimizer.weights]

    def __getitem__(self, index):
        return self.optimizers[index]

    def __len__(self):
        return len(self.optimizers)


class WideDeepModel(Model):
    """`activation(linear_model(linear inputs) + dnn_model(dnn inputs))`; the inputs are one
    structure fed to both, or the pair [linear inputs, dnn inputs]."""

    def __init__(self, linear_model, dnn_model, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.linear_model = linear_model
        self.dnn_model = dnn_model
        self.activation = activations.get(activation)

    def call(self, inputs, training=None):
        if not isinstance(inputs, (tuple, list)) or len(inputs) != 2:
            linear_inputs = dnn_inputs = inputs
        else:
            linear_inputs, dnn_inputs = inputs
        linear_output = self.linear_model(linear_inputs)
        if getattr(self.dnn_model, "_expects_training_arg", False):
            dnn_output = self.dnn_model(
                dnn_inputs, training=backend.learning_phase() if training is None else training)
        else:
            dnn_output = self.dnn_model(dnn_inputs)
        output = linear_output + dnn_output
        return self.activation(output) if self.activation else output

    def compile(self, optimizer="rmsprop", *args, **kwargs):
        pair = isinstance(optimizer, (list, tuple))
        super().compile(optimizer[0] if pair else optimizer, *args, **kwargs)
        if pair:
            self.optimizer = _PerModelOptimizers(
                self, [optimizers_mod.get(o) for o in optimizer])

    def get_config(self):
        config = Layer.get_config(self)
        config.update(linear_model=serialization.serialize(self.linear_model),
                      dnn_model=serialization.serialize(self.dnn_model),
                      activation=activations.serialize(self.activation))
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        linear_model = serialization.deserialize(config.pop("linear_model"), custom_objects)
        dnn_model = serialization.deserialize(config.pop("dnn_model"), custom_objects)
        activation = activations.deserialize(config.pop("activation", None))
        return cls(linear_model=linear_model, dnn_model=dnn_model, activation=activation,
                   **config)
