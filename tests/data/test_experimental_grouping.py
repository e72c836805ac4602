"""tf.data.experimental grouping: `group_by_window`, `bucket_by_sequence_length`,
`group_by_reducer` / `Reducer`. Element orders, static shapes and error texts were recorded
from TF 2.21 compat.v1 in graph mode (the stand-in for TF 1.15).
"""
from __future__ import annotations

import numpy as np
import pytest

from experimental_drain import OOR, drain



def test_group_by_window_constant_window(tf):
    ds = tf.data.Dataset.range(10).apply(tf.data.experimental.group_by_window(
        lambda x: x % 3, lambda k, d: d.batch(4), 2))
    assert ds.output_types == tf.int64
    assert ds.output_shapes.as_list() == [None]
    # full windows as they fill, then the rest in ascending key order
    assert drain(tf, ds) == [[0, 3], [1, 4], [2, 5], [6, 9], [7], [8], OOR]


def test_group_by_window_size_func_and_key_in_reduce(tf):
    ds = tf.data.Dataset.from_tensor_slices([5, 1, 5, 2, 7, 1, 3, 3, 9]).apply(
        tf.data.experimental.group_by_window(
            lambda x: tf.cast(x, tf.int64) % 4, lambda k, d: d.batch(10).map(lambda b: (k, b)),
            window_size_func=lambda k: k + 1))
    assert ds.output_types == (tf.int64, tf.int32)
    assert [s.as_list() for s in ds.output_shapes] == [[], [None]]
    assert drain(tf, ds) == [(1, [5, 1]), (1, [5, 1]), (1, [9]), (2, [2]), (3, [7, 3, 3]), OOR]


def test_group_by_window_flushes_in_ascending_key_order(tf):
    ds = tf.data.Dataset.range(5).apply(tf.data.experimental.group_by_window(
        lambda x: -x, lambda k, d: d, 3))
    assert drain(tf, ds) == [4, 3, 2, 1, 0, OOR]


def test_group_by_window_dict_elements(tf):
    ds = tf.data.Dataset.range(7).apply(tf.data.experimental.group_by_window(
        lambda x: x % 2,
        lambda k, d: d.map(lambda v: {"a": v, "k": k}).padded_batch(3, {"a": [], "k": []}), 3))
    assert {k: s.as_list() for k, s in ds.output_shapes.items()} == {"a": [None], "k": [None]}
    assert drain(tf, ds) == [{"a": [0, 2, 4], "k": [0, 0, 0]}, {"a": [1, 3, 5], "k": [1, 1, 1]},
                             {"a": [6], "k": [0]}, OOR]


def test_group_by_window_zero_window_size(tf):
    ds = tf.data.Dataset.range(5).apply(tf.data.experimental.group_by_window(
        lambda x: x % 2, lambda k, d: d.batch(4), window_size_func=lambda k: k))
    out = drain(tf, ds)
    assert out[0].startswith("InvalidArgumentError")
    assert "Window size must be greater than zero, but got 0." in out[0]


def test_group_by_window_argument_errors(tf):
    E = tf.data.experimental
    ds = tf.data.Dataset.range(5)
    with pytest.raises(ValueError, match="Either the `window_size` argument or the "
                                         "`window_size_func` argument must be specified."):
        ds.apply(E.group_by_window(lambda x: x, lambda k, d: d))
    with pytest.raises(ValueError, match="Either the `window_size`"):
        ds.apply(E.group_by_window(lambda x: x, lambda k, d: d, 2, lambda k: k))
    with pytest.raises(ValueError) as e:
        ds.apply(E.group_by_window(lambda x: tf.stack([x, x]), lambda k, d: d, 2))
    assert str(e.value) == ("Invalid `key_func`. `key_func` must return a single `tf.int64` "
                            "scalar tensor but its return type is TensorSpec(shape=(2,), "
                            "dtype=tf.int64, name=None).")
    with pytest.raises(ValueError, match="Tensor conversion requested dtype int64 for Tensor "
                                         "with dtype int32"):
        ds.apply(E.group_by_window(lambda x: tf.cast(x, tf.int32), lambda k, d: d, 2))
    with pytest.raises(TypeError) as e:
        ds.apply(E.group_by_window(lambda x: x, lambda k, d: 3, 2))
    assert str(e.value) == ("Invalid `reduce_func`. `reduce_func` must return a single "
                            "`tf.data.Dataset` object but its return type is "
                            "TensorSpec(shape=(), dtype=tf.int32, name=None).")


# -- bucket_by_sequence_length ----------------------------------------------------------------

ELEMENTS = [[0], [1, 2, 3, 4], [5, 6, 7], [7, 8, 9, 10, 11], [13, 14, 15, 16, 19, 20], [21, 22]]


def _sequences(tf):
    return tf.data.Dataset.from_generator(lambda: ELEMENTS, tf.int64, output_shapes=[None])


def _bucket(tf, boundaries, sizes, **kw):
    return _sequences(tf).apply(tf.data.experimental.bucket_by_sequence_length(
        lambda e: tf.shape(e)[0], boundaries, sizes, **kw))


@pytest.mark.parametrize("drop", [False, True])
def test_bucket_by_sequence_length_pads_to_longest(tf, drop):
    ds = _bucket(tf, [3, 5], [2, 2, 2], drop_remainder=drop)
    assert ds.output_shapes.as_list() == [None, None]
    assert drain(tf, ds) == [[[1, 2, 3, 4], [5, 6, 7, 0]],
                             [[7, 8, 9, 10, 11, 0], [13, 14, 15, 16, 19, 20]],
                             [[0, 0], [21, 22]], OOR]


def test_bucket_by_sequence_length_pad_to_boundary(tf):
    ds = _bucket(tf, [3, 7], [2, 2, 2], pad_to_bucket_boundary=True)
    assert ds.output_shapes.as_list() == [None, None]
    assert drain(tf, ds) == [[[1, 2, 3, 4, 0, 0], [5, 6, 7, 0, 0, 0]],
                             [[7, 8, 9, 10, 11, 0], [13, 14, 15, 16, 19, 20]],
                             [[0, 0], [21, 22]], OOR]


def test_bucket_by_sequence_length_pad_to_boundary_too_long(tf):
    ds = _bucket(tf, [3, 5], [2, 2, 2], pad_to_bucket_boundary=True,
                 padding_values=np.int64(-1))
    out = drain(tf, ds)
    assert out[0] == [[1, 2, 3, 4], [5, 6, 7, -1]]
    # TF 2.21 wraps the function's InvalidArgumentError in an InternalError (TF 1.x did not)
    assert out[1].split(":")[0] in ("InvalidArgumentError", "InternalError")
    assert ("assertion failed: [When pad_to_bucket_boundary=True, elements must have length < "
            "max(bucket_boundaries).] [Condition x < y did not hold element-wise:] "
            "[x (args_0:0) = ] [2] [y (Const_1:0) = ] [2]") in out[1]


def test_bucket_by_sequence_length_padded_shapes(tf):
    ds = _bucket(tf, [3, 5], [2, 2, 2], padded_shapes=[8])
    assert ds.output_shapes.as_list() == [None, 8]
    assert drain(tf, ds) == [[[1, 2, 3, 4, 0, 0, 0, 0], [5, 6, 7, 0, 0, 0, 0, 0]],
                             [[7, 8, 9, 10, 11, 0, 0, 0], [13, 14, 15, 16, 19, 20, 0, 0]],
                             [[0] * 8, [21, 22, 0, 0, 0, 0, 0, 0]], OOR]


def test_bucket_by_sequence_length_tuple_elements(tf):
    ds = tf.data.Dataset.range(10).map(lambda x: (tf.fill([x % 4], x), x)).apply(
        tf.data.experimental.bucket_by_sequence_length(
            lambda e, n: tf.shape(e)[0], [1, 3], [3, 1, 2],
            padding_values=(np.int64(9), np.int64(0))))
    assert [s.as_list() for s in ds.output_shapes] == [[None, None], [None]]
    assert drain(tf, ds) == [([[1]], [1]), ([[2, 2]], [2]), ([[5]], [5]), ([[6, 6]], [6]),
                             ([[3, 3, 3], [7, 7, 7]], [3, 7]), ([[], [], []], [0, 4, 8]),
                             ([[9]], [9]), OOR]


def test_bucket_by_sequence_length_no_padding(tf):
    ds = tf.data.Dataset.range(10).map(lambda x: tf.fill([2], x)).apply(
        tf.data.experimental.bucket_by_sequence_length(
            lambda e: tf.cast(e[0] % 3, tf.int32), [1, 2], [2, 3, 2], no_padding=True))
    assert ds.output_shapes.as_list() == [None, 2]
    assert drain(tf, ds) == [[[0, 0], [3, 3]], [[2, 2], [5, 5]], [[1, 1], [4, 4], [7, 7]],
                             [[6, 6], [9, 9]], [[8, 8]], OOR]


def test_bucket_by_sequence_length_sizes_mismatch(tf):
    with pytest.raises(ValueError) as e:
        _sequences(tf).apply(
            tf.data.experimental.bucket_by_sequence_length(lambda e: 1, [3], [2]))
    assert str(e.value) == ("`len(bucket_batch_sizes)` must equal `len(bucket_boundaries) + 1` "
                            "but `len(bucket_batch_sizes)=1` and `len(bucket_boundaries)=1`.")


def test_bucket_by_sequence_length_int64_length_is_a_type_error(tf):
    ds = tf.data.Dataset.range(4).map(lambda x: tf.fill([x], x))
    with pytest.raises(TypeError, match="Input 'y' of 'LessEqual' Op has type int64 that does "
                                        "not match type int32 of argument 'x'."):
        ds.apply(tf.data.experimental.bucket_by_sequence_length(
            lambda e: tf.shape(e, out_type=tf.int64)[0], [2], [2, 2]))


# -- group_by_reducer ---------------------------------------------------------------------------

def _slices(tf, values):
    return tf.data.Dataset.from_tensor_slices(np.array(values, np.int64))


def test_group_by_reducer_sum_in_ascending_key_order(tf):
    E = tf.data.experimental
    r = E.Reducer(lambda k: np.int64(0), lambda s, x: s + x, lambda s: s)
    ds = _slices(tf, [5, 2, 7, 4, 3, 8, 1]).apply(E.group_by_reducer(lambda x: x % 3, r))
    assert ds.output_types == tf.int64 and ds.output_shapes.as_list() == []
    assert drain(tf, ds) == [3, 12, 15, OOR]
    ds = _slices(tf, [10, -3, 7, 100, 0, 5, 1000000, 3, -100]).apply(
        E.group_by_reducer(lambda x: x, r))
    assert drain(tf, ds) == [-100, -3, 0, 3, 5, 7, 10, 100, 1000000, OOR]
    assert drain(tf, tf.data.Dataset.range(0).apply(E.group_by_reducer(lambda x: x, r))) == [OOR]


def test_group_by_reducer_structured_state(tf):
    E = tf.data.experimental
    r = E.Reducer(lambda k: (k, tf.zeros([0], tf.int64)),
                  lambda s, x: (s[0], tf.concat([s[1], [x]], 0)),
                  lambda k, v: {"k": k, "v": v})
    ds = _slices(tf, [5, 2, 7, 4, 3, 8, 1]).apply(E.group_by_reducer(lambda x: 2 - x % 3, r))
    assert {k: s.as_list() for k, s in ds.output_shapes.items()} == {"k": [], "v": [None]}
    assert drain(tf, ds) == [{"k": 0, "v": [5, 2, 8]}, {"k": 1, "v": [7, 4, 1]},
                             {"k": 2, "v": [3]}, OOR]


def test_group_by_reducer_relaxes_state_shape(tf):
    E = tf.data.experimental
    r = E.Reducer(lambda k: tf.zeros([1], tf.int64), lambda s, x: tf.concat([s, [x]], 0),
                  lambda s: s)
    ds = tf.data.Dataset.range(5).apply(E.group_by_reducer(lambda x: x % 2, r))
    assert ds.output_shapes.as_list() == [None]
    assert drain(tf, ds) == [[0, 0, 2, 4], [0, 1, 3], OOR]


def test_group_by_reducer_tuple_elements(tf):
    E = tf.data.experimental
    r = E.Reducer(lambda k: (np.int64(0), np.int64(0)),
                  lambda s, x: (s[0] + x[0], s[1] + x[1]), lambda a, b: a * 10 + b)
    ds = tf.data.Dataset.from_tensor_slices((np.arange(4), np.arange(4) * 2)).apply(
        E.group_by_reducer(lambda a, b: a % 2, r))
    assert drain(tf, ds) == [24, 48, OOR]


def test_group_by_reducer_errors(tf):
    E = tf.data.experimental
    r = E.Reducer(lambda k: np.int64(0), lambda s, x: s + x, lambda s: s)
    ds = tf.data.Dataset.range(5)
    with pytest.raises(ValueError) as e:
        ds.apply(E.group_by_reducer(lambda x: tf.cast(x, tf.int32), r))
    assert str(e.value) == ("Invalid `key_func`. Expected `key_func` to return a scalar "
                            "tf.int64 tensor, but instead `key_func` has output "
                            "types=<dtype: 'int32'> and shapes=().")
    with pytest.raises(ValueError, match=r"output types=<dtype: 'int64'> and shapes=\(2,\)\."):
        ds.apply(E.group_by_reducer(lambda x: tf.stack([x, x]), r))
    bad = E.Reducer(lambda k: np.int64(0), lambda s, x: tf.cast(s + x, tf.int32), lambda s: s)
    with pytest.raises(TypeError) as e:
        ds.apply(E.group_by_reducer(lambda x: x, bad))
    assert str(e.value) == ("Invalid `reducer`. The element types for the new state "
                            "<dtype: 'int32'> do not match the element types of the old state "
                            "<dtype: 'int64'>.")


# -- an NMT input pipeline (tensorflow/nmt iterator_utils: group_by_window over lengths) -------

def _nmt_batches(tf, group_by_window):
    src = tf.data.Dataset.from_tensor_slices(tf.constant([
        "a b c", "d", "e f g h i j k", "l m", "n o p q", "r s t u v w x y z", "b c d e f"]))
    tgt = tf.data.Dataset.from_tensor_slices(tf.constant([
        "1 2", "3 4 5 6", "7", "8 9", "1", "2 3 4 5 6 7 8 9 1 2 3", "4 5"]))

    def ids(s):
        return tf.cast(tf.strings.to_hash_bucket_fast(tf.string_split([s]).values, 30), tf.int32)

    ds = tf.data.Dataset.zip((src, tgt)).map(lambda s, t: (ids(s), ids(t)))
    ds = ds.map(lambda s, t: (s, tf.concat(([1], t), 0), tf.concat((t, [2]), 0)))
    ds = ds.map(lambda s, ti, to: (s, ti, to, tf.size(s), tf.size(ti)))

    def batching(x):
        vec, scalar = tf.TensorShape([None]), tf.TensorShape([])
        return x.padded_batch(2, padded_shapes=(vec, vec, vec, scalar, scalar),
                              padding_values=(2, 2, 2, 0, 0))

    def key_func(unused_1, unused_2, unused_3, src_len, tgt_len):
        return tf.to_int64(tf.minimum(3, tf.maximum(src_len // 3, tgt_len // 3)))

    return ds.apply(group_by_window(key_func=key_func, reduce_func=lambda k, w: batching(w),
                                    window_size=2))


def test_nmt_style_bucketing(tf):
    ds = _nmt_batches(tf, tf.data.experimental.group_by_window)
    assert ds.output_types == (tf.int32,) * 5
    assert [s.as_list() for s in ds.output_shapes] == [[None, None]] * 3 + [[None]] * 2
    assert drain(tf, ds) == [
        ([[9, 22, 22], [5, 2, 2]], [[1, 9, 19, 2, 2], [1, 21, 23, 1, 17]],
         [[9, 19, 2, 2, 2], [21, 23, 1, 17, 2]], [3, 1], [3, 5]),
        ([[1, 24, 2, 2], [21, 3, 23, 23]], [[1, 7, 5], [1, 9, 2]], [[7, 5, 2], [9, 2, 2]],
         [2, 4], [3, 2]),
        ([[22, 22, 5, 1, 12]], [[1, 23, 1]], [[23, 1, 2]], [5], [3]),
        ([[1, 12, 29, 7, 10, 24, 29]], [[1, 28]], [[28, 2]], [7], [2]),
        ([[13, 1, 1, 29, 21, 29, 20, 5, 7]], [[1, 19, 21, 23, 1, 17, 28, 7, 5, 9, 19, 21]],
         [[19, 21, 23, 1, 17, 28, 7, 5, 9, 19, 21, 2]], [9], [12]), OOR]


@pytest.mark.tfcompat_only
def test_contrib_data_aliases(tf):
    # TF 1.15's tf.contrib.data names the same transformations (NMT applies
    # tf.contrib.data.group_by_window)
    for name in ("group_by_window", "bucket_by_sequence_length", "group_by_reducer", "Reducer",
                 "sample_from_datasets", "choose_from_datasets", "scan", "unique",
                 "CsvDataset", "make_csv_dataset", "ignore_errors", "rejection_resample"):
        assert getattr(tf.contrib.data, name) is getattr(tf.data.experimental, name)
    assert len(drain(tf, _nmt_batches(tf, tf.contrib.data.group_by_window))) == 6
