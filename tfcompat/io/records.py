"""TFRecord files: length-prefixed, CRC-checked records, optionally GZIP or ZLIB compressed.

Each record is ``uint64 length, masked crc32c(length), data, masked crc32c(data)``, all
little-endian (docs/tf-file-formats.md section 3.2). Event files (events.py) and
``tf.data.TFRecordDataset`` inputs use this framing. Offsets in errors count uncompressed bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from tfcompat.io._common import RecordFormatError
from tfcompat.io._common import masked_crc32c

__all__ = ["RecordFormatError", "TFRecordWriter", "tf_record_iterator", "encode_record"]

# zlib window bits: ZLIB = zlib header, GZIP = gzip header (TF's ZlibCompressionOptions).
_WBITS = {"": None, "ZLIB": zlib.MAX_WBITS, "GZIP": zlib.MAX_WBITS | 16}


def _wbits(compression: str | None) -> int | None:
    try:
        return _WBITS[(compression or "").upper()]
    except KeyError:
        raise ValueError(
            f"unknown compression type {compression!r}; expected '', 'ZLIB' or 'GZIP'"
        ) from None


def encode_record(data: bytes) -> bytes:
    """One framed record holding ``data``."""
    length = struct.pack("<Q", len(data))
    return b"".join(
        (
            length,
            struct.pack("<I", masked_crc32c(length)),
            data,
            struct.pack("<I", masked_crc32c(data)),
        )
    )


class TFRecordWriter:
    """Writes records to ``path`` (TF's ``tf.io.TFRecordWriter``); use as a context manager.

    ``compression`` is None/"" (plain), "ZLIB" or "GZIP". ``append=True`` (plain files only)
    adds records to an existing file instead of replacing it.
    """

    def __init__(self, path: str, compression: str | None = None, append: bool = False):
        wbits = _wbits(compression)
        if append and wbits is not None:
            raise ValueError("append=True needs an uncompressed file")
        self.path = path
        self._file: BinaryIO | None = open(path, "ab" if append else "wb")  # noqa: SIM115
        self._zip = None if wbits is None else zlib.compressobj(wbits=wbits)

    def _put(self, data: bytes) -> None:
        if self._file is None:
            raise ValueError(f"TFRecordWriter for {self.path} is closed")
        self._file.write(data if self._zip is None else self._zip.compress(data))

    def write(self, record: bytes) -> None:
        self._put(encode_record(bytes(record)))

    def flush(self) -> None:
        """Pushes everything written so far to the operating system."""
        if self._file is None:
            return
        if self._zip is not None:
            self._file.write(self._zip.flush(zlib.Z_SYNC_FLUSH))
        self._file.flush()

    def close(self) -> None:
        if self._file is None:
            return
        if self._zip is not None:
            self._file.write(self._zip.flush(zlib.Z_FINISH))
        self._file.close()
        self._file = None

    def __enter__(self) -> TFRecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Inflater:
    """Readable stream over a zlib/gzip-compressed file (several gzip members allowed)."""

    def __init__(self, raw: BinaryIO, wbits: int, path: str):
        self._raw, self._wbits, self._path = raw, wbits, path
        self._unzip = zlib.decompressobj(wbits=wbits)
        self._buf = bytearray()

    def _fill(self, n: int) -> None:
        while len(self._buf) < n:
            chunk = self._unzip.unused_data or self._raw.read(1 << 16)
            if self._unzip.eof:
                if not chunk:
                    return
                self._unzip = zlib.decompressobj(wbits=self._wbits)  # next gzip member
            elif not chunk:
                raise RecordFormatError("truncated compressed stream", self._path)
            try:
                self._buf += self._unzip.decompress(chunk)
            except zlib.error as e:
                raise RecordFormatError(f"corrupted compressed stream: {e}", self._path) from e

    def read(self, n: int) -> bytes:
        self._fill(n)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out


def _records(stream: BinaryIO | _Inflater, path: str) -> Iterator[bytes]:
    offset = 0
    while True:
        header = stream.read(12)
        if not header:
            return
        if len(header) < 12:
            raise RecordFormatError(f"truncated record at {offset}", path, offset)
        (length,), (length_crc,) = (
            struct.unpack_from("<Q", header),
            struct.unpack_from("<I", header, 8),
        )
        if masked_crc32c(header[:8]) != length_crc:
            hint = " (Is this even a TFRecord file?)" if offset == 0 else ""
            raise RecordFormatError(f"corrupted record at {offset}{hint}", path, offset)
        body = stream.read(length + 4)
        if len(body) < length + 4:
            raise RecordFormatError(f"truncated record at {offset}", path, offset)
        if masked_crc32c(body[:length]) != struct.unpack_from("<I", body, length)[0]:
            raise RecordFormatError(f"corrupted record at {offset + 12}", path, offset + 12)
        yield body[:length]
        offset += 16 + length


def tf_record_iterator(path: str, compression: str | None = None) -> Iterator[bytes]:
    """Yields the records of ``path``; raises RecordFormatError on a truncated/corrupt one.

    Records before the damaged one are yielded first, as TF's ``tf_record_iterator`` does.
    """
    wbits = _wbits(compression)
    with open(path, "rb", buffering=1 << 16) as raw:
        stream = raw if wbits is None else _Inflater(raw, wbits, path)
        yield from _records(stream, path)
