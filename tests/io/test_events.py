"""Event files: TF's fixture, our writer's layout, and TensorFlow/TensorBoard reading ours."""

from __future__ import annotations

import os
import re
import socket
import time

import pytest

from tfcompat.io import EventFileWriter
from tfcompat.io import read_events
from tfcompat.io.proto import event_pb2
from tfcompat.io.proto import graph_pb2
from tfcompat.io.proto import meta_graph_pb2
from tfcompat.io.proto import summary_pb2


def _scalar_event(step: int, value: float) -> event_pb2.Event:
    summary = summary_pb2.Summary()
    summary.value.add(tag="loss", simple_value=value)
    return event_pb2.Event(wall_time=time.time(), step=step, summary=summary)


def test_reads_tensorflow_event_file(fixtures_dir):
    events = list(read_events(str(fixtures_dir / "events/events.out.tfevents.1700000000.fixture")))
    assert events[0].file_version == "brain.Event:2"
    assert events[0].wall_time == int(events[0].wall_time)
    graph = graph_pb2.GraphDef.FromString(events[1].graph_def)
    assert {"a", "out"} <= {n.name for n in graph.node}
    meta = meta_graph_pb2.MetaGraphDef.FromString(events[2].meta_graph_def)
    assert meta.graph_def.node[0].name == graph.node[0].name
    scalars = [
        (e.step, v.simple_value) for e in events[3:] for v in e.summary.value if v.tag == "loss"
    ]
    assert scalars == [(0, 1.0), (1, 0.5), (2, 0.25)]
    (histo,) = [v.histo for e in events for v in e.summary.value if v.tag == "weights"]
    assert (histo.min, histo.max, histo.num, histo.sum, histo.sum_squares) == (0, 9, 10, 45, 285)
    assert len(histo.bucket_limit) == len(histo.bucket) and sum(histo.bucket) == 10


def test_writer_layout(tmp_path):
    logdir = tmp_path / "logs"  # created by the writer
    before = int(time.time())
    writer = EventFileWriter(str(logdir), filename_suffix=".sfx")
    writer.add_event(_scalar_event(1, 0.5))
    writer.flush()
    name = os.path.basename(writer.path)
    match = re.fullmatch(r"events\.out\.tfevents\.(\d{10})\.(.+)\.sfx", name)
    assert match and match.group(2) == socket.gethostname()
    assert before <= int(match.group(1)) <= time.time()
    events = list(read_events(writer.path))  # readable after flush, before close
    assert events[0].file_version == "brain.Event:2" and events[0].wall_time == int(match.group(1))
    assert events[1].summary.value[0].simple_value == 0.5
    assert writer.get_logdir() == str(logdir)
    writer.close()


def test_close_reopen(tmp_path):
    with EventFileWriter(str(tmp_path)) as writer:
        writer.add_event(_scalar_event(1, 1.0))
    with pytest.raises(ValueError, match="closed"):
        writer.add_event(_scalar_event(2, 2.0))
    writer.reopen()
    writer.add_event(_scalar_event(2, 2.0))
    writer.close()
    steps = [e.step for f in sorted(os.listdir(tmp_path)) for e in read_events(str(tmp_path / f))]
    # a reopen within the same second appends to the same file instead of replacing it
    assert [s for s in steps if s] == [1, 2]


def _write_demo_run(logdir) -> str:
    with EventFileWriter(str(logdir)) as writer:
        graph = graph_pb2.GraphDef()
        graph.node.add(name="x", op="Placeholder").attr["dtype"].type = 1
        writer.add_event(
            event_pb2.Event(wall_time=time.time(), graph_def=graph.SerializeToString())
        )
        for step, value in enumerate([1.0, 0.5, 0.25]):
            writer.add_event(_scalar_event(step, value))
        summary = summary_pb2.Summary()
        histo = summary.value.add(tag="w").histo
        histo.min, histo.max, histo.num, histo.sum, histo.sum_squares = 0, 2, 3, 3, 5
        histo.bucket_limit.extend([0.5, 1.5, 2.5])
        histo.bucket.extend([1, 1, 1])
        writer.add_event(event_pb2.Event(wall_time=time.time(), step=3, summary=summary))
    return writer.path


def test_tensorboard_reads_our_file(tmp_path):
    accumulator_module = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator"
    )
    _write_demo_run(tmp_path)
    acc = accumulator_module.EventAccumulator(str(tmp_path))
    acc.Reload()
    assert [(s.step, s.value) for s in acc.Scalars("loss")] == [(0, 1.0), (1, 0.5), (2, 0.25)]
    assert acc.Histograms("w")[0].histogram_value.num == 3
    assert acc.Graph().node[0].name == "x"


_TF_SUMMARY_ITERATOR = """
RESULT = []
for e in tf.train.summary_iterator(ARGS["path"]):
    RESULT.append([e.step, e.WhichOneof("what"), [[v.tag, v.simple_value] for v in e.summary.value]])
"""


@pytest.mark.tf_interop
def test_tensorflow_reads_our_file(run_tf, tmp_path):
    result = run_tf(_TF_SUMMARY_ITERATOR, path=_write_demo_run(tmp_path))
    assert [r[1] for r in result] == ["file_version", "graph_def"] + ["summary"] * 4
    assert [r[2][0] for r in result[2:5]] == [["loss", 1.0], ["loss", 0.5], ["loss", 0.25]]
