"""Neural-network ops, part 1: activations, softmax, BiasAdd, L2Loss, LRN, InTopKV2 and the
fused batch norm, with their tf.nn functions. Functions composed of several ops (moments,
batch_normalization, dropout, embedding_lookup, ...) live in nn_impl.py, convolutions in
nn_conv_ops.py, pools in nn_pool_ops.py, cross-entropies in nn_loss_ops.py.
"""
from __future__ import annotations

import numbers

import numpy as np
import torch
import torch.nn.functional as F

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _tf_arith
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_conv_attrs as conv_attrs
from tfcompat.ops import nn_grad
from tfcompat.ops import reduction_ops
from tfcompat.ops.indexing_ops import where

# -- activations: one torch call each ------------------------------------------------------

def _unsigned_relu(x):
    return x  # NOTE: torch has no clamp for uint16/32/64; relu of an unsigned value is itself


def _unsigned_relu6(x):
    six = _tf_arith.order_key(torch.full((), 6, dtype=x.dtype, device=x.device))
    return _tf_arith.from_order_key(torch.minimum(_tf_arith.order_key(x), six), x.dtype)


def _or_unsigned(fn, unsigned_fn):
    def run(x):
        return unsigned_fn(x) if _tf_arith.is_wide_unsigned(x) else fn(x)
    return run


_ACTIVATIONS = {
    "Relu": _or_unsigned(nn_grad.relu, _unsigned_relu),
    "Relu6": _or_unsigned(nn_grad.relu6, _unsigned_relu6),
    "Elu": nn_grad.elu, "Selu": nn_grad.selu, "Softplus": F.softplus, "Softsign": nn_grad.softsign,
}


def _register_activation(op_type, fn):
    def lower(ctx, features):
        return fn(features)
    lower.__name__ = "_lower_" + op_type.lower()
    register_op(op_type, inputs=("features: T",), infer=shape_rules.same_shape)(lower)


for _type, _fn in _ACTIVATIONS.items():
    _register_activation(_type, _fn)


@register_op("LeakyRelu", inputs=("features: T",), infer=shape_rules.same_shape,
             attrs={"alpha": 0.2})
def _lower_leaky_relu(ctx, features, *, alpha=0.2):
    return F.leaky_relu(features, alpha)


def _activation_fn(op_type, public):
    def fn(features, name=None):
        return apply_op(op_type, [features], name=name or op_type)
    fn.__name__ = public
    fn.__doc__ = "TF1 `tf.nn.%s` (op type %s)." % (public, op_type)
    return fn


relu = _activation_fn("Relu", "relu")
relu6 = _activation_fn("Relu6", "relu6")
elu = _activation_fn("Elu", "elu")
selu = _activation_fn("Selu", "selu")
softplus = _activation_fn("Softplus", "softplus")
softsign = _activation_fn("Softsign", "softsign")


def leaky_relu(features, alpha=0.2, name=None):
    """TF1 `tf.nn.leaky_relu`: max(alpha * x, x)."""
    with name_scope(name, "LeakyRelu", [features, alpha]) as name:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:
            features = math_ops.cast(features, dtypes.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        if isinstance(alpha, numbers.Real):
            return apply_op("LeakyRelu", [features], name=name, alpha=float(alpha))
        return math_ops.maximum(alpha * features, features, name=name)


def crelu(features, name=None, axis=-1):
    """TF1 `tf.nn.crelu`: concat([relu(x), relu(-x)], axis)."""
    with name_scope(name, "CRelu", [features]) as name:
        features = convert_to_tensor(features, name="features")
        c = array_ops.concat([features, -features], axis, name=name)   # TF: `CRelu` is the
        return apply_op("Relu", [c], name="Relu")                       # concat, then Relu


def swish(features, beta=1.0, name=None):
    """TF `tf.nn.swish` (silu): x * sigmoid(beta * x), built as TF's custom_gradient builds
    it: `mul`, `Sigmoid`, `mul_1`, then `IdentityN(mul_1, features, beta)` (its output 0)."""
    features = convert_to_tensor(features, name="features")
    beta = math_ops.cast(convert_to_tensor(beta, name="beta"), features.dtype)
    out = features * math_ops.sigmoid(beta * features)
    array_ops.identity(out)   # NOTE: TF's custom_gradient records the result once more
    return apply_op("IdentityN", [[out, features, beta]], name="IdentityN")[0]


silu = swish


def gelu(features, approximate=False, name=None):
    """TF `tf.nn.gelu`."""
    with name_scope(name, "Gelu", [features]) as name:
        x = convert_to_tensor(features, name="features")
        if approximate:
            coeff = math_ops.cast(0.044715, x.dtype)
            inner = 0.7978845608028654 * (x + coeff * math_ops.pow(x, 3))
            return math_ops.multiply(0.5 * x, 1.0 + math_ops.tanh(inner), name=name)
        return math_ops.multiply(0.5 * x, 1.0 + math_ops.erf(x * 0.7071067811865476), name=name)


# -- Softmax, LogSoftmax -------------------------------------------------------------------

def _softmax_infer(op, logits, **attrs):
    if logits.shape.ndims == 0:
        raise shape_rules.shape_error("Shape must be at least rank 1 but is rank 0", op,
                                      [logits])
    return [(logits.dtype.base_dtype, logits.shape)]


@register_op("Softmax", inputs=("logits: T",), infer=_softmax_infer)
def _lower_softmax(ctx, logits):
    if logits.dim() == 0:
        raise ValueError("Softmax of a scalar")  # TF's text: ops/kernel_errors.py
    return torch.softmax(logits, dim=-1)


@register_op("LogSoftmax", inputs=("logits: T",), infer=_softmax_infer)
def _lower_log_softmax(ctx, logits):
    if logits.dim() == 0:
        raise ValueError("LogSoftmax of a scalar")
    return torch.log_softmax(logits, dim=-1)


def _swap_axis(logits, dim_index, last_index, name=None):
    """Swaps `dim_index` with the last axis, as TF's softmax helper does it: the permutation
    `concat([range(dim), [last], range(dim + 1, last), [dim]], 0)` built in the graph."""
    perm = array_ops.concat([array_ops.range(dim_index), [last_index],
                             array_ops.range(dim_index + 1, last_index), [dim_index]], 0)
    return array_ops.transpose(logits, perm, name=name)


def _softmax(logits, op_type, axis, name):
    """TF's `_wrap_2d_function`: the op over the last axis, else between two transposes."""
    logits = convert_to_tensor(logits)
    shape = logits.shape
    if axis is None:
        axis = -1
    if axis == -1 or axis == shape.ndims - 1:
        return apply_op(op_type, [logits], name=name or op_type)
    axis_value = constant_value(axis) if isinstance(axis, Tensor) else axis
    if axis_value is not None and shape.ndims is not None and not (
            -shape.ndims <= axis_value < shape.ndims):
        raise errors.InvalidArgumentError(
            None, None, "`dim` must be in the range [%d, %d) where %d is the number of "
            "dimensions in the input. Received: dim=%d"
            % (-shape.ndims, shape.ndims, shape.ndims, axis_value))
    if shape.ndims is None:
        raise ValueError("tfcompat: softmax over axis %r needs a tensor of known rank" % axis)
    ndims = array_ops.rank(logits)   # NOTE: TF computes the rank twice (`Rank`, `Rank_1`)
    if not isinstance(axis, Tensor):
        if axis < 0:
            axis += ndims            # a Tensor now (`add`), as in TF
    else:
        axis = where(math_ops.less(axis, 0), axis + ndims, axis)
    input_rank = array_ops.rank(logits)
    dim_axis = axis % shape.ndims
    swapped = _swap_axis(logits, dim_axis, math_ops.subtract(input_rank, 1))
    output = _swap_axis(apply_op(op_type, [swapped], name=op_type), dim_axis,
                        math_ops.subtract(input_rank, 1), name=name)
    output.set_shape(shape)
    return output


def softmax(logits, axis=None, name=None, dim=None):
    """TF1 `tf.nn.softmax` (`axis`, or the old `dim`)."""
    return _softmax(logits, "Softmax", array_ops._deprecated_arg_lookup(
        "axis", axis, "dim", dim), name)


def log_softmax(logits, axis=None, name=None, dim=None):
    """TF1 `tf.nn.log_softmax` (`axis`, or the old `dim`)."""
    return _softmax(logits, "LogSoftmax", array_ops._deprecated_arg_lookup(
        "axis", axis, "dim", dim), name)


# -- BiasAdd, L2Loss -----------------------------------------------------------------------

def _channel_dim(rank, data_format):
    return 1 if data_format.startswith("NC") else rank - 1


def _bias_add_infer(op, value, bias, *, data_format="NHWC"):
    conv_attrs.check_choice(op, "data_format", data_format, ("NHWC", "NCHW"))
    shape = value.shape
    min_rank = 3 if data_format == "NCHW" else 2
    if shape.ndims is not None and shape.ndims < min_rank:
        raise shape_rules.shape_error("Shape must be at least rank %d but is rank %d"
                                      % (min_rank, shape.ndims), op, [value, bias])
    if bias.shape.ndims is not None and bias.shape.ndims != 1:
        raise shape_rules.shape_error("Shape must be rank 1 but is rank %d" % bias.shape.ndims,
                                      op, [value, bias])
    if shape.ndims is not None:
        c = _channel_dim(shape.ndims, data_format)
        dims = shape.as_list()
        b = bias.shape.as_list()[0] if bias.shape.ndims == 1 else None
        if dims[c] is not None and b is not None and dims[c] != b:
            raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d"
                                          % (dims[c], b), op, [value, bias])
        dims[c] = dims[c] if dims[c] is not None else b
        shape = TensorShape(dims)
    return [(value.dtype.base_dtype, shape)]


@register_op("BiasAdd", inputs=("value: T", "bias: T"), infer=_bias_add_infer,
             attrs={"data_format": "NHWC"})
def _lower_bias_add(ctx, value, bias, *, data_format="NHWC"):
    c = _channel_dim(value.dim(), data_format)
    if c != value.dim() - 1:
        bias = bias.reshape([-1] + [1] * (value.dim() - c - 1))
    return value + bias


def bias_add(value, bias, data_format=None, name=None):
    """TF1 `tf.nn.bias_add`: adds a 1-D bias along the channel dimension."""
    with name_scope(name, "BiasAdd", [value, bias]) as name:
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype, name="bias")
        fmt = "NCHW" if data_format and data_format.startswith("NC") else "NHWC"
        return apply_op("BiasAdd", [value, bias], name=name, data_format=fmt)


def bias_add_v1(value, bias, name=None):
    return bias_add(value, bias, name=name)


@register_op("L2Loss", inputs=("t: T",),
             infer=lambda op, t: [(t.dtype.base_dtype, TensorShape([]))])
def _lower_l2_loss(ctx, t):
    # TF's kernel: sum(square(t) * 0.5), halving before the sum, so a float16 sum of squares
    # past 65504 whose half fits is finite
    return torch.sum(t * t * 0.5)


def l2_loss(t, name=None):
    """TF1 `tf.nn.l2_loss`: sum(t ** 2) / 2."""
    return apply_op("L2Loss", [t], name=name or "L2Loss")


def xw_plus_b(x, weights, biases, name=None):
    """TF1 `tf.nn.xw_plus_b`: matmul(x, weights) + biases."""
    with name_scope(name, "xw_plus_b", [x, weights, biases]) as name:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        mm = reduction_ops.matmul(x, weights)
        return bias_add(mm, biases, name=name)


def relu_layer(x, weights, biases, name=None):
    """TF1 `tf.nn.relu_layer`: relu(matmul(x, weights) + biases)."""
    with name_scope(name, "relu_layer", [x, weights, biases]) as name:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        xw_plus_b_v1 = bias_add(reduction_ops.matmul(x, weights), biases)
        return relu(xw_plus_b_v1, name=name)


# -- LRN -------------------------------------------------------------------------------------

def _with_rank(op, t, rank, inputs):
    """TF's WithRank: `t`'s shape, of rank `rank` (unknown dims when its rank is unknown)."""
    if t.shape.ndims is None:
        return TensorShape([None] * rank)
    if t.shape.ndims != rank:
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                      % (rank, t.shape.ndims), op, inputs)
    return t.shape


def _rank4_infer(op, x, **attrs):
    return [(x.dtype.base_dtype, _with_rank(op, x, 4, [x]))]


_LRN_ATTRS = {"depth_radius": 5, "bias": 1.0, "alpha": 1.0, "beta": 0.5}


@register_op("LRN", inputs=("input: T",), infer=_rank4_infer, attrs=_LRN_ATTRS)
def _lower_lrn(ctx, x, *, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    n, h, w, c = x.shape
    sq = (x * x).reshape(n * h * w, 1, c)
    window = 2 * depth_radius + 1
    sq = F.pad(sq, (depth_radius, depth_radius))
    sqr_sum = F.avg_pool1d(sq, window, stride=1) * window
    return x / torch.pow(bias + alpha * sqr_sum.reshape(n, h, w, c), beta)


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):
    """TF1 `tf.nn.local_response_normalization` (NHWC, over the channel axis)."""
    return apply_op("LRN", [input], name=name or "LRN", depth_radius=int(depth_radius),
                    bias=float(bias), alpha=float(alpha), beta=float(beta))


lrn = local_response_normalization


# -- InTopKV2 --------------------------------------------------------------------------------

def _merge_dims(op, a, b, inputs):
    """TF's Merge of two dimensions (None is unknown)."""
    if a is not None and b is not None and a != b:
        raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d" % (a, b),
                                      op, inputs)
    return a if a is not None else b


def _in_top_k_infer(op, predictions, targets, k):
    inputs = [predictions, targets, k]
    batch = _merge_dims(op, _with_rank(op, predictions, 2, inputs)[0].value,
                        _with_rank(op, targets, 1, inputs)[0].value, inputs)
    return [(dtypes.bool, TensorShape([batch]))]


def _check_in_top_k(ctx, predictions, targets, k):
    if k.dim() != 0:
        raise errors.InvalidArgumentError(None, ctx.op, "k must be 0-D, got shape [%s]"
                                          % ",".join(str(d) for d in k.shape))
    if predictions.dim() != 2:
        raise errors.InvalidArgumentError(None, ctx.op, "predictions must be 2-dimensional")
    if targets.dim() != 1:
        raise errors.InvalidArgumentError(None, ctx.op, "targets must be 1-dimensional")
    if predictions.shape[0] != targets.shape[0]:
        raise errors.InvalidArgumentError(
            None, ctx.op, "First dimension of predictions %d must match length of targets %d"
            % (predictions.shape[0], targets.shape[0]))


@register_op("InTopKV2", inputs=("predictions: float32", "targets: T", "k: T"),
             infer=_in_top_k_infer, differentiable=False)
def _lower_in_top_k_v2(ctx, predictions, targets, k):
    _check_in_top_k(ctx, predictions, targets, k)
    n_classes = predictions.shape[1]
    t = targets.long()
    valid = (t >= 0) & (t < n_classes)
    target_pred = predictions.gather(1, t.clamp(0, max(n_classes - 1, 0))[:, None])
    # NOTE: as TF: ties at the k-th value count as in the top k; an out-of-range target, or a
    # non-finite prediction anywhere in the row, is never in it.
    higher = (predictions > target_pred).sum(dim=1)
    finite = torch.isfinite(predictions).all(dim=1)
    return valid & finite & (higher < k)


def in_top_k(predictions, targets, k, name=None):
    """TF1 `tf.nn.in_top_k`: whether each target is among the top `k` predictions."""
    with name_scope(name, "in_top_k"):   # TF's op inside it: `in_top_k/InTopKV2`
        return apply_op("InTopKV2", [predictions, targets, k], name=name or "InTopKV2")


# -- FusedBatchNormV3 ------------------------------------------------------------------------

_BN_FORMATS = ("NHWC", "NCHW", "NDHWC", "NCDHW")


def _fused_bn_infer(op, x, scale, offset, mean, variance, *, data_format="NHWC",
                    is_training=True, exponential_avg_factor=1.0, **attrs):
    conv_attrs.check_choice(op, "data_format", data_format, _BN_FORMATS)
    inputs = [x, scale, offset, mean, variance]
    rank = 5 if data_format in ("NDHWC", "NCDHW") else 4
    dims = _with_rank(op, x, rank, inputs).as_list()
    c_index = _channel_dim(rank, data_format)
    # TF: scale and offset always match the channels; mean and variance only when read
    n_vectors = 2 if is_training and exponential_avg_factor == 1.0 else 4
    for vec in inputs[1:1 + n_vectors]:
        dims[c_index] = _merge_dims(op, dims[c_index], _with_rank(op, vec, 1, inputs)[0].value,
                                    inputs)
    u = scale.dtype.base_dtype
    vec = TensorShape([dims[c_index]])
    return [(x.dtype.base_dtype, TensorShape(dims))] + [(u, vec)] * 4 + [
        (u, tensor_shape.unknown_shape())]


_BN_ATTRS = {"epsilon": 0.0001, "exponential_avg_factor": 1.0, "data_format": "NHWC",
             "is_training": True}


def _batch_stats(x, c_dim):
    """TF's CPU batch statistics: mean = sum / n, variance = sum((x - mean)^2) / n (biased),
    computed in the stats' precision; an empty batch gives NaN, as TF's kernel sets."""
    dims = [d for d in range(x.dim()) if d != c_dim]
    count = x.numel() // max(x.shape[c_dim], 1)
    shape = [1] * x.dim()
    shape[c_dim] = -1
    mean = x.sum(dims) / count
    var = torch.square(x - mean.reshape(shape)).sum(dims) / count
    return mean, var, count, shape


def _normalize(x, mean, var, scale, offset, epsilon, shape):
    factor = (torch.rsqrt(var + epsilon) * scale).reshape(shape)
    return (x - mean.reshape(shape)) * factor + offset.reshape(shape)


def _bn_training(x, scale, offset, mean, variance, epsilon, factor):
    """Training-mode batch norm of a channels-first `x`: (y, batch mean and variance as TF
    outputs them, the batch mean and biased variance of its reserve spaces)."""
    with torch.no_grad():  # NOTE: TF's gradient flows from `y` only, never from the stats
        batch_mean, batch_var, count, shape = _batch_stats(x.detach(), 1)
    if count > 1:  # torch's fused kernel, same gradient
        y = F.batch_norm(x, None, None, scale, offset, True, 0.0, epsilon)
    elif count:  # one value per channel, which torch's kernel refuses
        live_mean, live_var, _, _ = _batch_stats(x, 1)
        y = _normalize(x, live_mean, live_var, scale, offset, epsilon, shape)
    else:  # an empty batch: zero gradients for scale and offset, as TF's
        zero = torch.zeros_like(scale)
        y = _normalize(x, zero, zero, scale, offset, epsilon, shape)
    # TF returns the Bessel-corrected variance (for the moving averages), and keeps the biased
    # one in reserve_space_2 for its gradient kernel
    corrected = batch_var * (count / max(count - 1, 1))
    if factor != 1.0:
        corrected = (1 - factor) * variance + factor * corrected
        running_mean = (1 - factor) * mean + factor * batch_mean
    else:
        running_mean = batch_mean
    return y, running_mean, corrected, batch_mean, batch_var


@register_op("FusedBatchNormV3", inputs=("x: T", "scale: U", "offset: U", "mean: U",
                                         "variance: U"), infer=_fused_bn_infer, attrs=_BN_ATTRS)
def _lower_fused_batch_norm_v3(ctx, x, scale, offset, mean, variance, *, epsilon=0.0001,
                               exponential_avg_factor=1.0, data_format="NHWC",
                               is_training=True):
    c_dim = _channel_dim(x.dim(), data_format)
    compute = x.to(scale.dtype) if x.dtype in (torch.float16, torch.bfloat16) else x
    if is_training:
        y, out_mean, out_var, saved_mean, saved_var = _bn_training(
            compute.movedim(c_dim, 1), scale, offset, mean, variance, epsilon,
            exponential_avg_factor)
        y = y.movedim(1, c_dim)
    else:
        shape = [1] * x.dim()
        shape[c_dim] = -1
        mean, variance = mean.detach(), variance.detach()  # TF: no gradient for them
        y = _normalize(compute, mean, variance, scale, offset, epsilon, shape)
        out_mean, out_var, saved_mean, saved_var = mean, variance, mean, variance
    # NOTE: TF's CPU kernel returns a scalar zero for reserve_space_3.
    reserve = torch.zeros((), dtype=scale.dtype, device=scale.device)
    return y.to(x.dtype), out_mean, out_var, saved_mean, saved_var, reserve


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001,
                     data_format="NHWC", is_training=True, name=None,
                     exponential_avg_factor=1.0):
    """TF1 `tf.nn.fused_batch_norm`: returns (y, batch_mean or mean, batch_variance or
    variance); in training, the variance returned is the Bessel-corrected one, as in TF."""
    if (not is_training or exponential_avg_factor != 1.0) and (mean is None or
                                                               variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is "
                         "False or `exponential_avg_factor` != 1.0. Received: `mean` %r and "
                         "`variance` %r" % (mean, variance))
    x = convert_to_tensor(x, name="input")
    scale = convert_to_tensor(scale, name="scale")
    offset = convert_to_tensor(offset, name="offset")
    if mean is None:
        mean = constant([], dtype=scale.dtype.base_dtype)
    if variance is None:
        variance = constant([], dtype=scale.dtype.base_dtype)
    min_epsilon = 1.001e-5
    epsilon = epsilon if epsilon > min_epsilon else min_epsilon
    out = apply_op("FusedBatchNormV3", [x, scale, offset, mean, variance],
                   name=name or "FusedBatchNormV3", epsilon=float(epsilon),
                   exponential_avg_factor=float(exponential_avg_factor),
                   data_format=data_format, is_training=bool(is_training))
    return out[0], out[1], out[2]
