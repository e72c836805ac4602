"""tf.contrib.distributions.MultivariateNormal{Diag,TriL,FullCovariance} as TF 1.15's contrib
builds them (a standard Normal transformed by scale @ z + loc). Expected densities, entropies,
moments and KLs printed by TensorFlow Probability 0.25 (same formulas as TF 1.15); samples by
TF 2.21's tf.random_normal([n] + batch + event, seed) pushed through scale and loc, which is
what TF 1.15's TransformedDistribution._sample_n draws. TF 1.15's covariance()/variance() of a
TriL scale are not broadcast to the batch (TFP's are)."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

LOC = np.array([[1., -1., 0.5], [0., 2., -0.3]], np.float32)
SD = np.array([[0.5, 1.5, 2.], [1., 0.3, 0.7]], np.float32)
L = np.array([[1.2, 0, 0], [0.3, 0.8, 0], [-0.5, 0.2, 1.5]], np.float32)
X = np.array([[0.3, 0.1, -0.2], [1.0, 1.5, 0.2]], np.float32)
TRIL_COV = [[1.44, 0.36, -0.6], [0.36, 0.73, 0.01], [-0.6, 0.01, 2.54]]


def _close(got, want, tol=1e-4):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def _dists():
    ds = tf.contrib.distributions
    return (ds.MultivariateNormalDiag(loc=LOC, scale_diag=SD),
            ds.MultivariateNormalTriL(loc=LOC, scale_tril=L),
            ds.MultivariateNormalFullCovariance(loc=LOC[0], covariance_matrix=L.dot(L.T)),
            ds.MultivariateNormalDiag(loc=LOC, scale_identity_multiplier=2.0))


def test_mvn_densities_moments_and_shapes():
    with tf.Graph().as_default():
        d, t, f, i = _dists()
        assert [str(x.batch_shape) for x in (d, t, f, i)] == ["(2,)", "(2,)", "()", "(2,)"]
        assert str(d.event_shape) == "(3,)" and d.dtype == tf.float32
        assert d.reparameterization_type is tf.contrib.distributions.FULLY_REPARAMETERIZED
        assert d.name == "MultivariateNormalDiag/"
        assert d.log_prob(X).name.startswith("MultivariateNormalDiag/log_prob/")
        assert sorted(d.parameters) == ["allow_nan_stats", "loc", "name", "scale_diag",
                                        "scale_identity_multiplier", "validate_args"]
        out = dict(dlp=d.log_prob(X), dent=d.entropy(), dmean=d.mean(), dcov=d.covariance(),
                   dstd=d.stddev(), tlp=t.log_prob(X), tent=t.entropy(), tcov=t.covariance(),
                   tlp3=t.log_prob(X[None] * np.ones([4, 1, 1], np.float32)),
                   flp=f.log_prob(X), fent=f.entropy(), ilp=i.log_prob(X), ient=i.entropy(),
                   ldc=t.log_det_covariance())
        assert out["tlp3"].shape.as_list() == [4, 2]
        with tf.Session() as sess:
            r = sess.run(out)
    _close(r["dlp"], [-4.47242, -3.34016])
    _close(r["dent"], [4.66228, 2.69617])
    _close(r["dmean"], LOC)
    _close(r["dcov"], [np.diag(SD[0] ** 2), np.diag(SD[1] ** 2)])
    _close(r["dstd"], SD)
    _close(r["tlp"], [-4.94322, -4.17906])
    _close(r["tlp3"], [[-4.94322, -4.17906]] * 4)
    _close(r["tent"], [4.62146, 4.62146])
    _close(r["tcov"], TRIL_COV)
    _close(r["flp"], [-4.94322, -8.19441])
    _close(r["fent"], 4.62146)
    _close(r["ilp"], [-5.11001, -5.02376])
    _close(r["ient"], [6.33626, 6.33626])
    _close(r["ldc"], 2 * np.log(1.2 * 0.8 * 1.5))


def test_mvn_kl_divergences():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        d, t, f, i = _dists()
        kls = [ds.kl_divergence(d, t), ds.kl_divergence(t, d), ds.kl_divergence(d, i),
               ds.kl_divergence(f, t)]
        assert kls[0].shape.as_list() == [2]
        with tf.Session() as sess:
            r = sess.run(kls)
    _close(r[0], [1.2489, 1.05281])
    _close(r[1], [1.90054, 3.9421])
    _close(r[2], [0.98648, 2.33759])
    _close(r[3], [0.0, 9.51418])


def test_mvn_samples_follow_tf_random_normal():
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        d, t = _dists()[:2]
        a, b = d.sample(4, seed=7), t.sample([4], seed=7)
        assert a.shape.as_list() == [4, 2, 3]
        assert a.name == "MultivariateNormalDiag/sample/Reshape:0"
        with tf.Session() as sess:
            a, b = sess.run([a, b])
    _close(a[0], [[0.67134, -1.31764, -0.31796], [-0.1848, 2.10809, -0.96248]])
    _close(a[3], [[1.6379, -2.44847, 0.8783], [-1.51459, 2.11571, 0.4051]])
    _close(b[0], [[0.21123, -1.3666, 0.17284], [-0.22177, 2.23279, -1.55514]])
    _close(b[3], [[2.53097, -1.38978, -0.04731], [-1.81751, 1.85417, 2.04536]])


def test_mvn_softplus_scale_and_errors():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        s = ds.MultivariateNormalDiagWithSoftplusScale(loc=LOC, scale_diag=SD)
        assert s.name == "MultivariateNormalDiagWithSoftplusScale/"
        with tf.Session() as sess:
            std = sess.run(s.stddev())
        _close(std, np.log1p(np.exp(SD)))
        with pytest.raises(NotImplementedError, match="cdf is not implemented when overriding"):
            s.cdf(X)
        with pytest.raises(ValueError, match="Cannot infer `event_shape` unless `loc`"):
            ds.MultivariateNormalDiag()


def test_fill_triangular_matrix_diag_transform_softplus_inverse():
    ds = tf.contrib.distributions
    x = np.arange(1, 13, dtype=np.float32).reshape(2, 6)
    with tf.Graph().as_default():
        lower, upper = ds.fill_triangular(x), ds.fill_triangular(x, upper=True)
        assert lower.shape.as_list() == [2, 3, 3]
        with tf.Session() as sess:
            r = sess.run(dict(a=lower, b=upper, c=ds.softplus_inverse([1e-9, 0.5, 3., 100.]),
                              d=ds.matrix_diag_transform(lower, transform=tf.nn.softplus)))
        with pytest.raises(ValueError, match=r"Input right-most shape \(4\) does not"):
            ds.fill_triangular(np.zeros([4], np.float32))
    # tfp.math.fill_triangular / softplus_inverse (TF 1.15's distribution_util functions)
    assert r["a"][0].tolist() == [[4., 0., 0.], [6., 5., 0.], [3., 2., 1.]]
    assert r["b"][1].tolist() == [[7., 8., 9.], [0., 11., 12.], [0., 0., 10.]]
    _close(r["c"], [-20.7233, -0.4328, 2.9489, 100.0])
    _close(r["d"][0], [[4.0182, 0., 0.], [6., 5.0067, 0.], [3., 2., 1.3133]])
