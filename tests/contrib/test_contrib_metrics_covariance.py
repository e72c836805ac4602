"""tf.contrib.metrics.streaming_covariance / streaming_pearson_correlation (TF 1.15's
contrib/metrics metric_ops.py). TF 2.x has no tf.contrib: the expected values are the unbiased
sample covariance and Pearson r of everything streamed (what TF 1.15's batch-merging formula
computes; numpy's cov/corrcoef), with weights as frequency weights (rows repeated)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

P = np.array([0.2, 0.9, 0.4, 0.7, 0.1], np.float32)
L = np.array([1., 3., 0.5, 2., -1.], np.float32)


def test_streaming_covariance_merges_batches(tf):
    p = tf.placeholder(tf.float32, [None])
    lab = tf.placeholder(tf.float32, [None])
    cov, update = tf.contrib.metrics.streaming_covariance(p, lab)
    assert cov.op.name == "covariance/covariance"
    assert update.op.name == "covariance/update_op"
    assert sorted(v.op.name for v in tf.local_variables()) == [
        "covariance/comoment", "covariance/count", "covariance/mean_label",
        "covariance/mean_prediction"]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert np.isnan(sess.run(cov))
        first = sess.run(update, {p: P[:2], lab: L[:2]})
        np.testing.assert_allclose(first, 0.7, rtol=1e-6)
        sess.run(update, {p: P[2:], lab: L[2:]})
        np.testing.assert_allclose(sess.run(cov), 0.4675, rtol=1e-5)


def test_streaming_pearson_correlation_weighted(tf):
    p, lab = tf.constant(P), tf.constant(L)
    r, update = tf.contrib.metrics.streaming_pearson_correlation(p, lab)
    rw, update_w = tf.contrib.metrics.streaming_pearson_correlation(
        p, lab, weights=tf.constant([2., 1., 0., 3., 1.]), name="weighted")
    assert r.op.name == "pearson_r/pearson_r"
    assert "pearson_r/variance_labels/comoment" in [v.op.name for v in tf.local_variables()]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run([update, update_w])
        got, got_w = sess.run([r, rw])
    np.testing.assert_allclose(got, 0.9170193, rtol=1e-5)
    np.testing.assert_allclose(got_w, 0.8964404, rtol=1e-5)
