"""A TensorArray written with a value of another dtype (map_fn whose fn returns int32 for
dtype=float32): TF 1.x builds it (the Python wrapper only logs an error) and the write op fails
when run. Expected messages from TF 2.21 compat.v1."""
import logging

import numpy as np
import pytest


def test_map_fn_wrong_dtype_builds_and_fails_when_run(tf, caplog):
    with caplog.at_level(logging.ERROR, logger="tensorflow"):
        out = tf.map_fn(lambda x: tf.cast(x, tf.int32), tf.zeros([3]), dtype=tf.float32)
    assert out.dtype == tf.float32 and out.shape.as_list() == [3]
    assert any("has dtype <dtype: 'int32'>, but expected dtype <dtype: 'float32'>" in r.message
               for r in caplog.records)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="TensorArray dtype is float but Op is trying to write dtype "
                                 r"int32\."):
            sess.run(out)


def test_tensor_array_write_of_matching_dtype_still_runs(tf):
    ta = tf.TensorArray(tf.float64, size=2)
    ta = ta.write(0, np.float64(1.5)).write(1, tf.constant(2.5, tf.float64))
    ta2 = tf.TensorArray(tf.int32, size=3).unstack(tf.constant([4, 5, 6]))
    with tf.Session() as sess:
        a, b = sess.run([ta.stack(), ta2.stack()])
    np.testing.assert_allclose(a, [1.5, 2.5])
    assert b.tolist() == [4, 5, 6]


def test_unstack_and_scatter_of_wrong_dtype_fail_when_run_split_while_building(tf):
    v = tf.constant([[1, 2], [3, 4]])
    stacked = [tf.TensorArray(tf.float32, size=2).unstack(v).stack(),
               tf.TensorArray(tf.float32, size=2).scatter([0, 1], v).stack()]
    with tf.Session() as sess:
        for t in stacked:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="TensorArray dtype is float but Op is trying to write "
                                     r"dtype int32\."):
                sess.run(t)
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32 for Tensor "
                                         "with dtype int32"):
        tf.TensorArray(tf.float32, size=2).split(v, [1, 1])
