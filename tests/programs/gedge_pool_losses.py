"""Which element gets the gradient at a tie or a kink, as in CNN classifiers and tf.losses-based
regression code of 2016-2019: max_pool ties (VALID / SAME, overlapping windows, 1-D, 3-D),
avg_pool padding, max_pool_with_argmax, huber at delta, hinge at 1, absolute difference at 0,
log_loss at 0 and 1, pairwise / cosine losses at zero, label smoothing, loss reductions."""
import numpy as np
TAGS = ['gradients', 'cv']


def main(tf):
    out = {}
    img = np.array([[1, 1, 2, 2], [1, 1, 2, 0], [3, 0, 0, 0], [0, 3, 0, 0]], np.float32)
    x = tf.constant(img.reshape(1, 4, 4, 1))
    w = tf.constant(np.arange(1, 5, dtype=np.float32).reshape(1, 2, 2, 1))
    with tf.Session() as sess:
        for pad in ('VALID', 'SAME'):
            mp = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], pad)
            out['mp_' + pad] = sess.run(tf.gradients(mp * w, x))
            ap = tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], pad)
            out['ap_' + pad] = sess.run(tf.gradients(ap * tf.ones_like(ap) * 2., x))
            mpo = tf.nn.max_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], pad)
            out['mp_overlap_' + pad] = sess.run(tf.gradients(tf.reduce_sum(mpo), x))
        _, am = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
        out['argmax'] = sess.run(am)
        x1 = tf.constant(img.reshape(1, 4, 4)[:, :, :1].reshape(1, 4, 1))
        mp1 = tf.layers.max_pooling1d(x1, 2, 2)
        out['mp1d'] = sess.run(tf.gradients(mp1 * [[[1.], [2.]]], x1))
        x3 = tf.constant(np.ones((1, 2, 2, 2, 1), np.float32))
        out['mp3d'] = sess.run(tf.gradients(tf.nn.max_pool3d(x3, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], 'VALID'), x3))
        # losses at their kinks
        lab = tf.constant([0., 1., 2., 3., 1., 0.])
        pred = tf.constant([1., 1., 0., 3.5, 2., -1.])
        out['huber'] = sess.run(tf.gradients(tf.losses.huber_loss(lab, pred, delta=1.0), pred))
        out['abs_diff'] = sess.run(tf.gradients(tf.losses.absolute_difference(lab, pred), pred))
        out['mse_w0'] = sess.run(tf.gradients(tf.losses.mean_squared_error(lab, pred, weights=[0., 1., 1., 0., 1., 1.]), pred))
        hl = tf.constant([1., 0., 1., 0.])
        hp = tf.constant([1., -1., 0.5, 2.])
        out['hinge'] = sess.run(tf.gradients(tf.losses.hinge_loss(hl, hp), hp))
        pp = tf.constant([0., 1., 0.5, 1e-8])
        out['log_loss'] = sess.run(tf.gradients(tf.losses.log_loss(tf.constant([0., 1., 1., 1.]), pp), pp))
        out['log_loss_eps0'] = sess.run(tf.gradients(tf.losses.log_loss(tf.constant([0., 0., 1., 1.]), pp, epsilon=0.), pp))
        out['l2_loss'] = sess.run(tf.gradients(tf.nn.l2_loss(pred), pred))
        pw = tf.constant([[1., 2., 3.], [0., 0., 0.]])
        out['pairwise'] = sess.run(tf.gradients(tf.losses.mean_pairwise_squared_error(tf.zeros_like(pw), pw), pw))
        cos_l = tf.constant([[1., 0.], [0., 0.]])
        cos_p = tf.constant([[0.6, 0.8], [0., 0.]])
        out['cosine'] = sess.run(tf.gradients(tf.losses.cosine_distance(cos_l, cos_p, axis=1), cos_p))
        lg = tf.constant([[0., 0., 0.], [100., -100., 0.]])
        out['smooth_xent'] = sess.run(tf.gradients(tf.losses.softmax_cross_entropy(tf.constant([[1., 0., 0.], [0., 1., 0.]]), lg, label_smoothing=0.1), lg))
        out['sig_smooth'] = sess.run(tf.gradients(tf.losses.sigmoid_cross_entropy(tf.constant([[1., 0., 1.], [0., 1., 0.]]), lg, label_smoothing=0.2), lg))
        out['dropout_keep1'] = sess.run(tf.gradients(tf.nn.dropout(pred, keep_prob=1.0), pred))
        out['reduction_none'] = sess.run(tf.gradients(tf.losses.huber_loss(lab, pred, reduction=tf.losses.Reduction.NONE) * [1., 2., 3., 4., 5., 6.], pred))
        out['sum_by_nonzero'] = sess.run(tf.gradients(tf.losses.absolute_difference(lab, pred, weights=[0., 0., 1., 1., 0., 2.], reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS), pred))
    return out
