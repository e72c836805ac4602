"""More of TF's nn_impl / embedding_ops composites: batch_norm_with_global_normalization, the
distribution-aware loss scaling (compute_average_loss, scale_regularization_loss: one replica
here), embedding_lookup_sparse and safe_embedding_lookup_sparse; and the ApproxTopK op of
tf.math.approx_max_k / approx_min_k (exact on CPU, as TF's CPU kernel is).
"""
from __future__ import annotations

import torch

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import array_ops_pad
from tfcompat.ops import gather_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.ops import reduction_ops
from tfcompat.ops import segment_ops
from tfcompat.ops import sparse_ops_rearrange

_NUM_REPLICAS = 1   # tfcompat runs one replica: no tf.distribute strategy splits the batch


def batch_norm_with_global_normalization(t=None, m=None, v=None, beta=None, gamma=None,
                                         variance_epsilon=None, scale_after_normalization=None,
                                         name=None, input=None, mean=None, variance=None):
    """TF1 `tf.nn.batch_norm_with_global_normalization`: batch_normalization with gamma only
    when `scale_after_normalization`."""
    t = input if input is not None else t
    m = mean if mean is not None else m
    v = variance if variance is not None else v
    return nn_impl.batch_normalization(t, m, v, beta, gamma if scale_after_normalization
                                       else None, variance_epsilon, name)


# -- compute_average_loss / scale_regularization_loss -------------------------------------------

def _scale_by_sample_weight(losses, sample_weight):
    """TF's losses_util.scale_losses_by_sample_weight: float32, weight rank matched to the
    losses' by one squeeze or expand of the last axis."""
    losses = math_ops.cast(losses, dtypes.float32)
    sample_weight = math_ops.cast(sample_weight, dtypes.float32)
    lr, wr = losses.shape.ndims, sample_weight.shape.ndims
    if lr is not None and wr is not None:
        if wr - lr == 1:
            sample_weight = array_ops.squeeze(sample_weight, [-1])
        elif lr - wr == 1:
            sample_weight = array_ops.expand_dims(sample_weight, -1)
    return math_ops.multiply(losses, sample_weight)


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """TF `tf.nn.compute_average_loss`: sum(per_example_loss * sample_weight) divided by the
    global batch size (the first dimension here, one replica), 0 for an empty batch."""
    per_example_loss = convert_to_tensor(per_example_loss)
    input_dtype = per_example_loss.dtype
    if per_example_loss.shape.ndims == 0:
        raise ValueError("Invalid value passed for `per_example_loss`. Expected a tensor with "
                         "at least rank 1. Received per_example_loss=%s with rank 0."
                         % per_example_loss)
    if sample_weight is not None:
        sample_weight = convert_to_tensor(sample_weight)
        per_example_loss = _scale_by_sample_weight(per_example_loss, sample_weight)
    per_example_loss = math_ops.cast(per_example_loss, input_dtype)
    if global_batch_size is None:
        global_batch_size = array_ops.shape(per_example_loss)[0] * _NUM_REPLICAS
    elif isinstance(global_batch_size, float) or (
            hasattr(global_batch_size, "dtype") and not global_batch_size.dtype.is_integer):
        raise TypeError("global_batch_size must be an integer.")
    loss = reduction_ops.reduce_sum(per_example_loss)
    return math_ops.div_no_nan(loss, math_ops.cast(global_batch_size, input_dtype))


def scale_regularization_loss(regularization_loss):
    """TF `tf.nn.scale_regularization_loss`: the summed loss divided by the replica count."""
    return reduction_ops.reduce_sum(regularization_loss) / _NUM_REPLICAS


# -- embedding_lookup_sparse / safe_embedding_lookup_sparse ---------------------------------------

def _combine(embeddings, weights, segment_ids, combiner, name):
    """TF's weighted path: segment sums of the weighted rows, divided by the segment's
    weight sum (mean) or its root sum of squares (sqrtn); 0 where that is 0."""
    ones_shape = array_ops.expand_dims(array_ops.rank(embeddings) - 1, 0)
    weights_shape = array_ops.shape(weights)
    bcast = array_ops_join.concat([weights_shape, array_ops_join.ones(ones_shape,
                                                                      dtypes.int32)], 0)
    weights = array_ops.reshape(weights, bcast)
    embeddings = embeddings * weights
    if combiner == "sum":
        return segment_ops.segment_sum(embeddings, segment_ids, name=name)
    total = segment_ops.segment_sum(embeddings, segment_ids)
    if combiner == "mean":
        return math_ops.div_no_nan(total, segment_ops.segment_sum(weights, segment_ids),
                                   name=name)
    squares = segment_ops.segment_sum(math_ops.pow(weights, 2), segment_ids)
    return math_ops.div_no_nan(total, math_ops.sqrt(squares), name=name)


def embedding_lookup_sparse(params, sp_ids, sp_weights, partition_strategy="mod", name=None,
                            combiner=None, max_norm=None, allow_fast_lookup=False):
    """TF1 `tf.nn.embedding_lookup_sparse`: per row of `sp_ids`, the (weighted) mean, sqrtn or
    sum of the looked-up embeddings. Rows without ids are absent from the (dense) result's
    leading segments, as in TF."""
    combiner = "mean" if combiner is None else combiner
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError("combiner must be one of 'mean', 'sqrtn' or 'sum', got %s" % combiner)
    # a PartitionedVariable is its shards, so that "mod" finds id i in shard i % n as in TF
    partitioned = isinstance(params, (list, tuple)) or hasattr(params, "_get_variable_list")
    params = list(params) if partitioned else [params]
    if not isinstance(sp_ids, SparseTensor):
        raise TypeError("sp_ids must be SparseTensor, got %s" % type(sp_ids))
    if sp_weights is not None and not isinstance(sp_weights, SparseTensor):
        raise TypeError("sp_weights must be either None or SparseTensor,got %s"
                        % type(sp_weights))
    if sp_weights is not None:  # TF's build-time checks that ids and weights line up
        for part in ("values", "indices", "dense_shape"):
            getattr(sp_ids, part).get_shape().assert_is_compatible_with(
                getattr(sp_weights, part).get_shape())
    with name_scope(name, "embedding_lookup_sparse", params + [sp_ids]) as name:
        segment_ids = math_ops.cast(sp_ids.indices[:, 0], dtypes.int32)
        ids, idx = indexing_ops.unique(sp_ids.values)
        embeddings = nn_impl.embedding_lookup(params, ids, partition_strategy=partition_strategy,
                                              max_norm=max_norm)
        embeddings = gather_ops.gather(embeddings, idx)
        original_dtype = embeddings.dtype
        if original_dtype in (dtypes.float16, dtypes.bfloat16):
            embeddings = math_ops.cast(embeddings, dtypes.float32)
        if sp_weights is None:
            weights = array_ops_join.ones_like(sp_ids.values, dtype=embeddings.dtype)
        else:
            weights = math_ops.cast(sp_weights.values, embeddings.dtype)
        result = _combine(embeddings, weights, segment_ids, combiner, name)
        if result.dtype != original_dtype:
            result = math_ops.cast(result, original_dtype)
        return result


def _retain(sparse_ids, sparse_weights, keep):
    sparse_ids = sparse_ops_rearrange.sparse_retain(sparse_ids, keep)
    if sparse_weights is not None:
        sparse_weights = sparse_ops_rearrange.sparse_retain(sparse_weights, keep)
    return sparse_ids, sparse_weights


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None,
                                 combiner="mean", default_id=None, name=None,
                                 partition_strategy="div", max_norm=None,
                                 allow_fast_lookup=False):
    """TF1 `tf.nn.safe_embedding_lookup_sparse`: embedding_lookup_sparse over ids of any rank
    that drops ids < 0 (and weights <= 0 unless summing) and gives empty rows the embedding
    of `default_id`, or zeros."""
    if embedding_weights is None:
        raise ValueError("Missing embedding_weights %s." % embedding_weights)
    if hasattr(embedding_weights, "_get_variable_list"):
        embedding_weights = list(embedding_weights)  # a PartitionedVariable's shards, as in TF
    if not isinstance(embedding_weights, (list, tuple)):
        embedding_weights = [embedding_weights]
    if len(embedding_weights) < 1:
        raise ValueError("Missing embedding_weights %s." % embedding_weights)
    dtype = sparse_weights.dtype if sparse_weights is not None else None
    embedding_weights = [w if hasattr(w, "op") and dtype in (None, w.dtype.base_dtype)
                         else convert_to_tensor(w, dtype=dtype) for w in embedding_weights]
    with name_scope(name, "embedding_lookup",
                    embedding_weights + [sparse_ids, sparse_weights]) as scope:
        original_shape = sparse_ids.dense_shape
        rank_dim = original_shape.shape[0].value
        rank = array_ops.size(original_shape) if rank_dim is None else rank_dim
        sparse_ids = sparse_ops_rearrange.sparse_reshape(sparse_ids, [
            reduction_ops.reduce_prod(indexing_ops.slice(original_shape, [0], [rank - 1])),
            gather_ops.gather(original_shape, rank - 1)])
        if sparse_weights is not None:
            sparse_weights = SparseTensor(sparse_ids.indices, sparse_weights.values,
                                          sparse_ids.dense_shape)
        sparse_ids, sparse_weights = _retain(sparse_ids, sparse_weights,
                                             math_ops.greater_equal(sparse_ids.values, 0))
        if combiner != "sum" and sparse_weights is not None:
            sparse_ids, sparse_weights = _retain(sparse_ids, sparse_weights,
                                                 math_ops.greater(sparse_weights.values, 0))
        sparse_ids, is_row_empty = sparse_ops_rearrange.sparse_fill_empty_rows(
            sparse_ids, default_id or 0)
        if sparse_weights is not None:
            sparse_weights, _ = sparse_ops_rearrange.sparse_fill_empty_rows(sparse_weights, 1.0)
        result = embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights,
                                         combiner=combiner, partition_strategy=partition_strategy,
                                         name=None if default_id is None else scope,
                                         max_norm=max_norm)
        if default_id is None:
            is_row_empty = array_ops_pad.tile(array_ops.reshape(is_row_empty, [-1, 1]),
                                              array_ops_join.stack([1, array_ops.shape(result)[1]]))
            result = indexing_ops.where(is_row_empty, array_ops_join.zeros_like(result), result,
                                        name=scope)
        final = array_ops.reshape(result, array_ops_join.concat([
            indexing_ops.slice(math_ops.cast(original_shape, dtypes.int32), [0], [rank - 1]),
            indexing_ops.slice(array_ops.shape(result), [1], [-1])], 0))
        if rank_dim is not None:
            final.set_shape(TensorShape([None] * (rank_dim - 1)).concatenate(
                result.shape[1:]))
        return final


# -- ApproxTopK (tf.math.approx_max_k / approx_min_k)-----------------------------------------------

def _approx_top_k_infer(op, x, *, k, reduction_dimension=-1, is_max_k=True, **unused):
    shape = x.shape
    if shape.ndims is None:
        return [(x.dtype.base_dtype, shape), (dtypes.int32, shape)]
    dims = shape.as_list()
    axis = reduction_dimension % len(dims) if dims else 0
    if dims[axis] is not None and k > dims[axis]:
        raise ValueError("ApproxTopK: k (%d) must be at most the size of the reduction "
                         "dimension (%d)" % (k, dims[axis]))
    dims[axis] = k
    return [(x.dtype.base_dtype, TensorShape(dims)), (dtypes.int32, TensorShape(dims))]


@register_op("ApproxTopK", inputs=("input: T",), infer=_approx_top_k_infer,
             attrs={"k": 1, "reduction_dimension": -1, "recall_target": 0.95, "is_max_k": True,
                    "reduction_input_size_override": -1, "aggregate_to_topk": True})
def _lower_approx_top_k(ctx, x, *, k, reduction_dimension=-1, recall_target=0.95,
                        is_max_k=True, reduction_input_size_override=-1,
                        aggregate_to_topk=True):
    # exact, as TF's CPU kernel; a stable sort keeps the lower index first among ties
    order = torch.sort(x.detach(), dim=reduction_dimension, descending=is_max_k,
                       stable=True).indices
    indices = order.narrow(reduction_dimension, 0, k)
    return torch.gather(x, reduction_dimension, indices), indices.to(torch.int32)


def _approx_k(operand, k, reduction_dimension, recall_target, reduction_input_size_override,
              aggregate_to_topk, is_max_k, name):
    return apply_op("ApproxTopK", [operand], name=name or "ApproxTopK", k=int(k),
                    reduction_dimension=int(reduction_dimension),
                    recall_target=float(recall_target), is_max_k=is_max_k,
                    reduction_input_size_override=int(reduction_input_size_override),
                    aggregate_to_topk=bool(aggregate_to_topk))


def approx_max_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """TF `tf.math.approx_max_k`: (values, int32 indices) of the k largest along an axis."""
    return _approx_k(operand, k, reduction_dimension, recall_target,
                     reduction_input_size_override, aggregate_to_topk, True, name)


def approx_min_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """TF `tf.math.approx_min_k`: (values, int32 indices) of the k smallest along an axis."""
    return _approx_k(operand, k, reduction_dimension, recall_target,
                     reduction_input_size_override, aggregate_to_topk, False, name)
