"""tf.image.resize_bilinear rounds as TF's CPU kernel does: top/bottom lerps along x, then one
along y, in float32, with TF's float32 scale. Expected values were recorded from TF 2.21
compat.v1 (the stand-in for TF 1.15); the test also runs against TF
(TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np

RAW = (np.arange(120) * 37 % 256).reshape(1, 10, 12, 1).astype(np.uint8)


def test_resize_bilinear_of_uint8_matches_tf_bit_for_bit(tf):
    # a weight-matrix product (tfcompat before) was off by up to 8 float32 ulps here
    outs = [tf.image.resize_bilinear(RAW, [6, 6]),
            tf.image.resize_bilinear(RAW, [7, 5], half_pixel_centers=True),
            tf.image.resize_images(RAW, [4, 9], align_corners=True)]
    with tf.Session() as sess:
        plain, half, corners = [v[0, :, :, 0] for v in sess.run(outs)]
    assert outs[0].dtype == tf.float32 and outs[2].dtype == tf.float32
    np.testing.assert_array_equal(plain[4:], np.float32(
        [[58.66667938232422, 132.66668701171875, 206.66668701171875, 24.66667938232422,
          98.66667938232422, 172.66668701171875],
         [201.33335876464844, 104.66661071777344, 93.33335876464844, 167.33335876464844,
          70.66661071777344, 59.33335494995117]]))
    np.testing.assert_array_equal(half[1], np.float32(
        [170.1857147216797, 151.0999755859375, 91.78572082519531, 180.5857391357422,
         128.58567810058594]))
    np.testing.assert_array_equal(corners[0], np.float32(
        [0.0, 50.875, 101.75, 152.625, 203.5, 30.375, 49.25, 100.125, 151.0]))
