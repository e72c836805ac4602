"""TF1 `tf.RaggedTensorSpec`: the dtype, static shape, ragged rank and row-splits dtype of a
RaggedTensor, without the value (as TF's ragged_tensor.RaggedTensorSpec)."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import as_shape
from tfcompat.ragged.ragged_tensor import RaggedTensor
from tfcompat.ragged.ragged_value import RaggedTensorValue
from tfcompat.type_spec import TypeSpec


class RaggedTensorSpec(TypeSpec):
    """TF's `tf.RaggedTensorSpec(shape=None, dtype=tf.float32, ragged_rank=None,
    row_splits_dtype=tf.int64, flat_values_spec=None)`."""

    __slots__ = ("_shape", "_dtype", "_ragged_rank", "_row_splits_dtype",
                 "_flat_values_spec")

    def __init__(self, shape=None, dtype=dtypes.float32, ragged_rank=None,
                 row_splits_dtype=dtypes.int64, flat_values_spec=None):
        self._shape = as_shape(shape)
        self._row_splits_dtype = dtypes.as_dtype(row_splits_dtype)
        if flat_values_spec is not None:
            if dtype is None:
                dtype = flat_values_spec.dtype
            elif dtypes.as_dtype(dtype) != flat_values_spec.dtype:
                raise ValueError("dtype must be the same as flat_values_spec.dtype")
        elif dtype is None:
            raise ValueError("At least one of dtype or flat_values_spec must be provided")
        self._dtype = dtypes.as_dtype(dtype)
        self._flat_values_spec = flat_values_spec
        rank = self._shape.ndims
        if ragged_rank is None:
            if rank is None:
                raise ValueError("Must specify ragged_rank or a shape with a known rank.")
            ragged_rank = rank - 1
        if not isinstance(ragged_rank, int):
            raise TypeError("ragged_rank must be an int")
        if rank is not None and (ragged_rank >= rank or ragged_rank < 0):
            raise ValueError("ragged_rank must be non-negative and less than rank; got "
                             "ragged_rank=%d, rank=%d" % (ragged_rank, rank))
        self._ragged_rank = ragged_rank

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    ragged_rank = property(lambda self: self._ragged_rank)
    row_splits_dtype = property(lambda self: self._row_splits_dtype)
    flat_values_spec = property(lambda self: self._flat_values_spec)
    value_type = property(lambda self: RaggedTensor if self._ragged_rank > 0 else
                          Tensor)

    def _serialize(self):
        if self._flat_values_spec is None:
            return (self._shape, self._dtype, self._ragged_rank, self._row_splits_dtype)
        return (self._shape, self._dtype, self._ragged_rank, self._row_splits_dtype,
                self._flat_values_spec)

    def __repr__(self):
        return "RaggedTensorSpec(%r, %r, %d, %r)" % (self._shape, self._dtype,
                                                     self._ragged_rank, self._row_splits_dtype)

    def is_compatible_with(self, spec_or_value):
        other = spec_or_value
        if isinstance(other, (RaggedTensor, RaggedTensorValue)):
            other = RaggedTensorSpec.from_value(other)
        if not isinstance(other, RaggedTensorSpec):
            return False
        return (self._dtype.is_compatible_with(other.dtype)
                and self._shape.is_compatible_with(other.shape)
                and self._ragged_rank == other.ragged_rank
                and self._row_splits_dtype == other.row_splits_dtype)

    @classmethod
    def from_value(cls, value):
        """The spec of a RaggedTensor (or RaggedTensorValue)."""
        if isinstance(value, RaggedTensorValue):
            shape = TensorShape([len(value.row_splits) - 1, None] +
                                list(value.flat_values.shape[1:]) if value.ragged_rank == 1
                                else [len(value.row_splits) - 1] + [None] * value.ragged_rank
                                + list(value.flat_values.shape[1:]))
            return cls(shape, dtypes.as_dtype(value.flat_values.dtype), value.ragged_rank,
                       dtypes.as_dtype(value.row_splits.dtype))
        if not isinstance(value, RaggedTensor):
            raise TypeError("Expected a RaggedTensor, got %r" % (value,))
        return cls(value.shape, value.dtype, value.ragged_rank, value.row_splits_dtype)


__all__ = ["RaggedTensorSpec"]
