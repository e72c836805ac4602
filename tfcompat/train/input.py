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
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import queue_ops
from tfcompat.train.queue_runner import QueueRunner
from tfcompat.train.queue_runner import add_queue_runner

__all__ = ["limit_epochs", "input_producer", "string_input_producer", "range_input_producer",
           "slice_input_producer", "batch", "batch_join", "shuffle_batch", "shuffle_batch_join"]


def limit_epochs(tensor, num_epochs=None, name=None):
    """`tensor`, which raises OutOfRangeError after being evaluated `num_epochs` times (a local
    variable counts; initialize it with `tf.local_variables_initializer()`)."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError("num_epochs must be > 0 not %d." % num_epochs)
    from tfcompat import variables
    from tfcompat.ops.array_ops import identity
    from tfcompat.ops.state_ops import count_up_to
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
    from tfcompat.ops.random_ops import random_shuffle
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
        return q


def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32,
                          shared_name=None, name=None, cancel_op=None):
    """A queue of file names for the readers (TF1 `tf.train.string_input_producer`)."""
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not isinstance(string_tensor, (list, tuple)) or string_tensor:
        value = constant_value(string_tensor) if hasattr(string_tensor, "op") else None
        if value is not None and value.size == 0:
            raise ValueError(not_null_err)
    elif not string_tensor:
        raise ValueError(not_null_err)
    with graph_lib.name_scope(name, "input_producer", [string_tensor]) as name:
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        return input_producer(string_tensor, [], num_epochs, shuffle, seed, capacity,
                              shared_name, "fraction_of_%d_full" % capacity, name, cancel_op)


def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """A queue of the integers 0 .. limit-1."""
    from tfcompat.ops.array_ops import range as range_op
    with graph_lib.name_scope(name, "input_producer", [limit]) as name:
        range_tensor = range_op(limit)
        return input_producer(range_tensor, [], num_epochs, shuffle, seed, capacity,
                              shared_name, "fraction_of_%d_full" % capacity, name)


def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """One row of every tensor in `tensor_list` at a time (same row index for all)."""
    from tfcompat.ops.array_ops import shape
    from tfcompat.ops.indexing_ops import gather
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

def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors)]
    return list(tensors)


def _as_original_type(original, dequeued):
    if isinstance(original, dict):
        if not isinstance(dequeued, list):
            dequeued = [dequeued]
        return {k: dequeued[i] for i, k in enumerate(sorted(original))}
    return dequeued


def _shapes(tensor_list_list, shapes, enqueue_many, dynamic_pad):
    if shapes is not None:
        return [tensor_shape.as_shape(s) for s in shapes]
    out = []
    for tensors in zip(*tensor_list_list):
        shape = tensor_shape.unknown_shape()
        for t in tensors:
            s = t.shape[1:] if enqueue_many and t.shape.ndims else t.shape
            shape = shape.merge_with(s)
        out.append(shape)
    if not dynamic_pad and not all(s.is_fully_defined() for s in out):
        raise ValueError("All shapes must be fully defined: %s" % out)
    return out


def _batch_queue(kind, tensor_list_list, batch_size, capacity, enqueue_many, shapes,
                 dynamic_pad, allow_smaller_final_batch, shared_name, name, num_threads=1,
                 min_after_dequeue=None, seed=None):
    tensor_list_list = [[convert_to_tensor(t) for t in tl] for tl in tensor_list_list]
    types = [t.dtype.base_dtype for t in tensor_list_list[0]]
    shapes = _shapes(tensor_list_list, shapes, enqueue_many, dynamic_pad)
    if kind == "shuffle":
        queue = queue_ops.RandomShuffleQueue(capacity, min_after_dequeue, types, shapes,
                                             seed=seed, shared_name=shared_name)
    elif dynamic_pad:
        queue = queue_ops.PaddingFIFOQueue(capacity, types, shapes, shared_name=shared_name)
    else:
        queue = queue_ops.FIFOQueue(capacity, types, shapes, shared_name=shared_name)
    enqueue = queue.enqueue_many if enqueue_many else queue.enqueue
    if len(tensor_list_list) == 1:
        ops = [enqueue(tensor_list_list[0]) for _ in range(num_threads)]
    else:
        ops = [enqueue(tl) for tl in tensor_list_list]
    add_queue_runner(QueueRunner(queue, ops))
    if allow_smaller_final_batch:
        return queue.dequeue_up_to(batch_size, name=name)
    return queue.dequeue_many(batch_size, name=name)


def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
          dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches `tensors` through a FIFO queue filled by `num_threads` threads."""
    with graph_lib.name_scope(name, "batch", _as_tensor_list(tensors)) as name:
        out = _batch_queue("fifo", [_as_tensor_list(tensors)], batch_size, capacity,
                           enqueue_many, shapes, dynamic_pad, allow_smaller_final_batch,
                           shared_name, name, num_threads)
        return _as_original_type(tensors, out)


def batch_join(tensors_list, batch_size, capacity=32, enqueue_many=False, shapes=None,
               dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None,
               name=None):
    """Like `batch`, with one enqueuing thread per entry of `tensors_list`."""
    flat = [_as_tensor_list(t) for t in tensors_list]
    with graph_lib.name_scope(name, "batch_join", flat[0]) as name:
        out = _batch_queue("fifo", flat, batch_size, capacity, enqueue_many, shapes,
                           dynamic_pad, allow_smaller_final_batch, shared_name, name)
        return _as_original_type(tensors_list[0], out)


def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None,
                  enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                  shared_name=None, name=None):
    """Batches `tensors` in random order through a RandomShuffleQueue."""
    with graph_lib.name_scope(name, "shuffle_batch", _as_tensor_list(tensors)) as name:
        out = _batch_queue("shuffle", [_as_tensor_list(tensors)], batch_size, capacity,
                           enqueue_many, shapes, False, allow_smaller_final_batch,
                           shared_name, name, num_threads, min_after_dequeue, seed)
        return _as_original_type(tensors, out)


def shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, seed=None,
                       enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                       shared_name=None, name=None):
    """Like `shuffle_batch`, with one enqueuing thread per entry of `tensors_list`."""
    flat = [_as_tensor_list(t) for t in tensors_list]
    with graph_lib.name_scope(name, "shuffle_batch_join", flat[0]) as name:
        out = _batch_queue("shuffle", flat, batch_size, capacity, enqueue_many, shapes, False,
                           allow_smaller_final_batch, shared_name, name, 1,
                           min_after_dequeue, seed)
        return _as_original_type(tensors_list[0], out)
