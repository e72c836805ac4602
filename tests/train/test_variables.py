"""tf.Variable: TF1 names and reprs, initial values of every kind, the uninitialized-use error,
assign ops and scatter updates, collections and initializers, per-session state.
Expected values were checked against real TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


def test_names_repr_and_ops(tf):
    v = tf.Variable([1, 2, 3], name="v")
    assert repr(v) == "<tf.Variable 'v:0' shape=(3,) dtype=int32_ref>"
    assert v.name == "v:0" and v.op.name == "v" and v.op.type == "VariableV2"
    assert v.dtype.name == "int32_ref" and v.dtype.base_dtype == tf.int32
    assert v.initializer.name == "v/Assign"
    assert v.value().name == "v/read:0" and v.initial_value.name == "v/initial_value:0"
    assert v.shape.as_list() == [3] and v.get_shape().as_list() == [3]
    assert v.graph is tf.get_default_graph()
    assert (v + 1).op.inputs[0].name == "v/read:0"
    assert v.read_value().name == "read:0"


def test_initial_value_kinds(tf):
    a = tf.Variable(np.arange(4, dtype=np.float64).reshape(2, 2), name="a")
    b = tf.Variable(lambda: tf.ones([2]), name="b")
    c = tf.Variable(3.0, dtype=tf.float64)
    d = tf.Variable(tf.constant([5, 6]) * 2)
    assert a.dtype.name == "float64_ref" and b.initial_value.name == "b/Initializer/ones:0"
    assert c.name == "Variable:0" and d.name == "Variable_1:0"
    assert c.dtype.base_dtype == tf.float64
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        va, vb, vc, vd = sess.run([a, b, c, d])
    np.testing.assert_array_equal(va, [[0, 1], [2, 3]])
    np.testing.assert_array_equal(vb, [1, 1])
    assert vc == 3.0 and vc.dtype == np.float64
    np.testing.assert_array_equal(vd, [10, 12])


def test_validate_shape_false_and_unknown_shape_error(tf):
    p = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError, match="initial_value must have a shape specified"):
        tf.Variable(p)
    v = tf.Variable(tf.zeros([2]), validate_shape=False, name="loose")
    assert v.shape.ndims is None
    grow = tf.assign(v, tf.zeros([3]), validate_shape=False)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(grow).shape == (3,)
        assert sess.run(v).shape == (3,)


def test_uninitialized_error(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError,
                           match="Attempting to use uninitialized value v"):
            sess.run(v + 1)
        assert list(sess.run(tf.report_uninitialized_variables())) == [b"v"]
        assert not sess.run(tf.is_variable_initialized(v))
        sess.run(v.initializer)
        assert sess.run(tf.is_variable_initialized(v))
        assert sess.run(tf.report_uninitialized_variables()).shape == (0,)


def test_assign_ops_in_a_loop(tf):
    v = tf.Variable([1, 1, 1], name="v")
    m = tf.Variable([[0.5, 1.5]], name="m")
    grow = tf.assign(v, v * 2)
    shrink = m.assign_sub([[0.25, 0.25]])
    add = tf.assign_add(m, [[1.0, 1.0]])
    assert grow.name == "Assign:0" and grow.dtype.name == "int32_ref"
    assert shrink.op.type == "AssignSub" and add.op.type == "AssignAdd"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [sess.run(grow).tolist() for _ in range(3)] == [[2, 2, 2], [4, 4, 4], [8, 8, 8]]
        np.testing.assert_allclose(sess.run(shrink), [[0.25, 1.25]])
        np.testing.assert_allclose(sess.run(add), [[1.25, 2.25]])
        assert m.assign([[0.0, 0.0]], read_value=False).type == "Assign"


def test_assign_shape_errors(tf):
    v = tf.Variable([1, 2, 3], name="v")
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 3 "
                                         "and 2. Shapes are \\[3\\] and \\[2\\]"):
        tf.assign(v, [1, 2])
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal"):
        tf.assign_add(v, [1, 2])


def test_scatter_updates(tf):
    v = tf.Variable([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], name="v")
    up = tf.scatter_update(v, [0, 2], [[9.0, 9.0], [8.0, 8.0]])
    add = tf.scatter_add(v, [1, 1], [[1.0, 2.0], [3.0, 4.0]])
    sub = tf.scatter_sub(v, [2], [[0.5, 0.5]])
    assert up.name == "ScatterUpdate:0" and up.dtype.name == "float32_ref"
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_allclose(sess.run(up), [[9, 9], [2, 2], [8, 8]])
        np.testing.assert_allclose(sess.run(add), [[9, 9], [6, 8], [8, 8]])
        np.testing.assert_allclose(sess.run(sub), [[9, 9], [6, 8], [7.5, 7.5]])


def test_collections_and_initializers(tf):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", trainable=False)
    c = tf.Variable(3.0, name="c", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    assert [v.name for v in tf.global_variables()] == ["a:0", "b:0"]
    assert [v.name for v in tf.trainable_variables()] == ["a:0", "c:0"]
    assert [v.name for v in tf.local_variables()] == ["c:0"]
    init = tf.global_variables_initializer()
    local = tf.local_variables_initializer()
    assert init.name == "init" and init.type == "NoOp" and local.name == "init_1"
    assert sorted(op.name for op in init.control_inputs) == ["a/Assign", "b/Assign"]
    with tf.Session() as sess:
        sess.run([init, local])
        assert sess.run([a, b, c]) == [1.0, 2.0, 3.0]
        sess.run(tf.variables_initializer([a]))


def test_two_sessions_are_independent(tf):
    v = tf.Variable(0, name="counter")
    inc = tf.assign_add(v, 1)
    s1, s2 = tf.Session(), tf.Session()
    s1.run(v.initializer)
    s2.run(v.initializer)
    for _ in range(3):
        s1.run(inc)
    assert s1.run(v) == 3 and s2.run(v) == 0
    s1.close()
    s2.close()


def test_load_eval_and_initialized_value(tf):
    w = tf.Variable(tf.ones([2]) * 3, name="w")
    u = tf.Variable(w * 2, name="u")
    z = tf.Variable(w.initialized_value() + 1, name="z")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run([w, u, z]), [[3, 3], [6, 6], [4, 4]])
        w.load([7.0, 8.0], sess)
        np.testing.assert_allclose(w.eval(session=sess), [7, 8])
        np.testing.assert_allclose(sess.run(w.initialized_value()), [7, 8])


def test_initialized_value_takes_tfs_names(tf):
    # TF 2.21 compat.v1: initialized_value() is cond(IsVariableInitialized(v), ...), its value
    # `cond/Merge:0`, so the program's own later cond is `cond_2` after two of them
    w = tf.Variable(tf.ones([2]), name="w")
    value = w.initialized_value()
    tf.Variable(w * 2, name="u")
    tf.Variable(w.initialized_value() + 1, name="z")
    c = tf.cond(tf.constant(True), lambda: tf.constant(1), lambda: tf.constant(2))
    assert str(value) == 'Tensor("cond/Merge:0", shape=(2,), dtype=float32)'
    assert c.name == "cond_2/Merge:0"
    assert tf.constant(0, name="IsVariableInitialized").name == "IsVariableInitialized_2:0"


def test_variable_operators_and_fetch_feed(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    m = tf.Variable([[1.0, 2.0]], name="m")
    exprs = [v + 1, 1 - v, v * v, v / 2, -v, v ** 2, m @ tf.ones([2, 1]), v[1], abs(v)]
    with tf.Session() as sess:
        sess.run([v.initializer, m.initializer])
        out = sess.run(exprs)
        assert sess.run(v * 10, {v: [3.0, 4.0]}).tolist() == [30.0, 40.0]
    np.testing.assert_allclose(out[0], [2, 3])
    np.testing.assert_allclose(out[1], [0, -1])
    np.testing.assert_allclose(out[2], [1, 4])
    np.testing.assert_allclose(out[3], [0.5, 1])
    np.testing.assert_allclose(out[4], [-1, -2])
    np.testing.assert_allclose(out[5], [1, 4])
    np.testing.assert_allclose(out[6], [[3]])
    assert out[7] == 2.0
    np.testing.assert_allclose(out[8], [1, 2])


def test_slice_assign_count_up_to_and_scatter_nd(tf):
    v = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="v")
    a = v[0, 1:].assign([9.0, 8.0])
    b = v[:, 0].assign([7.0, 7.0])
    c = tf.Variable(0, name="c")
    up = c.count_up_to(2)
    n = tf.Variable([[1, 2], [3, 4]], name="n")
    sn = tf.scatter_nd_update(n, [[0, 1], [1, 0]], [10, 20])
    assert a.name == "strided_slice/_assign:0" and a.op.type == "StridedSliceAssign"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(a), [[1, 9, 8], [4, 5, 6]])
        np.testing.assert_allclose(sess.run(b), [[7, 9, 8], [7, 5, 6]])
        np.testing.assert_array_equal(sess.run(sn), [[1, 10], [20, 4]])
        assert [sess.run(up), sess.run(up)] == [0, 1]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(up)
        assert sess.run(c) == 2
