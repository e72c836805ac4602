"""RetinaNet focal loss (sigmoid_cross_entropy_with_logits, alpha/gamma weighting normalised by
positives) in float32 and float16, and CenterNet-style keypoint heads: gaussian heatmaps drawn
with meshgrid, penalty-reduced focal loss, 3x3 max_pool NMS, top_k over the flattened map with
floordiv/floormod unravel, gather_nd of offsets and sizes; SGD steps on both."""
import numpy as np
TAGS = ['cv', 'train', 'nn']
TOLERANCE = {'*': (2e-3, 2e-4)}


def focal_loss(tf, logits, targets, weights, alpha=0.25, gamma=2.0):
    per_entry = tf.nn.sigmoid_cross_entropy_with_logits(labels=targets, logits=logits)
    prediction_probabilities = tf.sigmoid(logits)
    p_t = (targets * prediction_probabilities) + ((1 - targets) * (1 - prediction_probabilities))
    modulating_factor = tf.pow(1.0 - p_t, gamma)
    alpha_weight_factor = targets * alpha + (1 - targets) * (1 - alpha)
    return modulating_factor * alpha_weight_factor * per_entry * weights


def centernet_focal(tf, pred, gt):
    pos = tf.cast(tf.equal(gt, 1.0), tf.float32)
    neg = 1.0 - pos
    neg_weights = tf.pow(1.0 - gt, 4)
    pred = tf.clip_by_value(pred, 1e-4, 1.0 - 1e-4)
    pos_loss = tf.log(pred) * tf.pow(1 - pred, 2) * pos
    neg_loss = tf.log(1 - pred) * tf.pow(pred, 2) * neg_weights * neg
    num_pos = tf.reduce_sum(pos)
    return tf.cond(num_pos > 0, lambda: -(tf.reduce_sum(pos_loss) + tf.reduce_sum(neg_loss)) / num_pos,
                   lambda: -tf.reduce_sum(neg_loss))


def heatmap(tf, centers, H, W, sigma=1.5):
    ys, xs = tf.meshgrid(tf.range(H, dtype=tf.float32), tf.range(W, dtype=tf.float32), indexing='ij')
    cy = centers[:, 0][:, None, None]; cx = centers[:, 1][:, None, None]
    g = tf.exp(-((ys[None] - cy) ** 2 + (xs[None] - cx) ** 2) / (2 * sigma ** 2))
    return tf.reduce_max(g, 0)


def main(tf):
    tf.set_random_seed(2)
    rng = np.random.RandomState(2)
    out = {}
    # RetinaNet classification head
    feats = tf.constant(rng.randn(2, 10, 8).astype(np.float32))
    tgt_np = (rng.uniform(size=(2, 10, 3)) > 0.8).astype(np.float32)
    w = tf.get_variable('cls_w', [8, 3], initializer=tf.random_normal_initializer(stddev=0.1, seed=3))
    b = tf.get_variable('cls_b', [3], initializer=tf.constant_initializer(-np.log((1 - 0.01) / 0.01)))
    logits = tf.tensordot(feats, w, [[2], [0]]) + b
    fl = focal_loss(tf, logits, tf.constant(tgt_np), tf.ones([2, 10, 1]))
    normalizer = tf.maximum(tf.reduce_sum(tf.constant(tgt_np)), 1.0)
    cls_loss = tf.reduce_sum(fl) / normalizer
    fl16 = focal_loss(tf, tf.cast(logits, tf.float16), tf.constant(tgt_np, tf.float16), tf.constant(1.0, tf.float16))
    out['fl16_dtype'] = fl16.dtype.name
    # CenterNet head
    H = W = 12
    centers = tf.constant([[3., 4.], [8., 9.], [8., 2.]])
    hm_gt = heatmap(tf, centers, H, W)
    x = tf.constant(rng.randn(1, H, W, 4).astype(np.float32))
    hm_logits = tf.layers.conv2d(x, 1, 3, padding='same', name='hm',
                                 kernel_initializer=tf.random_normal_initializer(stddev=.1, seed=5),
                                 bias_initializer=tf.constant_initializer(-2.19))
    wh = tf.layers.conv2d(x, 2, 3, padding='same', name='wh',
                          kernel_initializer=tf.random_normal_initializer(stddev=.1, seed=6))
    hm = tf.sigmoid(hm_logits)
    cn_loss = centernet_focal(tf, hm[0, :, :, 0], hm_gt)
    hmax = tf.nn.max_pool(hm, [1, 3, 3, 1], [1, 1, 1, 1], 'SAME')
    keep = tf.cast(tf.equal(hmax, hm), tf.float32)
    peaks = hm * keep
    scores, inds = tf.nn.top_k(tf.reshape(peaks, [1, -1]), k=5)
    ys = tf.floordiv(inds, W); xs = tf.floormod(inds, W)
    idx = tf.stack([tf.zeros_like(ys), ys, xs], -1)
    sizes = tf.gather_nd(wh, idx)
    total = cls_loss + cn_loss
    train = tf.train.GradientDescentOptimizer(0.5).minimize(total)
    out['static'] = [str(fl.shape), str(hm_gt.shape), str(idx.shape), str(sizes.shape), inds.dtype.name]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['fl'], out['fl16'], out['hm_gt'] = sess.run([fl, tf.cast(fl16, tf.float32), hm_gt])
        out['first'] = sess.run([cls_loss, cn_loss])
        out['losses'] = np.array([sess.run([total, train])[0] for _ in range(5)])
        out['dec'] = sess.run([scores, ys, xs, sizes])
        out['no_pos'] = sess.run(centernet_focal(tf, tf.fill([4, 4], 0.3), tf.zeros([4, 4])))
    return out
