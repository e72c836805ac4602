"""An Inception/cifar10-style augmentation graph on one uint8 image: seeded random colour
distortions in both orders, random flips and crops, per_image_standardization, every
resize_images method (float and uint8 inputs, align_corners), crop-or-pad, central crop and
the adjust_* / colour-space functions."""
import numpy as np
TAGS = ['cv', 'image']
TOLERANCE = {'*': (1e-5, 1e-5)}


def main(tf):
    tf.set_random_seed(21)
    raw = np.random.RandomState(21).randint(0, 256, size=(10, 12, 3)).astype(np.uint8)
    image = tf.constant(raw)
    f = tf.image.convert_image_dtype(image, dtype=tf.float32)

    def distort_color(img, color_ordering):
        with tf.name_scope(None, 'distort_color', [img]):
            if color_ordering == 0:
                img = tf.image.random_brightness(img, max_delta=32. / 255.)
                img = tf.image.random_saturation(img, lower=0.5, upper=1.5)
                img = tf.image.random_hue(img, max_delta=0.2)
                img = tf.image.random_contrast(img, lower=0.5, upper=1.5)
            else:
                img = tf.image.random_contrast(img, lower=0.5, upper=1.5, seed=4)
                img = tf.image.random_brightness(img, max_delta=0.1, seed=5)
            return tf.clip_by_value(img, 0.0, 1.0)

    graph = {'d0': distort_color(f, 0), 'd1': distort_color(f, 1),
             'flip': tf.image.random_flip_left_right(f, seed=1),
             'flip_ud': tf.image.random_flip_up_down(f, seed=2),
             'std': tf.image.per_image_standardization(image),
             'crop_or_pad': tf.image.resize_image_with_crop_or_pad(f, 14, 8),
             'central': tf.image.central_crop(f, 0.5),
             'random_crop': tf.random_crop(f, [6, 6, 3], seed=9),
             'resize_uint8': tf.image.resize_images(image, [6, 6]),
             'resize_uint8_ac': tf.image.resize_images(image, (20, 24), method=0, align_corners=True),
             'nearest_uint8': tf.image.resize_nearest_neighbor(image[None], [5, 5]),
             'bilinear_uint8': tf.image.resize_bilinear(image[None], [5, 7])}
    methods = [(tf.image.ResizeMethod.BILINEAR, 'bilinear'), (tf.image.ResizeMethod.NEAREST_NEIGHBOR, 'nearest'),
               (tf.image.ResizeMethod.BICUBIC, 'bicubic'), (tf.image.ResizeMethod.AREA, 'area')]
    for method, name in methods:
        graph['resize_' + name] = tf.image.resize_images(f, [7, 5], method=method)
    adjusted = [tf.image.adjust_brightness(f, 0.1), tf.image.adjust_contrast(f, 1.7),
                tf.image.adjust_hue(f, 0.3), tf.image.adjust_saturation(f, 0.4),
                tf.image.adjust_gamma(f, 2.0, 1.1), tf.image.rgb_to_grayscale(f),
                tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(f)), tf.image.rgb_to_hsv(f),
                tf.image.transpose_image(f), tf.image.rot90(f, k=3)]
    for i, tensor in enumerate(adjusted):
        graph['adjust%d' % i] = tensor
    out = {'static/' + k: str(v.get_shape()) for k, v in graph.items()}
    out.update({'dtype/' + k: v.dtype.name for k, v in graph.items()})
    with tf.Session() as sess:
        out.update(sess.run(graph))
    return out
