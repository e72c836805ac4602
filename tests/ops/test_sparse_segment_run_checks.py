"""SparseSegment{Sum,Mean,SqrtN}'s run-time checks in the order TF's kernel meets them (segment by
segment: ids increasing, id in range, then that segment's indices), its whole-input checks on the
last id, and the shape function's merge of indices with segment_ids; DynamicStitch's shape text.
Expected texts are what TF printed."""
import numpy as np
import pytest

CASES = [
    # indices, segment_ids, num_segments, expected message
    ([0, 2, 4, 1], [0, 0, 2, 1], None, "Bad: indices[1] == 2 out of range [0, 2)"),
    ([0, 2, 4, 1], [0, 0, 1, 3], 2, "segment ids must be < num_segments"),
    ([0, 1, 1], [0, 2, 1], None, "segment ids are not increasing"),
    ([0, 1, 1], [-1, 0, 1], None,
     "Segment id -1 out of range [0, 2), possibly because 'segment_ids' input is not sorted."),
    ([0, 1, 1], [0, 0, -1], None, "segment ids must be >= 0"),
    ([0, 1, 1], [0, 0, -1], 3, "segment ids are not increasing"),
    ([0, 1, 1], [-2, -1, -1], 3,
     "Segment id -2 out of range [0, 3), possibly because 'segment_ids' input is not sorted."),
    ([0, 3, 1, 0], [0, 1, 1, 0], None, "segment ids are not increasing"),
    ([0, -1, 1], [0, 0, 1], None, "Bad: indices[1] == -1 out of range [0, 2)"),
]


@pytest.mark.parametrize("indices,ids,num,message", CASES)
def test_sparse_segment_first_error(tf, indices, ids, num, message):
    data = tf.constant(np.ones((2, 3), np.float32))
    with tf.Session() as sess:
        for fn in (tf.sparse_segment_sum, tf.sparse_segment_mean, tf.sparse_segment_sqrt_n):
            out = fn(data, tf.constant(indices), tf.constant(ids), num_segments=num)
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(out)
            assert message in info.value.message


def test_sparse_segment_gaps_fill_zero(tf):
    data = tf.constant(np.ones((2, 3), np.float32))
    out = tf.sparse_segment_sqrt_n(data, tf.constant([0, 1, 1]), tf.constant([1, 1, 3]))
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(out)[:, 0], [0., 1.4142135, 0., 1.], rtol=1e-6)


def test_sparse_segment_shape_fn_merges_indices_and_ids(tf):
    data = tf.constant(np.ones((2, 3), np.float32))
    with pytest.raises(ValueError) as info:
        tf.sparse_segment_sum(data, tf.constant([0, 1]), tf.constant([0, 0, 1]), num_segments=3)
    assert ("Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2] and [3]."
            in str(info.value))
    with pytest.raises(ValueError) as info:
        tf.sparse_segment_mean(data, tf.constant([[0, 1]]), tf.constant([0, 0]))
    assert "Shape must be rank 1 but is rank 2" in str(info.value)


@pytest.mark.parametrize("build,message", [
    (lambda tf: tf.dynamic_partition(tf.ones([5, 4]), tf.constant([0, 1, 1]), 2),
     "Dimensions must be equal, but are 5 and 3"),
    (lambda tf: tf.dynamic_partition(tf.ones([3]), tf.zeros([3, 2], tf.int32), 2),
     "Shape must be at least rank 2 but is rank 1"),
    (lambda tf: tf.dynamic_stitch([tf.constant([0, 2])], [tf.ones([3, 3])]),
     "Dimensions must be equal, but are 3 and 2"),
    (lambda tf: tf.dynamic_stitch([tf.zeros([2, 2], tf.int32)], [tf.ones([2])]),
     "Shape must be at least rank 2 but is rank 1"),
    (lambda tf: tf.dynamic_stitch([tf.placeholder(tf.int32), tf.constant([1, 2])],
                                  [tf.ones([2, 2, 3]), tf.ones([3, 4])]),
     "Dimensions must be equal, but are 3 and 2"),
])
def test_partition_stitch_shape_fn_merge_prefix(tf, build, message):
    with pytest.raises(ValueError) as info:
        build(tf)
    assert message in str(info.value)


def test_partition_static_shape_after_prefix(tf):
    parts = tf.dynamic_partition(tf.ones([3, 2, 5]), tf.zeros([3, 2], tf.int32), 2)
    assert [p.shape.as_list() for p in parts] == [[None, 5], [None, 5]]


def test_dynamic_stitch_shape_text(tf):
    ids = tf.placeholder(tf.int32, [None])
    data = tf.placeholder(tf.float32, [None, 3])
    out = tf.dynamic_stitch([ids], [data])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(out, {ids: [0, 1], data: np.ones((5, 3))})
    assert "data[0].shape = [5,3] does not start with indices[0].shape = [2]" in info.value.message


@pytest.mark.tfcompat_only
def test_dynamic_stitch_repeated_index_gradient_is_the_derivative(tf):
    # TF's registered gradient gathers the output gradient for every input row, also for rows a
    # later index overwrote (they do not reach the output; TF gives a's row 0 [1, 2]); tfcompat
    # gives those rows zero (tests/differential/known_differences.txt)
    a = tf.constant([[1., 1.], [2., 2.]])
    b = tf.constant([[3., 3.], [4., 4.], [5., 5.]])
    st = tf.dynamic_stitch([tf.constant([0, 1]), tf.constant([1, 2, 0])], [a, b])
    ga, gb = tf.gradients(tf.reduce_sum(st * tf.constant([[1., 2.], [3., 4.], [5., 6.]])), [a, b])
    with tf.Session() as sess:
        ga, gb = sess.run([ga, gb])
    np.testing.assert_array_equal(ga, [[0., 0.], [0., 0.]])
    np.testing.assert_array_equal(gb, [[3., 4.], [5., 6.], [1., 2.]])
