"""Normal's quantile/cdf/log_cdf through TF's distributions special_math: ndtri's -inf/inf
outside (0, 1), float32/float64 only (TypeError for half), and the ndtr/log_ndtr/ndtri scopes."""
import numpy as np
import pytest

# Normal(0, 1).quantile of the float32 p below, as TF 2.21 (compat.v1) prints it
WANT_F32 = [-11.46402359008789, -6.3613409996032715, -2.326347827911377, -1.2815515995025635,
            -0.5244004726409912, 0.0, 0.8416212201118469, 2.326348304748535]


def test_normal_quantile_outside_unit_interval(tf):
    q = tf.distributions.Normal(1., 2.).quantile([0., 0.5, 1., 1.5, -0.5, np.nan])
    with tf.Session() as sess:
        got = sess.run(q)
    np.testing.assert_array_equal(got[:5], [-np.inf, 1., np.inf, np.inf, -np.inf])
    assert np.isnan(got[5])


def test_normal_quantile_float64(tf):
    q = tf.distributions.Normal(np.float64(0.), np.float64(1.)).quantile(np.array([0., 0.975, 2.]))
    assert q.dtype == tf.float64
    with tf.Session() as sess:
        got = sess.run(q)
    np.testing.assert_allclose(got, [-np.inf, 1.959963984540054, np.inf])


@pytest.mark.parametrize("method, message", [
    ("quantile", "p.dtype=<dtype: 'float16'> is not handled, see docstring for supported types."),
    ("cdf", "x.dtype=<dtype: 'float16'> is not handled, see docstring for supported types."),
    ("log_cdf", "x.dtype=<dtype: 'float16'> is not supported."),
    ("survival_function",
     "x.dtype=<dtype: 'float16'> is not handled, see docstring for supported types."),
])
def test_normal_half_rejected(tf, method, message):
    one = tf.constant(1., tf.float16)
    d = tf.distributions.Normal(one * 0., one)
    with pytest.raises(TypeError) as e:
        getattr(d, method)(tf.constant(0.5, tf.float16))
    assert str(e.value) == message


def test_normal_special_math_op_names(tf):
    d = tf.distributions.Normal(0., 1., name="N")
    assert d.quantile(0.3).op.name == "N/quantile/reconstruct/add"
    d.cdf(0.3)
    d.log_cdf(0.3)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    for prefix in ["N/quantile/ndtri/", "N/cdf/ndtr/", "N/log_cdf/log_ndtr/"]:
        assert any(n.startswith(prefix) for n in names), prefix
    assert "N/log_cdf/log_ndtr/half_sqrt_2" in names


def test_normal_quantile_rational_approximation(tf):
    # TF's netlib rational approximation (not the Ndtri kernel): float32 numbers printed by TF
    p = np.array([1e-30, 1e-10, 0.01, 0.1, 0.3, 0.5, 0.8, 0.99], np.float32)
    q = tf.distributions.Normal(0., 1.).quantile(p)
    with tf.Session() as sess:
        got = sess.run(q)
    want = np.array(WANT_F32, np.float32)
    np.testing.assert_allclose(got, want, rtol=2e-7, atol=0)
