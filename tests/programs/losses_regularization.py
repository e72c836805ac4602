"""tf.losses with weights and reductions, regularization losses collected from layers,
get_total_loss, and the LOSSES collection."""
import numpy as np
TAGS = ['losses']


def main(tf):
    out = {}
    rng = np.random.RandomState(5)
    labels = tf.constant(rng.randint(0, 2, (6, 3)).astype(np.float32))
    logits = tf.constant(rng.randn(6, 3).astype(np.float32))
    w = tf.constant(rng.rand(6, 1).astype(np.float32))
    R = tf.losses.Reduction
    for red in ('NONE', 'SUM', 'MEAN', 'SUM_OVER_BATCH_SIZE', 'SUM_BY_NONZERO_WEIGHTS'):
        out['sigmoid_' + red] = tf.losses.sigmoid_cross_entropy(labels, logits, weights=w,
                                                                label_smoothing=0.1, reduction=getattr(R, red),
                                                                loss_collection=None if red == 'NONE' else tf.GraphKeys.LOSSES)
    out['softmax_ls'] = tf.losses.softmax_cross_entropy(labels, logits, label_smoothing=0.2)
    out['huber'] = tf.losses.huber_loss(labels, logits, weights=w, delta=0.5)
    out['hinge'] = tf.losses.hinge_loss(labels, logits)
    out['log_loss'] = tf.losses.log_loss(labels, tf.sigmoid(logits))
    out['cosine'] = tf.losses.cosine_distance(tf.nn.l2_normalize(labels + 0.1, 1), tf.nn.l2_normalize(logits, 1), axis=1)
    out['abs_diff'] = tf.losses.absolute_difference(labels, logits, weights=tf.constant([[0.0], [1.0], [2.0], [0.0], [1.0], [1.0]]))
    out['mpse'] = tf.losses.mean_pairwise_squared_error(labels, logits)
    x = tf.constant(rng.randn(4, 5).astype(np.float32))
    tf.layers.dense(x, 3, kernel_initializer=tf.constant_initializer(0.3),
                    kernel_regularizer=tf.contrib.layers.l2_regularizer(0.1) if False else lambda t: 0.1 * tf.nn.l2_loss(t))
    out['reg'] = tf.losses.get_regularization_loss()
    out['total'] = tf.losses.get_total_loss()
    out['n_losses'] = np.array(len(tf.losses.get_losses()))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res = {}
        for k, v in out.items():
            res[k] = sess.run(v) if hasattr(v, 'op') else v
    return res
