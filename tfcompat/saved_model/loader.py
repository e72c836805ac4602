"""`tf.saved_model.loader`: loads a SavedModel's meta graph into a session's graph, restores
its variables and runs its init op (TF1 `loader.load`), from directories written by
TensorFlow or by tfcompat's builder."""
from __future__ import annotations

import os

from google.protobuf import message
from google.protobuf import text_format

from tfcompat import errors
from tfcompat import tf_logging as logging
from tfcompat.io.proto import meta_graph_pb2
from tfcompat.saved_model import constants
from tfcompat.saved_model._proto import SavedModel
from tfcompat.framework import graph as graph_lib
from tfcompat.train.saver import import_meta_graph


def maybe_saved_model_directory(export_dir):
    """Whether `export_dir` holds a saved_model.pb or saved_model.pbtxt."""
    export_dir = os.fspath(export_dir)
    return any(os.path.exists(os.path.join(export_dir, name)) for name in
               (constants.SAVED_MODEL_FILENAME_PB, constants.SAVED_MODEL_FILENAME_PBTXT))


contains_saved_model = maybe_saved_model_directory


def parse_saved_model(export_dir):
    """The SavedModel proto of `export_dir`."""
    export_dir = os.fspath(export_dir)
    pb = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
    pbtxt = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
    saved = SavedModel()
    if os.path.exists(pb):
        with open(pb, "rb") as f:
            data = f.read()
        try:
            saved.ParseFromString(data)
        except message.DecodeError as e:
            raise errors.unparsable_file(pb, e) from e
    elif os.path.exists(pbtxt):
        with open(pbtxt, "rb") as f:
            try:
                text_format.Merge(f.read().decode("utf-8"), saved)
            except text_format.ParseError as e:
                raise errors.unparsable_file(pbtxt, e) from e
    else:
        raise OSError("SavedModel file does not exist at: %s%s{%s|%s}"
                      % (export_dir, os.path.sep, constants.SAVED_MODEL_FILENAME_PBTXT,
                         constants.SAVED_MODEL_FILENAME_PB))
    return saved


class SavedModelLoader:
    """Loads one tag set of a SavedModel directory."""

    def __init__(self, export_dir):
        # a bytes path too (TF's compat.as_str): Estimator.export_saved_model returns bytes
        self._export_dir = os.fsdecode(export_dir)
        self._variables_path = os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY,
                                            constants.VARIABLES_FILENAME)
        self._saved_model = parse_saved_model(self._export_dir)

    export_dir = property(lambda self: self._export_dir)
    variables_path = property(lambda self: self._variables_path)
    saved_model = property(lambda self: self._saved_model)

    def get_meta_graph_def_from_tags(self, tags):
        available = []
        for meta in self._saved_model.meta_graphs:
            available.append(set(meta.meta_info_def.tags))
            if set(meta.meta_info_def.tags) == set(tags):
                return meta
        raise RuntimeError(
            "MetaGraphDef associated with tags %s could not be found in SavedModel, with "
            "available tags '%s'. To inspect available tag-sets in the SavedModel, please use "
            "the SavedModel CLI: `saved_model_cli`." % (str(tags).strip("[]"), available))

    def load_graph(self, graph, tags, import_scope=None, **saver_kwargs):
        """Imports the meta graph for `tags` into `graph`; returns (saver, meta graph)."""
        meta = self.get_meta_graph_def_from_tags(tags)
        with graph.as_default():
            saver = import_meta_graph(meta, import_scope=import_scope, **saver_kwargs)
        return saver, meta

    def restore_variables(self, sess, saver, import_scope=None):
        with sess.graph.as_default():
            if saver is None:
                return
            if not os.path.exists(self._variables_path + ".index"):
                logging.info("The specified SavedModel has no variables; no checkpoints were "
                             "restored. File does not exist: %s", self._variables_path)
                return
            saver.restore(sess, self._variables_path)

    def run_init_ops(self, sess, tags, import_scope=None):
        meta = self.get_meta_graph_def_from_tags(tags)
        with sess.graph.as_default():
            feeds = get_asset_tensors(self._export_dir, meta, import_scope)
            init_op = get_init_op(meta, import_scope)
            if init_op is not None:
                sess.run(fetches=[init_op], feed_dict=feeds)

    def load(self, sess, tags, import_scope=None, **saver_kwargs):
        with sess.graph.as_default():
            saver, _ = self.load_graph(sess.graph, tags, import_scope, **saver_kwargs)
            self.restore_variables(sess, saver, import_scope)
            self.run_init_ops(sess, tags, import_scope)
        return self.get_meta_graph_def_from_tags(tags)


def _scoped(name, scope):
    return "%s/%s" % (scope, name) if scope else name


def get_asset_tensors(export_dir, meta, import_scope=None):
    """{asset tensor name: absolute path of the file in export_dir/assets}."""
    protos = list(meta.asset_file_def)
    if not protos and constants.ASSETS_KEY in meta.collection_def:
        for any_proto in meta.collection_def[constants.ASSETS_KEY].any_list.value:
            asset = meta_graph_pb2.AssetFileDef()
            any_proto.Unpack(asset)
            protos.append(asset)
    graph = graph_lib.get_default_graph()
    assets_dir = os.path.join(export_dir, constants.ASSETS_DIRECTORY)
    return {graph.get_tensor_by_name(_scoped(p.tensor_info.name, import_scope)):
            os.path.join(assets_dir, p.filename) for p in protos}


def get_init_op(meta, import_scope=None):
    """The op to run after restoring: the init-op signature, else the main/legacy init op."""
    graph = graph_lib.get_default_graph()
    if constants.INIT_OP_SIGNATURE_KEY in meta.signature_def:
        outputs = meta.signature_def[constants.INIT_OP_SIGNATURE_KEY].outputs
        name = outputs[constants.INIT_OP_SIGNATURE_KEY].name
        return graph.as_graph_element(_scoped(name.split(":")[0], import_scope))
    for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
        if key in meta.collection_def:
            names = meta.collection_def[key].node_list.value
            if len(names) != 1:
                raise errors.FailedPreconditionError(
                    None, None, "Expected exactly one SavedModel init op. Found %d: %s."
                    % (len(names), list(names)))
            return graph.as_graph_element(_scoped(names[0], import_scope))
    return None


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Loads the meta graph tagged `tags` of the SavedModel in `export_dir` into `sess`
    (its graph gets the ops, the session the restored variables); returns the MetaGraphDef,
    whose `signature_def` map names the inputs and outputs."""
    return SavedModelLoader(export_dir).load(sess, tags, import_scope, **saver_kwargs)


__all__ = ["load", "maybe_saved_model_directory"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("saved_model.loader", __name__)
