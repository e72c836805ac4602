"""Helpers shared by the file-format modules: masked CRC32-C, varints and the error classes.

Every stored checksum in TensorFlow's checkpoint, table and record formats is a *masked*
CRC32-C (Castagnoli); see docs/tf-file-formats.md section 1.3.
"""

from __future__ import annotations

import crc32c as _crc32c

from tfcompat import errors

__all__ = [
    "FormatError",
    "CheckpointFormatError",
    "RecordFormatError",
    "crc32c",
    "masked_crc32c",
    "mask_crc",
    "unmask_crc",
    "encode_varint",
    "decode_varint",
]

_MASK_DELTA = 0xA282EAD8


class FormatError(errors.DataLossError, ValueError):
    """A file is corrupt, truncated or not in the expected format.

    It is TF's ``tf.errors.DataLossError`` (so nothing a damaged file causes escapes as a
    non-TF error) and, for older callers, a ValueError. ``filename`` names the file (also part
    of the message) and ``offset`` the byte position where the problem was found, or None.
    """

    def __init__(self, message: str, filename: str, offset: int | None = None):
        super().__init__(None, None, f"{message} (file: {filename})")
        self._text = message
        self.filename = filename
        self.offset = offset

    def __reduce__(self):
        return (type(self), (self._text, self.filename, self.offset))


class CheckpointFormatError(FormatError):
    """A checkpoint's ``.index``/``.data-*`` files are corrupt, truncated or unsupported."""


class RecordFormatError(FormatError):
    """A TFRecord (or event) file holds a truncated or corrupted record."""


def crc32c(data: bytes | bytearray | memoryview, crc: int = 0) -> int:
    """CRC32-C of ``data``, continuing from ``crc`` (the CRC of the preceding bytes)."""
    return _crc32c.crc32c(data, crc)


def mask_crc(crc: int) -> int:
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def unmask_crc(masked: int) -> int:
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def masked_crc32c(data: bytes | bytearray | memoryview) -> int:
    return mask_crc(crc32c(data))


def encode_varint(value: int) -> bytes:
    """Unsigned base-128 varint (values must be >= 0)."""
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def decode_varint(buf: bytes | memoryview, pos: int, limit: int | None = None) -> tuple[int, int]:
    """Decodes the varint at ``buf[pos:]``; returns ``(value, next_pos)``.

    Raises IndexError when the varint runs past ``limit`` (default: the end of ``buf``) or is
    longer than 10 bytes; callers turn that into a FormatError naming their file.
    """
    limit = len(buf) if limit is None else limit
    result = shift = 0
    while True:
        if pos >= limit or shift > 63:
            raise IndexError("bad varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
