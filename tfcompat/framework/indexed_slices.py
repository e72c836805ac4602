"""`IndexedSlices`: a sparse set of rows of a tensor (values, indices, dense_shape), what TF1's
`tf.gradients` returns for a gather / embedding lookup, and `IndexedSlicesValue`, the value
`Session.run` returns for it. `convert_to_tensor` turns one into the dense tensor (summing
rows that repeat, with `UnsortedSegmentSum`, as TF does).
"""
from __future__ import annotations

import collections

from tfcompat.framework import convert
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import op_builder
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value_as_shape

IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue",
                                            ["values", "indices", "dense_shape"])
IndexedSlicesValue.__doc__ = "The value of a fetched `IndexedSlices` (TF1 name)."


class IndexedSlices:
    """Rows `indices` of a tensor of shape `dense_shape`, given by `values` (TF1
    `tf.IndexedSlices`); `values[i]` is row `indices[i]`, repeated rows add up.

    >>> g = tf.gradients(tf.reduce_sum(tf.gather(v, [0, 2])), v)[0]
    >>> type(g).__name__, g.values.shape
    ('IndexedSlices', TensorShape([Dimension(2), Dimension(3)]))
    """

    # `tf.control_dependencies([slices])` waits for the op making `values`, as in TF
    _control_input_is_op = True

    def __init__(self, values, indices, dense_shape=None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    values = property(lambda self: self._values)
    indices = property(lambda self: self._indices)
    dense_shape = property(lambda self: self._dense_shape)
    name = property(lambda self: self._values.name)
    device = property(lambda self: self._values.device)
    op = property(lambda self: self._values.op)
    dtype = property(lambda self: self._values.dtype)
    graph = property(lambda self: self._values.graph)

    @property
    def shape(self):
        if self._dense_shape is None:
            return tensor_shape.unknown_shape()
        return constant_value_as_shape(self._dense_shape)

    def get_shape(self):
        return self.shape

    def consumers(self):
        return self._values.consumers()

    def _fetch_structure(self):
        """The parts `Session.run` fetches, and how to rebuild the fetched value."""
        parts = [self._values, self._indices]
        if self._dense_shape is not None:
            parts.append(self._dense_shape)
            return parts, lambda p: IndexedSlicesValue(*p)
        return parts, lambda p: IndexedSlicesValue(p[0], p[1], None)

    def __neg__(self):
        values = op_builder.apply_op("Neg", [self._values], name="Neg")
        return IndexedSlices(values, self._indices, self._dense_shape)

    def __str__(self):
        return "IndexedSlices(indices=%s, values=%s%s)" % (
            self._indices, self._values,
            "" if self._dense_shape is None else ", dense_shape=%s" % self._dense_shape)

    __repr__ = __str__


def _indexed_slices_to_tensor(value, dtype=None, name=None, as_ref=False):
    """TF's `_indexed_slices_to_tensor`: the dense tensor, rows summed (built by op type, so
    graph building does not import the op families)."""
    if dtype is not None and not dtype.is_compatible_with(value.dtype):
        raise ValueError("Tensor conversion requested dtype %s for IndexedSlices with dtype %s"
                         % (dtype.name, value.dtype.name))
    if value.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices without dense_shape: %s"
                         % str(value))
    with graph_lib.name_scope(None, "strided_slice") as scope:   # TF's op and const names
        spec = [convert.constant([k], dtype=value.dense_shape.dtype, name=n)
                for k, n in ((0, "stack"), (1, "stack_1"), (1, "stack_2"))]
        rows = op_builder.apply_op("StridedSlice", [value.dense_shape] + spec, name=scope,
                                   shrink_axis_mask=1, begin_mask=0, end_mask=0,
                                   ellipsis_mask=0, new_axis_mask=0)
    return op_builder.apply_op("UnsortedSegmentSum", [value.values, value.indices, rows],
                               name=name or "UnsortedSegmentSum")


convert.register_tensor_conversion_function(IndexedSlices, _indexed_slices_to_tensor)


def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None):
    if isinstance(value, IndexedSlices):
        return value
    return convert.convert_to_tensor(value, dtype=dtype, name=name)


__all__ = ["IndexedSlices", "IndexedSlicesValue", "convert_to_tensor_or_indexed_slices"]
