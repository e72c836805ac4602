"""tf.image.crop_to_bounding_box / pad_to_bounding_box / resize_image_with_crop_or_pad check
their arguments as TF's image_ops_impl does: ValueError while building where the sizes are
known, an Assert op (InvalidArgumentError "assertion failed: [...]") where they are not, and
the same graph. Expected values and messages were recorded from TF 2.21 compat.v1; the tests
also run against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest

IMAGE = np.zeros((20, 24, 3), np.float32)


@pytest.mark.parametrize("fn, args, message", [
    ("crop_to_bounding_box", (15, 3, 10, 8), "height must be >= target + offset."),
    ("crop_to_bounding_box", (2, 20, 10, 8), "width must be >= target + offset."),
    ("crop_to_bounding_box", (-1, 0, 5, 5), "offset_height must be >= 0."),
    ("crop_to_bounding_box", (0, 0, 0, 5), "target_height must be > 0."),
    ("pad_to_bounding_box", (5, 0, 22, 27), "height must be <= target - offset"),
    ("pad_to_bounding_box", (0, 1, 20, 24), "width must be <= target - offset"),
    ("pad_to_bounding_box", (-1, 0, 22, 27), "offset_height must be >= 0"),
    ("resize_image_with_crop_or_pad", (0, 3), "target_height must be > 0.")])
def test_static_sizes_raise_value_error(tf, fn, args, message):
    with pytest.raises(ValueError) as info:
        getattr(tf.image, fn)(IMAGE, *args)
    assert str(info.value) == message


def test_static_checks_on_the_image_shape(tf):
    with pytest.raises(ValueError, match=r"inner 3 dims of 'image.shape' must be > 0: "):
        tf.image.crop_to_bounding_box(np.zeros((0, 3, 1), np.float32), 0, 0, 1, 1)
    with pytest.raises(ValueError, match=r"must have either 3 or 4 dimensions"):
        tf.image.pad_to_bounding_box(np.zeros((3, 3), np.float32), 0, 0, 4, 4)


def test_dynamic_sizes_fail_with_tf_assertion_messages(tf):
    image = tf.placeholder(tf.float32, [None, None, 3])
    crop = tf.image.crop_to_bounding_box(image, 15, 3, 10, 8)
    pad = tf.image.pad_to_bounding_box(image, 1, 2, 5, 5)
    both = tf.image.resize_image_with_crop_or_pad(image, 10, 30)
    assert crop.shape.as_list() == [10, 8, 3] and pad.shape.as_list() == [5, 5, 3]
    assert both.shape.as_list() == [10, 30, 3]
    with tf.Session() as sess:
        for tensor, message in ((crop, "height must be >= target + offset."),
                                (pad, "width must be <= target - offset")):
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(tensor, {image: IMAGE})
            assert "assertion failed: [%s]" % message in str(info.value)
        assert sess.run(both, {image: IMAGE}).shape == (10, 30, 3)


def test_crop_graph_is_tfs(tf):
    image = tf.placeholder(tf.float32, [None, None, 3])
    tf.image.crop_to_bounding_box(image, 1, 2, 5, 6)
    ops = tf.get_default_graph().get_operations()
    # recorded from TF 2.21 compat.v1: 61 ops, 4 Asserts, the slice sizes from two Shape ops
    assert len(ops) == 61
    assert sum(op.type == "Assert" for op in ops) == 4
    names = [op.name for op in ops]
    assert names[-17:-14] == ["crop_to_bounding_box/control_dependency",
                              "crop_to_bounding_box/stack", "crop_to_bounding_box/Shape_2"]
