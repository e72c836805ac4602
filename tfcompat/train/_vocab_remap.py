"""Warm-starting a variable whose rows (or columns) follow a vocabulary that changed since the
checkpoint: TF's `_warm_start_var_with_vocab` (training/warm_starting_util.py) and
`_load_and_remap_matrix` (training/checkpoint_ops.py).

Row i of the new matrix is row `line_of(old_vocab, entity_at(new_vocab, i))` of the checkpoint
tensor; entries of tokens the old vocabulary lacks take, in row-major order, the values of
`initializer([num_missing, 1])`, then the OOV rows (columns) come from `initializer([oov, cols])`,
as TF's GenerateVocabRemapping + LoadAndRemapMatrix kernels fill them. The remapping is read from
the vocabulary files while the graph is built (TF's kernels read them when the initializer runs);
the checkpoint tensor is read by a RestoreV2 op when the initializer runs, as in TF.
"""
from __future__ import annotations

import numpy as np

from tfcompat import init_ops
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.ops import array_ops, array_ops_join, gather_ops, io_ops, state_ops
from tfcompat.train import checkpoint_utils

__all__ = ["warm_start_var_with_vocab"]


def _read_vocab(path, offset=0, size=-1):
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    lines = lines[offset:]
    return lines if size is None or size < 0 else lines[:size]


def _remapping(new_vocab_file, old_vocab_file, offset, num_new, old_vocab_size=-1):
    """TF's GenerateVocabRemapping: per new entry, its line in the old vocabulary or -1."""
    old = {tok: i for i, tok in reversed(list(enumerate(
        _read_vocab(old_vocab_file, 0, old_vocab_size))))}
    new = _read_vocab(new_vocab_file, offset, num_new)
    if len(new) < num_new:
        raise ValueError("new vocabulary file %s has %d entries after offset %d, fewer than the "
                         "%d requested" % (new_vocab_file, len(new), offset, num_new))
    return np.array([old.get(tok, -1) for tok in new], np.int64)


def _load_and_remap(ckpt_path, tensor_name, row_offset, num_rows, num_cols, initializer,
                    old_row_vocab_size, row_files, col_files, row_oov, col_oov):
    rows = (_remapping(row_files[1], row_files[0], row_offset, num_rows, old_row_vocab_size)
            if row_files else np.arange(row_offset, row_offset + num_rows, dtype=np.int64))
    cols = (_remapping(col_files[1], col_files[0], 0, num_cols) if col_files
            else np.arange(num_cols, dtype=np.int64))
    present = (rows >= 0)[:, None] & (cols >= 0)[None, :]
    num_missing = int(present.size - present.sum())
    init_vals = initializer([num_missing, 1])
    with graph_lib.get_default_graph().device("/cpu:0"):
        old = io_ops.restore_v2(ckpt_path, [tensor_name], [""], [dtypes.float32],
                                name="checkpoint_initializer")[0]
    loaded = gather_ops.gather(gather_ops.gather(old, np.maximum(rows, 0)),
                               np.maximum(cols, 0), axis=1)
    flat = array_ops_join.concat([array_ops.reshape(loaded, [-1]),
                                  array_ops.reshape(init_vals, [-1])], 0)
    index = np.arange(present.size, dtype=np.int64).reshape(present.shape)
    index[~present] = present.size + np.arange(num_missing)
    result = array_ops.reshape(gather_ops.gather(flat, index.reshape(-1)), [num_rows, num_cols])
    if row_oov > 0:
        result = array_ops_join.concat([result, initializer([row_oov, num_cols])], 0)
    if col_oov > 0:
        result = array_ops_join.concat([result, initializer([num_rows + row_oov, col_oov])], 1)
    return result


def _shard_init_value(v, full_rows, axis, vocab, ckpt_path, tensor_name, initializer):
    """TF's `_load_and_remap_matrix_initializer(...)(shape, partition_info)` for one shard."""
    shape = v.shape.as_list()
    new_vocab, new_size, oov, old_vocab, old_size = vocab
    if axis == 0:
        new_rows, new_cols, row_oov, col_oov = new_size, shape[1], oov, 0
        row_files, col_files, old_row_size = (old_vocab, new_vocab), None, old_size
    else:
        new_rows, new_cols, row_oov, col_oov = full_rows, new_size, 0, oov
        row_files, col_files, old_row_size = None, (old_vocab, new_vocab), -1
    if len(shape) != 2:
        raise ValueError("Expected 2-dim shape, but received: {}".format(shape))
    if shape[1] != new_cols + col_oov:
        raise ValueError(
            "Expected 2nd dim of shape to be new_col_vocab_size ({}) + num_col_oov_buckets "
            "({}) = {}, but received shape: {}".format(new_cols, col_oov, new_cols + col_oov,
                                                       shape))
    info = getattr(v, "_save_slice_info", None)
    offset = info.var_offset[0] if info is not None else 0
    if offset + shape[0] > new_rows + row_oov:
        raise ValueError(
            "Trying to initialize {} additional rows after {} rows have already been "
            "initialized, which would exceed expected total row count of new_row_vocab_size "
            "({}) + num_row_oov_buckets ({}) = {}.".format(shape[0], offset, new_rows, row_oov,
                                                           new_rows + row_oov))
    oov_here = min(shape[0], max(0, offset + shape[0] - new_rows))
    if offset > new_rows:
        return initializer(shape)
    return _load_and_remap(ckpt_path, tensor_name, offset, shape[0] - oov_here, new_cols,
                           initializer, old_row_size, row_files, col_files, oov_here, col_oov)


def warm_start_var_with_vocab(var, vocab_info, prev_ckpt, prev_tensor_name):
    """Sets the initializer of `var` (a variable, a list of shards or a PartitionedVariable) to
    its checkpoint value remapped by `vocab_info` (a `tf.train.VocabInfo`)."""
    if not (vocab_info.new_vocab and vocab_info.new_vocab_size and prev_ckpt
            and vocab_info.old_vocab):
        raise ValueError("Invalid args: Must provide all of [current_vocab_path, "
                         "current_vocab_size, prev_ckpt, prev_vocab_path}.")
    if hasattr(var, "_get_variable_list"):
        var = var._get_variable_list()
    elif not isinstance(var, list):
        var = [var]
    if not prev_tensor_name:
        info = getattr(var[0], "_save_slice_info", None)
        prev_tensor_name = info.full_name if info is not None else var[0].op.name
    initializer = vocab_info.backup_initializer or init_ops.zeros_initializer()
    if not callable(initializer):
        raise TypeError("initializer must be callable, instead of being {} of type {}.".format(
            initializer, type(initializer)))
    ckpt_path = checkpoint_utils._checkpoint_filename(prev_ckpt)
    vocab = (vocab_info.new_vocab, vocab_info.new_vocab_size, vocab_info.num_oov_buckets,
             vocab_info.old_vocab, vocab_info.old_vocab_size)
    full_rows = sum(v.shape.as_list()[0] for v in var)
    for v in var:
        value = _shard_init_value(v, full_rows, vocab_info.axis, vocab, ckpt_path,
                                  prev_tensor_name, initializer)
        if getattr(v, "_should_act_as_resource_variable", False):
            v._initializer_op = v.assign(value, read_value=False)
        else:
            v._initializer_op = state_ops.assign(v._ref(), value).op
