"""Mistakes detection code of 2017-2019 commonly hit (Stack Overflow / GitHub issues on Mask_RCNN,
object_detection and tf-faster-rcnn): crop_and_resize with mismatched box_ind, non_max_suppression
with scores of the wrong rank, top_k with k larger than the input, gather_nd / gather out of range,
boolean_mask with a mask of the wrong shape, tf.pad with a negative padding, tf.sets with
mismatched dtypes, map_fn with a wrong dtype, tf.split uneven, py_func returning the wrong dtype,
reshape of a wrong element count, tf.image.resize_images with a float size; class names and messages."""
import re

import numpy as np
TAGS = ['cv', 'image', 'errors']


def first_line(e):
    # the node text lists TF 2.x's newer attrs (bad_indices_policy, index_type): cut it
    return str(e).split('\n')[0].split(" for '{{node")[0]


def build_error(fn):
    try:
        fn()
        return 'no error'
    except Exception as e:
        return '%s: %s' % (type(e).__name__, first_line(e))


def run_error(tf, sess, t, feed=None):
    try:
        v = sess.run(t, feed)
        return 'value %s' % (np.asarray(v).ravel()[:6].tolist(),)
    except Exception as e:
        msg = getattr(e, 'message', str(e))
        lines = [l for l in msg.split('\n') if l and not l.startswith(('Graph execution', 'Detected at',
                 '  File', '    ', 'Node:', '\t', 'Original stack'))]
        # py_func's token (pyfunc_N) counts the process's py_funcs: not the program's
        return '%s: %s' % (type(e).__name__, re.sub(r'pyfunc_\d+', 'pyfunc_N', lines[0] if lines else ''))


def main(tf):
    out = {}
    img = tf.zeros([2, 6, 6, 1])
    boxes = tf.constant([[0.0, 0.0, 1.0, 1.0]] * 3)
    out['crop_ind_build'] = build_error(lambda: tf.image.crop_and_resize(img, boxes, tf.constant([0, 1]), [2, 2]))
    out['crop_size_build'] = build_error(lambda: tf.image.crop_and_resize(img, boxes, tf.constant([0, 1, 0]), [2]))
    out['nms_rank_build'] = build_error(lambda: tf.image.non_max_suppression(boxes, tf.zeros([3, 1]), 2))
    out['nms_box_build'] = build_error(lambda: tf.image.non_max_suppression(tf.zeros([3, 5]), tf.zeros([3]), 2))
    out['topk_build'] = build_error(lambda: tf.nn.top_k(tf.zeros([4]), k=6))
    out['bmask_build'] = build_error(lambda: tf.boolean_mask(tf.zeros([3, 4]), tf.constant([True, False])))
    out['pad_build'] = build_error(lambda: tf.pad(tf.zeros([3, 4]), [[0, -1], [0, 0]]))
    out['split_build'] = build_error(lambda: tf.split(tf.zeros([5, 4]), 2, axis=0))
    out['reshape_build'] = build_error(lambda: tf.reshape(tf.zeros([3, 4]), [5, -1]))
    out['sets_build'] = build_error(lambda: tf.sets.set_intersection(tf.constant([[1, 2]], tf.int64),
                                                                     tf.constant([[1, 2]], tf.int32)))
    out['resize_float_build'] = build_error(lambda: tf.image.resize_images(img, [3.5, 2.0]))
    out['map_fn_build'] = build_error(lambda: tf.map_fn(lambda x: tf.cast(x, tf.int32), tf.zeros([3]),
                                                        dtype=tf.float32))
    out['gather_nd_build'] = build_error(lambda: tf.gather_nd(tf.zeros([3, 4]), tf.constant([[0, 1, 2]])))
    out['stack_build'] = build_error(lambda: tf.stack([tf.zeros([3]), tf.zeros([4])]))
    ph = tf.placeholder(tf.int32, [None])
    phk = tf.placeholder(tf.int32, [])
    bph = tf.placeholder(tf.float32, [None, 4])
    ind = tf.placeholder(tf.int32, [None])
    t_crop = tf.image.crop_and_resize(img, bph, ind, [2, 2])
    t_gather = tf.gather(tf.zeros([3, 4]), ph)
    t_gnd = tf.gather_nd(tf.zeros([3, 4]), tf.expand_dims(ph, 1))
    t_topk = tf.nn.top_k(tf.zeros([4]), k=phk)
    t_pad = tf.pad(tf.zeros([3]), tf.stack([tf.stack([0, phk])]))
    t_reshape = tf.reshape(tf.zeros([3, 4]), tf.stack([phk, -1]))
    t_bmask = tf.boolean_mask(tf.zeros([3, 4]), tf.cast(ph, tf.bool))
    t_pyfunc = tf.py_func(lambda x: x.astype(np.float64), [tf.zeros([2])], tf.float32)
    t_pyfunc_raise = tf.py_func(lambda x: np.array([1, 2])[5], [tf.zeros([2])], tf.int64)
    t_nms = tf.image.non_max_suppression(bph, tf.zeros([3]), 2)
    t_split = tf.split(tf.zeros([5, 2]), tf.stack([phk, 2]))
    t_map = tf.map_fn(lambda x: tf.cast(x, tf.int32), tf.zeros([3]), dtype=tf.float32)
    out['t_names'] = [t.name for t in [t_crop, t_gather, t_gnd, t_topk.values, t_pad, t_reshape, t_bmask,
                                         t_pyfunc, t_nms, t_split[0]]]
    out['t_shapes'] = [str(t.shape) for t in [t_crop, t_gather, t_gnd, t_topk.values, t_pad, t_reshape,
                                                t_bmask, t_pyfunc, t_nms, t_split[1]]]
    with tf.Session() as sess:
        out['run_crop_ind'] = run_error(tf, sess, t_crop, {bph: np.zeros([3, 4]), ind: [0, 1]})
        out['run_crop_batch'] = run_error(tf, sess, t_crop, {bph: np.zeros([1, 4]), ind: [2]})
        out['run_gather'] = run_error(tf, sess, t_gather, {ph: [0, 3]})
        out['run_gather_neg'] = run_error(tf, sess, t_gather, {ph: [-1]})
        out['run_gnd'] = run_error(tf, sess, t_gnd, {ph: [1, 7]})
        out['run_topk'] = run_error(tf, sess, t_topk, {phk: 6})
        out['run_topk_neg'] = run_error(tf, sess, t_topk, {phk: -1})
        out['run_pad'] = run_error(tf, sess, t_pad, {phk: -5})
        out['run_reshape'] = run_error(tf, sess, t_reshape, {phk: 5})
        out['run_bmask'] = run_error(tf, sess, t_bmask, {ph: [1, 0]})
        out['run_pyfunc'] = run_error(tf, sess, t_pyfunc)
        out['run_pyfunc_raise'] = run_error(tf, sess, t_pyfunc_raise)
        out['run_nms'] = run_error(tf, sess, t_nms, {bph: np.zeros([4, 4])})
        out['run_split'] = run_error(tf, sess, t_split, {phk: 2})
        out['run_map_fn'] = run_error(tf, sess, t_map)
        out['run_crop_rank'] = run_error(tf, sess, t_crop, {bph: np.zeros([3, 4]), ind: [0, 1, 0, 1]})
    return out
