"""Array ops, part 2: concat/stack/unstack/split, fill/zeros/ones (tile and pad are in
array_ops_pad; range, linspace and broadcast_to in array_ops_range). Re-exported by array_ops.
"""
from __future__ import annotations

import builtins

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.shape_rules import base_dtype_of as _dtype
from tfcompat.framework.shape_rules import dims_text as _dims_text
from tfcompat.framework import tensor_shape
from tfcompat.framework import convert as convert_lib
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops._traced import host_int
from tfcompat.ops._traced import host_ints
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.ops.array_ops_pad import pad  # noqa: F401 - re-exported
from tfcompat.ops.array_ops_pad import tile  # noqa: F401 - re-exported
from tfcompat.ops.array_ops_range import broadcast_to  # noqa: F401 - re-exported
from tfcompat.ops.array_ops_range import lin_space  # noqa: F401 - re-exported
from tfcompat.ops.array_ops_range import linspace  # noqa: F401 - re-exported
from tfcompat.ops.array_ops_range import range  # noqa: F401,A004 - re-exported, TF's name
from tfcompat.ops.tensor_list_ops import TensorList
from tfcompat.ops.math_ops import cast

__all__ = ["concat", "stack", "unstack", "split", "tile", "pad", "fill", "zeros", "ones",
           "zeros_like", "ones_like", "range", "linspace", "broadcast_to", "_autopacking",
           "parallel_stack", "lin_space"]


# -- ConcatV2 --------------------------------------------------------------------------------

def _merge_dims(a, b):
    """TF's InferenceContext::Merge of two dim lists (None: an unknown rank), with its text."""
    if a is None or b is None:
        return b if a is None else a
    if len(a) != len(b):
        raise ValueError("Shapes must be equal rank, but are %d and %d" % (len(a), len(b)))
    for i, (p, q) in enumerate(zip(a, b)):
        if p is not None and q is not None and p != q:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. "
                             "Shapes are %s and %s." % (i, p, q, _dims_text(a), _dims_text(b)))
    return [q if p is None else p for p, q in zip(a, b)]


def _concat_parts(value, axis):
    """(dims before axis, the axis dim, dims after it) of one input; None parts when its rank
    is unknown."""
    if value.shape.ndims is None:
        return None, None, None
    dims = value.shape.as_list()
    return dims[:axis], dims[axis], dims[axis + 1:]


def _concat_infer(op, *inputs, **attrs):
    """TF's ConcatV2 shape function: inputs of one rank, equal except along `axis`, which
    sums; merged from the last input backwards, as TF reports its mismatches."""
    values, axis_t = inputs[:-1], inputs[-1]
    if axis_t.shape.ndims not in (None, 0):
        raise shape_rules.shape_error("Shape must be rank 0 but is rank %d" % axis_t.shape.ndims,
                                      op, list(inputs))
    dtype = _dtype(values[0])
    rank = next((v.shape.ndims for v in values if v.shape.ndims is not None), None)
    if rank == 0:
        raise shape_rules.shape_error("Can't concatenate scalars (use tf.stack instead)", op,
                                      list(inputs))
    for v in values:
        if rank is not None and v.shape.ndims not in (None, rank):
            raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                          % (rank, v.shape.ndims), op, list(inputs))
    axis = constant_value(axis_t)
    if axis is None or rank is None:
        return [(dtype, tensor_shape.unknown_shape(rank=rank))]
    axis, computed = int(axis), {len(values): int(axis)}
    need = -axis if axis < 0 else axis + 1
    if rank < need:
        raise shape_rules.shape_error("Shape must be at least rank %d but is rank %d"
                                      % (need, rank), op, list(inputs), computed)
    axis %= rank
    before, total, after = _concat_parts(values[-1], axis)
    for v in reversed(values[:-1]):
        b, middle, a = _concat_parts(v, axis)
        try:
            before = _merge_dims(b, before)
            total = None if total is None or middle is None else total + middle
            after = _merge_dims(a, after)
        except ValueError as e:
            raise shape_rules.shape_error(str(e), op, list(inputs), computed) from e
    before = [None] * axis if before is None else before
    after = [None] * (rank - axis - 1) if after is None else after
    return [(dtype, TensorShape(before + [total] + after))]


@register_op("ConcatV2", inputs=("values: N*T", "axis: Tidx"), infer=_concat_infer)
def _lower_concat_v2(ctx, *inputs):
    values, axis = inputs[:-1], host_int(inputs[-1])
    if isinstance(values[0], np.ndarray):
        return np.concatenate(values, axis)
    return torch.cat(values, axis)


@ragged_entry
def concat(values, axis, name="concat"):
    """TF1 `tf.concat(values, axis)` (the pre-1.0 order `concat(axis, values)` works too)."""
    if isinstance(values, (int, np.integer)) and isinstance(axis, (list, tuple)):
        values, axis = axis, values
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:  # TF: `scope/concat_dim` checked, then `identity(name=name)`
        with name_scope(name):
            # lazy: cycle: array_ops builds on join ops (concat, stack)
            from tfcompat.ops.array_ops import identity
            convert_to_tensor(axis, name="concat_dim", dtype=dtypes.int32).shape \
                .assert_has_rank(0)
            return identity(values[0], name=name)
    return apply_op("ConcatV2", [list(values), axis], name=name)


# -- Pack / Unpack ---------------------------------------------------------------------------

def _pack_infer(op, *values, axis=0):
    dims = None
    for i in builtins.range(len(values) - 1, -1, -1):  # TF merges from the last input
        shape = values[i].shape
        try:
            dims = _merge_dims(None if shape.ndims is None else shape.as_list(), dims)
        except ValueError as e:
            raise shape_rules.shape_error("%s\n\tFrom merging shape %d with other shapes."
                                          % (e, i), op, list(values)) from e
    if dims is None:
        return [(_dtype(values[0]), tensor_shape.unknown_shape())]
    axis = axis % (len(dims) + 1) if axis < 0 else axis
    return [(_dtype(values[0]), TensorShape(dims[:axis] + [len(values)] + dims[axis:]))]


@register_op("Pack", inputs=("values: N*T",), infer=_pack_infer, attrs={"axis": 0})
def _lower_pack(ctx, *values, axis=0):
    if not hasattr(values[0], "shape"):   # resource handles (queues): an object array
        stacked = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            stacked[i] = v
        return stacked
    for i, v in enumerate(values):
        if tuple(v.shape) != tuple(values[0].shape):
            raise errors.InvalidArgumentError(
                None, ctx.op, "Shapes of all inputs must match: values[0].shape = %s != "
                "values[%d].shape = %s" % (_dims_text(values[0].shape), i, _dims_text(v.shape)))
    if isinstance(values[0], np.ndarray):
        return np.stack(values, axis)
    return torch.stack(values, axis)


@ragged_entry
def stack(values, axis=0, name="stack"):
    """TF1 `tf.stack` (old name `tf.pack`). As in TF, at axis 0 a list of Python values is
    one `Const` and a list holding Tensors is packed by `convert_to_tensor`."""
    if axis == 0:
        try:
            return convert_to_tensor(values, name=name)
        except (TypeError, ValueError, NotImplementedError):
            pass  # TF then tries Pack itself, for its error text
    shape = convert_to_tensor(values[0], name=name).shape
    if shape.ndims is not None:
        rank = shape.ndims + 1
        if axis < -rank or axis >= rank:
            raise ValueError("Argument `axis` = %d not in range [%d, %d)" % (axis, -rank, rank))
    return apply_op("Pack", [list(values)], name=name, axis=axis)


def _is_tensor_like(value) -> bool:
    return hasattr(value, "dtype") and hasattr(value, "op")  # a Tensor or a Variable


def _nested_dtype(values):
    """The dtype of the first Tensor in a nested list (TF's _get_dtype_from_nested_lists)."""
    for item in values:
        if _is_tensor_like(item):
            return _dtype(item)
        if isinstance(item, (list, tuple)):
            found = _nested_dtype(item)
            if found is not None:
                return found
    return None


def _cast_nested(values, dtype):
    return [_cast_nested(v, dtype) if isinstance(v, (list, tuple))
            else cast(v, dtype) if _is_tensor_like(v) and _dtype(v) != dtype else v
            for v in values]


def _autopacking(values, dtype, name):
    """Packs a nested list holding Tensors, as TF's autopacking conversion does: the list takes
    the dtype of its first Tensor, or `dtype` (Tensors of another dtype are then cast)."""
    inferred = _nested_dtype(values)
    if dtype is None:
        dtype = inferred
    else:
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype != inferred:
            values = _cast_nested(values, dtype)
    return _autopacking_helper(values, dtype, name)


def _autopacking_helper(values, dtype, name):
    with name_scope(name, "packed", []) as scope:
        items, must_pack = [], False
        for i, item in enumerate(values):
            if _is_tensor_like(item):
                if _dtype(item) != dtype:
                    raise TypeError("Cannot convert a list containing a tensor of dtype %s to %s "
                                    "(Tensor is: %r)" % (item.dtype, dtype, item))
                must_pack = True
            elif isinstance(item, (list, tuple)):
                item = _autopacking_helper(item, dtype, str(i))
                must_pack = must_pack or _is_tensor_like(item)
            items.append(item)
        if not must_pack:
            return items
        tensors = [convert_to_tensor(t) if _is_tensor_like(t) else
                   constant(t, dtype=dtype, name=str(i)) for i, t in enumerate(items)]
        return apply_op("Pack", [tensors], name=scope, axis=0)


def _unpack_infer(op, value, *, num, axis=0):
    if value.shape.ndims is None:
        return [(_dtype(value), tensor_shape.unknown_shape())] * num
    dims = value.shape.as_list()
    if not -len(dims) <= axis < len(dims):
        raise shape_rules.shape_error("Invalid axis: %d; must be in [%d,%d)"
                                      % (axis, -len(dims), len(dims)), op, [value])
    axis %= len(dims)
    if dims[axis] is not None and dims[axis] != num:
        raise shape_rules.shape_error("Dimension must be %d but is %d" % (num, dims[axis]),
                                      op, [value])
    return [(_dtype(value), TensorShape(dims[:axis] + dims[axis + 1:]))] * num


@register_op("Unpack", inputs=("value: T",), infer=_unpack_infer, attrs={"num": None, "axis": 0})
def _lower_unpack(ctx, value, *, num, axis=0):
    if value.shape[axis] != num:
        raise errors.InvalidArgumentError(
            None, ctx.op, "Input shape axis %d must equal %d, got shape %s"
            % (axis % value.dim(), num, _dims_text(value.shape)))
    return tuple(torch.unbind(value, axis))


def unstack(value, num=None, axis=0, name="unstack"):
    """TF1 `tf.unstack` (old name `tf.unpack`)."""
    with name_scope(name, "unstack", [value]) as scope:
        value = convert_to_tensor(value)
        if num is None:
            rank = value.shape.ndims
            if rank is not None and not -rank <= axis < rank:
                raise ValueError("Argument `axis` = %d not in range [%d, %d)"
                                 % (axis, -rank, rank))
            if rank is None or value.shape[axis].value is None:
                raise ValueError("Cannot infer argument `num` from shape %s" % value.shape)
            num = value.shape[axis].value
        out = apply_op("Unpack", [value], name=scope, num=num, axis=axis)
        return list(out) if isinstance(out, tuple) else [out] if num == 1 else []


# -- Split / SplitV ----------------------------------------------------------------------------

def _split_axis(op, inputs, computed, axis, rank):
    """TF's MakeDimForScalarInputWithNegativeIndexing for the split dimension."""
    if not -rank <= axis < rank:
        raise shape_rules.shape_error(
            "Dimension size, given by scalar input %d must be in range [%d, %d)"
            % (axis, -rank, rank), op, inputs, computed)
    return axis % rank


def _split_infer(op, axis_t, value, *, num_split):
    axis = constant_value(axis_t)
    if axis is None or value.shape.ndims is None:
        return [(_dtype(value), tensor_shape.unknown_shape(rank=value.shape.ndims))] * num_split
    dims = value.shape.as_list()
    axis = _split_axis(op, [axis_t, value], {0: axis}, int(axis), len(dims))
    if dims[axis] is not None:
        if dims[axis] % num_split:
            raise shape_rules.shape_error(   # TF's DivideEvenly error, then Split's own line
                "Dimension size must be evenly divisible by %d but is %d\n\tNumber of ways to "
                "split should evenly divide the split dimension" % (num_split, dims[axis]),
                op, [axis_t, value], {0: constant_value(axis_t)})
        dims[axis] //= num_split
    return [(_dtype(value), TensorShape(dims))] * num_split


@register_op("Split", inputs=("split_dim: int32", "value: T"), infer=_split_infer,
             attrs={"num_split": None})
def _lower_split(ctx, axis, value, *, num_split):
    axis = host_int(axis)
    if not -value.dim() <= axis < value.dim() or value.shape[axis] % num_split:
        raise ValueError("uneven Split")  # TF's text: ops/kernel_errors.py
    return tuple(torch.chunk(value, num_split, axis))


def _split_sizes(sizes, dim):
    """SplitV's size_splits with the -1 resolved against `dim` (None: unknown), or TF's
    complaint as a string."""
    if sizes.count(-1) > 1:
        return "size_splits can only have one -1"
    total = sum(n for n in sizes if n != -1)
    if dim is None:
        return [None if n == -1 else n for n in sizes]
    if -1 in sizes:
        i = sizes.index(-1)
        if dim - total < 0:
            return "Split size at index %d must be >= 0. Got: %d" % (i, dim - total)
        return sizes[:i] + [dim - total] + sizes[i + 1:]
    if total != dim:
        return "can't split axis of size %d into pieces of size [%s]" % (
            dim, ",".join(str(n) for n in sizes))
    return sizes


def _splitv_infer(op, value, sizes_t, axis_t, *, num_split):
    sizes, axis = constant_value(sizes_t), constant_value(axis_t)
    if axis is None or value.shape.ndims is None:
        return [(_dtype(value), tensor_shape.unknown_shape(rank=value.shape.ndims))] * num_split
    dims = value.shape.as_list()
    inputs = [value, sizes_t, axis_t]
    computed = {2: axis} if sizes is None else {1: sizes, 2: axis}
    axis = _split_axis(op, inputs, computed, int(axis), len(dims))
    if sizes is None:
        return [(_dtype(value), TensorShape(dims[:axis] + [None] + dims[axis + 1:]))] * num_split
    resolved = _split_sizes([int(n) for n in sizes], dims[axis])
    if isinstance(resolved, str):
        raise shape_rules.shape_error(resolved, op, inputs, {1: sizes, 2: axis})
    return [(_dtype(value), TensorShape(dims[:axis] + [n] + dims[axis + 1:]))
            for n in resolved]


@register_op("SplitV", inputs=("value: T", "size_splits: Tlen", "split_dim: int32"),
             infer=_splitv_infer, attrs={"num_split": None})
def _lower_split_v(ctx, value, sizes, axis, *, num_split):
    axis = host_int(axis)
    sizes = host_ints(sizes)
    if -1 in sizes:
        sizes[sizes.index(-1)] = value.shape[axis] - (sum(sizes) + 1)
    return tuple(torch.split(value, sizes, axis))


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """TF1 `tf.split`: an int splits evenly (Split), a list gives the sizes (SplitV)."""
    if isinstance(num_or_size_splits, (int, np.integer)):
        out = apply_op("Split", [axis, value], name=name, num_split=int(num_or_size_splits))
        return list(out) if isinstance(out, tuple) else [out]
    sizes = convert_to_tensor(num_or_size_splits) if not hasattr(  # "Const", as in TF
        num_or_size_splits, "op") else num_or_size_splits
    if num is None:
        if sizes.shape.ndims != 1 or sizes.shape[0].value is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % sizes.shape)
        num = sizes.shape[0].value
    out = apply_op("SplitV", [value, sizes, axis], name=name, num_split=num)
    return list(out) if isinstance(out, tuple) else [out]


# -- Fill, zeros, ones ------------------------------------------------------------------------

def _fill_infer(op, dims, value):
    shape = constant_value_as_shape(dims)
    # a -1 in a constant `dims` (other negative values fail above); TF's shape function never
    # sees the value of a Shape op's output
    if shape.ndims is not None and not shape.is_fully_defined() and \
            dims.op.type != "Shape" and constant_value(dims) is not None:
        raise shape_rules.shape_error("Fill dimensions must be >= 0", op, op.inputs,
                                      partial={0: shape})
    return [(_dtype(value), shape)]


@register_op("Fill", inputs=("dims: index_type", "value: T"), infer=_fill_infer)
def _lower_fill(ctx, dims, value):
    if isinstance(value, torch.Tensor) and value.requires_grad:  # TF's gradient: sum(grad)
        return value.reshape(()).expand([int(d) for d in dims.tolist()]).clone()
    # a value on a GPU is expanded there, never read back; torch.compile traces the same
    # (`.item()` would break its graph: ops/_traced.py)
    if value.device.type != "cpu" or torch.compiler.is_compiling():
        return value.reshape(()).expand(host_ints(dims)).clone()
    return torch.full([int(d) for d in dims.tolist()], value.item(), dtype=value.dtype,
                      device=ctx.device)


def fill(dims, value, name=None):
    return apply_op("Fill", [dims, value], name=name or "Fill")


def _lower_zeros_like(ctx, x):
    if isinstance(x, TensorList):   # a variant: TF's ZerosLike of a TensorList (its gradients)
        return x.zeros_like()
    return torch.zeros_like(x)


register_op("ZerosLike", inputs=("x: T",), infer=shape_rules.same_shape,
            differentiable=False)(_lower_zeros_like)
register_op("OnesLike", inputs=("x: T",), infer=shape_rules.same_shape, differentiable=False)(
    lambda ctx, x: torch.ones_like(x))


def _constant_if_small(value, shape, dtype, name):
    """TF's `_constant_if_small`: a Const for fewer than 1000 elements, else None (a Fill).
    A scalar `shape` (`tf.ones(5)`) is a Fill too: TF's tensor proto wants a list there."""
    if isinstance(shape, (int, np.integer)) or getattr(shape, "ndim", None) == 0:
        return None
    if isinstance(shape, (list, tuple)) and any(hasattr(d, "op") for d in shape):
        return None     # a list holding Tensors (tf.zeros([tf.shape(x)[0], 4])): a Fill
    try:
        if np.prod(tensor_shape.as_shape(shape).as_list()) < 1000:
            return constant(value, shape=shape, dtype=dtype, name=name)
    except (TypeError, ValueError):  # a Tensor, an unknown dim
        pass
    return None


def _filled(shape, dtype, value, name, default_name):
    """TF's `zeros`/`ones`: a Const when small and known, else `Fill(shape_as_tensor, v)`."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    if dtype == dtypes.bool:  # TF's zeros/ones of bool are False/True
        value = bool(value)
    elif dtype == dtypes.string:
        value = "" if not value else value
    with name_scope(name, default_name, [shape]) as scope:
        if not hasattr(shape, "op"):
            output = _constant_if_small(value, shape, dtype, scope)
            if output is not None:
                return output
            try:
                shape = convert_to_tensor(tensor_shape.as_shape(shape))   # shape_as_tensor
            except (TypeError, ValueError):
                shape = convert_to_tensor(shape, dtype=dtypes.int32)
        if not shape.shape.ndims:   # a scalar or unknown rank: TF makes it a vector
            # lazy: cycle: array_ops builds on join ops (concat, stack)
            from tfcompat.ops.array_ops import reshape
            shape = reshape(shape, [-1])
        return fill(shape, constant(value, dtype=dtype), name=scope)


def zeros(shape, dtype=dtypes.float32, name=None):
    """TF1 `tf.zeros`."""
    return _filled(shape, dtype, 0, name, "zeros")


def ones(shape, dtype=dtypes.float32, name=None):
    """TF1 `tf.ones`."""
    return _filled(shape, dtype, 1, name, "ones")


@ragged_entry
def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """TF1 `tf.zeros_like`: a Const when the shape is fully known (TF's `zeros_like_impl`)."""
    # lazy: cycle: array_ops builds on join ops (concat, stack)
    from tfcompat.ops.array_ops import shape_internal
    with name_scope(name, "zeros_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        tensor_dtype = _dtype(tensor)
        if optimize and tensor.shape.is_fully_defined() and tensor_dtype != dtypes.variant:
            return zeros(tensor.shape, dtype=dtype or tensor_dtype, name=scope)
        if dtype is not None and dtypes.as_dtype(dtype) not in (tensor_dtype, dtypes.variant):
            return zeros(shape_internal(tensor, optimize=optimize), dtype=dtype, name=scope)
        return apply_op("ZerosLike", [tensor], name=scope)


@ragged_entry
def ones_like(tensor, dtype=None, name=None, optimize=True):
    """TF1 `tf.ones_like`: `Fill(Shape, 1)` (TF's `ones_like_impl`; its Shape folds when
    known)."""
    # lazy: cycle: array_ops builds on join ops (concat, stack)
    from tfcompat.ops.array_ops import shape_internal
    with name_scope(name, "ones_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        ones_shape = shape_internal(tensor, optimize=optimize)
        out = ones(ones_shape, dtype=dtype or _dtype(tensor), name=scope)
        out.set_shape(tensor.shape)
        return out


def _parallel_concat_infer(op, *values, shape=None):
    shape = tensor_shape.as_shape(shape)
    if not shape.is_fully_defined():
        raise shape_rules.shape_error("shape attr must be fully defined.", op, list(values))
    return [(_dtype(values[0]), shape)]


@register_op("ParallelConcat", inputs=("values: N*T",), infer=_parallel_concat_infer,
             attrs={"shape": None})
def _lower_parallel_concat(ctx, *values, shape=None):
    """The inputs (each of shape [1, ...]) concatenated along axis 0 into `shape`."""
    if isinstance(values[0], np.ndarray):
        return np.concatenate(values, 0)
    return torch.cat(values, 0)


def parallel_stack(values, name="parallel_stack"):
    """TF1 `tf.parallel_stack`: each value expanded at axis 0, into one ParallelConcat whose
    static `shape` (fully known: else TF's ValueError) is `[len(values)] + values[0].shape`."""
    # lazy: cycle: array_ops builds on join ops (concat, stack)
    from tfcompat.ops.array_ops import expand_dims
    with name_scope(name):
        value_shape = convert_to_tensor(values[0]).shape
        output_shape = TensorShape([len(values)]).concatenate(value_shape)
        return apply_op("ParallelConcat", [[expand_dims(v, 0) for v in values]],
                        name="ParallelConcat", shape=output_shape)


convert_lib.register_list_packer(_autopacking)   # lists holding Tensors convert through Pack
