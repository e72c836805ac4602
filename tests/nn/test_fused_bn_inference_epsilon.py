"""tf.nn.fused_batch_norm in inference mode with a zero variance: TF's Python wrapper raises an
epsilon below 1.001e-5 to that floor, and the kernel divides by sqrt(variance + epsilon). TF 2.21
on CPU gives those values only when y, batch_mean and batch_variance are fetched together; a run
that fetches y alone gives NaN/inf (epsilon dropped: x unscaled for variance 1), and fetching y
with the other outputs of a graph it rewrote fails with OutOfRangeError. tfcompat always gives
the epsilon-respecting values (known_differences.txt)."""
import numpy as np
import pytest


@pytest.mark.tfcompat_only
def test_inference_zero_variance_uses_the_epsilon_floor(tf):
    x = tf.placeholder(tf.float32, [1, 2, 3, 4])
    value = np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4)
    y0, _, _ = tf.nn.fused_batch_norm(x, tf.ones([4]), tf.zeros([4]), mean=tf.zeros([4]),
                                      variance=tf.fill([4], 0.0), epsilon=0.0, is_training=False)
    y1, mean, var = tf.nn.fused_batch_norm(x, tf.ones([4]), tf.zeros([4]), mean=tf.zeros([4]),
                                           variance=tf.fill([4], 1.0), epsilon=0.0,
                                           is_training=False)
    assert y0.op.get_attr("epsilon") == pytest.approx(1.001e-5)
    with tf.Session() as sess:
        out0 = sess.run(y0, {x: value})
        out1, m, v = sess.run([y1, mean, var], {x: value})
    # TF's kernel, fetching every output: [0, 316.0698, 632.1396, 948.20935, 1264.2792]
    np.testing.assert_allclose(out0.ravel()[:5], [0.0, 316.0698, 632.1396, 948.20935, 1264.2792],
                               rtol=1e-5)
    np.testing.assert_allclose(out1.ravel()[:5], [0.0, 0.999995, 1.99999, 2.999985, 3.99998],
                               rtol=1e-6)
    np.testing.assert_array_equal(m, [0.0] * 4)
    np.testing.assert_array_equal(v, [1.0] * 4)
