"""What TF1 programs build from feature columns: `input_layer` (the dense columns side by
side), `linear_model` (a weighted sum of dense and categorical columns plus a bias) and
`make_parse_example_spec` (TF 2.21 feature_column.py), with TF's variable scopes and names."""
from __future__ import annotations

from tfcompat.feature_column._base import _CategoricalColumn
from tfcompat.feature_column._base import _DenseColumn
from tfcompat.feature_column._base import _FeatureColumn
from tfcompat.feature_column._base import _LazyBuilder
from tfcompat.feature_column._base import normalize_feature_columns
from tfcompat.feature_column._base import verify_static_batch_size_equality
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import name_scope
from tfcompat.init_ops import zeros_initializer
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.math_ops import add_n
from tfcompat.ops.nn_impl_extra import safe_embedding_lookup_sparse
from tfcompat.ops.nn_ops import bias_add
from tfcompat.ops.reduction_ops import matmul
from tfcompat.ops.sparse_ops_rearrange import sparse_reshape
from tfcompat.variable_scope import get_variable
from tfcompat.variable_scope import get_variable_scope
from tfcompat.variable_scope import variable_scope


def _weight_collections(weight_collections):
    collections = list(weight_collections or [])
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES):
        if key not in collections:
            collections.append(key)
    return collections


def _flat_dense_tensor(column, builder, weight_collections, trainable):
    """The column's dense tensor as [batch, elements of its variable shape]."""
    tensor = column._get_dense_tensor(builder, weight_collections=weight_collections,
                                      trainable=trainable)
    num_elements = column._variable_shape.num_elements()
    batch_size = array_ops.shape(tensor)[0]
    return array_ops.reshape(tensor, shape=(batch_size, num_elements))


def input_layer(features, feature_columns, weight_collections=None, trainable=True,
                cols_to_vars=None, cols_to_output_tensors=None):
    """TF1 `tf.feature_column.input_layer`: the dense columns' tensors, each flattened to
    [batch, n] and concatenated in the order of the columns' names; variables under
    `input_layer/<column>/` (e.g. `input_layer/x_embedding/embedding_weights`)."""
    feature_columns = normalize_feature_columns(feature_columns)
    for column in feature_columns:
        if not isinstance(column, _DenseColumn):
            raise ValueError("Items of feature_columns must be a _DenseColumn. You can wrap a "
                             "categorical column with an embedding_column or indicator_column. "
                             "Given: {}".format(column))
    weight_collections = _weight_collections(weight_collections)
    with variable_scope(None, default_name="input_layer", values=list(features.values())):
        builder = _LazyBuilder(features)
        output_tensors, ordered_columns = [], []
        for column in sorted(feature_columns, key=lambda x: x.name):
            ordered_columns.append(column)
            with variable_scope(None, default_name=column._var_scope_name):
                output_tensor = _flat_dense_tensor(column, builder, weight_collections,
                                                   trainable)
                output_tensors.append(output_tensor)
                if cols_to_vars is not None:
                    cols_to_vars[column] = get_collection(
                        GraphKeys.GLOBAL_VARIABLES, scope=get_variable_scope().name)
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = output_tensor
        verify_static_batch_size_equality(output_tensors, ordered_columns)
        return concat(output_tensors, 1)


def _categorical_weighted_sum(column, builder, weight, sparse_combiner, weight_collections,
                              trainable):
    """The sum (or mean, sqrtn) of the weight rows of each example's ids: the categorical
    column as a multi-hot vector times `weight`."""
    sparse_tensors = column._get_sparse_tensors(builder, weight_collections=weight_collections,
                                                trainable=trainable)
    id_tensor = sparse_reshape(sparse_tensors.id_tensor,
                               [array_ops.shape(sparse_tensors.id_tensor)[0], -1])
    weight_tensor = sparse_tensors.weight_tensor
    if weight_tensor is not None:
        weight_tensor = sparse_reshape(weight_tensor,
                                       [array_ops.shape(weight_tensor)[0], -1])
    return safe_embedding_lookup_sparse(weight, id_tensor, sparse_weights=weight_tensor,
                                        combiner=sparse_combiner, name="weighted_sum")


def _column_weighted_sum(column, builder, units, sparse_combiner, weight_collections,
                         trainable):
    """The column's `weights` variable (zeros) in the current scope and its weighted sum."""
    categorical = isinstance(column, _CategoricalColumn)
    rows = column._num_buckets if categorical else column._variable_shape.num_elements()
    weight = get_variable(name="weights", shape=[rows, units], initializer=zeros_initializer(),
                          trainable=trainable, collections=weight_collections)
    if categorical:
        return weight, _categorical_weighted_sum(column, builder, weight, sparse_combiner,
                                                 weight_collections, trainable)
    tensor = _flat_dense_tensor(column, builder, weight_collections, trainable)
    return weight, matmul(tensor, weight, name="weighted_sum")


def _column_scope_names(feature_columns):
    """Each column's scope name, unique where linear_model is called (TF names the column's
    layer there: a second linear_model gets `price_1`)."""
    names = {}
    for column in sorted(feature_columns, key=lambda x: x.name):
        with variable_scope(None, default_name=column._var_scope_name) as scope:
            names[column] = scope.name.rsplit("/", 1)[-1]
    return names


def linear_model(features, feature_columns, units=1, sparse_combiner="sum",
                 weight_collections=None, trainable=True, cols_to_vars=None):
    """TF1 `tf.feature_column.linear_model`: sum over columns of column x `<scope>/<column>/
    weights` ([buckets or elements, units], zeros) plus `<scope>/bias_weights`; categorical
    columns count as multi-hot (several ids per example combined by `sparse_combiner`)."""
    with variable_scope(None, "linear_model") as scope:
        model_name = scope.name.rsplit("/", 1)[-1]
    feature_columns = normalize_feature_columns(feature_columns)
    weight_collections = _weight_collections(weight_collections)
    scope_names = _column_scope_names(feature_columns)
    for column in feature_columns:
        if not isinstance(column, (_DenseColumn, _CategoricalColumn)):
            raise ValueError("Items of feature_columns must be either a _DenseColumn or "
                             "_CategoricalColumn. Given: {}".format(column))
    found = {}
    # TF builds the model as a layer: its name scope (`linear_model_1`, the first being taken
    # above) holds the variable scope reopened by name (ops `linear_model_1/linear_model/...`)
    with name_scope(model_name), variable_scope(model_name):
        builder = _LazyBuilder(features)
        weighted_sums, ordered_columns = [], []
        for column in sorted(feature_columns, key=lambda c: scope_names[c]):
            ordered_columns.append(column)
            with variable_scope(scope_names[column]):
                weight, weighted_sum = _column_weighted_sum(
                    column, builder, units, sparse_combiner, weight_collections, trainable)
            weighted_sums.append(weighted_sum)
            found[column] = [weight]
        verify_static_batch_size_equality(weighted_sums, ordered_columns)
        predictions_no_bias = add_n(weighted_sums, name="weighted_sum_no_bias")
        bias = get_variable("bias_weights", shape=[units], initializer=zeros_initializer(),
                            trainable=trainable, collections=weight_collections)
        predictions = bias_add(predictions_no_bias, bias, name="weighted_sum")
    found["bias"] = [bias]
    if cols_to_vars is not None:
        cols_to_vars.update(found)
    return predictions


def make_parse_example_spec(feature_columns):
    """TF1 `tf.feature_column.make_parse_example_spec`: the `tf.parse_example` features dict
    (FixedLenFeature / VarLenFeature by key) the columns read."""
    result = {}
    for column in feature_columns:
        if not isinstance(column, _FeatureColumn):
            raise ValueError("All feature_columns must be _FeatureColumn instances. "
                             "Given: {}".format(column))
        config = column._parse_example_spec
        for key, value in config.items():
            if key in result and value != result[key]:
                raise ValueError("feature_columns contain different parse_spec for key {}. "
                                 "Given {} and {}".format(key, value, result[key]))
        result.update(config)
    return result

