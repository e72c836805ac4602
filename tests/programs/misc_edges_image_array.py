"""Image preprocessing and array-manipulation helpers of 2016-2019 input pipelines at their
edges: convert_image_dtype saturation, central_crop, pad/crop_to_bounding_box, rot90, flips,
adjust_* on uint8, total_variation, boolean_mask with axis, split with -1, reverse_sequence,
pad modes, tile with zero, where on empty, slicing with ellipsis/newaxis and placeholders."""
import numpy as np

TAGS = ['image', 'shapes', 'edges']

TOLERANCE = {"*": (1e-5, 1e-5)}

def _flat(t):
    if isinstance(t, (list, tuple)):
        out = []
        for x in t:
            out.extend(_flat(x))
        return out
    return [t]


def _run(tf, sess, cases, feed=None):
    res = {}
    for name, fn in cases:
        try:
            t = _flat(fn())
        except Exception as e:  # build-time error is a result
            res[name] = "BUILD:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:60])
            continue
        for i, x in enumerate(t):
            key = name if len(t) == 1 else "%s_%d" % (name, i)
            if x is None or not hasattr(x, "dtype"):
                res[key] = "None" if x is None else x
                continue
            res[key + "_meta"] = "%s %s" % (x.dtype.name, x.shape)
            try:
                res[key] = sess.run(x, feed)
            except Exception as e:
                res[key] = "RUN:%s" % type(e).__name__
    return res


def main(tf):
    rng = np.random.RandomState(4)
    img = tf.constant(rng.rand(4, 6, 3).astype(np.float32))
    u8 = tf.constant(rng.randint(0, 256, [4, 6, 3]).astype(np.uint8))
    batch = tf.constant(rng.rand(2, 4, 4, 1).astype(np.float32))
    ph = tf.placeholder(tf.float32, [None, None, 3])
    feed = {ph: rng.rand(5, 3, 3).astype(np.float32)}
    m = tf.reshape(tf.range(12), [3, 4])
    cases = [
        ("cid_f2u8", lambda: tf.image.convert_image_dtype(tf.constant([-0.5, 0.0, 0.5, 1.0, 1.5]), tf.uint8)),
        ("cid_f2u8_sat", lambda: tf.image.convert_image_dtype(tf.constant([-0.5, 0.5, 1.5]), tf.uint8, saturate=True)),
        ("cid_u82f", lambda: tf.image.convert_image_dtype(tf.constant([0, 128, 255], tf.uint8), tf.float32)),
        ("cid_u82i32", lambda: tf.image.convert_image_dtype(tf.constant([1, 255], tf.uint8), tf.int32)),
        ("cid_i322u8", lambda: tf.image.convert_image_dtype(tf.constant([2 ** 24, -5], tf.int32), tf.uint8)),
        ("cid_u162f16", lambda: tf.image.convert_image_dtype(tf.constant([65535, 1], tf.uint16), tf.float16)),
        ("cid_f64", lambda: tf.image.convert_image_dtype(tf.constant([0.25], tf.float64), tf.float32)),
        ("cc_1", lambda: tf.image.central_crop(img, 1.0)),
        ("cc_half", lambda: tf.image.central_crop(img, 0.5)),
        ("cc_tiny", lambda: tf.image.central_crop(img, 0.01)),
        ("cc_batch", lambda: tf.image.central_crop(batch, 0.5)),
        ("cc_bad", lambda: tf.image.central_crop(img, 0.0)),
        ("cc_ph", lambda: tf.image.central_crop(ph, 0.6)),
        ("ptbb", lambda: tf.image.pad_to_bounding_box(img, 1, 2, 6, 9)),
        ("ptbb_bad", lambda: tf.image.pad_to_bounding_box(img, 1, 2, 4, 6)),
        ("ctbb", lambda: tf.image.crop_to_bounding_box(img, 1, 2, 2, 3)),
        ("ctbb_bad", lambda: tf.image.crop_to_bounding_box(img, 3, 0, 2, 3)),
        ("ctbb_ph", lambda: tf.image.crop_to_bounding_box(ph, 1, 0, 2, 2)),
        ("rcop", lambda: tf.image.resize_image_with_crop_or_pad(img, 3, 9)),
        ("rcop_batch", lambda: tf.image.resize_image_with_crop_or_pad(batch, 5, 2)),
        ("rot_k3", lambda: tf.image.rot90(img, k=3)),
        ("rot_kneg", lambda: tf.image.rot90(img, k=-1)),
        ("rot_batch", lambda: tf.image.rot90(batch, k=tf.constant(2))),
        ("flip_lr_b", lambda: tf.image.flip_left_right(batch)),
        ("flip_ud", lambda: tf.image.flip_up_down(u8)),
        ("transpose", lambda: tf.image.transpose_image(img)),
        ("bright_u8", lambda: tf.image.adjust_brightness(u8, 0.2)),
        ("contrast_u8", lambda: tf.image.adjust_contrast(u8, 2.0)),
        ("sat", lambda: tf.image.adjust_saturation(img, 0.0)),
        ("hue", lambda: tf.image.adjust_hue(img, 0.5)),
        ("gamma", lambda: tf.image.adjust_gamma(u8, 2.0, 1.0)),
        ("gray", lambda: tf.image.rgb_to_grayscale(u8)),
        ("gray_rgb", lambda: tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(img))),
        ("tv", lambda: tf.image.total_variation(img)),
        ("tv_batch", lambda: tf.image.total_variation(batch)),
        ("psnr", lambda: tf.image.psnr(batch, batch * 0.5, max_val=1.0)),
        ("psnr_same", lambda: tf.image.psnr(batch, batch, max_val=1.0)),
        ("bmask_axis", lambda: tf.boolean_mask(m, [True, False, True, False], axis=1)),
        ("bmask_2d", lambda: tf.boolean_mask(m, tf.greater(m, 5))),
        ("bmask_empty", lambda: tf.boolean_mask(tf.zeros([0, 2]), tf.zeros([0], tf.bool))),
        ("bmask_bad", lambda: tf.boolean_mask(m, [True, False])),
        ("split_neg", lambda: tf.split(m, [1, -1, 1], axis=1)),
        ("split_num", lambda: tf.split(m, 2, axis=1)),
        ("split_bad", lambda: tf.split(m, 3, axis=1)),
        ("split_zero", lambda: tf.split(m, [0, 4], axis=1)),
        ("revseq", lambda: tf.reverse_sequence(m, [1, 3, 4], seq_axis=1, batch_axis=0)),
        ("revseq_dim", lambda: tf.reverse_sequence(m, [0, 2, 1, 3], seq_dim=0, batch_dim=1)),
        ("pad_refl", lambda: tf.pad(m, [[1, 1], [2, 0]], mode="REFLECT")),
        ("pad_sym", lambda: tf.pad(m, [[3, 0], [0, 4]], mode="SYMMETRIC")),
        ("pad_refl_bad", lambda: tf.pad(m, [[3, 0], [0, 0]], mode="REFLECT")),
        ("pad_const", lambda: tf.pad(m, [[1, 0], [0, 1]], constant_values=-7)),
        ("pad_lower", lambda: tf.pad(m, [[1, 0], [0, 1]], mode="reflect")),
        ("pad_empty", lambda: tf.pad(tf.zeros([0, 2]), [[1, 1], [0, 0]])),
        ("tile0", lambda: tf.tile(m, [0, 2])),
        ("where_empty", lambda: tf.where(tf.zeros([0, 3], tf.bool))),
        ("where_3", lambda: tf.where([True, False], [1, 2], [3, 4])),
        ("where_bcast", lambda: tf.where([True, False], tf.ones([2, 3]), tf.zeros([2, 3]))),
        ("sl_ellipsis", lambda: tf.reshape(tf.range(24), [2, 3, 4])[..., 1]),
        ("sl_newaxis", lambda: m[None, :, tf.newaxis, 1]),
        ("sl_step", lambda: m[::-2, 1::2]),
        ("sl_oob", lambda: m[5:10]),
        ("sl_idx_oob", lambda: m[5]),
        ("sl_t", lambda: m[tf.constant(1):, :tf.constant(-1)]),
        ("sl_ph_shape", lambda: str(ph[1:, ..., ::2].shape)),
        ("slice_neg1", lambda: tf.slice(m, [1, 1], [-1, 2])),
        ("squeeze_bad", lambda: tf.squeeze(m, [0])),
        ("squeeze_neg", lambda: tf.squeeze(tf.zeros([1, 2, 1]), axis=-1)),
        ("ed_neg", lambda: tf.expand_dims(m, -1)),
        ("ed_bad", lambda: tf.expand_dims(m, 3)),
    ]
    with tf.Session() as sess:
        res = _run(tf, sess, cases, feed)
    x = tf.constant(rng.rand(3, 4).astype(np.float32))
    grads = {
        "g_pad_refl": tf.gradients(tf.reduce_sum(tf.pad(x, [[1, 1], [2, 0]], mode="REFLECT") ** 2), x)[0],
        "g_revseq": tf.gradients(tf.reduce_sum(tf.reverse_sequence(x, [1, 3, 4], 1, 0) * tf.range(4.0)), x)[0],
        "g_bmask": tf.gradients(tf.reduce_sum(tf.boolean_mask(x, [True, False, True, False], axis=1) ** 2), x)[0],
        "g_tv": tf.gradients(tf.image.total_variation(tf.reshape(x, [3, 4, 1])), x)[0],
        "g_cc": tf.gradients(tf.reduce_sum(tf.image.central_crop(tf.reshape(x, [3, 4, 1]), 0.5)), x)[0],
    }
    with tf.Session() as sess:
        res.update(_run(tf, sess, [(k2, (lambda t=t: t)) for k2, t in sorted(grads.items())]))
    return res
