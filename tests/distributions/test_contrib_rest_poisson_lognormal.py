"""tf.contrib.distributions.PoissonLogNormalQuadratureCompound with both quadrature schemes
(TF 1.15 contrib). log_prob / mean / variance / stddev / grids printed by TensorFlow
Probability 0.25's same-named class (the same quadrature recipes) under TF 2.21; the sample by
TF 1.15's recipe run on TF 2.21 (graph seed 1, op seed 7): tf.distributions.Categorical ids with
seed gen_new_seed(7, "poisson_lognormal_quadrature_compound"), strided per batch member, then
random_poisson at the gathered rates."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

LOC = np.array([0., -0.5], np.float32)
SCALE = np.array([1., 0.5], np.float32)
X = np.array([[0., 1.], [3., 2.]], np.float32)


def _close(got, want, tol=1e-5):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def test_poisson_lognormal_quantiles_scheme():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        d = ds.PoissonLogNormalQuadratureCompound(loc=LOC, scale=SCALE, quadrature_size=5)
        assert d.name == "PoissonLogNormalQuadratureCompound/"
        assert d.batch_shape.as_list() == [2] and d.event_shape.as_list() == []
        assert d.quadrature_size == 5
        assert d.reparameterization_type == ds.NOT_REPARAMETERIZED
        sample = d.sample(4, seed=7)
        assert sample.shape.as_list() == [4, 2]
        with tf.Session() as sess:
            r = sess.run(dict(lp=d.log_prob(X), mean=d.mean(), var=d.variance(),
                              std=d.stddev(), grid=d.distribution.log_rate, sample=sample))
    _close(r["grid"], [[0.4558321, 0.7015406, 1.0162461, 1.4791751, 2.3347118],
                       [0.4063514, 0.5056843, 0.6089891, 0.7342819, 0.9196359]])
    _close(r["lp"], [[-2.4886184, -1.2684561], [-1.9382247, -1.3408564]])
    _close(r["mean"], [4.21459, 1.9180766])
    _close(r["var"], [14.47015, 2.042788])
    _close(r["std"], [3.803965, 1.4292613])
    _close(r["sample"], [[7., 1.], [1., 2.], [7., 1.], [1., 2.]])


def test_poisson_lognormal_gauss_hermite_scheme():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        d = ds.PoissonLogNormalQuadratureCompound(
            loc=LOC, scale=SCALE, quadrature_size=5,
            quadrature_fn=ds.quadrature_scheme_lognormal_gauss_hermite)
        with tf.Session() as sess:
            r = sess.run(dict(lp=d.log_prob(X), mean=d.mean(), grid=d.distribution.log_rate,
                              probs=d.mixture_distribution.probs))
    _close(r["grid"], [[-2.8569698, -1.3556261, 0., 1.3556261, 2.8569698],
                       [-1.9284849, -1.177813, -0.5, 0.1778131, 0.9284849]])
    _close(r["lp"], [[-0.959635, -1.1690632], [-2.5530329, -2.1876006]])
    _close(r["mean"], [1.6486793, 0.6872892])
    _close(r["probs"], np.polynomial.hermite.hermgauss(5)[1] / np.sqrt(np.pi))
