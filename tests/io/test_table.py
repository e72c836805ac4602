"""The LevelDB table format of checkpoint .index files."""

from __future__ import annotations

import random
import struct

import pytest

from tfcompat.io import CheckpointFormatError
from tfcompat.io._common import decode_varint
from tfcompat.io._common import masked_crc32c
from tfcompat.io._table import _block_entries
from tfcompat.io._table import _short_successor
from tfcompat.io._table import _shortest_separator
from tfcompat.io._table import build_table
from tfcompat.io._table import read_table


def _random_entries(n: int, seed: int = 0) -> list[tuple[bytes, bytes]]:
    rng = random.Random(seed)
    keys = {bytes(rng.randrange(256) for _ in range(rng.randrange(1, 30))) for _ in range(n)}
    return [(k, bytes(rng.randrange(256) for _ in range(100))) for k in sorted(keys)]


def _footer_handles(table: bytes) -> list[tuple[int, int]]:
    """[(offset, size)] of the metaindex and index blocks."""
    footer, pos, out = table[-48:], 0, []
    for _ in range(2):
        offset, pos = decode_varint(footer, pos)
        size, pos = decode_varint(footer, pos)
        out.append((offset, size))
    return out


def _index_keys(table: bytes) -> list[bytes]:
    offset, size = _footer_handles(table)[1]
    return [k for k, _ in _block_entries(memoryview(table)[offset : offset + size], "t")]


def test_multi_block_round_trip():
    entries = _random_entries(8000)
    table = build_table(entries)
    assert read_table(table, "t") == entries
    keys = _index_keys(table)
    assert len(keys) == 4  # 8000 x ~115 bytes in 256 KiB blocks, as TF cuts them
    assert keys == sorted(keys)


def test_empty_table():
    table = build_table([])
    assert read_table(table, "t") == []
    assert len(table) == 8 + 5 + 8 + 5 + 48


def test_separators_follow_leveldb():
    assert _shortest_separator(b"abcd", b"abzz") == b"abd"
    assert _shortest_separator(b"abc", b"abcd") == b"abc"  # prefix: unchanged
    assert _shortest_separator(b"ab\xff", b"ac") == b"ab\xff"
    assert _shortest_separator(b"a1", b"a2") == b"a1"  # incremented byte would equal limit's
    assert _short_successor(b"part/w") == b"q"
    assert _short_successor(b"\xff\xffa") == b"\xff\xffb"
    assert _short_successor(b"\xff") == b"\xff"


def test_keys_must_increase():
    with pytest.raises(ValueError, match="strictly increasing"):
        build_table([(b"b", b""), (b"a", b"")])
    with pytest.raises(ValueError, match="strictly increasing"):
        build_table([(b"a", b""), (b"a", b"")])


def test_every_flipped_byte_is_detected():
    table = build_table([(b"", b"hdr"), (b"alpha", b"1" * 20), (b"beta", b"2" * 20)])
    (meta_offset, _), (index_offset, index_size) = _footer_handles(table)
    checked = [*range(meta_offset), *range(index_offset, index_offset + index_size + 5)]
    checked += range(len(table) - 8, len(table))  # magic
    for i in checked:
        bad = bytearray(table)
        bad[i] ^= 0x40
        with pytest.raises(CheckpointFormatError) as info:
            read_table(bytes(bad), "f.index")
        assert info.value.filename == "f.index"


def test_truncated_and_foreign_files():
    table = build_table([(b"a", b"1")])
    for data in (table[:-1], table[:20], b"", b"x" * 100):
        with pytest.raises(CheckpointFormatError, match="file: f.index"):
            read_table(data, "f.index")


def test_compressed_blocks_are_refused():
    table = bytearray(build_table([(b"a", b"1")]))
    # data block at offset 0: set its type byte to Snappy and fix the trailer crc
    size = 3 + 1 + 1 + 4 + 4  # entry (3 varints, key, value), one restart, restart count
    table[size] = 1
    table[size + 1 : size + 5] = struct.pack("<I", masked_crc32c(bytes(table[: size + 1])))
    with pytest.raises(CheckpointFormatError, match="compression type 1"):
        read_table(bytes(table), "f.index")
