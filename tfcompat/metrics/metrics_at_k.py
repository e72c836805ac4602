"""TF1's top-k retrieval metrics (`tf.metrics.precision_at_k`, `recall_at_top_k`,
`average_precision_at_k`, ...): labels are class ids (a dense [batch, n] tensor padded with ids
out of range, or a SparseTensor), and the hits are counted with the set ops as TF counts them
(`set_size(set_intersection(top_k, labels))`), with TF's float64 running totals."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import name_scope
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.framework.sparse_tensor import convert_to_tensor_or_sparse_tensor
from tfcompat.metrics.metrics_impl import _collect
from tfcompat.metrics.metrics_impl import metric_variable
from tfcompat.ops import array_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import state_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import fill
from tfcompat.ops.array_ops_pad import tile
from tfcompat.ops.array_set_ops import set_difference
from tfcompat.ops.array_set_ops import set_intersection
from tfcompat.ops.array_set_ops import set_size
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.indexing_ops import top_k
from tfcompat.ops.sparse_ops_rearrange import sparse_concat
from tfcompat.ops.sparse_ops_rearrange import sparse_reshape
from tfcompat.ops.sparse_ops_rearrange import sparse_retain
from tfcompat.ops.weights_broadcast_ops import assert_broadcastable
from tfcompat.ops.weights_broadcast_ops import broadcast_weights


def _top_k_indices(predictions, k):
    return top_k(predictions, k)[1]


def _at_k_name(name, k=None, class_id=None):
    name = "%s_at_%d" % (name, k) if k is not None else "%s_at_k" % name
    return "%s_class%d" % (name, class_id) if class_id is not None else name


def _maybe_expand_labels(labels, predictions):
    """Labels of rank rank(predictions) - 1 get a trailing dimension of 1."""
    with name_scope(None, "expand_labels", (labels, predictions)) as scope:
        labels = convert_to_tensor_or_sparse_tensor(labels)
        if isinstance(labels, SparseTensor):
            return _sparse_cond(math_ops.equal(array_ops.rank(predictions),
                                               array_ops.size(labels.dense_shape) + 1),
                                lambda: sparse_reshape(labels, shape=concat(
                                    (labels.dense_shape, (1,)), 0), name=scope),
                                lambda: labels)
        labels_rank = labels.get_shape().ndims
        predictions_rank = predictions.get_shape().ndims
        if labels_rank is not None and predictions_rank is not None:
            if predictions_rank == labels_rank:
                return labels
            if predictions_rank == labels_rank + 1:
                return array_ops.expand_dims(labels, -1, name=scope)
            raise ValueError("Unexpected labels shape %s for predictions shape %s. Predictions "
                             "rank should be the same rank as labels rank or labels rank plus "
                             "one ." % (labels.get_shape(), predictions.get_shape()))
        return cond(math_ops.equal(array_ops.rank(predictions), array_ops.rank(labels) + 1),
                    lambda: array_ops.expand_dims(labels, -1, name=scope), lambda: labels)


def _sparse_cond(pred, true_fn, false_fn):
    """`cond` of two SparseTensor branches, through their component tensors."""
    def parts(fn):
        def branch():
            sp = fn()
            return sp.indices, sp.values, sp.dense_shape
        return branch
    indices, values, dense_shape = cond(pred, parts(true_fn), parts(false_fn))
    return SparseTensor(indices, values, dense_shape)


def _select_class_id(ids, selected_id):
    """The ids equal to `selected_id`, as a SparseTensor of ids' shape."""
    ids = convert_to_tensor_or_sparse_tensor(ids)
    if isinstance(ids, SparseTensor):
        return sparse_retain(ids, math_ops.equal(ids.values, selected_id))
    ids_shape = array_ops.shape(ids, out_type=dtypes.int64)
    filled_shape = concat((ids_shape[:-1], [1]), 0)
    filled = fill(filled_shape, math_ops.cast(selected_id, dtypes.int64))
    result = set_intersection(filled, ids)
    return SparseTensor(indices=result.indices, values=result.values, dense_shape=ids_shape)


def _maybe_select_class_id(labels, predictions_idx, selected_id=None):
    if selected_id is None:
        return labels, predictions_idx
    return _select_class_id(labels, selected_id), _select_class_id(predictions_idx, selected_id)


def _weighted_count(count, weights):
    count = math_ops.cast(count, dtypes.float64)
    if weights is None:
        return count
    with control_dependencies((assert_broadcastable(weights, count),)):
        return math_ops.multiply(count, math_ops.cast(weights, dtypes.float64))


def _sparse_true_positive_at_k(labels, predictions_idx, class_id=None, weights=None,
                               name=None):
    with name_scope(name, "true_positives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        return _weighted_count(set_size(set_intersection(predictions_idx, labels)), weights)


def _sparse_false_negative_at_k(labels, predictions_idx, class_id=None, weights=None):
    with name_scope(None, "false_negatives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        fn = set_size(set_difference(predictions_idx, labels, aminusb=False))
        return _weighted_count(fn, weights)


def _sparse_false_positive_at_k(labels, predictions_idx, class_id=None, weights=None):
    with name_scope(None, "false_positives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        fp = set_size(set_difference(predictions_idx, labels, aminusb=True))
        return _weighted_count(fp, weights)


def _streaming_count(kind, count_fn, labels, predictions_idx, k, class_id, weights):
    """A float64 metric variable named after the scope, and its assign_add of the batch's
    count."""
    with name_scope(None, _at_k_name(kind, k, class_id=class_id),
                    (predictions_idx, labels, weights)) as scope:
        count = count_fn(labels=labels, predictions_idx=predictions_idx, class_id=class_id,
                         weights=weights)
        batch_total = math_ops.cast(reduction_ops.reduce_sum(count), dtypes.float64)
        var = metric_variable([], dtypes.float64, name=scope)
        return var.value(), state_ops.assign_add(var, batch_total, name="update")


def _ratio_at_top_k(kind, other_kind, other_fn, labels, predictions_idx, k, class_id, weights,
                    metrics_collections, updates_collections, name):
    with name_scope(name, _at_k_name(kind, k, class_id=class_id),
                    (predictions_idx, labels, weights)) as scope:
        labels = _maybe_expand_labels(labels, predictions_idx)
        top_k_idx = math_ops.cast(predictions_idx, dtypes.int64)
        tp, tp_update = _streaming_count("true_positive", _sparse_true_positive_at_k, labels,
                                         top_k_idx, k, class_id, weights)
        other, other_update = _streaming_count(other_kind, other_fn, labels, top_k_idx, k,
                                               class_id, weights)
        metric = math_ops.divide(tp, math_ops.add(tp, other), name=scope)
        update = math_ops.divide(tp_update, math_ops.add(tp_update, other_update),
                                 name="update")
        _collect(metrics_collections, metric)
        _collect(updates_collections, update)
        return metric, update


def recall_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None,
                    metrics_collections=None, updates_collections=None, name=None):
    """TF1 `tf.metrics.recall_at_top_k`: tp / (tp + fn) of the given top-k class ids."""
    return _ratio_at_top_k("recall", "false_negative", _sparse_false_negative_at_k, labels,
                           predictions_idx, k, class_id, weights, metrics_collections,
                           updates_collections, name)


def precision_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None,
                       metrics_collections=None, updates_collections=None, name=None):
    """TF1 `tf.metrics.precision_at_top_k`: tp / (tp + fp) of the given top-k class ids."""
    return _ratio_at_top_k("precision", "false_positive", _sparse_false_positive_at_k, labels,
                           predictions_idx, k, class_id, weights, metrics_collections,
                           updates_collections, name)


def recall_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                updates_collections=None, name=None):
    """TF1 `tf.metrics.recall_at_k`: recall of the k highest-scoring classes."""
    with name_scope(name, _at_k_name("recall", k, class_id=class_id),
                    (predictions, labels, weights)) as scope:
        return recall_at_top_k(labels, _top_k_indices(predictions, k), k, class_id, weights,
                               metrics_collections, updates_collections, scope)


def precision_at_k(labels, predictions, k, class_id=None, weights=None,
                   metrics_collections=None, updates_collections=None, name=None):
    """TF1 `tf.metrics.precision_at_k`: precision of the k highest-scoring classes."""
    with name_scope(name, _at_k_name("precision", k, class_id=class_id),
                    (predictions, labels, weights)) as scope:
        return precision_at_top_k(labels, _top_k_indices(predictions, k), k, class_id,
                                  weights, metrics_collections, updates_collections, scope)


def sparse_precision_at_k(labels, predictions, k, class_id=None, weights=None,
                          metrics_collections=None, updates_collections=None, name=None):
    """TF1 `tf.metrics.sparse_precision_at_k` (deprecated): precision_at_k."""
    return precision_at_k(labels, predictions, k, class_id, weights, metrics_collections,
                          updates_collections, name)


# -- average precision ---------------------------------------------------------------------------

def _expand_and_tile(tensor, multiple, dim=0, name=None):
    with name_scope(name, "expand_and_tile", (tensor, multiple, dim)) as scope:
        tensor = convert_to_tensor_or_sparse_tensor(tensor)
        if isinstance(tensor, SparseTensor):
            if dim < 0:
                expand = array_ops.reshape(array_ops.size(tensor.dense_shape) + dim, [1])
            else:
                expand = [dim]
            expanded_shape = concat((indexing_ops.slice(tensor.dense_shape, [0], expand), [1],
                                     indexing_ops.slice(tensor.dense_shape, expand, [-1])), 0,
                                    name="expanded_shape")
            expanded = sparse_reshape(tensor, shape=expanded_shape, name="expand")
            if multiple == 1:
                return expanded
            return sparse_concat(dim - 1 if dim < 0 else dim, [expanded] * multiple,
                                 name=scope)
        expanded = array_ops.expand_dims(tensor, dim if dim >= 0 else dim - 1, name="expand")
        if multiple == 1:
            return expanded
        ones = array_ops.ones_like(array_ops.shape(tensor))
        multiples = concat((ones[:dim], (multiple,), ones[dim:]), 0, name="multiples")
        return tile(expanded, multiples, name=scope)


def _num_relevant(labels, k):
    with name_scope(None, "num_relevant", (labels,)) as scope:
        labels = convert_to_tensor_or_sparse_tensor(labels)
        if isinstance(labels, SparseTensor):
            return math_ops.minimum(set_size(labels), k, name=scope)
        num_labels = reduction_ops.reduce_sum(indexing_ops.where_v2(
            math_ops.greater_equal(labels, 0), array_ops.ones_like(labels),
            array_ops.zeros_like(labels)), axis=-1)
        return math_ops.minimum(num_labels, k, name=scope)


def _sparse_average_precision_at_top_k(labels, predictions_idx):
    with name_scope(None, "average_precision", (predictions_idx, labels)) as scope:
        predictions_idx = math_ops.cast(predictions_idx, dtypes.int64, name="predictions_idx")
        if predictions_idx.get_shape().ndims == 0:
            raise ValueError("The rank of `predictions_idx` must be at least 1.")
        k = predictions_idx.get_shape().as_list()[-1]
        if k is None:
            raise ValueError("The last dimension of predictions_idx must be set. Currently, "
                             "it is None.")
        labels = _maybe_expand_labels(labels, predictions_idx)
        predictions_idx_per_k = array_ops.expand_dims(predictions_idx, -1,
                                                      name="predictions_idx_per_k")
        labels_per_k = _expand_and_tile(labels, multiple=k, dim=-1, name="labels_per_k")
        relevant_per_k = _sparse_true_positive_at_k(labels_per_k, predictions_idx_per_k,
                                                    name="relevant_per_k")
        tp_per_k = reduction_ops.cumsum(relevant_per_k, axis=-1, name="tp_per_k")
        retrieved_per_k = reduction_ops.cumsum(array_ops.ones_like(relevant_per_k), axis=-1,
                                               name="retrieved_per_k")
        precision_per_k = math_ops.divide(math_ops.cast(tp_per_k, dtypes.float64),
                                          math_ops.cast(retrieved_per_k, dtypes.float64),
                                          name="precision_per_k")
        relevant_precision = math_ops.multiply(precision_per_k,
                                               math_ops.cast(relevant_per_k, dtypes.float64),
                                               name="relevant_precision_per_k")
        precision_sum = reduction_ops.reduce_sum(relevant_precision, axis=(-1,),
                                                 name="precision_sum")
        num_relevant = math_ops.cast(_num_relevant(labels, k), dtypes.float64)
        return math_ops.divide(precision_sum, num_relevant, name=scope)


def _streaming_average_precision(labels, predictions_idx, weights, metrics_collections,
                                 updates_collections, name):
    with name_scope(name, "average_precision_at_top_k",
                    (predictions_idx, labels, weights)) as scope:
        average_precision = _sparse_average_precision_at_top_k(labels, predictions_idx)
        if weights is not None:
            weights = broadcast_weights(math_ops.cast(weights, dtypes.float64),
                                        average_precision)
            average_precision = math_ops.multiply(average_precision, weights)
        with name_scope(None, "max", (average_precision,)) as max_scope:
            max_var = metric_variable([], dtypes.float64, name=max_scope)
            if weights is None:
                batch_max = math_ops.cast(array_ops.size(average_precision, name="batch_max"),
                                          dtypes.float64)
            else:
                batch_max = reduction_ops.reduce_sum(weights, name="batch_max")
            max_update = state_ops.assign_add(max_var, batch_max, name="update")
        with name_scope(None, "total", (average_precision,)) as total_scope:
            total_var = metric_variable([], dtypes.float64, name=total_scope)
            batch_total = reduction_ops.reduce_sum(average_precision, name="batch_total")
            total_update = state_ops.assign_add(total_var, batch_total, name="update")
        value = math_ops.div_no_nan(total_var.value(), max_var.value(), name="mean")
        update = math_ops.div_no_nan(total_update, max_update, name=scope)
        _collect(metrics_collections, value)
        _collect(updates_collections, update)
        return value, update


def _clean_out_of_range_indices(labels, num_classes):
    """Label ids >= num_classes become -1 (never retrieved, not counted as relevant)."""
    is_sparse = isinstance(labels, (SparseTensor, SparseTensorValue))

    def clean(values):
        return indexing_ops.where_v2(math_ops.greater_equal(values, num_classes),
                                     -1 * array_ops.ones_like(values), values)

    def clean_labels():
        if is_sparse:
            return SparseTensor(indices=labels.indices, values=clean(labels.values),
                                dense_shape=labels.dense_shape)
        return clean(labels)

    max_labels = reduction_ops.reduce_max(labels.values if is_sparse else labels)
    branch = _sparse_cond if is_sparse else cond
    return branch(math_ops.greater_equal(max_labels, num_classes), clean_labels,
                  lambda: labels)


def average_precision_at_k(labels, predictions, k, weights=None, metrics_collections=None,
                           updates_collections=None, name=None):
    """TF1 `tf.metrics.average_precision_at_k`: mean average precision of the top k."""
    if k < 1:
        raise ValueError("Invalid k=%s. `k` should be >= 1." % k)
    with name_scope(name, _at_k_name("average_precision", k),
                    (predictions, labels, weights)) as scope:
        predictions_idx = _top_k_indices(predictions, k)
        labels = _clean_out_of_range_indices(
            labels, math_ops.cast(array_ops.shape(predictions)[-1], dtypes.int64))
        return _streaming_average_precision(labels, predictions_idx, weights,
                                            metrics_collections, updates_collections, scope)


def sparse_average_precision_at_k(labels, predictions, k, weights=None,
                                  metrics_collections=None, updates_collections=None,
                                  name=None):
    """TF1 `tf.metrics.sparse_average_precision_at_k` (deprecated): average_precision_at_k."""
    return average_precision_at_k(labels, predictions, k, weights, metrics_collections,
                                  updates_collections, name)
