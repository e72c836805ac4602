"""max_pool / avg_pool tables: ksize/strides as ints or lists, 1-D/2-D/3-D, SAME/VALID, windows
larger than the input, dtypes, tf.nn.pool (dilation, strides), empty inputs, NaN/inf, unknown
shapes, and bad-argument errors at build and run time."""
import numpy as np
TAGS = ['cv', 'errors']


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
    rng = np.random.RandomState(2)
    xv = rng.randint(-9, 9, (2, 5, 7, 3)).astype(np.float32)
    x = tf.constant(xv)
    sess = tf.Session()
    for k, s in ((2, 2), (3, 2), (3, 1), (1, 3), (5, 3), (6, 6)):
        for pad in ("SAME", "VALID"):
            out["mp_k%d_s%d_%s" % (k, s, pad)] = _cell(sess, lambda: tf.nn.max_pool(x, [1, k, k, 1], [1, s, s, 1], pad))
            out["ap_k%d_s%d_%s" % (k, s, pad)] = _cell(sess, lambda: tf.nn.avg_pool(x, [1, k, k, 1], [1, s, s, 1], pad))
    out["mp_int"] = _cell(sess, lambda: tf.nn.max_pool(x, 2, 2, "SAME"))
    out["mp_len2"] = _cell(sess, lambda: tf.nn.max_pool(x, [2, 3], [1, 2], "SAME"))
    out["ap_int"] = _cell(sess, lambda: tf.nn.avg_pool(x, 3, 2, "VALID"))
    out["ap_len2"] = _cell(sess, lambda: tf.nn.avg_pool(x, [3, 2], [2, 1], "SAME"))
    out["mp_len3"] = _cell(sess, lambda: tf.nn.max_pool(x, [1, 2, 2], [1, 2, 2, 1], "SAME"))
    out["mp_batch_k"] = _cell(sess, lambda: tf.nn.max_pool(x, [2, 2, 2, 1], [1, 2, 2, 1], "SAME"))
    out["ap_batch_k"] = _cell(sess, lambda: tf.nn.avg_pool(x, [2, 2, 2, 1], [1, 2, 2, 1], "SAME"))
    out["mp_depth"] = _cell(sess, lambda: tf.nn.max_pool(x, [1, 1, 1, 3], [1, 1, 1, 3], "VALID"))
    out["mp_depth_bad"] = _cell(sess, lambda: tf.nn.max_pool(x, [1, 1, 1, 2], [1, 1, 1, 2], "VALID"))
    out["ap_depth"] = _cell(sess, lambda: tf.nn.avg_pool(x, [1, 1, 1, 3], [1, 1, 1, 3], "VALID"))
    out["mp_k0"] = _cell(sess, lambda: tf.nn.max_pool(x, [1, 0, 2, 1], [1, 1, 1, 1], "VALID"))
    out["ap_s0"] = _cell(sess, lambda: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 0, 1, 1], "VALID"))
    out["mp_bigk_valid"] = _cell(sess, lambda: tf.nn.max_pool(x, [1, 6, 2, 1], [1, 1, 1, 1], "VALID"))
    out["mp_badpad"] = _cell(sess, lambda: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "valid"))
    out["mp_explicit"] = _cell(sess, lambda: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], [[0, 0], [1, 1], [0, 1], [0, 0]]))
    out["mp_explicit_big"] = _cell(sess, lambda: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], [[0, 0], [2, 1], [0, 1], [0, 0]]))
    out["mp_rank3"] = _cell(sess, lambda: tf.nn.max_pool(x[0], [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))
    for dt in (tf.float16, tf.float64, tf.int32, tf.int64, tf.uint8, tf.int8, tf.uint16):
        xd = tf.cast(tf.abs(x) if dt.is_unsigned else x, dt)
        out["mp_" + dt.name] = _cell(sess, lambda: tf.nn.max_pool(xd, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))
        out["ap_" + dt.name] = _cell(sess, lambda: tf.nn.avg_pool(xd, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))
    out["ap_nan"] = _cell(sess, lambda: tf.nn.avg_pool(tf.constant([[[[np.nan], [1.]], [[-np.inf], [np.inf]]]]), [1, 2, 2, 1], [1, 1, 1, 1], "SAME"))
    out["mp_empty"] = _cell(sess, lambda: tf.nn.max_pool(tf.zeros([0, 4, 4, 2]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))
    out["ap_empty"] = _cell(sess, lambda: tf.nn.avg_pool(tf.zeros([0, 4, 4, 2]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID"))
    out["mp_empty_c"] = _cell(sess, lambda: tf.nn.max_pool(tf.zeros([1, 4, 4, 0]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    out["mp_ph"] = _cell(sess, lambda: tf.nn.max_pool(p, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), {p: xv})
    out["ap_ph"] = _cell(sess, lambda: tf.nn.avg_pool(p, [1, 3, 3, 1], [1, 2, 2, 1], "VALID"), {p: xv})
    out["ap_ph_small"] = _cell(sess, lambda: tf.nn.avg_pool(p, [1, 3, 3, 1], [1, 2, 2, 1], "VALID"), {p: xv[:, :2]})
    pu = tf.placeholder(tf.float32)
    out["mp_unknown_rank"] = _cell(sess, lambda: tf.nn.max_pool(pu, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), {pu: xv})
    out["mp_unknown_rank_bad"] = _cell(sess, lambda: tf.nn.max_pool(pu, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), {pu: xv[0]})
    out["mp_name"] = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME").name
    out["ap_name"] = tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", name="pool").name
    # 1-D and 3-D
    x1 = tf.constant(rng.randint(-9, 9, (2, 7, 2)).astype(np.float32))
    out["mp1_same"] = _cell(sess, lambda: tf.nn.max_pool1d(x1, 3, 2, "SAME"))
    out["ap1_valid"] = _cell(sess, lambda: tf.nn.avg_pool1d(x1, [3], [2], "VALID"))
    out["mp1_list3"] = _cell(sess, lambda: tf.nn.max_pool1d(x1, [1, 2, 1], [1, 2, 1], "VALID"))
    out["mp1_name"] = tf.nn.max_pool1d(x1, 2, 2, "SAME").name
    x3 = tf.constant(rng.randint(-9, 9, (1, 4, 5, 3, 2)).astype(np.float32))
    for pad in ("SAME", "VALID"):
        out["mp3_" + pad] = _cell(sess, lambda: tf.nn.max_pool3d(x3, [1, 2, 3, 2, 1], [1, 2, 2, 1, 1], pad))
        out["ap3_" + pad] = _cell(sess, lambda: tf.nn.avg_pool3d(x3, [1, 2, 3, 2, 1], [1, 2, 2, 1, 1], pad))
    out["mp3_int"] = _cell(sess, lambda: tf.nn.max_pool3d(x3, 2, 2, "SAME"))
    out["mp3_int32"] = _cell(sess, lambda: tf.nn.max_pool3d(tf.cast(x3, tf.int32), [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID"))
    out["mp3_batch_k"] = _cell(sess, lambda: tf.nn.max_pool3d(x3, [2, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID"))
    out["mp3_depth_k"] = _cell(sess, lambda: tf.nn.max_pool3d(x3, [1, 1, 1, 1, 2], [1, 1, 1, 1, 2], "VALID"))
    out["mp3_big"] = _cell(sess, lambda: tf.nn.max_pool3d(x3, [1, 5, 1, 1, 1], [1, 1, 1, 1, 1], "VALID"))
    # tf.nn.pool
    out["pool_max_dil"] = _cell(sess, lambda: tf.nn.pool(x, [2, 2], "MAX", "SAME", dilation_rate=[2, 2]))
    out["pool_avg_dil"] = _cell(sess, lambda: tf.nn.pool(x, [2, 2], "AVG", "SAME", dilation_rate=[2, 1]))
    out["pool_avg_dil_valid"] = _cell(sess, lambda: tf.nn.pool(x, [2, 2], "AVG", "VALID", dilation_rate=[2, 2]))
    out["pool_max_str"] = _cell(sess, lambda: tf.nn.pool(x, [3, 3], "MAX", "VALID", strides=[2, 2]))
    out["pool_both"] = _cell(sess, lambda: tf.nn.pool(x, [2, 2], "MAX", "SAME", dilation_rate=[2, 2], strides=[2, 2]))
    out["pool_bad_type"] = _cell(sess, lambda: tf.nn.pool(x, [2, 2], "MIN", "SAME"))
    out["pool_1d"] = _cell(sess, lambda: tf.nn.pool(x1, [2], "AVG", "SAME", dilation_rate=[3]))
    out["pool_3d"] = _cell(sess, lambda: tf.nn.pool(x3, [2, 2, 2], "MAX", "SAME", strides=[1, 2, 1]))
    out["pool_len"] = _cell(sess, lambda: tf.nn.pool(x, [2], "MAX", "SAME"))
    out["pool_ph"] = _cell(sess, lambda: tf.nn.pool(p, [2, 2], "MAX", "SAME", dilation_rate=[2, 2]), {p: xv})
    out["pool_name"] = tf.nn.pool(x, [2, 2], "MAX", "VALID", dilation_rate=[2, 2]).name
    out["pool_name2"] = tf.nn.pool(x, [2, 2], "AVG", "VALID").name
    # layers
    out["l_mp2"] = _cell(sess, lambda: tf.layers.max_pooling2d(x, 3, 2, padding="same"))
    out["l_ap1"] = _cell(sess, lambda: tf.layers.average_pooling1d(x1, 2, 1))
    out["l_ap3"] = _cell(sess, lambda: tf.layers.average_pooling3d(x3, [2, 2, 1], 1, padding="same"))
    with tf.Graph().as_default():  # a kernel-less op fails every later run of its graph in TF
        x3d = tf.constant(rng.randint(-9, 9, (1, 4, 5, 3, 2)).astype(np.float64))
        out["ap3_f64"] = _cell(tf.Session(), lambda: tf.nn.avg_pool3d(x3d, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID"))
    with tf.Graph().as_default():
        x3h = tf.constant(rng.randint(-9, 9, (1, 4, 5, 3, 2)).astype(np.float16))
        out["mp3_f16"] = _cell(tf.Session(), lambda: tf.nn.max_pool3d(x3h, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID"))
    return out
