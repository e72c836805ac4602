"""An audit of TF 1.15's ragged API against real TF: RaggedTensor indexing with Ellipsis and
tf.newaxis, merge_dims of any axes, row_splits dtype mismatches, the dispatch of tf.gather_nd /
tf.batch_gather / tf.squeeze / tf.strings.split (and complex, angle, hash buckets, base64) to
their ragged implementations, and tf.ragged.constant's errors and names. Expected values were
printed by TF 2.21 compat.v1 with disable_v2_behavior(); the `tf` fixture runs the same tests
against real TF with TFCOMPAT_TEST_AGAINST_TF=1."""
import numpy as np
import pytest

MISMATCH = "Input RaggedTensors have mismatched row_splits dtypes"


def _run(tf, fetch):
    with tf.Session() as sess:
        value = sess.run(fetch)
    return value.to_list() if hasattr(value, "to_list") else np.asarray(value).tolist()


def _check(tf, t, shape, expected, ragged=True):
    assert isinstance(t, tf.RaggedTensor) == ragged
    assert t.shape.as_list() == shape
    assert _run(tf, t) == expected


def _rts(tf):
    return (tf.ragged.constant([[1, 2, 3], [], [4, 5]]),
            tf.ragged.constant([[[1, 2], [3]], [[4]], []]),
            tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1))


def test_getitem_ellipsis(tf):
    rt, rt3, rd = _rts(tf)
    _check(tf, rt[...], [3, None], [[1, 2, 3], [], [4, 5]])
    _check(tf, rt[..., 1:], [3, None], [[2, 3], [], [5]])
    _check(tf, rt3[..., 1:], [3, None, None], [[[2], []], [[]], []])
    _check(tf, rt3[1, ...], [1, None], [[4]])
    _check(tf, rd[..., 0], [2, None], [[1, 3], [5]])
    _check(tf, rt[1:, ..., :1], [2, None], [[], [4]])
    _check(tf, rt[0, 1, ...], [], 2, ragged=False)
    for bad in (lambda: rd[..., 1, :], lambda: rt[..., 0]):
        with pytest.raises(ValueError, match="Cannot index into an inner ragged dimension."):
            bad()
    with pytest.raises(ValueError, match="Index out of range using input dim 1; input has "
                                         "only 1 dims"):
        rt[:, :, :, ...]


def test_getitem_newaxis(tf):
    rt, _, rd = _rts(tf)
    _check(tf, rt[tf.newaxis, 1:], [1, 2, None], [[[], [4, 5]]])
    _check(tf, rt[:, tf.newaxis], [3, 1, None], [[[1, 2, 3]], [[]], [[4, 5]]])
    _check(tf, rt[:, :, tf.newaxis], [3, None, 1], [[[1], [2], [3]], [], [[4], [5]]])
    _check(tf, rd[:, :, tf.newaxis, 0], [2, None, 1], [[[1], [3]], [[5]]])
    _check(tf, rt[tf.newaxis, tf.newaxis], [1, 1, 3, None], [[[[1, 2, 3], [], [4, 5]]]])
    _check(tf, rt[1:, tf.newaxis, 1:], [2, 1, None], [[[]], [[5]]])


def test_merge_dims(tf):
    _, rt3, rd = _rts(tf)
    _check(tf, rt3.merge_dims(0, 1), [3, None], [[1, 2], [3], [4]])
    _check(tf, rt3.merge_dims(1, 2), [3, None], [[1, 2, 3], [4], []])
    _check(tf, rt3.merge_dims(-2, -1), [3, None], [[1, 2, 3], [4], []])
    _check(tf, rt3.merge_dims(0, 2), [4], [1, 2, 3, 4], ragged=False)
    _check(tf, rd.merge_dims(1, 2), [2, None], [[1, 2, 3, 4], [5, 6]])
    _check(tf, rd.merge_dims(0, -1), [6], [1, 2, 3, 4, 5, 6], ragged=False)
    assert rt3.merge_dims(1, 1) is rt3
    rt4 = tf.ragged.constant([[[[1], [2]], [[3]]], [[[4, 5]]]])
    _check(tf, rt4.merge_dims(2, 3), [2, None, None], [[[1, 2], [3]], [[4, 5]]])
    _check(tf, rt4.merge_dims(1, 3), [2, None], [[1, 2, 3], [4, 5]])
    with pytest.raises(ValueError, match=r"Expected outer_axis \(2\) to be less than or equal "
                                         r"to inner_axis \(1\)."):
        rt3.merge_dims(2, 1)
    with pytest.raises(ValueError, match="inner_axis=3 out of bounds: expected "
                                         "-3<=inner_axis<3"):
        rt3.merge_dims(0, 3)


def test_mismatched_row_splits_dtypes(tf):
    r32 = tf.ragged.constant([[1]], row_splits_dtype=tf.int32)
    r64 = tf.ragged.constant([[2]])
    for bad in (lambda: tf.stack([r32, r64]), lambda: tf.ragged.stack([r32, r64]),
                lambda: tf.concat([r32, r64], 0), lambda: r32 + r64,
                lambda: tf.batch_gather(r32, tf.ragged.constant([[0]]))):
        with pytest.raises(ValueError, match=MISMATCH):
            bad()
    _check(tf, tf.concat([r32, r32.with_row_splits_dtype(tf.int32)], 0), [2, None], [[1], [1]])
    with pytest.raises(ValueError):   # TF 1.15: "dtype mismatch: row_splits (...) vs ..."
        tf.RaggedTensor.from_row_splits(tf.RaggedTensor.from_row_splits(
            [1, 2], tf.constant([0, 1, 2], tf.int64)), tf.constant([0, 2], tf.int32))


def test_gather_nd(tf):
    rt, rt3, rd = _rts(tf)
    _check(tf, tf.gather_nd(rt, [[0], [2]]), [None, None], [[1, 2, 3], [4, 5]])
    _check(tf, tf.gather_nd(rt, [[0, 1], [2, 0]]), [2], [2, 4], ragged=False)
    _check(tf, tf.gather_nd(rt3, [[0, 0], [1, 0]]), [None, None], [[1, 2], [4]])
    _check(tf, tf.gather_nd(rt3, [[0, 0, 1]]), [1], [2], ragged=False)
    _check(tf, tf.gather_nd(rt, [2]), [None, None], [[4, 5]])
    _check(tf, tf.gather_nd(rt3, [[[0, 1]], [[1, 0]]]), [2, 1, None], [[[3]], [[4]]])
    _check(tf, tf.gather_nd(rt, [[[0]], [[2]]]), [2, 1, None], [[[1, 2, 3]], [[4, 5]]])
    idx = tf.ragged.constant([[[0, 1]], [[2, 0], [2, 1]]], ragged_rank=1)
    _check(tf, tf.gather_nd(rt, idx), [2, None], [[2], [4, 5]])
    idx = tf.ragged.constant([[[0, 1]], [[1, 0], [1, 1]]], ragged_rank=1)
    _check(tf, tf.gather_nd([[1, 2], [3, 4]], idx), [2, None], [[2], [3, 4]])
    _check(tf, tf.gather_nd(rd, [[1, 0, 1], [0, 1, 0]]), [2], [6, 3], ragged=False)
    assert tf.gather_nd(rt, [[0, 1]], name="g").name == "g/RaggedGather/GatherV2:0"
    with pytest.raises(ValueError, match="The innermost dimension of indices may not be "
                                         "ragged"):
        tf.gather_nd(rt3, tf.ragged.constant([[[0]], [[1], [0]]]))


def test_batch_gather(tf):
    rt, rt3, _ = _rts(tf)
    _check(tf, tf.batch_gather(rt, tf.ragged.constant([[2, 0], [], [1]])), [3, None],
           [[3, 1], [], [5]])
    _check(tf, tf.batch_gather(tf.ragged.constant([[1, 2, 3], [4, 5]]), [[0], [1]]), [2, 1],
           [[1], [5]], ragged=False)
    _check(tf, tf.batch_gather(rt3, tf.ragged.constant([[1], [0], []])), [3, None, None],
           [[[3]], [[4]], []])
    _check(tf, tf.batch_gather([[1, 2, 3], [4, 5, 6]], tf.ragged.constant([[2, 0], [1]])),
           [2, None], [[3, 1], [5]])
    _check(tf, tf.batch_gather(rt, [2, 0]), [None, None], [[4, 5], [1, 2, 3]])
    _check(tf, tf.batch_gather(rt3, tf.ragged.constant([[[1, 0], [0]], [[0]], []])),
           [3, None, None], [[[2, 1], [3]], [[4]], []])


def test_squeeze(tf):
    rt, _, _ = _rts(tf)
    col = tf.ragged.constant([[[1], [2]], [[3]]], ragged_rank=1)
    _check(tf, tf.squeeze(col, axis=[2]), [2, None], [[1, 2], [3]])
    _check(tf, tf.squeeze(col, squeeze_dims=[-1]), [2, None], [[1, 2], [3]])
    _check(tf, tf.squeeze(tf.ragged.constant([[[1]], [[2]]]), axis=1), [2, None], [[1], [2]])
    _check(tf, tf.squeeze(tf.ragged.constant([[1, 2]]), axis=0), [2], [1, 2], ragged=False)
    _check(tf, tf.squeeze(tf.ragged.constant([[[[12], [11]]]]), [0, 3]), [1, None], [[12, 11]])
    _check(tf, tf.squeeze(tf.ragged.constant([[1], [2]]), -1), [2], [1, 2], ragged=False)
    with pytest.raises(ValueError, match="Ragged.squeeze must have an axis argument."):
        tf.squeeze(rt)
    with pytest.raises(TypeError, match="Axis must be a list or tuple of integers."):
        tf.squeeze(rt, tf.constant([1]))
    with pytest.raises(ValueError, match=r"axis\[0\]=2 out of bounds: expected "
                                         r"-2<=axis\[0\]<2"):
        tf.squeeze(rt, [2])
    for axis in (0, 1):
        with pytest.raises(tf.errors.InvalidArgumentError):
            _run(tf, tf.squeeze(rt, axis=axis))


def test_strings_split_of_ragged_strings(tf):
    s = tf.ragged.constant([["a b", "c"], ["d e f"]])
    sparse = tf.strings.split(s)
    assert isinstance(sparse, tf.SparseTensor)
    with tf.Session() as sess:
        value = sess.run(sparse)
    assert value.indices.tolist() == [[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 0, 1],
                                      [1, 0, 2]]
    assert value.values.tolist() == [b"a", b"b", b"c", b"d", b"e", b"f"]
    assert value.dense_shape.tolist() == [2, 2, 3]
    _check(tf, tf.strings.split(s, result_type="RaggedTensor"), [2, None, None],
           [[[b"a", b"b"], [b"c"]], [[b"d", b"e", b"f"]]])
    _check(tf, tf.strings.split(tf.ragged.constant([[["a b"], ["c"]], []]),
                                result_type="RaggedTensor"),
           [2, None, None, None], [[[[b"a", b"b"]], [[b"c"]]], []])
    with pytest.raises(ValueError, match="Tensor conversion requested dtype string for "
                                         "RaggedTensor with dtype int32"):
        tf.strings.split(tf.ragged.constant([[1]]))


def test_more_elementwise_ops(tf):
    x = tf.ragged.constant([[1.], [2., 3.]])
    _check(tf, tf.complex(x, tf.ragged.constant([[4.], [5., 6.]])), [2, None],
           [[1 + 4j], [2 + 5j, 3 + 6j]])
    _check(tf, tf.math.angle(-x), [2, None], [[3.1415927410125732], [3.1415927410125732] * 2])
    words = tf.ragged.constant([["a", "b"], ["c"]])
    _check(tf, tf.string_to_hash_bucket(words, 100), [2, None], [[68, 70], [97]])
    _check(tf, tf.strings.to_hash_bucket_strong(words, 100, [1, 2]), [2, None],
           [[46, 84], [49]])
    coded = tf.io.encode_base64(tf.ragged.constant([["ab"], ["c"]]))
    _check(tf, coded, [2, None], [[b"YWI"], [b"Yw"]])
    _check(tf, tf.io.decode_base64(coded), [2, None], [[b"ab"], [b"c"]])


def test_ragged_constant_errors_and_names(tf):
    with pytest.raises(ValueError, match="row_splits must have dtype int32 or int64"):
        tf.ragged.constant([[1], [2, 3]], row_splits_dtype=tf.float32)
    with pytest.raises(TypeError, match="Expected int32, but got 1.5 of type 'float'."):
        tf.ragged.constant([[1.5], [2]], dtype=tf.int32)
    with pytest.raises(ValueError, match="all scalar values must have the same nesting "
                                         "depth"):
        tf.ragged.constant([[1, [2]], [3]])
    with pytest.raises(ValueError, match="Invalid ragged_rank=-1: must be nonnegative"):
        tf.ragged.constant([[1, 2]], ragged_rank=-1)
    # each call (a failing one too) takes a RaggedConstant name; no stray op outside it
    assert tf.ragged.constant([[1]]).values.name == "RaggedConstant_4/values:0"
    assert tf.ragged.constant([[1]], name="foo").row_splits.name == "foo/Const:0"
    assert tf.constant(1).name == "Const:0"
    _check(tf, tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], inner_shape=(2,)),
           [2, None, 2], [[[1, 2], [3, 4]], [[5, 6]]])
    _check(tf, tf.ragged.constant([[[[1]]]], ragged_rank=2), [1, None, None, 1], [[[[1]]]])


def test_segment_ids_to_row_splits_dtype(tf):
    splits = tf.ragged.segment_ids_to_row_splits(tf.constant([0, 1], tf.int32))
    assert splits.dtype == tf.int32 and _run(tf, splits) == [0, 1, 2]
    splits = tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=5)
    assert splits.dtype == tf.int64 and splits.shape.as_list() == [6]
    assert _run(tf, splits) == [0, 2, 2, 3, 3, 3]
    ids = tf.ragged.row_splits_to_segment_ids(tf.constant([0, 2, 3], tf.int32))
    assert ids.dtype == tf.int32 and _run(tf, ids) == [0, 0, 1]


def test_bounding_shape_and_row_index(tf):
    rt3 = tf.ragged.constant([[[1, 2], [3]], [[4]], []])
    cases = [(None, "RaggedBoundingBox/concat:0", [3], [3, 2, 2]),
             (0, "RaggedBoundingBox_1/sub:0", [], 3),
             (1, "RaggedBoundingBox_2/Maximum:0", [], 2),
             (2, "RaggedBoundingBox_3/GatherV2:0", [], 2),
             ([0, 2], "RaggedBoundingBox_4/GatherV2:0", [2], [3, 2])]
    for axis, name, shape, expected in cases:
        box = rt3.bounding_shape(axis=axis)
        assert box.name == name and box.shape.as_list() == shape
        assert _run(tf, box) == expected
    assert rt3.bounding_shape(out_type=tf.int32).dtype == tf.int32
    assert _run(tf, tf.ragged.constant([[], []]).bounding_shape()) == [2, 0]
    rd = tf.ragged.constant([[[1, 2]], []], ragged_rank=1)
    assert _run(tf, rd.bounding_shape()) == [2, 1, 2]
    rt = tf.ragged.constant([[1, 2, 3], [], [4, 5]])
    assert _run(tf, rt[-1]) == [4, 5] and _run(tf, rt[1]) == []
    assert _run(tf, rt[tf.constant(2, tf.int64)]) == [4, 5]
    with pytest.raises(ValueError, match="slice index 3 of dimension 0 out of bounds"):
        rt[3]   # TF: the row starts (3 of them) sliced at 3, at graph building


def test_decode_compressed_of_ragged(tf):
    _check(tf, tf.io.decode_compressed(tf.ragged.constant([["a"], []])), [2, None], [[b"a"], []])


@pytest.mark.tfcompat_only   # known_differences.txt: TF 2.21's kernel adds an empty token
def test_strings_split_maxsplit_on_whitespace_is_python_split(tf):
    s = tf.ragged.constant([["a b c"], ["d"]])
    _check(tf, tf.strings.split(s, maxsplit=1, result_type="RaggedTensor"), [2, None, None],
           [[[b"a", b"b c"]], [[b"d"]]])
