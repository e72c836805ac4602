"""The NaN-gradient trap and sparse paths as tutorials and StackOverflow answers of 2016-2019
showed them: softmax / cross-entropies with -inf logits, tf.where with log/sqrt/1/x in the
unselected branch (and the safe double-where fix), gather / gather_nd / embedding_lookup with
repeated indices (IndexedSlices for [n, 1] gather_nd indices), cumsum / cumprod / reduce_prod
with zeros."""
import numpy as np
TAGS = ['gradients', 'sparse']


def main(tf):
    out = {}
    ninf = -np.inf
    logits = tf.constant([[0., ninf, 1.], [ninf, ninf, 0.], [2., 2., 2.]])
    w = tf.constant([[1., 2., 3.]])
    with tf.Session() as sess:
        out['softmax'] = sess.run(tf.gradients(tf.nn.softmax(logits) * w, logits))
        out['log_softmax'] = sess.run(tf.gradients(tf.nn.log_softmax(logits) * w, logits))
        lab = tf.constant([[0., 0., 1.], [0., 0., 1.], [1., 0., 0.]])
        out['xent'] = sess.run(tf.gradients(tf.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=logits), logits))
        out['sxent'] = sess.run(tf.gradients(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2, 2, 0], logits=logits), logits))
        sl = tf.constant([-100., -20., 0., 20., 100.])
        out['sig_xent'] = sess.run(tf.gradients(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([1., 0., .5, 1., 0.]), logits=sl), sl))
        out['wce'] = sess.run(tf.gradients(tf.nn.weighted_cross_entropy_with_logits(targets=tf.constant([1., 0., .5, 1., 0.]), logits=sl, pos_weight=3.), sl))
        # where NaN trap
        x = tf.constant([-1., 0., 1., 4.])
        y1 = tf.where(x > 0, tf.sqrt(x), tf.zeros_like(x))
        out['where_sqrt'] = sess.run(tf.gradients(y1, x))
        y2 = tf.where(x > 0, tf.log(x), x)
        out['where_log'] = sess.run(tf.gradients(y2, x))
        safe = tf.where(x > 0, x, tf.ones_like(x))
        y3 = tf.where(x > 0, tf.log(safe), tf.zeros_like(x))
        out['where_safe'] = sess.run(tf.gradients(y3, x))
        y4 = tf.where(x > 0, 1. / x, x)
        out['where_recip'] = sess.run(tf.gradients(y4, x))
        y5 = tf.where(tf.is_finite(1. / x), 1. / x, tf.zeros_like(x))
        out['where_isfinite'] = sess.run(tf.gradients(y5, x))
        y6 = tf.where_v2(x > 0, tf.pow(x, 0.5), 0.)
        out['where_v2_pow'] = sess.run(tf.gradients(y6, x))
        out['mul_zero_inf'] = sess.run(tf.gradients(0. * tf.log(x), x))
        # gather with repeated indices
        p = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
        gth = tf.gather(p, [0, 2, 0, 0])
        gp = tf.gradients(gth * [[1.], [2.], [3.], [4.]], p)[0]
        out['gather_dense'] = sess.run(tf.convert_to_tensor(gp))
        out['gather_type'] = type(gp).__name__
        out['gather_ax1'] = sess.run(tf.gradients(tf.gather(p, [1, 1, 0], axis=1) * [[1., 2., 3.]], p))
        gnd = tf.gather_nd(p, [[0, 1], [0, 1], [2, 0]])
        out['gather_nd'] = sess.run(tf.gradients(gnd * [1., 2., 3.], p))
        out['gather_nd_rows'] = sess.run(tf.gradients(tf.gather_nd(p, [[1], [1]]) * [[1.], [2.]], p))
        v = tf.Variable([[1., 2.], [3., 4.], [5., 6.]], name='v')
        emb = tf.nn.embedding_lookup(v, [2, 2, 1])
        sess.run(tf.global_variables_initializer())
        ge = tf.gradients(tf.reduce_sum(emb * [[1.], [2.], [3.]]), v)[0]
        out['emb_vals'] = sess.run(tf.convert_to_tensor(ge))
        out['emb_type'] = type(ge).__name__
        out['emb_shape'] = str(ge.dense_shape.get_shape()) if hasattr(ge, 'dense_shape') else 'dense'
        # cumsum / cumprod
        c = tf.constant([2., 0., 3., 0., 4.])
        wc = tf.constant([1., 2., 3., 4., 5.])
        for ex in (False, True):
            for rv in (False, True):
                k = 'e%d_r%d' % (ex, rv)
                out['cumsum_' + k] = sess.run(tf.gradients(tf.cumsum(c, exclusive=ex, reverse=rv) * wc, c))
                out['cumprod_' + k] = sess.run(tf.gradients(tf.cumprod(c, exclusive=ex, reverse=rv) * wc, c))
        c1 = tf.constant([2., 0., 3.])
        out['cumprod_1zero'] = sess.run(tf.gradients(tf.cumprod(c1), c1))
        out['reduce_prod_zero'] = sess.run(tf.gradients(tf.reduce_prod(c), c))
        out['reduce_prod_1zero'] = sess.run(tf.gradients(tf.reduce_prod(c1), c1))
        out['reduce_prod_ax'] = sess.run(tf.gradients(tf.reduce_prod(tf.reshape(c[:4], [2, 2]), 1), c))
    return out
