"""tf.contrib.distributions OneHotCategorical, RelaxedOneHotCategorical,
ExpRelaxedOneHotCategorical, RelaxedBernoulli, Logistic, Poisson, Geometric, NegativeBinomial,
Deterministic and Independent as in TF 1.15's contrib. Densities, CDFs and statistics printed
by TensorFlow Probability 0.25 (same formulas as TF 1.15); samples printed by TF 2.21 composing
the core random ops TF 1.15's `_sample_n` used (multinomial + one_hot, random_uniform on
[tiny, 1) with Gumbel / logistic transforms, random_poisson, random_gamma then random_poisson
with gen_new_seed(seed, "negative_binom"))."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

LOGITS = np.array([[0.5, -1., 2.], [0.1, 0.2, -0.3]], np.float32)
ONE_HOT = np.array([[0., 0., 1.], [1., 0., 0.]], np.float32)
Y = np.array([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]], np.float32)


def _close(got, want, tol=1e-4):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def _run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_one_hot_and_relaxed_categoricals():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        o = ds.OneHotCategorical(logits=LOGITS)
        o2 = ds.OneHotCategorical(probs=Y)
        r = ds.RelaxedOneHotCategorical(0.5, logits=LOGITS)
        e = ds.ExpRelaxedOneHotCategorical(0.7, logits=LOGITS)
        assert [str(o.batch_shape), str(o.event_shape), str(r.event_shape)] == ["(2,)", "(3,)",
                                                                              "(3,)"]
        assert o.dtype == tf.int32 and r.dtype == tf.float32
        assert r.reparameterization_type is ds.FULLY_REPARAMETERIZED
        assert o.reparameterization_type is ds.NOT_REPARAMETERIZED
        got = _run(dict(olp=o.log_prob(ONE_HOT), oent=o.entropy(), omode=o.mode(),
                        ocov=o.covariance(), okl=ds.kl_divergence(o, o2), rlp=r.log_prob(Y),
                        elp=e.log_prob(np.log(Y))))
    _close(got["olp"], [-0.24131, -1.02083])
    _close(got["oent"], [0.62158, 1.07761])
    assert got["omode"].tolist() == [[0, 0, 1], [0, 1, 0]]
    _close(got["ocov"][1], [[0.23048, -0.14347, -0.08702], [-0.14347, 0.23963, -0.09617],
                            [-0.08702, -0.09617, 0.18319]])
    _close(got["okl"], [0.25216, 0.31408])
    _close(got["rlp"], [-2.01882, -0.34719])
    _close(got["elp"], [-4.72749, -3.93735])


def test_scalar_contrib_distributions():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        rb = ds.RelaxedBernoulli(0.6, logits=[0.3, -1.2])
        lg = ds.Logistic(loc=[0., 1.], scale=[1., 2.5])
        p, pl = ds.Poisson(rate=[1.5, 4.0]), ds.Poisson(log_rate=[0.2])
        ge = ds.Geometric(probs=[0.3, 0.8])
        nb = ds.NegativeBinomial(total_count=[3., 5.5], logits=[0.2, -0.4])
        de = ds.Deterministic(loc=[1., 2.], atol=0.1)
        assert rb.name == "RelaxedBernoulli/"
        got = _run(dict(
            rblp=rb.log_prob([0.3, 0.9]), rbcdf=rb.cdf([0.3, 0.9]), lglp=lg.log_prob([0.5, -1.]),
            lgcdf=lg.cdf([0.5, -1.]), lgent=lg.entropy(), lgstd=lg.stddev(),
            lglsf=lg.log_survival_function([0.5, -1.]), plp=p.log_prob([2., 3.]),
            pcdf=p.cdf([2., 3.]), pmode=p.mode(), pllp=pl.log_prob([3.]),
            gelp=ge.log_prob([0., 3.]), gecdf=ge.cdf([0., 3.]), geent=ge.entropy(),
            gemean=ge.mean(), gevar=ge.variance(), nblp=nb.log_prob([2., 4.]),
            nbcdf=nb.cdf([2., 4.]), nbmean=nb.mean(), nbvar=nb.variance(), nbmode=nb.mode(),
            deprob=de.prob([1.05, 2.5]), decdf=de.cdf([0.95, 1.5])))
    want = dict(rblp=[-0.49558, -0.77624], rbcdf=[0.30824, 0.92542], lglp=[-1.44815, -2.45849],
                lgcdf=[0.62246, 0.31003], lgent=[2.0, 2.91629], lgstd=[1.8138, 4.5345],
                lglsf=[-0.97408, -0.3711], plp=[-1.38222, -1.63288], pcdf=[0.80885, 0.43347],
                pmode=[1.0, 4.0], pllp=[-2.41316], gelp=[-1.20397, -5.05146],
                gecdf=[0.3, 0.9984], geent=[2.03621, 0.6255], gemean=[2.33333, 0.25],
                gevar=[7.77778, 0.3125], nblp=[-1.79894, -1.92018], nbcdf=[0.40718, 0.68065],
                nbmean=[3.66421, 3.68676], nbvar=[8.13968, 6.15807], nbmode=[2.0, 3.0],
                deprob=[1.0, 0.0], decdf=[1.0, 0.0])
    for key, value in want.items():
        _close(got[key], value)


def test_independent():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        ind = ds.Independent(ds.Normal(loc=LOGITS, scale=1.5), reinterpreted_batch_ndims=1)
        ind2 = ds.Independent(ds.Normal(loc=ONE_HOT, scale=0.5))
        assert [str(ind.batch_shape), str(ind.event_shape)] == ["(2,)", "(3,)"]
        assert ind.name == "IndependentNormal/"
        got = _run(dict(lp=ind.log_prob(ONE_HOT), ent=ind.entropy(),
                        kl=ds.kl_divergence(ind, ind2)))
        with pytest.raises(ValueError, match=r"reinterpreted_batch_ndims\(3\) cannot exceed"):
            ds.Independent(ds.Normal(loc=LOGITS, scale=1.5), reinterpreted_batch_ndims=3)
    _close(got["lp"], [-4.47321, -4.1821])
    _close(got["ent"], [5.47321, 5.47321])
    _close(got["kl"], [13.20416, 10.58416])


def test_samples_follow_tf_core_random_ops():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        out = dict(oh=ds.OneHotCategorical(logits=LOGITS).sample(4, seed=5),
                   r=ds.RelaxedOneHotCategorical(0.5, logits=LOGITS).sample(4, seed=6),
                   rb=ds.RelaxedBernoulli(0.6, logits=[0.3, -1.2]).sample(4, seed=7),
                   p=ds.Poisson(rate=[1.5, 4.0]).sample(4, seed=8),
                   ge=ds.Geometric(probs=[0.3, 0.8]).sample(4, seed=9),
                   nb=ds.NegativeBinomial(total_count=[3., 5.5], logits=[0.2, -0.4]).sample(
                       4, seed=10),
                   ind=ds.Independent(ds.Normal(loc=LOGITS, scale=1.5), 1).sample(4, seed=11),
                   de=ds.Deterministic([1., 2.]).sample([2]))
        assert {k: v.shape.as_list() for k, v in out.items()} == dict(
            oh=[4, 2, 3], r=[4, 2, 3], rb=[4, 2], p=[4, 2], ge=[4, 2], nb=[4, 2],
            ind=[4, 2, 3], de=[2, 2])
        got = _run(out)
    assert got["oh"].tolist() == [[[0, 1, 0], [0, 1, 0]], [[1, 0, 0], [0, 0, 1]],
                                  [[0, 0, 1], [1, 0, 0]], [[0, 0, 1], [1, 0, 0]]]
    _close(got["r"][0], [[0.8848, 0.0002, 0.115], [0.1324, 0.8673, 0.0003]])
    _close(got["r"][3], [[0.8767, 0.0142, 0.1092], [0.0493, 0.7057, 0.245]])
    _close(got["rb"], [[0.8964, 0.2057], [0.4195, 0.0006], [0.8951, 0.0387], [0.9557, 0.0424]])
    assert got["p"].tolist() == [[4.0, 3.0], [4.0, 3.0], [0.0, 4.0], [0.0, 6.0]]
    assert got["ge"].tolist() == [[0.0, 1.0], [3.0, 0.0], [3.0, 0.0], [0.0, 2.0]]
    assert got["nb"].tolist() == [[5.0, 5.0], [8.0, 5.0], [5.0, 1.0], [0.0, 1.0]]
    _close(got["ind"][0], [[2.1039, -0.8463, 2.2189], [-0.0812, 1.6704, -1.2434]])
    assert got["de"].tolist() == [[1.0, 2.0], [1.0, 2.0]]


def test_gumbel():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        g = ds.Gumbel(loc=[0., 1.], scale=[1., 2.5])
        assert g.name == "Gumbel/" and str(g.batch_shape) == "(2,)"
        got = _run(dict(lp=g.log_prob([0.5, -1.]), cdf=g.cdf([0.5, -1.]),
                        lcdf=g.log_cdf([0.5, -1.]), ent=g.entropy(), mean=g.mean(),
                        std=g.stddev(), mode=g.mode(), smp=g.sample(4, seed=5)))
    want = dict(cdf=[0.54524, 0.10801], ent=[1.57722, 2.49351], lcdf=[-0.60653, -2.22554],
                lp=[-1.10653, -2.34183], mean=[0.57722, 2.44304], mode=[0.0, 1.0],
                std=[1.28255, 3.20637],
                smp=[[0.0811, 5.4108], [-1.6863, 2.6973], [1.5155, 4.6235], [1.7345, 3.3436]])
    for key, value in want.items():
        _close(got[key], value)
