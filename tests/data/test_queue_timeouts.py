"""A run's deadline (RunOptions.timeout_in_ms, ConfigProto.operation_timeout_in_ms) ends a
blocked queue operation with DeadlineExceededError naming no op, and an enqueue blocked on a full
queue is cancelled by close(cancel_pending_enqueues=True) with TF's message. Expected values from
TensorFlow 2.21's compat.v1."""
import threading
import time


def _text(message):
    return [line for line in message.splitlines()
            if line.strip() and "Graph execution" not in line and "Detected at" not in line
            and not line.startswith(("  ", "Node:", "\t"))][0]


def test_run_options_and_config_timeouts(tf):
    with tf.Graph().as_default():
        q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
        with tf.Session() as sess:
            try:
                sess.run(q.dequeue(), options=tf.RunOptions(timeout_in_ms=100))
                raise AssertionError("no timeout")
            except tf.errors.DeadlineExceededError as e:
                assert _text(e.message) == "Timed out waiting for notification"
                assert e.op is None and e.error_code == 4
            sess.run(q.enqueue(3))
            assert sess.run(q.size()) == 1      # nothing was taken
        with tf.Session(config=tf.ConfigProto(operation_timeout_in_ms=100)) as sess:
            try:
                sess.run(q.dequeue_many(2))
                raise AssertionError("no timeout")
            except tf.errors.DeadlineExceededError as e:
                assert _text(e.message) == "Timed out waiting for notification"
            sess.run(q.enqueue_many([[4, 5]]))
            assert sess.run(q.dequeue_many(2), options=tf.RunOptions(timeout_in_ms=0)).tolist() \
                == [4, 5]


def test_close_cancels_a_pending_enqueue(tf):
    with tf.Graph().as_default():
        q = tf.FIFOQueue(1, tf.int32, shapes=[[]], name="q2")
        enqueue = q.enqueue(1)
        close = q.close(cancel_pending_enqueues=True)
        with tf.Session() as sess:
            sess.run(enqueue)
            result = {}

            def producer():
                try:
                    sess.run(enqueue)
                except tf.errors.CancelledError as e:
                    result["error"] = _text(e.message)
            thread = threading.Thread(target=producer)
            thread.start()
            time.sleep(1.0)
            sess.run(close)
            thread.join()
            assert result == {"error": "Enqueue operation was cancelled"}
            assert sess.run(q.size()) == 1
            try:
                sess.run(enqueue)
                raise AssertionError("enqueue to a closed queue")
            except tf.errors.CancelledError as e:
                assert _text(e.message).endswith("q2' is closed.")
