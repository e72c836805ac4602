"""Hunting NaNs the TF1 way: add_check_numerics_ops next to a training step (variables and
updates are not checked, so the step runs once), check_numerics on gradients catching a
blow-up, NaN-safe tf.where gradients, histogram_fixed_width of NaN and integer pow errors, and
float16 loss scaling with float32 master weights under tf.cond."""
import re

import numpy as np
TAGS = ['numerics']
TOLERANCE = {'*': (1e-4, 1e-5), 'fp16': (2e-3, 2e-3)}


def _error_line(tf, sess, fetch, feed=None, key='Tensor had'):
    try:
        sess.run(fetch, feed)
        return 'no error'
    except tf.errors.InvalidArgumentError as error:
        lines = [line for line in error.message.split('\n') if key in line]
        return lines[0].strip() if lines else error.message.split('\n')[0]


def main(tf):
    out = {}
    rng = np.random.RandomState(123)
    X = rng.randn(32, 4).astype(np.float32)
    Y = (X.sum(1, keepdims=True) > 0).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.float32, [None, 1])
    lr = tf.placeholder_with_default(0.1, [])
    w = tf.Variable(rng.randn(4, 1).astype(np.float32) * 0.5, name='w')
    b = tf.Variable(0.0, name='b')
    p = tf.sigmoid(tf.matmul(x, w) + b)
    loss = -tf.reduce_mean(y * tf.log(p) + (1 - y) * tf.log(1 - p))
    opt = tf.train.GradientDescentOptimizer(lr)
    checked = [(tf.check_numerics(g, 'grad of %s' % v.op.name), v)
               for g, v in opt.compute_gradients(loss)]
    train = opt.apply_gradients(checked)
    check_all = tf.add_check_numerics_ops()
    v = tf.constant([[1.0, np.nan, 3.0], [-1.0, 2.0, 0.0]])
    safe = tf.where(v > 0, tf.log(tf.where(v > 0, v, tf.ones_like(v))), tf.zeros_like(v))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['losses'] = [sess.run([loss, train, check_all], {x: X, y: Y})[0] for _ in range(4)]
        out['w'] = sess.run(w)
        # both gradients' checks fail; which TF reports first varies from run to run (its
        # executor runs them in parallel), so the variable's name is left out
        blowup = _error_line(tf, sess, [loss, train], {x: X * 1e3, y: Y, lr: 50.0})
        out['blowup'] = re.sub(r'grad of \w+ :', 'grad of <variable> :', blowup)
        out['w_after'] = sess.run(w)
        out['safe_where'] = sess.run([safe, tf.gradients(tf.reduce_sum(safe), v)[0]])
        out['histogram_nan'] = _error_line(
            tf, sess, tf.histogram_fixed_width(tf.placeholder_with_default([1.0, np.nan], [2]),
                                               [0.0, 5.0], nbins=5), key='Histogram')
        out['pow_negative'] = _error_line(
            tf, sess, tf.pow(tf.placeholder_with_default([2, 3], [2]),
                             tf.placeholder_with_default([1, -1], [2])), key='Integers')
    x16 = tf.placeholder(tf.float16, [None, 4])
    y16 = tf.placeholder(tf.float16, [None, 1])
    w32 = tf.get_variable('w32', [4, 1], tf.float32,
                          initializer=tf.constant_initializer(rng.randn(4, 1) * 0.3))
    logit16 = tf.matmul(x16, tf.cast(w32, tf.float16))
    loss16 = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y16, logits=logit16))
    grads = [g / 128.0 for g in tf.gradients(tf.cast(loss16, tf.float32) * 128.0, [w32])]
    finite = tf.reduce_all([tf.reduce_all(tf.is_finite(g)) for g in grads])
    step = tf.cond(finite, lambda: tf.train.MomentumOptimizer(0.5, 0.9).apply_gradients(
        zip(grads, [w32])), lambda: tf.no_op())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {x16: X.astype(np.float16), y16: Y.astype(np.float16)}
        out['fp16'] = [sess.run(loss16, feed).astype(np.float32) for _ in range(1)]
        for _ in range(4):
            sess.run(step, feed)
            out['fp16'].append(sess.run(loss16, feed).astype(np.float32))
        out['fp16_finite'] = sess.run(finite, feed)
    return out
