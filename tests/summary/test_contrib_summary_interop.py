"""tf.contrib.summary with real TensorFlow (in a subprocess; skipped without it): TF's
summary_iterator reads tfcompat's event file of a program recording every 2nd global step
(scalar, histogram with a family, image decoded to pixels) and finds what TF's own
summary_ops_v2 (the code behind TF 1.15's tf.contrib.summary) writes for the same program."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.tfcompat_only, pytest.mark.tf_interop]


_TF_SIDE = """
import glob
from tensorflow.python.ops import summary_ops_v2 as cs

def read(logdir):
    (path,) = glob.glob(logdir + "/events.out.tfevents.*")
    out = []
    for e in tf.train.summary_iterator(path):
        for v in e.summary.value:
            item = [e.step, v.tag, v.WhichOneof("value")]
            if v.HasField("simple_value"):
                item.append(v.simple_value)
            elif v.HasField("histo"):
                item.append([v.histo.num, v.histo.sum, list(v.histo.bucket)])
            elif v.HasField("image"):
                with tf.Graph().as_default(), tf.Session() as sess:
                    item.append(sess.run(tf.io.decode_png(v.image.encoded_image_string)).tolist())
            out.append(item)
    return sorted(out)

RESULT["ours"] = read(ARGS["ours"])
with tf.Graph().as_default():
    gs = tf.train.get_or_create_global_step()
    writer = cs.create_file_writer(ARGS["theirs"])
    with writer.as_default(), cs.record_summaries_every_n_global_steps(2):
        cs.scalar("loss", tf.cast(gs, tf.float32) / 4.0)
        cs.histogram("w", tf.constant([1., 2., 2., 5.]), family="f")
        cs.image("im", tf.reshape(tf.range(12, dtype=tf.float32), [1, 2, 2, 3]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(cs.summary_writer_initializer_op())
        for _ in range(3):
            sess.run(cs.all_v2_summary_ops())
            sess.run(tf.assign_add(gs, 1))
        sess.run(writer.flush())
RESULT["theirs"] = read(ARGS["theirs"])
"""


def test_event_file_read_by_tf_matches_tf_own(tf, run_tf, tmp_path):
    cs = tf.contrib.summary
    gs = tf.train.get_or_create_global_step()
    writer = cs.create_file_writer(str(tmp_path / "ours"))
    with writer.as_default(), cs.record_summaries_every_n_global_steps(2):
        cs.scalar("loss", tf.cast(gs, tf.float32) / 4.0)
        cs.histogram("w", tf.constant([1., 2., 2., 5.]), family="f")
        cs.image("im", tf.reshape(tf.range(12, dtype=tf.float32), [1, 2, 2, 3]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(cs.summary_writer_initializer_op())
        for _ in range(3):
            sess.run(cs.all_summary_ops())
            sess.run(tf.assign_add(gs, 1))
        sess.run(writer.flush())
    result = run_tf(_TF_SIDE, ours=str(tmp_path / "ours"), theirs=str(tmp_path / "theirs"))
    assert result["ours"] == result["theirs"]
    assert [item[:2] for item in result["ours"]] == [
        [0, "f/f/w"], [0, "im/image/0"], [0, "loss"], [2, "f/f/w"], [2, "im/image/0"],
        [2, "loss"]]
