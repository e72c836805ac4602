"""Keras layer wrappers: TimeDistributed (the inner layer applied to every time step, its
weights under the wrapper: `time_distributed/kernel`) and Bidirectional (a forward and a
backward copy of an RNN layer: `bidirectional/forward_lstm/lstm_cell/kernel`)."""
from __future__ import annotations

from tfcompat.framework import graph as graph_lib
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.layers.base import InputSpec
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers import serialization
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops.indexing_ops import reverse
from tfcompat.ops.reduction_ops import reduce_any


class Wrapper(Layer):
    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError("Please initialize `%s` layer with a `tf.keras.layers.Layer` "
                             "instance. Received: %s" % (type(self).__name__, layer))
        super().__init__(**kwargs)
        self.layer = layer
        self._layers = [layer]

    def get_config(self):
        config = Layer.get_config(self)
        config["layer"] = {"class_name": type(self.layer).__name__,
                           "config": self.layer.get_config()}
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = serialization.deserialize(config.pop("layer"), custom_objects=custom_objects)
        if "backward_layer" in config:
            config["backward_layer"] = serialization.deserialize(
                config["backward_layer"], custom_objects=custom_objects)
        return cls(layer, **config)


class TimeDistributed(Wrapper):
    """Applies `layer` to each slice [batch, t, ...] -> [batch, t, ...out]."""

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if len(dims) < 3:
            raise ValueError("`TimeDistributed` Layer should be passed an `input_shape ` with "
                             "at least 3 dimensions, received: %s" % (TensorShape(input_shape),))
        self.input_spec = InputSpec(shape=[None] + dims[1:])
        if not self.layer.built:
            if self.layer._dtype is None:    # as Keras' __call__ of the inner layer sets it
                self.layer._dtype = self._dtype
            self.layer.build(TensorShape([dims[0]] + dims[2:]))
            self.layer.built = True
        self.built = True

    def call(self, inputs, training=None, mask=None):
        dims = inputs.shape.as_list()
        shape = array_ops.shape(inputs)
        steps = dims[1] if dims[1] is not None else shape[1]
        inner = array_ops.reshape(inputs, [-1] + [d if d is not None else shape[i + 2]
                                                  for i, d in enumerate(dims[2:])])
        kwargs = {"training": training} if training is not None and \
            self.layer._expects_training_arg else {}
        if mask is not None and self.layer._expects_mask_arg:
            kwargs["mask"] = _merge_time(mask)     # as Keras: the inner layer gets it per step
        y = self.layer.call(inner, **kwargs)
        out_dims = y.shape.as_list()[1:]
        y_shape = array_ops.shape(y)
        target = [-1, steps] + [d if d is not None else y_shape[i + 1]
                                for i, d in enumerate(out_dims)]
        output = array_ops.reshape(y, target)
        output.set_shape([dims[0], dims[1]] + out_dims)
        return output

    def compute_mask(self, inputs, mask=None):
        """As Keras: the inner layer's mask of the merged [batch * time, ...] steps (a layer
        without masking refuses a mask), split back to [batch, time, ...]; when it gives none,
        the input mask reduced to [batch, time] (`any` over its trailing axes). A custom
        layer on a static batch size keeps the input mask."""
        dims = inputs.shape.as_list()
        builtin = type(self.layer).__module__.startswith("tfcompat.") and \
            not getattr(self.layer, "stateful", False)
        if dims[0] and not builtin:
            return mask
        inner_mask = None if mask is None else _merge_time(mask)
        if inner_mask is not None and not self.layer.supports_masking and \
                type(self.layer).compute_mask is Layer.compute_mask:
            raise TypeError("Layer %s does not support masking, but was passed an input_mask: "
                            "%s" % (self.layer.name, inner_mask))
        output_mask = self.layer.compute_mask(_merge_time(inputs), inner_mask)
        if output_mask is None:
            if mask is None:
                return None
            for _ in range(2, mask.shape.ndims):
                mask = reduce_any(mask, axis=-1)
            return mask
        steps = dims[1] if dims[1] is not None else array_ops.shape(inputs)[1]
        return _split_time(output_mask, steps)


def _merge_time(tensor):
    """[batch, time, ...] -> [batch * time, ...] (static sizes where known, as Keras)."""
    dims, shape = tensor.shape.as_list(), array_ops.shape(tensor)
    return array_ops.reshape(tensor, [-1] + [d if d is not None else shape[i + 2]
                                             for i, d in enumerate(dims[2:])])


def _split_time(tensor, steps):
    """[batch * time, ...] -> [batch, time, ...]."""
    dims, shape = tensor.shape.as_list(), array_ops.shape(tensor)
    return array_ops.reshape(tensor, [-1, steps] + [d if d is not None else shape[i + 1]
                                                    for i, d in enumerate(dims[1:])])


class Bidirectional(Wrapper):
    """Runs an RNN layer forwards and backwards and merges ('concat', 'sum', 'mul', 'ave' or
    None for both outputs)."""

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if merge_mode not in ("sum", "mul", "ave", "concat", None):
            raise ValueError('Invalid merge mode. Merge mode should be one of {"sum", "mul", '
                             '"ave", "concat", None}')
        super().__init__(layer, **kwargs)
        config = layer.get_config()
        config["name"] = "forward_" + layer.name
        self.forward_layer = type(layer).from_config(config)
        self._backward_layer_config = None
        if backward_layer is None:
            config = layer.get_config()
            config["name"] = "backward_" + layer.name
            config["go_backwards"] = not config.get("go_backwards", False)
            backward_layer = type(layer).from_config(config)
        else:   # TF records the given layer's config, then renames it backward_<name>
            self._backward_layer_config = {"class_name": type(backward_layer).__name__,
                                           "config": backward_layer.get_config()}
            backward_layer._name = "backward_" + backward_layer.name
        self.backward_layer = backward_layer
        for inner in (self.forward_layer, self.backward_layer):
            if getattr(inner, "zero_output_for_mask", None) is not None:
                # as Keras: a masked step of a returned sequence is zeros in both directions
                inner.zero_output_for_mask = inner.return_sequences
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self._layers = [self.forward_layer, self.backward_layer]
        if weights:
            raise ValueError("Bidirectional(weights=...): set the weights after building.")

    def build(self, input_shape):
        for layer in (self.forward_layer, self.backward_layer):
            with graph_lib.name_scope(layer.name):
                layer.build(input_shape)
        self.built = True

    def call(self, inputs, training=None, mask=None, initial_state=None):
        y = self.forward_layer.call(inputs, mask=mask)
        y_rev = self.backward_layer.call(inputs, mask=mask)
        states = []
        if self.return_state:
            y, states = y[0], y[1:]
            y_rev, states = y_rev[0], states + y_rev[1:]
        if self.return_sequences:
            # as Keras: the time axis is the first under `time_major`
            y_rev = reverse(y_rev, [0 if getattr(self.forward_layer, "time_major", False)
                                    else 1])
        if self.merge_mode == "concat":
            output = array_ops_join.concat([y, y_rev], -1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) / 2
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = [y, y_rev]
        if self.return_state:
            return (output if isinstance(output, list) else [output]) + list(states)
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * (len(self.forward_layer._state_sizes) * 2)
        return [output_mask, output_mask] if self.merge_mode is None else output_mask

    def get_config(self):
        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        if self._backward_layer_config is not None:   # only when one was given, as TF
            config["backward_layer"] = self._backward_layer_config
        return config
