"""tf.contrib.distributions.Autoregressive (TF 1.15 contrib): distribution_fn applied num_steps
times to its own samples, every step sampling with the same seed. Expected values from TF 1.15's
recipe run on TF 2.21 (graph seed 1, op seed 5): z = random_normal([2, 3]); x = z + x @ M three
times from x = 0 (the steps redraw the same z), and log_prob from the closed form."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

M = np.array([[0., 0.5, -0.3], [0., 0., 0.8], [0., 0., 0.]], np.float32)


def _fn(samples):
    ds = tf.contrib.distributions
    loc = tf.tensordot(samples, M, axes=[[-1], [0]])
    return ds.Independent(ds.Normal(loc=loc, scale=1.), reinterpreted_batch_ndims=1)


def test_autoregressive_sample_and_log_prob():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        ar = ds.Autoregressive(_fn, sample0=tf.zeros([3]))
        assert ar.num_steps == 3 and ar.name == "Autoregressive/"
        assert ar.batch_shape.as_list() == [] and ar.event_shape.as_list() == [3]
        x = ar.sample(2, seed=5)
        assert x.shape.as_list() == [2, 3]
        v = np.array([[0.1, -0.4, 1.2], [1.0, 0.3, -0.7]], np.float32)
        with tf.Session() as sess:
            xs, lp, p = sess.run([x, ar.log_prob(v), ar.prob(v)])
    np.testing.assert_allclose(xs, [[0.33694574, 1.9432329, 2.8723352],
                                    [-0.05485329, -0.5131912, -0.88181865]], rtol=1e-5,
                               atol=1e-5)
    np.testing.assert_allclose(lp, [-4.06431568, -3.48161559], rtol=1e-5)
    np.testing.assert_allclose(p, np.exp([-4.06431568, -3.48161559]), rtol=1e-5)


def test_autoregressive_errors():
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"num_steps \(0\) must be at least 1."):
            ds.Autoregressive(_fn, sample0=tf.zeros([3]), num_steps=0)
        with pytest.raises(ValueError, match="distribution_fn must generate a distribution "
                                             "with fully known `event_shape`."):
            ds.Autoregressive(lambda s: ds.Independent(ds.Normal(s, 1.), 1),
                              sample0=tf.placeholder(tf.float32, [None]))
