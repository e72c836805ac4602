"""Build-time checks of TF 1.x's queue classes (data_flow_ops._as_shape_list / _as_name_list,
QueueBase.enqueue / enqueue_many) and of DecodeCSV's shape function on record_defaults.
Expected messages from TensorFlow 2.21's compat.v1 (the same texts as TF 1.15's)."""
import pytest


def _raises(fn, cls=ValueError):
    with pytest.raises(cls) as info:
        fn()
    return str(info.value)


@pytest.mark.parametrize("make, message", [
    (lambda tf: tf.FIFOQueue(3, [tf.int32], shapes=[[None]]),
     "All shapes must be fully defined: [TensorShape([Dimension(None)])]"),
    (lambda tf: tf.FIFOQueue(3, [tf.int32], shapes=[None]),
     "All shapes must be fully defined: [TensorShape([Dimension(None)])]"),
    (lambda tf: tf.RandomShuffleQueue(3, 1, [tf.int32], shapes=[[None, 2]]),
     "All shapes must be fully defined: [TensorShape([Dimension(None), Dimension(2)])]"),
    (lambda tf: tf.PaddingFIFOQueue(3, [tf.int32], shapes=[None]),
     "When providing partial shapes, a list of shapes must be provided."),
    (lambda tf: tf.PaddingFIFOQueue(3, [tf.int32], shapes=[2]),
     "When providing partial shapes, a list of shapes must be provided."),
    (lambda tf: tf.PaddingFIFOQueue(3, [tf.int32], shapes=[]),
     "When providing partial shapes, a list of shapes must be provided."),
    (lambda tf: tf.PaddingFIFOQueue(3, [tf.int32], shapes=[[None], [2]]),
     "Shapes must be provided for all components, but received 1 dtypes and 2 shapes."),
])
def test_queue_shape_lists(tf, make, message):
    with tf.Graph().as_default():
        assert _raises(lambda: make(tf)) == message


def test_queue_names_and_shape_tuples(tf):
    with tf.Graph().as_default():
        message = _raises(lambda: tf.FIFOQueue(3, [tf.int32, tf.int32], names=["a"]))
        assert message.startswith("List of names must have the same length as the list of "
                                  "dtypes")
        # a tuple of shapes is a list of shapes, not one shape
        q = tf.FIFOQueue(3, [tf.int32, tf.float32], shapes=((), (2,)))
        assert [s.as_list() for s in q.shapes] == [[], [2]]
        p = tf.PaddingFIFOQueue(3, [tf.int32, tf.int32], shapes=((None,), (2, None)))
        assert str(p.dequeue_many(2)[1].shape) == "(2, 2, ?)"


def test_enqueue_shape_messages(tf):
    with tf.Graph().as_default():
        q = tf.FIFOQueue(3, [tf.int32], shapes=[[2]])
        assert _raises(lambda: q.enqueue([tf.zeros([3], tf.int32)])) == \
            "Shapes (3,) and (2,) are incompatible"
        assert _raises(lambda: q.enqueue_many([tf.zeros([2, 3], tf.int32)])) == \
            "Shapes (3,) and (2,) are incompatible"
        assert _raises(lambda: q.enqueue_many([1])) == "Shape () must have rank at least 1"
        q2 = tf.FIFOQueue(3, [tf.int32, tf.int32], shapes=[[2], [1]])
        assert _raises(lambda: q2.enqueue_many([tf.zeros([2, 2], tf.int32),
                                               tf.zeros([3, 1], tf.int32)])) == \
            "Dimensions 2 and 3 are not compatible"
        assert q2.enqueue_many([tf.zeros([4, 2], tf.int32), tf.zeros([4, 1], tf.int32)]).type \
            == "QueueEnqueueManyV2"


def test_decode_csv_record_defaults_shapes(tf):
    with tf.Graph().as_default():
        message = _raises(lambda: tf.decode_csv(tf.constant(["1"]), [[[0]]]))
        assert message.startswith("Shape must be at most rank 1 but is rank 2 for "
                                  "'{{node DecodeCSV}} = DecodeCSV[")
        assert message.endswith("with input shapes: [1], [1,1].")
        message = _raises(lambda: tf.decode_csv(tf.constant(["1,2"]),
                                                [[0], tf.zeros([2], tf.int32)]))
        assert message.startswith("Shape of a default must be a length-0 or length-1 vector, "
                                  "or a scalar. for '{{node DecodeCSV_1}}")
        assert message.endswith("with input shapes: [1], [1], [2].")
        ok = tf.decode_csv(tf.constant(["1,2"]), [[0], tf.placeholder(tf.int32, [None])])
        assert [str(t.shape) for t in ok] == ["(1,)", "(1,)"]


@pytest.mark.tfcompat_only
def test_enqueue_of_more_components_than_the_queue_has_fails(tf):
    # TF 1.15 zips the values with the queue's dtypes and drops the extra ones silently
    # (a 2-component queue given [1, 2, 3] dequeues [1, 2]): see known_differences.txt
    queue = tf.FIFOQueue(5, [tf.int32, tf.int32])
    with pytest.raises(ValueError, match="Expected 2 components, got 3"):
        queue.enqueue([1, 2, 3])
