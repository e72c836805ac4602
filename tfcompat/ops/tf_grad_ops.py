"""The gradient ops TF's own gradient functions put in a graph (`ReluGrad`, `SigmoidGrad`,
`BiasAddGrad`, `BroadcastGradientArgs`, `ConcatOffset`, `StridedSliceGrad`, ...), so that a
`.meta` or GraphDef TF wrote for training keeps training here. tfcompat's own `tf.gradients`
never emits them (it differentiates the forward lowerings with torch.autograd); these records
exist for graphs made by TF. The pooling and batch-norm gradients are in tf_grad_ops_nn.py.

Each formula is TF's CPU kernel's, in its order of operations (cwise_ops_gradients.h,
relu_op_functor.h, softplus_op.h, ...), so float32 rounding follows TF's. Notably ReluGrad
multiplies by the 0/1 mask (a NaN or inf gradient where the feature is <= 0 gives NaN), and
Sqrt/Rsqrt/Reciprocal gradients are 0 wherever the incoming gradient is 0.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.registry import get_op_def
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import unknown_shape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import _tf_elementwise
from tfcompat.ops import array_misc_ops  # noqa: F401 (registers DynamicStitch, reused below)
from tfcompat.ops import indexing_ops

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _merge_both_infer(op, a, b, **attrs):
    """TF's MergeBothInputsShapeFn: both inputs have one shape, the output's."""
    merged = fns.merge_shapes(op, [a, b], fns.dims(a.shape), fns.dims(b.shape))
    return [(a.dtype.base_dtype, unknown_shape() if merged is None else TensorShape(merged))]


def _unchanged_infer(op, y, dy, **attrs):
    """TF's UnchangedShape of the (y, dy) gradient ops: `y`'s shape (the kernel reads both
    inputs as flat arrays of one length)."""
    return [(y.dtype.base_dtype, y.shape)]


def _mask(condition, like):
    return condition.to(like.dtype)


def _zero_where_no_grad(dy, value):
    return torch.where(dy == 0, torch.zeros((), dtype=value.dtype, device=value.device), value)


class _TFGradGrad(torch.autograd.Function):
    """An elementwise gradient kernel with TF's registered gradient of it (`_ReluGradGrad`,
    `_SigmoidGradGrad`, ...), which is not always the derivative of the kernel's formula
    (the zero-gradient rule of SqrtGrad, the masks of ReluGrad)."""

    @staticmethod
    def forward(ctx, a, b, kernel, grad_fn):
        ctx.save_for_backward(a, b)
        ctx.grad_fn = grad_fn
        return kernel(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga, gb = ctx.grad_fn(a, b, grad)
        return ga, gb, None, None


def _elementwise(kernel, grad_fn, check_size=False):
    def lower(ctx, a, b, **attrs):
        if check_size:
            if a.numel() != b.numel():
                raise errors.op_error(
                    errors.InvalidArgumentError, ctx.op, "The two arguments to a cwise op must "
                    "have same number of elements, got %d and %d" % (a.numel(), b.numel()))
            b = b.reshape(a.shape)
        k = (lambda x, y: kernel(x, y, **attrs)) if attrs else kernel
        if torch.is_grad_enabled() and (a.requires_grad or b.requires_grad):
            g = (lambda x, y, d: grad_fn(x, y, d, **attrs)) if attrs else grad_fn
            return _TFGradGrad.apply(a, b, k, g)
        return k(a, b)
    return lower


# -- activations: (gradients, features) or (gradients, outputs) -------------------------------

_WIDE_UNSIGNED = (torch.uint16, torch.uint32, torch.uint64)


def _as_int64(t):
    """A uint16/32/64 tensor as int64 (uint64 by its bits), which torch has kernels for."""
    return t.view(torch.int64) if t.dtype == torch.uint64 else t.to(torch.int64)


def _masked(gradients, features, keep):
    """gradients * (keep(features) ? 1 : 0), TF's multiply by the mask (NaN * 0 is NaN)."""
    if gradients.dtype not in _WIDE_UNSIGNED:
        return gradients * _mask(keep(features), gradients)
    out = _as_int64(gradients) * keep(_as_int64(features)).to(torch.int64)
    return out.view(torch.uint64) if gradients.dtype == torch.uint64 else out.to(gradients.dtype)


def _relu_grad(gradients, features):
    if features.dtype == torch.uint64:  # by its bits: every nonzero value is > 0
        return _masked(gradients, features, lambda f: f != 0)
    return _masked(gradients, features, lambda f: f > 0)


def _relu6_grad(gradients, features):
    # (uint64 values of 2**63 and more are negative int64s: not in (0, 6) either way)
    return _masked(gradients, features, lambda f: (f > 0) & (f < 6))


def _leaky_relu_grad(gradients, features, alpha=0.2):
    return torch.where(features > 0, gradients, gradients * alpha)


def _elu_grad(gradients, outputs):
    return torch.where(outputs < 0, (outputs + 1) * gradients, gradients)


def _selu_grad(gradients, outputs):
    return torch.where(outputs < 0, gradients * (outputs + _SELU_SCALE * _SELU_ALPHA),
                       gradients * _SELU_SCALE)


def _softplus_grad(gradients, features):
    return gradients / (torch.exp(-features) + 1)


def _softsign_grad(gradients, features):
    return gradients / torch.square(torch.abs(features) + 1)


def _masked_grad(kernel):
    """TF's gradient of ReluGrad, Relu6Grad, LeakyReluGrad: the same mask on `grad`, zeros
    for the features."""
    return lambda g, f, grad, **attrs: (kernel(grad, f, **attrs), torch.zeros_like(f))


def _exp_grad(kernel):
    """TF's _EluGradGrad / _SeluGradGrad."""
    def grad_fn(g, out, grad):
        zeros = torch.zeros((), dtype=out.dtype, device=out.device)
        return kernel(grad, out), torch.where(out < 0, grad * g, zeros)
    return grad_fn


def _softplus_grad_grad(dy, x, grad):
    return _softplus_grad(grad, x), grad * dy / (torch.exp(-x) + 2.0 + torch.exp(x))


def _softsign_grad_grad(g, x, grad):
    # NOTE: TF registers no gradient for SoftsignGrad (LookupError); this is its derivative
    ax1 = torch.abs(x) + 1
    return _softsign_grad(grad, x), -2.0 * grad * g * torch.sign(x) / (ax1 * ax1 * ax1)


for _type, _kernel, _grad in (
        ("ReluGrad", _relu_grad, _masked_grad(_relu_grad)),
        ("Relu6Grad", _relu6_grad, _masked_grad(_relu6_grad)),
        ("SoftplusGrad", _softplus_grad, _softplus_grad_grad),
        ("SoftsignGrad", _softsign_grad, _softsign_grad_grad)):
    register_op(_type, inputs=("gradients: T", "features: T"), infer=_merge_both_infer)(
        _elementwise(_kernel, _grad))
for _type, _kernel in (("EluGrad", _elu_grad), ("SeluGrad", _selu_grad)):
    register_op(_type, inputs=("gradients: T", "outputs: T"), infer=_merge_both_infer)(
        _elementwise(_kernel, _exp_grad(_kernel)))
register_op("LeakyReluGrad", inputs=("gradients: T", "features: T"), infer=_merge_both_infer,
            attrs={"alpha": 0.2})(_elementwise(_leaky_relu_grad, _masked_grad(_leaky_relu_grad)))


# -- unary math: (y, dy), y the forward op's output ---------------------------------------------
# TF's Sigmoid/Tanh kernels take no conjugate (the Python gradient conjugates y first); the
# Sqrt/Rsqrt/Reciprocal kernels conjugate y themselves.

def _cmul(a, b):
    """a * b; for complex values the plain formula of TF's kernels (Eigen's complex multiply),
    so infinities give what TF gives (torch's recovers some NaNs differently)."""
    if not a.is_complex():
        return a * b
    return torch.complex(a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real)


def _one_minus(a):
    """1 - a; for complex values by parts (torch's 1 - (inf + 0j) has a NaN imaginary part)."""
    return torch.complex(1 - a.real, -a.imag) if a.is_complex() else 1 - a


def _sigmoid_grad(y, dy):
    if y.is_complex():
        return _cmul(_cmul(dy, y), _one_minus(y))
    return _tf_elementwise.sigmoid_grad(y, dy)


def _tanh_grad(y, dy):
    return _cmul(dy, _one_minus(_cmul(y, y)))


def _sqrt_grad(y, dy):
    return _zero_where_no_grad(dy, 0.5 * dy / _conj(y))


def _rsqrt_grad(y, dy):
    y = _conj(y)
    return _zero_where_no_grad(dy, -0.5 * (dy * y) * (y * y))


def _reciprocal_grad(y, dy):
    y = _conj(y)
    return _zero_where_no_grad(dy, -dy * y * y)


def _conj(t):
    return torch.conj_physical(t) if t.is_complex() else t


def _sigmoid_grad_grad(y, dy, grad):
    a, gb = _conj(y), grad * _conj(dy)
    return gb - 2.0 * gb * a, _sigmoid_grad(a, grad)


def _tanh_grad_grad(y, dy, grad):
    a, b = _conj(y), _conj(dy)
    return grad * -2.0 * b * a, _tanh_grad(a, grad)


def _sqrt_grad_grad(y, dy, grad):
    ga = grad / y
    return -_conj(ga) * _sqrt_grad(y, dy), 0.5 * _conj(ga)


def _rsqrt_grad_grad(y, dy, grad):
    ca, cg = _conj(y), _conj(grad)
    return -1.5 * cg * dy * torch.square(ca), _rsqrt_grad(ca, grad)


def _reciprocal_grad_grad(y, dy, grad):
    ca, cg = _conj(y), _conj(grad)
    return cg * -2.0 * dy * ca, _reciprocal_grad(ca, grad)


for _type, _kernel, _grad in (
        ("SigmoidGrad", _sigmoid_grad, _sigmoid_grad_grad),
        ("TanhGrad", _tanh_grad, _tanh_grad_grad),
        ("SqrtGrad", _sqrt_grad, _sqrt_grad_grad),
        ("RsqrtGrad", _rsqrt_grad, _rsqrt_grad_grad),
        ("ReciprocalGrad", _reciprocal_grad, _reciprocal_grad_grad),
        ("InvGrad", _reciprocal_grad, _reciprocal_grad_grad)):
    register_op(_type, inputs=("y: T", "dy: T"), infer=_unchanged_infer)(
        _elementwise(_kernel, _grad, check_size=True))


# -- BiasAddGrad ------------------------------------------------------------------------------

def _bias_add_grad_infer(op, out_backprop, *, data_format="NHWC"):
    shape = out_backprop.shape
    least = 3 if data_format == "NCHW" else 2
    if shape.ndims is not None and shape.ndims < least:
        raise shape_rules.shape_error("Shape must be at least rank %d but is rank %d"
                                      % (least, shape.ndims), op, [out_backprop])
    if shape.ndims is None:
        return [(out_backprop.dtype.base_dtype, TensorShape([None]))]
    c = 1 if data_format.startswith("NC") and shape.ndims >= 3 else shape.ndims - 1
    return [(out_backprop.dtype.base_dtype, TensorShape([shape.as_list()[c]]))]


@register_op("BiasAddGrad", inputs=("out_backprop: T",), infer=_bias_add_grad_infer,
             attrs={"data_format": "NHWC"})
def _bias_add_grad(ctx, out_backprop, *, data_format="NHWC"):
    if out_backprop.dim() < 2:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Input tensor must be at least 2D: %s"
                              % list(out_backprop.shape))
    c = 1 if data_format.startswith("NC") and out_backprop.dim() >= 3 else out_backprop.dim() - 1
    dims = [d for d in range(out_backprop.dim()) if d != c]
    if out_backprop.dtype in (torch.float16, torch.bfloat16):  # TF sums these in float32
        return out_backprop.float().sum(dims).to(out_backprop.dtype)
    return out_backprop.sum(dims, dtype=out_backprop.dtype)


# -- BroadcastGradientArgs, ConcatOffset: shape arithmetic of TF's gradients -------------------

def _vector_infer(op, s0, s1, **attrs):
    for s in (s0, s1):
        fns.with_rank(op, [s0, s1], s.shape, 1)
    return [(s0.dtype.base_dtype, TensorShape([None]))] * 2


def _reduce_indices(ctx, x, y):
    """TF's BCast (with its fewer-dimensions optimisation): the axes each input's gradient
    sums over, ascending."""
    rank = max(len(x), len(y))
    xs, ys = [1] * (rank - len(x)) + x, [1] * (rank - len(y)) + y
    rx, ry = [], []
    for i, (a, b) in enumerate(zip(xs, ys)):
        if a == b == 1:
            rx.append(i)
            ry.append(i)
        elif a == 1:
            rx.append(i)
        elif b == 1:
            ry.append(i)
        elif a != b:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "Incompatible shapes: [%s] vs. [%s]"
                                  % (",".join(map(str, x)), ",".join(map(str, y))))
    return rx, ry


@register_op("BroadcastGradientArgs", inputs=("s0: T", "s1: T"), infer=_vector_infer,
             differentiable=False)
def _broadcast_gradient_args(ctx, s0, s1):
    rx, ry = _reduce_indices(ctx, s0.tolist(), s1.tolist())
    return (torch.tensor(rx, dtype=s0.dtype, device=s0.device),
            torch.tensor(ry, dtype=s1.dtype, device=s1.device))


def _concat_offset_infer(op, concat_dim, *shapes, **attrs):
    fns.with_rank(op, [concat_dim] + list(shapes), concat_dim.shape, 0)
    return [(s.dtype.base_dtype, s.shape) for s in shapes]


def _shape_text(dims):
    return "[%s]" % " ".join(map(str, dims))


@register_op("ConcatOffset", inputs=("concat_dim: int32", "shape: N*shape_type"),
             infer=_concat_offset_infer, differentiable=False)
def _concat_offset(ctx, concat_dim, *shapes):
    values = [s.tolist() for s in shapes]
    first = values[0]
    axis = int(concat_dim)
    if not -len(first) <= axis < len(first):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Concat dim is out of range: %d vs. %d" % (axis, len(first)))
    axis %= len(first)
    offsets, offset = [], 0
    for i, dims in enumerate(values):
        if len(dims) != len(first):
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "input %d should contain %d elements, but got %d"
                                  % (i, len(first), len(dims)))
        if any(d != f for j, (d, f) in enumerate(zip(dims, first)) if j != axis):
            raise errors.op_error(
                errors.InvalidArgumentError, ctx.op,
                "All dimensions except %d must match. Input %d has shape %s and doesn't match "
                "input 0 with shape %s." % (axis, i, _shape_text(dims), _shape_text(first)))
        out = [0] * len(first)
        out[axis] = offset
        offset += dims[axis]
        offsets.append(torch.tensor(out, dtype=shapes[i].dtype, device=shapes[i].device))
    return tuple(offsets)


# -- StridedSliceGrad -----------------------------------------------------------------------------

def _slice_grad_infer(op, shape, begin, end, strides, dy, **masks):
    value = constant_value(shape)
    if value is not None:
        return [(dy.dtype.base_dtype, TensorShape([int(v) for v in np.reshape(value, -1)]))]
    rank = shape.shape.as_list()[0] if shape.shape.ndims == 1 else None
    return [(dy.dtype.base_dtype, unknown_shape() if rank is None else TensorShape([None] * rank))]


@register_op("StridedSliceGrad", inputs=("shape: Index", "begin: Index", "end: Index",
                                         "strides: Index", "dy: T"),
             infer=_slice_grad_infer, attrs=dict(indexing_ops._SLICE_ATTRS))
def _strided_slice_grad(ctx, shape, begin, end, strides, dy, **masks):
    """dy scattered into zeros of `shape` where StridedSlice(begin, end, strides) reads."""
    dims = [int(d) for d in shape.tolist()]
    flat = torch.arange(int(np.prod(dims)), device=dy.device).reshape(dims)
    items = indexing_ops._index_items(len(dims), begin.tolist(), end.tolist(), strides.tolist(),
                                      indexing_ops._mask_tuple(masks))
    picked = indexing_ops.apply_index_items(flat, items, ctx.op)
    if tuple(picked.shape) != tuple(dy.shape):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "shape of dy was %s instead of %s"
                              % (_shape_text(list(dy.shape)), _shape_text(list(picked.shape))))
    out = torch.zeros(flat.numel(), dtype=dy.dtype, device=dy.device)
    return out.index_add(0, picked.reshape(-1), dy.reshape(-1)).reshape(dims)


# -- ParallelDynamicStitch: DynamicStitch's result (TF leaves the winner of a repeated index
# unspecified; DynamicStitch's last-wins is one of its allowed answers) -------------------------

_stitch = get_op_def("DynamicStitch")
register_op("ParallelDynamicStitch", inputs=("indices: N*int32", "data: N*T"),
            infer=_stitch.infer)(_stitch.lower)
