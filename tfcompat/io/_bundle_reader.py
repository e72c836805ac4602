"""Reading V2 checkpoints (tensor bundles): :class:`BundleReader`, the reader behind
``tf.train.load_checkpoint``, ``RestoreV2`` and the Saver; writing is checkpoint.py.

Nothing in an index is trusted: before a tensor's bytes are read (or anything is allocated for
them) its entry is checked against the index and the data file, as TF's reader checks it and
more: a known dtype, a valid shape, a size matching dtype and shape, an existing shard, an
offset and size inside the data file. Each failure is a tf.errors class naming the file and the
key, TF's class where TF raises one (a shard that is not there ``NotFoundError``, a negative
offset ``InvalidArgumentError``, a bad shape or size ``DataLossError``, as
:class:`CheckpointFormatError`), ``DataLossError`` for bytes past the end of the file (where TF
says ``OutOfRangeError``). A save to the same prefix that was interrupted is read through its
backup (_atomic.py).
"""

from __future__ import annotations

import logging
import os
import struct
from collections.abc import Sequence

import numpy as np
from google.protobuf.message import DecodeError

from tfcompat import errors
from tfcompat.io import _atomic
from tfcompat.io._common import CheckpointFormatError
from tfcompat.io._common import crc32c
from tfcompat.io._common import decode_varint
from tfcompat.io._common import mask_crc
from tfcompat.io._common import masked_crc32c
from tfcompat.io._dtypes import _NUMPY
from tfcompat.io._dtypes import _storage_dtype
from tfcompat.io._dtypes import datatype_name
from tfcompat.io._dtypes import from_raw_bytes
from tfcompat.io._dtypes import numpy_dtype
from tfcompat.io._table import read_table
from tfcompat.io.proto import tensor_bundle_pb2
from tfcompat.io.proto import tensor_slice_pb2
from tfcompat.io.proto import types_pb2 as _t

__all__ = ["BundleReader", "read_bundle", "slice_key", "slice_text", "data_filename",
           "InsufficientSlicesError"]

_log = logging.getLogger("tensorflow")   # as TF logs: "WARNING:tensorflow:..." (tf_logging.py)

_INT64_MAX = (1 << 63) - 1
_FORMAT_VERSION = 1  # the bundle version this reader implements (TF's kTensorBundleVersion)


class InsufficientSlicesError(errors.InvalidArgumentError, ValueError):
    """The stored slices of a partitioned tensor do not cover the part asked for: TF's
    InvalidArgumentError, which TF's checkpoint reader (`NewCheckpointReader.get_tensor`)
    raises to Python as a ValueError; this is both."""


def data_filename(prefix: str, shard: int = 0, num_shards: int = 1) -> str:
    return f"{prefix}.data-{shard:05d}-of-{num_shards:05d}"


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


def slice_text(extents: Sequence[tuple[int, int]]) -> str:
    """TF's ``TensorSlice::DebugString``: ``-`` for a full dimension, else ``start,length``."""
    return ":".join("-" if n == -1 and not s else f"{s},{n}" for s, n in extents)


def _bounds(extents, shape) -> list | None:
    """[(begin, end)] per dimension of ``extents`` in ``shape``; None where they do not fit."""
    if len(extents) != len(shape):
        return None
    out = []
    for (start, length), dim in zip(extents, shape):
        end = dim if length == -1 else start + length
        if start < 0 or length < -1 or end > dim or (length == -1 and start):
            return None
        out.append((start, end))
    return out


def _intersect(a, b) -> list | None:
    """The common part of two bounds lists, None where it is empty."""
    if a is None or b is None:
        return None
    common = [(max(x0, y0), min(x1, y1)) for (x0, x1), (y0, y1) in zip(a, b)]
    return common if all(lo < hi for lo, hi in common) else None


def _volume(bounds) -> int:
    count = 1
    for lo, hi in bounds:
        count *= hi - lo
    return count


def _shape_text(entry) -> str:
    if entry.shape.unknown_rank:
        return "<unknown>"
    return "[" + ",".join(str(d.size) for d in entry.shape.dim) + "]"


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
        self._source = _atomic.readable_prefix(prefix)
        if self._source != prefix:
            _log.warning("Checkpoint %s is incomplete (a save to it was interrupted); reading "
                         "the complete one it was replacing, %s", prefix, self._source)
        self._index_path = self._source + ".index"
        try:
            with open(self._index_path, "rb") as f:
                table = read_table(f.read(), self._index_path)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise  # no checkpoint there: the op layer says NotFoundError, as TF
        except OSError as e:  # e.g. no permission to read it
            raise _atomic.os_error(e, self._index_path) from e
        if not table or table[0][0] != b"":
            raise CheckpointFormatError("checkpoint index has no header entry", self._index_path)
        self._num_shards = self._check_header(table[0][1])
        self._sizes: dict[int, int] = {}  # shard -> data file size, from the first stat
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
        version = header.version
        if version.min_consumer > _FORMAT_VERSION:
            raise errors.InvalidArgumentError(
                None, None, "Checkpoint min consumer version %d above current version %d for "
                "tfcompat. Please upgrade tfcompat. (file: %s)"
                % (version.min_consumer, _FORMAT_VERSION, self._index_path))
        if _FORMAT_VERSION in version.bad_consumers:
            raise errors.InvalidArgumentError(
                None, None, "Checkpoint disallows consumer version %d. Please upgrade tfcompat: "
                "this version is likely buggy. (file: %s)" % (_FORMAT_VERSION, self._index_path))
        if header.endianness != tensor_bundle_pb2.BundleHeaderProto.LITTLE:
            raise CheckpointFormatError(
                "big-endian checkpoints are not supported", self._index_path
            )
        if header.num_shards < 1:
            raise CheckpointFormatError(
                f"bad num_shards {header.num_shards} in the checkpoint header", self._index_path)
        return header.num_shards

    @property
    def index_path(self) -> str:
        """The ``.index`` file read (the backup's where a save was interrupted)."""
        return self._index_path

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
        """The index entry of tensor ``name`` (dtype, shape, shard, offset, size, crc32c),
        checked against the index and its data file (tf.errors where it does not fit)."""
        entry = self._entry(name)
        self._check_entry(name, entry)
        return entry

    def dtype(self, name: str) -> int:
        """The DataType enum of ``name``, checked to be one this reader can read."""
        entry = self._entry(name)
        self._check_dtype(name, entry)
        return entry.dtype

    def data_path(self, entry: tensor_bundle_pb2.BundleEntryProto) -> str:
        """The data file holding ``entry``'s bytes."""
        return data_filename(self._source, entry.shard_id, self._num_shards)

    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {name: [d.size for d in e.shape.dim] for name, e in self._entries.items()}

    def debug_entries(self) -> list[tuple[bytes, int, list[int]]]:
        """(key, dtype enum, shape) of the index entries holding bytes, in key order: the
        slices of partitioned tensors under their raw slice keys, not the full tensors (what
        TF's ``BundleReader::DebugString`` lists)."""
        entries = [(key.encode("utf-8", "surrogateescape"), e)
                   for key, e in self._entries.items() if not e.slices]
        entries += list(self._slices.items())
        return [(key, e.dtype, [d.size for d in e.shape.dim]) for key, e in sorted(
            entries, key=lambda item: item[0])]

    def get_variable_to_dtype_map(self) -> dict[str, int]:
        """Name -> DataType enum value, unchecked (:meth:`dtype` checks one)."""
        return {name: e.dtype for name, e in self._entries.items()}

    # -- checks -------------------------------------------------------------------------------

    def _check_entry(self, name: str, entry) -> int:
        """Raises unless ``entry`` is readable; returns its number of elements."""
        count = self._check_shape(name, entry)
        self._check_dtype(name, entry)
        if not entry.slices:  # a partitioned tensor's bytes are in its slices' entries
            self._check_size(name, entry, count)
            self._check_extent(name, entry, count)
        return count

    def _check_shape(self, name: str, entry) -> int:
        dims = [d.size for d in entry.shape.dim]
        count = 1
        for d in dims:
            count *= max(d, 0)
        if entry.shape.unknown_rank or any(d < 0 for d in dims) or count > _INT64_MAX:
            raise CheckpointFormatError(
                f"Invalid tensor shape: {name} {_shape_text(entry)}", self._index_path)
        return count

    def _check_dtype(self, name: str, entry) -> None:
        if entry.dtype in _NUMPY:
            return
        if entry.dtype == _t.DT_VARIANT:
            raise errors.UnimplementedError(
                None, None, f"tfcompat cannot read DT_VARIANT tensors: key {name} "
                f"(file: {self._index_path})")
        raise CheckpointFormatError(
            f"Invalid dtype in bundle entry: key {name}; dtype {datatype_name(entry.dtype)}",
            self._index_path)

    def _check_size(self, name: str, entry, count: int) -> None:
        if entry.dtype == _t.DT_STRING:
            if entry.size < count:  # at least a one-byte length per element
                raise CheckpointFormatError(
                    f"Invalid size in bundle entry: key {name}; stored size {entry.size}; "
                    f"expected size is at least {count}", self._index_path)
            return
        expected = count * _storage_dtype(entry.dtype).itemsize
        if entry.size != expected:
            raise CheckpointFormatError(
                f"Invalid size in bundle entry: key {name}; stored size {entry.size}; expected "
                f"size {expected}", self._index_path)

    def _check_extent(self, name: str, entry, count: int) -> None:
        path = self.data_path(entry)
        if not 0 <= entry.shard_id < self._num_shards:
            raise errors.NotFoundError(
                None, None, f"{path}; No such file or directory (key {name} names shard "
                f"{entry.shard_id}; the checkpoint {self._index_path} has {self._num_shards})")
        if entry.offset < 0:
            raise errors.InvalidArgumentError(
                None, None, f"Seeking to a negative position: {entry.offset} (key {name}, "
                f"file: {self._index_path})")
        # strings: the lengths decide how many bytes are read; each element has one at least
        needed = count if entry.dtype == _t.DT_STRING else entry.size
        size = self._data_size(entry.shard_id, path)
        if entry.offset + needed > size:
            raise CheckpointFormatError(
                f"data file is truncated: key {name} needs bytes [{entry.offset}, "
                f"{entry.offset + needed}) but the file has {size}", path, entry.offset)

    def _data_size(self, shard: int, path: str) -> int:
        if shard not in self._sizes:
            try:
                self._sizes[shard] = os.stat(path).st_size
            except FileNotFoundError as e:
                raise errors.NotFoundError(None, None, f"{path}; No such file or directory "
                                           f"(file: {self._index_path})") from e
            except OSError as e:
                raise _atomic.os_error(e, path) from e
        return self._sizes[shard]

    # -- reading ------------------------------------------------------------------------------

    def get_tensor(self, name: str) -> np.ndarray:
        """The tensor's value as a new numpy array (strings: object arrays of bytes; bfloat16:
        float32, see _dtypes.py). A partitioned tensor is assembled from its slices
        (InvalidArgumentError where they do not cover it, as TF)."""
        entry = self._entry(name)
        self._check_entry(name, entry)
        if entry.slices:
            return self._lookup_slice(name, entry, [(0, -1)] * len(entry.shape.dim))
        return self._read(name, entry)

    def get_slice(self, name: str, extents: Sequence[tuple[int, int]]) -> np.ndarray:
        """The part ``extents`` (``(start, length)`` per dimension, length -1 for all of it)
        of tensor ``name``, copied from the stored tensor or from the stored slices that meet
        it, so any partitioning reads any other (TF's ``BundleReader::LookupSlice``)."""
        entry = self._entry(name)
        self._check_entry(name, entry)
        if not entry.slices and all(n == -1 for _, n in extents):
            return self._read(name, entry)
        return self._lookup_slice(name, entry, list(extents))

    def _stored_slices(self, name: str, meta) -> list:
        """[(extents, entry)] of the slices stored for ``name``, checked (a tensor saved
        whole is its own one full slice)."""
        shape = [d.size for d in meta.shape.dim]
        if not meta.slices:
            return [([(0, -1)] * len(shape), meta)]
        stored = []
        for proto in meta.slices:
            extents = _extents(proto, len(shape))
            entry = self._slices.get(slice_key(name, extents))
            if entry is None:
                raise CheckpointFormatError(f"missing slice {extents} of {name}", self._index_path)
            self._slice_index(name, shape, extents, entry, meta.dtype)
            self._check_entry(f"{name} (slice {extents})", entry)
            for earlier, _ in stored:  # TF's TensorSliceSet refuses them as it registers them
                if _intersect(_bounds(earlier, shape), _bounds(extents, shape)) is not None:
                    raise errors.InternalError(
                        None, None, "Overlapping slices: existing slice = %s, new slice = %s "
                        "(file: %s)" % (slice_text(earlier), slice_text(extents),
                                        self._index_path))
            stored.append((extents, entry))
        return stored

    def _lookup_slice(self, name: str, meta, wanted: list) -> np.ndarray:
        """``wanted`` of tensor ``name`` from the stored slices that meet it (TF's
        ``LookupSliceInternal``): InvalidArgumentError unless they cover all of it."""
        shape = [d.size for d in meta.shape.dim]
        target = _bounds(wanted, shape)
        stored = self._stored_slices(name, meta)
        parts, covered = [], 0
        for extents, entry in stored:
            common = _intersect(target, _bounds(extents, shape))
            if common is not None:
                covered += _volume(common)
                parts.append((extents, entry, common))
        if target is None or covered != _volume(target):  # before allocating anything
            text = "Does not have sufficient slices for partitioned tensor %s to restore in " \
                "slice_spec: %s" % (name, slice_text(wanted))
            error = InsufficientSlicesError(None, None, f"{text} (file: {self._index_path})")
            error.tf_message = text   # TF's words, for RestoreV2's error (which names the op)
            raise error
        if len(parts) == 1 and _bounds(parts[0][0], shape) == target:
            return self._read(name, parts[0][1])  # the stored slice is the one asked for
        out = np.zeros([b - a for a, b in target], dtype=numpy_dtype(meta.dtype))
        for extents, entry, common in parts:
            own = _bounds(extents, shape)
            value = self._read(name, entry)
            value = value[tuple(slice(a - o, b - o) for (a, b), (o, _) in zip(common, own))]
            out[tuple(slice(a - t, b - t) for (a, b), (t, _) in zip(common, target))] = value
        return out

    def _slice_index(self, name, shape, extents, entry, dtype) -> tuple:
        """The numpy index of a slice, checked against the full shape and the slice's entry."""
        lengths = [n if n >= 0 else d for (_, n), d in zip(extents, shape)]
        if len(extents) != len(shape) or any(
                s < 0 or n < -1 or (n == -1 and s) or s + max(n, 0) > d
                for (s, n), d in zip(extents, shape)) \
                or [d.size for d in entry.shape.dim] != lengths or entry.dtype != dtype:
            raise CheckpointFormatError(
                f"bad slice {extents} of {name} (shape {shape})", self._index_path)
        return tuple(slice(s, s + n) for (s, _), n in zip(extents, lengths))

    def _read(self, name: str, entry) -> np.ndarray:
        path = self.data_path(entry)
        shape = [d.size for d in entry.shape.dim]
        try:
            with open(path, "rb") as f:
                f.seek(entry.offset)
                if entry.dtype == _t.DT_STRING:  # never more than the file holds
                    data = f.read(min(entry.size, self._data_size(entry.shard_id, path)
                                               - entry.offset))
                    array, crc = _decode_strings(data, shape, path, entry.offset, name)
                    return self._checked(name, entry, array, crc, path)
                direct = _read_direct(f, entry, shape, path, name)
                data = f.read(entry.size) if direct is None else b""
        except FileNotFoundError as e:  # removed since it was checked
            raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from e
        except OSError as e:
            raise _atomic.os_error(e, path) from e
        if direct is not None:
            return self._checked(name, entry, *direct, path)
        if len(data) != entry.size:
            raise CheckpointFormatError(f"data file is truncated: key {name}", path, entry.offset)
        array = from_raw_bytes(data, entry.dtype, shape)
        return self._checked(name, entry, array, masked_crc32c(data), path)

    @staticmethod
    def _checked(name: str, entry, array: np.ndarray, crc: int, path: str) -> np.ndarray:
        if crc != entry.crc32c:
            raise CheckpointFormatError(
                f"Checksum does not match: stored {entry.crc32c} vs. calculated on the restored "
                f"bytes {crc}: key {name}",
                path,
                entry.offset,
            )
        return array


def _read_direct(f, entry, shape, path, name) -> tuple[np.ndarray, int] | None:
    """(array, masked crc) of a fixed-size tensor read straight into its numpy array (no
    intermediate bytes); None where the stored and in-memory layouts differ."""
    if entry.dtype in (_t.DT_STRING, _t.DT_BFLOAT16):
        return None
    native = numpy_dtype(entry.dtype)
    count = int(np.prod(shape, dtype=np.int64))
    if _storage_dtype(entry.dtype) != native or count * native.itemsize != entry.size:
        return None
    out = np.empty(count, dtype=native)
    view = memoryview(out).cast("B")
    if f.readinto(view) != entry.size:
        raise CheckpointFormatError(f"data file is truncated: key {name}", path, entry.offset)
    return out.reshape(shape), masked_crc32c(view)


def _decode_strings(
    data: bytes, shape: list[int], path: str, offset: int, name: str
) -> tuple[np.ndarray, int]:
    """(object array, masked entry crc) of a DT_STRING payload: varint lengths, the masked crc
    of the lengths as uint32, the bytes (see checkpoint._string_payload). Bytes after them are
    ignored, as TF's reader ignores them."""
    count = int(np.prod(shape, dtype=np.int64))
    lengths, pos = [], 0
    try:
        for _ in range(count):
            length, pos = decode_varint(data, pos)
            lengths.append(length)
    except IndexError as e:
        raise CheckpointFormatError(f"bad string lengths: key {name}", path, offset) from e
    if any(length > 0xFFFFFFFF for length in lengths):
        raise CheckpointFormatError(f"string element of 4 GiB or more: key {name}", path, offset)
    lengths32 = struct.pack(f"<{count}I", *lengths)
    length_crc = data[pos : pos + 4]
    if len(length_crc) < 4 or struct.unpack("<I", length_crc)[0] != masked_crc32c(lengths32):
        raise CheckpointFormatError(f"string lengths checksum mismatch: key {name}", path, offset)
    total = sum(lengths)
    body = data[pos + 4 : pos + 4 + total]
    if len(body) != total:
        raise CheckpointFormatError(f"string tensor size does not match its lengths: key {name}",
                                    path, offset)
    out, pos = np.empty(count, dtype=object), 0
    for i, length in enumerate(lengths):
        out[i] = body[pos : pos + length]
        pos += length
    crc = crc32c(body, crc32c(length_crc, crc32c(lengths32)))
    return out.reshape(shape), mask_crc(crc)


def read_bundle(prefix: str) -> BundleReader:
    """Opens the checkpoint with prefix ``prefix`` (``<prefix>.index`` must exist)."""
    return BundleReader(prefix)
