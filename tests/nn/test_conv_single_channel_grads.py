"""Gradients of a batch-1 Conv2D with one output channel and of a conv2d_transpose with one
input channel (filters torch sees as channels_last-but-not-contiguous; torch's slow_conv2d
backward refused them: "grad_weight must be contiguous"). Expected values from TF 2.21."""
import numpy as np


def test_conv2d_one_output_channel_and_transpose_one_input_channel_grads(tf):
    x = tf.constant((np.arange(75) % 7 - 3).reshape(1, 5, 5, 3).astype(np.float32) / 4)
    w = tf.constant((np.arange(27) % 5 - 2).reshape(3, 3, 3, 1).astype(np.float32) / 3)
    y = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
    x1 = tf.constant((np.arange(9) % 4 - 1).reshape(1, 3, 3, 1).astype(np.float32))
    wt = tf.constant((np.arange(8) % 3 - 1).reshape(2, 2, 2, 1).astype(np.float32))
    yt = tf.nn.conv2d_transpose(x1, wt, [1, 6, 6, 2], [1, 2, 2, 1], "SAME")
    grads = tf.gradients(tf.reduce_sum(tf.square(y)), [x, w]) + \
        tf.gradients(tf.reduce_sum(tf.square(yt)), [x1, wt])
    with tf.Session() as sess:
        gx, gw, gx1, gwt = sess.run(grads)
    np.testing.assert_allclose(gw.ravel(), [
        -3.375, 3.4583, -1.0833, 2.9167, 2.7917, -2.875, 1.0833, -4.5, 3.625, 6.75, -3.9167,
        -0.2917, 0.375, -2.4167, 4.125, -2.5833, 6.0417, -5.75, -3.8333, -0.0417, -2.9583,
        -2.2917, 4.0417, 0.75, 5.875, -5.9167, -2.5417], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(gx.ravel()[:6], [-1.0556, -1.0556, -0.2222, -0.2222, 2.0556,
                                                -0.3889], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(gwt.ravel(), [-26, 0, 26, -26, 0, 26, -26, 0], atol=1e-4)
    assert gx1.shape == (1, 3, 3, 1)


def test_conv_to_one_channel_trains(tf):
    # a CenterNet-style heatmap head: conv2d to one channel on a batch of one, SGD
    tf.set_random_seed(1)
    x = tf.constant((np.arange(64) % 9 - 4).reshape(1, 4, 4, 4).astype(np.float32) / 5)
    w = tf.Variable((np.arange(36) % 7 - 3).reshape(3, 3, 4, 1).astype(np.float32) / 10)
    loss = tf.reduce_sum(tf.square(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([loss, train])[0] for _ in range(3)]
    np.testing.assert_allclose(losses, LOSSES, rtol=1e-4)


LOSSES = [18.170002, 3.682931, 1.077978]
