"""tf.distributions formulas and the newer tf.metrics, with values recorded from TF 2.21
compat.v1 (CPU)."""
import numpy as np


def test_distribution_densities_and_kl(tf):
    d = tf.distributions
    n = d.Normal(1.0, 2.0)
    fetches = {"lp": n.log_prob([0.0, 3.0]), "cdf": n.cdf([-10.0, 1.5]),
               "lcdf": n.log_cdf(-30.0),   # the asymptotic series far in the tail
               "kl": d.kl_divergence(d.Gamma(2.0, 1.0), d.Gamma(3.0, 2.0)),
               "beta_entropy": d.Beta(2.0, 3.0).entropy(),
               "t_cdf": d.StudentT(3.0, 0.0, 1.0).cdf([-1.0, 2.0])}
    with tf.Session() as sess:
        got = sess.run(fetches)
    np.testing.assert_allclose(got["lp"], [-1.7370857, -2.1120858], rtol=1e-6)
    np.testing.assert_allclose(got["cdf"], [1.8989576e-08, 5.9870631e-01], rtol=1e-5)
    np.testing.assert_allclose(got["lcdf"], -123.788895, rtol=1e-6)
    np.testing.assert_allclose(got["kl"], 0.19092143, rtol=1e-5)
    np.testing.assert_allclose(got["beta_entropy"], -0.23490667, rtol=1e-5)
    np.testing.assert_allclose(got["t_cdf"], [0.19550107, 0.930337], rtol=1e-5)


def test_kl_registry_prefers_the_closest_pair(tf):
    d = tf.distributions

    class Narrow(d.Normal):
        pass

    @d.RegisterKL(Narrow, d.Normal)
    def _kl(a, b, name=None):
        return tf.constant(7.0)

    with tf.Session() as sess:
        exact, inherited = sess.run([d.kl_divergence(Narrow(0.0, 1.0), d.Normal(0.0, 1.0)),
                                     d.kl_divergence(d.Normal(0.0, 1.0), Narrow(1.0, 1.0))])
    assert exact == 7.0
    np.testing.assert_allclose(inherited, 0.5)
    assert d.Normal(0.0, 1.0).reparameterization_type is d.FULLY_REPARAMETERIZED
    assert d.Bernoulli(probs=0.5).reparameterization_type is d.NOT_REPARAMETERIZED


def test_metrics_per_class_top_k_and_thresholds(tf):
    m = tf.metrics
    logits = tf.constant([[0.1, 0.5, 0.2, 0.9, 0.0], [0.8, 0.1, 0.6, 0.3, 0.2],
                          [0.0, 0.2, 0.1, 0.4, 0.7]])
    per_class = m.mean_per_class_accuracy(tf.constant([0, 1, 2, 2, 1, 3]),
                                          tf.constant([0, 2, 2, 1, 1, 0]), 4)
    recall = m.recall_at_k(tf.constant([3, 2, 1], tf.int64), logits, 2)
    average_precision = m.average_precision_at_k(
        tf.constant([[3, 1], [0, 7], [4, -1]], tf.int64), logits, 2)
    precision = m.precision_at_thresholds(tf.constant([1, 0, 1, 1]),
                                          tf.constant([0.9, 0.2, 0.45, 0.7]), [0.3, 0.8])
    pairs = [per_class, recall, average_precision, precision]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        updates = sess.run([u for _, u in pairs])
        values = sess.run([v for v, _ in pairs])
    # TF's update_op of mean_per_class_accuracy is the per-class vector, its value the mean
    np.testing.assert_allclose(updates[0], [1.0, 0.5, 0.5, 0.0])
    np.testing.assert_allclose(values[0], 0.5)
    np.testing.assert_allclose(values[1], 2.0 / 3.0)
    assert values[1].dtype == np.float64
    np.testing.assert_allclose(values[2], 1.0)
    np.testing.assert_allclose(values[3], [1.0, 0.9999999], rtol=1e-7)
