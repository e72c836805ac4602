"""Rounding and casting audit as in TF1 quantization / image-preprocessing code (2017-2019):
clip_by_value with NaN and inverted bounds (and its gradient at the bounds), clip_by_norm /
clip_by_global_norm of zero / NaN / inf, round (half to even) / rint / floor / ceil / sign per
float dtype incl. float16 and bfloat16, float->int truncation, int wrap-around casts,
saturate_cast, float16/bfloat16 overflow and rounding, and bitcast between widths."""
import numpy as np
TAGS = ['math', 'edges', 'numerics']


def _run(sess, t):
    try:
        return sess.run(t)
    except Exception as e:  # noqa
        return "ERR %s" % type(e).__name__


def main(tf):
    out = {}
    sess = tf.Session()
    nan, inf = np.nan, np.inf
    x = tf.constant([-2.0, nan, 0.5, 3.0, inf, -inf])
    out["clip"] = _run(sess, tf.clip_by_value(x, -1.0, 1.0))
    out["clip_inv"] = _run(sess, tf.clip_by_value(x, 1.0, -1.0))
    out["clip_nanb"] = _run(sess, tf.clip_by_value(x, nan, 1.0))
    out["clip_vec"] = _run(sess, tf.clip_by_value(x, tf.constant([0.0] * 6), tf.constant([1.0, 1.0, 0.0, 2.0, 5.0, 5.0])))
    out["clip_int"] = _run(sess, tf.clip_by_value(tf.constant([-5, 0, 5, 100]), -3, 7))
    out["clip_u8"] = _run(sess, tf.clip_by_value(tf.constant([0, 128, 255], tf.uint8), tf.constant(10, tf.uint8), tf.constant(200, tf.uint8)))
    g = tf.gradients(tf.reduce_sum(tf.clip_by_value(x * 1.0, -1.0, 1.0)), x)[0]
    out["clip_grad"] = _run(sess, g)
    xe = tf.constant([-1.0, 1.0, 2.0])
    out["clip_grad_edge"] = _run(sess, tf.gradients(tf.reduce_sum(tf.clip_by_value(xe, -1.0, 1.0)), xe)[0])
    out["clip_norm_zero"] = _run(sess, tf.clip_by_norm(tf.zeros([3]), 1.0))
    out["clip_gnorm_nan"] = _run(sess, tf.clip_by_global_norm([tf.constant([nan, 1.0])], 1.0)[0][0])
    out["clip_gnorm_inf"] = _run(sess, tf.clip_by_global_norm([tf.constant([inf, 1.0]), tf.constant([2.0])], 1.0)[1])
    vals = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -0.0, 2.4999, nan, inf, 1e4 + 0.5])
    for dt in ["float16", "bfloat16", "float32", "float64"]:
        v = tf.cast(tf.constant(vals, tf.float64), dt)
        for nm, fn in [("round", tf.round), ("rint", tf.rint), ("floor", tf.floor), ("ceil", tf.ceil),
                       ("sign", tf.sign)]:
            t = fn(v)
            out["%s_%s" % (nm, dt)] = _run(sess, tf.cast(t, tf.float64))
            out["%s_%s_dtype" % (nm, dt)] = t.dtype.name
    out["round_int"] = _run(sess, tf.round(tf.constant([3, -3])))
    # float -> int casts (finite out-of-range, saturation)
    big = tf.constant([1.9, -1.9, 127.5, -128.7, 300.0, -300.0, 3e9, -3e9, 1e20])
    for dt in ["int32", "int64"]:
        out["cast_f32_%s" % dt] = _run(sess, tf.cast(big[:6], dt))
    out["cast_f32_uint8_inrange"] = _run(sess, tf.cast(tf.constant([0.0, 1.7, 254.9]), tf.uint8))
    out["cast_bool"] = _run(sess, tf.cast(tf.constant([0.0, -0.0, 0.1, nan, -2.0]), tf.bool))
    out["cast_bool_to_f"] = _run(sess, tf.cast(tf.constant([True, False]), tf.float16))
    out["cast_i64_i32_wrap"] = _run(sess, tf.cast(tf.constant([2 ** 31, -2 ** 31 - 1, 2 ** 40 + 5], tf.int64), tf.int32))
    out["cast_i32_u8_wrap"] = _run(sess, tf.cast(tf.constant([256, -1, 511]), tf.uint8))
    out["cast_i32_f16"] = _run(sess, tf.cast(tf.constant([65504, 65520, 70000, 2049]), tf.float16))
    out["cast_f32_f16"] = _run(sess, tf.cast(tf.constant([65519.0, 65520.0, 1e-8, 6e-8]), tf.float16))
    out["cast_f32_bf16"] = _run(sess, tf.cast(tf.cast(tf.constant([1.00390625, 1.01171875, 3e38, 1e-40]), tf.bfloat16), tf.float32))
    out["sat_u8"] = _run(sess, tf.saturate_cast(tf.constant([-5.0, 100.7, 300.0]), tf.uint8))
    out["sat_i8"] = _run(sess, tf.saturate_cast(tf.constant([-500, 100, 300]), tf.int8))
    out["sat_i16_from_f64"] = _run(sess, tf.saturate_cast(tf.constant([-1e6, 12.5, 1e6], tf.float64), tf.int16))
    out["sat_f16"] = _run(sess, tf.saturate_cast(tf.constant([1e6, -1e6, 3.0]), tf.float16))
    out["sat_c64"] = _run(sess, tf.saturate_cast(tf.constant([1 + 2j], tf.complex64), tf.float32))
    # bitcast
    f = tf.constant([1.0, -2.0, 0.5], tf.float32)
    out["bc_f32_i32"] = _run(sess, tf.bitcast(f, tf.int32))
    b8 = tf.bitcast(f, tf.uint8)
    out["bc_f32_u8"], out["bc_f32_u8_shape"] = _run(sess, b8), str(b8.shape)
    back = tf.bitcast(b8, tf.float32)
    out["bc_back"], out["bc_back_shape"] = _run(sess, back), str(back.shape)
    b64 = tf.bitcast(tf.constant([[1, 2], [3, 4]], tf.int32), tf.int64)
    out["bc_i32_i64"], out["bc_i32_i64_shape"] = _run(sess, b64), str(b64.shape)
    out["bc_f16_i16"] = _run(sess, tf.bitcast(tf.constant([1.0, -0.0, inf], tf.float16), tf.int16))
    out["bc_c64_f64"] = _run(sess, tf.bitcast(tf.constant([1 + 2j], tf.complex64), tf.float64))
    try:
        out["bc_bad"] = _run(sess, tf.bitcast(tf.constant([1, 2, 3], tf.int32), tf.int64))
    except Exception as e:
        out["bc_bad"] = "BUILD %s" % type(e).__name__
    out["bc_nc"] = _run(sess, tf.bitcast(tf.transpose(tf.constant([[1.0, 2.0], [3.0, 4.0]])), tf.int32))
    return out
