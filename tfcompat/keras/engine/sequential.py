"""`tf.keras.Sequential`: a linear stack of layers.

With an input shape (`input_shape=` on the first layer, or an InputLayer first) the model is a
functional graph from a placeholder named `<first layer>_input`, rebuilt as layers are added.
Without one, building waits: calling the model on a tensor applies the layers in the model's
name scope (`sequential/dense/kernel`), and `fit`/`predict` on arrays first make the
placeholder from the data's shape, as Keras does.
"""
from __future__ import annotations

from tfcompat._lazy import lazy_module
from tfcompat import tf_logging as _logging
from tfcompat.keras.engine import input_layer as input_layer_lib
from tfcompat.keras.engine import network as network_lib
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.engine.training import Model


# layer (de)serialization looks classes up in the layers package, which imports the engine
_serialization = lazy_module("tfcompat.keras.layers.serialization")


class Sequential(Model):
    """Layers applied one after the other (`Sequential([Dense(8, input_shape=(4,)), ...])`)."""

    def __init__(self, layers=None, name=None):
        super().__init__(name=name)
        self._stack = []
        self._chain = []        # the graph's tensors: the input, then each layer's output
        self._auto_input = None
        self.built = False
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self):
        return list(self._stack)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)

    def add(self, layer):
        """Appends `layer`; builds (or extends) the graph when the input shape is known."""
        if isinstance(layer, input_layer_lib.InputLayer) is False and \
                hasattr(layer, "_keras_history"):
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            raise TypeError("The added layer must be an instance of class Layer. Received: "
                            "layer=%s of type %s." % (layer, type(layer)))
        names = {x.name for x in self._stack}
        if layer.name in names:
            raise ValueError('All layers added to a Sequential model should have unique names. '
                             'Name "%s" is already the name of a layer in this model. Update '
                             "the `name` argument to pass a unique name." % layer.name)
        if isinstance(layer, input_layer_lib.InputLayer):
            if self.outputs:
                raise ValueError("Sequential model may not have an InputLayer after other "
                                 "layers.")
            self._auto_input = layer
            x = layer._inbound_nodes[0].output_tensors[0]
            self._chain = [x]
            self._set_graph([x], [x])
            return
        self._stack.append(layer)
        self._layers = list(self._stack)
        batch_shape, dtype = _input_shape_and_dtype(layer)
        if self.outputs and not self._is_graph_network:
            # inputs taken from a first call (Model.__call__): the next call or fit takes anew
            self.inputs, self.outputs = None, None
        if self.outputs:
            self._extend_graph(layer)
        elif len(self._stack) == 1 and batch_shape is not None:
            self._start_graph(batch_shape, dtype, layer.name)
        elif self._auto_input is not None and len(self._stack) == 1:
            self._extend_graph(layer)

    def pop(self):
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        self._stack.pop()
        self._layers = list(self._stack)
        if not self._stack:
            self.outputs, self.inputs, self.built = None, None, False
            self._is_graph_network = False
        elif self._chain:
            # as Keras: the graph now ends at the previous layer's output (no new calls)
            self._chain.pop()
            self._set_graph(self.inputs, [self._chain[-1]])

    def _start_graph(self, batch_shape, dtype, first_name):
        x = input_layer_lib.Input(batch_shape=batch_shape, dtype=dtype,
                                  name=first_name + "_input")
        self._auto_input = x._keras_history[0]
        self._chain = [x]
        self._set_graph([x], [x])
        for layer in self._stack:
            self._extend_graph(layer)

    def _extend_graph(self, layer):
        y = layer(self.outputs[0])
        flat = y if isinstance(y, (list, tuple)) else [y]
        if len(flat) != 1:
            raise ValueError("All layers in a Sequential model should have a single output "
                             "tensor. For multi-output layers, use the functional API.")
        self._chain.append(flat[0])
        self._set_graph(self.inputs, flat)

    def _set_graph(self, inputs, outputs):
        self.inputs, self.outputs = list(inputs), list(outputs)
        self._nested_inputs, self._nested_outputs = self.inputs[0], self.outputs[0]
        self._network_nodes, _ = network_lib.map_graph(self.inputs, self.outputs)
        self._input_layers = [x._keras_history[0] for x in self.inputs]
        self._output_layers = [x._keras_history[0] for x in self.outputs]
        self._output_coordinates = [x._keras_history for x in self.outputs]
        self.input_names = [layer.name for layer in self._input_layers]
        self.output_names = [layer.name for layer in self._output_layers]
        self._is_graph_network = True
        self.built = True

    def _input_dtype(self, x):
        return self._stack[0].dtype or _floatx_of(x)

    def build_from_data(self, x):
        if self.inputs or not self._stack:
            return
        super().build_from_data(x)   # as TF 1.x's _set_inputs: outputs named output_<n>

    # -- calling ---------------------------------------------------------------------------
    def call(self, inputs, training=None, mask=None):
        if self._is_graph_network:
            return self._run_internal_graph(inputs, training=training)
        outputs = inputs
        for layer in self._stack:
            kwargs = {"training": training} if (training is not None and
                                                layer._expects_training_arg) else {}
            outputs = layer(outputs, **kwargs)
        return outputs

    def _run_internal_graph(self, inputs, training=None):
        outputs = inputs
        for layer in self._stack:
            kwargs = {"training": training} if (training is not None and
                                                layer._expects_training_arg) else {}
            outputs = layer(outputs, **kwargs)
        return outputs

    def _maybe_build(self, inputs):
        self.built = True

    def build(self, input_shape=None):
        if not self._stack:
            raise ValueError("You must add a layer to a Sequential model before calling it.")
        super().build(input_shape)

    def __call__(self, inputs, *args, **kwargs):
        if not self._stack and self._auto_input is None:
            raise ValueError("You must add a layer to a Sequential model before calling it.")
        outputs = super().__call__(inputs, *args, **kwargs)
        return outputs

    def predict_proba(self, x, batch_size=32, verbose=0):
        """TF 1.15's (deprecated) `Sequential.predict_proba`: `predict`, warning when the
        outputs are not probabilities."""
        preds = self.predict(x, batch_size, verbose)
        if preds.min() < 0. or preds.max() > 1.:
            _logging.warning("Network returning invalid probability values. The last layer "
                             "might not normalize predictions into probabilities (like "
                             "softmax or sigmoid would).")
        return preds

    def predict_classes(self, x, batch_size=32, verbose=0):
        """TF 1.15's (deprecated) `Sequential.predict_classes`: the argmax of the last axis,
        or `proba > 0.5` as int32 for a single output unit."""
        proba = self.predict(x, batch_size=batch_size, verbose=verbose)
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype("int32")

    def get_config(self):
        layers = [self._auto_input] if self._auto_input is not None else []
        return {"name": self.name, "layers": [_serialization.serialize(layer)
                                              for layer in layers + self._stack]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        model = cls(name=config.get("name"))
        for layer_config in config["layers"]:
            model.add(_serialization.deserialize(layer_config, custom_objects))
        return model


def _input_shape_and_dtype(layer):
    """The batch input shape and dtype a first layer declares (Keras'
    `get_input_shape_and_dtype`): its `input_shape`, a built model's input, or that of a
    Sequential's first layer; (None, None) when unknown."""
    if getattr(layer, "_batch_input_shape", None) is not None:
        return layer._batch_input_shape, layer.dtype
    if getattr(layer, "_is_graph_network", False) and layer.inputs:
        x = layer.inputs[0]
        return tuple(x.shape.as_list()), x.dtype.base_dtype.name
    if isinstance(layer, Sequential) and layer._stack:
        return _input_shape_and_dtype(layer._stack[0])
    return None, None


def _floatx_of(x):
    kind = getattr(getattr(x, "dtype", None), "kind", "f")
    return "float32" if kind == "f" else str(x.dtype)

