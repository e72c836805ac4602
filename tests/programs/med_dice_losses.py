"""NiftyNet / DLTK style segmentation losses on a tiny 2-D U-Net head."""
import numpy as np
TAGS = ['cv', 'losses', 'train']
TOLERANCE = {'*': (1e-5, 1e-6)}


def main(tf):
    tf.set_random_seed(3)
    rs = np.random.RandomState(3)
    n_cls = 3
    labels_np = rs.randint(0, n_cls, size=(2, 6, 5)).astype(np.int32)
    labels_np[1, :, :] = 0  # an image with only background -> empty classes
    x = tf.constant(rs.randn(2, 6, 5, 2).astype(np.float32))
    labels = tf.constant(labels_np)
    w = tf.get_variable('w', [3, 3, 2, n_cls], initializer=tf.glorot_uniform_initializer(seed=1))
    b = tf.get_variable('b', [n_cls], initializer=tf.zeros_initializer())
    logits = tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME') + b
    probs = tf.nn.softmax(logits)
    onehot = tf.one_hot(labels, depth=n_cls, dtype=tf.float32)

    def dice_loss(prediction, ground_truth, smooth=1e-5):
        inter = tf.reduce_sum(prediction * ground_truth, axis=[1, 2])
        denom = tf.reduce_sum(tf.square(prediction), axis=[1, 2]) + tf.reduce_sum(tf.square(ground_truth), axis=[1, 2])
        return 1.0 - tf.reduce_mean((2.0 * inter + smooth) / (denom + smooth))

    def generalised_dice(prediction, ground_truth, type_weight='Square'):
        ref_vol = tf.reduce_sum(ground_truth, [0, 1, 2])
        intersect = tf.reduce_sum(ground_truth * prediction, [0, 1, 2])
        seg_vol = tf.reduce_sum(prediction, [0, 1, 2])
        if type_weight == 'Square':
            weights = tf.reciprocal(tf.square(ref_vol))
        else:
            weights = tf.reciprocal(ref_vol)
        new_weights = tf.where(tf.is_inf(weights), tf.zeros_like(weights), weights)
        weights = tf.where(tf.is_inf(weights), tf.ones_like(weights) * tf.reduce_max(new_weights), weights)
        gd = 2 * tf.reduce_sum(weights * intersect) / tf.maximum(tf.reduce_sum(weights * (ref_vol + seg_vol)), 1e-6)
        return 1 - gd

    def tversky(prediction, ground_truth, alpha=0.3, beta=0.7):
        p0, g0 = prediction, ground_truth
        p1, g1 = 1 - prediction, 1 - ground_truth
        num = tf.reduce_sum(p0 * g0, [0, 1, 2])
        den = num + alpha * tf.reduce_sum(p0 * g1, [0, 1, 2]) + beta * tf.reduce_sum(p1 * g0, [0, 1, 2])
        return tf.cast(n_cls, tf.float32) - tf.reduce_sum(num / den)

    def focal(logits_, onehot_, gamma=2.0, alpha=0.25):
        p = tf.nn.softmax(logits_)
        ce = -onehot_ * tf.log(tf.clip_by_value(p, 1e-7, 1.0))
        return tf.reduce_mean(tf.reduce_sum(alpha * tf.pow(1. - p, gamma) * ce, axis=-1))

    class_weights = tf.constant([0.2, 1.0, 2.5])
    pix_w = tf.gather(class_weights, labels)
    wce = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights=pix_w)
    wce_mean = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=onehot, logits=logits) * pix_w)
    bin_logits = logits[..., 1]
    bin_lab = tf.cast(tf.equal(labels, 1), tf.float32)
    wcel = tf.nn.weighted_cross_entropy_with_logits(targets=bin_lab, logits=bin_logits, pos_weight=3.0)
    sig_fg = tf.losses.sigmoid_cross_entropy(bin_lab, bin_logits, label_smoothing=0.1)
    losses = {'dice': dice_loss(probs, onehot), 'gdice_sq': generalised_dice(probs, onehot),
              'gdice_simple': generalised_dice(probs, onehot, 'Simple'),
              'tversky': tversky(probs, onehot), 'focal': focal(logits, onehot), 'wce': wce,
              'wce_mean': wce_mean, 'wcel_sum': tf.reduce_sum(wcel), 'sig_fg': sig_fg}
    total = tf.add_n([losses[k] for k in sorted(losses)])
    grads = tf.gradients(total, [w, b])
    opt = tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True)
    train = opt.minimize(total)
    pred = tf.argmax(probs, axis=-1, output_type=tf.int32)
    acc = tf.reduce_mean(tf.cast(tf.equal(pred, labels), tf.float32))
    out = {'wcel_shape': wcel.shape.as_list(), 'wcel_name': wcel.op.name, 'onehot_shape': onehot.shape.as_list(),
           'pix_w_op': pix_w.op.type}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out.update(sess.run(losses))
        g = sess.run(grads)
        out['gw'], out['gb'] = g
        for i in range(4):
            sess.run(train)
        out['after'] = sess.run([total, acc])
        out['pred'] = sess.run(pred)
    return out
