"""Shape functions met in hand-written k-means / kNN code, as TF's: UnsortedSegmentSum refuses a
num_segments that is not a scalar ("Shape must be rank 0", not a crash), UniqueWithCounts of a
matrix builds (TF's shape function checks no rank) and fails when run."""
import numpy as np
import pytest


def test_unsorted_segment_sum_num_segments_must_be_a_scalar(tf):
    with pytest.raises(ValueError, match=r"Shape must be rank 0 but is rank 1 for "
                       r"'\{\{node UnsortedSegmentSum\}\} = UnsortedSegmentSum.*"
                       r"with input shapes: \[4,2\], \[4\], \[1\]"):
        tf.unsorted_segment_sum(tf.zeros([4, 2]), tf.zeros([4], tf.int32), tf.constant([2]))
    with pytest.raises(ValueError, match=r"Shape must be rank 0 but is rank 1.*\[4,2\], \[4\], \[\?\]"):
        tf.unsorted_segment_sum(tf.zeros([4, 2]), tf.zeros([4], tf.int32),
                                tf.placeholder(tf.int32, [None]))


def test_unique_with_counts_of_a_matrix_fails_at_run_time(tf):
    y, idx, count = tf.unique_with_counts(tf.zeros([2, 2]))
    assert (y.shape.as_list(), idx.shape.as_list(), count.shape.as_list()) == (
        [None], [2, 2], [None])
    p = tf.placeholder(tf.int32, [None, None])
    assert tf.unique_with_counts(p).idx.shape.as_list() == [None, None]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="unique expects a 1D vector."):
            sess.run(y)
        with pytest.raises(tf.errors.InvalidArgumentError, match="unique expects a 1D vector."):
            sess.run(tf.unique_with_counts(p).y, {p: [[3, 3]]})
        np.testing.assert_array_equal(sess.run(tf.unique_with_counts(tf.constant([4, 1, 4])).count),
                                      [2, 1])
