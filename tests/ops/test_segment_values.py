"""Segment reductions: sorted Segment* and unsorted UnsortedSegment* values, empty segments,
NaN rows, integer wrap-around, the kernels' checks and the gradients.

Every expected value here was recorded from TensorFlow 2.21's `tensorflow.compat.v1` (graph
mode); run with TFCOMPAT_TEST_AGAINST_TF=1 to check them again.
"""
import numpy as np
import pytest

nan = np.nan
D = np.arange(12, dtype=np.float32).reshape(4, 3)
F32_MAX = float(np.finfo(np.float32).max)


def run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


@pytest.mark.parametrize("name, expect", [
    ("segment_sum", [[3, 5, 7], [6, 7, 8], [0, 0, 0], [9, 10, 11]]),
    ("segment_mean", [[1.5, 2.5, 3.5], [6, 7, 8], [0, 0, 0], [9, 10, 11]]),
    ("segment_max", [[3, 4, 5], [6, 7, 8], [0, 0, 0], [9, 10, 11]]),
    ("segment_min", [[0, 1, 2], [6, 7, 8], [0, 0, 0], [9, 10, 11]]),
    ("segment_prod", [[0, 4, 10], [6, 7, 8], [1, 1, 1], [9, 10, 11]]),
])
def test_sorted_segments(tf, name, expect):
    out = getattr(tf, name)(D, [0, 0, 1, 3])
    assert out.shape.as_list() == [None, 3]
    assert run(tf, out).tolist() == expect


@pytest.mark.parametrize("name, expect", [
    ("unsorted_segment_sum", [[6, 8, 10], [9, 10, 11], [3, 4, 5], [0, 0, 0]]),
    ("unsorted_segment_max", [[6, 7, 8], [9, 10, 11], [3, 4, 5], [-F32_MAX] * 3]),
    ("unsorted_segment_min", [[0, 1, 2], [9, 10, 11], [3, 4, 5], [F32_MAX] * 3]),
    ("unsorted_segment_prod", [[0, 7, 16], [9, 10, 11], [3, 4, 5], [1, 1, 1]]),
    ("unsorted_segment_mean", [[3, 4, 5], [9, 10, 11], [3, 4, 5], [0, 0, 0]]),
])
def test_unsorted_segments(tf, name, expect):
    out = getattr(tf, name)(D, [0, 2, 0, 1], 4)
    assert out.shape.as_list() == [4, 3]
    assert run(tf, out).tolist() == expect
    # a negative id drops its row: rows 0 and 2 fill segment 0, row 3 segment 1
    dropped = run(tf, getattr(tf, name)(D, [0, -1, 0, 1], 3)).tolist()
    assert dropped[:2] == [expect[0], expect[1]] and dropped[2] == expect[3]


def test_unsorted_sqrt_n_and_integer_means(tf):
    out = run(tf, [tf.unsorted_segment_sqrt_n(D, [0, 2, 0, 1], 4),
                   tf.unsorted_segment_mean(np.array([1, 2, 4, 7], np.int32), [0, 0, 1, 1], 3),
                   tf.unsorted_segment_mean(np.array([1, 2, 4, 7], np.uint8), [0, 0, 1, 1], 3),
                   tf.segment_mean(np.array([100, 100, -7, 7], np.int8), [0, 0, 1, 1]),
                   tf.segment_sum(np.array([100, 100, -7, 7], np.int8), [0, 0, 1, 1])])
    np.testing.assert_allclose(out[0][0], [4.2426410, 5.6568542, 7.0710678], rtol=1e-6)
    assert out[1].dtype == np.float64 and out[1].tolist() == [1.5, 5.5, 0.0]
    assert out[2].dtype == np.float32 and out[2].tolist() == [1.5, 5.5, 0.0]
    assert out[3].tolist() == [-28, 0] and out[4].tolist() == [-56, 0]  # int8 sums wrap


def test_segments_with_nan(tf):
    # TF's max/min keep `acc = x` unless x is strictly worse, so a NaN resets the running
    # value: only rows after a segment's last NaN count, and a trailing NaN wins.
    values = np.array([nan, 1, 2, nan, 5, nan, 3, 4], np.float32)
    ids = [0, 0, 1, 1, 1, 2, 2, 2]
    out = run(tf, [tf.segment_max(values, ids), tf.segment_min(values, ids),
                   tf.unsorted_segment_max(values, ids, 3),
                   tf.unsorted_segment_max(np.array([3, nan, 1, nan, 5], np.float32),
                                           [0, 1, 0, 0, 1], 2),
                   tf.segment_sum(values, ids)])
    np.testing.assert_array_equal(out[0], [1, 5, 4])
    np.testing.assert_array_equal(out[1], [1, 5, 3])
    np.testing.assert_array_equal(out[2], [1, 5, 4])
    np.testing.assert_array_equal(out[3], [nan, 5])
    np.testing.assert_array_equal(out[4], [nan, nan, nan])


@pytest.mark.parametrize("dtype, top", [("uint32", 4294967295), ("uint64", 2 ** 64 - 1)])
def test_unsigned_segments(tf, dtype, top):
    data = np.array([top, 2, 4, 7], dtype)
    out = run(tf, [tf.unsorted_segment_sum(data, [0, 0, 1, 1], 3),
                   tf.unsorted_segment_max(data, [0, 0, 1, 1], 3),
                   tf.segment_min(data, [0, 0, 1, 1])])
    assert [int(v) for v in out[0]] == [1, 11, 0]
    assert [int(v) for v in out[1]] == [top, 7, 0] and [int(v) for v in out[2]] == [2, 4]


@pytest.mark.parametrize("ids, text", [
    ([0, 1, 0, 1], "segment ids are not increasing"),
    ([-1, 0, 0, 1], "Segment id -1 out of range [0, 2), possibly because 'segment_ids' input "
                    "is not sorted."),
    ([0, 0, 1], "segment_ids should be the same size as dimension 0 of input."),
])
def test_sorted_segment_errors(tf, ids, text):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(tf, tf.segment_sum(D, ids))
    assert text in str(info.value)


def test_segment_build_and_run_errors(tf):
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.segment_max(D, [[0, 0], [1, 1]])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 4 and 3"):
        tf.unsorted_segment_sum(D, [0, 0, 0], 2)
    with pytest.raises(ValueError, match="given by scalar input 2, must be non-negative but is "
                                         "-1"):
        tf.unsorted_segment_sum(D, [0, 0, 0, 0], -1)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"segment_ids\[1\] = 5 is out of "
                                                             r"range \[0, 3\)"):
        run(tf, tf.unsorted_segment_max(D, [0, 5, 0, 1], 3))


def test_segment_gradients(tf):
    x = tf.constant([1., 5., 5., 2., 3., 3.])
    ids = [0, 0, 0, 1, 1, 1]
    grads = run(tf, [tf.gradients(tf.segment_max(x, ids) * [1., 2.], x)[0],
                     tf.gradients(tf.segment_prod(x, ids) * [1., 2.], x)[0],
                     tf.gradients(tf.unsorted_segment_min(x, ids, 3) * [1., 2., 3.], x)[0],
                     tf.gradients(tf.unsorted_segment_sqrt_n(x, ids, 3) * [1., 2., 3.], x)[0]])
    assert grads[0].tolist() == [0, 0.5, 0.5, 0, 1, 1]     # ties share the gradient
    assert grads[1].tolist() == [25, 5, 5, 18, 12, 12]
    assert grads[2].tolist() == [1, 0, 0, 2, 0, 0]
    np.testing.assert_allclose(grads[3], [0.57735026] * 3 + [1.1547005] * 3, rtol=1e-6)
    zeros = tf.constant([0., 2., 3., 0., 0., 4.])
    assert run(tf, tf.gradients(tf.unsorted_segment_prod(zeros, ids, 2), zeros)[0]).tolist() \
        == [6, 0, 0, 0, 0, 0]
