"""`Model.save_weights` / `load_weights` in TF's checkpoint format, under the keys TF's Keras
writes (`layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE`), so checkpoints TF wrote load
here. HDF5 (`.h5`) needs h5py, which tfcompat does not depend on."""
from __future__ import annotations

import os

from tfcompat import _unsupported
from tfcompat.keras import backend
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


def _refuse_h5(api):
    """HDF5 files: refused with the reason api_unsupported.txt gives `api` (h5py is not a
    dependency of tfcompat)."""
    raise _unsupported.UnsupportedAPIError(api)


def save_weights(model, filepath, overwrite=True, save_format=None):
    if _is_h5(filepath, save_format):
        _refuse_h5("tf.keras.Model.save_weights")
    session = backend.get_session()
    directory = os.path.dirname(str(filepath))
    if directory:
        os.makedirs(directory, exist_ok=True)
    saver = saver_lib.Saver(_weight_keys(model.layers))
    saver.save(session, str(filepath), write_meta_graph=False)


def load_weights(model, filepath, by_name=False):
    if _is_h5(filepath, None):
        _refuse_h5("tf.keras.Model.load_weights")
    if by_name:
        raise ValueError("Weights may only be loaded based on topology into Models when "
                         "loading TensorFlow-formatted weights (got by_name=True to "
                         "load_weights).")
    filepath = str(filepath)
    if os.path.isdir(filepath):
        filepath = latest_checkpoint(filepath) or filepath
    session = backend.get_session()
    saver = saver_lib.Saver(_weight_keys(model.layers))
    saver.restore(session, filepath)
