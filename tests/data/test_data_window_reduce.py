"""Dataset.window (nested datasets per component), Dataset.reduce and padded_batch of string
scalars. Expected values recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def _drain(tf, dataset):
    nxt = tf.data.make_one_shot_iterator(dataset).get_next()
    out = []
    with tf.Session() as sess:
        try:
            while True:
                value = sess.run(nxt)
                out.append(value.tolist() if hasattr(value, "tolist") else value)
        except tf.errors.OutOfRangeError:
            pass
    return out


def test_window_shift_stride_and_remainder(tf):
    rng = tf.data.Dataset.range
    assert _drain(tf, rng(7).window(3, shift=2).flat_map(lambda w: w.batch(3))) == [
        [0, 1, 2], [2, 3, 4], [4, 5, 6], [6]]
    assert _drain(tf, rng(7).window(2, shift=3).flat_map(lambda w: w.batch(5))) == [
        [0, 1], [3, 4], [6]]
    assert _drain(tf, rng(10).window(3, shift=1, stride=2).flat_map(lambda w: w.batch(5))) == [
        [0, 2, 4], [1, 3, 5], [2, 4, 6], [3, 5, 7], [4, 6, 8], [5, 7, 9], [6, 8], [7, 9], [8],
        [9]]
    assert _drain(tf, rng(10).window(3, 1, 2, drop_remainder=True).flat_map(
        lambda w: w.batch(5))) == [[0, 2, 4], [1, 3, 5], [2, 4, 6], [3, 5, 7], [4, 6, 8],
                                   [5, 7, 9]]
    assert _drain(tf, rng(5).window(2).flat_map(lambda w: w)) == [0, 1, 2, 3, 4]


def test_window_structures_and_specs(tf):
    ds = tf.data.Dataset.range(7).window(3, shift=2)
    spec = "DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))"
    assert repr(tf.data.get_output_types(ds)) == spec
    assert repr(tf.data.get_output_shapes(ds)) == spec
    assert repr(tf.data.get_output_classes(ds)) == spec
    pairs = tf.data.Dataset.from_tensor_slices((np.arange(6), np.arange(6) * 10.)).window(
        4, 2, drop_remainder=True)
    got = _drain(tf, pairs.flat_map(lambda x, y: tf.data.Dataset.zip((x.batch(4), y.batch(4)))))
    assert [(a.tolist(), b.tolist()) for a, b in got] == [([0, 1, 2, 3], [0., 10., 20., 30.]),
                                                          ([2, 3, 4, 5], [20., 30., 40., 50.])]
    dicts = tf.data.Dataset.from_tensor_slices({"a": np.arange(5), "b": np.arange(5) * 2})
    got = _drain(tf, dicts.window(2).flat_map(lambda e: tf.data.Dataset.zip(e).batch(2)))
    assert [(d["a"].tolist(), d["b"].tolist()) for d in got] == [([0, 1], [0, 2]),
                                                                 ([2, 3], [4, 6]), ([4], [8])]
    interleaved = tf.data.Dataset.range(6).window(3).interleave(
        lambda w: w.map(lambda v: v * 2), cycle_length=2)
    assert _drain(tf, interleaved) == [0, 6, 2, 8, 4, 10]


@pytest.mark.parametrize("kwargs,what", [({"size": 0}, "size"),
                                         ({"size": 2, "shift": 0}, "shift"),
                                         ({"size": 2, "stride": 0}, "stride")])
def test_window_arguments_must_be_positive(tf, kwargs, what):
    ds = tf.data.Dataset.range(3).window(**kwargs).flat_map(lambda w: w)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Window %s must be greater than zero." % what):
        _drain(tf, ds)


def test_reduce_over_dataset_and_over_windows(tf):
    with tf.Session() as sess:
        empty = tf.data.Dataset.range(0).reduce(tf.constant(5, tf.int64), lambda a, b: a + b)
        assert sess.run(empty) == 5
        # the state's shape is relaxed when reduce_func changes it
        state = tf.data.Dataset.range(4).reduce(
            (tf.constant(0, tf.int64), tf.zeros([0], tf.int64)),
            lambda st, x: (st[0] + x, tf.concat([st[1], [x]], 0)))
        assert state[1].shape.as_list() == [None]
        total, seen = sess.run(state)
        assert total == 6 and seen.tolist() == [0, 1, 2, 3]
        weighted = tf.data.Dataset.from_tensor_slices(({"a": [1., 2., 3.]}, [4, 5, 6])).reduce(
            np.float32(0), lambda st, e: st + e[0]["a"] * tf.cast(e[1], tf.float32))
        assert weighted.dtype == tf.float32 and sess.run(weighted) == 32.0
    sums = tf.data.Dataset.range(6).window(3).map(
        lambda w: w.reduce(np.int64(0), lambda a, b: a + b))
    assert _drain(tf, sums) == [3, 12]


def test_reduce_state_type_must_not_change(tf):
    with pytest.raises(TypeError, match="The element types for the new state must match the "
                                        "initial state. Expected <dtype: 'int32'> but got "
                                        "<dtype: 'float32'>."):
        tf.data.Dataset.range(3).reduce(tf.constant(0), lambda a, b: tf.cast(b, tf.float32))


def test_padded_batch_of_string_scalars_gives_bytes(tf):
    ds = tf.data.Dataset.from_tensor_slices((["a", "bb", "c"], [[1, 2], [3, 4], [5, 6]]))
    ds = ds.map(lambda s, v: {"s": s, "v": v[:tf.cast(v[0] % 3, tf.int32)]})
    got = _drain(tf, ds.padded_batch(2, {"s": [], "v": [None]}, {"s": "x", "v": -1}))
    assert [type(s) for s in got[0]["s"]] == [bytes, bytes]
    assert [d["s"].tolist() for d in got] == [[b"a", b"bb"], [b"c"]]
    assert [d["v"].tolist() for d in got] == [[[1], [-1]], [[5, 6]]]
