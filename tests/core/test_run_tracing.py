"""Traced runs (RunOptions.trace_level, RunMetadata.step_stats), the Chrome timeline of
tensorflow.python.client.timeline and tf.train.ProfilerHook. Expected node lists, labels and
output descriptions are what TF 2.21 (compat.v1) recorded for the same graphs; the timeline
fixtures (tests/fixtures/timeline) are a step TF traced and TF's Chrome traces of it."""
import glob
import json
import os
import time

import numpy as np
import pytest

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "timeline")
AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


def _timeline_module():
    if AGAINST_TF:
        from tensorflow.python.client import timeline
        return timeline
    from tfcompat.client import timeline
    return timeline


def _nodes(run_metadata):
    return [n for d in run_metadata.step_stats.dev_stats for n in d.node_stats]


def _traced(tf, sess, fetches, feed_dict=None, level=3):
    md = tf.RunMetadata()
    value = sess.run(fetches, feed_dict, options=tf.RunOptions(trace_level=level),
                     run_metadata=md)
    return value, md


def test_step_stats_list_the_ops_with_tf_labels_and_outputs(tf):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    w = tf.Variable(tf.ones([3, 4]), name="w")
    s = tf.reduce_sum(tf.nn.relu(tf.matmul(x, w), name="y"), name="s")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    before = time.time()
    value, md = _traced(tf, sess, s, {x: [[1, 2, 3], [4, 5, 6]]})
    after = time.time()
    assert value == 84.0
    assert [d.device for d in md.step_stats.dev_stats] == [
        "/job:localhost/replica:0/task:0/device:CPU:0"]
    nodes = _nodes(md)
    labels = [n.timeline_label for n in nodes]
    assert sorted(labels) == sorted([
        "_SOURCE = NoOp()", "Const = Const()", "_arg_x_0_0 = _Arg()", "w = VariableV2()",
        "w/read = Identity(w)", "MatMul = MatMul(_arg_x_0_0, w/read)", "y = Relu(MatMul)",
        "s = Sum(y, Const)", "_retval_s_0_0 = _Retval(s)"])
    # in the order the ops ran: each after its inputs (TF's executor runs the ready ones in
    # whichever order its threads take them)
    order = {n.node_name: i for i, n in enumerate(nodes)}
    assert order["_SOURCE"] == 0
    for first, then in [("w", "w/read"), ("w/read", "MatMul"), ("_arg_x_0_0", "MatMul"),
                        ("MatMul", "y"), ("y", "s"), ("Const", "s"), ("s", "_retval_s_0_0")]:
        assert order[first] < order[then], (first, then, labels)
    outputs = {n.node_name: [(o.slot, o.tensor_description.dtype,
                              [d.size for d in o.tensor_description.shape.dim],
                              o.tensor_description.allocation_description.requested_bytes,
                              o.tensor_description.allocation_description.allocator_name)
                             for o in n.output] for n in nodes}
    assert outputs["Const"] == [(0, 3, [2], 8, "cpu")]          # DT_INT32
    assert outputs["_arg_x_0_0"] == [(0, 1, [2, 3], 24, "cpu")]  # DT_FLOAT
    assert outputs["MatMul"] == [(0, 1, [2, 4], 32, "cpu")]
    assert outputs["s"] == [(0, 1, [], 4, "cpu")]
    assert outputs["_retval_s_0_0"] == []
    for n in nodes:
        assert before * 1e6 - 1 <= n.all_start_micros <= after * 1e6 + 1
        assert 0 <= n.op_end_rel_micros <= n.all_end_rel_micros
        assert n.all_start_nanos // 1000 == n.all_start_micros


def test_trace_levels_and_untraced_runs(tf):
    x = tf.constant([1.0, 2.0], name="c")
    y = tf.square(x + 1.0, name="sq")
    sess = tf.Session()
    assert _nodes(_traced(tf, sess, y, level=tf.RunOptions.NO_TRACE)[1]) == []
    for level in (tf.RunOptions.SOFTWARE_TRACE, tf.RunOptions.FULL_TRACE):
        names = [n.node_name for n in _nodes(_traced(tf, sess, y, level=level)[1])]
        assert names[0] == "_SOURCE" and names[-1] == "_retval_sq_0_0"
    md = tf.RunMetadata()
    sess.run(y, run_metadata=md)
    assert not md.HasField("step_stats")
    assert str(tf.RunMetadata()) == ""


def test_output_partition_graphs_lists_the_step_as_a_graph_def(tf):
    # TF 2.21: one partition on the CPU, feeds as _Arg, fetches as _Retval, no step stats
    x = tf.placeholder(tf.float32, [2], name="x")
    w = tf.Variable([1.0, 2.0], name="w")
    y = tf.reduce_sum(x * w, name="y")
    sess = tf.Session()
    sess.run(w.initializer)
    md = tf.RunMetadata()
    value = sess.run(y, {x: [1.0, 2.0]}, options=tf.RunOptions(output_partition_graphs=True),
                     run_metadata=md)
    assert value == 5.0 and len(md.partition_graphs) == 1
    assert not md.step_stats.dev_stats
    nodes = {n.name: n for n in md.partition_graphs[0].node}
    assert nodes["_arg_x_0_0"].op == "_Arg" and nodes["_retval_y_0_0"].op == "_Retval"
    assert sorted(nodes["mul"].input) == ["_arg_x_0_0", "w/read"]  # grappler may swap them
    assert list(nodes["_retval_y_0_0"].input) == ["y"]
    assert nodes["y"].device == "/job:localhost/replica:0/task:0/device:CPU:0"
    assert "x" not in nodes
    md2 = tf.RunMetadata()
    sess.run(y, {x: [1.0, 2.0]}, options=tf.RunOptions(output_partition_graphs=True,
                                                        trace_level=tf.RunOptions.FULL_TRACE),
             run_metadata=md2)
    assert len(md2.partition_graphs) == 1 and md2.step_stats.dev_stats


def test_traced_runs_update_variables_once_and_fail_as_untraced(tf):
    v = tf.Variable(0.0, name="v")
    inc = tf.assign_add(v, 1.0, name="inc")
    sess = tf.Session()
    sess.run(v.initializer)
    value, md = _traced(tf, sess, [inc, tf.constant(3.0)])
    assert value[0] == 1.0 and sess.run(v) == 1.0
    labels = [n.timeline_label for n in _nodes(md)]
    assert "inc = AssignAdd(v, inc/value)" in labels and "_retval_inc_0_1 = _Retval(inc)" in labels
    _traced(tf, sess, inc.op)
    assert sess.run(v) == 2.0
    p = tf.placeholder(tf.int32, [None], name="p")
    g = tf.gather(tf.constant([1, 2, 3]), p, name="g")
    with pytest.raises(tf.errors.InvalidArgumentError):
        _traced(tf, sess, g, {p: [7]})
    assert sess.run(v) == 2.0
    np.testing.assert_array_equal(_traced(tf, sess, g, {p: [2, 0]})[0], [3, 1])


def test_run_metadata_round_trips_as_tf_proto(tf):
    sess = tf.Session()
    _, md = _traced(tf, sess, tf.add(1, 2, name="a"))
    copy = tf.RunMetadata()
    copy.ParseFromString(md.SerializeToString())
    assert copy == md
    assert [n.node_name for n in _nodes(copy)][-1] == "_retval_a_0_0"


@pytest.mark.parametrize("name,kwargs", [("trace_default.json", {}),
                                         ("trace_memory.json", {"show_memory": True}),
                                         ("trace_noflow.json", {"show_dataflow": False})])
def test_timeline_of_tf_step_is_tfs_chrome_trace(tf, name, kwargs):
    md = tf.RunMetadata()
    with open(os.path.join(FIXTURES, "step_stats.pb"), "rb") as f:
        md.step_stats.ParseFromString(f.read())
    trace = _timeline_module().Timeline(md.step_stats).generate_chrome_trace_format(**kwargs)
    with open(os.path.join(FIXTURES, name)) as f:
        assert trace == f.read()


def test_timeline_of_traced_run_and_allocator_peaks(tf):
    a = tf.placeholder(tf.float32, [4, 4], name="a")
    out = tf.reduce_sum(tf.matmul(a, a, name="mm") * 2.0, name="total")
    sess = tf.Session()
    _, md = _traced(tf, sess, out, {a: np.ones([4, 4], np.float32)})
    analysis = _timeline_module().Timeline(md.step_stats).analyze_step_stats(show_memory=True)
    trace = json.loads(analysis.chrome_trace.format_to_string())
    ops = {e["args"]["name"]: e for e in trace["traceEvents"] if e["ph"] == "X"}
    assert ops["mm"]["name"] == "MatMul" and ops["mm"]["args"]["input0"] == "_arg_a_0_0"
    assert ops["total"]["cat"] == "Op"
    processes = [e["args"]["name"] for e in trace["traceEvents"] if e["ph"] == "M"]
    assert processes == ["Allocators", "/job:localhost/replica:0/task:0/device:CPU:0 Compute",
                         "/job:localhost/replica:0/task:0/device:CPU:0 Tensors"]
    assert analysis.allocator_maximums["cpu"].num_bytes >= 64


def test_profiler_hook_writes_timelines_and_run_metadata(tf, tmp_path):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.get_variable("w", [3, 1], initializer=tf.ones_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
    step = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    hook = tf.train.ProfilerHook(save_steps=2, output_dir=str(tmp_path))
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        for _ in range(6):
            sess.run(train, {x: [[1.0, 2.0, 3.0]]})
    tf.summary.FileWriterCache.get(str(tmp_path)).flush()
    assert sorted(os.listdir(tmp_path))[-3:] == ["timeline-2.json", "timeline-4.json",
                                                 "timeline-6.json"]
    with open(tmp_path / "timeline-4.json") as f:
        names = {e["args"]["name"] for e in json.load(f)["traceEvents"] if e["ph"] == "X"}
    assert {"GradientDescent/update_w/ApplyGradientDescent", "_arg_x_0_0",
            "_retval_global_step/add_0_0"} <= names
    events = glob.glob(str(tmp_path / "events.out.tfevents.*"))
    tags = [e.tagged_run_metadata.tag for e in tf.train.summary_iterator(events[0])
            if e.HasField("tagged_run_metadata")]
    assert tags[:2] == ["step_2", "step_4"]


def test_profiler_hook_needs_a_global_step(tf, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)   # output_dir "" is the working directory: its summary writer
    tf.Variable(1.0)
    with pytest.raises(RuntimeError, match="Global step should be created to use ProfilerHook"):
        tf.train.ProfilerHook(save_steps=1).begin()
    tf.summary.FileWriterCache.clear()   # TF's writer creates its file when closed: here, not
    #                                      in the directory the tests run from


@pytest.mark.tfcompat_only
def test_timeline_importable_as_tf_python_client_timeline():
    import tfcompat as tf
    from tfcompat.client import timeline
    assert tf.python.client.timeline.Timeline is timeline.Timeline
