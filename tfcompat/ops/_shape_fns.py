"""The InferenceContext checks of TF's C++ shape functions (`WithRank`, `WithRankAtLeast`,
`Merge` of dimensions and shapes), with TF's texts, for the shape rules of the linear-algebra,
einsum, string and space/depth ops. Each raises `shape_rules.shape_error` (ValueError naming
the node, as TF's `{{node ...}}` message does).
"""
from __future__ import annotations

from tfcompat.framework import shape_rules
from tfcompat.framework.tensor_shape import TensorShape


def dims(shape) -> list | None:
    """A static shape as a list of ints and None; None for an unknown rank."""
    return None if shape.ndims is None else shape.as_list()


def with_rank(op, inputs, shape, rank):
    if shape.ndims is not None and shape.ndims != rank:
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                      % (rank, shape.ndims), op, inputs)
    return shape if shape.ndims is not None else TensorShape([None] * rank)


def with_rank_at_least(op, inputs, shape, rank):
    if shape.ndims is not None and shape.ndims < rank:
        raise shape_rules.shape_error("Shape must be at least rank %d but is rank %d"
                                      % (rank, shape.ndims), op, inputs)
    return shape


def with_rank_at_most(op, inputs, shape, rank):
    if shape.ndims is not None and shape.ndims > rank:
        raise shape_rules.shape_error("Shape must be at most rank %d but is rank %d"
                                      % (rank, shape.ndims), op, inputs)
    return shape


def with_value(op, inputs, dim, value):
    """InferenceContext::WithValue of a dimension (None: unknown)."""
    if dim is not None and dim != value:
        raise shape_rules.shape_error("Dimension must be %d but is %d" % (value, dim), op, inputs)
    return value


def merge_dim(op, inputs, a, b):
    """InferenceContext::Merge of two dimensions (None: unknown)."""
    if a is not None and b is not None and a != b:
        raise shape_rules.shape_error("Dimensions must be equal, but are %d and %d" % (a, b),
                                      op, inputs)
    return a if a is not None else b


def merge_shapes(op, inputs, a, b):
    """InferenceContext::Merge of two shapes (lists, None: unknown rank), with its texts."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b):
        raise shape_rules.shape_error("Shapes must be equal rank, but are %d and %d"
                                      % (len(a), len(b)), op, inputs)
    out = []
    for i, (p, q) in enumerate(zip(a, b)):
        if p is not None and q is not None and p != q:
            raise shape_rules.shape_error(
                "Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s "
                "and %s." % (i, p, q, _text(a), _text(b)), op, inputs)
        out.append(p if p is not None else q)
    return out


def merge_prefix(op, inputs, s, prefix):
    """InferenceContext::MergePrefix: shape `s` must start with `prefix` (lists, None: unknown
    rank), each dimension merged with Merge's text."""
    if s is None or prefix is None:
        return
    with_rank_at_least(op, inputs, TensorShape(s), len(prefix))
    for a, b in zip(s, prefix):
        merge_dim(op, inputs, a, b)


def _text(dims_list) -> str:
    return "[%s]" % ",".join("?" if d is None else str(d) for d in dims_list)
