"""Detection-code edge cases that real pipelines hit: crop_and_resize with an out-of-range
box index, NMS with bad thresholds, sample_distorted_bounding_box with no boxes, pad/crop
bounding-box argument checks at run time with dynamic shapes, rot90 with a tensor k,
random_crop/central_crop/flip on batches, extract_glimpse, confusion_matrix/mean_per_class
accuracy for segmentation, weighted/sigmoid losses with label smoothing."""
import numpy as np
TAGS = ['cv', 'image', 'shapes']
TOLERANCE = {'*': (1e-5, 1e-6)}


def run_err(sess, t, feed=None):
    try:
        v = sess.run(t, feed)
        return 'ok %s' % (np.asarray(v).shape,)
    except Exception as e:
        msg = getattr(e, 'message', str(e))
        lines = [l for l in msg.split('\n') if l and not l.startswith(('Graph execution', 'Detected at',
                 '  File', '    ', 'Node:', '\t', 'Original stack'))]
        return '%s: %s' % (type(e).__name__, lines[0] if lines else '')


def build_err(fn):
    try:
        t = fn()
        return 'built %s' % (t.shape,)
    except Exception as e:
        return '%s: %s' % (type(e).__name__, str(e).split('\n')[0])


def main(tf):
    tf.set_random_seed(17)
    rng = np.random.RandomState(17)
    img_np = rng.uniform(size=(2, 6, 7, 3)).astype(np.float32)
    img = tf.placeholder(tf.float32, [None, None, None, 3])
    out = {}
    bad_ind = tf.image.crop_and_resize(img, [[0., 0., 1., 1.]], [5], [3, 3])
    nms_bad = tf.image.non_max_suppression(tf.zeros([3, 4]), tf.zeros([3]), 2, iou_threshold=1.5)
    sdbb = tf.image.sample_distorted_bounding_box([6, 7, 3], tf.zeros([1, 0, 4]), seed=3,
                                                  use_image_if_no_bounding_boxes=False)
    sdbb_ok = tf.image.sample_distorted_bounding_box([6, 7, 3], tf.zeros([1, 0, 4]), seed=3,
                                                     use_image_if_no_bounding_boxes=True, min_object_covered=0.5)
    pad_bad = tf.image.pad_to_bounding_box(img, 0, 2, 6, 5)
    # only the widths fail: with two failing asserts TF reports whichever its executor runs first
    crop_bad = tf.image.crop_to_bounding_box(img, 0, 3, 5, 5)
    k = tf.placeholder(tf.int32, [])
    rot = tf.image.rot90(img, k)
    with tf.Session() as sess:
        feed = {img: img_np}
        out['bad_ind'] = run_err(sess, bad_ind, feed)
        out['nms_bad'] = run_err(sess, nms_bad)
        out['sdbb'] = run_err(sess, sdbb)
        out['sdbb_ok'] = sess.run(sdbb_ok)
        out['pad_bad'] = run_err(sess, pad_bad, feed)
        out['crop_bad'] = run_err(sess, crop_bad, feed)
        out['rot'] = [sess.run(rot, {img: img_np, k: kk}) for kk in (1, 2, -1, 7)]
        out['static_rot'] = str(rot.shape)
    out['build_errs'] = [
        build_err(lambda: tf.image.crop_and_resize(tf.zeros([1, 4, 4, 1]), tf.zeros([2, 3]), [0, 0], [2, 2])),
        build_err(lambda: tf.image.crop_and_resize(tf.zeros([1, 4, 4, 1]), tf.zeros([2, 4]), [0, 0], [2])),
        build_err(lambda: tf.image.pad_to_bounding_box(tf.zeros([4, 4, 1]), 1, 1, 3, 3)),
        build_err(lambda: tf.image.central_crop(tf.zeros([4, 4, 1]), 1.5)),
        build_err(lambda: tf.image.resize_images(tf.zeros([4, 4]), [2, 2])),
        build_err(lambda: tf.image.non_max_suppression(tf.zeros([3, 3]), tf.zeros([3]), 2)),
        build_err(lambda: tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 2]), tf.zeros([1, 1, 4]))),
    ]
    flips = {'ud': tf.image.flip_up_down(img), 'tr': tf.image.transpose_image(img),
             'rflip': tf.image.random_flip_left_right(img, seed=4),
             'rflip_ud': tf.image.random_flip_up_down(img[0], seed=5),
             'rcrop': tf.random_crop(img, [2, 4, 4, 3], seed=6),
             'cc': tf.image.central_crop(img, 0.5),
             'glimpse': tf.image.extract_glimpse(img, [3, 3], [[0.1, -0.2], [0.0, 0.5]], centered=True,
                                                 normalized=True, uniform_noise=False),
             'glimpse_px': tf.image.extract_glimpse(img, [2, 4], [[1., 2.], [3., 3.]], centered=False,
                                                    normalized=False, uniform_noise=False)}
    out['flip_static'] = {k2: str(v.shape) for k2, v in flips.items()}
    labels = tf.constant(rng.randint(0, 4, 50)); preds = tf.constant(rng.randint(0, 4, 50))
    w = tf.constant((rng.uniform(size=50) > 0.2).astype(np.float32))
    cm = tf.confusion_matrix(labels, preds, num_classes=4, weights=w)
    mpca, mpca_up = tf.metrics.mean_per_class_accuracy(labels, preds, 4, weights=w)
    logits = tf.constant(rng.randn(6, 3).astype(np.float32))
    tgt = tf.constant((rng.uniform(size=(6, 3)) > 0.5).astype(np.float32))
    wce = tf.nn.weighted_cross_entropy_with_logits(targets=tgt, logits=logits, pos_weight=3.0)
    sce = tf.losses.sigmoid_cross_entropy(tgt, logits, label_smoothing=0.1, weights=tf.constant([[1.], [0.], [2.], [1.], [1.], [0.]]))
    sm = tf.losses.softmax_cross_entropy(tgt, logits, label_smoothing=0.2, reduction=tf.losses.Reduction.MEAN)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        out.update(sess.run(flips, {img: img_np}))
        sess.run(mpca_up)
        out['cm'], out['mpca'], out['wce'], out['sce'], out['sm'] = sess.run([cm, mpca, wce, sce, sm])
    return out
