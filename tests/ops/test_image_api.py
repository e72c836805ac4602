"""Tricky semantics of the tf.image ops added for issue 12 (api_image). Expected values were
recorded from TF 2.21 compat.v1 (the stand-in for TF 1.15)."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

BOXES = [[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [1, 10.1, 0, 11.1],
         [0, 100, 1, 101]]
SCORES = [0.9, 0.75, 0.6, 0.95, 0.5, 0.3]


def _run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_nms_order_flipped_corners_and_ties():
    b, s = tf.constant(BOXES, tf.float32), tf.constant(SCORES, tf.float32)
    hard = tf.image.non_max_suppression(b, s, 3, 0.5)
    # equal scores: the lower box index is taken first
    tie = tf.image.non_max_suppression(b, tf.constant([0.5] * 6), 6, 0.5)
    assert hard.op.type == "NonMaxSuppressionV3"
    got = _run({"hard": hard, "tie": tie})
    np.testing.assert_array_equal(got["hard"], [3, 0, 5])
    np.testing.assert_array_equal(got["tie"], [0, 3, 5])


def test_soft_nms_requeues_decayed_candidates():
    b, s = tf.constant(BOXES, tf.float32), tf.constant(SCORES, tf.float32)
    idx, kept = _run(tf.image.non_max_suppression_with_scores(b, s, 6, 1.0, 0.0, 0.5))
    np.testing.assert_array_equal(idx, [3, 0, 1, 5, 4, 2])
    np.testing.assert_allclose(kept, [0.95, 0.9, 0.384004, 0.3, 0.256003, 0.196972], rtol=1e-5)


def test_combined_nms_merges_classes_by_score():
    boxes = tf.constant([[[[0, 0, 1, 1]], [[0, 0.1, 1, 1.1]], [[0, 0.5, 1, 1.5]]]], tf.float32)
    scores = tf.constant([[[0.9, 0.1], [0.8, 0.7], [0.3, 0.6]]], tf.float32)
    out = tf.image.combined_non_max_suppression(boxes, scores, 2, 3, 0.5, 0.2)
    assert [t.shape.as_list() for t in out] == [[1, 3, 4], [1, 3], [1, 3], [1]]
    nmsed_boxes, nmsed_scores, classes, valid = _run(out)
    np.testing.assert_allclose(nmsed_boxes[0], [[0, 0, 1, 1], [0, 0.1, 1, 1], [0, 0.5, 1, 1]])
    np.testing.assert_allclose(nmsed_scores, [[0.9, 0.7, 0.6]])
    np.testing.assert_array_equal(classes, [[0, 1, 1]])
    np.testing.assert_array_equal(valid, [3])


def test_rgb_to_hsv_gradient_is_tfs_formula():
    x = tf.constant([[[0.2, 0.6, 0.4], [0.9, 0.1, 0.5]]])
    hsv = tf.image.rgb_to_hsv(x)
    grad = tf.gradients(tf.reduce_sum(hsv * [1.0, 2.0, 3.0]), x)[0]
    got_hsv, got_grad = _run([hsv, grad])
    np.testing.assert_allclose(got_hsv, [[[0.416667, 0.666667, 0.6], [0.916667, 0.888889, 0.9]]],
                               rtol=1e-5)
    np.testing.assert_allclose(got_grad, [[[-3.541667, 3.902778, 0.416667],
                                           [3.35108, -2.118056, -0.208333]]], rtol=1e-5)


def test_crop_and_resize_values_and_box_gradient():
    image = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4, 1))
    boxes = tf.constant([[0.0, 0.0, 1.0, 1.0], [0.25, 0.2, 0.75, 0.9]])
    crops = tf.image.crop_and_resize(image, boxes, [0, 1], [2, 3])
    grad = tf.gradients(tf.reduce_sum(crops * crops), boxes)[0]
    got, got_grad = _run([crops, grad])
    np.testing.assert_allclose(got[..., 0], [[[0, 1.5, 3], [8, 9.5, 11]],
                                             [[14.6, 15.65, 16.7], [18.6, 19.65, 20.7]]],
                               rtol=1e-5)
    np.testing.assert_allclose(got_grad, [[0, 33, 0, 33], [751.2, 305.1, 943.2, 330.3]],
                               rtol=1e-4)


def test_ops_without_gradients_raise_lookup_error():
    x = tf.constant(np.full((2, 2, 3), 0.5, np.float32))
    for y in (tf.image.adjust_hue(x, 0.1), tf.image.adjust_saturation(x, 2.0),
              tf.image.adjust_contrast(x, 2.0)):
        with pytest.raises(LookupError, match="No gradient defined"):
            tf.gradients(y, x)
    assert tf.gradients(tf.image.hsv_to_rgb(x), x) == [None]


def test_rot90_static_shape_and_tensor_k():
    k = tf.placeholder(tf.int32, [])
    square = tf.image.rot90(tf.zeros([4, 4, 3]), k)
    assert square.shape.as_list() == [4, 4, 3]
    assert tf.image.rot90(tf.zeros([2, 4, 5, 3]), 2).shape.as_list() == [2, None, None, 3]
    x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3, 1))
    with tf.Session() as sess:
        for turns in range(-1, 5):
            want = np.rot90(np.arange(6).reshape(2, 3), turns)
            got = sess.run(tf.image.rot90(x, k), {k: turns})[..., 0]
            np.testing.assert_array_equal(got, want)


def test_is_jpeg_is_a_scalar():
    out = _run([tf.io.is_jpeg(b"\xff\xd8\xff\xe0rest"), tf.image.is_jpeg(b"GIF89a")])
    assert [np.shape(v) for v in out] == [(), ()]
    assert [bool(v) for v in out] == [True, False]


def test_aliases_are_one_object():
    assert tf.io.decode_bmp is tf.image.decode_bmp
    assert tf.io.encode_jpeg is tf.image.encode_jpeg
    assert tf.extract_image_patches is tf.image.extract_image_patches


def test_generate_bounding_box_proposals_decode_clip_filter_nms():
    # TF has a GPU kernel only; expectations follow its kernel (generate_box_proposals_op.cu.cc)
    scores = tf.constant([[[[0.3], [0.9]]]])
    anchors = tf.constant([[[0.0, 0.0, 10.0, 10.0, 0.0, 1.0, 10.0, 11.0]]])
    info = tf.constant([[20.0, 20.0, 1.0, 0.0, 0.0]])
    grow = np.zeros((1, 1, 2, 8), np.float32)
    grow[0, 0, 0, 2] = np.log(2.0)   # box 0: twice as tall around its centre, clipped at 0
    cases = {
        "nms": tf.image.generate_bounding_box_proposals(
            scores, tf.zeros([1, 1, 2, 8]), info, anchors, 0.5, 10, 5, post_nms_topn=2),
        "small": tf.image.generate_bounding_box_proposals(
            scores, tf.zeros([1, 1, 2, 8]), info, anchors, 0.5, 10, 11, post_nms_topn=2),
        "grow": tf.image.generate_bounding_box_proposals(
            scores, tf.constant(grow), info, anchors, 0.9, 10, 5, post_nms_topn=3)}
    got = _run(cases)
    np.testing.assert_allclose(got["nms"][0], [[[0, 1, 10, 11], [0, 0, 0, 0]]])
    np.testing.assert_allclose(got["nms"][1], [[0.9, 0.0]])
    assert not got["small"][0].any() and not got["small"][1].any()
    np.testing.assert_allclose(got["grow"][0], [[[0, 1, 10, 11], [0, 0, 15, 10], [0, 0, 0, 0]]],
                               atol=1e-5)
    np.testing.assert_allclose(got["grow"][1], [[0.9, 0.3, 0.0]])
