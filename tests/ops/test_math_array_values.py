"""Values, dtypes and static shapes of math and array ops (expected values checked in TF1)."""
import numpy as np
import pytest


def run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_integer_division_family(tf):
    x = tf.constant([7, -7, 7, -7])
    y = tf.constant([2, 2, -2, -2])
    out = run(tf, {"floordiv": tf.floordiv(x, y), "floormod": tf.floormod(x, y),
                   "truncatediv": tf.truncatediv(x, y), "truncatemod": tf.truncatemod(x, y),
                   "div": tf.div(x, y), "divide": tf.divide(x, y)})
    assert out["floordiv"].tolist() == [3, -4, -4, 3]
    assert out["floormod"].tolist() == [1, 1, -1, -1]
    assert out["truncatediv"].tolist() == [3, -3, -3, 3]
    assert out["truncatemod"].tolist() == [1, -1, 1, -1]
    assert out["div"].tolist() == [3, -4, -4, 3]
    assert out["divide"].dtype == np.float64


def test_integer_division_by_zero_is_invalid_argument(tf):
    z = tf.constant(1) // tf.constant(0)
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(tf, z)
    assert "Integer division by zero" in str(info.value)


def test_reductions(tf):
    a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    i = tf.constant([[1, 2], [4, 4]])
    t = {"sum": tf.reduce_sum(a), "sum0": tf.reduce_sum(a, 0),
         "mean_keep": tf.reduce_mean(a, axis=1, keepdims=True),
         "old_names": tf.reduce_sum(a, reduction_indices=[1], keep_dims=True),
         "prod": tf.reduce_prod(a, -1), "int_mean": tf.reduce_mean(i),
         "max": tf.reduce_max(a, [0, 1]), "min": tf.reduce_min(i, 1),
         "all": tf.reduce_all(tf.constant([[True, False], [True, True]]), 1),
         "any": tf.reduce_any(tf.constant([[True, False], [False, False]]), 1),
         "lse": tf.reduce_logsumexp(a, 1), "argmax": tf.argmax(a, 1),
         "argmin32": tf.argmin(a, 0, output_type=tf.int32)}
    out = run(tf, t)
    assert out["sum"] == 21.0 and out["sum0"].tolist() == [5.0, 7.0, 9.0]
    assert out["mean_keep"].tolist() == [[2.0], [5.0]] and out["old_names"].shape == (2, 1)
    assert out["prod"].tolist() == [6.0, 120.0] and out["int_mean"] == 2
    assert out["max"] == 6.0 and out["min"].tolist() == [1, 4]
    assert out["all"].tolist() == [False, True] and out["any"].tolist() == [True, False]
    np.testing.assert_allclose(out["lse"], [3.4076059, 6.4076059], rtol=1e-6)
    assert out["argmax"].dtype == np.int64 and out["argmin32"].dtype == np.int32
    assert t["mean_keep"].shape.as_list() == [2, 1] and t["sum"].shape.as_list() == []
    assert t["prod"].shape.as_list() == [2]


def test_cast_round_and_compare(tf):
    f = tf.constant([1.7, -1.7, 2.5, -2.5, 0.5])
    out = run(tf, [tf.cast(f, tf.int32), tf.round(f), tf.cast(f > 0, tf.float32),
                   tf.equal(tf.constant([1, 2]), 2), tf.maximum(f, 0.0)])
    assert out[0].tolist() == [1, -1, 2, -2, 0]
    assert out[1].tolist() == [2.0, -2.0, 2.0, -2.0, 0.0]
    assert out[2].tolist() == [1.0, 0.0, 1.0, 0.0, 1.0]
    assert out[3].tolist() == [False, True]
    np.testing.assert_allclose(out[4], [1.7, 0.0, 2.5, 0.0, 0.5])


def test_matmul_variants_and_shape_error(tf):
    a = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    batch = tf.constant(np.ones((4, 2, 3), np.float32))
    out = run(tf, [tf.matmul(a, a, transpose_b=True), tf.matmul(batch, a, transpose_b=True)])
    assert out[0].tolist() == [[5.0, 14.0], [14.0, 50.0]]
    assert out[1].shape == (4, 2, 2)
    with pytest.raises(ValueError) as info:
        tf.matmul(tf.ones([2, 3]), tf.ones([4, 2]))
    assert "Dimensions must be equal, but are 3 and 4" in str(info.value)
    with pytest.raises(ValueError):
        tf.constant([1, 2, 3]) + tf.constant([1, 2])


def test_array_ops_shapes_and_values(tf):
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
    t = {"reshape": tf.reshape(x, [-1, 6]), "transpose": tf.transpose(x, [1, 0]),
         "expand": tf.expand_dims(x, 1), "squeeze": tf.squeeze(tf.ones([1, 3, 1]), [0]),
         "concat": tf.concat([x, x], 0), "stack1": tf.stack([x, x], axis=1),
         "tile": tf.tile(x, [1, 2]), "pad": tf.pad(x, [[1, 0], [0, 2]]),
         "reflect": tf.pad(tf.constant([[1, 2, 3]]), [[0, 0], [2, 2]], "REFLECT"),
         "fill": tf.fill([2, 2], 7), "zeros": tf.zeros([2, 3], tf.int32),
         "ones_like": tf.ones_like(x), "range": tf.range(3, 10, 3),
         "frange": tf.range(0.0, 1.0, 0.25), "linspace": tf.linspace(0.0, 1.0, 5),
         "slice": tf.slice(x, [1, 1], [2, -1]), "reverse": tf.reverse(x, [1]),
         "broadcast": tf.broadcast_to(tf.constant([1, 2]), [3, 2]),
         "shape": tf.shape(x), "size": tf.size(x), "rank": tf.rank(x)}
    out = run(tf, t)
    ref = np.arange(12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_array_equal(out["reshape"], ref.reshape(2, 6))
    np.testing.assert_array_equal(out["transpose"], ref.T)
    np.testing.assert_array_equal(out["stack1"], np.stack([ref, ref], 1))
    np.testing.assert_array_equal(out["pad"], np.pad(ref, [[1, 0], [0, 2]]))
    assert out["reflect"].tolist() == [[3, 2, 1, 2, 3, 2, 1]]
    assert out["range"].tolist() == [3, 6, 9] and out["frange"].dtype == np.float32
    np.testing.assert_allclose(out["linspace"], [0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_array_equal(out["slice"], ref[1:3, 1:])
    np.testing.assert_array_equal(out["reverse"], ref[:, ::-1])
    assert out["shape"].tolist() == [3, 4] and out["size"] == 12 and out["rank"] == 2
    shapes = {k: v.shape.as_list() for k, v in t.items()}
    assert shapes["reshape"] == [2, 6] and shapes["expand"] == [3, 1, 4]
    assert shapes["squeeze"] == [3, 1] and shapes["concat"] == [6, 4]
    assert shapes["tile"] == [3, 8] and shapes["pad"] == [4, 6] and shapes["fill"] == [2, 2]
    assert shapes["range"] == [3] and shapes["slice"] == [2, 3] and shapes["broadcast"] == [3, 2]


def test_split_unstack(tf):
    x = tf.constant(np.arange(12).reshape(3, 4))
    a, b = tf.split(x, 2, axis=1)
    c, d, e = tf.split(x, [1, -1, 2], axis=1)
    rows = tf.unstack(x)
    out = run(tf, [a, b, c, d, e] + rows)
    assert out[0].tolist() == [[0, 1], [4, 5], [8, 9]]
    assert out[3].tolist() == [[1], [5], [9]]
    assert [r.tolist() for r in out[5:]] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert d.shape.as_list() == [3, 1] and len(rows) == 3


def test_gather_family_and_errors(tf):
    params = tf.constant([[1, 2], [3, 4], [5, 6]])
    t = [tf.gather(params, [2, 0]), tf.gather(params, [1], axis=1),
         tf.gather_nd(params, [[0, 1], [2, 0]]), tf.one_hot([0, 2, -1], 3),
         tf.one_hot([1], 2, on_value=5, off_value=-1)]
    out = run(tf, t)
    assert out[0].tolist() == [[5, 6], [1, 2]] and out[1].tolist() == [[2], [4], [6]]
    assert out[2].tolist() == [2, 5]
    assert out[3].tolist() == [[1, 0, 0], [0, 0, 1], [0, 0, 0]] and out[3].dtype == np.float32
    assert out[4].tolist() == [[-1, 5]]
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(tf, tf.gather(params, [3]))
    assert "indices[0] = 3 is not in [0, 3)" in str(info.value)


def test_where_unique_topk_masks(tf):
    x = tf.constant([3, 1, 3, 2, 1])
    y, idx = tf.unique(x)
    top = tf.nn.top_k(tf.constant([1.0, 3.0, 3.0, 2.0]), 2) if hasattr(tf, "nn") else None
    cond = tf.constant([True, False, True])
    out = run(tf, [y, idx, tf.where(cond), tf.where(cond, [1, 2, 3], [9, 9, 9]),
                   tf.boolean_mask([1, 2, 3], cond), tf.sequence_mask([1, 3], 4)])
    assert out[0].tolist() == [3, 1, 2] and out[1].tolist() == [0, 1, 0, 2, 1]
    assert out[2].tolist() == [[0], [2]] and out[2].dtype == np.int64
    assert out[3].tolist() == [1, 9, 3] and out[4].tolist() == [1, 3]
    assert out[5].tolist() == [[True, False, False, False], [True, True, True, False]]
    if top is not None:
        values, indices = run(tf, [top.values, top.indices])
        assert values.tolist() == [3.0, 3.0] and indices.tolist() == [1, 2]


def test_unique_of_strings_keeps_first_occurrence_order(tf):
    # vocabulary building: tf.unique / unique_with_counts over tokens (TF 2.21 compat.v1 values)
    words = tf.constant(["b", "a", "b", "", "c", "a"])
    y, idx = tf.unique(words)
    uc = tf.unique_with_counts(words, out_idx=tf.int64)
    empty = tf.unique_with_counts(tf.constant([], tf.string))
    out = run(tf, [y, idx, uc.y, uc.idx, uc.count, empty.y, empty.count])
    assert out[0].tolist() == [b"b", b"a", b"", b"c"] and out[1].tolist() == [0, 1, 0, 2, 3, 1]
    assert out[1].dtype == np.int32 and out[3].dtype == np.int64 and out[4].dtype == np.int64
    assert out[2].tolist() == out[0].tolist() and out[3].tolist() == [0, 1, 0, 2, 3, 1]
    assert out[4].tolist() == [2, 2, 1, 1]
    assert out[5].tolist() == [] and out[6].tolist() == []
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.unique(tf.constant([["a", "b"]]))


def test_where_checks_the_condition_shape_when_building(tf):
    # TF 2.21 compat.v1 (SelectShapeFn): a vector condition must be as long as the first
    # dimension (a dynamic_rnn given a sequence_length of the wrong batch fails here)
    x = np.zeros([3, 2], np.float32)
    for cond, value, text in [
            ([True, False], x, "but are 2 and 3. Shapes are [2] and [3]."),
            ([[True, False]], x, "but are 3 and 1. Shapes are [3,2] and [1,2]."),
            ([True], x[:, 0], "but are 1 and 3. Shapes are [1] and [3].")]:
        with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal") as info:
            tf.where(tf.constant(cond), value, value)
        assert text in str(info.value)
    merged = tf.where(tf.placeholder(tf.bool, [None, 2]), tf.placeholder(tf.float32, [3, None]),
                      tf.placeholder(tf.float32))
    assert merged.get_shape().as_list() == [3, 2]
    assert tf.where(tf.constant(True), x, x).get_shape().as_list() == [3, 2]
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal"):
        cell = tf.nn.rnn_cell.GRUCell(2)
        tf.nn.dynamic_rnn(cell, tf.zeros([3, 4, 2]), sequence_length=[1, 2], dtype=tf.float32)


def test_cumsum_and_add_n(tf):
    x = tf.constant([1, 2, 3])
    out = run(tf, [tf.cumsum(x), tf.cumsum(x, exclusive=True), tf.cumsum(x, reverse=True),
                   tf.add_n([x, x, x])])
    assert [o.tolist() for o in out] == [[1, 3, 6], [0, 1, 3], [6, 5, 3], [3, 6, 9]]


def test_seeded_random_ops_repeat_across_sessions(tf):
    tf.set_random_seed(42)
    u = tf.random_uniform([3])
    n = tf.random_normal([2, 2], seed=7)
    t = tf.truncated_normal([1000])
    i = tf.random_uniform([5], 0, 10, dtype=tf.int32)
    with tf.Session() as s1:
        first = s1.run([u, n])
        second = s1.run([u, n])
        tn, ints = s1.run([t, i])
    with tf.Session() as s2:
        again = s2.run([u, n])
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], second[0])
    assert np.all((first[0] >= 0) & (first[0] < 1)) and np.all(np.abs(tn) <= 2.0)
    assert ints.dtype == np.int32 and np.all((ints >= 0) & (ints < 10))
    assert u.shape.as_list() == [3]


def test_linspace_rounds_as_tf_kernel(tf):
    # start + i * (stop - start) / (num - 1) in float32, the last value stop (torch.linspace,
    # which fills the upper half back from stop, differed in the last place); recorded from
    # TF 2.21 compat.v1
    out = run(tf, [tf.linspace(-1.0, 1.0, 10), tf.linspace(3.0, -2.5, 13),
                   tf.lin_space(0.1, 0.7, 3), tf.linspace(1.0, 5.0, 1)])
    assert out[0].dtype == np.float32
    np.testing.assert_array_equal(out[0][5:], np.float32(
        [0.11111116409301758, 0.3333333730697632, 0.5555555820465088, 0.7777777910232544, 1.0]))
    np.testing.assert_array_equal(out[1][6:], np.float32(
        [0.25, -0.20833349227905273, -0.6666667461395264, -1.125, -1.5833334922790527,
         -2.0416669845581055, -2.5]))
    np.testing.assert_array_equal(out[2], np.float32([0.1, 0.3999999761581421, 0.7]))
    assert out[3].tolist() == [1.0]
