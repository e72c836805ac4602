"""PaddingFIFOQueue batches scalar string components as bytes (not 0-d arrays), and a queue with
component names takes only a dictionary (TF's QueueBase._check_enqueue_dtypes). Expected values
from TensorFlow 2.21's compat.v1."""
import pytest


def test_padding_queue_scalar_and_ragged_strings(tf):
    with tf.Graph().as_default():
        pq = tf.PaddingFIFOQueue(5, [tf.int32, tf.string, tf.string], shapes=[[None], [], [None]])
        s = tf.placeholder(tf.int32, [None])
        enqueue = pq.enqueue((s, tf.as_string(tf.reduce_sum(s)), tf.as_string(s)))
        many, up_to = pq.dequeue_many(3), pq.dequeue_up_to(2)
        with tf.Session() as sess:
            for seq in ([1], [2, 3, 4], [5, 6], [7]):
                sess.run(enqueue, {s: seq})
            ints, sums, strs = sess.run(many)
            sess.run(pq.close())
            last = sess.run(up_to)
    assert ints.tolist() == [[1, 0, 0], [2, 3, 4], [5, 6, 0]]
    assert sums.tolist() == [b"1", b"9", b"11"]
    assert strs.tolist() == [[b"1", b"", b""], [b"2", b"3", b"4"], [b"5", b"6", b""]]
    assert [x.tolist() for x in last] == [[[7]], [b"7"], [[b"7"]]]


@pytest.mark.parametrize("value", [[1, 2.0], (1, 2.0), 1])
def test_named_queue_needs_a_dictionary(tf, value):
    with tf.Graph().as_default():
        q = tf.FIFOQueue(3, [tf.int32, tf.float32], shapes=[[], []], names=["a", "b"])
        for method in (q.enqueue, q.enqueue_many):
            with pytest.raises(ValueError, match="^You must enqueue a dictionary in a Queue "
                               "with names$"):
                method(value)
