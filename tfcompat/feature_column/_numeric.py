"""`numeric_column` and `bucketized_column` (TF 2.21 feature_column_v2.py, v1 protocol)."""
from __future__ import annotations

import collections

import numpy as np

from tfcompat.feature_column._base import IdWeightPair
from tfcompat.feature_column._base import _CategoricalColumn
from tfcompat.feature_column._base import _DenseColumn
from tfcompat.feature_column._base import assert_key_is_string
from tfcompat.feature_column._base import check_default_value
from tfcompat.feature_column._base import check_shape
from tfcompat.framework import dtypes
from tfcompat.framework.convert import constant
from tfcompat.framework.graph import name_scope
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.array_ops_pad import tile
from tfcompat.ops.indexing_ops import one_hot
from tfcompat.ops.parsing_ops import FixedLenFeature
from tfcompat.ops.reduction_ops import reduce_sum


class NumericColumn(_DenseColumn, collections.namedtuple(
        "NumericColumn", ("key", "shape", "default_value", "dtype", "normalizer_fn"))):
    """See `numeric_column`."""

    @property
    def name(self):
        return self.key

    @property
    def _parse_example_spec(self):
        return {self.key: FixedLenFeature(self.shape, self.dtype, self.default_value)}

    parse_example_spec = _parse_example_spec

    def _transform_feature(self, inputs):
        input_tensor = inputs.get(self.key)
        if isinstance(input_tensor, SparseTensor):
            raise ValueError(
                "The corresponding Tensor of numerical column must be a Tensor. "
                "SparseTensor is not supported. key: {}".format(self.key))
        if self.normalizer_fn is not None:
            input_tensor = self.normalizer_fn(input_tensor)
        return math_ops.cast(input_tensor, dtypes.float32)

    @property
    def _variable_shape(self):
        return TensorShape(self.shape)

    variable_shape = _variable_shape

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return inputs.get(self)


def _bucketize(input_tensor, boundaries):
    """TF's Bucketize op: the number of boundaries <= each value (int32), NaN past the last,
    as std::upper_bound gives; values compare with the boundaries as float32 (the op's attr
    type), doubles in double."""
    with name_scope(None, "Bucketize", [input_tensor]):
        bounds = np.asarray(boundaries, dtype=np.float32)
        if input_tensor.dtype.base_dtype == dtypes.float64:
            bounds = bounds.astype(np.float64)
        else:
            input_tensor = math_ops.cast(input_tensor, dtypes.float32)
        below = math_ops.less(array_ops.expand_dims(input_tensor, -1), constant(bounds))
        return reduce_sum(math_ops.cast(math_ops.logical_not(below), dtypes.int32), axis=-1)


class BucketizedColumn(_DenseColumn, _CategoricalColumn, collections.namedtuple(
        "BucketizedColumn", ("source_column", "boundaries"))):
    """See `bucketized_column`."""

    @property
    def name(self):
        return "{}_bucketized".format(self.source_column.name)

    @property
    def _parse_example_spec(self):
        return self.source_column._parse_example_spec

    parse_example_spec = _parse_example_spec

    def _transform_feature(self, inputs):
        return _bucketize(inputs.get(self.source_column), self.boundaries)

    @property
    def _variable_shape(self):
        return TensorShape(tuple(self.source_column.shape) + (len(self.boundaries) + 1,))

    variable_shape = _variable_shape

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return one_hot(math_ops.cast(inputs.get(self), dtypes.int64),
                       depth=len(self.boundaries) + 1, on_value=1., off_value=0.)

    @property
    def _num_buckets(self):
        return (len(self.boundaries) + 1) * self.source_column.shape[0]

    num_buckets = _num_buckets

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        """Bucket ids as a [batch, source dimension] SparseTensor, dimension j's ids offset
        by j * (len(boundaries) + 1)."""
        input_tensor = inputs.get(self)
        batch_size = array_ops.shape(input_tensor)[0]
        source_dimension = self.source_column.shape[0]
        i1 = array_ops.reshape(
            tile(array_ops.expand_dims(_range(0, batch_size), 1), [1, source_dimension]),
            (-1,))
        i2 = tile(_range(0, source_dimension), [batch_size])
        bucket_indices = math_ops.add(array_ops.reshape(input_tensor, (-1,)),
                                      math_ops.multiply(len(self.boundaries) + 1, i2))
        indices = math_ops.cast(array_ops.transpose(stack((i1, i2))), dtypes.int64)
        dense_shape = math_ops.cast(stack([batch_size, source_dimension]), dtypes.int64)
        return IdWeightPair(SparseTensor(indices, bucket_indices, dense_shape), None)


def numeric_column(key, shape=(1,), default_value=None, dtype=dtypes.float32,
                   normalizer_fn=None):
    """TF1 `tf.feature_column.numeric_column`: real-valued features of `shape` per example."""
    shape = check_shape(shape, key)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError("dtype must be convertible to float. dtype: {}, key: {}".format(
            dtype, key))
    default_value = check_default_value(shape, default_value, dtype, key)
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError("normalizer_fn must be a callable. Given: {}".format(normalizer_fn))
    assert_key_is_string(key)
    return NumericColumn(key, shape=shape, default_value=default_value, dtype=dtype,
                         normalizer_fn=normalizer_fn)


def bucketized_column(source_column, boundaries):
    """TF1 `tf.feature_column.bucketized_column`: a numeric column cut at sorted `boundaries`
    (bucket i holds [boundaries[i-1], boundaries[i]))."""
    if not isinstance(source_column, NumericColumn):
        raise ValueError("source_column must be a column generated with numeric_column(). "
                         "Given: {}".format(source_column))
    if len(source_column.shape) > 1:
        raise ValueError("source_column must be one-dimensional column. Given: {}".format(
            source_column))
    if not boundaries:
        raise ValueError("boundaries must not be empty.")
    if not isinstance(boundaries, (list, tuple)):
        raise ValueError("boundaries must be a sorted list.")
    for i in range(len(boundaries) - 1):
        if boundaries[i] >= boundaries[i + 1]:
            raise ValueError("boundaries must be a sorted list.")
    return BucketizedColumn(source_column, tuple(boundaries))
