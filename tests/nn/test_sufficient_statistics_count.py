"""tf.nn.sufficient_statistics' count, as TF builds it: an unnamed Const when the reduced dims are
static (sufficient_statistics/Const), else the float shape's dims (negative axes made positive)
multiplied by a Prod named `count`, which also works for an input of unknown rank. Expected
values from TF 2.21's tf.compat.v1."""
import numpy as np

X = np.arange(12, dtype=np.float32).reshape(2, 3, 2)


def test_static_count_is_an_unnamed_const(tf):
    count, _, _, _ = tf.nn.sufficient_statistics(tf.zeros([4, 3, 2]), [0, 1])
    assert count.name == "sufficient_statistics/Const:0"
    assert count.op.type == "Const"
    with tf.Session() as sess:
        assert sess.run(count) == 12.0


def test_dynamic_count_with_negative_and_repeated_axes(tf):
    x = tf.placeholder(tf.float32, [None, 3, 2])
    count, mean_ss, var_ss, _ = tf.nn.sufficient_statistics(x, [0, -1, 0], keep_dims=True)
    assert count.name == "sufficient_statistics/count:0"
    assert count.op.type == "Prod"
    assert str(count.shape) == "()"
    assert str(mean_ss.shape) == "(1, 3, 1)"
    with tf.Session() as sess:
        got = sess.run([count, mean_ss, var_ss], {x: X})
    assert got[0] == 4.0
    np.testing.assert_array_equal(got[1], [[[14.0], [22.0], [30.0]]])
    np.testing.assert_array_equal(got[2], [[[86.0], [158.0], [262.0]]])


def test_unknown_rank_input(tf):
    u = tf.placeholder(tf.float32)
    count, mean_ss, _, _ = tf.nn.sufficient_statistics(u, [1])
    assert count.name == "sufficient_statistics/count:0"
    with tf.Session() as sess:
        got = sess.run([count, mean_ss], {u: X})
    assert got[0] == 3.0
    np.testing.assert_array_equal(got[1], [[6.0, 9.0], [24.0, 27.0]])
