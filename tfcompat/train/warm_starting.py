"""`tf.train.warm_start` and `tf.train.VocabInfo` (TF's training/warm_starting_util.py):
initialize a new model's variables from another run's checkpoint.

Each selected variable (or partitioned variable, by its full name) gets an initializer that
reads the checkpoint tensor of the same name, or of the name `var_name_to_prev_var_name`
gives (`tf.train.init_from_checkpoint` does the reading). A variable named in
`var_name_to_vocab_info` has its rows (columns) remapped from the old vocabulary to the new one
(train/_vocab_remap.py).
"""
from __future__ import annotations

import collections

from tfcompat import tf_logging as logging
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.graph import GraphKeys
from tfcompat.train import checkpoint_utils
from tfcompat.train._vocab_remap import warm_start_var_with_vocab

__all__ = ["VocabInfo", "warm_start"]


class VocabInfo(collections.namedtuple("VocabInfo", [
        "new_vocab", "new_vocab_size", "num_oov_buckets", "old_vocab", "old_vocab_size",
        "backup_initializer", "axis"])):
    """TF's `tf.train.VocabInfo`: how a variable's rows (axis 0) or columns (axis 1) follow a
    vocabulary that changed between the checkpoint and the new model."""

    def __new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size=-1,
                backup_initializer=None, axis=0):
        if axis not in (0, 1):
            raise ValueError("The only supported values for the axis argument are 0 and 1.  "
                             "Provided axis: {}".format(axis))
        return super().__new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab,
                               old_vocab_size, backup_initializer, axis)


def _infer_var_name(var):
    """The checkpoint name of a variable, of its shards, or of a PartitionedVariable."""
    if hasattr(var, "_get_variable_list"):
        return var.name
    parts = var if isinstance(var, list) else [var]
    info = getattr(parts[0], "_save_slice_info", None)
    return info.full_name if info is not None else parts[0].op.name


def _grouped_variables(vars_to_warm_start):
    if isinstance(vars_to_warm_start, str) or vars_to_warm_start is None:
        logging.info("Warm-starting variables only in TRAINABLE_VARIABLES.")
        found = graph_lib.get_collection(GraphKeys.TRAINABLE_VARIABLES, scope=vars_to_warm_start)
    elif isinstance(vars_to_warm_start, list):
        if all(isinstance(v, str) for v in vars_to_warm_start):
            found = []
            for v in vars_to_warm_start:
                found += graph_lib.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=v)
        elif all(checkpoint_utils._is_variable(v) for v in vars_to_warm_start):
            found = vars_to_warm_start
        else:
            raise ValueError("If `vars_to_warm_start` is a list, it must be all `Variable` or "
                             "all `str`.  Given types are {}".format(
                                 [type(v) for v in vars_to_warm_start]))
    else:
        raise ValueError("`vars_to_warm_start must be a `list` or `str`.  Given type is {}"
                         .format(type(vars_to_warm_start)))
    grouped = {}
    for v in found:
        grouped.setdefault(_infer_var_name(v), []).append(v)
    return grouped


def warm_start(ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
               var_name_to_prev_var_name=None):
    """TF1 `tf.train.warm_start`: the selected variables (a regex over trainable variables,
    a list of scope regexes over global variables, or a list of variables) initialize from
    `ckpt_to_initialize_from` (a checkpoint file or directory)."""
    logging.info("Warm-starting from: %s", ckpt_to_initialize_from)
    grouped = _grouped_variables(vars_to_warm_start)
    var_name_to_vocab_info = var_name_to_vocab_info or {}
    var_name_to_prev_var_name = var_name_to_prev_var_name or {}
    prev_used, vocab_used, assignments, count = set(), set(), {}, 0
    for var_name, variable in grouped.items():
        prev = var_name_to_prev_var_name.get(var_name)
        if prev:
            prev_used.add(var_name)
        vocab_info = var_name_to_vocab_info.get(var_name)
        if vocab_info:
            vocab_used.add(var_name)
            count += 1
            warm_start_var_with_vocab(variable, vocab_info, ckpt_to_initialize_from, prev)
        elif vars_to_warm_start:
            count += 1
            assignments[prev or var_name] = variable[0] if len(variable) == 1 else variable
    checkpoint_utils.init_from_checkpoint(ckpt_to_initialize_from, assignments)
    logging.info("Warm-started %d variables.", count)
    unused = set(var_name_to_prev_var_name) - prev_used
    unused_vocab = set(var_name_to_vocab_info) - vocab_used
    if unused:
        raise ValueError("You provided the following variables in var_name_to_prev_var_name "
                         "that were not used: {0}.  Perhaps you misspelled them?  Here is the "
                         "list of viable variable names: {1}".format(unused, grouped.keys()))
    if unused_vocab:
        raise ValueError("You provided the following variables in var_name_to_vocab_info that "
                         "were not used: {0}.  Perhaps you misspelled them?  Here is the list of "
                         "viable variable names: {1}".format(unused_vocab, grouped.keys()))
