"""tf.contrib.distributions BatchReshape, SinhArcsinh, VectorLaplaceDiag, VectorExponentialDiag
and VectorSinhArcsinhDiag (TF 1.15 contrib). Expected numbers printed by TensorFlow Probability
0.25 under TF 2.21 (graph mode): BatchReshape and SinhArcsinh directly; the vector families
(gone from TFP) as sums of TFP's scalar Laplace / Exponential / SinhArcsinh over the diagonal
scale; samples from TF 1.15's recipe run on TF 2.21 ops with graph seed 1 (Laplace:
random_uniform(minval=nextafter(-1, 0)) then -sign(u) log1p(-|u|); SinhArcsinh: random_normal
through loc + 2 scale F(z) / F_0(2))."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

LOC = np.array([[1., -1., 0.5], [0., 2., -0.5]], np.float32)
SD = np.array([[1., 2., 0.5], [1.5, 1., 3.]], np.float32)
X = np.array([[1.2, -0.3, 0.9], [0.5, 2.5, 1.0]], np.float32)


def _close(got, want, tol=1e-5):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def test_batch_reshape_values_and_shapes():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        scale = np.arange(1, 13, dtype=np.float32).reshape(6, 2) / 4
        mvn = ds.MultivariateNormalDiag(scale_diag=scale)
        d = ds.BatchReshape(mvn, [1, 2, -1], validate_args=True)
        assert d.name == "BatchReshapeMultivariateNormalDiag/"
        assert d.batch_shape.as_list() == [1, 2, None]  # TF 1.15: -1 stays unknown statically
        assert d.event_shape.as_list() == [2]
        x = d.sample([4, 5], seed=3)
        assert x.shape.as_list() == [4, 5, 1, 2, 3, 2]
        lp = d.log_prob(np.linspace(-1, 1, 12, dtype=np.float32).reshape(1, 2, 3, 2))
        assert lp.shape.as_list() == [1, 2, 3]
        assert d.covariance().shape.as_list() == [1, 2, 3, 2, 2]
        assert d.entropy().shape.as_list() == [1, 2, 3]  # the reshape infers the -1
        d2 = ds.BatchReshape(ds.Normal(loc=np.zeros([6], np.float32),
                                       scale=np.arange(1, 7, dtype=np.float32)), [2, 3])
        assert d2.batch_shape.as_list() == [2, 3] and d2.event_shape.as_list() == []
        lp2 = d2.log_prob(np.ones([4, 2, 3], np.float32))
        assert lp2.shape.as_list() == [4, 2, 3]
        with tf.Session() as sess:
            r = sess.run(dict(lp=lp, ent=d.entropy(), bs=d.batch_shape_tensor(),
                              xs=tf.shape(x), cdf=d2.cdf(np.ones([2, 3], np.float32)),
                              std=d2.stddev(), lp2=lp2))
    _close(r["lp"], [[[-9.097279, -2.013464, -2.4921238], [-3.101287, -3.6179008, -4.047905]]])
    _close(r["ent"], [[[0.7584355, 2.550195, 3.4664857], [4.09064, 4.565098, 4.9480906]]])
    assert r["bs"].tolist() == [1, 2, 3]
    assert r["xs"].tolist() == [4, 5, 1, 2, 3, 2]
    _close(r["cdf"], [[0.8413447, 0.69146246, 0.63055867], [0.5987063, 0.5792597, 0.5661838]])
    _close(r["std"], [[1., 2., 3.], [4., 5., 6.]])
    _close(r["lp2"][2], [[-1.4189385, -1.7370857, -2.0731065],
                         [-2.336483, -2.5483766, -2.724587]])


def test_batch_reshape_static_errors():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        mvn = ds.MultivariateNormalDiag(scale_diag=np.ones([6, 2], np.float32))
        with pytest.raises(ValueError, match=r"`batch_shape` size \(8\) must match "
                                             r"`distribution.batch_shape` size \(6\)."):
            ds.BatchReshape(mvn, [4, 2])
        with pytest.raises(ValueError, match=r"`batch_shape` must be a vector \(saw rank: 2\)"):
            ds.BatchReshape(mvn, [[6]])
        with pytest.raises(ValueError, match="`batch_shape` elements must be >=-1."):
            ds.BatchReshape(ds.Normal(tf.placeholder(tf.float32, [None]), 1.), [0, 2])
        d = ds.BatchReshape(ds.Normal(tf.zeros([6]), 1.), [2, 3])
        with pytest.raises(NotImplementedError,
                           match=r"too few batch and event dims \(expected at least 2, saw 1\)"):
            d.log_prob(np.ones([3], np.float32))
        with pytest.raises(NotImplementedError, match=r"unexpected batch and event shape "
                                                      r"\(expected \[2 3\], saw \[3 2\]\)"):
            d.log_prob(np.ones([3, 2], np.float32))


def test_batch_reshape_dynamic_validation():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        shape = tf.placeholder(tf.int32, [None])
        d = ds.BatchReshape(ds.Normal(tf.zeros([6]), 1.), shape, validate_args=True)
        assert d.batch_shape.ndims is None
        mean = d.mean()
        with tf.Session() as sess:
            _close(sess.run(mean, {shape: [3, -1]}), np.zeros([3, 2]))
            with pytest.raises(tf.errors.InvalidArgumentError, match="Shape sizes do not match"):
                sess.run(mean, {shape: [4, 2]})
        loc = tf.placeholder(tf.float32, [None])
        d2 = ds.BatchReshape(ds.Normal(loc, 1.), [2, -1], validate_args=True)
        assert d2.batch_shape.as_list() == [2, None]
        x = tf.placeholder(tf.float32, None)
        lp = d2.log_prob(x)
        with tf.Session() as sess:
            _close(sess.run(lp, {loc: np.arange(6.), x: np.ones([2, 3])}),
                   [[-1.4189385, -0.9189385, -1.4189385], [-2.9189386, -5.4189386, -8.918939]])
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Broadcasting is not supported; unexpected batch and event "
                                     "shape."):
                sess.run(lp, {loc: np.arange(6.), x: np.ones([3, 2])})
        # TF reads negative constants as unknown dims: the static check passes them; the
        # assertion on the expanded shape (a SelectV2, which TF's Python constant_value does
        # not fold: checked with TF 2.21's check_ops) catches -2 when it runs
        neg = ds.BatchReshape(ds.Normal(tf.zeros([6]), 1.), [-2, -3])
        assert neg.batch_shape.as_list() == [None, None]
        checked = ds.BatchReshape(ds.Normal(tf.zeros([6]), 1.), [-2, -3], validate_args=True)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Shape elements must be >=-1."):
                sess.run(checked.batch_shape_tensor())


def test_vector_laplace_and_exponential_diag():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        e = ds.VectorExponentialDiag(loc=LOC, scale_diag=SD)
        lap = ds.VectorLaplaceDiag(loc=LOC, scale_diag=SD)
        assert e.name == "VectorExponentialDiag_1/"  # TF opens the name twice
        assert lap.name == "VectorLaplaceDiag_1/VectorLaplaceDiag/"
        assert e.bijector.name == "affine_linear_operator"
        assert e.batch_shape.as_list() == [2] and e.event_shape.as_list() == [3]
        sample = lap.sample(4, seed=7)
        assert sample.shape.as_list() == [4, 2, 3]
        with tf.Session() as sess:
            r = sess.run(dict(e_lp=e.log_prob(X + 1.), e_ent=e.entropy(), e_mean=e.mean(),
                              e_mode=e.mode(), e_cov=e.covariance(), e_std=e.stddev(),
                              l_lp=lap.log_prob(X), l_ent=lap.entropy(), l_var=lap.variance(),
                              l_std=lap.stddev(), l_mean=lap.mean(), l_cov=lap.covariance(),
                              sample=sample))
    _close(r["e_lp"], [-4.85, -4.837411])
    _close(r["e_ent"], [3., 4.504077])
    _close(r["e_mean"], LOC + SD)
    _close(r["e_mode"], LOC)
    _close(r["e_cov"], np.stack([np.diag(s ** 2) for s in SD]))
    _close(r["e_std"], SD)
    _close(r["l_lp"], [-3.429442, -4.916852])
    _close(r["l_ent"], [5.079442, 6.583519])
    _close(r["l_var"], 2 * SD ** 2)
    _close(r["l_std"], np.sqrt(2) * SD)
    _close(r["l_mean"], LOC)
    _close(r["l_cov"], np.stack([np.diag(2 * s ** 2) for s in SD]))
    _close(r["sample"][0], [[1.857304, 0.024306, 1.326157], [0.680975, 2.22027, -0.869173]])
    _close(r["sample"][3], [[0.413065, -1.695623, 0.264133], [-0.060526, 2.125462, -6.952222]])


def test_sinh_arcsinh_and_vector_diag():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        s = ds.SinhArcsinh(loc=[0., 1.], scale=[1., 2.], skewness=[0.5, -0.2],
                           tailweight=[1.5, 0.8])
        assert s.name == "SinhArcsinh/"
        assert s.bijector.name == "chain_of_affine_scalar_of_SinhArcsinh"
        assert s.batch_shape.as_list() == [2] and s.event_shape.as_list() == []
        v = ds.VectorSinhArcsinhDiag(loc=LOC, scale_diag=SD, skewness=0.3, tailweight=1.2)
        assert v.name == "MultivariateNormalLinearOperator/"  # TF 1.15's default name
        assert v.batch_shape.as_list() == [2] and v.event_shape.as_list() == [3]
        assert v.sample(3).shape.as_list() == [3, 2, 3]
        y = [[0.3, 1.5], [-1., 4.]]
        with tf.Session() as sess:
            r = sess.run(dict(lp=s.log_prob(y), cdf=s.cdf(y), q=s.quantile([0.2, 0.7]),
                              sample=s.sample(4, seed=5), v_lp=v.log_prob(X)))
        with pytest.raises(NotImplementedError):
            s.entropy()
    _close(r["lp"], [[-0.732567, -1.748548], [-2.859019, -3.044864]])
    _close(r["cdf"], [[0.46204, 0.668151], [0.016028, 0.966266]])
    _close(r["q"], [-0.189586, 1.684862])
    _close(r["sample"], [[0.741513, 3.914979], [2.737715, 0.42553], [0.022015, -0.573395],
                         [-0.738271, -3.116741]])
    _close(r["v_lp"], [-2.909062, -4.345504])


def test_sinh_arcsinh_checks_its_base_distribution():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match='dtype mismatch; distribution.dtype="float64" is '
                                            'not "float32"'):
            ds.SinhArcsinh(0., 1., distribution=ds.Normal(np.float64(0.), np.float64(1.)))
        with pytest.raises(ValueError, match="distribution must be scalar; "
                                             "distribution.is_scalar_batch=False is not True"):
            ds.SinhArcsinh(0., 1., distribution=ds.Normal([0., 0.], 1.))
        with pytest.raises(ValueError, match="Base distribution should be reparameterized"):
            ds.SinhArcsinh(0., 1., distribution=ds.Poisson(rate=1.), validate_args=True)
