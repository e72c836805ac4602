"""tf.signal's spectral composites: DCT types I-IV, STFT and its inverse, MDCT and its inverse, the
mel weight matrix and MFCCs, built from RFFT/IRFFT and graph ops as TF's signal package builds
them.
"""
from __future__ import annotations

import math

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import get_static_value
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import array_ops_pad
from tfcompat.ops import control_flow_ops
from tfcompat.ops import fft_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import math_ops_extra
from tfcompat.ops import reduction_ops
from tfcompat.ops import signal_ops


# -- DCT ----------------------------------------------------------------------------------

def _validate_dct_arguments(input_tensor, dct_type, n, axis, norm):
    if axis != -1:
        raise NotImplementedError("axis must be -1. Got: %s" % axis)
    if n is not None and n < 1:
        raise ValueError("n should be a positive integer or None")
    if dct_type not in (1, 2, 3, 4):
        raise ValueError("Types I, II, III and IV (I)DCT are supported.")
    if dct_type == 1:
        if norm == "ortho":
            raise ValueError("Normalization is not supported for the Type-I DCT.")
        # TF reads shape[-1] of whatever it was given: a Dimension, or a numpy array's int
        last = tensor_shape.dimension_value(input_tensor.shape[-1])
        if last is not None and last < 2:
            raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    if norm not in (None, "ortho"):
        raise ValueError("Unknown normalization. Expected None or 'ortho', got: %s" % norm)


def _last_dim(x):
    # TF's `dimension_value(x.shape[-1]) or shape(x)[-1]`: a scalar has no last dimension
    # (IndexError), an unknown or zero one is read at run time
    return tensor_shape.dimension_value(x.shape[-1]) or array_ops.shape(x)[-1]


def _truncate_or_pad(x, n, seq_len):
    """x's last axis cut or zero-padded to n, chosen at build time where `n <= seq_len` is
    known and by a tf.cond where it is not (TF's smart_cond)."""
    def truncate():
        return x[..., 0:n]

    def pad():
        rank = len(x.shape)
        padding = [[0, 0] for _ in range(rank)]
        padding[rank - 1][1] = n - seq_len
        return array_ops_pad.pad(x, paddings=convert_to_tensor(padding, dtype=dtypes.int32))
    pred = n <= seq_len
    static = get_static_value(pred) if isinstance(pred, Tensor) else pred
    if static is not None:
        return truncate() if static else pad()
    return control_flow_ops.cond(pred, truncate, pad)


def _ortho_weights(first, rest, axis_dim):
    return array_ops_pad.pad(array_ops.expand_dims(first, 0), [[0, axis_dim - 1]],
                             constant_values=rest)


def _dct_internal(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002
    with name_scope(name, "dct", [input]):
        input = convert_to_tensor(input)
        zero = convert_to_tensor(0.0, dtype=input.dtype)
        seq_len = _last_dim(input)
        if n is not None:
            input = _truncate_or_pad(input, n, seq_len)
        axis_dim = _last_dim(input)
        axis_dim_float = math_ops.cast(axis_dim, input.dtype)
        if type == 1:
            dct1_input = array_ops_join.concat([input, input[..., -2:0:-1]], axis=-1)
            return math_ops.real(fft_ops.rfft(dct1_input))
        if type == 2:
            scale = 2.0 * math_ops.exp(math_ops_extra.complex(
                zero, -array_ops_join.range(axis_dim_float) * math.pi * 0.5 / axis_dim_float))
            dct2 = math_ops.real(
                fft_ops.rfft(input, fft_length=[2 * axis_dim])[..., :axis_dim] * scale)
            if norm == "ortho":
                n1 = 0.5 * math_ops.rsqrt(axis_dim_float)
                dct2 *= _ortho_weights(n1, n1 * math.sqrt(2.0), axis_dim)
            return dct2
        if type == 3:
            if norm == "ortho":
                n1 = math_ops.sqrt(axis_dim_float)
                input *= _ortho_weights(n1, n1 * math.sqrt(0.5), axis_dim)
            else:
                input *= axis_dim_float
            scale = 2.0 * math_ops.exp(math_ops_extra.complex(
                zero, array_ops_join.range(axis_dim_float) * math.pi * 0.5 / axis_dim_float))
            return math_ops.real(fft_ops.irfft(scale * math_ops_extra.complex(input, zero),
                                               fft_length=[2 * axis_dim]))[..., :axis_dim]
        dct2 = _dct_internal(input, type=2, n=2 * axis_dim, axis=axis, norm=None)
        dct4 = dct2[..., 1::2]
        if norm == "ortho":
            dct4 *= math.sqrt(0.5) * math_ops.rsqrt(axis_dim_float)
        return dct4


def dct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002 - TF's names
    """TF `tf.signal.dct`: the DCT of type I-IV over the last axis (through an RFFT)."""
    _validate_dct_arguments(input, type, n, axis, norm)
    return _dct_internal(input, type, n, axis, norm, name)


def idct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002 - TF's names
    """TF `tf.signal.idct`: the inverse DCT (a DCT of the inverse type, unscaled)."""
    _validate_dct_arguments(input, type, n, axis, norm)
    inverse_type = {1: 1, 2: 3, 3: 2, 4: 4}[type]
    return _dct_internal(input, type=inverse_type, n=n, axis=axis, norm=norm, name=name)


# -- STFT ---------------------------------------------------------------------------------

def _enclosing_power_of_two(value):
    value_static = constant_value(value)
    if value_static is not None:
        return convert_to_tensor(int(2 ** np.ceil(np.log(value_static) / np.log(2.0))),
                                 value.dtype)
    return math_ops.cast(math_ops.pow(2.0, math_ops.ceil(
        math_ops.log(math_ops.cast(value, dtypes.float32)) / math_ops.log(2.0))), value.dtype)


def stft(signals, frame_length, frame_step, fft_length=None,
         window_fn=signal_ops.hann_window, pad_end=False, name=None):
    """TF `tf.signal.stft`: RFFTs of windowed frames of `signals`."""
    with name_scope(name, "stft", [signals, frame_length, frame_step]):
        signals = convert_to_tensor(signals, name="signals")
        signals.shape.with_rank_at_least(1)
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        frame_length.shape.assert_has_rank(0)
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        frame_step.shape.assert_has_rank(0)
        if fft_length is None:
            fft_length = _enclosing_power_of_two(frame_length)
        else:
            fft_length = convert_to_tensor(fft_length, name="fft_length")
        framed_signals = signal_ops.frame(signals, frame_length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed_signals *= window_fn(frame_length, dtype=framed_signals.dtype)
        return fft_ops.rfft(framed_signals, [fft_length])


def inverse_stft_window_fn(frame_step, forward_window_fn=signal_ops.hann_window, name=None):
    """TF `tf.signal.inverse_stft_window_fn`: a window_fn for `inverse_stft` that inverts
    `stft` with `forward_window_fn`."""
    def inverse_stft_window_fn_inner(frame_length, dtype):
        with name_scope(name, "inverse_stft_window_fn", [forward_window_fn]):
            frame_step_ = convert_to_tensor(frame_step, name="frame_step")
            frame_step_.shape.assert_has_rank(0)
            frame_length = convert_to_tensor(frame_length, name="frame_length")
            frame_length.shape.assert_has_rank(0)
            forward_window = forward_window_fn(frame_length, dtype=dtype)
            denom = math_ops.square(forward_window)
            overlaps = -(-frame_length // frame_step_)
            denom = array_ops_pad.pad(denom, [(0, overlaps * frame_step_ - frame_length)])
            denom = array_ops.reshape(denom, [overlaps, frame_step_])
            denom = reduction_ops.reduce_sum(denom, 0, keepdims=True)
            denom = array_ops_pad.tile(denom, [overlaps, 1])
            denom = array_ops.reshape(denom, [overlaps * frame_step_])
            denom = denom[:frame_length]
            return indexing_ops.where(math_ops.equal(denom, 0.0),
                                      array_ops_join.zeros_like(forward_window),
                                      forward_window / denom)
    return inverse_stft_window_fn_inner


def inverse_stft(stfts, frame_length, frame_step, fft_length=None,
                 window_fn=signal_ops.hann_window, name=None):
    """TF `tf.signal.inverse_stft`: IRFFT of each frame, windowed, overlap-added."""
    with name_scope(name, "inverse_stft", [stfts]):
        stfts = convert_to_tensor(stfts, name="stfts")
        stfts.shape.with_rank_at_least(2)
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        frame_length.shape.assert_has_rank(0)
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        frame_step.shape.assert_has_rank(0)
        if fft_length is None:
            fft_length = _enclosing_power_of_two(frame_length)
        else:
            fft_length = convert_to_tensor(fft_length, name="fft_length")
            fft_length.shape.assert_has_rank(0)
        real_frames = fft_ops.irfft(stfts, [fft_length])
        frame_length_static = constant_value(frame_length)
        last = real_frames.shape.as_list()[-1] if real_frames.shape.ndims is not None else None
        if frame_length_static is None or last is None:
            real_frames = real_frames[..., :frame_length]
            real_frames_rank = array_ops.rank(real_frames)
            real_frames_shape = array_ops.shape(real_frames)
            paddings = array_ops_join.concat(
                [signal_ops._zeros_rows(real_frames_rank - 1, frame_length.dtype),
                 [[0, math_ops.maximum(0, frame_length - real_frames_shape[-1])]]], 0)
            real_frames = array_ops_pad.pad(real_frames, paddings)
        elif last > frame_length_static:
            real_frames = real_frames[..., :int(frame_length_static)]
        elif last < frame_length_static:
            pad_amount = int(frame_length_static) - last
            real_frames = array_ops_pad.pad(
                real_frames, [[0, 0]] * (real_frames.shape.ndims - 1) + [[0, pad_amount]])
        if frame_length_static is not None and real_frames.shape.ndims is not None:
            real_frames.set_shape([None] * (real_frames.shape.ndims - 1)
                                  + [int(frame_length_static)])
        if window_fn is not None:
            real_frames *= window_fn(frame_length, dtype=stfts.dtype.real_dtype)
        return signal_ops.overlap_and_add(real_frames, frame_step)


# -- MDCT ---------------------------------------------------------------------------------

def mdct(signals, frame_length, window_fn=signal_ops.vorbis_window, pad_end=False, norm=None,
         name=None):
    """TF `tf.signal.mdct`: the modified DCT of frames overlapping by half."""
    with name_scope(name, "mdct", [signals, frame_length]):
        signals = convert_to_tensor(signals, name="signals")
        signals.shape.with_rank_at_least(1)
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        frame_length.shape.assert_has_rank(0)
        frame_length_static = constant_value(frame_length)
        if frame_length_static is not None:
            if frame_length_static % 4 != 0:
                raise ValueError("The frame length must be a multiple of 4.")
            frame_step = convert_to_tensor(int(frame_length_static) // 2,
                                           dtype=frame_length.dtype)
        else:
            frame_step = frame_length // 2
        framed_signals = signal_ops.frame(signals, frame_length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed_signals *= window_fn(frame_length, dtype=framed_signals.dtype)
        else:
            framed_signals *= 1.0 / np.sqrt(2)
        split_frames = array_ops_join.split(framed_signals, 4, axis=-1)
        frame_firsthalf = -indexing_ops.reverse(split_frames[2], [-1]) - split_frames[3]
        frame_secondhalf = split_frames[0] - indexing_ops.reverse(split_frames[1], [-1])
        frames_rearranged = array_ops_join.concat((frame_firsthalf, frame_secondhalf), axis=-1)
        return dct(frames_rearranged, type=4, norm=norm)


def inverse_mdct(mdcts, window_fn=signal_ops.vorbis_window, norm=None, name=None):
    """TF `tf.signal.inverse_mdct`: frames from their MDCTs, windowed and overlap-added."""
    with name_scope(name, "inverse_mdct", [mdcts]):
        mdcts = convert_to_tensor(mdcts, name="mdcts")
        mdcts.shape.with_rank_at_least(2)
        half_len = math_ops.cast(mdcts.shape.as_list()[-1], dtype=dtypes.int32)
        if norm is None:
            half_len_float = math_ops.cast(half_len, dtype=mdcts.dtype)
            result_idct4 = (0.5 / half_len_float) * dct(mdcts, type=4)
        elif norm == "ortho":
            result_idct4 = dct(mdcts, type=4, norm="ortho")
        split_result = array_ops_join.split(result_idct4, 2, axis=-1)
        real_frames = array_ops_join.concat(
            (split_result[1], -indexing_ops.reverse(split_result[1], [-1]),
             -indexing_ops.reverse(split_result[0], [-1]), -split_result[0]), axis=-1)
        if window_fn is not None:
            real_frames *= window_fn(2 * half_len, dtype=mdcts.dtype)
        else:
            real_frames *= 1.0 / np.sqrt(2)
        return signal_ops.overlap_and_add(real_frames, half_len)


# -- mel scale ----------------------------------------------------------------------------

_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


def _hertz_to_mel(frequencies_hertz, name=None):
    with name_scope(name, "hertz_to_mel", [frequencies_hertz]):
        frequencies_hertz = convert_to_tensor(frequencies_hertz)
        return _MEL_HIGH_FREQUENCY_Q * math_ops.log(
            1.0 + (frequencies_hertz / _MEL_BREAK_FREQUENCY_HERTZ))


def _validate_mel_arguments(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz,
                            dtype):
    if num_mel_bins <= 0:
        raise ValueError("num_mel_bins must be positive. Got: %s" % num_mel_bins)
    if lower_edge_hertz < 0.0:
        raise ValueError("lower_edge_hertz must be non-negative. Got: %s" % lower_edge_hertz)
    if lower_edge_hertz >= upper_edge_hertz:
        raise ValueError("lower_edge_hertz %.1f >= upper_edge_hertz %.1f"
                         % (lower_edge_hertz, upper_edge_hertz))
    if not isinstance(sample_rate, Tensor):
        if sample_rate <= 0.0:
            raise ValueError("sample_rate must be positive. Got: %s" % sample_rate)
        if upper_edge_hertz > sample_rate / 2:
            raise ValueError("upper_edge_hertz must not be larger than the Nyquist frequency "
                             "(sample_rate / 2). Got %s for sample_rate: %s"
                             % (upper_edge_hertz, sample_rate))
    if not dtype.is_floating:
        raise ValueError("dtype must be a floating point type. Got: %s" % dtype)


def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000,
                                lower_edge_hertz=125.0, upper_edge_hertz=3800.0,
                                dtype=dtypes.float32, name=None):
    """TF `tf.signal.linear_to_mel_weight_matrix`: [num_spectrogram_bins, num_mel_bins]
    triangular mel filters (HTK mel scale), the DC bin zeroed."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "linear_to_mel_weight_matrix") as name:
        if isinstance(sample_rate, Tensor):
            maybe_const_val = constant_value(sample_rate)
            if maybe_const_val is not None:
                sample_rate = maybe_const_val
        _validate_mel_arguments(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz,
                                dtype)
        sample_rate = math_ops.cast(sample_rate, dtype, name="sample_rate")
        lower_edge_hertz = convert_to_tensor(lower_edge_hertz, dtype, name="lower_edge_hertz")
        upper_edge_hertz = convert_to_tensor(upper_edge_hertz, dtype, name="upper_edge_hertz")
        zero = convert_to_tensor(0.0, dtype)
        bands_to_zero = 1
        nyquist_hertz = sample_rate / 2.0
        linear_frequencies = array_ops_join.linspace(zero, nyquist_hertz,
                                                     num_spectrogram_bins)[bands_to_zero:]
        spectrogram_bins_mel = array_ops.expand_dims(_hertz_to_mel(linear_frequencies), 1)
        band_edges_mel = signal_ops.frame(
            array_ops_join.linspace(_hertz_to_mel(lower_edge_hertz),
                                    _hertz_to_mel(upper_edge_hertz), num_mel_bins + 2),
            frame_length=3, frame_step=1)
        lower_edge_mel, center_mel, upper_edge_mel = tuple(
            array_ops.reshape(t, [1, num_mel_bins])
            for t in array_ops_join.split(band_edges_mel, 3, axis=1))
        lower_slopes = (spectrogram_bins_mel - lower_edge_mel) / (center_mel - lower_edge_mel)
        upper_slopes = (upper_edge_mel - spectrogram_bins_mel) / (upper_edge_mel - center_mel)
        mel_weights_matrix = math_ops.maximum(zero, math_ops.minimum(lower_slopes,
                                                                     upper_slopes))
        return array_ops_pad.pad(mel_weights_matrix, [[bands_to_zero, 0], [0, 0]], name=name)


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """TF `tf.signal.mfccs_from_log_mel_spectrograms`: an orthonormal DCT-II of log-mel
    spectrograms."""
    with name_scope(name, "mfccs_from_log_mel_spectrograms", [log_mel_spectrograms]):
        log_mel_spectrograms = convert_to_tensor(log_mel_spectrograms)
        shape = log_mel_spectrograms.shape
        if shape.ndims and shape.as_list()[-1] is not None:
            num_mel_bins = shape.as_list()[-1]
            if num_mel_bins == 0:
                raise ValueError("num_mel_bins must be positive. Got: %s"
                                 % log_mel_spectrograms)
        else:
            num_mel_bins = array_ops.shape(log_mel_spectrograms)[-1]
        dct2 = dct(log_mel_spectrograms, type=2)
        return dct2 * math_ops.rsqrt(math_ops.cast(num_mel_bins, dct2.dtype) * 2.0)
