"""tf.contrib.opt.ScipyOptimizerInterface (TF 1.15's contrib; TF 2.21 has none): expected values
recorded by running TF 1.15's external_optimizer algorithm (the same graph ops and SciPy calls)
in TF 2.21 compat.v1 with SciPy 1.17."""
import numpy as np
import pytest

import tfcompat as tf

pytest.importorskip("scipy")
pytestmark = pytest.mark.tfcompat_only


def test_lbfgsb_fits_a_raissi_style_network():
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 1])
        y = tf.placeholder(tf.float32, [None, 1])
        w1 = tf.Variable(tf.truncated_normal([1, 8], stddev=0.5))
        b1 = tf.Variable(tf.zeros([1, 8]))
        w2 = tf.Variable(tf.truncated_normal([8, 1], stddev=0.5))
        b2 = tf.Variable(tf.zeros([1, 1]))
        pred = tf.matmul(tf.tanh(tf.matmul(x, w1) + b1), w2) + b2
        u_x = tf.gradients(pred, x)[0]
        loss = tf.reduce_mean(tf.square(pred - y)) + 0.01 * tf.reduce_mean(tf.square(u_x))
        optimizer = tf.contrib.opt.ScipyOptimizerInterface(
            loss, method="L-BFGS-B", options={"maxiter": 50, "maxfun": 50, "maxcor": 50,
                                               "maxls": 50, "ftol": np.finfo(float).eps})
        xs = np.linspace(-1, 1, 20)[:, None].astype(np.float32)
        feed = {x: xs, y: np.sin(3 * xs)}
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert round(float(sess.run(loss, feed)), 6) == 0.596133
            optimizer.minimize(sess, feed_dict=feed, fetches=[loss],
                               loss_callback=losses.append)
            final = sess.run(loss, feed)
    # TF: 51 evaluations; the first five losses as here; 0.03619 after 50 iterations (float32
    # gradients: L-BFGS amplifies their last-digit rounding, tfcompat ends at 0.036)
    assert len(losses) == 51
    np.testing.assert_allclose(losses[:5], [0.59613, 0.23169, 0.22461, 0.19036, 0.18703],
                               atol=1e-5)
    assert abs(final - 0.03619) < 1e-3


def test_bounds_constraints_and_refused_arguments():
    with tf.Graph().as_default():
        v = tf.Variable([7., 7.], dtype=tf.float64)
        loss = tf.reduce_sum(tf.square(v))
        bounded = tf.contrib.opt.ScipyOptimizerInterface(loss, var_to_bounds={v: ([1, 2],
                                                                                  np.inf)})
        w = tf.Variable([7., 7.], dtype=tf.float64)
        constrained = tf.contrib.opt.ScipyOptimizerInterface(
            tf.reduce_sum(tf.square(w)), var_list=[w], equalities=[w[1] - 1.],
            inequalities=[w[0] - 1.], method="SLSQP")
        steps = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            bounded.minimize(sess)
            constrained.minimize(sess, step_callback=lambda xk: steps.append(xk.copy()))
            np.testing.assert_allclose(sess.run(v), [1., 2.], atol=1e-6)
            np.testing.assert_allclose(sess.run(w), [1., 1.], atol=1e-6)
            assert len(steps) == 2
            with pytest.raises(ValueError, match="Bounds must be set using the var_to_bounds"):
                tf.contrib.opt.ScipyOptimizerInterface(loss, bounds=[(0, 1)]).minimize(sess)
            with pytest.raises(ValueError, match="Optimizer keyword arg 'jac' is set "
                                                 "automatically and cannot be injected"):
                tf.contrib.opt.ScipyOptimizerInterface(loss, jac=False).minimize(sess)


def test_slsqp_with_float32_variables():
    # TF's docstring example (float32 variables): SciPy >= 1.16's SLSQP refuses float32 start
    # points, losses and constraint values, which the interface must hand it as float64
    with tf.Graph().as_default():
        vector = tf.Variable([7., 7.], name='vector')
        loss = tf.reduce_sum(tf.square(vector))
        optimizer = tf.contrib.opt.ScipyOptimizerInterface(
            loss, equalities=[vector[0] + vector[1] - 1.], inequalities=[vector[0] - 0.8],
            method='SLSQP', var_to_bounds={vector: (-5., 5.)})
        with tf.Session() as sess:
            sess.run(vector.initializer)
            optimizer.minimize(sess)
            np.testing.assert_allclose(sess.run(vector), [0.8, 0.2], atol=1e-6)
            assert sess.run(vector).dtype == np.float32
