"""Reductions, arg-reductions, scans, matrix products and clipping (TF's math_ops, part 2)."""
from __future__ import annotations

import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _dtype_dispatch
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.ops import _tf_arith
from tfcompat.ops import math_ops
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops import range as tf_range, rank as tf_rank
from tfcompat.ops.array_ops_join import zeros

# -- reductions ---------------------------------------------------------------------------


def _reduce_infer(op, x, axis, *, keep_dims=False):
    if axis.shape.ndims is not None and axis.shape.ndims > 1:
        raise shape_rules.shape_error("Shape must be at most rank 1 but is rank %d"
                                      % axis.shape.ndims, op, [x, axis])
    return [(x.dtype.base_dtype, shape_rules.reduced_shape(op, x, axis, keep_dims))]


def _mean(x, dims, keep):
    if x.is_complex() and x.numel() == 0:  # NOTE: TF's complex 0 / 0 here is 0, not NaN
        return torch.sum(x, dim=dims, keepdim=keep)
    if x.dtype in (torch.float16, torch.bfloat16):
        return _half_mean(x, dims, keep)
    if x.is_floating_point() or x.is_complex():
        return torch.mean(x, dim=dims, keepdim=keep)
    # NOTE: TF's integer Mean sums in int64 (uint64 for unsigned types) below 64 bits, in
    # the type itself (wrapping) for 64-bit ones, then divides truncating toward zero; the
    # result keeps the input's integer dtype (torch.mean rejects integers).
    count = 1
    for d in dims:
        count *= x.shape[d]
    total = torch.sum(_tf_arith.int64_bits(x), dim=dims, keepdim=keep, dtype=torch.int64)
    count = max(count, 1)
    if x.dtype == getattr(torch, "uint64", None):
        divisor = torch.tensor(count, dtype=torch.uint64)
        return _tf_arith.unsigned_numpy(np.floor_divide, total.view(torch.uint64), divisor)
    return torch.div(total, count, rounding_mode="trunc").to(x.dtype)


def _half_mean(x, dims, keep):
    """TF's float16/bfloat16 Mean accumulates in the type itself: a sum past the type's range
    is inf however small the mean (fp16 users see it as a loss-scaling overflow). The mean
    here is computed in float32 and rounded once (within an ulp of TF's packet-order sums),
    with the sum's overflow kept."""
    total = torch.sum(x, dim=dims, keepdim=keep, dtype=torch.float32)
    count = math.prod(x.shape[d] for d in dims)
    rounded_total = total.to(x.dtype)
    mean = (total / count).to(x.dtype)
    overflow = torch.isinf(rounded_total) & torch.isfinite(total) & torch.isfinite(mean)
    if not torch.is_grad_enabled() or not mean.requires_grad:
        return torch.where(overflow, rounded_total, mean)
    # the gradient stays the mean's (grad / count), as TF's
    return mean + (torch.where(overflow, rounded_total, mean) - mean).detach()


def _extreme(kind):
    reduce = torch.amax if kind == "max" else torch.amin

    def fn(x, dims, keep):
        if x.numel() == 0:
            return _empty_reduce(x, dims, keep, kind)
        out = reduce(_tf_arith.order_key(x), dim=dims, keepdim=keep)
        return _tf_arith.from_order_key(out, x.dtype)
    return fn


def _empty_reduce(x, dims, keep, kind):
    info = torch.finfo(x.dtype) if x.is_floating_point() else torch.iinfo(x.dtype)
    fill = (-float("inf") if kind == "max" else float("inf")) if x.is_floating_point() else (
        info.min if kind == "max" else info.max)
    shape = [1 if i in dims else n for i, n in enumerate(x.shape)] if keep else \
        [n for i, n in enumerate(x.shape) if i not in dims]
    return torch.full(shape, fill, dtype=x.dtype, device=x.device)


def _prod_value(x, dims, keep):
    # NOTE: integer products wrap in the input's type, as TF's do (torch.prod promotes to
    # int64, and has no uint16/32/64 kernels: the int64 product has the same low bits).
    out = _tf_arith.int64_bits(x)
    for d in sorted(dims, reverse=True):
        out = torch.prod(out, dim=d, keepdim=keep, dtype=out.dtype)
    return _tf_arith.from_int64_bits(out, x.dtype)


class _Prod(torch.autograd.Function):
    """Prod with TF's gradient: the product of the other entries, as an exclusive cumprod from
    each side over the reduced axes (no division, so zeros and overflow behave as in TF)."""

    @staticmethod
    def forward(ctx, x, dims, keep):
        ctx.save_for_backward(x)
        ctx.dims, ctx.keep = dims, keep
        return _prod_value(x, dims, keep)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        dims = list(ctx.dims)
        if not ctx.keep:
            for d in sorted(dims):
                grad = grad.unsqueeze(d)
        others = [d for d in range(x.dim()) if d not in dims]
        permuted = x.permute(dims + others)
        flat = permuted.reshape(math.prod(permuted.shape[:len(dims)]),
                                math.prod(permuted.shape[len(dims):]))
        left = cumprod_tensor(flat, 0, exclusive=True)
        right = cumprod_tensor(flat, 0, exclusive=True, reverse=True)
        y = (left.conj() * right.conj()).reshape(permuted.shape)
        inverse = [0] * x.dim()
        for i, d in enumerate(dims + others):
            inverse[d] = i
        return grad * y.permute(inverse), None, None


def _prod(x, dims, keep):
    if torch.is_grad_enabled() and x.requires_grad:
        return _Prod.apply(x, dims, keep)
    return _prod_value(x, dims, keep)


def _sum(x, dims, keep):
    if x.dtype == torch.bool:
        return torch.sum(x, dim=dims, keepdim=keep)
    if _tf_arith.is_wide_unsigned(x):
        out = torch.sum(_tf_arith.int64_bits(x), dim=dims, keepdim=keep, dtype=torch.int64)
        return _tf_arith.from_int64_bits(out, x.dtype)
    return torch.sum(x, dim=dims, keepdim=keep, dtype=x.dtype)


def _euclidean_norm(x, dims, keep):
    """sqrt(sum(x * conj(x))) accumulated in the input's type, as TF's reducer does: an
    integer sum wraps, and its square root truncates (a negative wrapped sum gives 0). Over
    no axes each element is its own sum: |x|."""
    def total_of(squares):
        return torch.sum(squares, dim=dims, keepdim=keep, dtype=squares.dtype) if dims \
            else squares
    if x.is_floating_point() or x.is_complex():
        return torch.sqrt(total_of(x * x.conj()))
    wide = _tf_arith.int64_bits(x).to(torch.int64)
    total = _tf_arith.from_int64_bits(total_of(wide * wide), x.dtype)
    root = torch.nan_to_num(torch.sqrt(_tf_arith.int64_bits(total).double()), nan=0.0)
    return _tf_arith.from_int64_bits(root.to(torch.int64), x.dtype)


_REDUCTIONS = {
    "Sum": _sum, "EuclideanNorm": _euclidean_norm, "Mean": _mean, "Max": _extreme("max"),
    "Min": _extreme("min"), "Prod": _prod,
    "All": lambda x, d, k: torch.all(x, dim=d, keepdim=k),
    "Any": lambda x, d, k: torch.any(x, dim=d, keepdim=k),
}


def reduction_dims(ctx, rank: int, axis) -> tuple:
    """The reduction axes as TF's kernels check them (ReductionHelper::Simplify)."""
    seen = []
    for a in axis.reshape(-1).tolist():
        if not -rank <= a < rank:
            raise errors.InvalidArgumentError(
                None, ctx.op, "Invalid reduction dimension (%d for input with %d dimension(s)"
                % (a, rank))
        if a % rank in seen:
            raise errors.InvalidArgumentError(
                None, ctx.op, "Invalid reduction arguments: Axes contains duplicate "
                "dimension: %d" % (a % rank))
        seen.append(a % rank)
    return tuple(sorted(seen))


def _register_reduction(op_type, fn):
    def lower(ctx, x, axis, *, keep_dims=False):
        dims = reduction_dims(ctx, x.dim(), axis)
        if not dims and op_type != "EuclideanNorm":
            return x.clone()  # reducing over no axes is the identity (|x| for EuclideanNorm)
        return fn(x, dims, keep_dims)
    lower.__name__ = "_lower_" + op_type.lower()
    register_op(op_type, inputs=("input: T", "reduction_indices: Tidx"), infer=_reduce_infer,
                attrs={"keep_dims": False})(lower)


for _type, _fn in _REDUCTIONS.items():
    _register_reduction(_type, _fn)


def _resolve_keep(keepdims, keep_dims):
    return bool(array_ops._deprecated_arg_lookup("keepdims", keepdims, "keep_dims",
                                                     keep_dims))


def _resolve_axis(axis, reduction_indices):
    return array_ops._deprecated_arg_lookup("axis", axis, "reduction_indices",
                                                reduction_indices)


def _reduction_dims(x, axis):
    if axis is not None:
        return axis
    rank = x.shape.ndims
    if rank:  # NOTE: as TF's _ReductionDims, a scalar takes the Range(0, Rank) path
        return constant(np.arange(rank, dtype=np.int32))
    return tf_range(0, tf_rank(x), 1)


def _may_reduce_to_scalar(keep, axis, output):
    """TF's wrappers (not the op's shape function) know that reducing over every axis without
    keepdims gives a scalar, even of an input of unknown rank."""
    if not keep and axis is None and not output.shape.is_fully_defined():
        output.set_shape([])
    return output


def _reduction_fn(op_type, public):
    def fn(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
           keep_dims=None):
        keep = _resolve_keep(keepdims, keep_dims)
        axis = _resolve_axis(axis, reduction_indices)
        if not isinstance(getattr(input_tensor, "shape", None), tensor_shape.TensorShape):
            # a list or array: TF takes Range(0, Rank(x)) (converting x inside "Rank") and
            # converts x again as the op's input ("Sum/input"), so the graph has TF's names
            dims = axis if axis is not None else tf_range(0, tf_rank(input_tensor), 1)
            out = apply_op(op_type, [input_tensor, dims], name=name, keep_dims=keep)
            return _may_reduce_to_scalar(keep, axis, out)
        # a Tensor of another dtype reaches the op, whose input check gives TF's TypeError
        # ("Input 'input' of 'All' Op has type float32 that does not match ...")
        x = input_tensor
        if not getattr(x, "_should_act_as_resource_variable", False):
            # a resource variable is read inside the op's name scope ("Sum/ReadVariableOp")
            x = convert_to_tensor(x)
        out = apply_op(op_type, [x, _reduction_dims(x, axis)], name=name, keep_dims=keep)
        return _may_reduce_to_scalar(keep, axis, out)
    fn.__name__ = public
    fn.__doc__ = "TF1 `tf.%s` (`axis`/`keepdims`, or the old `reduction_indices`/`keep_dims`)." \
        % public
    return ragged_entry(fn)


reduce_sum = _reduction_fn("Sum", "reduce_sum")
reduce_mean = _reduction_fn("Mean", "reduce_mean")
reduce_max = _reduction_fn("Max", "reduce_max")
reduce_min = _reduction_fn("Min", "reduce_min")
reduce_prod = _reduction_fn("Prod", "reduce_prod")
reduce_all = _reduction_fn("All", "reduce_all")
reduce_any = _reduction_fn("Any", "reduce_any")


def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                     keep_dims=None):
    """TF1 `tf.reduce_logsumexp`, composed of TF's ops as TF composes it (stable max shift)."""
    from tfcompat.ops import indexing_ops  # lazy: cycle: indexing ops build on reductions
    keep = _resolve_keep(keepdims, keep_dims)
    axis = _resolve_axis(axis, reduction_indices)
    with name_scope(name, "ReduceLogSumExp", [input_tensor]) as name:
        x = convert_to_tensor(input_tensor)
        raw_max = reduce_max(x, axis=axis, keepdims=True)
        my_max = array_ops.stop_gradient(
            indexing_ops.where_v2(math_ops.is_finite(raw_max), raw_max, 0.0))
        result = math_ops.log(reduce_sum(math_ops.exp(math_ops.subtract(x, my_max)), axis=axis,
                                         keepdims=keep))
        if not keep:
            my_max = array_ops.reshape(my_max, array_ops.shape_internal(result, optimize=False))
        return _may_reduce_to_scalar(keep, axis, math_ops.add(result, my_max, name=name))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """TF `tf.math.reduce_euclidean_norm`: one EuclideanNorm op."""
    x = convert_to_tensor(input_tensor)
    out = apply_op("EuclideanNorm", [x, _reduction_dims(x, axis)], name=name or "EuclideanNorm",
                   keep_dims=bool(keepdims))
    return _may_reduce_to_scalar(bool(keepdims), axis, out)


def count_nonzero(input_tensor, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None):
    keep = _resolve_keep(keepdims, keep_dims)
    with name_scope(name, "count_nonzero", [input_tensor]):
        x = convert_to_tensor(input_tensor, name="input")
        if x.dtype.base_dtype == dtypes.bool:
            predicate = x
        else:  # TF: NotEqual(x, zeros([]))
            predicate = apply_op("NotEqual", [x, zeros([], dtype=x.dtype.base_dtype)],
                                 name="NotEqual")
        nonzero = math_ops.cast(predicate, dtypes.int64)
        return math_ops.cast(reduce_sum(nonzero, _resolve_axis(axis, reduction_indices), keep),
                             dtype)


# -- ArgMax / ArgMin ---------------------------------------------------------------------

def _arg_infer(op, x, dimension, *, output_type):
    if dimension.shape.ndims not in (None, 0):
        raise shape_rules.shape_error("Shape must be rank 0 but is rank %d"
                                      % dimension.shape.ndims, op, [x, dimension])
    rank = x.shape.ndims
    if rank is None:
        return [(output_type, tensor_shape.unknown_shape())]
    if rank <= 1:  # as TF's shape function: a scalar, the axis checked only when run
        return [(output_type, tensor_shape.TensorShape([]))]
    axis = constant_value(dimension)
    if axis is None:
        return [(output_type, tensor_shape.unknown_shape(rank=rank - 1))]
    axis = int(axis)
    if not -rank <= axis < rank:
        raise shape_rules.shape_error(
            "Dimension (%d) must be in the range [%d, %d), where %d is the number of dimensions "
            "in the input." % (axis, -rank, rank, rank), op, [x, dimension], {1: axis})
    dims = x.shape.as_list()
    del dims[axis % rank]
    return [(output_type, tensor_shape.TensorShape(dims))]


def _register_arg(op_type, largest):
    def lower(ctx, x, dimension, *, output_type):
        axis, rank = int(dimension), x.dim()
        if not -rank <= axis < rank:
            raise errors.InvalidArgumentError(
                None, ctx.op, "Expected dimension in the range [%d, %d), but got %d"
                % (-rank, rank, axis))
        if x.shape[axis] == 0:
            raise errors.InvalidArgumentError(
                None, ctx.op, "Reduction axis %d is empty in shape [%s]"
                % (axis, ",".join(str(n) for n in x.shape)))
        return _tf_arith.arg_extreme(x, axis % rank, largest).to(output_type.torch_dtype)
    lower.__name__ = "_lower_" + op_type.lower()
    register_op(op_type, inputs=("input: T", "dimension: Tidx"), infer=_arg_infer,
                attrs={"output_type": dtypes.int64}, differentiable=False)(lower)


_register_arg("ArgMax", True)
_register_arg("ArgMin", False)


def _argmax_axis(axis):
    """TF 2's argmax (not argmin) checks its axis: an int, or an integer tensor (8- and 16-bit
    ones are cast to int32)."""
    if isinstance(axis, (int, np.integer)):
        return axis  # NOTE: TF 2 refuses numpy integers (no TF dtype); TF 1 took them
    if not hasattr(axis, "dtype"):
        raise TypeError("axis must be int or Tensor with integer datatype")
    dtype = dtypes.as_dtype(axis.dtype)
    if dtype not in (dtypes.int8, dtypes.uint8, dtypes.int16, dtypes.uint16, dtypes.int32,
                     dtypes.int64):
        raise TypeError("axis tensor dtypes %s is not supported" % dtype)
    if dtype in (dtypes.int8, dtypes.uint8, dtypes.int16, dtypes.uint16):
        return math_ops.cast(axis, dtypes.int32)
    return axis


def _arg_fn(op_type, public, check_axis):
    def fn(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):
        axis = array_ops._deprecated_arg_lookup("axis", axis, "dimension", dimension)
        axis = 0 if axis is None else axis
        if check_axis:
            axis = _argmax_axis(axis)
        return apply_op(op_type, [input, axis], name=name,
                        output_type=dtypes.as_dtype(output_type))
    fn.__name__ = public
    fn.__doc__ = "TF1 `tf.%s`: the first index of the extreme value along `axis` (NaNs are " \
        "never chosen, as in TF)." % public
    return fn


argmax = _arg_fn("ArgMax", "argmax", check_axis=True)
argmin = _arg_fn("ArgMin", "argmin", check_axis=False)


# -- scans ---------------------------------------------------------------------------------

def _accumulate(x, dim, fn_name):
    # NOTE: on the CPU torch scans float16/float32 in a wider type; TF's kernels accumulate in
    # the tensor's own type (cumsum([1e8, 1, -1e8]) == [1e8, 1e8, 0], and cumprod stays inf
    # once it overflows). numpy's accumulate does the same, on the same memory.
    if x.device.type == "cpu" and x.dtype in (torch.float16, torch.float32):
        values = x.detach().numpy()
        scan = np.cumsum if fn_name == "cumsum" else np.cumprod
        return torch.from_numpy(np.ascontiguousarray(scan(values, axis=dim, dtype=values.dtype)))
    return getattr(torch, fn_name)(x, dim=dim)


def _scan_value(x, dim, fn_name, exclusive, reverse):
    # NOTE: integer scans wrap in the input's type, as TF's do (torch promotes to int64).
    out = _tf_arith.int64_bits(x)
    if reverse:
        out = torch.flip(out, [dim])
    if exclusive:
        neutral = torch.zeros_like if fn_name == "cumsum" else torch.ones_like
        out = torch.cat([neutral(out.narrow(dim, 0, min(1, out.shape[dim]))),
                         out.narrow(dim, 0, max(out.shape[dim] - 1, 0))], dim)
    out = _accumulate(out, dim, fn_name)
    if reverse:
        out = torch.flip(out, [dim])
    return _tf_arith.from_int64_bits(out, x.dtype)


class _Cumsum(torch.autograd.Function):
    """Cumsum's gradient, TF's: the cumsum of the gradient in the other direction."""

    @staticmethod
    def forward(ctx, x, dim, exclusive, reverse):
        ctx.args = (dim, exclusive, reverse)
        return _scan_value(x, dim, "cumsum", exclusive, reverse)

    @staticmethod
    def backward(ctx, grad):
        dim, exclusive, reverse = ctx.args
        return cumsum_tensor(grad, dim, exclusive, not reverse), None, None, None


def cumsum_tensor(x, dim, exclusive=False, reverse=False):
    """A differentiable cumsum of a torch tensor with TF's accumulation and options."""
    if torch.is_grad_enabled() and x.requires_grad:
        return _Cumsum.apply(x, dim, exclusive, reverse)
    return _scan_value(x, dim, "cumsum", exclusive, reverse)


class _Cumprod(torch.autograd.Function):
    """Cumprod with TF's gradient: cumsum(cumprod(x) * grad) in the other direction, divided
    by x with div_no_nan (0 where x is 0, where torch's gradient would be exact or NaN)."""

    @staticmethod
    def forward(ctx, x, dim, exclusive, reverse):
        ctx.save_for_backward(x)
        ctx.args = (dim, exclusive, reverse)
        return _scan_value(x, dim, "cumprod", exclusive, reverse)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        dim, exclusive, reverse = ctx.args
        prod = cumprod_tensor(x, dim, exclusive, reverse)
        out = cumsum_tensor(prod * grad, dim, exclusive, not reverse)
        safe = torch.where(x == 0, torch.ones_like(x), x)
        return torch.where(x == 0, torch.zeros_like(out), out / safe), None, None, None


def cumprod_tensor(x, dim, exclusive=False, reverse=False):
    """A differentiable cumprod of a torch tensor with TF's accumulation and gradient."""
    if torch.is_grad_enabled() and x.requires_grad:
        return _Cumprod.apply(x, dim, exclusive, reverse)
    return _scan_value(x, dim, "cumprod", exclusive, reverse)


def _scan(fn_name):
    def lower(ctx, x, axis, *, exclusive=False, reverse=False):
        if axis.dim() != 0:
            raise errors.InvalidArgumentError(
                None, ctx.op, "ScanOp: axis must be a scalar, not [%s]"
                % ",".join(str(n) for n in axis.shape))
        rank, dim = x.dim(), int(axis)
        dim = dim + rank if dim < 0 else dim
        if not 0 <= dim < rank:
            raise errors.InvalidArgumentError(
                None, ctx.op, "ScanOp: Expected scan axis in the range [%d, %d), but got %d"
                % (-rank, rank, dim))
        scan = cumsum_tensor if fn_name == "cumsum" else cumprod_tensor
        return scan(x, dim, exclusive, reverse)
    lower.__name__ = "_lower_" + fn_name
    return lower


register_op("Cumsum", inputs=("x: T", "axis: Tidx"), infer=shape_rules.same_shape,
            attrs={"exclusive": False, "reverse": False})(_scan("cumsum"))
register_op("Cumprod", inputs=("x: T", "axis: Tidx"), infer=shape_rules.same_shape,
            attrs={"exclusive": False, "reverse": False})(_scan("cumprod"))


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    return apply_op("Cumsum", [x, axis], name=name, exclusive=exclusive, reverse=reverse)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    return apply_op("Cumprod", [x, axis], name=name, exclusive=exclusive, reverse=reverse)


# -- MatMul / BatchMatMulV2 -------------------------------------------------------------------

def _matmul_infer(op, a, b, *, transpose_a=False, transpose_b=False):
    if a.shape.ndims is None or b.shape.ndims is None:
        return [(a.dtype.base_dtype, tensor_shape.unknown_shape(rank=2))]
    if a.shape.ndims != 2 or b.shape.ndims != 2:
        raise shape_rules.shape_error("Shape must be rank 2 but is rank %d"
                                      % (a.shape.ndims if a.shape.ndims != 2 else b.shape.ndims),
                                      op, [a, b])
    (m, k), (k2, n) = a.shape.as_list()[::-1 if transpose_a else 1], \
        b.shape.as_list()[::-1 if transpose_b else 1]
    if k is not None and k2 is not None and k != k2:
        raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d" % (k, k2),
                                      op, [a, b])
    return [(a.dtype.base_dtype, tensor_shape.TensorShape([m, n]))]


def _lower_matmul(ctx, a, b, *, transpose_a=False, transpose_b=False):
    if transpose_a:
        a = a.mT
    if transpose_b:
        b = b.mT
    return a @ b


def _in_float64(lower):
    # NOTE: TF multiplies bfloat16 matrices in float32 with fused multiply-adds, so an infinite
    # partial sum stays infinite when a product beyond bfloat16's range (3e38 * -2.5) is added;
    # torch's bfloat16 kernel gives NaN there, and so does a float32 GEMM that rounds each
    # product before adding it (MKL's kernel on some CPUs). In float64 every product of two
    # bfloat16 numbers is exact and none overflows, on any CPU.
    def lower_bfloat16(ctx, x, y, **attrs):
        return lower(ctx, x.double(), y.double(), **attrs).float().to(torch.bfloat16)
    return lower_bfloat16


register_op("MatMul", inputs=("a: T", "b: T"), infer=_matmul_infer,
            attrs={"transpose_a": False, "transpose_b": False})(
    _dtype_dispatch.by_dtype(_lower_matmul, {"bfloat16": _in_float64(_lower_matmul)}))


def _batch_matmul_infer(op, x, y, *, adj_x=False, adj_y=False):
    if x.shape.ndims is None or y.shape.ndims is None:
        return [(x.dtype.base_dtype, tensor_shape.unknown_shape())]
    xs, ys = x.shape.as_list(), y.shape.as_list()
    m, k = xs[-2:][::-1] if adj_x else xs[-2:]
    k2, n = ys[-2:][::-1] if adj_y else ys[-2:]
    if k is not None and k2 is not None and k != k2:
        raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d" % (k, k2),
                                      op, [x, y])
    batch = _broadcast_lists(xs[:-2], ys[:-2])
    return [(x.dtype.base_dtype, tensor_shape.TensorShape(batch + [m, n]))]


def _broadcast_lists(a, b):
    n = max(len(a), len(b))
    a, b = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    return [q if p == 1 else p if q == 1 else (p if p is not None else q) for p, q in zip(a, b)]


def _lower_batch_matmul_v2(ctx, x, y, *, adj_x=False, adj_y=False):
    if adj_x:
        x = x.mT.conj()
    if adj_y:
        y = y.mT.conj()
    return torch.matmul(x, y)


register_op("BatchMatMulV2", inputs=("x: T", "y: T"), infer=_batch_matmul_infer,
            attrs={"adj_x": False, "adj_y": False})(
    _dtype_dispatch.by_dtype(_lower_batch_matmul_v2,
                             {"bfloat16": _in_float64(_lower_batch_matmul_v2)}))


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """TF1 `tf.matmul` (MatMul for matrices, BatchMatMulV2 for rank > 2).

    Differences from TensorFlow: `a_is_sparse`/`b_is_sparse` are hints and are ignored.

    >>> tf.matmul(tf.ones([2, 3]), tf.ones([3, 4])).shape.as_list()
    [2, 4]
    """
    with name_scope(name, "MatMul", [a, b]) as name:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b", dtype_hint=a.dtype.base_dtype)
        ranks = (a.shape.ndims, b.shape.ndims)
        # NOTE: as TF: BatchMatMulV2 when a rank is unknown or above 2, else MatMul (whose
        # shape rule rejects rank 1 with TF's "Shape must be rank 2" error).
        if all(r is not None and r <= 2 for r in ranks):
            # as TF: MatMul has no adjoint attrs, so an adjoint is a Conj (complex) + transpose
            a = math_ops.conj(a) if adjoint_a and a.dtype.is_complex else a
            b = math_ops.conj(b) if adjoint_b and b.dtype.is_complex else b
            return apply_op("MatMul", [a, b], name=name, transpose_a=transpose_a or adjoint_a,
                            transpose_b=transpose_b or adjoint_b)
        # as TF 1.15: BatchMatMulV2 has no transpose attrs, so a transpose is a Conj (complex)
        # + adjoint (which also serves operands of unknown rank)
        if transpose_a:
            a = math_ops.conj(a) if a.dtype.is_complex else a
        if transpose_b:
            b = math_ops.conj(b) if b.dtype.is_complex else b
        return apply_op("BatchMatMulV2", [a, b], name=name, adj_x=adjoint_a or transpose_a,
                        adj_y=adjoint_b or transpose_b)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """TF1 `tf.clip_by_value` (Minimum then Maximum, as TF builds it)."""
    with name_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as name:
        t = convert_to_tensor(t, name="t")
        t_min = math_ops.minimum(t, clip_value_max)
        return math_ops.maximum(t_min, clip_value_min, name=name)


Tensor._override_operator("__matmul__", math_ops._binary_overload(matmul, "matmul"))
Tensor._override_operator("__rmatmul__", math_ops._binary_overload(matmul, "matmul",
                                                                   reverse=True))
