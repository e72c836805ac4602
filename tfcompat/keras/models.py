"""`tf.keras.models`: `Sequential`, `Model`, `clone_model` (a fresh copy of a functional or
Sequential model with new weights, rebuilt from the layers' configs), `model_from_json` and
`model_from_config`. Whole-model files (`save_model`, `load_model`) are not provided: save
the architecture with `to_json()` and the weights with `save_weights()`."""
import json

from tfcompat import _unsupported
from tfcompat.keras.engine.input_layer import Input
from tfcompat.keras.engine.input_layer import InputLayer
from tfcompat.keras.engine.sequential import Sequential
from tfcompat.keras.engine.training import Model
from tfcompat.keras.layers import serialization


def _clone_layer(layer):
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None):
    """A model with the same structure as `model` and new (freshly initialized) weights."""
    clone = clone_function or _clone_layer
    if isinstance(model, Sequential):
        layers = [clone(layer) for layer in model.layers]
        if input_tensors is not None:
            return Sequential([InputLayer(input_tensor=input_tensors)] + layers,
                              name=model.name)
        return Sequential(layers, name=model.name)
    if not getattr(model, "_is_graph_network", False):
        raise ValueError("Expected `model` argument to be a functional `Model` instance, but "
                         "got a subclassed model instead: %s" % model)
    mapped = {}
    new_inputs = input_tensors if input_tensors is not None else [
        Input(batch_shape=x.shape.as_list(), dtype=x.dtype.base_dtype.name,
              name=x._keras_history[0].name) for x in model.inputs]
    new_inputs = new_inputs if isinstance(new_inputs, (list, tuple)) else [new_inputs]
    for old, new in zip(model.inputs, new_inputs):
        mapped[id(old)] = new
    layers = {}
    for nodes in model._nodes_by_depth():
        for node in nodes:
            if not node.input_tensors:
                continue
            layer = layers.setdefault(id(node.layer), clone(node.layer))
            args = [mapped[id(t)] for t in node.input_tensors]
            out = layer(args if len(args) > 1 else args[0], **node.call_kwargs)
            for old, new in zip(node.output_tensors, out if isinstance(out, (list, tuple))
                                else [out]):
                mapped[id(old)] = new
    return Model(new_inputs, [mapped[id(x)] for x in model.outputs], name=model.name)


def model_from_config(config, custom_objects=None):
    """A new model from `{'class_name': 'Sequential' | 'Model', 'config': {...}}`."""
    if isinstance(config, list):
        raise TypeError("`model_from_config` expects a dictionary, not a list. Received: "
                        "config=%s. Did you meant to use `Sequential.from_config(config)`?"
                        % (config,))
    return serialization.deserialize(config, custom_objects)


def model_from_json(json_string, custom_objects=None):
    """A new model (fresh weights) from `model.to_json()`."""
    return serialization.deserialize(json.loads(json_string), custom_objects)


__getattr__ = _unsupported.missing_attr("keras.models", __name__)
