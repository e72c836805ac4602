"""The tf.assert_* family, tf.debugging, check_numerics and add_check_numerics_ops (TF's text)."""
import numpy as np
import pytest


def _failure(tf, op, feed):
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            s.run(op, feed)
    message = info.value.message
    if "Graph execution error" in message:   # TF 2.x framing (tests run against real TF)
        lines = message.split("\n")
        message = "\n".join(lines[next(i for i, x in enumerate(lines) if x.startswith("Node:"))
                                   + 1:])
    return message.split("\n\t [[")[0]


def test_binary_asserts_at_run_time(tf):
    x = tf.placeholder(tf.float32, [None])
    assert _failure(tf, tf.assert_equal(x, 1.0, message="msg!"), {x: [1.0, -2.0]}) == (
        "assertion failed: [msg!] [Condition x == y did not hold element-wise:] "
        "[x (Placeholder:0) = ] [1 -2] [y (assert_equal_1/y:0) = ] [1]")
    assert _failure(tf, tf.assert_less(x, 2.0, summarize=1), {x: [1.0, 5.0]}) == (
        "assertion failed: [Condition x < y did not hold element-wise:] "
        "[x (Placeholder:0) = ] [1...] [y (assert_less/y:0) = ] [2]")
    assert _failure(tf, tf.assert_greater_equal(x, 2.0), {x: [1.0, 5.0]}) == (
        "assertion failed: [Condition x >= y did not hold element-wise:] "
        "[x (Placeholder:0) = ] [1 5] [y (assert_greater_equal/y:0) = ] [2]")
    with tf.Session() as s:
        s.run(tf.assert_less(x, 2.0), {x: [1.0, 0.0]})


def test_sign_and_near_asserts(tf):
    x = tf.placeholder(tf.float32, [None])
    assert _failure(tf, tf.assert_positive(x), {x: [1.0, -2.0]}) == (
        "assertion failed: [] [Condition x > 0 did not hold element-wise:] "
        "[x (Placeholder:0) = ] [1 -2]")
    assert _failure(tf, tf.assert_non_negative(x, message="m"), {x: [1.0, -2.0]}) == (
        "assertion failed: [m.  ] [Condition x >= 0 did not hold element-wise:] "
        "[x (Placeholder:0) = ] [1 -2]")
    near = _failure(tf, tf.assert_near(x, 1.0, atol=0.1), {x: [1.0, 1.5]})
    assert near.startswith("assertion failed: [] [x and y not equal to tolerance rtol = ")


def test_rank_asserts(tf):
    z = tf.placeholder(tf.float32)
    assert _failure(tf, tf.assert_rank(z, 1), {z: [[1.0, 5.0]]}) == (
        "assertion failed: [] [Tensor Placeholder:0 must have rank] [1] [Received shape: ] [1 2]")
    assert _failure(tf, tf.assert_rank_at_least(z, 3), {z: [[1.0, 5.0]]}) == (
        "assertion failed: [] [Tensor Placeholder:0 must have rank at least] [3] "
        "[Received shape: ] [1 2]")
    assert _failure(tf, tf.assert_rank_in(z, [0, 1]), {z: [[1.0, 5.0]]}) == (
        "assertion failed: [] [Tensor Placeholder:0 must have rank in] [0] [1] "
        "[Received shape: ] [1 2]")


@pytest.mark.parametrize("make, cls, text", [
    (lambda tf: tf.assert_equal(tf.constant([1, 2]), tf.constant([1, 3])),
     "InvalidArgumentError", "Condition x == y did not hold element-wise:\n"
     "x (Const:0) = \n[1 2]\ny (Const_1:0) = \n[1 3]"),
    (lambda tf: tf.assert_rank(tf.constant([1]), 2), ValueError,
     "Tensor Const:0 must have rank 2.  Received rank 1, shape (1,)"),
    (lambda tf: tf.assert_rank_in(tf.constant([1]), [0, 2]), ValueError,
     "Tensor Const:0 must have rank in (0, 2).  Received rank 1, shape (1,)"),
    (lambda tf: tf.assert_positive(tf.constant([1, -1])), "InvalidArgumentError",
     "\nCondition x > 0 did not hold element-wise:\nx (Const:0) = \n[ 1 -1]"),
    (lambda tf: tf.assert_type(tf.constant(1), tf.float32), TypeError,
     "Const:0 must be of type tf.float32; got tf.int32"),
    (lambda tf: tf.assert_integer(tf.constant(1.0)), TypeError,
     'Expected "x" to be integer type.  Found: Const:0 of dtype <dtype: \'float32\'>'),
    (lambda tf: tf.assert_scalar(tf.constant([1.0])), ValueError,
     "Expected scalar shape for Const:0, saw shape: (1,)."),
])
def test_static_failures(tf, make, cls, text):
    cls = getattr(tf.errors, cls) if isinstance(cls, str) else cls
    with pytest.raises(cls) as info:
        make(tf)
    assert str(info.value) == text


def test_static_success_returns_ops(tf):
    assert tf.assert_equal(tf.constant(1), tf.constant(1)).type in ("Assert", "NoOp")
    assert tf.assert_rank(tf.constant([1]), 1).name == "assert_rank/static_checks_determined_all_ok"
    assert tf.assert_type(tf.constant(1.0), tf.float32).type == "NoOp"
    assert tf.debugging.assert_equal is tf.assert_equal or callable(tf.debugging.assert_equal)


def test_check_numerics(tf):
    x = tf.placeholder(tf.float32, [None])
    checked = tf.check_numerics(x, "bad x")
    assert checked.name == "CheckNumerics:0"
    with tf.Session() as s:
        assert s.run(checked, {x: [1.0]}).tolist() == [1.0]
    for value, what in [([1.0, np.nan], "NaN"), ([1.0, np.inf], "Inf"),
                        ([np.inf, np.nan], "Inf and NaN")]:
        assert _failure(tf, checked, {x: value}) == "bad x : Tensor had %s values" % what


def test_add_check_numerics_ops(tf):
    x = tf.placeholder(tf.float32, [None])
    z = tf.log(x) * 2.0
    check = tf.add_check_numerics_ops()
    with tf.Session() as s:
        assert np.allclose(s.run([z, check], {x: [1.0, 2.0]})[0], [0.0, 1.38629], atol=1e-5)
    assert _failure(tf, [z, check], {x: [1.0, -2.0]}) == "Log:0 : Tensor had NaN values"


def test_add_check_numerics_ops_skips_variables_and_updates(tf):
    # recorded from TF 2.21 compat.v1: only float16/32/64 outputs are checked, not the ref
    # outputs of variables and Assign/Apply* ops, so running the check does not update again
    v = tf.Variable(1.0, name="v")
    loss = tf.square(v * 3.0)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    check = tf.add_check_numerics_ops()
    checked = {op.inputs[0].op.type for op in tf.get_default_graph().get_operations()
               if op.type == "CheckNumerics"}
    assert not checked & {"VariableV2", "ApplyGradientDescent", "Assign"}
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run([train, check])
        assert s.run(v) == pytest.approx(-0.8)  # one step: 1 - 0.1 * 18


def test_add_check_numerics_ops_refuses_control_flow(tf):
    x = tf.placeholder(tf.float32, [])
    tf.cond(x > 0, lambda: x * 2.0, lambda: -x)
    with pytest.raises(ValueError) as info:
        tf.add_check_numerics_ops()
    assert str(info.value) == (
        "`tf.add_check_numerics_ops() is not compatible with TensorFlow control flow operations "
        "such as `tf.cond()` or `tf.while_loop()`.")


def test_ensure_shape(tf):
    x = tf.placeholder(tf.float32, [None, None])
    e = tf.ensure_shape(x, [None, 3])
    assert str(e) == 'Tensor("EnsureShape:0", shape=(?, 3), dtype=float32)'
    with tf.Session() as s:
        assert s.run(e, {x: [[1, 2, 3]]}).tolist() == [[1, 2, 3]]
    message = _failure(tf, e, {x: [[1, 2]]})
    assert message.startswith("Shape of tensor ") and message.endswith(
        " [1,2] is not compatible with expected shape [?,3].")
    with pytest.raises(ValueError) as info:
        tf.ensure_shape(tf.zeros([2]), [3])
    assert str(info.value).startswith(
        "Dimension 0 in both shapes must be equal, but are 3 and 2. Shapes are [3] and [2].")
