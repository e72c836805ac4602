"""tf.logging: TF's levels and "LEVEL:tensorflow:message" lines on the "tensorflow" logger."""
import logging

import pytest

import tfcompat as tf


@pytest.fixture
def lines():
    logger = tf.logging.get_logger()
    level = logger.level
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(
        logging.Formatter(logging.BASIC_FORMAT).format(record))
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_levels_and_default():
    assert (tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR,
            tf.logging.FATAL) == (10, 20, 30, 40, 50)
    assert tf.get_logger() is logging.getLogger("tensorflow")


def test_messages(lines):
    tf.logging.set_verbosity(tf.logging.WARN)
    tf.logging.info("hidden")
    tf.logging.set_verbosity(tf.logging.INFO)
    assert tf.logging.get_verbosity() == 20
    tf.logging.info("hello %d", 3)
    tf.logging.warn("w")
    tf.logging.log_if(tf.logging.INFO, "cond %s", True, "yes")
    tf.logging.vlog(1, "verbose")
    assert lines == ["INFO:tensorflow:hello 3", "WARNING:tensorflow:w", "INFO:tensorflow:cond yes"]


def test_every_n_and_first_n(lines):
    tf.logging.set_verbosity(tf.logging.INFO)
    for i in range(5):
        tf.logging.log_every_n(tf.logging.INFO, "every %d", 2, i)
    for i in range(5):
        tf.logging.log_first_n(tf.logging.INFO, "first %d", 2, i)
    assert lines == ["INFO:tensorflow:every 0", "INFO:tensorflow:every 2",
                     "INFO:tensorflow:every 4", "INFO:tensorflow:first 0",
                     "INFO:tensorflow:first 1"]


# -- what TF APIs log goes through the "tensorflow" logger, in TF's words ----------------------

def test_saver_logs_restoring_parameters(tf, tmp_path, caplog):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess, caplog.at_level(logging.INFO, logger="tensorflow"):
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=3)
        saver.restore(sess, path)
    assert v is not None
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records
            if r.name == "tensorflow"] == [
        ("tensorflow", "INFO", "Restoring parameters from %s" % path)]


@pytest.mark.tfcompat_only
def test_every_module_logs_to_the_tensorflow_logger():
    # TF1 programs and their log parsers read "INFO:tensorflow:..." lines; a module logging to
    # its own logger ("tfcompat.train.saver") escapes tf.logging.set_verbosity and TF's format.
    import pathlib
    import re

    package = pathlib.Path(tf.__file__).parent
    other = []
    for path in sorted(package.rglob("*.py")):
        for call in re.findall(r"getLogger\(([^)]*)\)", path.read_text(encoding="utf-8")):
            if call.strip() not in ('"tensorflow"', "'tensorflow'", ""):
                other.append("%s: getLogger(%s)" % (path.relative_to(package), call))
    assert other == []


# Recorded from TF 2.21 compat.v1 running the same program (its deprecation warnings left out);
# "N" stands for timings.
_PROGRAM = """
import os, sys
import tfcompat as tf

d = sys.argv[1]
tf.logging.info("hidden: the default verbosity is WARN")
tf.logging.set_verbosity(tf.logging.INFO)
with tf.Graph().as_default():
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        saver.restore(s, saver.save(s, d + "/model.ckpt", global_step=3))
for hooks in ([tf.train.StopAtStepHook(last_step=4)], [tf.train.StopAtStepHook(num_steps=1)]):
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 1)
        hooks.append(tf.train.LoggingTensorHook({"step": gs}, every_n_iter=2))
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d + "/mts", hooks=hooks,
                                               log_step_count_steps=None) as s:
            while not s.should_stop():
                s.run(inc)
with open(d + "/mts/checkpoint", "w") as f:
    f.write('model_checkpoint_path: "nope.ckpt"\\n')
tf.train.latest_checkpoint(d + "/mts")
with tf.Graph().as_default():
    tf.summary.scalar("bad name!", tf.constant(1.0))
    tf.summary.FileWriter(d + "/events", graph_def=tf.get_default_graph().as_graph_def()).close()
"""
_TF_LINES = """\
INFO:tensorflow:Restoring parameters from D/model.ckpt-3
INFO:tensorflow:Create CheckpointSaverHook.
INFO:tensorflow:Graph was finalized.
INFO:tensorflow:Running local_init_op.
INFO:tensorflow:Done running local_init_op.
INFO:tensorflow:Calling checkpoint listeners before saving checkpoint 0...
INFO:tensorflow:Saving checkpoints for 0 into D/mts/model.ckpt.
INFO:tensorflow:Calling checkpoint listeners after saving checkpoint 0...
INFO:tensorflow:step = 1
INFO:tensorflow:step = 3 (N sec)
INFO:tensorflow:Calling checkpoint listeners before saving checkpoint 4...
INFO:tensorflow:Saving checkpoints for 4 into D/mts/model.ckpt.
INFO:tensorflow:Calling checkpoint listeners after saving checkpoint 4...
INFO:tensorflow:Create CheckpointSaverHook.
INFO:tensorflow:Graph was finalized.
INFO:tensorflow:Restoring parameters from D/mts/model.ckpt-4
INFO:tensorflow:Running local_init_op.
INFO:tensorflow:Done running local_init_op.
INFO:tensorflow:Calling checkpoint listeners before saving checkpoint 4...
INFO:tensorflow:Saving checkpoints for 4 into D/mts/model.ckpt.
INFO:tensorflow:Calling checkpoint listeners after saving checkpoint 4...
INFO:tensorflow:step = 5
INFO:tensorflow:Calling checkpoint listeners before saving checkpoint 5...
INFO:tensorflow:Saving checkpoints for 5 into D/mts/model.ckpt.
INFO:tensorflow:Calling checkpoint listeners after saving checkpoint 5...
ERROR:tensorflow:Couldn't match files for checkpoint D/mts/nope.ckpt
INFO:tensorflow:Summary name bad name! is illegal; using bad_name_ instead.
WARNING:tensorflow:Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a `Graph` object \
instead, such as `sess.graph`.
"""


@pytest.mark.tfcompat_only
def test_tf_api_log_lines_as_tf_prints_them(tmp_path):
    import re
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", _PROGRAM, str(tmp_path)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = re.sub(r"\(\d+\.\d+ sec\)", "(N sec)", proc.stderr.replace(str(tmp_path), "D"))
    assert lines == _TF_LINES
