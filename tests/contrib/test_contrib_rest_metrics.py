"""tf.contrib.metrics streaming_concat, streaming_curve_points and f1_score (TF 1.15's
contrib/metrics/python/ops/metric_ops.py and metrics/classification.py). TF 2.x has no
tf.contrib: the expected numbers come from TF 2.21 compat.v1 running TF 1.15's functions
written out over TF 2.21's metrics_impl (metric_variable, _confusion_matrix_at_thresholds)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_streaming_concat_grows_and_caps(tf):
    m = tf.contrib.metrics
    p = tf.placeholder(tf.float32, [None, 2])
    q = tf.placeholder(tf.float32, [2, None])
    v, u = m.streaming_concat(p)
    v2, u2 = m.streaming_concat(q, axis=1, max_size=3, name="cc")
    assert v.name == "streaming_concat/concat:0" and u.name == "streaming_concat/Assign:0"
    assert v.shape.as_list() == [None, 2] and v2.shape.as_list() == [2, None]
    assert [x.op.name for x in tf.local_variables()] == [
        "streaming_concat/array", "streaming_concat/size", "cc/array", "cc/size"]
    seen = []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        for n in (3, 1, 4):
            batch = np.arange(2 * n).reshape(n, 2) + 10 * n
            sess.run([u, u2], {p: batch, q: batch.T})
            seen.append(sess.run([v, v2]))
        capacity = sess.run(tf.local_variables()[0]).shape
    assert seen[1][0].tolist() == [[30., 31.], [32., 33.], [34., 35.], [10., 11.]]
    assert seen[2][0].tolist() == [[30., 31.], [32., 33.], [34., 35.], [10., 11.], [40., 41.],
                                   [42., 43.], [44., 45.], [46., 47.]]
    assert seen[2][1].tolist() == [[30., 32., 34.], [31., 33., 35.]]
    assert capacity == (12, 2)


def test_streaming_concat_errors(tf):
    m = tf.contrib.metrics
    with pytest.raises(ValueError, match=r"axis = 2 not in \[0, 2\)"):
        m.streaming_concat(tf.zeros([2, 3]), axis=2)
    with pytest.raises(ValueError, match=r"axis = -1 not in \[0, 2\)"):
        m.streaming_concat(tf.zeros([2, 3]), axis=-3)
    with pytest.raises(ValueError, match="all dimensions of `values` other than the dimension "
                                         "to concatenate along must have statically known "
                                         "size"):
        m.streaming_concat(tf.placeholder(tf.float32, [2, None]))


def _data(tf):
    lab = tf.constant([1, 0, 1, 1, 0, 0, 1, 0])
    pred = tf.constant([.9, .8, .65, .3, .2, .55, .45, .1])
    wt = tf.constant([1., 2., 1., 1., 0.5, 1., 1., 1.])
    return lab, pred, wt


def test_streaming_curve_points(tf):
    lab, pred, wt = _data(tf)
    pts, pu = tf.contrib.metrics.streaming_curve_points(lab, pred, num_thresholds=5)
    pts2, pu2 = tf.contrib.metrics.streaming_curve_points(lab, pred, wt, num_thresholds=4,
                                                          curve="PR", name="pr")
    assert pts.shape.as_list() == [5, 2]
    assert [x.op.name for x in tf.local_variables()] == [
        s + "/" + n for s in ("curve_points", "pr") for n in
        ("true_positives", "false_negatives", "true_negatives", "false_positives")]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run([pu, pu2])
        r, r2 = sess.run([pts, pts2])
    np.testing.assert_allclose(r, [[0.9999998, 1.], [0.4999999, 1.], [0.4999999, 0.5000001],
                                   [0.2499999, 0.2500002], [0., 0.0000002]], atol=1e-6)
    np.testing.assert_allclose(r2, [[1., 0.4705883], [0.7500001, 0.5000001],
                                    [0.2500002, 0.3333336], [0.0000002, 1.]], atol=1e-6)
    with pytest.raises(ValueError, match="curve must be either ROC or PR, X unknown"):
        tf.contrib.metrics.streaming_curve_points(lab, pred, curve="X")


def test_f1_score(tf):
    lab, pred, wt = _data(tf)
    f, fu = tf.contrib.metrics.f1_score(lab, pred, num_thresholds=11)
    f2, fu2 = tf.contrib.metrics.f1_score(lab, pred, wt)
    assert f.name == "f1/Max:0" and fu.name == "f1/Max_1:0"
    assert [x.op.name for x in tf.local_variables()] == [
        s + "/" + n for s in ("f1", "f1_1") for n in
        ("true_positives", "false_negatives", "false_positives")]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        np.testing.assert_allclose(sess.run([fu, fu2]), [0.79999995, 0.72727275], rtol=1e-6)
        np.testing.assert_allclose(sess.run([f, f2]), [0.79999995, 0.72727275], rtol=1e-6)
