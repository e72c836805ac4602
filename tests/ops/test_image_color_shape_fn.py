"""Shape functions of the colour ops (RGBToHSV / HSVToRGB: ColorspaceShapeFn; AdjustHue,
AdjustSaturation, AdjustContrastv2: rank >= 3) and tf.image.grayscale_to_rgb's checks, as TF's
do them. Expected shapes and messages were recorded from TF 2.21 compat.v1; the tests also run
against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


@pytest.mark.parametrize("fn, shape, message", [
    ("rgb_to_hsv", [3, 3, 2], r"^Dimension must be 3 but is 2 for '\{\{node RGBToHSV\}\} = "
                              r"RGBToHSV\[T=DT_FLOAT\]\(zeros\)' with input shapes: \[3,3,2\]\.$"),
    ("rgb_to_hsv", [], r"^Shape must be at least rank 1 but is rank 0 for "),
    ("hsv_to_rgb", [2, 4], r"^Dimension must be 3 but is 4 for '\{\{node HSVToRGB\}\}"),
    ("adjust_hue", [3, 2], r"^Shape must be at least rank 3 but is rank 2 for '\{\{node "
                           r"adjust_hue/AdjustHue\}\} = AdjustHue\[T=DT_FLOAT\]"),
    ("adjust_saturation", [3, 3], r"^Shape must be at least rank 3 but is rank 2 for "),
    ("adjust_contrast", [3, 3], r"^Shape must be at least rank 3 but is rank 2 for '\{\{node "
                                r"adjust_contrast\}\} = AdjustContrastv2\[T=DT_FLOAT\]")])
def test_colour_op_shape_errors(tf, fn, shape, message):
    args = {"adjust_hue": (0.1,), "adjust_saturation": (0.1,), "adjust_contrast": (0.1,)}
    with pytest.raises(ValueError, match=message):
        getattr(tf.image, fn)(tf.zeros(shape), *args.get(fn, ()))


def test_contrast_factor_must_be_scalar(tf):
    with pytest.raises(ValueError, match=r"^Shape must be rank 0 but is rank 1 for "):
        tf.image.adjust_contrast(tf.zeros([3, 3, 3]), [0.1, 0.2])


def test_colorspace_static_shapes(tf):
    assert tf.image.rgb_to_hsv(tf.placeholder(tf.float32, [None, None])).shape.as_list() == [
        None, 3]
    assert tf.image.hsv_to_rgb(tf.placeholder(tf.float32)).shape.ndims is None
    assert tf.image.adjust_hue(tf.zeros([3, 3, 2]), 0.1).shape.as_list() == [3, 3, 2]


def test_grayscale_to_rgb_checks_and_shape(tf):
    rgb = tf.image.grayscale_to_rgb(tf.zeros([2, 3, 1]))
    assert rgb.op.name == "grayscale_to_rgb" and rgb.op.type == "Tile"
    assert rgb.shape.as_list() == [2, 3, 3]
    with pytest.raises(ValueError, match=r"^Last dimension of a grayscale image should be "
                       r"size 1\.$"):
        tf.image.grayscale_to_rgb(tf.zeros([3, 3, 3]))
    with pytest.raises(ValueError, match=r"^A grayscale image \(shape \(3,\)\) must be at "
                       r"least two-dimensional\.$"):
        tf.image.grayscale_to_rgb(tf.zeros([3]))
    ph = tf.placeholder(tf.float32, [None, None, None])
    dyn = tf.image.grayscale_to_rgb(ph)
    assert dyn.shape.as_list() == [None, None, 3]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(dyn, {ph: [[[1.], [2.]]]}),
                                      [[[1, 1, 1], [2, 2, 2]]])
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"assertion failed: \[Last dimension of a grayscale image "
                                 r"should be size 1\.\]"):
            sess.run(dyn, {ph: [[[1., 2.]]]})
