"""`tf.io.SparseFeature`: a feature parsed as index and value VarLenFeatures and merged into one
SparseTensor (TF's `_construct_tensors_for_composite_features`). The parse functions in
parsing_ops.py call `expand_sparse_features` before parsing and `merge_sparse_features` after.
"""
from __future__ import annotations

import collections

from tfcompat.framework import dtypes
from tfcompat.ops.sparse_ops_more import _sparse_merge_impl


class SparseFeature(collections.namedtuple(
        "SparseFeature", ["index_key", "value_key", "dtype", "size", "already_sorted"])):
    """TF1 `tf.io.SparseFeature`: a SparseTensor parsed from index feature(s) and a value
    feature; `size` is the dense size of each index dimension."""

    def __new__(cls, index_key, value_key, dtype, size, already_sorted=False):
        return super().__new__(cls, index_key, value_key, dtype, size, already_sorted)


def _index_keys(feature):
    return [feature.index_key] if isinstance(feature.index_key, str) else list(feature.index_key)


def expand_sparse_features(features, var_len_feature):
    """`features` with each SparseFeature replaced by VarLenFeatures for its keys (made with
    `var_len_feature`, passed in to keep this module free of parsing_ops)."""
    if not isinstance(features, dict):
        return features
    out = {k: f for k, f in features.items() if not isinstance(f, SparseFeature)}
    for key in sorted(features):
        f = features[key]
        if not isinstance(f, SparseFeature):
            continue
        if not f.index_key or not f.value_key or not f.dtype or f.size is None:
            raise ValueError("Missing index_key, value_key, dtype or size for SparseFeature %s."
                             % key)
        for index_key in _index_keys(f):
            if index_key in out and dtypes.as_dtype(out[index_key].dtype) != dtypes.int64:
                raise ValueError("Conflicting type for %s." % index_key)
            out[index_key] = var_len_feature(dtypes.int64)
        out[f.value_key] = var_len_feature(f.dtype)
    return out


def merge_sparse_features(parsed, features):
    """The parse result for the original `features`: SparseFeatures merged, the helper index
    and value entries they added dropped."""
    if not isinstance(features, dict) or not any(isinstance(f, SparseFeature)
                                                 for f in features.values()):
        return parsed
    parsed = dict(parsed)
    for key in sorted(features):
        f = features[key]
        if isinstance(f, SparseFeature):
            ids = [parsed[k] for k in _index_keys(f)]
            parsed[key] = _sparse_merge_impl(ids[0] if isinstance(f.index_key, str) else ids,
                                             parsed[f.value_key], f.size, None, f.already_sorted)
    return {k: v for k, v in parsed.items() if k in features}
