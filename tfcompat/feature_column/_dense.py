"""The dense columns over categorical ones: `indicator_column` (multi-hot), `embedding_column`
and `shared_embedding_columns` (embedding lookups, TF's variables `<scope>/embedding_weights`)
(TF 2.21 feature_column_v2.py / feature_column.py, v1 protocol)."""
from __future__ import annotations

import collections
import math

from tfcompat._lazy import lazy_module
from tfcompat.feature_column._base import _CategoricalColumn
from tfcompat.feature_column._base import _DenseColumn
from tfcompat.feature_column._categorical import WeightedCategoricalColumn
from tfcompat.framework import dtypes
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import name_scope
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.init_ops import truncated_normal_initializer
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.indexing_ops import one_hot
from tfcompat.ops.nn_impl_extra import embedding_lookup_sparse
from tfcompat.ops.nn_impl_extra import safe_embedding_lookup_sparse
from tfcompat.ops.reduction_ops import reduce_sum
from tfcompat.ops.scatter_nd_ops import scatter_nd
from tfcompat.ops.sparse_ops import sparse_tensor_to_dense
from tfcompat.ops.sparse_ops_rearrange import sparse_retain
from tfcompat.variable_scope import get_variable

# checkpoints (and protobuf with them) load only for a column with ckpt_to_load_from
_checkpoint_utils = lazy_module("tfcompat.train.checkpoint_utils")


def _weighted_multi_hot(id_tensor, weight_tensor, size):
    """Per example, the sum of the weights of each id (TF: sparse_merge, sparse_slice to the
    shape, scatter_nd), ids outside [0, size) dropped as sparse_slice drops them."""
    valid = math_ops.logical_and(math_ops.greater_equal(id_tensor.values, 0),
                                 math_ops.less(id_tensor.values, size))
    ids = sparse_retain(id_tensor, valid)
    weights = sparse_retain(weight_tensor, valid)
    indices = concat([ids.indices[:, :-1], array_ops.expand_dims(ids.values, 1)], 1)
    shape = concat([ids.dense_shape[:-1], [size]], 0)
    return scatter_nd(indices, weights.values, shape)


class IndicatorColumn(_DenseColumn, collections.namedtuple(
        "IndicatorColumn", ("categorical_column",))):
    """See `indicator_column`."""

    @property
    def name(self):
        return "{}_indicator".format(self.categorical_column.name)

    def _transform_feature(self, inputs):
        id_weight_pair = self.categorical_column._get_sparse_tensors(inputs)
        size = self._variable_shape[-1]
        if id_weight_pair.weight_tensor is not None:
            return _weighted_multi_hot(id_weight_pair.id_tensor, id_weight_pair.weight_tensor,
                                       int(size))
        dense_id_tensor = sparse_tensor_to_dense(id_weight_pair.id_tensor, default_value=-1)
        one_hot_id_tensor = one_hot(dense_id_tensor, depth=size, on_value=1.0, off_value=0.0)
        return reduce_sum(one_hot_id_tensor, axis=[-2])

    @property
    def _parse_example_spec(self):
        return self.categorical_column._parse_example_spec

    parse_example_spec = _parse_example_spec

    @property
    def _variable_shape(self):
        return TensorShape([1, self.categorical_column._num_buckets])

    variable_shape = _variable_shape

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return inputs.get(self)


def _lookup(column, embedding_weights, sparse_tensors):
    """The combined embeddings of the column's ids (safe_embedding_lookup_sparse unless the
    column asks otherwise and the ids have rank <= 2), after restoring a checkpoint's values."""
    if column.ckpt_to_load_from is not None:
        _checkpoint_utils.init_from_checkpoint(
            column.ckpt_to_load_from, {column.tensor_name_in_ckpt: embedding_weights})
    sparse_ids = sparse_tensors.id_tensor
    rank = sparse_ids.dense_shape.get_shape()[0].value
    lookup = safe_embedding_lookup_sparse
    if not column.use_safe_embedding_lookup and rank is not None and rank <= 2:
        lookup = embedding_lookup_sparse
    return lookup(embedding_weights, sparse_ids, sparse_tensors.weight_tensor,
                  combiner=column.combiner, name="%s_weights" % column.name,
                  max_norm=column.max_norm)


class _Embedding(_DenseColumn):
    """What embedding columns share: they parse and transform as their categorical column and
    give `dimension` values per example."""

    @property
    def _parse_example_spec(self):
        return self.categorical_column._parse_example_spec

    parse_example_spec = _parse_example_spec

    def _transform_feature(self, inputs):
        return inputs.get(self.categorical_column)

    @property
    def _variable_shape(self):
        return TensorShape([self.dimension])

    variable_shape = _variable_shape


class EmbeddingColumn(_Embedding, collections.namedtuple(
        "EmbeddingColumn",
        ("categorical_column", "dimension", "combiner", "initializer", "ckpt_to_load_from",
         "tensor_name_in_ckpt", "max_norm", "trainable", "use_safe_embedding_lookup"))):
    """See `embedding_column`."""

    @property
    def name(self):
        return "{}_embedding".format(self.categorical_column.name)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        sparse_tensors = self.categorical_column._get_sparse_tensors(
            inputs, weight_collections, trainable)
        if weight_collections and GraphKeys.GLOBAL_VARIABLES not in weight_collections:
            weight_collections.append(GraphKeys.GLOBAL_VARIABLES)
        embedding_weights = get_variable(
            name="embedding_weights",
            shape=(self.categorical_column._num_buckets, self.dimension),
            dtype=dtypes.float32, initializer=self.initializer,
            trainable=self.trainable and trainable, collections=weight_collections)
        return _lookup(self, embedding_weights, sparse_tensors)


class SharedEmbeddingColumn(_Embedding, collections.namedtuple(
        "_SharedEmbeddingColumn",
        ("categorical_column", "dimension", "combiner", "initializer",
         "shared_embedding_collection_name", "ckpt_to_load_from", "tensor_name_in_ckpt",
         "max_norm", "trainable", "use_safe_embedding_lookup"))):
    """See `shared_embedding_columns`: the first column to build makes the variable and adds
    it to the graph collection `shared_embedding_collection_name`; the others reuse it."""

    @property
    def name(self):
        return "{}_shared_embedding".format(self.categorical_column.name)

    @property
    def _var_scope_name(self):
        return self.shared_embedding_collection_name

    def _shared_weights(self, embedding_shape, weight_collections, trainable):
        shared = get_collection(self.shared_embedding_collection_name)
        if not shared:
            weights = get_variable(
                name="embedding_weights", shape=embedding_shape, dtype=dtypes.float32,
                initializer=self.initializer, trainable=self.trainable and trainable,
                collections=weight_collections)
            add_to_collection(self.shared_embedding_collection_name, weights)
            return weights
        if len(shared) > 1:
            raise ValueError(
                "Collection {} can only contain one variable. Suggested fix A: Choose a unique "
                "name for this collection. Suggested fix B: Do not add any variables to this "
                "collection. The feature_column library already adds a variable under the "
                "hood.".format(shared))
        weights = shared[0]
        if weights.get_shape() != embedding_shape:
            raise ValueError(
                "Shared embedding collection {} contains variable {} of unexpected shape {}. "
                "Expected shape is {}. Suggested fix A: Choose a unique name for this "
                "collection. Suggested fix B: Do not add any variables to this collection. "
                "The feature_column library already adds a variable under the hood.".format(
                    self.shared_embedding_collection_name, weights.name, weights.get_shape(),
                    embedding_shape))
        return weights

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        with name_scope(None, default_name=self.name):
            sparse_tensors = self.categorical_column._get_sparse_tensors(
                inputs, weight_collections=weight_collections, trainable=trainable)
            embedding_shape = (self.categorical_column._num_buckets, self.dimension)
            weights = self._shared_weights(embedding_shape, weight_collections, trainable)
            return _lookup(self, weights, sparse_tensors)


def _check_embedding_args(dimension, ckpt_to_load_from, tensor_name_in_ckpt, initializer,
                          initializer_message):
    if dimension is None or dimension < 1:
        raise ValueError("Invalid dimension {}.".format(dimension))
    if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
        raise ValueError("Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or "
                         "none of them.")
    if initializer is not None and not callable(initializer):
        raise ValueError(initializer_message)
    if initializer is None:
        initializer = truncated_normal_initializer(mean=0.0, stddev=1 / math.sqrt(dimension))
    return initializer


def indicator_column(categorical_column):
    """TF1 `tf.feature_column.indicator_column`: the multi-hot (or weighted) dense form of a
    categorical column."""
    if not isinstance(categorical_column, _CategoricalColumn):
        raise ValueError("Unsupported input type. Input must be a CategoricalColumn. "
                         "Given: {}".format(categorical_column))
    return IndicatorColumn(categorical_column)


def embedding_column(categorical_column, dimension, combiner="mean", initializer=None,
                     ckpt_to_load_from=None, tensor_name_in_ckpt=None, max_norm=None,
                     trainable=True, use_safe_embedding_lookup=True):
    """TF1 `tf.feature_column.embedding_column`: the combined (`mean`, `sqrtn`, `sum`)
    `dimension`-wide embeddings of a categorical column's ids."""
    initializer = _check_embedding_args(
        dimension, ckpt_to_load_from, tensor_name_in_ckpt, initializer,
        "initializer must be callable if specified. Embedding of column_name: {}".format(
            categorical_column.name))
    return EmbeddingColumn(
        categorical_column=categorical_column, dimension=dimension, combiner=combiner,
        initializer=initializer, ckpt_to_load_from=ckpt_to_load_from,
        tensor_name_in_ckpt=tensor_name_in_ckpt, max_norm=max_norm, trainable=trainable,
        use_safe_embedding_lookup=use_safe_embedding_lookup)


def _unweighted(column):
    while isinstance(column, WeightedCategoricalColumn):
        column = column.categorical_column
    return column


def _check_shareable(sorted_columns):
    c0 = sorted_columns[0]
    num_buckets = c0._num_buckets
    if not isinstance(c0, _CategoricalColumn):
        raise ValueError("All categorical_columns must be subclasses of _CategoricalColumn. "
                         "Given: {}, of type: {}".format(c0, type(c0)))
    c0 = _unweighted(c0)
    for c in sorted_columns[1:]:
        c = _unweighted(c)
        if not isinstance(c, type(c0)):
            raise ValueError(
                "To use shared_embedding_column, all categorical_columns must have the same "
                "type, or be weighted_categorical_column or sequence column of the same type. "
                "Given column: {} of type: {} does not match given column: {} of type: {}"
                .format(c0, type(c0), c, type(c)))
        if num_buckets != c._num_buckets:
            raise ValueError(
                "To use shared_embedding_column, all categorical_columns must have the same "
                "number of buckets. ven column: {} with buckets: {} does  not match column: {} "
                "with buckets: {}".format(c0, num_buckets, c, c._num_buckets))


def shared_embedding_columns(categorical_columns, dimension, combiner="mean", initializer=None,
                             shared_embedding_collection_name=None, ckpt_to_load_from=None,
                             tensor_name_in_ckpt=None, max_norm=None, trainable=True,
                             use_safe_embedding_lookup=True):
    """TF1 `tf.feature_column.shared_embedding_columns`: embedding columns, one per categorical
    column, over one variable `<a>_<b>_shared_embedding/embedding_weights`."""
    initializer = _check_embedding_args(dimension, ckpt_to_load_from, tensor_name_in_ckpt,
                                        initializer, "initializer must be callable if specified.")
    sorted_columns = sorted(categorical_columns, key=lambda x: x.name)
    _check_shareable(sorted_columns)
    if not shared_embedding_collection_name:
        shared_embedding_collection_name = "_".join(c.name for c in sorted_columns)
        shared_embedding_collection_name += "_shared_embedding"
    return [SharedEmbeddingColumn(
        categorical_column=column, initializer=initializer, dimension=dimension,
        combiner=combiner, shared_embedding_collection_name=shared_embedding_collection_name,
        ckpt_to_load_from=ckpt_to_load_from, tensor_name_in_ckpt=tensor_name_in_ckpt,
        max_norm=max_norm, trainable=trainable,
        use_safe_embedding_lookup=use_safe_embedding_lookup) for column in categorical_columns]
