"""An evaluation loop with streaming tf.metrics (update ops over two batches, reset through
variables_initializer of the scope's local variables, precision/recall at k) and a TF1 image
augmentation pipeline on an image of unknown size (resize_image_with_crop_or_pad, seeded random
flips and color jitter, standardization, NMS, crop_and_resize, bounding boxes)."""
import numpy as np
TAGS = ['metrics', 'image']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _metrics(tf, out):
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None])
    scores = tf.placeholder(tf.float32, [None])
    with tf.variable_scope('eval_metrics'):
        binary = [tf.metrics.accuracy(labels, preds), tf.metrics.precision(labels, preds),
                  tf.metrics.recall(labels, preds),
                  tf.metrics.auc(labels, scores, num_thresholds=50), tf.metrics.mean(scores),
                  tf.metrics.false_negatives(labels, preds),
                  tf.metrics.true_positives_at_thresholds(labels, scores, [0.3, 0.7])]
        multi = [tf.metrics.mean_iou(labels, preds, num_classes=3),
                 tf.metrics.mean_per_class_accuracy(labels, preds, 3)]
    local = tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES, scope='eval_metrics')
    out['local_names'] = sorted(v.name for v in local)
    reset = tf.variables_initializer(local)
    logits = tf.placeholder(tf.float32, [None, 5])
    lab = tf.placeholder(tf.int64, [None, 1])
    at_k = [tf.metrics.precision_at_k(lab, logits, k=2), tf.metrics.recall_at_k(lab, logits, k=2),
            tf.metrics.average_precision_at_k(lab, logits, k=3)]
    batches = [([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], [.1, .9, .4, .35, .8]),
               ([1, 1, 0, 2], [1, 0, 0, 2], [.7, .2, .6, .5])]
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        for l, p, s in batches:
            b = {labels: np.minimum(l, 1), preds: np.minimum(p, 1), scores: s}
            sess.run([m[1] for m in binary], b)
            sess.run([m[1] for m in multi], {labels: l, preds: p})
        out['metrics'] = sess.run([m[0] for m in binary + multi])
        sess.run(reset)
        out['after_reset'] = sess.run([binary[0][0], binary[4][0]])
        rng = np.random.RandomState(20)
        sess.run([m[1] for m in at_k], {logits: rng.randn(4, 5), lab: [[0], [3], [4], [1]]})
        out['at_k'] = sess.run([m[0] for m in at_k])


def main(tf):
    out = {}
    tf.set_random_seed(20)
    _metrics(tf, out)
    img = tf.placeholder(tf.uint8, [None, None, 3])
    f = tf.image.convert_image_dtype(img, tf.float32)
    f = tf.image.resize_image_with_crop_or_pad(f, 6, 6)
    aug = tf.image.random_flip_left_right(f, seed=1)
    aug = tf.image.random_brightness(aug, max_delta=0.2, seed=2)
    aug = tf.image.random_contrast(aug, 0.5, 1.5, seed=3)
    aug = tf.image.random_saturation(aug, 0.5, 1.5, seed=4)
    aug = tf.clip_by_value(tf.image.random_hue(aug, 0.1, seed=5), 0.0, 1.0)
    images = {'crop_or_pad': f, 'augmented': aug, 'std': tf.image.per_image_standardization(f),
              'central': tf.image.central_crop(f, 0.5), 'rot90': tf.image.rot90(f, k=1),
              'gray': tf.image.rgb_to_grayscale(f), 'hsv': tf.image.rgb_to_hsv(f),
              'gamma': tf.image.adjust_gamma(f, 2.0)}
    boxes = tf.constant([[0., 0., 1., 1.], [0., 0., 0.9, 0.9], [0.5, 0.5, 1., 1.]])
    images['nms'] = tf.image.non_max_suppression(boxes, [0.9, 0.8, 0.7], 3, iou_threshold=0.5)
    images['crop_resize'] = tf.image.crop_and_resize(tf.expand_dims(f, 0), boxes,
                                                     tf.zeros([3], tf.int32), [2, 2])
    images['boxes'] = tf.image.draw_bounding_boxes(tf.expand_dims(f, 0),
                                                   tf.constant([[[0.1, 0.1, 0.5, 0.5]]]))
    out['static'] = {k: str(t.shape) for k, t in images.items()}
    value = (np.arange(4 * 5 * 3) * 4 % 256).astype(np.uint8).reshape(4, 5, 3)
    with tf.Session() as sess:
        out['images'] = sess.run(images, {img: value})
    return out
