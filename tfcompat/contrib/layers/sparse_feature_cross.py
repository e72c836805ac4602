"""contrib.layers' sparse_feature_cross with hashed output (TF 1.15
contrib/layers/kernels/sparse_feature_cross_kernel.cc), what crossed_column hashes with. With no
hash_key, TF's SparseFeatureCross (V1) chains `HashCombine` from the seed 0xDECAFCAFFE over
each feature's Fingerprint64 (strings) or value (integers); with a hash_key it is the core
SparseCross (FingerprintCat64 chains). V1 runs here as a py_func over the same inputs (sparse
first, then dense; each row the cartesian product of its features, the last input fastest)."""
from __future__ import annotations

import itertools

import numpy as np

import tfcompat as tf
from tfcompat.ops import _string_hash as hashes
from tfcompat.ops.sparse_cross_ops import sparse_cross_hashed

_SEED = 0xDECAFCAFFE
_M = 1 << 64
_INT64_MAX = (1 << 63) - 1


def _hash_combine(a, b):
    """TF's `a ^ (b + 0x9e3779b97f4a7800 + (a << 10) + (a >> 4))` on 64-bit words (a >> 4 an
    arithmetic shift of the signed a)."""
    a %= _M
    signed_a = a - _M if a >= (1 << 63) else a
    t = (b + 0x9e3779b97f4a7800 + ((a << 10) % _M) + ((signed_a >> 4) % _M)) % _M
    return a ^ t


def _feature(value):
    if isinstance(value, (bytes, str)):
        return hashes.fingerprint64(value.encode() if isinstance(value, str) else value)
    return int(value) % _M


def _rows(batch, indices, values):
    rows = [[] for _ in range(batch)]
    for index, value in zip(indices.tolist(), values.tolist()):
        rows[index[0]].append(value)
    return rows


def _cross_v1(num_buckets, n_sparse):
    def cross(*arrays):
        sparse = [arrays[3 * i:3 * i + 3] for i in range(n_sparse)]
        dense = arrays[3 * n_sparse:]
        batch = int(sparse[0][2][0]) if sparse else int(dense[0].shape[0])
        columns = [_rows(batch, ind, val) for ind, val, _ in sparse]
        columns += [[list(row) for row in d.tolist()] for d in dense]
        out_indices, out_values, width = [], [], 0
        for b in range(batch):
            crosses = []
            for combo in itertools.product(*(c[b] for c in columns)):
                h = _SEED
                for feature in combo:
                    h = _hash_combine(h, _feature(feature))
                crosses.append(h % (num_buckets if num_buckets > 0 else _INT64_MAX))
            out_indices.extend([b, j] for j in range(len(crosses)))
            out_values.extend(crosses)
            width = max(width, len(crosses))
        return (np.array(out_indices, np.int64).reshape(-1, 2),
                np.array(out_values, np.int64), np.array([batch, width], np.int64))
    return cross


def sparse_feature_cross(inputs, hashed_output=False, num_buckets=0, name=None,
                         hash_key=None):
    """Hashed crosses (int64 ids modulo `num_buckets`) of SparseTensors and dense Tensors."""
    if not hashed_output:
        raise ValueError("sparse_feature_cross with string output is not supported by "
                         "tfcompat (use tf.sparse.cross)")
    if hash_key:
        return sparse_cross_hashed(inputs, num_buckets=num_buckets, hash_key=hash_key,
                                   name=name)
    sparse = [i for i in inputs if isinstance(i, tf.SparseTensor)]
    dense = [i for i in inputs if not isinstance(i, tf.SparseTensor)]
    flat = []
    for sp in sparse:
        values = sp.values if sp.values.dtype == tf.string else tf.cast(sp.values, tf.int64)
        flat += [sp.indices, values, sp.dense_shape]
    flat += [d if d.dtype == tf.string else tf.cast(d, tf.int64) for d in dense]
    with tf.name_scope(name, "SparseFeatureCross", flat):
        indices, values, shape = tf.py_func(_cross_v1(num_buckets, len(sparse)), flat,
                                            [tf.int64, tf.int64, tf.int64], stateful=False)
    indices.set_shape([None, 2])
    values.set_shape([None])
    shape.set_shape([2])
    return tf.SparseTensor(indices, values, shape)
