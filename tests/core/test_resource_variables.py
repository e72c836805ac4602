"""Resource variables from the Python API (`use_resource=True`, `variable_scope(use_resource=
True)`, `tf.enable_resource_variables()`): the graph TF builds, read/write semantics, control
flow and gradients. Expected values, names and texts were recorded from TF 2.21 compat.v1
(`disable_v2_behavior`), the stand-in for TF 1.15; run against it with
TFCOMPAT_TEST_AGAINST_TF=1."""
import numpy as np
import pytest


def _ops(graph):
    return [(op.name, op.type, [t.name for t in op.inputs], [c.name for c in op.control_inputs])
            for op in graph.get_operations()]


def test_get_variable_builds_tf_graph(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
    assert repr(v) == "<tf.Variable 'v:0' shape=(2,) dtype=float32>"
    assert type(v).__name__ == "ResourceVariable"
    assert (v.name, v.op.type, v.dtype, v.shape.as_list()) == ("v:0", "VarHandleOp",
                                                                tf.float32, [2])
    assert (v.handle.name, v.handle.dtype) == ("v:0", tf.resource)
    assert v.initializer.name == "v/Assign"
    assert v.initial_value.name == "v/Initializer/initial_value:0"
    assert _ops(tf.get_default_graph()) == [
        ("v/Initializer/initial_value", "Const", [], []),
        ("v", "VarHandleOp", [], []),
        ("v/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp", ["v:0"], []),
        ("v/Assign", "AssignVariableOp", ["v:0", "v/Initializer/initial_value:0"], []),
        ("v/Read/ReadVariableOp", "ReadVariableOp", ["v:0"], [])]
    assert v.op.get_attr("shared_name") in (b"v", "v")
    assert v in tf.global_variables() and v in tf.trainable_variables()


@pytest.mark.tfcompat_only
def test_resource_variable_is_a_tf_variable(tf):
    # TF 1.15's BaseResourceVariable subclasses VariableV1 (TF 2.21's compat.v1 no longer does)
    assert isinstance(tf.get_variable("v", shape=[], use_resource=True), tf.Variable)


def test_tf_variable_kinds_follow_use_resource(tf):
    ref = tf.Variable(1.0, name="ref")
    res = tf.Variable([3.0, 4.0], name="w", use_resource=True)
    with tf.variable_scope("s", use_resource=True):
        scoped = tf.Variable(1.0, name="a")
        got = tf.get_variable("b", shape=[2])
    assert type(ref).__name__ in ("Variable", "RefVariable")
    assert ref.dtype._is_ref_dtype
    assert [type(x).__name__ for x in (res, scoped, got)] == ["ResourceVariable"] * 3
    assert res.initial_value.name == "w/Initializer/initial_value:0"
    assert got.name == "s/b:0"


def test_enable_resource_variables_switch(tf):
    assert not tf.resource_variables_enabled()
    tf.enable_resource_variables()
    try:
        assert tf.resource_variables_enabled()
        assert type(tf.Variable(1.0, name="a")).__name__ == "ResourceVariable"
        assert type(tf.get_variable("b", shape=[])).__name__ == "ResourceVariable"
        ref = tf.get_variable("c", shape=[], use_resource=False)
        assert ref.dtype._is_ref_dtype
    finally:
        tf.disable_resource_variables()
    assert not tf.resource_variables_enabled()
    assert tf.Variable(1.0, name="d").dtype._is_ref_dtype


def test_reads_are_new_read_ops(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
    a = v + 1
    assert a.op.inputs[0].op.type == "ReadVariableOp"
    assert a.op.inputs[0].name == "ReadVariableOp:0"
    r = v.read_value()
    assert (r.op.type, r.op.inputs[0].name) == ("Identity", "Read/ReadVariableOp:0")
    c = tf.convert_to_tensor(v)
    assert c.op.type == "ReadVariableOp"
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
        np.testing.assert_array_equal(sess.run(a), [2.0, 3.0])
        np.testing.assert_array_equal(v.eval(), [1.0, 2.0])
        v.load([7.0, 8.0], sess)
        np.testing.assert_array_equal(sess.run(c), [7.0, 8.0])


def test_read_after_assign_sees_the_write(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
    with tf.control_dependencies([v.assign([2.0, 2.0])]):
        r = v.read_value()
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(r), [2.0, 2.0])


def test_writes_return_unread_variables(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
    x = v.assign([5.0, 6.0])
    assert repr(x) == "<tf.Variable 'AssignVariableOp' shape=(2,) dtype=float32>"
    assert x.op.type == "AssignVariableOp"
    y = v.assign([5.0, 6.0], read_value=False)
    assert (type(y).__name__, y.name) == ("Operation", "AssignVariableOp_1")
    z = v.assign_add([1.0, 1.0])
    t = tf.assign(v, [1.0, 1.0])
    s = v.scatter_update(tf.IndexedSlices([9.0], [0]))
    sl = v[1:2].assign([7.0])
    su = tf.scatter_update(v, [0], [3.0])
    assert (z.name, t.name, s.name, sl.name, su.name) == (
        "AssignAddVariableOp", "AssignVariableOp_2", "ResourceScatterUpdate",
        "strided_slice/_assign", "ResourceScatterUpdate_1")
    assert sl.op.type == "ResourceStridedSliceAssign"
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(x), [5.0, 6.0])
        np.testing.assert_array_equal(sess.run(z), [6.0, 7.0])
        np.testing.assert_array_equal(sess.run(s), [9.0, 7.0])
        np.testing.assert_array_equal(sess.run(sl), [9.0, 7.0])
        np.testing.assert_array_equal(sess.run(su), [3.0, 7.0])
        np.testing.assert_array_equal(sess.run(v.assign_sub([1.0, 1.0])), [2.0, 6.0])
        np.testing.assert_array_equal(sess.run(x.assign_add([1.0, 1.0])), [6.0, 7.0])


def test_sparse_reads_and_embedding_lookup(tf):
    v = tf.get_variable("v", initializer=[[1.0, 2.0], [3.0, 4.0]], use_resource=True)
    g = v.sparse_read([1])
    e = tf.nn.embedding_lookup(v, [1, 0])
    assert (g.op.name, g.op.type) == ("Gather", "ResourceGather")
    assert e.name == "embedding_lookup/Identity:0"
    assert e.op.inputs[0].op.type == "ResourceGather"
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(g), [[3.0, 4.0]])
        np.testing.assert_array_equal(sess.run(e), [[3.0, 4.0], [1.0, 2.0]])


def test_count_up_to(tf):
    v = tf.get_variable("c", initializer=0, use_resource=True)
    up = v.count_up_to(2)
    assert up.op.type == "ResourceCountUpTo"
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert [sess.run(up), sess.run(up)] == [0, 1]
        with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
            sess.run(up)


def test_uninitialized_read_fails(tf):
    v = tf.get_variable("v", initializer=[1.0], use_resource=True)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess.run(v)
        assert not sess.run(tf.is_variable_initialized(v))
        sess.run(tf.global_variables_initializer())
        assert sess.run(tf.is_variable_initialized(v))
        assert list(sess.run(tf.report_uninitialized_variables())) == []


def test_errors(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
    with pytest.raises(ValueError, match="Shape mismatch"):
        v.assign([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="must be a `tf.IndexedSlices`"):
        v.scatter_add([1.0])
    with pytest.raises(ValueError, match="Incompatible type conversion"):
        tf.convert_to_tensor(v, dtype=tf.int32)
    with pytest.raises(RuntimeError, match=r"`variable \+= value` with `tf.Variable`s"):
        v += 1


def test_to_proto_and_from_proto(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
    proto = v.to_proto()
    assert (proto.variable_name, proto.initializer_name, proto.snapshot_name) == (
        "v:0", "v/Assign", "v/Read/ReadVariableOp:0")
    assert proto.is_resource and proto.trainable
    assert proto.initial_value_name == "v/Initializer/initial_value:0"
    # recorded from TF: the VariableDef's bytes
    assert proto.SerializeToString() == (b"\n\x03v:0\x12\x08v/Assign\x1a\x17v/Read/ReadVariableOp"
                                         b":0(\x012\x1dv/Initializer/initial_value:08\x01")
    again = type(v).from_proto(proto)
    assert again.name == "v:0" and again.initializer is v.initializer
    assert again.dtype == tf.float32


def test_cond_reads_and_writes(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
    p = tf.placeholder(tf.bool, [])
    c = tf.cond(p, lambda: tf.identity(v.assign_add([1.0, 1.0])),
                lambda: v.read_value() * 2)
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(c, {p: True}), [2.0, 3.0])
        np.testing.assert_array_equal(sess.run(c, {p: False}), [4.0, 6.0])


def test_while_loop_reads_after_each_write(tf):
    v = tf.get_variable("v", initializer=[2.0, 3.0], use_resource=True)

    def body(i, acc):
        with tf.control_dependencies([v.assign_add([1.0, 1.0])]):
            return i + 1, acc + v.read_value()
    # parallel_iterations=1: TF may run later iterations' writes before a read otherwise
    loop = tf.while_loop(lambda i, a: i < 3, body, [tf.constant(0), tf.zeros([2])],
                         parallel_iterations=1)
    with tf.Session() as sess:
        sess.run(v.initializer)
        i, acc = sess.run(loop)
        assert i == 3
        np.testing.assert_array_equal(acc, [12.0, 15.0])
        np.testing.assert_array_equal(sess.run(v), [5.0, 6.0])


def test_gradients_sum_over_reads(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0, 3.0], use_resource=True)
    loss = tf.reduce_sum(v * v) + tf.reduce_sum(v)
    g, = tf.gradients(loss, v)
    e = tf.nn.embedding_lookup(v, [0, 2, 0])
    gs, = tf.gradients(tf.reduce_sum(e * e), v)
    gm, = tf.gradients(tf.reduce_sum(e) + tf.reduce_sum(v), v)
    gz, = tf.gradients(tf.constant(1.0), v, unconnected_gradients="zero")
    assert tf.gradients(tf.constant(1.0), v) == [None]
    assert isinstance(gs, tf.IndexedSlices)
    assert gs.dense_shape.op.type == "Const"
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(g), [3.0, 5.0, 7.0])
        sliced = sess.run(gs)
        np.testing.assert_array_equal(sliced.values, [2.0, 6.0, 2.0])
        np.testing.assert_array_equal(sliced.indices, [0, 2, 0])
        np.testing.assert_array_equal(sliced.dense_shape, [3])
        np.testing.assert_array_equal(sess.run(gm), [3.0, 1.0, 2.0])
        np.testing.assert_array_equal(sess.run(gz), [0.0, 0.0, 0.0])


def test_gradients_through_cond_and_while(tf):
    v = tf.get_variable("v", initializer=[5.0, 6.0], use_resource=True)
    p = tf.placeholder(tf.bool, [])
    gc, = tf.gradients(tf.reduce_sum(tf.cond(p, lambda: v * 3.0, lambda: v * v)), v)

    def body(i, acc):
        return i + 1, acc + v * v
    loop = tf.while_loop(lambda i, a: i < 3, body, [tf.constant(0), tf.zeros([2])])
    gw, = tf.gradients(tf.reduce_sum(loop[1]), v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(gc, {p: True}), [3.0, 3.0])
        np.testing.assert_array_equal(sess.run(gc, {p: False}), [10.0, 12.0])
        np.testing.assert_array_equal(sess.run(gw), [30.0, 36.0])


def test_partitioned_resource_variable(tf):
    emb = tf.get_variable("emb", shape=[6, 2], initializer=tf.ones_initializer(),
                          partitioner=tf.fixed_size_partitioner(2), use_resource=True)
    parts = list(emb)
    assert [(type(p).__name__, p.name) for p in parts] == [
        ("ResourceVariable", "emb/part_0:0"), ("ResourceVariable", "emb/part_1:0")]
    e = tf.nn.embedding_lookup(emb, [0, 5, 3])
    train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(e * e))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        np.testing.assert_array_equal(sess.run(parts[0]), [[0, 0], [1, 1], [1, 1]])
        np.testing.assert_array_equal(sess.run(parts[1]), [[1, 1], [0, 0], [0, 0]])


def test_creation_options(tf):
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True,
                        caching_device="/cpu:0")
    assert v.value().name == "v/Read/Identity:0"
    assert v.to_proto().snapshot_name == "v/Read/Identity:0"
    w = tf.Variable(lambda: tf.ones([2]), name="w", use_resource=True)
    assert w.initial_value.name == "w/Initializer/ones:0"
    u = tf.Variable(tf.placeholder_with_default([1.0, 2.0, 3.0], [None]), name="u",
                    validate_shape=False, use_resource=True)
    assert u.shape.as_list() == [None]
    x = tf.Variable(3, name="x", use_resource=True, trainable=False)
    assert x not in tf.trainable_variables() and x in tf.global_variables()
    assert x.dtype == tf.int32
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([v, w, u, x])
    np.testing.assert_array_equal(got[0], [1.0, 2.0])
    np.testing.assert_array_equal(got[1], [1.0, 1.0])
    np.testing.assert_array_equal(got[2], [1.0, 2.0, 3.0])
    assert got[3] == 3


@pytest.mark.tfcompat_only
def test_gather_of_a_write_follows_it(tf):
    # TF's _UnreadVariable.sparse_read does not wait for its write (the gather may see the
    # rows before it); tfcompat's does, as the write's other reads do
    m = tf.get_variable("m", initializer=[[0.0], [0.0]], use_resource=True)
    rows = tf.gather(tf.scatter_update(m, [1], [[5.0]]), [1])
    with tf.Session() as sess:
        sess.run(m.initializer)
        np.testing.assert_array_equal(sess.run(rows), [[5.0]])
