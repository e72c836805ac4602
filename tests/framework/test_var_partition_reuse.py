"""get_variable with and without a partitioner on a name already stored the other way, the
template's message for new trainable variables, where a resource variable's read is named and
how often a scope's regularizer runs. Recorded from TF 2.21 compat.v1."""
import pytest


def _fs2(tf):
    return tf.get_variable("w", [7, 3], partitioner=tf.fixed_size_partitioner(2))


def test_no_partitioner_on_partitioned_name_is_refused(tf):
    _fs2(tf)
    with pytest.raises(ValueError, match="No partitioner was provided, but a partitioned version "
                       "of the variable was found: w/part_0. Perhaps a variable of the same "
                       "name was already created with partitioning?"):
        tf.get_variable("w", [7, 3])
    assert [v.name for v in tf.global_variables()] == ["w/part_0:0", "w/part_1:0"]


def test_reuse_without_partitioner_returns_the_partitioned_variable(tf):
    pv = _fs2(tf)
    with tf.variable_scope("", reuse=True):
        again = tf.get_variable("w", [7, 3])
        no_shape = tf.get_variable("w")
        assert again is pv and no_shape is pv
        with pytest.raises(ValueError, match=r"Trying to reuse partitioned variable w, but "
                           r"specified shape \(8, 3\) and found shape \(7, 3\)."):
            tf.get_variable("w", [8, 3])


def test_reuse_with_another_partitioner_names_both_partitionings(tf):
    _fs2(tf)
    with tf.variable_scope("", reuse=True):
        assert tf.get_variable("w", [7, 3], partitioner=tf.fixed_size_partitioner(2)).name == "w"
        with pytest.raises(ValueError, match=r"Trying to reuse partitioned variable w, but "
                           r"specified partitions \[3, 1\] and found partitions \[2, 1\]."):
            tf.get_variable("w", [7, 3], partitioner=tf.fixed_size_partitioner(3))


def test_reusing_a_missing_partitioned_variable(tf):
    with tf.variable_scope("", reuse=True):
        with pytest.raises(ValueError, match="PartitionedVariable q does not exist"):
            tf.get_variable("q", [4], partitioner=tf.fixed_size_partitioner(2))


def test_shards_left_by_another_partitioning(tf):
    tf.get_variable("s/part_0", [2])
    tf.get_variable("s/part_1", [2])
    with pytest.raises(ValueError, match="Partitioner returned a different partitioning than what "
                       "was already found.  Partitioner returned 3 shards, and shard s/part_0 "
                       "was found, but s/part_2 was not."):
        tf.get_variable("s", [6], partitioner=tf.fixed_size_partitioner(3))
    with pytest.raises(ValueError, match="Partitioner returned 1 shards, and shard s/part_0 was "
                       "found, but so was the extra shard s/part_1."):
        tf.get_variable("s", [6], partitioner=tf.fixed_size_partitioner(1))
    with pytest.raises(ValueError, match="Variable s/part_0 already exists, disallowed."):
        tf.get_variable("s", [4], partitioner=tf.fixed_size_partitioner(2))


def test_template_message_lists_the_new_variables(tf):
    t = tf.make_template("noisy", lambda x: x + tf.Variable(1.0, name="v"))
    t(tf.ones([1]))
    with pytest.raises(ValueError) as info:
        t(tf.ones([1]))
    assert str(info.value).split("\n")[0] == (
        "Trainable variable created when calling a template after the first time, perhaps you "
        "used tf.Variable when you meant tf.get_variable: [<tf.Variable 'noisy_1/v:0' shape=() "
        "dtype=float32_ref>]")


def _reads(tf, fn):
    g = tf.get_default_graph()
    start = len(g.get_operations())
    out = fn()
    return out.name, [op.name for op in g.get_operations()[start:]]


def test_resource_variable_reads_are_named_as_tf_converts_them(tf):
    v = tf.get_variable("v", initializer=tf.constant([[1.0, 2.0], [3.0, 4.0]]),
                        use_resource=True)
    assert _reads(tf, lambda: tf.identity(v)) == ("Identity:0", ["Identity/ReadVariableOp",
                                                                 "Identity"])
    assert _reads(tf, lambda: tf.reduce_sum(v)) == ("Sum:0", ["Const_1", "Sum/ReadVariableOp",
                                                              "Sum"])
    assert _reads(tf, lambda: tf.reduce_mean(v, 0)) == (
        "Mean:0", ["Mean/ReadVariableOp", "Mean/reduction_indices", "Mean"])
    assert _reads(tf, lambda: tf.add_n([v, v])) == ("AddN:0", ["ReadVariableOp",
                                                               "ReadVariableOp_1", "AddN"])


def test_add_n_converts_lists_before_its_scope(tf):
    assert _reads(tf, lambda: tf.add_n([[1., 2.], [3., 4.]])) == ("AddN:0", ["Const", "Const_1",
                                                                             "AddN"])
    with tf.Session() as sess:
        assert sess.run(tf.add_n([tf.ones([2]), [3., 4.]])).tolist() == [4.0, 5.0]


def test_identity_of_ref_variable_reads_its_snapshot(tf):
    v = tf.Variable([1.0, 2.0], name="r")
    out = tf.identity(v)
    assert [t.name for t in out.op.inputs] == ["r/read:0"] and out.dtype == tf.float32
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(out).tolist() == [1.0, 2.0]


@pytest.mark.tfcompat_only
def test_scope_regularizer_runs_once(tf):
    calls = []

    def reg(x):
        calls.append(x.name)
        return tf.reduce_sum(x) * 0.5
    with tf.variable_scope("R", regularizer=reg):
        tf.get_variable("a", [2])
    assert calls == ["R/a:0"]
    names = [op.name for op in tf.get_default_graph().get_operations() if op.type == "Mul"]
    assert names == ["R/a/Initializer/random_uniform/mul", "R/a/Regularizer/mul"]


@pytest.mark.tfcompat_only
def test_resource_variable_initialized_value(tf):
    v = tf.Variable([1.0, 2.0], name="rv", use_resource=True)
    w = tf.Variable(v.initialized_value() * 2.0, name="w", use_resource=True)
    with tf.Session() as sess:
        sess.run(w.initializer)
        assert sess.run(w).tolist() == [2.0, 4.0]
