"""Finding and managing checkpoints on disk: the `checkpoint` state file
(`tf.train.latest_checkpoint`, `get_checkpoint_state`, `update_checkpoint_state`),
`checkpoint_exists`, `get_checkpoint_mtimes` and `remove_checkpoint`.

Bundles themselves are read and written by tfcompat/io/checkpoint.py; the Saver is saver.py.
"""
from __future__ import annotations

import glob
import logging
import os

from tfcompat._lazy import lazy_module
from tfcompat.io import _atomic
from tfcompat.io._atomic import os_error  # noqa: F401 - the Saver's errors for file failures
from tfcompat import errors
from tfcompat.io.events import read_events

ckpt_io = lazy_module("tfcompat.io.checkpoint")  # protobuf loads on first use
checkpoint_state_pb2 = lazy_module("tfcompat.io.proto.checkpoint_state_pb2")

__all__ = ["latest_checkpoint", "get_checkpoint_state", "update_checkpoint_state",
           "generate_checkpoint_state_proto", "checkpoint_exists", "get_checkpoint_mtimes",
           "remove_checkpoint", "meta_graph_filename",
           "checkpoints_iterator", "summary_iterator"]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)

def _state_path(save_dir, latest_filename):
    return os.path.join(save_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(save_dir, model_checkpoint_path,
                                    all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None,
                                    last_preserved_timestamp=None):
    """The CheckpointState for these paths (TF's rules: the latest path is appended to
    `all_model_checkpoint_paths` if not last; with a relative `save_dir`, relative paths are
    made relative to it)."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    timestamps = list(all_model_checkpoint_timestamps or [])
    if timestamps and len(timestamps) != len(paths):
        raise ValueError("Checkpoint timestamps, if provided, must match checkpoint paths (got "
                         "paths %s and timestamps %s)" % (paths, timestamps))
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    return checkpoint_state_pb2.CheckpointState(
        model_checkpoint_path=model_checkpoint_path, all_model_checkpoint_paths=paths,
        all_model_checkpoint_timestamps=timestamps,
        last_preserved_timestamp=last_preserved_timestamp or 0.0)


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None, save_relative_paths=False):
    """Atomically rewrites `save_dir/checkpoint` (TF1 `tf.train.update_checkpoint_state`)."""
    paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:
        def rel(p):
            return os.path.relpath(p, save_dir) if os.path.isabs(p) else p
        model_checkpoint_path, paths = rel(model_checkpoint_path), [rel(p) for p in paths]
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, paths,
                                            all_model_checkpoint_timestamps,
                                            last_preserved_timestamp)
    state_file = _state_path(save_dir, latest_filename)
    if state_file == state.model_checkpoint_path:
        raise RuntimeError("Save path '%s' conflicts with path used for checkpoint state.  "
                           "Please use a different save path." % model_checkpoint_path)
    ckpt_io.write_checkpoint_state(
        save_dir, state.model_checkpoint_path, list(state.all_model_checkpoint_paths),
        latest_filename, list(state.all_model_checkpoint_timestamps) or None,
        state.last_preserved_timestamp or None)


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState in `checkpoint_dir` (relative paths joined to it), or None."""
    try:
        return ckpt_io.read_checkpoint_state(os.fspath(checkpoint_dir), latest_filename)
    except (IsADirectoryError, NotADirectoryError, PermissionError) as e:
        _log.warning("%s: Checkpoint ignored", e)
        return None


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint in `checkpoint_dir`, or None (TF1
    `tf.train.latest_checkpoint`).

    >>> tf.train.latest_checkpoint('/tmp/model')
    '/tmp/model/model.ckpt-1000'
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None or not state.model_checkpoint_path:
        return None
    prefix = state.model_checkpoint_path
    if checkpoint_exists(prefix):
        return prefix
    _log.error("Couldn't match files for checkpoint %s", prefix)
    return None


def checkpoint_exists(checkpoint_prefix) -> bool:
    """True if a checkpoint (V2 `.index`, or files matching the prefix as a pattern) exists,
    or the one a save to this prefix keeps until it is complete (io/_atomic.py)."""
    checkpoint_prefix = os.fspath(checkpoint_prefix)
    return bool(glob.glob(glob.escape(checkpoint_prefix) + ".index")
                or glob.glob(checkpoint_prefix + ".index") or glob.glob(checkpoint_prefix)
                or os.path.exists(_atomic.backup_prefix(checkpoint_prefix) + ".index"))


def get_checkpoint_mtimes(checkpoint_prefixes) -> list:
    """Modification times of the checkpoints' `.index` (or V1) files; missing ones skipped."""
    times = []
    for prefix in checkpoint_prefixes:
        for path in (prefix + ".index", prefix):
            if os.path.isfile(path):
                times.append(os.path.getmtime(path))
                break
    return times


def remove_stale_temps(save_path: str) -> None:
    """Deletes the temporary files that savers of `save_path*` checkpoints on this host left
    when they were killed."""
    _atomic.remove_stale_temps(os.fspath(save_path), any_suffix=True)


def checkpoint_files(prefix: str, meta_graph_suffix: str | None = "meta") -> list:
    """The files making up the V2 checkpoint `prefix`: its index and data shards, those of the
    backup a save to it may have left (io/_atomic.py), and its meta graph (unless
    `meta_graph_suffix` is None)."""
    files = []
    for pre in (_atomic.backup_prefix(prefix), prefix):  # a backup index goes first
        data = _atomic.data_files(pre)
        if pre == prefix and not data:
            data = [pre + ".data-00000-of-00001"]
        files += [pre + ".index"] + sorted(data)
    if meta_graph_suffix is not None:
        files.append(meta_graph_filename(prefix, meta_graph_suffix))
    return files


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=2,  # SaverDef.V2
                      meta_graph_suffix="meta"):
    """Deletes the checkpoint's index, data shards and meta graph (never other files)."""
    del checkpoint_format_version  # only V2 bundles are written
    for path in checkpoint_files(checkpoint_prefix, meta_graph_suffix):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    """`model.ckpt-10` -> `model.ckpt-10.meta` (a sharded `-?????-of-?????` tail is dropped)."""
    import re
    basename = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return ".".join([basename, meta_graph_suffix])


def checkpoints_iterator(checkpoint_dir, min_interval_secs=0, timeout=None, timeout_fn=None):
    """Yields each new checkpoint prefix in `checkpoint_dir` as it appears (TF1
    `tf.train.checkpoints_iterator`); stops after `timeout` seconds without a new one unless
    `timeout_fn()` returns False."""
    import time
    checkpoint_path = None
    while True:
        deadline = None if timeout is None else time.time() + timeout
        new_path = None
        while new_path is None:
            latest = latest_checkpoint(checkpoint_dir)
            if latest is not None and latest != checkpoint_path:
                new_path = latest
            elif deadline is not None and time.time() + 1 > deadline:
                break
            else:
                time.sleep(1)
        if new_path is None:
            if timeout_fn is None or timeout_fn():
                return
            continue
        start = time.time()
        checkpoint_path = new_path
        yield checkpoint_path
        time.sleep(max(0.0, min_interval_secs - (time.time() - start)))


def summary_iterator(path):
    """Yields the `Event` protos of an event file (TF1 `tf.train.summary_iterator`).

    As TF's: a damaged record raises `tf.errors.DataLossError` (after the records before it),
    a record cut short in its header (a file still being written) ends the iteration, and a
    missing file raises `NotFoundError`."""
    try:
        yield from read_events(os.fspath(path))
    except errors.OpError as e:  # TF's plain class, not the file layer's subclass
        raise errors.exception_type_from_error_code(e.error_code)(None, None, e.message) from e
