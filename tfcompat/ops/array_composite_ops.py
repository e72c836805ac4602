"""TF1's array functions built from other ops, as TF builds them: `meshgrid`, `repeat`,
`batch_gather`; and its pure-Python shape helpers `broadcast_static_shape`,
`dimension_value`, `dimension_at_index`.
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import broadcast_to
from tfcompat.ops.array_ops_join import ones
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.indexing_ops import reverse
from tfcompat.ops.reduction_ops import cumsum
from tfcompat.ops.reduction_ops import reduce_sum
from tfcompat.ops._ragged_entry import ragged_entry

__all__ = [
    "batch_gather",
    "broadcast_static_shape",
    "dimension_at_index",
    "dimension_value",
    "meshgrid",
    "repeat",
    "reverse_v2",
]

reverse_v2 = reverse  # TF's tf.reverse_v2 is tf.reverse


def meshgrid(*args, **kwargs):
    """TF1 `tf.meshgrid`: N-D coordinate grids; `indexing="xy"` (default) swaps the first two
    output dimensions, as numpy's does."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        key = next(iter(kwargs))
        raise TypeError("'%s' is an invalid keyword argument for this function" % key)
    if indexing not in ("xy", "ij"):
        raise ValueError("Argument `indexing` parameter must be either 'xy' or 'ij', got '%s'"
                         % indexing)
    with name_scope(name, "meshgrid", list(args)):
        ndim = len(args)
        s0 = (1,) * ndim
        if not ndim:
            return []
        output = [array_ops.reshape(stack(x), s0[:i] + (-1,) + s0[i + 1:])
                  for i, x in enumerate(args)]
        shapes = [array_ops.size(x) for x in args]
        output_dtype = array_ops.convert_to_tensor(args[0]).dtype.base_dtype
        if indexing == "xy" and ndim > 1:
            output[0] = array_ops.reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = array_ops.reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            shapes[0], shapes[1] = shapes[1], shapes[0]
        mult_fact = ones(shapes, output_dtype)
        return [x * mult_fact for x in output]   # TF's operator: `mul`, `mul_1`, ...


def _static_repeats(repeats):
    value = constant_value(repeats)
    return None if value is None else np.asarray(value)


def repeat(input, repeats, axis=None, name=None):
    """TF1 `tf.repeat`: each slice along `axis` repeated `repeats` times (`axis=None`: of the
    flattened input). Built as a gather of each output position's source: its index is the
    number of cumulative repeat counts at or below it (an UpperBound)."""
    with name_scope(name, "Repeat", [input, repeats]):
        data = array_ops.convert_to_tensor(input, name="input")
        repeats_t = math_ops.cast(array_ops.convert_to_tensor(repeats, name="repeats"),
                                  dtypes.int32)
        if axis is None:
            data = array_ops.reshape(data, [-1])
            axis = 0
        rank = data.shape.ndims
        if rank is not None:
            if not -rank <= axis < rank:
                raise ValueError("axis=%d out of bounds: expected %d<=axis<%d"
                                 % (axis, -rank, rank))
            axis %= rank
        length = array_ops.shape(data)[axis]
        counts = broadcast_to(array_ops.reshape(repeats_t, [-1]), stack([length]))
        ends = cumsum(counts)
        positions = _range(reduce_sum(counts))
        # one row for UpperBound (not tf.searchsorted: it reshapes by the last dimension,
        # which fails for an empty row)
        source = array_ops.reshape(
            apply_op("UpperBound", [array_ops.reshape(ends, [1, -1]),
                                    array_ops.reshape(positions, [1, -1])], name="UpperBound"),
            [-1])
        result = gather(data, source, axis=axis)
        _set_repeat_shape(result, data, repeats, axis)
        return result


def _set_repeat_shape(result, data, repeats, axis):
    """The static length along `axis`, where TF's shape functions also know it."""
    counts = _static_repeats(repeats)
    dims = data.shape.as_list() if data.shape.ndims is not None else None
    if counts is None or dims is None:
        return
    if counts.ndim != 0:  # TF's graph (a boolean mask) leaves the length unknown
        return
    size = None if dims[axis] is None else int(counts) * dims[axis]
    result.set_shape(dims[:axis] + [size] + dims[axis + 1:])


@ragged_entry
def batch_gather(params, indices, name=None):
    """TF1 `tf.batch_gather`: `params[i, ..., j, indices[i, ..., j, k]]` (`tf.gather` with
    `batch_dims = rank(indices) - 1`)."""
    with name_scope(name, "BatchGather", [params, indices]):
        indices = array_ops.convert_to_tensor(indices, name="indices")
        params = array_ops.convert_to_tensor(params, name="params")
        if indices.shape.ndims is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        result = gather(params, indices, batch_dims=indices.shape.ndims - 1)
        if params.shape.ndims is not None:  # TF's reshapes take the batch sizes from indices
            result.set_shape(indices.shape.as_list()
                             + params.shape.as_list()[indices.shape.ndims:])
        return result


def broadcast_static_shape(shape_x, shape_y):
    """TF1 `tf.broadcast_static_shape`: the broadcast of two TensorShapes."""
    x, y = TensorShape(shape_x), TensorShape(shape_y)
    if x.ndims is None or y.ndims is None:
        return tensor_shape.unknown_shape()
    a, b = x.as_list(), y.as_list()
    n = max(len(a), len(b))
    a, b = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    out = []
    for p, q in zip(a, b):
        if p == 1:
            out.append(q)
        elif q == 1:
            out.append(p)
        elif p is None or q is None:
            out.append(p if q is None else q)
        elif p == q:
            out.append(p)
        else:
            raise ValueError("Incompatible shapes for broadcasting. Two shapes are compatible "
                             "if for each dimension pair they are either equal or one of them "
                             "is 1. Received: %s and %s." % (x, y))
    return TensorShape(out)


def dimension_value(dimension):
    """TF1 `tf.dimension_value`: a Dimension's int value (or None); other values unchanged."""
    if isinstance(dimension, tensor_shape.Dimension):
        return dimension.value
    return dimension


def dimension_at_index(shape, index):
    """TF1 `tf.dimension_at_index`: dimension `index` of `shape` as a Dimension (unknown for
    a shape of unknown rank)."""
    shape = TensorShape(shape)
    if shape.ndims is None:
        return tensor_shape.Dimension(None)
    return tensor_shape.Dimension(shape.as_list()[index])

