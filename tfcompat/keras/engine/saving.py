"""`Model.save_weights` / `load_weights` in TF's checkpoint format: object-based checkpoints with
the model as root (`layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE`, the optimizer's
state, the object graph; train/checkpoint_object_keras.py), so TF and tfcompat load each
other's files. HDF5 files (a `.h5` path, save_format='h5', or an HDF5 file at a path without
suffix) go to saving_hdf5.py."""
from __future__ import annotations

import os

from tfcompat.keras import backend
from tfcompat.keras.engine import saving_hdf5
from tfcompat.train import checkpoint_object_keras
from tfcompat.train import saver as saver_lib
from tfcompat.train.checkpoint_management import latest_checkpoint

_H5_SUFFIXES = (".h5", ".hdf5", ".keras")


def _weight_keys(layers, prefix=""):
    """{checkpoint key: variable} for the layers that have weights, numbered as TF does."""
    keys, index = {}, 0
    for layer in layers:
        if not layer.weights:
            continue
        base = "%slayer_with_weights-%d/" % (prefix, index)
        index += 1
        nested = getattr(layer, "_layers", None)
        if nested and not layer._trainable_weights and not layer._non_trainable_weights:
            keys.update(_weight_keys(nested, base))
            continue
        for weight in layer.weights:
            short = weight.op.name.rsplit("/", 1)[-1]
            keys[base + short + "/.ATTRIBUTES/VARIABLE_VALUE"] = weight
    return keys


def _is_h5(filepath, save_format):
    if save_format is not None:
        fmt = save_format.lower().strip()
        if fmt not in ("tf", "tensorflow", "h5", "hdf5", "keras"):
            raise ValueError('Unknown format. Received: `save_format`=%s. Was expecting one of '
                             '{"tf", "h5"}.' % save_format)
        return fmt in ("h5", "hdf5", "keras")
    return str(filepath).endswith(_H5_SUFFIXES)


def save_weights(model, filepath, overwrite=True, save_format=None):
    if _is_h5(filepath, save_format):
        return saving_hdf5.save_weights(model, filepath, overwrite)
    if str(filepath).endswith(_H5_SUFFIXES):
        raise ValueError('save_weights got save_format="tf"/"tensorflow", but the filepath '
                         '(%s) looks like an HDF5 file. Omit the ".h5"/".keras" when saving '
                         'in TensorFlow format.' % filepath)
    session = backend.get_session()
    directory = os.path.dirname(str(filepath))
    if directory:
        os.makedirs(directory, exist_ok=True)
    checkpoint_object_keras.save_model_weights(model, str(filepath), session)


def load_weights(model, filepath, by_name=False, skip_mismatch=False):
    if skip_mismatch and not by_name:
        raise ValueError("When calling model.load_weights, skip_mismatch can only be set to "
                         "True when by_name is True.")
    if _is_h5(filepath, None) or saving_hdf5.is_hdf5_file(filepath):
        return saving_hdf5.load_weights(model, filepath, by_name, skip_mismatch)
    if by_name:
        raise ValueError("Weights may only be loaded based on topology into Models when "
                         "loading TensorFlow-formatted weights (got by_name=True to "
                         "load_weights).")
    filepath = str(filepath)
    if os.path.isdir(filepath):
        filepath = latest_checkpoint(filepath) or filepath
    session = backend.get_session()
    status = checkpoint_object_keras.load_model_weights(model, filepath, session)
    if status is None:  # no object graph (tfcompat before it wrote one): by key
        saver = saver_lib.Saver(_weight_keys(model.layers))
        saver.restore(session, filepath)
    return status
