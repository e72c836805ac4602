"""The public functions that rearrange SparseTensors, as TF composes them (op names, static
shapes): `tf.sparse_concat`, `sparse_reorder`, `sparse_reshape`, `sparse_retain`,
`sparse_slice`, `sparse_transpose`, `sparse_fill_empty_rows` (and their `tf.sparse.*` names).
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops.array_ops import identity
from tfcompat.ops.array_ops import reshape
from tfcompat.ops.array_ops import transpose
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import range as tf_range
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.math_ops import cast
from tfcompat.ops.reduction_ops import reduce_max


def _convert_to_sparse_tensor(sp_input):
    if isinstance(sp_input, SparseTensorValue):
        return SparseTensor.from_value(sp_input)
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return sp_input


def _convert_to_sparse_tensors(sp_inputs):
    # NOTE: TF returns a generator for a tuple, which its callers then fail to take len() of;
    # tfcompat accepts a tuple as a list.
    if isinstance(sp_inputs, (list, tuple)):
        return [_convert_to_sparse_tensor(sp_input) for sp_input in sp_inputs]
    raise TypeError("Inputs must be a list or tuple.")


def _lookup(new_name, new_value, old_name, old_value):
    """TF's deprecation.deprecated_argument_lookup."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError("Cannot specify both '%s' and '%s'." % (old_name, new_name))
        return old_value
    return new_value


# -- concat ------------------------------------------------------------------------------------

def sparse_concat(axis, sp_inputs, name=None, expand_nonconcat_dim=False, concat_dim=None,
                  expand_nonconcat_dims=None):
    """TF1 `tf.sparse_concat`: SparseTensors joined along `axis` (with
    `expand_nonconcat_dim`, the other dimensions grow to the largest input's)."""
    expand = _lookup("expand_nonconcat_dims", expand_nonconcat_dims, "expand_nonconcat_dim",
                     expand_nonconcat_dim)
    if expand_nonconcat_dims is not None:
        expand = expand_nonconcat_dims
    axis = _lookup("axis", axis, "concat_dim", concat_dim)
    sp_inputs = _convert_to_sparse_tensors(sp_inputs)
    if len(sp_inputs) == 1:
        return sp_inputs[0]
    inds = [sp.indices for sp in sp_inputs]
    vals = [sp.values for sp in sp_inputs]
    shapes = [sp.dense_shape for sp in sp_inputs]
    if expand:
        shapes = _expanded_shapes(shapes, axis)
    out_ind, out_val, out_shape = apply_op("SparseConcat", [inds, vals, shapes], name=name,
                                           concat_dim=axis)
    static = _concat_static_shape([sp.shape for sp in sp_inputs], axis, expand)
    if all(sp.shape.is_fully_defined() for sp in sp_inputs):
        return SparseTensor(out_ind, out_val,
                            convert_to_tensor(static.as_list(), dtype=dtypes.int64))
    out = SparseTensor(out_ind, out_val, out_shape)
    out.set_shape(static)
    return out


def _expanded_shapes(shapes, axis):
    max_shape = reduce_max(concat([reshape(shape, [1, -1]) for shape in shapes], 0), 0)
    return [concat([max_shape[:axis], shape[-1:] if axis == -1 else shape[axis:axis + 1],
                    [] if axis == -1 else max_shape[axis + 1:]], 0) for shape in shapes]


def _concat_static_shape(shapes, axis, expand):
    if not all(shape.ndims is not None for shape in shapes):
        return tensor_shape.unknown_shape()
    if expand:
        dims = [_max_dim([tensor_shape.dimension_at_index(s, d) for s in shapes])
                for d in range(shapes[0].ndims)]
    else:
        dims = list(shapes[0].dims)
    total = tensor_shape.Dimension(0)
    for shape in shapes:
        total = total + tensor_shape.dimension_at_index(shape, axis)
    dims[axis] = total
    return tensor_shape.TensorShape(dims)


def _max_dim(dims):
    """Python's max() over Dimensions as TF computes it (an unknown one compares as neither
    larger nor smaller: the first maximum wins)."""
    best = dims[0]
    for d in dims[1:]:
        if d.value is not None and best.value is not None and d.value > best.value:
            best = d
    return best


# -- reorder, reshape --------------------------------------------------------------------------

def sparse_reorder(sp_input, name=None):
    """TF1 `tf.sparse_reorder`: the entries in row-major order."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    indices, values = apply_op("SparseReorder", [sp_input.indices, sp_input.values,
                                                 sp_input.dense_shape], name=name)
    if sp_input.get_shape().is_fully_defined():
        return SparseTensor(indices, values, sp_input.get_shape().as_list())
    out = SparseTensor(indices, values, identity(sp_input.dense_shape))
    out.set_shape(sp_input.shape)
    return out


def sparse_reshape(sp_input, shape, name=None):
    """TF1 `tf.sparse_reshape`: the same entries in a new dense shape (one -1 inferred)."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    shape = cast(shape, dtype=dtypes.int64)
    with name_scope(name, "SparseReshape", [sp_input]) as scope:
        indices, out_shape = apply_op("SparseReshape", [sp_input.indices, sp_input.dense_shape,
                                                        shape], name=scope)
        static = _reshape_static_shape(sp_input, shape)
        if static is not None:
            out_shape = constant(static, dtype=dtypes.int64)
        return SparseTensor(indices, identity(sp_input.values), out_shape)


def _reshape_static_shape(sp_input, shape):
    """The output shape TF's sparse_reshape computes at build time (None: not known), with
    its ValueErrors."""
    target = constant_value_as_shape(shape)
    if target.ndims is None or not sp_input.shape.is_fully_defined():
        return None
    target = target.as_list()
    given = constant_value(shape)
    if given is not None and sum(int(d) == -1 for d in given) > 1:
        raise ValueError("At most one dimension can be inferred (-1). Found: %s" % given)
    original = list(target)
    in_size = int(np.prod(sp_input.shape.as_list()))
    implied = sum(d is None for d in target)
    if implied == 1 and 0 not in target:
        at = original.index(None)
        target[at] = int(in_size // np.prod(original[:at] + original[at + 1:]))
    if implied == 0 or (implied == 1 and 0 not in target):
        size = int(np.prod(target))
        if size != in_size:
            raise ValueError("Cannot reshape a tensor with %d elements to shape %s (%d "
                             "elements)." % (in_size, original, size))
        return target
    return None


# -- retain, slice, transpose ------------------------------------------------------------------

def sparse_retain(sp_input, to_retain):
    """TF1 `tf.sparse_retain`: the entries where the boolean vector `to_retain` is true."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    to_retain = convert_to_tensor(to_retain)
    retain_shape = to_retain.get_shape()
    retain_shape.assert_has_rank(1)
    if sp_input.values.get_shape().dims is not None:
        sp_input.values.get_shape().dims[0].assert_is_compatible_with(
            tensor_shape.dimension_at_index(retain_shape, 0))
    where_true = reshape(where_v2(to_retain), [-1])
    new_indices = gather(sp_input.indices, where_true)
    new_values = gather(sp_input.values, where_true)
    return SparseTensor(new_indices, new_values, identity(sp_input.dense_shape))


def sparse_slice(sp_input, start, size, name=None):
    """TF1 `tf.sparse_slice`: the entries in [start, start + size), shifted to start at 0."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    start = convert_to_tensor(start, dtypes.int64)
    size = convert_to_tensor(size, dtypes.int64)
    with name_scope(name, "SparseSlice", [sp_input]) as scope:
        indices, values, shape = apply_op("SparseSlice", [sp_input.indices, sp_input.values,
                                                          sp_input.dense_shape, start, size],
                                          name=scope)
        return SparseTensor(indices, values, shape)


def sparse_transpose(sp_input, perm=None, name=None):
    """TF1 `tf.sparse_transpose`: the dimensions permuted (reversed by default)."""
    # lazy: cycle: sparse_ops re-exports the rearranging ops
    from tfcompat.ops.sparse_ops import _rank
    with name_scope(name, "SparseTranspose", [sp_input]):
        if perm is None:
            if sp_input.shape.ndims is not None:
                rank = sp_input.shape.ndims
                perm = rank - 1 - np.arange(0, rank, 1)
            else:
                rank = _rank(sp_input)
                perm = rank - 1 - tf_range(0, rank, 1)
        indices = sp_input.indices
        transposed_indices = transpose(gather(transpose(indices), perm))
        perm_ = constant_value(convert_to_tensor(perm))
        if perm_ is not None and sp_input.get_shape().is_fully_defined():
            old = sp_input.get_shape().as_list()
            dense_shape = list(old)
            for i, p in enumerate(perm_):
                dense_shape[i] = old[p]
        else:
            dense_shape = gather(sp_input.dense_shape, perm)
        return sparse_reorder(SparseTensor(transposed_indices, sp_input.values, dense_shape))


# -- fill_empty_rows ---------------------------------------------------------------------------

def sparse_fill_empty_rows(sp_input, default_value, name=None):
    """TF1 `tf.sparse_fill_empty_rows`: (SparseTensor with `default_value` at [row, 0, ...] of
    each empty row, the boolean indicator of those rows)."""
    sp_input = _convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseFillEmptyRows", [sp_input]):
        default_value = convert_to_tensor(default_value, dtype=sp_input.values.dtype)
        indices, values, empty_rows, _ = apply_op(
            "SparseFillEmptyRows", [sp_input.indices, sp_input.values, sp_input.dense_shape,
                                    default_value])
        return SparseTensor(indices, values, sp_input.dense_shape), empty_rows


__all__ = ["sparse_concat", "sparse_reorder", "sparse_reshape", "sparse_retain",
           "sparse_slice", "sparse_transpose", "sparse_fill_empty_rows"]
