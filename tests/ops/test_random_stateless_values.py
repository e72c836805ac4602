"""Stateless random ops give TensorFlow's numbers bit for bit (TF's Philox stream and its
kernels' transforms), and the seeded samplers follow TF's algorithms. Expected values were
recorded from TF 2.21 compat.v1 (CPU)."""
import numpy as np
import pytest


def _run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_stateless_float_draws_match_tf(tf):
    r = tf.random
    got = _run(tf, {
        "uniform": r.stateless_uniform([5], [1, 2]),
        "normal": r.stateless_normal([5], [1, 2]),
        "truncated": r.stateless_truncated_normal([5], [1, 2]),
        "uniform64": r.stateless_uniform([3], [7, 11], dtype=tf.float64),
        "normal64": r.stateless_normal([3], [7, 11], dtype=tf.float64)})
    np.testing.assert_array_equal(got["uniform"], np.float32(
        [0.8440604209899902, 0.19204533100128174, 0.9962232112884521, 0.16038739681243896,
         0.27199018001556396]))
    np.testing.assert_allclose(got["normal"], [0.544110119342804, 0.20738030970096588,
                                               0.0735643208026886, 0.04643455147743225,
                                               -1.301589846611023], rtol=1e-6)
    # the fifth value is the first of the second output group, which reads its own window
    np.testing.assert_allclose(got["truncated"][4], 0.16820591688156128, rtol=1e-6)
    np.testing.assert_array_equal(got["uniform64"], [0.8010994197375154, 0.3355276235608775,
                                                     0.3834773681838828])
    np.testing.assert_allclose(got["normal64"], [0.5721170971858979, -0.3409141641154505,
                                                 -0.32059098871919944], rtol=1e-14)


def test_stateless_discrete_draws_match_tf(tf):
    r = tf.random
    logits = tf.log([[0.5, 0.5]])
    got = _run(tf, {
        "int": r.stateless_uniform([5], [1, 2], minval=0, maxval=10, dtype=tf.int32),
        "categorical": r.stateless_categorical(logits, 5, [1, 2]),
        "binomial": r.stateless_binomial([5], [1, 2], counts=10.0, probs=0.5),
        "binomial_btrs": r.stateless_binomial([4], [3, 4], counts=200.0, probs=0.3),
        "poisson": r.stateless_poisson([5], [1, 2], lam=3.0),
        "poisson_big": r.stateless_poisson([4], [3, 4], lam=40.0)})
    assert got["int"].tolist() == [0, 9, 4, 9, 7]
    assert got["categorical"].tolist() == [[1, 1, 0, 1, 1]]
    assert got["binomial"].tolist() == [6, 6, 7, 7, 6]
    assert got["binomial_btrs"].tolist() == [68, 63, 49, 61]
    assert got["poisson"].tolist() == [5, 5, 4, 6, 3]
    assert got["poisson_big"].tolist() == [47, 43, 29, 41]


def test_stateless_gamma_and_truncated_match_tf(tf):
    r = tf.random
    got = _run(tf, {
        "gamma": r.stateless_gamma([5], [1, 2], alpha=2.0),
        "gamma_small": r.stateless_gamma([4], [3, 4], alpha=0.4),
        "ptn": r.stateless_parameterized_truncated_normal([5], [1, 2], means=0.0, stddevs=1.0,
                                                          minvals=-1.0, maxvals=1.0)})
    np.testing.assert_allclose(got["gamma"], [2.8172736167907715, 1.9241365194320679,
                                              3.3360066413879395, 2.218280553817749,
                                              2.2619924545288086], rtol=1e-6)
    np.testing.assert_allclose(got["gamma_small"], [0.017437493428587914, 0.1745566427707672,
                                                    1.0911983251571655, 0.001044419826939702],
                               rtol=1e-6)
    np.testing.assert_allclose(got["ptn"], [0.6881208419799805, -0.6159093379974365,
                                            0.9924464225769043, -0.6792252063751221,
                                            -0.12129712104797363], rtol=1e-6)


def test_index_shuffle_is_tfs_permutation(tf):
    got = _run(tf, [tf.random_index_shuffle(3, [1, 2, 3], 9),
                    tf.random_index_shuffle(tf.range(10, dtype=tf.int64),
                                            tf.constant([5, 6, 7], tf.int64),
                                            tf.constant(9, tf.int64), rounds=6),
                    tf.random_index_shuffle(tf.constant(12345678901, tf.int64), [9, 8, 7],
                                            tf.constant(2**40, tf.int64))])
    assert int(got[0]) == 4
    assert got[1].tolist() == [2, 6, 3, 7, 9, 5, 4, 1, 0, 8]
    assert int(got[2]) == 331765907262


def test_split_and_fold_in_match_tf(tf):
    got = _run(tf, [tf.random.split([1, 2], 3), tf.random.fold_in([1, 2], 7)])
    assert got[0].tolist() == [[1105988140, 1738052849], [-335576002, 370444179],
                               [10670227, -246211131]]
    assert got[1].tolist() == [1105988140, 7]


@pytest.mark.tfcompat_only
def test_philox_stream_is_tfs():
    from tfcompat.ops import _philox
    key, counter = _philox.key_counter_from_seed(1, 2)
    first = _philox.blocks(key, counter, 0, 1)[0]
    assert first.tolist() == [1105988140, 1738052849, 3959391294, 370444179]
    # a block index past 2**64 carries into the counter's high word
    wrapped = _philox.blocks(key, (0xFFFFFFFF, 0xFFFFFFFF, 0, 0), 1, 1)
    assert wrapped.tolist() == _philox.blocks(key, (0, 0, 1, 0), 0, 1).tolist()
