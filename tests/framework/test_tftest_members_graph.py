"""Members TF1 programs call on graph objects: Operation.traceback (TF 1.15: a tuple of
(filename, lineno, name, line) frames, outermost first) and traceback_with_start_lines,
TensorShape.as_proto, FileWriter.event_writer, QueueRunner.to_proto / from_proto and the
queue_runners collection through export/import_meta_graph. Expected values from TF."""
import glob
import os

import pytest

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


def _build(tf):
    return tf.constant(1.0, name="c")  # the op's creation line


def test_operation_traceback_frames(tf):
    c = _build(tf)
    frames = [tuple(f)[:3] for f in c.op.traceback if f[0] == __file__]
    line = _build.__code__.co_firstlineno + 1
    here = test_operation_traceback_frames.__code__.co_firstlineno + 1
    assert frames == [(__file__, here, "test_operation_traceback_frames"),
                      (__file__, line, "_build")]


@pytest.mark.tfcompat_only   # TF 2.21 gives '' for the line and lacks ..._with_start_lines
def test_operation_traceback_lines_as_tf_1_15(tf):
    c = _build(tf)
    tb = c.op.traceback
    assert isinstance(tb, tuple) and all(len(f) == 4 for f in tb)
    assert tb[-1][2] == "__init__"   # TF 1.15's innermost frame is Operation.__init__
    mine = [f for f in c.op.traceback_with_start_lines if f[0] == __file__]
    assert mine[-1] == (__file__, _build.__code__.co_firstlineno + 1, "_build",
                        'return tf.constant(1.0, name="c")  # the op\'s creation line',
                        _build.__code__.co_firstlineno)


def test_tensor_shape_as_proto(tf):
    assert str(tf.TensorShape([2, None]).as_proto()) == "dim {\n  size: 2\n}\ndim {\n  size: -1\n}\n"
    assert str(tf.TensorShape(None).as_proto()) == "unknown_rank: true\n"
    assert str(tf.TensorShape([]).as_proto()) == ""
    assert tf.TensorShape(tf.TensorShape([3, None]).as_proto()).as_list() == [3, None]


def test_file_writer_event_writer(tf, tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    ev = writer.event_writer
    assert ev.get_logdir() == str(tmp_path)
    summary = tf.Summary(value=[tf.Summary.Value(tag="loss", simple_value=0.5)])
    ev.add_event(tf.Event(step=3, wall_time=1.0, summary=summary))
    ev.flush()
    writer.close()
    files = glob.glob(os.path.join(str(tmp_path), "events.out.tfevents.*"))
    events = list(tf.train.summary_iterator(files[0]))
    assert [(e.step, e.wall_time, [v.tag for v in e.summary.value]) for e in events[1:]] == [
        (3, 1.0, ["loss"])]


_QR_PROTO = ('queue_name: "input/fifo_queue"\nenqueue_op_name: "input/fifo_queue_enqueue"\n'
             'enqueue_op_name: "input/fifo_queue_enqueue"\nclose_op_name: "input/fifo_queue_Close"\n'
             'cancel_op_name: "input/fifo_queue_Close_1"\n'
             'queue_closed_exception_types: OUT_OF_RANGE\n')


def test_queue_runner_to_proto(tf):
    with tf.name_scope("input"):
        q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
        enq = q.enqueue([tf.constant(1.5)])
        qr = tf.train.QueueRunner(q, [enq, enq])
    assert qr.queue_closed_exception_types == (tf.errors.OutOfRangeError,)
    assert str(qr.to_proto()) == _QR_PROTO
    assert str(qr.to_proto(export_scope="input")) == (
        'queue_name: "fifo_queue"\nenqueue_op_name: "fifo_queue_enqueue"\n'
        'enqueue_op_name: "fifo_queue_enqueue"\nclose_op_name: "fifo_queue_Close"\n'
        'cancel_op_name: "fifo_queue_Close_1"\nqueue_closed_exception_types: OUT_OF_RANGE\n')
    assert qr.to_proto(export_scope="other") is None
    qr2 = tf.train.QueueRunner(q, [enq], queue_closed_exception_types=(
        tf.errors.OutOfRangeError, tf.errors.CancelledError))
    assert list(qr2.to_proto().queue_closed_exception_types) == [11, 1]
    with pytest.raises(TypeError, match="queue_closed_exception_types, when provided, must be "
                       "a tuple of tf.error types, but saw: "):
        tf.train.QueueRunner(q, [enq], queue_closed_exception_types=[tf.errors.OutOfRangeError])
    with pytest.raises(ValueError, match="^queue_runner_def and queue are mutually exclusive.$"):
        tf.train.QueueRunner(q, queue_runner_def=qr.to_proto())


def test_queue_runners_through_meta_graph(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("input"):
            q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
            enq = q.enqueue([tf.constant(1.5)])
            tf.train.add_queue_runner(tf.train.QueueRunner(q, [enq, enq]))
        q.dequeue(name="deq")
        meta = tf.train.export_meta_graph()
    assert len(meta.collection_def["queue_runners"].bytes_list.value) == 1
    with tf.Graph().as_default() as g2:
        tf.train.import_meta_graph(meta, import_scope="imp")
        (r,) = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
        assert (type(r).__name__, r.name, type(r.queue).__name__) == (
            "QueueRunner", "imp/input/fifo_queue", "Operation")
        assert [o.name for o in r.enqueue_ops] == ["imp/input/fifo_queue_enqueue"] * 2
        assert (r.close_op.name, r.cancel_op.name) == ("imp/input/fifo_queue_Close",
                                                       "imp/input/fifo_queue_Close_1")
        assert r.queue_closed_exception_types == (tf.errors.OutOfRangeError,)
        rr = tf.train.QueueRunner.from_proto(r.to_proto(export_scope="imp"), import_scope="imp")
        assert (rr.name, rr.close_op.name) == ("imp/input/fifo_queue", "imp/input/fifo_queue_Close")
        with tf.Session(graph=g2) as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord=coord)
            assert sess.run("imp/deq:0") == 1.5
            coord.request_stop()
            coord.join(threads)


def _two_threads(tf, switch):
    """Devices and control inputs of ops made by a thread inside device/control blocks and,
    meanwhile, by the main thread."""
    import threading
    g = tf.Graph()
    out = {}
    entered, done = threading.Event(), threading.Event()
    with g.as_default(), g.device("/device:CPU:0"):
        a0 = tf.constant(0.0, name="a0")
        if switch:
            g.switch_to_thread_local()

        def worker():
            with g.as_default():
                out["t_before"] = tf.constant(1.0, name="t_before").device
                with g.device("/device:CPU:1"), g.control_dependencies([a0]):
                    entered.set()
                    out["t_in"] = tf.constant(1.0, name="t_in")
                    done.wait()

        thread = threading.Thread(target=worker)
        thread.start()
        entered.wait()
        m = tf.constant(2.0, name="m")
        done.set()
        thread.join()
    return (out["t_before"], out["t_in"].device, [c.name for c in out["t_in"].op.control_inputs],
            m.device, [c.name for c in m.op.control_inputs])


def test_graph_switch_to_thread_local(tf):
    assert _two_threads(tf, False) == ("/device:CPU:0", "/device:CPU:1", ["a0"],
                                       "/device:CPU:1", ["a0"])
    assert _two_threads(tf, True) == ("/device:CPU:0", "/device:CPU:1", ["a0"],
                                      "/device:CPU:0", [])


def test_layers_layer_get_config(tf):
    assert tf.layers.Layer(name="x", trainable=False, dtype="float64").get_config() == {
        "name": "x", "trainable": False, "dtype": "float64"}

    class WithArgs(tf.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

    class NoArgs(tf.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)

    with pytest.raises(NotImplementedError,
                       match="^Layers with arguments in `__init__` must override `get_config`.$"):
        WithArgs(3).get_config()
    assert NoArgs(name="n").get_config() == {"name": "n", "trainable": True, "dtype": None}
