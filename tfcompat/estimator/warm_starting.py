"""tf.estimator.WarmStartSettings (and VocabInfo): what an Estimator initializes from another
model's checkpoint before training (tfcompat's tf.train.warm_start does the work)."""
from __future__ import annotations

import collections
import os

import tfcompat as tf
from tfcompat.train.warm_starting import VocabInfo  # noqa: F401 - tf.estimator.VocabInfo


class WarmStartSettings(collections.namedtuple("WarmStartSettings", [
        "ckpt_to_initialize_from", "vars_to_warm_start", "var_name_to_vocab_info",
        "var_name_to_prev_var_name"])):
    """Settings for warm-starting an Estimator: the checkpoint (file or directory), a regex or
    list of the variables to take from it, and renames/vocabulary changes."""

    def __new__(cls, ckpt_to_initialize_from, vars_to_warm_start=".*",
                var_name_to_vocab_info=None, var_name_to_prev_var_name=None):
        if not ckpt_to_initialize_from:
            raise ValueError("`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
        return super().__new__(cls, ckpt_to_initialize_from, vars_to_warm_start,
                               var_name_to_vocab_info or {}, var_name_to_prev_var_name or {})


def settings_from(warm_start_from):
    """The WarmStartSettings of an Estimator's `warm_start_from` (None, a path, or settings);
    a SavedModel directory warm-starts from its variables/ checkpoint."""
    if warm_start_from is None:
        return None
    if isinstance(warm_start_from, (str, bytes)) or hasattr(warm_start_from, "__fspath__"):
        path = os.fspath(warm_start_from)
        if isinstance(path, bytes):
            path = path.decode()
        variables_dir = os.path.join(path, "variables")
        if tf.gfile.IsDirectory(variables_dir) and tf.saved_model.loader.maybe_saved_model_directory(
                path):
            tf.logging.info("Warm-starting from a SavedModel")
            return WarmStartSettings(ckpt_to_initialize_from=os.path.join(
                variables_dir, "variables"))
        return WarmStartSettings(ckpt_to_initialize_from=path)
    if isinstance(warm_start_from, WarmStartSettings):
        return warm_start_from
    raise ValueError("warm_start_from must be a string or a WarmStartSettings, instead got {}"
                     .format(type(warm_start_from)))


def warm_start(settings):
    tf.logging.info("Warm-starting with WarmStartSettings: %s" % (settings,))
    tf.train.warm_start(*settings)
