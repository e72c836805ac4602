"""`SparseTensor` (three dense tensors: indices, values, dense_shape) and `SparseTensorValue`,
the value `Session.run` returns for it. Graph construction only; sparse ops live in
ops/sparse_ops.py.
"""
from __future__ import annotations

import collections

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.default_session import run_using_default_session
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.tensor_util import public_constant_value_as_shape

SparseTensorValue = collections.namedtuple("SparseTensorValue",
                                           ["indices", "values", "dense_shape"])
SparseTensorValue.__doc__ = "The value of a fetched `SparseTensor` (TF1 `tf.SparseTensorValue`)."


class SparseTensor:
    """A sparse tensor as three dense tensors (TF1 `tf.SparseTensor`).

    `indices` is int64 [N, rank], `values` [N] and `dense_shape` int64 [rank].

    >>> st = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1, 2], dense_shape=[3, 4])
    >>> st.shape
    TensorShape([Dimension(3), Dimension(4)])
    """

    def __init__(self, indices, values, dense_shape):
        with name_scope(None, "SparseTensor", [indices, values, dense_shape]):
            self._indices = convert_to_tensor(indices, dtype=dtypes.int64, name="indices")
            self._values = convert_to_tensor(values, name="values")
            self._dense_shape = convert_to_tensor(dense_shape, dtype=dtypes.int64,
                                                  name="dense_shape")
            # TF's constant_value_as_shape checks the rank first (ValueError, not TypeError)
            self._dense_shape.shape.with_rank(1)
            self._dense_shape_default = public_constant_value_as_shape(self._dense_shape)
        indices_shape = self._indices.shape.with_rank(2)
        values_shape = self._values.shape.with_rank(1)
        dense_shape_shape = self._dense_shape.shape.with_rank(1)
        indices_shape[0].assert_is_compatible_with(values_shape[0])
        indices_shape[1].assert_is_compatible_with(dense_shape_shape[0])

    @classmethod
    def from_value(cls, sparse_tensor_value):
        if not is_sparse(sparse_tensor_value):
            raise TypeError("Argument sparse_tensor_value=%s is neither a SparseTensor nor "
                            "SparseTensorValue." % (sparse_tensor_value,))
        return cls(sparse_tensor_value.indices, sparse_tensor_value.values,
                   sparse_tensor_value.dense_shape)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._indices.graph)

    @property
    def shape(self):
        """The dense shape known at graph-building time: `dense_shape`'s constant value, as
        refined by `set_shape`."""
        default = self.__dict__.get("_dense_shape_default")
        if default is None:  # made from its three parts without __init__ (parsing, datasets)
            default = self._dense_shape_default = public_constant_value_as_shape(
                self._dense_shape)
        return default

    def set_shape(self, shape):
        """Merges `shape` into the static dense shape (ValueError when incompatible)."""
        if not isinstance(shape, tensor_shape.TensorShape):
            shape = tensor_shape.TensorShape(shape)
        self._dense_shape_default = self.shape.merge_with(shape)

    def with_values(self, new_values):
        """The same indices and dense shape with `new_values`."""
        return SparseTensor(self._indices, new_values, self._dense_shape)

    def get_shape(self):
        return self.shape

    def eval(self, feed_dict=None, session=None):
        return run_using_default_session(self, feed_dict, self.graph, session, "tensor")

    def consumers(self):
        return self._values.consumers()

    def _fetch_structure(self):
        """The parts `Session.run` fetches, and how to rebuild the fetched value."""
        return [self._indices, self._values, self._dense_shape], \
            lambda parts: SparseTensorValue(*parts)

    def _feed_structure(self, value):
        """The (tensor, value) feeds `Session.run` makes of a value fed for this SparseTensor:
        TF zips the three parts with the value (a SparseTensorValue, or any triple)."""
        return list(zip([self._indices, self._values, self._dense_shape], value))

    def __str__(self):
        return "SparseTensor(indices=%s, values=%s, dense_shape=%s)" % (
            self._indices, self._values, self._dense_shape)

    __repr__ = __str__


def is_sparse(value) -> bool:
    return isinstance(value, (SparseTensor, SparseTensorValue))


def convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None):
    """A `SparseTensor` for sparse values, else `convert_to_tensor(value)`."""
    if isinstance(value, SparseTensorValue):
        value = SparseTensor.from_value(value)
    if isinstance(value, SparseTensor):
        if dtype is not None and not dtypes.as_dtype(dtype).is_compatible_with(value.dtype):
            raise RuntimeError("Sparse dtype: requested = %s, actual = %s"
                               % (dtypes.as_dtype(dtype).name, value.dtype.name))
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


__all__ = ["SparseTensor", "SparseTensorValue", "is_sparse", "convert_to_tensor_or_sparse_tensor"]
