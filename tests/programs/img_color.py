"""tf.image color tables: adjust_brightness/contrast/gamma/hue/saturation on uint8, int32, float16,
float32, float64 images with out-of-range factors, rgb<->hsv/yuv/yiq/grayscale, per_image_standardization,
convert_image_dtype with and without saturate, NaN/inf pixels, and gradients of the float ones."""
import numpy as np
TAGS = ['cv', 'image', 'edges']


def _cell(sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:120])
    try:
        v = sess.run(t, feed)
        return "R:%s:%s:%s" % (t.dtype.name, t.shape, np.asarray(v, np.float64).round(4).tolist())
    except Exception as e:  # noqa
        return "E:%s" % type(e).__name__


def main(tf):
    out = {}
    sess = tf.Session()
    rs = np.random.RandomState(3)
    u8 = rs.randint(0, 256, (2, 3, 3)).astype(np.uint8)
    f32 = u8.astype(np.float32) / 255.
    f32[0, 0] = [0.5, 0.5, 0.5]
    f32[0, 1] = [1.0, 0.0, 0.0]
    for name, arr in (("u8", u8), ("f32", f32), ("f16", f32.astype(np.float16)), ("f64", f32.astype(np.float64)), ("i32", u8.astype(np.int32))):
        x = tf.constant(arr)
        for d in (0.2, -1.5, 2.0):
            out["bright_%s_%s" % (name, d)] = _cell(sess, lambda: tf.image.adjust_brightness(x, d))
        for c in (0.5, -1.0, 3.0):
            out["contrast_%s_%s" % (name, c)] = _cell(sess, lambda: tf.image.adjust_contrast(x, c))
        for g, gain in ((0.5, 1.0), (2.0, 0.5)):
            out["gamma_%s_%s" % (name, g)] = _cell(sess, lambda: tf.image.adjust_gamma(x, g, gain))
        for h in (0.25, -0.7, 1.0):
            out["hue_%s_%s" % (name, h)] = _cell(sess, lambda: tf.image.adjust_hue(x, h))
        for s in (0.0, 2.5):
            out["sat_%s_%s" % (name, s)] = _cell(sess, lambda: tf.image.adjust_saturation(x, s))
        out["gray_%s" % name] = _cell(sess, lambda: tf.image.rgb_to_grayscale(x))
        out["g2rgb_%s" % name] = _cell(sess, lambda: tf.image.grayscale_to_rgb(x[..., :1]))
        out["hsv_%s" % name] = _cell(sess, lambda: tf.image.rgb_to_hsv(x))
        out["hsv2rgb_%s" % name] = _cell(sess, lambda: tf.image.hsv_to_rgb(x))
        out["yuv_%s" % name] = _cell(sess, lambda: tf.image.rgb_to_yuv(x))
        out["yiq_%s" % name] = _cell(sess, lambda: tf.image.rgb_to_yiq(x))
        out["yuv2rgb_%s" % name] = _cell(sess, lambda: tf.image.yuv_to_rgb(x))
        out["std_%s" % name] = _cell(sess, lambda: tf.image.per_image_standardization(x))
        for dt in (tf.uint8, tf.int16, tf.float32, tf.float16, tf.int32):
            out["conv_%s_%s" % (name, dt.name)] = _cell(sess, lambda: tf.image.convert_image_dtype(x, dt))
            out["convsat_%s_%s" % (name, dt.name)] = _cell(sess, lambda: tf.image.convert_image_dtype(x, dt, saturate=True))
    big = tf.constant(np.array([[-0.5, 0.5, 1.5, np.nan]], np.float32))
    for dt in (tf.uint8, tf.int8, tf.int32):
        out["conv_oob_%s" % dt.name] = _cell(sess, lambda: tf.image.convert_image_dtype(big, dt, saturate=True))
    out["conv_i8_u8"] = _cell(sess, lambda: tf.image.convert_image_dtype(tf.constant([-128, -1, 0, 127], tf.int8), tf.uint8))
    out["conv_u8_i8"] = _cell(sess, lambda: tf.image.convert_image_dtype(tf.constant([0, 1, 128, 255], tf.uint8), tf.int8))
    out["conv_i32_u8"] = _cell(sess, lambda: tf.image.convert_image_dtype(tf.constant([0, 2 ** 24, 2 ** 31 - 1], tf.int32), tf.uint8))
    out["conv_u8_i32"] = _cell(sess, lambda: tf.image.convert_image_dtype(tf.constant([0, 1, 255], tf.uint8), tf.int32))
    out["std_const"] = _cell(sess, lambda: tf.image.per_image_standardization(tf.ones([2, 2, 1])))
    out["std_batch"] = _cell(sess, lambda: tf.image.per_image_standardization(tf.constant(f32[None].repeat(2, 0))))
    out["gray_bad"] = _cell(sess, lambda: tf.image.grayscale_to_rgb(tf.zeros([2, 2, 3])))
    out["hsv_bad"] = _cell(sess, lambda: tf.image.rgb_to_hsv(tf.zeros([2, 2, 4])))
    out["hue_bad"] = _cell(sess, lambda: tf.image.adjust_hue(tf.zeros([2, 2, 1]), 0.1))
    out["gamma_neg"] = _cell(sess, lambda: tf.image.adjust_gamma(tf.constant(f32), -1.0))
    nan = tf.constant(np.array([[[np.nan, 0.2, 0.3], [np.inf, 0., 0.], [-1., 2., 0.5]]], np.float32))
    for fn in ("rgb_to_hsv", "hsv_to_rgb", "rgb_to_grayscale", "per_image_standardization"):
        out["nan_" + fn] = _cell(sess, lambda: getattr(tf.image, fn)(nan))
    out["nan_hue"] = _cell(sess, lambda: tf.image.adjust_hue(nan, 0.3))
    out["nan_sat"] = _cell(sess, lambda: tf.image.adjust_saturation(nan, 0.3))
    xg = tf.constant(f32)
    w = tf.constant(np.arange(18, dtype=np.float32).reshape(2, 3, 3) / 7.)
    for name, fn in (("hsv", tf.image.rgb_to_hsv), ("hsv2rgb", tf.image.hsv_to_rgb), ("yuv", tf.image.rgb_to_yuv),
                     ("gray", tf.image.rgb_to_grayscale), ("std", tf.image.per_image_standardization),
                     ("contrast", lambda t: tf.image.adjust_contrast(t, 1.7)),
                     ("sat", lambda t: tf.image.adjust_saturation(t, 1.3)), ("hue", lambda t: tf.image.adjust_hue(t, 0.2)),
                     ("gamma", lambda t: tf.image.adjust_gamma(t, 1.5))):
        out["grad_" + name] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(fn(xg) * w[..., :fn(xg).shape[-1].value]), xg)[0])
    return out
