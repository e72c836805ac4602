"""TF-Ranking v0.1 (2018) pairwise losses in pure TF: padded lists with -1 labels, sequence_mask,
pairwise logistic / hinge / soft zero-one losses built from expand_dims differences, a
LambdaRank-style |discount difference| weight, compute_weighted_loss SUM_BY_NONZERO_WEIGHTS,
gradients and SGD steps."""
import numpy as np
TAGS = ['losses', 'gradients', 'train', 'shapes']
TOLERANCE = {'*': (1e-5, 1e-6)}


def _get_valid_pairs_and_clean_labels(tf, labels):
    assert labels.shape.ndims == 2
    is_valid = tf.greater_equal(labels, 0.)
    labels = tf.where(is_valid, labels, tf.zeros_like(labels))
    pairwise_label_diff = tf.expand_dims(labels, 2) - tf.expand_dims(labels, 1)
    valid_pairs = tf.logical_and(tf.expand_dims(is_valid, 2), tf.expand_dims(is_valid, 1))
    return tf.to_float(valid_pairs) * tf.to_float(pairwise_label_diff > 0), labels, is_valid


def _pairwise(tf, labels, logits, kind, lambda_weight=None):
    pairwise_labels, labels, is_valid = _get_valid_pairs_and_clean_labels(tf, labels)
    logits = tf.where(is_valid, logits, tf.ones_like(logits) * tf.reduce_min(logits, axis=1, keepdims=True))
    pairwise_logits = tf.expand_dims(logits, 2) - tf.expand_dims(logits, 1)
    if kind == 'hinge':
        losses = tf.nn.relu(1. - pairwise_logits)
    elif kind == 'logistic':
        losses = tf.log1p(tf.exp(-tf.abs(pairwise_logits))) + tf.nn.relu(-pairwise_logits)
    else:
        losses = tf.square(tf.maximum(1. - pairwise_logits, 0.))
    weights = pairwise_labels
    if lambda_weight is not None:
        weights = weights * lambda_weight
    return tf.losses.compute_weighted_loss(losses, weights=weights,
                                           reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS)


def main(tf):
    np.random.seed(3)
    tf.set_random_seed(3)
    labels_np = np.array([[2., 1., 0., -1., -1.], [0., 0., 1., 3., -1.], [1., -1., 0., 2., 0.]],
                         np.float32)
    list_size = tf.placeholder(tf.int32, [None], name='list_size')
    labels = tf.placeholder(tf.float32, [None, 5], name='labels')
    feats = tf.constant(np.random.randn(3, 5, 4).astype(np.float32))
    with tf.variable_scope('scoring'):
        w = tf.get_variable('w', [4, 1], initializer=tf.glorot_uniform_initializer(seed=1))
        b = tf.get_variable('b', [], initializer=tf.zeros_initializer())
    logits = tf.squeeze(tf.tensordot(feats, w, axes=[[2], [0]]), axis=2) + b
    mask = tf.sequence_mask(list_size, maxlen=5)
    masked_logits = tf.where(mask, logits, -1e3 * tf.ones_like(logits))
    out = {'mask_shape': str(mask.shape), 'mask_dtype': mask.dtype.name,
           'logits_shape': logits.shape.as_list()}
    losses = {}
    for kind in ['hinge', 'logistic', 'soft_zero_one']:
        with tf.name_scope('pairwise_%s_loss' % kind):
            losses[kind] = _pairwise(tf, labels, masked_logits, kind)
        out['name_' + kind] = losses[kind].name
    ranks = tf.cast(tf.range(1, 6), tf.float32)
    discount = 1. / tf.log1p(ranks)
    lw = tf.abs(tf.expand_dims(discount, 1) - tf.expand_dims(discount, 0))
    losses['lambda'] = _pairwise(tf, labels, masked_logits, 'logistic', lambda_weight=lw)
    total = tf.add_n(list(losses.values()))
    grads = tf.gradients(total, [w, b])
    opt = tf.train.GradientDescentOptimizer(0.1)
    train = opt.minimize(total)
    feed = {labels: labels_np, list_size: [3, 4, 5]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run(losses, feed)
        for k, v in vals.items():
            out['loss_' + k] = v
        g = sess.run(grads, feed)
        out['grad_w'], out['grad_b'] = g
        out['mask'] = sess.run(mask, feed)
        for _ in range(3):
            sess.run(train, feed)
        out['after'] = sess.run(total, feed)
    out['train_type'] = train.type
    out['vars'] = [v.name for v in tf.trainable_variables()]
    return out
