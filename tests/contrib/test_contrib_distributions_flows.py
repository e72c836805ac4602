"""tf.contrib.distributions.bijectors MaskedAutoregressiveFlow /
masked_autoregressive_default_template and RealNVP / real_nvp_default_template (TF 1.15's
flows). Expected variable names and values printed by TensorFlow Probability 0.25's
same-named bijectors and templates (built from tf.compat.v1 layers in make_template, as TF
1.15's) under TF 2.21 with TF_USE_LEGACY_KERAS=1,
graph seed 1: forward / inverse / log-det values after initialization, and a flow trained with
Adam (the masked kernels stay masked through the kernel constraint)."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

X = np.array([[0.3, -1.2, 0.8, 0.5], [1.5, 0.1, -0.4, -0.9]], np.float32)


def _close(got, want, tol=1e-3):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def test_maf_and_real_nvp_values_and_variables():
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        maf = b.MaskedAutoregressiveFlow(
            shift_and_log_scale_fn=b.masked_autoregressive_default_template(hidden_layers=[8, 8]))
        nvp = b.RealNVP(num_masked=2,
                        shift_and_log_scale_fn=b.real_nvp_default_template(hidden_layers=[6]))
        out = dict(maf_f=maf.forward(X), maf_i=maf.inverse(X),
                   maf_il=maf.inverse_log_det_jacobian(X, event_ndims=1),
                   nvp_f=nvp.forward(X), nvp_i=nvp.inverse(X),
                   nvp_il=nvp.inverse_log_det_jacobian(X, event_ndims=1))
        out["maf_rt"] = maf.inverse(tf.identity(out["maf_f"]))
        names = [(v.name, v.shape.as_list()) for v in tf.global_variables()]
        assert names == [
            ("masked_autoregressive_default_template/dense/kernel:0", [4, 8]),
            ("masked_autoregressive_default_template/dense/bias:0", [8]),
            ("masked_autoregressive_default_template/dense_1/kernel:0", [8, 8]),
            ("masked_autoregressive_default_template/dense_1/bias:0", [8]),
            ("masked_autoregressive_default_template/dense_2/kernel:0", [8, 8]),
            ("masked_autoregressive_default_template/dense_2/bias:0", [8]),
            ("real_nvp_default_template/dense/kernel:0", [2, 6]),
            ("real_nvp_default_template/dense/bias:0", [6]),
            ("real_nvp_default_template/dense_1/kernel:0", [6, 4]),
            ("real_nvp_default_template/dense_1/bias:0", [4])]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            r = sess.run(out)
    _close(r["maf_rt"], X)
    _close(r["nvp_f"], [[0.3, -1.2, 0.2455, 0.1461], [1.5, 0.1, -0.2191, -0.6403]])
    _close(r["nvp_i"], [[0.3, -1.2, 1.3055, 0.9353], [1.5, 0.1, -0.7207, -1.1156]])
    _close(r["nvp_il"], [0.1143, 0.3865])
    _close(r["maf_il"], [0.0209, 0.0976])
    _close(r["maf_f"], [[0.3, -1.1942, 0.7956, 0.4983], [1.5, 0.1144, -0.3485, -0.8781]])
    _close(r["maf_i"], [[0.3, -1.2058, 0.8044, 0.5017], [1.5, 0.0854, -0.4548, -0.9198]])


def test_flow_training_keeps_masks():
    ds = tf.contrib.distributions
    b = ds.bijectors
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        flow = ds.TransformedDistribution(
            ds.MultivariateNormalDiag(loc=tf.zeros([4])),
            b.Chain([b.MaskedAutoregressiveFlow(
                shift_and_log_scale_fn=b.masked_autoregressive_default_template(
                    hidden_layers=[8])),
                b.Permute([3, 2, 1, 0]),
                b.RealNVP(num_masked=2,
                          shift_and_log_scale_fn=b.real_nvp_default_template(hidden_layers=[6]))]))
        loss = -tf.reduce_mean(flow.log_prob(X))
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        kernel = [v for v in tf.trainable_variables() if "kernel" in v.name][0]
        assert kernel.name == "masked_autoregressive_default_template/dense/kernel:0"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = []
            for _ in range(5):
                losses.append(sess.run(loss))
                sess.run(train)
            kernel = sess.run(kernel)
    _close(losses, [6.4992, 4.7456, 4.578, 4.5709, 4.6001])
    _close(kernel, [[0.0, 0.0, 0.0632, -0.0326, -0.4143, -0.3226, -0.0753, -0.118],
                    [0.0, 0.0, 0.0, 0.0, 0.0326, 0.2185, -0.2363, 0.4315],
                    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.4097, -0.2917], [0.0] * 8])
