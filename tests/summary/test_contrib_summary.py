"""tf.contrib.summary (TF 1.15's graph-mode v2 summaries): the writer resource and its ops, the
recording conditions, tags under name scopes and families, and the events written. Expected
values are what TF 2.21's tensorflow.python.ops.summary_ops_v2 (the code behind TF 1.15's
tf.contrib.summary) builds and writes (test_contrib_summary_interop.py has real TF read our
event file)."""
from __future__ import annotations

import glob
import os
import socket

import numpy as np
import pytest

from tfcompat.io import read_events

pytestmark = pytest.mark.tfcompat_only

# TF's histogram of [1, 2, 3] (WriteHistogramSummary)
HISTO_LIMITS = [0.917246389039776, 1.0089710279437536, 1.9661990955585713, 2.1628190051144287,
                2.8787120958073054, 3.1665833053880363, 1.7976931348623157e+308]
HISTO_BUCKETS = [0, 1, 0, 1, 0, 1, 0]


def _events(logdir, pattern="events.out.tfevents.*"):
    (path,) = glob.glob(os.path.join(str(logdir), pattern))
    return path, list(read_events(path))


def _values(events):
    """(step, tag, value proto) of every summary value, sorted by step then tag."""
    found = [(e.step, v.tag, v) for e in events for v in e.summary.value]
    return sorted(found, key=lambda item: item[:2])


def test_always_record_builds_tf_graph_and_writes(tf, tmp_path):
    cs = tf.contrib.summary
    gs = tf.train.get_or_create_global_step()
    writer = cs.create_file_writer(str(tmp_path))
    with writer.as_default(), cs.always_record_summaries():
        x = tf.constant(2.5)
        op = cs.scalar("loss", x)
        with tf.name_scope("outer"):
            cs.histogram("h", tf.constant([1., 2., 3.]), family="fam")
        cs.scalar("loss", x * 2)
    assert op.name == "loss/Const:0" and op.dtype == tf.bool
    assert [t.name for t in cs.all_summary_ops()] == [
        "loss/Const:0", "outer/fam/h/Const:0", "loss_1/Const:0"]
    assert tf.summary.all_v2_summary_ops() == cs.all_summary_ops()
    assert [o.name for o in cs.summary_writer_initializer_op()] == ["CreateSummaryFileWriter"]
    graph = tf.get_default_graph()
    types = {o.name: o.type for o in graph.get_operations()}
    assert {k: types[k] for k in ["SummaryWriter", "CreateSummaryFileWriter", "loss",
                                  "outer/fam/h", "loss_1", "FlushSummaryWriter"]} == {
        "SummaryWriter": "SummaryWriter", "CreateSummaryFileWriter": "CreateSummaryFileWriter",
        "loss": "WriteScalarSummary", "outer/fam/h": "WriteHistogramSummary",
        "loss_1": "WriteScalarSummary", "FlushSummaryWriter": "FlushSummaryWriter"}
    assert graph.get_operation_by_name("SummaryWriter").get_attr("shared_name") == \
        ("logdir:" + str(tmp_path)).encode()
    assert [i.name for i in graph.get_operation_by_name("loss").inputs] == [
        "SummaryWriter:0", "global_step/read:0", "loss/tag:0", "loss/Identity:0"]
    assert [i.name for i in graph.get_operation_by_name("CreateSummaryFileWriter").inputs] == [
        "SummaryWriter:0", "CreateSummaryFileWriter/logdir:0", "Const:0", "Const_1:0",
        "Const_2:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with writer.as_default():
            cs.initialize(graph=graph, session=sess)
        assert sess.run(cs.all_summary_ops()) == [True, True, True]
        sess.run(tf.assign_add(gs, 3))
        sess.run(cs.all_summary_ops())
        sess.run(writer.flush())
    path, events = _events(tmp_path)
    assert os.path.basename(path).endswith("." + socket.gethostname() + ".v2")
    assert events[0].file_version == "brain.Event:2"
    assert events[1].WhichOneof("what") == "graph_def" and events[1].step == 0
    assert any(n.name == "loss" and n.op == "WriteScalarSummary"
               for n in tf.GraphDef.FromString(events[1].graph_def).node)
    values = _values(events[2:])
    assert [(s, t) for s, t, _ in values] == [(0, "fam/outer/fam/h"), (0, "loss"), (0, "loss_1"),
                                              (3, "fam/outer/fam/h"), (3, "loss"), (3, "loss_1")]
    assert [v.simple_value for _, t, v in values if t.startswith("loss")] == [2.5, 5., 2.5, 5.]
    histo = values[0][2].histo
    assert (histo.min, histo.max, histo.num, histo.sum, histo.sum_squares) == (1, 3, 3, 6, 14)
    assert list(histo.bucket_limit) == HISTO_LIMITS and list(histo.bucket) == HISTO_BUCKETS
    assert not any(v.HasField("metadata") for _, _, v in values)


def test_record_every_n_global_steps(tf, tmp_path):
    cs = tf.contrib.summary
    gs = tf.train.get_or_create_global_step()
    writer = cs.create_file_writer(str(tmp_path), filename_suffix=".sfx", name="wr")
    with writer.as_default(), cs.record_summaries_every_n_global_steps(2):
        op = cs.scalar("loss", tf.constant(2.5))
    with writer.as_default(), cs.never_record_summaries():
        never = cs.scalar("never", tf.constant(1.0))
    assert op.name == "Merge:0" and op.dtype == tf.bool
    assert never.op.type == "Const" and cs.all_summary_ops() == [op, never]
    assert tf.get_default_graph().get_operation_by_name("SummaryWriter").get_attr(
        "shared_name") == b"wr"
    assert cs.scalar("nowriter", tf.constant(1.0)).type == "NoOp"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(cs.summary_writer_initializer_op())
        written = []
        for _ in range(4):
            written.append(bool(sess.run(op)))
            assert not sess.run(never)
            sess.run(tf.assign_add(gs, 1))
        sess.run(writer.flush())
    assert written == [True, False, True, False]
    path, events = _events(tmp_path)
    assert path.endswith(".sfx")
    assert [(s, t, v.simple_value) for s, t, v in _values(events)] == [(0, "loss", 2.5),
                                                                       (2, "loss", 2.5)]


def test_should_record_summaries(tf, tmp_path):
    cs = tf.contrib.summary
    writer = cs.create_file_writer(str(tmp_path))
    step = tf.placeholder(tf.int64, [])
    with tf.Session() as sess:
        assert not sess.run(cs.should_record_summaries())
        with writer.as_default():
            assert not sess.run(cs.should_record_summaries())
            with cs.always_record_summaries():
                assert sess.run(cs.should_record_summaries())
            with cs.record_summaries_every_n_global_steps(3, step):
                should = cs.should_record_summaries()
                assert [sess.run(should, {step: i}) for i in range(4)] == [True, False, False,
                                                                          True]


def test_image_audio_generic_events(tf, tmp_path):
    cs = tf.contrib.summary
    step = tf.placeholder(tf.int64, [])
    writer = cs.create_file_writer(str(tmp_path))
    metadata = tf.SummaryMetadata(display_name="dn")
    metadata.plugin_data.plugin_name = "myplug"
    images = np.arange(2 * 2 * 3 * 3, dtype=np.float32).reshape(2, 2, 3, 3) / 10.
    with writer.as_default(), cs.always_record_summaries():
        ops = [cs.scalar("i", tf.constant(7), step=step),
               cs.scalar("d", tf.constant(1.25, tf.float64), family="fam", step=step),
               cs.image("img", tf.constant(images), step=step),
               cs.image("img1", tf.constant(images), max_images=1, step=step),
               cs.audio("aud", tf.constant([[0.1, -0.2, 0.3], [0.5, 0., -1.]]), 8000, 1,
                        step=step),
               cs.generic("gen", tf.constant([[1, 2], [3, 4]]), metadata=metadata, step=step),
               cs.generic("gens", tf.constant(["a", "bc"]), step=step)]
    assert [(o.name, [c.name for c in o.op.control_inputs]) for o in ops] == [
        ("i/Const:0", ["i"]), ("fam/d/Const:0", ["fam/d"]), ("img/Const_1:0", ["img"]),
        ("img1/Const_1:0", ["img1"]), ("aud/Const:0", ["aud"]), ("gen/Const_1:0", ["gen"]),
        ("gens/Const_1:0", ["gens"])]
    with tf.Session() as sess:
        sess.run(cs.summary_writer_initializer_op())
        sess.run(ops, {step: 5})
        sess.run(writer.close())
    values = {t: (s, v) for s, t, v in _values(_events(tmp_path)[1])}
    assert sorted(values) == ["aud/audio", "fam/fam/d", "gen", "gens", "i", "img/image/0",
                              "img/image/1", "img1/image"]
    assert {s for s, _ in values.values()} == {5}
    assert values["i"][1].simple_value == 7 and values["fam/fam/d"][1].simple_value == 1.25
    for tag in ["img/image/0", "img/image/1", "img1/image"]:
        img = values[tag][1].image
        assert (img.height, img.width, img.colorspace) == (2, 3, 3)
        assert img.encoded_image_string.startswith(b"\x89PNG\r\n\x1a\n")
    aud = values["aud/audio"][1].audio
    assert (aud.sample_rate, aud.num_channels, aud.length_frames, aud.content_type) == (
        8000, 1, 3, "audio/wav")
    assert aud.encoded_audio_string == (
        b"RIFF*\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00@\x1f\x00\x00\x80>\x00\x00"
        b"\x02\x00\x10\x00data\x06\x00\x00\x00\xcd\x0cf\xe6f&")
    gen = values["gen"][1]
    assert gen.tensor.dtype == tf.int32.as_datatype_enum
    assert [d.size for d in gen.tensor.tensor_shape.dim] == [2, 2]
    assert gen.tensor.tensor_content == np.array([1, 2, 3, 4], np.int32).tobytes()
    assert gen.metadata.plugin_data.plugin_name == "myplug" and gen.metadata.display_name == "dn"
    gens = values["gens"][1]
    assert list(gens.tensor.string_val) == [b"a", b"bc"] and not gens.HasField("metadata")


def test_graph_and_import_event(tf, tmp_path):
    cs = tf.contrib.summary
    writer = cs.create_file_writer(str(tmp_path))
    serialized, event = tf.placeholder(tf.string), tf.placeholder(tf.string)
    with writer.as_default(), cs.never_record_summaries():  # neither looks at the condition
        graph_op = cs.graph(serialized, step=6)
        import_op = cs.import_event(event)
        with pytest.raises(TypeError, match="graph\\(\\) needs a tf.Tensor"):
            cs.graph(tf.get_default_graph())
    assert (graph_op.name, graph_op.type, import_op.name, import_op.type) == (
        "WriteGraphSummary", "WriteGraphSummary", "ImportEvent", "ImportEvent")
    assert cs.all_summary_ops() == []
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.Session() as sess:
        sess.run(cs.summary_writer_initializer_op())
        sess.run(graph_op, {serialized: graph_def.SerializeToString()})
        sess.run(import_op, {event: tf.Event(step=42, wall_time=3.0,
                                             file_version="xx").SerializeToString()})
        with pytest.raises(tf.errors.DataLossError,
                           match="Bad tf.Event binary proto tensor string"):
            sess.run(import_op, {event: b"\xff\xff"})
        with pytest.raises(tf.errors.DataLossError,
                           match="Bad tf.GraphDef binary proto tensor string"):
            sess.run(graph_op, {serialized: b"\xff\xff"})
        sess.run(cs.flush(writer))
    events = _events(tmp_path)[1]
    assert events[1].step == 6 and tf.GraphDef.FromString(events[1].graph_def) == graph_def
    assert (events[2].step, events[2].wall_time, events[2].file_version) == (42, 3.0, "xx")


def test_errors(tf, tmp_path):
    cs = tf.contrib.summary
    writer = cs.create_file_writer(str(tmp_path))
    with writer.as_default(), cs.always_record_summaries():
        op = cs.scalar("i", tf.constant(7), step=1)
        nan = cs.histogram("badh", tf.constant([1., np.nan]), step=1)
        inf = cs.histogram("infh", tf.constant([np.inf]), step=1)
        vector = cs.scalar("bad", tf.constant([1., 2.]), step=1)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError, match=r"Container localhost does not exist\. "
                           r"\(Could not find resource: localhost/logdir:"):
            sess.run(op)
        sess.run(writer.init())
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Nan in summary histogram for: badh"):
            sess.run(nan)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Infinity in summary histogram for: infh"):
            sess.run(inf)
        # TF 1.15 CHECK-fails (TF 2.21 writes the first element): known_differences.txt
        with pytest.raises(tf.errors.InvalidArgumentError, match="must be a scalar"):
            sess.run(vector)
        sess.run(writer.close())
        with pytest.raises(tf.errors.NotFoundError, match="Resource localhost/logdir:.*/"
                           "N10tensorflow22SummaryWriterInterfaceE does not exist"):
            sess.run(op)
    with pytest.raises(RuntimeError, match="No default tf.contrib.summary.SummaryWriter found"):
        cs.initialize()


def test_session_close_flushes_and_writers_are_per_session(tf, tmp_path):
    cs = tf.contrib.summary
    writer = cs.create_file_writer(str(tmp_path / "a"))
    with writer.as_default(), cs.always_record_summaries():
        op = cs.scalar("s", tf.constant(1.5), step=2)
    with tf.Session() as sess:
        sess.run(writer.init())
        sess.run(writer.init())  # creating an existing writer does nothing
        sess.run(op)
    assert [(s, t) for s, t, _ in _values(_events(tmp_path / "a")[1])] == [(2, "s")]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError):
            sess.run(op)


def test_namespace(tf, tmp_path):
    cs = tf.contrib.summary
    assert cs.eval_dir("/m") == "/m/eval" and cs.eval_dir("/m", "x") == "/m/eval_x"
    assert cs.flush().type == "NoOp"
    noop = cs.create_file_writer(None)
    with noop.as_default(), cs.always_record_summaries():
        assert cs.scalar("x", 1.0).type == "NoOp"
    assert isinstance(cs.create_summary_file_writer(str(tmp_path)), cs.SummaryWriter)
    with pytest.raises(NotImplementedError, match="tf.contrib.summary.create_db_writer"):
        cs.create_db_writer("/tmp/db.sqlite")
    with pytest.raises(AttributeError, match="tf.contrib.summary.record_if"):
        cs.record_if  # noqa: B018 - not a TF 1.15 contrib.summary name

