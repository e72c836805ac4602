"""LevelDB-style sorted string tables (SSTables), the format of a checkpoint's ``.index`` file.

Uncompressed blocks only, written exactly as TensorFlow's table builder does (restart interval
16 in data blocks and 1 in the index block, 256 KiB blocks, shortened separator keys), so a
bundle written here is byte-identical to TF's. See docs/tf-file-formats.md section 2.2.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from tfcompat.io._common import CheckpointFormatError
from tfcompat.io._common import decode_varint
from tfcompat.io._common import encode_varint
from tfcompat.io._common import masked_crc32c
from tfcompat.io._common import unmask_crc

__all__ = ["build_table", "read_table"]

_MAGIC = struct.pack("<Q", 0xDB4775248B80FB57)
_FOOTER_SIZE = 48
_TRAILER_SIZE = 5
_BLOCK_SIZE = 256 * 1024


class _BlockBuilder:
    def __init__(self, restart_interval: int):
        self.interval = restart_interval
        self.buf = bytearray()
        self.restarts = [0]
        self.count = 0  # entries since the last restart
        self.last_key = b""

    def add(self, key: bytes, value: bytes) -> None:
        shared = 0
        if self.count < self.interval:
            limit = min(len(key), len(self.last_key))
            while shared < limit and key[shared] == self.last_key[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buf))
            self.count = 0
        self.buf += encode_varint(shared) + encode_varint(len(key) - shared)
        self.buf += encode_varint(len(value)) + key[shared:] + value
        self.last_key = key
        self.count += 1

    def size_estimate(self) -> int:
        return len(self.buf) + 4 * len(self.restarts) + 4

    def empty(self) -> bool:
        return not self.buf

    def finish(self) -> bytes:
        restarts = struct.pack(f"<{len(self.restarts)}I", *self.restarts)
        return bytes(self.buf) + restarts + struct.pack("<I", len(self.restarts))


def _shortest_separator(start: bytes, limit: bytes) -> bytes:
    """A short key k with start <= k < limit (LevelDB's BytewiseComparator)."""
    n = min(len(start), len(limit))
    i = 0
    while i < n and start[i] == limit[i]:
        i += 1
    if i < n and start[i] < 0xFF and start[i] + 1 < limit[i]:
        return start[:i] + bytes([start[i] + 1])
    return start


def _short_successor(key: bytes) -> bytes:
    for i, byte in enumerate(key):
        if byte != 0xFF:
            return key[:i] + bytes([byte + 1])
    return key


def _handle(offset: int, size: int) -> bytes:
    return encode_varint(offset) + encode_varint(size)


def build_table(entries: Iterable[tuple[bytes, bytes]]) -> bytes:
    """The table file holding ``entries``, which must be in strictly increasing key order."""
    out = bytearray()
    data, index = _BlockBuilder(16), _BlockBuilder(1)
    pending: bytes | None = None  # handle of the last data block, awaiting its index key
    last_key: bytes | None = None

    def write_block(block: _BlockBuilder) -> bytes:
        contents = block.finish() + b"\x00"  # compression type: none
        handle = _handle(len(out), len(contents) - 1)
        out.extend(contents + struct.pack("<I", masked_crc32c(contents)))
        return handle

    for key, value in entries:
        if last_key is not None and key <= last_key:
            raise ValueError(f"table keys must be strictly increasing: {last_key!r}, {key!r}")
        if pending is not None:
            index.add(_shortest_separator(last_key, key), pending)
            pending = None
        data.add(key, value)
        last_key = key
        if data.size_estimate() >= _BLOCK_SIZE:
            pending, data = write_block(data), _BlockBuilder(16)
    if not data.empty():
        pending = write_block(data)
    metaindex = write_block(_BlockBuilder(16))
    if pending is not None:
        index.add(_short_successor(last_key), pending)
    footer = metaindex + write_block(index)
    out.extend(footer + b"\x00" * (40 - len(footer)) + _MAGIC)
    return bytes(out)


def _read_block(buf: memoryview, handle: bytes, pos: int, filename: str) -> memoryview:
    offset, pos = decode_varint(handle, pos)
    size, _ = decode_varint(handle, pos)
    end = offset + size + _TRAILER_SIZE
    if end > len(buf) - _FOOTER_SIZE:
        raise CheckpointFormatError(
            "table block extends past the end of the file", filename, offset
        )
    contents = buf[offset : offset + size + 1]
    (stored,) = struct.unpack_from("<I", buf, offset + size + 1)
    if masked_crc32c(contents) != stored:
        raise CheckpointFormatError(
            f"table block checksum mismatch (stored {unmask_crc(stored):#010x})", filename, offset
        )
    if contents[-1] != 0:
        raise CheckpointFormatError(
            f"unsupported table block compression type {contents[-1]}", filename, offset
        )
    return contents[:-1]


def _block_entries(block: memoryview, filename: str) -> Iterable[tuple[bytes, bytes]]:
    if len(block) < 4:
        raise CheckpointFormatError("table block too short", filename)
    (num_restarts,) = struct.unpack_from("<I", block, len(block) - 4)
    end = len(block) - 4 - 4 * num_restarts
    if end < 0:
        raise CheckpointFormatError("bad table block restart count", filename)
    pos, key = 0, b""
    while pos < end:
        shared, pos = decode_varint(block, pos, end)
        non_shared, pos = decode_varint(block, pos, end)
        value_len, pos = decode_varint(block, pos, end)
        if shared > len(key) or pos + non_shared + value_len > end:
            raise CheckpointFormatError("bad table block entry", filename)
        key = key[:shared] + bytes(block[pos : pos + non_shared])
        pos += non_shared
        yield key, bytes(block[pos : pos + value_len])
        pos += value_len


def read_table(data: bytes, filename: str) -> list[tuple[bytes, bytes]]:
    """All ``(key, value)`` entries of a table file, verifying every block checksum.

    Raises CheckpointFormatError naming ``filename`` when the file is truncated or corrupt.
    """
    buf = memoryview(data)
    if len(buf) < _FOOTER_SIZE:   # leveldb's Table::Open checks, in its order
        raise CheckpointFormatError("file is too short to be an sstable", filename)
    if buf[-8:] != _MAGIC:
        raise CheckpointFormatError("not an sstable (bad magic number)", filename)
    footer = bytes(buf[-_FOOTER_SIZE:])
    try:
        _, pos = decode_varint(footer, 0)  # metaindex handle: unused
        _, pos = decode_varint(footer, pos)
        index = _read_block(buf, footer, pos, filename)
        entries = []
        for _, handle in _block_entries(index, filename):
            entries.extend(_block_entries(_read_block(buf, handle, 0, filename), filename))
    except IndexError as e:
        raise CheckpointFormatError("bad varint in table", filename) from e
    return entries
