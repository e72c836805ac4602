"""tf.contrib.distributions.Mixture and MixtureSameFamily as in TF 1.15's contrib. Densities and
moments printed by TensorFlow Probability 0.25 (same formulas); Mixture samples printed by TF
2.21 composing TF 1.15's recipe: Categorical draws (multinomial, `seed`), then component c draws
its share with seed gen_new_seed(prev, "mixture") (dynamic_partition / dynamic_stitch), or all
n with use_static_graph=True and a one-hot mask. TF 1.15's MixtureSameFamily passed no seed to
its samplers, so only the values' structure is checked there."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

MIX_LOGITS = np.array([[0.2, -0.5, 1.0], [1.5, 0.1, -0.2]], np.float32)
LOCS = np.array([[-1., 0.5, 2.], [0., 1., 3.]], np.float32)
SCALES = np.array([[0.5, 1., 0.7], [1.2, 0.4, 2.]], np.float32)
X = np.array([0.3, 1.7], np.float32)


def _close(got, want, tol=1e-4):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def _mixture(ds, **kwargs):
    return ds.Mixture(cat=ds.Categorical(logits=MIX_LOGITS),
                      components=[ds.Normal(loc=LOCS[:, i], scale=SCALES[:, i])
                                  for i in range(3)], **kwargs)


def test_mixture_same_family_and_mixture_statistics():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        msf = ds.MixtureSameFamily(ds.Categorical(logits=MIX_LOGITS),
                                   ds.Normal(loc=LOCS, scale=SCALES))
        mv = ds.MixtureSameFamily(ds.Categorical(logits=[0.3, -0.3]),
                                  ds.MultivariateNormalDiag(loc=[[0., 1.], [2., -1.]],
                                                            scale_diag=[[1., 0.5], [0.3, 2.]]))
        mx = _mixture(ds)
        assert [str(s) for s in (msf.batch_shape, msf.event_shape, mv.batch_shape,
                                 mv.event_shape, mx.batch_shape, mx.event_shape)] == [
            "(2,)", "()", "()", "(2,)", "(2,)", "()"]
        assert msf.name == "MixtureSameFamily/" and mx.name == "Mixture/"
        with tf.Session() as sess:
            r = sess.run(dict(
                msflp=msf.log_prob(X), msfmean=msf.mean(), msfvar=msf.variance(),
                msfcdf=msf.log_cdf(X), mvlp=mv.log_prob([[0.5, 0.5], [1., -2.]]),
                mvmean=mv.mean(), mvcov=mv.covariance(), mxlp=mx.log_prob(X),
                mxmean=mx.mean(), mxstd=mx.stddev(), mxelb=mx.entropy_lower_bound()))
    _close(r["msflp"], [-2.55976, -1.94402])
    _close(r["msfmean"], [0.99389, 0.55598])
    _close(r["msfvar"], [2.19945, 2.56012])
    _close(r["msfcdf"], [-1.11451, -0.17025])
    _close(r["mvlp"], [-2.20722, -8.04509])
    _close(r["mvmean"], [0.70869, 0.29131])
    _close(r["mvcov"], [[1.59268, -0.91514], [-0.91514, 2.49393]])
    _close(r["mxlp"], [-2.55976, -1.94402])
    _close(r["mxmean"], [0.99389, 0.55598])
    _close(r["mxstd"], [1.48306, 1.60004])
    _close(r["mxelb"], [1.01945, 1.47701])


def test_mixture_samples_follow_tf_recipe():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        dynamic = _mixture(ds).sample(5, seed=12)
        static = _mixture(ds, use_static_graph=True).sample(5, seed=12)
        assert dynamic.shape.as_list() == [5, 2] and static.shape.as_list() == [5, 2]
        with tf.Session() as sess:
            dynamic, static = sess.run([dynamic, static])
    _close(dynamic, [[1.9403, 1.4735], [2.1581, -1.3179], [-0.8626, -0.0294], [0.1534, -0.7616],
                     [1.3452, 4.9864]])
    _close(static, [[1.9403, 1.4735], [2.1581, -0.7305], [-0.1862, -0.0294],
                    [-1.1634, -0.7616], [1.0793, 2.4327]])


def test_mixture_same_family_samples_pick_components_and_errors():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        msf = ds.MixtureSameFamily(ds.Categorical(logits=MIX_LOGITS),
                                   ds.Normal(loc=LOCS, scale=1e-6))
        s = msf.sample([4, 3])
        assert s.shape.as_list() == [4, 3, 2]
        with tf.Session() as sess:
            s = sess.run(s)
        for b in range(2):
            assert np.all(np.min(np.abs(s[..., b, None] - LOCS[b]), -1) < 1e-3)
        with pytest.raises(ValueError, match=r"`mixture_distribution components` \(2\) does not "
                           "equal"):
            ds.MixtureSameFamily(ds.Categorical(logits=[[0., 1.]] * 2),
                                 ds.Normal(loc=LOCS, scale=SCALES))
        with pytest.raises(ValueError, match=r"cat.num_classes != len\(components\): 3 vs. 2"):
            ds.Mixture(cat=ds.Categorical(logits=MIX_LOGITS),
                       components=[ds.Normal(LOCS[:, 0], 1.), ds.Normal(LOCS[:, 1], 1.)])
        with pytest.raises(TypeError, match="cat must be a Categorical distribution"):
            ds.Mixture(cat=ds.Normal(0., 1.), components=[ds.Normal(0., 1.)])
