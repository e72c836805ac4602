"""Event files both ways with real TensorFlow (in a subprocess; skipped without it): TF's
summary_iterator reads tfcompat's log (graph importable, scalars, histogram, PNG decodable), and
the same program's log written by TF reads back here with the same values."""
from __future__ import annotations

import glob
import os

import numpy as np
import pytest

from tfcompat.io import read_events

pytestmark = [pytest.mark.tfcompat_only, pytest.mark.tf_interop]

PROGRAM = """
def write_log(tf, logdir):
    x = tf.placeholder(tf.float32, [None], name="x_in")
    tf.summary.scalar("loss", tf.reduce_mean(tf.square(x)))
    tf.summary.histogram("x", x)
    tf.summary.image("img", tf.reshape(tf.tile(x[:4], [12]), [1, 4, 4, 3]))
    merged = tf.summary.merge_all()
    writer = tf.summary.FileWriter(logdir, tf.get_default_graph())
    with tf.Session() as sess:
        for step in range(3):
            writer.add_summary(sess.run(merged, {x: np.arange(4.0) + step}), step)
    writer.close()
"""

_TF_SIDE = PROGRAM + """
import glob
def read(logdir):
    (path,) = glob.glob(logdir + "/events.out.tfevents.*")
    out = {"kinds": [], "scalars": [], "histo": [], "pixels": None}
    for e in tf.train.summary_iterator(path):
        out["kinds"].append(e.WhichOneof("what"))
        if e.HasField("graph_def"):
            with tf.Graph().as_default():
                tf.import_graph_def(tf.GraphDef.FromString(e.graph_def), name="")
                with tf.Session() as sess:
                    out["mean"] = float(sess.run("Mean:0", {"x_in:0": [1.0, 3.0]}))
        for v in e.summary.value:
            if v.tag == "loss":
                out["scalars"].append([e.step, v.simple_value])
            elif v.HasField("histo"):
                out["histo"].append([v.histo.min, v.histo.max, v.histo.num, v.histo.sum,
                                     len(v.histo.bucket)])
            elif v.HasField("image") and out["pixels"] is None:
                with tf.Session() as sess:
                    png = tf.io.decode_png(v.image.encoded_image_string)
                    out["pixels"] = sess.run(png).tolist()
    return out

RESULT["ours"] = read(ARGS["ours"])
with tf.Graph().as_default():
    write_log(tf, ARGS["theirs"])
RESULT["theirs"] = read(ARGS["theirs"])
"""


def test_event_files_both_ways(tf, run_tf, tmp_path):
    namespace = {"np": np}
    exec(PROGRAM, namespace)  # noqa: S102 - the same program, run under tfcompat
    namespace["write_log"](tf, str(tmp_path / "ours"))
    result = run_tf(_TF_SIDE, ours=str(tmp_path / "ours"), theirs=str(tmp_path / "theirs"))
    ours, theirs = result["ours"], result["theirs"]
    assert ours["kinds"] == theirs["kinds"] == ["file_version", "graph_def", "meta_graph_def",
                                                "summary", "summary", "summary"]
    assert ours["mean"] == 5.0
    assert ours["scalars"] == theirs["scalars"] == [[0, 3.5], [1, 7.5], [2, 13.5]]
    assert ours["histo"] == theirs["histo"]
    assert ours["pixels"] == theirs["pixels"]
    (path,) = glob.glob(os.path.join(str(tmp_path / "theirs"), "events.out.tfevents.*"))
    here = [(e.step, v.tag, v.simple_value) for e in read_events(path) for v in e.summary.value
            if v.tag == "loss"]
    assert here == [(0, "loss", 3.5), (1, "loss", 7.5), (2, "loss", 13.5)]
