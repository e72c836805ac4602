"""tensor_scatter_nd_update of tf.string and ReverseSequence's static shape checks."""
import numpy as np
import pytest


def test_tensor_scatter_update_strings(tf):
    t = tf.tensor_scatter_nd_update(tf.constant([["a", "b"], ["c", "d"]]), [[1], [1]],
                                    [["z", "y"], ["x", "w"]])
    with tf.Session() as sess:
        out = sess.run(t)
    assert out.tolist() == [[b"a", b"b"], [b"x", b"w"]]
    assert t.shape.as_list() == [2, 2]


def test_tensor_scatter_update_strings_out_of_range(tf):
    t = tf.tensor_scatter_nd_update(tf.constant(["a", "b"]), [[3]], ["z"])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"indices\[0\] = \[3\] does not index into shape \[2\]"):
            sess.run(t)


def test_reverse_sequence_length_mismatch_at_build(tf):
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.reverse_sequence(tf.zeros([3, 4]), [1, 1], seq_axis=1, batch_axis=0)


def test_reverse_sequence_axis_rank_errors(tf):
    with pytest.raises(ValueError, match="seq_dim must be < input rank: 2 vs. 2"):
        tf.reverse_sequence(tf.zeros([3, 4]), [1, 1, 1], seq_axis=2)
    with pytest.raises(ValueError, match="batch_dim must be < input rank: 3 vs. 2"):
        tf.reverse_sequence(tf.zeros([3, 4]), [1, 1, 1], seq_axis=1, batch_axis=3)
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.reverse_sequence(tf.zeros([3, 4]), [[1, 1, 1]], seq_axis=1)


def test_reverse_sequence_batch_dim_from_lengths(tf):
    x = tf.placeholder(tf.float32, [None, 4])
    assert x.shape.as_list() == [None, 4]
    assert tf.reverse_sequence(x, [1, 2], seq_axis=1).shape.as_list() == [2, 4]
    y = tf.reverse_sequence(tf.zeros([3, 4]), [1, 1, 1, 1], seq_axis=0, batch_axis=1)
    assert y.shape.as_list() == [3, 4]
    assert tf.reverse_sequence(tf.placeholder(tf.float32), [1, 2], seq_axis=1).shape.ndims is None
    with tf.Session() as sess:
        out = sess.run(tf.reverse_sequence(x, [1, 2], seq_axis=1),
                       {x: np.arange(8, dtype=np.float32).reshape(2, 4)})
    assert out.tolist() == [[0, 1, 2, 3], [5, 4, 6, 7]]
