"""TensorArray.stack / concat / split set static shapes from the size or lengths only where TF's
Python `constant_value` computes them (Const, Shape, Size, Pack, ...), not from arithmetic or
slices of shapes that the C++ shape refiner would fold; `size()` of a fixed-size array is the
size it was made with, so `stack`'s Range (and the gather's shape, with an element_shape given
at construction) folds it. Expected shapes from TF 2.21 compat.v1."""


def test_stack_size_from_shape_arithmetic_is_unknown(tf):
    D = tf.zeros([4, 3])
    n = tf.shape(D)[0]
    shapes = [tf.TensorArray(tf.float32, size=size).write(0, tf.zeros([3])).stack().shape
              for size in (n + 1, n, tf.shape(D)[0:1][0])]
    assert [str(s) for s in shapes] == ["(?, 3)"] * 3
    ta = tf.TensorArray(tf.float32, size=tf.size(D)).write(0, tf.zeros([3]))
    assert str(ta.stack().shape) == "(12, 3)" and str(ta.concat().shape) == "(36,)"
    ta = tf.TensorArray(tf.float32, size=n * 1).write(0, tf.zeros([3]))
    assert str(ta.concat().shape) == "(?,)"


def test_split_infers_element_shape_only_from_python_constant_lengths(tf):
    value = tf.zeros([4, 3])
    ta = tf.TensorArray(tf.float32, size=2).split(value, tf.constant([2, 2]) * 1)
    assert str(ta.element_shape) == "<unknown>"
    ta = tf.TensorArray(tf.float32, size=2).split(value, tf.constant([2, 2]))
    assert str(ta.element_shape) == "(2, 3)"


def test_stack_inside_nested_loop_keeps_unknown_rows(tf):
    D = tf.zeros([5, 4])
    n, m = tf.shape(D)[0], tf.shape(D)[1]
    rows = tf.TensorArray(tf.float32, size=n + 1, clear_after_read=False)
    rows = rows.write(0, tf.concat([[0.0], tf.fill([m], 1e10)], 0))

    def outer(i, rows):
        cur = tf.TensorArray(tf.float32, size=m + 1).write(0, 0.0)
        _, cur = tf.while_loop(lambda j, c: j <= m, lambda j, c: (j + 1, c.write(j, D[i - 1, j - 1])),
                               [1, cur])
        return i + 1, rows.write(i, cur.stack())
    _, rows = tf.while_loop(lambda i, r: i <= n, outer, [1, rows])
    R = rows.stack()
    assert str(R.shape) == "(?, 5)"
    with tf.Session() as sess:
        assert sess.run(R).shape == (6, 5)


def test_size_of_fixed_array_is_its_size_tensor(tf):
    a = tf.constant([3, 1, 4, 1, 5, 9, 2])
    ta = tf.TensorArray(tf.float32, size=tf.size(a) + 1, element_shape=[None])
    assert ta.size().op.type == "AddV2"
    assert str(ta.stack().shape) == "(8, ?)"
    assert str(ta.write(0, [1.0, 2.0]).stack().shape) == "(8, 2)"
    assert tf.TensorArray(tf.float32, size=3).size().op.type == "Const"
    d = tf.TensorArray(tf.float32, size=3, dynamic_size=True, element_shape=[2])
    assert d.size().op.type == "TensorArraySizeV3" and str(d.stack().shape) == "(?, 2)"
    with tf.Session() as sess:
        assert sess.run(d.write(4, [1.0, 2.0]).size()) == 5
