"""Graph and op seeds select random streams as in TF1: every (graph seed, op seed) pair its own
stream (all 31 bits of both count, not just the graph seed's parity), the same numbers for the
same pair in a fresh graph or session, and TF's rules for the seeds an op records. The seed
attrs were recorded from TF 2.21 compat.v1 (which numbers ops seeded only by the graph seed
0, 1, 2 ... per graph); TF's own Philox numbers are not reproduced."""
import numpy as np
import pytest


def _draw(tf, graph_seed=None, op_seed=None):
    with tf.Graph().as_default():
        if graph_seed is not None:
            tf.set_random_seed(graph_seed)
        a = tf.random_normal([6], seed=op_seed)
        v = tf.get_variable("v", [3, 2])   # glorot_uniform, seeded from the graph seed
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            if graph_seed is None:   # the initializer has no seed at all: it differs
                return sess.run(a)
            return np.concatenate([sess.run(a), sess.run(v).ravel()])


def _all_distinct(draws):
    return all(not np.array_equal(draws[i], draws[j])
               for i in range(len(draws)) for j in range(i + 1, len(draws)))


def test_every_graph_seed_selects_its_own_stream(tf):
    draws = [_draw(tf, s) for s in (1, 3, 5, 2, 4, 6, 2**31 - 2)]
    assert _all_distinct(draws)


def test_every_op_seed_selects_its_own_stream(tf):
    draws = [_draw(tf, 1, s) for s in (1, 3, 5, 2, 4, 6)]
    draws += [_draw(tf, None, s) for s in (1, 3, 2)]
    assert _all_distinct(draws)


@pytest.mark.parametrize("graph_seed, op_seed", [(1, None), (3, 8), (None, 8), (0, 0)])
def test_same_seeds_repeat_in_a_fresh_graph(tf, graph_seed, op_seed):
    np.testing.assert_array_equal(_draw(tf, graph_seed, op_seed), _draw(tf, graph_seed,
                                                                        op_seed))


def test_unseeded_ops_differ_between_graphs(tf):
    assert not np.array_equal(_draw(tf), _draw(tf))


def _seed_attrs(graph):
    return [(op.name, op.get_attr("seed"), op.get_attr("seed2"))
            for op in graph.get_operations()
            if op.type in ("RandomStandardNormal", "RandomUniform", "TruncatedNormal",
                           "RandomUniformInt")]


def test_op_seeds_follow_tf_rules(tf):
    graph = tf.get_default_graph()
    tf.set_random_seed(5)
    tf.random_normal([4])
    tf.random_uniform([2, 3])
    tf.truncated_normal([3], seed=9)
    tf.get_variable("v", [3, 4])
    tf.get_variable("w", [2], initializer=tf.random_normal_initializer())
    assert _seed_attrs(graph) == [
        ("random_normal/RandomStandardNormal", 5, 0),
        ("random_uniform/RandomUniform", 5, 1),
        ("truncated_normal/TruncatedNormal", 5, 9),
        ("v/Initializer/random_uniform/RandomUniform", 5, 2),
        ("w/Initializer/random_normal/RandomStandardNormal", 5, 3)]


def test_op_seed_without_graph_seed_and_truncation(tf):
    graph = tf.get_default_graph()
    tf.random_normal([4], seed=3)
    tf.random_uniform([2], maxval=5, dtype=tf.int32, seed=0)
    tf.set_random_seed(0)
    tf.random_normal([4], seed=0)             # (0, 0) is TF's "unseeded": becomes (0, 2^31-1)
    tf.set_random_seed(2**31 + 3)
    tf.random_normal([4], seed=2**32 + 7)     # both truncated modulo 2^31 - 1
    assert _seed_attrs(graph) == [
        ("random_normal/RandomStandardNormal", 87654321, 3),
        ("random_uniform", 87654321, 0),
        ("random_normal_1/RandomStandardNormal", 0, 2**31 - 1),
        ("random_normal_2/RandomStandardNormal", 4, 9)]


def test_stream_advances_per_run_and_restarts_per_session(tf):
    tf.set_random_seed(11)
    a = tf.random_normal([3])
    b = tf.random_normal([3], seed=1)
    c = tf.random_normal([3], seed=1)
    with tf.Session() as sess:
        first, second = sess.run(a), sess.run(a)
        same_b, same_c = sess.run([b, c])
    with tf.Session() as sess:
        again = sess.run(a)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(same_b, same_c)   # one (graph, op) seed pair, one stream
