"""RaggedTensor's operators (`rt + 1`, `-rt`, `rt < other`, ...: elementwise over the flat
values, as TF's ragged_operators) and indexing (`rt[i]`, `rt[a:b]`, `rt[:, a:b]`, `rt[:, :, k]`,
as TF's ragged_getitem). Importing this module installs them on RaggedTensor."""
from __future__ import annotations

from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import maximum
from tfcompat.ops.math_ops import minimum
from tfcompat.ragged.ragged_array import _gather_rows
from tfcompat.ragged.ragged_array import map_flat_values
from tfcompat.ragged.ragged_array import range as ragged_range
from tfcompat.ragged.ragged_tensor import RaggedTensor


def _operand(rt, other):
    """`other` as an operand of an elementwise op with `rt`: a RaggedTensor, or a Tensor that
    broadcasts against rt's flat values (a scalar, or a tensor over its uniform inner dims)."""
    if isinstance(other, RaggedTensor):
        return other
    other = convert_to_tensor(other, dtype_hint=rt.dtype)
    inner = rt.flat_values.shape.ndims
    if other.shape.ndims is None or (inner is not None and other.shape.ndims >= inner):
        raise ValueError("tfcompat RaggedTensor operators broadcast a dense operand only over "
                         "the uniform inner dimensions (rank < %s); got shape %s"
                         % (inner, other.shape))
    return other


def _binary(fn, reverse=False):
    def op(self, other):
        other = _operand(self, other)
        return map_flat_values(fn, other, self) if reverse else \
            map_flat_values(fn, self, other)
    return op


def _unary(fn):
    return lambda self: map_flat_values(fn, self)


_BINARY = {
    "add": math_ops.add, "sub": math_ops.subtract, "mul": math_ops.multiply,
    "truediv": math_ops.truediv, "div": math_ops.div, "floordiv": math_ops.floordiv,
    "mod": math_ops.floormod, "pow": math_ops.pow, "and": math_ops.logical_and,
    "or": math_ops.logical_or, "xor": math_ops.logical_xor,
}
for _name, _fn in _BINARY.items():
    setattr(RaggedTensor, "__%s__" % _name, _binary(_fn))
    setattr(RaggedTensor, "__r%s__" % _name, _binary(_fn, reverse=True))
for _name, _fn in (("lt", math_ops.less), ("le", math_ops.less_equal),
                   ("gt", math_ops.greater), ("ge", math_ops.greater_equal)):
    setattr(RaggedTensor, "__%s__" % _name, _binary(_fn))
RaggedTensor.__neg__ = _unary(math_ops.negative)
RaggedTensor.__abs__ = _unary(math_ops.abs)
RaggedTensor.__invert__ = _unary(math_ops.logical_not)


# -- indexing -----------------------------------------------------------------------------------

def _row(rt, index):
    """Row `index` of `rt` (negative counts from the end), as TF's ragged_getitem."""
    starts, limits = rt.row_splits[:-1], rt.row_splits[1:]
    return rt.values[starts[index]:limits[index]]


def _row_slice(rt, key: slice):
    if key.step not in (None, 1):
        raise ValueError("tfcompat RaggedTensor indexing slices rows with step 1 only "
                         "(got step %r)" % (key.step,))
    if key.start is None and key.stop is None:
        return rt
    splits = rt.row_splits[key.start:None if key.stop is None else _stop(key.stop)]
    values = rt.values[splits[0]:splits[-1]]
    return RaggedTensor.from_row_splits(values, splits - splits[0], validate=False)


def _stop(stop):
    """Splits slice end for rows [..:stop]: one past the last row's limit."""
    if isinstance(stop, int) and stop < 0:
        return stop          # splits has one more entry than rows: the same offset from the end
    return stop + 1


def _inner_slice(rt, key: slice):
    """Each row of `rt` sliced by `key` (rt[:, a:b])."""
    if key.step not in (None, 1):
        raise ValueError("tfcompat RaggedTensor indexing slices a ragged dimension with step "
                         "1 only (got step %r)" % (key.step,))
    starts, limits = rt.row_splits[:-1], rt.row_splits[1:]
    lengths = limits - starts
    zero = convert_to_tensor(0, dtype=rt.row_splits_dtype)

    def clip(bound, default):
        if bound is None:
            return default
        bound = convert_to_tensor(bound, dtype=rt.row_splits_dtype)
        return maximum(zero, minimum(lengths, math_ops.add(
            bound, cast(math_ops.less(bound, 0), rt.row_splits_dtype) * lengths)))
    new_starts = starts + clip(key.start, zero * lengths)
    new_limits = maximum(new_starts, starts + clip(key.stop, lengths))
    positions = ragged_range(new_starts, new_limits, row_splits_dtype=rt.row_splits_dtype)
    return RaggedTensor.from_row_splits(_gather_rows(rt.values, positions.values),
                                        positions.row_splits, validate=False)


def _getitem(self, key):
    """TF's RaggedTensor indexing (ragged_getitem): ints and slices on the rows, slices (not
    ints) on a ragged dimension, anything on the uniform inner dimensions; Ellipsis and
    tf.newaxis anywhere."""
    key = list(key) if isinstance(key, (list, tuple)) else [key]
    with name_scope(None, "RaggedGetItem"):
        return _index(self, key)


def _expand_ellipsis(key, ndims):
    """`key` (which starts with Ellipsis) with the Ellipsis expanded by one slice or dropped."""
    if ndims is None:
        raise ValueError("Ellipsis not supported for unknown shape RaggedTensors")
    count = sum(1 for k in key if k is not None)
    if count > ndims + 1:
        raise IndexError("Too many indices for RaggedTensor")
    return key[1:] if count == ndims + 1 else [slice(None)] + key


def _nsplits(rt):
    n = rt.row_splits.shape[0]
    n = getattr(n, "value", n)
    return n if n is not None else array_ops.shape(rt.row_splits,
                                                   out_type=rt.row_splits_dtype)[0]


def _index(rt, key):
    if not key:
        return rt
    if not isinstance(rt, RaggedTensor):
        return rt[tuple(key)]
    first, rest = key[0], key[1:]
    if first is Ellipsis:
        return _index(rt, _expand_ellipsis(key, rt.shape.ndims))
    if first is None:   # tf.newaxis: everything in one row
        inner = _index(rt, rest)
        return RaggedTensor.from_uniform_row_length(inner, _nsplits(inner) - 1, nrows=1,
                                                    validate=False)
    if isinstance(first, slice):
        return _index_inner(_row_slice(rt, first), rest)
    return _index(_row(rt, first), rest)


def _index_inner(rt, key):
    """rt's rows, each indexed by `key` (which starts at rt's second dimension)."""
    if not key:
        return rt
    if not isinstance(rt, RaggedTensor):
        return rt[tuple([slice(None)] + key)]
    first = key[0]
    if first is Ellipsis:
        return _index_inner(rt, _expand_ellipsis(key, rt.values.shape.ndims))
    if first is None:   # tf.newaxis inside: each item in its own row
        inner = _index_inner(rt, key[1:])
        return RaggedTensor.from_uniform_row_length(inner, 1, nrows=_nsplits(inner) - 1,
                                                    validate=False)
    if isinstance(first, slice):
        sliced = rt if first == slice(None) else _inner_slice(rt, first)
        return sliced.with_values(_index_inner(sliced.values, key[1:]))
    raise ValueError("Cannot index into an inner ragged dimension.")


RaggedTensor.__getitem__ = _getitem
