"""Input-pipeline image code (OD API/Inception/DeepLab data readers): encode_png/decode_png
round trips (uint8, uint16, gray, alpha), encode_jpeg/decode_jpeg/decode_image/decode_and_crop_jpeg,
extract_jpeg_shape, resize_images every method on uint8/float16/float32, resize_image_with_pad,
preserve_aspect_ratio, convert_image_dtype saturation, per_image_standardization."""
import numpy as np
TAGS = ['cv', 'image']
TOLERANCE = {'*': (1e-3, 1e-3)}


def main(tf):
    rng = np.random.RandomState(12)
    img_np = rng.randint(0, 256, (9, 13, 3)).astype(np.uint8)
    img = tf.constant(img_np)
    out = {}
    png = tf.image.encode_png(img)
    dec = tf.image.decode_png(png, channels=3)
    dec_gray = tf.image.decode_png(png, channels=1)
    png16 = tf.image.encode_png(tf.image.convert_image_dtype(img, tf.uint16))
    dec16 = tf.image.decode_png(png16, dtype=tf.uint16)
    rgba = tf.concat([img, tf.fill([9, 13, 1], tf.constant(200, tf.uint8))], 2)
    dec_rgba = tf.image.decode_image(tf.image.encode_png(rgba))
    jpg = tf.image.encode_jpeg(img, quality=95, chroma_downsampling=False)
    djpg = tf.image.decode_jpeg(jpg, channels=3)
    dimg = tf.image.decode_image(jpg, channels=3)
    dimg2 = tf.image.decode_image(png, expand_animations=False)
    jshape = tf.image.extract_jpeg_shape(jpg)
    crop = tf.image.decode_and_crop_jpeg(jpg, [1, 2, 5, 6], channels=3)
    out['static'] = [str(t.shape) for t in (dec, dec_gray, dec16, dec_rgba, djpg, dimg, dimg2, crop)] + \
        [dec16.dtype.name, jshape.dtype.name, dimg.op.name, dimg2.op.name]
    f = tf.image.convert_image_dtype(img, tf.float32)
    methods = [tf.image.ResizeMethod.BILINEAR, tf.image.ResizeMethod.NEAREST_NEIGHBOR,
               tf.image.ResizeMethod.BICUBIC, tf.image.ResizeMethod.AREA]
    res = {}
    for m in methods:
        for ac in (False, True):
            if m == tf.image.ResizeMethod.AREA and ac:
                continue
            r = tf.image.resize_images(f, [6, 17], method=m, align_corners=ac)
            res['f_%d_%d' % (m, ac)] = r
        ru = tf.image.resize_images(img, [5, 7], method=m)
        res['u8_%d' % m] = ru
        out['u8dtype_%d' % m] = ru.dtype.name
        rh = tf.image.resize_images(tf.cast(f, tf.float16), [12, 8], method=m)
        out['f16dtype_%d' % m] = rh.dtype.name
        res['f16_%d' % m] = tf.cast(rh, tf.float32)
    res['aspect'] = tf.image.resize_images(f, [20, 20], preserve_aspect_ratio=True)
    res['pad'] = tf.image.resize_image_with_pad(f, 12, 12)
    res['crop_or_pad'] = tf.image.resize_image_with_crop_or_pad(img, 7, 16)
    res['std'] = tf.image.per_image_standardization(img)
    res['std_const'] = tf.image.per_image_standardization(tf.ones([3, 3, 1]))
    sat = tf.constant([-0.5, 0.0, 0.5, 1.0, 1.7])
    res['sat_u8'] = tf.image.convert_image_dtype(sat, tf.uint8, saturate=True)
    res['nosat_u8'] = tf.image.convert_image_dtype(tf.constant([0.0, 0.5, 1.0]), tf.uint8)
    res['i32_u8'] = tf.image.convert_image_dtype(tf.constant([0, 2 ** 30, 2 ** 31 - 1], tf.int32), tf.uint8)
    res['u8_i16'] = tf.image.convert_image_dtype(tf.constant([0, 128, 255], tf.uint8), tf.int16)
    res['u8_f16'] = tf.cast(tf.image.convert_image_dtype(tf.constant([0, 128, 255], tf.uint8), tf.float16), tf.float32)
    out['static_res'] = {k: str(v.shape) for k, v in res.items()}
    gray16 = tf.image.decode_png(png16, channels=1, dtype=tf.uint16)
    bad = tf.image.decode_png(png, channels=2)
    with tf.Session() as sess:
        out['gray16'] = sess.run(gray16)
        try:
            sess.run(bad)
        except tf.errors.InvalidArgumentError as e:
            out['bad_channels'] = e.message.split('\n')[-2 if 'Graph execution' in e.message else 0]
        r = sess.run({'dec': dec, 'gray': dec_gray, 'dec16': dec16, 'rgba': dec_rgba, 'djpg': djpg,
                      'dimg': dimg, 'jshape': jshape, 'crop': crop})
        out['png_roundtrip'] = bool((r['dec'] == img_np).all())
        out['gray'] = r['gray']; out['dec16'] = r['dec16']; out['rgba'] = r['rgba']
        out['jpg_close'] = bool(np.abs(r['djpg'].astype(float) - img_np).mean() < 6)
        out['jpg_same_image'] = bool((r['djpg'] == r['dimg']).all())
        out['jshape'] = r['jshape']
        out['crop_matches'] = bool((r['crop'] == r['djpg'][1:6, 2:8]).all())
        out.update(sess.run(res))
    return out
