"""tf.contrib.distributions HalfNormal, InverseGamma, Chi2, Binomial, Cauchy, Kumaraswamy,
QuantizedDistribution, MultivariateNormalDiagPlusLowRank, the *WithSoftplus* / *WithAbsDf*
families and the module functions fill_triangular_inverse, reduce_weighted_logsumexp, tridiag,
normal_conjugates_known_scale_*, auto_correlation, the moving statistics and SeedStream as in
TF 1.15's contrib. Densities, CDFs, statistics printed by TensorFlow Probability 0.25 (same
formulas as TF 1.15; InverseGamma's `rate` is TFP's `scale`); samples printed by TF 2.21
composing the core random ops TF 1.15's `_sample_n` used (abs(random_normal * scale),
1 / random_gamma, random_gamma(0.5 * df, 0.5), the Cauchy quantile of random_uniform)."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only


def _close(got, want, tol=1e-4):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def _run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def _check_all(got, want):
    for key, value in want.items():
        _close(got[key], value)


def test_half_normal_inverse_gamma_chi2():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        hn = ds.HalfNormal(scale=[1.0, 2.5])
        ig = ds.InverseGamma(concentration=[0.5, 1.5, 3.0], rate=[1.0, 2.0, 0.5])
        c2 = ds.Chi2(df=[1.0, 3.0, 7.5])
        assert [hn.name, ig.name, c2.name] == ["HalfNormal/", "InverseGamma/", "Chi2/"]
        assert hn.reparameterization_type is ds.FULLY_REPARAMETERIZED
        assert ig.reparameterization_type is ds.NOT_REPARAMETERIZED
        assert [str(d.batch_shape) for d in (hn, ig, c2)] == ["(2,)", "(3,)", "(3,)"]
        assert c2.df.name == "Chi2/df:0" and c2.rate.name == "Chi2/rate:0"
        assert sorted(c2.parameters) == ["allow_nan_stats", "df", "name", "validate_args"]
        x = np.array([0.5, 3.0], np.float32)
        xi = np.array([0.4, 1.2, 2.0], np.float32)
        got = _run(dict(
            hn_lp=hn.log_prob(x), hn_cdf=hn.cdf(x), hn_ent=hn.entropy(), hn_mean=hn.mean(),
            hn_var=hn.variance(), hn_std=hn.stddev(), hn_q=hn.quantile([0.3, 0.9]),
            hn_neg=hn.prob([-1.0, -0.1]), hn_mode=hn.mode(),
            ig_lp=ig.log_prob(xi), ig_cdf=ig.cdf(xi), ig_ent=ig.entropy(), ig_mean=ig.mean(),
            ig_var=ig.variance(), ig_std=ig.stddev(), ig_mode=ig.mode(),
            c2_lp=c2.log_prob(xi), c2_cdf=c2.cdf(xi), c2_ent=c2.entropy(), c2_mean=c2.mean(),
            c2_var=c2.variance()))
    _check_all(got, dict(
        hn_lp=[-0.35079, -1.86208], hn_cdf=[0.38292, 0.76986], hn_ent=[0.72579, 1.64208],
        hn_mean=[0.79788, 1.99471], hn_var=[0.36338, 2.27113], hn_std=[0.60281, 1.50703],
        hn_q=[0.38532, 4.11213], hn_neg=[0.0, 0.0], hn_mode=[0.0, 0.0],
        ig_lp=[-1.69793, -0.96197, -5.79518], ig_cdf=[0.02535, 0.34303, 0.99784],
        ig_ent=[4.01763, 1.98114, -0.69114], ig_mean=[np.nan, 4.0, 0.25],
        ig_var=[np.nan, np.nan, 0.0625], ig_std=[np.nan, np.nan, 0.25],
        ig_mode=[0.66667, 0.8, 0.125],
        c2_lp=[-0.66079, -1.42778, -3.17996], c2_cdf=[0.47291, 0.247, 0.0278],
        c2_ent=[0.78376, 2.05412, 2.67799], c2_mean=[1.0, 3.0, 7.5], c2_var=[2.0, 6.0, 15.0]))


def test_binomial():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        bi = ds.Binomial(total_count=[5., 10.], probs=[0.3, 0.65])
        bl = ds.Binomial(total_count=8., logits=[[0.2], [-1.0]])
        assert bi.name == "Binomial/" and bl.name == "Binomial_1/"
        assert bi.logits.name == "Binomial/logits/sub:0"
        assert [str(bi.batch_shape), str(bl.batch_shape), str(bi.event_shape)] == [
            "(2,)", "(2, 1)", "()"]
        with pytest.raises(NotImplementedError, match="sample_n is not implemented: Binomial"):
            bi.sample()
        k = np.array([2., 7.], np.float32)
        got = _run(dict(bi_lp=bi.log_prob(k), bi_cdf=bi.cdf(k), bi_mean=bi.mean(),
                        bi_var=bi.variance(), bi_mode=bi.mode(), bl_lp=bl.log_prob(k),
                        bl_cdf=bl.cdf(k), bi_full=bi.cdf([5., 10.])))
    _check_all(got, dict(
        bi_lp=[-1.17539, -1.37746], bi_cdf=[0.83692, 0.73839], bi_mean=[1.5, 6.5],
        bi_var=[1.05, 2.275], bi_mode=[1.0, 7.0], bi_full=[1.0, 1.0],
        bl_lp=[[-2.65291, -2.90567], [-1.17389, -7.42665]],
        bl_cdf=[[0.08861, 0.99165], [0.63086, 0.99997]]))


def test_validate_args_and_allow_nan_stats():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        conc = tf.placeholder(tf.float32, [2])
        count = tf.placeholder(tf.float32, [])
        k = tf.placeholder(tf.float32, [])
        ig = ds.InverseGamma(conc, [1., 1.], allow_nan_stats=False)
        igv = ds.InverseGamma(conc, [1., 1.], validate_args=True)
        bv = ds.Binomial(count, probs=0.3, validate_args=True)
        bk = ds.Binomial(5., probs=0.3, validate_args=True)
        cases = [(ig.mean(), {conc: [0.5, 3.]}, "mean undefined when any concentration <= 1"),
                 (ig.variance(), {conc: [1.5, 3.]},
                  "variance undefined when any concentration <= 2"),
                 (igv.mean(), {conc: [-0.5, 3.]}, "x > 0 did not hold"),
                 (bv.mean(), {count: 5.5}, "total_count cannot contain fractional components."),
                 (bv.mean(), {count: -2.}, "total_count must be non-negative."),
                 (bk.log_prob(k), {k: 6.}, "counts are not less than or equal to n."),
                 (bk.log_prob(k), {k: 2.5}, "cannot contain fractional components.")]
        with tf.Session() as sess:
            for tensor, feed, message in cases:
                with pytest.raises(tf.errors.InvalidArgumentError, match=message):
                    sess.run(tensor, feed)
            _close(sess.run(ig.mean(), {conc: [1.5, 3.]}), [2.0, 0.5])


def test_dynamic_batch_shape():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [None, 3])
        hn = ds.HalfNormal(p)
        ig = ds.InverseGamma(p, 2.0)
        assert [str(hn.batch_shape), str(ig.batch_shape)] == ["(?, 3)", "(?, 3)"]
        assert hn.sample(2, seed=1).shape.as_list() == [2, None, 3]
        got = _run([hn.batch_shape_tensor(), ig.batch_shape_tensor(), ig.event_shape_tensor()],
                   {p: np.ones([4, 3], np.float32)})
    assert [g.tolist() for g in got] == [[4, 3], [4, 3], []]


def test_softplus_and_abs_df_families():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        n1 = ds.NormalWithSoftplusScale(loc=[0., 1.], scale=[-1., 0.5])
        l1 = ds.LaplaceWithSoftplusScale(loc=[0., 1.], scale=[-1., 0.5])
        e1 = ds.ExponentialWithSoftplusRate(rate=[-0.5, 2.])
        g1 = ds.GammaWithSoftplusConcentrationRate([0.3, 2.], [1., -1.])
        b1 = ds.BetaWithSoftplusConcentration([0.3, 2.], [1., -1.])
        s1 = ds.StudentTWithAbsDfSoftplusScale(df=[-3.7, 5.2], loc=[0., 1.], scale=[0.2, -0.3])
        i1 = ds.InverseGammaWithSoftplusConcentrationRate([2.3, 4.], [1., -1.])
        ca = ds.Chi2WithAbsDf(df=[-3.7, 5.2])
        assert n1.name == "NormalWithSoftplusScale/"
        assert n1.scale.name == "NormalWithSoftplusScale/scale:0"
        assert sorted(n1.parameters) == ["allow_nan_stats", "loc", "name", "scale",
                                         "validate_args"]
        assert isinstance(n1, ds.Normal) and isinstance(ca, ds.Chi2)
        assert ca.df.name == "Chi2WithAbsDf/df:0" and s1.df.name.startswith(
            "StudentTWithAbsDfSoftplusScale/")
        xs = np.array([0.3, 0.8], np.float32)
        got = _run(dict(n1=n1.log_prob(xs), n1s=n1.stddev(), l1=l1.log_prob(xs),
                        e1=e1.log_prob(xs), e1m=e1.mean(), g1=g1.log_prob(xs),
                        b1=b1.log_prob(xs), s1=s1.log_prob(xs), s1v=s1.variance(),
                        i1=i1.log_prob(xs), ca=ca.log_prob(xs), cam=ca.mean(),
                        kl_c2=ds.kl_divergence(ds.Chi2([3.]), ds.Chi2([5.])),
                        kl_n=ds.kl_divergence(ds.NormalWithSoftplusScale([0.], [1.]),
                                              ds.Normal([1.], [2.])),
                        kl_b=ds.kl_divergence(ds.BetaWithSoftplusConcentration([1.], [2.]),
                                              ds.Beta([2.], [2.]))))
    _check_all(got, dict(
        b1=[0.15067, -0.01181], ca=[-1.67092, -2.75227], cam=[3.0, 5.0], e1=[-0.88861, -0.94686],
        e1m=[2.10936, 0.47016], g1=[-0.08869, -3.02956], i1=[0.14947, -5.75035],
        l1=[-0.4901, -0.8722], n1=[-0.21678, -0.91375], n1s=[0.31326, 0.97408],
        s1=[-0.86745, -0.45577], s1v=[1.91108, 0.51218], kl_c2=[0.36898], kl_n=[0.26122],
        kl_b=[0.1714]))


def test_samples_follow_tf_core_random_ops():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        out = dict(hn=ds.HalfNormal([1.0, 2.5]).sample(4, seed=5),
                   ig=ds.InverseGamma([0.5, 1.5, 3.0], [1.0, 2.0, 0.5]).sample(4, seed=6),
                   c2=ds.Chi2([1.0, 3.0, 7.5]).sample(4, seed=7),
                   nsp=ds.NormalWithSoftplusScale([0., 1.], [-1., 0.5]).sample(4, seed=8))
        assert {k: v.shape.as_list() for k, v in out.items()} == dict(
            hn=[4, 2], ig=[4, 3], c2=[4, 3], nsp=[4, 2])
        got = _run(out)
    _check_all(got, dict(
        c2=[[2.6152, 0.8164, 17.5577], [0.0435, 0.1434, 6.2716], [0.4705, 2.2161, 5.6257],
            [0.654, 3.0126, 3.2071]],
        hn=[[1.1347, 1.8652], [1.9681, 6.579], [0.6412, 0.4202], [0.531, 0.6663]],
        ig=[[1.6973, 1.8451, 0.3357], [1.4579, 1.0179, 0.1244], [1.5147, 1.4107, 0.1299],
            [1.5498, 5.8896, 0.0871]],
        nsp=[[0.0542, 2.3818], [0.0093, 0.1506], [0.0922, 2.4064], [-0.1449, 1.3081]]))


def test_module_functions():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        lx = np.array([[0., 1., 2.], [-1., 0.5, 3.]], np.float32)
        w = np.array([[1., -1., 0.5], [2., 1., -0.1]], np.float32)
        rw_s, sign = ds.reduce_weighted_logsumexp(lx, w, axis=-1, return_sign=True)
        prior = ds.Normal(loc=[0., 1.], scale=[2., 0.5])
        s = tf.constant([3.0, 4.0])
        post = ds.normal_conjugates_known_scale_posterior(prior, scale=1.5, s=s, n=4)
        pred = ds.normal_conjugates_known_scale_predictive(prior, scale=1.5, s=s, n=4)
        tri = ds.tridiag([1., 2.], [3., 4., 5.], [6., 7.])
        m = np.array([[[4., 0., 0.], [6., 5., 0.], [3., 2., 1.]]], np.float32)
        fti = ds.fill_triangular_inverse(m)
        assert fti.shape.as_list() == [1, 6] and tri.shape.as_list() == [3, 3]
        with pytest.raises(ValueError, match="Must specify at least one of"):
            ds.tridiag()
        with pytest.raises(TypeError, match="Observation sum s.dtype does not match"):
            ds.normal_conjugates_known_scale_posterior(prior, 1.5, tf.constant([3.], tf.float64),
                                                       4)
        got = _run(dict(
            rw=ds.reduce_weighted_logsumexp(lx, w, axis=-1), rw_s=rw_s, sign=sign,
            rw_all=ds.reduce_weighted_logsumexp(lx, w),
            rw_k=ds.reduce_weighted_logsumexp(lx, w, axis=0, keep_dims=True),
            rw_n=ds.reduce_weighted_logsumexp(lx, axis=1), post_loc=post.loc,
            post_scale=post.scale, pred_loc=pred.loc, pred_scale=pred.scale, tri=tri, fti=fti,
            ftiu=ds.fill_triangular_inverse(ds.fill_triangular([1., 2., 3., 4., 5., 6.],
                                                               upper=True), upper=True)))
    _check_all(got, dict(
        rw=[0.6812, -0.97836], rw_s=[0.6812, -0.97836], sign=[1., 1.], rw_all=0.85534,
        rw_k=[[0.55144, 0.06725, 0.52234]], rw_n=[2.40761, 3.09567],
        post_loc=[0.65753, 1.0], post_scale=[0.70225, 0.41603], pred_loc=[0.65753, 1.0],
        pred_scale=[1.65625, 1.55662], tri=[[3., 6., 0.], [1., 4., 7.], [0., 2., 5.]],
        fti=[[1., 2., 3., 4., 5., 6.]], ftiu=[1., 2., 3., 4., 5., 6.]))


def test_cauchy():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        c = ds.Cauchy(loc=[0., 1.], scale=[1., 2.5])
        assert c.name == "Cauchy/" and str(c.batch_shape) == "(2,)"
        with pytest.raises(ValueError, match="`mean` is undefined for Cauchy distribution."):
            ds.Cauchy(0., 1., allow_nan_stats=False).mean()
        x = np.array([0.5, -3.], np.float32)
        got = _run(dict(lp=c.log_prob(x), cdf=c.cdf(x), lcdf=c.log_cdf(x), ent=c.entropy(),
                        q=c.quantile([0.2, 0.9]), mode=c.mode(), mean=c.mean(), std=c.stddev(),
                        var=c.variance(), smp=c.sample(4, seed=5)))
    _check_all(got, dict(
        cdf=[0.64758, 0.17781], ent=[2.53102, 3.44731], lcdf=[-0.43451, -1.72705],
        lp=[-1.36787, -3.33078], mean=[np.nan, np.nan], mode=[0.0, 1.0], q=[-1.37638, 8.69421],
        std=[np.nan, np.nan], var=[np.nan, np.nan],
        smp=[[-0.333, 5.6357], [-70.4341, 1.8314], [1.4018, 4.2398], [1.7951, 2.5424]]))


def test_auto_correlation():
    """Values printed by tfp.stats.auto_correlation (TF 1.15's code moved there)."""
    ac = tf.contrib.distributions.auto_correlation
    with tf.Graph().as_default():
        x = np.array([[1., 3., 2., 5., 4., 6., 3.], [0.5, -1., 2., 0.3, 0.1, -0.7, 1.2]],
                     np.float32)
        out = dict(a=ac(x), b=ac(x, max_lags=3), c=ac(x.T, axis=0, max_lags=2, center=False),
                   d=ac(x, normalize=False, max_lags=10))
        assert {k: v.shape.as_list() for k, v in out.items()} == dict(
            a=[2, 7], b=[2, 4], c=[3, 2], d=[2, 7])
        assert out["a"].dtype == tf.float32
        got = _run(out)
    _check_all(got, dict(
        a=[[1.0, 0.04435, 0.45645, -0.83065, -0.24731, -1.19758, 0.41129],
           [1.0, -0.56689, -0.05376, -0.39176, 1.00553, -0.71272, 0.14602]],
        b=[[1.0, 0.04435, 0.45645, -0.83065], [1.0, -0.56689, -0.05376, -0.39176]],
        c=[[1.0, 1.0], [0.945, -0.44551], [0.938, 0.15577]],
        d=[[2.53061, 0.11224, 1.1551, -2.10204, -0.62585, -3.03061, 1.04082],
           [0.92245, -0.52293, -0.04959, -0.36138, 0.92755, -0.65745, 0.13469]]))


def test_kumaraswamy():
    """Densities printed by TFP 0.25's Kumaraswamy (its entropy is the correct one: TF 1.15's
    had a and b swapped, see known_differences); samples by TF 2.21 running TF 1.15's recipe
    (the Kumaraswamy bijector's forward of random_uniform)."""
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        k = ds.Kumaraswamy([0.5, 2.0, 3.0], [2.0, 3.0, 0.7])
        assert k.name == "Kumaraswamy/" and str(k.batch_shape) == "(3,)"
        assert k.reparameterization_type is ds.FULLY_REPARAMETERIZED
        x = np.array([0.3, 0.5, 0.9], np.float32)
        got = _run(dict(lp=k.log_prob(x), cdf=k.cdf(x), ent=k.entropy(), mean=k.mean(),
                        var=k.variance(), mode=k.mode(), smp=k.sample(4, seed=5)))
    _check_all(got, dict(
        cdf=[0.79545, 0.57812, 0.59906], ent=[-1.0, -0.20843, -0.64667],
        lp=[-0.19147, 0.52325, 0.92291], mean=[0.16667, 0.45714, 0.79976],
        mode=[np.nan, 0.44721, np.nan], var=[0.03889, 0.04102, 0.03508],
        smp=[[0.0501, 0.6783, 0.1861], [0.1364, 0.6465, 0.963], [0.3573, 0.5596, 0.9761],
             [0.0037, 0.5162, 0.8276]]))


def test_moving_statistics():
    """Values printed by TF 2.21 running TF 1.15's moving_stats ops (assign_add / assign_sub
    recurrences) on the same variables."""
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        v = tf.placeholder(tf.float32, [2])
        m, s = ds.moving_mean_variance(v, 0.9)
        lme = tf.get_variable("lme", [2], initializer=tf.zeros_initializer())
        lm = ds.assign_log_moving_mean_exp(lme, v, 0.9)
        assert [x.name for x in tf.global_variables()] == [
            "moving_mean_variance/moving_variance:0", "moving_mean_variance/moving_mean:0",
            "lme:0"]
        assert [x.name for x in tf.trainable_variables()] == ["lme:0"]
        with pytest.raises(TypeError, match=r"mean_var.base_dtype\(float32\) != "
                                            r"variance_var.base_dtype\(float64\)"):
            ds.assign_moving_mean_variance(
                lme, tf.get_variable("v64", [2], tf.float64), v, 0.9)
        got = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for value in ([1., -2.], [3., 0.5], [-1., 4.]):
                got.append(sess.run([m, s], {v: value}) + [sess.run(lm, {v: value})])
    want = [[[0.1, -0.2], [0.09, 0.36], [0.15857, -0.09044]],
            [[0.39, -0.13], [0.8379, 0.3681], [1.11946, -0.01303]],
            [[0.251, 0.283], [0.928, 1.86641], [1.02736, 1.84817]]]
    for step_got, step_want in zip(got, want):
        for g, w in zip(step_got, step_want):
            _close(g, w)


def test_quantized_distribution():
    """Values printed by TFP 0.25's QuantizedDistribution (TF 1.15's code moved there)."""
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        q = ds.QuantizedDistribution(ds.Normal(loc=[0.3, 2.0], scale=[1.0, 3.0]), low=-2.,
                                     high=4.)
        q2 = ds.QuantizedDistribution(ds.Logistic(loc=[10., 100.], scale=[2., 5.]))
        assert q.name == "QuantizedDistribution/" and str(q.batch_shape) == "(2,)"
        assert q.reparameterization_type is ds.NOT_REPARAMETERIZED
        y = np.array([[-3., 0.], [1., 4.], [4., 7.], [-2., 2.]], np.float32)
        smp = q.sample(4, seed=4)
        got = _run(dict(lp=q.log_prob(y), p=q.prob(y), cdf=q.cdf(y + 0.5), lcdf=q.log_cdf(y),
                        sf=q.survival_function(y), lsf=q.log_survival_function(y),
                        lp2=q2.log_prob([[9., 120.], [11., 90.]]), p2=q2.prob([[9., 120.]]),
                        smp=smp))
    # TF 2.21: ceil(random_normal(seed=4) * scale + loc) clipped to [low, high]
    assert got["smp"].tolist() == [[1.0, 2.0], [1.0, 3.0], [1.0, 4.0], [-1.0, 4.0]]
    _check_all(got, dict(
        cdf=[[0.0, 0.25249], [0.75804, 1.0], [1.0, 1.0], [0.01072, 0.5]],
        lcdf=[[-np.inf, -1.37637], [-0.27702, 0.0], [0.0, 0.0], [-4.53526, -0.69315]],
        lp=[[np.nan, -2.36619], [-0.97831, -0.99576], [-5.66447, np.nan], [-4.53526, -2.03593]],
        lp2=[[-2.22009, -5.54805], [-2.09998, -3.93978]],
        lsf=[[0.0, -0.29101], [-1.41897, -np.inf], [-np.inf, -np.inf], [-0.01078, -0.69315]],
        p=[[0.0, 0.09384], [0.37595, 0.36944], [0.00347, 0.0], [0.01072, 0.13056]],
        p2=[[0.1086, 0.0039]], sf=[[1.0, 0.74751], [0.24196, 0.0], [0.0, 0.0], [0.98928, 0.5]]))


def test_seed_stream():
    """Seeds printed (mod 1000003) by tfp.util.SeedStream (TF 1.15's class moved there)."""
    ds = tf.contrib.distributions
    stream = ds.SeedStream(42, "foo")
    first, second = stream(), stream()
    assert (first % 1000003, second % 1000003, first.bit_length()) == (769901, 116870, 512)
    derived = ds.SeedStream(stream, salt="bar")
    assert (derived.original_seed, derived.salt) == (42, "bar")
    assert ds.SeedStream(None, "x")() is None


def test_multivariate_normal_diag_plus_low_rank():
    """Values printed by TFP 0.25's MultivariateNormalDiagPlusLowRank (scale_identity_multiplier
    written there as scale_diag); covariance / stddev keep TF 1.15's unbroadcast [k, k] / [k]
    shapes (TF 1.15's MultivariateNormalLinearOperator returned the scale's)."""
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        d = ds.MultivariateNormalDiagPlusLowRank(
            loc=[[1., 2., 3.], [0., 0., 0.]], scale_diag=[1., 2., 0.5],
            scale_perturb_factor=[[0.5, 0.1], [-0.3, 0.2], [0.4, 0.6]],
            scale_perturb_diag=[1.5, 0.7])
        d2 = ds.MultivariateNormalDiagPlusLowRank(loc=[1., -1.], scale_identity_multiplier=2.,
                                                  scale_perturb_factor=[[0.5], [1.0]])
        assert d.name == "MultivariateNormalDiagPlusLowRank/"
        assert [str(d.batch_shape), str(d.event_shape)] == ["(2,)", "(3,)"]
        x = np.array([[0.5, 2.5, 2.], [1., -1., 0.3]], np.float32)
        other = ds.MultivariateNormalDiag(loc=[0., 0., 0.], scale_diag=[1., 1., 2.])
        got = _run(dict(lp=d.log_prob(x), ent=d.entropy(), cov=d.covariance(), std=d.stddev(),
                        mean=d.mean(), lp2=d2.log_prob([0., 0.]), cov2=d2.covariance(),
                        kl=ds.kl_divergence(d, other), smp=d.sample(3, seed=2)))
    # TF 2.21: dense scale @ random_normal([3, 2, 3], seed=2) + loc, graph seed 3
    _close(got["smp"][0], [[1.0783, 2.7872, 1.7563], [1.4626, -0.7242, -0.7341]])
    _close(got["smp"][2], [[0.6587, -2.125, 3.6707], [-0.7023, 3.8376, -0.4473]])
    _check_all(got, dict(
        cov=[[2.07141, -0.78083, 0.83216], [-0.78083, 4.73231, -0.37504],
             [0.83216, -0.37504, 1.11024]],
        cov2=[[5.3125, 2.625], [2.625, 9.25]], ent=[5.23864, 5.23864], kl=[5.37696, 1.75196],
        lp=[-4.21745, -4.03161], lp2=-3.94415, mean=[[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]],
        std=[1.43924, 2.17539, 1.05368]))


def test_vector_deterministic():
    """Values printed by TFP 0.25's VectorDeterministic (TF 1.15's code moved there)."""
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        v = ds.VectorDeterministic([[0., 1.], [2., 3.], [4., 5.]], rtol=0.01)
        assert [str(v.batch_shape), str(v.event_shape)] == ["(3,)", "(2,)"]
        with pytest.raises(ValueError, match="Argument loc must be at least rank 1."):
            ds.VectorDeterministic(1., validate_args=True)
        p = tf.placeholder(tf.float32, [None, 2])
        dyn = ds.VectorDeterministic(p)
        got = _run(dict(p=v.prob([[0., 1.], [1.9, 3.], [3.99, 5.]]), m=v.mean(), e=v.entropy(),
                        var=v.variance(), s=v.sample(2),
                        lp=v.log_prob([[0., 1.], [2., 3.], [4., 5.01]]),
                        dyn_s=dyn.sample(2), dyn_event=dyn.event_shape_tensor()),
                   {p: [[1., 2.]]})
    loc = [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]
    _check_all(got, dict(e=[0.0, 0.0, 0.0], lp=[0.0, 0.0, 0.0], m=loc, p=[1.0, 0.0, 1.0],
                         s=[loc, loc], var=np.zeros([3, 2]), dyn_s=[[[1., 2.]], [[1., 2.]]]))
    assert got["dyn_event"].tolist() == [2]
