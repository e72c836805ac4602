"""tf.summary.FileWriter: the event files TensorFlow writes (file version first, graph and meta
graph, summaries with steps, session logs, run metadata), read back by tfcompat's reader and by
TensorBoard's own EventAccumulator; and TF's own event file read here."""
from __future__ import annotations

import glob
import os
import socket
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from tfcompat.io import read_events

pytestmark = pytest.mark.tfcompat_only
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _events(logdir):
    (path,) = glob.glob(os.path.join(str(logdir), "events.out.tfevents.*"))
    return path, list(read_events(path))


def _write_log(tf, logdir):
    """A small training-like log: graph, 3 scalar steps, a histogram, an image, a text."""
    x = tf.placeholder(tf.float32, [None], name="x_in")
    loss = tf.reduce_mean(tf.square(x), name="mean_sq")
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("x", x)
    tf.summary.image("img", tf.reshape(tf.tile(x[:4], [12]), [1, 4, 4, 3]))
    tf.summary.text("note", tf.constant("hello"))
    merged = tf.summary.merge_all()
    writer = tf.summary.FileWriter(str(logdir), tf.get_default_graph())
    with tf.Session() as sess:
        for step in range(3):
            writer.add_summary(sess.run(merged, {x: np.arange(4.0) + step}), step)
    writer.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP), 3)
    writer.close()


def test_event_file_layout(tf, tmp_path):
    _write_log(tf, tmp_path)
    path, events = _events(tmp_path)
    assert os.path.basename(path).startswith("events.out.tfevents.")
    assert os.path.basename(path)[20:30].isdigit()  # 10-digit creation time
    first = events[0]
    assert first.file_version == "brain.Event:2" and first.wall_time == int(first.wall_time)
    kinds = [e.WhichOneof("what") for e in events]
    assert kinds == ["file_version", "graph_def", "meta_graph_def", "summary", "summary",
                     "summary", "session_log"]
    graph = tf.GraphDef.FromString(events[1].graph_def)
    assert any(n.name == "mean_sq" and "_output_shapes" in n.attr for n in graph.node)
    meta = tf.MetaGraphDef.FromString(events[2].meta_graph_def)
    assert meta.graph_def == graph
    assert [e.step for e in events[3:]] == [0, 1, 2, 3]
    first_summary, later = events[3].summary, events[4].summary
    assert [v.tag for v in first_summary.value] == ["loss", "x", "img/image/0", "note"]
    assert first_summary.value[0].simple_value == pytest.approx(3.5)
    assert first_summary.value[3].metadata.plugin_data.plugin_name == "text"
    assert not later.value[3].HasField("metadata")  # kept on the first value of a tag only
    assert events[6].session_log.status == tf.SessionLog.STOP


def test_writer_api(tf, tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path), filename_suffix=".mine", flush_secs=0.05)
    assert writer.get_logdir() == str(tmp_path)
    summary = tf.Summary(value=[tf.Summary.Value(tag="t", simple_value=1.0)])
    writer.add_summary(summary, global_step=5)
    writer.add_summary(summary.SerializeToString(), global_step=6)
    writer.add_event(tf.Event(step=7, wall_time=1.0, summary=summary))
    writer.add_run_metadata(tf.RunMetadata(), "step1", global_step=8)
    with pytest.raises(ValueError, match="^The provided tag was already used for this event "
                       "type$"):
        writer.add_run_metadata(tf.RunMetadata(), "step1")
    with pytest.raises(TypeError, match="must be an instance of `Graph`"):
        writer.add_graph(None)
    time.sleep(0.3)  # the flush thread writes it out
    (path,) = glob.glob(str(tmp_path / "*.mine"))
    events = list(read_events(path))
    assert [e.step for e in events] == [0, 5, 6, 7, 8]
    assert events[4].tagged_run_metadata.tag == "step1"
    writer.close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        writer.add_summary(summary, 9)
    assert "closed FileWriter" in str(caught[0].message)
    assert len(list(read_events(path))) == 5
    writer.reopen()
    writer.add_summary(summary, 10)
    writer.flush()
    steps = [e.step for p in sorted(glob.glob(str(tmp_path / "*"))) for e in read_events(p)]
    assert 10 in steps
    writer.close()
    with tf.summary.FileWriter(str(tmp_path / "ctx")) as w:
        w.add_graph(tf.get_default_graph())
    cached = tf.summary.FileWriterCache.get(str(tmp_path / "cache"))
    assert tf.summary.FileWriterCache.get(str(tmp_path / "cache")) is cached
    tf.summary.FileWriterCache.clear()
    assert tf.summary.FileWriterCache.get(str(tmp_path / "cache")) is not cached
    tf.summary.FileWriterCache.clear()


def test_reading_tensorflows_event_file(tf):
    events = list(read_events(str(FIXTURES / "events" / "events.out.tfevents.1700000000.fixture")))
    assert events[0].file_version == "brain.Event:2"
    graph = tf.GraphDef.FromString(next(e.graph_def for e in events if e.graph_def))
    with tf.Graph().as_default():
        tf.import_graph_def(graph, name="")
        with tf.Session() as sess:
            assert sess.run("out:0", {"a:0": [[1.0, -1.0]]}).tolist() == [[2.0, 0.0]]
    scalars = [(e.step, v.simple_value) for e in events for v in e.summary.value
               if v.tag == "loss"]
    assert scalars == [(0, 1.0), (1, 0.5), (2, 0.25)]


def test_tensorboard_event_accumulator_reads_it(tf, tmp_path):
    ea_module = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
    _write_log(tf, tmp_path)
    acc = ea_module.EventAccumulator(str(tmp_path), size_guidance={"images": 0, "tensors": 0,
                                                                   "histograms": 0})
    acc.Reload()
    tags = acc.Tags()
    assert tags["scalars"] == ["loss"] and tags["histograms"] == ["x"]
    assert tags["images"] == ["img/image/0"] and tags["graph"] and tags["meta_graph"]
    assert "note" in tags["tensors"]
    assert [(s.step, s.value) for s in acc.Scalars("loss")] == [(0, 3.5), (1, 7.5), (2, 13.5)]
    histo = acc.Histograms("x")[1].histogram_value
    assert (histo.min, histo.max, histo.num, histo.sum) == (1.0, 4.0, 4.0, 10.0)
    image = acc.Images("img/image/0")[0]
    assert (image.width, image.height) == (4, 4)
    assert any(n.name == "mean_sq" for n in acc.Graph().node)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_tensorboard_serves_the_log(tf, tmp_path):
    """Starts TensorBoard on a written log and reads its HTTP API (bounded: 60 s)."""
    pytest.importorskip("tensorboard")
    import json
    import subprocess
    import sys
    import urllib.request
    _write_log(tf, tmp_path / "run1")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tensorboard.main", "--logdir", str(tmp_path),
                             "--host", "127.0.0.1", "--port", str(port), "--load_fast=false"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(path):
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5) as r:
            return r.read()

    try:
        deadline, scalars = time.time() + 60, None
        while time.time() < deadline:
            try:
                scalars = json.loads(get("/data/plugin/scalars/tags"))
                if scalars.get("run1"):
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert scalars and "loss" in scalars["run1"], scalars
        points = json.loads(get("/data/plugin/scalars/scalars?run=run1&tag=loss"))
        assert [(p[1], p[2]) for p in points] == [(0, 3.5), (1, 7.5), (2, 13.5)]
        assert "x" in json.loads(get("/data/plugin/histograms/tags"))["run1"]
        assert "img/image/0" in json.loads(get("/data/plugin/images/tags"))["run1"]
        assert b"mean_sq" in get("/data/plugin/graphs/graph?run=run1")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
