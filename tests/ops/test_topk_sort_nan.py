"""top_k and sort of values with NaN. TF's CPU kernel compares with `>` (a NaN compares false
with everything), so where a NaN lands depends on its sorting algorithm and the result is not
ordered (TF: tf.sort([3, nan, -1, inf, -inf, 0, -0]) = [-inf, -1, 3, nan, 0, -0, inf]; top_k of
it, k=3: [inf, 3, nan]). tfcompat orders a NaN above every number, as torch and numpy's
partition do: top_k returns NaNs first, and tf.sort (TF's negated top_k) is ordered around them
(known_differences.txt)."""
import numpy as np
import pytest

VALUES = [3.0, np.nan, -1.0, np.inf, -np.inf, 0.0, -0.0]


@pytest.mark.tfcompat_only
def test_top_k_orders_nan_first(tf):
    x = tf.constant(VALUES)
    top = tf.nn.top_k(x, 3)
    with tf.Session() as sess:
        values, indices = sess.run([top.values, top.indices])
        ascending = sess.run(tf.sort(x))
        descending = sess.run(tf.sort(x, direction="DESCENDING"))
    np.testing.assert_array_equal(values, [np.nan, np.inf, 3.0])
    assert indices.tolist() == [1, 3, 0]
    np.testing.assert_array_equal(ascending[1:], [-np.inf, -1.0, 0.0, 0.0, 3.0, np.inf])
    assert np.isnan(ascending[0]) and np.isnan(descending[0])
    np.testing.assert_array_equal(descending[1:], [np.inf, 3.0, 0.0, 0.0, -1.0, -np.inf])


def test_top_k_without_nan_matches_tf(tf):
    x = tf.constant([3.0, -1.0, np.inf, -np.inf, 0.0, 2.0])
    top = tf.nn.top_k(x, 3)
    with tf.Session() as sess:
        values, indices = sess.run([top.values, top.indices])
        ascending = sess.run(tf.sort(x))
    assert values.tolist() == [np.inf, 3.0, 2.0] and indices.tolist() == [2, 0, 5]
    assert ascending.tolist() == [-np.inf, -1.0, 0.0, 2.0, 3.0, np.inf]
