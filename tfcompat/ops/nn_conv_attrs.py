"""TF's checks of convolution and pooling attrs, with TF's texts: those its shape functions make
when the op is built (attr lengths, strides > 0, explicit paddings), and those its kernels make
when it runs on any device (strides or dilations across the batch or depth dimension, pooling
windows). Shared by nn_conv_ops.py and nn_pool_ops.py.

Limits of TF's CPU kernels alone (NCHW, dilated backprops, depthwise dilations) are not
imitated: tfcompat runs those graphs on every device, as TF does on a GPU.
"""
from __future__ import annotations

import numpy as np

from tfcompat import errors
from tfcompat.framework import shape_rules

CONV_PADDINGS = ("SAME", "VALID", "EXPLICIT")
PLAIN_PADDINGS = ("SAME", "VALID")


def check_choice(op, attr, value, allowed):
    """op_def_library's check of a string attr with allowed values."""
    if value not in allowed:
        raise ValueError("Attr '%s' of '%s' Op passed string '%s' not in: %s."
                         % (attr, op.type, value, ", ".join('"%s"' % a for a in allowed)))


def check_min_length(op, attr, value, minimum):
    """op_def_library's check of a list attr's minimum length."""
    if value is not None and len(value) < minimum:
        raise ValueError("Attr '%s' of '%s' Op passed list of length %d less than minimum %d."
                         % (attr, op.type, len(value), minimum))


def _batch_depth(values, data_format):
    """The batch and depth entries of an NHWC- or NCHW-ordered attr list."""
    return values[0], values[1] if data_format.startswith("NC") else values[-1]


def check_conv_attrs(op, n, inputs, *, strides, dilations, padding, data_format,
                     explicit_paddings=(), kind=None):
    """The attr checks of TF's Conv2D/Conv3D/DepthwiseConv2dNative shape functions, in their
    order (`kind` names the op in the texts: "Conv2D", "Conv3D", "DepthwiseConv2D")."""
    kind = kind or op.type
    rank = n + 2
    if len(dilations) != rank:
        raise shape_rules.shape_error("%s requires the %s attribute to contain %d values, but "
                                      "got: %d" % (kind, "dilations" if kind.startswith("Depth")
                                                   else "dilation", rank, len(dilations)),
                                      op, inputs)
    if len(strides) != rank:
        prefix = "%s on data format %s" % (kind, data_format) if kind == "Conv2D" else kind
        raise shape_rules.shape_error("%s requires the stride attribute to contain %d values, "
                                      "but got: %d" % (prefix, rank, len(strides)), op, inputs)
    if padding == "EXPLICIT":
        _check_explicit(op, rank, inputs, list(explicit_paddings), data_format)
    elif explicit_paddings:
        raise shape_rules.shape_error("explicit_paddings attribute must be empty if the padding "
                                      "attribute is not EXPLICIT", op, inputs)


def _check_explicit(op, rank, inputs, pads, data_format):
    if len(pads) != 2 * rank:
        raise shape_rules.shape_error("explicit_paddings attribute must contain %d values, but "
                                      "got: %d" % (2 * rank, len(pads)), op, inputs)
    if any(p < 0 for p in pads):
        raise shape_rules.shape_error("All elements of explicit_paddings must be nonnegative",
                                      op, inputs)
    depth = 1 if data_format.startswith("NC") else rank - 1
    if any(pads[2 * i] or pads[2 * i + 1] for i in (0, depth)):
        raise shape_rules.shape_error("Nonzero explicit padding in the batch or depth dimensions "
                                      "is not supported", op, inputs)


def check_window_dim(op, inputs, stride, dilation=1):
    """GetWindowedOutputSizeFromDimsV2's checks of one spatial dimension."""
    if stride <= 0:
        raise shape_rules.shape_error("Stride must be > 0, but got %d" % stride, op, inputs)
    if dilation < 1:
        raise shape_rules.shape_error("Dilation rate must be >= 1, but got %d" % dilation, op,
                                      inputs)


# -- run-time checks (TF's kernels, on every device) -------------------------------------------

# op type -> (error class for strides / dilations across batch or depth, dilation wording)
_BATCH_DEPTH = {
    "Conv2D": (errors.UnimplementedError, "dilations"),
    "Conv3D": (errors.InvalidArgumentError, "dilation rates"),
}


def check_conv_kernel(ctx, strides, dilations, data_format):
    """The checks TF's convolution kernels make when they are built."""
    op_type = ctx.op.type
    cls, dilation_words = _BATCH_DEPTH.get(op_type, (errors.InvalidArgumentError, "dilations"))
    if any(v != 1 for v in _batch_depth(strides, data_format)):
        raise cls(None, ctx.op, "Current implementation does not yet support strides in the "
                  "batch and depth dimensions.")
    if any(v != 1 for v in _batch_depth(dilations, data_format)):
        if op_type == "DepthwiseConv2dNative":  # (its only check of dilations: see above)
            raise errors.UnimplementedError(
                None, ctx.op, "Current kernel implementation does not support dilations, "
                "received [%s]" % " ".join(str(v) for v in dilations))
        raise cls(None, ctx.op, "Current implementation does not yet support %s in the batch "
                  "and depth dimensions." % dilation_words)
    if op_type == "DepthwiseConv2dNative":
        rows, cols = (strides[2], strides[3]) if data_format.startswith("NC") else strides[1:3]
        if rows != cols:
            raise errors.InvalidArgumentError(
                None, ctx.op, "Current implementation only supports equal length strides in "
                "the row and column dimensions.")


def check_backprop_size(ctx, prefix, index, in_size, k, s, d, out, expected):
    """TF's ConvBackpropComputeDimensions check that out_backprop has the conv's output size."""
    if out != expected:
        raise errors.InvalidArgumentError(
            None, ctx.op, "%s: Size of out_backprop doesn't match computed: actual = %d, "
            "computed = %d spatial_dim: %d input: %d filter: %d output: %d stride: %d "
            "dilation: %d" % (prefix, out, expected, index, in_size, k, out, s, d))


def check_pool_kernel(ctx, ksize, strides, data_format, n):
    """The checks of TF's pooling kernels: positive windows, nothing pooled across the batch;
    across the depth only MaxPool pools (see nn_pool_ops.py)."""
    if ctx.op.type == "AvgPool" and any(k <= 0 for k in ksize):
        raise errors.InvalidArgumentError(
            None, ctx.op, "ksize must be a positive int32 value, got:%d"
            % next(k for k in ksize if k <= 0))
    if any(k <= 0 for k in ksize):
        raise errors.InvalidArgumentError(
            None, ctx.op, "Sliding window ksize must be positive. The specified or inferred "
                          "ksize is: %s" % ",".join(str(k) for k in ksize))
    batch_k, depth_k = _batch_depth(ksize, data_format)
    batch_s, depth_s = _batch_depth(strides, data_format)
    if batch_k != 1 or batch_s != 1:
        raise errors.UnimplementedError(None, ctx.op, "Pooling is not yet supported on the "
                                                      "batch dimension.")
    if depth_k == 1 and depth_s == 1:
        return False
    if ctx.op.type == "AvgPool":
        raise errors.UnimplementedError(None, ctx.op, "Non-spatial pooling is not yet "
                                                      "supported. Volunteers? :)")
    if ctx.op.type != "MaxPool":
        raise errors.UnimplementedError(None, ctx.op, "Pooling is not yet supported on the "
                                                      "depth dimension.")
    return True


def strides_and_dilation_rate(n, strides, dilation_rate):
    """TF's _get_strides_and_dilation_rate (tf.nn.convolution, tf.nn.pool): both as int32
    arrays of length `n`, with TF's texts for wrong lengths and values."""
    if dilation_rate is None:
        dilation_rate = [1] * n
    elif len(dilation_rate) != n:
        raise ValueError("`len(dilation_rate)` should be %d. Received: dilation_rate=%s of "
                         "length %d" % (n, dilation_rate, len(dilation_rate)))
    dilation_rate = np.array(dilation_rate, dtype=np.int32)
    if np.any(dilation_rate < 1):
        raise ValueError("all values of `dilation_rate` must be positive. "
                         "Received: dilation_rate=%s" % dilation_rate)
    if strides is None:
        strides = [1] * n
    elif len(strides) != n:
        raise ValueError("`len(strides)` should be %d. Received: strides=%s of length %d"
                         % (n, strides, len(strides)))
    strides = np.array(strides, dtype=np.int32)
    if np.any(strides < 1):
        raise ValueError("all values of `strides` must be positive. Received: strides=%s"
                         % strides)
    if np.any(strides > 1) and np.any(dilation_rate > 1):
        raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         "Received: strides=%s and dilation_rate=%s" % (strides, dilation_rate))
    return strides, dilation_rate
