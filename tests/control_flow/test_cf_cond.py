"""tf.cond, tf.case, tf.switch_case: taken-branch-only execution, names, structures, errors and
gradients (expected values from TF; run with TFCOMPAT_TEST_AGAINST_TF=1 to check them)."""
import numpy as np
import pytest


def test_cond_string_branches_and_names(tf):
    n = tf.placeholder(tf.int32, [])
    sign = tf.cond(n > 3, lambda: tf.constant("big"), lambda: tf.constant("small"))
    assert str(sign) == 'Tensor("cond/Merge:0", shape=(), dtype=string)'
    with tf.Session() as sess:
        assert [sess.run(sign, {n: 2}), sess.run(sign, {n: 7})] == [b"small", b"big"]


def test_untaken_branch_changes_nothing_but_outer_ops_run(tf):
    p = tf.placeholder(tf.bool, [])
    v, v2 = tf.Variable(0), tf.Variable(0)
    r = tf.cond(p, lambda: tf.assign_add(v, 1), lambda: tf.identity(v))
    a = tf.assign_add(v2, 10)          # made outside, used inside the true branch only
    r2 = tf.cond(p, lambda: a + 0, lambda: tf.constant(-1))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        got = [s.run(r, {p: False}), s.run(r, {p: False}), s.run(r, {p: True}), s.run(v)]
        got += [s.run(r2, {p: False}), s.run(v2), s.run(r2, {p: True}), s.run(v2)]
    assert got == [0, 0, 1, 1, -1, 10, 20, 20]


def test_nested_cond_with_structured_outputs(tf):
    x = tf.placeholder(tf.float32, [])
    r = tf.cond(x > 0,
                lambda: tf.cond(x > 10, lambda: (x * 100, {"k": x}), lambda: (x * 10, {"k": -x})),
                lambda: (x, {"k": x * 0}))
    assert [r[0].name, r[1]["k"].name] == ["cond/Merge:0", "cond/Merge_1:0"]
    with tf.Session() as s:
        got = [s.run(r, {x: k}) for k in (-1.0, 5.0, 20.0)]
    assert [(float(a), float(b["k"])) for a, b in got] == [(-1.0, -0.0), (50.0, -5.0),
                                                           (2000.0, 20.0)]


def test_cond_gradients(tf):
    x = tf.placeholder(tf.float32, [])
    y = tf.cond(x > 1, lambda: x * x, lambda: x * 3.0)
    g = tf.gradients(y, x)[0]
    w = tf.Variable(2.0)
    y2 = tf.cond(x > 1, lambda: w * x, lambda: w * w)
    g2 = tf.gradients(y2, [w, x])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert [s.run([y, g], {x: k}) for k in (0.5, 3.0)] == [[1.5, 3.0], [9.0, 6.0]]
        assert [s.run(g2, {x: k}) for k in (0.5, 3.0)] == [[4.0, 0.0], [3.0, 2.0]]


def test_cond_shapes_singletons_and_operations(tf):
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [None])
    assert str(tf.cond(p, lambda: tf.zeros([2, 3]), lambda: tf.zeros([2, 4])).shape) == "(2, ?)"
    assert str(tf.cond(p, lambda: tf.zeros([2, 3]), lambda: tf.zeros([3])).shape) == "<unknown>"
    single = tf.cond(p, lambda: [x], lambda: [x])
    strict = tf.cond(p, lambda: [x], lambda: [x], strict=True)
    assert single.name == "cond_2/Merge:0"
    assert isinstance(strict, list) and len(strict) == 1
    noop = tf.cond(p, lambda: tf.no_op(), lambda: tf.no_op())
    with tf.Session() as s:
        assert s.run(noop, {p: False}) == False  # noqa: E712


@pytest.mark.parametrize("make, cls, text", [
    (lambda tf, p, x: tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(1)), ValueError,
     "Outputs of 'true_fn' and 'false_fn' must have the same type(s). Received float32 from "
     "'true_fn' and int32 from 'false_fn'."),
    (lambda tf, p, x: tf.cond(p, lambda: x, lambda: None), ValueError,
     "'false_fn' must have a return value."),
    (lambda tf, p, x: tf.cond(p, None, lambda: x), TypeError,
     "cond(): 'true_fn' argument required"),
    (lambda tf, p, x: tf.cond(True, lambda: x, lambda: x), TypeError,
     "'pred' must not be a Python bool."),
    (lambda tf, p, x: tf.cond(p, x, lambda: x), TypeError, "'true_fn' must be callable."),
    (lambda tf, p, x: tf.cond(p, lambda: (x, x), lambda: x), ValueError,
     "The two structures don't have the same nested structure."),
])
def test_cond_build_errors(tf, make, cls, text):
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [None])
    with pytest.raises(cls) as info:
        make(tf, p, x)
    assert str(info.value).startswith(text)


def test_assert_in_untaken_branch_does_not_fire(tf, core_message):
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [])

    def checked():
        with tf.control_dependencies([tf.Assert(x > 0, [x])]):
            return tf.identity(x)

    r = tf.cond(p, checked, lambda: -x)
    with tf.Session() as s:
        assert s.run(r, {p: False, x: -1.0}) == 1.0
        assert s.run(r, {p: True, x: 2.0}) == 2.0
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            s.run(r, {p: True, x: -2.0})
        assert "assertion failed: [-2]" in core_message(info.value)


def test_case_and_switch_case(tf):
    i = tf.placeholder(tf.int32, [])
    c = tf.case([(i > 2, lambda: tf.constant(10)), (i > 0, lambda: tf.constant(5))],
                default=lambda: tf.constant(0))
    sw = tf.switch_case(i, [lambda: tf.constant(1), lambda: tf.constant(2)],
                        default=lambda: tf.constant(-1))
    assert c.name == "case/cond/Merge:0"
    with tf.Session() as s:
        got = [s.run([c, sw], {i: k}) for k in (-1, 0, 1, 3)]
    assert got == [[0, -1], [0, 1], [5, 2], [10, -1]]


def test_case_asserts(tf, core_message):
    x = tf.placeholder(tf.float32, [None])
    no_default = tf.case([(x[0] > 2, lambda: tf.constant(10)), (x[0] > 0, lambda: tf.constant(5))])
    exclusive = tf.case([(x[0] > 2, lambda: tf.constant(10)), (x[0] > 0, lambda: tf.constant(5))],
                        default=lambda: tf.constant(0), exclusive=True)
    with tf.Session() as s:
        assert s.run(no_default, {x: [1.0]}) == 5
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            s.run(no_default, {x: [-1.0]})
        assert core_message(info.value).startswith(
            "assertion failed: [Input error: None of conditions evaluated as True:] [0 0]")
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            s.run(exclusive, {x: [3.0]})
        assert core_message(info.value).startswith(
            "assertion failed: [Input error: exclusive=True: more than 1 conditions "
            "(Greater_2:0, Greater_3:0) evaluated as True:] [1 1]")


def test_two_sessions_are_independent(tf):
    v = tf.Variable(0)
    inc = tf.cond(tf.constant(True), lambda: tf.assign_add(v, 1), lambda: tf.identity(v))
    s1, s2 = tf.Session(), tf.Session()
    s1.run(v.initializer)
    s2.run(v.initializer)
    assert [s1.run(inc), s1.run(inc), s2.run(inc), s1.run(v), s2.run(v)] == [1, 2, 1, 2, 1]


@pytest.mark.tfcompat_only
def test_cond_is_one_if_op_and_stateless_when_pure():
    import tfcompat as tf
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [])
        v = tf.Variable(1.0)
        pure = tf.cond(x > 0, lambda: x + 1, lambda: x - 1)
        stateful = tf.cond(x > 0, lambda: tf.assign(v, x), lambda: x)
        assert pure.op.inputs[0].op.type == "StatelessIf"
        assert stateful.op.inputs[0].op.type == "If"
        assert pure.op.inputs[0].op.name == "cond/If"
        with tf.Session() as s:
            s.run(v.initializer)
            assert np.isclose(s.run(stateful, {x: 4.0}), 4.0) and s.run(v) == 4.0
