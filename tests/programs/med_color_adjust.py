"""Colour / intensity augmentation used in histopathology (stain) pipelines: adjust_* with edge
values, random_* with seeds, colour-space round trips, per_image_standardization edge cases."""
import numpy as np
TAGS = ['cv', 'image']
TOLERANCE = {'*': (1e-5, 2e-5)}


def main(tf):
    tf.set_random_seed(17)
    rs = np.random.RandomState(17)
    rgb_np = rs.rand(4, 5, 3).astype(np.float32)
    rgb_np[0, 0] = [0, 0, 0]
    rgb_np[0, 1] = [1, 1, 1]
    rgb_np[0, 2] = [0.5, 0.5, 0.5]
    rgb_np[0, 3] = [1, 0, 0]
    rgb_np[0, 4] = [0, 1, 1]
    rgb_np[1, 0] = [1, 1, 0]
    rgb = tf.constant(rgb_np)
    u8 = tf.constant((rgb_np * 255).astype(np.uint8))
    out = {}
    out['hsv'] = tf.image.rgb_to_hsv(rgb)
    out['hsv_rt'] = tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(rgb))
    out['yuv'] = tf.image.rgb_to_yuv(rgb)
    out['yuv_rt'] = tf.image.yuv_to_rgb(tf.image.rgb_to_yuv(rgb))
    out['yiq'] = tf.image.rgb_to_yiq(rgb)
    out['gray'] = tf.image.rgb_to_grayscale(rgb)
    out['gray_u8'] = tf.image.rgb_to_grayscale(u8)
    out['g2rgb'] = tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(u8))
    out['bright'] = tf.image.adjust_brightness(rgb, 0.3)
    out['bright_u8'] = tf.image.adjust_brightness(u8, 0.3)
    out['bright_u8_neg'] = tf.image.adjust_brightness(u8, -0.7)
    out['contrast'] = tf.image.adjust_contrast(rgb, 1.7)
    out['contrast_u8'] = tf.image.adjust_contrast(u8, 2.5)
    out['gamma'] = tf.image.adjust_gamma(rgb, gamma=0.5, gain=1.2)
    out['gamma_u8'] = tf.image.adjust_gamma(u8, gamma=2.0)
    out['hue'] = tf.image.adjust_hue(rgb, 0.3)
    out['hue_neg'] = tf.image.adjust_hue(rgb, -0.45)
    out['hue_u8'] = tf.image.adjust_hue(u8, 0.1)
    out['sat'] = tf.image.adjust_saturation(rgb, 2.5)
    out['sat0'] = tf.image.adjust_saturation(rgb, 0.0)
    out['sat_u8'] = tf.image.adjust_saturation(u8, 0.4)
    out['jpeg_q'] = tf.image.adjust_jpeg_quality(u8, 90) if False else tf.zeros([1])
    out['std'] = tf.image.per_image_standardization(rgb)
    out['std_const'] = tf.image.per_image_standardization(tf.ones([3, 3, 1]) * 5.)
    out['std_u8'] = tf.image.per_image_standardization(u8)
    out['std_batch'] = tf.image.per_image_standardization(tf.stack([rgb, rgb * 3.]))
    out['r_bright'] = tf.image.random_brightness(rgb, 0.2, seed=1)
    out['r_contrast'] = tf.image.random_contrast(rgb, 0.3, 1.9, seed=2)
    out['r_hue'] = tf.image.random_hue(rgb, 0.4, seed=3)
    out['r_sat'] = tf.image.random_saturation(rgb, 0.2, 2.0, seed=4)
    out['r_sat_u8'] = tf.image.random_saturation(u8, 0.2, 2.0, seed=4)
    out['conv_f2u'] = tf.image.convert_image_dtype(rgb * 1.2 - 0.1, tf.uint8, saturate=True)
    out['conv_f2u_ns'] = tf.image.convert_image_dtype(rgb * 0.9, tf.uint8)
    out['conv_u2i16'] = tf.image.convert_image_dtype(u8, tf.int16)
    out['conv_i16_f'] = tf.image.convert_image_dtype(tf.constant([[[-32768, 0, 32767]]], tf.int16), tf.float32)
    out['conv_f_f64'] = tf.image.convert_image_dtype(rgb, tf.float64)
    g = tf.gradients(tf.reduce_sum(tf.image.adjust_brightness(rgb, 0.2) ** 2) +
                     tf.reduce_sum(tf.image.rgb_to_yuv(rgb)) + tf.reduce_sum(tf.image.per_image_standardization(rgb) ** 3),
                     rgb)[0]
    out['grad'] = g
    gh = tf.gradients(tf.reduce_sum(tf.image.adjust_gamma(rgb, 0.5) + tf.image.rgb_to_grayscale(rgb)), rgb)[0]
    out['grad_gamma'] = gh
    meta = {k: '%s %s %s' % (v.op.type, v.dtype.name, v.shape) for k, v in out.items() if 'grad' not in k}
    errs = {}
    for name, fn in [('hsv_2ch', lambda: tf.image.rgb_to_hsv(tf.zeros([3, 3, 2]))),
                     ('gray_2ch', lambda: tf.image.rgb_to_grayscale(tf.zeros([3, 3, 2]))),
                     ('g2rgb_3ch', lambda: tf.image.grayscale_to_rgb(tf.zeros([3, 3, 3]))),
                     ('rb_neg', lambda: tf.image.random_brightness(rgb, -0.1)),
                     ('rc_bad', lambda: tf.image.random_contrast(rgb, 0.9, 0.5)),
                     ('rh_bad', lambda: tf.image.random_hue(rgb, 0.6)),
                     ('rs_neg', lambda: tf.image.random_saturation(rgb, -1., 1.)),
                     ('gamma_neg', lambda: tf.image.adjust_gamma(rgb, -1.))]:
        try:
            errs[name] = 'built ' + str(fn().shape)
        except Exception as e:  # noqa
            errs[name] = '%s: %s' % (type(e).__name__, str(e).split('\n')[0].split(' for ')[0])
    with tf.Session() as sess:
        res = sess.run(out)
        try:
            sess.run(tf.image.adjust_gamma(rgb, -1.))
            res['gamma_run'] = 'ok'
        except Exception as e:  # noqa
            res['gamma_run'] = type(e).__name__
    res['meta'] = meta
    res['errs'] = errs
    return res
