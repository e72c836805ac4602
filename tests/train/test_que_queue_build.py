"""Queue build-time names and messages, and EnqueueMany's run-time shape message, as TF's."""
import numpy as np
import pytest


def test_dequeue_many_n_in_op_scope(tf):
    q = tf.FIFOQueue(5, [tf.int32], shapes=[[]], name="fq")
    assert q.dequeue_many(2).op.inputs[1].op.name == "fq_DequeueMany/n"
    assert q.dequeue_up_to(2).op.inputs[1].op.name == "fq_DequeueUpTo/n"


def test_dequeue_many_negative_n(tf):
    q = tf.FIFOQueue(5, [tf.int32, tf.float32], shapes=[[], [2]], name="fq")
    with pytest.raises(ValueError) as e:
        q.dequeue_many(-1)
    assert str(e.value).startswith(
        "Input 'n' must be >= 0, but is -1 for '{{node fq_DequeueMany}} = QueueDequeueManyV2"
        "[component_types=[DT_INT32, DT_FLOAT], timeout_ms=-1](fq, fq_DequeueMany/n)'")


def test_shapes_length_checked_after_queue_op(tf):
    with pytest.raises(ValueError, match="Queue shapes must have the same length as dtypes"):
        tf.FIFOQueue(3, [tf.int32], shapes=[[], []])
    assert tf.FIFOQueue(3, [tf.int32]).name == "fifo_queue_1"


def test_enqueue_many_shape_mismatch_message(tf):
    q = tf.FIFOQueue(3, [tf.float32], shapes=[[2]])
    p = tf.placeholder(tf.float32, [None, None])
    enq = q.enqueue_many([p])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Shape mismatch in tuple component 0\. Expected \[2,2\], got \[2,3\]"):
            sess.run(enq, {p: np.zeros([2, 3], np.float32)})
