"""tf.image: resizes (align_corners, half_pixel), crops, pads, flips, color adjustments,
per_image_standardization, convert_image_dtype, central_crop, non_max_suppression."""
import numpy as np
TAGS = ['image']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    img = tf.constant(np.arange(2 * 5 * 6 * 3, dtype=np.float32).reshape(2, 5, 6, 3) / 100.0)
    with tf.Session() as sess:
        out['bilinear'] = sess.run(tf.image.resize_bilinear(img, [7, 4]))
        out['bilinear_ac'] = sess.run(tf.image.resize_bilinear(img, [7, 4], align_corners=True))
        out['nearest'] = sess.run(tf.image.resize_nearest_neighbor(img, [3, 9]))
        out['resize_images_bicubic'] = sess.run(tf.image.resize_images(img, [4, 4], method=tf.image.ResizeMethod.BICUBIC))
        out['resize_area'] = sess.run(tf.image.resize_area(img, [2, 3]))
        out['crop_pad'] = sess.run(tf.image.resize_image_with_crop_or_pad(img, 3, 8))
        out['central'] = sess.run(tf.image.central_crop(img[0], 0.5))
        out['flip'] = sess.run(tf.image.flip_left_right(img)[0, 0])
        out['rot90'] = sess.run(tf.image.rot90(img[0], k=3)[0])
        out['bright'] = sess.run(tf.image.adjust_brightness(img, 0.1)[0, 0])
        out['contrast'] = sess.run(tf.image.adjust_contrast(img, 1.5)[0, 0])
        out['saturation'] = sess.run(tf.image.adjust_saturation(img, 0.5)[0, 0])
        out['hue'] = sess.run(tf.image.adjust_hue(img, 0.2)[0, 0])
        out['gamma'] = sess.run(tf.image.adjust_gamma(img, 2.0)[0, 0])
        out['gray'] = sess.run(tf.image.rgb_to_grayscale(img)[0, 0])
        out['std'] = sess.run(tf.image.per_image_standardization(img[0])[0])
        u8 = tf.constant(np.arange(12, dtype=np.uint8).reshape(2, 2, 3) * 20)
        out['to_float'] = sess.run(tf.image.convert_image_dtype(u8, tf.float32))
        out['to_u8'] = sess.run(tf.image.convert_image_dtype(tf.constant([[[0.5, 1.2, -0.1]]]), tf.uint8, saturate=True))
        boxes = tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11]], tf.float32)
        scores = tf.constant([0.9, 0.75, 0.6, 0.95])
        out['nms'] = sess.run(tf.image.non_max_suppression(boxes, scores, 3, iou_threshold=0.5))
        out['crop_and_resize'] = sess.run(tf.image.crop_and_resize(img, [[0.1, 0.2, 0.8, 0.9]], [1], [3, 3]))
        out['pad_to_bbox'] = sess.run(tf.image.pad_to_bounding_box(img[0], 1, 2, 7, 9)).sum()
    return out
