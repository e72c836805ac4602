"""Dataset.cache(filename): the tensor bundle TF writes at the end of the first complete pass
(keys "%7d_%d": element, component), later passes and later sessions reading it (stale data
included), a partial pass leaving no files, the lockfile error for a concurrent writer.
Expected values from TensorFlow."""
from __future__ import annotations

import os

import numpy as np


def _drain(tf, sess, nxt):
    out = []
    try:
        while True:
            out.append(sess.run(nxt))
    except tf.errors.OutOfRangeError:
        return out


def test_file_cache_written_and_read_back(tf, tmp_path):
    prefix = str(tmp_path / "train.cache")
    ds = tf.data.Dataset.from_tensor_slices(
        (tf.constant([[1., 2.], [3., 4.], [5., 6.]]), tf.constant(["a", "bb", "c"])))
    it = ds.cache(prefix).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        first = _drain(tf, sess, nxt)
        assert sorted(os.listdir(tmp_path)) == [
            "train.cache.data-00000-of-00001", "train.cache.index"]
        sess.run(it.initializer)
        second = _drain(tf, sess, nxt)
    assert [e[1] for e in first] == [b"a", b"bb", b"c"] == [e[1] for e in second]
    np.testing.assert_array_equal(np.stack([e[0] for e in second]), [[1, 2], [3, 4], [5, 6]])
    shapes = tf.train.load_checkpoint(prefix).get_variable_to_shape_map()
    assert sorted(shapes.items()) == [("      0_0", [2]), ("      0_1", []), ("      1_0", [2]),
                                      ("      1_1", []), ("      2_0", [2]), ("      2_1", [])]


def test_file_cache_outlives_graph_and_ignores_new_input(tf, tmp_path):
    prefix = str(tmp_path / "c")
    with tf.Graph().as_default():
        n = tf.data.Dataset.range(3).map(lambda x: x * 10).cache(prefix) \
            .make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            assert [int(v) for v in _drain(tf, sess, n)] == [0, 10, 20]
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(7).cache(prefix).repeat(2).batch(4)
        n = ds.make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            got = [v.tolist() for v in _drain(tf, sess, n)]
    assert got == [[0, 10, 20, 0], [10, 20]]


def test_partial_pass_leaves_no_files(tf, tmp_path):
    prefix = str(tmp_path / "part")
    n = tf.data.Dataset.range(5).cache(prefix).take(2).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert [int(sess.run(n)), int(sess.run(n))] == [0, 1]
        assert os.listdir(tmp_path) != []  # the lockfile (TF: and its temporary data file)
    assert os.listdir(tmp_path) == []


def test_concurrent_writer_lockfile_error(tf, tmp_path):
    prefix = str(tmp_path / "c")
    ds = tf.data.Dataset.range(3).cache(prefix)
    n1 = ds.make_one_shot_iterator().get_next()
    n2 = ds.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert int(sess.run(n1)) == 0
        try:
            sess.run(n2)
            raise AssertionError("no error")
        except tf.errors.AlreadyExistsError as e:
            msg = e.message
    lock = prefix + "_0.lockfile"
    assert ("There appears to be a concurrent caching iterator running - cache lockfile "
            "already exists ('%s'). If you are sure no other running TF computations are "
            "using this cache prefix, delete the lockfile and re-initialize the iterator. "
            "Lockfile contents: Created at: " % lock) in msg
