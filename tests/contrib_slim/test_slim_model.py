"""A model-zoo style slim script end to end: nested arg_scopes with regularizers, repeat,
max_pool2d, separable_conv2d, dropout, stack, slim.losses, get_total_loss and create_train_op
(momentum, gradient clipping). Expected values recorded from tf_slim 1.1.0 (TF 1.15's
contrib.slim) on TF 2.21 compat.v1."""
import numpy as np


def _init(tf, shape, seed):
    values = np.random.RandomState(seed).uniform(-1, 1, shape).astype(np.float32)
    return tf.constant_initializer(values)


def _net(tf, slim, images):
    with slim.arg_scope([slim.conv2d, slim.fully_connected, slim.separable_conv2d],
                        activation_fn=tf.nn.relu, weights_initializer=tf.constant_initializer(0.05),
                        weights_regularizer=slim.l2_regularizer(0.01)):
        with slim.arg_scope([slim.conv2d], padding="SAME"):
            net = slim.repeat(images, 2, slim.conv2d, 4, [3, 3], scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.separable_conv2d(net, 6, [3, 3], depth_multiplier=1,
                                        weights_initializer=_init(tf, [3, 3, 4, 1], 8),
                                        pointwise_initializer=_init(tf, [1, 1, 4, 6], 9),
                                        scope="sep2")
            net = slim.flatten(net)
            net = slim.dropout(net, 0.5, is_training=False, scope="dropout")
            net = slim.stack(net, slim.fully_connected, [8, 5], scope="fc")
            return slim.fully_connected(net, 3, activation_fn=None, scope="logits")


def test_slim_training_script(tf, slim):
    images = tf.constant(np.random.RandomState(3).uniform(0, 1, [4, 6, 6, 2]).astype(np.float32))
    logits = _net(tf, slim, images)
    slim.losses.softmax_cross_entropy(logits, tf.one_hot(tf.constant([0, 2, 1, 2]), 3))
    total = slim.losses.get_total_loss()
    assert [v.op.name for v in slim.get_model_variables()] == [
        "conv1/conv1_1/weights", "conv1/conv1_1/biases", "conv1/conv1_2/weights",
        "conv1/conv1_2/biases", "sep2/depthwise_weights", "sep2/pointwise_weights",
        "sep2/biases", "fc/fc_1/weights", "fc/fc_1/biases", "fc/fc_2/weights",
        "fc/fc_2/biases", "logits/weights", "logits/biases"]
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 7
    assert [t.op.name for t in slim.losses.get_losses()] == ["softmax_cross_entropy_loss/value"]
    train_op = slim.learning.create_train_op(total, tf.train.MomentumOptimizer(0.1, 0.9),
                                             clip_gradient_norm=2.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run(train_op) for _ in range(4)]
        np.testing.assert_allclose(losses, [1.20975, 1.20283, 1.19106, 1.17698], atol=2e-5)
        np.testing.assert_allclose(sess.run(logits)[0], [-0.0227, -0.02491, 0.3231], atol=2e-5)
