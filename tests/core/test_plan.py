"""The plan compiler: pruning, caching, constant folding, last-use freeing, error context."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


@pytest.fixture
def tfc():
    import tfcompat as tf
    with tf.Graph().as_default():
        yield tf


def test_only_needed_ops_run(tfc):
    tf = tfc
    x = tf.placeholder(tf.float32, [], name="x")
    unused = tf.placeholder(tf.float32, [], name="unused")
    y = x * 2.0
    tf.identity(unused * 3.0)  # would need a feed if it ran
    with tf.Session() as sess:
        assert sess.run(y, {x: 2.0}) == 4.0


def test_plan_cache_hits_and_misses(tfc):
    tf = tfc
    x = tf.placeholder(tf.float32, [])
    y = x + 1.0
    with tf.Session() as sess:
        for i in range(5):
            sess.run(y, {x: float(i)})
        sess.run([y], {x: 1.0})
        info = sess._plan_cache_info()
    assert info["misses"] == 1 and info["hits"] >= 4


def test_constants_are_folded_and_frees_follow_last_use(tfc):
    tf = tfc
    x = tf.placeholder(tf.float32, [3], name="x")
    k = tf.constant(2.0) * tf.constant(3.0)        # folded at plan build
    a = tf.exp(x * k, name="a")
    b = tf.sin(a, name="b")
    c = tf.cos(b, name="c")
    with tf.Session() as sess:
        sess.run(c, {x: np.zeros(3, np.float32)})
        plan = next(iter(sess._plans.values()))[1]
    assert "Mul(Const" not in plan.describe()
    lines = plan.source.splitlines()
    assert sum(1 for line in lines if line.strip().startswith("del ")) >= 2
    assert plan.describe().splitlines()[-1].startswith("c:0 float32[3] = Cos(b:0)")


def test_run_error_names_the_op_and_where_it_was_made(tfc):
    tf = tfc
    x = tf.placeholder(tf.int32, [2])
    bad = tf.floordiv(x, x, name="div")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(bad, {x: [1, 0]})
    message = str(info.value)
    assert "Integer division by zero" in message and "div" in message
    assert "test_plan.py" in message


def test_state_changing_ops_run_after_pure_ops(tfc):
    from tfcompat.client import plan as plan_lib
    tf = tfc
    x = tf.placeholder(tf.float32, [])
    a = tf.identity(x, name="a")
    b = tf.identity(a, name="b")
    order = plan_lib.order_ops(plan_lib.needed_ops([b], [], frozenset()), frozenset())
    assert [op.name for op in order] == ["Placeholder", "a", "b"]


def test_debug_switch_prints_generated_code(tfc, capsys, monkeypatch):
    from tfcompat.client import plan as plan_lib
    monkeypatch.setattr(plan_lib, "DEBUG", True)
    tf = tfc
    y = tf.placeholder(tf.float32, []) * 2.0
    with tf.Session() as sess:
        sess.run(y, {y.op.inputs[0]: 1.0})
    assert "def _plan(" in capsys.readouterr().err


def test_two_sessions_are_independent_and_deep_graphs_do_not_recurse(tfc):
    tf = tfc
    t = tf.placeholder(tf.float32, [])
    out = t
    for _ in range(3000):
        out = out + 1.0
    with tf.Session() as s1, tf.Session() as s2:
        assert s1.run(out, {t: 0.0}) == 3000.0
        assert s2.run(out, {t: 1.0}) == 3001.0
