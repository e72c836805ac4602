"""Imitates tensorflow/models research/slim preprocessing/inception_preprocessing.py: apply_with_random_selector
(Switch/Merge per case), distorted_bounding_box_crop via sample_distorted_bounding_box, resize method
chosen at random, random flip, distort_color orderings, draw_bounding_boxes, preprocess_for_eval
(convert_image_dtype, central_crop, resize_bilinear, scaling to [-1, 1])."""
import numpy as np
TAGS = ['cv', 'image', 'random', 'control_flow']
TOLERANCE = {'*': (1e-4, 1e-5)}


def apply_with_random_selector(tf, x, func, num_cases, seed):
    sel = tf.random_uniform([], maxval=num_cases, dtype=tf.int32, seed=seed)
    return tf.raw_ops.Merge(inputs=[
        func(tf.raw_ops.Switch(data=x, pred=tf.equal(sel, case))[1], case)
        for case in range(num_cases)])[0]


def distort_color(tf, image, color_ordering=0, fast_mode=True, scope=None):
    with tf.name_scope(scope, 'distort_color', [image]):
        if fast_mode:
            if color_ordering == 0:
                image = tf.image.random_brightness(image, max_delta=32. / 255., seed=1)
                image = tf.image.random_saturation(image, lower=0.5, upper=1.5, seed=2)
            else:
                image = tf.image.random_saturation(image, lower=0.5, upper=1.5, seed=2)
                image = tf.image.random_brightness(image, max_delta=32. / 255., seed=1)
        return tf.clip_by_value(image, 0.0, 1.0)


def distorted_bounding_box_crop(tf, image, bbox, min_object_covered=0.1, aspect_ratio_range=(0.75, 1.33),
                                area_range=(0.05, 1.0), max_attempts=100, scope=None):
    with tf.name_scope(scope, 'distorted_bounding_box_crop', [image, bbox]):
        sample_distorted_bounding_box = tf.image.sample_distorted_bounding_box(
            tf.shape(image), bounding_boxes=bbox, min_object_covered=min_object_covered,
            aspect_ratio_range=aspect_ratio_range, area_range=area_range, max_attempts=max_attempts,
            use_image_if_no_bounding_boxes=True, seed=5, seed2=6)
        bbox_begin, bbox_size, distort_bbox = sample_distorted_bounding_box
        cropped_image = tf.slice(image, bbox_begin, bbox_size)
        return cropped_image, distort_bbox


def preprocess_for_eval(tf, image, height, width, central_fraction=0.875, scope=None):
    with tf.name_scope(scope, 'eval_image', [image, height, width]):
        if image.dtype != tf.float32:
            image = tf.image.convert_image_dtype(image, dtype=tf.float32)
        if central_fraction:
            image = tf.image.central_crop(image, central_fraction=central_fraction)
        if height and width:
            image = tf.expand_dims(image, 0)
            image = tf.image.resize_bilinear(image, [height, width], align_corners=False)
            image = tf.squeeze(image, [0])
        image = tf.subtract(image, 0.5)
        image = tf.multiply(image, 2.0)
        return image


def main(tf):
    tf.set_random_seed(31)
    rng = np.random.RandomState(10)
    img_u8 = tf.constant(rng.randint(0, 256, size=(20, 24, 3)).astype(np.uint8))
    image = tf.image.convert_image_dtype(img_u8, dtype=tf.float32)
    bbox = tf.constant([0.0, 0.0, 1.0, 1.0], dtype=tf.float32, shape=[1, 1, 4])
    image_with_box = tf.image.draw_bounding_boxes(tf.expand_dims(image, 0), bbox)
    distorted_image, distorted_bbox = distorted_bounding_box_crop(tf, image, bbox)
    distorted_image.set_shape([None, None, 3])
    num_resize_cases = 4
    distorted_image = apply_with_random_selector(
        tf, distorted_image,
        lambda x, method: tf.image.resize_images(x, [10, 10], method=method), num_cases=num_resize_cases, seed=7)
    distorted_image = tf.image.random_flip_left_right(distorted_image, seed=8)
    distorted_image = apply_with_random_selector(
        tf, distorted_image, lambda x, ordering: distort_color(tf, x, ordering, True), num_cases=2, seed=9)
    train_img = tf.multiply(tf.subtract(distorted_image, 0.5), 2.0)
    eval_img = preprocess_for_eval(tf, img_u8, 8, 8)
    out = {'train_shape': str(train_img.get_shape()), 'eval_shape': eval_img.get_shape().as_list(),
           'box_name': image_with_box.op.name, 'merge_name': distorted_image.op.name}
    with tf.Session() as s:
        out['eval'] = s.run(eval_img)
        out['box_img'] = s.run(image_with_box)[0, :, :, 0]
        for i in range(3):
            t, b = s.run([train_img, distorted_bbox])
            out['train_%d' % i] = t
            out['bbox_%d' % i] = b
    return out
