"""tf.contrib.model_pruning-style magnitude pruning written by hand (mask/threshold variables in
collections, tf.nn.top_k threshold, polynomial sparsity schedule on the global step, assigns under
control dependencies, zero_fraction sparsity summaries)."""
import numpy as np
TAGS = ['train', 'variables', 'summary']


def apply_mask(tf, x, scope=''):
    mask = tf.get_variable('mask', x.get_shape(), initializer=tf.ones_initializer(), trainable=False)
    threshold = tf.get_variable('threshold', [], initializer=tf.zeros_initializer(), trainable=False)
    tf.add_to_collection('masks', mask)
    tf.add_to_collection('thresholds', threshold)
    tf.add_to_collection('masked_weights', x)
    return tf.multiply(mask, x, 'masked_weight'), mask, threshold


def main(tf):
    tf.set_random_seed(5)
    rng = np.random.RandomState(5)
    X = rng.randn(32, 8).astype(np.float32)
    Y = rng.randint(0, 3, 32).astype(np.int64)
    gs = tf.train.get_or_create_global_step()
    x = tf.placeholder(tf.float32, [None, 8])
    y = tf.placeholder(tf.int64, [None])
    with tf.variable_scope('fc1'):
        w1 = tf.get_variable('weights', [8, 16], initializer=tf.glorot_uniform_initializer(seed=1))
        mw1, m1, t1 = apply_mask(tf, w1)
        h = tf.nn.relu(tf.matmul(x, mw1))
    with tf.variable_scope('fc2'):
        w2 = tf.get_variable('weights', [16, 3], initializer=tf.glorot_uniform_initializer(seed=2))
        mw2, m2, t2 = apply_mask(tf, w2)
        logits = tf.matmul(h, mw2)
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    train = tf.train.GradientDescentOptimizer(0.3).minimize(loss, global_step=gs)
    # polynomial sparsity schedule (begin 0, end 6, target 0.75, exponent 3)
    p = tf.minimum(1.0, tf.maximum(0.0, tf.cast(gs, tf.float32) / 6.0))
    sparsity = 0.75 + (0.0 - 0.75) * tf.pow(1.0 - p, 3)
    updates = []
    for w, m, t in zip(tf.get_collection('masked_weights'), tf.get_collection('masks'),
                       tf.get_collection('thresholds')):
        absw = tf.abs(w)
        k = tf.cast(tf.round(tf.cast(tf.size(absw), tf.float32) * (1 - sparsity)), tf.int32)
        vals, _ = tf.nn.top_k(tf.reshape(absw, [-1]), k=tf.maximum(k, 1), sorted=True)
        thr = vals[-1]
        new_mask = tf.cast(tf.greater_equal(absw, thr), tf.float32)
        with tf.control_dependencies([tf.assign(t, thr)]):
            up = tf.assign(m, new_mask)
        updates.append(up)
        with tf.control_dependencies([up]):
            updates.append(tf.assign(w, w * up))
        tf.summary.scalar(m.op.name + '/sparsity', tf.nn.zero_fraction(m))
        tf.summary.scalar(t.op.name + '/threshold', t)
    mask_update_op = tf.group(*updates, name='mask_update')
    summ = tf.summary.merge_all()
    r = {'masks': [v.name for v in tf.get_collection('masks')],
         'trainable': [v.name for v in tf.trainable_variables()],
         'global': [v.name for v in tf.global_variables()],
         'mw_name': mw1.name, 'summ_type': summ.op.type}
    hist = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(8):
            l, _ = sess.run([loss, train], {x: X, y: Y})
            sess.run(mask_update_op)
            hist.append(l)
        r['losses'] = np.array(hist)
        r['sp'] = sess.run([sparsity, tf.nn.zero_fraction(m1), tf.nn.zero_fraction(m2), t1, t2])
        r['w1'] = sess.run(mw1)
        r['m2'] = sess.run(m2)
        s = tf.Summary.FromString(sess.run(summ))
        r['summ'] = ['%s=%.5f' % (v.tag, v.simple_value) for v in s.value]
    return r
