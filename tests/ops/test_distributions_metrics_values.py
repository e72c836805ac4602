"""tf.distributions formulas and the newer tf.metrics, with values recorded from TF 2.21
compat.v1 (CPU)."""
import numpy as np
import pytest


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


def _run_error(tf, sess, build):
    """The message of building and running `build()` (constant arguments fail when built)."""
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(build())
    return info.value.message


def test_validate_args_checks_probs_events_and_counts(tf):
    # messages recorded from TF 2.21 compat.v1 (TF's distribution_util checks)
    d = tf.distributions
    with tf.Session() as sess:
        checks = [
            (lambda: d.Categorical(probs=[0.5, 0.6], validate_args=True).sample(seed=1),
             "probs does not sum to 1."),
            (lambda: d.Categorical(probs=[-0.5, 1.5], validate_args=True).probs,
             "Condition x >= 0 did not hold"),
            (lambda: d.Categorical(logits=[1.0, 2.0], validate_args=True).log_prob(-1),
             "Elements must be non-negative."),
            (lambda: d.Categorical(logits=[1.0, 2.0], validate_args=True).log_prob(1.5),
             "Elements must be int32-equivalent."),
            (lambda: d.Bernoulli(probs=[0.5], validate_args=True).log_prob([0.5]),
             "Elements must be bool-equivalent."),
            (lambda: d.Bernoulli(logits=[1.0, 2.0], validate_args=True).log_prob([1, 2]),
             "Elements cannot exceed 1."),
            (lambda: d.Bernoulli(probs=[1.5], validate_args=True).probs,
             "probs has components greater than 1."),
            (lambda: d.Multinomial(total_count=3.0, probs=[0.5, 0.5], validate_args=True)
             .log_prob([1.0, 1.0]), "counts must sum to `self.total_count`"),
            (lambda: d.Multinomial(total_count=2.5, probs=[0.5, 0.5], validate_args=True).mean(),
             "cannot contain fractional components."),
            (lambda: d.DirichletMultinomial(total_count=2.0, concentration=[1.0, 2.0],
                                    validate_args=True).log_prob([1.0, 2.0]),
             "counts last-dimension must sum to `self.total_count`"),
            (lambda: d.DirichletMultinomial(total_count=-2.0, concentration=[1.0, 2.0],
                                    validate_args=True).mean(), "must be non-negative."),
            (lambda: d.Dirichlet([1.0, 2.0], validate_args=True).log_prob([-0.5, 1.5]),
             "samples must be positive"),
            (lambda: d.Dirichlet([1.0, 2.0], validate_args=True).log_prob([0.5, 0.6]),
             "sample last-dimension must sum to `1`"),
        ]
        for build, message in checks:
            assert message in _run_error(tf, sess, build), message
        valid = sess.run([
            d.Multinomial(total_count=2.0, logits=[0.5, 0.5], validate_args=True)
            .log_prob([1.0, 1.0]),
            d.Dirichlet([1.0, 2.0], validate_args=True).log_prob([0.25, 0.75]),
            d.Bernoulli(probs=[0.3, 0.2], validate_args=True).log_prob([True, False]),
            d.Categorical(logits=[1.0, 2.0], validate_args=True).cdf(1)])
    np.testing.assert_allclose(valid[0], -0.6931, atol=1e-4)
    np.testing.assert_allclose(valid[1], 0.4055, atol=1e-4)
    np.testing.assert_allclose(valid[2], [-1.204, -0.2231], atol=1e-4)
    np.testing.assert_allclose(valid[3], 0.2689, atol=1e-4)
    # a categorical parameter of one class fails when built
    with pytest.raises(ValueError, match="must have at least 2 events"):
        d.Categorical(logits=[1.0], validate_args=True)
    with pytest.raises(ValueError, match="must have at least 2 events"):
        d.DirichletMultinomial(total_count=2.0, concentration=[1.0], validate_args=True)


def test_validate_args_checks_beta_and_gamma_samples(tf):
    # recorded from TF 2.21 compat.v1: Beta's checked concentrations come from
    # with_dependencies ("control_dependency"), and log_prob/cdf check the sample
    d = tf.distributions
    beta = d.Beta([2.0, 3.0], 1.5, validate_args=True)
    assert beta.concentration1.name == "Beta/control_dependency:0"
    assert beta.concentration0.name == "Beta/control_dependency_1:0"
    with tf.Session() as sess:
        checks = [(lambda: beta.log_prob([0.5, 1.5]), "sample must be less than `1`."),
                  (lambda: beta.log_prob([-0.5, 0.5]), "sample must be positive"),
                  (lambda: d.Gamma(2.0, 1.0, validate_args=True).log_prob(-1.0), "x > 0"),
                  (lambda: d.Gamma(2.0, 1.0, validate_args=True).cdf(-1.0), "x > 0"),
                  (lambda: d.Exponential(1.0, validate_args=True).log_prob([-1.0]), "x > 0")]
        for build, message in checks:
            assert message in _run_error(tf, sess, build), message
        np.testing.assert_allclose(sess.run(beta.log_prob([0.5, 0.25])), [0.28204, -1.03506],
                                   atol=1e-5)


def test_random_gamma_implicit_gradient_is_accurate(tf):
    # d sample / d alpha (TF's RandomGammaGrad) summed over 3 seeded samples, recorded from
    # TF 2.21 compat.v1; float64 implicit differentiation of the incomplete gamma agrees to 2e-6
    alpha = tf.constant([0.3, 0.8, 1.5, 2.0, 4.48, 9.0, 30.0])
    sample = tf.random_gamma([3], alpha, seed=11)
    grad = tf.gradients(tf.reduce_sum(sample), alpha)[0]
    with tf.Session() as sess:
        got = sess.run(grad)
    np.testing.assert_allclose(got, [5.03575, 2.15129, 2.41196, 2.78414, 3.84988, 2.98575,
                                     2.90579], atol=2e-5)
