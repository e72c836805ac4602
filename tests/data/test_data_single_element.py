"""tf.data.experimental.get_single_element: one DatasetToSingleElement op that reads a fresh
pass on every run (so it can be fetched again and can use fed placeholders), with TF's errors
for an empty dataset and for one with more than one element. Expected values from TensorFlow."""
from __future__ import annotations

import numpy as np
import pytest


def test_every_run_reads_a_fresh_pass_with_feeds(tf):
    n = tf.placeholder(tf.int64, [])
    whole = tf.data.experimental.get_single_element(
        tf.data.Dataset.range(n).map(lambda x: (x * 2, tf.as_string(x))).batch(100))
    assert whole[0].op.type == "DatasetToSingleElement"
    assert whole[0].op.name == "DatasetToSingleElement"
    assert whole[0].shape.as_list() == [None]
    with tf.Session() as sess:
        a = sess.run(whole, {n: 3})
        b = sess.run(whole, {n: 3})
        c = sess.run(whole, {n: 1})
    np.testing.assert_array_equal(a[0], [0, 2, 4])
    assert list(a[1]) == [b"0", b"1", b"2"]
    np.testing.assert_array_equal(b[0], [0, 2, 4])
    np.testing.assert_array_equal(c[0], [0])


def test_errors(tf):
    many = tf.data.experimental.get_single_element(tf.data.Dataset.range(3))
    empty = tf.data.experimental.get_single_element(tf.data.Dataset.range(0))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Dataset had more than one element."):
            sess.run(many)
        with pytest.raises(tf.errors.InvalidArgumentError, match="Dataset was empty."):
            sess.run(empty)


def test_dict_and_sparse_elements(tf):
    ds = tf.data.Dataset.from_tensors({"a": tf.constant([1.5, 2.5]),
                                       "s": tf.SparseTensor([[0, 1]], [7], [2, 3])})
    got = tf.data.experimental.get_single_element(ds)
    assert isinstance(got["s"], tf.SparseTensor)
    with tf.Session() as sess:
        v = sess.run(got)
    np.testing.assert_array_equal(v["a"], [1.5, 2.5])
    np.testing.assert_array_equal(v["s"].indices, [[0, 1]])
    np.testing.assert_array_equal(v["s"].values, [7])
    np.testing.assert_array_equal(v["s"].dense_shape, [2, 3])
