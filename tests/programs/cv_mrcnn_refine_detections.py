"""matterport Mask_RCNN DetectionLayer.refine_detections_graph: argmax class ids, gather_nd of
class-specific scores/deltas, tf.sets.set_intersection + tf.sparse_tensor_to_dense, tf.unique
classes, per-class NMS in tf.map_fn with -1 padding, tf.nn.top_k and final tf.pad; plus norm_boxes_graph."""
import numpy as np
TAGS = ['cv', 'image', 'control_flow']
TOLERANCE = {'*': (1e-5, 1e-6)}


def apply_box_deltas(tf, boxes, deltas):
    height = boxes[:, 2] - boxes[:, 0]
    width = boxes[:, 3] - boxes[:, 1]
    cy = boxes[:, 0] + 0.5 * height + deltas[:, 0] * height
    cx = boxes[:, 1] + 0.5 * width + deltas[:, 1] * width
    height *= tf.exp(deltas[:, 2])
    width *= tf.exp(deltas[:, 3])
    y1 = cy - 0.5 * height
    x1 = cx - 0.5 * width
    return tf.stack([y1, x1, y1 + height, x1 + width], axis=1)


def refine_detections_graph(tf, rois, probs, deltas, window, max_inst=6, min_conf=0.3, nms_thr=0.3):
    class_ids = tf.argmax(probs, axis=1, output_type=tf.int32)
    indices = tf.stack([tf.range(tf.shape(probs)[0]), class_ids], axis=1)
    class_scores = tf.gather_nd(probs, indices)
    deltas_specific = tf.gather_nd(deltas, indices)
    refined_rois = apply_box_deltas(tf, rois, deltas_specific * np.array([0.1, 0.1, 0.2, 0.2], np.float32))
    wy1, wx1, wy2, wx2 = tf.split(window, 4)
    y1, x1, y2, x2 = tf.split(refined_rois, 4, axis=1)
    refined_rois = tf.concat([tf.maximum(tf.minimum(v, hi), lo) for v, lo, hi in
                              [(y1, wy1, wy2), (x1, wx1, wx2), (y2, wy1, wy2), (x2, wx1, wx2)]], axis=1)
    keep = tf.where(class_ids > 0)[:, 0]
    conf_keep = tf.where(class_scores >= min_conf)[:, 0]
    keep = tf.sets.set_intersection(tf.expand_dims(keep, 0), tf.expand_dims(conf_keep, 0))
    keep = tf.sparse_tensor_to_dense(keep)[0]
    pre_nms_class_ids = tf.gather(class_ids, keep)
    pre_nms_scores = tf.gather(class_scores, keep)
    pre_nms_rois = tf.gather(refined_rois, keep)
    unique_pre_nms_class_ids = tf.unique(pre_nms_class_ids)[0]

    def nms_keep_map(class_id):
        ixs = tf.where(tf.equal(pre_nms_class_ids, class_id))[:, 0]
        class_keep = tf.image.non_max_suppression(
            tf.gather(pre_nms_rois, ixs), tf.gather(pre_nms_scores, ixs),
            max_output_size=max_inst, iou_threshold=nms_thr)
        class_keep = tf.gather(keep, tf.gather(ixs, class_keep))
        gap = max_inst - tf.shape(class_keep)[0]
        class_keep = tf.pad(class_keep, [(0, gap)], mode='CONSTANT', constant_values=-1)
        class_keep.set_shape([max_inst])
        return class_keep

    nms_keep = tf.map_fn(nms_keep_map, unique_pre_nms_class_ids, dtype=tf.int64)
    nms_keep = tf.reshape(nms_keep, [-1])
    nms_keep = tf.gather(nms_keep, tf.where(nms_keep > -1)[:, 0])
    keep = tf.sets.set_intersection(tf.expand_dims(keep, 0), tf.expand_dims(nms_keep, 0))
    keep = tf.sparse_tensor_to_dense(keep)[0]
    roi_count = max_inst
    class_scores_keep = tf.gather(class_scores, keep)
    num_keep = tf.minimum(tf.shape(class_scores_keep)[0], roi_count)
    top_ids = tf.nn.top_k(class_scores_keep, k=num_keep, sorted=True)[1]
    keep = tf.gather(keep, top_ids)
    detections = tf.concat([
        tf.gather(refined_rois, keep),
        tf.to_float(tf.gather(class_ids, keep))[..., tf.newaxis],
        tf.gather(class_scores, keep)[..., tf.newaxis]], axis=1)
    gap = max_inst - tf.shape(detections)[0]
    detections = tf.pad(detections, [(0, gap), (0, 0)], "CONSTANT")
    return detections, keep, unique_pre_nms_class_ids


def norm_boxes_graph(tf, boxes, shape):
    h, w = tf.split(tf.cast(shape, tf.float32), 2)
    scale = tf.concat([h, w, h, w], axis=-1) - tf.constant(1.0)
    shift = tf.constant([0., 0., 1., 1.])
    return tf.divide(boxes - shift, scale)


def main(tf):
    rng = np.random.RandomState(3)
    R, C = 14, 4
    yx = rng.rand(R, 2).astype(np.float32) * 0.6
    rois_np = np.concatenate([yx, yx + 0.15 + rng.rand(R, 2).astype(np.float32) * 0.2], 1)
    rois_np[5] = rois_np[4] + 0.01
    rois_np[9] = rois_np[8] + 0.005
    logits = rng.randn(R, C).astype(np.float32) * 2
    probs_np = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    deltas_np = (rng.randn(R, C, 4) * 0.3).astype(np.float32)
    rois = tf.placeholder(tf.float32, [None, 4], name='rois')
    probs = tf.placeholder(tf.float32, [None, C], name='probs')
    deltas = tf.placeholder(tf.float32, [None, C, 4], name='deltas')
    window = tf.constant([0.0, 0.0, 1.0, 1.0])
    det, keep, uniq = refine_detections_graph(tf, rois, probs, deltas, window)
    nb = norm_boxes_graph(tf, tf.constant([[10., 20., 50., 60.]]), tf.constant([64, 128]))
    out = {'det_static': str(det.shape), 'keep_static': str(keep.shape),
           'keep_dtype': keep.dtype.name, 'uniq_dtype': uniq.dtype.name}
    with tf.Session() as sess:
        d, k, u, n = sess.run([det, keep, uniq, nb], {rois: rois_np, probs: probs_np, deltas: deltas_np})
        out.update(det=d, keep=k, uniq=u, norm=n)
        # empty case: nothing above min_conf
        low = np.full_like(probs_np, 0.25)
        d2, k2 = sess.run([det, keep], {rois: rois_np, probs: low, deltas: deltas_np})
        out.update(det_empty=d2, keep_empty=k2)
    si = tf.sets.set_intersection(tf.constant([[1, 2, 3], [4, 5, 6]], tf.int64),
                                  tf.constant([[3, 2, 9], [7, 6, 4]], tf.int64))
    ss = tf.sets.set_size(si)
    with tf.Session() as sess:
        v, s = sess.run([si, ss])
        out.update(si_ind=v.indices, si_val=v.values, si_shape=v.dense_shape, si_size=s)
    out['si_static'] = str(si.dense_shape.shape)
    return out
