"""tf.contrib.integrate (TF 1.15's contrib; TF 2.21 has none): expected values recorded by
running TF 1.15's odes.py algorithm (the same ops) in TF 2.21 compat.v1."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only
T = np.linspace(0, 5, 6)


def _oscillator(y, _):
    return tf.stack([y[1], -y[0] - 0.1 * y[1]])


def test_dopri5_steps_values_and_history_are_tfs():
    from tfcompat.contrib.integrate import odeint   # a script's import
    with tf.Graph().as_default():
        decay = odeint(lambda y, _: -y, 1.0, T)
        ys, info = odeint(_oscillator, tf.constant([1.0, 0.0], tf.float64), T, full_output=True)
        assert (decay.name, decay.shape.as_list(), ys.shape.as_list()) == ("odeint:0", [6],
                                                                           [6, 2])
        with tf.Session() as sess:
            decay, ys, info = sess.run([decay, ys, info])
    np.testing.assert_allclose(decay, [1., 0.36787963, 0.1353354, 0.04978713, 0.018315667,
                                       0.006737965], rtol=1e-6)
    np.testing.assert_allclose(ys, [[1., 0.], [0.5549913479, -0.8007902546],
                                    [-0.3332488925, -0.8247369435],
                                    [-0.8453913428, -0.1248155773],
                                    [-0.5691361802, 0.6177045147],
                                    [0.1787857401, 0.7491141276]], rtol=1e-9, atol=1e-10)
    # the steps TF took (rejected ones included: error ratio above 1)
    assert info["num_func_evals"] == 169
    np.testing.assert_allclose(info["integrate_points"][:9], [
        1., 0.2595485767, 0.2084295384, 0.4083728336, 0.6384921962, 0.8900779989,
        1.1530071875, 1.4101225929, 1.645813437], rtol=1e-9)
    np.testing.assert_allclose(info["error_ratio"][:4], [5.0132486817e+02, 1.7681107641e+00,
                                                         7.2689998162e-01, 2.9240242385e-01],
                               rtol=1e-9)


def test_options_gradient_fixed_grid_and_complex():
    with tf.Graph().as_default():
        k = tf.Variable(0.7, dtype=tf.float32)
        y32 = tf.contrib.integrate.odeint(
            lambda y, t: -k * y + 0.1 * tf.cast(t, tf.float32) * y, tf.constant([2.0, -1.0]),
            tf.constant(T, tf.float32), rtol=1e-4, atol=1e-6, method="dopri5",
            options={"first_step": 0.1, "max_num_steps": 500})
        grad = tf.gradients(tf.reduce_sum(y32[-1]), k)[0]
        fixed = tf.contrib.integrate.odeint_fixed(
            lambda y, t: -2.0 * y + tf.cast(t, tf.float32), tf.constant([1.0]), [0.0, 0.3, 1.0],
            dt=0.1)
        midpoint = tf.contrib.integrate.odeint_fixed(lambda y, t: -y, tf.constant(1.0, tf.float64),
                                                     T, method="midpoint")
        rotation = tf.contrib.integrate.odeint(lambda y, t: 1j * y,
                                               tf.constant([1 + 0j, 0.5j], tf.complex128),
                                               [0.0, 1.0, 2.0])
        assert fixed.name == "odeint_fixed/rk4/TensorArrayStack/TensorArrayGatherV3:0"
        with tf.Session() as sess:
            sess.run(k.initializer)
            y32, grad, fixed, midpoint, rotation = sess.run([y32, grad, fixed, midpoint,
                                                             rotation])
    np.testing.assert_allclose(y32[-1], [0.21079135, -0.105395675], rtol=1e-5)
    np.testing.assert_allclose(grad, -0.52687925, rtol=1e-4)
    np.testing.assert_allclose(fixed, [[1.], [0.586021], [0.4191744]], rtol=1e-6)
    np.testing.assert_array_equal(midpoint, [1., 0.5, 0.25, 0.125, 0.0625, 0.03125])
    np.testing.assert_allclose(rotation[2], [-0.4161468883 + 0.9092968487j,
                                             -0.4546484244 - 0.2080734442j], rtol=1e-9)


def test_argument_errors_are_tfs():
    integrate = tf.contrib.integrate
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="`y0` must have a floating point or complex"):
            integrate.odeint(lambda y, t: -y, 1, T)
        with pytest.raises(ValueError, match="invalid method: 'rk45'"):
            integrate.odeint(lambda y, t: -y, 1.0, T, method="rk45")
        with pytest.raises(ValueError, match="cannot supply `options` without specifying"):
            integrate.odeint(lambda y, t: -y, 1.0, T, options={"a": 1})
        with pytest.raises(ValueError, match="method not supported: euler"):
            integrate.odeint_fixed(lambda y, t: -y, 1.0, T, method="euler")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="`t` must be monotonic increasing"):
                sess.run(integrate.odeint(lambda y, t: -y, 1.0, [0.0, 2.0, 1.0]))
