"""Build-time shape checks of BroadcastTo, Roll and Squeeze, and searchsorted with NaNs."""
import numpy as np
import pytest


def test_broadcast_to_incompatible_constant_shape(tf):
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.broadcast_to([1, 2, 3], [3, 2])
    with pytest.raises(ValueError, match="Shape must be at most rank 2 but is rank 3"):
        tf.broadcast_to(tf.zeros([2, 3, 4]), [3, 4])


def test_broadcast_to_static_shape_takes_input_dims(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    q = tf.placeholder(tf.int32, [None])
    assert tf.broadcast_to(p, [4, 2, 3]).shape.as_list() == [4, 2, 3]
    assert tf.broadcast_to(p, tf.stack([5, q[0], q[1]])).shape.as_list() == [5, None, 3]
    assert tf.broadcast_to(p, q).shape.ndims is None
    assert tf.broadcast_to(tf.zeros([1, 3]), [0, 3]).shape.as_list() == [0, 3]


def test_roll_shift_axis_shapes_must_match(tf):
    m = tf.zeros([3, 4])
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 0 and 1"):
        tf.roll(m, 1, [0])
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 2 "
                                         r"and 1\. Shapes are \[2\] and \[1\]\."):
        tf.roll(m, [1, 2], [0])
    assert tf.roll(m, tf.placeholder(tf.int32, [None]), [0]).shape.as_list() == [3, 4]


def test_squeeze_axis_out_of_range(tf):
    with pytest.raises(ValueError, match=r"squeeze_dims\[0\] not in \[-3,3\)\."):
        tf.squeeze(tf.zeros([1, 3, 1]), [3])
    with pytest.raises(ValueError, match=r"squeeze_dims\[1\] not in \[-3,3\)\."):
        tf.squeeze(tf.zeros([1, 3, 1]), [0, -4])
    with pytest.raises(ValueError, match=r"squeeze_dims\[0\] not in \[0,0\)\."):
        tf.squeeze(tf.zeros([]), [0])
    assert tf.squeeze(tf.zeros([1, 3, 1]), [-1]).shape.as_list() == [1, 3]


def test_searchsorted_with_nans_follows_std_bounds(tf):
    n = np.nan
    vals = tf.constant([n, -1, 0, 1, 2, 2.5, 3, 4, 7, 11, 13, 100], tf.float32)
    seq = tf.constant([0, 1, 2, 3, 4, 5, n, 7, 8, 9, 10, n, 12], tf.float32)
    with tf.Session() as sess:
        left, right, rows = sess.run([
            tf.searchsorted(seq, vals), tf.searchsorted(seq, vals, side="right"),
            tf.searchsorted(tf.constant([[1.0, n, 3.0], [n, 2.0, 2.0]], tf.float64),
                            tf.constant([[2.0, n], [2.0, 1.0]], tf.float64), side="right")])
    assert left.tolist() == [0, 0, 0, 1, 2, 3, 3, 4, 6, 6, 6, 6]
    assert right.tolist() == [13, 7, 7, 7, 7, 7, 7, 7, 8, 12, 13, 13]
    assert rows.tolist() == [[2, 3], [3, 1]]


def test_where_one_arg_float16_is_unimplemented(tf):
    half = tf.where(tf.constant([0.0, 2.0], tf.float16))
    bf16 = tf.where(tf.cast(tf.constant([0.0, 2.0]), tf.bfloat16))
    with tf.Session() as sess:
        assert sess.run(bf16).tolist() == [[1]]
        with pytest.raises(tf.errors.UnimplementedError, match="No WhereOp available for float16"):
            sess.run(half)


def test_select_v1_refuses_to_broadcast_at_run_time(tf):
    p = tf.placeholder(tf.int32, [None])
    bad = [tf.where(p > 0, p, p[:1]), tf.where(p[0] > 0, p, p[:1])]
    ok = [tf.where(p > 0, p, -p), tf.where(p > 0, tf.reshape(tf.range(4), [2, 2]),
                                             tf.zeros([2, 2], tf.int32))]
    with tf.Session() as sess:
        assert [v.tolist() for v in sess.run(ok, {p: [1, 0]})] == [[1, 0], [[0, 1], [0, 0]]]
        for t in bad:
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(t, {p: [1, 0]})
