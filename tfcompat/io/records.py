"""TFRecord files: length-prefixed, CRC-checked records, optionally GZIP or ZLIB compressed.

Each record is ``uint64 length, masked crc32c(length), data, masked crc32c(data)``, all
little-endian (docs/tf-file-formats.md section 3.2). Event files (events.py) and
``tf.data.TFRecordDataset`` inputs use this framing. Offsets in errors count uncompressed bytes.

Reading follows TF's RecordReader: a file that ends inside a record's 12-byte header (one
still being written) simply ends; a record whose data or checksum is cut short, a checksum
that does not match, or a damaged compressed stream raise :class:`RecordFormatError`, which
is a ``tf.errors.DataLossError``, with TF's message and the file's name. A file that cannot be
opened raises TF's class for the reason (``NotFoundError``, ``PermissionDeniedError``, ...).
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from tfcompat.io._atomic import os_error
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


_BIG = 1 << 20  # records longer than this are checked against the file's size first


def _inflate_error(e: zlib.error, path: str) -> RecordFormatError:
    """TF's text for a zlib failure: "inflate() failed with error -3: incorrect data check"."""
    match = re.match(r"Error (-?\d+) while decompressing data:? ?(.*)", str(e))
    text = "inflate() failed with error %s: %s" % match.groups() if match else str(e)
    return RecordFormatError(text, path)


class _Inflater:
    """Readable stream over a zlib/gzip-compressed file (several gzip members allowed); a
    stream cut short reads as a short read, as TF's ZlibInputStream does."""

    eof_reason = "EOF reached"

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
                return  # cut short: the record reader decides what that means
            try:
                self._buf += self._unzip.decompress(chunk)
            except zlib.error as e:
                raise _inflate_error(e, self._path) from e

    def read(self, n: int) -> bytes:
        self._fill(n)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out


def _left(raw: BinaryIO) -> int:
    """Bytes between the position of the plain file ``raw`` and its end now."""
    return os.fstat(raw.fileno()).st_size - raw.tell()


def _records(stream: BinaryIO | _Inflater, path: str) -> Iterator[bytes]:
    offset = 0
    eof_reason = getattr(stream, "eof_reason", "Read less bytes than requested")
    plain = not isinstance(stream, _Inflater)
    while True:
        header = stream.read(12)
        if len(header) < 12:  # none, or a header still being written: the end, as in TF
            return
        (length,), (length_crc,) = (
            struct.unpack_from("<Q", header),
            struct.unpack_from("<I", header, 8),
        )
        if masked_crc32c(header[:8]) != length_crc:
            hint = " (Is this even a TFRecord file?)" if offset == 0 else ""
            raise RecordFormatError(f"corrupted record at {offset}{hint}", path, offset)
        # a (damaged) length beyond the end of a plain file: never allocate it
        short = plain and length > _BIG and length + 4 > _left(stream)
        body = b"" if short else stream.read(length + 4)
        if len(body) < length + 4:  # TF's text, quote included
            raise RecordFormatError(
                f"truncated record at {offset}' failed with {eof_reason}", path, offset)
        if masked_crc32c(body[:length]) != struct.unpack_from("<I", body, length)[0]:
            raise RecordFormatError(f"corrupted record at {offset + 12}", path, offset + 12)
        yield body[:length]
        offset += 16 + length


def tf_record_iterator(path: str, compression: str | None = None) -> Iterator[bytes]:
    """Yields the records of ``path``; raises RecordFormatError (a DataLossError) on a
    truncated or corrupt one, and ends quietly on a partial header at the end of the file.

    Records before the damaged one are yielded first, as TF's ``tf_record_iterator`` does.
    """
    wbits = _wbits(compression)
    try:
        raw = open(path, "rb", buffering=1 << 16)  # noqa: SIM115 - closed below
    except OSError as e:
        raise os_error(e, path) from e
    with raw:
        stream = raw if wbits is None else _Inflater(raw, wbits, path)
        try:
            yield from _records(stream, path)
        except OSError as e:  # e.g. EIO, or a directory
            raise os_error(e, path) from e
