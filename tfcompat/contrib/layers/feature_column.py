"""tf.contrib.layers' feature columns (TF 1.15 contrib/layers/python/layers/feature_column.py),
the columns of the 2016-2017 tf.contrib.learn tutorials: real_valued_column,
sparse_column_with_keys, sparse_column_with_hash_bucket, bucketized_column, embedding_column and
one_hot_column. They are built into the graph by feature_column_ops.py
(`input_from_feature_columns`, `weighted_sum_from_feature_columns`).

Their tensors come from the core columns of tfcompat.feature_column where the transformation is
the same (vocabulary lookups, string hashing, bucketizing); what differs from the core columns
is how a model gets its variables, which feature_column_ops.py builds with TF 1.15's names.
contrib's crossed_column hashes with SparseFeatureCross (Fingerprint64), not the core crossed
column's SparseCross: sparse_feature_cross.py reproduces it.
"""
from __future__ import annotations

import collections
import math

import numpy as np

from tfcompat.contrib.layers.sparse_feature_cross import sparse_feature_cross
from tfcompat.feature_column import _categorical as core_categorical
from tfcompat.feature_column._base import _FeatureColumn
from tfcompat.feature_column._numeric import _bucketize
from tfcompat.framework import dtypes
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.init_ops import truncated_normal_initializer
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.array_ops_join import tile


class _ContribColumn(_FeatureColumn):
    """A contrib.layers column: `name`, `key` (TF's sort key: the class and its fields, but the
    functions among them) and `_transform_feature` (cached by the core `_LazyBuilder`)."""

    _KEY_EXCLUDES = ()

    @property
    def key(self):
        fields = ["{}={}".format(k, getattr(self, k)) for k in self._fields
                  if k not in self._KEY_EXCLUDES]
        return "{}({})".format(type(self).__name__, ", ".join(fields))

    def __lt__(self, other):
        return self.key < other.key

    def __gt__(self, other):
        return self.key > other.key


class _RealValuedColumn(_ContribColumn, collections.namedtuple(
        "_RealValuedColumn", ["column_name", "dimension", "default_value", "dtype",
                              "normalizer"])):
    """A dense real-valued feature of `dimension` values per example."""

    _KEY_EXCLUDES = ("normalizer",)

    @property
    def name(self):
        return self.column_name

    def _transform_feature(self, inputs):
        tensor = inputs.get(self.column_name)
        if isinstance(tensor, SparseTensor):
            raise ValueError("RealValuedColumn {} expects a dense Tensor, given a "
                             "SparseTensor.".format(self.name))
        if self.normalizer is not None:
            tensor = self.normalizer(tensor)
        return tensor


class _SparseColumn(_ContribColumn, collections.namedtuple(
        "_SparseColumn", ["column_name", "is_integerized", "bucket_size", "lookup_config",
                          "combiner", "dtype"])):
    """Sparse ids of a feature: a vocabulary lookup (`lookup_config`: keys, default value) or
    string hashing into `bucket_size` buckets."""

    @property
    def name(self):
        return self.column_name

    @property
    def length(self):
        if self.bucket_size is not None:
            return self.bucket_size
        return len(self.lookup_config[0])

    def _core_column(self):
        if self.bucket_size is not None:
            return core_categorical.categorical_column_with_hash_bucket(
                self.column_name, self.bucket_size, dtype=self.dtype)
        keys, default_value = self.lookup_config
        return core_categorical.categorical_column_with_vocabulary_list(
            self.column_name, list(keys), dtype=self.dtype, default_value=default_value)

    def _transform_feature(self, inputs):
        return self._core_column()._transform_feature(inputs)

    def id_tensor(self, transformed):
        return transformed

    def weight_tensor(self, transformed):
        return None


class _SparseColumnKeys(_SparseColumn):
    """sparse_column_with_keys' column (TF's class name: columns sort by it)."""

    __slots__ = ()


class _SparseColumnHashed(_SparseColumn):
    """sparse_column_with_hash_bucket's column (TF's class name: columns sort by it)."""

    __slots__ = ()


class _BucketizedColumn(_ContribColumn, collections.namedtuple(
        "_BucketizedColumn", ["source_column", "boundaries"])):
    """The bucket index of each value of a real-valued column."""

    @property
    def name(self):
        return "{}_bucketized".format(self.source_column.name)

    @property
    def length(self):
        return len(self.boundaries) + 1

    def _transform_feature(self, inputs):
        return _bucketize(inputs.get(self.source_column), boundaries=self.boundaries)


def _bucket_ids(column, tensor):
    """A bucketized column's ids as a [batch, dimension] SparseTensor (dimension j's ids
    offset by j * length), TF's _BucketizedColumn.to_sparse_tensor."""
    dimension = column.source_column.dimension
    batch_size = array_ops.shape(tensor)[0]
    i1 = array_ops.reshape(tile(array_ops.expand_dims(_range(0, batch_size), 1),
                                [1, dimension]), [-1])
    i2 = tile(_range(0, dimension), [batch_size])
    ids = array_ops.reshape(tensor, [-1]) + column.length * i2
    indices = math_ops.cast(array_ops.transpose(stack((i1, i2))), dtypes.int64)
    shape = math_ops.cast(stack([batch_size, dimension]), dtypes.int64)
    return SparseTensor(indices, ids, shape)


class _CrossedColumn(_ContribColumn, collections.namedtuple(
        "_CrossedColumn", ["columns", "hash_bucket_size", "hash_key", "combiner",
                           "ckpt_to_load_from", "tensor_name_in_ckpt"])):
    """The hashed cross of sparse, bucketized or crossed columns."""

    @property
    def name(self):
        return "_X_".join(sorted(column.name for column in self.columns))

    @property
    def length(self):
        return self.hash_bucket_size

    def _transform_feature(self, inputs):
        tensors = []
        for column in self.columns:
            if isinstance(column, _CrossedColumn):
                tensors.append(inputs.get(column))
            elif isinstance(column, _BucketizedColumn):
                tensors.append(_bucket_ids(column, inputs.get(column)))
            else:
                tensors.append(inputs.get(column.name))
        return sparse_feature_cross(tensors, hashed_output=True,
                                    num_buckets=self.hash_bucket_size, hash_key=self.hash_key,
                                    name="cross")


class _EmbeddingColumn(_ContribColumn, collections.namedtuple(
        "_EmbeddingColumn", ["sparse_id_column", "dimension", "combiner", "initializer",
                             "ckpt_to_load_from", "tensor_name_in_ckpt", "shared_embedding_name",
                             "shared_vocab_size", "max_norm", "trainable"])):
    """A dense embedding (`dimension` values) of a sparse column's ids."""

    _KEY_EXCLUDES = ("initializer",)

    @property
    def name(self):
        return "{}_embedding".format(self.sparse_id_column.name)

    @property
    def length(self):
        return self.sparse_id_column.length

    def _transform_feature(self, inputs):
        return inputs.get(self.sparse_id_column)


class _OneHotColumn(_ContribColumn, collections.namedtuple(
        "_OneHotColumn", ["sparse_id_column"])):
    """The multi-hot vector of a sparse column's ids."""

    @property
    def name(self):
        return "{}_one_hot".format(self.sparse_id_column.name)

    @property
    def length(self):
        return self.sparse_id_column.length

    def _transform_feature(self, inputs):
        return inputs.get(self.sparse_id_column)


def real_valued_column(column_name, dimension=1, default_value=None, dtype=dtypes.float32,
                       normalizer=None):
    """A column of dense real values (`dimension` per example)."""
    if dimension is None:
        raise ValueError("real_valued_column with dimension=None (a var-len column) is not "
                         "supported by tfcompat; column_name: {}".format(column_name))
    if not isinstance(dimension, int):
        raise TypeError("dimension must be an integer. dimension: {}, column_name: {}".format(
            dimension, column_name))
    if dimension < 1:
        raise ValueError("dimension must be greater than 0. dimension: {}, column_name: {}"
                         .format(dimension, column_name))
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError("dtype must be convertible to float. dtype: {}, column_name: {}"
                         .format(dtype, column_name))
    if default_value is not None:
        cast = int if dtype.is_integer else float
        values = np.reshape(default_value, [-1]).tolist()
        if len(values) == 1:
            values = values * dimension
        if len(values) != dimension:
            raise ValueError("The length of default_value must be equal to dimension. "
                             "default_value: {}, dimension: {}, column_name: {}".format(
                                 default_value, dimension, column_name))
        default_value = tuple(cast(v) for v in values)
    return _RealValuedColumn(column_name, dimension, default_value, dtype, normalizer)


def sparse_column_with_keys(column_name, keys, default_value=-1, combiner="sum",
                            dtype=dtypes.string):
    """Sparse ids of a feature by its index in `keys` (`default_value` for others)."""
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype == dtypes.string):
        raise ValueError("dtype must be string or integer. dtype: {}, column_name: {}".format(
            dtype, column_name))
    return _SparseColumnKeys(column_name, False, None, (tuple(keys), default_value), combiner,
                             dtype)


def sparse_column_with_hash_bucket(column_name, hash_bucket_size, combiner="sum",
                                   dtype=dtypes.string, hash_keys=None):
    """Sparse ids of a feature by the hash of its values, modulo `hash_bucket_size`."""
    if hash_keys is not None:
        raise ValueError("sparse_column_with_hash_bucket's hash_keys (multi-hashing) is not "
                         "supported by tfcompat; column_name: {}".format(column_name))
    if hash_bucket_size < 2:
        raise ValueError("hash_bucket_size must be at least 2. hash_bucket_size: {}, "
                         "column_name: {}".format(hash_bucket_size, column_name))
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype == dtypes.string):
        raise ValueError("dtype must be string or integer. dtype: {}, column_name: {}".format(
            dtype, column_name))
    return _SparseColumnHashed(column_name, False, hash_bucket_size, None, combiner, dtype)


def bucketized_column(source_column, boundaries):
    """The bucket of each value of `source_column` (a real_valued_column) by `boundaries`."""
    if not isinstance(source_column, _RealValuedColumn):
        raise TypeError("source_column must be an instance of _RealValuedColumn. "
                        "source_column: {}".format(source_column))
    if not isinstance(boundaries, (list, tuple)) or not boundaries:
        raise ValueError("boundaries must be a non-empty list or tuple. boundaries: {}"
                         .format(boundaries))
    sanitized = []
    for i in range(len(boundaries) - 1):
        if boundaries[i] == boundaries[i + 1]:
            continue
        if boundaries[i] > boundaries[i + 1]:
            raise ValueError("boundaries must be a sorted list. boundaries: {}"
                             .format(boundaries))
        sanitized.append(boundaries[i])
    sanitized.append(boundaries[-1])
    return _BucketizedColumn(source_column, tuple(float(b) for b in sanitized))


def crossed_column(columns, hash_bucket_size, combiner="sum", ckpt_to_load_from=None,
                   tensor_name_in_ckpt=None, hash_key=None):
    """The hashed cross (`hash_bucket_size` buckets) of sparse, bucketized or crossed
    columns."""
    if not all(isinstance(c, (_SparseColumn, _CrossedColumn, _BucketizedColumn))
               for c in columns):
        raise TypeError("columns must be a set of _SparseColumn, _CrossedColumn, or "
                        "_BucketizedColumn instances.")
    if len(columns) < 2:
        raise ValueError("columns must contain at least 2 elements. columns: {}"
                         .format(columns))
    if hash_bucket_size < 2:
        raise ValueError("hash_bucket_size must be at least 2. hash_bucket_size: {}"
                         .format(hash_bucket_size))
    if ckpt_to_load_from is not None or tensor_name_in_ckpt is not None:
        raise ValueError("crossed_column's ckpt_to_load_from is not supported by tfcompat "
                         "(use tf.train.init_from_checkpoint)")
    columns = tuple(sorted(columns, key=lambda column: column.name))
    return _CrossedColumn(columns, hash_bucket_size, hash_key, combiner, None, None)


def embedding_column(sparse_id_column, dimension, combiner="mean", initializer=None,
                     ckpt_to_load_from=None, tensor_name_in_ckpt=None, max_norm=None,
                     trainable=True):
    """A dense embedding of `sparse_id_column`; the initializer defaults to a truncated normal
    with stddev 1/sqrt(dimension)."""
    if initializer is not None and not callable(initializer):
        raise ValueError("initializer must be callable if specified. Embedding of column_name:"
                         " {}".format(sparse_id_column.name))
    if ckpt_to_load_from is not None or tensor_name_in_ckpt is not None:
        raise ValueError("embedding_column's ckpt_to_load_from is not supported by tfcompat "
                         "(use tf.train.init_from_checkpoint)")
    if initializer is None:
        initializer = truncated_normal_initializer(mean=0.0, stddev=1.0 / math.sqrt(dimension))
    return _EmbeddingColumn(sparse_id_column, dimension, combiner, initializer, None, None,
                            None, None, max_norm, trainable)


def one_hot_column(sparse_id_column):
    """The multi-hot vector (length: the column's vocabulary) of `sparse_id_column`."""
    return _OneHotColumn(sparse_id_column)


def _infer_real_valued_column_for_tensor(name, tensor):
    if isinstance(tensor, SparseTensor):
        raise ValueError("SparseTensor is not supported for auto detection. Please define "
                         "corresponding FeatureColumn for tensor {} {}.".format(name, tensor))
    if not (tensor.dtype.is_integer or tensor.dtype.is_floating):
        raise ValueError("Non integer or non floating types are not supported for auto "
                         "detection. Please define corresponding FeatureColumn for tensor {} "
                         "{}.".format(name, tensor))
    shape = tensor.get_shape().as_list()
    dimension = 1
    for i in range(1, len(shape)):
        dimension *= shape[i]
    return real_valued_column(name, dimension=dimension, dtype=tensor.dtype)


def infer_real_valued_columns(features):
    """A real_valued_column for each of `features` (a Tensor: the column named "")."""
    if not isinstance(features, dict):
        return [_infer_real_valued_column_for_tensor("", features)]
    return [_infer_real_valued_column_for_tensor(key, value)
            for key, value in features.items()]
