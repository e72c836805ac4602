"""Shared by the tf.contrib.seq2seq tests: the small model's inputs and its fixed weights
(each variable set from a generator seeded by its name, as the TF 1.15 recordings were made)."""
from __future__ import annotations

import zlib

import numpy as np

B, TS, D, V, E = 2, 4, 5, 7, 3
MEM = np.random.RandomState(0).uniform(-1, 1, (B, TS, D)).astype(np.float32)
MSL = np.array([4, 2], np.int32)
DEC_IN = np.array([[2, 3, 4], [5, 6, 0]], np.int32)
DEC_LEN = np.array([3, 2], np.int32)
H0 = np.random.RandomState(1).uniform(-1, 1, (B, 6)).astype(np.float32)
C0 = np.random.RandomState(2).uniform(-1, 1, (B, 6)).astype(np.float32)


def weights_for(name, shape):
    rng = np.random.RandomState(zlib.crc32(name.encode()) % (2 ** 31))
    return rng.uniform(-0.8, 0.8, shape).astype(np.float32)


def run_fixed(tf, fetch):
    """Runs `fetch` after setting every variable to its name-keyed fixed value."""
    with tf.Session() as sess:
        for v in tf.global_variables():
            sess.run(v.assign(weights_for(v.op.name, v.get_shape().as_list())))
        return sess.run(fetch)


def close(got, want):
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6)
