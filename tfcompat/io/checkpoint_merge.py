"""TF's `MergeBundles` (tensor_bundle.cc), the last step of a sharded Saver's save: the
per-device bundles `<prefix>_temp_<uuid>/part-0000i-of-0000n` become one checkpoint `<prefix>`
whose index names every shard's data file (`<prefix>.data-0000i-of-0000n`).

As TF: the data files are renamed (numbered in the order their first entry is met), the index
holds every entry with its shard id remapped (a partitioned variable's full-tensor entries,
one per bundle, have their `slices` concatenated), the input indexes are deleted and, with
`delete_old_dirs`, their (then empty) directories. The checkpoint a merge replaces is kept as a
backup until the new one is complete (_atomic.py).
"""
from __future__ import annotations

import os

from tfcompat import errors
from tfcompat.io import _atomic
from tfcompat.io._bundle_reader import data_filename
from tfcompat.io._table import build_table
from tfcompat.io._table import read_table
from tfcompat.io.checkpoint import _data_files_of
from tfcompat.io.proto import tensor_bundle_pb2

__all__ = ["merge_bundles"]


class _Moved:
    """A finished data file renamed into place by _atomic.commit_bundle."""

    def __init__(self, src: str, dst: str):
        self.src, self.path = src, dst

    def commit(self) -> None:
        try:
            os.replace(self.src, self.path)
        except OSError as e:
            raise _atomic.os_error(e, self.path) from e


class _MergeState:
    def __init__(self):
        self.num_shards, self.version, self.seen_first = 0, None, False
        self.entries: dict = {}      # key -> BundleEntryProto
        self.shard_ids: dict = {}    # data file -> new shard id


def _read_index(prefix: str) -> list:
    path = prefix + ".index"
    try:
        with open(path, "rb") as f:
            return read_table(f.read(), path)
    except OSError as e:
        raise _atomic.os_error(e, path) from e


def _merge_one(prefix: str, state: _MergeState) -> None:
    table = _read_index(prefix)
    header = tensor_bundle_pb2.BundleHeaderProto.FromString(table[0][1])
    num_shards = header.num_shards
    if not state.seen_first:
        state.version, state.seen_first = header.version, True
    state.num_shards += num_shards
    for key, value in table[1:]:
        existing = state.entries.get(key)
        if existing is not None and not existing.slices:
            raise errors.InvalidArgumentError(
                None, None, "Duplicate tensor keyed by %s encountered, when merging prefix: %s"
                % (key.decode("utf-8", "replace"), prefix))
        entry = tensor_bundle_pb2.BundleEntryProto.FromString(value)
        if existing is not None:   # a sliced full tensor's metadata: its slices concatenate
            if not entry.slices:
                raise errors.InternalError(
                    None, None, "Duplicate tensor keyed by %s; attempting to merge in a "
                    "non-slice bundle entry" % key.decode("utf-8", "replace"))
            existing.slices.extend(entry.slices)
            continue
        data = data_filename(prefix, entry.shard_id, num_shards)
        entry.shard_id = state.shard_ids.setdefault(data, len(state.shard_ids))
        state.entries[key] = entry


def merge_bundles(prefixes, merged_prefix: str, delete_old_dirs: bool = True) -> None:
    """Merges the V2 bundles `prefixes` into one checkpoint at `merged_prefix`."""
    parent = os.path.dirname(merged_prefix)
    if parent and not os.path.isdir(parent):
        try:
            os.mkdir(parent)
        except OSError as e:
            raise _atomic.os_error(e, parent) from e
    state = _MergeState()
    for prefix in prefixes:
        _merge_one(prefix, state)
    total = len(state.shard_ids)
    moved = [_Moved(path, data_filename(merged_prefix, i, total))
             for path, i in state.shard_ids.items()]
    header = tensor_bundle_pb2.BundleHeaderProto(num_shards=state.num_shards)
    header.version.CopyFrom(state.version)
    index = _atomic.PendingFile(merged_prefix + ".index", False)
    try:
        index.write(build_table([(b"", header.SerializeToString())] + sorted(
            (key, entry.SerializeToString()) for key, entry in state.entries.items())))
        index.finish()
        _atomic.commit_bundle(merged_prefix, moved, index, _data_files_of)
    finally:
        index.discard()
    for prefix in prefixes:   # best effort, as TF
        try:
            os.remove(prefix + ".index")
        except OSError:
            pass
    if delete_old_dirs:
        merged_dir = os.path.dirname(merged_prefix)
        for prefix in prefixes:
            directory = os.path.dirname(prefix)
            if directory != merged_dir:
                try:
                    os.rmdir(directory)
                except OSError:   # the other shards' prefixes share it: gone already
                    pass
