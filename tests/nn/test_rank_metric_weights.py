"""tf.metrics weights follow TF's metrics_impl._remove_squeezable_dimensions (weights one rank
below the values gain a trailing dim, one above lose it, by a cond when the ranks are unknown)
and weights_broadcast_ops.broadcast_weights (its static ValueError, its run-time Assert).
Expected values were printed by TF 2.21 compat.v1."""
import numpy as np
import pytest


def _values(tf):
    return tf.constant([[1., 2.], [3., 4.], [5., 6.]])


def test_per_row_weights_of_lower_rank_are_expanded(tf):
    v = _values(tf)
    m1 = tf.metrics.mean(v, weights=[1., 0., 2.])
    m2 = tf.metrics.mean(v, weights=[[1.], [0.], [2.]])
    m3 = tf.metrics.mean(tf.constant([1., 2., 3.]), weights=[[1.], [0.], [2.]])
    acc = tf.metrics.accuracy([[1, 2], [0, 0], [1, 1]], [[1, 2], [1, 0], [1, 0]],
                              weights=[1., 2., 3.])
    auc = tf.metrics.auc(tf.constant([[1], [0], [1]]), tf.constant([[0.9], [0.2], [0.4]]),
                         weights=[1., 2., 1.])
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "mean/broadcast_weights" in names
    assert "mean/broadcast_weights/assert_broadcastable/static_dims_check_success" in names
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        got = sess.run([m1[1], m2[1], m3[1], acc[1], auc[1]])
    np.testing.assert_allclose(got, [4.1666665, 4.1666665, 2.3333333, 0.5833333, 0.9999995],
                               rtol=1e-6)


def test_mismatched_weights_are_a_static_value_error(tf):
    with pytest.raises(ValueError) as info:
        tf.metrics.mean(_values(tf), weights=tf.ones([4]))
    assert str(info.value).startswith(
        "weights can not be broadcast to values. Mismatch at dim 0. values.shape=[3 2], "
        "weights.shape=[4 1]. Received weights=Tensor(\"mean/ExpandDims:0\", shape=(4, 1), "
        "dtype=float32)")


def test_weights_of_unknown_rank_are_adjusted_at_run_time(tf):
    w = tf.placeholder(tf.float32)
    value, update = tf.metrics.mean(_values(tf), weights=w)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update, {w: [2., 1., 1.]}) == pytest.approx(3.0)
        assert sess.run(update, {w: [[2.], [1.], [1.]]}) == pytest.approx(3.0)
        assert sess.run(update, {w: 3.}) == pytest.approx(3.264706, rel=1e-6)
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(update, {w: [1., 2.]})
