"""`tf.keras.layers.serialize` / `deserialize`: a layer as `{'class_name', 'config'}` and
back, looking the class up among tfcompat's Keras layers and models (and the custom objects),
as Keras' layer deserialization does."""
from __future__ import annotations

import inspect

from tfcompat._lazy import lazy_module
from tfcompat.keras import _objects

# the packages whose classes are looked up (they import this module: reached on first use)
_layers = lazy_module("tfcompat.keras.layers")
_models = lazy_module("tfcompat.keras.models")
_op_layer = lazy_module("tfcompat.keras.engine.op_layer")


def class_name(layer):
    """The class name Keras records for `layer`: TF's class of a functional `Model` is
    `Functional`."""
    name = type(layer).__name__
    if name == "Model" and getattr(layer, "_is_graph_network", False):
        return "Functional"
    return name


def serialize(layer):
    return {"class_name": class_name(layer), "config": layer.get_config()}


def _lookup(class_name, custom_objects):
    if custom_objects and class_name in custom_objects:
        return custom_objects[class_name]
    if class_name in _objects.GLOBAL_CUSTOM_OBJECTS:
        return _objects.GLOBAL_CUSTOM_OBJECTS[class_name]
    if class_name in ("TensorFlowOpLayer", "AddLoss", "AddMetric"):    # the functional API's, not public
        return getattr(_op_layer, class_name)
    for module in (_layers, _models):
        # TF names a functional Model's class `Functional` in its configs
        found = getattr(module, "Model" if class_name == "Functional" else class_name, None)
        if isinstance(found, type):
            return found
    raise ValueError("Unknown layer: '%s'. Please ensure you are using a "
                     "`keras.utils.custom_object_scope` and that this object is included in "
                     "the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize"
                     "#registering_the_custom_object for details." % class_name)


def deserialize(config, custom_objects=None):
    """A new layer (or model) from `{'class_name': ..., 'config': {...}}`."""
    if not isinstance(config, dict) or "class_name" not in config or "config" not in config:
        raise ValueError("Improper config format for layer: %s. Expecting python dict contains "
                         "`class_name` and `config` as keys" % (config,))
    cls = _lookup(config["class_name"], custom_objects)
    if "custom_objects" in inspect.signature(cls.from_config).parameters:
        return cls.from_config(dict(config["config"]), custom_objects=custom_objects)
    return cls.from_config(dict(config["config"]))
