"""Detection-style box code: IoU by hand, non_max_suppression (score threshold too), argmax
matching with gather_nd / boolean_mask / where, crop_and_resize (bilinear and nearest,
extrapolation), draw_bounding_boxes, seeded sample_distorted_bounding_box crops, and the
image geometry functions with TF's argument checks (ValueError while building, "assertion
failed" when run)."""
import numpy as np
TAGS = ['cv', 'image']
TOLERANCE = {'*': (1e-5, 1e-6)}


def _iou(tf, box1, box2):
    y1 = tf.maximum(box1[..., 0], box2[..., 0]); x1 = tf.maximum(box1[..., 1], box2[..., 1])
    y2 = tf.minimum(box1[..., 2], box2[..., 2]); x2 = tf.minimum(box1[..., 3], box2[..., 3])
    inter = tf.maximum(0.0, y2 - y1) * tf.maximum(0.0, x2 - x1)
    a1 = (box1[..., 2] - box1[..., 0]) * (box1[..., 3] - box1[..., 1])
    a2 = (box2[..., 2] - box2[..., 0]) * (box2[..., 3] - box2[..., 1])
    return inter / (a1 + a2 - inter + 1e-7)


def _error(fn):
    try:
        fn()
    except ValueError as e:
        return 'ValueError: %s' % e
    return 'no error'


def main(tf):
    rng = np.random.RandomState(5)
    boxes_np = np.array([[0.1, 0.1, 0.5, 0.5], [0.12, 0.1, 0.52, 0.5], [0.6, 0.6, 0.9, 0.9],
                         [0.0, 0.0, 0.2, 0.2], [0.61, 0.6, 0.9, 0.92], [0.3, 0.3, 0.7, 0.7]], np.float32)
    boxes = tf.constant(boxes_np)
    scores = tf.placeholder(tf.float32, [None])
    ious = _iou(tf, tf.expand_dims(boxes, 1), tf.expand_dims(boxes, 0))
    best = tf.argmax(ious - tf.eye(6) * 2, axis=1)
    best_iou = tf.gather_nd(ious, tf.stack([tf.range(6, dtype=tf.int64), best], axis=1))
    positive = best_iou > 0.5
    img = tf.constant(rng.rand(2, 12, 12, 3).astype(np.float32))
    image = tf.constant(rng.rand(20, 24, 3).astype(np.float32))
    begin, size, dbox = tf.image.sample_distorted_bounding_box(
        tf.shape(image), bounding_boxes=tf.constant([[[0.0, 0.0, 1.0, 1.0]]]), min_object_covered=0.1,
        aspect_ratio_range=(0.75, 1.33), area_range=(0.05, 1.0), max_attempts=100,
        use_image_if_no_bounding_boxes=True, seed=7, seed2=11)
    graph = {
        'nms': tf.image.non_max_suppression(boxes, scores, max_output_size=4, iou_threshold=0.5),
        'nms_score': tf.image.non_max_suppression(boxes, scores, 10, iou_threshold=0.3, score_threshold=0.4),
        'ious': ious, 'best_iou': best_iou, 'positive_boxes': tf.boolean_mask(boxes, positive),
        'positive_idx': tf.where(positive),
        'crops': tf.image.crop_and_resize(img, boxes[:4], box_ind=[0, 1, 1, 0], crop_size=[5, 4]),
        'crops_nearest': tf.image.crop_and_resize(img, boxes[:2], [0, 1], [3, 3], method='nearest',
                                                  extrapolation_value=0.5),
        'drawn': tf.image.draw_bounding_boxes(img, tf.reshape(boxes[:4], [2, 2, 4]))[0, 1],
        'topk': tf.nn.top_k(scores, k=3).indices,
        'begin': begin, 'size': size, 'dbox': dbox, 'cropped': tf.slice(image, begin, size),
        'crop_to_bb': tf.image.crop_to_bounding_box(image, 2, 3, 10, 8),
        'pad_to_bb': tf.image.pad_to_bounding_box(image, 1, 2, 22, 27),
        'with_pad': tf.image.resize_image_with_pad(image, 10, 10),
        'glimpse': tf.image.extract_glimpse(tf.expand_dims(image, 0), [4, 5], [[0.1, -0.2]],
                                            centered=True, normalized=True),
        'patches': tf.extract_image_patches(tf.expand_dims(image, 0), ksizes=[1, 3, 3, 1],
                                            strides=[1, 5, 5, 1], rates=[1, 1, 1, 1], padding='VALID')}
    out = {'static/' + k: str(v.get_shape()) for k, v in graph.items()}
    out['errors'] = [_error(lambda: tf.image.crop_to_bounding_box(image, 15, 3, 10, 8)),
                     _error(lambda: tf.image.pad_to_bounding_box(image, 5, 0, 22, 27)),
                     _error(lambda: tf.image.resize_image_with_crop_or_pad(image, 0, 3)),
                     _error(lambda: tf.image.central_crop(image, 1.5))]
    dynamic = tf.placeholder(tf.float32, [None, None, 3])
    checked = [tf.image.crop_to_bounding_box(dynamic, 15, 3, 10, 8),
               tf.image.pad_to_bounding_box(dynamic, 1, 2, 5, 5)]
    with tf.Session() as sess:
        out.update(sess.run(graph, {scores: np.array([0.9, 0.8, 0.7, 0.3, 0.95, 0.5], np.float32)}))
        for i, tensor in enumerate(checked):
            try:
                sess.run(tensor, {dynamic: np.zeros((20, 24, 3))})
                out['run_error%d' % i] = 'no error'
            except tf.errors.InvalidArgumentError as e:
                out['run_error%d' % i] = [line for line in str(e).splitlines() if 'assertion failed' in line][0]
    return out
