"""Run-time file sources for tf.data: TFRecord files (TF's framing, optional GZIP/ZLIB, via
tfcompat.io.records), text lines and fixed-length records. A damaged record file raises
`DataLossError` naming the file and byte offset; a missing file `NotFoundError`.
"""
from __future__ import annotations

import gzip
import io
import os
import logging
import struct
import zlib

import numpy as np

from tfcompat import errors
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.io._common import RecordFormatError
from tfcompat.io._common import masked_crc32c
from tfcompat.io.records import tf_record_iterator

_BLOCK = 1 << 20
_log = logging.getLogger("tensorflow")   # as TF logs (tf_logging.py)


def _filenames(value) -> list:
    names = [f.decode() if isinstance(f, bytes) else str(f)
             for f in np.asarray(value, dtype=object).reshape(-1)]
    return names


def _compression(value, records: bool = False) -> str:
    """"", "ZLIB" or "GZIP" (case matters, as in TF). Another name is an InvalidArgumentError,
    except for TFRecord files, which TF's RecordReaderOptions then reads uncompressed."""
    value = value.item() if isinstance(value, np.ndarray) else value
    value = value.decode() if isinstance(value, bytes) else (value or "")
    if value not in ("", "ZLIB", "GZIP"):
        if records:
            _log.error("Unsupported compression_type:%s. No compression will be used.", value)
            return ""
        raise errors.InvalidArgumentError(None, None, "Unsupported compression_type: %s."
                                          % value)
    return value


def not_found(path):
    return errors.NotFoundError(None, None, "%s; No such file or directory" % path)


def data_loss(e: RecordFormatError):
    return errors.DataLossError(None, None, str(e))


class _FileIter(Iter):
    """Reads files one after another; `_open(path)` yields the records of one file."""

    chunkable = True

    def __init__(self, filenames):
        self.filenames, self.index, self.records = filenames, 0, None

    def _next_record(self):
        while True:
            if self.records is None:
                if self.index >= len(self.filenames):
                    return None
                path = self.filenames[self.index]
                self.index += 1
                if not os.path.exists(path):
                    raise not_found(path)
                self.records = self._open(path)
            try:
                return next(self.records)
            except StopIteration:
                self.records = None
            except RecordFormatError as e:
                self.records = None
                raise data_loss(e) from e

    def next(self):
        record = self._next_record()
        return None if record is None else (np.array(record, dtype=object),)

    def next_many(self, n):
        out = []
        while len(out) < n:
            record = self._next_record()
            if record is None:
                break
            out.append(record)
        if not out:
            return None
        array = np.empty(len(out), dtype=object)
        array[:] = out
        return (array,)


class TFRecord(DatasetValue):
    def __init__(self, filenames, compression):
        self.filenames = _filenames(filenames)
        self.compression = _compression(compression, records=True)

    def make(self, env):
        it = _FileIter(self.filenames)
        if self.compression:
            it._open = lambda path: tf_record_iterator(path, self.compression)
        else:
            it._open = plain_records
        return it


def plain_records(path):
    """The records of an uncompressed TFRecord file, read in large blocks (the same checks and
    errors as tfcompat.io.records.tf_record_iterator)."""
    unpack, crc = struct.unpack_from, masked_crc32c
    with open(path, "rb") as f:
        buf, pos, offset = b"", 0, 0  # offset: file position of buf[pos]
        while True:
            if len(buf) - pos < 12:
                buf, pos = buf[pos:] + f.read(_BLOCK), 0
                if len(buf) < 12:  # none, or a header still being written: the end (TF)
                    return
            length, length_crc = unpack("<QI", buf, pos)
            if crc(buf[pos:pos + 8]) != length_crc:
                hint = " (Is this even a TFRecord file?)" if offset == 0 else ""
                raise RecordFormatError("corrupted record at %d%s" % (offset, hint), path, offset)
            end = pos + 16 + length
            if end > len(buf):
                # a damaged length past the end of the file is never allocated
                fits = end - len(buf) <= os.fstat(f.fileno()).st_size - f.tell()
                buf, pos = buf[pos:] + (f.read(max(_BLOCK, end - pos)) if fits else b""), 0
                end = 16 + length
                if end > len(buf):
                    raise RecordFormatError("truncated record at %d' failed with Read less "
                                            "bytes than requested" % offset, path, offset)
            data = buf[pos + 12:end - 4]
            if crc(data) != unpack("<I", buf, end - 4)[0]:
                raise RecordFormatError("corrupted record at %d" % (offset + 12), path,
                                        offset + 12)
            yield data
            offset += end - pos
            pos = end


def _open_stream(path, compression):
    raw = open(path, "rb")
    if compression == "GZIP":
        return gzip.GzipFile(fileobj=raw)
    if compression == "ZLIB":
        data = zlib.decompress(raw.read())
        raw.close()
        return io.BytesIO(data)
    return raw


def _text_lines(path, compression):
    with _open_stream(path, compression) as f:
        for line in f:
            if line.endswith(b"\n"):
                line = line[:-2] if line.endswith(b"\r\n") else line[:-1]
            yield line


class TextLine(DatasetValue):
    def __init__(self, filenames, compression):
        self.filenames, self.compression = _filenames(filenames), _compression(compression)

    def make(self, env):
        it = _FileIter(self.filenames)
        it._open = lambda path: _text_lines(path, self.compression)
        return it


class FixedLengthRecord(DatasetValue):
    def __init__(self, filenames, header_bytes, record_bytes, footer_bytes, compression):
        self.filenames = _filenames(filenames)
        self.header, self.record, self.footer = int(header_bytes), int(record_bytes), \
            int(footer_bytes)
        self.compression = _compression(compression)
        if self.record <= 0:
            raise errors.InvalidArgumentError(None, None, "record_bytes must be > 0 not %d"
                                              % self.record)

    def make(self, env):
        it = _FileIter(self.filenames)
        it._open = self._records
        return it

    def _records(self, path):
        with _open_stream(path, self.compression) as f:
            data = f.read()
        body = data[self.header:len(data) - self.footer]
        for start in range(0, len(body) - self.record + 1, self.record):
            yield body[start:start + self.record]
