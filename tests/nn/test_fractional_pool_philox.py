"""Seeded, deterministic fractional pooling lays its windows out as TF does: a fresh
PhiloxRandom(seed, seed2) per run, read for the rows and then the columns (RandDouble for the
pseudo-random layout, RandomShuffle of the sizes for the random one). Recorded from TF 2.21
compat.v1; the test also runs against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


@pytest.mark.parametrize("pool, ratio, pseudo, rows, cols, total", [
    ("max", [1.0, 1.44, 1.73, 1.0], True, [0, 1, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17],
     [0, 2, 3, 5, 7, 9, 10, 12, 14, 16, 18, 19, 21, 23], 124.4143),
    ("max", [1.0, 1.44, 1.73, 1.0], False, [0, 2, 3, 4, 6, 8, 9, 11, 12, 13, 15, 17],
     [0, 2, 4, 6, 7, 8, 10, 12, 14, 16, 18, 20, 21, 23], 121.6926),
    ("max", [1.0, 2.5, 1.3, 1.0], True, [0, 3, 5, 8, 11, 14, 17],
     [0, 1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 19, 20, 22, 23], 90.6332)])
def test_seeded_layout_is_tfs(tf, pool, ratio, pseudo, rows, cols, total):
    x = tf.constant(np.random.RandomState(0).rand(1, 17, 23, 1).astype(np.float32))
    out = tf.nn.fractional_max_pool(x, ratio, pseudo_random=pseudo, overlapping=True,
                                    deterministic=True, seed=1, seed2=2)
    with tf.Session() as sess:
        first = sess.run(out)
        again = sess.run(out)
    assert first[1].tolist() == rows and first[2].tolist() == cols
    assert again[1].tolist() == rows   # a fresh generator on every run
    np.testing.assert_allclose(first[0].sum(), total, rtol=1e-5)


def test_seeded_avg_pool_layout_is_tfs(tf):
    x = tf.constant(np.random.RandomState(0).rand(1, 17, 23, 1).astype(np.float32))
    out = tf.nn.fractional_avg_pool(x, [1.0, 3.0, 2.0, 1.0], True, False, True, 5, 6)
    with tf.Session() as sess:
        pooled, rows, cols = sess.run(out)
    assert rows.tolist() == [0, 4, 7, 11, 14, 17]
    assert cols.tolist() == [0, 2, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]
    np.testing.assert_allclose(pooled.sum(), 27.4521, rtol=1e-5)
