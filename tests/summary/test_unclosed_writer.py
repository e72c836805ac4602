"""A FileWriter the program never closes still leaves every event on disk: TF flushes unclosed
writers when the interpreter exits (checked with TF 2.21 compat.v1: a script that adds 25
summaries and exits without close() leaves 26 events, file_version included). Writers are held
weakly for this, so one the program drops is collected, and a writer closed earlier is not
written again."""
import gc
import subprocess
import sys
import textwrap
import time
import weakref

import pytest

pytestmark = pytest.mark.tfcompat_only

_SCRIPT = textwrap.dedent("""
    import sys
    import tfcompat as tf

    logdir = sys.argv[1]
    x = tf.placeholder(tf.float32, [], name="x")
    s = tf.summary.scalar("x", x)
    never_closed = tf.summary.FileWriter(logdir + "/open", graph=tf.get_default_graph())
    closed = tf.summary.FileWriter(logdir + "/closed")
    with tf.Session() as sess:
        for i in range(25):
            value = sess.run(s, {x: float(i)})
            never_closed.add_summary(value, i)
            if i < 3:
                closed.add_summary(value, i)
        closed.close()
    # exits without close() or flush() of `never_closed`
""")


def _events(tf, logdir):
    files = sorted(logdir.glob("events.out.tfevents.*"))
    assert len(files) == 1, files
    return list(tf.train.summary_iterator(str(files[0])))


def test_unclosed_writer_flushes_at_exit(tmp_path):
    import tfcompat as tf
    subprocess.run([sys.executable, "-c", _SCRIPT, str(tmp_path)], check=True, timeout=120)
    events = _events(tf, tmp_path / "open")
    # file_version, graph_def, meta_graph_def, then one event per add_summary
    assert events[0].file_version == "brain.Event:2"
    assert events[1].HasField("graph_def") and events[2].HasField("meta_graph_def")
    assert [e.step for e in events[3:]] == list(range(25))
    assert [e.summary.value[0].simple_value for e in events[3:]] == [float(i) for i in range(25)]
    closed = _events(tf, tmp_path / "closed")
    assert [e.step for e in closed[1:]] == [0, 1, 2]


def test_flush_secs_flushes_without_a_call(tmp_path):
    import tfcompat as tf
    writer = tf.summary.FileWriter(str(tmp_path), flush_secs=0.1)
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 7)
    deadline = time.time() + 10
    steps = []
    while time.time() < deadline:
        steps = [e.step for e in _events(tf, tmp_path) if e.HasField("summary")]
        if steps:
            break
        time.sleep(0.05)
    assert steps == [7]
    writer.close()


def test_dropped_writer_is_collected_and_its_events_kept(tmp_path):
    import tfcompat as tf

    def write():
        writer = tf.summary.FileWriter(str(tmp_path), flush_secs=0.05)
        for step in range(5):
            writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]),
                               step)
        return weakref.ref(writer)

    ref = write()
    gc.collect()
    time.sleep(0.2)  # the flusher thread notices the writer is gone and ends
    gc.collect()
    assert ref() is None
    assert [e.step for e in _events(tf, tmp_path) if e.HasField("summary")] == list(range(5))


def test_closed_writer_is_not_flushed_at_exit(tmp_path):
    from tfcompat.summary import writer as writer_lib
    import tfcompat as tf
    writer = tf.summary.FileWriter(str(tmp_path))
    assert writer in writer_lib._open_writers
    writer.close()
    assert writer not in writer_lib._open_writers
    writer.reopen()
    assert writer in writer_lib._open_writers
    writer.close()
