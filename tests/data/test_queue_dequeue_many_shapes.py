"""DequeueMany / DequeueUpTo need component shapes (TF's FIFOQueue and RandomShuffleQueue
TryDequeueMany), and n == 0 gives empty batches of the components' shapes and dtypes. Expected
values from TensorFlow 2.21's compat.v1 (the Learning TensorFlow book's queue example)."""
import numpy as np
import pytest


def _message(e):
    return [line for line in str(e).split("\n") if "require" in line][0].strip()


@pytest.mark.parametrize("kind", ["FIFOQueue", "RandomShuffleQueue"])
def test_dequeue_many_without_shapes_is_an_error(tf, kind):
    with tf.Graph().as_default():
        if kind == "FIFOQueue":
            q = tf.FIFOQueue(5, [tf.string])
        else:
            q = tf.RandomShuffleQueue(5, 0, [tf.string], seed=1)
        with tf.Session() as sess:
            sess.run(q.enqueue_many([["F", "O"]]))
            for op in (q.dequeue_many(0), q.dequeue_many(1), q.dequeue_up_to(1)):
                with pytest.raises(tf.errors.InvalidArgumentError) as info:
                    sess.run(op)
                assert _message(info.value) == (
                    "%s's DequeueMany and DequeueUpTo require the components to have "
                    "specified shapes." % kind)
            assert sess.run(q.size()) == 2     # nothing was taken
            assert sess.run(q.dequeue()) in (b"F", b"O")


def test_dequeue_zero_gives_empty_batches(tf):
    with tf.Graph().as_default():
        q = tf.FIFOQueue(5, [tf.float32, tf.string, tf.int64], shapes=[[2], [], [3, 1]])
        p = tf.PaddingFIFOQueue(5, [tf.int32], shapes=[[None, 2]])
        with tf.Session() as sess:
            sess.run(q.enqueue([[1.0, 2.0], "a", [[1], [2], [3]]]))
            sess.run(p.enqueue([[[1, 2]]]))
            many = sess.run(q.dequeue_many(0))
            up_to = sess.run(q.dequeue_up_to(0))
            padded = sess.run(p.dequeue_many(0))
            assert [v.shape for v in many] == [(0, 2), (0,), (0, 3, 1)]
            assert [v.dtype for v in many] == [np.float32, object, np.int64]
            assert [v.shape for v in up_to] == [(0, 2), (0,), (0, 3, 1)]
            assert padded.shape == (0, 0, 2) and padded.dtype == np.int32
            assert sess.run([q.size(), p.size()]) == [1, 1]
