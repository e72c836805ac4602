"""Dataset.from_generator builds TF's graph: its `args` converted as `args_0, args_1, ...`, then a
one-element dataset flat-mapped to the generator's (names checked in TF 2.21's compat.v1), and
every initialization of an iterator starts the generator again."""
from __future__ import annotations

import numpy as np


def _generator(n, scale):
    for i in range(int(n)):
        yield np.float32(i * scale), np.array([i, i + 1], np.int64)


def test_op_names_are_tfs(tf):
    graph = tf.Graph()
    with graph.as_default():
        ds = tf.data.Dataset.from_generator(_generator, (tf.float32, tf.int64), ([], [2]),
                                            args=(3, 0.5))
        ops = [(op.name, op.type) for op in graph.get_operations()]
    assert ops[:2] == [("args_0", "Const"), ("args_1", "Const")]
    assert ops[-2:] == [("TensorDataset", "TensorDataset"), ("FlatMapDataset", "FlatMapDataset")]
    assert ds.output_shapes[1].as_list() == [2]


def test_each_initialization_restarts_the_generator(tf):
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_generator(_generator, (tf.float32, tf.int64), ([], [2]),
                                            args=(3, 0.5)).repeat(2).batch(4)
        it = tf.data.make_initializable_iterator(ds)
        x, y = it.get_next()
        with tf.Session() as sess:
            for _ in range(2):
                sess.run(it.initializer)
                first = sess.run([x, y])
                np.testing.assert_array_equal(first[0], [0.0, 0.5, 1.0, 0.0])
                np.testing.assert_array_equal(first[1], [[0, 1], [1, 2], [2, 3], [0, 1]])
                np.testing.assert_array_equal(sess.run(x), [0.5, 1.0])
