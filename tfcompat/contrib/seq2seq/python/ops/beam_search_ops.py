"""TF 1.15's `contrib/seq2seq/python/ops/beam_search_ops.py`: `gather_tree`."""

from tfcompat.contrib.seq2seq import beam_search_ops as _mod_beam_search_ops

gather_tree = _mod_beam_search_ops.gather_tree
