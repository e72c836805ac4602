"""depthwise_conv2d / separable_conv2d / atrous_conv2d, dilation2d / erosion2d, and
space_to_batch_nd / batch_to_space_nd / space_to_depth / depth_to_space tables: rates, strides,
padding, dtypes, unknown shapes, errors, and gradients."""
import numpy as np
TAGS = ['cv', 'errors', 'gradients']


def _msg(e):
    lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:", "\n"))]
    return "%s: %s" % (type(e).__name__, (lines or [""])[0].split(" with these attrs")[0][:110])


def _cell(sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return "B:" + _msg(e)
    try:
        v = sess.run(t, feed)
    except Exception as e:  # noqa
        return {"shape": _meta(t, "shape"), "run": "E:" + _msg(e)}
    return {"v": v, "shape": _meta(t, "shape"), "dtype": _meta(t, "dtype")}


def _meta(t, what):
    if isinstance(t, (list, tuple)):
        return [_meta(u, what) for u in t]
    if t is None:
        return "None"
    return str(t.shape) if what == "shape" else t.dtype.name




def main(tf):
    out = {}
    rng = np.random.RandomState(4)
    xv = rng.uniform(-1, 1, (2, 6, 7, 3)).astype(np.float32)
    x = tf.constant(xv)
    dw = tf.constant(rng.uniform(-1, 1, (3, 3, 3, 2)).astype(np.float32))
    pw = tf.constant(rng.uniform(-1, 1, (1, 1, 6, 4)).astype(np.float32))
    sess = tf.Session()
    for pad in ("SAME", "VALID"):
        for s in (1, 2):
            out["dw_%s_s%d" % (pad, s)] = _cell(sess, lambda: tf.nn.depthwise_conv2d(x, dw, [1, s, s, 1], pad))
            out["sep_%s_s%d" % (pad, s)] = _cell(sess, lambda: tf.nn.separable_conv2d(x, dw, pw, [1, s, s, 1], pad))
        out["dw_rate_" + pad] = _cell(sess, lambda: tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], pad, rate=[2, 2]))
        out["sep_rate_" + pad] = _cell(sess, lambda: tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], pad, rate=[2, 1]))
        out["atrous_" + pad] = _cell(sess, lambda: tf.nn.atrous_conv2d(x, tf.ones([2, 2, 3, 2]), 2, pad))
    out["dw_rate_stride"] = _cell(sess, lambda: tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], "SAME", rate=[2, 2]))
    out["dw_chan"] = _cell(sess, lambda: tf.nn.depthwise_conv2d(x, dw[:, :, :2], [1, 1, 1, 1], "SAME"))
    out["dw_native"] = _cell(sess, lambda: tf.nn.depthwise_conv2d_native(x, dw, [1, 1, 1, 1], "VALID"))
    out["dw_native_explicit"] = _cell(sess, lambda: tf.nn.depthwise_conv2d_native(x, dw, [1, 1, 1, 1], [[0, 0], [1, 0], [0, 2], [0, 0]]))
    out["dw_f64"] = _cell(sess, lambda: tf.nn.depthwise_conv2d(tf.cast(x, tf.float64), tf.cast(dw, tf.float64), [1, 1, 1, 1], "SAME"))
    out["dw_int"] = _cell(sess, lambda: tf.nn.depthwise_conv2d(tf.cast(x, tf.int32), tf.cast(dw, tf.int32), [1, 1, 1, 1], "VALID"))
    out["dw_mult0"] = _cell(sess, lambda: tf.nn.depthwise_conv2d(x, tf.zeros([3, 3, 3, 0]), [1, 1, 1, 1], "VALID"))
    out["sep_bad_pw"] = _cell(sess, lambda: tf.nn.separable_conv2d(x, dw, pw[:, :, :5], [1, 1, 1, 1], "SAME"))
    out["sep_pw_big"] = _cell(sess, lambda: tf.nn.separable_conv2d(x, dw, tf.ones([2, 1, 6, 4]), [1, 1, 1, 1], "SAME"))
    out["sep_stride_rate"] = _cell(sess, lambda: tf.nn.separable_conv2d(x, dw, pw, [1, 2, 2, 1], "SAME", rate=[2, 2]))
    out["dw_names"] = [tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "SAME").name,
                       tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "SAME", rate=[2, 2]).name,
                       tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "SAME").name,
                       tf.nn.atrous_conv2d(x, tf.ones([2, 2, 3, 2]), 2, "SAME").name]
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    out["dw_ph"] = _cell(sess, lambda: tf.nn.depthwise_conv2d(p, dw, [1, 1, 1, 1], "SAME", rate=[2, 2]), {p: xv})
    out["sep_ph"] = _cell(sess, lambda: tf.nn.separable_conv2d(p, dw, pw, [1, 2, 2, 1], "VALID"), {p: xv})
    out["atrous_ph"] = _cell(sess, lambda: tf.nn.atrous_conv2d(p, tf.ones([3, 3, 3, 1]), 3, "VALID"), {p: xv})
    out["atrous_rate0"] = _cell(sess, lambda: tf.nn.atrous_conv2d(x, tf.ones([2, 2, 3, 2]), 0, "SAME"))
    # morphology
    mx = tf.constant(rng.randint(-5, 5, (1, 5, 6, 2)).astype(np.float32))
    mk = tf.constant(rng.randint(-2, 3, (2, 3, 2)).astype(np.float32))
    for pad in ("SAME", "VALID"):
        out["dil_" + pad] = _cell(sess, lambda: tf.nn.dilation2d(mx, mk, [1, 1, 1, 1], [1, 1, 1, 1], pad))
        out["ero_" + pad] = _cell(sess, lambda: tf.nn.erosion2d(mx, mk, [1, 1, 1, 1], [1, 1, 1, 1], pad))
        out["dil_s2r2_" + pad] = _cell(sess, lambda: tf.nn.dilation2d(mx, mk, [1, 2, 2, 1], [1, 2, 1, 1], pad))
        out["ero_s2r2_" + pad] = _cell(sess, lambda: tf.nn.erosion2d(mx, mk, [1, 2, 1, 1], [1, 1, 2, 1], pad))
    out["dil_f64"] = _cell(sess, lambda: tf.nn.dilation2d(tf.cast(mx, tf.float64), tf.cast(mk, tf.float64), [1, 1, 1, 1], [1, 1, 1, 1], "SAME"))
    out["dil_int"] = _cell(sess, lambda: tf.nn.dilation2d(tf.cast(mx, tf.int32), tf.cast(mk, tf.int32), [1, 1, 1, 1], [1, 1, 1, 1], "SAME"))
    out["dil_chan"] = _cell(sess, lambda: tf.nn.dilation2d(mx, mk[:, :, :1], [1, 1, 1, 1], [1, 1, 1, 1], "SAME"))
    out["dil_bad_stride"] = _cell(sess, lambda: tf.nn.dilation2d(mx, mk, [2, 1, 1, 1], [1, 1, 1, 1], "SAME"))
    out["dil_big_valid"] = _cell(sess, lambda: tf.nn.dilation2d(mx, mk, [1, 1, 1, 1], [1, 3, 3, 1], "VALID"))
    out["dil_grad"] = _cell(sess, lambda: tf.gradients(tf.nn.dilation2d(mx, mk, [1, 1, 1, 1], [1, 1, 1, 1], "SAME"), [mx, mk]))
    out["ero_grad"] = _cell(sess, lambda: tf.gradients(tf.nn.erosion2d(mx, mk, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), [mx, mk]))
    out["dil_names"] = [tf.nn.dilation2d(mx, mk, [1, 1, 1, 1], [1, 1, 1, 1], "SAME").name,
                        tf.nn.erosion2d(mx, mk, [1, 1, 1, 1], [1, 1, 1, 1], "SAME").name]
    # space/batch/depth
    sx = tf.constant(np.arange(2 * 4 * 6 * 2, dtype=np.float32).reshape(2, 4, 6, 2))
    out["s2b"] = _cell(sess, lambda: tf.space_to_batch_nd(sx, [2, 3], [[0, 0], [0, 0]]))
    out["s2b_pad"] = _cell(sess, lambda: tf.space_to_batch_nd(sx, [3, 2], [[1, 1], [0, 2]]))
    out["s2b_1d"] = _cell(sess, lambda: tf.space_to_batch_nd(sx, [2], [[0, 2]]))
    out["s2b_bad"] = _cell(sess, lambda: tf.space_to_batch_nd(sx, [3, 2], [[0, 0], [0, 0]]))
    out["s2b_neg"] = _cell(sess, lambda: tf.space_to_batch_nd(sx, [2, 2], [[-1, 1], [0, 0]]))
    out["s2b_b0"] = _cell(sess, lambda: tf.space_to_batch_nd(sx, [0, 2], [[0, 0], [0, 0]]))
    out["s2b_v1"] = _cell(sess, lambda: tf.space_to_batch(sx, [[0, 0], [0, 0]], 2))
    out["s2b_int64"] = _cell(sess, lambda: tf.space_to_batch_nd(tf.cast(sx, tf.int64), tf.constant([2, 2], tf.int64), tf.constant([[0, 0], [0, 2]], tf.int64)))
    out["b2s"] = _cell(sess, lambda: tf.batch_to_space_nd(tf.reshape(sx, [12, 2, 2, 2]), [2, 3], [[0, 1], [1, 2]]))
    out["b2s_bad"] = _cell(sess, lambda: tf.batch_to_space_nd(sx, [3, 3], [[0, 0], [0, 0]]))
    out["b2s_crop_big"] = _cell(sess, lambda: tf.batch_to_space_nd(tf.reshape(sx, [8, 2, 3, 2]), [2, 2], [[2, 3], [0, 0]]))
    out["b2s_v1"] = _cell(sess, lambda: tf.batch_to_space(tf.reshape(sx, [8, 2, 3, 2]), [[0, 1], [0, 0]], 2))
    sp = tf.placeholder(tf.float32, [None, None, None, 2])
    bp = tf.placeholder(tf.int32, [2])
    out["s2b_ph"] = _cell(sess, lambda: tf.space_to_batch_nd(sp, bp, [[0, 0], [0, 0]]), {sp: np.ones((2, 4, 6, 2)), bp: [2, 2]})
    out["s2b_ph_bad"] = _cell(sess, lambda: tf.space_to_batch_nd(sp, bp, [[0, 0], [0, 0]]), {sp: np.ones((2, 4, 6, 2)), bp: [4, 4]})
    out["b2s_ph_bad"] = _cell(sess, lambda: tf.batch_to_space_nd(sp, [2, 2], [[0, 0], [0, 0]]), {sp: np.ones((3, 4, 6, 2))})
    out["s2d"] = _cell(sess, lambda: tf.space_to_depth(sx, 2))
    out["d2s"] = _cell(sess, lambda: tf.depth_to_space(tf.tile(sx, [1, 1, 1, 2]), 2))
    out["s2d_bad"] = _cell(sess, lambda: tf.space_to_depth(sx, 4))
    out["d2s_bad"] = _cell(sess, lambda: tf.depth_to_space(sx, 2))
    out["s2d_b1"] = _cell(sess, lambda: tf.space_to_depth(sx, 1))
    out["s2d_int"] = _cell(sess, lambda: tf.space_to_depth(tf.cast(sx, tf.uint8), 2))
    out["s2d_ph_bad"] = _cell(sess, lambda: tf.space_to_depth(sp, 3), {sp: np.ones((1, 4, 6, 2))})
    out["d2s_ph_bad"] = _cell(sess, lambda: tf.depth_to_space(sp, 2), {sp: np.ones((1, 4, 6, 2))})
    out["s2d_str"] = _cell(sess, lambda: tf.space_to_depth(tf.constant([[["a"], ["b"]], [["c"], ["d"]]])[None], 2))
    out["s2d_rank3"] = _cell(sess, lambda: tf.space_to_depth(sx[0], 2))
    out["s2b_grad"] = _cell(sess, lambda: tf.gradients(tf.space_to_batch_nd(sx, [2, 3], [[1, 1], [0, 0]]) ** 2, sx))
    out["b2s_grad"] = _cell(sess, lambda: tf.gradients(tf.batch_to_space_nd(sx, [1, 2], [[0, 1], [1, 0]]) ** 2, sx))
    out["s2d_grad"] = _cell(sess, lambda: tf.gradients(tf.space_to_depth(sx, 2) * tf.range(8.), sx))
    out["d2s_grad"] = _cell(sess, lambda: tf.gradients(tf.depth_to_space(tf.tile(sx, [1, 1, 1, 2]), 2) ** 2, sx))
    # gradients of the convolutions
    out["dw_grad"] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], "SAME") ** 2), [x, dw]))
    out["sep_grad"] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID") ** 2), [x, dw, pw]))
    out["atrous_grad"] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(tf.nn.atrous_conv2d(x, tf.ones([2, 2, 3, 2]), 2, "SAME") ** 2), x))
    return out
