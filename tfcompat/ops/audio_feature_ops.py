"""The speech front end of TF's audio_ops (tf.contrib.framework's audio_ops, tf.raw_ops):
AudioSpectrogram and Mfcc, as TF's CPU kernels compute them (spectrogram.cc, mfcc.cc,
mfcc_mel_filterbank.cc, mfcc_dct.cc): a periodic Hann window, an FFT of the next power of two
and the mel filterbank, log and DCT, all in double precision, rounded to float32 at the end.
Neither op has a gradient in TF.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import Dimension
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns

_FILTERBANK_FLOOR = 1e-12


def _next_power_of_two(n: int) -> int:
    return 1 << (int(n) - 1).bit_length()


def _fail(ctx, message):
    raise errors.op_error(errors.InvalidArgumentError, ctx.op, message)


def _spectrogram_infer(op, input, *, window_size, stride, magnitude_squared=False):
    shape = _shape_fns.with_rank(op, [input], input.shape, 2)
    if window_size <= 1:
        raise shape_rules.shape_error("window size must be > 1, got %d" % window_size, op,
                                      [input])
    if stride <= 0:
        raise shape_rules.shape_error("stride must be strictly positive, got %d" % stride, op,
                                      [input])
    length = shape[0].value
    frames = None if length is None else (
        0 if length < window_size else 1 + (length - window_size) // stride)
    width = 1 + _next_power_of_two(window_size) // 2
    return [(dtypes.float32, TensorShape([shape[1], Dimension(frames), width]))]


@register_op("AudioSpectrogram", inputs=("input: float",), infer=_spectrogram_infer,
             attrs={"window_size": None, "stride": None, "magnitude_squared": False},
             differentiable=False)
def _lower_audio_spectrogram(ctx, x, *, window_size, stride, magnitude_squared=False):
    if stride <= 0:
        _fail(ctx, "stride must be > 0, but got %d" % stride)
    if x.dim() != 2:
        _fail(ctx, "input must be 2-dimensional%s" % _debug_shape(x.shape))
    samples, channels = x.shape
    fft_length = _next_power_of_two(window_size)
    width = 1 + fft_length // 2
    frames = 0 if samples < window_size else 1 + (samples - window_size) // stride
    if frames == 0 or channels == 0:
        return torch.zeros((channels, frames, width), dtype=torch.float32, device=x.device)
    i = torch.arange(window_size, dtype=torch.float64, device=x.device)
    window = 0.5 - 0.5 * torch.cos((2 * math.pi * i) / window_size)   # periodic Hann
    audio = x.to(torch.float64).t()                                   # [channels, samples]
    windows = audio.unfold(1, window_size, stride)[:, :frames] * window
    spectrum = torch.fft.rfft(windows, n=fft_length)
    power = (spectrum.real * spectrum.real + spectrum.imag * spectrum.imag).to(torch.float32)
    return power if magnitude_squared else torch.sqrt(power)


def _debug_shape(shape) -> str:
    return "[%s]" % ",".join(str(d) for d in shape)


def _mfcc_infer(op, spectrogram, sample_rate, *, upper_frequency_limit=4000.0,
                lower_frequency_limit=20.0, filterbank_channel_count=40,
                dct_coefficient_count=13):
    inputs = [spectrogram, sample_rate]
    shape = _shape_fns.with_rank(op, inputs, spectrogram.shape, 3)
    _shape_fns.with_rank(op, inputs, sample_rate.shape, 0)
    return [(dtypes.float32, TensorShape([shape[0], shape[1], dct_coefficient_count]))]


def _freq_to_mel(freq):
    return 1127.0 * np.log1p(np.asarray(freq, np.float64) / 700.0)


def _mel_weights(input_length, sample_rate, channels, lower, upper):
    """[input_length, channels] float64 weights of MfccMelFilterbank: each FFT bin between
    start and end feeds the right side of its channel's triangle and the left of the next."""
    mel_low, mel_hi = _freq_to_mel(lower), _freq_to_mel(upper)
    spacing = (mel_hi - mel_low) / float(channels + 1)
    centers = mel_low + spacing * (np.arange(channels + 1) + 1)
    hz_per_sbin = 0.5 * sample_rate / float(input_length - 1)
    start, end = int(1.5 + lower / hz_per_sbin), int(upper / hz_per_sbin)
    matrix = np.zeros((input_length, channels), np.float64)
    channel = 0
    for i in range(start, min(end, input_length - 1) + 1):
        melf = _freq_to_mel(i * hz_per_sbin)
        while channel < channels and centers[channel] < melf:
            channel += 1
        band = channel - 1
        if band >= 0:
            weight = (centers[band + 1] - melf) / (centers[band + 1] - centers[band])
            matrix[i, band] += weight
        else:
            weight = (centers[0] - melf) / (centers[0] - mel_low)
        if band + 1 < channels:
            matrix[i, band + 1] += 1.0 - weight
    return matrix, end


def _dct_matrix(input_length, coefficients):
    i = np.arange(coefficients, dtype=np.float64)[:, None]
    j = np.arange(input_length, dtype=np.float64)[None, :]
    return math.sqrt(2.0 / input_length) * np.cos(i * (math.pi / input_length) * (j + 0.5))


@register_op("Mfcc", inputs=("spectrogram: float", "sample_rate: int32"), infer=_mfcc_infer,
             attrs={"upper_frequency_limit": 4000.0, "lower_frequency_limit": 20.0,
                    "filterbank_channel_count": 40, "dct_coefficient_count": 13},
             differentiable=False)
def _lower_mfcc(ctx, spectrogram, sample_rate, *, upper_frequency_limit=4000.0,
                lower_frequency_limit=20.0, filterbank_channel_count=40,
                dct_coefficient_count=13):
    if spectrogram.dim() != 3:
        _fail(ctx, "spectrogram must be 3-dimensional%s" % _debug_shape(spectrogram.shape))
    if sample_rate.dim() != 0:
        _fail(ctx, "Input sample_rate should be a scalar tensor, got %s instead."
              % _debug_shape(sample_rate.shape))
    rate, width = int(sample_rate), spectrogram.shape[2]
    lower, upper = float(np.float32(lower_frequency_limit)), float(np.float32(upper_frequency_limit))
    if (filterbank_channel_count < 1 or rate <= 0 or width < 2 or lower < 0 or upper <= lower
            or not 1 <= dct_coefficient_count <= filterbank_channel_count):
        _fail(ctx, "Mfcc initialization failed for channel count %d, sample rate %d and "
              "filterbank_channel_count %d" % (width, rate, filterbank_channel_count))
    weights, end = _mel_weights(width, rate, filterbank_channel_count, lower, upper)
    dct = _dct_matrix(filterbank_channel_count, dct_coefficient_count)
    out_shape = spectrogram.shape[:2] + (dct_coefficient_count,)
    if width <= end:  # TF logs "Input too short to compute filterbank" and sums nothing
        return torch.zeros(out_shape, dtype=torch.float32, device=spectrogram.device)
    magnitude = torch.sqrt(spectrogram.to(torch.float64))
    mel = magnitude @ torch.from_numpy(weights).to(magnitude.device)
    log_mel = torch.log(torch.clamp(mel, min=_FILTERBANK_FLOOR))
    return (log_mel @ torch.from_numpy(dct.T).to(magnitude.device)).to(torch.float32)


def audio_spectrogram(input, window_size, stride, magnitude_squared=False, name=None):
    """TF1 `audio_ops.audio_spectrogram` (tf.contrib.framework): [channels, frames, bins] of
    audio [samples, channels]."""
    return apply_op("AudioSpectrogram", [input], name=name, window_size=int(window_size),
                    stride=int(stride), magnitude_squared=bool(magnitude_squared))


def mfcc(spectrogram, sample_rate, upper_frequency_limit=4000, lower_frequency_limit=20,
         filterbank_channel_count=40, dct_coefficient_count=13, name=None):
    """TF1 `audio_ops.mfcc` (tf.contrib.framework): MFCCs of a squared-magnitude
    AudioSpectrogram."""
    return apply_op("Mfcc", [spectrogram, sample_rate], name=name,
                    upper_frequency_limit=float(upper_frequency_limit),
                    lower_frequency_limit=float(lower_frequency_limit),
                    filterbank_channel_count=int(filterbank_channel_count),
                    dct_coefficient_count=int(dct_coefficient_count))
