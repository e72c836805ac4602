"""TF 1.14+'s ragged dispatch: core ops (elementwise, reduce_*, gather, concat/stack,
strings.length, ...) called with RaggedTensors. Expected values were recorded from TF 2.21
compat.v1 with disable_v2_behavior() (TF 1.15 semantics where they differ, noted inline); the
`tf` fixture runs the same tests against real TF with TFCOMPAT_TEST_AGAINST_TF=1."""
import numpy as np
import pytest


def _run(tf, fetch):
    with tf.Session() as sess:
        value = sess.run(fetch)
    return value.to_list() if hasattr(value, "to_list") else np.asarray(value).tolist()


def _rt(tf):
    return tf.ragged.constant([[1., 2., 3.], [], [4., 5.]])


def test_elementwise_unary_and_binary(tf):
    rt = _rt(tf)
    log = tf.math.log(rt)
    assert log.shape.as_list() == [3, None] and log.dtype == tf.float32
    assert np.allclose(_run(tf, log.flat_values), [0., 0.693147, 1.098612, 1.386294, 1.609438])
    assert _run(tf, tf.add(rt, 1.)) == [[2., 3., 4.], [], [5., 6.]]
    assert _run(tf, tf.multiply(rt, rt)) == [[1., 4., 9.], [], [16., 25.]]
    assert _run(tf, tf.subtract(10., rt)) == [[9., 8., 7.], [], [6., 5.]]
    assert _run(tf, tf.pow(2., rt)) == [[2., 4., 8.], [], [16., 32.]]
    assert _run(tf, tf.abs(-rt)) == [[1., 2., 3.], [], [4., 5.]]
    assert _run(tf, tf.div(rt, 2.)) == [[0.5, 1., 1.5], [], [2., 2.5]]
    ri = tf.ragged.constant([[1, 2], [3]])
    assert _run(tf, tf.equal(ri, 3)) == [[False, False], [True]]
    assert _run(tf, tf.square(ri)) == [[1, 4], [9]]
    cast = tf.cast(rt, tf.int32)
    assert cast.dtype == tf.int32 and _run(tf, cast) == [[1, 2, 3], [], [4, 5]]
    assert _run(tf, tf.zeros_like(ri)) == [[0, 0], [0]]
    assert _run(tf, tf.logical_not(tf.greater(ri, 1))) == [[True, False], [False]]


def test_reductions_over_rows_and_columns(tf):
    rt = _rt(tf)
    s1 = tf.reduce_sum(rt, axis=1)
    assert s1.shape.as_list() == [3]
    assert _run(tf, s1) == [6., 0., 9.]
    assert _run(tf, tf.reduce_sum(rt, axis=0)) == [5., 7., 3.]
    assert _run(tf, tf.reduce_sum(rt)) == 15.
    assert _run(tf, tf.reduce_max(rt, axis=1)) == [3., -3.4028234663852886e+38, 5.]
    mean = _run(tf, tf.reduce_mean(rt, axis=1))
    assert mean[0] == 2. and np.isnan(mean[1]) and mean[2] == 4.5
    assert _run(tf, tf.reduce_mean(rt, axis=0)) == [2.5, 3.5, 3.]
    keep = tf.reduce_sum(rt, axis=1, keepdims=True)
    assert keep.shape.as_list() == [3, 1] and _run(tf, keep) == [[6.], [0.], [9.]]
    assert _run(tf, tf.reduce_prod(rt, 0)) == [4., 10., 3.]
    assert _run(tf, tf.reduce_any(tf.greater(rt, 2.), axis=1)) == [True, False, True]
    ri = tf.ragged.constant([[1, 2, 3], [], [4, 5]])
    assert _run(tf, tf.reduce_all(tf.greater(ri, 1), axis=1)) == [False, True, True]
    assert _run(tf, tf.reduce_sum(ri, axis=0, keepdims=True)) == [[5, 7, 3]]
    assert _run(tf, tf.reduce_sum(ri, axis=-1)) == [6, 0, 9]
    with pytest.raises(ValueError, match="axis=3 out of bounds: expected -2<=axis<2"):
        tf.reduce_sum(ri, axis=3)


def test_reductions_of_ragged_rank_2(tf):
    rt = tf.ragged.constant([[[1., 2.], [3.]], [], [[4.], [], [5., 6., 7.]]])
    s0 = tf.reduce_sum(rt, axis=0)
    assert s0.shape.as_list() == [3, None]
    assert _run(tf, s0) == [[5., 2.], [3.], [5., 6., 7.]]
    assert _run(tf, tf.reduce_sum(rt, axis=1)) == [[4., 2.], [], [9., 6., 7.]]
    assert _run(tf, tf.reduce_sum(rt, axis=2)) == [[3., 3.], [], [4., 0., 18.]]
    assert _run(tf, tf.reduce_sum(rt, axis=[0, 1])) == [13., 8., 7.]
    assert _run(tf, tf.reduce_sum(rt, axis=[1, 2])) == [6., 0., 22.]
    assert _run(tf, tf.reduce_min(rt, axis=0)) == [[1., 2.], [3.], [5., 6., 7.]]
    assert _run(tf, tf.reduce_mean(rt, axis=1)) == [[2., 2.], [], [4.5, 6., 7.]]
    keep = tf.reduce_sum(rt, axis=1, keepdims=True)
    assert keep.shape.as_list() == [3, 1, None]
    assert _run(tf, keep) == [[[4., 2.]], [[]], [[9., 6., 7.]]]


def test_gather(tf):
    rt = _rt(tf)
    g = tf.gather(rt, [2, 0, 0])
    assert g.shape.as_list() == [None, None]
    assert _run(tf, g) == [[4., 5.], [1., 2., 3.], [1., 2., 3.]]
    assert _run(tf, tf.gather(rt, 2)) == [4., 5.]
    ri = tf.ragged.constant([[1, 2, 3], [], [4, 5]])
    g2 = tf.gather(ri, [[0, 2], [1, 1]])
    assert g2.shape.as_list() == [None, None, None]
    assert _run(tf, g2) == [[[1, 2, 3], [4, 5]], [[], []]]
    assert _run(tf, tf.gather(ri, tf.ragged.constant([[0, 2], [1]]))) == \
        [[[1, 2, 3], [4, 5]], [[]]]
    r3 = tf.ragged.constant([[[1, 2], [3]], [[4]]])
    assert _run(tf, tf.gather(r3, [[1, 0, 1]])) == [[[[4]], [[1, 2], [3]], [[4]]]]


@pytest.mark.tfcompat_only   # TF 1.15 raised this; TF 2.x gathers (wrongly for empty rows)
def test_gather_axis_1_is_not_supported(tf):
    with pytest.raises(ValueError, match="axis != 0 is not supported for ragged gather yet"):
        tf.gather(_rt(tf), [0], axis=1)


def test_concat_and_stack(tf):
    rt = _rt(tf)
    c0 = tf.concat(values=[rt, rt], axis=0)
    assert c0.shape.as_list() == [6, None]
    assert _run(tf, c0) == [[1., 2., 3.], [], [4., 5.], [1., 2., 3.], [], [4., 5.]]
    c1 = tf.concat([rt, rt], 1)
    assert c1.shape.as_list() == [3, None]
    assert _run(tf, c1) == [[1., 2., 3., 1., 2., 3.], [], [4., 5., 4., 5.]]
    ri = tf.ragged.constant([[1, 2, 3], [], [4, 5]])
    assert _run(tf, tf.concat([ri, tf.constant([[9], [8], [7]])], 1)) == \
        [[1, 2, 3, 9], [8], [4, 5, 7]]
    st = tf.stack([rt, rt])
    assert st.shape.as_list() == [2, None, None]
    assert _run(tf, st) == [[[1., 2., 3.], [], [4., 5.]], [[1., 2., 3.], [], [4., 5.]]]
    s1 = tf.stack([ri, ri], axis=1)
    assert s1.shape.as_list() == [3, None, None]
    assert _run(tf, s1) == [[[1, 2, 3], [1, 2, 3]], [[], []], [[4, 5], [4, 5]]]


def test_strings_length(tf):
    out = tf.strings.length(tf.ragged.constant([["ab", "c"], ["def"]]))
    assert out.shape.as_list() == [2, None] and out.dtype == tf.int32
    assert _run(tf, out) == [[2, 1], [3]]


def test_plain_tensors_are_untouched(tf):
    x = tf.constant([[1., 2.], [3., 4.]])
    s = tf.reduce_sum(x, axis=1)
    assert s.op.type == "Sum" and s.name == "Sum:0"
    assert tf.concat([x, x], 0).op.type == "ConcatV2"
    assert tf.gather(x, [1]).op.type == "GatherV2"


def test_expand_dims_size_rank(tf):
    ri = tf.ragged.constant([[1, 2, 3], [], [4, 5]])
    cases = {0: ([1, 3, None], [[[1, 2, 3], [], [4, 5]]]),
             1: ([3, 1, None], [[[1, 2, 3]], [[]], [[4, 5]]]),
             -1: ([3, None, 1], [[[1], [2], [3]], [], [[4], [5]]])}
    for axis, (shape, value) in cases.items():
        out = tf.expand_dims(ri, axis)
        assert out.shape.as_list() == shape and _run(tf, out) == value
    with pytest.raises(ValueError, match="axis=3 out of bounds: expected -3<=axis<3"):
        tf.expand_dims(ri, 3)
    assert _run(tf, tf.size(ri)) == 5
    assert tf.size(ri, out_type=tf.int64).dtype == tf.int64
    assert _run(tf, tf.rank(ri)) == 2


def test_string_ops(tf):
    st = tf.ragged.constant([[" Ab ", "c"], ["Def"]])
    assert _run(tf, tf.strings.substr(st, 0, 2)) == [[b" A", b"c"], [b"De"]]
    assert _run(tf, tf.strings.upper(st)) == [[b" AB ", b"C"], [b"DEF"]]
    assert _run(tf, tf.strings.strip(st)) == [[b"Ab", b"c"], [b"Def"]]
    assert _run(tf, tf.strings.regex_replace(st, "[a-z]", "x")) == [[b" Ax ", b"x"], [b"Dxx"]]
    assert _run(tf, tf.strings.to_hash_bucket_fast(st, 10)) == [[7, 2], [9]]
    assert _run(tf, tf.as_string(tf.ragged.constant([[1, 2], []]))) == [[b"1", b"2"], []]
    rj1 = tf.strings.reduce_join(st, axis=1, separator="|")
    assert rj1.shape.as_list() == [2] and _run(tf, rj1) == [b" Ab |c", b"Def"]
    assert _run(tf, tf.strings.reduce_join(st, axis=0, separator="|")) == [b" Ab |Def", b"c"]
    ng = tf.strings.ngrams(st, 2)
    assert ng.shape.as_list() == [2, None] and _run(tf, ng) == [[b" Ab  c"], []]
    ng3 = tf.strings.ngrams(tf.ragged.constant([[["a", "b", "c"]], [["d"]]]), [1, 2],
                            pad_values="#", padding_width=1)
    assert _run(tf, ng3) == [[[b"a", b"b", b"c", b"# a", b"a b", b"b c", b"c #"]],
                             [[b"d", b"# d", b"d #"]]]


def test_where_and_tile(tf):
    ri = tf.ragged.constant([[1, 2, 3], [], [4, 5]])
    sel = tf.where(tf.greater(ri, 2), ri, -ri)
    assert sel.shape.as_list() == [3, None] and _run(tf, sel) == [[-1, -2, 3], [], [4, 5]]
    coords = tf.where(tf.greater(ri, 2))
    assert coords.shape.as_list() == [None, 2] and coords.dtype == tf.int64
    assert _run(tf, coords) == [[0, 2], [2, 0], [2, 1]]
    c3 = tf.ragged.constant([[[True, False], [True]], [], [[False], [True, True]]])
    assert _run(tf, tf.where(c3)) == [[0, 0, 0], [0, 1, 0], [2, 1, 0], [2, 1, 1]]
    t21 = tf.tile(ri, [2, 1])
    assert t21.shape.as_list() == [6, None]
    assert _run(tf, t21) == [[1, 2, 3], [], [4, 5], [1, 2, 3], [], [4, 5]]
    assert _run(tf, tf.tile(ri, [1, 2])) == [[1, 2, 3, 1, 2, 3], [], [4, 5, 4, 5]]
    assert _run(tf, tf.tile(ri, [0, 2])) == []
    r2 = tf.ragged.constant([[[1, 2]], [], [[3, 4], [5, 6]]], ragged_rank=1)
    t3 = tf.tile(r2, [1, 2, 3])
    assert t3.shape.as_list() == [3, None, 6]
    assert _run(tf, t3) == [[[1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2]], [],
                            [[3, 4, 3, 4, 3, 4], [5, 6, 5, 6, 5, 6],
                             [3, 4, 3, 4, 3, 4], [5, 6, 5, 6, 5, 6]]]


@pytest.mark.tfcompat_only   # TF 1.15 dispatched these; TF 2.x's v1 functions fail to convert
def test_boolean_mask_and_to_number(tf):
    ri = tf.ragged.constant([[1, 2, 3], [], [4, 5]])
    mask = tf.ragged.constant([[True, False, True], [], [False, True]])
    assert _run(tf, tf.boolean_mask(ri, mask)) == [[1, 3], [], [5]]
    assert _run(tf, tf.boolean_mask(ri, [True, False, True])) == [[1, 2, 3], [4, 5]]
    assert _run(tf, tf.strings.to_number(tf.ragged.constant([["1.5"], []]))) == [[1.5], []]


def test_more_elementwise_and_segments(tf):
    rt = tf.ragged.constant([[1., -2., 3.], [], [4., 5.]])
    assert _run(tf, tf.clip_by_value(rt, 0., 3.5)) == [[1., 0., 3.], [], [3.5, 3.5]]
    assert _run(tf, tf.check_numerics(rt, "m")) == [[1., -2., 3.], [], [4., 5.]]
    assert np.allclose(_run(tf, tf.math.log_sigmoid(rt).flat_values),
                       [-0.313262, -2.126928, -0.048587, -0.018150, -0.006715], atol=1e-6)
    assert _run(tf, tf.add_n([rt, rt, rt])) == [[3., -6., 9.], [], [12., 15.]]
    st = tf.ragged.constant([["a", "bc"], ["d"]])
    assert _run(tf, tf.strings.join([st, st], separator="-")) == [[b"a-a", b"bc-bc"], [b"d-d"]]
    assert _run(tf, tf.strings.regex_full_match(st, "b.*")) == [[False, True], [False]]
    data = tf.ragged.constant([[1., 2.], [3.], [4., 5., 6.]])
    expected = {"sum": [[3.], [5., 7., 6.], []], "max": [[3.], [4., 5., 6.], []],
                "mean": [[3.], [2.5, 3.5, 6.], []], "prod": [[3.], [4., 10., 6.], []],
                "min": [[3.], [1., 2., 6.], []]}
    for kind, value in expected.items():
        out = getattr(tf.math, "unsorted_segment_" + kind)(data, [1, 0, 1], 3)
        assert out.shape.as_list() == [3, None] and _run(tf, out) == value
    sqrt_n = _run(tf, tf.math.unsorted_segment_sqrt_n(data, [1, 0, 1], 3))
    assert np.allclose(sqrt_n[1], [3.535534, 4.949748, 6.]) and sqrt_n[2] == []
    ids = tf.ragged.constant([[0, 1], [1], [0, 0, 2]])
    assert _run(tf, tf.math.unsorted_segment_sum(data, ids, 3)) == [10., 5., 6.]
