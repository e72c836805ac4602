"""ResizeBilinear / ResizeNearestNeighbor / ResizeBicubic reject align_corners together with
half_pixel_centers at run time, with TF's message (the kernels' shared validation)."""
import numpy as np
import pytest


@pytest.mark.parametrize("fn", ["resize_bilinear", "resize_nearest_neighbor", "resize_bicubic"])
def test_align_corners_and_half_pixel_centers(tf, fn):
    x = tf.constant(np.arange(20, dtype=np.float32).reshape(1, 4, 5, 1))
    y = getattr(tf.image, fn)(x, [2, 3], align_corners=True, half_pixel_centers=True)
    assert y.shape.as_list() == [1, 2, 3, 1]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="If half_pixel_centers is True, align_corners must be False."):
            sess.run(y)


def test_half_pixel_alone_still_runs(tf):
    x = tf.constant(np.arange(20, dtype=np.float32).reshape(1, 4, 5, 1))
    with tf.Session() as sess:
        out = sess.run(tf.image.resize_nearest_neighbor(x, [2, 3], half_pixel_centers=True))
    np.testing.assert_array_equal(out[0, :, :, 0], [[5., 7., 9.], [15., 17., 19.]])
