"""tf.contrib.distributions.WishartCholesky / WishartFull as in TF 1.15's contrib.
Densities and statistics printed by TensorFlow Probability 0.25's WishartTriL (same formulas);
stddev is TF 1.15's cholesky(variance()) (TFP takes sqrt(variance)); samples printed by TF 2.21
running TF 1.15's Bartlett recipe on core ops (random_normal for the lower triangle,
random_gamma with seed gen_new_seed(seed, "wishart") for the diagonal, scale @ A)."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

L = np.array([[[2., 0., 0.], [0.5, 1.5, 0.], [-1., 0.3, 0.7]],
              [[1., 0., 0.], [0.2, 3., 0.], [0.1, 0.4, 2.]]], np.float32)
S = np.einsum("bij,bkj->bik", L, L)
X = np.array([[4., 1., 0.5], [1., 3., -0.2], [0.5, -0.2, 2.]], np.float32)
I3 = np.eye(3, dtype=np.float32)
VAR = np.array([[[128.0, 44.0, 41.28], [44.0, 50.0, 15.81], [41.28, 15.81, 19.9712]],
                [[11.0, 49.94, 22.99], [49.94, 898.9376, 215.5186],
                 [22.99, 215.5186, 191.2779]]], np.float32)


def _close(got, want, tol=1e-4):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def _run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def test_wishart_densities_and_statistics():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        wc = ds.WishartCholesky([4., 5.5], L)
        wf = ds.WishartFull(3.5, S[1])
        wcc = ds.WishartCholesky(4., L[0], cholesky_input_output_matrices=True)
        assert (wc.name, wf.name) == ("WishartCholesky/", "WishartFull/")
        assert [str(wc.batch_shape), str(wc.event_shape), str(wf.batch_shape)] == [
            "(2,)", "(3, 3)", "()"]
        assert wc.df.name == "WishartCholesky/init_1/df:0"
        assert wc.reparameterization_type is ds.FULLY_REPARAMETERIZED
        assert sorted(wc.parameters) == ["allow_nan_stats", "cholesky_input_output_matrices",
                                         "df", "name", "scale", "validate_args"]
        lp2 = wc.log_prob(np.stack([[X, X], [I3, I3]]))
        assert lp2.shape.as_list() == [2, 2]
        with pytest.raises(ValueError, match="does not make sense"):
            wcc.stddev()
        got = _run(dict(
            lp=wc.log_prob(np.stack([X, X])), lp2=lp2, ent=wc.entropy(), mean=wc.mean(),
            var=wc.variance(), std=wc.stddev(), mode=wc.mode(), mld=wc.mean_log_det(),
            ln=wc.log_normalization(), flp=wf.log_prob(X), fmean=wf.mean(), fent=wf.entropy(),
            clp=wcc.log_prob(np.linalg.cholesky(X)), cmean=wcc.mean(), scale=wc.scale()))
    want = dict(
        clp=-13.6504, cmean=[[4.0, 0.0, 0.0], [1.0, 3.0, 0.0], [-2.0, 0.6, 1.4]],
        ent=[14.7229, 20.5795], fent=18.0472, flp=-14.8203,
        fmean=[[3.5, 0.7, 0.35], [0.7, 31.64, 4.27], [0.35, 4.27, 14.595]],
        ln=[8.7229, 17.8059], lp=[-13.6504, -17.9391],
        lp2=[[-13.6504, -17.9391], [-10.454, -18.4916]],
        mean=[[[16.0, 4.0, -8.0], [4.0, 10.0, -0.2], [-8.0, -0.2, 6.32]],
              [[5.5, 1.1, 0.55], [1.1, 49.72, 6.71], [0.55, 6.71, 22.935]]],
        mld=[3.4454, 7.3019],
        mode=[np.zeros([3, 3]), [[1.5, 0.3, 0.15], [0.3, 13.56, 1.83], [0.15, 1.83, 6.255]]],
        var=VAR, std=np.linalg.cholesky(VAR), scale=S)
    for key, value in want.items():
        _close(got[key], value)


def test_wishart_sample_follows_tf_recipe():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        smp = ds.WishartCholesky([4., 5.5], L).sample(2, seed=5)
        assert smp.shape.as_list() == [2, 2, 3, 3]
        got = _run(smp)
    _close(got[0, 0], [[18.4411, -12.3412, -14.207], [-12.3412, 11.4369, 9.8106],
                       [-14.207, 9.8106, 11.8517]], 1e-3)
    _close(got[1, 1], [[3.246, -6.4992, -9.1538], [-6.4992, 54.1816, 10.2443],
                       [-9.1538, 10.2443, 31.2629]], 1e-3)


def test_wishart_shapes_and_checks():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [None, 3, 3])
        w = ds.WishartCholesky(4., p)
        assert [str(w.batch_shape), str(w.event_shape)] == ["(?,)", "(3, 3)"]
        assert w.sample(2, seed=1).shape.as_list() == [2, None, 3, 3]
        with pytest.raises(ValueError, match=r"Degrees of freedom \(df = .*\) cannot be less "
                                             r"than dimension of scale matrix"):
            ds.WishartFull(2., I3)
        d = tf.placeholder(tf.float32, [])
        wv = ds.WishartFull(d, I3, validate_args=True)
        with tf.Session() as sess:
            got = sess.run([w.batch_shape_tensor(), w.event_shape_tensor()],
                           {p: np.tile(I3, [4, 1, 1])})
            assert [g.tolist() for g in got] == [[4], [3, 3]]
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Degrees of freedom"):
                sess.run(wv.mean(), {d: 2.})
