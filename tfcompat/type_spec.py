"""Type specifications (`tf.TypeSpec` and its subclasses): the dtype and static shape of a value
without the value, as TF's `python/framework/type_spec.py`, `tensor_spec.py` and friends.

A spec compares by its fields (`TensorSpec([None], tf.float32) == TensorSpec([None])`), is
hashable, and says whether a value or another spec fits it (`is_compatible_with`).
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.operation import Tensor
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import as_shape
from tfcompat.ops.control_flow_tensor_array import TensorArray

__all__ = ["TypeSpec", "TensorSpec", "SparseTensorSpec", "IndexedSlicesSpec", "TensorArraySpec",
           "NoneTensorSpec", "DatasetSpec", "type_spec_from_value"]


class TypeSpec:
    """TF's `tf.TypeSpec`: the base of every spec; equality and hashing over `_serialize()`."""

    __slots__ = ()

    @property
    def value_type(self):
        raise NotImplementedError("%s.value_type" % type(self).__name__)

    def _serialize(self):
        raise NotImplementedError("%s._serialize" % type(self).__name__)

    def __eq__(self, other):
        return type(other) is type(self) and self._serialize() == other._serialize()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((type(self).__name__, repr(self._serialize())))

    def __repr__(self):
        return "%s%r" % (type(self).__name__, self._serialize())

    def _fields_compatible(self, other):
        for mine, theirs in zip(self._serialize(), other._serialize()):
            if isinstance(mine, TensorShape):
                if not mine.is_compatible_with(theirs):
                    return False
            elif mine != theirs:
                return False
        return True

    def is_compatible_with(self, spec_or_value):
        """Whether `spec_or_value` (a spec or a value) has this spec's type and a shape that
        fits it."""
        other = spec_or_value
        if not isinstance(other, TypeSpec):
            try:
                other = type_spec_from_value(other)
            except TypeError:
                return False
        return type(other) is type(self) and self._fields_compatible(other)

    def most_specific_common_supertype(self, others):
        """The narrowest spec that `self` and every spec of `others` fit, or None."""
        result = self._serialize()
        for other in others:
            if type(other) is not type(self):
                return None
            merged = []
            for mine, theirs in zip(result, other._serialize()):
                if isinstance(mine, TensorShape):
                    merged.append(_common_shape(mine, theirs))
                elif mine == theirs:
                    merged.append(mine)
                else:
                    return None
            result = tuple(merged)
        return type(self)(*result)


def _common_shape(a, b):
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


class TensorSpec(TypeSpec):
    """TF's `tf.TensorSpec(shape, dtype=tf.float32, name=None)`."""

    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)
    value_type = property(lambda self: Tensor)

    def _serialize(self):
        return (self._shape, self._dtype, self._name)

    def __repr__(self):
        return "TensorSpec(shape=%s, dtype=%r, name=%r)" % (self._shape, self._dtype, self._name)

    def is_compatible_with(self, spec_or_tensor):
        other = spec_or_tensor
        if not isinstance(other, TypeSpec):
            try:
                other = convert_to_tensor(other)
            except (TypeError, ValueError):
                return False
        if not isinstance(other, (TensorSpec, Tensor)):
            return False
        return (self._dtype.is_compatible_with(other.dtype)
                and self._shape.is_compatible_with(other.shape))

    @classmethod
    def from_spec(cls, spec, name=None):
        return cls(spec.shape, spec.dtype, name or getattr(spec, "name", None))

    @classmethod
    def from_tensor(cls, tensor, name=None):
        if isinstance(tensor, Tensor):
            return cls(tensor.shape, tensor.dtype, name or tensor.op.name)
        raise ValueError("`tensor` should be a tf.Tensor, but got type %s." % type(tensor))


class SparseTensorSpec(TypeSpec):
    """TF's `tf.SparseTensorSpec(shape=None, dtype=tf.float32)`."""

    __slots__ = ("_shape", "_dtype")

    def __init__(self, shape=None, dtype=dtypes.float32):
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    value_type = property(lambda self: SparseTensor)

    def _serialize(self):
        return (self._shape, self._dtype)

    @classmethod
    def from_value(cls, value):
        if isinstance(value, SparseTensorValue):
            return cls(value.dense_shape, dtypes.as_dtype(value.values.dtype))
        return cls(value.shape, value.dtype)


class IndexedSlicesSpec(TypeSpec):
    """TF's `tf.IndexedSlicesSpec(shape, dtype, indices_dtype, dense_shape_dtype,
    indices_shape)`."""

    __slots__ = ("_shape", "_values_dtype", "_indices_dtype", "_dense_shape_dtype",
                 "_indices_shape")

    def __init__(self, shape=None, dtype=dtypes.float32, indices_dtype=dtypes.int64,
                 dense_shape_dtype=None, indices_shape=None):
        self._shape = as_shape(shape)
        self._values_dtype = dtypes.as_dtype(dtype)
        self._indices_dtype = dtypes.as_dtype(indices_dtype)
        self._dense_shape_dtype = (None if dense_shape_dtype is None
                                   else dtypes.as_dtype(dense_shape_dtype))
        self._indices_shape = as_shape(indices_shape).with_rank(1)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._values_dtype)
    value_type = property(lambda self: IndexedSlices)

    def _serialize(self):
        return (self._shape, self._values_dtype, self._indices_dtype, self._dense_shape_dtype,
                self._indices_shape)


class TensorArraySpec(TypeSpec):
    """TF's `tf.TensorArraySpec(element_shape=None, dtype=tf.float32, dynamic_size=False,
    infer_shape=True)`."""

    __slots__ = ("_element_shape", "_dtype", "_dynamic_size", "_infer_shape")

    def __init__(self, element_shape=None, dtype=dtypes.float32, dynamic_size=False,
                 infer_shape=True):
        self._element_shape = as_shape(element_shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = dynamic_size
        self._infer_shape = infer_shape

    element_shape = property(lambda self: self._element_shape)
    dtype = property(lambda self: self._dtype)
    dynamic_size = property(lambda self: self._dynamic_size)
    infer_shape = property(lambda self: self._infer_shape)

    @property
    def value_type(self):
        return TensorArray

    def _serialize(self):
        return (self._element_shape, self._dtype, self._dynamic_size, self._infer_shape)


class NoneTensorSpec(TypeSpec):
    """TF's `tf.NoneTensorSpec()`: the spec of a `None` component."""

    __slots__ = ()
    value_type = property(lambda self: type(None))

    def _serialize(self):
        return ()

    def __repr__(self):
        return "NoneTensorSpec()"


class DatasetSpec(TypeSpec):
    """TF's `tf.data.DatasetSpec(element_spec, dataset_shape=())`."""

    __slots__ = ("_element_spec", "_dataset_shape")

    def __init__(self, element_spec, dataset_shape=()):
        self._element_spec = element_spec
        self._dataset_shape = as_shape(dataset_shape)

    element_spec = property(lambda self: self._element_spec)

    @property
    def value_type(self):
        from tfcompat.data.dataset_ops import DatasetV1  # lazy: data/ imports framework modules
        return DatasetV1

    def _serialize(self):
        return (self._element_spec, self._dataset_shape)


def type_spec_from_value(value):
    """TF's `tf.type_spec_from_value`: the spec of a tensor, SparseTensor, IndexedSlices or of
    anything `tf.convert_to_tensor` accepts (named specs lose the name, as in TF)."""
    if isinstance(value, TypeSpec):
        raise TypeError("Could not build a TypeSpec for %r of unsupported type %s."
                        % (value, type(value)))
    if isinstance(value, (SparseTensor, SparseTensorValue)):
        return SparseTensorSpec.from_value(value)
    if isinstance(value, IndexedSlices):
        dense = value.dense_shape
        return IndexedSlicesSpec(value.values.shape, value.values.dtype, value.indices.dtype,
                                 None if dense is None else dense.dtype, value.indices.shape)
    if isinstance(value, Tensor):
        return TensorSpec(value.shape, value.dtype)
    if value is None:
        return NoneTensorSpec()
    try:
        tensor = convert_to_tensor(value)
    except (TypeError, ValueError) as e:
        raise TypeError("Could not build a TypeSpec for %r of unsupported type %s."
                        % (value, type(value))) from e
    return TensorSpec(tensor.shape, tensor.dtype)
