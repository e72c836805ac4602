"""`tf.saved_model.signature_def_utils.MethodNameUpdater`: rewrites the `method_name` of
signatures in an existing SavedModel (TF's saved_model/method_name_updater.py)."""
from __future__ import annotations

import os

from google.protobuf import text_format

from tfcompat import tf_logging as logging
from tfcompat.saved_model import constants
from tfcompat.saved_model.loader import parse_saved_model

__all__ = ["MethodNameUpdater"]


class MethodNameUpdater:
    """Loads `export_dir`'s saved_model.pb(txt); `replace_method_name` edits signatures and
    `save` writes the result (to `export_dir`, or `new_export_dir`), in the same format."""

    def __init__(self, export_dir):
        self._export_dir = export_dir
        self._saved_model = parse_saved_model(export_dir)

    def replace_method_name(self, signature_key, method_name, tags=None):
        """Sets `method_name` of the signature `signature_key` in every MetaGraphDef (or in
        the one whose tags are `tags`)."""
        if not signature_key:
            raise ValueError("`signature_key` must be defined.")
        if not method_name:
            raise ValueError("`method_name` must be defined.")
        if tags is not None and not isinstance(tags, list):
            tags = [tags]
        found_match = False
        for meta_graph_def in self._saved_model.meta_graphs:
            if tags is None or set(tags) == set(meta_graph_def.meta_info_def.tags):
                if signature_key not in meta_graph_def.signature_def:
                    raise ValueError(
                        "MetaGraphDef associated with tags %s does not have a signature_def "
                        "with key: '%s'. This means either you specified the wrong signature "
                        "key or forgot to put the signature_def with the corresponding key in "
                        "your SavedModel." % (tags, signature_key))
                meta_graph_def.signature_def[signature_key].method_name = method_name
                found_match = True
        if not found_match:
            raise ValueError(
                "MetaGraphDef associated with tags %s could not be found in SavedModel. This "
                "means either you specified invalid tags or your SavedModel does not have a "
                "MetaGraphDef with the specified tags." % (tags,))

    def save(self, new_export_dir=None):
        """Writes the SavedModel proto (text if the input was text)."""
        is_text = os.path.exists(os.path.join(os.fspath(self._export_dir),
                                              constants.SAVED_MODEL_FILENAME_PBTXT))
        target = os.fspath(new_export_dir or self._export_dir)
        if is_text:
            path = os.path.join(target, constants.SAVED_MODEL_FILENAME_PBTXT)
            with open(path, "w") as f:
                f.write(text_format.MessageToString(self._saved_model))
        else:
            path = os.path.join(target, constants.SAVED_MODEL_FILENAME_PB)
            with open(path, "wb") as f:
                f.write(self._saved_model.SerializeToString(deterministic=True))
        logging.info("SavedModel written to: %s", path)
