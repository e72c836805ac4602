"""tf.contrib.distributions.VectorDiffeomixture and the SoftmaxNormal quadrature schemes (TF
1.15 contrib; gone from TensorFlow Probability 0.25). Expected values from TF 1.15's recipe run
on TF 2.21 ops (graph seed 1): the quantile grid from tf.distributions.Normal quantiles pushed
through softmax([q, 0]); log_prob as the log-sum-exp over grid points of the affine-transformed
standard Normal densities; mean / variance / covariance by the law of total variance; samples
from random_normal (op seed 9) through both endpoint affines mixed by tf.distributions.
Categorical ids (seed gen_new_seed(9, "vector_diffeomixture")); the Gauss-Hermite grid by numpy's
hermgauss through the sigmoid."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

DIMS = 3
X = np.array([[0.5, 1., 2.], [-1., 0., 3.]], np.float32)


def _close(got, want, tol=1e-5):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def _scales():
    return [tf.linalg.LinearOperatorScaledIdentity(num_rows=DIMS, multiplier=np.float32(1.1),
                                                   is_positive_definite=True),
            tf.linalg.LinearOperatorDiag(diag=np.linspace(2.5, 3.5, DIMS, dtype=np.float32),
                                         is_positive_definite=True)]


def test_vector_diffeomixture_values():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        vdm = ds.VectorDiffeomixture(
            mix_loc=[[0.], [1.]], temperature=[1.], distribution=ds.Normal(loc=0., scale=1.),
            loc=[None, np.float32([2.] * DIMS)], scale=_scales(), quadrature_size=4,
            validate_args=True)
        assert vdm.name == "VectorDiffeomixture/"
        assert vdm.batch_shape.as_list() == [2] and vdm.event_shape.as_list() == [3]
        assert vdm.grid.shape.as_list() == [2, 2, 4]
        assert vdm.reparameterization_type == ds.FULLY_REPARAMETERIZED
        sample = vdm.sample(3, seed=9)
        assert sample.shape.as_list() == [3, 2, 3]
        with tf.Session() as sess:
            r = sess.run(dict(grid=vdm.grid, lp=vdm.log_prob(X), mean=vdm.mean(),
                              var=vdm.variance(), cov=vdm.covariance(), sample=sample))
    _close(r["grid"], [[[0.334674, 0.446976, 0.553024, 0.665326],
                        [0.665326, 0.553024, 0.446976, 0.334674]],
                       [[0.57337, 0.684827, 0.769037, 0.842174],
                        [0.42663, 0.315173, 0.230963, 0.157826]]])
    _close(r["lp"], [-5.003025, -5.84784])
    _close(r["mean"], [[1., 1., 1.], [0.565296, 0.565296, 0.565296]])
    _close(r["var"], [[3.32983, 4.317199, 5.437104], [2.296801, 2.756049, 3.260247]])
    _close(r["cov"][0], [[3.32983, 0.060289, 0.060289], [0.060289, 4.317199, 0.060289],
                         [0.060289, 0.060289, 5.437104]])
    _close(r["cov"][1], [[2.296801, 0.040041, 0.040041], [0.040041, 2.756049, 0.040041],
                         [0.040041, 0.040041, 3.260247]])
    _close(r["sample"], [[[0.454548, -2.10174, -2.770008], [1.733157, 0.537369, 2.120367]],
                         [[0.955777, 0.176342, -0.164007], [-0.915172, 0.635889, 3.626651]],
                         [[0.686436, 0.292958, -0.095795], [0.513937, 0.869207, 0.217883]]])


def test_softmaxnormal_gauss_hermite_scheme():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        grid, probs = ds.quadrature_scheme_softmaxnormal_gauss_hermite([[0.5]], [[2.]], 3)
        assert grid.shape.as_list() == [1, 2, 3]
        with tf.Session() as sess:
            grid, probs = sess.run([grid, probs])
    _close(grid[0], [[0.049074, 0.622459, 0.981369], [0.950926, 0.377541, 0.018631]])
    _close(probs, [1 / 6., 2 / 3., 1 / 6.])


def test_vector_diffeomixture_errors():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        base = ds.Normal(loc=0., scale=1.)
        with pytest.raises(ValueError, match="Must specify list \\(or list-like object\\) of "
                                             "scale LinearOperators"):
            ds.VectorDiffeomixture([0.], [1.], base, scale=_scales()[:1])
        with pytest.raises(ValueError, match="loc/scale must be same-length lists"):
            ds.VectorDiffeomixture([0.], [1.], base, loc=[None], scale=_scales())
        with pytest.raises(NotImplementedError, match="Currently only bimixtures are supported; "
                                                      "len\\(scale\\)=3 is not 2."):
            ds.VectorDiffeomixture([0.], [1.], base, scale=_scales() + _scales()[:1])
        with pytest.raises(NotImplementedError, match="Currently only bimixtures are supported; "
                                                      "normal_scale.shape\\[-1\\]=2 is not 1."):
            ds.VectorDiffeomixture([0., 1.], [1., 1.], base, scale=_scales())
        with pytest.raises(ValueError, match="scale\\[0\\].is_positive_definite = None != True"):
            ds.VectorDiffeomixture([0.], [1.], base, validate_args=True, scale=[
                tf.linalg.LinearOperatorDiag([1., 1., 1.]), _scales()[1]])
