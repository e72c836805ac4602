"""conv2d_transpose / conv3d_transpose / atrous_conv2d_transpose / conv1d_transpose tables:
output_shape as list / tensor / placeholder, mismatches and their messages, static shapes with
unknown batch, strides, SAME/VALID, dtypes."""
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
    rng = np.random.RandomState(1)
    x = tf.constant(rng.uniform(-1, 1, (2, 3, 4, 5)).astype(np.float32))
    w = tf.constant(rng.uniform(-1, 1, (3, 3, 2, 5)).astype(np.float32))
    sess = tf.Session()
    for s in (1, 2):
        for pad in ("SAME", "VALID"):
            oh = {("SAME", 1): [2, 3, 4, 2], ("VALID", 1): [2, 5, 6, 2],
                  ("SAME", 2): [2, 6, 8, 2], ("VALID", 2): [2, 7, 9, 2]}[(pad, s)]
            out["t2_s%d_%s" % (s, pad)] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, oh, [1, s, s, 1], pad))
    out["t2_s2_same_odd"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [2, 5, 7, 2], [1, 2, 2, 1], "SAME"))
    out["t2_s2_valid_8"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [2, 8, 10, 2], [1, 2, 2, 1], "VALID"))
    out["t2_bad_h"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [2, 9, 8, 2], [1, 2, 2, 1], "SAME"))
    out["t2_bad_c"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [2, 6, 8, 3], [1, 2, 2, 1], "SAME"))
    out["t2_bad_batch"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [3, 6, 8, 2], [1, 2, 2, 1], "SAME"))
    out["t2_bad_len"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [2, 6, 8], [1, 2, 2, 1], "SAME"))
    out["t2_bad_inc"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w[:, :, :, :4], [2, 6, 8, 2], [1, 2, 2, 1], "SAME"))
    out["t2_tensor_shape"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, tf.constant([2, 6, 8, 2]), [1, 2, 2, 1], "SAME"))
    out["t2_stack_shape"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, tf.stack([tf.shape(x)[0], 6, 8, 2]), [1, 2, 2, 1], "SAME"))
    os_ph = tf.placeholder(tf.int32, [4])
    out["t2_ph_shape"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, os_ph, [1, 2, 2, 1], "SAME"), {os_ph: [2, 6, 8, 2]})
    out["t2_ph_shape_bad"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, os_ph, [1, 2, 2, 1], "SAME"), {os_ph: [2, 9, 8, 2]})
    out["t2_ph_shape_badc"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, os_ph, [1, 2, 2, 1], "SAME"), {os_ph: [2, 6, 8, 3]})
    px = tf.placeholder(tf.float32, [None, 3, 4, 5])
    xv = rng.uniform(-1, 1, (2, 3, 4, 5)).astype(np.float32)
    out["t2_unknown_batch"] = _cell(sess, lambda: tf.nn.conv2d_transpose(px, w, tf.stack([tf.shape(px)[0], 6, 8, 2]), [1, 2, 2, 1], "SAME"), {px: xv})
    out["t2_int64_shape"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, tf.constant([2, 6, 8, 2], tf.int64), [1, 2, 2, 1], "SAME"))
    out["t2_f64"] = _cell(sess, lambda: tf.nn.conv2d_transpose(tf.cast(x, tf.float64), tf.cast(w, tf.float64), [2, 6, 8, 2], [1, 2, 2, 1], "SAME"))
    out["t2_badpad"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [2, 6, 8, 2], [1, 2, 2, 1], "same"))
    out["t2_name"] = tf.nn.conv2d_transpose(x, w, [2, 6, 8, 2], [1, 2, 2, 1], "SAME", name="deconv").name
    out["t2_stride3"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [2, 9, 12, 2], [1, 3, 3, 1], "SAME"))
    out["t2_stride_int"] = _cell(sess, lambda: tf.nn.conv2d_transpose(x, w, [2, 6, 8, 2], 2, "SAME"))
    # conv3d_transpose
    x3 = tf.constant(rng.uniform(-1, 1, (1, 2, 3, 2, 4)).astype(np.float32))
    w3 = tf.constant(rng.uniform(-1, 1, (2, 2, 2, 3, 4)).astype(np.float32))
    out["t3_same"] = _cell(sess, lambda: tf.nn.conv3d_transpose(x3, w3, [1, 4, 6, 4, 3], [1, 2, 2, 2, 1], "SAME"))
    out["t3_valid"] = _cell(sess, lambda: tf.nn.conv3d_transpose(x3, w3, [1, 4, 6, 4, 3], [1, 2, 2, 2, 1], "VALID"))
    out["t3_valid_s1"] = _cell(sess, lambda: tf.nn.conv3d_transpose(x3, w3, [1, 3, 4, 3, 3], [1, 1, 1, 1, 1], "VALID"))
    out["t3_bad"] = _cell(sess, lambda: tf.nn.conv3d_transpose(x3, w3, [1, 5, 6, 4, 3], [1, 2, 2, 2, 1], "SAME"))
    out["t3_bad_c"] = _cell(sess, lambda: tf.nn.conv3d_transpose(x3, w3, [1, 4, 6, 4, 2], [1, 2, 2, 2, 1], "SAME"))
    out["t3_f64"] = _cell(sess, lambda: tf.nn.conv3d_transpose(tf.cast(x3, tf.float64), tf.cast(w3, tf.float64), [1, 4, 6, 4, 3], [1, 2, 2, 2, 1], "SAME"))
    out["t3_tensor_shape"] = _cell(sess, lambda: tf.nn.conv3d_transpose(x3, w3, tf.constant([1, 4, 6, 4, 3]), [1, 2, 2, 2, 1], "SAME"))
    # atrous_conv2d_transpose
    wa = tf.constant(rng.uniform(-1, 1, (3, 3, 2, 5)).astype(np.float32))
    out["at_same_r2"] = _cell(sess, lambda: tf.nn.atrous_conv2d_transpose(x, wa, [2, 3, 4, 2], 2, "SAME"))
    out["at_valid_r2"] = _cell(sess, lambda: tf.nn.atrous_conv2d_transpose(x, wa, [2, 7, 8, 2], 2, "VALID"))
    out["at_r1"] = _cell(sess, lambda: tf.nn.atrous_conv2d_transpose(x, wa, [2, 3, 4, 2], 1, "SAME"))
    out["at_r0"] = _cell(sess, lambda: tf.nn.atrous_conv2d_transpose(x, wa, [2, 3, 4, 2], 0, "SAME"))
    out["at_bad_shape"] = _cell(sess, lambda: tf.nn.atrous_conv2d_transpose(x, wa, [2, 5, 4, 2], 2, "SAME"))
    out["at_bad_c"] = _cell(sess, lambda: tf.nn.atrous_conv2d_transpose(x, wa, [2, 3, 4, 3], 2, "SAME"))
    out["at_badpad"] = _cell(sess, lambda: tf.nn.atrous_conv2d_transpose(x, wa, [2, 3, 4, 2], 2, "FULL"))
    out["at_r3_valid"] = _cell(sess, lambda: tf.nn.atrous_conv2d_transpose(x, wa, [2, 9, 10, 2], 3, "VALID"))
    # conv1d_transpose (tf.nn.conv1d_transpose exists in 1.15)
    if hasattr(tf.nn, "conv1d_transpose"):
        x1 = tf.constant(rng.uniform(-1, 1, (2, 4, 3)).astype(np.float32))
        w1 = tf.constant(rng.uniform(-1, 1, (3, 2, 3)).astype(np.float32))
        out["t1_same"] = _cell(sess, lambda: tf.nn.conv1d_transpose(x1, w1, [2, 8, 2], 2, "SAME"))
        out["t1_valid"] = _cell(sess, lambda: tf.nn.conv1d_transpose(x1, w1, [2, 9, 2], 2, "VALID"))
        out["t1_bad"] = _cell(sess, lambda: tf.nn.conv1d_transpose(x1, w1, [2, 7, 2], 2, "SAME"))
    # layers wrapper with unknown batch: static shape
    pl = tf.placeholder(tf.float32, [None, 5, 5, 3])
    y = tf.layers.conv2d_transpose(pl, 4, 3, strides=2, padding="same", kernel_initializer=tf.ones_initializer())
    yv = tf.layers.conv2d_transpose(pl, 4, 3, strides=2, padding="valid", kernel_initializer=tf.ones_initializer())
    y3 = tf.layers.conv3d_transpose(tf.placeholder(tf.float32, [None, 2, None, 2, 1]), 2, 2, strides=(1, 2, 2), padding="valid")
    out["layer_shapes"] = [str(y.shape), str(yv.shape), str(y3.shape)]
    sess.run(tf.global_variables_initializer())
    out["layer_v"] = sess.run([y, yv], {pl: np.ones((1, 5, 5, 3), np.float32)})
    return out
