"""Array ops, part 1: constants, placeholders, identity, shapes, reshaping, joining and
splitting, filling and ranges. Indexing ops live in indexing_ops.py.
"""
from __future__ import annotations

import builtins

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.ops.math_ops import subtract
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import conj
from tfcompat.ops._traced import host_int
from tfcompat.ops._ragged_entry import ragged_entry

unknown = tensor_shape.unknown_shape


def _to_device_value(value, device):
    if value.dtype == object:
        return value
    # a Const that is not folded (it has control inputs) is copied on every run: without
    # waiting for the device
    return dtypes.numpy_to_torch(np.array(value, order="C")).to(device, non_blocking=True)


# -- Const, Placeholder, PlaceholderWithDefault ------------------------------------------

def _const_infer(op, *, value, dtype):
    return [(dtype, TensorShape(list(np.shape(value))))]


@register_op("Const", infer=_const_infer, attrs={"value": None, "dtype": None})
def _lower_const(ctx, *, value, dtype):
    return _to_device_value(value, ctx.device)


def _placeholder_infer(op, *, dtype, shape):
    return [(dtype, shape)]


@register_op("Placeholder", infer=_placeholder_infer, attrs={"dtype": None, "shape": None})
def _lower_placeholder(ctx, *, dtype, shape):
    raise errors.InvalidArgumentError(
        None, ctx.op, "You must feed a value for placeholder tensor '%s' with dtype %s%s"
        % (ctx.op.name, shape_rules.cpp_type_name(dtype), "" if shape.ndims is None else
           " and shape %s" % shape_rules.shape_text(shape)))


def placeholder(dtype, shape=None, name=None):
    """TF1 `tf.placeholder`: a tensor whose value must be fed to `Session.run`."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    graph = get_default_graph()
    op = graph._create_op("Placeholder", [], {"dtype": dtype,
                                              "shape": tensor_shape.as_shape(shape)},
                          name or "Placeholder")
    return op.outputs[0]


def _pwd_infer(op, input, *, dtype=None, shape=None):
    return [(input.dtype.base_dtype, shape)]


@register_op("PlaceholderWithDefault", inputs=("input: dtype",), infer=_pwd_infer,
             attrs={"shape": None})
def _lower_placeholder_with_default(ctx, input, *, shape=None):
    return input


def placeholder_with_default(input, shape, name=None):
    """TF1 `tf.placeholder_with_default`: `input` unless a value is fed."""
    with name_scope(name, "PlaceholderWithDefault", [input]) as scope:
        input = convert_to_tensor(input, name="input")   # `PlaceholderWithDefault/input`
        shape = tensor_shape.as_shape(shape)
        input.shape.assert_is_compatible_with(shape)
        return apply_op("PlaceholderWithDefault", [input], name=scope, shape=shape,
                        dtype=input.dtype.base_dtype)


# -- Identity, StopGradient, NoOp ---------------------------------------------------------

register_op("Identity", inputs=("input: T",), infer=shape_rules.same_shape)(
    lambda ctx, x: x)
register_op("Snapshot", inputs=("input: T",), infer=shape_rules.same_shape)(
    lambda ctx, x: x.clone())


@register_op("StopGradient", inputs=("input: T",), infer=shape_rules.same_shape,
             differentiable=False)
def _lower_stop_gradient(ctx, x):
    return x.detach() if isinstance(x, torch.Tensor) else x


register_op("PreventGradient", inputs=("input: T",), infer=shape_rules.same_shape,
            attrs={"message": ""})(lambda ctx, x, message="": x)


def _identity_n_infer(op, *inputs, **attrs):
    return [(t.dtype.base_dtype, t.shape) for t in inputs]


register_op("IdentityN", inputs=("input: N*T",), infer=_identity_n_infer)(
    lambda ctx, *xs: tuple(xs))
register_op("NoOp", infer=lambda op: [])(lambda ctx: None)


@ragged_entry
def identity(input, name=None):
    """TF1 `tf.identity`: the same value, as a new op (orders side effects with
    control_dependencies). A variable is read inside the op's name scope, as TF converts it."""
    return apply_op("Identity", [input], name=name or "Identity")


def identity_n(input, name=None):
    return list(apply_op("IdentityN", [list(input)], name=name or "IdentityN"))


def stop_gradient(input, name=None):
    """TF1 `tf.stop_gradient`: forward value unchanged; no gradient flows through."""
    return apply_op("StopGradient", [input], name=name or "StopGradient")


def no_op(name=None):
    return apply_op("NoOp", [], name=name or "NoOp")


# -- Shape, Size, Rank ----------------------------------------------------------------------

def _shape_infer(op, x, *, out_type=dtypes.int32):
    return [(out_type, TensorShape([x.shape.ndims]))]


@register_op("Shape", inputs=("input: T",), infer=_shape_infer,
             attrs={"out_type": dtypes.int32}, differentiable=False)
def _lower_shape(ctx, x, *, out_type=dtypes.int32):
    # on the host wherever x is (TF's HostMemory("output")): consumers read shapes without
    # waiting on the device (client/host_memory.py)
    return torch.tensor(list(x.shape), dtype=out_type.torch_dtype)


@register_op("Size", inputs=("input: T",), attrs={"out_type": dtypes.int32},
             infer=lambda op, x, out_type=dtypes.int32: [(out_type, TensorShape([]))],
             differentiable=False)
def _lower_size(ctx, x, *, out_type=dtypes.int32):
    count = x.numel() if isinstance(x, torch.Tensor) else int(np.prod(x.shape))  # strings
    return torch.tensor(count, dtype=out_type.torch_dtype)  # on the host


@register_op("Rank", inputs=("input: T",), infer=lambda op, x: [(dtypes.int32, TensorShape([]))],
             differentiable=False)
def _lower_rank(ctx, x):
    return torch.tensor(len(x.shape), dtype=torch.int32)  # on the host, as Shape's


def _is_sparse(value) -> bool:
    return isinstance(value, (SparseTensor, SparseTensorValue))


def shape_internal(input, name=None, optimize=True, out_type=None):
    """TF's `shape_internal`: a fully known static shape is folded to a Const at build time
    (named `Shape`, or `Shape/shape_as_tensor` when no `out_type` is asked for), as TF does."""
    with name_scope(name, "Shape", [input]) as name:
        if _is_sparse(input):
            return cast(input.dense_shape, out_type or dtypes.int32)
        input = convert_to_tensor(input)
        input_shape = input.shape
        if optimize and input_shape.is_fully_defined():
            if not out_type:
                return convert_to_tensor(input_shape)   # `shape_as_tensor`
            return constant(input_shape.as_list(), out_type, name=name)
        return apply_op("Shape", [input], name=name,
                        out_type=dtypes.as_dtype(out_type or dtypes.int32))


def shape(input, name=None, out_type=dtypes.int32):
    """TF1 `tf.shape`: the shape as a 1-D int32 tensor (a Const when it is fully known)."""
    return shape_internal(input, name, optimize=True, out_type=out_type or dtypes.int32)


def size_internal(input, name=None, optimize=True, out_type=dtypes.int32):
    with name_scope(name, "Size", [input]) as name:
        if _is_sparse(input):
            return apply_op("Prod", [cast(input.dense_shape, out_type), 0], name=name,
                            keep_dims=False)
        input = convert_to_tensor(input)
        input_shape = input.shape
        if optimize:
            if input_shape.is_fully_defined():
                return constant(input_shape.num_elements(), out_type, name=name)
            if input_shape.dims and any(d.value == 0 for d in input_shape.dims):
                return constant(0, out_type, name=name)
        return apply_op("Size", [input], name=name, out_type=dtypes.as_dtype(out_type))


@ragged_entry
def size(input, name=None, out_type=dtypes.int32):
    """TF1 `tf.size` (a Const when the shape is fully known)."""
    return size_internal(input, name, optimize=True, out_type=out_type)


def rank_internal(input, name=None, optimize=True):
    with name_scope(name, "Rank", [input]) as name:
        if _is_sparse(input):
            return apply_op("Size", [input.dense_shape], name=name, out_type=dtypes.int32)
        input = convert_to_tensor(input)
        if optimize and input.shape.ndims is not None:
            return constant(input.shape.ndims, dtypes.int32, name=name)
        return apply_op("Rank", [input], name=name)


@ragged_entry
def rank(input, name=None):
    """TF1 `tf.rank` (a Const when the rank is known)."""
    return rank_internal(input, name, optimize=True)


def _shape_n_infer(op, *inputs, out_type=dtypes.int32, N=None):
    return [(out_type, TensorShape([x.shape.ndims])) for x in inputs]


@register_op("ShapeN", inputs=("input: N*T",), infer=_shape_n_infer,
             attrs={"out_type": dtypes.int32}, differentiable=False)
def _lower_shape_n(ctx, *xs, out_type=dtypes.int32):
    return tuple(torch.tensor(list(x.shape), dtype=out_type.torch_dtype)  # on the host
                 for x in xs)


def shape_n(input, out_type=dtypes.int32, name=None):
    """TF1 `tf.shape_n`: one `ShapeN` op (never folded)."""
    return list(apply_op("ShapeN", [list(input)], name=name or "ShapeN",
                         out_type=dtypes.as_dtype(out_type)))


# -- Reshape, ExpandDims, Squeeze, Transpose ---------------------------------------------

def _reshape_infer(op, x, shape_t):
    """TF's SetOutputShapeForReshape: the target shape, with its one unknown dimension
    inferred from the input's known elements (and the target checked against them)."""
    target = constant_value_as_shape(shape_t)
    if target.ndims is None or x.shape.ndims is None:
        return [(x.dtype.base_dtype, target)]
    out = target.as_list()
    known_out, out_unknown = _known_elements(out)
    known_in, in_unknown = _known_elements(x.shape.as_list())
    if out_unknown == -2 or in_unknown == -2:       # more than one unknown dimension
        return [(x.dtype.base_dtype, TensorShape(out))]
    if in_unknown < 0 and out_unknown < 0:
        if known_in != known_out:
            raise shape_rules.shape_error(
                "Cannot reshape a tensor with %d elements to shape %s (%d elements)"
                % (known_in, shape_rules.dims_text(out), known_out), op, [x, shape_t],
                partial={1: target})
    elif in_unknown < 0 and known_out > 0:
        out[out_unknown] = _divide_evenly(known_in, known_out, op, [x, shape_t], target)
    elif out_unknown < 0 and known_in != 0:
        _divide_evenly(known_out, known_in, op, [x, shape_t], target)
    return [(x.dtype.base_dtype, TensorShape(out))]


def _known_elements(dims):
    """(elements of the known dims, index of the one unknown dim: -1 none, -2 several); a
    known 0 dim makes the element count known (0), as TF's NumElements."""
    if any(d == 0 for d in dims):
        return 0, -1
    if None not in dims:
        return int(np.prod(dims, dtype=np.int64)), -1
    unknown = [i for i, d in enumerate(dims) if d is None]
    if len(unknown) > 1:
        return None, -2
    return int(np.prod([d for d in dims if d is not None], dtype=np.int64)), unknown[0]


def _divide_evenly(total, part, op, inputs, target):
    if total % part:
        raise shape_rules.shape_error("Dimension size must be evenly divisible by %d but is %d"
                                      % (part, total), op, inputs, partial={1: target})
    return total // part


@register_op("Reshape", inputs=("tensor: T", "shape: Tshape"), infer=_reshape_infer)
def _lower_reshape(ctx, x, shape_value):
    dims = [int(d) for d in shape_value.tolist()]
    try:
        return x.reshape(dims)
    except RuntimeError as e:
        raise errors.InvalidArgumentError(None, ctx.op, _reshape_error(x.numel(), dims)) from e


def _reshape_error(total: int, dims: list) -> str:
    """TF's ReshapeOp text for `total` values that do not fit `dims`."""
    unknown = [i for i, d in enumerate(dims) if d == -1]
    if len(unknown) > 1:
        return "Only one input size may be -1, not both %d and %d" % tuple(unknown[:2])
    for i, d in enumerate(dims):
        if d < -1:
            return "Size %d must be non-negative, not %d" % (i, d)
    product = int(np.prod([d for d in dims if d != -1]))
    if unknown and product > 0 and total % product:
        return ("Input to reshape is a tensor with %d values, but the requested shape requires "
                "a multiple of %d" % (total, product))
    return ("Input to reshape is a tensor with %d values, but the requested shape has %d"
            % (total, product))


def reshape(tensor, shape, name=None):
    """TF1 `tf.reshape` (one -1 dimension is inferred)."""
    return apply_op("Reshape", [tensor, shape], name=name or "Reshape")


def _expand_dims_infer(op, x, dim):
    axis = constant_value(dim)
    if axis is None or x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown())]
    axis = int(axis.reshape(-1)[0])
    dims = x.shape.as_list()
    if axis < -len(dims) - 1 or axis > len(dims):
        # TF's shape function words it so; its kernel says "Tried to expand dim index ..."
        raise shape_rules.shape_error("dim %d not in the interval [%d, %d]."
                                      % (axis, -len(dims) - 1, len(dims)), op, [x, dim],
                                      computed={1: np.asarray(constant_value(dim))})
    axis = axis % (len(dims) + 1)
    return [(x.dtype.base_dtype, TensorShape(dims[:axis] + [1] + dims[axis:]))]


@register_op("ExpandDims", inputs=("input: T", "dim: Tdim"), infer=_expand_dims_infer)
def _lower_expand_dims(ctx, x, dim):
    return torch.unsqueeze(x, host_int(dim))


def _deprecated_arg_lookup(new_name, new_value, old_name, old_value):
    """TF's deprecation.deprecated_argument_lookup: the value of a renamed argument, given by
    its new or its old name (ValueError when both are given, even with equal values)."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError("Cannot specify both '%s' and '%s'." % (old_name, new_name))
        return old_value
    return new_value


@ragged_entry
def expand_dims(input, axis=None, name=None, dim=None):
    """TF1 `tf.expand_dims` (`axis`, or the old `dim`)."""
    axis = _deprecated_arg_lookup("axis", axis, "dim", dim)
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return apply_op("ExpandDims", [input, axis], name=name or "ExpandDims",
                    type_defaults={"Tdim": dtypes.int32})


def _squeeze_infer(op, x, *, squeeze_dims=()):
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown())]
    dims = x.shape.as_list()
    rank = len(dims)
    for i, a in enumerate(squeeze_dims):  # TF's shape fn rejects each out-of-range axis
        if not -rank <= a < rank:
            raise shape_rules.shape_error("squeeze_dims[%d] not in [%d,%d)." % (i, -rank, rank),
                                          op, [x])
    axes = {a % rank for a in squeeze_dims}
    for a in axes:
        if dims[a] is not None and dims[a] != 1:
            raise shape_rules.shape_error("Can not squeeze dim[%d], expected a dimension of 1, "
                                          "got %d" % (a, dims[a]), op, [x])
    if axes:
        out = [d for i, d in enumerate(dims) if i not in axes]
    elif None in dims:
        return [(x.dtype.base_dtype, unknown())]
    else:
        out = [d for d in dims if d != 1]
    return [(x.dtype.base_dtype, TensorShape(out))]


@register_op("Squeeze", inputs=("input: T",), infer=_squeeze_infer, attrs={"squeeze_dims": ()})
def _lower_squeeze(ctx, x, *, squeeze_dims=()):
    if not squeeze_dims:
        return x.reshape([d for d in x.shape if d != 1])
    axes = {a % x.dim() for a in squeeze_dims}
    return x.reshape([d for i, d in enumerate(x.shape) if i not in axes])


@ragged_entry
def squeeze(input, axis=None, name=None, squeeze_dims=None):
    """TF1 `tf.squeeze` (`axis`, or the old `squeeze_dims`)."""
    axis = _deprecated_arg_lookup("axis", axis, "squeeze_dims", squeeze_dims)
    if isinstance(axis, int):
        axis = [axis]
    return apply_op("Squeeze", [input], name=name or "Squeeze",
                    squeeze_dims=tuple(axis or ()))


def _transpose_infer(op, x, perm):
    value = constant_value(perm)
    if x.shape.ndims is None or value is None:
        rank = x.shape.ndims if x.shape.ndims is not None else (
            perm.shape[0].value if perm.shape.ndims == 1 else None)
        return [(x.dtype.base_dtype, unknown(rank=rank))]
    dims = x.shape.as_list()
    if len(value) != len(dims):
        raise shape_rules.shape_error("Dimension must be %d but is %d" % (len(dims), len(value)),
                                      op, [x, perm])
    for p in value:   # TF's TransposeShapeFn: negative entries count from the end
        if not -len(dims) <= int(p) < len(dims):
            raise shape_rules.shape_error("perm dim %d is out of range of input rank %d"
                                          % (int(p), len(dims)), op, [x, perm], {1: value})
    return [(x.dtype.base_dtype, TensorShape([dims[int(p)] for p in value]))]


@register_op("Transpose", inputs=("x: T", "perm: Tperm"), infer=_transpose_infer)
def _lower_transpose(ctx, x, perm):
    return x.permute([int(p) for p in perm.tolist()])


def transpose(a, perm=None, name="transpose", conjugate=False):
    """TF1 `tf.transpose` (default perm reverses the dimensions)."""
    with name_scope(name, "transpose", [a]) as name:
        a = convert_to_tensor(a, name="a")
        if perm is None:
            if a.shape.ndims is None:
                rank_t = rank(a)
                perm = math_sub(math_sub(rank_t, 1), range(0, rank_t, 1))
            else:
                perm = np.arange(a.shape.ndims - 1, -1, -1, dtype=np.int32)
        out = apply_op("Transpose", [a, perm], name=name)
        if conjugate and a.dtype.is_complex:
            out = conj(out)
        return out


def math_sub(x, y):
    return subtract(x, y)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    with name_scope(name, "matrix_transpose", [a]):
        a = convert_to_tensor(a, name="a")
        n = a.shape.ndims
        if n is not None:
            if n < 2:
                raise ValueError("Argument 'a' should be a (batch) matrix, with rank >= 2.  "
                                 "Found: %s" % a.shape)
            perm = list(builtins.range(n - 2)) + [n - 1, n - 2]
        else:   # TF: the permutation from the run-time rank
            a_rank = rank(a)
            perm = concat([range(0, a_rank - 2, 1, name="Range"), [a_rank - 1, a_rank - 2]], 0)
        # TF's transpose op inside the scope: `matrix_transpose/transpose`
        return transpose(a, perm=perm, conjugate=conjugate)


from tfcompat.ops.array_ops_join import *  # noqa: E402,F401,F403 - joining/filling ops
from tfcompat.ops.array_ops_join import range  # noqa: E402,F401,A004
from tfcompat.ops.array_ops_join import concat  # noqa: E402 - matrix_transpose
