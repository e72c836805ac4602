"""`tf.contrib.training.bucket` and `bucket_by_sequence_length` as TF 1.15's contrib
(training/bucket_ops.py) builds them: one queue per bucket filled by a `tf.cond` per bucket,
a queue runner per bucket that moves whole batches into a `PaddingFIFOQueue` "top_queue", and
a dequeue from that top queue, so every run returns one batch taken from a single bucket.
"""
from __future__ import annotations

import functools

import numpy as np

from tfcompat.framework import dtypes
from tfcompat import errors
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import queue_ops
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.control_flow_ops import no_op
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import equal
from tfcompat.ops.math_ops import less
from tfcompat.ops.math_ops import less_equal
from tfcompat.ops.math_ops import logical_and
from tfcompat.ops.reduction_ops import reduce_min
from tfcompat.summary.summary_ops import scalar
from tfcompat.train import input as input_lib
from tfcompat.train.queue_runner import QueueRunner
from tfcompat.train.queue_runner import add_queue_runner

__all__ = ["bucket", "bucket_by_sequence_length"]

# a bucket's queue runner stops quietly when its input ends or the session closes it
_CLOSED_ERRORS = (errors.OutOfRangeError, errors.CancelledError)


def _per_bucket_batch_sizes(batch_size, num_buckets):
    """(list of per-bucket batch sizes, whether the caller gave one per bucket)."""
    if isinstance(batch_size, (list, tuple)):
        if len(batch_size) != num_buckets:
            raise ValueError("If batch_size is a list it must have num_buckets elements")
        return list(batch_size), True
    return [batch_size] * num_buckets, False


def _static_or_tensor(batch_sizes):
    """Each batch size as a python int where it is known now (TF round-trips it through an
    int32 tensor named "batch_size")."""
    out = []
    for size in batch_sizes:
        size = convert_to_tensor(size, dtype=dtypes.int32, name="batch_size")
        static = constant_value(size)
        out.append(int(static) if static is not None else size)
    return out


def _make_bucket_queues(num_buckets, dynamic_pad, capacities, types, shapes, shared_name):
    queues = []
    for i in range(num_buckets):
        shared_name_i = "%s_%d" % (shared_name, i) if shared_name is not None else None
        if dynamic_pad:
            queues.append(queue_ops.PaddingFIFOQueue(
                capacity=capacities[i], dtypes=types, shapes=shapes,
                shared_name=shared_name_i, name="bucket_queue_%d" % i))
        else:
            queues.append(input_lib._fixed_shape_queue(
                queue_ops.FIFOQueue, capacities[i], types, shapes, shared_name_i,
                name="bucket_queue_%d" % i))
    return queues


def _enqueue_which(bucket_queues, which_bucket, tensor_list):
    """An op enqueueing `tensor_list` into the queue `which_bucket` names (one cond each)."""
    def enqueue_single(i):
        return bucket_queues[i].enqueue(tensor_list)

    enqueues = [cond(equal(which_bucket, i), functools.partial(enqueue_single, i), no_op)
                for i in range(len(bucket_queues))]
    return group(*enqueues, name="group_enqueues")


def _maybe_enqueue(keep_input, enqueue_fn):
    # TF's smart_cond: decided while building when keep_input is a constant
    known = constant_value(keep_input)
    if known is not None:
        return enqueue_fn() if known else no_op()
    return cond(keep_input, enqueue_fn, no_op)


def _add_summaries(bucket_queues, top_queue, capacity):
    # TF 1.15 logs the top queue's size under every bucket's name (sic), kept for parity
    for q in bucket_queues:
        scalar("bucket/%s/size" % q.name, cast(top_queue.size(), dtypes.float32))
    scalar("bucket/%s/fraction_of_%d_full" % (top_queue.name, capacity),
           cast(top_queue.size(), dtypes.float32) * (1. / capacity))


def bucket(tensors, which_bucket, batch_size, num_buckets, num_threads=1, capacity=32,
           bucket_capacities=None, shapes=None, dynamic_pad=False,
           allow_smaller_final_batch=False, keep_input=True, shared_name=None, name=None):
    """Lazy bucketing of `tensors` (a list or dict of one element) into the bucket
    `which_bucket` (int32 scalar in [0, num_buckets)); returns `(bucket, outputs)`, a batch of
    `batch_size` elements from one bucket per run."""
    batch_size, batch_size_per_bucket = _per_bucket_batch_sizes(batch_size, num_buckets)
    if bucket_capacities is None:
        bucket_capacities = [capacity] * num_buckets
    if len(bucket_capacities) != num_buckets:
        raise ValueError("The list bucket_capacities (%s) must have exactly num_buckets (%d) "
                         "elements." % (str(bucket_capacities), num_buckets))
    tensor_list = input_lib._as_tensor_list(tensors)
    with graph_lib.name_scope(name, "bucket", tensor_list):
        tensor_list = [t if isinstance(t, SparseTensor) else convert_to_tensor(t)
                       for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in bucket().")
        keep_input = input_lib._validate_keep_input(keep_input, enqueue_many=False)
        tensor_list, sparse_info = input_lib._store_sparse_tensors(tensor_list, False)
        batch_size = _static_or_tensor(batch_size)
        types = input_lib._dtypes([tensor_list])
        shapes = input_lib._shapes([tensor_list], shapes, enqueue_many=False)
        which_bucket = convert_to_tensor(which_bucket, dtype=dtypes.int32, name="which_bucket")
        bucket_queues = _make_bucket_queues(num_buckets, dynamic_pad, bucket_capacities, types,
                                            shapes, shared_name)
        # TF uses the last bucket's static size; unknown when batches may be short or differ
        last = batch_size[-1]
        static_batch = (None if allow_smaller_final_batch or batch_size_per_bucket
                        or not isinstance(last, int) else last)
        bucket_shapes = [tensor_shape.TensorShape([static_batch]).concatenate(s)
                         for s in bucket_queues[0].shapes]
        # a padding queue even without dynamic_pad: its batch dimension may be unknown
        top_queue = queue_ops.PaddingFIFOQueue(
            capacity=capacity, dtypes=[dtypes.int32] + types,
            shapes=[tensor_shape.TensorShape([])] + bucket_shapes,
            shared_name=shared_name, name="top_queue")
        maybe_enqueue = _maybe_enqueue(
            keep_input, lambda: _enqueue_which(bucket_queues, which_bucket, tensor_list))
        enqueues_to_top = []
        for i, (q, bs) in enumerate(zip(bucket_queues, batch_size)):
            take = q.dequeue_up_to if allow_smaller_final_batch else q.dequeue_many
            batch = take(bs, name="read_bucket_%d" % i)
            batch = list(batch) if isinstance(batch, (list, tuple)) else [batch]
            enqueues_to_top.append(top_queue.enqueue(
                [constant(i)] + batch, name="enqueue_from_bucket_%d" % i))
        for q, enqueue_op in zip(bucket_queues, enqueues_to_top):
            add_queue_runner(QueueRunner(q, [enqueue_op],
                                         queue_closed_exception_types=_CLOSED_ERRORS))
        add_queue_runner(QueueRunner(top_queue, [maybe_enqueue] * num_threads,
                                     queue_closed_exception_types=_CLOSED_ERRORS))
        _add_summaries(bucket_queues, top_queue, capacity)
        dequeued = top_queue.dequeue(name="dequeue_top")
        which_bucket_dequeued = dequeued[0]
        dequeued = input_lib._restore_sparse_tensors(list(dequeued[1:]), sparse_info)
        return which_bucket_dequeued, _as_original_type(tensors, dequeued)


def _as_original_type(tensors, dequeued):
    """`dequeued` (always a list here) as a dict when `tensors` was one. TF 1.15 wraps the
    value of a one-key dict in a list (its b/28117485 workaround meant for bare dequeues);
    here every key maps to its batched tensor."""
    if isinstance(tensors, dict):
        return {k: dequeued[i] for i, k in enumerate(sorted(tensors, key=str))}
    return list(dequeued)


def _check_boundaries(bucket_boundaries):
    if not isinstance(bucket_boundaries, (list, tuple)):
        raise TypeError("bucket_boundaries must be a list or tuple, but received: %s"
                        % bucket_boundaries)
    if not bucket_boundaries:
        raise ValueError("bucket_boundaries must not be empty")
    for s, e in zip(bucket_boundaries[:-1], bucket_boundaries[1:]):
        if not isinstance(s, int) or not isinstance(e, int):
            raise TypeError("bucket boundaries must be integers, but saw: %s and %s" % (s, e))
        if s >= e:
            raise ValueError("Buckets must contain sequential increasing lengths, but saw: "
                             "%d before %d" % (s, e))


def _which_bucket(input_length, bucket_boundaries):
    """The index i with boundaries[i-1] <= length < boundaries[i] (open at both ends)."""
    buckets_min = [np.iinfo(np.int32).min] + list(bucket_boundaries)
    buckets_max = list(bucket_boundaries) + [np.iinfo(np.int32).max]
    conditions = logical_and(less_equal(buckets_min, input_length),
                             less(input_length, buckets_max))
    return cast(reduce_min(where(conditions)), dtypes.int32)


def bucket_by_sequence_length(input_length, tensors, batch_size, bucket_boundaries,
                              num_threads=1, capacity=32, bucket_capacities=None, shapes=None,
                              dynamic_pad=False, allow_smaller_final_batch=False,
                              keep_input=True, shared_name=None, name=None):
    """Lazy bucketing of one element by its `input_length` (int32 scalar) into
    len(bucket_boundaries) + 1 buckets; returns `(sequence_lengths, outputs)`, a batch from
    one bucket per run."""
    tensor_list = input_lib._as_tensor_list(tensors)
    _check_boundaries(bucket_boundaries)
    with graph_lib.name_scope(name, "bucket_by_sequence_length",
                              [input_length] + list(tensor_list)):
        input_length = convert_to_tensor(input_length, dtype=dtypes.int32, name="input_length")
        which_bucket = _which_bucket(input_length, bucket_boundaries)
        if shapes is not None:
            shapes = [tensor_shape.TensorShape([])] + list(shapes)
        _, dequeued = bucket(
            tensors=[input_length] + list(tensor_list), which_bucket=which_bucket,
            batch_size=batch_size, num_buckets=len(bucket_boundaries) + 1,
            num_threads=num_threads, capacity=capacity, bucket_capacities=bucket_capacities,
            shapes=shapes, dynamic_pad=dynamic_pad,
            allow_smaller_final_batch=allow_smaller_final_batch, keep_input=keep_input,
            shared_name=shared_name)
        return dequeued[0], _as_original_type(tensors, dequeued[1:])
