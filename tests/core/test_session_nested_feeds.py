"""Session.run flattens nested feed_dict keys as TF's nest.flatten_dict_items does (char-rnn
samplers feed a tuple of LSTMStateTuples with the state they fetched)."""
import numpy as np
import pytest


def test_nested_state_tuple_key_feeds_its_tensors(tf):
    a = tf.placeholder(tf.float32, [2])
    b = tf.placeholder(tf.float32, [2])
    c = tf.placeholder(tf.float32, [])
    cell = tf.nn.rnn_cell.BasicLSTMCell(3)
    state = cell.zero_state(1, tf.float32)
    with tf.Session() as sess:
        got = sess.run(a + b + c, {(tf.nn.rnn_cell.LSTMStateTuple(a, b), c):
                                   ((np.ones(2), np.array([2.0, 3.0])), 4.0)})
        np.testing.assert_allclose(got, [7.0, 8.0])
        np.testing.assert_allclose(sess.run(a * 2, {(a, b): (np.array([1.0, 2.0]), np.zeros(2))}),
                                   [2.0, 4.0])
        value = tf.nn.rnn_cell.LSTMStateTuple(np.full((1, 3), 1.5, np.float32),
                                              np.full((1, 3), -2.0, np.float32))
        np.testing.assert_allclose(sess.run(state.c + state.h, {state: value}), [[-0.5] * 3])


def test_nested_key_errors(tf):
    a = tf.placeholder(tf.float32, [2])
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Could not flatten dictionary. Key had 2 elements, "
                                             "but value had 4 elements."):
            sess.run(a, {(a, a): [[1.0, 2.0], [1.0, 2.0]]})
        with pytest.raises(TypeError, match="unhashable type: 'list'"):
            sess.run(a, {(a, [a]): [[1.0, 2.0], 3.0]})
