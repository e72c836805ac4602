"""Queue-based input helpers of `tf.train` (TF1's training/input.py): `string_input_producer`,
`input_producer`, `range_input_producer`, `slice_input_producer`, `limit_epochs`, `batch`,
`batch_join`, `shuffle_batch` and `shuffle_batch_join`. Each builds queues and registers a
`QueueRunner` that `tf.train.start_queue_runners` starts.
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import queue_ops
from tfcompat.train.queue_runner import QueueRunner
from tfcompat.train.queue_runner import add_queue_runner
from tfcompat import variables
from tfcompat.ops.array_misc_ops import dynamic_partition
from tfcompat.ops.array_ops import expand_dims
from tfcompat.ops.array_ops import identity
from tfcompat.ops.array_ops import range as range_op
from tfcompat.ops.array_ops import shape
from tfcompat.ops.array_ops import size
from tfcompat.ops.array_ops import squeeze
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.control_flow_ops import no_op
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops.indexing_ops import gather
from tfcompat.ops.control_flow_ops import Assert
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import greater
from tfcompat.ops.queue_ops import add_sparse_to_tensors_map
from tfcompat.ops.queue_ops import take_many_sparse_from_tensors_map
from tfcompat.ops.random_ops import random_shuffle
from tfcompat.ops.state_ops import count_up_to
from tfcompat.summary.summary_ops import scalar
from tfcompat.ops.math_ops import maximum

__all__ = ["limit_epochs", "input_producer", "string_input_producer", "range_input_producer",
           "slice_input_producer", "batch", "batch_join", "shuffle_batch", "shuffle_batch_join"]


def limit_epochs(tensor, num_epochs=None, name=None):
    """`tensor`, which raises OutOfRangeError after being evaluated `num_epochs` times (a local
    variable counts; initialize it with `tf.local_variables_initializer()`)."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError("num_epochs must be > 0 not %d." % num_epochs)
    with graph_lib.name_scope(name, "limit_epochs", [tensor]) as name:
        zero64 = convert_to_tensor(0, dtype=dtypes.int64)
        epochs = variables.Variable(zero64, name="epochs", trainable=False,
                                    collections=[graph_lib.GraphKeys.LOCAL_VARIABLES])
        counter = count_up_to(epochs, num_epochs)
        with graph_lib.control_dependencies([counter]):
            return identity(tensor, name=name)


def input_producer(input_tensor, element_shape=None, num_epochs=None, shuffle=True, seed=None,
                   capacity=32, shared_name=None, summary_name=None, name=None, cancel_op=None):
    """A queue filled with the rows of `input_tensor` (shuffled), `num_epochs` times."""
    with graph_lib.name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.shape[1:].merge_with(
            tensor_shape.as_shape(element_shape) if element_shape is not None else
            tensor_shape.unknown_shape())
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape or "
                             "`element_shape` must be specified")
        if shuffle:
            input_tensor = random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        q = queue_ops.FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype.base_dtype],
                                shapes=[element_shape], shared_name=shared_name, name=name)
        enq = q.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(q, [enq], cancel_op=cancel_op))
        if summary_name is not None:
            _fullness_summary(summary_name, q.size(), capacity)
        return q


def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32,
                          shared_name=None, name=None, cancel_op=None):
    """A queue of file names for the readers (TF1 `tf.train.string_input_producer`). An empty
    list fails here; an empty tensor when the queue runner runs (TF's Assert)."""
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not hasattr(string_tensor, "op") and not _non_empty(string_tensor):
        raise ValueError(not_null_err)
    with graph_lib.name_scope(name, "input_producer", [string_tensor]) as name:
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        with graph_lib.control_dependencies([Assert(greater(size(string_tensor), 0),
                                                    [not_null_err])]):
            string_tensor = identity(string_tensor)
        return input_producer(string_tensor, [], num_epochs, shuffle, seed, capacity,
                              shared_name, "fraction_of_%d_full" % capacity, name, cancel_op)


def _non_empty(value):
    try:
        return len(value) > 0
    except TypeError:  # a scalar
        return bool(value)


def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """A queue of the integers 0 .. limit-1."""
    with graph_lib.name_scope(name, "input_producer", [limit]) as name:
        range_tensor = range_op(limit)
        return input_producer(range_tensor, [], num_epochs, shuffle, seed, capacity,
                              shared_name, "fraction_of_%d_full" % capacity, name)


def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """One row of every tensor in `tensor_list` at a time (same row index for all)."""
    with graph_lib.name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = shape(tensor_list[0])[0]
        queue = range_input_producer(range_size, num_epochs=num_epochs, shuffle=shuffle,
                                     seed=seed, capacity=capacity, shared_name=shared_name)
        index = queue.dequeue()
        return [gather(t, index) for t in tensor_list]


# -- batching ------------------------------------------------------------------------------------
# As TF's training/input.py: SparseTensors travel through the queue as int64 handles into a
# SparseTensorsMap (stored before the enqueue, taken back out after the dequeue), and each queue
# adds a scalar summary of how full it is to the SUMMARIES collection.

def _fullness_summary(summary_name, fullness, capacity):
    scalar(summary_name, cast(fullness, dtypes.float32) * (1. / capacity))


def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return tensors


def _as_tensor_list_list(tensors_list):
    if not tensors_list:
        raise ValueError("Expected at least one set of tensors")
    if isinstance(tensors_list[0], dict):
        expected_keys = set(tensors_list[0].keys())
        for tensors in tensors_list[1:]:
            if set(tensors.keys()) != expected_keys:
                raise ValueError("All dictionaries in tensors_list must have the same keys")
        return [_as_tensor_list(tensors) for tensors in tensors_list]
    return tensors_list


def _as_original_type(original_tensors, tensor_list):
    if isinstance(original_tensors, dict):
        if len(original_tensors) == 1:
            tensor_list = [tensor_list]  # a one-component queue dequeues a bare tensor
        return {k: tensor_list[i] for i, k in enumerate(sorted(original_tensors, key=str))}
    return tensor_list


def _validate(tensor_list):
    tensor_list = [t if isinstance(t, SparseTensor) else convert_to_tensor(t)
                   for t in tensor_list]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    return tensor_list


def _validate_keep_input(keep_input, enqueue_many):
    keep_input = convert_to_tensor(keep_input)
    if keep_input.shape.ndims is None:
        raise ValueError("`keep_input` dimensions must be known at graph construction.")
    if not enqueue_many and keep_input.shape.ndims == 1:
        raise ValueError("`keep_input` cannot be a vector when `enqueue_many=False`.")
    if keep_input.shape.ndims > 1:
        raise ValueError("`keep_input` must be 0 or 1 dimensions.")
    return keep_input


class _SparseMetaData:
    """Whether a batched component is a SparseTensor, the op storing it, and its rank."""

    def __init__(self, sparse, map_op, rank):
        self.sparse, self.map_op = sparse, map_op
        self.rank = tensor_shape.as_dimension(rank)

    def __eq__(self, other):
        if self.sparse != other.sparse:
            return False
        if not self.sparse:
            return True
        return self.map_op == other.map_op and self.rank.is_compatible_with(other.rank)

    def __str__(self):
        return "[SparseMetaData(%s, %s, %s)]" % (self.sparse, self.map_op.name, self.rank)

    def merge_with(self, other):
        if self != other:
            raise ValueError("SparseMetaData objects are incompatible: %s vs. %s"
                             % (self, other))
        if self.sparse:
            self.rank = self.rank.merge_with(other.rank)
        return self


def _store_sparse_tensors(tensor_list, enqueue_many, shared_map_ops=None):
    """Each SparseTensor of `tensor_list` stored in a SparseTensorsMap, replaced by its handle
    (a [1] vector, or [n, 1] with `enqueue_many`); returns (stored list, sparse metadata)."""
    shared_map_ops = shared_map_ops or [None] * len(tensor_list)
    stored, info = [], []
    for t, shared_op in zip(tensor_list, shared_map_ops):
        if not isinstance(t, SparseTensor):
            stored.append(t)
            info.append(_SparseMetaData(False, None, None))
            continue
        handle = add_sparse_to_tensors_map(t, many=enqueue_many,
                                           shared_name=shared_op.name if shared_op else None)
        rank = t.dense_shape.shape.with_rank(1).dims[0]
        if enqueue_many:
            rank -= 1
        info.append(_SparseMetaData(True, shared_op or handle.op, rank))
        stored.append(expand_dims(handle, [-1]))
    return stored, info


def _store_sparse_tensors_join(tensor_list_list, enqueue_many):
    stored0, info_list = _store_sparse_tensors(tensor_list_list[0], enqueue_many)
    stored_list_list = [stored0]
    for tensor_list in tensor_list_list[1:]:
        stored, candidate = _store_sparse_tensors(tensor_list, enqueue_many,
                                                  [i.map_op for i in info_list])
        if info_list != candidate:
            raise ValueError("Inconsistent SparseTensors list: %s vs. %s"
                             % (tensor_list_list[0], tensor_list))
        info_list = [a.merge_with(b) for a, b in zip(info_list, candidate)]
        stored_list_list.append(stored)
    return stored_list_list, info_list


def _restore_sparse_tensors(stored_list, sparse_info_list):
    """The dequeued batch with SparseTensors taken back out of their maps; every part depends
    on all the others, so a run that fetches one takes every stored SparseTensor out."""
    received_sequence = isinstance(stored_list, (list, tuple))
    if not received_sequence:
        stored_list = (stored_list,)
    tensors = [take_many_sparse_from_tensors_map(info.map_op, squeeze(s, [1]),
                                                 rank=tensor_shape.dimension_value(info.rank + 1))
               if info.sparse else s for s, info in zip(stored_list, sparse_info_list)]
    if any(isinstance(x, SparseTensor) for x in tensors):
        values = [x.values if isinstance(x, SparseTensor) else x for x in tensors]

        def with_deps(x):
            return with_dependencies(values, x)

        tensors = [SparseTensor(with_deps(x.indices), with_deps(x.values),
                                with_deps(x.dense_shape)) if isinstance(x, SparseTensor)
                   else with_deps(x) for x in tensors]
    return tensors if received_sequence else tensors[0]


def _dtypes(tensor_list_list):
    types = [t.dtype for t in tensor_list_list[0]]
    for other in tensor_list_list[1:]:
        other_types = [t.dtype for t in other]
        if other_types != types:
            raise TypeError("Expected types to be consistent: %s vs. %s."
                            % (", ".join(x.name for x in types),
                               ", ".join(x.name for x in other_types)))
    return types


def _shapes(tensor_list_list, shapes, enqueue_many):
    if shapes is not None:
        return shapes
    for tl in tensor_list_list:
        for t in tl:
            if t.shape.ndims is None:
                raise ValueError("Cannot infer Tensor's rank: %s" % t)
    out = []
    for tensors in zip(*tensor_list_list):
        merged = None
        for t in tensors:
            shape = t.shape.with_rank_at_least(1)[1:] if enqueue_many else t.shape
            merged = shape if merged is None else merged.merge_with(shape)
        out.append(merged.as_list())
    return out


def _fixed_shape_queue(queue_cls, capacity, types, shapes, shared_name, **kwargs):
    shapes = [tensor_shape.as_shape(s) for s in shapes]
    if not all(s.is_fully_defined() for s in shapes):
        raise ValueError("All shapes must be fully defined: %s" % shapes)
    return queue_cls(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name,
                     **kwargs)


def _make_queue(dynamic_pad, capacity, types, shapes, shared_name):
    if dynamic_pad:
        return queue_ops.PaddingFIFOQueue(capacity=capacity, dtypes=types, shapes=shapes,
                                          shared_name=shared_name)
    return _fixed_shape_queue(queue_ops.FIFOQueue, capacity, types, shapes, shared_name)


def _select_which_to_enqueue(tensor_list, keep_input):
    """The rows of each tensor where the vector `keep_input` is true (TF's DynamicPartition)."""
    select = cast(keep_input, dtypes.int32)
    return [dynamic_partition(x, select, num_partitions=2)[1] for x in tensor_list]


def _maybe_enqueue(enqueue_fn, tensor_list, keep_input):
    """`enqueue_fn(tensor_list)` where `keep_input` holds (TF's smart_cond: decided now when
    it is a constant, else a `tf.cond` each run)."""
    if keep_input.shape.ndims == 1:
        return enqueue_fn(_select_which_to_enqueue(tensor_list, keep_input))
    known = constant_value(keep_input)
    if known is not None:
        return enqueue_fn(tensor_list) if known else no_op()
    return cond(keep_input, lambda: enqueue_fn(tensor_list), no_op)


def _enqueue(queue, tensor_list_list, enqueue_many, threads=1, keep_input=None):
    """One enqueue op per tensor list (run by `threads` threads when there is one list), of
    the elements `keep_input` keeps."""
    enqueue_fn = queue.enqueue_many if enqueue_many else queue.enqueue
    if keep_input is None:
        ops = [enqueue_fn(tl) for tl in tensor_list_list]
    else:
        ops = [_maybe_enqueue(enqueue_fn, tl, keep_input) for tl in tensor_list_list]
    add_queue_runner(QueueRunner(queue, ops * threads if len(ops) == 1 else ops))


def _dequeue(queue, batch_size, allow_smaller_final_batch, name, sparse_info):
    if allow_smaller_final_batch:
        dequeued = queue.dequeue_up_to(batch_size, name=name)
    else:
        dequeued = queue.dequeue_many(batch_size, name=name)
    return _restore_sparse_tensors(dequeued, sparse_info)


def _prepare(tensor_list_list, enqueue_many, shapes, keep_input):
    """Validated tensors with SparseTensors stored, their dtypes and shapes."""
    tensor_list_list = [_validate(tl) for tl in tensor_list_list]
    keep_input = _validate_keep_input(keep_input, enqueue_many)
    if constant_value(keep_input) is None and any(
            isinstance(t, SparseTensor) for tl in tensor_list_list for t in tl):
        raise NotImplementedError("tfcompat: batching SparseTensors needs a constant "
                                  "`keep_input`.")
    tensor_list_list, sparse_info = _store_sparse_tensors_join(tensor_list_list, enqueue_many)
    types = _dtypes(tensor_list_list)
    return (tensor_list_list, sparse_info, types, _shapes(tensor_list_list, shapes, enqueue_many),
            keep_input)


def _batch_join(kind, tensors_list, batch_size, capacity, enqueue_many, shapes, dynamic_pad,
                allow_smaller_final_batch, shared_name, name, num_threads=1,
                min_after_dequeue=None, seed=None, keep_input=True):
    tensor_list_list = _as_tensor_list_list(tensors_list)
    flat = [t for tl in tensor_list_list for t in tl]
    with graph_lib.name_scope(name, kind, flat + [keep_input]) as name:
        if min_after_dequeue is not None and capacity <= min_after_dequeue:
            raise ValueError("capacity %d must be bigger than min_after_dequeue %d."
                             % (capacity, min_after_dequeue))
        tensor_list_list, sparse_info, types, shapes, keep_input = _prepare(
            tensor_list_list, enqueue_many, shapes, keep_input)
        if min_after_dequeue is None:
            queue = _make_queue(dynamic_pad, capacity, types, shapes, shared_name)
            _enqueue(queue, tensor_list_list, enqueue_many, num_threads, keep_input)
            _fullness_summary("fraction_of_%d_full" % capacity, queue.size(), capacity)
        else:
            queue = _fixed_shape_queue(queue_ops.RandomShuffleQueue, capacity, types, shapes,
                                       shared_name, min_after_dequeue=min_after_dequeue,
                                       seed=seed)
            _enqueue(queue, tensor_list_list, enqueue_many, num_threads, keep_input)
            _fullness_summary("fraction_over_%d_of_%d_full"
                              % (min_after_dequeue, capacity - min_after_dequeue),
                              maximum(0, queue.size() - min_after_dequeue),
                              capacity - min_after_dequeue)
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name, sparse_info)
        return _as_original_type(tensors_list[0], dequeued)


def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
          dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches `tensors` (a list or dict; SparseTensors allowed) through a FIFO queue filled by
    `num_threads` threads (TF1 `tf.train.batch`)."""
    return _batch_join("batch", [tensors], batch_size, capacity, enqueue_many, shapes,
                       dynamic_pad, allow_smaller_final_batch, shared_name, name, num_threads)


def batch_join(tensors_list, batch_size, capacity=32, enqueue_many=False, shapes=None,
               dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None,
               name=None):
    """Like `batch`, with one enqueuing thread per entry of `tensors_list`."""
    return _batch_join("batch_join", tensors_list, batch_size, capacity, enqueue_many, shapes,
                       dynamic_pad, allow_smaller_final_batch, shared_name, name)


def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None,
                  enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                  shared_name=None, name=None):
    """Batches `tensors` in random order through a RandomShuffleQueue."""
    return _batch_join("shuffle_batch", [tensors], batch_size, capacity, enqueue_many, shapes,
                       False, allow_smaller_final_batch, shared_name, name, num_threads,
                       min_after_dequeue, seed)


def shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, seed=None,
                       enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                       shared_name=None, name=None):
    """Like `shuffle_batch`, with one enqueuing thread per entry of `tensors_list`."""
    return _batch_join("shuffle_batch_join", tensors_list, batch_size, capacity, enqueue_many,
                       shapes, False, allow_smaller_final_batch, shared_name, name, 1,
                       min_after_dequeue, seed)
