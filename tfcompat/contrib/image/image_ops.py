"""TF 1.15's `tf.contrib.image` projective transforms (transform, rotate, translate and the
helpers that build and compose transforms), on the op `ImageProjectiveTransformV2`
(tfcompat/ops/image_transform_ops.py, which also holds its gradient)."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.framework import dtypes
from tfcompat.framework.op_builder import apply_op

_IMAGE_DTYPES = frozenset([dtypes.uint8, dtypes.int32, dtypes.int64, dtypes.float16,
                           dtypes.float32, dtypes.float64])


def _as_batch(image_or_images):
    """NHWC view of an HW, HWC or NHWC image tensor, and the function undoing it."""
    if image_or_images.dtype.base_dtype not in _IMAGE_DTYPES:
        raise TypeError("Invalid dtype %s." % image_or_images.dtype)
    ndims = image_or_images.get_shape().ndims
    if ndims is None:
        raise TypeError("image_or_images rank must be statically known")
    if ndims == 2:
        return image_or_images[None, :, :, None], lambda out: out[0, :, :, 0]
    if ndims == 3:
        return image_or_images[None, :, :, :], lambda out: out[0, :, :, :]
    if ndims == 4:
        return image_or_images, lambda out: out
    raise TypeError("Images should have rank between 2 and 4.")


def transform(images, transforms, interpolation="NEAREST", output_shape=None, name=None):
    """TF1 `tf.contrib.image.transform`: applies projective transforms (each row
    [a0, a1, a2, b0, b1, b2, c0, c1] maps an *output* point to the input point it reads) to
    HW, HWC or NHWC images; outside points read zeros.

    >>> tf.contrib.image.transform(tf.zeros([4, 5, 3]), [1, 0, 2, 0, 1, 0, 0, 0]).shape
    TensorShape([Dimension(4), Dimension(5), Dimension(3)])
    """
    with tf.name_scope(name, "transform"):
        image_or_images = tf.convert_to_tensor(images, name="images")
        transform_or_transforms = tf.convert_to_tensor(transforms, name="transforms",
                                                       dtype=dtypes.float32)
        batch, undo = _as_batch(image_or_images)
        if output_shape is None:
            output_shape = tf.shape(batch)[1:3]
            value = tf.get_static_value(output_shape)
            if value is not None:
                output_shape = value
        output_shape = tf.convert_to_tensor(output_shape, dtypes.int32, name="output_shape")
        if not output_shape.get_shape().is_compatible_with([2]):
            raise ValueError("output_shape must be a 1-D Tensor of 2 elements: "
                             "new_height, new_width")
        rank = transform_or_transforms.get_shape().ndims
        if rank == 1:
            transforms = transform_or_transforms[None]
        elif rank is None:
            raise TypeError("transforms rank must be statically known")
        elif rank == 2:
            transforms = transform_or_transforms
        else:
            raise TypeError("Transforms should have rank 1 or 2.")
        output = apply_op("ImageProjectiveTransformV2", [batch, transforms, output_shape],
                          name="ImageProjectiveTransformV2",
                          interpolation=interpolation.upper(), fill_mode="CONSTANT")
        return undo(output)


def rotate(images, angles, interpolation="NEAREST", name=None):
    """TF1 `tf.contrib.image.rotate`: rotates images counterclockwise by `angles` (radians,
    a scalar or one per image) about their centres; corners read zeros."""
    with tf.name_scope(name, "rotate"):
        image_or_images = tf.convert_to_tensor(images)
        batch, undo = _as_batch(image_or_images)
        height = tf.cast(tf.shape(batch)[1], dtypes.float32)[None]
        width = tf.cast(tf.shape(batch)[2], dtypes.float32)[None]
        output = transform(batch, angles_to_projective_transforms(angles, height, width),
                           interpolation=interpolation)
        return undo(output)


def translate(images, translations, interpolation="NEAREST", name=None):
    """TF1 `tf.contrib.image.translate`: shifts images by [dx, dy] (one pair, or one per
    image)."""
    with tf.name_scope(name, "translate"):
        return transform(images, translations_to_projective_transforms(translations),
                         interpolation=interpolation)


def angles_to_projective_transforms(angles, image_height, image_width, name=None):
    """TF1 `tf.contrib.image.angles_to_projective_transforms`: [num_angles, 8] transforms
    rotating about the image centre."""
    with tf.name_scope(name, "angles_to_projective_transforms"):
        angle_or_angles = tf.convert_to_tensor(angles, name="angles", dtype=dtypes.float32)
        rank = angle_or_angles.get_shape().ndims
        if rank == 0:
            angles = angle_or_angles[None]
        elif rank == 1:
            angles = angle_or_angles
        else:
            raise TypeError("Angles should have rank 0 or 1.")
        cos, sin = tf.cos(angles), tf.sin(angles)
        x_offset = ((image_width - 1) - (cos * (image_width - 1) - sin * (image_height - 1))) / 2.0
        y_offset = ((image_height - 1) - (sin * (image_width - 1) + cos * (image_height - 1))) / 2.0
        num_angles = tf.shape(angles)[0]
        return tf.concat(values=[cos[:, None], -sin[:, None], x_offset[:, None],
                                 sin[:, None], cos[:, None], y_offset[:, None],
                                 tf.zeros((num_angles, 2), dtypes.float32)], axis=1)


def translations_to_projective_transforms(translations, name=None):
    """TF1 `tf.contrib.image.translations_to_projective_transforms`: [n, 8] transforms
    shifting by [dx, dy]."""
    with tf.name_scope(name, "translations_to_projective_transforms"):
        translation_or_translations = tf.convert_to_tensor(translations, name="translations",
                                                           dtype=dtypes.float32)
        rank = translation_or_translations.get_shape().ndims
        if rank is None:
            raise TypeError("translation_or_translations rank must be statically known")
        if rank == 1:
            translations = translation_or_translations[None]
        elif rank == 2:
            translations = translation_or_translations
        else:
            raise TypeError("Translations should have rank 1 or 2.")
        num = tf.shape(translations)[0]
        # The translation matrix looks like [[1 0 -dx] [0 1 -dy] [0 0 1]]: the transform maps
        # output points back to input points.
        return tf.concat(values=[tf.ones((num, 1), dtypes.float32),
                                 tf.zeros((num, 1), dtypes.float32),
                                 -translations[:, 0, None],
                                 tf.zeros((num, 1), dtypes.float32),
                                 tf.ones((num, 1), dtypes.float32),
                                 -translations[:, 1, None],
                                 tf.zeros((num, 2), dtypes.float32)], axis=1)


def compose_transforms(*transforms):
    """TF1 `tf.contrib.image.compose_transforms`: one transform equivalent to applying each
    of `transforms` in order."""
    assert transforms, "transforms cannot be empty"
    with tf.name_scope("compose_transforms"):
        composed = flat_transforms_to_matrices(transforms[0])
        for tr in transforms[1:]:
            composed = tf.matmul(composed, flat_transforms_to_matrices(tr))
        return matrices_to_flat_transforms(composed)


def flat_transforms_to_matrices(transforms):
    """TF1 `tf.contrib.image.flat_transforms_to_matrices`: [n, 8] -> [n, 3, 3]."""
    with tf.name_scope("flat_transforms_to_matrices"):
        transforms = tf.reshape(transforms, tf.constant([-1, 8]))
        num_transforms = tf.shape(transforms)[0]
        return tf.reshape(tf.concat([transforms, tf.ones([num_transforms, 1])], axis=1),
                          tf.constant([-1, 3, 3]))


def matrices_to_flat_transforms(transform_matrices):
    """TF1 `tf.contrib.image.matrices_to_flat_transforms`: [n, 3, 3] -> [n, 8], each matrix
    divided by its last entry."""
    with tf.name_scope("matrices_to_flat_transforms"):
        transforms = tf.reshape(transform_matrices, tf.constant([-1, 9]))
        transforms /= transforms[:, 8:9]
        return transforms[:, :8]


def connected_components(images):
    """TF1 `tf.contrib.image.connected_components`: labels the 4-connected components of
    equal non-zero pixels of an HW or NHW image, 1..n in row-major order of their first
    pixel across the batch (0 for zero pixels); int64.

    Differences from TensorFlow: built from graph ops (min-label propagation with pointer
    jumping in a while_loop) instead of TF's union-find kernel; the labels are the same.
    """
    with tf.name_scope("connected_components"):
        image_or_images = tf.convert_to_tensor(images, name="images")
        ndims = image_or_images.get_shape().ndims
        if ndims == 2:
            batch = image_or_images[None, :, :]
        elif ndims == 3:
            batch = image_or_images
        else:
            raise TypeError("images should have rank 2 (HW) or 3 (NHW). Static shape is %s"
                            % image_or_images.get_shape())
        components = _component_roots(batch)
        flat = tf.reshape(components, [-1])
        unique_ids, id_index = tf.unique(flat)
        # unique_ids appear in row-major order of first pixels: renumber them 1.., keeping 0
        nonzero = tf.cast(tf.not_equal(unique_ids, 0), dtypes.int64)
        new_ids = tf.cumsum(nonzero) * nonzero
        components = tf.reshape(tf.gather(new_ids, id_index), tf.shape(batch))
        return components[0, :, :] if ndims == 2 else components


def _component_roots(batch):
    """Per pixel, 1 + the flat index of the first pixel (row-major) of its component; 0 for
    zero pixels. Each label always names a pixel of the same component, so propagating the
    minimum over equal neighbours and jumping to the label's own label converges to it."""
    shape = tf.shape(batch, out_type=dtypes.int64)
    size = shape[0] * shape[1] * shape[2]
    index = tf.reshape(tf.range(size, dtype=dtypes.int64), shape) + 1
    nonzero = tf.not_equal(batch, tf.zeros([], batch.dtype))
    labels = tf.where(nonzero, index, tf.zeros_like(index))
    big = tf.constant(np.iinfo(np.int64).max, dtypes.int64)

    def neighbour_min(labels):
        best = tf.where(nonzero, labels, tf.fill(shape, big))
        for axis in (1, 2):
            for shift in (1, -1):
                other = _shifted(labels, axis, shift, big)
                same = tf.equal(batch, _shifted(batch, axis, shift, tf.zeros([], batch.dtype))) & \
                    _shifted(nonzero, axis, shift, False)
                best = tf.minimum(best, tf.where(same & nonzero, other, tf.fill(shape, big)))
        return tf.where(nonzero, best, tf.zeros_like(best))

    def body(labels, _):
        new = neighbour_min(labels)
        flat = tf.reshape(new, [-1])
        jumped = tf.gather(tf.concat([[0], flat], 0), flat)   # label -> that pixel's label
        new = tf.reshape(tf.minimum(flat, jumped), shape)
        new = tf.where(nonzero, new, tf.zeros_like(new))
        return new, tf.reduce_any(tf.not_equal(new, labels))

    labels, _ = tf.while_loop(lambda _, changed: changed, body, [labels, tf.constant(True)])
    return labels


def _shifted(x, axis, shift, fill):
    """x moved by `shift` along `axis` (1: H, 2: W), the vacated edge set to `fill`."""
    paddings = [[0, 0], [0, 0], [0, 0]]
    paddings[axis] = [1, 0] if shift == 1 else [0, 1]
    padded = tf.pad(x, paddings, constant_values=fill)
    if axis == 1:
        return padded[:, :-1] if shift == 1 else padded[:, 1:]
    return padded[:, :, :-1] if shift == 1 else padded[:, :, 1:]
