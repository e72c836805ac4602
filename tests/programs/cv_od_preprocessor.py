"""TF object_detection core/preprocessor.py: random_horizontal_flip (seeded random_uniform + tf.cond
flipping image, boxes and masks), random_crop_image via tf.image.sample_distorted_bounding_box
(seeded, min_object_covered, aspect/area ranges, use_image_if_no_bounding_boxes) then
box_list_ops.change_coordinate_frame / prune_completely_outside_window / clip_to_window, resize_to_range
(tf.cond on the large side, resize_images align_corners, NEAREST for masks), normalize_image,
random_pad_image-style pad_to_bounding_box, random_adjust_brightness/contrast with seeds, rgb_to_grayscale."""
import numpy as np
TAGS = ['cv', 'image', 'random']
TOLERANCE = {'*': (1e-4, 1e-4)}


def flip_boxes_left_right(tf, boxes):
    ymin, xmin, ymax, xmax = tf.split(value=boxes, num_or_size_splits=4, axis=1)
    return tf.concat([ymin, 1.0 - xmax, ymax, 1.0 - xmin], 1)


def random_horizontal_flip(tf, image, boxes, masks, seed):
    with tf.name_scope('RandomHorizontalFlip', values=[image, boxes]):
        do_a_flip_random = tf.greater(tf.random_uniform([], seed=seed), 0.5)
        image = tf.cond(do_a_flip_random, lambda: tf.image.flip_left_right(image), lambda: image)
        boxes = tf.cond(do_a_flip_random, lambda: flip_boxes_left_right(tf, boxes), lambda: boxes)
        masks = tf.cond(do_a_flip_random, lambda: masks[:, :, ::-1], lambda: masks)
        return image, boxes, masks, do_a_flip_random


def change_coordinate_frame(tf, boxes, window):
    win_height = window[2] - window[0]
    win_width = window[3] - window[1]
    shifted = boxes - [window[0], window[1], window[0], window[1]]
    return shifted * tf.stack([1.0 / win_height, 1.0 / win_width, 1.0 / win_height, 1.0 / win_width])


def prune_completely_outside_window(tf, boxes, window):
    y_min, x_min, y_max, x_max = tf.split(value=boxes, num_or_size_splits=4, axis=1)
    win_y_min, win_x_min, win_y_max, win_x_max = tf.unstack(window)
    coordinate_violations = tf.concat([
        tf.greater_equal(y_min, win_y_max), tf.greater_equal(x_min, win_x_max),
        tf.less_equal(y_max, win_y_min), tf.less_equal(x_max, win_x_min)], 1)
    valid_indices = tf.reshape(tf.where(tf.logical_not(tf.reduce_any(coordinate_violations, 1))), [-1])
    return tf.gather(boxes, valid_indices), valid_indices


def clip_to_window(tf, boxes, window):
    y_min, x_min, y_max, x_max = tf.split(value=boxes, num_or_size_splits=4, axis=1)
    win_y_min, win_x_min, win_y_max, win_x_max = tf.unstack(window)
    y_min_clipped = tf.maximum(tf.minimum(y_min, win_y_max), win_y_min)
    y_max_clipped = tf.maximum(tf.minimum(y_max, win_y_max), win_y_min)
    x_min_clipped = tf.maximum(tf.minimum(x_min, win_x_max), win_x_min)
    x_max_clipped = tf.maximum(tf.minimum(x_max, win_x_max), win_x_min)
    clipped = tf.concat([y_min_clipped, x_min_clipped, y_max_clipped, x_max_clipped], 1)
    areas = tf.squeeze((y_max_clipped - y_min_clipped) * (x_max_clipped - x_min_clipped), [1])
    nonzero = tf.reshape(tf.where(tf.greater(areas, 0.0)), [-1])
    return tf.gather(clipped, nonzero)


def random_crop_image(tf, image, boxes, seed):
    image_shape = tf.shape(image)
    boxes_expanded = tf.expand_dims(tf.clip_by_value(boxes, clip_value_min=0.0, clip_value_max=1.0), 1)
    begin, size, distort_bbox = tf.image.sample_distorted_bounding_box(
        image_shape, bounding_boxes=boxes_expanded, min_object_covered=0.3,
        aspect_ratio_range=(0.75, 1.33), area_range=(0.3, 1.0), max_attempts=100,
        use_image_if_no_bounding_boxes=True, seed=seed, seed2=7)
    new_image = tf.slice(image, begin, size)
    new_image.set_shape([None, None, image.get_shape()[2]])
    im_box = tf.squeeze(distort_bbox, [0, 1])
    kept, inside = prune_completely_outside_window(tf, boxes, im_box)
    new_boxes = change_coordinate_frame(tf, kept, im_box)
    new_boxes = clip_to_window(tf, new_boxes, tf.constant([0.0, 0.0, 1.0, 1.0]))
    return new_image, new_boxes, begin, size, inside


def resize_to_range(tf, image, masks, min_dimension, max_dimension):
    image_shape = tf.shape(image)
    orig_height = tf.to_float(image_shape[0])
    orig_width = tf.to_float(image_shape[1])
    orig_min_dim = tf.minimum(orig_height, orig_width)
    min_dimension = tf.constant(min_dimension, dtype=tf.float32)
    large_scale_factor = min_dimension / orig_min_dim
    large_size = tf.to_int32(tf.round(tf.stack([orig_height * large_scale_factor,
                                                  orig_width * large_scale_factor])))
    orig_max_dim = tf.maximum(orig_height, orig_width)
    small_scale_factor = max_dimension / orig_max_dim
    small_size = tf.to_int32(tf.round(tf.stack([orig_height * small_scale_factor,
                                                  orig_width * small_scale_factor])))
    new_size = tf.cond(tf.to_float(tf.reduce_max(large_size)) > max_dimension,
                       lambda: small_size, lambda: large_size)
    new_image = tf.image.resize_images(image, new_size, method=tf.image.ResizeMethod.BILINEAR,
                                       align_corners=True)
    new_masks = tf.image.resize_images(tf.expand_dims(masks, 3), new_size,
                                       method=tf.image.ResizeMethod.NEAREST_NEIGHBOR, align_corners=True)
    return new_image, tf.squeeze(new_masks, 3), new_size


def main(tf):
    tf.set_random_seed(4)
    rng = np.random.RandomState(4)
    img_np = rng.randint(0, 256, size=(12, 16, 3)).astype(np.float32)
    boxes_np = np.array([[0.1, 0.1, 0.4, 0.5], [0.5, 0.6, 0.9, 0.95], [0.0, 0.8, 0.2, 1.0]], np.float32)
    masks_np = (rng.rand(3, 12, 16) > 0.5).astype(np.float32)
    image = tf.placeholder(tf.float32, [None, None, 3])
    boxes = tf.placeholder(tf.float32, [None, 4])
    masks = tf.placeholder(tf.float32, [None, None, None])
    fimg, fboxes, fmasks, flipped = random_horizontal_flip(tf, image, boxes, masks, seed=3)
    cimg, cboxes, begin, size, inside = random_crop_image(tf, fimg, fboxes, seed=5)
    rimg, rmasks, new_size = resize_to_range(tf, image, masks, 10, 14)
    norm = (2.0 / 255.0) * image - 1.0
    padded = tf.image.pad_to_bounding_box(image, 2, 3, 16, 20)
    bright = tf.image.random_brightness(image / 255.0, 0.2, seed=8)
    contrast = tf.image.random_contrast(image / 255.0, 0.8, 1.25, seed=9)
    gray = tf.image.rgb_to_grayscale(image)
    out = {'crop_static': str(cimg.shape), 'resize_static': str(rimg.shape),
           'pad_static': str(padded.shape), 'gray_static': str(gray.shape),
           'flip_name': flipped.name}
    feed = {image: img_np, boxes: boxes_np, masks: masks_np}
    with tf.Session() as sess:
        for step in range(3):
            r = sess.run(dict(flipped=flipped, fboxes=fboxes, cboxes=cboxes, begin=begin, size=size,
                              inside=inside, cimg_sum=tf.reduce_sum(cimg), bright=tf.reduce_mean(bright),
                              contrast=tf.reduce_mean(contrast)), feed)
            for k, v in r.items():
                out['%s_%d' % (k, step)] = v
        r = sess.run(dict(rimg=rimg, rmasks=rmasks, new_size=new_size, norm=norm[0], padded=padded[:, :, 0],
                          gray=gray[..., 0]), feed)
        out.update(r)
        r = sess.run(dict(rimg2=rimg, new_size2=new_size), {image: img_np[:, :4], masks: masks_np[:, :, :4]})
        out.update(r)
    return out
