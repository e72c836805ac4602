"""Reading checkpoints without a graph: `tf.train.NewCheckpointReader`, `load_checkpoint`,
`list_variables`, `load_variable`, and `init_from_checkpoint` (variables initialized from a
checkpoint, for fine-tuning). The bundle format itself is tfcompat/io/checkpoint.py.
"""
from __future__ import annotations

import logging
import os

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.io._common import FormatError
from tfcompat.ops import io_ops
from tfcompat.train import checkpoint_management as cm
from tfcompat.ops import state_ops

tensor_proto = lazy_module("tfcompat.io.tensor_proto")  # protobuf loads on first use

__all__ = ["NewCheckpointReader", "CheckpointReader", "load_checkpoint", "list_variables",
           "load_variable", "init_from_checkpoint"]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)


class CheckpointReader:
    """The tensors of a checkpoint, by name (TF's `tf.train.NewCheckpointReader(prefix)`).

    >>> reader = tf.train.NewCheckpointReader('/tmp/model.ckpt-10')
    >>> reader.get_variable_to_shape_map()
    {'dense/kernel': [3, 2], 'global_step': []}
    """

    def __init__(self, prefix):
        prefix = os.fspath(prefix.decode() if isinstance(prefix, bytes) else prefix)
        self._prefix = prefix
        self._reader = io_ops.open_bundle(prefix)

    def has_tensor(self, name) -> bool:
        return self._reader.has_tensor(name)

    def get_tensor(self, name):
        """The value of `name` (numpy array; numpy scalar or bytes for a scalar)."""
        if not self._reader.has_tensor(name):
            raise errors.NotFoundError(None, None,
                                       io_ops.missing_key_text(self._reader, name, False))
        try:
            array = self._reader.get_tensor(name)
        except FormatError as e:
            raise errors.DataLossError(None, None, str(e)) from e
        return array[()] if array.ndim == 0 else array

    def get_variable_to_shape_map(self) -> dict:
        return self._reader.get_variable_to_shape_map()

    def get_variable_to_dtype_map(self) -> dict:
        """Name -> DType; a damaged entry's dtype raises DataLossError (TF: TypeError)."""
        try:
            return {name: dtypes.as_dtype(self._reader.dtype(name))
                    for name in self._reader.get_variable_to_dtype_map()}
        except errors.OpError as e:  # the file layer's DataLossError subclass: TF's class
            raise errors.exception_type_from_error_code(e.error_code)(None, None,
                                                                      e.message) from e

    def debug_string(self) -> bytes:
        """TF's listing, one `name (DT_...) [shape]` line an entry; a partitioned tensor
        shows as its slices under their raw (binary) slice keys, as in TF."""
        slices = getattr(self._reader, "num_slices", None)   # a V1 checkpoint's count
        lines = [b"%s (%s) [%s]%s\n" % (key, tensor_proto.datatype_name(dtype).encode(),
                                        ",".join(str(d) for d in shape).encode(),
                                        b", %d slices" % slices(key.decode())
                                        if slices and slices(key.decode()) > 1 else b"")
                 for key, dtype, shape in self._reader.debug_entries()]
        return b"".join(lines)


def NewCheckpointReader(filepattern) -> CheckpointReader:  # noqa: N802 - TF's name
    """A reader of the checkpoint with prefix `filepattern`."""
    return CheckpointReader(filepattern)


def _checkpoint_filename(ckpt_dir_or_file):
    ckpt_dir_or_file = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(ckpt_dir_or_file):
        return cm.latest_checkpoint(ckpt_dir_or_file)
    return ckpt_dir_or_file


def load_checkpoint(ckpt_dir_or_file) -> CheckpointReader:
    """A reader of the checkpoint (or of the newest one in a directory)."""
    filename = _checkpoint_filename(ckpt_dir_or_file)
    if filename is None:
        raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given directory %s"
                         % ckpt_dir_or_file)
    return NewCheckpointReader(filename)


def list_variables(ckpt_dir_or_file) -> list:
    """[(name, shape)] of the tensors in a checkpoint, sorted by name."""
    reader = load_checkpoint(ckpt_dir_or_file)
    return sorted(reader.get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file, name):
    """The value of tensor `name` (a trailing `:0` is ignored) in a checkpoint."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


# -- init_from_checkpoint ----------------------------------------------------------------------

def _is_variable(value) -> bool:
    return hasattr(value, "_initializer_op") and hasattr(value, "op")


def _partitioned_store_vars() -> dict:
    import importlib
    vs = importlib.import_module("tfcompat.variable_scope")
    return vs._get_default_variable_store()._partitioned_vars


def _store_vars() -> dict:
    import importlib
    vs = importlib.import_module("tfcompat.variable_scope")  # `tfcompat.variable_scope` is the
    return vs._get_default_variable_store()._vars           # class; this is its module


def _set_initializer(var, ckpt_file, tensor_name, slice_spec=""):
    """Makes `var`'s initializer assign the checkpoint tensor, or its slice `slice_spec` for a
    shard of a partitioned variable (TF's `_set_checkpoint_initializer`)."""
    graph = graph_lib.get_default_graph()
    with graph.device(var.device or None), graph.device("/cpu:0"):
        restore = io_ops.restore_v2(ckpt_file, [tensor_name], [slice_spec],
                                    [var.dtype.base_dtype], name="checkpoint_initializer")[0]
    if getattr(var, "_should_act_as_resource_variable", False):   # TF's, for a resource var
        init_op = var.assign(restore, read_value=False)
    else:
        init_op = state_ops.assign(var._ref(), restore,
                                   validate_shape=var.shape.is_fully_defined()).op
    restore.set_shape(var.shape)
    var._initializer_op = init_op
    var._initial_value = restore


def _init_partitioned(parts, ckpt_file, ckpt_name, variable_map, ckpt_dir_or_file):
    """Each shard reads its slice of the checkpoint tensor (whose shape is the full one)."""
    if ckpt_name not in variable_map:
        raise ValueError("Tensor %s is not found in %s checkpoint %s"
                         % (ckpt_name, ckpt_dir_or_file, variable_map))
    full_shape = parts[0]._save_slice_info.full_shape
    if list(variable_map[ckpt_name]) != list(full_shape):
        raise ValueError("Shape of variable %s (%s) doesn't match with shape of tensor %s (%s) "
                         "from checkpoint reader." % (parts[0]._save_slice_info.full_name,
                                                      full_shape, ckpt_name,
                                                      variable_map[ckpt_name]))
    for part in parts:
        _set_initializer(part, ckpt_file, ckpt_name, part._save_slice_info.spec)


def _init_one(var, ckpt_file, ckpt_name, variable_map, ckpt_dir_or_file):
    if hasattr(var, "_get_variable_list"):  # a PartitionedVariable
        var = var._get_variable_list()
    if isinstance(var, (list, tuple)):
        return _init_partitioned(list(var), ckpt_file, ckpt_name, variable_map,
                                 ckpt_dir_or_file)
    if ckpt_name not in variable_map:
        raise ValueError("Tensor %s is not found in %s checkpoint %s"
                         % (ckpt_name, ckpt_dir_or_file, variable_map))
    if not var.shape.is_compatible_with(variable_map[ckpt_name]):
        raise ValueError("Shape of variable %s (%s) doesn't match with shape of tensor %s (%s) "
                         "from checkpoint reader." % (var.name, var.shape, ckpt_name,
                                                      variable_map[ckpt_name]))
    _set_initializer(var, ckpt_file, ckpt_name)


def _init_scope(scope_map, ckpt_file, variable_map, ckpt_dir_or_file, store):
    ckpt_scope, current = scope_map
    scopes = current[:current.rindex("/")] if "/" in current else ""
    if not ckpt_scope.endswith("/"):
        raise ValueError("Assignment map with scope only name {} should map to scope only {}. "
                         "Should be 'scope/': 'other_scope/'.".format(scopes, ckpt_scope))
    # the shards `<v>/part_<i>` of a partitioned variable count as `<v>`, as in TF
    names = sorted({name[:name.index("/part_")] if "/part_" in name else name
                    for name in store if not scopes or name.startswith(scopes + "/")})
    for var_name in names:
        full = var_name[len(scopes):]
        if current != "/":
            full = full[1:]
        if ckpt_scope != "/":
            full = ckpt_scope + full
        full = full[:-1] if full.endswith("/") else full
        if full not in variable_map:
            raise ValueError("Tensor %s (%s in %s) is not found in %s checkpoint"
                             % (full, var_name[len(scopes) + 1:], ckpt_scope,
                                ckpt_dir_or_file))
        var = store.get(var_name) or _collect_partitioned_variable(var_name, store)
        if isinstance(var, list):
            for part in var:
                _set_initializer(part, ckpt_file, full, part._save_slice_info.spec)
        else:
            _set_initializer(var, ckpt_file, full)


def _collect_partitioned_variable(name, store):
    """The shards `name/part_0`, `name/part_1`, ... in the variable store (TF's)."""
    parts = []
    while "%s/part_%d" % (name, len(parts)) in store:
        parts.append(store["%s/part_%d" % (name, len(parts))])
    return parts or None


def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Initializes variables from a checkpoint instead of their initializers (TF1
    `tf.train.init_from_checkpoint`), for fine-tuning; call it before
    `global_variables_initializer()`.

    `assignment_map` maps checkpoint names to variables or variable names
    (`{'old/w': 'new/w'}`, `{'old/w': var}`), or scopes to scopes (`{'old/': 'new/'}`,
    `{'/': 'new/'}`).
    """
    ckpt_file = _checkpoint_filename(ckpt_dir_or_file)
    reader = load_checkpoint(ckpt_dir_or_file)
    variable_map = reader.get_variable_to_shape_map()
    store = _store_vars()
    for ckpt_name, current in sorted(assignment_map.items(), key=lambda kv: kv[0]):
        if isinstance(current, (list, tuple)) and current and all(map(_is_variable, current)):
            var = list(current)  # the shards of a partitioned variable
        elif _is_variable(current) or hasattr(current, "_get_variable_list"):
            var = current
        else:
            var = store.get(current) or _partitioned_store_vars().get(current)
        if var is not None:
            _init_one(var, ckpt_file, ckpt_name, variable_map, ckpt_dir_or_file)
        else:
            _init_scope((ckpt_name, current), ckpt_file, variable_map, ckpt_dir_or_file, store)
