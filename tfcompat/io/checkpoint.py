"""TensorFlow V2 checkpoints ("tensor bundles") and the ``checkpoint`` state file.

A bundle with prefix P is ``P.index`` (an SSTable of BundleEntryProto, see _table.py) plus
``P.data-00000-of-00001`` (the tensor bytes); docs/tf-file-formats.md section 2 has the details.
Graph-level saving (Saver, variable lists) lives in tfcompat/train/saver.py.

Crash safety: :func:`write_bundle` writes under temporary names and keeps the checkpoint it
replaces until the new one is complete, and :class:`BundleReader` reads that one where a save
to the same prefix was interrupted, so some complete checkpoint is readable at every instant,
whenever the writing process is killed (the protocol is described in _atomic.py).

Errors are tf.errors classes, raised before anything is allocated or read, each naming the
file and the entry: a corrupt or truncated bundle raises :class:`CheckpointFormatError` (a
``DataLossError``, and a ValueError carrying ``filename``), a data file that is not there
``NotFoundError``, a negative offset or a too-new format ``InvalidArgumentError``, a file
system failure while saving the class TF gives its errno (``ResourceExhaustedError`` for a
full disk, ``PermissionDeniedError``, ...). A missing ``.index`` raises FileNotFoundError and a
missing key KeyError (the op layer, tfcompat/ops/io_ops.py, turns both into NotFoundError).
"""

from __future__ import annotations

import contextlib
import logging
import os
import struct
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence

import numpy as np
from google.protobuf import text_format
from google.protobuf.message import DecodeError

from tfcompat import errors
from tfcompat.io import _atomic
from tfcompat.io._bundle_reader import BundleReader
from tfcompat.io._bundle_reader import data_filename
from tfcompat.io._bundle_reader import read_bundle
from tfcompat.io._bundle_reader import slice_key
from tfcompat.io._common import CheckpointFormatError
from tfcompat.io._common import crc32c
from tfcompat.io._common import encode_varint
from tfcompat.io._common import mask_crc
from tfcompat.io._common import masked_crc32c
from tfcompat.io._dtypes import as_array
from tfcompat.io._dtypes import raw_buffer
from tfcompat.io._table import build_table
from tfcompat.io._table import read_table
from tfcompat.io.proto import checkpoint_state_pb2
from tfcompat.io.proto import tensor_bundle_pb2
from tfcompat.io.proto import types_pb2 as _t
from tfcompat.io.tensor_proto import shape_to_proto

__all__ = [
    "CheckpointFormatError",
    "BundleReader",
    "write_bundle",
    "BundleEntries",
    "write_entries",
    "read_bundle",
    "data_filename",
    "slice_key",
    "write_checkpoint_state",
    "read_checkpoint_state",
    "latest_checkpoint",
]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)


@contextlib.contextmanager
def _atomic_files(*paths: str, sync: bool = True) -> Iterator[list]:
    """Files written under temporary names and renamed to ``paths``, in order, only once all
    were written: readers never see partial files, and a failure leaves old files intact.
    ``sync`` also fsyncs them before the renames (durable across power loss). File system
    failures raise the tf.errors class TF gives them, naming the file."""
    pending = []
    try:
        for path in paths:
            _atomic.remove_stale_temps(path)
            pending.append(_atomic.PendingFile(path, sync))
        yield pending
        for f in pending:
            f.finish()
        for f in pending:
            f.commit()
    finally:
        for f in pending:
            f.discard()


# -- writing -------------------------------------------------------------------------------------


def _string_payload(array: np.ndarray) -> tuple[bytes, int]:
    """(file bytes, entry crc) of a DT_STRING tensor: varint lengths, masked length crc, data."""
    elems = list(array.reshape(-1))
    if any(len(e) > 0xFFFFFFFF for e in elems):
        raise ValueError("string elements of 4 GiB or more are not supported")
    lengths32 = struct.pack(f"<{len(elems)}I", *map(len, elems))
    length_crc = struct.pack("<I", masked_crc32c(lengths32))
    data = b"".join(elems)
    payload = b"".join(encode_varint(len(e)) for e in elems) + length_crc + data
    # The entry checksum covers lengths as uint32, the stored length checksum, then the data.
    entry_crc = crc32c(data, crc32c(length_crc, crc32c(lengths32)))
    return payload, mask_crc(entry_crc)


def _payload(array: np.ndarray, dtype: int) -> tuple[bytes, int]:
    if dtype == _t.DT_STRING:
        return _string_payload(array)
    data = raw_buffer(array, dtype)  # no copy of large arrays
    return data, masked_crc32c(data)


def write_bundle(
    prefix: str,
    tensors: Mapping[str, np.ndarray],
    dtypes: Mapping[str, int] | None = None,
    sync: bool = True,
) -> None:
    """Writes ``tensors`` (name -> array) as the checkpoint ``prefix.index`` + ``prefix.data-*``.

    Each DataType is inferred from the array (object/bytes/str arrays are DT_STRING);
    ``dtypes`` (name -> DataType enum) overrides it, e.g. for DT_BFLOAT16 from float32 data.
    Both files are written under temporary names and renamed into place only when complete,
    the checkpoint they replace kept until then (see _atomic.py): a failure (bad value, full
    disk, a killed process) leaves an existing checkpoint at ``prefix`` readable. ``sync=False``
    skips the fsyncs before the renames, as TensorFlow's own bundle writer does (the Saver's
    choice, for speed). File system failures raise tf.errors classes naming the file.
    """
    dtypes = dtypes or {}
    entries = BundleEntries()
    for name in sorted(tensors, key=lambda n: n.encode("utf-8")):
        entries.add(name, tensors[name], dtypes.get(name))
    write_entries(prefix, entries, sync)


class BundleEntries:
    """The tensors of a bundle being written, as TF's ``BundleWriter`` collects them: whole
    tensors (:meth:`add`) and slices of partitioned ones (:meth:`add_slice`), their bytes in
    the order added; :func:`write_entries` writes them.

    A slice is stored under its encoded slice key (:func:`slice_key`), and the full tensor's
    entry (dtype, full shape, no bytes) lists every slice added for it, so the files are TF's
    byte for byte.
    """

    def __init__(self):
        self._data: list[tuple[bytes, np.ndarray, int]] = []   # (key, array, dtype), in order
        self._keys: set[bytes] = set()
        self._full: dict[bytes, tensor_bundle_pb2.BundleEntryProto] = {}

    def add(self, name: str, value, dtype: int | None = None) -> None:
        """A whole tensor ``name``; ``dtype`` (DataType enum) as in :func:`write_bundle`."""
        if not name:
            raise ValueError("a checkpoint key must not be empty")
        self._add(name.encode("utf-8"), name, value, dtype)

    def add_slice(self, name: str, full_shape: Sequence[int],
                  extents: Sequence[tuple[int, int]], value, dtype: int | None = None) -> None:
        """The part ``extents`` (``(start, length)`` per dimension, length -1 for all of it)
        of tensor ``name`` of shape ``full_shape``; a slice that is the whole tensor is stored
        as the tensor, as TF stores it."""
        array, dtype = as_array(value, dtype)
        lengths = [d if n == -1 else n for (_, n), d in zip(extents, full_shape)]
        if lengths == list(full_shape):
            return self.add(name, array, dtype)
        key = name.encode("utf-8")
        if key in self._keys:
            raise errors.InvalidArgumentError(None, None, f"Adding duplicate key: {name}")
        full = self._full.setdefault(key, tensor_bundle_pb2.BundleEntryProto(
            dtype=dtype, shape=shape_to_proto(full_shape)))
        if full.dtype != dtype or [d.size for d in full.shape.dim] != list(full_shape):
            raise errors.InvalidArgumentError(
                None, None, f"Slices of {name} differ in dtype or full shape")
        proto = full.slices.add()
        for start, length in extents:
            extent = proto.extent.add()
            if length != -1 or start:  # a full dimension is an empty Extent (TF's AsProto)
                extent.start, extent.length = start, length
        self._add(slice_key(name, extents), name, array, dtype)

    def _add(self, key: bytes, name: str, value, dtype) -> None:
        if key in self._keys or key in self._full:
            raise errors.InvalidArgumentError(None, None, f"Adding duplicate key: {name}")
        array, dtype = as_array(value, dtype)
        self._keys.add(key)
        self._data.append((key, array, dtype))

    def write_data(self, data_file) -> list[tuple[bytes, bytes]]:
        """Writes the tensors' bytes in the order added; returns the index's (key,
        BundleEntryProto) entries, sorted by key."""
        entries, offset = [], 0
        for key, array, dtype in self._data:
            data, crc = _payload(array, dtype)
            data_file.write(data)
            entry = tensor_bundle_pb2.BundleEntryProto(
                dtype=dtype, shape=shape_to_proto(array.shape), offset=offset, size=len(data)
            )
            entry.crc32c = crc
            entries.append((key, entry.SerializeToString()))
            offset += len(data)
        entries.extend((key, full.SerializeToString()) for key, full in self._full.items())
        return sorted(entries)


def write_entries(prefix: str, entries: BundleEntries, sync: bool = True) -> None:
    """Writes ``entries`` as the checkpoint ``prefix`` (crash safety and errors as
    :func:`write_bundle`)."""
    data_path, index_path = data_filename(prefix), prefix + ".index"
    for path in (data_path, index_path):
        _atomic.remove_stale_temps(path)
    pending = []
    try:
        data_file = _atomic.PendingFile(data_path, sync)
        pending.append(data_file)
        table = entries.write_data(data_file)
        header = tensor_bundle_pb2.BundleHeaderProto(num_shards=1)
        header.version.producer = 1
        index_file = _atomic.PendingFile(index_path, sync)
        pending.append(index_file)
        index_file.write(build_table([(b"", header.SerializeToString()), *table]))
        for f in pending:
            f.finish()
        _atomic.commit_bundle(prefix, [data_file], index_file, _data_files_of)
    finally:
        for f in pending:
            f.discard()


def _data_files_of(prefix: str) -> list[str] | None:
    """The data files the index at ``prefix`` names, or None when it is unreadable."""
    try:
        with open(prefix + ".index", "rb") as f:
            table = read_table(f.read(), prefix + ".index")
        header = tensor_bundle_pb2.BundleHeaderProto.FromString(table[0][1])
    except (OSError, IndexError, DecodeError, errors.OpError):
        return None
    shards = header.num_shards
    if not 0 < shards < 100000:
        return None
    return [data_filename(prefix, i, shards) for i in range(shards)]


# -- the "checkpoint" state file -----------------------------------------------------------------


def write_checkpoint_state(
    directory: str,
    model_checkpoint_path: str,
    all_model_checkpoint_paths: Sequence[str] | None = None,
    latest_filename: str | None = None,
    all_model_checkpoint_timestamps: Sequence[float] | None = None,
    last_preserved_timestamp: float | None = None,
) -> None:
    """Atomically writes ``directory/checkpoint`` (TF's ``update_checkpoint_state``).

    Paths are written as given; ``model_checkpoint_path`` is appended to
    ``all_model_checkpoint_paths`` when it is not already the last one, as TF does.
    """
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    state = checkpoint_state_pb2.CheckpointState(
        model_checkpoint_path=model_checkpoint_path,
        all_model_checkpoint_paths=paths,
        all_model_checkpoint_timestamps=all_model_checkpoint_timestamps or [],
        last_preserved_timestamp=last_preserved_timestamp or 0.0,
    )
    path = os.path.join(directory, latest_filename or "checkpoint")
    with _atomic_files(path) as (f,):
        f.write(text_format.MessageToString(state).encode("utf-8"))


def read_checkpoint_state(
    directory: str, latest_filename: str | None = None
) -> checkpoint_state_pb2.CheckpointState | None:
    """``directory/checkpoint`` parsed (TF's ``get_checkpoint_state``), or None if absent.

    Relative paths are joined to ``directory``. As in TF, an unparsable file is logged and
    ignored (None), and a file without ``model_checkpoint_path`` raises ValueError.
    """
    path = os.path.join(directory, latest_filename or "checkpoint")
    try:
        with open(path, encoding="utf-8") as f:
            state = text_format.Parse(f.read(), checkpoint_state_pb2.CheckpointState())
    except FileNotFoundError:
        return None
    except (text_format.ParseError, UnicodeDecodeError) as e:
        _log.warning("%s: %s: Checkpoint ignored", path, e)
        return None
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + directory)
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(directory, state.model_checkpoint_path)
    for i, p in enumerate(state.all_model_checkpoint_paths):
        if not os.path.isabs(p):
            state.all_model_checkpoint_paths[i] = os.path.join(directory, p)
    return state


def latest_checkpoint(directory: str, latest_filename: str | None = None) -> str | None:
    """Prefix of the newest checkpoint named by the state file, if it exists (its ``.index``,
    or that of the backup a save to it keeps, see _atomic.py)."""
    state = read_checkpoint_state(directory, latest_filename)
    if state is None:
        return None
    prefix = state.model_checkpoint_path
    if os.path.exists(_atomic.readable_prefix(prefix) + ".index"):
        return prefix
    _log.error("Couldn't match files for checkpoint %s", prefix)
    return None
