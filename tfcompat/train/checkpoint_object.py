"""`tf.train.Checkpoint` as TF1 programs use it in graph mode (TF's `CheckpointV1`): saves the
variables reachable from its dependencies under object-path keys
(`model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE`) with the object graph as a
`TrackableObjectGraph` proto under `_CHECKPOINTABLE_OBJECT_GRAPH`, so TF restores tfcompat's
checkpoints and tfcompat restores TF's.

Saving reads the values from the session and writes the bundle directly (TF adds save ops to
the graph for this; tfcompat leaves the graph alone). `restore()` binds the checkpoint's
nodes to objects by edge name and adds restore ops for the variables found; objects created
later (optimizer slots, layers built after the restore) are bound and restored when the
status runs (`run_restore_ops`, `initialize_or_restore`) or is asserted on. TF binds those
as they are created, which needs tracking hooks tfcompat's objects do not have.
"""
from __future__ import annotations

import inspect
import os

import numpy as np

from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.io.checkpoint import write_bundle
from tfcompat.train import checkpoint_management as cm
from tfcompat.train import checkpoint_object_graph as og
from tfcompat.train.checkpoint_object_status import CheckpointLoadStatus
from tfcompat.train.checkpoint_object_status import InitializationOnlyStatus
from tfcompat.train.checkpoint_object_status import NameBasedSaverStatus
from tfcompat.train.checkpoint_object_status import get_session
from tfcompat.train.checkpoint_utils import NewCheckpointReader
from tfcompat.variables import Variable

__all__ = ["Checkpoint", "CheckpointOptions", "write_objects"]

tog_pb2 = lazy_module("tfcompat.io.proto.trackable_object_graph_pb2")

_STRING = 7  # DT_STRING


class CheckpointOptions:
    """Options of `Checkpoint.save`/`write`/`restore` (TF's `tf.train.CheckpointOptions`).

    They change nothing here: tfcompat writes and reads on the host, synchronously, one
    shard."""

    __slots__ = ("experimental_io_device", "experimental_enable_async_checkpoint",
                 "experimental_write_callbacks", "enable_async",
                 "experimental_sharding_callback", "experimental_skip_slot_variables")

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 experimental_write_callbacks=None, enable_async=False,
                 experimental_skip_slot_variables=False, experimental_sharding_callback=None):
        self.experimental_io_device = experimental_io_device
        self.enable_async = experimental_enable_async_checkpoint or enable_async
        self.experimental_enable_async_checkpoint = self.enable_async
        self.experimental_write_callbacks = experimental_write_callbacks
        self.experimental_skip_slot_variables = experimental_skip_slot_variables
        self.experimental_sharding_callback = experimental_sharding_callback


def _execute_callbacks(callbacks, save_path):
    """Calls each callback, with `save_path` if it takes one argument (as TF)."""
    for callback in callbacks:
        count = len(inspect.signature(callback).parameters)
        if count > 1:
            raise AssertionError("Callback functions for checkpoint are required to have 0 or "
                                 "1parameters, but this has %d parameters: %s"
                                 % (count, callback))
        if count:
            callback(save_path)
        else:
            callback()


def _check_trackable(value):
    if callable(getattr(value, "get_next", None)) and not og.is_trackable(value):
        raise ValueError("tf.train.Checkpoint: tfcompat does not save the state of tf.data "
                         "iterators (TF stores it as ITERATOR_STATE, a serialized dataset "
                         "graph), got %s; leave the iterator out and skip the elements already "
                         "consumed when resuming" % (value,))
    if not og.is_trackable(value):
        raise ValueError("`Checkpoint` was expecting a trackable object (an object derived "
                         "from `Trackable`), got %s. If you believe this object should be "
                         "trackable (i.e. it is part of the TensorFlow Python API and manages "
                         "state), please open an issue." % (value,))


def write_objects(root, file_prefix, session) -> str:
    """Writes the variables reachable from `root` and the object graph to `file_prefix`."""
    session_graph = getattr(session, "graph", None)
    if session_graph is not None:
        with session_graph.as_default():   # the optimizers' variables of the session's graph
            graph = og.ObjectGraph(root)
    else:
        graph = og.ObjectGraph(root)
    keyed = graph.variables()
    values = session.run(list(keyed.values())) if keyed else []
    tensors = dict(zip(keyed, values))
    types = {key: var.dtype.base_dtype.as_datatype_enum for key, var in keyed.items()}
    tensors[og.OBJECT_GRAPH_KEY] = np.array(graph.proto().SerializeToString(), dtype=object)
    types[og.OBJECT_GRAPH_KEY] = _STRING
    file_prefix = os.fspath(file_prefix)
    directory = os.path.dirname(file_prefix)
    if directory:
        os.makedirs(directory, exist_ok=True)   # as TF's SaveV2/MergeV2Checkpoints do
    write_bundle(file_prefix, tensors, types, sync=False)
    return file_prefix


class Checkpoint:
    """Groups trackable objects (variables, Keras models and layers, optimizers, modules,
    lists and dicts of them, other Checkpoints) to save and restore them together.

    >>> ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer, step=global_step)
    >>> path = ckpt.save('/tmp/training/ckpt')            # '/tmp/training/ckpt-1'
    >>> status = ckpt.restore(tf.train.latest_checkpoint('/tmp/training'))
    >>> status.initialize_or_restore(sess)
    """

    def __init__(self, **kwargs):
        object.__setattr__(self, "_dependencies", {})
        object.__setattr__(self, "_save_counter", None)
        object.__setattr__(self, "_save_assign", None)
        for name, value in sorted(kwargs.items()):
            setattr(self, name, value)

    def __setattr__(self, name, value):
        if not name.startswith("_"):
            _check_trackable(value)
            self._dependencies[name] = value
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        self._dependencies.pop(name, None)
        object.__delattr__(self, name)

    def _checkpoint_children(self):
        found = list(self._dependencies.items())
        if self._save_counter is not None:
            found.append(("save_counter", self._save_counter))
        return found

    @property
    def save_counter(self):
        """An int64 variable counting `save()` calls (numbers the checkpoint files); made on
        first use."""
        self._maybe_create_save_counter()
        return self._save_counter

    def _maybe_create_save_counter(self):
        if self._save_counter is None:
            graph = graph_lib.get_default_graph()
            with graph.as_default(), graph_lib.name_scope(None):
                counter = Variable(0, dtype=dtypes.int64, name="save_counter",
                                   trainable=False, use_resource=True)
            object.__setattr__(self, "_save_counter", counter)

    def write(self, file_prefix, session=None, options=None):
        """Writes a checkpoint to `file_prefix` (no numbering, no `checkpoint` file);
        returns `file_prefix`. `options.experimental_write_callbacks` run after it."""
        path = write_objects(self, file_prefix, session or get_session())
        if options is not None and options.experimental_write_callbacks is not None:
            _execute_callbacks(options.experimental_write_callbacks, path)
        return path

    def save(self, file_prefix, session=None, options=None):
        """Writes `file_prefix-<n>` (n: the incremented `save_counter`), records it in the
        directory's `checkpoint` file and returns its path."""
        session = session or get_session()
        created = self._save_counter is None
        counter = self.save_counter
        if created:
            session.run(counter.initializer)
        if self._save_assign is None or self._save_assign.graph is not session.graph:
            with session.graph.as_default():
                object.__setattr__(self, "_save_assign", counter.assign_add(1, read_value=True))
        number = session.run(self._save_assign)
        path = self.write("%s-%d" % (os.fspath(file_prefix), number), session=session)
        cm.update_checkpoint_state(os.path.dirname(path), path, [path],
                                   save_relative_paths=True)
        return path

    def restore(self, save_path):
        """Binds the checkpoint at `save_path` to these objects; returns a status whose
        `run_restore_ops()` / `initialize_or_restore()` restore them (None: initialize)."""
        if save_path is None:
            self._maybe_create_save_counter()
            return InitializationOnlyStatus(self)
        save_path = os.fspath(save_path)
        reader = NewCheckpointReader(save_path)
        self._maybe_create_save_counter()
        if not reader.has_tensor(og.OBJECT_GRAPH_KEY):
            return NameBasedSaverStatus(self, save_path, reader)
        proto = tog_pb2.TrackableObjectGraph.FromString(reader.get_tensor(og.OBJECT_GRAPH_KEY))
        return CheckpointLoadStatus(self, save_path, reader, proto)
