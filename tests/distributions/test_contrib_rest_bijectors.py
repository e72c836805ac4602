"""tf.contrib.distributions.bijectors AbsoluteValue and ConditionalBijector, and
ConditionalTransformedDistribution (TF 1.15 contrib). AbsoluteValue's numbers printed by TF
2.21's own TF-1 Bijector base (tensorflow/python/ops/distributions/bijector_impl.py, which
handles non-injective bijectors as TF 1.15's) subclassed with TF 1.15's AbsoluteValue, and the
folded-normal densities by TensorFlow Probability 0.25's TransformedDistribution(Normal,
AbsoluteValue); the conditional classes only route keyword arguments, checked against closed
forms (an affine conditional bijector over a Normal)."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

Y = np.array([[0.5, 2.0], [0., 1.5]], np.float32)


def _close(got, want, tol=1e-5):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def test_absolute_value_bijector():
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        absv = b.AbsoluteValue()
        assert absv.name == "absolute_value" and absv.is_constant_jacobian
        assert absv.forward_min_event_ndims == 0
        inv = absv.inverse(Y)
        ildj = absv.inverse_log_det_jacobian(Y, event_ndims=1)
        assert isinstance(inv, tuple) and len(inv) == 2
        assert [t.shape.as_list() for t in ildj] == [[], []]
        with pytest.raises(NotImplementedError, match="forward_log_det_jacobian cannot be "
                                                      "implemented for non-injective"):
            absv.forward_log_det_jacobian(Y, event_ndims=0)
        with tf.Session() as sess:
            fwd, inv, ildj = sess.run([absv.forward([-1., 0., 2.]), inv, ildj])
        checked = b.AbsoluteValue(validate_args=True)
        neg = checked.inverse(tf.placeholder_with_default([-1.], [1]))
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="Argument y was negative"):
                sess.run(neg)
    _close(fwd, [1., 0., 2.])
    _close(inv[0], -Y)
    _close(inv[1], Y)
    _close(ildj, [0., 0.])


def test_folded_normal_through_absolute_value():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        d = ds.TransformedDistribution(ds.Normal(loc=[0.5, -1.], scale=[1., 2.]),
                                       ds.bijectors.AbsoluteValue())
        samples = d.sample(5, seed=3)
        with tf.Session() as sess:
            lp, p, s = sess.run([d.log_prob(Y), d.prob(Y), samples])
        for method, message in (("cdf", "cdf is not implemented when bijector is not "
                                        "injective."),
                                ("entropy", "entropy is not implemented when bijector is not "
                                            "injective.")):
            with pytest.raises(NotImplementedError, match=message):
                getattr(d, method)(*([Y] if method == "cdf" else []))
    _close(lp, [[-0.44486153, -1.4238241], [-0.35079134, -1.2564647]])
    _close(p, [[0.640913, 0.24079145], [0.70413065, 0.2846586]])
    assert s.shape == (5, 2) and (s >= 0).all()


class _ShiftBy(tf.contrib.distributions.bijectors.ConditionalBijector):
    """y = x * scale + shift, both given as conditions."""

    def __init__(self):
        super().__init__(forward_min_event_ndims=0, name="shift_by")

    def _forward(self, x, shift=0., scale=1.):
        return x * scale + shift

    def _inverse(self, y, shift=0., scale=1.):
        return (y - shift) / scale

    def _inverse_log_det_jacobian(self, y, shift=0., scale=1.):
        return -tf.log(tf.abs(scale)) * tf.ones_like(y)


def test_conditional_bijector_routes_kwargs():
    with tf.Graph().as_default():
        b = _ShiftBy()
        x = tf.constant([1., 2.])
        y = b.forward(x, shift=3., scale=2.)
        back = b.inverse(y, shift=3., scale=2.)
        plain = b.inverse(y)
        ildj = b.inverse_log_det_jacobian(y, event_ndims=1, scale=4.)
        fldj = b.forward_log_det_jacobian(x, event_ndims=0, scale=4.)
        with tf.Session() as sess:
            r = sess.run([y, back, plain, ildj, fldj])
    _close(r[0], [5., 7.])
    _close(r[1], [1., 2.])
    _close(r[2], [5., 7.])
    _close(r[3], -2 * np.log(4.))
    _close(r[4], [np.log(4.)] * 2)


def test_conditional_transformed_distribution():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        d = ds.ConditionalTransformedDistribution(ds.Normal(0., 1.), _ShiftBy(),
                                                  batch_shape=[2], name="cond")
        assert d.name == "cond/" and d.batch_shape.as_list() == [2]
        kw = {"shift": tf.constant([1., -1.]), "scale": tf.constant([2., 0.5])}
        y = np.array([2., 0.], np.float32)
        lp = d.log_prob(y, bijector_kwargs=kw)
        s = d.sample(3, seed=2, bijector_kwargs=kw)
        assert s.shape.as_list() == [3, 2]
        with tf.Session() as sess:
            r = sess.run([lp, d.prob(y, bijector_kwargs=kw), d.cdf(y, bijector_kwargs=kw),
                          d.quantile(0.5, bijector_kwargs=kw), d.log_prob(y)])
    z = np.array([0.5, 2.])
    _close(r[0], -0.5 * z ** 2 - 0.5 * np.log(2 * np.pi) - np.log([2., 0.5]))
    _close(r[1], np.exp(-0.5 * z ** 2 - 0.5 * np.log(2 * np.pi) - np.log([2., 0.5])))
    _close(r[2], [0.6914625, 0.9772499])
    _close(r[3], [1., -1.])
    _close(r[4], -0.5 * y ** 2 - 0.5 * np.log(2 * np.pi))


class _ShiftedExp(tf.contrib.distributions.ConditionalDistribution):
    """Exp(1) shifted by a condition: only _log_prob and _sample_n, the rest by fallback."""

    def __init__(self):
        super().__init__(dtype=tf.float32,
                         reparameterization_type=tf.contrib.distributions.FULLY_REPARAMETERIZED,
                         validate_args=False, allow_nan_stats=True, name="shifted_exp")

    def _batch_shape(self):
        return tf.TensorShape([])

    def _event_shape(self):
        return tf.TensorShape([])

    def _log_prob(self, x, shift=0.):
        return -(x - shift)

    def _cdf(self, x, shift=0.):
        return 1. - tf.exp(-(x - shift))

    def _sample_n(self, n, seed=None, shift=0.):
        return tf.fill([n], 1.) + shift


def test_conditional_distribution_forwards_condition_kwargs():
    with tf.Graph().as_default():
        d = _ShiftedExp()
        assert isinstance(d, tf.contrib.distributions.Distribution)
        s = d.sample([2, 3], shift=2.)
        assert s.shape.as_list() == [2, 3]
        with tf.Session() as sess:
            r = sess.run([d.log_prob(3., shift=1.), d.prob(3., shift=1.), d.cdf(2., shift=1.),
                          d.survival_function(2., shift=1.), d.log_cdf(2., shift=1.), s])
    _close(r[:5], [-2., np.exp(-2.), 1 - np.exp(-1.), np.exp(-1.), np.log(1 - np.exp(-1.))])
    _close(r[5], np.full([2, 3], 3.))
