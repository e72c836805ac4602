"""ReLU's gradient is TF's ReluGrad, gradients * (features > 0), computed as g * sign(relu(x))
(tfcompat/ops/nn_grad.py): NaN features and -0 give a +0 mask, and an inf/NaN gradient times
that mask is NaN, as in TF."""
import numpy as np


def test_relu_gradient_edge_values(tf):
    x = tf.placeholder(tf.float32, [5])
    g = tf.placeholder(tf.float32, [5])
    (gx,) = tf.gradients(tf.nn.relu(x), [x], grad_ys=[g])
    with tf.Session() as sess:
        got = sess.run(gx, {x: np.array([-0.0, 0.0, np.nan, -2.0, 3.0], np.float32),
                            g: np.array([np.inf, -5.0, 7.0, np.nan, -np.inf], np.float32)})
    # recorded from TF 2.21 compat.v1
    np.testing.assert_array_equal(got, [np.nan, -0.0, 0.0, np.nan, -np.inf])
    assert np.signbit(got[[1, 2, 4]]).tolist() == [True, False, True]   # -0.0, +0.0, -inf
