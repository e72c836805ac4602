"""tf.contrib.distributions.bijectors and TransformedDistribution as in TF 1.15's contrib.
Bijector values and log-det-Jacobians printed by TensorFlow Probability 0.25 (AffineScalar /
Affine compared with TFP's Shift + Scale / ScaleMatvecDiag / ScaleMatvecTriL chains, which TFP
replaced them with); samples and the event-shape-override (rotated) log_prob printed by TF 2.21
composing the core ops of TF 1.15's TransformedDistribution."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

X = np.array([[0.3, -1.2, 0.8], [1.5, 0.1, -0.4]], np.float32)
YP = np.array([[0.3, 1.2, 0.8], [1.5, 0.1, 0.4]], np.float32)
L = np.array([[1.2, 0, 0], [0.3, 0.8, 0], [-0.5, 0.2, 1.5]], np.float32)


def _close(got, want, tol=1e-4):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def _run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_elementwise_bijectors():
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        exp, sig, sp = b.Exp(), b.Sigmoid(), b.Softplus()
        asc = b.AffineScalar(shift=1.5, scale=-2.0)
        assert [exp.name, sig.name, sp.name, asc.name] == ["exp", "sigmoid", "softplus",
                                                           "affine_scalar"]
        r = _run(dict(
            exp_f=exp.forward(X), exp_i=exp.inverse(YP),
            exp_fl1=exp.forward_log_det_jacobian(X, event_ndims=1),
            sig_f=sig.forward(X), sig_i=sig.inverse(YP / 2.),
            sig_fl1=sig.forward_log_det_jacobian(X, event_ndims=1),
            sig_il=sig.inverse_log_det_jacobian(YP / 2., event_ndims=0),
            sp_f=sp.forward(X), sp_i=sp.inverse(YP),
            sp_fl1=sp.forward_log_det_jacobian(X, event_ndims=1),
            sp_il=sp.inverse_log_det_jacobian(YP, event_ndims=0),
            asc_f=asc.forward(X), asc_i=asc.inverse(X),
            asc_fl=asc.forward_log_det_jacobian(X, event_ndims=0),
            asc_fl1=asc.forward_log_det_jacobian(X, event_ndims=1),
            id_il=b.Identity().inverse_log_det_jacobian(X, event_ndims=1)))
    _close(r["exp_f"][0], [1.34986, 0.30119, 2.22554])
    _close(r["exp_i"][1], [0.40547, -2.30259, -0.91629])
    _close(r["exp_fl1"], [-0.1, 1.2])
    _close(r["sig_f"][1], [0.81757, 0.52498, 0.40131])
    _close(r["sig_i"][0], [-1.7346, 0.40547, -0.40547])
    _close(r["sig_fl1"], [-4.67748, -4.71765])
    _close(r["sig_il"][1], [1.67398, 3.04703, 1.83258])
    _close(r["sp_f"][0], [0.85436, 0.26328, 1.1711])
    _close(r["sp_i"][0], [-1.05023, 0.84162, 0.20338])
    _close(r["sp_fl1"], [-2.38874, -1.75883])
    _close(r["sp_il"][1], [0.25248, 2.35217, 1.10963])
    _close(r["asc_f"][0], [0.9, 3.9, -0.1])
    _close(r["asc_i"][1], [0.0, 0.7, 0.95])
    _close(r["asc_fl"], 0.69315)
    _close(r["asc_fl1"], 2.07944)
    _close(r["id_il"], 0.0)


def test_structural_bijectors():
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        adiag = b.Affine(shift=[1., 2., 3.], scale_diag=[0.5, 2., 1.5])
        atril = b.Affine(shift=[1., 0., -1.], scale_tril=L)
        perm = b.Permute([2, 0, 1])
        chain = b.Chain([b.Exp(), b.Affine(shift=[1., 2., 3.], scale_diag=[0.5, 2., 1.5])])
        inv = b.Invert(b.Softplus())
        resh = b.Reshape(event_shape_out=[2, 3], event_shape_in=[6])
        assert chain.name == "chain_of_exp_of_affine" and inv.name == "invert_softplus"
        assert (chain.forward_min_event_ndims, inv.forward_min_event_ndims) == (1, 0)
        assert str(resh.forward_event_shape([6])) == "(2, 3)"
        assert str(resh.inverse_event_shape([2, 3])) == "(6,)"
        r = _run(dict(
            adiag_f=adiag.forward(X), adiag_i=adiag.inverse(X),
            adiag_fl1=adiag.forward_log_det_jacobian(X, event_ndims=2),
            atril_f=atril.forward(X), atril_i=atril.inverse(X),
            atril_fl=atril.forward_log_det_jacobian(X, event_ndims=1),
            perm_f=perm.forward(X), perm_i=perm.inverse(X),
            chain_f=chain.forward(X), chain_i=chain.inverse(YP),
            chain_fl=chain.forward_log_det_jacobian(X, event_ndims=1),
            chain_il=chain.inverse_log_det_jacobian(YP, event_ndims=1),
            inv_i=inv.inverse(X), inv_il=inv.inverse_log_det_jacobian(X, event_ndims=0),
            resh_f=resh.forward(np.arange(12, dtype=np.float32).reshape(2, 6))))
    _close(r["adiag_f"], [[1.15, -0.4, 4.2], [1.75, 2.2, 2.4]])
    _close(r["adiag_i"][0], [-1.4, -1.6, -1.46667])
    _close(r["adiag_fl1"], 0.81093)
    _close(r["atril_f"], [[1.36, -0.87, -0.19], [2.8, 0.53, -2.33]])
    _close(r["atril_i"][0], [-0.58333, -1.28125, 1.17639])
    _close(r["atril_fl"], 0.36464)
    _close(r["perm_f"][0], [0.8, 0.3, -1.2])
    _close(r["perm_i"][0], [-1.2, 0.8, 0.3])
    _close(r["chain_f"][0], [3.15819, 0.67032, 66.68632])
    _close(r["chain_i"][1], [-1.18907, -2.15129, -2.61086])
    _close(r["chain_fl"], [5.35546, 6.75547])
    _close(r["chain_il"], [0.83933, 2.40795])
    _close(r["inv_i"][0], [0.85436, 0.26328, 1.1711])
    _close(r["inv_il"][0], [-0.55436, -1.46328, -0.37110])
    assert r["resh_f"].tolist() == np.arange(12).reshape(2, 2, 3).tolist()


def test_transformed_distribution_densities():
    ds = tf.contrib.distributions
    b = ds.bijectors
    with tf.Graph().as_default():
        ln = ds.TransformedDistribution(ds.Normal(loc=[0., 1.], scale=[1., 0.5]), b.Exp())
        tdc = ds.TransformedDistribution(
            ds.MultivariateNormalDiag(loc=[0., 0., 0.]),
            b.Chain([b.Exp(), b.Affine(shift=[1., 2., 3.], scale_diag=[0.5, 2., 1.5])]))
        tda = ds.TransformedDistribution(ds.MultivariateNormalDiag(loc=[0., 0., 0.]),
                                         b.Affine(shift=[1., 0., -1.], scale_tril=L))
        # TF 1.15's way to an MVN: a scalar Normal with batch and event overrides
        mvn = ds.TransformedDistribution(ds.Normal(0., 1.), b.Affine(
            shift=[[1., -1., 0.5], [0., 2., -0.3]],
            scale_diag=[[0.5, 1.5, 2.], [1., 0.3, 0.7]]), batch_shape=[2], event_shape=[3])
        assert [str(ln.batch_shape), str(ln.event_shape), str(tdc.event_shape)] == [
            "(2,)", "()", "(3,)"]
        assert [str(mvn.batch_shape), str(mvn.event_shape)] == ["(2,)", "(3,)"]
        assert ln.name == "expNormal/"
        r = _run(dict(ln_lp=ln.log_prob([0.5, 2.]), ln_cdf=ln.cdf([0.5, 2.]),
                      tdc_lp=tdc.log_prob(YP), tda_lp=tda.log_prob(X), tda_ent=tda.entropy(),
                      mvn_lp=mvn.log_prob([[0.3, 0.1, -0.2], [1.0, 1.5, 0.2]]),
                      mvn_ent=mvn.entropy()))
        with pytest.raises(NotImplementedError, match="cdf is not implemented when overriding"):
            mvn.cdf(X)
        with pytest.raises(ValueError, match="base distribution not scalar"):
            ds.TransformedDistribution(ln, b.Exp(), batch_shape=[3])
    _close(r["ln_lp"], [-0.46602, -1.10726])
    _close(r["ln_cdf"], [0.24411, 0.2697])
    _close(r["tdc_lp"], [-14.35406, -6.77814])
    _close(r["tda_lp"], [-4.80434, -3.35621])
    _close(r["tda_ent"], 4.62146)
    _close(r["mvn_lp"], [-4.47242, -3.34016])  # = MultivariateNormalDiag's
    _close(r["mvn_ent"], [4.66228, 2.69617])


def test_transformed_distribution_samples():
    ds = tf.contrib.distributions
    b = ds.bijectors
    with tf.Graph().as_default():
        tf.set_random_seed(2)
        rot = ds.TransformedDistribution(ds.Normal(loc=[0., 1.], scale=1.), b.Softplus(),
                                         event_shape=[3])
        assert [str(rot.batch_shape), str(rot.event_shape)] == ["(2,)", "(3,)"]
        smp = rot.sample(4, seed=21)
        assert smp.shape.as_list() == [4, 2, 3]
        ln = ds.TransformedDistribution(ds.Normal(loc=[0., 1.], scale=[1., 0.5]),
                                        b.Exp()).sample(4, seed=22)
        lp = rot.log_prob(np.array([[[0.3, 1.2, 0.8], [1.5, 0.1, 0.4]]], np.float32))
        assert lp.shape.as_list() == [1, 2]
        r = _run(dict(smp=smp, ln=ln, lp=lp))
    _close(r["smp"][0], [[1.0527, 0.253, 1.461], [1.2257, 0.7959, 3.8571]])
    _close(r["smp"][3], [[0.4682, 0.7875, 0.8369], [2.4925, 0.7805, 1.5371]])
    _close(r["ln"], [[0.3656, 3.366], [0.9216, 4.3298], [0.7971, 4.8114], [12.4111, 2.7363]])
    _close(r["lp"], [[-1.3779, -5.8229]])


def test_transformed_distribution_with_reshape_chain():
    ds = tf.contrib.distributions
    b = ds.bijectors
    with tf.Graph().as_default():
        td = ds.TransformedDistribution(
            ds.MultivariateNormalDiag(loc=tf.zeros([2, 6]), scale_identity_multiplier=2.),
            b.Chain([b.AffineScalar(shift=1.), b.Reshape([2, 3], [6])]))
        assert [str(td.batch_shape), str(td.event_shape)] == ["(2,)", "(2, 3)"]
        y = np.arange(12, dtype=np.float32).reshape(2, 2, 3) / 10.
        r = _run(dict(lp=td.log_prob(y), ent=td.entropy(), es=td.event_shape_tensor(),
                      fes=b.Chain([b.Exp(), b.Reshape([2, 3], [6])]).forward_event_shape_tensor(
                          [6])))
    _close(r["lp"], [-10.1163, -9.7113])
    _close(r["ent"], [12.6725, 12.6725])
    assert r["es"].tolist() == [2, 3] and r["fes"].tolist() == [2, 3]
