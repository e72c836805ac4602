"""ExtractImagePatches / ExtractVolumePatches shape functions and kernel checks, and the rank
errors of tf.image's flips, rot90, transpose and central_crop, as TF's do them. Expected shapes
and messages were recorded from TF 2.21 compat.v1; the tests also run against TF
(TFCOMPAT_TEST_AGAINST_TF=1) except where TF's shape function is wrong."""
import os

import pytest

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))


def _patches(tf, shape, ksizes, strides, padding="VALID", rates=(1, 1, 1, 1)):
    x = tf.placeholder(tf.float32, shape)
    return tf.extract_image_patches(x, list(ksizes), list(strides), list(rates), padding)


@pytest.mark.parametrize("shape, expected", [
    ([None, None, 10, 1], [None, None, None, 16]),   # one spatial dim unknown: both unknown
    ([None, 7, None, 1], [None, None, None, 16]),
    ([None, 7, 10, None], [None, 1, 2, None]),
    ([3, 7, 10, 2], [3, 1, 2, 32])])
def test_image_patches_static_shapes(tf, shape, expected):
    assert _patches(tf, shape, [1, 4, 4, 1], [1, 4, 4, 1]).shape.as_list() == expected


def test_image_patches_valid_window_sizes_truncate_like_cpp(tf):
    # (7 - 10 + 2) / 2 truncates to 0 in C++: an empty output, not an error
    assert _patches(tf, [2, 7, 8, 3], [1, 10, 1, 1], [1, 2, 1, 1]).shape.as_list() == [2, 0, 8, 30]
    with pytest.raises(ValueError, match=r"^Computed output size would be negative: -1 "
                       r"\[input_size: 7, effective_filter_size: 11, stride: 2\] for "
                       r"'\{\{node ExtractImagePatches_1\}\} = ExtractImagePatches\["):
        _patches(tf, [2, 7, 8, 3], [1, 11, 1, 1], [1, 2, 1, 1])
    # rates dilate the window: 4 taps at rate 3 span 10 pixels
    assert _patches(tf, [2, 7, 8, 3], [1, 4, 1, 1], [1, 2, 1, 1],
                    rates=[1, 3, 1, 1]).shape.as_list() == [2, 0, 8, 12]


def test_patches_rank_and_attr_length_errors(tf):
    img, vol = tf.zeros([2, 7, 8, 3]), tf.zeros([1, 6, 5, 7, 2])
    with pytest.raises(ValueError, match=r"^Shape must be rank 4 but is rank 5 for '\{\{node "):
        tf.extract_image_patches(vol, [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match=r"^Shape must be rank 5 but is rank 4 for "):
        tf.extract_volume_patches(img, [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match=r"^Attr 'ksizes' of 'ExtractImagePatches' Op passed "
                       r"list of length 3 less than minimum 4\.$"):
        tf.extract_image_patches(img, [1, 3, 3], [1, 1, 1, 1], [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match=r"^ExtractImagePatches requires the rates attribute "
                       r"to contain 4 values, but got: 5 for "):
        tf.extract_image_patches(img, [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match=r"^ExtractVolumePatches requires the stride attribute "
                       r"to contain 5 values, but got: 6 for "):
        tf.extract_volume_patches(vol, [1, 1, 1, 1, 1], [1] * 6, "VALID")
    with pytest.raises(ValueError, match=r"^Computed output size would be negative: -2 "
                       r"\[input_size: 6, effective_filter_size: 9, stride: 1\]"):
        tf.extract_volume_patches(vol, [1, 9, 1, 1, 1], [1] * 5, "VALID")
    assert tf.extract_volume_patches(vol, [1, 7, 2, 2, 1], [1] * 5,
                                     "VALID").shape.as_list() == [1, 0, 4, 6, 56]


@pytest.mark.parametrize("build, message", [
    (lambda tf, x: tf.extract_image_patches(x, [2, 3, 3, 1], [1] * 4, [1] * 4, "VALID"),
     "Only support ksizes across space."),
    (lambda tf, x: tf.extract_image_patches(x, [1, 3, 3, 1], [1, 1, 1, 2], [1] * 4, "VALID"),
     "Only support strides across space."),
    (lambda tf, x: tf.extract_image_patches(x, [1, 3, 3, 1], [1] * 4, [2, 1, 1, 1], "VALID"),
     "Only support rates across space."),
    (lambda tf, x: tf.extract_volume_patches(x[..., None], [1, 1, 1, 1, 2], [1] * 5, "VALID"),
     "Only support ksizes across space.")])
def test_batch_or_depth_windows_fail_when_run(tf, build, message):
    patches = build(tf, tf.zeros([2, 7, 8, 3]))   # TF's shape function lets them through
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match=message):
            sess.run(patches)


@pytest.mark.tfcompat_only
def test_volume_patches_unknown_spatial_dims_keep_rank_5(tf):
    # TF's shape function returns a rank-4 shape here (known_differences.txt)
    x = tf.placeholder(tf.float32, [None, 8, None, 8, 1])
    y = tf.extract_volume_patches(x, [1, 4, 4, 4, 1], [1, 4, 4, 4, 1], "SAME")
    assert y.shape.as_list() == [None, None, None, None, 64]
    known = tf.placeholder(tf.float32, [2, 8, 8, 8, None])
    assert tf.extract_volume_patches(known, [1, 4, 4, 4, 1], [1, 4, 4, 4, 1],
                                     "SAME").shape.as_list() == [2, 2, 2, 2, None]


@pytest.mark.parametrize("fn, shape, message", [
    ("rot90", [3, 3], "'image' (shape (3, 3)) must be at least three-dimensional."),
    ("rot90", [1, 1, 3, 3, 1], "'image' (shape (1, 1, 3, 3, 1)) must have either 3 or 4 "
                               "dimensions."),
    ("transpose_image", [3, 3], "'image' (shape (3, 3)) must be at least three-dimensional."),
    ("flip_left_right", [3, 3], "'image' (shape (3, 3)) must be at least three-dimensional."),
    ("random_flip_left_right", [3, 3], "'image' (shape (3, 3)) must be at least "
                                       "three-dimensional."),
    ("central_crop", [3, 3], "'image' (shape (3, 3)) must be at least three-dimensional."),
    ("central_crop", [1, 1, 3, 3, 1], "`image` should either be a Tensor with rank = 3 or "
                                      "rank = 4. Had rank = 5."),
    ("resize_image_with_pad", [3, 3], "'image' (shape (3, 3)) must have either 3 or 4 "
                                      "dimensions."),
    ("resize_image_with_crop_or_pad", [3, 3], "'image' (shape (3, 3)) must have either 3 or 4 "
                                              "dimensions.")])
def test_image_rank_errors(tf, fn, shape, message):
    args = {"central_crop": (0.5,), "resize_image_with_pad": (2, 2),
            "resize_image_with_crop_or_pad": (2, 2)}.get(fn, ())
    with pytest.raises(ValueError) as info:
        getattr(tf.image, fn)(tf.zeros(shape), *args)
    assert str(info.value) == message
