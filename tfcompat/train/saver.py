"""`tf.train.Saver`: saves and restores variables as TensorFlow V2 checkpoints.

A Saver adds TF's own `save/` subgraph (`save/Const` filename, `save/SaveV2`,
`save/control_dependency`, `save/RestoreV2`, one `save/Assign` per variable, `save/restore_all`),
so its `SaverDef` works in TensorFlow and a `.meta` from TensorFlow restores here. Saving reads
the variables' values from the session; restoring checks the checkpoint's keys, dtypes and
shapes against the variables first, and every tensor is read (checksums verified) before any
variable is written, so a failed restore changes nothing.
"""
from __future__ import annotations

import logging
import os
import threading
import time

import numpy as np

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.client.plan import VARIABLE_OP_TYPES
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops
from tfcompat.ops import io_ops
from tfcompat.train import checkpoint_management as cm
from tfcompat.train import checkpoint_object_names
from tfcompat.train import meta_graph
from tfcompat.train import saver_direct
from tfcompat.train import saver_resource
from tfcompat.train import saver_sharded
from tfcompat.train.saver_saveables import saveables as _names_to_variables
from tfcompat.train.saver_saveables import saved_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.ops.control_flow_ops import group
from tfcompat.variables import _prepend_name_scope
from tfcompat.variables import _strip_name_scope
from tfcompat.variables import global_variables
from tfcompat.train.training_util import global_step as read_step

__all__ = ["Saver", "import_meta_graph"]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)

saver_pb2 = lazy_module("tfcompat.io.proto.saver_pb2")  # protobuf loads on first use


def _default_var_list(graph):
    return (graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
            + graph.get_collection(GraphKeys.SAVEABLE_OBJECTS))


# -- the save/ subgraph -------------------------------------------------------------------------

def _build_graph(graph, saveables, filename, reshape, sharded=False) -> tuple:
    """Adds TF's save/restore ops in the current name scope; returns (filename tensor, save
    tensor, restore op)."""
    with graph.name_scope("filename") as scope:
        default = constant(filename or "model", name="input")
        filename_tensor = graph._create_op(
            "PlaceholderWithDefault", [default],
            {"dtype": dtypes.string, "shape": tensor_shape.TensorShape([])}, scope).outputs[0]
    filename_tensor = array_ops.placeholder_with_default(filename_tensor, shape=[],
                                                         name="Const")
    if sharded:
        return (filename_tensor,) + saver_sharded.build_sharded(graph, saveables,
                                                                filename_tensor, reshape)
    names = [saved.name for saved in saveables]
    specs = [saved.spec for saved in saveables]
    saved = [saved_tensor(graph, item) for item in saveables]
    save_op = io_ops.save_v2(filename_tensor, names, specs, saved)
    with graph.name_scope("control_dependency") as scope, \
            graph.colocate_with(filename_tensor.op), graph.control_dependencies([save_op]):
        save_tensor = array_ops.identity(filename_tensor, name=scope)
    with graph.device("/device:CPU:0"):
        restored = io_ops.restore_v2(filename_tensor, names, specs,
                                     [t.dtype.base_dtype for t in saved])
    assigns = saver_resource.restore_all([item.op for item in saveables], restored, reshape)
    restore_op = group(*assigns, name="restore_all")
    return filename_tensor, save_tensor, restore_op


# -- checking a checkpoint before restoring -----------------------------------------------------

def _restore_assigns(restore_op) -> list:
    """The Assign ops that `restore_op` (a NoOp tree over them) runs."""
    found, stack, seen = [], [restore_op], set()
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in ("Assign", "AssignVariableOp"):
            found.append(op)
        elif op.type == "NoOp":
            stack.extend(op.control_inputs)
    return found


def _restore_source(tensor):
    """(RestoreV2 op, output index) feeding `tensor` through Identity/Reshape, else None."""
    while tensor.op.type in ("Identity", "Reshape"):
        tensor = tensor.op.inputs[0]
    return (tensor.op, tensor.value_index) if tensor.op.type == "RestoreV2" else None


def _check_checkpoint(sess, restore_op, save_path):
    """Raises the error the restore would hit (missing key, wrong dtype or shape, unreadable
    index, an entry that does not fit its data file) before any variable is written; returns
    the checkpoint's reader (or None), the keys checked and the RestoreV2 ops reading them."""
    reader, checked, restores = None, [], set()
    sources = [(assign, _restore_source(assign.inputs[1]))
               for assign in _restore_assigns(restore_op)]
    first = {}  # as TF's RestoreV2 kernel: each op checks its keys in their order
    sources = sorted(((a, s) for a, s in sources if s is not None),
                     key=lambda item: (first.setdefault(item[1][0], len(first)), item[1][1]))
    for assign, (restore, k) in sources:
        names, specs = constant_value(restore.inputs[1]), constant_value(restore.inputs[2])
        if names is None:
            continue
        if reader is None:
            reader = io_ops.open_bundle(save_path, restore)
        name = io_ops._texts(names)[k]
        spec = io_ops._texts(specs)[k] if specs is not None else ""
        if not reader.has_tensor(name):
            raise errors.op_error(errors.NotFoundError, restore,
                                  io_ops.missing_key_text(reader, name))
        io_ops.check_dtype(reader, name, restore.get_attr("dtypes")[k], restore)
        io_ops.checked_entry(reader, name, restore)  # shape, size, shard, offset: as TF, first
        _check_shape(sess, assign, reader, name, spec, assign.inputs[1] is restore.outputs[k])
        checked.append((name, spec))
        restores.add(restore)
    return reader, checked, restores


def _verify_all(reader, names, restores):
    """Reads (and checksums) every tensor once before a restore graph with several RestoreV2
    ops runs: one op's assignments would otherwise run before another op fails."""
    if len(restores) < 2:
        return  # one RestoreV2 reads everything before any Assign runs
    op = next(iter(restores))
    for name, spec in names:   # a shard's slice: only the stored slices it reads
        io_ops.read_tensor(reader, name, spec, reader.get_variable_to_dtype_map()[name], op)


def _check_shape(sess, assign, reader, name, spec, direct):
    if assign.type == "AssignVariableOp":
        return saver_resource.check_shape(assign, reader, name, spec)
    if not assign._attrs.get("validate_shape", True) or not direct:
        return
    stored = reader.get_variable_to_shape_map()[name]
    _, extents = io_ops.parse_slice_spec(spec)
    if extents is not None:
        stored = [n for _, n in extents]
    var_op = assign.inputs[0].op
    current = sess._state.variables.get(var_op) if var_op.type in VARIABLE_OP_TYPES else None
    if current is not None:
        lhs = list(current.shape)
    elif assign.inputs[0].shape.is_fully_defined():
        lhs = assign.inputs[0].shape.as_list()
    else:
        return
    if lhs != list(stored):
        raise errors.op_error(errors.InvalidArgumentError, assign,
                              "Assign requires shapes of both tensors to match. lhs shape= %s "
                              "rhs shape= %s" % (_shape_text(lhs), _shape_text(stored)))


def _shape_text(dims) -> str:
    return "[" + ",".join(str(d) for d in dims) + "]"


def _wrap_restore_error(err, what):
    return type(err)(err.node_def, err.op, "Restoring from checkpoint failed. This is most likely "
                     "due to %s from the checkpoint. Please ensure that you have not altered the "
                     "graph expected based on the checkpoint. Original error:\n\n%s"
                     % (what, err.message))


# -- the Saver ---------------------------------------------------------------------------------

class Saver:
    """Saves and restores variables (TF1 `tf.train.Saver`), as TensorFlow V2 checkpoints.

    `var_list` is a list of variables (saved under their op names) or a dict of checkpoint key
    -> variable. `save` writes `<path>[-<step>].index`/`.data-00000-of-00001`, updates the
    `checkpoint` state file, exports `<checkpoint>.meta` and deletes checkpoints beyond
    `max_to_keep` (only ones this saver wrote or was told about).

    >>> saver = tf.train.Saver()
    >>> saver.save(sess, '/tmp/model.ckpt', global_step=10)
    '/tmp/model.ckpt-10'
    >>> saver.restore(sess, tf.train.latest_checkpoint('/tmp'))

    `sharded=True` builds TF's sharded save/ subgraph (tfcompat/train/saver_sharded.py): one
    data file per device holding variables, merged under one index.

    Differences from TensorFlow: checkpoints are always written as V2 bundles
    (`write_version=V1` is accepted with a warning, the SaverDef says V2); V1 checkpoints (slim's
    pretrained models) are read and restored (tfcompat/io/checkpoint_v1.py). Partitioned
    variables are saved as TF saves them: each shard a slice of the full variable, under its
    full name.
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=2, pad_step_number=False,  # SaverDef.V2
                 save_relative_paths=False, filename=None):
        if defer_build and var_list:
            raise ValueError("If `var_list` is provided then build cannot be deferred. Either "
                             "set defer_build=False or var_list=None.")
        self._var_list, self._reshape, self._sharded = var_list, reshape, sharded
        # saves of one Saver run one at a time, so the checkpoint state names the save that
        # started last (a Supervisor's timer thread saving while the loop saves its last step)
        self._save_lock = threading.Lock()
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._name, self._saver_def, self._allow_empty = name, saver_def, allow_empty
        self._write_version, self._pad_step_number = write_version, pad_step_number
        self._save_relative_paths, self._filename = save_relative_paths, filename
        self._last_checkpoints: list = []
        self._checkpoints_to_be_deleted: list = []
        self._written_files: dict = {}
        self._is_built = self._is_empty = False
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
        if write_version == saver_pb2.SaverDef.V1:
            _log.warning("tfcompat writes V2 checkpoints only; write_version=V1 is ignored")
        if saver_def is not None:  # ops already in the graph, under the scope `name`
            self._saver_def = _scoped_saver_def(_as_saver_def(saver_def), name)
            self._is_built = True
        elif not defer_build:
            self.build()

    def build(self):
        """Adds the save/restore ops (done by the constructor unless `defer_build`)."""
        if self._is_built:
            return
        graph = graph_lib.get_default_graph()
        var_list = self._var_list
        if var_list is None:
            var_list = _default_var_list(graph)
        if not var_list:
            if self._allow_empty:
                self._is_empty = self._is_built = True
                return
            raise ValueError("No variables to save")
        saveables = _names_to_variables(var_list)
        graph = saveables[0].op.graph
        with graph.as_default(), graph_lib.name_scope(
                self._name, "save", [item.op.outputs[0] for item in saveables]):
            filename_tensor, save_tensor, restore_op = _build_graph(
                graph, saveables, self._filename, self._reshape, bool(self._sharded))
        self._saver_def = saver_pb2.SaverDef(
            filename_tensor_name=filename_tensor.name, save_tensor_name=save_tensor.name,
            restore_op_name=restore_op.name, max_to_keep=self._max_to_keep or 0,
            sharded=bool(self._sharded),
            keep_checkpoint_every_n_hours=self._keep_checkpoint_every_n_hours,
            version=saver_pb2.SaverDef.V2)
        self._is_built = True

    # -- SaverDef ---------------------------------------------------------------------------
    @property
    def saver_def(self):
        return self._saver_def

    def as_saver_def(self):
        """The `SaverDef` naming this saver's filename tensor, save tensor and restore op."""
        return self._saver_def

    def to_proto(self, export_scope=None):
        if self._saver_def is None:   # defer_build and not built yet: nothing to export, as TF
            return None
        proto = saver_pb2.SaverDef()
        proto.CopyFrom(self._saver_def)
        for field in ("filename_tensor_name", "save_tensor_name", "restore_op_name"):
            setattr(proto, field, _strip_name_scope(getattr(proto, field), export_scope))
        return proto

    @staticmethod
    def from_proto(saver_def, import_scope=None):
        """A Saver for a SaverDef whose ops are already in the graph (under `import_scope`)."""
        return Saver(saver_def=saver_def, name=import_scope)

    # -- the checkpoints it keeps -------------------------------------------------------------
    @property
    def last_checkpoints(self):
        """Paths of the checkpoints kept, oldest first."""
        return [path for path, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        if not isinstance(last_checkpoints, list):
            raise AssertionError("last_checkpoints: %r" % (last_checkpoints,))
        self._last_checkpoints = [(path, np.inf) for path in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        if not isinstance(last_checkpoints_with_time, list):
            raise AssertionError("last_checkpoints: %r" % (last_checkpoints_with_time,))
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        """Adopts the existing ones of `checkpoint_paths` (with their mtimes) as kept."""
        kept = []
        for path in checkpoint_paths:
            mtimes = cm.get_checkpoint_mtimes([path])
            if mtimes:
                kept.append((path, mtimes[0]))
        self.set_last_checkpoints_with_time(kept)

    def _record_last_checkpoint(self, path):
        if not self._saver_def.max_to_keep:
            return
        self._last_checkpoints = [p for p in self._last_checkpoints if p[0] != path]
        self._last_checkpoints.append((path, time.time()))
        if len(self._last_checkpoints) > self._saver_def.max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix="meta"):
        if not self._checkpoints_to_be_deleted:
            return
        path, stamp = self._checkpoints_to_be_deleted.pop(0)
        if stamp > self._next_checkpoint_time:  # keep one every n hours
            self._next_checkpoint_time += self._saver_def.keep_checkpoint_every_n_hours * 3600
            return
        files = self._written_files.pop(path, None)
        if files is None:  # adopted through set_last_checkpoints / recover_last_checkpoints
            files = cm.checkpoint_files(path, meta_graph_suffix)
        for file in files:
            try:
                os.remove(file)
            except FileNotFoundError:
                pass
            except OSError as e:
                _log.warning("Ignoring: %s", e)

    # -- save and restore ---------------------------------------------------------------------
    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True,
             strip_default_attrs=False, save_debug_info=False):
        """Saves the variables' values in `sess` to `save_path[-global_step]`; returns the
        checkpoint prefix (None for an empty saver)."""
        if not self._is_built:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = _as_str(save_path)
        checkpoint_file = self._checkpoint_file(sess, save_path, global_step, latest_filename)
        if not hasattr(sess, "run") or not hasattr(sess, "graph"):
            raise TypeError("'sess' must be a Session; %s" % (sess,))
        with self._save_lock:
            return self._save_locked(sess, save_path, checkpoint_file, latest_filename,
                                     meta_graph_suffix, write_meta_graph, write_state,
                                     strip_default_attrs)

    def _save_locked(self, sess, save_path, checkpoint_file, latest_filename,
                     meta_graph_suffix, write_meta_graph, write_state, strip_default_attrs):
        parent = os.path.dirname(save_path)
        result = None
        # left by savers killed while saving (`save_path-<step>` prefixes are never reused)
        cm.remove_stale_temps(save_path)
        if not self._is_empty:
            result = self._run_save(sess, save_path, checkpoint_file)
            self._written_files[result] = cm.checkpoint_files(result, None)
            if write_state:
                self._record_last_checkpoint(result)
                cm.update_checkpoint_state(parent, result, self.last_checkpoints,
                                           latest_filename,
                                           save_relative_paths=self._save_relative_paths)
        if write_meta_graph:
            meta = cm.meta_graph_filename(checkpoint_file, meta_graph_suffix)
            with sess.graph.as_default():
                try:
                    self.export_meta_graph(meta, strip_default_attrs=strip_default_attrs)
                except OSError as e:  # TF's file layer raises tf.errors naming the file
                    raise cm.os_error(e, meta) from e
            if result is not None:
                self._written_files[result].append(meta)
        if result is not None and write_state:
            self._maybe_delete_old_checkpoints(meta_graph_suffix)
        return result

    def _checkpoint_file(self, sess, save_path, global_step, latest_filename):
        if global_step is None:
            if os.path.basename(save_path) == latest_filename and not self._sharded:
                raise ValueError("'latest_filename' collides with 'save_path': '%s' and '%s'"
                                 % (latest_filename, save_path))
            return save_path
        if not isinstance(global_step, (int, np.integer)):
            global_step = read_step(sess, global_step)
        if self._pad_step_number:
            return "%s-%s" % (save_path, "{:08d}".format(int(global_step)))
        return "%s-%d" % (save_path, int(global_step))

    def _run_save(self, sess, save_path, checkpoint_file) -> str:
        try:
            path = sess.run(self._saver_def.save_tensor_name,
                            {self._saver_def.filename_tensor_name: checkpoint_file})
        except (errors.FailedPreconditionError, errors.NotFoundError) as exc:
            if not os.path.isdir(os.path.dirname(save_path) or "."):
                raise ValueError("Parent directory of {} doesn't exist, can't save."
                                 .format(save_path)) from exc
            raise
        return _as_str(path)

    def restore(self, sess, save_path):
        """Restores the variables from the checkpoint `save_path` (a prefix) into `sess`.

        Nothing is written unless the whole checkpoint matches and reads back intact."""
        if self._is_empty:
            return
        if getattr(sess, "_closed", False):
            raise RuntimeError("Attempted to use a closed Session.")
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = _as_str(save_path)
        if not cm.checkpoint_exists(save_path):
            raise ValueError("The passed save_path is not a valid checkpoint: " + save_path)
        _log.info("Restoring parameters from %s", save_path)
        try:
            restore_op = sess.graph.as_graph_element(self._saver_def.restore_op_name)
        except KeyError as e:   # a SaverDef naming an op the graph lacks (damaged .meta): TF's text
            raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)"
                             % (self._saver_def.restore_op_name, e.args[0])) from None
        try:
            reader, names, restores = _check_checkpoint(sess, restore_op, save_path)
            items = saver_direct.restore_plan(restore_op)
            if reader is not None and items and all(
                    item[2].inputs[0].name == self._saver_def.filename_tensor_name
                    for item in items):
                saver_direct.restore_direct(sess, items, reader)  # in place, no graph run
            else:
                if reader is not None:
                    _verify_all(reader, names, restores)
                sess.run(restore_op, {self._saver_def.filename_tensor_name: save_path})
        except errors.NotFoundError as err:
            if self._restore_object_based(sess, save_path):
                return
            raise _wrap_restore_error(err, "a Variable name or other graph key that is "
                                      "missing") from err
        except errors.InvalidArgumentError as err:
            raise _wrap_restore_error(err, "a mismatch between the current graph and the "
                                      "graph") from err

    def _restore_object_based(self, sess, save_path) -> bool:
        """TF's fallback for a tf.train.Checkpoint file: the variables found by their names in
        its object graph (checkpoint_object_names.py); False if it has none."""
        var_list = self._var_list if self._var_list is not None else \
            _default_var_list(sess.graph)
        keyed = checkpoint_object_names.object_based_var_list(
            save_path, _names_to_variables(var_list))
        if keyed is None:
            return False
        _log.warning("Restoring an object-based checkpoint using a name-based saver. This may "
                     "be somewhat fragile, and will re-build the Saver. Instead, consider "
                     "loading object-based checkpoints using tf.train.Checkpoint().")
        with sess.graph.as_default():
            Saver(keyed).restore(sess, save_path)
        return True

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False,
                          export_scope=None, clear_devices=False,
                          clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False):
        """Writes the default graph with this saver's SaverDef as a MetaGraphDef."""
        return meta_graph.export_meta_graph(
            filename=filename, graph_def=graph_lib.get_default_graph().as_graph_def(
                add_shapes=True), saver_def=self._saver_def, collection_list=collection_list,
            as_text=as_text, export_scope=export_scope, clear_devices=clear_devices,
            clear_extraneous_savers=clear_extraneous_savers,
            strip_default_attrs=strip_default_attrs)


def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Recreates a saved graph (TF1 `tf.train.import_meta_graph`) and returns a Saver for it
    (its SaverDef if it has one, else a new Saver over its variables, else None).

    >>> saver = tf.train.import_meta_graph('/tmp/model.ckpt-10.meta')
    >>> saver.restore(sess, '/tmp/model.ckpt-10')
    """
    imported, meta = meta_graph.import_scoped_meta_graph(meta_graph_or_file, clear_devices=clear_devices,
                                              import_scope=import_scope,
                                              input_map=kwargs.get("input_map"))
    if meta.HasField("saver_def"):
        scope = import_scope
        if imported:
            key, var = next(iter(imported.items()))
            scope = var.name[:-len(key)] if var.name.endswith(key) else import_scope
        return Saver(saver_def=meta.saver_def, name=scope.rstrip("/") if scope else None)
    if global_variables(scope=import_scope):
        return Saver()
    _log.info("Saver not created because there are no variables in the graph to restore")
    return None


def _as_str(path) -> str:
    if isinstance(path, bytes):
        return path.decode("utf-8")
    if isinstance(path, np.ndarray) and path.ndim == 0:
        return _as_str(path.item())
    if isinstance(path, (str, os.PathLike)):
        return os.fspath(path)
    raise TypeError("Expected binary or unicode string, got %r" % (path,))


def _as_saver_def(saver_def):
    if isinstance(saver_def, saver_pb2.SaverDef):
        return saver_def
    descriptor = getattr(saver_def, "DESCRIPTOR", None)
    if descriptor is not None and descriptor.name == "SaverDef":
        return saver_pb2.SaverDef.FromString(saver_def.SerializeToString())
    raise TypeError("saver_def must be a saver_pb2.SaverDef: %r" % (saver_def,))


def _scoped_saver_def(saver_def, scope):
    if not scope:
        return saver_def
    scoped = saver_pb2.SaverDef()
    scoped.CopyFrom(saver_def)
    for field in ("filename_tensor_name", "save_tensor_name", "restore_op_name"):
        setattr(scoped, field, _prepend_name_scope(getattr(scoped, field), scope))
    return scoped
