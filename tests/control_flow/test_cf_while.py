"""tf.while_loop: names, nested loop variables, shape invariants, maximum_iterations, nested
loops, state updates and gradients through loops (expected values from TF)."""
import numpy as np
import pytest


def test_factorial_and_names(tf):
    n = tf.placeholder(tf.int32, [])
    i, fact = tf.while_loop(lambda i, acc: i <= n, lambda i, acc: (i + 1, acc * i),
                            [tf.constant(1), tf.constant(1)])
    assert (i.name, fact.name) == ("while/Exit:0", "while/Exit_1:0")
    with tf.Session() as sess:
        assert [int(sess.run(fact, {n: k})) for k in (0, 1, 5, 6)] == [1, 1, 120, 720]


def test_loop_var_names_seen_by_cond_and_body(tf):
    seen = []

    def cond(i):
        seen.append(i.name)
        return i < 10

    def body(i):
        seen.append(i.name)
        return i + 1

    r = tf.while_loop(cond, body, [tf.constant(0)])
    assert seen == ["while/Merge:0", "while/Identity:0"] and r.name == "while/Exit:0"
    single = tf.while_loop(lambda i: i < 10, lambda i: (i + 1,), (tf.constant(0),))
    same = tf.while_loop(lambda i: i < 10, lambda i: (i + 1,), (tf.constant(0),),
                         return_same_structure=True)
    assert single.name == "while_1/Exit:0" and isinstance(same, tuple)


def test_shape_invariants(tf):
    grow = lambda v: tf.concat([v, tf.shape(v)], 0)  # noqa: E731
    r = tf.while_loop(lambda v: tf.size(v) < 5, grow, [tf.constant([7])],
                      shape_invariants=[tf.TensorShape([None])])
    assert str(r.shape) == "(?,)"
    with tf.Session() as s:
        assert s.run(r).tolist() == [7, 1, 2, 3, 4]
    with pytest.raises(ValueError) as info:
        tf.while_loop(lambda v: tf.size(v) < 5, grow, [tf.constant([0], name="start")])
    assert str(info.value) == (
        "Input tensor 'start:0' enters the loop with shape (1,), but has shape (2,) after one "
        "iteration. To allow the shape to vary across iterations, use the `shape_invariants` "
        "argument of tf.while_loop to specify a less-specific shape.")
    with pytest.raises(ValueError) as info:
        tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(1, name="one")],
                      shape_invariants=[tf.TensorShape([3])])
    assert str(info.value) == (
        "The shape invariant specified for one:0 is not compatible with the initial shape of the "
        "loop variable. It enters the loop with shape (), but the specified shape invariant is "
        "(3,).")


def test_maximum_iterations(tf):
    r = tf.while_loop(lambda i: i < 100, lambda i: i + 3, [0], maximum_iterations=4)
    r2 = tf.while_loop(lambda i, j: i < 100, lambda i, j: (i + 3, j * 2), (0, 1),
                       maximum_iterations=tf.constant(5))
    assert [r.name, r2[0].name, r2[1].name] == ["while/Exit_1:0", "while_1/Exit_1:0",
                                                "while_1/Exit_2:0"]
    with tf.Session() as s:
        assert s.run([r, r2]) == [12, (15, 32)]


def test_nested_loops_capture_outer_values(tf):
    n = tf.placeholder(tf.int32, [])

    def outer_body(i, total):
        _, inner = tf.while_loop(lambda j, acc: j < i, lambda j, acc: (j + 1, acc + j * n),
                                 [0, 0])
        return i + 1, total + inner

    r = tf.while_loop(lambda i, t: i < 5, outer_body, [0, 0])
    with tf.Session() as s:
        assert list(s.run(r, {n: 3})) == [5, 30]


def test_nested_structure_loop_vars(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    (out,) = tf.while_loop(
        lambda s: s["i"] < 3,
        lambda s: ({"i": s["i"] + 1, "acc": (s["acc"][0] * 2, s["acc"][1] + 1)},),
        [{"i": 0, "acc": (x, tf.constant(0))}])
    assert str(out["acc"][0].shape) == "(?, 3)"
    with tf.Session() as s:
        got = s.run(out, {x: [[1, 2, 3]]})
    assert got["i"] == 3 and got["acc"][0].tolist() == [[8, 16, 24]] and got["acc"][1] == 3


def test_assignments_inside_the_body_run_every_iteration(tf):
    v = tf.Variable(0)

    def body(i):
        with tf.control_dependencies([tf.assign_add(v, i)]):
            return i + 1

    r = tf.while_loop(lambda i: i < 5, body, [0])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert [s.run(r), s.run(v), s.run(r), s.run(v)] == [5, 10, 5, 20]


def test_gradient_through_loop(tf):
    x = tf.placeholder(tf.float32, [])
    n = tf.placeholder(tf.int32, [])
    _, y = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a * a), [0, x])
    g = tf.gradients(y, x)[0]
    with tf.Session() as s:
        got = [s.run([y, g], {x: 1.5, n: k}) for k in (0, 1, 3)]
    assert np.allclose(got, [[1.5, 1.0], [2.25, 3.0], [25.62890625, 136.6875]])


def test_training_a_recurrence_with_variables_made_in_the_body(tf):
    xs = tf.placeholder(tf.float32, [4, 3, 2])

    def body(t, h):
        with tf.variable_scope("cell", reuse=tf.AUTO_REUSE):
            w = tf.get_variable("w", [2, 2], initializer=tf.constant_initializer(0.1))
            u = tf.get_variable("u", [2, 2], initializer=tf.constant_initializer(0.2))
        return t + 1, tf.tanh(tf.matmul(xs[t], w) + tf.matmul(h, u))

    _, h = tf.while_loop(lambda t, h: t < 4, body, [0, tf.zeros([3, 2])])
    loss = tf.reduce_sum(h * h)
    variables = tf.trainable_variables()
    assert [v.name for v in variables] == ["cell/w:0", "cell/u:0"]
    grads = tf.gradients(loss, variables)
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    data = np.linspace(-1, 1, 24).reshape(4, 3, 2).astype(np.float32)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        l0, (gw, gu) = s.run([loss, grads], {xs: data})
        for _ in range(3):
            s.run(train, {xs: data})
        l3, w, u = s.run([loss] + variables, {xs: data})
    assert np.isclose(l0, 0.16098, atol=1e-5)
    assert np.allclose(gw, [[0.72324, 0.72324], [0.85219, 0.85219]], atol=1e-5)
    assert np.allclose(gu, [[-0.04193, -0.04193], [-0.04193, -0.04193]], atol=1e-5)
    assert np.isclose(l3, 5.39211, atol=1e-4)
    assert np.allclose(w, [[-0.16044, -0.16044], [-0.25447, -0.25447]], atol=1e-5)
    assert np.allclose(u, [[1.21226, 1.21226], [1.21226, 1.21226]], atol=1e-5)


@pytest.mark.parametrize("make, cls, text", [
    (lambda tf: tf.while_loop(lambda i: i < 10, lambda i: (i, i), [tf.constant(0)]), ValueError,
     "The two structures don't have the same nested structure."),
    (lambda tf: tf.while_loop(lambda i: i < 10, lambda i: i, []), ValueError,
     "'loop_vars' must be provided."),
    (lambda tf: tf.while_loop(lambda i: i < 10, 3, [1]), TypeError, "'body' must be callable."),
    (lambda tf: tf.while_loop(lambda i: 4, lambda i: i, [1]), TypeError,
     "Input 'input' of 'LoopCond' Op has type int32 that does not match expected type of bool."),
])
def test_while_build_errors(tf, make, cls, text):
    with pytest.raises(cls) as info:
        make(tf)
    assert str(info.value).startswith(text)


def test_back_prop_false_and_parallel_iterations_accepted(tf):
    x = tf.placeholder(tf.float32, [])
    r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0), [0, x],
                      back_prop=False, parallel_iterations=1, swap_memory=True)
    with tf.Session() as s:
        assert s.run(r, {x: 1.0})[1] == 8.0


@pytest.mark.tfcompat_only
def test_while_is_one_op():
    import tfcompat as tf
    with tf.Graph().as_default():
        r = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0])
        assert r.op.type == "Identity" and r.op.inputs[0].op.type == "StatelessWhile"
        loop_var = r.graph.get_tensor_by_name("while/Identity:0")
        with tf.Session() as s:
            with pytest.raises(tf.errors.InvalidArgumentError):
                s.run(loop_var)   # exists only inside the loop


def test_only_the_loop_variables_a_fetch_needs_run(tf):
    # TF prunes a loop per fetch: the body ops of variables nothing fetched depends on do not
    # run, so their updates do not happen and their seeded random ops do not advance
    tf.set_random_seed(1)
    v = tf.Variable(0.0, use_resource=True)

    def body(i, a, b, c, r):
        with tf.control_dependencies([v.assign_add(1.0)]):
            c2 = c + 1.0
        return i + 1, a + 2.0 * b, b + 1.0, c2, r + tf.random_uniform([2], seed=3)

    i, a, b, c, r = tf.while_loop(lambda i, *_: i < 3, body,
                                  [tf.constant(0), tf.constant(0.0), tf.constant(1.0),
                                   tf.constant(0.0), tf.zeros([2])])
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(a) == 12.0          # a needs b (and i, for the condition)
        assert sess.run(v) == 0.0           # c's update did not run
        assert sess.run(c) == 3.0 and sess.run(v) == 3.0
        assert sess.run(i) == 3 and sess.run(v) == 3.0
        np.testing.assert_allclose(sess.run(r), [1.624023, 1.6787189], rtol=1e-6)
        np.testing.assert_allclose(sess.run(r), [1.1372708, 0.7715088], rtol=1e-6)
        assert sess.run(v) == 3.0           # nor for r
