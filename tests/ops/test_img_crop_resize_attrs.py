"""CropAndResize's `method` attr is checked against the OpDef's allowed values after the op's
name is taken, as op_def_library does: a rejected call still uses up its name."""
import pytest


def test_bad_method_takes_the_name(tf):
    with tf.Graph().as_default():
        image = tf.zeros([1, 4, 5, 2])
        with pytest.raises(ValueError, match="Attr 'method' of 'CropAndResize' Op passed "
                                             "string 'bicubic' not in: \"bilinear\", \"nearest\"."):
            tf.image.crop_and_resize(image, [[0., 0., 1., 1.]], [0], [2, 2], method="bicubic")
        crop = tf.image.crop_and_resize(image, [[0., 0., 1., 1.]], [0], [2, 2], method="nearest")
        assert crop.name == "CropAndResize_1:0"
        assert crop.shape.as_list() == [1, 2, 2, 2]
