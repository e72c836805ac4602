"""tf.audio: DecodeWav and EncodeWav, 16-bit PCM WAV files as TF's wav_io reads and writes them
(samples as float32 in [-1, 1), scaled by 32768; encoding clamps and rounds to int16).
"""
from __future__ import annotations

import struct

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns

_PCM = 1


def _bytes_of(value) -> bytes:
    value = value.reshape(-1)[0] if isinstance(value, np.ndarray) else value
    return value if isinstance(value, bytes) else str(value).encode()


def _fail(ctx, message):
    raise errors.op_error(errors.InvalidArgumentError, ctx.op, message)


def _read(ctx, data, offset, size):
    if offset + size > len(data):
        _fail(ctx, "Data too short when trying to read %s" % (
            "string" if size == 4 else "uint%d_t" % (8 * size)))
    return data[offset:offset + size]


def _parse_wav(ctx, data):
    """(samples int16 [frames, channels], sample_rate) of a 16-bit PCM RIFF/WAVE file."""
    if _read(ctx, data, 0, 4) != b"RIFF":
        _fail(ctx, "Header mismatch: Expected RIFF but found %r" % data[:4])
    _read(ctx, data, 4, 4)
    if _read(ctx, data, 8, 4) != b"WAVE":
        _fail(ctx, "Header mismatch: Expected WAVE but found %r" % data[8:12])
    offset, fmt = 12, None
    while True:
        chunk_id = _read(ctx, data, offset, 4)
        (size,) = struct.unpack("<I", _read(ctx, data, offset + 4, 4))
        offset += 8
        if chunk_id == b"fmt ":
            if size < 16:
                _fail(ctx, "Bad fmt chunk size: %d" % size)
            fmt = struct.unpack("<HHIIHH", _read(ctx, data, offset, 16))
        elif chunk_id == b"data":
            if fmt is None:
                _fail(ctx, "Missing fmt chunk before data chunk")
            audio_format, channels, rate, _, _, bits = fmt
            if audio_format != _PCM:
                _fail(ctx, "Bad audio format %d. Expected 1 (PCM)" % audio_format)
            if bits != 16:
                _fail(ctx, "Can only read 16-bit WAV files, but received %d" % bits)
            if channels < 1:
                _fail(ctx, "Bad number of channels: %d" % channels)
            body = _read(ctx, data, offset, size)
            frames = len(body) // (2 * channels)
            samples = np.frombuffer(body[:frames * 2 * channels], dtype="<i2")
            return samples.reshape(frames, channels), rate
        offset += size + (size & 1)


def _decode_wav_infer(op, contents, *, desired_channels=-1, desired_samples=-1):
    _shape_fns.with_rank(op, [contents], contents.shape, 0)
    shape = TensorShape([desired_samples if desired_samples > 0 else None,
                         desired_channels if desired_channels > 0 else None])
    return [(dtypes.float32, shape), (dtypes.int32, TensorShape([]))]


@register_op("DecodeWav", inputs=("contents: string",), infer=_decode_wav_infer,
             attrs={"desired_channels": -1, "desired_samples": -1}, host_only=True,
             differentiable=False)
def _lower_decode_wav(ctx, contents, *, desired_channels=-1, desired_samples=-1):
    samples, rate = _parse_wav(ctx, _bytes_of(contents))
    audio = samples.astype(np.float32) / 32768.0
    if desired_channels > 0:  # more channels than the file has repeat its last one
        index = np.minimum(np.arange(desired_channels), audio.shape[1] - 1)
        audio = audio[:, index]
    if desired_samples > 0:
        audio = audio[:desired_samples]
        if audio.shape[0] < desired_samples:
            audio = np.pad(audio, [(0, desired_samples - audio.shape[0]), (0, 0)])
    return torch.from_numpy(np.ascontiguousarray(audio)), torch.tensor(rate, dtype=torch.int32)


def _encode_wav_infer(op, audio, sample_rate):
    _shape_fns.with_rank(op, [audio, sample_rate], audio.shape, 2)
    _shape_fns.with_rank(op, [audio, sample_rate], sample_rate.shape, 0)
    return [(dtypes.string, TensorShape([]))]


@register_op("EncodeWav", inputs=("audio: float", "sample_rate: int32"),
             infer=_encode_wav_infer, host_only=True, differentiable=False)
def _lower_encode_wav(ctx, audio, sample_rate):
    audio = audio.detach().cpu().numpy() if isinstance(audio, torch.Tensor) else audio
    if audio.ndim != 2:
        _fail(ctx, "audio must be 2-dimensional: %s" % list(audio.shape))
    rate = int(sample_rate)
    frames, channels = audio.shape
    scaled = np.clip(audio, -1.0, 1.0).astype(np.float64) * 32768.0
    rounded = np.trunc(scaled + np.copysign(0.5, scaled))  # C's round: half away from zero
    pcm = np.clip(rounded, -32768, 32767).astype("<i2")
    body = pcm.tobytes()
    header = b"RIFF" + struct.pack("<I", 36 + len(body)) + b"WAVE" + b"fmt " + struct.pack(
        "<IHHIIHH", 16, _PCM, channels, rate, rate * channels * 2, channels * 2, 16)
    return np.array(header + b"data" + struct.pack("<I", len(body)) + body, dtype=object)


def decode_wav(contents, desired_channels=-1, desired_samples=-1, name=None):
    """TF1 `tf.audio.decode_wav`: (audio float32 [samples, channels], sample_rate int32) of a
    16-bit PCM WAV file."""
    return apply_op("DecodeWav", [contents], name=name, desired_channels=int(desired_channels),
                    desired_samples=int(desired_samples))


def encode_wav(audio, sample_rate, name=None):
    """TF1 `tf.audio.encode_wav`: a 16-bit PCM WAV file of audio [samples, channels]."""
    return apply_op("EncodeWav", [audio, sample_rate], name=name)
