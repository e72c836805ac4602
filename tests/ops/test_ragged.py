"""Tricky semantics of tf.RaggedTensor and tf.ragged.* (graph mode). Expected values were
recorded from TF 2.21 compat.v1 with disable_v2_behavior(); the `tf` fixture runs the same
tests against real TF with TFCOMPAT_TEST_AGAINST_TF=1."""
import numpy as np
import pytest


def _run(tf, fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def test_session_run_returns_ragged_tensor_value(tf):
    rt = tf.ragged.constant([[[1, 2], [3]], [], [[4]]])
    value = _run(tf, rt)
    assert type(value).__name__ == "RaggedTensorValue"
    assert value.to_list() == [[[1, 2], [3]], [], [[4]]]
    assert value.ragged_rank == 2
    assert value.row_splits.dtype == np.int64
    assert rt.shape.as_list() == [3, None, None]


def test_placeholder_is_fed_a_ragged_tensor_value(tf):
    ph = tf.ragged.placeholder(tf.float32, 1, [])
    assert [op.type for op in tf.get_default_graph().get_operations()] == \
        ["Placeholder", "Placeholder"]
    out = _run(tf, ph * 2.0, {ph: tf.ragged.constant_value([[1.0, 2.0], [3.0]])})
    assert out.to_list() == [[2.0, 4.0], [6.0]]


def test_to_tensor_pads_truncates_and_differentiates(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    rt = tf.RaggedTensor.from_row_splits(x, [0, 2, 3])
    dense = rt.to_tensor(default_value=5.0)
    cut = rt.to_tensor(shape=[2, 1])
    grad = tf.gradients(tf.reduce_sum(dense * dense) + tf.reduce_sum(cut), x)[0]
    d, c, g = _run(tf, [dense, cut, tf.convert_to_tensor(grad)])
    np.testing.assert_array_equal(d, [[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_array_equal(c, [[1.0], [3.0]])
    np.testing.assert_array_equal(g, [3.0, 4.0, 7.0])    # TF: IndexedSlices [2, 4, 6] + [1, 0, 1]
    assert dense.op.type == "RaggedTensorToTensor"
    assert dense.shape.as_list() == [2, None]


def test_to_sparse_of_nested_ragged(tf):
    st = tf.ragged.constant([[[1, 2], [3]], [], [[4]]]).to_sparse()
    ind, val, shape = _run(tf, [st.indices, st.values, st.dense_shape])
    np.testing.assert_array_equal(ind, [[0, 0, 0], [0, 0, 1], [0, 1, 0], [2, 0, 0]])
    np.testing.assert_array_equal(val, [1, 2, 3, 4])
    np.testing.assert_array_equal(shape, [3, 2, 2])


def test_ragged_range_accumulates_float_deltas(tf):
    rt = tf.ragged.range([0.0, 1.0], [1.0, 2.0], 0.3)
    value = _run(tf, rt)
    # TF's kernel adds delta repeatedly in float32: 1.0 + 0.3 + 0.3 + 0.3 = 1.8999998...
    np.testing.assert_array_equal(value.values, np.array(
        [0.0, 0.3, 0.6, 0.90000004, 1.0, 1.3, 1.5999999, 1.8999999], np.float32))
    np.testing.assert_array_equal(value.row_splits, [0, 4, 8])


def test_ragged_range_zero_delta_fails_at_run(tf):
    rt = tf.ragged.range(3, 5, 0)
    with pytest.raises(tf.errors.InvalidArgumentError):
        _run(tf, rt.values)


def test_validation_errors(tf):
    bad = tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 4])
    with pytest.raises(tf.errors.InvalidArgumentError):
        _run(tf, bad.row_splits)
    with pytest.raises(ValueError, match="Expected nrows >= value_rowids"):
        tf.RaggedTensor.from_value_rowids([1, 2], [0, 3], nrows=2)
    with pytest.raises(ValueError, match="Cannot index into an inner ragged dimension"):
        tf.ragged.constant([[1, 2], [3]])[:, 0]


def test_indexing(tf):
    rt = tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])
    row, rows, cols = _run(tf, [rt[-1], rt[1:3], rt[:, -2:]])
    np.testing.assert_array_equal(row, [4, 5, 6])
    assert rows.to_list() == [[3], []]
    assert cols.to_list() == [[1, 2], [3], [], [5, 6]]


def test_stack_boolean_mask_and_partitions(tf):
    a = tf.ragged.constant([[1, 2], [3]])
    b = tf.ragged.constant([[4], [5, 6]])
    out = _run(tf, {
        "ax1": tf.ragged.stack([a, b], axis=1),
        "lists": tf.ragged.stack([[1, 2], [3]]),
        "mask": tf.ragged.boolean_mask([[[1, 2], [3, 4]]], [[[True, False], [False, True]]]),
        "parts": tf.ragged.stack_dynamic_partitions([1, 2, 3, 4], [1, 0, 1, 2], 4)})
    assert out["ax1"].to_list() == [[[1, 2], [4]], [[3], [5, 6]]]
    assert out["lists"].row_splits.dtype == np.int32   # TF: int32 splits from tf.shape
    assert out["mask"].to_list() == [[[1], [4]]]
    assert out["parts"].to_list() == [[2], [1, 3], [4], []]
    assert out["parts"].row_splits.dtype == np.int32


def test_cross_and_cross_hashed(tf):
    a = tf.ragged.constant([["a"], ["b", "c"]])
    b = tf.ragged.constant([["d"], ["e"]])
    crossed = tf.ragged.cross([tf.constant([["x"], ["y"]]), a, b])
    hashed = tf.ragged.cross_hashed([a, b])
    c, h = _run(tf, [crossed, hashed])
    assert c.to_list() == [[b"x_X_a_X_d"], [b"y_X_b_X_e", b"y_X_c_X_e"]]
    assert h.to_list() == [[1584069791037555375], [4171697120956746554, 1746051686049959641]]


def test_fill_empty_rows_and_its_gradient(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    out = tf.ragged_fill_empty_rows([0, 2, 2], x, 4, tf.constant(-1.0))
    grad = tf.gradients(tf.reduce_sum(out.output_values * tf.range(5.0)), x)[0]
    rows, values, empty, reverse, g = _run(tf, list(out) + [grad])
    np.testing.assert_array_equal(rows, [0, 1, 2, 2, 3])
    np.testing.assert_array_equal(values, [1.0, -1.0, 2.0, 3.0, -1.0])
    np.testing.assert_array_equal(empty, [False, True, False, True])
    np.testing.assert_array_equal(reverse, [0, 2, 3])
    np.testing.assert_array_equal(g, [0.0, 2.0, 3.0])
    d_values, d_default = _run(tf, tf.ragged_fill_empty_rows_grad([0, 2, 3],
                                                                  [1.0, 2.0, 3.0, 4.0, 5.0]))
    np.testing.assert_array_equal(d_values, [1.0, 3.0, 4.0])
    assert d_default == 7.0


def test_ragged_feature_parse_example(tf):
    def example(**features):
        feats = {k: tf.train.Feature(int64_list=tf.train.Int64List(value=v))
                 for k, v in features.items()}
        return tf.train.Example(features=tf.train.Features(feature=feats)).SerializeToString()
    serialized = [example(v=[1, 2, 3], l=[2, 1]), example(v=[4], l=[0, 1])]
    nested = tf.io.RaggedFeature(tf.int64, value_key="v",
                                 partitions=[tf.io.RaggedFeature.RowLengths("l")])
    out = _run(tf, tf.io.parse_example(serialized, {"v": tf.io.RaggedFeature(tf.int64),
                                                    "w": nested}))
    assert out["v"].to_list() == [[1, 2, 3], [4]]
    assert out["v"].row_splits.dtype == np.int32
    assert out["w"].to_list() == [[[1, 2], [3]], [[], [4]]]


def test_ragged_tensor_spec(tf):
    spec = tf.RaggedTensorSpec([2, None], tf.int32)
    assert spec.ragged_rank == 1 and spec.row_splits_dtype == tf.int64
    assert spec.is_compatible_with(tf.ragged.constant([[1, 2], [3]]))
    assert repr(tf.RaggedTensorSpec([2, None, 3], tf.int32)) == (
        "RaggedTensorSpec(TensorShape([Dimension(2), Dimension(None), Dimension(3)]), "
        "tf.int32, 2, tf.int64)")
    with pytest.raises(ValueError, match="Must specify ragged_rank"):
        tf.RaggedTensorSpec(None, tf.int32)
