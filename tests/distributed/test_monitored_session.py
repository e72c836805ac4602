"""MonitoredTrainingSession, MonitoredSession, SingularMonitoredSession and the basic hooks.

Tests using the `tf` fixture also run against real TF (TFCOMPAT_TEST_AGAINST_TF=1), which is
where their expected behaviour comes from.
"""
import glob
import logging
import multiprocessing
import os

import dist_model_helper as helper
import numpy as np
import pytest

REF = np.array(helper.REFERENCE_LOSSES)


def _model(tf):
    x_data, y_data, init = helper.data()
    x = tf.placeholder(tf.float32, [None, 8])
    y = tf.placeholder(tf.int32, [None])
    loss = helper.tower_loss(tf, x, y, init)
    step = tf.train.get_or_create_global_step()
    train = helper.optimizer(tf).minimize(loss, global_step=step)
    return {x: x_data, y: y_data}, loss, train, step + 0


def _train(tf, ckpt_dir, crash_after=None, **kwargs):
    """[(step, loss)] of a MonitoredTrainingSession run to step 12, checkpointing every 4 steps;
    with `crash_after`, the process dies (no cleanup) after that step."""
    feed, loss, train, step_before = _model(tf)
    seen = []
    with tf.train.MonitoredTrainingSession(
            checkpoint_dir=ckpt_dir, hooks=[tf.train.StopAtStepHook(last_step=helper.STEPS)],
            save_checkpoint_steps=4, save_summaries_steps=None, log_step_count_steps=None,
            **kwargs) as sess:
        while not sess.should_stop():
            step, value, _ = sess.run([step_before, loss, train], feed)
            seen.append((int(step) + 1, float(value)))
            if crash_after is not None and step + 1 == crash_after:
                os._exit(0)
    return seen


def _crash_in_child(ckpt_dir, crash_after):
    ctx = multiprocessing.get_context("fork")

    def child():
        import tfcompat as tf
        with tf.Graph().as_default():
            _train(tf, ckpt_dir, crash_after)
    proc = ctx.Process(target=child)
    proc.start()
    proc.join(60)
    assert proc.exitcode == 0


@pytest.mark.tfcompat_only
def test_restart_in_the_middle_resumes_from_the_last_checkpoint(tmp_path):
    import tfcompat as tf
    ckpt = str(tmp_path)
    _crash_in_child(ckpt, crash_after=6)                   # dies after step 6; last save: 4
    assert tf.train.latest_checkpoint(ckpt).endswith("model.ckpt-4")
    with tf.Graph().as_default():
        resumed = _train(tf, ckpt)
    assert [s for s, _ in resumed] == list(range(5, 13))
    np.testing.assert_allclose([v for _, v in resumed], REF[4:], rtol=2e-5)
    assert tf.train.latest_checkpoint(ckpt).endswith("model.ckpt-12")


def test_uninterrupted_run_and_checkpoint_files(tf, tmp_path):
    seen = _train(tf, str(tmp_path))
    assert [s for s, _ in seen] == list(range(1, 13))
    np.testing.assert_allclose([v for _, v in seen], REF, rtol=2e-5)
    names = sorted(os.path.basename(p) for p in glob.glob(str(tmp_path / "model.ckpt-*.index")))
    assert names == ["model.ckpt-0.index", "model.ckpt-12.index", "model.ckpt-4.index",
                     "model.ckpt-8.index"]
    assert os.path.exists(str(tmp_path / "graph.pbtxt"))
    assert glob.glob(str(tmp_path / "model.ckpt-12.meta"))


@pytest.mark.tfcompat_only   # TF's non-chief waits for a chief to initialize shared variables
def test_non_chief_saves_nothing(tmp_path):
    import tfcompat as tf
    with tf.Graph().as_default():
        feed, loss, train, _ = _model(tf)
        with tf.train.MonitoredTrainingSession(
                is_chief=False, checkpoint_dir=str(tmp_path),
                hooks=[tf.train.StopAtStepHook(num_steps=3)]) as sess:
            while not sess.should_stop():
                sess.run(train, feed)
    assert os.listdir(str(tmp_path)) == []


def test_stop_at_step_hook_arguments(tf):
    with pytest.raises(ValueError, match="One of num_steps or last_step must be specified."):
        tf.train.StopAtStepHook()
    with pytest.raises(ValueError, match="Only one of num_steps or last_step can be specified."):
        tf.train.StopAtStepHook(num_steps=1, last_step=2)
    tf.constant(1.0)
    with pytest.raises(RuntimeError, match="Global step should be created to use "
                                           "StopAtStepHook."):
        with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(num_steps=1)]):
            pass


def test_summary_saver_hook_writes_summaries_at_steps(tf, tmp_path):
    read_events = getattr(tf.train, "summary_iterator", None)
    if read_events is None:
        from tfcompat.io.events import read_events
    feed, loss, train, _ = _model(tf)
    tf.summary.scalar("loss", loss)
    with tf.train.MonitoredTrainingSession(
            checkpoint_dir=str(tmp_path), save_summaries_steps=5, save_checkpoint_secs=None,
            log_step_count_steps=None, hooks=[tf.train.StopAtStepHook(last_step=12)]) as sess:
        while not sess.should_stop():
            sess.run(train, feed)
    events = [e for path in glob.glob(str(tmp_path / "events.out.tfevents.*"))
              for e in read_events(path)]
    steps = sorted(e.step for e in events if e.HasField("summary")
                   and any(v.tag == "loss" for v in e.summary.value))
    assert steps == [1, 6, 11]
    assert any(e.HasField("session_log") and e.session_log.status == 1 for e in events)


def test_step_counter_hook_records_steps_per_second(tf, tmp_path):
    read_events = getattr(tf.train, "summary_iterator", None)
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    hook = tf.train.StepCounterHook(every_n_steps=2, output_dir=str(tmp_path))
    with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
        for _ in range(5):
            sess.run(inc)
    tf.summary.FileWriterCache.clear()
    events = [e for path in glob.glob(str(tmp_path / "events.out.tfevents.*"))
              for e in read_events(path)]
    rates = [(e.step, v.simple_value) for e in events if e.HasField("summary")
             for v in e.summary.value if v.tag == "global_step/sec"]
    assert [s for s, _ in rates] == [3, 5] and all(r > 0 for _, r in rates)


def test_nan_tensor_hook(tf):
    x = tf.placeholder(tf.float32, [])
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    loss = tf.log(x)
    with pytest.raises(tf.train.NanLossDuringTrainingError, match="NaN loss during training."):
        with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(loss)]) as sess:
            sess.run(inc, {x: -1.0})
    with tf.train.MonitoredSession(
            hooks=[tf.train.NanTensorHook(loss, fail_on_nan_loss=False)]) as sess:
        sess.run(inc, {x: 2.0})
        assert not sess.should_stop()
        sess.run(inc, {x: -1.0})
        assert sess.should_stop()


def test_logging_tensor_hook_lines(tf, caplog):
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    value = tf.constant(2.5, name="value")
    hook = tf.train.LoggingTensorHook({"v": value, "step": step}, every_n_iter=2)
    old = logging.getLogger("tensorflow").level
    logging.getLogger("tensorflow").setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
                for _ in range(5):
                    sess.run(inc)
    finally:
        logging.getLogger("tensorflow").setLevel(old)
    lines = [r.getMessage() for r in caplog.records if "v = 2.5" in r.getMessage()]
    assert len(lines) == 3
    # the variable itself, fetched with the step that increments it, reads after it (as TF)
    assert lines[0] == "step = 1, v = 2.5"
    assert lines[1].startswith("step = 3, v = 2.5 (") and lines[1].endswith(" sec)")
    with pytest.raises(ValueError, match="either at_end and/or exactly one of every_n_iter"):
        tf.train.LoggingTensorHook([value])


class _Recorder:
    def __init__(self, tf, fetch, feed=None):
        base = tf.train.SessionRunHook

        class Hook(base):
            def __init__(self):
                self.calls, self.results = [], []

            def begin(self):
                self.calls.append("begin")

            def after_create_session(self, session, coord):
                self.calls.append("after_create_session")

            def before_run(self, run_context):
                self.calls.append("before_run")
                return tf.train.SessionRunArgs(fetch, feed_dict=feed)

            def after_run(self, run_context, run_values):
                self.calls.append("after_run")
                self.results.append(run_values.results)
                if len(self.results) == 2:
                    run_context.request_stop()

            def end(self, session):
                self.calls.append("end")
        self.hook = Hook()


def test_hook_protocol_and_feed_conflicts(tf):
    x = tf.placeholder(tf.float32, [])
    y = x * 2.0
    c = tf.constant(3.0)
    rec = _Recorder(tf, {"c": c}, feed={x: 1.0}).hook
    with tf.train.MonitoredSession(hooks=[rec]) as sess:
        assert sess.run(y) == 2.0
        assert not sess.should_stop()
        assert sess.run(y) == 2.0
        assert sess.should_stop()
    assert rec.calls == ["begin", "after_create_session", "before_run", "after_run",
                         "before_run", "after_run", "end"]
    assert rec.results == [{"c": 3.0}, {"c": 3.0}]
    with tf.train.MonitoredSession(hooks=[_Recorder(tf, None, feed={x: 1.0}).hook]) as sess:
        with pytest.raises(RuntimeError, match="Same tensor is fed by a SessionRunHook and "
                                               "user. Conflict"):
            sess.run(y, {x: 5.0})


def test_out_of_range_ends_the_loop_cleanly(tf):
    dataset = tf.data.Dataset.range(3)
    nxt = dataset.make_one_shot_iterator().get_next()
    got = []
    with tf.train.MonitoredSession() as sess:
        while not sess.should_stop():
            got.append(int(sess.run(nxt)))
    assert got == [0, 1, 2]


def test_run_step_fn_and_raw_session(tf):
    c = tf.placeholder(tf.float32)
    v = tf.add(c, 4.0)
    w = tf.add(c, 0.5)

    def step_fn(step_context):
        a = step_context.session.run(fetches=v, feed_dict={c: 0.5})
        if a <= 4.5:
            step_context.request_stop()
        return step_context.run_with_hooks(fetches=w, feed_dict={c: 0.1})

    with tf.train.SingularMonitoredSession() as session:
        assert session.raw_session().run(v, {c: 1.0}) == 5.0
        with pytest.raises(StopIteration):
            session.run_step_fn(step_fn)
    with pytest.raises(ValueError, match="`step_fn` may either have one `step_context` "
                                         "argument"):
        with tf.train.SingularMonitoredSession() as session:
            session.run_step_fn(lambda ctx: None)


def test_scaffold_finalizes_the_graph_and_takes_collection_items(tf):
    v = tf.Variable(1.0)
    tf.add_to_collection(tf.GraphKeys.INIT_OP, v.initializer)
    scaffold = tf.train.Scaffold()
    with tf.train.SingularMonitoredSession(scaffold=scaffold) as sess:
        assert sess.run(v) == 1.0
        assert tf.get_default_graph().finalized
        assert scaffold.init_op is v.initializer
    assert not tf.get_default_graph().finalized
    tf.add_to_collection(tf.GraphKeys.INIT_OP, v.initializer)
    with pytest.raises(RuntimeError, match="More than one item in the collection .*init_op"):
        tf.train.Scaffold().finalize()


def test_cluster_spec_and_server(tf):
    spec = tf.train.ClusterSpec({"ps": ["ps0:2222"], "worker": ["w0:2222", "w1:2222"]})
    assert spec.jobs == ["ps", "worker"] and spec.num_tasks("worker") == 2
    assert spec.task_address("worker", 1) == "w1:2222"
    assert spec.as_dict() == {"ps": ["ps0:2222"], "worker": ["w0:2222", "w1:2222"]}
    assert tf.train.replica_device_setter(ps_tasks=0) is None


@pytest.mark.tfcompat_only
def test_parameter_server_programs_get_the_all_reduce_path():
    import tfcompat as tf
    spec = tf.train.ClusterSpec({"ps": ["ps0:2222"], "worker": ["w0:2222"]})
    with pytest.raises(tf.errors.UnimplementedError, match="torchrun --nproc_per_node"):
        tf.train.Server(spec, job_name="worker", task_index=0)
    # the device function places the graph as TF does; running an op on /job:ps is refused
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(cluster=spec)):
            v = tf.Variable(1.0)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="tfcompat.horovod"):
                sess.run(v.initializer)
