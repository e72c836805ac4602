"""Patch extraction ops: ExtractImagePatches (`tf.image.extract_patches`,
`tf.extract_image_patches`) and ExtractVolumePatches (`tf.extract_volume_patches`).

Each output pixel holds a flattened (rows, cols[, planes], depth) window; windows are gathered
with index arithmetic from a zero-padded input, so any dtype works and autograd gives TF's
gradient (the scatter-add of the patches back into the image).
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops._shape_fns import with_rank
from tfcompat.ops.nn_conv_attrs import check_min_length


def _out_size(size, k, stride, rate, padding):
    """TF's GetWindowedOutputSize with dilation: (output size, padding before)."""
    if size is None:
        return None, None
    eff = (k - 1) * rate + 1
    if padding == "VALID":
        return max((size - eff + stride) // stride, 0), 0
    out = (size + stride - 1) // stride
    return out, max((out - 1) * stride + eff - size, 0) // 2


def _checked_out_size(op, inputs, size, eff, stride, padding):
    """GetWindowedOutputSizeVerbose of the shape functions: C++'s truncating division, and
    TF's error for a VALID window larger than the input."""
    if padding != "VALID":
        return -(-size // stride)
    out = int((size - eff + stride) / stride)
    if out < 0:
        raise shape_rules.shape_error(
            "Computed output size would be negative: %d [input_size: %d, effective_filter_size: "
            "%d, stride: %d]" % (out, size, eff, stride), op, inputs)
    return out


def _patches_infer(op, images, *, ksizes, strides, rates=None, padding):
    """TF's ExtractImagePatches / ExtractVolumePatches shape functions: the window attrs' lengths
    checked now (their batch and depth entries only when the kernel runs), every spatial
    output dimension unknown unless all input spatial dimensions are known."""
    rank = 4 if op.type == "ExtractImagePatches" else 5
    for attr, value in (("ksizes", ksizes), ("strides", strides), ("rates", rates)):
        if value is not None:
            check_min_length(op, attr, value, rank)
    shape = with_rank(op, [images], images.shape, rank).as_list()
    for what, value in (("ksizes", ksizes), ("stride", strides), ("rates", rates)):
        if value is not None and len(value) != rank:
            raise shape_rules.shape_error("%s requires the %s attribute to contain %d values, "
                                          "but got: %d" % (op.type, what, rank, len(value)),
                                          op, [images])
    rates = rates or [1] * rank
    window = int(np.prod(ksizes[1:-1]))
    depth = None if shape[-1] is None else shape[-1] * window
    spatial = shape[1:-1]
    if None in spatial:
        # TF's ExtractVolumePatches returns a rank-4 shape here (known_differences.txt)
        return [(images.dtype.base_dtype, TensorShape([shape[0]] + [None] * (rank - 2) + [depth]))]
    dims = [_checked_out_size(op, [images], size, (ksizes[i + 1] - 1) * rates[i + 1] + 1,
                              strides[i + 1], _str(padding)) for i, size in enumerate(spatial)]
    return [(images.dtype.base_dtype, TensorShape([shape[0]] + dims + [depth]))]


def _check_kernel_attrs(ctx, ksizes, strides, rates):
    """The kernels' checks: windows only across the spatial dimensions."""
    for what, value in (("ksizes", ksizes), ("strides", strides), ("rates", rates)):
        if value[0] != 1 or value[-1] != 1:
            raise errors.UnimplementedError(None, ctx.op, "Only support %s across space." % what)


def _str(value):
    return value.decode() if isinstance(value, bytes) else value


def _gather_patches(ctx, images, ksizes, strides, rates, padding):
    """[batch, *spatial, depth] -> [batch, *out_spatial, prod(ksizes) * depth]."""
    spatial = list(images.shape[1:-1])
    pads, index = [(0, 0)], []
    for axis, size in enumerate(spatial):
        k, s, r = ksizes[axis + 1], strides[axis + 1], rates[axis + 1]
        out, before = _out_size(size, k, s, r, padding)
        eff = (k - 1) * r + 1
        after = max((out - 1) * s + eff - size - before, 0)
        pads.append((before, after))
        # [out, k] positions in the padded input
        index.append(torch.arange(out)[:, None] * s + torch.arange(k)[None] * r)
    pads.append((0, 0))
    flat_pads = [p for pair in reversed(pads) for p in pair]
    padded = torch.nn.functional.pad(images, flat_pads) if any(flat_pads) else images
    n = len(spatial)
    # broadcast to [*out, *k] per axis, in the order (out_0, ..., out_n, k_0, ..., k_n)
    grids = []
    for axis, idx in enumerate(index):
        shape = [1] * (2 * n)
        shape[axis], shape[n + axis] = idx.shape
        grids.append(idx.reshape(shape).to(images.device, non_blocking=True))
    patches = padded[(slice(None),) + tuple(grids)]  # [batch, *out, *k, depth]
    return patches.reshape(list(patches.shape[:1 + n]) + [int(np.prod(ksizes)) * images.shape[-1]])


_ATTRS = {"ksizes": None, "strides": None, "padding": None}


@register_op("ExtractImagePatches", inputs=("images: T",), infer=_patches_infer,
             attrs=dict(_ATTRS, rates=None))
def _lower_extract_image_patches(ctx, images, *, ksizes, strides, rates, padding):
    _check_kernel_attrs(ctx, ksizes, strides, rates)
    return _gather_patches(ctx, images, ksizes, strides, rates, _str(padding))


@register_op("ExtractVolumePatches", inputs=("input: T",), infer=_patches_infer, attrs=_ATTRS)
def _lower_extract_volume_patches(ctx, input, *, ksizes, strides, padding):
    _check_kernel_attrs(ctx, ksizes, strides, [1])
    return _gather_patches(ctx, input, ksizes, strides, [1] * 5, _str(padding))


def extract_image_patches(images, ksizes=None, strides=None, rates=None, padding=None,
                          name=None, sizes=None):
    """TF1 `tf.image.extract_image_patches` / `tf.extract_image_patches` (op
    `ExtractImagePatches`; `sizes` is the deprecated spelling of `ksizes`)."""
    if ksizes is not None and sizes is not None:
        raise ValueError("Cannot specify both 'ksizes' and 'sizes'.")
    ksizes = ksizes if ksizes is not None else sizes
    if ksizes is None or strides is None or rates is None or padding is None:
        raise TypeError("extract_image_patches() needs ksizes (or sizes), strides, rates and "
                        "padding")
    return apply_op("ExtractImagePatches", [images], name=name or "ExtractImagePatches",
                    ksizes=[int(v) for v in ksizes], strides=[int(v) for v in strides],
                    rates=[int(v) for v in rates], padding=_padding(padding))


def extract_patches(images, sizes, strides, rates, padding, name=None):
    """TF `tf.image.extract_patches` (op `ExtractImagePatches`)."""
    return extract_image_patches(images, sizes, strides, rates, padding, name=name)


def extract_volume_patches(input, ksizes, strides, padding, name=None):
    """TF1 `tf.extract_volume_patches` (op `ExtractVolumePatches`) over [b, planes, rows, cols,
    depth] volumes."""
    return apply_op("ExtractVolumePatches", [input], name=name or "ExtractVolumePatches",
                    ksizes=[int(v) for v in ksizes], strides=[int(v) for v in strides],
                    padding=_padding(padding))


def _padding(padding):
    padding = _str(padding)
    if padding not in ("SAME", "VALID"):
        raise ValueError("padding must be 'SAME' or 'VALID', got %r" % (padding,))
    return padding
