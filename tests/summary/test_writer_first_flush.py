"""A FileWriter's first event reaches the file at once (TF's EventFileWriter thread flushes the
first event it writes, then every flush_secs), so a program that writes one event and reads the
log back sees it; later events wait for flush()/close(). Expected lists: what TF 2.21 printed."""
import glob
import os

import tfcompat as tf


def _events(logdir):
    return [[(int(e.step), e.WhichOneof("what")) for e in tf.train.summary_iterator(p)]
            for p in sorted(glob.glob(os.path.join(logdir, "events*")))]


def _log(step):
    return tf.SessionLog(status=tf.SessionLog.START), step


def test_first_event_is_flushed_then_buffered(tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    w.add_session_log(*_log(1))
    w.add_session_log(*_log(2))
    assert _events(str(tmp_path)) == [[(0, "file_version"), (1, "session_log")]]
    w.flush()
    assert _events(str(tmp_path)) == [[(0, "file_version"), (1, "session_log"),
                                       (2, "session_log")]]
    w.close()


def test_reopened_writer_flushes_its_first_event_again(tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    w.add_session_log(*_log(1))
    w.close()
    w.reopen()
    summary = tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)])
    w.add_summary(summary, 3)
    w.add_summary(summary, 4)
    got = [e for events in _events(str(tmp_path)) for e in events]
    assert (3, "summary") in got and (4, "summary") not in got
    w.close()


def test_event_writer_add_event_flushes_first(tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    w.event_writer.add_event(tf.Event(step=7, file_version="x"))
    w.event_writer.add_event(tf.Event(step=8, file_version="y"))
    assert _events(str(tmp_path)) == [[(0, "file_version"), (7, "file_version")]]
    w.close()
