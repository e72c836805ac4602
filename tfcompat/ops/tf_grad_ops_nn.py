"""TF's gradient ops of pooling, LRN and fused batch norm (`MaxPoolGrad`, `AvgPoolGrad`,
`MaxPool3DGrad`, `LRNGrad`, `FusedBatchNormGradV3`, ...), for graphs TF wrote (see
tf_grad_ops.py for why they exist).

The pooling and LRN gradients are the vector-Jacobian products of tfcompat's own forward
lowerings, which already follow TF's kernels (SAME padding that is never a maximum, averages
over unpadded elements only, MaxPool's gradient to the first maximum of a window and
MaxPool3D's to every input within 1e-5 of it), so forward and backward cannot disagree. Like
TF's kernels, MaxPoolGrad recomputes the maxima from `orig_input` and ignores `orig_output`.
The batch-norm gradient is TF's CPU formula (fused_batch_norm_op.cc), computed in the
precision of `scale` (float32 for half inputs), from the batch mean and the biased batch
variance the forward op left in its reserve spaces.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework.registry import get_op_def
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import unknown_shape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import nn_ops  # noqa: F401 (registers LRN, reused below)
from tfcompat.ops import nn_pool_ops  # noqa: F401 (registers the pools, reused below)


def _vjp(forward, x, grad):
    """d(forward)/dx applied to `grad`; differentiable in `grad` when a gradient of this
    gradient is being taken."""
    create = torch.is_grad_enabled() and grad.requires_grad
    with torch.enable_grad():
        leaf = x.detach().requires_grad_(True)
        y = forward(leaf)
        if tuple(y.shape) != tuple(grad.shape):
            raise ValueError("gradient of shape %s for an output of shape %s"
                             % (list(grad.shape), list(y.shape)))
        (dx,) = torch.autograd.grad(y, leaf, grad, create_graph=create)
    return dx


def _check_float(ctx, t):
    if not t.is_floating_point():
        raise errors.op_error(errors.UnimplementedError, ctx.op,
                              "tfcompat: %s computes gradients of floating-point tensors only, "
                              "not %s" % (ctx.op.type, t.dtype))


def _shape_mismatch(ctx, e):
    return errors.op_error(errors.InvalidArgumentError, ctx.op, str(e))


# -- pooling --------------------------------------------------------------------------------------

def _like_first_infer(op, orig_input, *rest, **attrs):
    return [(orig_input.dtype.base_dtype, orig_input.shape)]


def _from_shape_infer(op, shape, grad, **attrs):
    value = constant_value(shape)
    if value is not None:
        return [(grad.dtype.base_dtype, TensorShape([int(v) for v in value.reshape(-1)]))]
    rank = shape.shape.as_list()[0] if shape.shape.ndims == 1 else None
    shape = unknown_shape() if rank is None else TensorShape([None] * rank)
    return [(grad.dtype.base_dtype, shape)]


def _pool_grad(forward_type):
    forward = get_op_def(forward_type).lower

    def lower(ctx, orig_input, orig_output, grad, **attrs):
        _check_float(ctx, grad)
        try:
            return _vjp(lambda x: forward(ctx, x, **attrs), orig_input.to(grad.dtype), grad)
        except ValueError as e:
            raise _shape_mismatch(ctx, e) from None
    return lower


def _avg_pool_grad(forward_type):
    forward = get_op_def(forward_type).lower

    def lower(ctx, orig_input_shape, grad, **attrs):
        _check_float(ctx, grad)
        zeros = torch.zeros([int(d) for d in orig_input_shape.tolist()], dtype=grad.dtype,
                            device=grad.device)
        try:
            return _vjp(lambda x: forward(ctx, x, **attrs), zeros, grad)
        except ValueError as e:
            raise _shape_mismatch(ctx, e) from None
    return lower


_POOL_ATTRS = {"ksize": None, "strides": None, "padding": "VALID", "data_format": "NHWC"}

register_op("MaxPoolGrad", inputs=("orig_input: T", "orig_output: T", "grad: T"),
            infer=_like_first_infer, attrs=dict(_POOL_ATTRS, explicit_paddings=()))(
    _pool_grad("MaxPool"))
register_op("MaxPool3DGrad", inputs=("orig_input: TInput", "orig_output: TInput", "grad: T"),
            infer=lambda op, x, y, g, **a: [(g.dtype.base_dtype, x.shape)],
            attrs=dict(_POOL_ATTRS, data_format="NDHWC"))(_pool_grad("MaxPool3D"))
register_op("AvgPoolGrad", inputs=("orig_input_shape: int32", "grad: T"),
            infer=_from_shape_infer, attrs=_POOL_ATTRS)(_avg_pool_grad("AvgPool"))
register_op("AvgPool3DGrad", inputs=("orig_input_shape: int32", "grad: T"),
            infer=_from_shape_infer, attrs=dict(_POOL_ATTRS, data_format="NDHWC"))(
    _avg_pool_grad("AvgPool3D"))

_max_pool_grad = _pool_grad("MaxPool")


@register_op("MaxPoolGradV2", inputs=("orig_input: T", "orig_output: T", "grad: T",
                                      "ksize: int32", "strides: int32"),
             infer=_like_first_infer, attrs={"padding": "VALID", "data_format": "NHWC"})
def _max_pool_grad_v2(ctx, orig_input, orig_output, grad, ksize, strides, *, padding="VALID",
                      data_format="NHWC"):
    return _max_pool_grad(ctx, orig_input, orig_output, grad, ksize=ksize.tolist(),
                          strides=strides.tolist(), padding=padding, data_format=data_format)


def _jvp(forward, x, tangent):
    """The forward-mode derivative of `forward` at `x` along `tangent` (two reverse passes);
    differentiable in `tangent` when a gradient of it is being taken."""
    create = torch.is_grad_enabled() and tangent.requires_grad
    with torch.enable_grad():
        leaf = x.detach().requires_grad_(True)
        y = forward(leaf)
        probe = torch.zeros_like(y, requires_grad=True)
        (dx,) = torch.autograd.grad(y, leaf, probe, create_graph=True)
        (out,) = torch.autograd.grad(dx, probe, tangent, create_graph=create)
    return out


_max_pool = get_op_def("MaxPool").lower


def _max_pool_grad_grad(ctx, orig_input, orig_output, grad, **attrs):
    """TF's MaxPoolGradGrad: each window's value of `grad` (shaped like orig_input) at the
    window's first maximum."""
    _check_float(ctx, grad)
    if tuple(grad.shape) != tuple(orig_input.shape):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "tensor_in and grad must have the same shape: %s and %s"
                              % (list(orig_input.shape), list(grad.shape)))
    return _jvp(lambda x: _max_pool(ctx, x, **attrs), orig_input.to(grad.dtype), grad)


register_op("MaxPoolGradGrad", inputs=("orig_input: T", "orig_output: T", "grad: T"),
            infer=lambda op, x, y, g, **a: [(g.dtype.base_dtype, y.shape)],
            attrs=_POOL_ATTRS)(_max_pool_grad_grad)


@register_op("MaxPoolGradGradV2", inputs=("orig_input: T", "orig_output: T", "grad: T",
                                          "ksize: int32", "strides: int32"),
             infer=lambda op, x, y, g, k, s, **a: [(g.dtype.base_dtype, y.shape)],
             attrs={"padding": "VALID", "data_format": "NHWC"})
def _max_pool_grad_grad_v2(ctx, orig_input, orig_output, grad, ksize, strides, *,
                           padding="VALID", data_format="NHWC"):
    return _max_pool_grad_grad(ctx, orig_input, orig_output, grad, ksize=ksize.tolist(),
                               strides=strides.tolist(), padding=padding,
                               data_format=data_format)


@register_op("MaxPoolGradWithArgmax", inputs=("input: T", "grad: T", "argmax: Targmax"),
             infer=lambda op, x, g, a, **attrs: [(g.dtype.base_dtype, x.shape)],
             attrs={"ksize": None, "strides": None, "padding": "VALID",
                    "include_batch_in_index": False})
def _max_pool_grad_with_argmax(ctx, x, grad, argmax, *, ksize, strides, padding,
                               include_batch_in_index=False):
    """grad added at the flat positions MaxPoolWithArgmax chose (per batch unless
    include_batch_in_index)."""
    if tuple(grad.shape) != tuple(argmax.shape):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Expected grad shape to be %s, but got %s"
                              % (list(argmax.shape), list(grad.shape)))
    index = argmax.long().reshape(x.shape[0] if x.dim() else 1, -1)
    if not include_batch_in_index:
        per_batch = x[0].numel() if x.dim() and x.shape[0] else 0
        index = index + torch.arange(index.shape[0], device=index.device)[:, None] * per_batch
    index = index.reshape(-1)
    if index.numel() and bool(((index < 0) | (index >= x.numel())).any()):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Invalid argmax: an index is outside the input of %d elements"
                              % x.numel())
    out = torch.zeros(x.numel(), dtype=grad.dtype, device=grad.device)
    return out.index_add(0, index, grad.reshape(-1)).reshape(x.shape)


_lrn = get_op_def("LRN").lower


@register_op("LRNGrad", inputs=("input_grads: T", "input_image: T", "output_image: T"),
             infer=lambda op, g, x, y, **a: [(g.dtype.base_dtype, fns_merge3(op, g, x, y))],
             attrs={"depth_radius": 5, "bias": 1.0, "alpha": 1.0, "beta": 0.5})
def _lrn_grad(ctx, input_grads, input_image, output_image, **attrs):
    try:
        return _vjp(lambda x: _lrn(ctx, x, **attrs), input_image, input_grads)
    except ValueError as e:
        raise _shape_mismatch(ctx, e) from None


def fns_merge3(op, g, x, y):
    """LRNGrad's shape: its three rank-4 inputs merged."""
    merged = [None] * 4
    for t in (g, x, y):
        merged = fns.merge_shapes(op, [g, x, y], merged, fns.dims(fns.with_rank(
            op, [g, x, y], t.shape, 4)))
    return TensorShape(merged)


# -- fused batch norm -------------------------------------------------------------------------

_BN_ATTRS = {"epsilon": 0.0001, "data_format": "NHWC", "is_training": True}


def _bn_grad_infer(op, y_backprop, x, scale, mean, variance, *reserve3, data_format="NHWC",
                   **attrs):
    inputs = [y_backprop, x, scale, mean, variance] + list(reserve3)
    rank = 5 if data_format in ("NDHWC", "NCDHW") else 4
    dims = fns.merge_shapes(op, inputs, fns.dims(fns.with_rank(op, inputs, y_backprop.shape,
                                                                rank)),
                            fns.dims(fns.with_rank(op, inputs, x.shape, rank)))
    c = 1 if data_format.startswith("NC") else rank - 1
    depth = dims[c]
    for vec in (scale, mean, variance):
        depth = fns.merge_dim(op, inputs, depth, fns.dims(fns.with_rank(op, inputs, vec.shape,
                                                                         1))[0])
    dims[c] = depth
    u = scale.dtype.base_dtype
    empty = TensorShape([0])
    return [(x.dtype.base_dtype, TensorShape(dims)), (u, TensorShape([depth])),
            (u, TensorShape([depth])), (u, empty), (u, empty)]


def _bn_grad(ctx, y_backprop, x, scale, mean, variance, *unused, epsilon=0.0001,
             data_format="NHWC", is_training=True):
    c = 1 if data_format.startswith("NC") else x.dim() - 1
    depth = x.shape[c]
    for name, vec in (("scale", scale), ("reserve_space_1", mean),
                      ("reserve_space_2", variance)):
        if vec.dim() != 1 or vec.shape[0] != depth:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "%s must have the same number of elements as the channels "
                                  "of x, got %d and %d" % (name, vec.numel(), depth))
    if tuple(y_backprop.shape) != tuple(x.shape):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "x and y_backprop must have same shape, but x has shape %s and "
                              "y_backprop has shape %s" % (list(x.shape), list(y_backprop.shape)))
    u = scale.dtype
    dy, xs = y_backprop.to(u).movedim(c, -1), x.to(u).movedim(c, -1)
    needs = torch.is_grad_enabled() and any(t.requires_grad for t in (dy, xs, scale))
    if is_training and needs:
        outs = _BatchNormGradTraining.apply(dy, xs, scale, mean, variance, epsilon)
    else:
        outs = _bn_backprop(dy, xs, scale, mean, variance, epsilon, is_training)
    x_backprop, scale_backprop, offset_backprop = outs
    empty = torch.zeros((), dtype=u, device=x.device)
    return (x_backprop.to(x.dtype).movedim(-1, c), scale_backprop, offset_backprop, empty, empty)


def _bn_backprop(dy, xs, scale, mean, variance, epsilon, is_training):
    """TF's CPU formula, channels last: (x_backprop, scale_backprop, offset_backprop)."""
    dims = list(range(dy.dim() - 1))
    count = max(dy.numel() // max(dy.shape[-1], 1), 1)
    dy_sum = dy.sum(dims)
    x_centered = xs - mean
    coef0 = torch.rsqrt(variance + epsilon)
    scale_backprop = (dy * (x_centered * coef0)).sum(dims)
    coef1 = scale * coef0
    if is_training:
        dy_centered = dy - dy_sum / count
        coef2 = torch.square(coef0) * (dy * x_centered).sum(dims) / count
        return coef1 * (dy_centered - x_centered * coef2), scale_backprop, dy_sum
    return dy * coef1, scale_backprop, dy_sum


class _BatchNormGradTraining(torch.autograd.Function):
    """Training-mode FusedBatchNormGrad with TF's gradient of it (_FusedBatchNormGradGrad):
    the reserve spaces stand for the batch mean and variance of `x`, so the second derivative
    goes through statistics recomputed from `x`."""

    @staticmethod
    def forward(ctx, dy, xs, scale, mean, variance, epsilon):
        ctx.save_for_backward(dy, xs, scale)
        ctx.epsilon = epsilon
        return _bn_backprop(dy, xs, scale, mean, variance, epsilon, True)

    @staticmethod
    def backward(ctx, *grads):
        dy, xs, scale = ctx.saved_tensors
        with torch.enable_grad():
            leaves = [t.detach().requires_grad_(True) for t in (dy, xs, scale)]
            dims = list(range(xs.dim() - 1))
            mean = leaves[1].mean(dims)
            variance = torch.square(leaves[1] - mean).mean(dims)
            outs = _bn_backprop(leaves[0], leaves[1], leaves[2], mean, variance, ctx.epsilon,
                                True)
            pairs = [(o, g) for o, g in zip(outs, grads) if g is not None]
            found = torch.autograd.grad([o for o, _ in pairs], leaves, [g for _, g in pairs],
                                        allow_unused=True)
        return tuple(found) + (None, None, None)


for _type, _inputs in {
        "FusedBatchNormGrad": ("y_backprop: T", "x: T", "scale: T", "reserve_space_1: T",
                               "reserve_space_2: T"),
        "FusedBatchNormGradV2": ("y_backprop: T", "x: T", "scale: float32",
                                 "reserve_space_1: U", "reserve_space_2: U"),
        "FusedBatchNormGradV3": ("y_backprop: T", "x: T", "scale: float32",
                                 "reserve_space_1: U", "reserve_space_2: U",
                                 "reserve_space_3: U")}.items():
    register_op(_type, inputs=_inputs, infer=_bn_grad_infer, attrs=_BN_ATTRS)(_bn_grad)


# -- the forward ops of older TF1 graphs: FusedBatchNorm / FusedBatchNormV2 (V3 without its
# reserve_space_3), BiasAddV1 (BiasAdd in NHWC) ------------------------------------------------

_bn_v3 = get_op_def("FusedBatchNormV3")


def _bn_v1_infer(op, *inputs, **attrs):
    return _bn_v3.infer(op, *inputs, **attrs)[:5]


def _bn_v1(ctx, *inputs, **attrs):
    return tuple(_bn_v3.lower(ctx, *inputs, **attrs)[:5])


for _type, _u in (("FusedBatchNorm", "T"), ("FusedBatchNormV2", "U")):
    register_op(_type, inputs=("x: T",) + tuple("%s: %s" % (n, _u) for n in
                                                ("scale", "offset", "mean", "variance")),
                infer=_bn_v1_infer, attrs=dict(_bn_v3.attrs))(_bn_v1)

_bias_add = get_op_def("BiasAdd")


def _bias_add_v1_infer(op, value, bias):
    return _bias_add.infer(op, value, bias)


@register_op("BiasAddV1", inputs=("value: T", "bias: T"), infer=_bias_add_v1_infer)
def _bias_add_v1(ctx, value, bias):
    return _bias_add.lower(ctx, value, bias)
