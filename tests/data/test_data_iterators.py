"""tf.data iterators: one-shot, initializable (fed parameters), reinitializable, feedable
(string handles), per-session positions, errors and graph op names (checked against TF 2.21)."""
from __future__ import annotations

import numpy as np
import pytest

import tfcompat as tf


def test_graph_ops_are_tf_dataset_ops():
    with tf.Graph().as_default() as g:
        ds = tf.data.Dataset.range(5).map(lambda v: v * 10).batch(2)
        ds.make_one_shot_iterator().get_next()
        p = tf.placeholder(tf.int32, [None])
        it = tf.data.Dataset.from_tensor_slices(p).map(lambda v: v + 1)
        it = it.make_initializable_iterator()
        it.get_next()
        ops = [(o.name, o.type) for o in g.get_operations()]
    assert ops == [
        ("start", "Const"), ("stop", "Const"), ("step", "Const"),
        ("RangeDataset", "RangeDataset"), ("MapDataset", "MapDataset"),
        ("batch_size", "Const"), ("drop_remainder", "Const"),
        ("BatchDatasetV2", "BatchDatasetV2"), ("OneShotIterator", "OneShotIterator"),
        ("IteratorGetNext", "IteratorGetNext"), ("Placeholder", "Placeholder"),
        ("TensorSliceDataset", "TensorSliceDataset"), ("MapDataset_1", "MapDataset"),
        ("IteratorV2", "IteratorV2"), ("MakeIterator", "MakeIterator"),
        ("IteratorGetNext_1", "IteratorGetNext")]
    assert [t.name for t in it.initializer.inputs] == ["MapDataset_1:0", "IteratorV2:0"]


def test_initializable_iterator_with_fed_parameters_restarts():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.int64, [])
        it = tf.data.Dataset.range(p).make_initializable_iterator()
        nxt = it.get_next()
        with tf.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError,
                               match="GetNext\\(\\) failed because the iterator has not been "
                                     "initialized"):
                sess.run(nxt)
            sess.run(it.initializer, {p: 2})
            assert [sess.run(nxt) for _ in range(2)] == [0, 1]
            with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
                sess.run(nxt)
            sess.run(it.initializer, {p: 3})
            assert [sess.run(nxt) for _ in range(3)] == [0, 1, 2]


def test_two_sessions_have_independent_positions():
    with tf.Graph().as_default():
        nxt = tf.data.Dataset.range(10).make_one_shot_iterator().get_next()
        with tf.Session() as a, tf.Session() as b:
            assert [a.run(nxt), a.run(nxt), b.run(nxt), a.run(nxt)] == [0, 1, 0, 2]


def test_same_tensor_fetched_twice_advances_once():
    with tf.Graph().as_default():
        nxt = tf.data.Dataset.range(10).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            assert sess.run([nxt, nxt]) == [0, 0]
            assert sess.run(nxt) == 1


def test_reinitializable_iterator_switches_datasets():
    with tf.Graph().as_default():
        it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
        assert (it.output_types, it.output_shapes) == (tf.int64, tf.TensorShape([]))
        with pytest.raises(ValueError, match="The iterator does not have an initializer"):
            it.initializer
        with pytest.raises(TypeError, match="Expected output types tf.int64 but got dataset "
                                            "with output types tf.int32."):
            it.make_initializer(tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.int32)))
        with pytest.raises(TypeError, match="Expected output shapes compatible with"):
            it.make_initializer(tf.data.Dataset.range(3).batch(2))
        init_a = it.make_initializer(tf.data.Dataset.range(3))
        init_b = it.make_initializer(tf.data.Dataset.range(10, 13))
        nxt = it.get_next()
        with tf.Session() as sess:
            sess.run(init_a)
            assert sess.run(nxt) == 0
            sess.run(init_b)
            assert sess.run(nxt) == 10
            sess.run(init_a)
            assert [sess.run(nxt) for _ in range(3)] == [0, 1, 2]


def test_feedable_iterator_from_string_handle():
    with tf.Graph().as_default():
        handle = tf.placeholder(tf.string, [])
        feedable = tf.data.Iterator.from_string_handle(handle, tf.int64, tf.TensorShape([]))
        nxt = feedable.get_next()
        a = tf.data.Dataset.range(100, 105).make_one_shot_iterator()
        b = tf.data.Dataset.range(200, 205).make_initializable_iterator()
        with tf.Session() as sess:
            sess.run(b.initializer)
            ha, hb = sess.run([a.string_handle(), b.string_handle()])
            assert isinstance(ha, bytes)
            got = [sess.run(nxt, {handle: h}) for h in (ha, hb, ha, hb)]
            assert got == [100, 200, 101, 201]


def test_one_shot_iterator_rejects_placeholder():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.int64, [])
        with pytest.raises(ValueError, match="Cannot capture a placeholder "
                                             "\\(name:Placeholder, type:Placeholder\\) by value."):
            tf.data.Dataset.range(p).make_one_shot_iterator()


def test_get_next_structure_and_shapes():
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_tensor_slices({"a": np.arange(3), "b": np.ones((3, 2))})
        nxt = ds.make_one_shot_iterator().get_next()
        assert sorted(nxt) == ["a", "b"]
        assert nxt["a"].name == "IteratorGetNext:0" and nxt["b"].name == "IteratorGetNext:1"
        assert nxt["b"].shape.as_list() == [2] and nxt["b"].dtype == tf.float64
        assert ds.batch(2).output_shapes == {"a": tf.TensorShape([None]),
                                             "b": tf.TensorShape([None, 2])}


def test_filter_predicate_must_be_scalar_bool():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Invalid `predicate`. `predicate` must return a "
                                             "`tf.bool` scalar tensor, but its return type is "
                                             "TensorSpec\\(shape=\\(\\), dtype=tf.int64, "
                                             "name=None\\)."):
            tf.data.Dataset.range(10).filter(lambda x: x)


def test_training_loop_stops_with_out_of_range_at_epoch_end():
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = x.sum(1, keepdims=True)
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(10, seed=1).batch(4)
        it = ds.make_initializable_iterator()
        bx, by = it.get_next()
        w = tf.Variable(tf.zeros([2, 1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(bx, w) - by))
        step = tf.assign_sub(w, 0.001 * tf.gradients(loss, [w])[0])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for epoch in range(2):
                sess.run(it.initializer)
                steps = 0
                with pytest.raises(tf.errors.OutOfRangeError):
                    while True:
                        sess.run(step)
                        steps += 1
                assert steps == 3


def test_shuffle_is_seeded_and_reshuffles_each_epoch():
    def run():
        with tf.Graph().as_default():
            ds = tf.data.Dataset.range(20).shuffle(5, seed=7).repeat(2).batch(20)
            nxt = ds.make_one_shot_iterator().get_next()
            with tf.Session() as sess:
                return sess.run(nxt), sess.run(nxt)
    (a1, a2), (b1, b2) = run(), run()
    np.testing.assert_array_equal(a1, b1)
    assert sorted(a1) == list(range(20)) and sorted(a2) == list(range(20))
    assert list(a1) != list(a2) and list(a1) != list(range(20))
    # A buffer of 5 moves an element at most 4 places earlier than its position.
    assert all(pos >= v - 4 for pos, v in enumerate(a1))


def test_shuffle_without_reshuffle_repeats_order():
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(10).shuffle(10, seed=3, reshuffle_each_iteration=False)
        nxt = ds.repeat(2).batch(10).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(nxt), sess.run(nxt))


def test_map_function_error_names_the_op():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.int32, [None, None])
        it = tf.data.Dataset.from_tensor_slices(p).map(
            lambda v: tf.reshape(v, [3])).make_initializable_iterator()
        nxt = it.get_next()
        with tf.Session() as sess:
            sess.run(it.initializer, {p: [[1, 2], [3, 4]]})
            with pytest.raises(tf.errors.InvalidArgumentError, match="Reshape"):
                sess.run(nxt)


def test_generator_errors_use_tf_text():
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [1, 2, 3]]), tf.int32,
                                            tf.TensorShape([2]))
        nxt = ds.make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            assert sess.run(nxt).tolist() == [1, 2]
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="`generator` yielded an element of shape \\(3,\\) where an "
                                     "element of shape \\(2,\\) was expected."):
                sess.run(nxt)


def test_batch_of_different_shapes_uses_tf_text():
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [1, 2, 3]]), tf.int32)
        nxt = ds.batch(2).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Cannot batch tensors with different shapes in component "
                                     "0. First element had shape \\[2\\] and element 1 had "
                                     "shape \\[3\\]."):
                sess.run(nxt)
