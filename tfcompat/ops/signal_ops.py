"""tf.signal's Python composites: windows, frame / overlap_and_add, fftshift, built from graph ops
the way TF's signal package builds them (same op types and scopes, so values, shapes and
gradients are TF's). The DCT, STFT, MDCT and mel/MFCC functions are in signal_spectral_ops.
"""
from __future__ import annotations

import math

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_misc_ops
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import array_ops_pad
from tfcompat.ops import control_flow_ops
from tfcompat.ops import control_flow_while
from tfcompat.ops import gather_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import special_math_ops


# -- windows ------------------------------------------------------------------------------

def _check_params(window_length, dtype):
    if not dtype.is_floating:
        raise ValueError("dtype must be a floating point type. Found %s" % dtype)
    window_length = convert_to_tensor(window_length, dtype=dtypes.int32)
    window_length.shape.assert_has_rank(0)
    return window_length


def kaiser_window(window_length, beta=12., dtype=dtypes.float32, name=None):
    """TF `tf.signal.kaiser_window`."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "kaiser_window"):
        window_length = _check_params(window_length, dtype)
        if constant_value(window_length) == 1:
            return array_ops_join.ones([1], dtype=dtype)
        halflen_float = (math_ops.cast(window_length, dtype=dtypes.float32) - 1.0) / 2.0
        arg = array_ops_join.range(-halflen_float, halflen_float + 0.1, dtype=dtypes.float32)
        arg = math_ops.cast(arg, dtype=dtype)
        beta = math_ops.cast(beta, dtype=dtype)
        one = math_ops.cast(1.0, dtype=dtype)
        halflen_float = math_ops.cast(halflen_float, dtype=dtype)
        num = beta * math_ops.sqrt(nn_ops.relu(one - math_ops.square(arg / halflen_float)))
        return math_ops.exp(num - beta) * (
            special_math_ops.bessel_i0e(num) / special_math_ops.bessel_i0e(beta))


def kaiser_bessel_derived_window(window_length, beta=12., dtype=dtypes.float32, name=None):
    """TF `tf.signal.kaiser_bessel_derived_window`."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "kaiser_bessel_derived_window"):
        window_length = _check_params(window_length, dtype)
        halflen = window_length // 2
        kaiserw = kaiser_window(halflen + 1, beta, dtype=dtype)
        kaiserw_csum = reduction_ops.cumsum(kaiserw)
        halfw = math_ops.sqrt(kaiserw_csum[:-1] / kaiserw_csum[-1])
        return array_ops_join.concat((halfw, halfw[::-1]), axis=0)


def vorbis_window(window_length, dtype=dtypes.float32, name=None):
    """TF `tf.signal.vorbis_window`."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "vorbis_window"):
        window_length = _check_params(window_length, dtype)
        arg = math_ops.cast(array_ops_join.range(window_length), dtype=dtype)
        return math_ops.sin(np.pi / 2.0 * math_ops.pow(math_ops.sin(
            np.pi / math_ops.cast(window_length, dtype=dtype) * (arg + 0.5)), 2.0))


def _raised_cosine_window(name, default_name, window_length, periodic, dtype, a, b):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError("dtype must be a floating point type. Found %s" % dtype)
    with name_scope(name, default_name, [window_length, periodic]):
        window_length = convert_to_tensor(window_length, dtype=dtypes.int32,
                                          name="window_length")
        window_length.shape.assert_has_rank(0)
        window_length_const = constant_value(window_length)
        if window_length_const == 1:
            return array_ops_join.ones([1], dtype=dtype)
        periodic = math_ops.cast(convert_to_tensor(periodic, dtype=dtypes.bool,
                                                   name="periodic"), dtypes.int32)
        periodic.shape.assert_has_rank(0)
        even = 1 - math_ops.floormod(window_length, 2, name="mod")  # TF's math_ops.mod
        n = math_ops.cast(window_length + periodic * even - 1, dtype=dtype)
        count = math_ops.cast(array_ops_join.range(window_length), dtype)
        cos_arg = convert_to_tensor(2 * np.pi, dtype=dtype) * count / n
        if window_length_const is not None:
            return math_ops.cast(a - b * math_ops.cos(cos_arg), dtype=dtype)
        return control_flow_ops.cond(
            math_ops.equal(window_length, 1),
            lambda: array_ops_join.ones(array_ops_join.stack([window_length]), dtype=dtype),
            lambda: math_ops.cast(a - b * math_ops.cos(cos_arg), dtype=dtype))


def hann_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """TF `tf.signal.hann_window`: 0.5 - 0.5 cos(2 pi n / N)."""
    return _raised_cosine_window(name, "hann_window", window_length, periodic, dtype, 0.5, 0.5)


def hamming_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """TF `tf.signal.hamming_window`: 0.54 - 0.46 cos(2 pi n / N)."""
    return _raised_cosine_window(name, "hamming_window", window_length, periodic, dtype,
                                 0.54, 0.46)


# -- frame --------------------------------------------------------------------------------

def _gcd(a, b, name=None):
    with name_scope(name, "gcd", [a, b]):
        a, b = convert_to_tensor(a), convert_to_tensor(b)
        const_a, const_b = constant_value(a), constant_value(b)
        if const_a is not None and const_b is not None:
            return convert_to_tensor(math.gcd(int(const_a), int(const_b)))
        a, b = control_flow_while.while_loop(
            lambda _, b: math_ops.greater(b, array_ops_join.zeros_like(b)),
            lambda a, b: [b, math_ops.mod(a, b)], [a, b], back_prop=False)
        return a


def _floordiv(a, step):
    """TF's Python divides by the numpy frame_step, for which a zero step gives 0 (the run then
    fails in the graph's FloorDiv) rather than a ZeroDivisionError at build time."""
    with np.errstate(divide="ignore"):
        return int(np.floor_divide(np.int64(a), np.int64(step)))


def _infer_frame_shape(signal, frame_length, frame_step, pad_end, axis):
    frame_length = constant_value(frame_length)
    frame_step = constant_value(frame_step)
    axis = constant_value(axis)
    if signal.shape.ndims is None:
        return None
    if axis is None:
        return [None] * (signal.shape.ndims + 1)
    signal_shape = signal.shape.as_list()
    axis = int(axis)
    num_frames = None
    frame_axis = signal_shape[axis]
    outer_dimensions = signal_shape[:axis]
    inner_dimensions = signal_shape[axis:][1:]
    frame_length = None if frame_length is None else int(frame_length)
    if signal_shape and frame_axis is not None:
        if frame_step is not None and pad_end:
            num_frames = max(0, -_floordiv(-frame_axis, frame_step))
        elif frame_step is not None and frame_length is not None:
            num_frames = max(0, _floordiv(frame_axis - frame_length + int(frame_step), frame_step))
    return outer_dimensions + [num_frames, frame_length] + inner_dimensions


def _zeros_rows(rows, dtype):
    # zeros([rows, 2]) with `rows` a tensor: TF packs the shape list (Pack), as stack does here
    return array_ops_join.zeros(array_ops_join.stack([rows, 2]), dtype=dtype)


def _maybe_constant(value):
    static = constant_value(value)
    return (static, True) if static is not None else (value, False)


def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """TF `tf.signal.frame`: overlapping frames of `frame_length` every `frame_step` along
    `axis` (by TF's subframe gather)."""
    with name_scope(name, "frame", [signal, frame_length, frame_step, pad_value]):
        signal = convert_to_tensor(signal, name="signal")
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        axis = convert_to_tensor(axis, name="axis")
        signal.shape.with_rank_at_least(1)
        frame_length.shape.assert_has_rank(0)
        frame_step.shape.assert_has_rank(0)
        axis.shape.assert_has_rank(0)
        result_shape = _infer_frame_shape(signal, frame_length, frame_step, pad_end, axis)
        signal_shape, shape_static = _maybe_constant(array_ops.shape(signal))
        axis, axis_static = _maybe_constant(axis)
        if shape_static and axis_static:
            axis = range(len(signal_shape))[int(axis)]
            outer_dimensions, length_samples, inner_dimensions = np.split(
                signal_shape, indices_or_sections=[axis, axis + 1])
            length_samples = length_samples.item()
        else:
            signal_rank = array_ops.rank(signal)
            axis = array_ops_join.range(signal_rank)[axis]
            outer_dimensions, length_samples, inner_dimensions = array_ops_join.split(
                signal_shape, [axis, 1, signal_rank - 1 - axis])
            length_samples = array_ops.reshape(length_samples, [])
        num_outer_dimensions = array_ops.size(outer_dimensions)
        num_inner_dimensions = array_ops.size(inner_dimensions)
        if pad_end:
            pad_value = convert_to_tensor(pad_value, signal.dtype)
            pad_value.shape.assert_has_rank(0)
            num_frames = -(-length_samples // frame_step)
            pad_samples = math_ops.maximum(
                0, frame_length + frame_step * (num_frames - 1) - length_samples)
            paddings = array_ops_join.concat([
                _zeros_rows(num_outer_dimensions, pad_samples.dtype),
                convert_to_tensor([[0, pad_samples]]),
                _zeros_rows(num_inner_dimensions, pad_samples.dtype)], 0)
            signal = array_ops_pad.pad(signal, paddings, constant_values=pad_value)
            signal_shape = array_ops.shape(signal)
            length_samples = signal_shape[axis]
        else:
            num_frames = math_ops.maximum(convert_to_tensor(0, dtype=frame_length.dtype),
                                          1 + (length_samples - frame_length) // frame_step)
        subframe_length, _ = _maybe_constant(_gcd(frame_length, frame_step))
        subframes_per_frame = frame_length // subframe_length
        subframes_per_hop = frame_step // subframe_length
        num_subframes = length_samples // subframe_length
        slice_shape = array_ops_join.concat(
            [outer_dimensions, [num_subframes * subframe_length], inner_dimensions], 0)
        subframe_shape = array_ops_join.concat(
            [outer_dimensions, [num_subframes, subframe_length], inner_dimensions], 0)
        subframes = array_ops.reshape(indexing_ops.strided_slice(
            signal, array_ops_join.zeros_like(signal_shape), slice_shape), subframe_shape)
        frame_selector = array_ops.reshape(
            array_ops_join.range(num_frames, dtype=frame_length.dtype) * subframes_per_hop,
            [num_frames, 1])
        subframe_selector = array_ops.reshape(
            array_ops_join.range(subframes_per_frame, dtype=frame_length.dtype),
            [1, subframes_per_frame])
        selector = frame_selector + subframe_selector
        outer_dimensions = convert_to_tensor(outer_dimensions)
        inner_dimensions = convert_to_tensor(inner_dimensions, dtype=outer_dimensions.dtype)
        mid_dimensions = convert_to_tensor([num_frames, frame_length],
                                           dtype=outer_dimensions.dtype)
        frames = array_ops.reshape(
            gather_ops.gather(subframes, selector, axis=axis),
            array_ops_join.concat([outer_dimensions, mid_dimensions, inner_dimensions], 0))
        if result_shape:
            frames.set_shape(result_shape)
        return frames


# -- overlap_and_add ----------------------------------------------------------------------

def overlap_and_add(signal, frame_step, name=None):
    """TF `tf.signal.overlap_and_add`: frames [..., frames, frame_length] summed back into a
    signal, each `frame_step` after the previous."""
    with name_scope(name, "overlap_and_add", [signal, frame_step]):
        signal = convert_to_tensor(signal, name="signal")
        signal.shape.with_rank_at_least(2)
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        frame_step.shape.assert_has_rank(0)
        if not frame_step.dtype.is_integer:
            raise ValueError("frame_step must be an integer. Got %s" % frame_step.dtype)
        frame_step_static = constant_value(frame_step)
        frame_step_is_static = frame_step_static is not None
        frame_step = int(frame_step_static) if frame_step_is_static else frame_step
        signal_shape = array_ops.shape(signal)
        signal_shape_static = constant_value(signal_shape)
        if signal_shape_static is not None:
            signal_shape = signal_shape_static
        outer_dimensions = signal_shape[:-2]
        outer_rank = array_ops.size(outer_dimensions)
        outer_rank_static = constant_value(outer_rank)
        if outer_rank_static is not None:
            outer_rank = outer_rank_static  # numpy: `outer_rank + [1, 0, 2]` adds elementwise

        def full_shape(inner_shape):
            return array_ops_join.concat([outer_dimensions, inner_shape], 0)

        frame_length = signal_shape[-1]
        frames = signal_shape[-2]
        output_length = frame_length + frame_step * (frames - 1)
        if (frame_step_is_static and signal.shape.ndims is not None
                and frame_step == signal.shape.as_list()[-1]):
            return array_ops.reshape(signal, full_shape([output_length]), name="fast_path")
        segments = -(-frame_length // frame_step)
        paddings = [[0, segments], [0, segments * frame_step - frame_length]]
        if isinstance(outer_rank, Tensor):  # the rank is unknown until run time
            outer_paddings = _zeros_rows(outer_rank, dtypes.int32)
        else:
            outer_paddings = array_ops_join.zeros([outer_rank, 2], dtypes.int32)
        paddings = array_ops_join.concat([outer_paddings, paddings], 0)
        signal = array_ops_pad.pad(signal, paddings)
        signal = array_ops.reshape(signal, full_shape([frames + segments, segments, frame_step]))
        perm = array_ops_join.concat([array_ops_join.range(outer_rank), outer_rank + [1, 0, 2]],
                                     0)
        perm_static = constant_value(perm)
        perm = perm_static if perm_static is not None else perm
        signal = array_ops.transpose(signal, perm)
        signal = array_ops.reshape(signal,
                                   full_shape([(frames + segments) * segments, frame_step]))
        signal = signal[..., :(frames + segments - 1) * segments, :]
        signal = array_ops.reshape(signal,
                                   full_shape([segments, (frames + segments - 1), frame_step]))
        signal = reduction_ops.reduce_sum(signal, -3)
        signal = array_ops.reshape(signal, full_shape([(frames + segments - 1) * frame_step]))
        return signal[..., :output_length]


# -- fftshift / ifftshift -----------------------------------------------------------------

def _shift(x, axes, name, default_name, inverse):
    with name_scope(name, default_name) as name:
        x = convert_to_tensor(x)
        if axes is None:
            axes = tuple(range(x.shape.ndims))
            shift = array_ops.shape(x) // 2
        elif isinstance(axes, int):
            shift = array_ops.shape(x)[axes] // 2
        else:
            rank = array_ops.rank(x)
            axes = indexing_ops.where(math_ops.less(axes, 0), axes + rank, axes)
            shift = gather_ops.gather(array_ops.shape(x), axes) // 2
        if inverse:
            shift = -shift
        return array_misc_ops.roll(x, shift, axes, name)


def fftshift(x, axes=None, name=None):
    """TF `tf.signal.fftshift`: the zero frequency moved to the centre (numpy's fftshift)."""
    return _shift(x, axes, name, "fftshift", False)


def ifftshift(x, axes=None, name=None):
    """TF `tf.signal.ifftshift`: the inverse of `fftshift`."""
    return _shift(x, axes, name, "ifftshift", True)
