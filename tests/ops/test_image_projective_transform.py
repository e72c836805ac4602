"""ImageProjectiveTransformV2/V3 through tf.raw_ops: values for every interpolation and fill
mode, integer rounding, V3's fill value, TF's image gradient, static shapes and the kernel's
errors. Expected values recorded from TF 2.21 compat.v1 (the same kernel as TF 1.15's
tf.contrib.image ImageProjectiveTransformV2); runs against real TF with
TFCOMPAT_TEST_AGAINST_TF=1."""
import numpy as np
import pytest

IMG = np.arange(20, dtype=np.float32).reshape(1, 4, 5, 1)
T = np.array([[1.1, 0.3, -0.6, 0.2, 0.9, 0.7, 0.01, 0.02]], np.float32)
FAR = np.array([[1, 0, -13.3, 0, 1, 9.6, 0, 0]], np.float32)   # reads far outside the image

_BILINEAR_T = [[4.9505, 6.9608, 8.932], [9.5146, 11.4423, 13.3333],
               [13.9048, 15.7547, 17.5701]]   # columns 1..3, the same for every fill mode
# (interpolation, fill_mode, transform) -> output [3, 4], recorded from TF 2.21
EXPECTED = {
    ("NEAREST", "CONSTANT", "T"): [[0, 5, 7, 8], [10, 11, 12, 13], [10, 16, 17, 18]],
    ("NEAREST", "CONSTANT", "FAR"): [[0] * 4] * 3,
    ("NEAREST", "REFLECT", "T"): [[5, 5, 7, 8], [10, 11, 12, 13], [10, 16, 17, 18]],
    ("NEAREST", "REFLECT", "FAR"): [[12, 11, 10, 10], [17, 16, 15, 15], [17, 16, 15, 15]],
    ("NEAREST", "WRAP", "T"): [[9, 5, 7, 8], [14, 11, 12, 13], [10, 16, 17, 18]],
    ("NEAREST", "WRAP", "FAR"): [[4] * 4] * 3,
    ("NEAREST", "NEAREST", "T"): [[5, 5, 7, 8], [10, 11, 12, 13], [10, 16, 17, 18]],
    ("NEAREST", "NEAREST", "FAR"): [[15] * 4] * 3,
    ("BILINEAR", "CONSTANT", "T"): [[1.4] + _BILINEAR_T[0], [5.5363] + _BILINEAR_T[1],
                                    [12.0192] + _BILINEAR_T[2]],
    ("BILINEAR", "CONSTANT", "FAR"): [[0] * 4] * 3,
    ("BILINEAR", "REFLECT", "T"): [[3.5] + _BILINEAR_T[0], [7.8431] + _BILINEAR_T[1],
                                   [12.0192] + _BILINEAR_T[2]],
    ("BILINEAR", "REFLECT", "FAR"): [[10.3, 9.3, 8.3, 8.0], [15.3, 14.3, 13.3, 13.0],
                                     [17.3, 16.3, 15.3, 15.0]],
    ("BILINEAR", "WRAP", "T"): [[7.5] + _BILINEAR_T[0], [11.8431] + _BILINEAR_T[1],
                                [12.0192] + _BILINEAR_T[2]],
    ("BILINEAR", "WRAP", "FAR"): [[4.0, 4.0, 3.7, 4.0]] * 3,
    ("BILINEAR", "NEAREST", "T"): [[3.5] + _BILINEAR_T[0], [7.8431] + _BILINEAR_T[1],
                                   [12.0192] + _BILINEAR_T[2]],
    ("BILINEAR", "NEAREST", "FAR"): [[15.0] * 4] * 3,
}


def _transform(tf, images, transforms, interpolation, fill_mode="CONSTANT", shape=(3, 4)):
    return tf.raw_ops.ImageProjectiveTransformV2(
        images=images, transforms=transforms, output_shape=list(shape),
        interpolation=interpolation, fill_mode=fill_mode)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_values_for_every_interpolation_and_fill_mode(tf, key):
    interpolation, fill_mode, name = key
    out = _transform(tf, IMG, T if name == "T" else FAR, interpolation, fill_mode)
    with tf.Session() as sess:
        value = sess.run(out)
    np.testing.assert_allclose(value[0, :, :, 0], EXPECTED[key], atol=2e-4)


def test_integer_images_truncate_the_bilinear_value(tf):
    u8 = _transform(tf, (IMG * 13).astype(np.uint8), T, "BILINEAR")
    i32 = _transform(tf, (IMG * 7 - 60).astype(np.int32), T, "BILINEAR")
    with tf.Session() as sess:
        a, b = sess.run([u8, i32])
    assert a.dtype == np.uint8 and b.dtype == np.int32
    np.testing.assert_array_equal(a[0, :, :, 0], [[18, 64, 90, 116], [71, 123, 148, 173],
                                                  [156, 180, 204, 228]])
    np.testing.assert_array_equal(b[0, :, :, 0], [[-14, -25, -11, 2], [-3, 6, 20, 33],
                                                  [24, 37, 50, 62]])


def test_v3_blends_with_its_fill_value(tf):
    out = tf.raw_ops.ImageProjectiveTransformV3(images=IMG, transforms=T, output_shape=[3, 4],
                                                fill_value=-2.5, interpolation="BILINEAR")
    with tf.Session() as sess:
        value = sess.run(out)
    np.testing.assert_allclose(value[0, :, :, 0],
                               [[-0.1] + _BILINEAR_T[0], [4.801] + _BILINEAR_T[1],
                                [12.0192] + _BILINEAR_T[2]], atol=2e-4)


def test_half_rounds_away_from_zero_and_zero_projection_fills(tf):
    shift = np.array([[1, 0, 0.5, 0, 1, -0.5, 0, 0]], np.float32)
    pole = np.array([[1, 0, 0, 0, 1, 0, -1, 0]], np.float32)   # projection 0 at x = 1
    a = _transform(tf, IMG, shift, "NEAREST", shape=(4, 5))
    b = _transform(tf, IMG, pole, "NEAREST", shape=(4, 5))
    with tf.Session() as sess:
        a, b = sess.run([a, b])
    np.testing.assert_array_equal(a[0, :, :, 0], [[0, 0, 0, 0, 0], [6, 7, 8, 9, 0],
                                                  [11, 12, 13, 14, 0], [16, 17, 18, 19, 0]])
    np.testing.assert_array_equal(b[0, :, :, 0], [[0] * 5, [5, 0, 0, 0, 0], [10, 0, 0, 0, 0],
                                                  [15, 0, 0, 0, 0]])


def test_image_gradient_is_tfs_inverse_transform_and_transforms_get_none(tf):
    x, t = tf.constant(IMG), tf.constant(T)
    y = _transform(tf, x, t, "BILINEAR")
    gx, gt = tf.gradients(tf.reduce_sum(y * np.arange(12, dtype=np.float32).reshape(1, 3, 4, 1)),
                          [x, t])
    assert gt is None
    with tf.Session() as sess:
        value = sess.run(gx)
    np.testing.assert_allclose(value[0, :, :, 0], [
        [0.0347, 0, 0, 0, 0], [1.4292, 1.5629, 1.99, 0.972, 0],
        [6.0695, 6.2322, 6.3968, 5.2742, 0], [1.3774, 3.7438, 6.2355, 9.1944, 0.6815]],
        atol=2e-4)


def test_static_shapes(tf):
    known = _transform(tf, IMG, T, "NEAREST")
    assert known.shape.as_list() == [1, 3, 4, 1]
    fed = tf.raw_ops.ImageProjectiveTransformV2(
        images=tf.placeholder(tf.float32, [None, 4, 5, 3]), transforms=T,
        output_shape=tf.placeholder(tf.int32, [2]), interpolation="NEAREST")
    assert fed.shape.as_list() == [None, None, None, 3]


@pytest.mark.parametrize("transforms, shape, message", [
    (np.ones([3, 8], np.float32), [3, 4], "Input transform should be num_images x 8 or 1 x 8"),
    (np.ones([1, 7], np.float32), [3, 4], "Input transform should be num_images x 8 or 1 x 8"),
    (T, [0, 4], "output dimensions must be positive"),
    (T, [-3, 4], "output dimensions must be positive"),
])
def test_kernel_errors(tf, transforms, shape, message):
    images = tf.placeholder(tf.float32, [None, None, None, None])
    out = tf.raw_ops.ImageProjectiveTransformV2(images=images, transforms=transforms,
                                                output_shape=shape, interpolation="NEAREST")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            sess.run(out, {images: np.zeros([2, 4, 5, 1], np.float32)})


@pytest.mark.tfcompat_only
@pytest.mark.parametrize("attrs", [{"interpolation": "CUBIC"},
                                   {"interpolation": "NEAREST", "fill_mode": "MIRROR"}])
def test_unknown_interpolation_or_fill_mode_is_an_error(tf, attrs):
    # TF leaves these unchecked and outputs zeros or uninitialized memory
    # (tests/differential/known_differences.txt)
    out = tf.raw_ops.ImageProjectiveTransformV2(images=IMG, transforms=T, output_shape=[3, 4],
                                                **attrs)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid"):
            sess.run(out)


def test_empty_batch_and_broadcast_transform(tf):
    empty = _transform(tf, np.zeros([0, 4, 5, 1], np.float32), T, "NEAREST")
    two = _transform(tf, np.concatenate([IMG, IMG + 1]), T, "NEAREST")
    with tf.Session() as sess:
        e, t = sess.run([empty, two])
    assert e.shape == (0, 3, 4, 1)
    np.testing.assert_array_equal(t[1, 1, :, 0], [11, 12, 13, 14])
