"""TensorFlow V2 checkpoints ("tensor bundles") and the ``checkpoint`` state file.

A bundle with prefix P is ``P.index`` (an SSTable of BundleEntryProto, see _table.py) plus
``P.data-00000-of-00001`` (the tensor bytes); docs/tf-file-formats.md section 2 has the details.
Graph-level saving (Saver, variable lists) lives in tfcompat/train/saver.py.

Errors: a corrupt or truncated bundle raises :class:`CheckpointFormatError` (a ValueError
subclass carrying ``filename``; TF raises DataLossError), a missing file raises
FileNotFoundError (TF: NotFoundError), and a missing key raises KeyError (TF: NotFoundError).
"""

from __future__ import annotations

import contextlib
import logging
import os
import struct
import uuid
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from typing import BinaryIO

import numpy as np
from google.protobuf import text_format
from google.protobuf.message import DecodeError

from tfcompat.io._common import CheckpointFormatError
from tfcompat.io._common import crc32c
from tfcompat.io._common import decode_varint
from tfcompat.io._common import encode_varint
from tfcompat.io._common import mask_crc
from tfcompat.io._common import masked_crc32c
from tfcompat.io._dtypes import as_array
from tfcompat.io._dtypes import from_raw_bytes
from tfcompat.io._dtypes import numpy_dtype
from tfcompat.io._dtypes import _storage_dtype
from tfcompat.io._dtypes import raw_buffer
from tfcompat.io._table import build_table
from tfcompat.io._table import read_table
from tfcompat.io.proto import checkpoint_state_pb2
from tfcompat.io.proto import tensor_bundle_pb2
from tfcompat.io.proto import tensor_slice_pb2
from tfcompat.io.proto import types_pb2 as _t
from tfcompat.io.tensor_proto import shape_to_proto

__all__ = [
    "CheckpointFormatError",
    "BundleReader",
    "write_bundle",
    "read_bundle",
    "data_filename",
    "slice_key",
    "write_checkpoint_state",
    "read_checkpoint_state",
    "latest_checkpoint",
]

_log = logging.getLogger(__name__)


def data_filename(prefix: str, shard: int = 0, num_shards: int = 1) -> str:
    return f"{prefix}.data-{shard:05d}-of-{num_shards:05d}"


@contextlib.contextmanager
def _atomic_files(*paths: str, sync: bool = True) -> Iterator[list[BinaryIO]]:
    """Files written under temporary names and renamed to ``paths``, in order, only once all
    were written: readers never see partial files, and a failure leaves old files intact.
    ``sync`` also fsyncs them before the renames (durable across power loss)."""
    tmps = [f"{path}.tempstate{uuid.uuid4().hex}" for path in paths]
    try:
        with contextlib.ExitStack() as stack:
            files = [stack.enter_context(open(tmp, "wb")) for tmp in tmps]
            yield files
            for f in files:
                f.flush()
                if sync:
                    os.fsync(f.fileno())
        for tmp, path in zip(tmps, paths):
            os.replace(tmp, path)
    finally:
        for tmp in tmps:
            if os.path.exists(tmp):
                os.remove(tmp)


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
    Both files are written under temporary names and renamed into place (data file first)
    only when complete, so a failure (bad value, full disk, a killed process) leaves an existing
    checkpoint at ``prefix`` untouched. ``sync=False`` skips the fsyncs before the renames, as
    TensorFlow's own bundle writer does (the Saver's choice, for speed).
    """
    dtypes = dtypes or {}
    entries, offset = [], 0
    with _atomic_files(data_filename(prefix), prefix + ".index", sync=sync) as (data_file,
                                                                                index_file):
        for name in sorted(tensors, key=lambda n: n.encode("utf-8")):
            if not name:
                raise ValueError("a checkpoint key must not be empty")
            array, dtype = as_array(tensors[name], dtypes.get(name))
            data, crc = _payload(array, dtype)
            data_file.write(data)
            entry = tensor_bundle_pb2.BundleEntryProto(
                dtype=dtype, shape=shape_to_proto(array.shape), offset=offset, size=len(data)
            )
            entry.crc32c = crc
            entries.append((name.encode("utf-8"), entry.SerializeToString()))
            offset += len(data)
        header = tensor_bundle_pb2.BundleHeaderProto(num_shards=1)
        header.version.producer = 1
        index_file.write(build_table([(b"", header.SerializeToString()), *entries]))


# -- reading -------------------------------------------------------------------------------------


def _ordered_num(value: int) -> bytes:
    size = (value.bit_length() + 7) // 8
    return bytes([size]) + value.to_bytes(size, "big")


def _ordered_signed(value: int) -> bytes:
    if -64 <= value < 64:
        return bytes([(0x80 ^ value) & 0xFF])
    n = (value if value >= 0 else ~value).bit_length() // 7 + 1
    raw = bytearray((value & ((1 << (8 * n)) - 1)).to_bytes(n, "big"))
    raw[0] ^= (0x80, 0xC0, 0xE0, 0xF0, 0xF8, 0xFC, 0xFE, 0xFF, 0xFF, 0xFF)[n - 1]
    raw[1] ^= (0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0xC0)[n - 1]
    return bytes(raw)


def slice_key(name: str, extents: Sequence[tuple[int, int]]) -> bytes:
    """Index key of one stored slice of a partitioned tensor ("OrderedCode" encoding).

    ``extents`` holds ``(start, length)`` per dimension, length -1 for a full dimension.
    """
    escaped = name.encode("utf-8").replace(b"\xff", b"\xff\x00").replace(b"\x00", b"\x00\xff")
    key = _ordered_num(0) + escaped + b"\x00\x01" + _ordered_num(len(extents))
    for start, length in extents:
        key += _ordered_signed(start) + _ordered_signed(length)
    return key


def _extents(proto: tensor_slice_pb2.TensorSliceProto, rank: int) -> list[tuple[int, int]]:
    """``(start, length)`` per dimension; length -1 for a full dimension (no extents: all full)."""
    extents = [(e.start, e.length if e.HasField("length") else -1) for e in proto.extent]
    return extents or [(0, -1)] * rank


class BundleReader:
    """Reads the tensors of a V2 checkpoint (TF's ``tf.train.load_checkpoint`` reader).

    The ``.index`` is read and checked when the reader is made; tensor bytes are read (and their
    checksums verified) by each :meth:`get_tensor`. Partitioned tensors are assembled from their
    slices, and the raw slice keys are hidden, as TF's reader does.

    Example::

        reader = read_bundle("/tmp/model.ckpt-2")
        reader.get_variable_to_shape_map()   # {"dense/kernel": [3, 2], "global_step": [], ...}
        kernel = reader.get_tensor("dense/kernel")
    """

    def __init__(self, prefix: str):
        self.prefix = prefix
        self._index_path = prefix + ".index"
        with open(self._index_path, "rb") as f:
            table = read_table(f.read(), self._index_path)
        if not table or table[0][0] != b"":
            raise CheckpointFormatError("checkpoint index has no header entry", self._index_path)
        self._num_shards = self._check_header(table[0][1])
        self._entries: dict[str, tensor_bundle_pb2.BundleEntryProto] = {}
        self._slices: dict[bytes, tensor_bundle_pb2.BundleEntryProto] = {}
        for key, value in table[1:]:
            entry = self._parse(tensor_bundle_pb2.BundleEntryProto, value)
            if key.startswith(b"\x00"):
                self._slices[key] = entry
            else:
                self._entries[key.decode("utf-8", "surrogateescape")] = entry

    def _parse(self, cls, value: bytes):
        try:
            return cls.FromString(value)
        except DecodeError as e:  # the index checksum passed, but the value is no proto
            raise CheckpointFormatError(
                f"bad {cls.__name__} in index: {e}", self._index_path
            ) from e

    def _check_header(self, value: bytes) -> int:
        header = self._parse(tensor_bundle_pb2.BundleHeaderProto, value)
        if header.endianness != tensor_bundle_pb2.BundleHeaderProto.LITTLE:
            raise CheckpointFormatError(
                "big-endian checkpoints are not supported", self._index_path
            )
        if header.version.min_consumer > 1 or 1 in header.version.bad_consumers:
            raise CheckpointFormatError(
                f"checkpoint needs a newer reader (version {header.version})", self._index_path
            )
        return max(header.num_shards, 1)

    def keys(self) -> list[str]:
        """Tensor names, sorted bytewise (slice keys and the header excluded)."""
        return list(self._entries)

    def has_tensor(self, name: str) -> bool:
        return name in self._entries

    def _entry(self, name: str) -> tensor_bundle_pb2.BundleEntryProto:
        try:
            return self._entries[name]
        except KeyError:
            raise KeyError(f"Key {name} not found in checkpoint") from None

    def entry(self, name: str) -> tensor_bundle_pb2.BundleEntryProto:
        """The index entry of tensor ``name`` (dtype, shape, shard, offset, size, crc32c)."""
        return self._entry(name)

    def data_path(self, entry: tensor_bundle_pb2.BundleEntryProto) -> str:
        """The data file holding ``entry``'s bytes."""
        return data_filename(self.prefix, entry.shard_id, self._num_shards)

    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {name: [d.size for d in e.shape.dim] for name, e in self._entries.items()}

    def get_variable_to_dtype_map(self) -> dict[str, int]:
        """Name -> DataType enum value (``tfcompat.io.numpy_dtype`` gives the numpy type)."""
        return {name: e.dtype for name, e in self._entries.items()}

    def get_tensor(self, name: str) -> np.ndarray:
        """The tensor's value as a new numpy array (strings: object arrays of bytes; bfloat16:
        float32, see _dtypes.py)."""
        entry = self._entry(name)
        if entry.slices:
            return self._assemble(name, entry)
        return self._read(entry)

    def _assemble(self, name: str, meta: tensor_bundle_pb2.BundleEntryProto) -> np.ndarray:
        shape = [d.size for d in meta.shape.dim]
        full = np.zeros(shape, dtype=numpy_dtype(meta.dtype))
        for proto in meta.slices:
            extents = _extents(proto, len(shape))
            entry = self._slices.get(slice_key(name, extents))
            if entry is None:
                raise CheckpointFormatError(f"missing slice {extents} of {name}", self._index_path)
            part = self._read(entry)
            full[tuple(slice(s, None if n < 0 else s + n) for s, n in extents)] = part
        return full

    def _read(self, entry: tensor_bundle_pb2.BundleEntryProto) -> np.ndarray:
        path = data_filename(self.prefix, entry.shard_id, self._num_shards)
        shape = [d.size for d in entry.shape.dim]
        with open(path, "rb") as f:
            f.seek(entry.offset)
            direct = _read_direct(f, entry, shape, path)
            data = f.read(entry.size) if direct is None else b""
        if direct is not None:
            array, crc = direct
        elif len(data) != entry.size:
            raise CheckpointFormatError("data file is truncated", path, entry.offset)
        elif entry.dtype == _t.DT_STRING:
            array, crc = _decode_strings(data, shape, path, entry.offset)
        else:
            crc = masked_crc32c(data)
            try:
                array = from_raw_bytes(data, entry.dtype, shape)
            except ValueError as e:
                raise CheckpointFormatError(str(e), path, entry.offset) from e
        if crc != entry.crc32c:
            raise CheckpointFormatError(
                f"Checksum does not match: stored {entry.crc32c} vs. calculated on the restored "
                f"bytes {crc}",
                path,
                entry.offset,
            )
        return array


def _read_direct(f, entry, shape, path) -> tuple[np.ndarray, int] | None:
    """(array, masked crc) of a fixed-size tensor read straight into its numpy array (no
    intermediate bytes); None where the stored and in-memory layouts differ."""
    if entry.dtype in (_t.DT_STRING, _t.DT_BFLOAT16):
        return None
    try:
        native = numpy_dtype(entry.dtype)
    except ValueError:
        return None
    count = int(np.prod(shape, dtype=np.int64))
    if _storage_dtype(entry.dtype) != native or count * native.itemsize != entry.size:
        return None
    out = np.empty(count, dtype=native)
    view = memoryview(out).cast("B")
    if f.readinto(view) != entry.size:
        raise CheckpointFormatError("data file is truncated", path, entry.offset)
    return out.reshape(shape), masked_crc32c(view)


def _decode_strings(
    data: bytes, shape: list[int], path: str, offset: int
) -> tuple[np.ndarray, int]:
    """(object array, masked entry crc) of a DT_STRING payload; see _string_payload."""
    count = int(np.prod(shape, dtype=np.int64))
    lengths, pos = [], 0
    try:
        for _ in range(count):
            length, pos = decode_varint(data, pos)
            lengths.append(length)
    except IndexError as e:
        raise CheckpointFormatError("bad string lengths", path, offset) from e
    if any(length > 0xFFFFFFFF for length in lengths):
        raise CheckpointFormatError("string element of 4 GiB or more", path, offset)
    lengths32 = struct.pack(f"<{count}I", *lengths)
    length_crc = data[pos : pos + 4]
    if len(length_crc) < 4 or struct.unpack("<I", length_crc)[0] != masked_crc32c(lengths32):
        raise CheckpointFormatError("string lengths checksum mismatch", path, offset)
    body = data[pos + 4 :]
    if len(body) != sum(lengths):
        raise CheckpointFormatError("string tensor size does not match its lengths", path, offset)
    out, pos = np.empty(count, dtype=object), 0
    for i, length in enumerate(lengths):
        out[i] = body[pos : pos + length]
        pos += length
    crc = crc32c(body, crc32c(length_crc, crc32c(lengths32)))
    return out.reshape(shape), mask_crc(crc)


def read_bundle(prefix: str) -> BundleReader:
    """Opens the checkpoint with prefix ``prefix`` (``<prefix>.index`` must exist)."""
    return BundleReader(prefix)


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
    """Prefix of the newest checkpoint named by the state file, if its ``.index`` exists."""
    state = read_checkpoint_state(directory, latest_filename)
    if state is None:
        return None
    prefix = state.model_checkpoint_path
    if os.path.exists(prefix + ".index"):
        return prefix
    _log.error("Couldn't match files for checkpoint %s", prefix)
    return None
