"""tf.map_fn, tf.scan, tf.foldl/foldr and tf.TensorArray (expected values from TF)."""
import pytest


def test_map_scan_fold_values_shapes_and_gradients(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    m = tf.map_fn(lambda r: r * r, x)
    sc = tf.scan(lambda a, r: a + r, x)
    scr = tf.scan(lambda a, r: a * 2 + r, x, initializer=tf.zeros([2]), reverse=True)
    fl = tf.foldl(lambda a, r: a + r, x)
    fr = tf.foldr(lambda a, r: a * 3.0 + r, x, initializer=tf.zeros([2]))
    mm = tf.map_fn(lambda t: (t[0] * 2.0, tf.reduce_sum(t[1])), (x, x),
                   dtype=(tf.float32, tf.float32))
    g = tf.gradients(tf.reduce_sum(m) + tf.reduce_sum(sc) + tf.reduce_sum(fr), x)[0]
    assert [m.name, sc.name, fl.name] == ["map/TensorArrayStack/TensorArrayGatherV3:0",
                                          "scan/TensorArrayStack/TensorArrayGatherV3:0",
                                          "foldl/while/Exit_2:0"]
    assert [str(m.shape), str(sc.shape), str(fl.shape), str(mm[1].shape)] == [
        "(?, 2)", "(?, 2)", "(2,)", "(?,)"]
    with tf.Session() as s:
        got = s.run([m, sc, scr, fl, fr, mm, g], {x: [[1, 2], [3, 4], [5, 6]]})
    assert got[0].tolist() == [[1, 4], [9, 16], [25, 36]]
    assert got[1].tolist() == [[1, 2], [4, 6], [9, 12]]
    assert got[2].tolist() == [[27, 34], [13, 16], [5, 6]]
    assert got[3].tolist() == [9, 12]
    assert got[4].tolist() == [55, 68]
    assert got[5][0].tolist() == [[2, 4], [6, 8], [10, 12]] and got[5][1].tolist() == [3, 7, 11]
    assert got[6].tolist() == [[6, 8], [11, 13], [20, 22]]


def test_fold_on_integers(tf):
    fr = tf.foldr(lambda a, r: a * 10 + r, tf.constant([1, 2, 3]))
    fl = tf.foldl(lambda a, r: a * 10 + r, tf.constant([1, 2, 3]), initializer=tf.constant(0))
    with tf.Session() as s:
        assert s.run([fr, fl]) == [321, 123]


def test_map_fn_needs_a_leading_dimension(tf):
    with pytest.raises(ValueError) as info:
        tf.map_fn(lambda a: a, tf.constant(1.0))
    assert str(info.value) == "Elements in elems must be 1+ dimensional Tensors, not scalars"


def test_tensor_array_in_a_loop(tf):
    x = tf.placeholder(tf.float32, [None])
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, infer_shape=False)
    n = tf.shape(x)[0]
    _, ta = tf.while_loop(lambda i, ta: i < n,
                          lambda i, ta: (i + 1, ta.write(i, x[:i + 1] * tf.cast(i, tf.float32))),
                          [0, ta])
    c, size = ta.concat(), ta.size()
    g = tf.gradients(tf.reduce_sum(c), x)[0]
    ta2 = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(
        tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    ga, st, rd = ta2.gather([2, 0]), ta2.stack(), ta2.read(1)
    assert [str(c.shape), str(ga.shape), str(st.shape), str(rd.shape)] == [
        "<unknown>", "(?, 2)", "(3, 2)", "(2,)"]
    assert [c.name, st.name] == ["TensorArrayConcatV3:0",
                                 "TensorArrayStack/TensorArrayGatherV3:0"]
    with tf.Session() as s:
        got = s.run([c, size, g, ga, st, rd], {x: [1.0, 2.0, 3.0]})
    assert got[0].tolist() == [0, 1, 2, 2, 4, 6] and got[1] == 3
    assert got[2].tolist() == [3, 3, 2]
    assert got[3].tolist() == [[5, 6], [1, 2]] and got[4].tolist() == [[1, 2], [3, 4], [5, 6]]
    assert got[5].tolist() == [3, 4]


def test_tensor_array_runtime_errors(tf, core_message):
    ta = tf.TensorArray(tf.float32, size=2)
    with tf.Session() as s:
        assert s.run(ta.write(0, 1.0).stack()).tolist() == [1.0, 0.0]   # unwritten -> zeros
        assert s.run(tf.TensorArray(tf.float32, size=0, element_shape=[2]).stack()).shape == (0, 2)
        for make, text in [
                (lambda: ta.write(5, 1.0).stack(),
                 "Tried to write to index 5 but array is not resizeable and size is: 2"),
                (lambda: ta.write(0, 1.0).write(0, 2.0).stack(),
                 "Could not write to TensorArray index 0 because it has already been written "
                 "to."),
                (lambda: tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [1.0])
                 .write(1, [1.0, 2.0]).stack(),
                 "TensorArray has inconsistent shapes.  Index 0 has shape: [1] but index 1 has "
                 "shape: [2]"),
                (lambda: tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], [1, 2])
                 .read(1),
                 "Could not write to TensorArray index 1 because the value shape is [2] which "
                 "is incompatible with the TensorArray's inferred element shape: [1] (consider "
                 "setting infer_shape=False).")]:
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                s.run(make())
            assert text in core_message(info.value)


def test_control_flow_inside_dataset_map(tf):
    ds = tf.data.Dataset.range(6).map(
        lambda x: tf.cond(tf.equal(x % 2, 0), lambda: x * 10, lambda: -x))
    ds2 = tf.data.Dataset.range(4).map(lambda x: tf.while_loop(
        lambda i, a: i < x, lambda i, a: (i + 1, a * 2),
        [tf.constant(0, tf.int64), tf.constant(1, tf.int64)])[1])
    it = tf.data.make_one_shot_iterator(ds).get_next()
    it2 = tf.data.make_one_shot_iterator(ds2).get_next()
    with tf.Session() as s:
        assert [s.run(it) for _ in range(6)] == [0, -1, 20, -3, 40, -5]
        assert [s.run(it2) for _ in range(4)] == [1, 2, 4, 8]


def test_tensor_array_split_infers_the_element_shape_only_from_equal_lengths(tf):
    # Recorded from TF 2.21 compat.v1: TensorArray.split sets [length] + value.shape[1:] when
    # the lengths are constant and all equal; unequal or fed lengths leave it unknown.
    v = tf.placeholder(tf.float32, [None, 3])
    shapes = [str(tf.TensorArray(tf.float32, size=2).split(v, lengths).read(0).shape)
              for lengths in ([2, 3], [2, 2], tf.placeholder(tf.int64, [2]))]
    assert shapes == ["<unknown>", "(2, 3)", "<unknown>"]
    ta = tf.TensorArray(tf.float32, size=2).split(tf.zeros([4, 3]), [2, 2])
    assert [str(ta.read(1).shape), str(ta.stack().shape)] == ["(2, 3)", "(2, 2, 3)"]
    loose = tf.TensorArray(tf.float32, size=2).split(tf.range(5, dtype=tf.float32), [2, 3])
    assert str(loose.read(1).shape) == "<unknown>"
    with tf.Session() as sess:
        assert sess.run(ta.concat()).shape == (4, 3)
