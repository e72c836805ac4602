"""SampleDistortedBoundingBoxV2's kernel checks (attrs, min_object_covered, box coordinates)
and shape function, and CropAndResize's method values, with TF's messages. Expected messages
were recorded from TF 2.21 compat.v1; the tests also run against TF
(TFCOMPAT_TEST_AGAINST_TF=1)."""
import re

import pytest

BOX = [[[0., 0., 1., 1.]]]


@pytest.mark.parametrize("kwargs, boxes, message", [
    (dict(min_object_covered=-0.5), BOX, "Min object covered must be non-negative: -0.5"),
    (dict(area_range=[0, 1.5]), BOX, "Area range must be non-negative: [0, 1.5]"),
    (dict(area_range=[0.1, 1.5]), BOX, "Area range must be less then or equal to 1.0: [0.1, 1.5]"),
    (dict(aspect_ratio_range=[0.5, 0.0]), BOX, "Aspect ratio range must be non-negative: [0.5, 0]"),
    (dict(max_attempts=0), BOX, "Max attempts must be non-negative: 0"),
    (dict(), [[[-0.2, 0.1, 0.5, 1.3]]], "All bounding box coordinates must be in [0.0, 1.0]: -0.2"),
    (dict(), [[[0.1, 0.1, 0.5, 1.3]]], "All bounding box coordinates must be in [0.0, 1.0]: 1.3"),
    (dict(), [[[0.1, 0.1, 0.5, 1.0000001]]], "All bounding box coordinates must be in [0.0, 1.0]: 1")])
def test_kernel_checks(tf, kwargs, boxes, message):
    begin = tf.image.sample_distorted_bounding_box([9, 10, 3], boxes, seed=1, **kwargs)[0]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(message)):
            sess.run(begin)


def test_in_range_unusual_arguments_still_run(tf):
    # min_object_covered > 1 and a reversed area range fall back to the whole image
    a = tf.image.sample_distorted_bounding_box([9, 10, 3], BOX, seed=1, min_object_covered=1.5)
    b = tf.image.sample_distorted_bounding_box([9, 10, 3], BOX, seed=1, area_range=[0.5, 0.1])
    with tf.Session() as sess:
        assert sess.run(a[0]).tolist() == [0, 0, 0] and sess.run(b[0]).tolist() == [0, 0, 0]


def test_boxes_rank_error(tf):
    with pytest.raises(ValueError, match=r"^Shape must be rank 3 but is rank 2 for '\{\{node "
                       r"sample_distorted_bounding_box/SampleDistortedBoundingBoxV2\}\}"):
        tf.image.sample_distorted_bounding_box([9, 10, 3], [[0.1, 0.1, 0.5, 0.5]])


def test_crop_and_resize_method_values(tf):
    with pytest.raises(ValueError) as info:
        tf.image.crop_and_resize(tf.zeros([1, 4, 4, 1]), [[0., 0., 1., 1.]], [0], [2, 2],
                                 method="cubic")
    assert str(info.value) == ("Attr 'method' of 'CropAndResize' Op passed string 'cubic' not "
                               'in: "bilinear", "nearest".')
