"""tf.nn.elu / selu compute exp(x) - 1 below 0 as TF's kernels do (torch's expm1 differed from
TF in most float32 results near 0: -1e-4 gave -9.9995e-05, TF -1.0001659e-04), and EluGrad is
g * (y + 1). Recorded from TF 2.21 compat.v1; the test also runs against TF
(TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np


def test_elu_selu_values_and_gradient(tf):
    x = tf.constant([-1e-30, -1e-4, -0.03, -0.5, 0.0, 2.0], tf.float32)
    grad = tf.gradients(tf.reduce_sum(tf.nn.elu(x) * 3.0), x)[0]
    with tf.Session() as sess:
        elu, selu, g = sess.run([tf.nn.elu(x), tf.nn.selu(x), grad])
    np.testing.assert_array_equal(elu, np.float32(
        [0.0, -0.00010001659393310547, -0.02955448627471924, -0.39346933364868164, 0.0, 2.0]))
    np.testing.assert_array_equal(selu, np.float32(
        [0.0, -0.00017583910084795207, -0.051959723234176636, -0.6917581558227539, 0.0,
         2.1014020442962646]))
    np.testing.assert_array_equal(g, np.float32(
        [3.0, 2.9997000694274902, 2.9113364219665527, 1.819591999053955, 3.0, 3.0]))
