"""tf.nn functions composed of several ops, as TF composes them (TF's nn_impl.py and
embedding_ops.py): moments, batch_normalization, l2_normalize, zero_fraction, dropout,
embedding_lookup."""
from __future__ import annotations

import numbers

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.ops import array_misc_ops
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import math_ops_extra
from tfcompat.ops import reduction_ops
from tfcompat.ops import random_ops


def _keep(keep_dims, keepdims):
    return bool(array_ops._deprecated_arg_lookup("keepdims", keepdims, "keep_dims",
                                                     keep_dims))


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """TF1 `tf.nn.moments`: (mean, variance) over `axes`."""
    keep = _keep(keep_dims, keepdims)
    with name_scope(name, "moments", [x, axes]):
        x = convert_to_tensor(x, name="x")
        y = math_ops.cast(x, dtypes.float32) if x.dtype == dtypes.float16 else x
        mean = reduction_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = reduction_ops.reduce_mean(
            math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes, keepdims=True,
            name="variance")
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if x.dtype == dtypes.float16:
            return math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
        return mean, variance


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """TF1 `tf.nn.weighted_moments`: frequency-weighted (mean, variance)."""
    keep = _keep(keep_dims, keepdims)
    with name_scope(name, "weighted_moments", [x, frequency_weights, axes]):
        x = convert_to_tensor(x, name="x")
        w = convert_to_tensor(frequency_weights, name="frequency_weights")
        needs_cast = x.dtype == dtypes.float16   # TF accumulates float16 in float32
        if needs_cast:
            x = math_ops.cast(x, dtypes.float32)
        if w.dtype != x.dtype:
            w = math_ops.cast(w, x.dtype)
        weighted_input_sum = reduction_ops.reduce_sum(w * x, axes, name="weighted_input_sum",
                                                      keepdims=True)
        broadcasted_weights = w + array_ops.zeros_like(x)
        sum_of_weights = reduction_ops.reduce_sum(broadcasted_weights, axes,
                                                  name="sum_of_weights", keepdims=True)
        weighted_mean = math_ops.div_no_nan(weighted_input_sum, sum_of_weights)
        weighted_distsq = reduction_ops.reduce_sum(
            w * math_ops.squared_difference(x, weighted_mean), axes, name="weighted_distsq",
            keepdims=True)
        weighted_variance = math_ops.div_no_nan(weighted_distsq, sum_of_weights)
        if not keep:
            weighted_mean = array_ops.squeeze(weighted_mean, axis=axes)
            weighted_variance = array_ops.squeeze(weighted_variance, axis=axes)
        if needs_cast:
            weighted_mean = math_ops.cast(weighted_mean, dtypes.float16)
            weighted_variance = math_ops.cast(weighted_variance, dtypes.float16)
        return weighted_mean, weighted_variance


def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """TF1 `tf.nn.sufficient_statistics`: (count, mean_ss, var_ss, shift)."""
    axes = list(set(axes))
    keep = _keep(keep_dims, keepdims)
    with name_scope(name, "sufficient_statistics", [x, shift]):
        x = convert_to_tensor(x, name="x")
        dims = x.shape.as_list() if x.shape.ndims is not None else None
        if dims is not None and all(dims[d] is not None for d in axes):
            # TF's static count is an unnamed Const (sufficient_statistics/Const)
            count = constant(float(np.prod([dims[d] for d in axes])), dtype=x.dtype)
        else:  # as TF: the float shape's dims, negative axes made positive, multiplied
            rank = array_ops.rank(x)
            positive_axes = [axis + rank if axis < 0 else axis for axis in axes]
            x_dims = indexing_ops.gather(math_ops.cast(array_ops.shape(x), x.dtype),
                                         positive_axes)
            count = reduction_ops.reduce_prod(x_dims, name="count")
        if shift is not None:
            shift = convert_to_tensor(shift, name="shift")
            m_ss = math_ops.subtract(x, shift)
            v_ss = math_ops.squared_difference(x, shift)
        else:
            m_ss, v_ss = x, math_ops.square(x)
        m_ss = reduction_ops.reduce_sum(m_ss, axes, keepdims=keep, name="mean_ss")
        v_ss = reduction_ops.reduce_sum(v_ss, axes, keepdims=keep, name="var_ss")
        return count, m_ss, v_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """TF1 `tf.nn.normalize_moments`."""
    with name_scope(name, "normalize", [counts, mean_ss, variance_ss, shift]):
        divisor = math_ops.reciprocal(counts, name="divisor")
        if shift is not None:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="shifted_mean")
            mean = math_ops.add(shifted_mean, shift, name="mean")
        else:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="mean")
            mean = shifted_mean
        variance = math_ops.subtract(math_ops.multiply(variance_ss, divisor),
                                     math_ops.square(shifted_mean), name="variance")
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """TF1 `tf.nn.batch_normalization`: scale * (x - mean) / sqrt(variance + eps) + offset."""
    with name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        x = convert_to_tensor(x)
        inv = math_ops.rsqrt(variance + variance_epsilon)   # python numbers add in python
        if scale is not None:
            inv *= scale
        # NOTE: one expression, as TF writes it: x * inv is `mul_1`, mean * inv `mul_2`
        return x * math_ops.cast(inv, x.dtype) + math_ops.cast(
            offset - mean * inv if offset is not None else -mean * inv, x.dtype)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """TF1 `tf.nn.l2_normalize` (`axis`, or the old `dim`)."""
    axis = array_ops._deprecated_arg_lookup("axis", axis, "dim", dim)
    with name_scope(name, "l2_normalize", [x]) as name:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            return _l2_normalize_complex(x, axis, epsilon, name)
        square_sum = reduction_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        x_inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, x_inv_norm, name=name)


def _l2_normalize_complex(x, axis, epsilon, name):
    """TF's complex branch: real and imaginary parts scaled by the real inverse norm."""
    real, imag = math_ops.real(x), math_ops.imag(x)
    square_sum = math_ops.real(reduction_ops.reduce_sum(
        math_ops.square(real) + math_ops.square(imag), axis, keepdims=True))
    x_inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
    return math_ops_extra.complex(math_ops.multiply(real, x_inv_norm),
                                  math_ops.multiply(imag, x_inv_norm), name=name)


def zero_fraction(value, name=None):
    """TF1 `tf.nn.zero_fraction`: the fraction of zeros in `value` (float32)."""
    with name_scope(name, "zero_fraction", [value]):
        value = convert_to_tensor(value, name="value")
        size = array_ops.size(value, out_type=dtypes.int64)
        with name_scope("count_nonzero"):
            zero = array_ops.zeros([], dtype=value.dtype)
            nonzero = reduction_ops.reduce_sum(
                math_ops.cast(math_ops.not_equal(value, zero), dtype=dtypes.int64),
                name="nonzero_count")
        with name_scope("counts_to_fraction"):
            num_zero = size - nonzero
            fraction = math_ops.cast(num_zero, dtypes.float32) / math_ops.cast(size,
                                                                               dtypes.float32)
        return array_ops.identity(fraction, "fraction")


def _get_noise_shape(x, noise_shape):
    if noise_shape is None:
        return array_ops.shape(x)
    return noise_shape


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """TF1 `tf.nn.dropout` (`keep_prob`, or `rate` = 1 - keep_prob).

    Differences from TensorFlow: the random mask comes from torch's generator, so the dropped
    elements differ from TF's for the same seed (the statistics are the same).
    """
    # as TF: keep_prob becomes rate = 1 - keep_prob, which dropout_v2 checks
    keep = 1. - keep_prob if keep_prob is not None else None
    rate = array_ops._deprecated_arg_lookup("rate", rate, "keep_prob", keep)
    if rate is None:
        raise ValueError("`rate` must be provided. Received: rate=None")
    with name_scope(name, "dropout", [x]) as name:
        is_number = isinstance(rate, numbers.Real)
        if is_number and (rate < 0 or rate >= 1):
            raise ValueError("`rate` must be a scalar tensor or a float in the range [0, 1). "
                             "Received: rate=%s" % rate)
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. "
                             "Received: x_dtype=%s" % x.dtype)
        if is_number and rate == 0:
            # TF draws the op seed anyway, so the random ops built after it keep their seeds
            random_ops.get_seed(seed)
            return x
        if is_number:
            ret = math_ops.multiply(x, constant(1 / (1 - rate), dtype=x.dtype))
        else:
            rate = convert_to_tensor(rate, name="rate")
            if rate.dtype.base_dtype != x.dtype.base_dtype:
                rate = math_ops.cast(rate, x.dtype, name="rate")
            ret = math_ops.realdiv(x, math_ops.subtract(constant(1, dtype=x.dtype), rate))
        shape = _get_noise_shape(x, noise_shape)
        random_tensor = random_ops.random_uniform(shape, seed=seed, dtype=x.dtype)
        keep_mask = random_tensor >= rate
        ret = indexing_ops.where_v2(keep_mask, ret, constant(0, dtype=x.dtype))
        ret.set_shape(x.get_shape())
        return ret


def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True,
                     max_norm=None):
    """TF1 `tf.nn.embedding_lookup`: rows of `params` (or of a partitioned list of params).
    Several partitions are looked up as TF does: the ids split with DynamicPartition, one
    gather per partition (so each shard's gradient is an IndexedSlices), the rows put back in
    order with ParallelDynamicStitch."""
    if isinstance(params, (list, tuple)) or hasattr(params, "_get_variable_list"):
        params = list(params)  # a PartitionedVariable: its shards, as TF does
    else:
        params = [params]
    if not params:
        raise ValueError("Length of params is currently 0. Need at least one param.")
    with name_scope(name, "embedding_lookup", params + [ids]) as name:
        ids = convert_to_tensor(ids, name="ids")
        if len(params) == 1:
            result = array_ops.identity(indexing_ops.gather(params[0], ids, name=name))
            return result if max_norm is None else _clip(result, ids, max_norm)
        return _partitioned_lookup(params, ids, partition_strategy, name, max_norm)


def _partition_assignments(params, flat_ids, strategy):
    """(partition, row in it) of each id (TF's embedding_lookup_and_transform)."""
    n = len(params)
    if strategy == "mod":
        return flat_ids % n, flat_ids // n
    if strategy != "div":
        raise ValueError("Unrecognized partition strategy: " + strategy +
                         ".Must be one of either `mod` or `div`.")
    rows = [p.get_shape()[0].value for p in params]
    if all(r is not None for r in rows):
        total = constant(sum(rows), flat_ids.dtype)
    else:
        sizes = []
        for p, r in zip(params, rows):
            if r is not None:
                sizes.append(r)
                continue
            with get_default_graph().colocate_with(p):
                sizes.append(array_ops.shape(p)[0])
        total = reduction_ops.reduce_sum(math_ops.cast(array_ops.stack(sizes), flat_ids.dtype))
    ids_per_partition = total // n
    extras = total % n
    assignments = math_ops.maximum(flat_ids // (ids_per_partition + 1),
                                   (flat_ids - extras) // ids_per_partition)
    new_ids = indexing_ops.where(assignments < extras, flat_ids % (ids_per_partition + 1),
                                 (flat_ids - extras) % ids_per_partition)
    return assignments, new_ids


def _partitioned_lookup(params, ids, strategy, name, max_norm):
    n = len(params)
    flat_ids = array_ops.reshape(ids, [-1])
    original_indices = array_ops_join.range(array_ops.size(flat_ids))
    assignments, new_ids = _partition_assignments(params, flat_ids, strategy)
    assignments = math_ops.cast(assignments, dtypes.int32)
    gather_ids = array_misc_ops.dynamic_partition(new_ids, assignments, n)
    pindices = array_misc_ops.dynamic_partition(original_indices, assignments, n)
    parts = []
    for p in range(n):
        with get_default_graph().colocate_with(params[p]):
            parts.append(indexing_ops.gather(params[p], gather_ids[p]))
    ret = apply_op("ParallelDynamicStitch", [pindices, parts], name=name)
    element_shape_s = params[0].get_shape()[1:]
    for p in params[1:]:
        element_shape_s = element_shape_s.merge_with(p.get_shape()[1:])
    if element_shape_s.is_fully_defined():
        element_shape_d = element_shape_s.as_list()
    else:
        with get_default_graph().colocate_with(params[0]):
            element_shape_d = array_ops.shape(params[0])[1:]
    ret = array_ops.reshape(ret, array_ops.concat([array_ops.shape(ids), element_shape_d], 0))
    ret.set_shape(ids.get_shape().concatenate(element_shape_s))
    return ret if max_norm is None else _clip(ret, ids, max_norm)


def _clip(embedding, ids, max_norm):
    with name_scope(None, "clip_by_norm"):
        rank = embedding.shape.ndims
        id_rank = ids.shape.ndims
        axes = list(range(id_rank, rank))
        l2sum = reduction_ops.reduce_sum(embedding * embedding, axes, keepdims=True)
        pred = l2sum > 0
        l2sum_safe = indexing_ops.where(pred, l2sum, array_ops.ones_like(l2sum))
        l2norm = indexing_ops.where(pred, math_ops.sqrt(l2sum_safe), l2sum)
        intermediate = embedding * max_norm
        return math_ops.truediv(intermediate, math_ops.maximum(l2norm, max_norm))
