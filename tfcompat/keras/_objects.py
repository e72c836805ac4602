"""Keras' legacy (TF1-era) object (de)serialization, shared by `activations`, `initializers`,
`regularizers`, `constraints`, `losses`, `metrics` and `optimizers`: a name or a
`{'class_name': ..., 'config': {...}}` dict is looked up in the module's table of objects, as
`tf.keras.utils.legacy.deserialize_keras_object` does, with Keras' error messages.
"""
from __future__ import annotations

import inspect

_UNKNOWN = ("Unknown %s: '%s'. Please ensure you are using a `keras.utils.custom_object_scope` "
            "and that this object is included in the scope. See "
            "https://www.tensorflow.org/guide/keras/save_and_serialize"
            "#registering_the_custom_object for details.")

# names registered by `tf.keras.utils.custom_object_scope` / `get_custom_objects()`
GLOBAL_CUSTOM_OBJECTS: dict = {}


def _lookup(name, module_objects, custom_objects, printable_module_name):
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in GLOBAL_CUSTOM_OBJECTS:
        return GLOBAL_CUSTOM_OBJECTS[name]
    found = module_objects.get(name)
    if found is None:
        raise ValueError(_UNKNOWN % (printable_module_name, name))
    return found


def class_and_config(config, module_objects, custom_objects=None, printable_module_name="object"):
    """(class, config dict) of a serialized `{'class_name', 'config'}` dict."""
    if not isinstance(config, dict) or "class_name" not in config or "config" not in config:
        raise ValueError("Improper config format for %s. Expecting python dict contains "
                         "`class_name` and `config` as keys" % (config,))
    cls = _lookup(config["class_name"], module_objects, custom_objects, printable_module_name)
    return cls, dict(config["config"]) if isinstance(config["config"], dict) else config["config"]


def deserialize(identifier, module_objects, custom_objects=None, printable_module_name="object"):
    """Keras' `deserialize_keras_object`: None, a dict config, a name or a function."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        cls, cls_config = class_and_config(identifier, module_objects, custom_objects,
                                           printable_module_name)
        if hasattr(cls, "from_config"):
            if "custom_objects" in inspect.signature(cls.from_config).parameters:
                return cls.from_config(cls_config, custom_objects=custom_objects or {})
            return cls.from_config(cls_config)
        return cls(**cls_config)
    if isinstance(identifier, str):
        found = _lookup(identifier, module_objects, custom_objects, printable_module_name)
        return found() if inspect.isclass(found) else found
    if inspect.isfunction(identifier):
        return identifier
    raise ValueError("Could not interpret serialized %s: %s"
                     % (printable_module_name, identifier))


def serialize(instance):
    """Keras' legacy `serialize_keras_object`: `{'class_name', 'config'}` for an object with
    `get_config`, the name of a function."""
    if instance is None:
        return None
    if hasattr(instance, "get_config") and not isinstance(instance, type):
        return {"class_name": type(instance).__name__, "config": instance.get_config()}
    if hasattr(instance, "__name__"):
        return instance.__name__
    raise ValueError("Cannot serialize %s because it doesn't implement `get_config()`."
                     % (instance,))


def public_objects(namespace: dict, filter_fn=callable) -> dict:
    """The public callables of a module's namespace: its table of deserializable objects."""
    return {name: obj for name, obj in namespace.items()
            if not name.startswith("_") and filter_fn(obj) and not inspect.ismodule(obj)}
