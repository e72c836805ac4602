"""`tf.saved_model.builder.SavedModelBuilder`: writes TF's SavedModel layout,

    export_dir/saved_model.pb          SavedModel proto: one MetaGraphDef per tag set, with
                                       its SignatureDefs, saver and collections
    export_dir/variables/variables.*   a V2 checkpoint of the variables
    export_dir/assets/                 copied asset files

readable by TensorFlow's `tf.compat.v1.saved_model.loader.load` and by tfcompat's.
"""
from __future__ import annotations

import os
import shutil

from google.protobuf import text_format

from tfcompat import tf_logging as logging
from tfcompat.framework import graph as graph_lib
from tfcompat.io.proto import meta_graph_pb2
from tfcompat.saved_model import constants
from tfcompat.saved_model._proto import SavedModel
from tfcompat.framework.operation import Operation
from tfcompat.framework.tensor_util import constant_value
from tfcompat.saved_model.utils import build_tensor_info
from tfcompat.train.saver import Saver
from tfcompat._lazy import lazy_module

# protobuf-backed modules load on first use (`import tfcompat` stays light)
saver_pb2 = lazy_module("tfcompat.io.proto.saver_pb2")


def _variables_path(export_dir):
    return os.path.join(export_dir, constants.VARIABLES_DIRECTORY, constants.VARIABLES_FILENAME)


class SavedModelBuilder:
    """Builds a SavedModel: `add_meta_graph_and_variables` once, `add_meta_graph` for more tag
    sets over the same variables, then `save`.

    >>> builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
    >>> builder.add_meta_graph_and_variables(sess, [tf.saved_model.tag_constants.SERVING],
    ...     signature_def_map={'serving_default': signature})
    >>> builder.save()
    """

    def __init__(self, export_dir):
        self._saved_model = SavedModel(
            saved_model_schema_version=constants.SAVED_MODEL_SCHEMA_VERSION)
        self._export_dir = os.fspath(export_dir)
        if os.path.exists(self._export_dir):
            if os.listdir(self._export_dir):
                raise AssertionError(
                    "Export directory %s already exists, and isn't empty. Please choose a "
                    "different export directory, or delete all the contents of the specified "
                    "directory." % self._export_dir)
        else:
            os.makedirs(self._export_dir)
        self._has_saved_variables = False

    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None,
                                     assets_collection=None, legacy_init_op=None,
                                     clear_devices=False, main_op=None,
                                     strip_default_attrs=False, saver=None):
        """Saves the session's variables and the graph, tagged `tags`, with its signatures."""
        if self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has already been "
                                 "saved. Please invoke `add_meta_graph()` instead.")
        signature_def_map = signature_def_map or {}
        _validate_signature_def_map(signature_def_map)
        with sess.graph.as_default():
            _set_main_op(main_op or legacy_init_op)
            saver = saver or _default_saver()
            os.makedirs(os.path.dirname(_variables_path(self._export_dir)), exist_ok=True)
            saver.save(sess, _variables_path(self._export_dir), write_meta_graph=False,
                       write_state=False)
            meta = saver.export_meta_graph(clear_devices=clear_devices,
                                           strip_default_attrs=strip_default_attrs)
        self._add_assets(meta, assets_collection, sess)
        self._tag_and_add_meta_graph(meta, tags, signature_def_map)
        self._has_saved_variables = True

    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None,
                       legacy_init_op=None, clear_devices=False, main_op=None,
                       strip_default_attrs=False, saver=None):
        """Adds the default graph under another tag set (variables already saved)."""
        if not self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has not been "
                                 "saved yet. Please invoke `add_meta_graph_and_variables()` "
                                 "first.")
        signature_def_map = signature_def_map or {}
        _validate_signature_def_map(signature_def_map)
        _set_main_op(main_op or legacy_init_op)
        saver = saver or _default_saver()
        meta = saver.export_meta_graph(clear_devices=clear_devices,
                                       strip_default_attrs=strip_default_attrs)
        self._add_assets(meta, assets_collection, None)
        self._tag_and_add_meta_graph(meta, tags, signature_def_map)

    def _add_assets(self, meta, assets_collection, sess):
        """Copies asset files into assets/ and records them (asset_file_def, collection)."""
        if assets_collection is None:
            logging.info("No assets to save.")   # TF's log lines, as TF writes them
        for tensor in assets_collection or ():
            path = constant_value(tensor)
            if path is None and sess is not None:
                path = sess.run(tensor)
            path = getattr(path, "item", lambda: path)()   # a 0-d array of bytes -> bytes
            path = path.decode() if isinstance(path, bytes) else str(path)
            name = os.path.basename(path)
            target_dir = os.path.join(self._export_dir, constants.ASSETS_DIRECTORY)
            os.makedirs(target_dir, exist_ok=True)
            if not os.path.exists(os.path.join(target_dir, name)):
                shutil.copyfile(path, os.path.join(target_dir, name))
            asset = meta_graph_pb2.AssetFileDef(filename=name)
            asset.tensor_info.CopyFrom(build_tensor_info(tensor))
            meta.asset_file_def.add().CopyFrom(asset)
            meta.collection_def[constants.ASSETS_KEY].any_list.value.add().Pack(asset)
        if assets_collection is not None:
            logging.info("Assets added to graph.")
        if not assets_collection:
            logging.info("No assets to write.")
        else:
            logging.info("Assets written to: %s",
                         os.path.join(self._export_dir, constants.ASSETS_DIRECTORY))

    def _tag_and_add_meta_graph(self, meta, tags, signature_def_map):
        meta.meta_info_def.tags.extend(tags)
        for key, signature in signature_def_map.items():
            meta.signature_def[key].CopyFrom(signature)
        self._saved_model.meta_graphs.add().CopyFrom(meta)

    def save(self, as_text=False):
        """Writes saved_model.pb (or .pbtxt); returns its path (as bytes, like TF)."""
        name = constants.SAVED_MODEL_FILENAME_PBTXT if as_text else \
            constants.SAVED_MODEL_FILENAME_PB
        path = os.path.join(self._export_dir, name)
        data = (text_format.MessageToString(self._saved_model).encode() if as_text
                else self._saved_model.SerializeToString(deterministic=True))
        with open(path, "wb") as f:
            f.write(data)
        logging.info("SavedModel written to: %s", path)
        return os.fsencode(path)


def _default_saver():
    return Saver(sharded=True, write_version=saver_pb2.SaverDef.V2, allow_empty=True)


def _set_main_op(main_op):
    if main_op is None:
        return
    if not isinstance(main_op, Operation):
        raise TypeError("main_op needs to be an Operation: %r" % main_op)
    graph = graph_lib.get_default_graph()
    for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):  # as TF (one main op)
        if graph.get_collection(key):
            raise ValueError("Graph already contains one or more main ops under the "
                             "collection %s." % key)
    graph.add_to_collection(constants.MAIN_OP_KEY, main_op)


def _validate_signature_def_map(signature_def_map):
    for key, signature in signature_def_map.items():
        if not isinstance(signature, meta_graph_pb2.SignatureDef):
            raise TypeError("signature_def_map[%r] must be a SignatureDef, got %r"
                            % (key, type(signature)))
        for info in list(signature.inputs.values()) + list(signature.outputs.values()):
            if not (info.name or info.HasField("coo_sparse")) or not info.dtype:
                raise AssertionError("All TensorInfo protos used in the SignatureDefs must have "
                                     "the name and dtype fields set.")
        if key in (constants.INIT_OP_SIGNATURE_KEY, constants.TRAIN_OP_SIGNATURE_KEY):
            raise KeyError("Cannot use signature key %r: it is reserved for SavedModel init "
                           "and train ops." % key)


__all__ = ["SavedModelBuilder"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("saved_model.builder", __name__)
