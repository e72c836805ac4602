"""Queue-based input pipelines: FIFO/RandomShuffle/PaddingFIFO queues, readers, producers,
tf.train.batch/shuffle_batch, QueueRunner and Coordinator. Names, shapes and error texts are
those of TensorFlow 2.21's compat.v1 for the same programs."""
from __future__ import annotations

import threading

import numpy as np
import pytest

import tfcompat as tf


def test_fifo_queue_ops_shapes_and_names():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(3, [tf.int32, tf.float32], shapes=[[], [2]])
        assert q.name == "fifo_queue" and q.dtypes == [tf.int32, tf.float32]
        deq, dm, du = q.dequeue(), q.dequeue_many(2), q.dequeue_up_to(5)
        assert [t.name for t in deq] == ["fifo_queue_Dequeue:0", "fifo_queue_Dequeue:1"]
        assert [t.shape.as_list() for t in dm] == [[2], [2, 2]]
        assert [t.shape.as_list() for t in du] == [[None], [None, 2]]
        single = tf.FIFOQueue(10, tf.int32)
        assert single.dequeue().name == "fifo_queue_1_Dequeue:0"
        assert single.size().name == "fifo_queue_1_Size:0"


def test_fifo_queue_semantics_and_errors():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(3, [tf.int32, tf.float32], shapes=[[], [2]])
        enq = q.enqueue([1, [2.0, 3.0]])
        enqm = q.enqueue_many([[4, 5], [[1.0, 1.0], [2.0, 2.0]]])
        deq, dm, du = q.dequeue(), q.dequeue_many(2), q.dequeue_up_to(5)
        with tf.Session() as sess:
            sess.run(enq)
            sess.run(enqm)
            assert sess.run(q.size()) == 3
            a, b = sess.run(deq)
            assert a == 1 and b.tolist() == [2.0, 3.0]
            a, b = sess.run(dm)
            assert a.tolist() == [4, 5] and b.tolist() == [[1.0, 1.0], [2.0, 2.0]]
            sess.run(q.close())
            assert sess.run(q.is_closed())
            with pytest.raises(tf.errors.CancelledError,
                               match="^FIFOQueue '_0_fifo_queue' is closed."):
                sess.run(enq)
            with pytest.raises(tf.errors.OutOfRangeError,
                               match="^FIFOQueue '_0_fifo_queue' is closed and has insufficient "
                                     "elements \\(requested 1, current size 0\\)"):
                sess.run(deq)
            with pytest.raises(tf.errors.OutOfRangeError, match="requested 5, current size 0"):
                sess.run(du)


def test_enqueue_shape_mismatch():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(10, tf.int32, shapes=[[2]])
        p = tf.placeholder(tf.int32, [None])
        enq = q.enqueue(p)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Shape mismatch in tuple component 0. Expected \\[2\\], "
                                     "got \\[3\\]"):
                sess.run(enq, {p: [1, 2, 3]})


def test_padding_and_random_shuffle_queues():
    with tf.Graph().as_default():
        pq = tf.PaddingFIFOQueue(10, [tf.int32], shapes=[[None]])
        p = tf.placeholder(tf.int32, [None])
        enq = pq.enqueue([p])
        rq = tf.RandomShuffleQueue(10, 2, tf.int32, shapes=[[]], seed=1)
        renq = rq.enqueue_many([list(range(6))])
        with tf.Session() as sess:
            sess.run(enq, {p: [1, 2, 3]})
            sess.run(enq, {p: [4]})
            assert sess.run(pq.dequeue_many(2)).tolist() == [[1, 2, 3], [4, 0, 0]]
            sess.run(renq)
            got = sess.run(rq.dequeue_many(4)).tolist()  # keeps min_after_dequeue=2
            assert len(set(got)) == 4 and set(got) <= set(range(6))
            sess.run(rq.close())
            rest = sess.run(rq.dequeue_up_to(10)).tolist()
            assert sorted(got + rest) == list(range(6))
            with pytest.raises(tf.errors.OutOfRangeError, match="^RandomShuffleQueue '_1_"
                                                                "random_shuffle_queue' is closed"):
                sess.run(rq.dequeue())


def test_blocked_dequeue_wakes_on_enqueue_and_close():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(2, tf.int32)
        deq, enq, close = q.dequeue(), q.enqueue(7), q.close()
        with tf.Session() as sess:
            results = []

            def consume():
                try:
                    while True:
                        results.append(sess.run(deq))
                except tf.errors.OutOfRangeError:
                    results.append("end")

            t = threading.Thread(target=consume)
            t.start()
            sess.run(enq)
            sess.run(enq)
            sess.run(close)
            t.join(10)
            assert not t.is_alive() and results == [7, 7, "end"]


def _write_files(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("l1\nl2\n")
    rec = str(tmp_path / "a.rec")
    with tf.python_io.TFRecordWriter(rec) as w:
        w.write(b"r1")
        w.write(b"r22")
    return str(text), rec


def test_readers_keys_and_values(tmp_path):
    text, rec = _write_files(tmp_path)
    with tf.Graph().as_default():
        q1 = tf.train.string_input_producer([text], num_epochs=1, shuffle=False)
        k1, v1 = tf.TextLineReader().read(q1)
        q2 = tf.train.string_input_producer([rec], num_epochs=1, shuffle=False)
        k2, v2 = tf.TFRecordReader().read(q2)
        q3 = tf.train.string_input_producer([rec], num_epochs=1, shuffle=False)
        k3, v3 = tf.WholeFileReader().read(q3)
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            assert sess.run([k1, v1]) == [(text + ":1").encode(), b"l1"]
            assert sess.run([k1, v1]) == [(text + ":2").encode(), b"l2"]
            with pytest.raises(tf.errors.OutOfRangeError,
                               match="^FIFOQueue '_\\d+_input_producer' is closed and has "
                                     "insufficient elements"):
                sess.run(k1)
            assert sess.run([k2, v2]) == [(rec + ":0").encode(), b"r1"]
            assert sess.run([k2, v2]) == [(rec + ":18").encode(), b"r22"]
            key, value = sess.run([k3, v3])
            assert key == rec.encode() and value == open(rec, "rb").read()
            coord.request_stop()
            coord.join(threads)
        assert not any(t.is_alive() for t in threads)


def test_batch_functions_structure():
    with tf.Graph().as_default():
        x, y = tf.constant([1, 2]), tf.constant(3.0)
        assert tf.train.batch([x], 4).name == "batch:0"
        out = tf.train.batch([x, y], 4)
        assert [t.name for t in out] == ["batch_1:0", "batch_1:1"]
        assert list(tf.train.batch({"a": x}, 4)) == ["a"]
        assert tf.train.batch([x], 4, allow_smaller_final_batch=True).shape.as_list() == [None, 2]
        assert tf.train.shuffle_batch([x], 4, 10, 2).name == "shuffle_batch:0"
        with pytest.raises(ValueError, match="All shapes must be fully defined"):
            tf.train.batch([tf.placeholder(tf.int32, [None])], 4)
        padded = tf.train.batch([tf.placeholder(tf.int32, [None])], 4, dynamic_pad=True)
        assert padded.shape.as_list() == [4, None]
        a, b = tf.train.slice_input_producer([tf.constant([1, 2, 3]),
                                              tf.constant([[1.0], [2.0], [3.0]])], shuffle=False)
        assert (a.name, b.name) == ("input_producer/GatherV2:0", "input_producer/GatherV2_1:0")


def test_queue_pipeline_feeds_training_to_end_of_epoch(tmp_path):
    path = str(tmp_path / "train.tfrecord")
    xs = np.arange(24, dtype=np.float32).reshape(12, 2) / 10
    with tf.python_io.TFRecordWriter(path) as w:
        for row in xs:
            f = tf.train.Feature(float_list=tf.train.FloatList(value=row.tolist()))
            w.write(tf.train.Example(features=tf.train.Features(feature={"x": f}))
                    .SerializeToString())
    with tf.Graph().as_default():
        files = tf.train.string_input_producer([path], num_epochs=2, shuffle=False)
        _, serialized = tf.TFRecordReader().read(files)
        x = tf.parse_single_example(serialized, {"x": tf.FixedLenFeature([2], tf.float32)})["x"]
        batch = tf.train.shuffle_batch([x], 5, capacity=20, min_after_dequeue=5, seed=3,
                                       allow_smaller_final_batch=True)
        w = tf.Variable(tf.zeros([2, 1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(batch, w) - 1.0))
        train = tf.assign_sub(w, 0.1 * tf.gradients(loss, [w])[0])
        seen = 0
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            try:
                while not coord.should_stop():
                    seen += len(sess.run([train, batch])[1])
            except tf.errors.OutOfRangeError:
                pass
            finally:
                coord.request_stop()
            coord.join(threads)
        assert seen == 24
        assert not any(t.is_alive() for t in threads)


def test_coordinator_reraises_and_clean_stop():
    coord = tf.train.Coordinator()

    def worker():
        with coord.stop_on_exception():
            raise ValueError("boom")

    t = threading.Thread(target=worker)
    coord.register_thread(t)
    t.start()
    with pytest.raises(ValueError, match="boom"):
        coord.join()
    coord = tf.train.Coordinator()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "done"))
    assert coord.should_stop()
    coord.join()


def test_runner_threads_stop_when_coordinator_asks():
    with tf.Graph().as_default():
        q = tf.FIFOQueue(2, tf.int32)
        tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(1)] * 2))
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            assert sess.run(q.dequeue()) == 1
            coord.request_stop()
            coord.join(threads, stop_grace_period_secs=10)
            assert not any(t.is_alive() for t in threads)
