"""Tricky semantics of issue 12's framework names: partitioned variables and their checkpoints,
priority queues, gradient accumulators, GradientTape in graph mode, make_template, type specs,
maybe_batch, containers and variable creators. Expected values were recorded from TF 2.21
compat.v1 (graph mode); with TFCOMPAT_TEST_AGAINST_TF=1 the same tests run against TF."""
import os

import numpy as np
import pytest


def test_partitioned_variable_shards_and_concat(tf):
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable("w", initializer=tf.constant(np.arange(40, dtype=np.float32)
                                                         .reshape(10, 4)))
    assert [v.name for v in w] == ["s/w/part_0:0", "s/w/part_1:0", "s/w/part_2:0"]
    assert [v._save_slice_info.spec for v in w] == ["10 4 0,4:0,4", "10 4 4,3:0,4",
                                                    "10 4 7,3:0,4"]
    whole = tf.convert_to_tensor(w)
    assert (whole.op.name, whole.op.type) == ("s/w", "Identity")
    assert whole.op.inputs[0].op.name == "s/w/ConcatPartitions/concat"
    rows = tf.nn.embedding_lookup(w, [0, 5, 9])  # "mod" over the shards, as TF
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(whole), np.arange(40).reshape(10, 4))
        # id i is row i // 3 of shard i % 3
        np.testing.assert_array_equal(sess.run(rows), [[0, 1, 2, 3], [32, 33, 34, 35],
                                                       [12, 13, 14, 15]])


def test_partitioned_checkpoint_keeps_the_full_name(tf, tmp_path):
    with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(2)):
        w = tf.get_variable("w", initializer=tf.constant([[1.0], [2.0], [3.0]]))
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "model"))
        sess.run([tf.assign(p, tf.zeros_like(p)) for p in w])
        saver.restore(sess, path)
        np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(w)), [[1.0], [2.0], [3.0]])
    assert tf.train.list_variables(path) == [("p/w", [3, 1])]


def test_partitioners(tf):
    shape = tf.TensorShape([1000, 4])
    assert tf.fixed_size_partitioner(3)(tf.TensorShape([2, 4])) == [2, 1]
    assert tf.variable_axis_size_partitioner(64, max_shards=3)(shape, tf.float32) == [3, 1]
    assert tf.variable_axis_size_partitioner(100, bytes_per_string_element=4)(
        shape, tf.string) == [167, 1]
    assert tf.min_max_variable_partitioner(max_partitions=4)(shape, tf.float32) == [1, 1]


def test_priority_queue_smallest_first(tf):
    # TF leaves the order of equal priorities unspecified (a heap); tfcompat keeps arrival order
    q = tf.PriorityQueue(10, [tf.string], shapes=[[]])
    enqueue = q.enqueue_many([[2, 1, 3, 0], ["b", "a", "c", "z"]])
    priorities, values = q.dequeue_many(4)
    assert [d.name for d in q.dtypes] == ["int64", "string"]
    with tf.Session() as sess:
        sess.run(enqueue)
        got = sess.run([priorities, values])
    assert got[0].tolist() == [0, 1, 2, 3]
    assert got[1].tolist() == [b"z", b"a", b"b", b"c"]


def test_sparse_accumulator_means_each_row_over_the_gradients_that_had_it(tf):
    acc = tf.SparseConditionalAccumulator(tf.float32, shape=[3, 2])
    steps = [acc.apply_grad([1], [[1.0, 1.0]], [3, 2]),
             acc.apply_grad([1, 2], [[3.0, 3.0], [4.0, 4.0]], [3, 2]),
             acc.apply_grad([0], [[9.0, 9.0]], local_step=-1)]  # stale: dropped
    rows = acc.take_indexed_slices_grad(2)
    with tf.Session() as sess:
        for step in steps:
            sess.run(step)
        got = sess.run([rows.indices, rows.values, rows.dense_shape])
    assert got[0].tolist() == [1, 2]
    assert got[1].tolist() == [[2.0, 2.0], [4.0, 4.0]]
    assert got[2].tolist() == [3, 2]


def test_dense_accumulator_drops_stale_gradients_and_advances_the_step(tf):
    acc = tf.ConditionalAccumulator(tf.float32, shape=[2])
    steps = [acc.set_global_step(5), acc.apply_grad([1.0, 1.0], local_step=3),
             acc.apply_grad([2.0, 4.0], local_step=5), acc.apply_grad([4.0, 2.0], local_step=7)]
    count = acc.num_accumulated()
    with tf.control_dependencies([count]):
        taken = acc.take_grad(2)
    with tf.control_dependencies([taken]):
        stale = acc.apply_grad([9.0, 9.0], local_step=5)  # the step is 6 after take_grad
    with tf.control_dependencies([stale]):
        after = acc.num_accumulated()
    with tf.Session() as sess:
        for step in steps:
            sess.run(step)
        got = sess.run([count, taken, after])
    assert got[0] == 2 and got[1].tolist() == [3.0, 3.0] and got[2] == 0


def test_gradient_tape_records_only_ops_made_inside(tf):
    x = tf.constant(3.0)
    before = x * 5.0
    with tf.GradientTape() as unwatched:
        y = x * x
    assert unwatched.gradient(y, x) is None
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = before * 2.0 + x * x
    grad = tape.gradient(z, x)  # only x * x is on a recorded path: 2x
    with pytest.raises(RuntimeError, match="non-persistent GradientTape"):
        tape.gradient(z, x)
    with tf.Session() as sess:
        assert sess.run(grad) == 6.0


def test_make_template_shares_variables_and_uniquifies_scopes(tf):
    def scale(x):
        return x * tf.get_variable("w", [], initializer=tf.constant_initializer(3.0))

    template = tf.make_template("scale", scale)
    a, b = template(tf.constant(1.0)), template(tf.constant(2.0))
    tf.make_template("scale", scale)(tf.constant(1.0))
    assert (a.op.name, b.op.name) == ("scale/mul", "scale_1/mul")
    assert [v.name for v in tf.global_variables()] == ["scale/w:0", "scale_1/w:0"]


def test_type_spec_reprs(tf):
    assert repr(tf.TensorSpec([None, 3], tf.float32, "n")) == (
        "TensorSpec(shape=(?, 3), dtype=tf.float32, name='n')")
    assert repr(tf.SparseTensorSpec([2, 2], tf.float32)) == (
        "SparseTensorSpec(TensorShape([Dimension(2), Dimension(2)]), tf.float32)")
    assert repr(tf.IndexedSlicesSpec()) == ("IndexedSlicesSpec(TensorShape(None), tf.float32, "
                                            "tf.int64, None, TensorShape([Dimension(None)]))")
    assert tf.TensorSpec([None, 3]).is_compatible_with(tf.TensorSpec([2, 3]))
    assert tf.TensorSpec([None, 3]) != tf.TensorSpec([None, 3], name="n")


def test_maybe_batch_keeps_the_selected_rows(tf):
    x = tf.constant([1, 2, 3, 4, 5, 6])
    keep = tf.constant([True, False, True, True, False, True])
    batch = tf.train.maybe_batch([x], keep, 2, enqueue_many=True, capacity=10)
    (runner,) = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    with tf.Session() as sess:
        sess.run(runner.enqueue_ops[0])
        assert sess.run(batch).tolist() == [1, 3]
        assert sess.run(batch).tolist() == [4, 6]


def test_container_and_variable_creator_scope(tf):
    def frozen(next_creator, **kwargs):
        kwargs["trainable"] = False
        return next_creator(**kwargs)

    with tf.container("experiment"):
        with tf.variable_creator_scope(frozen):
            v = tf.Variable(1.0, name="v")
    assert v.op.get_attr("container") in ("experiment", b"experiment")
    assert tf.trainable_variables() == []


def test_py_function_passes_values_with_numpy(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.py_function(lambda a: a.numpy() * 2, [x], tf.float32)
    assert y.op.type == "EagerPyFunc"
    with tf.Session() as sess:
        assert sess.run(y).tolist() == [2.0, 4.0]


@pytest.mark.tfcompat_only
def test_string_variable_assign_keeps_numpy_values(tf, tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(name)
    files = tf.train.match_filenames_once(os.path.join(str(tmp_path), "*.txt"))
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sorted(os.path.basename(f.decode()) for f in sess.run(files)) == ["a.txt",
                                                                                "b.txt"]


def test_critical_section_serializes_runs_and_survives_a_failing_op(tf):
    import threading
    section = tf.CriticalSection(name="cs")
    v = tf.Variable(0.0)
    value = tf.placeholder(tf.float32, [])
    failing = section.execute(lambda: tf.check_numerics(value, "not finite"))
    bump = section.execute(lambda: tf.assign_add(v, 1.0))
    with tf.Session() as sess:
        sess.run(v.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(failing, {value: float("nan")})  # the mutex is released all the same
        threads = [threading.Thread(target=lambda: [sess.run(bump) for _ in range(25)])
                   for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sess.run(v) == 100.0


@pytest.mark.tfcompat_only
def test_session_tensor_handle_can_be_fed_directly(tf):
    # TF 1.x accepts a TensorHandle as the feed of get_session_tensor's placeholder (TF 2.21's
    # compat.v1 fails with "Expects arg[0] to be string but float is provided")
    with tf.Session() as sess:
        handle = sess.run(tf.get_session_handle(tf.constant([1.0, 2.0])))
        holder, value = tf.get_session_tensor(handle.handle, tf.float32)
        assert sess.run(value + 1.0, {holder: handle}).tolist() == [2.0, 3.0]
