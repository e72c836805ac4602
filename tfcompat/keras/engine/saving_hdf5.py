"""Keras' HDF5 files, as TF 2.21's tf_keras writes and reads them in TF1 graph mode
(tf_keras/src/saving/legacy/hdf5_format.py), so that files either side wrote load in the other.

Weights (`save_weights('w.h5')`, and the `model_weights` group of a whole-model file): attrs
`layer_names`, `backend`, `keras_version`; one group per layer (sorted by name) whose
`weight_names` attr lists datasets named after the variables (`dense/kernel:0`, so nested as
`dense/dense/kernel:0`); and `top_level_model_weights` for the model's own weights. A whole
model (`model.save('m.h5')`) adds the root attrs `model_config` (the JSON of
`{'class_name', 'config'}`), `training_config` (the compile arguments and the optimizer's
config) and the group `optimizer_weights` (the optimizer's variables by name).

h5py is optional: it is imported on first use (it costs a fifth of a second), and without it
these paths raise ImportError naming the API and saying `pip install h5py`.
"""
from __future__ import annotations

import collections.abc
import json
import os

import numpy as np

from tfcompat import errors
from tfcompat import tf_logging
from tfcompat._lazy import lazy_module
from tfcompat.keras import _objects
from tfcompat.keras._rnn_weights import convert_rnn_weights
from tfcompat.keras import backend
from tfcompat.keras import losses as losses_mod
from tfcompat.keras import metrics as metrics_mod
from tfcompat.keras import optimizers as optimizers_mod
from tfcompat.keras.engine.functional_config import KERAS_VERSION

_serialization = lazy_module("tfcompat.keras.layers.serialization")

h5py = lazy_module("h5py")

HDF5_OBJECT_HEADER_LIMIT = 64512   # bytes an HDF5 attribute may hold (Keras splits longer lists)
_H5_SUFFIXES = (".h5", ".hdf5", ".keras")
# metric names compile reads itself; Keras leaves them as strings when it deserializes
_SPECIAL_METRICS = ("accuracy", "acc", "crossentropy", "ce")


def require_h5py(api):
    """h5py, or ImportError saying that `api` needs it for HDF5 files."""
    try:
        h5py.File  # noqa: B018  (imports h5py)
    except ImportError:
        raise ImportError("`%s` with an HDF5 file (a .h5 path or save_format='h5') needs the "
                          "h5py package, which is not installed: pip install h5py (or pip "
                          "install tfcompat[keras])" % api) from None
    return h5py


def is_hdf5_filepath(filepath):
    return str(filepath).endswith(_H5_SUFFIXES)


def is_hdf5_file(filepath):
    """Whether `filepath` is an existing HDF5 file (read from its signature, without h5py)."""
    try:
        with open(str(filepath), "rb") as f:
            return f.read(8) == b"\x89HDF\r\n\x1a\n"
    except OSError:
        return False


# -- JSON (Keras' json_utils.get_json_type) --------------------------------------------------

def _json_default(obj):
    if hasattr(obj, "get_config"):
        return {"class_name": type(obj).__name__, "config": obj.get_config()}
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, type) or callable(obj):
        return obj.__name__
    if hasattr(obj, "as_list"):   # TensorShape
        return obj.as_list()
    if hasattr(obj, "as_numpy_dtype"):   # DType
        return obj.name
    if isinstance(obj, collections.abc.Mapping):
        return dict(obj)
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__"}
    raise TypeError("Unable to serialize %s to JSON. Unrecognized type %s." % (obj, type(obj)))


def _dumps(value):
    return json.dumps(value, default=_json_default).encode("utf8")


def _text(value):
    return value.decode("utf8") if hasattr(value, "decode") else value


# -- attributes too long for one HDF5 attribute are split into name0, name1, ... -------------

def save_attributes(group, name, data):
    bad = [x for x in data if len(x) > HDF5_OBJECT_HEADER_LIMIT]
    if bad:
        raise RuntimeError("The following attributes cannot be saved to HDF5 file because they "
                           "are larger than %d bytes: %s" % (HDF5_OBJECT_HEADER_LIMIT, bad))
    chunks, count = [np.asarray(data)], 1
    while any(x.nbytes > HDF5_OBJECT_HEADER_LIMIT for x in chunks):
        count += 1
        chunks = np.array_split(np.asarray(data), count)
    if count > 1:
        for i, chunk in enumerate(chunks):
            group.attrs["%s%d" % (name, i)] = chunk
    else:
        group.attrs[name] = data


def load_attributes(group, name):
    if name in group.attrs:
        return [_text(n) for n in group.attrs[name]]
    data, i = [], 0
    while "%s%d" % (name, i) in group.attrs:
        data.extend(_text(n) for n in group.attrs["%s%d" % (name, i)])
        i += 1
    return data


# -- weights ------------------------------------------------------------------------------------

def _layer_weights(layer):
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _top_level_weights(model):
    return list(getattr(model, "_trainable_weights", [])) + list(
        getattr(model, "_non_trainable_weights", []))


def _save_subset(group, weights):
    values = backend.batch_get_value(weights)
    names = [w.name.encode("utf8") for w in weights]
    save_attributes(group, "weight_names", names)
    for name, value in zip(names, values):
        value = np.asarray(value)
        dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
        if value.shape:
            dataset[:] = value
        else:
            dataset[()] = value


def _load_subset(group):
    return [np.asarray(group[name]) for name in load_attributes(group, "weight_names")]


def save_weights_to_group(f, model):
    save_attributes(f, "layer_names", [layer.name.encode("utf8") for layer in model.layers])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    for layer in sorted(model.layers, key=lambda x: x.name):
        _save_subset(f.create_group(layer.name), _layer_weights(layer))
    _save_subset(f.create_group("top_level_model_weights"), _top_level_weights(model))


def load_weights_from_group(f, model):
    """The weights of `f` into the model's layers with weights, in order (Keras' topological
    loading: layers without weights do not count)."""
    layers = [layer for layer in model.layers if _layer_weights(layer)]
    names = [name for name in load_attributes(f, "layer_names")
             if load_attributes(f[name], "weight_names")]
    if len(names) != len(layers):
        raise ValueError("Layer count mismatch when loading weights from file. Model expected "
                         "%d layers, found %d saved layers." % (len(layers), len(names)))
    pairs = []
    for k, (name, layer) in enumerate(zip(names, layers)):
        # as Keras: saved cuDNN RNN weights load into LSTM / GRU and back (converted)
        symbolic, values = _layer_weights(layer), convert_rnn_weights(layer,
                                                                      _load_subset(f[name]))
        if len(values) != len(symbolic):
            raise ValueError("Weight count mismatch for layer #%d (named %s in the current "
                             "model, %s in the save file). Layer expects %d weight(s). Received "
                             "%d saved weight(s)" % (k, layer.name, name, len(symbolic),
                                                     len(values)))
        pairs += zip(symbolic, values)
    if "top_level_model_weights" in f:
        symbolic, values = _top_level_weights(model), _load_subset(f["top_level_model_weights"])
        if len(values) != len(symbolic):
            raise ValueError("Weight count mismatch for top-level weights when loading weights "
                             "from file. Model expects %d top-level weight(s). Received %d "
                             "saved top-level weight(s)" % (len(symbolic), len(values)))
        pairs += zip(symbolic, values)
    _set_values(pairs)


def _set_values(pairs):
    """Assigns the values; a saved value of another shape fails as TF's assign does."""
    for variable, value in pairs:
        expected = variable.shape.as_list()
        if list(np.shape(value)) != expected:
            raise errors.InvalidArgumentError(
                None, None, "Trying to assign to variable with tensor with wrong shape. "
                "Expected [%s] got [%s]" % (",".join(map(str, expected)),
                                            ",".join(map(str, np.shape(value)))))
    backend.batch_set_value(pairs)


def _matching(symbolic, values, skip_mismatch, what):
    """(variable, value) pairs where count and shapes agree; else Keras' error, or (with
    `skip_mismatch`) its warning and the pairs that do fit. `what` holds TF's texts."""
    if len(values) != len(symbolic):
        counts = (len(symbolic), len(values))
        if not skip_mismatch:
            raise ValueError(what["count_error"] % counts)
        tf_logging.warning(what["count_warning"] % counts)
        return []
    pairs = []
    for variable, value in zip(symbolic, values):
        expected = backend.int_shape(variable)
        if expected != value.shape:
            shapes = (variable.name, expected, value.shape)
            if not skip_mismatch:
                raise ValueError(what["shape_error"] % shapes)
            tf_logging.warning(what["shape_warning"] % shapes)
            continue
        pairs.append((variable, value))
    return pairs


_EXPECTS = "Layer expects %d weight(s). Received %d saved weight(s)"
_SHAPES = "weight %s. Weight expects shape %s. Received saved weight with shape %s"


def _layer_texts(k, name):
    head = "#%d (named %s)" % (k, name.replace("%", "%%"))
    return {"count_error": "Weight count mismatch for layer %s. " % head + _EXPECTS,
            "count_warning": "Skipping loading of weights for layer %s due to mismatch in "
                             "number of weights. " % head + _EXPECTS,
            "shape_error": "Shape mismatch in layer %s for " % head + _SHAPES,
            "shape_warning": "Skipping loading weights for layer %s due to mismatch in shape "
                             "for " % head + _SHAPES}


_TOP_EXPECTS = "Model expects %d top-level weight(s). Received %d saved top-level weight(s)"
_TOP_TEXTS = {
    "count_error": "Weight count mismatch for top-level weights of model. " + _TOP_EXPECTS,
    "count_warning": "Skipping loading top-level weights for model due to mismatch in number "
                     "of weights. " + _TOP_EXPECTS,
    "shape_error": "Shape mismatch in model for top-level " + _SHAPES,
    "shape_warning": "Skipping loading top-level weight for model due to mismatch in shape "
                     "for " + _SHAPES}


def load_weights_by_name(f, model, skip_mismatch=False):
    """The weights of `f` into the model's layers of the same names (several layers may share
    one name); with `skip_mismatch`, layers whose weights do not fit are skipped."""
    index = {}
    for layer in model.layers:
        index.setdefault(layer.name, []).append(layer)
    pairs = []
    for k, name in enumerate(load_attributes(f, "layer_names")):
        values = _load_subset(f[name])
        for layer in index.get(name, []):
            pairs += _matching(_layer_weights(layer), convert_rnn_weights(layer, values),
                               skip_mismatch, _layer_texts(k, layer.name))
    if "top_level_model_weights" in f:
        pairs += _matching(_top_level_weights(model), _load_subset(f["top_level_model_weights"]),
                           skip_mismatch, _TOP_TEXTS)
    backend.batch_set_value(pairs)


# -- whole models -------------------------------------------------------------------------------

def _serialize_nested(value):
    """The compile arguments with each loss/metric object or function serialized (Keras'
    `_serialize_nested_config`); strings and numbers stay."""
    if isinstance(value, dict):
        return {k: _serialize_nested(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_serialize_nested(v) for v in value]
    return _objects.serialize(value) if callable(value) else value


def _training_config(model):
    loss, metrics, loss_weights, _, weighted, sample_weight_mode = model._compile_args
    config = _serialize_nested({"loss": loss, "metrics": metrics or [],
                                "loss_weights": loss_weights,
                                "sample_weight_mode": sample_weight_mode,
                                "weighted_metrics": weighted})
    config["optimizer_config"] = {"class_name": type(model.optimizer).__name__,
                                  "config": model.optimizer.get_config()}
    return config


def model_metadata(model, include_optimizer=True):
    """The root attrs of a whole-model file (Keras' `saving_utils.model_metadata`)."""
    metadata = {"keras_version": KERAS_VERSION, "backend": "tensorflow",
                "model_config": {"class_name": _serialization.class_name(model),
                                 "config": model.get_config()}}
    optimizer = getattr(model, "optimizer", None)
    if optimizer and include_optimizer:
        if isinstance(optimizer, optimizers_mod.TFOptimizer):
            tf_logging.warning(
                "TensorFlow optimizers do not make it possible to access optimizer attributes "
                "or optimizer state after instantiation. As a result, we cannot save the "
                "optimizer as part of the model save file. You will have to compile your model "
                "again after loading it. Prefer using a TF-Keras optimizer instead (see "
                "keras.io/optimizers).")
        elif getattr(model, "_compiled", False):
            metadata["training_config"] = _training_config(model)
    return metadata


def _proceed_with_overwrite(filepath, overwrite):
    """Keras' prompt before replacing an existing file when `overwrite=False`."""
    if overwrite or not os.path.isfile(filepath):
        return True
    answer = input("[WARNING] %s already exists - overwrite? [y/n]" % filepath).strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True


def _check_serializable(model):
    if not getattr(model, "_is_graph_network", False) and type(model).__name__ != "Sequential":
        raise NotImplementedError(
            "Saving the model to HDF5 format requires the model to be a Functional model or a "
            "Sequential model. It does not work for subclassed models, because such models are "
            "defined via the body of a Python method, which isn't safely serializable. Consider "
            "saving to the Tensorflow SavedModel format (by setting save_format=\"tf\") or "
            "using `save_weights`.")


def save_model(model, filepath, overwrite=True, include_optimizer=True,
               api="tf.keras.models.save_model"):
    """Writes the model's config, weights, compile arguments and optimizer state to the HDF5
    file `filepath` (an open `h5py.File` is written into)."""
    _check_serializable(model)
    module = require_h5py(api)
    if isinstance(filepath, module.File):
        _write_model(filepath, model, include_optimizer)
        return
    filepath = os.fspath(filepath)
    if not _proceed_with_overwrite(filepath, overwrite):
        return
    directory = os.path.dirname(filepath)
    if directory:
        os.makedirs(directory, exist_ok=True)
    with module.File(filepath, mode="w") as f:
        _write_model(f, model, include_optimizer)


def _write_model(f, model, include_optimizer):
    for key, value in model_metadata(model, include_optimizer).items():
        f.attrs[key] = _dumps(value) if isinstance(value, (dict, list, tuple)) else value
    save_weights_to_group(f.create_group("model_weights"), model)
    optimizer = getattr(model, "optimizer", None)
    if include_optimizer and optimizer and not isinstance(optimizer, optimizers_mod.TFOptimizer):
        weights = optimizer.weights
        if weights:
            _save_subset(f.create_group("optimizer_weights"), weights)
    f.flush()


def save_weights(model, filepath, overwrite=True):
    """`model.save_weights('w.h5')`: the weights groups at the file's root."""
    module = require_h5py("tf.keras.Model.save_weights")
    filepath = os.fspath(filepath)
    if not _proceed_with_overwrite(filepath, overwrite):
        return
    with module.File(filepath, "w") as f:
        save_weights_to_group(f, model)


def load_weights(model, filepath, by_name=False, skip_mismatch=False):
    """`model.load_weights('w.h5')`: from a weights file, or a whole-model file's weights."""
    module = require_h5py("tf.keras.Model.load_weights")
    if not getattr(model, "_is_graph_network", False) and not getattr(model, "built", True):
        raise ValueError("Unable to load weights saved in HDF5 format into a subclassed Model "
                         "which has not created its variables yet. Call the Model first, then "
                         "load the weights.")
    with module.File(os.fspath(filepath), "r") as f:
        if "layer_names" not in f.attrs and "model_weights" in f:
            f = f["model_weights"]
        if by_name:
            load_weights_by_name(f, model, skip_mismatch)
        else:
            load_weights_from_group(f, model)


# -- loading a whole model ----------------------------------------------------------------------

def _deserialize_nested(deserialize, config):
    if config is None:
        return None
    if isinstance(config, str) or (isinstance(config, dict) and "class_name" in config):
        return deserialize(config)
    if isinstance(config, dict):
        return {k: _deserialize_nested(deserialize, v) for k, v in config.items()}
    if isinstance(config, (list, tuple)):
        return [_deserialize_nested(deserialize, v) for v in config]
    raise ValueError("Saved configuration not understood. Configuration should be a "
                     "dictionary, string, tuple or list. Received: config=%s." % (config,))


def compile_args(training_config, custom_objects=None):
    """`model.compile` arguments from a file's training config (Keras'
    `compile_args_from_training_config`)."""
    def metric(config):
        if config in _SPECIAL_METRICS:
            return config
        return metrics_mod.deserialize(config, custom_objects)

    def loss(config):
        return losses_mod.deserialize(config, custom_objects)

    return dict(
        optimizer=optimizers_mod.deserialize(training_config["optimizer_config"],
                                             custom_objects),
        loss=_deserialize_nested(loss, training_config.get("loss")),
        metrics=_deserialize_nested(metric, training_config.get("metrics")),
        weighted_metrics=_deserialize_nested(metric, training_config.get("weighted_metrics")),
        loss_weights=training_config["loss_weights"],
        # NOTE: Keras reads sample_weight_mode with hasattr() on the dict, so never restores it
        sample_weight_mode=None)


def read_model_config(f, filepath):
    config = f.attrs.get("model_config")
    if config is None:
        raise ValueError("No model config found in the file at %s." % (filepath,))
    return json.loads(_text(config))


def restore_training(f, model, custom_objects=None):
    """Compiles the loaded `model` as the file's training config says and restores the
    optimizer's variables, so training goes on where it stopped."""
    config = f.attrs.get("training_config")
    if config is None:
        tf_logging.warning("No training configuration found in the save file, so the model was "
                           "*not* compiled. Compile it manually.")
        return
    model.compile(**compile_args(json.loads(_text(config)), custom_objects))
    if "optimizer_weights" not in f:
        return
    # the optimizer's variables are made now, outside the train function's `training/`
    # scope (so named `iter`, `dense/kernel/m`, as in TF) and reused when it is built
    with backend.name_scope(None):
        model.optimizer._create_all_weights(model.trainable_weights)
    group = f["optimizer_weights"]
    values = [np.asarray(group[name]) for name in load_attributes(group, "weight_names")]
    try:
        model.optimizer.set_weights(values)
    except ValueError:
        tf_logging.warning("Error in loading the saved optimizer state. As a result, your "
                           "model is starting with a freshly initialized optimizer.")


def save_format_of(filepath, save_format):
    """"h5", "tf" (SavedModel) or "keras" (Keras v3 zip), as tf_keras' `save_model` picks it
    with TF2 behaviour off: HDF5 for a .h5/.hdf5 path and for a path without suffix."""
    if save_format:
        fmt = {"keras_v3": "keras", "keras": "keras", "h5": "h5", "hdf5": "h5", "tf": "tf",
               "tensorflow": "tf"}.get(save_format)
        if fmt is None:
            raise ValueError("Unknown `save_format` argument. Expected one of 'keras', 'tf', or "
                             "'h5'. Received: save_format=%s" % (save_format,))
        # the legacy saver writes HDF5 to a .h5 path whatever the format says
        return "h5" if fmt == "tf" and is_hdf5_filepath(filepath) else fmt
    return "keras" if str(filepath).endswith(".keras") else "h5"
