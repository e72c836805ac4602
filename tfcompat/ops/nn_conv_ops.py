"""Convolutions (Conv2D, Conv3D, DepthwiseConv2dNative) over torch's fused kernels, in NHWC and
NCHW, with TF's SAME padding (which pads one more at the end when the total is odd), and the
tf.nn convolution functions. The backprop ops (transposed convolutions) live in
nn_conv_backprop_ops.py, pools in nn_pool_ops.py, attr checks in nn_conv_attrs.py.
"""
from __future__ import annotations

import collections.abc

import numpy as np

import torch
import torch.nn.functional as F

from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import array_ops
from tfcompat.ops.space_to_batch_ops import with_space_to_batch
from tfcompat.ops import nn_conv_attrs as attrs
from tfcompat.ops.space_to_batch_ops import space_to_batch_call

# -- padding arithmetic (shared by shape rules and lowerings) ---------------------------------


def _channels_first(data_format: str) -> bool:
    return data_format.startswith("NC")


def _spatial(values, data_format):
    """The spatial entries of an NHWC/NCHW-ordered attr list (strides, ksize, dilations)."""
    values = list(values)
    return values[2:] if _channels_first(data_format) else values[1:-1]


def _pads(size, k, s, d, padding, explicit=None):
    """(before, after) padding of one spatial dim, as TF computes it."""
    if padding == "VALID":
        return 0, 0
    if padding == "EXPLICIT":
        return explicit
    eff = (k - 1) * d + 1
    out = -(-size // s)
    total = max((out - 1) * s + eff - size, 0)
    return total // 2, total - total // 2


def _out_size(op, inputs, size, k, s, d, padding, explicit=None):
    attrs.check_window_dim(op, inputs, s, d)
    if size is not None and padding == "SAME":
        return -(-size // s)
    if size is None or k is None:
        return None
    eff = (k - 1) * d + 1
    if padding == "EXPLICIT":
        size = size + explicit[0] + explicit[1]
    if size < eff:
        raise shape_rules.shape_error("Negative dimension size caused by subtracting %d from %d"
                                      % (eff, size), op, inputs)
    return (size - eff) // s + 1


def _explicit_pairs(explicit_paddings, data_format, n):
    if not explicit_paddings:
        return [None] * n
    pairs = [tuple(explicit_paddings[2 * i:2 * i + 2]) for i in range(n + 2)]
    return _spatial(pairs, data_format)


def _nd_shape(batch, spatial, channels, data_format):
    if _channels_first(data_format):
        return TensorShape([batch, channels] + list(spatial))
    return TensorShape([batch] + list(spatial) + [channels])


def _split_shape(x, n, data_format):
    """(batch, spatial dims, channels) of a rank n+2 input; all None if the rank is unknown."""
    return _split_dims(x.shape, n, data_format)


def _split_dims(shape, n, data_format):
    if shape.ndims is None:
        return None, [None] * n, None
    dims = shape.as_list()
    if _channels_first(data_format):
        return dims[0], dims[2:], dims[1]
    return dims[0], dims[1:-1], dims[-1]


def _check_rank(op, t, rank, inputs):
    if t.shape.ndims is not None and t.shape.ndims != rank:
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                      % (rank, t.shape.ndims), op, inputs)


# -- torch helpers ---------------------------------------------------------------------------

def _to_cf(x, data_format):
    """A channels-first view (for 4-D NHWC this is torch's channels_last memory format)."""
    if _channels_first(data_format):
        return x
    return x.permute(0, x.dim() - 1, *range(1, x.dim() - 1))


def _from_cf(y, data_format):
    if _channels_first(data_format):
        return y
    return y.permute(0, *range(2, y.dim()), 1)


def _torch_weight(w):
    """TF filter [k..., in, out] -> torch weight [out, in, k...]."""
    n = w.dim() - 2
    weight = w.permute(n + 1, n, *range(n))
    # NOTE: torch's CPU slow_conv2d backward fails ("grad_weight must be contiguous") on a
    # weight that is channels_last but not contiguous: a Conv2D filter with one output
    # channel (batch 1), a conv2d_transpose filter with one input channel.
    if n == 2 and not weight.is_contiguous() and \
            weight.is_contiguous(memory_format=torch.channels_last):
        weight = weight.contiguous()
    return weight


def _pad_all(x, pads, value=0.0):
    """Pads the spatial dims of a channels-first tensor by (before, after) pairs."""
    flat = []
    for before, after in reversed(pads):
        flat += [before, after]
    return F.pad(x, flat, value=value)


def _pad_input(x, pads):
    """(x, torch padding): symmetric padding is left to the kernel, the rest padded here."""
    if all(b == a for b, a in pads):
        return x, [b for b, _ in pads]
    return _pad_all(x, pads), [0] * len(pads)


_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


def _conv(x, w, strides, padding, dilations, data_format, explicit_paddings, groups=None):
    n = w.dim() - 2
    xc = _to_cf(x, data_format)
    s = _spatial(strides, data_format)
    d = _spatial(dilations, data_format)
    explicit = _explicit_pairs(explicit_paddings, data_format, n)
    pads = [_pads(xc.shape[2 + i], w.shape[i], s[i], d[i], padding, explicit[i])
            for i in range(n)]
    xc, sym = _pad_input(xc, pads)
    weight = _torch_weight(w)
    if groups is None:
        groups = xc.shape[1] // max(w.shape[n], 1)
    out = [(xc.shape[2 + i] + 2 * sym[i] - (w.shape[i] - 1) * d[i] - 1) // s[i] + 1
           for i in range(n)]
    if weight.shape[0] == 0 or min(out) == 0:  # torch refuses empty outputs; TF gives them
        empty = (xc.shape[0], weight.shape[0]) + tuple(max(o, 0) for o in out)
        return _from_cf(xc.new_zeros(empty) + (xc.reshape(-1)[:0].sum() +
                                               weight.reshape(-1)[:0].sum()), data_format)
    y = _CONV[n](xc, weight, None, s, sym, d, groups)
    return _from_cf(y, data_format)


# -- Conv2D, Conv3D, DepthwiseConv2dNative ----------------------------------------------------

_CONV_ATTRS = {"strides": None, "padding": "VALID", "data_format": "NHWC",
               "dilations": (1, 1, 1, 1), "explicit_paddings": ()}


_FORMATS = {2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}
_KIND = {"Conv2D": "Conv2D", "Conv3D": "Conv3D", "DepthwiseConv2dNative": "DepthwiseConv2D"}


def _check_depths(op, channels, wdims, n, depthwise):
    """TF's shape-function checks of the input depth against the filter's (and groups)."""
    if channels is None or wdims[n] is None:
        return
    if depthwise:
        if channels != wdims[n]:
            raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d"
                                          % (channels, wdims[n]), op, op.inputs)
        return
    if wdims[n] == 0 or channels % wdims[n]:
        raise shape_rules.shape_error("Depth of input (%d) is not a multiple of input depth of "
                                      "filter (%d)" % (channels, wdims[n]), op, op.inputs)
    groups = channels // wdims[n]
    if wdims[n + 1] is not None and wdims[n + 1] % groups:
        raise shape_rules.shape_error("Depth of output (%d) is not a multiple of the number of "
                                      "groups (%d)" % (wdims[n + 1], groups), op, op.inputs)


def _conv_infer_fn(n, depthwise=False):
    def infer(op, x, w, *, strides, padding, data_format="NHWC", dilations=None,
              explicit_paddings=(), **unused):
        if n == 3:
            attrs.check_min_length(op, "strides", strides, 5)
        attrs.check_choice(op, "padding", padding,
                           attrs.PLAIN_PADDINGS if n == 3 else attrs.CONV_PADDINGS)
        attrs.check_choice(op, "data_format", data_format, _FORMATS[n])
        _check_rank(op, x, n + 2, [x, w])
        _check_rank(op, w, n + 2, [x, w])
        dilations = dilations or [1] * (n + 2)
        attrs.check_conv_attrs(op, n, [x, w], strides=strides, dilations=dilations,
                               padding=padding, data_format=data_format,
                               explicit_paddings=explicit_paddings, kind=_KIND[op.type])
        batch, spatial, channels = _split_shape(x, n, data_format)
        wdims = w.shape.as_list() if w.shape.ndims is not None else [None] * (n + 2)
        _check_depths(op, channels, wdims, n, depthwise)
        s, d = _spatial(strides, data_format), _spatial(dilations, data_format)
        explicit = _explicit_pairs(explicit_paddings, data_format, n)
        out = [_out_size(op, [x, w], spatial[i], wdims[i], s[i], d[i], padding, explicit[i])
               for i in range(n)]
        if depthwise:
            out_c = None if None in (wdims[n], wdims[n + 1]) else wdims[n] * wdims[n + 1]
        else:
            out_c = wdims[n + 1]
        return [(x.dtype.base_dtype, _nd_shape(batch, out, out_c, data_format))]
    return infer


@register_op("Conv2D", inputs=("input: T", "filter: T"), infer=_conv_infer_fn(2),
             attrs=dict(_CONV_ATTRS, use_cudnn_on_gpu=True))
def _lower_conv2d(ctx, x, w, *, strides, padding, data_format="NHWC", dilations=(1, 1, 1, 1),
                  explicit_paddings=(), use_cudnn_on_gpu=True):
    attrs.check_conv_kernel(ctx, strides, dilations, data_format)
    return _conv(x, w, strides, padding, dilations, data_format, explicit_paddings)


@register_op("Conv3D", inputs=("input: T", "filter: T"), infer=_conv_infer_fn(3),
             attrs={"strides": None, "padding": "VALID", "data_format": "NDHWC",
                    "dilations": (1, 1, 1, 1, 1)})  # TF's Conv3D has no explicit_paddings
def _lower_conv3d(ctx, x, w, *, strides, padding, data_format="NDHWC",
                  dilations=(1, 1, 1, 1, 1), explicit_paddings=()):
    attrs.check_conv_kernel(ctx, strides, dilations, data_format)
    return _conv(x, w, strides, padding, dilations, data_format, explicit_paddings)


@register_op("DepthwiseConv2dNative", inputs=("input: T", "filter: T"),
             infer=_conv_infer_fn(2, depthwise=True), attrs=_CONV_ATTRS)
def _lower_depthwise_conv2d_native(ctx, x, w, *, strides, padding, data_format="NHWC",
                                   dilations=(1, 1, 1, 1), explicit_paddings=()):
    attrs.check_conv_kernel(ctx, strides, dilations, data_format)
    kh, kw, cin, mult = w.shape
    # NOTE: output channel k * mult + q is torch's group k, output q: the same layout as TF.
    grouped = w.reshape(kh, kw, 1, cin * mult)
    return _conv(x, grouped, strides, padding, dilations, data_format, explicit_paddings,
                 groups=cin)


# -- public functions ------------------------------------------------------------------------

def _get_sequence(value, n, channel_index, name):
    """TF's helper: an int or list of 1, n or n+2 values -> the full n+2 attr list."""
    if value is None:
        return [1] * (n + 2)
    if isinstance(value, int):
        value = [value]
    elif not isinstance(value, collections.abc.Sized):
        value = [value]
    value = [int(v) for v in value]
    if len(value) == n + 2:
        return value
    if len(value) == 1:
        value = value * n
    elif len(value) != n:
        raise ValueError("%s should be of length 1, %d or %d. Received: %s=%s of length %d"
                         % (name, n, n + 2, name, value, len(value)))
    if channel_index == 1:
        return [1, 1] + value
    return [1] + value + [1]


def _convert_padding(padding, expected_length=4):
    """TF's nn_ops.convert_padding: 'SAME'/'VALID', or explicit [[before, after]] *
    `expected_length` -> ('EXPLICIT', flat list); `expected_length` None takes any length."""
    if padding == "EXPLICIT":
        raise ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit "
                         "padding, `padding` must be a list.")
    if not isinstance(padding, (list, tuple)):
        # any other string: apply_op raises TF's "Attr 'padding' of 'Conv2D' Op passed string
        # 'same' not in: ..." after taking the op's name, as TF's op wrapper does
        return padding, []
    flat = []
    for i, pair in enumerate(padding):
        if not isinstance(pair, (list, tuple)):
            raise ValueError("When `padding` is a list, each element of `padding` must be a "
                             "list/tuple of size 2. Received: padding=%s with element at index "
                             "%d of type %s" % (padding, i, type(pair)))
        if len(pair) != 2:
            raise ValueError("When `padding` is a list, each element of `padding` must be a "
                             "list/tuple of size 2. Received: padding=%s with element at index "
                             "%d of size %d" % (padding, i, len(pair)))
        flat.extend(int(v) for v in pair)
    if expected_length is not None and len(padding) != expected_length:
        raise ValueError("When padding is a list, it must be of size %d. Received: padding=%s "
                         "of size %d" % (expected_length, padding, len(padding)))
    return "EXPLICIT", flat


def _pick(a, a_name, b, b_name):
    if a is not None and b is not None:
        raise ValueError("Cannot specify both '%s' and '%s'" % (a_name, b_name))
    return a if a is not None else b


def _conv_nd(op_type, n, input, filter, strides, padding, data_format, dilations, name,
             default_format, **more_attrs):
    data_format = data_format or default_format
    channel = 1 if _channels_first(data_format) else n + 1
    if op_type == "Conv3D":  # its OpDef has no explicit_paddings; padding is a plain string
        if isinstance(padding, (list, tuple)):
            raise TypeError("Expected string for argument 'padding' not %r." % (padding,))
    else:
        padding, explicit = _convert_padding(padding)
        more_attrs["explicit_paddings"] = explicit
    return apply_op(op_type, [input, filter], name=name or op_type,
                    strides=_get_sequence(strides, n, channel, "strides"), padding=padding,
                    data_format=data_format,
                    dilations=_get_sequence(dilations, n, channel, "dilations"), **more_attrs)


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,
           data_format="NHWC", dilations=None, name=None, filters=None):
    """TF1 `tf.nn.conv2d` (filter [h, w, in, out]; NHWC or NCHW; SAME/VALID/explicit)."""
    filter = _pick(filters, "filters", filter, "filter")
    # TF's wrapper sets use_cudnn_on_gpu (get_attr and shape errors show it)
    return _conv_nd("Conv2D", 2, input, filter, strides, padding, data_format, dilations, name,
                    "NHWC", use_cudnn_on_gpu=bool(use_cudnn_on_gpu))


def conv3d(input, filter=None, strides=None, padding=None, data_format="NDHWC",
           dilations=None, name=None, filters=None):
    """TF1 `tf.nn.conv3d` (filter [d, h, w, in, out])."""
    filter = _pick(filters, "filters", filter, "filter")
    return _conv_nd("Conv3D", 3, input, filter, strides, padding, data_format, dilations, name,
                    "NDHWC")


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None,
           data_format=None, name=None, input=None, dilations=None):
    """TF1 `tf.nn.conv1d`: ExpandDims + Conv2D (named `conv1d`) + Squeeze, as TF builds it."""
    value = _pick(input, "input", value, "value")
    with name_scope(name, "conv1d", [value, filters]) as name:
        if data_format is None or data_format in ("NHWC", "NWC"):
            data_format, spatial_start, channel = "NHWC", 1, 2
        elif data_format in ("NCHW", "NCW"):
            data_format, spatial_start, channel = "NCHW", 2, 1
        else:
            raise ValueError("`data_format` must be 'NWC' or 'NCW'. Received: data_format=%s"
                             % data_format)
        strides = [1] + _get_sequence(stride, 1, channel, "stride")
        dilations = [1] + _get_sequence(dilations, 1, channel, "dilations")
        value = array_ops.expand_dims(value, spatial_start)
        filters = array_ops.expand_dims(filters, 0)
        padding, explicit = _convert_padding(padding, None)
        if explicit:
            explicit = explicit[:2 * spatial_start] + [0, 0] + explicit[2 * spatial_start:]
        result = apply_op("Conv2D", [value, filters], name=name, strides=strides,
                          padding=padding, data_format=data_format, dilations=dilations,
                          explicit_paddings=explicit,
                          use_cudnn_on_gpu=True if use_cudnn_on_gpu is None
                          else bool(use_cudnn_on_gpu))
        return array_ops.squeeze(result, [spatial_start])


def convolution(input, filter, padding, strides=None, dilation_rate=None, name=None,
                data_format=None, filters=None, dilations=None):
    """TF1 `tf.nn.convolution`: N-d convolution (N = 1, 2 or 3 from the filter's rank), one
    op named `convolution` (TF's `convolution_internal`)."""
    filters = _pick(filters, "filters", filter, "filter")
    dilations = _pick(dilations, "dilations", dilation_rate, "dilation_rate")
    if not hasattr(filters, "op"):  # numpy arrays have a dtype too: only Tensors pass
        with name_scope("convolution_internal", None, [filters, input]):
            filters = convert_to_tensor(filters, name="filters")
    if not hasattr(input, "op"):
        with name_scope("convolution_internal", None, [filters, input]):
            input = convert_to_tensor(input, name="input")
    n = (filters.shape.ndims or input.shape.ndims or 0) - 2
    if n not in (1, 2, 3):
        raise ValueError("`num_spatial_dims` must be 1, 2, or 3. Received: "
                         "num_spatial_dims=%d." % n)
    batch_dims = input.shape.ndims - n - 1 if input.shape.ndims else 1
    channel = batch_dims + n if data_format is None or not _channels_first(data_format) \
        else batch_dims
    dilated = dilations is not None and any(
        d != 1 for d in _get_sequence(dilations, n, channel, "dilations"))
    dilations = _get_sequence(dilations, n, channel, "dilations")
    strides = _get_sequence(strides, n, channel, "strides")
    with name_scope(name, None if name else "convolution", [input, filters]) as name:
        if dilated:  # TF's `Convolution`: SpaceToBatchND, the undilated op, BatchToSpaceND
            spatial = slice(2, None) if channel == 1 else slice(1, -1)
            return _dilated_convolution(input, filters, padding, strides[spatial],
                                        dilations[spatial], name, data_format, n, batch_dims)
        if n == 1:
            return conv1d(input, filters, strides, padding=padding, data_format=data_format,
                          dilations=dilations, name=name)
        return _conv_nd("Conv2D" if n == 2 else "Conv3D", n, input, filters, strides, padding,
                        data_format, dilations, name, "NHWC" if n == 2 else "NDHWC",
                        **_CUDNN_ATTR.get(n, {}))


# TF's Python wrappers (gen_nn_ops.conv2d) always set Conv2D's use_cudnn_on_gpu: node defs in
# error messages show it
_CUDNN_ATTR = {2: {"use_cudnn_on_gpu": True}}


def _dilated_convolution(input, filters, padding, strides, rates, name, data_format, n,
                         batch_dims):
    attrs.strides_and_dilation_rate(n, strides, rates)   # TF's checks and texts
    first = data_format is not None and data_format.startswith("NC")
    start = batch_dims + 1 if first else batch_dims

    def build_op(_, padding):
        def op(inp, filt):
            if n == 1:
                return conv1d(inp, filt, strides[0], padding, data_format=data_format or "NWC",
                              name=name)
            return _conv_nd("Conv2D" if n == 2 else "Conv3D", n, inp, filt, strides, padding,
                            data_format, None, name, "NHWC" if n == 2 else "NDHWC",
                            **_CUDNN_ATTR.get(n, {}))
        return op
    call = space_to_batch_call(input.shape, np.array(rates, np.int32), padding, build_op,
                               filter_shape=filters.shape, spatial_dims=range(
                                   start, start + n), data_format=data_format,
                               num_batch_dims=batch_dims)
    return call(input, filters)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """TF1 `tf.nn.atrous_conv2d`: `convolution` with the rate in both spatial dims."""
    return convolution(value, filters, padding, dilation_rate=[rate, rate], name=name)


def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC",
                            dilations=(1, 1, 1, 1), name=None):
    """TF1 `tf.nn.depthwise_conv2d_native` (filter [h, w, in, multiplier])."""
    return _conv_nd("DepthwiseConv2dNative", 2, input, filter, strides, padding, data_format,
                    dilations, name, "NHWC")


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None, data_format=None,
                     dilations=None):
    """TF1 `tf.nn.depthwise_conv2d`: DepthwiseConv2dNative through TF's with_space_to_batch
    (`depthwise/Shape`, `depthwise/dilation_rate`)."""
    rate = _pick(dilations, "dilations", rate, "rate")
    with name_scope(name, "depthwise", [input, filter]) as name:
        input = convert_to_tensor(input, name="tensor_in")
        filter = convert_to_tensor(filter, name="filter_in")

        def op(converted, _, padding):
            return depthwise_conv2d_native(converted, filter, strides, padding,
                                           data_format or "NHWC", name=name)
        return with_space_to_batch(input, rate or [1, 1], padding, op,
                                   filter_shape=array_ops.shape(filter),
                                   data_format=data_format)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None,
                     name=None, data_format=None, dilations=None):
    """TF1 `tf.nn.separable_conv2d`: depthwise (through with_space_to_batch), then a 1x1
    pointwise Conv2D."""
    rate = _pick(dilations, "dilations", rate, "rate")
    with name_scope(name, "separable_conv2d", [input, depthwise_filter,
                                               pointwise_filter]) as name:
        input = convert_to_tensor(input, name="tensor_in")
        depthwise_filter = convert_to_tensor(depthwise_filter, name="depthwise_filter")
        pointwise_filter = convert_to_tensor(pointwise_filter, name="pointwise_filter")
        pointwise_shape = pointwise_filter.shape.with_rank(4)
        pointwise_shape[0].assert_is_compatible_with(1)
        pointwise_shape[1].assert_is_compatible_with(1)

        def op(converted, _, padding):
            return depthwise_conv2d_native(converted, depthwise_filter, strides, padding,
                                           data_format or "NHWC", name="depthwise")
        depthwise = with_space_to_batch(input, rate or [1, 1], padding, op,
                                        filter_shape=array_ops.shape(depthwise_filter),
                                        data_format=data_format)
        return conv2d(depthwise, pointwise_filter, [1, 1, 1, 1], "VALID",
                      data_format=data_format or "NHWC", name=name)


def _transpose_nd(op_type, n, value, filter, output_shape, strides, padding, data_format,
                  dilations, name, default_name):
    with name_scope(name, default_name, [value, filter, output_shape]) as name:
        data_format = data_format or ("NHWC" if n == 2 else "NDHWC")
        channel = 1 if _channels_first(data_format) else n + 1
        padding, explicit = _convert_padding(padding)
        # NOTE: a Python output_shape is converted by the op: `conv2d_transpose/input_sizes`
        return apply_op(op_type, [output_shape, filter, value], name=name,
                        strides=_get_sequence(strides, n, channel, "strides"), padding=padding,
                        data_format=data_format,
                        dilations=_get_sequence(dilations, n, channel, "dilations"),
                        explicit_paddings=explicit)


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):
    """TF1 `tf.nn.conv2d_transpose` (filter [h, w, out, in]; Conv2DBackpropInput)."""
    value = _pick(input, "input", value, "value")
    filter = _pick(filters, "filters", filter, "filter")
    return _transpose_nd("Conv2DBackpropInput", 2, value, filter, output_shape, strides,
                         padding, data_format, dilations, name, "conv2d_transpose")


def conv3d_transpose(value, filter=None, output_shape=None, strides=None, padding="SAME",
                     data_format="NDHWC", name=None, filters=None, dilations=None):
    """TF1 `tf.nn.conv3d_transpose` (Conv3DBackpropInputV2)."""
    filter = _pick(filters, "filters", filter, "filter")
    return _transpose_nd("Conv3DBackpropInputV2", 3, value, filter, output_shape, strides,
                         padding, data_format, dilations, name, "conv3d_transpose")


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC",
                     dilations=None, name=None):
    """TF `tf.nn.conv1d_transpose`: ExpandDims + Conv2DBackpropInput + Squeeze."""
    with name_scope(name, "conv1d_transpose", [input, filters, output_shape]) as name:
        first = data_format in ("NCW", "NCHW")
        spatial = 2 if first else 1
        input = array_ops.expand_dims(input, spatial)
        filters = array_ops.expand_dims(filters, 0)
        output_shape = array_ops.concat([output_shape[:spatial], [1], output_shape[spatial:]],
                                        0) if hasattr(output_shape, "op") else (
            list(output_shape[:spatial]) + [1] + list(output_shape[spatial:]))
        channel = 1 if first else 3
        strides = [1] + _get_sequence(strides, 1, channel - 1 if first else 2, "strides")
        strides = ([1, 1, 1, strides[-1]] if first else [1, 1, strides[2], 1])
        dil = _get_sequence(dilations, 1, 1 if first else 2, "dilations")
        dil = [1, 1, 1, dil[-1]] if first else [1, 1, dil[1], 1]
        result = conv2d_transpose(input, filters, output_shape, strides, padding,
                                  "NCHW" if first else "NHWC", dilations=dil)
        return array_ops.squeeze(result, spatial, name=name)


def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None,
                          padding=None, use_cudnn_on_gpu=True, data_format="NHWC",
                          dilations=(1, 1, 1, 1), name=None, filters=None):
    filter = _pick(filters, "filters", filter, "filter")
    padding, explicit = _convert_padding(padding)
    return apply_op("Conv2DBackpropInput", [input_sizes, filter, out_backprop],
                    name=name or "Conv2DBackpropInput", strides=list(strides), padding=padding,
                    data_format=data_format, dilations=list(dilations),
                    explicit_paddings=explicit)


def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,
                           use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1),
                           name=None):
    padding, explicit = _convert_padding(padding)
    return apply_op("Conv2DBackpropFilter", [input, filter_sizes, out_backprop],
                    name=name or "Conv2DBackpropFilter", strides=list(strides), padding=padding,
                    data_format=data_format, dilations=list(dilations),
                    explicit_paddings=explicit)
