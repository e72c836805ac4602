"""Box-based image ops check shapes while building as TF's shape functions do (CropAndResize,
NonMaxSuppressionV3/V5/WithOverlaps, DrawBoundingBoxes, ExtractGlimpse, ResizeBilinear; float
attrs printed as TF prints them), a bad box index is OutOfRangeError, central_crop takes
dynamic shapes and tensor fractions, random flips of a batch flip each image on its own coin.
Expected values from TF 2.21 compat.v1."""
import numpy as np
import pytest


def _build_error(fn):
    with pytest.raises(ValueError) as info:
        fn()
    return str(info.value)


def test_crop_and_resize_shape_checks(tf):
    img = tf.zeros([1, 4, 4, 1])
    msg = _build_error(lambda: tf.image.crop_and_resize(img, tf.zeros([2, 3]), [0, 0], [2, 2]))
    assert msg.startswith("Dimension must be 4 but is 3 for '{{node CropAndResize}} = "
                          "CropAndResize[T=DT_FLOAT, extrapolation_value=0, method=\"bilinear\"]")
    assert msg.endswith("with input shapes: [1,4,4,1], [2,3], [2], [2].")
    assert _build_error(lambda: tf.image.crop_and_resize(
        img, tf.zeros([2, 4]), [0, 0, 0], [2, 2])).startswith(
        "Dimensions must be equal, but are 2 and 3 for ")
    assert _build_error(lambda: tf.image.crop_and_resize(
        img, tf.zeros([2, 4]), [0, 0], [2])).startswith("Dimension must be 2 but is 1 for ")
    assert _build_error(lambda: tf.image.crop_and_resize(
        img, tf.zeros([2, 4, 1]), [0, 0], [2, 2])).startswith(
        "Shape must be rank 2 but is rank 3 for ")
    out = tf.image.crop_and_resize(img, tf.placeholder(tf.float32, [None, 4]),
                                   tf.placeholder(tf.int32, [5]), [2, 2])
    assert out.shape.as_list() == [5, 2, 2, 1]


def test_nms_draw_glimpse_resize_shape_checks(tf):
    assert _build_error(lambda: tf.image.non_max_suppression(
        tf.zeros([3, 3]), tf.zeros([3]), 2)).startswith("Dimension must be 4 but is 3 for ")
    assert _build_error(lambda: tf.image.non_max_suppression(
        tf.zeros([3, 4]), tf.zeros([4]), 2)).startswith(
        "Dimensions must be equal, but are 3 and 4 for ")
    assert _build_error(lambda: tf.image.non_max_suppression(
        tf.zeros([3, 4]), tf.zeros([3, 1]), 2)).startswith(
        "Shape must be rank 1 but is rank 2 for ")
    assert _build_error(lambda: tf.image.non_max_suppression_with_scores(
        tf.zeros([3, 5]), tf.zeros([3]), 2)).startswith("Dimension must be 4 but is 5 for ")
    assert _build_error(lambda: tf.image.non_max_suppression_overlaps(
        tf.zeros([3, 4]), tf.zeros([3]), 2)).startswith(
        "Dimensions must be equal, but are 3 and 4 for ")
    assert _build_error(lambda: tf.image.draw_bounding_boxes(
        tf.zeros([1, 4, 4, 2]), tf.zeros([1, 1, 4]))).startswith(
        "Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA) for '{{node "
        "DrawBoundingBoxes}}")
    assert _build_error(lambda: tf.image.draw_bounding_boxes(
        tf.zeros([1, 4, 4, 3]), tf.zeros([1, 1, 5]))).startswith(
        "Dimension must be 4 but is 5 for ")
    glimpse = tf.image.extract_glimpse(tf.placeholder(tf.float32, [None, 5, 5, 3]), [2, 2],
                                       tf.zeros([3, 2]))
    assert glimpse.shape.as_list() == [3, 2, 2, 3]
    msg = _build_error(lambda: tf.image.extract_glimpse(
        tf.zeros([2, 5, 5, 3]), [2, 2], tf.zeros([3, 2])))
    assert msg.startswith("Dimensions must be equal, but are 2 and 3 for '{{node "
                          "ExtractGlimpse_1}} = ExtractGlimpse[centered=true, noise=\"uniform\", "
                          "normalized=true, uniform_noise=true]")
    assert _build_error(lambda: tf.image.extract_glimpse(
        tf.zeros([2, 5, 5, 3]), [2, 2], tf.zeros([2, 3]))).startswith(
        "Dimension must be 2 but is 3 for ")
    assert _build_error(lambda: tf.image.resize_images(tf.zeros([4, 4]), [2, 2])) == \
        "'images' must have either 3 or 4 dimensions."
    assert _build_error(lambda: tf.image.resize_bilinear(tf.zeros([4, 4, 1]), [2, 2])) \
        .startswith("Shape must be rank 4 but is rank 3 for '{{node ResizeBilinear}}")


def test_crop_and_resize_bad_box_index_is_out_of_range(tf):
    out = tf.image.crop_and_resize(tf.zeros([2, 4, 4, 1]), [[0., 0., 1., 1.]], [5], [3, 3])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.OutOfRangeError) as info:
            sess.run(out)
    assert "box_index has values outside [0, batch_size)" in info.value.message


def test_central_crop_dynamic_shapes_and_tensor_fraction(tf):
    x = np.arange(2 * 7 * 9 * 2, dtype=np.float32).reshape(2, 7, 9, 2)
    p = tf.placeholder(tf.float32, [None, None, None, 2])
    p3 = tf.placeholder(tf.float32, [7, None, 2])
    fr = tf.placeholder(tf.float32, [])
    outs = [tf.image.central_crop(p, 0.5), tf.image.central_crop(x, 0.4),
            tf.image.central_crop(p3, 0.7), tf.image.central_crop(x[0], fr),
            tf.image.central_crop(x, 1.0)]
    assert [o.shape.as_list() for o in outs] == [[None, None, None, 2], [2, 3, 5, 2],
                                                  [5, None, 2], [None, None, 2], [2, 7, 9, 2]]
    assert outs[0].op.name == "central_crop/Slice"
    with tf.Session() as sess:
        got = sess.run(outs, {p: x, p3: x[0], fr: 0.3})
    assert [v.shape for v in got] == [(2, 5, 5, 2), (2, 3, 5, 2), (5, 7, 2), (3, 3, 2),
                                      (2, 7, 9, 2)]
    assert [float(v.sum()) for v in got] == [12550.0, 7530.0, 4375.0, 1125.0, 31626.0]


def test_random_flips_of_a_batch_flip_each_image(tf):
    tf.set_random_seed(3)
    x = np.arange(36).reshape(6, 2, 3, 1).astype(np.float32)
    a = tf.image.random_flip_left_right(x, seed=4)
    b = tf.image.random_flip_up_down(tf.constant(x.astype(np.uint8)), seed=5)
    assert b.dtype == tf.uint8 and b.shape.as_list() == [6, 2, 3, 1]
    with tf.Session() as sess:
        ra, rb = sess.run([a, b])
        ra2 = sess.run(a)
    assert (ra[:, 0, 0, 0] != x[:, 0, 0, 0]).astype(int).tolist() == [1, 0, 1, 1, 1, 1]
    assert (rb[:, 0, 0, 0] != x[:, 0, 0, 0]).astype(int).tolist() == [0, 1, 0, 1, 1, 1]
    assert (ra2[:, 0, 0, 0] != x[:, 0, 0, 0]).astype(int).tolist() == [0, 1, 1, 1, 1, 1]
    np.testing.assert_array_equal(ra[0], x[0, :, ::-1])
