"""Run-time argument checks of CropAndResize and NonMaxSuppression (shapes known only when fed):
TF's kernel messages (TF 2.x appends the shape function's words in parentheses to NMS's);
tf.image.resize_images' size checks and resize_bilinear's TypeError naming the op. Expected
messages from TF 2.21 compat.v1."""
import re

import numpy as np
import pytest


def _run_error(tf, sess, fetch, feed, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(message)):
        sess.run(fetch, feed)


CROP_CASES = [
    ([2, 3, 3, 1], [3, 4], [0, 1], [2, 2], "box_index has incompatible shape"),
    ([2, 3, 3, 1], [3], [0, 1, 0], [2, 2], "boxes must be 2-D, got: [3]"),
    ([2, 3, 3, 1], [3, 5], [0, 1, 0], [2, 2], "boxes must have 4 columns"),
    ([2, 3, 3, 1], [3, 4], [[0, 1, 0]], [2, 2], "box_indices must be rank 1 but is shape [1,3]"),
    ([2, 3, 3], [3, 4], [0, 1, 0], [2, 2], "input image must be 4-D[2,3,3]"),
    ([2, 3, 3, 1], [3, 4], [0, 1, 0], [2, 2, 1], "crop_size must have two elements[3]"),
    ([2, 3, 3, 1], [3, 4], [0, 1, 0], [0, 2], "crop dimensions must be positive"),
]


@pytest.mark.parametrize("image_shape,boxes_shape,box_ind,crop,message", CROP_CASES)
def test_crop_and_resize_fed_argument_errors(tf, image_shape, boxes_shape, box_ind, crop,
                                             message):
    img, boxes = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    ind, size = tf.placeholder(tf.int32), tf.placeholder(tf.int32)
    out = tf.image.crop_and_resize(img, boxes, ind, size)
    with tf.Session() as sess:
        _run_error(tf, sess, out, {img: np.zeros(image_shape), boxes: np.zeros(boxes_shape),
                                   ind: box_ind, size: crop}, message)
        empty = sess.run(out, {img: np.zeros([2, 3, 3, 1]), boxes: np.zeros([0, 4]),
                               ind: np.zeros([0], np.int32), size: [2, 2]})
    assert empty.shape == (0, 2, 2, 1)


NMS_CASES = [
    ([4, 4], [3], "scores has incompatible shape (Dimensions must be equal, but are 4 and 3)"),
    ([4, 4], [4, 1], "scores must be 1-D[4,1] (Shape must be rank 1 but is rank 2)"),
    ([4, 3], [4], "boxes must have 4 columns (Dimension must be 4 but is 3)"),
    ([4], [4], "boxes must be 2-D[4] (Shape must be rank 2 but is rank 1)"),
]


@pytest.mark.parametrize("boxes_shape,scores_shape,message", NMS_CASES)
def test_non_max_suppression_fed_argument_errors(tf, boxes_shape, scores_shape, message):
    boxes, scores = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    outs = [tf.image.non_max_suppression(boxes, scores, 2),
            tf.image.non_max_suppression(boxes, scores, 2, score_threshold=0.1),
            tf.image.non_max_suppression_with_scores(boxes, scores, 2)[0]]
    with tf.Session() as sess:
        for out in outs:
            _run_error(tf, sess, out, {boxes: np.zeros(boxes_shape),
                                       scores: np.zeros(scores_shape)}, message)


def test_resize_images_size_checks(tf):
    img = tf.zeros([1, 4, 4, 1])
    for size, message in [([3.5, 2.0], "'size' must be a 1-D int32 Tensor"),
                          ("ab", "'size' must be a 1-D int32 Tensor"),
                          (tf.constant([2.0, 2.0]), "'size' must be a 1-D int32 Tensor"),
                          ([3, 2, 1], "'size' must be a 1-D Tensor of 2 elements: "
                                      "new_height, new_width"),
                          ([[2, 2]], "'size' must be a 1-D Tensor of 2 elements: "
                                     "new_height, new_width"),
                          (tf.placeholder(tf.int32, [3]), "'size' must be a 1-D Tensor of 2 "
                                                          "elements: new_height, new_width")]:
        with pytest.raises(ValueError) as info:
            tf.image.resize_images(img, size)
        assert str(info.value) == message
    assert tf.image.resize_images(img, tf.placeholder(tf.int32, [None])).shape.as_list() == \
        [1, None, None, 1]


def test_resize_bilinear_float_size_type_error_names_the_op(tf):
    img = tf.zeros([1, 4, 4, 1])
    with pytest.raises(TypeError) as info:
        tf.image.resize_bilinear(img, [2.5, 2])
    assert str(info.value) == ("Expected int32 passed to parameter 'size' of op 'ResizeBilinear', "
                               "got [2.5, 2] of type 'list' instead. Error: Expected int32, but "
                               "got 2.5 of type 'float'.")
    out = tf.image.resize_area(img, np.array([2, 3]), name="rz")
    assert [t.name for t in out.op.inputs] == ["zeros:0", "rz/size:0"]
