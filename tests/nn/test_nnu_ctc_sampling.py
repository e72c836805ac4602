"""Sweep S74's ctc / candidate-sampling edges: ComputeAccidentalHits checks its inputs' shapes
when the graph is built, and the beam decoder's top_paths > beam_width error text."""
import numpy as np
import pytest


def test_accidental_hits_num_true_checked_at_build(tf):
    true = tf.constant([[1, 2], [3, 3], [0, 5]], tf.int64)
    sampled = tf.constant([2, 3, 7, 0], tf.int64)
    with pytest.raises(ValueError, match=r"^Dimension must be 3 but is 2 for '\{\{node "
                                         r"ComputeAccidentalHits\}\} = ComputeAccidentalHits"):
        tf.nn.compute_accidental_hits(true, sampled, num_true=3)
    with pytest.raises(ValueError, match=r"^Shape must be rank 2 but is rank 1 for "):
        tf.nn.compute_accidental_hits(tf.constant([1, 2], tf.int64), sampled, num_true=1)
    with pytest.raises(ValueError, match=r"^Shape must be rank 1 but is rank 2 for "):
        tf.nn.compute_accidental_hits(true, tf.reshape(sampled, [2, 2]), num_true=2)


def test_accidental_hits_values(tf):
    true = tf.placeholder(tf.int64, [None, 2])
    rows, ids, weights = tf.nn.compute_accidental_hits(
        true, tf.constant([2, 3, 7, 3], tf.int64), num_true=2)
    assert rows.shape.as_list() == [None]
    with tf.Session() as sess:
        got = sess.run([rows, ids, weights], {true: [[1, 2], [3, 3], [0, 5]]})
    np.testing.assert_array_equal(got[0], [0, 1, 1])
    np.testing.assert_array_equal(got[1], [0, 3, 3])
    assert got[2].dtype == np.float32 and np.all(got[2] == -np.finfo(np.float32).max)


def test_beam_search_more_paths_than_beam(tf):
    logits = tf.constant(np.random.RandomState(0).randn(4, 1, 3).astype(np.float32))
    _, log_probs = tf.nn.ctc_beam_search_decoder(logits, [4], beam_width=2, top_paths=3)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"requested more paths than the beam width\."):
            sess.run(log_probs)
