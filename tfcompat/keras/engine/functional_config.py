"""A functional model's config (its layers with their `inbound_nodes`, and the input/output
coordinates, in Keras' format) and the model rebuilt from one; `to_json`'s encoding."""
from __future__ import annotations

import json

import numpy as np

from tfcompat._lazy import lazy_module
from tfcompat.keras.engine.base_layer import flatten

# layer (de)serialization looks classes up in the layers package, which imports the engine
_serialization = lazy_module("tfcompat.keras.layers.serialization")

KERAS_VERSION = "2.21.0"   # what TF 2.21's tf_keras writes into a model's JSON


def _node_index(model_nodes, layer, node):
    """The index of `node` among `layer`'s nodes that belong to the model."""
    return [n for n in layer._inbound_nodes if id(n) in model_nodes].index(node)


def network_config(model):
    nodes = {id(n) for level in model._nodes_by_depth() for n in level}
    layers = []
    for layer in model.layers:
        inbound = []
        for node in layer._inbound_nodes:
            if id(node) not in nodes or not node.input_tensors:
                continue
            inbound.append([[in_layer.name,
                             _node_index(nodes, in_layer, in_layer._inbound_nodes[index]),
                             tensor_index, dict(node.call_kwargs)]
                            for in_layer, index, tensor_index in node.inbound])
        layers.append({"class_name": _serialization.class_name(layer),
                       "config": layer.get_config(),
                       "name": layer.name, "inbound_nodes": inbound})

    def coordinates(history):
        layer, index, tensor_index = history
        return [layer.name, _node_index(nodes, layer, layer._inbound_nodes[index]),
                tensor_index]

    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": [coordinates(x._keras_history) for x in model.inputs],
            "output_layers": [coordinates(c) for c in model._output_coordinates]}


def network_from_config(cls, config, custom_objects=None):
    """The model of `config`: each layer deserialized, then called on its inbound tensors
    in dependency order."""
    outputs_of, pending, created = {}, [], []
    for layer_data in config["layers"]:
        layer = _serialization.deserialize({"class_name": layer_data["class_name"],
                                            "config": layer_data["config"]}, custom_objects)
        created.append(layer)
        name = layer_data.get("name", layer.name)
        if not layer_data["inbound_nodes"] and layer._inbound_nodes:   # an InputLayer
            outputs_of[(name, 0)] = list(layer._inbound_nodes[0].output_tensors)
        for index, node_data in enumerate(layer_data["inbound_nodes"]):
            pending.append((name, layer, index, node_data))
    while pending:
        ready = [item for item in pending
                 if all((d[0], d[1]) in outputs_of for d in item[3])]
        if not ready:
            raise ValueError("Cannot rebuild the model from its config: the layers %s wait "
                             "for inputs no layer produces." % [item[0] for item in pending])
        for item in ready:
            name, layer, index, node_data = item
            args = [outputs_of[(d[0], d[1])][d[2]] for d in node_data]
            kwargs = node_data[0][3] if len(node_data[0]) > 3 else {}
            out = layer(args if len(args) > 1 else args[0], **kwargs)
            outputs_of[(name, index)] = flatten(out)
            pending.remove(item)
    inputs = [outputs_of[(n, i)][t] for n, i, t in config["input_layers"]]
    outputs = [outputs_of[(n, i)][t] for n, i, t in config["output_layers"]]
    model = cls(inputs=inputs, outputs=outputs if len(outputs) > 1 else outputs[0],
                name=config.get("name"))
    # as Keras: layers that do not lead to the outputs (AddLoss) join the model too
    ancillary = [layer for layer in created if layer not in model.layers]
    if ancillary:
        model._insert_layers(ancillary, [n for layer in created for n in layer._inbound_nodes])
    return model


def _json_default(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "as_list"):
        return value.as_list()
    raise TypeError("Not JSON Serializable: %r" % (value,))


def to_json(model, **kwargs):
    return json.dumps({"class_name": _serialization.class_name(model),
                       "config": model.get_config(),
                       "keras_version": KERAS_VERSION, "backend": "tensorflow"},
                      default=_json_default, **kwargs)


def to_yaml(model, **kwargs):
    """TF 1.x `Network.to_yaml`: `yaml.dump` of the model's config; needs pyyaml."""
    try:
        import yaml
    except ImportError:
        raise ImportError("Requires yaml module installed (`pip install pyyaml`).") from None
    return yaml.dump({"class_name": _serialization.class_name(model),
                      "config": model.get_config(),
                      "keras_version": KERAS_VERSION, "backend": "tensorflow"}, **kwargs)
