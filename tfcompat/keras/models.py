"""`tf.keras.models`: `Sequential`, `Model`, `clone_model` (a fresh copy of a functional or
Sequential model with new weights, rebuilt from the layers' configs), `model_from_json` and
`model_from_config`, and whole-model HDF5 files: `save_model` / `load_model` (Keras' format,
engine/saving_hdf5.py; h5py needed)."""
import json
import os

from tfcompat import _unsupported
from tfcompat.keras import _objects
from tfcompat.keras.engine import saving_hdf5
from tfcompat.keras.engine.input_layer import Input
from tfcompat.keras.engine.input_layer import InputLayer
from tfcompat.keras.engine.sequential import Sequential
from tfcompat.keras.engine.training import Model
from tfcompat.keras.engine.training import save_model as _save_model
from tfcompat.keras.layers import serialization
from tfcompat.keras.premade_models import LinearModel  # noqa: F401
from tfcompat.keras.premade_models import WideDeepModel  # noqa: F401


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


def save_model(model, filepath, overwrite=True, include_optimizer=True, save_format=None,
               signatures=None, options=None, save_traces=True):
    """The whole model to an HDF5 file (the format TF1 Keras writes for a .h5 path and for a
    path without suffix): config, weights, compile arguments and optimizer state."""
    _save_model(model, filepath, overwrite, include_optimizer, save_format)


def load_model(filepath, custom_objects=None, compile=True, options=None):
    """A model rebuilt from an HDF5 file `save_model` (here or in TF) wrote: its layers from
    the config, its weights, and, with `compile`, compiled as it was with the optimizer's
    state restored."""
    module = saving_hdf5.require_h5py("tf.keras.models.load_model")
    if isinstance(filepath, module.File):
        return _load_model_from(filepath, filepath, custom_objects, compile)
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise OSError("No file or directory found at %s" % filepath)
    if os.path.isdir(filepath):
        # a SavedModel directory
        raise _unsupported.UnsupportedAPIError("tf.keras.models.load_model")
    with module.File(filepath, mode="r") as f:
        return _load_model_from(f, filepath, custom_objects, compile)


def _load_model_from(f, filepath, custom_objects, compile):
    custom_objects = dict(_objects.GLOBAL_CUSTOM_OBJECTS, **(custom_objects or {}))
    model = model_from_config(saving_hdf5.read_model_config(f, filepath), custom_objects)
    saving_hdf5.load_weights_from_group(f["model_weights"], model)
    if compile:
        saving_hdf5.restore_training(f, model, custom_objects)
    return model


__getattr__ = _unsupported.missing_attr("keras.models", __name__)
