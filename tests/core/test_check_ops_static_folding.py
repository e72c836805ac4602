"""The asserts of tf.debugging (check_ops) fail at build time only where TF's Python
`tensor_util.constant_value` knows both sides (Const, Cast, Shape, Pack ... : what
tf.get_static_value folds), as TF's _binary_assert does; an assert on an arithmetic result of
constants (`x - 2`, a slice) is an Assert op that fails when run. Expected behaviour checked
with TF 2.21's tf.compat.v1."""
import numpy as np
import pytest


def _run_fails(tf, op):
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="did not hold"):
            sess.run(op)


def test_assert_on_arithmetic_of_constants_fails_at_run_time(tf):
    x = tf.constant([1, 2])
    _run_fails(tf, tf.assert_non_negative(x - 2))
    _run_fails(tf, tf.assert_less(x - 1, tf.constant([0, 0])))
    _run_fails(tf, tf.assert_positive(x[:1] - 5))


def test_assert_on_constants_and_casts_fails_while_building(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Condition x == y did not hold element-wise:\nx \(Const(_\d+)?:0\) = \n\[1\]"):
        tf.assert_equal(tf.constant([1]), tf.constant([2]))
    x = tf.constant([1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[1\. 2\.\]"):
        tf.assert_equal(tf.cast(x, tf.float32), tf.constant([2.0, 2.0]))


def test_confusion_matrix_of_negative_computed_labels_fails_at_run_time(tf):
    x = tf.constant([1, 2])
    matrix = tf.confusion_matrix(x - 2, x)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` contains negative"):
            sess.run(matrix)


def test_passing_assert_on_arithmetic_runs(tf):
    x = tf.constant([1, 2])
    with tf.control_dependencies([tf.assert_positive(x * 2)]):
        y = tf.identity(x)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y), [1, 2])
