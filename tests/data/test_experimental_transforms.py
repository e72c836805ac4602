"""tf.data.experimental: `sample_from_datasets` (TF's exact seeded stream), `choose_from_datasets`,
`RandomDataset`, `Counter`, `scan`, `take_while`, `unique`, `dense_to_sparse_batch`,
`cardinality` / `assert_cardinality` and `Optional` / `get_next_as_optional`. Every expected
value and error text was recorded from TF 2.21 compat.v1 in graph mode.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from experimental_drain import OOR, drain, plain



def _r(tf, a, b):
    return tf.data.Dataset.range(a, b)


def _error(out, cls, text):
    assert out.startswith(cls + ":") and text in out, out


# -- sample_from_datasets / choose_from_datasets / RandomDataset ---------------------------------

def test_random_dataset_stream(tf):
    E = tf.data.experimental
    assert drain(tf, E.RandomDataset(seed=5).take(6)) == [
        3568415791, 2798973839, 2476249224, 2816106479, 2507884952, 3643392934, OOR]
    assert drain(tf, E.RandomDataset(seed=-3).take(3)) == [294563667, 1210049117, 3537244607,
                                                           OOR]
    # each pass restarts the stream
    assert drain(tf, E.RandomDataset(seed=5).take(3).repeat(2)) == [
        3568415791, 2798973839, 2476249224, 3568415791, 2798973839, 2476249224, OOR]


def test_sample_from_datasets_seeded_order(tf):
    E = tf.data.experimental
    assert drain(tf, E.sample_from_datasets([_r(tf, 0, 10), _r(tf, 100, 105)], seed=7)) == [
        100, 0, 101, 1, 2, 102, 103, 104, 3, 4, 5, 6, 7, 8, 9, OOR]
    ds = E.sample_from_datasets([_r(tf, 0, 10), _r(tf, 100, 110), _r(tf, 200, 210)],
                                [0.2, 0.5, 0.3], seed=42)
    assert drain(tf, ds) == [200, 201, 100, 202, 101, 203, 102, 0, 1, 103, 104, 204, 105, 2,
                             106, 205, 206, 207, 107, 108, 208, 109, 209, 3, 4, 5, 6, 7, 8, 9,
                             OOR]
    ds = E.sample_from_datasets([_r(tf, 0, 5), _r(tf, 10, 15)],
                                tf.constant([0.9, 0.1], tf.float64), seed=3)
    assert drain(tf, ds) == [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, OOR]


def test_sample_from_datasets_graph_seed(tf):
    with tf.Graph().as_default():
        tf.set_random_seed(11)
        ds = tf.data.experimental.sample_from_datasets([_r(tf, 0, 5), _r(tf, 10, 15)])
        assert drain(tf, ds) == [10, 11, 0, 12, 13, 14, 1, 2, 3, 4, OOR]


def test_sample_from_datasets_weights_dataset(tf):
    weights = tf.data.Dataset.from_tensor_slices([[0.5, 0.5], [0.9, 0.1], [0.1, 0.9]]).repeat()
    ds = tf.data.experimental.sample_from_datasets([_r(tf, 0, 10), _r(tf, 10, 20)], weights,
                                                   seed=3)
    assert drain(tf, ds) == [10, 0, 11, 1, 2, 12, 3, 4, 13, 5, 14, 6, 15, 7, 16, 17, 8, 9, 18,
                             19, OOR]


def test_sample_from_datasets_zero_weights_single_and_stop(tf):
    E = tf.data.experimental
    ds = E.sample_from_datasets([_r(tf, 0, 3), _r(tf, 100, 110)], [0.0, 1.0], seed=1)
    assert drain(tf, ds) == list(range(100, 110)) + [OOR]
    assert drain(tf, E.sample_from_datasets([_r(tf, 0, 5), _r(tf, 10, 15)], [0.0, 0.0],
                                            seed=3)) == [OOR]
    assert drain(tf, E.sample_from_datasets([_r(tf, 0, 3)], seed=1)) == [0, 1, 2, OOR]
    ds = E.sample_from_datasets([_r(tf, 0, 10), _r(tf, 100, 103)], seed=7,
                                stop_on_empty_dataset=True)
    assert drain(tf, ds) == [100, 0, 101, 1, 2, 102, OOR]


def test_sample_from_datasets_structures(tf):
    E = tf.data.experimental
    ds = E.sample_from_datasets([tf.data.Dataset.from_tensors({"a": 1, "b": 2.0}).repeat(2),
                                 tf.data.Dataset.from_tensors({"a": 3, "b": 4.0}).repeat(2)],
                                [0.5, 0.5], seed=9)
    assert drain(tf, ds) == [{"a": 1, "b": 2.0}, {"a": 3, "b": 4.0}, {"a": 3, "b": 4.0},
                             {"a": 1, "b": 2.0}, OOR]
    ds = E.sample_from_datasets([tf.data.Dataset.from_tensors([1, 2]),
                                 tf.data.Dataset.from_tensors([1, 2, 3])], seed=1)
    assert ds.output_shapes.as_list() == [None]


def test_sample_from_datasets_errors(tf):
    E = tf.data.experimental
    a, b = _r(tf, 0, 3), _r(tf, 10, 13)
    with pytest.raises(TypeError) as e:
        E.sample_from_datasets([a, b], [1, 2], seed=1)
    assert str(e.value) == ("Invalid `weights`. `weights` type must be either `tf.float32` or "
                            "`tf.float64` but is <dtype: 'int32'>.")
    with pytest.raises(ValueError) as e:
        E.sample_from_datasets([a, b], [1.0], seed=1)
    assert str(e.value) == ("Invalid `weights`. `weights` should have the same length as "
                            "`datasets` but got `len(weights)=1` vs. `len(datasets)=2`.")
    with pytest.raises(ValueError, match=r"should be compatible with `\[len\(datasets\)\]` but "
                                         r"is \(3,\)\."):
        E.sample_from_datasets([a, b], tf.constant([0.9, 0.1, 0.2]), seed=3)
    with pytest.raises(ValueError, match="Invalid `datasets`. `datasets` should not be empty."):
        E.sample_from_datasets([], seed=1)
    with pytest.raises(TypeError) as e:
        E.sample_from_datasets([a, tf.data.Dataset.from_tensors(1.0)], seed=1)
    assert str(e.value) == (
        "Invalid `datasets`. `datasets` must have compatible element specs.\n Dataset 0 "
        "element_spec=TensorSpec(shape=(), dtype=tf.int64, name=None).\nDataset 1 "
        "element_spec=TensorSpec(shape=(), dtype=tf.float32, name=None).")


def _choices(tf, values, dtype=np.int64):
    return tf.data.Dataset.from_tensor_slices(np.array(values, dtype))


def test_choose_from_datasets(tf):
    E = tf.data.experimental
    ds = E.choose_from_datasets([_r(tf, 0, 5), _r(tf, 10, 15)],
                                _choices(tf, [0, 1, 1, 0, 1, 1, 1, 1, 0]))
    assert drain(tf, ds) == [0, 10, 11, 1, 12, 13, 14, 2, OOR]
    ds = E.choose_from_datasets([_r(tf, 0, 5), _r(tf, 10, 12)], _choices(tf, [1, 1, 1, 0, 0]),
                                stop_on_empty_dataset=True)
    assert drain(tf, ds) == [10, 11, OOR]
    ds = E.choose_from_datasets([tf.data.Dataset.from_tensors((1, [1])),
                                 tf.data.Dataset.from_tensors((2, [2, 2]))], _r(tf, 0, 2))
    assert [s.as_list() for s in ds.output_shapes] == [[], [None]]
    assert drain(tf, ds) == [(1, [1]), (2, [2, 2]), OOR]


def test_choose_from_datasets_errors(tf):
    E = tf.data.experimental
    out = drain(tf, E.choose_from_datasets([_r(tf, 0, 5), _r(tf, 10, 12)],
                                           _choices(tf, [0, 2, 1])))
    assert out[0] == 0
    _error(out[1], "InvalidArgumentError", "Selector index out of range: 2 >= 2")
    out = drain(tf, E.choose_from_datasets([_r(tf, 0, 5), _r(tf, 10, 12)],
                                           _choices(tf, [-1])))
    _error(out[0], "InvalidArgumentError", "Selector index out of range: -1 >= 2")
    with pytest.raises(TypeError) as e:
        E.choose_from_datasets([_r(tf, 0, 5)], _choices(tf, [0], np.int32))
    assert str(e.value) == ("Invalid `choice_dataset`. Elements of `choice_dataset` must be "
                            "scalar `tf.int64` tensors but are TensorSpec(shape=(), "
                            "dtype=tf.int32, name=None).")
    with pytest.raises(TypeError, match="`choice_dataset` should be a `tf.data.Dataset` but is "
                                        "<class 'list'>."):
        E.choose_from_datasets([_r(tf, 0, 5)], [0, 1])


# -- Counter, scan, take_while, unique ------------------------------------------------------------

def test_counter(tf):
    E = tf.data.experimental
    ds = E.Counter()
    assert ds.output_types == tf.int64 and ds.output_shapes.as_list() == []
    assert drain(tf, E.Counter(5, 3).take(4)) == [5, 8, 11, 14, OOR]
    assert drain(tf, E.Counter(dtype=tf.int32).take(2)) == [0, 1, OOR]
    assert drain(tf, E.Counter(1.5, 0.5, dtype=tf.float32).take(3)) == [1.5, 2.0, 2.5, OOR]


def test_scan(tf):
    E = tf.data.experimental
    ds = _r(tf, 0, 5).apply(E.scan(np.int64(0), lambda s, x: (s + x, s * 10 + x)))
    assert drain(tf, ds) == [0, 1, 12, 33, 64, OOR]
    # the state's shape is relaxed until it is stable ([0] -> [None])
    ds = _r(tf, 0, 4).apply(E.scan(tf.zeros([0], tf.int64),
                                   lambda s, x: (tf.concat([s, [x]], 0), tf.size(s))))
    assert ds.output_shapes.as_list() == []
    assert drain(tf, ds) == [0, 1, 2, 3, OOR]
    ds = _r(tf, 0, 3).apply(E.scan((np.int64(1), np.float32(0.5)), lambda s, x: (
        (s[0] * 2, s[1] + 1), {"a": s[0] + x, "b": s[1]})))
    assert drain(tf, ds) == [{"a": 1, "b": 0.5}, {"a": 3, "b": 1.5}, {"a": 6, "b": 2.5}, OOR]
    ds = _r(tf, 0, 2).apply(E.scan(np.int64(0), lambda s, x: (
        s + 1, tf.SparseTensor([[0]], [x], [3]))))
    assert drain(tf, ds) == [("sparse", [[0]], [0], [3]), ("sparse", [[0]], [1], [3]), OOR]


def test_scan_errors(tf):
    E = tf.data.experimental
    with pytest.raises(TypeError) as e:
        _r(tf, 0, 3).apply(E.scan(np.int64(0), lambda s, x: (tf.cast(s, tf.int32), x)))
    assert str(e.value) == ("Invalid `scan_func`. The element types for the new state must "
                            "match the initial state. Expected <dtype: 'int64'>, got "
                            "<dtype: 'int32'>.")
    with pytest.raises(TypeError) as e:
        _r(tf, 0, 3).apply(E.scan(np.int64(0), lambda s, x: s))
    assert str(e.value) == ("Invalid `scan_func`. `scan_func` should return a pair consisting "
                            "of new state and the output value but its return type is "
                            "TensorSpec(shape=(), dtype=tf.int64, name=None).")


def test_take_while(tf):
    E = tf.data.experimental
    assert drain(tf, _r(tf, 0, 10).apply(E.take_while(lambda x: x < 4))) == [0, 1, 2, 3, OOR]
    ds = tf.data.Dataset.from_tensor_slices((np.arange(5), np.arange(5) * 2)).apply(
        E.take_while(lambda a, b: b < 5))
    assert drain(tf, ds) == [(0, 0), (1, 2), (2, 4), OOR]
    with pytest.raises(ValueError) as e:
        _r(tf, 0, 10).apply(E.take_while(lambda x: x))
    # (TF's text has no space before the spec)
    assert str(e.value) == ("Invalid `predicate`. `predicate` must return a `tf.bool` scalar "
                            "tensor but its return type isTensorSpec(shape=(), dtype=tf.int64, "
                            "name=None).")
    with pytest.raises(ValueError, match=r"isTensorSpec\(shape=\(2,\), dtype=tf.bool"):
        _r(tf, 0, 10).apply(E.take_while(lambda x: tf.stack([x < 4, x < 5])))


def test_unique(tf):
    E = tf.data.experimental
    ds = tf.data.Dataset.from_tensor_slices(np.array([3, 1, 3, 2, 1, 5], np.int32))
    assert drain(tf, ds.apply(E.unique())) == [3, 1, 2, 5, OOR]
    ds = tf.data.Dataset.from_tensor_slices([b"a", b"b", b"a", b""])
    assert drain(tf, ds.apply(E.unique())) == [b"a", b"b", b"", OOR]
    ds = tf.data.Dataset.from_tensor_slices(np.array([[1, 2], [1, 2], [2, 1]], np.int64))
    assert drain(tf, ds.apply(E.unique())) == [[1, 2], [2, 1], OOR]
    ds = tf.data.Dataset.from_generator(lambda: [[1], [1, 1], [1]], tf.int64, [None])
    assert drain(tf, ds.apply(E.unique())) == [[1], [1, 1], OOR]
    ds = tf.data.Dataset.from_tensor_slices({"a": np.array([1, 1, 2], np.int64)})
    assert drain(tf, ds.apply(E.unique())) == [{"a": 1}, {"a": 2}, OOR]


def test_unique_errors(tf):
    E = tf.data.experimental
    with pytest.raises(TypeError) as e:
        tf.data.Dataset.from_tensor_slices([1.0, 2.0]).apply(E.unique())
    assert str(e.value) == ("`tf.data.Dataset.unique` does not support type <dtype: 'float32'> "
                            "-- only `tf.int32`, `tf.int64`, and `tf.string` are supported.")
    ds = tf.data.Dataset.from_tensor_slices((np.zeros([3], np.int64), np.zeros([3], np.int64)))
    out = drain(tf, ds.apply(E.unique()))
    _error(out[0], "InvalidArgumentError",
           "UniqueDataset only supports inputs with a single component.")


# -- dense_to_sparse_batch -------------------------------------------------------------------------

def _filled(tf, n, shape_fn):
    return _r(tf, 0, n).map(lambda x: tf.fill(shape_fn(x), x))


def test_dense_to_sparse_batch(tf):
    E = tf.data.experimental
    ds = _filled(tf, 5, lambda x: [x]).apply(E.dense_to_sparse_batch(2, [10]))
    assert ds.output_classes == tf.SparseTensor and ds.output_types == tf.int64
    assert ds.output_shapes.as_list() == [None, 10]
    assert drain(tf, ds) == [
        ("sparse", [[1, 0]], [1], [2, 10]),
        ("sparse", [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], [2, 2, 3, 3, 3], [2, 10]),
        ("sparse", [[0, 0], [0, 1], [0, 2], [0, 3]], [4, 4, 4, 4], [1, 10]), OOR]
    ds = _filled(tf, 3, lambda x: [x, 2]).apply(E.dense_to_sparse_batch(2, [3, 2]))
    assert drain(tf, ds) == [("sparse", [[1, 0, 0], [1, 0, 1]], [1, 1], [2, 3, 2]),
                             ("sparse", [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1]],
                              [2, 2, 2, 2], [1, 3, 2]), OOR]
    # zeros are entries too
    ds = _r(tf, 0, 3).map(lambda x: tf.fill([2], tf.cast(x, tf.float32)) *
                          tf.constant([0.0, 1.0])).apply(E.dense_to_sparse_batch(2, [3]))
    assert drain(tf, ds) == [("sparse", [[0, 0], [0, 1], [1, 0], [1, 1]],
                              [0.0, 0.0, 0.0, 1.0], [2, 3]),
                             ("sparse", [[0, 0], [0, 1]], [0.0, 2.0], [1, 3]), OOR]


def test_dense_to_sparse_batch_errors(tf):
    E = tf.data.experimental
    out = drain(tf, _filled(tf, 5, lambda x: [x]).apply(E.dense_to_sparse_batch(2, [3])))
    assert len(out) == 3
    _error(out[2], "DataLossError",
           "Input element had shape ([4]) that is larger than the row shape ([3]).")
    out = drain(tf, _filled(tf, 5, lambda x: [x]).apply(E.dense_to_sparse_batch(2, [5, 1])))
    _error(out[0], "InvalidArgumentError",
           "Input element had shape ([0]) that is incompatible with the row shape ([5,1]).")
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        _filled(tf, 5, lambda x: [x]).apply(E.dense_to_sparse_batch(2, [-1]))


# -- cardinality -----------------------------------------------------------------------------------

def _cardinalities(tf):
    E = tf.data.experimental
    r = lambda a, b: _r(tf, a, b)  # noqa: E731
    keep = lambda x: True  # noqa: E731
    return {
        "range": (r(0, 10), 10), "range_step": (tf.data.Dataset.range(0, 10, 3), 4),
        "range_empty": (r(10, 0), 0), "tensors": (tf.data.Dataset.from_tensors([1, 2]), 1),
        "slices": (tf.data.Dataset.from_tensor_slices(np.zeros([7, 2])), 7),
        "repeat": (r(0, 3).repeat(), -1), "repeat4": (r(0, 3).repeat(4), 12),
        "repeat_empty": (r(0, 0).repeat(), 0), "repeat0": (r(0, 3).repeat(0), 0),
        "take": (r(0, 10).take(4), 4), "take_big": (r(0, 3).take(10), 3),
        "take_inf": (r(0, 3).repeat().take(5), 5), "take_all": (r(0, 3).take(-1), 3),
        "skip": (r(0, 10).skip(4), 6), "skip_big": (r(0, 3).skip(10), 0),
        "skip_inf": (r(0, 3).repeat().skip(5), -1), "skip_all": (r(0, 3).skip(-1), 0),
        "filter": (r(0, 10).filter(keep), -2), "filter_take": (r(0, 10).filter(keep).take(2), -2),
        "map": (r(0, 10).map(lambda x: x * 2), -2),  # TF1's map does not preserve it
        "batch": (r(0, 10).batch(3), 4), "batch_drop": (r(0, 10).batch(3, True), 3),
        "padded_batch": (r(0, 10).padded_batch(4, []), 3),
        "batch_inf": (r(0, 10).repeat().batch(3), -1),
        "zip": (tf.data.Dataset.zip((r(0, 10), r(0, 4))), 4),
        "zip_inf": (tf.data.Dataset.zip((r(0, 10).repeat(), r(0, 4))), 4),
        "zip_unknown": (tf.data.Dataset.zip((r(0, 10).filter(keep), r(0, 4).repeat())), -2),
        "concat": (r(0, 10).concatenate(r(0, 4)), 14),
        "concat_inf": (r(0, 10).repeat().concatenate(r(0, 4).filter(keep)), -1),
        "concat_unknown": (r(0, 10).concatenate(r(0, 4).filter(keep)), -2),
        "shuffle": (r(0, 10).shuffle(3), 10), "cache": (r(0, 10).cache(), 10),
        "prefetch": (r(0, 10).prefetch(2), 10),
        "generator": (tf.data.Dataset.from_generator(lambda: [1], tf.int64), -2),
        "flat_map": (r(0, 3).flat_map(lambda x: r(0, x)), -2),
        "unbatch": (r(0, 10).batch(2).unbatch(), -2),
        "enumerate": (r(0, 10).apply(E.enumerate_dataset()), 10),
        "scan": (r(0, 5).apply(E.scan(np.int64(0), lambda s, x: (s, x))), 5),
        "take_while": (r(0, 5).apply(E.take_while(lambda x: x < 3)), -2),
        "unique": (r(0, 5).apply(E.unique()), -2),
        "group_by_window": (r(0, 5).apply(E.group_by_window(lambda x: x, lambda k, d: d, 2)), -2),
        "sample": (E.sample_from_datasets([r(0, 3), r(0, 4)], seed=1), -2),
        "choose": (E.choose_from_datasets([r(0, 3), r(0, 4)], r(0, 2)), -2),
        "counter": (E.Counter(), -1),
        "asserted": (r(0, 5).filter(keep).apply(E.assert_cardinality(5)), 5),
        "with_options": (r(0, 5).with_options(tf.data.Options()), 5),
    }


def test_cardinality(tf):
    E = tf.data.experimental
    assert (E.INFINITE_CARDINALITY, E.UNKNOWN_CARDINALITY) == (-1, -2)
    cases = _cardinalities(tf)
    tensors = {k: E.cardinality(ds) for k, (ds, _) in cases.items()}
    t = tensors["range"]
    assert t.dtype == tf.int64 and t.shape.as_list() == [] and t.op.type == "DatasetCardinality"
    with tf.Session() as sess:
        got = sess.run(tensors)
    assert {k: int(v) for k, v in got.items()} == {k: n for k, (_, n) in cases.items()}


def test_assert_cardinality(tf):
    E = tf.data.experimental
    keep = lambda x: True  # noqa: E731
    out = drain(tf, _r(tf, 0, 5).filter(keep).apply(E.assert_cardinality(3)))
    assert out[:3] == [0, 1, 2]
    _error(out[3], "FailedPreconditionError", "Input dataset was expected to contain 3 elements "
                                              "but contained at least 4 elements.")
    out = drain(tf, _r(tf, 0, 2).filter(keep).apply(E.assert_cardinality(3)))
    _error(out[2], "FailedPreconditionError", "Input dataset was expected to contain 3 elements "
                                              "but contained only 2 elements.")
    assert drain(tf, _r(tf, 0, 3).apply(E.assert_cardinality(3))) == [0, 1, 2, OOR]
    out = drain(tf, _r(tf, 0, 2).apply(E.assert_cardinality(1)))
    _error(out[1], "FailedPreconditionError", "Input dataset was expected to contain 1 element "
                                              "but contained at least 2 elements.")
    out = drain(tf, _r(tf, 0, 0).apply(E.assert_cardinality(1)))
    _error(out[0], "FailedPreconditionError", "expected to contain 1 element but contained "
                                              "only 0 elements.")
    ds = _r(tf, 0, 3).filter(keep).repeat().apply(E.assert_cardinality(-1)).take(4)
    assert drain(tf, ds) == [0, 1, 2, 0, OOR]
    out = drain(tf, _r(tf, 0, 3).filter(keep).apply(E.assert_cardinality(-1)))
    _error(out[3], "FailedPreconditionError", "Input dataset was expected to contain an infinite "
                                              "number of elements but contained only 3 elements.")


# -- Optional --------------------------------------------------------------------------------------

def test_get_next_as_optional(tf):
    E = tf.data.experimental
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(
        (np.array([1, 2], np.int64), np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))))
    opt = E.get_next_as_optional(it)
    assert opt._variant_tensor.op.type == "IteratorGetNextAsOptional"
    has, value = opt.has_value(), opt.get_value()
    assert has.dtype == tf.bool and has.shape.as_list() == []
    assert value[1].shape.as_list() == [2]
    spec = opt.element_spec
    assert (spec[0].dtype, spec[0].shape.as_list()) == (tf.int64, [])
    assert (spec[1].dtype, spec[1].shape.as_list()) == (tf.float32, [2])
    out = []
    with tf.Session() as sess:
        sess.run(it.initializer)
        for _ in range(3):
            h = sess.run(has)
            out.append(bool(h))
            if h:
                out.append(plain(sess.run(value)))
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="The given optional does not have a value."):
            sess.run(value)
    # each has_value() run pulls one element, as in TF
    assert out == [True, (2, [3.0, 4.0]), False, False]


def test_optional_from_value_and_empty(tf):
    E = tf.data.experimental
    opt = E.Optional.from_value({"a": tf.constant(1), "b": tf.constant([1.0])})
    empty = E.Optional.empty(E.Optional.from_value(tf.constant(1)).element_spec)
    spec = opt.element_spec
    assert (spec["b"].dtype, spec["b"].shape.as_list()) == (tf.float32, [1])
    with tf.Session() as sess:
        assert bool(sess.run(opt.has_value()))
        assert plain(sess.run(opt.get_value())) == {"a": 1, "b": [1.0]}
        assert not bool(sess.run(empty.has_value()))


# -- get_structure, ThreadingOptions, map_and_batch_with_legacy_function ---------------------------

def test_get_structure(tf):
    E = tf.data.experimental
    ds = tf.data.Dataset.from_tensor_slices(({"a": np.zeros([3, 2], np.float32)}, np.arange(3)))
    expected = ("({'a': TensorSpec(shape=(2,), dtype=tf.float32, name=None)}, "
                "TensorSpec(shape=(), dtype=tf.int64, name=None))")
    assert repr(E.get_structure(ds)) == expected
    assert repr(E.get_structure(tf.data.make_one_shot_iterator(ds))) == expected
    with pytest.raises(TypeError) as e:
        E.get_structure(3)
    assert str(e.value) == ("Invalid `dataset_or_iterator`. `dataset_or_iterator` must be a "
                            "`tf.data.Dataset` or tf.data.Iterator object, but got "
                            "<class 'int'>.")


def test_threading_options_and_legacy_map_and_batch(tf):
    E = tf.data.experimental
    assert E.ThreadingOptions is tf.data.ThreadingOptions
    ds = tf.data.Dataset.range(5).apply(E.map_and_batch_with_legacy_function(lambda x: x * 2, 2))
    assert drain(tf, ds) == [[0, 2], [4, 6], [8], OOR]


def test_structure_names(tf):
    E = tf.data.experimental
    assert repr(E.TensorStructure(tf.int32, [2, None])) == \
        "TensorSpec(shape=(2, ?), dtype=tf.int32, name=None)"
    assert repr(E.SparseTensorStructure(tf.float32, [3])) == \
        "SparseTensorSpec(TensorShape([Dimension(3)]), tf.float32)"
    assert repr(E.TensorArrayStructure(tf.float32, [2], True, False)) == \
        "TensorArraySpec(TensorShape([Dimension(2)]), tf.float32, True, False)"
    assert repr(E.RaggedTensorStructure(tf.int64, [None, None], 1)) == \
        "RaggedTensorSpec(TensorShape([Dimension(None), Dimension(None)]), tf.int64, 1, tf.int64)"
    assert E.Structure is tf.TypeSpec and E.DatasetStructure is tf.data.DatasetSpec
    assert isinstance(E.TensorStructure(tf.int32, []), E.Structure)


def _drain(tf, sess, dataset):
    nxt = tf.data.make_one_shot_iterator(dataset).get_next()
    values = []
    while True:
        try:
            values.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            return values


def test_shard_and_its_cardinality(tf):
    dataset = tf.data.Dataset.range(10).shard(3, 1)
    assert dataset._variant_tensor.op.type == "ShardDataset"
    counts = [tf.data.experimental.cardinality(tf.data.Dataset.range(n).shard(3, i))
              for n, i in [(10, 0), (10, 1), (10, 2), (2, 2)]]
    counts.append(tf.data.experimental.cardinality(tf.data.Dataset.range(3).repeat().shard(2, 1)))
    counts.append(tf.data.experimental.cardinality(
        tf.data.Dataset.range(3).filter(lambda x: x > 0).shard(2, 1)))
    legacy = tf.data.Dataset.from_tensor_slices(["a", "b", "c", "d", "e"]).shard(2, 1) \
        .map_with_legacy_function(lambda x: x + "!") \
        .filter_with_legacy_function(lambda x: tf.not_equal(x, "b!"))
    with tf.Session() as sess:
        assert _drain(tf, sess, dataset) == [1, 4, 7]
        assert sess.run(counts) == [4, 3, 3, 0, -1, -2]
        assert _drain(tf, sess, legacy) == [b"d!"]


@pytest.mark.parametrize("num_shards,index,message", [
    (0, 0, "Number of shards must be greater than zero (currently num_shards = 0)."),
    (3, 3, "Index must be between 0 and 2 (currently index = 3)."),
    (3, -1, "Index must be between 0 and 2 (currently index = -1).")])
def test_shard_checks_its_arguments_when_run(tf, num_shards, index, message):
    shards = tf.placeholder(tf.int64, [])
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(10).shard(shards, index))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(message)) as e:
            sess.run(it.initializer, {shards: num_shards})
    assert e.value.op.type == "ShardDataset"
