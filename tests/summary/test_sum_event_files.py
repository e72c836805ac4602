"""When tf.summary.FileWriter's event file appears (TF's EventsWriter creates it with the first
event, or at once for a filename_suffix), what add_summary accepts, and what reopen keeps."""
import glob
import os

import pytest


def _files(logdir):
    return sorted(glob.glob(os.path.join(str(logdir), "events.out.tfevents.*")))


def _rows(tf, logdir):
    return [(int(e.step), e.WhichOneof("what")) for path in _files(logdir)
            for e in tf.train.summary_iterator(path)]


def _summary(tf, value=1.0):
    return tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=value)])


def test_no_event_no_file(tf, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path / "logs"))
    assert os.path.isdir(str(tmp_path / "logs"))
    assert _files(tmp_path / "logs") == []
    w.flush()
    assert _files(tmp_path / "logs") == []
    w.close()
    assert _files(tmp_path / "logs") == []


def test_first_event_creates_the_file(tf, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    w.add_summary(_summary(tf), 4)
    w.close()
    (path,) = _files(tmp_path)
    name = os.path.basename(path).split(".")
    assert name[:3] == ["events", "out", "tfevents"] and name[3].isdigit()
    assert _rows(tf, tmp_path) == [(0, "file_version"), (4, "summary")]


def test_suffix_creates_the_file_at_once(tf, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path), filename_suffix=".v1")
    (path,) = _files(tmp_path)
    assert path.endswith(".v1")
    w.close()
    assert _rows(tf, tmp_path) == [(0, "file_version")]


def test_reopen_writes_nothing_until_an_event(tf, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path / "r"))
    w.close()
    w.reopen()
    w.close()
    assert _files(tmp_path / "r") == []


def test_add_summary_of_a_str(tf, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    with pytest.raises(AttributeError, match="'str' object has no attribute 'value'"):
        w.add_summary("not a summary", 1)
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'value'"):
        w.add_summary(None, 1)
    w.add_summary(_summary(tf).SerializeToString(), 2)
    w.close()
    assert _rows(tf, tmp_path) == [(0, "file_version"), (2, "summary")]


@pytest.mark.tfcompat_only
def test_reopen_in_the_same_second_keeps_the_first_events(tf, tmp_path):
    # TF names the new file by the second only and truncates the old one (known_differences)
    w = tf.summary.FileWriter(str(tmp_path))
    w.add_summary(_summary(tf), 1)
    w.close()
    w.reopen()
    w.add_summary(_summary(tf), 2)
    w.close()
    steps = [r for r in _rows(tf, tmp_path) if r[1] == "summary"]
    assert steps == [(1, "summary"), (2, "summary")]
