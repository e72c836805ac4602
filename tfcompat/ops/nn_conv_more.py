"""The remaining convolution ops and functions of TF1: Conv3DBackpropFilterV2, the depthwise
backprops (DepthwiseConv2dNativeBackpropInput/Filter), Conv2DBackpropInputV2/FilterV2 (sizes
taken from a tensor's shape), the generic `Conv` op (tf.conv), and the rank-dispatching
wrappers tf.nn.conv_transpose, atrous_conv2d_transpose, max_pool_v2 and avg_pool_v2.

Each backprop is the vector-Jacobian product of the forward convolution (linear in the
argument it differentiates), so values match TF's kernels and the op stays differentiable in
its other inputs, as TF's registered gradients make it.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import array_ops
from tfcompat.ops import nn_conv_attrs as attrs
from tfcompat.ops import nn_conv_backprop_ops
from tfcompat.ops import nn_conv_ops
from tfcompat.ops import nn_pool_ops
from tfcompat.ops import space_to_batch_ops
from tfcompat.ops.nn_conv_ops import _CONV_ATTRS
from tfcompat.ops.nn_conv_ops import _conv
from tfcompat.ops.nn_conv_ops import _convert_padding
from tfcompat.ops.nn_conv_ops import _lower_depthwise_conv2d_native

_FORMATS = {2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def _vjp(ctx, forward, shape, other, dy, wrt_first):
    """The gradient of `forward(first, second)` with respect to the argument of `shape`
    (first when `wrt_first`) at cotangent `dy`; `other` is the remaining argument."""
    connect = torch.is_grad_enabled() and (other.requires_grad or dy.requires_grad)
    with torch.enable_grad():
        primal = torch.zeros([int(v) for v in shape], dtype=dy.dtype, device=dy.device,
                             requires_grad=True)
        other_in = other if connect else other.detach()
        y = forward(primal, other_in) if wrt_first else forward(other_in, primal)
        if tuple(y.shape) != tuple(dy.shape):
            raise errors.InvalidArgumentError(
                None, ctx.op, "%s: out_backprop has shape %s but the convolution's output "
                "has shape %s" % (ctx.op.type, list(dy.shape), list(y.shape)))
        (grad,) = torch.autograd.grad(y, primal, dy, create_graph=ctx.create_graph or connect)
    return grad


def _check_attrs(op, n, padding, data_format, paddings=attrs.CONV_PADDINGS):
    attrs.check_choice(op, "padding", padding, paddings)
    attrs.check_choice(op, "data_format", data_format, _FORMATS[n])


def _sizes_shape(op, sizes, rank):
    shape = constant_value_as_shape(sizes)
    if shape.ndims is None:
        return tensor_shape.unknown_shape(rank=rank)
    if shape.ndims != rank:
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d" % (rank, shape.ndims),
                                      op, op.inputs)
    return shape


def _sizes_infer_fn(n, sizes_index, dtype_index, paddings=attrs.CONV_PADDINGS):
    """Output shape: the constant value of the sizes input (input_sizes / filter_sizes)."""
    def infer(op, *inputs, strides, padding, data_format=None, **unused):
        _check_attrs(op, n, padding, data_format or _FORMATS[n][0], paddings)
        return [(inputs[dtype_index].dtype.base_dtype,
                 _sizes_shape(op, inputs[sizes_index], n + 2))]
    return infer


def _like_infer_fn(like_index):
    """Output shape: the shape of input `like_index` (the V2 ops take a tensor, not sizes)."""
    def infer(op, x, w, dy, *, strides, padding, data_format="NHWC", **unused):
        _check_attrs(op, 2, padding, data_format)
        return [(dy.dtype.base_dtype, (x, w)[like_index].shape)]
    return infer


def _sizes(t):
    return [int(v) for v in t.tolist()]


# -- Conv3DBackpropFilterV2 -------------------------------------------------------------------

@register_op("Conv3DBackpropFilterV2", inputs=("input: T", "filter_sizes: int32",
                                               "out_backprop: T"),
             infer=_sizes_infer_fn(3, 1, 0, attrs.PLAIN_PADDINGS),
             attrs=dict(_CONV_ATTRS, data_format="NDHWC", dilations=(1, 1, 1, 1, 1)))
def _lower_conv3d_backprop_filter_v2(ctx, x, sizes, dy, *, strides, padding,
                                     data_format="NDHWC", dilations=(1, 1, 1, 1, 1),
                                     explicit_paddings=()):
    nn_conv_backprop_ops.check_backprop_filter(ctx, x, _sizes(sizes), dy, strides, padding,
                                               dilations, data_format, (), 3)

    def forward(inp, w):
        return _conv(inp, w, strides, padding, dilations, data_format, ())
    return _vjp(ctx, forward, _sizes(sizes), x, dy, wrt_first=False)


# -- DepthwiseConv2dNativeBackpropInput / Filter ------------------------------------------------

def _depthwise_forward(ctx, strides, padding, data_format, dilations, explicit_paddings):
    def forward(x, w):
        return _lower_depthwise_conv2d_native(ctx, x, w, strides=strides, padding=padding,
                                              data_format=data_format, dilations=dilations,
                                              explicit_paddings=explicit_paddings)
    return forward


@register_op("DepthwiseConv2dNativeBackpropInput",
             inputs=("input_sizes: int32", "filter: T", "out_backprop: T"),
             infer=_sizes_infer_fn(2, 0, 2), attrs=_CONV_ATTRS)
def _lower_depthwise_backprop_input(ctx, sizes, w, dy, *, strides, padding, data_format="NHWC",
                                    dilations=(1, 1, 1, 1), explicit_paddings=()):
    forward = _depthwise_forward(ctx, strides, padding, data_format, dilations,
                                 explicit_paddings)
    return _vjp(ctx, forward, _sizes(sizes), w, dy, wrt_first=True)


@register_op("DepthwiseConv2dNativeBackpropFilter",
             inputs=("input: T", "filter_sizes: int32", "out_backprop: T"),
             infer=_sizes_infer_fn(2, 1, 0), attrs=_CONV_ATTRS)
def _lower_depthwise_backprop_filter(ctx, x, sizes, dy, *, strides, padding,
                                     data_format="NHWC", dilations=(1, 1, 1, 1),
                                     explicit_paddings=()):
    forward = _depthwise_forward(ctx, strides, padding, data_format, dilations,
                                 explicit_paddings)
    return _vjp(ctx, forward, _sizes(sizes), x, dy, wrt_first=False)


# -- Conv2DBackpropInputV2 / Conv2DBackpropFilterV2 ---------------------------------------------

def _conv2d_forward(strides, padding, dilations, data_format, explicit_paddings):
    def forward(x, w):
        return _conv(x, w, strides, padding, dilations, data_format, explicit_paddings)
    return forward


@register_op("Conv2DBackpropInputV2", inputs=("input: T", "filter: T", "out_backprop: T"),
             infer=_like_infer_fn(0), attrs=dict(_CONV_ATTRS, use_cudnn_on_gpu=True))
def _lower_conv2d_backprop_input_v2(ctx, x, w, dy, *, strides, padding, data_format="NHWC",
                                    dilations=(1, 1, 1, 1), explicit_paddings=(),
                                    use_cudnn_on_gpu=True):
    forward = _conv2d_forward(strides, padding, dilations, data_format, explicit_paddings)
    return _vjp(ctx, forward, x.shape, w, dy, wrt_first=True)


@register_op("Conv2DBackpropFilterV2", inputs=("input: T", "filter: T", "out_backprop: T"),
             infer=_like_infer_fn(1), attrs=dict(_CONV_ATTRS, use_cudnn_on_gpu=True))
def _lower_conv2d_backprop_filter_v2(ctx, x, w, dy, *, strides, padding, data_format="NHWC",
                                     dilations=(1, 1, 1, 1), explicit_paddings=(),
                                     use_cudnn_on_gpu=True):
    forward = _conv2d_forward(strides, padding, dilations, data_format, explicit_paddings)
    return _vjp(ctx, forward, w.shape, x, dy, wrt_first=False)


# -- Conv (tf.conv: any spatial rank, CHANNELS_LAST / CHANNELS_FIRST, groups) ------------------

def _conv_generic_format(data_format, n):
    if data_format == "CHANNELS_FIRST":
        return "NC" + "DHW"[3 - n:]
    return "N" + "DHW"[3 - n:] + "C"


def _generic_conv_infer(op, x, w, *, strides, padding, data_format="CHANNELS_LAST",
                        dilations=(), explicit_paddings=(), batch_dims=1, groups=1):
    attrs.check_choice(op, "data_format", data_format, ("CHANNELS_FIRST", "CHANNELS_LAST"))
    attrs.check_choice(op, "padding", padding, attrs.CONV_PADDINGS)
    if batch_dims != 1:
        raise ValueError("Conv: tfcompat supports batch_dims=1 only, got %d" % batch_dims)
    if x.shape.ndims is not None and x.shape.ndims not in (4, 5):
        raise shape_rules.shape_error("Input tensor must be rank 4 or 5, excluding extra "
                                      "batch dimensions, but got: %d" % x.shape.ndims, op,
                                      op.inputs)
    if w.shape.ndims is None:
        return [(x.dtype.base_dtype, tensor_shape.unknown_shape())]
    n = w.shape.ndims - 2
    fmt = _conv_generic_format(data_format, n)
    batch, spatial, _ = nn_conv_ops._split_shape(x, n, fmt)
    wdims = w.shape.as_list()
    s, d = nn_conv_ops._spatial(strides, fmt), nn_conv_ops._spatial(dilations or [1] * (n + 2),
                                                                    fmt)
    explicit = nn_conv_ops._explicit_pairs(explicit_paddings, fmt, n)
    out = [nn_conv_ops._out_size(op, [x, w], spatial[i], wdims[i], s[i], d[i], padding,
                                 explicit[i]) for i in range(n)]
    return [(x.dtype.base_dtype, nn_conv_ops._nd_shape(batch, out, wdims[n + 1], fmt))]


@register_op("Conv", inputs=("input: T", "filter: T"), infer=_generic_conv_infer,
             attrs={"strides": None, "padding": "VALID", "explicit_paddings": (),
                    "data_format": "CHANNELS_LAST", "dilations": (), "batch_dims": 1,
                    "groups": 1})
def _lower_conv(ctx, x, w, *, strides, padding, explicit_paddings=(),
                data_format="CHANNELS_LAST", dilations=(), batch_dims=1, groups=1):
    n = w.dim() - 2
    fmt = _conv_generic_format(data_format, n)
    return _conv(x, w, strides, padding, list(dilations) or [1] * (n + 2), fmt,
                 explicit_paddings, groups=groups)


# -- public functions ---------------------------------------------------------------------------

def conv3d_backprop_filter_v2(input, filter_sizes, out_backprop, strides, padding,
                              data_format="NDHWC", dilations=(1, 1, 1, 1, 1), name=None):
    """TF1 `tf.nn.conv3d_backprop_filter` (Conv3DBackpropFilterV2)."""
    return apply_op("Conv3DBackpropFilterV2", [input, filter_sizes, out_backprop],
                    name=name or "Conv3DBackpropFilterV2", strides=list(strides),
                    padding=padding, data_format=data_format, dilations=list(dilations))


def depthwise_conv2d_native_backprop_input(input_sizes, filter, out_backprop, strides, padding,
                                           data_format="NHWC", dilations=(1, 1, 1, 1),
                                           name=None):
    """TF1 `tf.nn.depthwise_conv2d_native_backprop_input` (also `..._backprop_input`)."""
    padding, explicit = _convert_padding(padding)
    return apply_op("DepthwiseConv2dNativeBackpropInput", [input_sizes, filter, out_backprop],
                    name=name or "DepthwiseConv2dNativeBackpropInput", strides=list(strides),
                    padding=padding, explicit_paddings=explicit, data_format=data_format,
                    dilations=list(dilations))


def depthwise_conv2d_native_backprop_filter(input, filter_sizes, out_backprop, strides, padding,
                                            data_format="NHWC", dilations=(1, 1, 1, 1),
                                            name=None):
    """TF1 `tf.nn.depthwise_conv2d_native_backprop_filter` (also `..._backprop_filter`)."""
    padding, explicit = _convert_padding(padding)
    return apply_op("DepthwiseConv2dNativeBackpropFilter", [input, filter_sizes, out_backprop],
                    name=name or "DepthwiseConv2dNativeBackpropFilter", strides=list(strides),
                    padding=padding, explicit_paddings=explicit, data_format=data_format,
                    dilations=list(dilations))


def _v2(op_type, input, filter, out_backprop, strides, padding, explicit_paddings, data_format,
        dilations, name):
    return apply_op(op_type, [input, filter, out_backprop], name=name or op_type,
                    strides=list(strides), padding=padding,
                    explicit_paddings=list(explicit_paddings), data_format=data_format,
                    dilations=list(dilations))


def conv2d_backprop_input_v2(input, filter, out_backprop, strides, padding,
                             use_cudnn_on_gpu=True, explicit_paddings=(), data_format="NHWC",
                             dilations=(1, 1, 1, 1), name=None):
    """TF `tf.conv2d_backprop_input_v2`: Conv2DBackpropInput sized by `input`'s shape."""
    return _v2("Conv2DBackpropInputV2", input, filter, out_backprop, strides, padding,
               explicit_paddings, data_format, dilations, name)


def conv2d_backprop_filter_v2(input, filter, out_backprop, strides, padding,
                              use_cudnn_on_gpu=True, explicit_paddings=(), data_format="NHWC",
                              dilations=(1, 1, 1, 1), name=None):
    """TF `tf.conv2d_backprop_filter_v2`: Conv2DBackpropFilter sized by `filter`'s shape."""
    return _v2("Conv2DBackpropFilterV2", input, filter, out_backprop, strides, padding,
               explicit_paddings, data_format, dilations, name)


def conv(input, filter, strides, padding, explicit_paddings=(), data_format="CHANNELS_LAST",
         dilations=(), batch_dims=1, groups=1, name=None):
    """TF `tf.conv` (the generic Conv op: 1-3 spatial dims, grouped)."""
    return apply_op("Conv", [input, filter], name=name or "Conv", strides=list(strides),
                    padding=padding, explicit_paddings=list(explicit_paddings),
                    data_format=data_format, dilations=list(dilations),
                    batch_dims=int(batch_dims), groups=int(groups))


def _spatial_rank(shape_like, what, name):
    rank = shape_like.shape.ndims if hasattr(shape_like, "shape") else None
    if rank is None:
        raise ValueError("%s: the rank of %s must be statically known" % (name, what))
    return rank - 2


def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None,
                   dilations=None, name=None):
    """TF `tf.nn.conv_transpose`: conv1d/2d/3d_transpose by the length of `output_shape`."""
    with name_scope(name, "conv_transpose", [input, filters, output_shape]) as name:
        if hasattr(output_shape, "shape"):
            n = output_shape.shape.as_list()[0] - 2
        else:
            n = len(output_shape) - 2
        if n == 1:
            return nn_conv_ops.conv1d_transpose(input, filters, output_shape, strides, padding,
                                                data_format or "NWC", dilations, name=name)
        if n == 2:
            return nn_conv_ops.conv2d_transpose(input, filters, output_shape, strides, padding,
                                                data_format or "NHWC", name=name,
                                                dilations=dilations)
        if n == 3:
            return nn_conv_ops.conv3d_transpose(input, filters, output_shape, strides, padding,
                                                data_format or "NDHWC", name=name,
                                                dilations=dilations)
        raise ValueError("`output_shape` must be of length 3, 4 or 5. Received: output_shape"
                         "=%s of length %d." % (output_shape, n + 2))


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """TF1 `tf.nn.atrous_conv2d_transpose`, built as TF builds it (SpaceToBatchND, a stride-1
    VALID Conv2DBackpropInput, BatchToSpaceND), so node names, run-time size errors and values
    are TF's."""
    with name_scope(name, "atrous_conv2d_transpose", [value, filters, output_shape]) as name:
        value = convert_to_tensor(value, name="value")
        filters = convert_to_tensor(filters, name="filters")
        if not value.shape[3].is_compatible_with(filters.shape[3]):
            raise ValueError(
                "`value` channel count must be compatible with `filters` input channel count. "
                "Received: value.shape=%s with channel count %s and filters.shape=%s with input "
                "channel count %s." % (value.shape, value.shape[3], filters.shape,
                                        filters.shape[3]))
        if rate < 1:
            raise ValueError("`rate` cannot be less than one. Received: rate=%s" % rate)
        if rate == 1:
            return nn_conv_ops.conv2d_transpose(value, filters, output_shape, [1, 1, 1, 1],
                                                padding, data_format="NHWC")
        output_shape = _atrous_output_shape(output_shape, filters)
        pads = _atrous_same_pads(padding, filters, rate)
        in_h = output_shape[1] + pads[0] + pads[1]
        in_w = output_shape[2] + pads[2] + pads[3]
        extra_h = (rate - in_h % rate) % rate  # so that rate divides the padded size
        extra_w = (rate - in_w % rate) % rate
        value = space_to_batch_ops.space_to_batch(value, [[0, extra_h], [0, extra_w]], rate)
        input_sizes = [rate * rate * output_shape[0], (in_h + extra_h) // rate,
                       (in_w + extra_w) // rate, output_shape[3]]
        value = nn_conv_ops.conv2d_backprop_input(input_sizes, filters, value, [1, 1, 1, 1],
                                                  "VALID", data_format="NHWC")
        crops = [[pads[0], pads[1] + extra_h], [pads[2], pads[3] + extra_w]]
        return space_to_batch_ops.batch_to_space(value, crops, rate)


def _atrous_output_shape(output_shape, filters):
    """TF's checks of atrous_conv2d_transpose's output_shape: shape [4], and a channel count
    compatible with the filters' (TF compares it with dimension 2 and names dimension 3)."""
    converted = convert_to_tensor(output_shape, name="output_shape")
    if not converted.shape.is_compatible_with(tensor_shape.TensorShape([4])):
        raise ValueError("`output_shape` must have shape (4,). Received: output_shape=%s"
                         % converted.shape)
    if isinstance(output_shape, tuple):
        output_shape = list(output_shape)
    if isinstance(output_shape, (list, np.ndarray)) and not \
            filters.shape[2].is_compatible_with(output_shape[3]):
        raise ValueError(
            "`output_shape` channel count must be compatible with `filters` output channel "
            "count. Received: output_shape=%s with channel count %s and filters.shape=%s with "
            "output channel count %s." % (output_shape, output_shape[3], filters.shape,
                                          filters.shape[3]))
    return output_shape


def _atrous_same_pads(padding, filters, rate):
    """[top, bottom, left, right]: the padding that turns SAME into VALID for the upsampled
    filter (more at the bottom / right when odd, as conv2d pads)."""
    if padding == "VALID":
        return [0, 0, 0, 0]
    if padding != "SAME":
        raise ValueError("`padding` must be either 'VALID' or 'SAME'. Received: padding=%s"
                         % padding)
    if filters.shape.is_fully_defined():
        filter_shape = filters.shape.as_list()
    else:
        filter_shape = array_ops.shape(filters)
    pad_h = filter_shape[0] + (filter_shape[0] - 1) * (rate - 1) - 1
    pad_w = filter_shape[1] + (filter_shape[1] - 1) * (rate - 1) - 1
    return [pad_h // 2, pad_h - pad_h // 2, pad_w // 2, pad_w - pad_w // 2]


def _pool_v2(pools, input, ksize, strides, padding, data_format, name):
    input = convert_to_tensor(input, name="input")
    n = _spatial_rank(input, "input", "pool_v2") if data_format is None else len(data_format) - 2
    if n not in pools:
        raise ValueError("`input.shape.rank` must be 3, 4 or 5. Received: input.shape=%s of "
                         "rank %d." % (input.shape, n + 2))
    default = {1: "NWC", 2: "NHWC", 3: "NDHWC"}[n]
    return pools[n](input, ksize, strides, padding, data_format or default, name)


def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None):
    """TF `tf.nn.max_pool_v2` (tf.nn.max_pool of TF2): 1-3 spatial dims by input rank."""
    return _pool_v2({1: nn_pool_ops.max_pool1d, 2: nn_pool_ops.max_pool2d,
                     3: nn_pool_ops.max_pool3d}, input, ksize, strides, padding, data_format,
                    name)


def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None):
    """TF `tf.nn.avg_pool_v2` (tf.nn.avg_pool of TF2): 1-3 spatial dims by input rank."""
    return _pool_v2({1: nn_pool_ops.avg_pool1d, 2: nn_pool_ops.avg_pool2d,
                     3: nn_pool_ops.avg_pool3d}, input, ksize, strides, padding, data_format,
                    name)

