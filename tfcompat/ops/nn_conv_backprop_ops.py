"""The transposed convolutions of TF (Conv2DBackpropInput, Conv3DBackpropInputV2: the gradient
of a convolution with respect to its input, also tf.nn.conv2d_transpose) and Conv2DBackpropFilter,
with TF's shape functions and kernel checks. The convolutions themselves are in nn_conv_ops.py.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import nn_conv_attrs as attrs
from tfcompat.ops.nn_conv_ops import _CONV_ATTRS
from tfcompat.ops.nn_conv_ops import _channels_first
from tfcompat.ops.nn_conv_ops import _conv
from tfcompat.ops.nn_conv_ops import _explicit_pairs
from tfcompat.ops.nn_conv_ops import _from_cf
from tfcompat.ops.nn_conv_ops import _nd_shape
from tfcompat.ops.nn_conv_ops import _pads
from tfcompat.ops.nn_conv_ops import _spatial
from tfcompat.ops.nn_conv_ops import _split_dims
from tfcompat.ops.nn_conv_ops import _to_cf
from tfcompat.ops.nn_conv_ops import _torch_weight

_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}

# -- Conv2DBackpropInput / Conv3DBackpropInputV2 (transposed convolution) ---------------------

_FORMATS = {2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def _check_attrs(op, n, strides, padding, data_format):
    if n == 3:
        attrs.check_min_length(op, "strides", strides, 5)
    attrs.check_choice(op, "padding", padding,
                       attrs.PLAIN_PADDINGS if n == 3 else attrs.CONV_PADDINGS)
    attrs.check_choice(op, "data_format", data_format, _FORMATS[n])


def _backprop_input_infer_fn(n):
    def infer(op, sizes, w, dy, *, strides, padding, data_format="NHWC", **unused):
        _check_attrs(op, n, strides, padding, data_format)
        shape = constant_value_as_shape(sizes)
        if n == 3:  # TF: the shape input, of rank 5
            return [(dy.dtype.base_dtype, _with_rank(op, shape, 5, op.inputs))]
        return [(dy.dtype.base_dtype, _backprop_input_shape(op, shape, w, dy, data_format))]
    return infer


def _with_rank(op, shape, rank, inputs):
    if shape.ndims is None:
        return tensor_shape.unknown_shape(rank=rank)
    if shape.ndims != rank:
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                      % (rank, shape.ndims), op, inputs)
    return shape


def _backprop_input_shape(op, sizes, w, dy, data_format):
    """TF's Conv2DBackpropInputShape: batch from out_backprop; input_sizes gives 4 dims or
    only the 2 spatial ones (the depth is then the filter's)."""
    inputs = op.inputs
    dy_shape = _with_rank(op, dy.shape, 4, inputs)
    w_dims = _with_rank(op, w.shape, 4, inputs).as_list()
    batch, _, dy_depth = _split_dims(dy_shape, 2, data_format)
    _merge(op, dy_depth, w_dims[3], inputs)
    if sizes.ndims is None:
        sizes = tensor_shape.unknown_shape(rank=4)
    if sizes.ndims == 4:
        given_batch, spatial, depth = _split_dims(sizes, 2, data_format)
        _merge(op, given_batch, batch, inputs)
    elif sizes.ndims == 2:
        spatial, depth = sizes.as_list(), w_dims[2]
    else:
        raise shape_rules.shape_error("Conv2DBackpropInput requires input_sizes to contain 4 "
                                      "values or 2 values, but got: %d" % sizes.ndims, op,
                                      inputs)
    return _nd_shape(batch, spatial, depth, data_format)


def _merge(op, a, b, inputs):
    if a is not None and b is not None and a != b:
        raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d" % (a, b),
                                      op, inputs)


_BACKPROP_PREFIX = {"Conv2DBackpropInput": "Conv2DCustomBackpropInput",
                    "Conv3DBackpropInputV2": "Conv3DBackpropInputOp",
                    "Conv2DBackpropFilter": "Conv2DCustomBackpropFilter",
                    "Conv3DBackpropFilterV2": "Conv3DBackpropFilterOp"}


def _check_backprop_dims(ctx, in_spatial, k_dims, dy_spatial, strides, padding, dilations,
                         data_format, explicit):
    """TF's ConvBackpropComputeDimensions: out_backprop must have the conv's output size."""
    s, d = _spatial(strides, data_format), _spatial(dilations, data_format)
    first = 2 if _channels_first(data_format) else 1
    for i, (size, k, out) in enumerate(zip(in_spatial, k_dims, dy_spatial)):
        if padding == "EXPLICIT":
            eff = (k - 1) * d[i] + 1
            expected = (size + sum(explicit[i]) - eff) // s[i] + 1
        else:
            expected = -(-size // s[i]) if padding == "SAME" else (
                (size - (k - 1) * d[i] - 1) // s[i] + 1)
        attrs.check_backprop_size(ctx, _BACKPROP_PREFIX[ctx.op.type], first + i, size, k,
                                  s[i], d[i], out, expected)


def _check_backprop_depth(ctx, in_batch, in_depth, filter_shape, dy_shape, data_format):
    """TF's ConvBackpropComputeDimensionsV2 checks before the spatial ones: the batch size of
    input (its sizes) and out_backprop, the depths of input, filter and out_backprop."""
    prefix = _BACKPROP_PREFIX[ctx.op.type]
    dy_depth = dy_shape[1] if _channels_first(data_format) else dy_shape[-1]
    if ctx.op.type.startswith("Conv3D"):
        _check_3d_channels(ctx, in_depth, filter_shape, dy_depth)
    if in_batch is not None and in_batch != dy_shape[0]:
        raise errors.InvalidArgumentError(
            None, ctx.op, "%s: input and out_backprop must have the same batch size. Input "
            "batch: %d, outbackprop batch: %d, batch_dim: 0" % (prefix, in_batch, dy_shape[0]))
    filter_depth = filter_shape[-2]
    if filter_depth == 0 or in_depth % filter_depth:
        raise errors.InvalidArgumentError(None, ctx.op, "%s: input depth must be evenly "
                                          "divisible by filter depth" % prefix)
    if filter_shape[-1] != dy_depth:
        raise errors.InvalidArgumentError(None, ctx.op, "%s: filter and out_backprop must have "
                                          "the same out_depth" % prefix)


def _check_3d_channels(ctx, in_depth, filter_shape, dy_depth):
    """TF's Conv3D backprop kernels (no grouped 3-D convolution) compare channel counts first."""
    if in_depth != filter_shape[3]:
        raise errors.InvalidArgumentError(
            None, ctx.op, "input and filter_sizes must have the same number of channels. Got %d "
            "for input and %d for filter_sizes" % (in_depth, filter_shape[3]))
    if dy_depth != filter_shape[4]:
        raise errors.InvalidArgumentError(
            None, ctx.op, "out_backprop and filter_sizes must have the same number of channels. "
            "Got %d for out_backprop and %d for filter_sizes" % (dy_depth, filter_shape[4]))


def check_backprop_filter(ctx, x, shape, dy, strides, padding, dilations, data_format,
                          explicit_paddings, n):
    """TF's checks of a filter backprop (`shape` the filter's) before it computes anything."""
    _, x_spatial, x_depth = _split_dims(TensorShape(list(x.shape)), n, data_format)
    _check_backprop_depth(ctx, x.shape[0], x_depth, shape, list(dy.shape), data_format)
    _check_backprop_dims(ctx, x_spatial, shape[:n], _spatial(dy.shape, data_format), strides,
                         padding, dilations, data_format,
                         _explicit_pairs(explicit_paddings, data_format, n))


def _conv_transpose(ctx, sizes, w, dy, strides, padding, dilations, data_format,
                    explicit_paddings):
    n = w.dim() - 2
    sizes = [int(v) for v in sizes.tolist()]
    in_batch = None
    if len(sizes) == n:  # spatial sizes only (Conv2DBackpropInput)
        in_spatial, in_depth = sizes, w.shape[n]
    else:
        in_batch = sizes[0]
        in_spatial = sizes[2:] if _channels_first(data_format) else sizes[1:-1]
        in_depth = sizes[1] if _channels_first(data_format) else sizes[-1]
    s = _spatial(strides, data_format)
    d = _spatial(dilations, data_format)
    explicit = _explicit_pairs(explicit_paddings, data_format, n)
    dyc = _to_cf(dy, data_format)
    _check_backprop_depth(ctx, in_batch, in_depth, list(w.shape), list(dy.shape), data_format)
    _check_backprop_dims(ctx, in_spatial, w.shape[:n], dyc.shape[2:], strides, padding,
                         dilations, data_format, explicit)
    weight = _torch_weight(w)
    if not dy.is_floating_point():  # NOTE: torch has no integer transposed convolution
        dyc, weight = dyc.double(), weight.double()
    full = _CONV_T[n](dyc, weight, None, s, 0, 0, in_depth // w.shape[n], d)
    index = [slice(None), slice(None)]
    extra = []
    for i in range(n):
        before, _ = _pads(in_spatial[i], w.shape[i], s[i], d[i], padding, explicit[i])
        index.append(slice(before, before + in_spatial[i]))
        extra.append(max(before + in_spatial[i] - full.shape[2 + i], 0))
    out = full[tuple(index)]
    if any(extra):
        flat = []
        for e in reversed(extra):
            flat += [0, e]
        out = F.pad(out, flat)
    return _from_cf(out.to(dy.dtype), data_format)


@register_op("Conv2DBackpropInput", inputs=("input_sizes: int32", "filter: T",
                                            "out_backprop: T"),
             infer=_backprop_input_infer_fn(2), attrs=dict(_CONV_ATTRS, use_cudnn_on_gpu=True))
def _lower_conv2d_backprop_input(ctx, sizes, w, dy, *, strides, padding, data_format="NHWC",
                                 dilations=(1, 1, 1, 1), explicit_paddings=(),
                                 use_cudnn_on_gpu=True):
    return _conv_transpose(ctx, sizes, w, dy, strides, padding, dilations, data_format,
                           explicit_paddings)


@register_op("Conv3DBackpropInputV2", inputs=("input_sizes: Tshape", "filter: T",
                                              "out_backprop: T"),
             infer=_backprop_input_infer_fn(3),
             attrs=dict(_CONV_ATTRS, data_format="NDHWC", dilations=(1, 1, 1, 1, 1)))
def _lower_conv3d_backprop_input_v2(ctx, sizes, w, dy, *, strides, padding,
                                    data_format="NDHWC", dilations=(1, 1, 1, 1, 1),
                                    explicit_paddings=(), **unused):
    return _conv_transpose(ctx, sizes, w, dy, strides, padding, dilations, data_format,
                           explicit_paddings)


def _backprop_filter_infer(op, x, sizes, dy, *, strides, padding, data_format="NHWC",
                           **unused):
    _check_attrs(op, 2, strides, padding, data_format)
    return [(x.dtype.base_dtype, _with_rank(op, constant_value_as_shape(sizes), 4, op.inputs))]


@register_op("Conv2DBackpropFilter", inputs=("input: T", "filter_sizes: int32",
                                             "out_backprop: T"),
             infer=_backprop_filter_infer, attrs=dict(_CONV_ATTRS, use_cudnn_on_gpu=True))
def _lower_conv2d_backprop_filter(ctx, x, sizes, dy, *, strides, padding, data_format="NHWC",
                                  dilations=(1, 1, 1, 1), explicit_paddings=(),
                                  use_cudnn_on_gpu=True):
    shape = [int(v) for v in sizes.tolist()]
    check_backprop_filter(ctx, x, shape, dy, strides, padding, dilations, data_format,
                          explicit_paddings, 2)
    # differentiable in input and out_backprop when they need grad, as TF's gradient is
    connect = torch.is_grad_enabled() and (x.requires_grad or dy.requires_grad)
    with torch.enable_grad():
        w = torch.zeros(shape, dtype=x.dtype, device=x.device, requires_grad=True)
        y = _conv(x if connect else x.detach(), w, strides, padding, dilations, data_format,
                  explicit_paddings)
        (grad,) = torch.autograd.grad(y, w, dy, create_graph=ctx.create_graph or connect)
    return grad
