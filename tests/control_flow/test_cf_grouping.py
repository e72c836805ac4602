"""control_dependencies, tf.group, tf.tuple and tf.identity ordering side effects (from TF)."""


def test_identity_under_control_dependencies_reads_after_the_update(tf):
    count = tf.Variable(0)
    inc = tf.assign_add(count, 2)
    with tf.control_dependencies([inc]):
        read = tf.identity(count)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [int(sess.run(read)) for _ in range(3)] == [2, 4, 6]
        assert sess.run(count) == 6


def test_group_and_tuple(tf):
    v = tf.Variable(1.0)
    u = tf.assign(v, v * 2)
    t = tf.tuple([tf.constant(3.0), u])
    gr = tf.group(tf.assign_add(v, 1.0), tf.assign_add(v, 1.0))
    assert [gr.name, gr.type, t[0].name, t[1].name] == [
        "group_deps", "NoOp", "tuple/control_dependency:0", "tuple/control_dependency_1:0"]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(t) == [3.0, 2.0]
        s.run(gr)
        assert s.run(v) == 4.0


def test_empty_group_and_named_group(tf):
    assert tf.group().type == "NoOp"
    assert tf.group(tf.constant(1), name="train").name == "train"
