"""The categorical columns: `categorical_column_with_{hash_bucket, vocabulary_list,
vocabulary_file, identity}`, `weighted_categorical_column` and `crossed_column` (TF 2.21
feature_column_v2.py, v1 protocol). Each turns its feature into a SparseTensor of int64 ids."""
from __future__ import annotations

import collections

import numpy as np

from tfcompat import gfile
from tfcompat.feature_column._base import IdWeightPair
from tfcompat.feature_column._base import _CategoricalColumn
from tfcompat.feature_column._base import assert_key_is_string
from tfcompat.feature_column._base import assert_string_or_int
from tfcompat.feature_column._base import to_sparse_input_and_drop_ignore_values
from tfcompat.framework import dtypes
from tfcompat.framework.graph import name_scope
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import fill
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.lookup_ops import KeyValueTensorInitializer
from tfcompat.ops.lookup_ops import StaticHashTable
from tfcompat.ops.lookup_ops import StaticVocabularyTable
from tfcompat.ops.lookup_ops import TextFileIndex
from tfcompat.ops.lookup_ops import TextFileInitializer
from tfcompat.ops.parsing_ops import VarLenFeature
from tfcompat.ops.sparse_cross_ops import sparse_cross_hashed
from tfcompat.ops.sparse_ops_more import convert_to_tensor_or_sparse_tensor
from tfcompat.ops.string_ops_more import as_string
from tfcompat.ops.string_split_hash_ops import string_to_hash_bucket_fast


class _IdsColumn(_CategoricalColumn):
    """A categorical column whose transformed feature is its id SparseTensor."""

    @property
    def name(self):
        return self.key

    @property
    def _parse_example_spec(self):
        return {self.key: VarLenFeature(self.dtype)}

    parse_example_spec = _parse_example_spec

    def _transform_feature(self, inputs):
        return self._transform_input_tensor(
            to_sparse_input_and_drop_ignore_values(inputs.get(self.key)))

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        return IdWeightPair(inputs.get(self), None)

    def _check_input_dtype(self, input_tensor):
        if self.dtype.is_integer != input_tensor.dtype.is_integer:
            raise ValueError("Column dtype and SparseTensors dtype must be compatible. "
                             "key: {}, column dtype: {}, tensor dtype: {}".format(
                                 self.key, self.dtype, input_tensor.dtype))
        assert_string_or_int(input_tensor.dtype,
                             prefix="column_name: {} input_tensor".format(self.key))

    def _lookup(self, table_fn, input_tensor):
        """Ids of `input_tensor` from the table `table_fn(key_dtype)` (integer keys as int64,
        as index_table_from_tensor / _from_file require)."""
        self._check_input_dtype(input_tensor)
        key_dtype = self.dtype
        if input_tensor.dtype.is_integer:
            key_dtype = dtypes.int64
            input_tensor = math_ops.cast(input_tensor, dtypes.int64)
        return table_fn(key_dtype).lookup(input_tensor)


def _id_table(initializer, num_oov_buckets, default_value):
    """TF's index_table_from_*: vocabulary ids, then `num_oov_buckets` hash buckets (Fingerprint64
    of the key's text) or `default_value` for keys not in it."""
    if num_oov_buckets:
        return StaticVocabularyTable(initializer, num_oov_buckets)
    return StaticHashTable(initializer, default_value)


class HashedCategoricalColumn(_IdsColumn, collections.namedtuple(
        "HashedCategoricalColumn", ("key", "hash_bucket_size", "dtype"))):
    """See `categorical_column_with_hash_bucket`."""

    def _transform_input_tensor(self, input_tensor):
        if not isinstance(input_tensor, SparseTensor):
            raise ValueError("SparseColumn input must be a SparseTensor.")
        assert_string_or_int(input_tensor.dtype,
                             prefix="column_name: {} input_tensor".format(self.key))
        if self.dtype.is_integer != input_tensor.dtype.is_integer:
            raise ValueError("Column dtype and SparseTensors dtype must be compatible. "
                             "key: {}, column dtype: {}, tensor dtype: {}".format(
                                 self.key, self.dtype, input_tensor.dtype))
        values = input_tensor.values
        if self.dtype != dtypes.string:
            values = as_string(values)
        ids = string_to_hash_bucket_fast(values, self.hash_bucket_size, name="lookup")
        return SparseTensor(input_tensor.indices, ids, input_tensor.dense_shape)

    @property
    def _num_buckets(self):
        return self.hash_bucket_size

    num_buckets = _num_buckets


class VocabularyListCategoricalColumn(_IdsColumn, collections.namedtuple(
        "VocabularyListCategoricalColumn",
        ("key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"))):
    """See `categorical_column_with_vocabulary_list`."""

    def _make_table(self, key_dtype):
        with name_scope(None, "{}_lookup".format(self.key)):
            keys = np.array(self.vocabulary_list,
                            dtype=object if key_dtype == dtypes.string else np.int64)
            init = KeyValueTensorInitializer(
                keys, np.arange(len(keys), dtype=np.int64), key_dtype, dtypes.int64,
                name="table_init")
            return _id_table(init, self.num_oov_buckets, self.default_value)

    def _transform_input_tensor(self, input_tensor):
        return self._lookup(self._make_table, input_tensor)

    @property
    def _num_buckets(self):
        return len(self.vocabulary_list) + self.num_oov_buckets

    num_buckets = _num_buckets


class VocabularyFileCategoricalColumn(_IdsColumn, collections.namedtuple(
        "VocabularyFileCategoricalColumn",
        ("key", "vocabulary_file", "vocabulary_size", "num_oov_buckets", "dtype",
         "default_value", "file_format"))):
    """See `categorical_column_with_vocabulary_file`."""

    def _make_table(self, key_dtype):
        with name_scope(None, "{}_lookup".format(self.key)):
            init = TextFileInitializer(
                self.vocabulary_file, key_dtype, TextFileIndex.WHOLE_LINE, dtypes.int64,
                TextFileIndex.LINE_NUMBER, vocab_size=self.vocabulary_size)
            return _id_table(init, self.num_oov_buckets, self.default_value)

    def _transform_input_tensor(self, input_tensor):
        return self._lookup(self._make_table, input_tensor)

    @property
    def _num_buckets(self):
        return self.vocabulary_size + self.num_oov_buckets

    num_buckets = _num_buckets


class IdentityCategoricalColumn(_IdsColumn, collections.namedtuple(
        "IdentityCategoricalColumn", ("key", "number_buckets", "default_value"))):
    """See `categorical_column_with_identity`."""

    @property
    def _parse_example_spec(self):
        return {self.key: VarLenFeature(dtypes.int64)}

    parse_example_spec = _parse_example_spec

    def _transform_input_tensor(self, input_tensor):
        if not input_tensor.dtype.is_integer:
            raise ValueError("Invalid input, not integer. key: {} dtype: {}".format(
                self.key, input_tensor.dtype))
        values = input_tensor.values
        if values.dtype != dtypes.int64:
            values = math_ops.cast(values, dtypes.int64, name="values")
        if self.default_value is not None:
            num_buckets = math_ops.cast(self.number_buckets, dtypes.int64, name="num_buckets")
            zero = math_ops.cast(0, dtypes.int64, name="zero")
            out_of_range = math_ops.logical_or(math_ops.less(values, zero),
                                               math_ops.greater_equal(values, num_buckets),
                                               name="out_of_range")
            defaults = fill(array_ops.shape(values),
                            math_ops.cast(self.default_value, dtypes.int64),
                            name="default_values")
            values = where_v2(out_of_range, defaults, values)
        return SparseTensor(input_tensor.indices, values, input_tensor.dense_shape)

    @property
    def _num_buckets(self):
        return self.number_buckets

    num_buckets = _num_buckets


class WeightedCategoricalColumn(_CategoricalColumn, collections.namedtuple(
        "WeightedCategoricalColumn", ("categorical_column", "weight_feature_key", "dtype"))):
    """See `weighted_categorical_column`."""

    @property
    def name(self):
        return "{}_weighted_by_{}".format(self.categorical_column.name, self.weight_feature_key)

    @property
    def _parse_example_spec(self):
        config = self.categorical_column._parse_example_spec
        if self.weight_feature_key in config:
            raise ValueError("Parse config {} already exists for {}.".format(
                config[self.weight_feature_key], self.weight_feature_key))
        config[self.weight_feature_key] = VarLenFeature(self.dtype)
        return config

    parse_example_spec = _parse_example_spec

    @property
    def _num_buckets(self):
        return self.categorical_column._num_buckets

    num_buckets = _num_buckets

    def _transform_weight_tensor(self, weight_tensor):
        if weight_tensor is None:
            raise ValueError("Missing weights {}.".format(self.weight_feature_key))
        weight_tensor = convert_to_tensor_or_sparse_tensor(weight_tensor)
        if self.dtype != weight_tensor.dtype.base_dtype:
            raise ValueError("Bad dtype, expected {}, but got {}.".format(
                self.dtype, weight_tensor.dtype))
        if not isinstance(weight_tensor, SparseTensor):
            weight_tensor = to_sparse_input_and_drop_ignore_values(weight_tensor,
                                                                   ignore_value=0.0)
        if not weight_tensor.dtype.is_floating:
            weight_tensor = SparseTensor(weight_tensor.indices,
                                         math_ops.cast(weight_tensor.values, dtypes.float32),
                                         weight_tensor.dense_shape)
        return weight_tensor

    def _transform_feature(self, inputs):
        weight_tensor = self._transform_weight_tensor(inputs.get(self.weight_feature_key))
        return (inputs.get(self.categorical_column), weight_tensor)

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        tensors = inputs.get(self)
        return IdWeightPair(tensors[0], tensors[1])


def _collect_leaf_level_keys(cross):
    leaves = []
    for key in cross.keys:
        leaves.extend(_collect_leaf_level_keys(key) if isinstance(key, CrossedColumn)
                      else [key])
    return leaves


class CrossedColumn(_CategoricalColumn, collections.namedtuple(
        "CrossedColumn", ("keys", "hash_bucket_size", "hash_key"))):
    """See `crossed_column`."""

    @property
    def name(self):
        names = [key if isinstance(key, str) else key.name
                 for key in _collect_leaf_level_keys(self)]
        return "_X_".join(sorted(names))

    @property
    def _parse_example_spec(self):
        config = {}
        for key in self.keys:
            if isinstance(key, str):
                config[key] = VarLenFeature(dtypes.string)
            else:
                config.update(key._parse_example_spec)
        return config

    parse_example_spec = _parse_example_spec

    def _transform_feature(self, inputs):
        feature_tensors = []
        for key in _collect_leaf_level_keys(self):
            if isinstance(key, str):
                feature_tensors.append(inputs.get(key))
                continue
            ids_and_weights = key._get_sparse_tensors(inputs)
            if ids_and_weights.weight_tensor is not None:
                raise ValueError(
                    "crossed_column does not support weight_tensor, but the given column "
                    "populates weight_tensor. Given column: {}".format(key.name))
            feature_tensors.append(ids_and_weights.id_tensor)
        return sparse_cross_hashed(inputs=feature_tensors, num_buckets=self.hash_bucket_size,
                                   hash_key=self.hash_key)

    @property
    def _num_buckets(self):
        return self.hash_bucket_size

    num_buckets = _num_buckets

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        return IdWeightPair(inputs.get(self), None)


def categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=dtypes.string):
    """TF1 `tf.feature_column.categorical_column_with_hash_bucket`: id = Fingerprint64 hash of
    the value's text % hash_bucket_size."""
    if hash_bucket_size is None:
        raise ValueError("hash_bucket_size must be set. key: {}".format(key))
    if hash_bucket_size < 1:
        raise ValueError("hash_bucket_size must be at least 1. hash_bucket_size: {}, key: {}"
                         .format(hash_bucket_size, key))
    assert_key_is_string(key)
    dtype = dtypes.as_dtype(dtype)
    assert_string_or_int(dtype, prefix="column_name: {}".format(key))
    return HashedCategoricalColumn(key, hash_bucket_size, dtype)


def _vocabulary_file_size(key, vocabulary_file):
    if not gfile.Exists(vocabulary_file):
        raise ValueError("vocabulary_file in {} does not exist.".format(key))
    with gfile.GFile(vocabulary_file, mode="rb") as f:
        return sum(1 for _ in f)


def categorical_column_with_vocabulary_file(key, vocabulary_file, vocabulary_size=None,
                                            num_oov_buckets=0, default_value=None,
                                            dtype=dtypes.string):
    """TF1 `tf.feature_column.categorical_column_with_vocabulary_file`: id = line number of the
    value in `vocabulary_file`; others go to `num_oov_buckets` or `default_value` (-1: dropped)."""
    if not vocabulary_file:
        raise ValueError("Missing vocabulary_file in {}.".format(key))
    if vocabulary_file.endswith("tfrecord.gz"):
        raise NotImplementedError(
            "categorical_column_with_vocabulary_file: tfcompat reads text vocabulary files "
            "(one entry a line), not the gzipped TFRecord file {} of column {}".format(
                vocabulary_file, key))
    if vocabulary_size is None:
        vocabulary_size = _vocabulary_file_size(key, vocabulary_file)
    if vocabulary_size < 1:
        raise ValueError("Invalid vocabulary_size in {}.".format(key))
    if num_oov_buckets:
        if default_value is not None:
            raise ValueError(
                "Can't specify both num_oov_buckets and default_value in {}.".format(key))
        if num_oov_buckets < 0:
            raise ValueError("Invalid num_oov_buckets {} in {}.".format(num_oov_buckets, key))
    dtype = dtypes.as_dtype(dtype)
    assert_string_or_int(dtype, prefix="column_name: {}".format(key))
    assert_key_is_string(key)
    return VocabularyFileCategoricalColumn(
        key=key, vocabulary_file=vocabulary_file, vocabulary_size=vocabulary_size,
        num_oov_buckets=0 if num_oov_buckets is None else num_oov_buckets,
        default_value=-1 if default_value is None else default_value, dtype=dtype,
        file_format=None)


def categorical_column_with_vocabulary_list(key, vocabulary_list, dtype=None, default_value=-1,
                                            num_oov_buckets=0):
    """TF1 `tf.feature_column.categorical_column_with_vocabulary_list`: id = position of the
    value in `vocabulary_list`; others go to `num_oov_buckets` or `default_value`."""
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise ValueError("vocabulary_list {} must be non-empty, column_name: {}".format(
            vocabulary_list, key))
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise ValueError("Duplicate keys in vocabulary_list {}, column_name: {}".format(
            vocabulary_list, key))
    vocabulary_dtype = dtypes.as_dtype(np.array(vocabulary_list).dtype)
    if num_oov_buckets:
        if default_value != -1:
            raise ValueError(
                "Can't specify both num_oov_buckets and default_value in {}.".format(key))
        if num_oov_buckets < 0:
            raise ValueError("Invalid num_oov_buckets {} in {}.".format(num_oov_buckets, key))
    assert_string_or_int(vocabulary_dtype, prefix="column_name: {} vocabulary".format(key))
    if dtype is None:
        dtype = vocabulary_dtype
    else:
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer != vocabulary_dtype.is_integer:
            raise ValueError("dtype {} and vocabulary dtype {} do not match, column_name: {}"
                             .format(dtype, vocabulary_dtype, key))
    assert_string_or_int(dtype, prefix="column_name: {}".format(key))
    assert_key_is_string(key)
    return VocabularyListCategoricalColumn(
        key=key, vocabulary_list=tuple(vocabulary_list), dtype=dtype,
        default_value=default_value, num_oov_buckets=num_oov_buckets)


def categorical_column_with_identity(key, num_buckets, default_value=None):
    """TF1 `tf.feature_column.categorical_column_with_identity`: the integer value is its id,
    in [0, num_buckets); others become `default_value` (None: an error at run time)."""
    if num_buckets < 1:
        raise ValueError("num_buckets {} < 1, column_name {}".format(num_buckets, key))
    if default_value is not None and (default_value < 0 or default_value >= num_buckets):
        raise ValueError("default_value {} not in range [0, {}), column_name {}".format(
            default_value, num_buckets, key))
    assert_key_is_string(key)
    return IdentityCategoricalColumn(key=key, number_buckets=num_buckets,
                                     default_value=default_value)


def weighted_categorical_column(categorical_column, weight_feature_key, dtype=dtypes.float32):
    """TF1 `tf.feature_column.weighted_categorical_column`: ids of `categorical_column`, each
    weighted by the matching value of feature `weight_feature_key`."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if dtype is None or not (dtype.is_integer or dtype.is_floating):
        raise ValueError("dtype {} is not convertible to float.".format(dtype))
    return WeightedCategoricalColumn(categorical_column=categorical_column,
                                     weight_feature_key=weight_feature_key, dtype=dtype)


def crossed_column(keys, hash_bucket_size, hash_key=None):
    """TF1 `tf.feature_column.crossed_column`: hashed crosses (FingerprintCat64) of string
    features and categorical columns."""
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError("hash_bucket_size must be > 1. hash_bucket_size: {}".format(
            hash_bucket_size))
    if not keys or len(keys) < 2:
        raise ValueError("keys must be a list with length > 1. Given: {}".format(keys))
    for key in keys:
        if not isinstance(key, (str, _CategoricalColumn)):
            raise ValueError(
                "Unsupported key type. All keys must be either string, or categorical column "
                "except HashedCategoricalColumn. Given: {}".format(key))
        if isinstance(key, HashedCategoricalColumn):
            raise ValueError(
                "categorical_column_with_hash_bucket is not supported for crossing. Hashing "
                "before crossing will increase probability of collision. Instead, use the "
                "feature name as a string. Given: {}".format(key))
    return CrossedColumn(keys=tuple(keys), hash_bucket_size=hash_bucket_size,
                         hash_key=hash_key)

