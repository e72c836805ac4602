"""`tf.train.match_filenames_once` (also `tf.io.match_filenames_once`) and the `maybe_*`
batching functions of TF1's training/input.py.
"""
from __future__ import annotations

from tfcompat.framework import graph as graph_lib
from tfcompat.train import input as input_lib
from tfcompat.ops.reader_ops import matching_files
from tfcompat.variables import Variable

__all__ = ["match_filenames_once", "maybe_batch", "maybe_batch_join", "maybe_shuffle_batch",
           "maybe_shuffle_batch_join"]


def match_filenames_once(pattern, name=None):
    """TF1 `tf.train.match_filenames_once`: a local variable holding the file names matching
    `pattern`, computed once, when local variables are initialized."""
    with graph_lib.name_scope(name, "matching_filenames", [pattern]) as name:
        return Variable(matching_files(pattern), name=name, trainable=False,
                        validate_shape=False, collections=[graph_lib.GraphKeys.LOCAL_VARIABLES])


def maybe_batch(tensors, keep_input, batch_size, num_threads=1, capacity=32,
                enqueue_many=False, shapes=None, dynamic_pad=False,
                allow_smaller_final_batch=False, shared_name=None, name=None):
    """TF1 `tf.train.maybe_batch`: `tf.train.batch` of the inputs for which `keep_input` (a
    bool scalar, or with `enqueue_many` a vector over the rows) is true."""
    return input_lib._batch_join("batch", [tensors], batch_size, capacity, enqueue_many,
                                 shapes, dynamic_pad, allow_smaller_final_batch, shared_name,
                                 name, num_threads, keep_input=keep_input)


def maybe_batch_join(tensors_list, keep_input, batch_size, capacity=32, enqueue_many=False,
                     shapes=None, dynamic_pad=False, allow_smaller_final_batch=False,
                     shared_name=None, name=None):
    """TF1 `tf.train.maybe_batch_join`: `batch_join` of the inputs `keep_input` keeps."""
    return input_lib._batch_join("batch_join", tensors_list, batch_size, capacity,
                                 enqueue_many, shapes, dynamic_pad, allow_smaller_final_batch,
                                 shared_name, name, keep_input=keep_input)


def maybe_shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, keep_input,
                        num_threads=1, seed=None, enqueue_many=False, shapes=None,
                        allow_smaller_final_batch=False, shared_name=None, name=None):
    """TF1 `tf.train.maybe_shuffle_batch`: `shuffle_batch` of the inputs `keep_input` keeps."""
    return input_lib._batch_join("shuffle_batch", [tensors], batch_size, capacity,
                                 enqueue_many, shapes, False, allow_smaller_final_batch,
                                 shared_name, name, num_threads, min_after_dequeue, seed,
                                 keep_input=keep_input)


def maybe_shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, keep_input,
                             seed=None, enqueue_many=False, shapes=None,
                             allow_smaller_final_batch=False, shared_name=None, name=None):
    """TF1 `tf.train.maybe_shuffle_batch_join`: `shuffle_batch_join` of the inputs
    `keep_input` keeps."""
    return input_lib._batch_join("shuffle_batch_join", tensors_list, batch_size, capacity,
                                 enqueue_many, shapes, False, allow_smaller_final_batch,
                                 shared_name, name, 1, min_after_dequeue, seed,
                                 keep_input=keep_input)
