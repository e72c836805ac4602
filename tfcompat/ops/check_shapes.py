"""`tf.debugging.assert_shapes`: several tensors' shapes against symbolic shapes ("N", 3, ...).

TF's algorithm, step for step: a rank assert per tensor (`assert_rank`, or `assert_rank_in
[0, 1]` for a one-entry shape, since a scalar counts as shape [1]; `assert_rank_at_least` after
a leading `...`/`*`), then each named dimension is bound by its first tensor and compared in the
others. Sizes known while building are checked at once (ValueError with TF's text); the rest
become `Assert` ops, grouped under one NoOp that runs after the rank asserts.
"""
from __future__ import annotations

import collections

from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import name_scope
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.check_ops import _message_prefix
from tfcompat.ops.check_ops import assert_rank
from tfcompat.ops.check_ops import assert_rank_at_least
from tfcompat.ops.check_ops import assert_rank_in
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.control_flow_ops import Assert

__all__ = ["assert_shapes"]

_Sizes = collections.namedtuple("_Sizes", ["x", "unspecified_dim", "actual", "symbolic"])


def _dimension_sizes(x):
    """Static sizes as ints, unknown ones as tensors; a scalar is shape [1]."""
    rank = x.get_shape().ndims
    dynamic_shape = array_ops.shape(x)
    if rank == 0:
        return (1,)
    if rank is not None:
        return [int(s) if s is not None else dynamic_shape[i]
                for i, s in enumerate(x.get_shape().as_list())]
    return cond(math_ops.equal(array_ops.rank(x), 0),
                lambda: array_ops.constant([1]), lambda: dynamic_shape)


def _known(size):
    try:
        int(size)
    except (ValueError, TypeError):
        return False
    return size is not None


def _parse(x, symbolic_shape, message_prefix):
    if not (hasattr(symbolic_shape, "__iter__") or hasattr(symbolic_shape, "__getitem__")):
        raise ValueError("%sTensor %s.  Specified shape must be an iterable.  An iterable has "
                         "the attribute `__iter__` or `__getitem__`.  Received specified "
                         "shape: %s" % (message_prefix, x.name, symbolic_shape))
    symbols = tuple(symbolic_shape)
    innermost = False
    for i, symbol in enumerate(symbols):
        if symbol is Ellipsis or (isinstance(symbol, str) and symbol == "*"):
            if i != 0:
                raise ValueError(
                    "%sTensor %s specified shape index %d.  Symbol `...` or `*` for a variable "
                    "number of unspecified dimensions is only allowed as the first entry"
                    % (message_prefix, x.name, i))
            innermost = True
    symbolic = (symbols[1:] if innermost else symbols) or (1,)
    return _Sizes(x, innermost, _dimension_sizes(x), symbolic)


def _rank_assertion(sizes, data, summarize, message, name):
    rank = len(sizes.symbolic)
    if sizes.unspecified_dim:
        if rank in (0, 1):
            return None
        return assert_rank_at_least(sizes.x, rank, data=data, summarize=summarize,
                                    message=message, name=name)
    if rank in (0, 1):
        return assert_rank_in(sizes.x, [0, 1], data=data, summarize=summarize, message=message,
                              name=name)
    return assert_rank(sizes.x, rank, data=data, summarize=summarize, message=message,
                       name=name)


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """TF1 `tf.debugging.assert_shapes([(x, ("N", "D")), (y, ("N",))])`: raises ValueError for
    a mismatch known while building; returns the op that checks the rest when run."""
    if isinstance(shapes, dict):
        shapes = shapes.items()
    prefix = _message_prefix(message)
    with name_scope(name, "assert_shapes", [shapes, data]):
        constraints = [(x if isinstance(x, SparseTensor) else convert_to_tensor(x), s)
                       for x, s in shapes if s is not None]
        all_sizes = [_parse(x, s, prefix) for x, s in constraints]
        rank_assertions = [a for a in (_rank_assertion(s, data, summarize, message, name)
                                       for s in all_sizes) if a is not None]
        size_assertions = _size_assertions(all_sizes, rank_assertions, data, summarize, prefix)
    with control_dependencies(rank_assertions):
        return group(size_assertions)


def _size_assertions(all_sizes, rank_assertions, data, summarize, prefix):
    assertions, bound = [], {}
    for sizes in all_sizes:
        for i, symbol in enumerate(sizes.symbolic):
            if symbol is None or (isinstance(symbol, str) and symbol == "."):
                continue
            dim = i - len(sizes.symbolic) if sizes.unspecified_dim else i
            with control_dependencies(rank_assertions):
                actual = sizes.actual[dim]
            if not (_known(symbol) or symbol in bound):
                bound[symbol] = (actual, sizes.x, dim)
                continue
            if _known(symbol):
                expected, how = int(symbol), "Specified explicitly"
            else:
                expected, by, at = bound[symbol]
                how = "Specified by tensor %s dimension %d" % (by.name, at)
            if _known(actual) and _known(expected):
                if int(actual) != int(expected):
                    raise ValueError(
                        "%s%s.  Tensor %s dimension %s must have size %d.  Received size %d, "
                        "shape %s" % (prefix, how, sizes.x.name, dim, expected, actual,
                                      sizes.x.get_shape()))
                continue
            condition = math_ops.equal(convert_to_tensor(actual), convert_to_tensor(expected))
            data_ = data if data is not None else [
                prefix, how, "Tensor %s dimension" % sizes.x.name, dim, "must have size",
                expected, "Received shape: ", array_ops.shape(sizes.x)]
            assertions.append(Assert(condition, data_, summarize=summarize))
    return assertions
