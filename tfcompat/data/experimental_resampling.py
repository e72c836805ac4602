"""`tf.data.experimental.rejection_resample`, built as TF builds it: elements are kept with
an acceptance probability per class (from the target and the initial distribution, estimated
from the classes seen when not given) and mixed with the unfiltered input through
`sample_from_datasets`. Elements become `(class, element)` pairs.
"""
from __future__ import annotations

import numpy as np

from tfcompat.data.dataset_ops import DatasetV1
from tfcompat.data.experimental_transforms import sample_from_datasets
from tfcompat.data.experimental_transforms import scan
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops_join import fill
from tfcompat.ops.array_ops_pad import tile
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.gather_ops import gather
from tfcompat.ops.indexing_ops import one_hot
from tfcompat.ops.logging_ops import Print
from tfcompat.ops.random_ops import random_uniform
from tfcompat.ops.reduction_ops import reduce_max
from tfcompat.ops.reduction_ops import reduce_min
from tfcompat.ops.reduction_ops import reduce_sum


def _target_to_initial_ratio(initial_probs, target_probs):
    denom = initial_probs + np.finfo(initial_probs.dtype.as_numpy_dtype).tiny
    return target_probs / denom


def _acceptance_probs_with_mixing(initial_probs, target_probs):
    ratio = _target_to_initial_ratio(initial_probs, target_probs)
    max_ratio, min_ratio = reduce_max(ratio), reduce_min(ratio)
    return (ratio - min_ratio) / (max_ratio - min_ratio), min_ratio


def _estimate_data_distribution(c, seen):
    num_classes = seen.get_shape()[0]
    seen = math_ops.add(seen, reduce_sum(one_hot(c, num_classes, dtype=dtypes.int64), 0))
    estimate = math_ops.truediv(seen, reduce_sum(seen))
    return seen, math_ops.cast(estimate, dtypes.float32)


def _estimate_initial_dist_ds(target_dist_t, class_values_ds, batch_size=32, smoothing=10):
    num_classes = target_dist_t.shape[0].value or array_ops.shape(target_dist_t)[0]
    initial_seen = fill([num_classes], np.int64(smoothing))

    def update_estimate_and_tile(seen, c):
        seen, dist = _estimate_data_distribution(c, seen)
        return seen, tile(array_ops.expand_dims(dist, 0), [batch_size, 1])

    return class_values_ds.batch(batch_size).apply(
        scan(initial_seen, update_estimate_and_tile)).unbatch()


def _filter_ds(dataset, acceptance_dist_ds, initial_dist_ds, class_func, seed):
    def maybe_warn_on_large_rejection(accept_dist, initial_dist):
        rejected = reduce_sum((1 - accept_dist) * initial_dist)
        return cond(math_ops.less(rejected, .5), lambda: accept_dist,
                    lambda: Print(accept_dist, [rejected, initial_dist, accept_dist],
                                  message="Proportion of examples rejected by sampler is high: ",
                                  summarize=100, first_n=10))

    acceptance_dist_ds = DatasetV1.zip((acceptance_dist_ds, initial_dist_ds)).map(
        maybe_warn_on_large_rejection)

    def gather_and_copy(acceptance_prob, data):
        class_val = class_func(*data) if isinstance(data, tuple) else class_func(data)
        return class_val, gather(acceptance_prob, class_val), data

    def reject(unused_class_val, p, unused_data):
        return random_uniform([], seed=seed, dtype=p.dtype) < p

    filtered = DatasetV1.zip((acceptance_dist_ds, dataset)).map(gather_and_copy).filter(reject)
    return filtered.map(lambda class_value, _, data: (class_value, data))


def _rejection_resample(dataset, class_func, target_dist, initial_dist, seed):
    target_dist_t = math_ops.cast(convert_to_tensor(target_dist, name="target_dist"),
                                  dtypes.float32)
    if initial_dist is not None:
        initial_dist_t = math_ops.cast(convert_to_tensor(initial_dist, name="initial_dist"),
                                       dtypes.float32)
        acceptance_dist, prob_of_original = _acceptance_probs_with_mixing(initial_dist_t,
                                                                          target_dist_t)
        initial_dist_ds = DatasetV1.from_tensors(initial_dist_t).repeat()
        acceptance_dist_ds = DatasetV1.from_tensors(acceptance_dist).repeat()
        prob_of_original_ds = DatasetV1.from_tensors(prob_of_original).repeat()
    else:
        initial_dist_ds = _estimate_initial_dist_ds(target_dist_t, dataset.map(class_func))
        both = initial_dist_ds.map(lambda initial: _acceptance_probs_with_mixing(
            initial, target_dist_t))
        acceptance_dist_ds = both.map(lambda accept_prob, _: accept_prob)
        prob_of_original_ds = both.map(lambda _, prob_original: prob_original)
    filtered_ds = _filter_ds(dataset, acceptance_dist_ds, initial_dist_ds, class_func,
                             seed).prefetch(3)
    prob_original_static = None
    if initial_dist is not None:
        init_static, target_static = constant_value(initial_dist_t), \
            constant_value(target_dist_t)
        if init_static is not None and target_static is not None:
            prob_original_static = np.min(target_static / init_static)

    def add_class_value(*x):
        return (class_func(*x), x[0]) if len(x) == 1 else (class_func(*x), x)

    if prob_original_static == 1:
        return dataset.map(add_class_value)
    if prob_original_static == 0:
        return filtered_ds
    return sample_from_datasets(
        [dataset.map(add_class_value), filtered_ds],
        weights=prob_of_original_ds.map(lambda prob: [(prob, 1.0 - prob)]), seed=seed,
        stop_on_empty_dataset=True)


def rejection_resample(class_func, target_dist, initial_dist=None, seed=None):
    """Resamples the input towards the class distribution `target_dist` (`class_func`
    gives each element's int32/int64 class); elements become `(class, element)`."""
    return lambda ds: _rejection_resample(ds, class_func, target_dist, initial_dist, seed)


__all__ = ["rejection_resample"]
