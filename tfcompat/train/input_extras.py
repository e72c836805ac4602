"""`tf.train.match_filenames_once` (also `tf.io.match_filenames_once`) and the `maybe_*`
batching functions of TF1's training/input.py.
"""
from __future__ import annotations

from tfcompat.framework import graph as graph_lib
from tfcompat.ops.reader_ops import matching_files
from tfcompat.variables import Variable

__all__ = ["match_filenames_once"]


def match_filenames_once(pattern, name=None):
    """TF1 `tf.train.match_filenames_once`: a local variable holding the file names matching
    `pattern`, computed once, when local variables are initialized."""
    with graph_lib.name_scope(name, "matching_filenames", [pattern]) as name:
        return Variable(matching_files(pattern), name=name, trainable=False,
                        validate_shape=False, collections=[graph_lib.GraphKeys.LOCAL_VARIABLES])
