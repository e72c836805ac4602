"""Session.partial_run_setup / partial_run (the "Graphs and Sessions" era API): a step run in
parts. Expected values and messages are what TF 2.21 (compat.v1) gave; each case uses a fresh
session, as TF cancels a session's pending partial runs after an error."""
import pytest


def _graph(tf):
    g = {}
    g["a"] = tf.placeholder(tf.float32, shape=[], name="a")
    g["b"] = tf.placeholder(tf.float32, shape=[], name="b")
    g["c"] = tf.placeholder(tf.float32, shape=[], name="c")
    g["r1"] = tf.add(g["a"], g["b"], name="r1")
    g["r2"] = tf.multiply(g["r1"], g["c"], name="r2")
    g["noise"] = tf.random_uniform([], seed=1, name="noise")
    g["n1"] = tf.add(g["noise"], g["a"], name="n1")
    g["n2"] = tf.add(g["noise"], g["c"], name="n2")
    g["v"] = tf.Variable(0.0, name="v")
    g["inc"] = tf.assign_add(g["v"], 1.0)
    with tf.control_dependencies([g["inc"]]):
        g["after"] = tf.identity(g["a"], name="after")
    return g


def _session(tf, g):
    sess = tf.Session()
    sess.run(g["v"].initializer)
    return sess


def _message(tf, fn):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        fn()
    return [line for line in info.value.message.split("\n")
            if line.strip() and "Graph execution" not in line][0]


def test_partial_run_feeds_and_fetches_in_parts(tf):
    g = _graph(tf)
    sess = _session(tf, g)
    h = sess.partial_run_setup([g["r1"], g["r2"]], [g["a"], g["b"], g["c"]])
    assert isinstance(h, str)
    res = sess.partial_run(h, g["r1"], feed_dict={g["a"]: 1, g["b"]: 2})
    assert res == 3.0
    assert sess.partial_run(h, g["r2"], feed_dict={g["c"]: res}) == 9.0
    # every fetch done: the handle is finished
    assert _message(tf, lambda: sess.partial_run(h, g["r2"], {g["c"]: 1.0})) == \
        "Must run 'setup' before performing partial runs!"
    sess = _session(tf, g)
    h = sess.partial_run_setup({"x": g["r1"], "y": [g["r2"]]}, [g["a"], g["b"], g["c"]])
    assert sess.partial_run(h, {"x": g["r1"]}, {g["a"]: 1, g["b"]: 1}) == {"x": 2.0}
    assert sess.partial_run(h, {"y": [g["r2"]]}, {g["c"]: 3}) == {"y": [6.0]}


def test_partial_run_runs_each_op_once(tf):
    g = _graph(tf)
    sess = _session(tf, g)
    h = sess.partial_run_setup([g["n1"], g["n2"]], [g["a"], g["c"]])
    assert sess.partial_run(h, g["n1"], {g["a"]: 0.0}) == sess.partial_run(h, g["n2"], {g["c"]: 0.0})
    sess = _session(tf, g)
    h = sess.partial_run_setup([g["after"], g["r1"]], [g["a"], g["b"]])
    assert sess.partial_run(h, g["after"], {g["a"]: 5.0}) == 5.0
    assert sess.partial_run(h, g["r1"], {g["b"]: 1.0}) == 6.0
    assert sess.run(g["v"]) == 1.0
    h = sess.partial_run_setup([g["noise"]])
    assert 0.0 < sess.partial_run(h, g["noise"]) < 1.0


def test_partial_run_errors(tf):
    g = _graph(tf)
    a, b, c, r1, r2 = g["a"], g["b"], g["c"], g["r1"], g["r2"]
    sess = _session(tf, g)
    h = sess.partial_run_setup([r1, r2], [a, b, c])
    sess.partial_run(h, r1, feed_dict={a: 1, b: 2})
    assert _message(tf, lambda: sess.partial_run(h, r2, {a: 1.0, c: 1.0})) == \
        "The feed a:0 has already been fed."
    sess = _session(tf, g)
    h = sess.partial_run_setup([r1, r2], [a, b, c])
    sess.partial_run(h, r1, feed_dict={a: 1, b: 2})
    assert _message(tf, lambda: sess.partial_run(h, r1)) == "The fetch r1:0 has already been fetched."
    sess = _session(tf, g)
    h = sess.partial_run_setup([r1], [a, b])
    assert _message(tf, lambda: sess.partial_run(h, r2, {a: 1, b: 2})) == \
        "The fetch r2:0 was not specified in partial_run_setup."
    sess = _session(tf, g)
    h = sess.partial_run_setup([r1], [a])
    assert _message(tf, lambda: sess.partial_run(h, r1, {a: 1, b: 2})) == \
        "The feed b:0 was not specified in partial_run_setup."
    sess = _session(tf, g)
    assert _message(tf, lambda: sess.partial_run("foo", r1, {a: 1})) == \
        "Must run 'setup' before performing partial runs!"
    sess = _session(tf, g)
    h = sess.partial_run_setup([r1, g["inc"].op], [a, b])
    with pytest.raises(RuntimeError, match=r"partial_run\(\) requires empty `target_list`. "
                       r"Received: target_list=\[<tf.Operation 'AssignAdd' type=AssignAdd>\]"):
        sess.partial_run(h, [r1, g["inc"].op], {a: 1, b: 2})
    assert sess.run(g["v"]) == 1.0   # a setup target needing no feed ran with the setup
    sess = _session(tf, g)
    h = sess.partial_run_setup([r2, g["inc"].op], [a, b, c])
    assert sess.run(g["v"]) == 1.0 and sess.partial_run(h, r2, {a: 1, b: 2, c: 2}) == 6.0
    assert sess.run(g["v"]) == 1.0


@pytest.mark.tfcompat_only
def test_partial_run_refuses_to_run_a_state_change_twice(tf):
    v = tf.Variable(0.0, name="v")
    a = tf.placeholder(tf.float32, [], name="a")
    inc = tf.assign_add(v, 1.0, name="inc")
    with tf.control_dependencies([inc]):
        x = tf.identity(a, name="x")
        y = tf.constant(2.0, name="y") * 1.0
    sess = tf.Session()
    sess.run(v.initializer)
    h = sess.partial_run_setup([x, y], [a])
    assert sess.partial_run(h, x, {a: 1.0}) == 1.0
    with pytest.raises(tf.errors.UnimplementedError, match="would run inc a second time"):
        sess.partial_run(h, y)
    assert sess.run(v) == 1.0
