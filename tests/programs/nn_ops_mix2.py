"""tf.nn odds and ends: conv1d/conv3d/atrous/depthwise/separable, conv2d_transpose output shapes,
lrn, moments, batch_normalization, l2_normalize, in_top_k, top_k ties, ctc-free sequence ops,
softmax_cross_entropy_with_logits_v2 gradient w.r.t. labels, weighted_cross_entropy, log_softmax."""
import numpy as np
TAGS = ['nn']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    rng = np.random.RandomState(6)
    x4 = tf.constant(rng.randn(2, 6, 7, 3).astype(np.float32))
    e = {
        'conv1d': tf.nn.conv1d(tf.constant(rng.randn(2, 9, 3).astype(np.float32)), tf.constant(rng.randn(3, 3, 4).astype(np.float32)), 2, 'SAME'),
        'atrous': tf.nn.atrous_conv2d(x4, tf.constant(rng.randn(3, 3, 3, 2).astype(np.float32)), 2, 'SAME'),
        'depthwise': tf.nn.depthwise_conv2d(x4, tf.constant(rng.randn(2, 2, 3, 2).astype(np.float32)), [1, 1, 1, 1], 'VALID'),
        'separable': tf.nn.separable_conv2d(x4, tf.constant(rng.randn(3, 3, 3, 1).astype(np.float32)), tf.constant(rng.randn(1, 1, 3, 4).astype(np.float32)), [1, 2, 2, 1], 'SAME'),
        'deconv': tf.nn.conv2d_transpose(x4, tf.constant(rng.randn(3, 3, 5, 3).astype(np.float32)), [2, 12, 14, 5], [1, 2, 2, 1], 'SAME'),
        'conv3d': tf.nn.conv3d(tf.constant(rng.randn(1, 4, 5, 5, 2).astype(np.float32)), tf.constant(rng.randn(2, 3, 3, 2, 3).astype(np.float32)), [1, 1, 2, 2, 1], 'SAME'),
        'lrn': tf.nn.lrn(x4, depth_radius=2, bias=1.0, alpha=0.1, beta=0.75),
        'l2n': tf.nn.l2_normalize(x4, axis=[1, 2]),
        'log_softmax': tf.nn.log_softmax(x4[0, 0]),
        'in_top_k': tf.nn.in_top_k(tf.constant([[0.1, 0.5, 0.5], [0.3, 0.2, 0.1]]), tf.constant([2, 1]), 1),
        'top_k_ties': tf.nn.top_k(tf.constant([1.0, 3.0, 3.0, 2.0, 3.0]), 3).indices,
        'wce': tf.nn.weighted_cross_entropy_with_logits(tf.constant([1.0, 0.0]), tf.constant([0.3, -2.0]), 2.5),
        'elu_selu': tf.stack([tf.nn.elu(x4[0, 0, 0]), tf.nn.selu(x4[0, 0, 0]), tf.nn.softplus(x4[0, 0, 0]), tf.nn.softsign(x4[0, 0, 0]), tf.nn.relu6(x4[0, 0, 0] * 4), tf.nn.leaky_relu(x4[0, 0, 0]), tf.nn.crelu(x4[0, 0, 0])[:3], tf.nn.swish(x4[0, 0, 0]) if hasattr(tf.nn, 'swish') else x4[0, 0, 0]]),
        'avg_pool_same': tf.nn.avg_pool(x4, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME'),
        'pool_argmax': tf.nn.max_pool_with_argmax(x4, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')[1],
    }
    mean, var = tf.nn.moments(x4, [0, 1, 2])
    e['bn'] = tf.nn.batch_normalization(x4, mean, var, tf.constant([0.1, 0.2, 0.3]), tf.constant([1.0, 2.0, 0.5]), 1e-3)
    labels = tf.Variable([[0.2, 0.8, 0.0]])
    logits = tf.constant([[1.0, 2.0, 0.5]])
    ce = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    e['ce_grad_labels'] = tf.gradients(ce, labels)[0]
    e['ce_v1_grad_labels'] = tf.convert_to_tensor(tf.gradients(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits), labels)[0] is None)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out.update(sess.run(e))
    return out
