"""Pools (MaxPool, AvgPool, MaxPool3D, AvgPool3D, MaxPoolWithArgmax) over torch's kernels, in
NHWC and NCHW. SAME pads as TF does (one more at the end when the total is odd): with -inf for
max pooling, and average pooling divides by the number of unpadded elements.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.ops import array_ops
from tfcompat.ops import nn_conv_attrs as attrs
from tfcompat.ops import nn_grad
from tfcompat.ops import nn_pool_opaque
from tfcompat.ops.nn_conv_ops import _channels_first
from tfcompat.ops.nn_conv_ops import _check_rank
from tfcompat.ops.nn_conv_ops import _convert_padding
from tfcompat.ops.nn_conv_ops import _explicit_pairs
from tfcompat.ops.nn_conv_ops import _from_cf
from tfcompat.ops.nn_conv_ops import _get_sequence
from tfcompat.ops.nn_conv_ops import _nd_shape
from tfcompat.ops.nn_conv_ops import _out_size
from tfcompat.ops.nn_conv_ops import _pad_all
from tfcompat.ops.nn_conv_ops import _pads
from tfcompat.ops.nn_conv_ops import _pick
from tfcompat.ops.nn_conv_ops import _spatial
from tfcompat.ops.nn_conv_ops import _split_shape
from tfcompat.ops.nn_conv_ops import _to_cf
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.ops.space_to_batch_ops import with_space_to_batch

# -- pool ops -----------------------------------------------------------------------------------

_POOL_ATTRS = {"ksize": None, "strides": None, "padding": "VALID", "data_format": "NHWC"}
_FORMATS = {2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def _pool_infer_fn(n, paddings=attrs.PLAIN_PADDINGS, formats=None):
    def infer(op, x, *, ksize, strides, padding, data_format="NHWC", explicit_paddings=(),
              **unused):
        attrs.check_min_length(op, "ksize", ksize, n + 2)
        attrs.check_min_length(op, "strides", strides, n + 2)
        attrs.check_choice(op, "padding", padding, paddings)
        attrs.check_choice(op, "data_format", data_format, formats or _FORMATS[n])
        _check_rank(op, x, n + 2, [x])
        batch, spatial, channels = _split_shape(x, n, data_format)
        k, s = _spatial(ksize, data_format), _spatial(strides, data_format)
        explicit = _explicit_pairs(explicit_paddings, data_format, n)
        out = [_out_size(op, [x], spatial[i], k[i], s[i], 1, padding, explicit[i])
               for i in range(n)]
        depth = 1 if _channels_first(data_format) else n + 1
        if op.type == "MaxPool" and ksize[depth] != 1:  # TF's depthwise max pooling
            channels = _out_size(op, [x], channels, ksize[depth], strides[depth], 1,
                                 padding, (0, 0))
        return [(x.dtype.base_dtype, _nd_shape(batch, out, channels, data_format))]
    return infer


def _check_explicit(ctx, pads, k):
    names = (("Top", "Bottom"), ("Left", "Right"))
    for (before, after), window, (b_name, a_name) in zip(pads, k, names):
        for value, name in ((before, b_name), (after, a_name)):
            if value >= window:
                raise errors.InvalidArgumentError(
                    None, ctx.op, "%s padding %d needs to be smaller than the window size %d"
                    % (name, value, window))


def _pool_setup(x, ksize, strides, padding, data_format, explicit_paddings=()):
    n = x.dim() - 2
    xc = _to_cf(x, data_format)
    k, s = _spatial(ksize, data_format), _spatial(strides, data_format)
    explicit = _explicit_pairs(explicit_paddings, data_format, n)
    pads = [_pads(xc.shape[2 + i], k[i], s[i], 1, padding, explicit[i]) for i in range(n)]
    return xc, k, s, pads


_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def _lowest(x):
    return float("-inf") if x.is_floating_point() else torch.iinfo(x.dtype).min


def _max_pool(xc, k, s, pads, kernel=None):
    """Max pooling of a channels-first tensor; TF's padding is never the maximum. `kernel`:
    torch's max_pool{1,2,3}d, or one with its signature."""
    pool = kernel or _MAX_POOL[len(k)]
    if all(b == a and 2 * b <= ki for (b, a), ki in zip(pads, k)):
        return pool(xc, k, s, [b for b, _ in pads])
    return pool(_pad_all(xc, pads, _lowest(xc)), k, s, [0] * len(k))


def _opaque_max_pool2d(xc, k, s, pads):
    return nn_pool_opaque.max_pool2d(xc, list(k), list(s), list(pads))[0]


def _opaque_pool_wanted(ctx, xc) -> bool:
    """Whether torch.compile should see this pool and its gradient as opaque ATen kernels
    (nn_pool_opaque.py says why): on the CPU, for a gradient, in a compiled plan whose compiler
    keeps the lowerings' memory layouts (the op's traced context has `keeps_layouts` true: for
    client/jit.py to set where it turns inductor's layout_optimization off). That optimization
    lays every 4-D tensor out as if it were NCHW; an NHWC pool's input would then be copied back
    to channels_last for the opaque kernel (LeNet's compiled step: 82 ms against 67)."""
    return torch.compiler.is_compiling() and getattr(ctx, "keeps_layouts", False) and \
        xc.device.type == "cpu" and nn_grad.needs_grad(xc)


def _depth_max_pool(ctx, x, ksize, strides, data_format):
    """TF's depthwise max pooling: windows over the channels alone, as wide as their stride."""
    depth = x.dim() - 1 if not _channels_first(data_format) else 1
    window, stride = ksize[depth], strides[depth]
    if any(v != 1 for v in _spatial(ksize, data_format) + _spatial(strides, data_format)):
        message = "MaxPooling supports exactly one of pooling across depth or pooling across " \
                  "width/height."
    elif x.shape[depth] % window:
        message = "Depthwise max pooling requires the depth window to evenly divide the input " \
                  "depth"
    elif window != stride:
        message = "Depthwise max pooling requires the depth window to equal the depth stride"
    else:
        shape = list(x.shape)
        shape[depth:depth + 1] = [shape[depth] // window, window]
        return torch.amax(x.reshape(shape), dim=depth + 1)
    raise errors.UnimplementedError(None, ctx.op, message)


def _avg_pool(xc, k, s, pads):
    pool = _AVG_POOL[len(k)]
    if all(b == a and 2 * b <= ki for (b, a), ki in zip(pads, k)):
        # NOTE: TF averages over the valid (unpadded) elements only.
        return pool(xc, k, s, [b for b, _ in pads], count_include_pad=False)
    ones = torch.ones((1, 1) + tuple(xc.shape[2:]), dtype=xc.dtype, device=xc.device)
    return pool(_pad_all(xc, pads), k, s) / pool(_pad_all(ones, pads), k, s)


def _check_pool_rank(ctx, x, n):
    """TF's pooling kernels' rank checks (a placeholder of unknown rank gets this far)."""
    if x.dim() == n + 2:
        return
    if n == 2:
        message = "tensor_in_shape must have 2 spatial dimensions. %d 0" % x.dim()
    else:
        message = "tensor_in must be 5-dimensional"
    raise errors.InvalidArgumentError(None, ctx.op, message)


def _empty_pool(xc, k, s, pads):
    """The output of a pool with no elements (torch's kernels refuse them; TF's give an empty
    tensor), or None. It stays connected to the input, for gradients."""
    out = [(xc.shape[2 + i] + sum(pads[i]) - k[i]) // s[i] + 1 for i in range(len(k))]
    if xc.numel() and all(o > 0 for o in out):
        return None
    return xc.new_zeros(tuple(xc.shape[:2]) + tuple(max(o, 0) for o in out)) + \
        xc.reshape(-1)[:0].sum()


def _pool_lowering(pool, n, max_ties_grad=False):
    def lower(ctx, x, *, ksize, strides, padding, data_format="NHWC", explicit_paddings=()):
        _check_pool_rank(ctx, x, n)
        if attrs.check_pool_kernel(ctx, ksize, strides, data_format, n):
            return _depth_max_pool(ctx, x, ksize, strides, data_format)
        xc, k, s, pads = _pool_setup(x, ksize, strides, padding, data_format, explicit_paddings)
        if padding == "EXPLICIT":
            _check_explicit(ctx, pads, k)
        empty = _empty_pool(xc, k, s, pads)
        if empty is not None:
            return _from_cf(empty, data_format)
        if pool is _avg_pool and xc.dtype in (torch.float16, torch.bfloat16) and n == 3:
            y = _avg_pool(xc.float(), k, s, pads).to(xc.dtype)  # torch: no half 3-D kernel
        elif max_ties_grad and nn_grad.needs_grad(xc):
            y = nn_grad.MaxPoolAllTies.apply(xc, k, s, pads)
        elif pool is _max_pool and n == 2 and _opaque_pool_wanted(ctx, xc):
            y = _max_pool(xc, k, s, pads, _opaque_max_pool2d)
        else:
            y = pool(xc, k, s, pads)
        return _from_cf(y, data_format)
    return lower


register_op("MaxPool", inputs=("input: T",),
            infer=_pool_infer_fn(2, attrs.CONV_PADDINGS, ("NHWC", "NCHW", "NCHW_VECT_C")),
            attrs=dict(_POOL_ATTRS, explicit_paddings=()))(_pool_lowering(_max_pool, 2))
register_op("AvgPool", inputs=("value: T",), infer=_pool_infer_fn(2),
            attrs=_POOL_ATTRS)(_pool_lowering(_avg_pool, 2))
# NOTE: TF's MaxPool3D gradient gives every maximum of a window the gradient (MaxPool's gives
# the first one alone, as torch does).
register_op("MaxPool3D", inputs=("input: T",), infer=_pool_infer_fn(3),
            attrs=dict(_POOL_ATTRS, data_format="NDHWC"))(
    _pool_lowering(_max_pool, 3, max_ties_grad=True))
register_op("AvgPool3D", inputs=("input: T",), infer=_pool_infer_fn(3),
            attrs=dict(_POOL_ATTRS, data_format="NDHWC"))(_pool_lowering(_avg_pool, 3))


def _argmax_infer(op, x, *, ksize, strides, padding, Targmax=dtypes.int64,
                  include_batch_in_index=False):
    (dtype, shape), = _pool_infer_fn(2)(op, x, ksize=ksize, strides=strides, padding=padding)
    return [(dtype, shape), (Targmax, shape)]


@register_op("MaxPoolWithArgmax", inputs=("input: T",), infer=_argmax_infer,
             attrs={"ksize": None, "strides": None, "padding": "VALID",
                    "Targmax": dtypes.int64, "include_batch_in_index": False})
def _lower_max_pool_with_argmax(ctx, x, *, ksize, strides, padding, Targmax=dtypes.int64,
                                include_batch_in_index=False):
    if attrs.check_pool_kernel(ctx, ksize, strides, "NHWC", 2):
        raise errors.UnimplementedError(None, ctx.op, "Pooling is not yet supported on the "
                                                      "depth dimension.")
    if x.numel() == 0:
        raise errors.InvalidArgumentError(None, ctx.op, "tensor_in must not be empty (2)")
    xc, k, s, pads = _pool_setup(x, ksize, strides, padding, "NHWC")
    n, c, h, w = xc.shape
    padded = _pad_all(xc, pads, _lowest(xc))
    y, idx = F.max_pool2d(padded, k, s, return_indices=True)
    wp = padded.shape[3]
    row, col = idx // wp - pads[0][0], idx % wp - pads[1][0]
    channel = torch.arange(c, device=x.device).reshape(1, c, 1, 1)
    argmax = (row * w + col) * c + channel
    if include_batch_in_index:
        argmax = argmax + torch.arange(n, device=x.device).reshape(n, 1, 1, 1) * (h * w * c)
    return _from_cf(y, "NHWC"), _from_cf(argmax, "NHWC").to(Targmax.torch_dtype)


# -- public functions ------------------------------------------------------------------------

def _pool_nd(op_type, n, value, ksize, strides, padding, data_format, name, **more):
    data_format = data_format or ("NHWC" if n == 2 else "NDHWC")
    channel = 1 if _channels_first(data_format) else n + 1
    with name_scope(name, op_type, [value]) as name:
        return apply_op(op_type, [value], name=name,
                        ksize=_get_sequence(ksize, n, channel, "ksize"),
                        strides=_get_sequence(strides, n, channel, "strides"),
                        padding=padding, data_format=data_format, **more)


def _max_pool_padding(padding, data_format, ksize, expected_length):
    """TF's max_pool wrappers: explicit padding lists (not with NCHW_VECT_C), and no zero
    window, checked before the op is made."""
    if isinstance(padding, (list, tuple)) and data_format == "NCHW_VECT_C":
        raise ValueError("`data_format='NCHW_VECT_C'` is not supported with explicit padding. "
                         "Received: padding=%s" % (padding,))
    padding, explicit = _convert_padding(padding, expected_length)
    if (np.isscalar(ksize) and ksize == 0) or (
            isinstance(ksize, (list, tuple, np.ndarray)) and any(v == 0 for v in ksize)):
        raise ValueError("`ksize` cannot be zero. Received: ksize=%s" % (ksize,))
    return padding, explicit


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):
    """TF1 `tf.nn.max_pool` (NHWC or NCHW; SAME pads with -inf; explicit padding lists)."""
    value = _pick(input, "input", value, "value")
    data_format = data_format or "NHWC"
    channel = 1 if data_format.startswith("NC") else 3
    with name_scope(name, "MaxPool", [value]) as name:
        ksize = _get_sequence(ksize, 2, channel, "ksize")
        strides = _get_sequence(strides, 2, channel, "strides")
        padding, explicit = _max_pool_padding(padding, data_format, ksize, 4)
        return apply_op("MaxPool", [value], name=name, ksize=ksize, strides=strides,
                        padding=padding, explicit_paddings=explicit, data_format=data_format)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):
    """TF1 `tf.nn.avg_pool` (SAME averages over the unpadded elements only)."""
    value = _pick(input, "input", value, "value")
    return _pool_nd("AvgPool", 2, value, ksize, strides, padding, data_format, name)


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    return max_pool(input, ksize, strides, padding, data_format, name)


avg_pool2d = avg_pool      # one function in TF 1.15 as in TF 2's compat.v1


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    return _pool_nd("MaxPool3D", 3, input, ksize, strides, padding, data_format, name)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    return _pool_nd("AvgPool3D", 3, input, ksize, strides, padding, data_format, name)


def _pool1d(op_type, input, ksize, strides, padding, data_format, name, default):
    """TF's max_pool1d / avg_pool1d: ExpandDims, the 2-D op named after the scope, Squeeze."""
    with name_scope(name, default, [input]) as name:
        data_format = data_format or "NWC"
        first = data_format.startswith("NC")
        ksize = [1] + _get_sequence(ksize, 1, 1 if first else 2, "ksize")
        strides = [1] + _get_sequence(strides, 1, 1 if first else 2, "strides")
        more = {}
        if op_type == "MaxPool":
            padding, explicit = _max_pool_padding(padding, data_format, None, 3)
            more["explicit_paddings"] = [0, 0] + explicit if explicit else []
        spatial = 1 if data_format == "NWC" else 2
        expanded = array_ops.expand_dims(input, spatial)
        result = apply_op(op_type, [expanded], name=name, ksize=ksize, strides=strides,
                          padding=padding, data_format="NHWC" if data_format == "NWC"
                          else "NCHW", **more)
        return array_ops.squeeze(result, [spatial])


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    return _pool1d("MaxPool", input, ksize, strides, padding, data_format, name, "MaxPool1d")


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    return _pool1d("AvgPool", input, ksize, strides, padding, data_format, name, "AvgPool1D")


def pool(input, window_shape, pooling_type, padding, dilation_rate=None, strides=None,
         name=None, data_format=None, dilations=None):
    """TF1 `tf.nn.pool` ("MAX" or "AVG" over 1-3 spatial dims), built as TF builds it: scope
    `max_pool` / `avg_pool`, its `dilation_rate` Const, then one pooling op named after the
    scope (1-D pools expanded to 2-D). Dilated pooling is not supported."""
    rate = _pick(dilations, "dilations", dilation_rate, "dilation_rate")
    with name_scope(name, "%s_pool" % pooling_type.lower(), [input]) as scope:
        input = convert_to_tensor(input, name="input")
        n = len(window_shape)
        if n < 1 or n > 3:
            raise ValueError("`len(window_shape)` must be 1, 2, or 3. Received: window_shape=%s "
                             "of length %d" % (window_shape, n))
        input.shape.with_rank(n + 2)
        strides, rate = attrs.strides_and_dilation_rate(n, strides, rate)
        if padding == "SAME" and np.any(rate > 1):
            raise ValueError("pooling with 'SAME' padding is not implemented for "
                             "`dilation_rate` > 1. Received: padding=%s and dilation_rate=%s"
                             % (padding, rate))
        if np.any(strides > window_shape):
            raise ValueError("`strides` > `window_shape` not supported due to inconsistency "
                             "between CPU and GPU implementations. Received: strides=%s and "
                             "window_shape=%s" % (strides, window_shape))
        strides, rate = [int(s) for s in strides], [int(r) for r in rate]
        fns = {1: (max_pool, avg_pool), 2: (max_pool, avg_pool), 3: (max_pool3d, avg_pool3d)}
        if pooling_type not in ("MAX", "AVG"):
            raise ValueError("%d-D %s pooling is not supported." % (n, pooling_type))
        fn = fns[n][pooling_type == "AVG"]
        first = data_format is not None and data_format.startswith("NC")
        window = ([1, 1] + list(window_shape)) if first else [1] + list(window_shape) + [1]
        steps = ([1, 1] + strides) if first else [1] + strides + [1]
        spatial = 2 if first else 1
        kwargs = {"data_format": data_format}
        if n == 1:
            if data_format not in (None, "NWC", "NCW"):
                raise ValueError("data_format must be either 'NWC' or 'NCW'. Received: "
                                 "data_format=%s" % data_format)
            kwargs = {"data_format": "NCHW" if first else "NHWC"}
            window, steps = [1] + window, [1] + steps

        def op(converted, _, converted_padding):
            if n == 1:
                converted = array_ops.expand_dims(converted, spatial)
            result = fn(converted, window, steps, converted_padding, name=scope, **kwargs)
            return array_ops.squeeze(result, [spatial]) if n == 1 else result
        return with_space_to_batch(input, np.array(rate, np.int32), padding, op,
                                   filter_shape=window_shape, spatial_dims=range(
                                       spatial, spatial + n), data_format=data_format)


def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC", Targmax=None,
                         name=None, output_dtype=None, include_batch_in_index=False):
    """TF1 `tf.nn.max_pool_with_argmax`: (output, argmax) with TF's flattened NHWC indices."""
    if data_format != "NHWC":
        raise ValueError("`data_format` values other  than 'NHWC' are not supported. "
                         "Received: data_format=%s" % data_format)
    targmax = dtypes.as_dtype(output_dtype or Targmax or dtypes.int64)
    # TF1's wrapper passes ksize and strides to the op as given (lists of 4 only)
    for attr, value in (("ksize", ksize), ("strides", strides)):
        if not isinstance(value, (list, tuple)):
            raise TypeError("Expected list for '%s' argument to 'max_pool_with_argmax' Op, "
                            "not %r." % (attr, value))
    return apply_op("MaxPoolWithArgmax", [input], name=name or "MaxPoolWithArgmax",
                    ksize=ksize, strides=strides, padding=padding,
                    Targmax=targmax, include_batch_in_index=include_batch_in_index)
