"""tf.batch_gather with indices past a row's end. TF 1.x flattens params to one axis and offsets
each row's indices by row * row_length before one GatherV2, so an index in [row_length,
rows * row_length) silently reads a later row (TF: batch_gather([[0,1,2,3],[4,5,6,7]],
[[0,4],[1,1]]) = [[0,4],[5,5]]) and only a flat index past the end fails. tfcompat checks each
index against its own row and raises InvalidArgumentError (known_differences.txt)."""
import numpy as np
import pytest

PARAMS = np.arange(8, dtype=np.float32).reshape(2, 4)


def test_batch_gather_in_range_matches_tf(tf):
    got = tf.batch_gather(tf.constant(PARAMS), [[3, 0], [1, 1]])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(got), [[3.0, 0.0], [5.0, 5.0]])


def test_batch_gather_past_the_flat_end_fails(tf):
    got = tf.batch_gather(tf.constant(PARAMS), [[0, 1], [1, 9]])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(got)


@pytest.mark.tfcompat_only
def test_batch_gather_index_past_its_row_fails(tf):
    got = tf.batch_gather(tf.constant(PARAMS), [[0, 4], [1, 1]])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0,1\] = 4 is not in \[0, 4\)"):
            sess.run(got)
