"""contrib.layers' `input_from_feature_columns` (a DNN's input layer) and
`weighted_sum_from_feature_columns` (a linear model's logits), TF 1.15
contrib/layers/python/layers/feature_column_ops.py, for the columns of feature_column.py.

Columns are built in the order of their `key`, each in a variable scope named after it:
`<scope>/<column>_embedding/weights` for an embedding, `<scope>/<column>/weight` for a
real-valued column's linear weights, `<scope>/<column>/weights` for a sparse or bucketized
column's, and `<scope>/bias_weight`.
"""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.contrib.framework import model_variable
from tfcompat.contrib.layers import feature_column as fc
from tfcompat.feature_column._base import _LazyBuilder
from tfcompat.ops.nn_impl_extra import safe_embedding_lookup_sparse


def _check_feature_columns(feature_columns):
    seen = {}
    for column in feature_columns:
        if not isinstance(column, fc._ContribColumn):
            raise TypeError("feature_columns of tf.contrib.layers must be tf.contrib.layers "
                            "columns (tfcompat does not mix in core columns here), given: {}"
                            .format(column))
        if column.name in seen and seen[column.name] != column:
            raise ValueError("Duplicate feature column key found for column: {}. This usually "
                             "means that the column is almost identical to another column, "
                             "and one must be discarded.".format(column.name))
        seen[column.name] = column


def _collections(weight_collections):
    if not weight_collections:
        return None
    return list(set(list(weight_collections) + [tf.GraphKeys.GLOBAL_VARIABLES]))


def _flat_real_valued(tensor, name):
    tensor = tf.cast(tensor, tf.float32) if tensor.dtype != tf.float32 else tensor
    rank = tensor.get_shape().ndims
    if rank is None:
        raise ValueError("Error while processing column {}. Rank of input Tensor can not be "
                         "None.".format(name))
    if rank == 1:
        return tf.expand_dims(tensor, -1)
    if rank > 2:
        dims = tensor.get_shape().as_list()[1:]
        return tf.reshape(tensor, [-1, int(np.prod(dims))])
    return tensor


def _bucket_one_hot(column, tensor):
    dimension = column.source_column.dimension
    return tf.reshape(tf.one_hot(tf.cast(tensor, tf.int64), column.length, 1., 0.),
                      [-1, column.length * dimension])


def _dnn_input(column, tensor, weight_collections, trainable):
    """A column's [batch, units] float32 input to the first hidden layer."""
    if isinstance(column, fc._RealValuedColumn):
        return _flat_real_valued(tensor, column.name)
    if isinstance(column, fc._BucketizedColumn):
        return _bucket_one_hot(column, tensor)
    if isinstance(column, fc._OneHotColumn):
        dense = tf.sparse_tensor_to_dense(tensor, default_value=-1)
        return tf.reduce_sum(tf.one_hot(dense, depth=column.length, on_value=1.0,
                                        off_value=0.0), axis=[1])
    if isinstance(column, fc._EmbeddingColumn):
        embeddings = model_variable(
            "weights", shape=[column.length, column.dimension], dtype=tf.float32,
            initializer=column.initializer, trainable=trainable and column.trainable,
            collections=weight_collections)
        return safe_embedding_lookup_sparse(embeddings, tensor, sparse_weights=None,
                                            combiner=column.combiner,
                                            name=column.name + "weights",
                                            max_norm=column.max_norm)
    raise ValueError("Error creating input layer for column: {}.\nSparseColumn is not "
                     "supported in DNN. Please use embedding_column or one_hot_column. "
                     "column: {}".format(column.name, column))


def input_from_feature_columns(columns_to_tensors, feature_columns, weight_collections=None,
                               trainable=True, scope=None, cols_to_outs=None):
    """The [batch, units] input layer of `feature_columns`, concatenated in key order."""
    if cols_to_outs is not None:
        raise ValueError("input_from_feature_columns' cols_to_outs is not supported by "
                         "tfcompat")
    _check_feature_columns(feature_columns)
    builder = _LazyBuilder(columns_to_tensors)
    weight_collections = _collections(weight_collections)
    with tf.variable_scope(scope, default_name="input_from_feature_columns",
                           values=list(columns_to_tensors.values())):
        outputs = []
        for column in sorted(set(feature_columns), key=lambda x: x.key):
            with tf.variable_scope(None, default_name=column.name,
                                   values=list(columns_to_tensors.values())):
                tensor = builder.get(column)
                outputs.append(_dnn_input(column, tensor, weight_collections, trainable))
        return tf.concat(outputs, 1)


def _wide_predictions(column, tensor, num_outputs, weight_collections, trainable):
    """([variable], [batch, num_outputs] predictions) of one column of a linear model."""
    if isinstance(column, fc._RealValuedColumn):
        tensor = _flat_real_valued(tensor, column.name)
        variable = model_variable("weight", shape=[tensor.get_shape()[1], num_outputs],
                                  initializer=tf.zeros_initializer(), trainable=trainable,
                                  collections=weight_collections)
        return [variable], tf.matmul(tensor, variable, name="matmul")
    if isinstance(column, fc._BucketizedColumn):
        dense = _bucket_one_hot(column, tensor)
        size = column.length * column.source_column.dimension
        variable = model_variable("weights", shape=[size, num_outputs], dtype=tf.float32,
                                  initializer=tf.zeros_initializer(), trainable=trainable,
                                  collections=weight_collections)
        return [variable], tf.matmul(dense, variable, name=column.name + "_weights")
    if isinstance(column, (fc._SparseColumn, fc._CrossedColumn)):
        variable = model_variable("weights", shape=[column.length, num_outputs],
                                  dtype=tf.float32, initializer=tf.zeros_initializer(),
                                  trainable=trainable, collections=weight_collections)
        return [variable], safe_embedding_lookup_sparse(
            variable, tensor, sparse_weights=None, combiner=column.combiner,
            name=column.name + "_weights")
    raise ValueError("Error creating weighted sum for column: {}.\nEmbedding and one-hot "
                     "columns are not supported in a linear model. column: {}".format(
                         column.name, column))


def weighted_sum_from_feature_columns(columns_to_tensors, feature_columns, num_outputs,
                                      weight_collections=None, trainable=True, scope=None):
    """(predictions [batch, num_outputs], {column: [variable]}, bias) of a linear model of
    `feature_columns`, all weights and the bias starting at zero."""
    _check_feature_columns(feature_columns)
    builder = _LazyBuilder(columns_to_tensors)
    with tf.variable_scope(scope, default_name="weighted_sum_from_feature_columns",
                           values=list(columns_to_tensors.values())):
        outputs = []
        column_to_variable = {}
        for column in sorted(set(feature_columns), key=lambda x: x.key):
            tensor = builder.get(column)
            with tf.variable_scope(None, default_name=column.name,
                                   values=list(columns_to_tensors.values())):
                variables, predictions = _wide_predictions(column, tensor, num_outputs,
                                                           weight_collections, trainable)
            outputs.append(predictions)
            column_to_variable[column] = variables
        predictions_no_bias = tf.add_n(outputs)
        bias_collections = None
        if weight_collections:
            bias_collections = list(weight_collections) + [tf.GraphKeys.BIASES]
        bias = model_variable("bias_weight", shape=[num_outputs],
                              initializer=tf.zeros_initializer(), trainable=trainable,
                              collections=bias_collections)
        return tf.nn.bias_add(predictions_no_bias, bias), column_to_variable, bias
