"""A small PNG codec (zlib only): decodes 8/16-bit (and 1/2/4-bit gray or palette) images with
every PNG row filter, non-interlaced; encodes 8/16-bit gray, gray+alpha, RGB and RGBA with the
None filter. Used by `tf.image.decode_png` / `encode_png`; no imaging library needed.
"""
from __future__ import annotations

import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # color type -> samples per pixel


class PNGError(ValueError):
    """The data is not a PNG this codec can decode."""


def _chunks(data):
    pos = len(_SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise PNGError("truncated PNG chunk %r" % kind)
        yield kind, body
        pos += 12 + length
        if kind == b"IEND":
            return


def decode(data: bytes, channels: int = 0, dtype=np.uint8) -> np.ndarray:
    """[height, width, channels] pixels of a PNG (`channels` 0 keeps the file's)."""
    if not data.startswith(_SIGNATURE):
        raise PNGError("not a PNG file")
    header, palette, transparency, idat = None, None, None, []
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
        elif kind == b"tRNS":
            transparency = np.frombuffer(body, np.uint8)
        elif kind == b"IDAT":
            idat.append(body)
    if header is None:
        raise PNGError("PNG without IHDR chunk")
    width, height, depth, color, _, _, interlace = header
    if interlace:
        raise PNGError("interlaced PNGs are not supported by tfcompat's PNG decoder")
    if color not in _CHANNELS:
        raise PNGError("bad PNG color type %d" % color)
    raw = zlib.decompress(b"".join(idat))
    samples = _unfilter(raw, width, height, depth, _CHANNELS[color])
    pixels = _to_pixels(samples, width, height, depth, color, palette, transparency)
    return _convert(pixels, channels, depth, dtype)


def _unfilter(raw, width, height, depth, samples_per_pixel):
    bits = depth * samples_per_pixel
    stride = (width * bits + 7) // 8
    bpp = max(1, bits // 8)
    if len(raw) < height * (stride + 1):
        raise PNGError("truncated PNG image data")
    rows = np.frombuffer(raw, np.uint8)[:height * (stride + 1)].reshape(height, stride + 1)
    out = np.zeros((height, stride), np.uint8)
    prev = np.zeros(stride, np.uint8)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:]
        if kind == 0:
            cur = line.copy()
        elif kind == 1:
            cur = _sub(line, bpp)
        elif kind == 2:
            cur = line + prev
        elif kind in (3, 4):
            cur = _sequential(line, prev, bpp, kind)
        else:
            raise PNGError("bad PNG filter type %d" % kind)
        out[y] = cur
        prev = cur
    return out


def _sub(line, bpp):
    cur = line.copy()
    for k in range(bpp):
        cur[k::bpp] = np.cumsum(line[k::bpp], dtype=np.uint8)
    return cur


def _sequential(line, prev, bpp, kind):
    cur = bytearray(line.tobytes())
    up = prev.tobytes()
    for i in range(len(cur)):
        a = cur[i - bpp] if i >= bpp else 0
        b = up[i]
        if kind == 3:
            cur[i] = (cur[i] + ((a + b) >> 1)) & 0xFF
        else:
            c = up[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur[i] = (cur[i] + pred) & 0xFF
    return np.frombuffer(bytes(cur), np.uint8)


def _to_pixels(samples, width, height, depth, color, palette, transparency):
    n = _CHANNELS[color]
    if depth == 16:
        values = samples.view(">u2").astype(np.uint16)
    elif depth == 8:
        values = samples
    else:
        values = np.unpackbits(samples, axis=1).reshape(height, -1, depth)
        weights = 1 << np.arange(depth - 1, -1, -1, dtype=np.uint16)
        values = (values * weights).sum(-1).astype(np.uint8)
        if color == 0:
            values = (values * (255 // ((1 << depth) - 1))).astype(np.uint8)
    values = values[:, :width * n].reshape(height, width, n)
    if color == 3:
        if palette is None:
            raise PNGError("palette PNG without PLTE chunk")
        rgb = palette[values[..., 0]]
        if transparency is not None:
            alpha = np.full(len(palette), 255, np.uint8)
            alpha[:len(transparency)] = transparency
            return np.concatenate([rgb, alpha[values[..., 0]][..., None]], -1)
        return rgb
    return values


def _convert(pixels, channels, depth, dtype):
    have = pixels.shape[-1]
    if channels and channels != have:
        gray = have in (1, 2)
        color = pixels[..., :1].repeat(3, -1) if gray else pixels[..., :3]
        alpha = pixels[..., -1:] if have in (2, 4) else None
        if channels == 1:
            pixels = pixels[..., :1] if gray else _luma(color, pixels.dtype)
        elif channels == 3:
            pixels = color
        elif channels == 4:
            full = np.iinfo(pixels.dtype).max
            pixels = np.concatenate([color, alpha if alpha is not None else
                                     np.full(color.shape[:2] + (1,), full, pixels.dtype)], -1)
        elif channels == 2:
            pixels = np.concatenate([pixels[..., :1] if gray else _luma(color, pixels.dtype),
                                     alpha if alpha is not None else np.full(
                                         pixels.shape[:2] + (1,), np.iinfo(pixels.dtype).max,
                                         pixels.dtype)], -1)
    return _rescale(pixels, dtype)


def _luma(rgb, dtype):
    # libpng's rgb_to_gray as TF sets it up (0.299, 0.587 in png_fixed_point, so 15-bit
    # weights 9797, 19234 and the rest 3737): 8-bit samples truncate, 16-bit ones round.
    total = (rgb.astype(np.int64) * np.array([9797, 19234, 3737])).sum(-1, keepdims=True)
    if np.dtype(dtype) == np.uint16:
        total += 16384
    return (total >> 15).astype(dtype)


def _rescale(pixels, dtype):
    dtype = np.dtype(dtype)
    if pixels.dtype == dtype:
        return np.ascontiguousarray(pixels)
    if dtype == np.uint16:
        return pixels.astype(np.uint16) * 257
    return (pixels.astype(np.uint32) >> 8).astype(np.uint8)


def encode(image: np.ndarray, compression: int = -1) -> bytes:
    """PNG bytes of a [height, width, channels] uint8/uint16 image (channels 1 to 4)."""
    height, width, channels = image.shape
    color = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    depth = 16 if image.dtype == np.uint16 else 8
    rows = image.astype(">u2" if depth == 16 else np.uint8).reshape(height, -1).view(np.uint8)
    raw = np.concatenate([np.zeros((height, 1), np.uint8), rows], 1).tobytes()
    level = 6 if compression is None or compression < 0 else min(9, int(compression))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return b"".join([_SIGNATURE,
                     chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0,
                                                0)),
                     chunk(b"IDAT", zlib.compress(raw, level)), chunk(b"IEND", b"")])
