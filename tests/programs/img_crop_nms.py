"""tf.image box ops as detection code of 2017-2019 used them: crop_and_resize (dtypes, methods,
extrapolation_value, boxes outside the image, empty and bad inputs, image and box gradients),
extract_glimpse inside the image, non_max_suppression (ties, iou 0 and 1, score_threshold,
padded, with_scores and soft-NMS, overlaps, float16, unknown shapes), draw_bounding_boxes colors."""
import numpy as np
TAGS = ['cv', 'image', 'edges']


def _cell(sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:120])
    try:
        v = sess.run(t, feed)
        if isinstance(v, (tuple, list)):
            return "R:" + str([np.asarray(a, np.float64).round(3).tolist() for a in v])
        return "R:%s:%s:%s" % (t.dtype.name, t.shape, np.asarray(v, np.float64).round(3).tolist())
    except Exception as e:  # noqa
        return "E:%s" % type(e).__name__


def main(tf):
    out = {}
    sess = tf.Session()
    img = np.arange(2 * 4 * 5 * 2).reshape(2, 4, 5, 2) % 37
    boxes = [[0, 0, 1, 1], [0.1, 0.2, 0.6, 0.9], [-0.5, -0.5, 1.5, 1.5], [0.8, 0.8, 0.2, 0.2], [0.5, 0.5, 0.5, 0.5]]
    bi = [0, 1, 0, 1, 0]
    for dt in ("uint8", "int32", "float16", "float32", "float64"):
        x = tf.constant(img.astype(dt))
        for m in ("bilinear", "nearest"):
            out["car_%s_%s" % (dt, m)] = _cell(sess, lambda: tf.image.crop_and_resize(x, boxes, bi, [3, 2], method=m, extrapolation_value=-1.))
    x = tf.constant(img.astype(np.float32))
    out["car_1x1"] = _cell(sess, lambda: tf.image.crop_and_resize(x, boxes, bi, [1, 1]))
    out["car_badidx"] = _cell(sess, lambda: tf.image.crop_and_resize(x, boxes, [0, 1, 2, 0, 0], [2, 2]))
    out["car_badmethod"] = _cell(sess, lambda: tf.image.crop_and_resize(x, boxes, bi, [2, 2], method="bicubic"))
    out["car_zero_crop"] = _cell(sess, lambda: tf.image.crop_and_resize(x, boxes, bi, [0, 2]))
    out["car_noboxes"] = _cell(sess, lambda: tf.image.crop_and_resize(x, tf.zeros([0, 4]), tf.zeros([0], tf.int32), [2, 2]))
    out["car_boxes_shape"] = _cell(sess, lambda: tf.image.crop_and_resize(x, [[0., 0., 1.]], [0], [2, 2]))
    bx = tf.constant(boxes, tf.float32)
    w = tf.constant(np.arange(5 * 3 * 2 * 2, dtype=np.float32).reshape(5, 3, 2, 2))
    out["car_grad_img"] = _cell(sess, lambda: tf.gradients(tf.image.crop_and_resize(x, bx, bi, [3, 2]) * w, x)[0])
    out["car_grad_box"] = _cell(sess, lambda: tf.gradients(tf.image.crop_and_resize(x, bx, bi, [3, 2]) * w, bx)[0])
    # glimpse
    gl = tf.constant(img.astype(np.float32))
    # windows inside the image only: TF fills the outside with (unseeded) Gaussian noise
    out["glimpse_11"] = _cell(sess, lambda: tf.image.extract_glimpse(gl, [3, 3], [[0., 0.], [0.1, -0.2]], centered=True, normalized=True, uniform_noise=False))
    out["glimpse_10"] = _cell(sess, lambda: tf.image.extract_glimpse(gl, [2, 2], [[0., 0.], [0.5, -1.]], centered=True, normalized=False, uniform_noise=False))
    out["glimpse_01"] = _cell(sess, lambda: tf.image.extract_glimpse(gl, [2, 2], [[0.5, 0.5], [0.4, 0.6]], centered=False, normalized=True, uniform_noise=False))
    out["glimpse_pix"] = _cell(sess, lambda: tf.image.extract_glimpse(gl, [2, 2], [[1., 1.], [3., 2.]], centered=False, normalized=False, uniform_noise=False))
    # nms
    nb = tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1], [0, 100, 1, 101], [1, 1, 0, 0]], tf.float32)
    sc = tf.constant([0.9, 0.75, 0.6, 0.95, 0.5, 0.3, 0.9])
    tie = tf.constant([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    for iou in (0.5, 0.0, 1.0):
        out["nms_%s" % iou] = _cell(sess, lambda: tf.image.non_max_suppression(nb, sc, 10, iou_threshold=iou))
        out["nms_tie_%s" % iou] = _cell(sess, lambda: tf.image.non_max_suppression(nb, tie, 4, iou_threshold=iou))
    out["nms_thr"] = _cell(sess, lambda: tf.image.non_max_suppression(nb, sc, 10, 0.5, score_threshold=0.6))
    out["nms_thr_neginf"] = _cell(sess, lambda: tf.image.non_max_suppression(nb, sc, 10, 0.5, score_threshold=float("-inf")))
    out["nms_max0"] = _cell(sess, lambda: tf.image.non_max_suppression(nb, sc, 0))
    out["nms_badiou"] = _cell(sess, lambda: tf.image.non_max_suppression(nb, sc, 3, iou_threshold=1.5))
    out["nms_pad"] = _cell(sess, lambda: tf.image.non_max_suppression_padded(nb[:6], sc[:6], 6, 0.5, pad_to_max_output_size=True))
    out["nms_pad_thr"] = _cell(sess, lambda: tf.image.non_max_suppression_padded(nb[:6], sc[:6], 6, 0.5, score_threshold=0.7, pad_to_max_output_size=True))
    out["nms_nopad"] = _cell(sess, lambda: tf.image.non_max_suppression_padded(nb[:6], sc[:6], 6, 0.5))
    out["nms_scores"] = _cell(sess, lambda: tf.image.non_max_suppression_with_scores(nb, sc, 6, 0.5, soft_nms_sigma=0.5))
    out["nms_scores0"] = _cell(sess, lambda: tf.image.non_max_suppression_with_scores(nb, sc, 6, 1.0, score_threshold=0.1, soft_nms_sigma=0.))
    out["nms_overlaps"] = _cell(sess, lambda: tf.image.non_max_suppression_overlaps(tf.constant([[1., .6, .2], [.6, 1., .7], [.2, .7, 1.]]), [0.5, 0.9, 0.8], 3, overlap_threshold=0.65))
    nb16 = tf.cast(nb, tf.float16)
    out["nms_f16"] = _cell(sess, lambda: tf.image.non_max_suppression(nb16, tf.cast(sc, tf.float16), 10, 0.5))
    pb = tf.placeholder(tf.float32, [None, 4])
    ps = tf.placeholder(tf.float32, [None])
    out["nms_ph"] = _cell(sess, lambda: tf.image.non_max_suppression(pb, ps, 3), {pb: np.zeros([0, 4]), ps: np.zeros([0])})
    out["nms_badshape"] = _cell(sess, lambda: tf.image.non_max_suppression(nb, tf.constant([0.5, 0.4]), 3))
    # draw boxes
    canvas = tf.zeros([1, 6, 6, 3])
    db = tf.constant([[[0.1, 0.1, 0.8, 0.8], [0.5, 0.0, 1.0, 0.5]]])
    out["draw_default"] = _cell(sess, lambda: tf.image.draw_bounding_boxes(canvas, db))
    out["draw_colors"] = _cell(sess, lambda: tf.image.draw_bounding_boxes(canvas, db, colors=[[1., 0., 0.]]))
    out["draw_colors4"] = _cell(sess, lambda: tf.image.draw_bounding_boxes(tf.zeros([1, 5, 5, 4]), db, colors=[[1., 0., 0., 1.], [0., 1., 0., 0.5]]))
    out["draw_u8"] = _cell(sess, lambda: tf.image.draw_bounding_boxes(tf.zeros([1, 5, 5, 1], tf.uint8), db))
    out["draw_h16"] = _cell(sess, lambda: tf.image.draw_bounding_boxes(tf.zeros([1, 5, 5, 3], tf.half), db))
    return out
