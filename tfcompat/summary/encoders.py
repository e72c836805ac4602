"""What TF1's summary kernels compute, in numpy: histogram buckets (`HistogramSummary`), image
normalization and PNG encoding (`ImageSummary`), and 16-bit PCM WAV encoding
(`AudioSummaryV2`). The summary ops themselves are in summary_ops.py.
"""
from __future__ import annotations

import struct
import sys
import zlib

import numpy as np

from tfcompat._lazy import lazy_module

summary_pb2 = lazy_module("tfcompat.io.proto.summary_pb2")  # protobuf loads on first use

__all__ = ["histogram_proto", "normalize_image", "encode_png", "encode_wav"]

_DBL_MAX = sys.float_info.max


def _default_limits() -> np.ndarray:
    """TF's 1551 default bucket limits: +-1e-12 * 1.1^k up to 1e20, then +-DBL_MAX, and 0."""
    pos, value = [], 1e-12
    while value < 1e20:
        pos.append(value)
        value *= 1.1
    pos.append(_DBL_MAX)
    return np.array([-x for x in reversed(pos)] + [0.0] + pos, dtype=np.float64)


_LIMITS = _default_limits()


def histogram_proto(values: np.ndarray) -> summary_pb2.HistogramProto:
    """A HistogramProto of `values` (finite), as TF's `Histogram::EncodeToProto` writes it:
    runs of empty buckets collapse into one (keeping the run's last limit)."""
    flat = np.asarray(values, dtype=np.float64).reshape(-1)
    proto = summary_pb2.HistogramProto()
    if flat.size:
        proto.min, proto.max = float(flat.min()), float(flat.max())
        proto.sum = float(np.cumsum(flat)[-1])  # sequential, as TF accumulates
        proto.sum_squares = float(np.cumsum(flat * flat)[-1])
    else:
        proto.min, proto.max = _DBL_MAX, -_DBL_MAX
    proto.num = float(flat.size)
    counts = np.bincount(np.searchsorted(_LIMITS, flat, side="right"),
                         minlength=len(_LIMITS))[:len(_LIMITS)]
    limits, buckets = [], []
    i, n = 0, len(_LIMITS)
    while i < n:
        end, count = _LIMITS[i], counts[i]
        i += 1
        if count <= 0:
            while i < n and counts[i] <= 0:
                end, count = _LIMITS[i], counts[i]
                i += 1
        limits.append(float(end))
        buckets.append(float(count))
    proto.bucket_limit.extend(limits)
    proto.bucket.extend(buckets)
    return proto


def normalize_image(image: np.ndarray, bad_color: np.ndarray) -> np.ndarray:
    """A float [h, w, c] image as uint8, as TF's `NormalizeFloatImage` maps it: over the finite
    pixels, [0, max] -> [0, 255], or [-m, m] -> [1, 255] centred on 128 when any is negative;
    pixels with a non-finite channel become `bad_color`."""
    h, w, depth = image.shape
    values = image.reshape(h * w, depth)
    compute = np.float64 if values.dtype == np.float64 else np.float32
    finite = np.isfinite(values).all(axis=1)
    good = values[finite].astype(np.float32)
    lo = float(good.min()) if good.size else float("inf")
    hi = float(good.max()) if good.size else float("-inf")
    if lo < 0:
        max_val = max(abs(lo), abs(hi))
        scale, offset = (0.0 if max_val < 1e-6 else 127.0 / max_val), 128.0
    else:
        scale, offset = (0.0 if hi < 1e-6 else 255.0 / hi), 0.0
    if values.dtype == np.float16:  # half images compute in half precision, as TF does
        compute = np.float16
    scaled = values.astype(compute) * compute(scale) + compute(offset)
    out = np.empty((h * w, depth), dtype=np.uint8)
    with np.errstate(invalid="ignore"):
        out[finite] = scaled[finite].astype(np.uint8)
    out[~finite] = bad_color[:depth]
    return out.reshape(h, w, depth)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def encode_png(image: np.ndarray) -> bytes:
    """A [h, w, c] uint8 image (c = 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA) as PNG bytes."""
    h, w, depth = image.shape
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[depth]
    rows = np.zeros((h, 1 + w * depth), dtype=np.uint8)  # filter byte 0 (None) per row
    rows[:, 1:] = np.ascontiguousarray(image, dtype=np.uint8).reshape(h, w * depth)
    header = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + _png_chunk(b"IEND", b""))


def encode_wav(samples: np.ndarray, sample_rate: int) -> bytes:
    """[frames, channels] floats in [-1, 1] as a 16-bit PCM WAV file (TF's
    `EncodeAudioAsS16LEWav`: round(x * 32768), clamped to int16)."""
    channels = samples.shape[1]
    scaled = (np.asarray(samples, dtype=np.float32) * np.float32(32768.0)).astype(np.float64)
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)  # roundf: halves away from 0
    pcm = np.clip(rounded, -32768, 32767).astype("<i2").tobytes()
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(pcm), b"WAVE", b"fmt ", 16, 1,
                         channels, sample_rate, sample_rate * channels * 2, channels * 2, 16,
                         b"data", len(pcm))
    return header + pcm
