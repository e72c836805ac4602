"""tf.contrib.image (TF 1.15): transforms, rotate/translate, the transform helpers,
dense_image_warp (values and gradients) and connected_components. TF 2.x has no tf.contrib:
expected values were recorded from TF 2.21 compat.v1 running TF 1.15's contrib/image Python
code on core ops (ImageProjectiveTransformV2 is the same kernel); connected components are
checked against a breadth-first labelling written here."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

IMG = np.arange(20, dtype=np.float32).reshape(4, 5)


def _run(tf, *tensors):
    with tf.Session() as sess:
        return sess.run(list(tensors))


def test_rotate_nearest_and_bilinear(tf):
    nearest = tf.contrib.image.rotate(IMG, np.pi / 2)
    bilinear = tf.contrib.image.rotate(IMG[:, :, None], 0.3, "BILINEAR")
    assert nearest.shape.as_list() == [4, 5] and bilinear.shape.as_list() == [4, 5, 1]
    a, b = _run(tf, nearest, bilinear)
    np.testing.assert_array_equal(a, [[4, 9, 14, 18, 0], [3, 8, 13, 18, 0], [2, 7, 12, 16, 0],
                                      [0, 6, 11, 15, 0]])
    np.testing.assert_allclose(b[:, :, 0], [
        [0.2535, 1.1479, 2.7783, 5.2112, 4.7098], [2.3935, 4.8265, 7.2594, 9.6924, 11.3618],
        [6.528, 9.3076, 11.7406, 14.1735, 16.6065], [7.5651, 13.7888, 16.2217, 13.5101, 8.7896]],
        atol=2e-4)


def test_translate_and_transform_output_shape(tf):
    moved = tf.contrib.image.translate(IMG, [1.5, -1], "BILINEAR")
    cropped = tf.contrib.image.transform(IMG, [1.0, 0, 1, 0, 1, 1, 0, 0], output_shape=[2, 3])
    assert cropped.shape.as_list() == [2, 3]
    a, b = _run(tf, moved, cropped)
    np.testing.assert_allclose(a, [[0, 2.5, 5.5, 6.5, 7.5], [0, 5, 10.5, 11.5, 12.5],
                                   [0, 7.5, 15.5, 16.5, 17.5], [0, 0, 0, 0, 0]], atol=1e-5)
    np.testing.assert_array_equal(b, [[6, 7, 8], [11, 12, 13]])


def test_transform_helpers(tf):
    composed = tf.contrib.image.compose_transforms([1.0, 0.2, 1, 0, 1, 2, 0, 0],
                                                   [0.9, 0, -1, 0.1, 1, -2, 0.01, 0])
    angles = tf.contrib.image.angles_to_projective_transforms([0.5, -1.0], 4.0, 5.0)
    matrices = tf.contrib.image.flat_transforms_to_matrices([[1.0, 2, 3, 4, 5, 6, 7, 8]])
    flat = tf.contrib.image.matrices_to_flat_transforms(matrices * 2)
    shift = tf.contrib.image.translations_to_projective_transforms([[1.0, 2], [3, 4]])
    c, a, m, f, s = _run(tf, composed, angles, matrices, flat, shift)
    np.testing.assert_allclose(c, [[0.93, 0.2, -0.4, 0.12, 1.0, 0.0, 0.01, 0.0]], atol=1e-6)
    np.testing.assert_allclose(a, [
        [0.8776, -0.4794, 0.964, 0.4794, 0.8776, -0.7752, 0, 0],
        [0.5403, 0.8415, -0.3428, -0.8415, 0.5403, 2.3725, 0, 0]], atol=2e-4)
    np.testing.assert_array_equal(m, [[[1, 2, 3], [4, 5, 6], [7, 8, 1]]])
    np.testing.assert_array_equal(f, [[1, 2, 3, 4, 5, 6, 7, 8]])
    np.testing.assert_array_equal(s, [[1, 0, -1, 0, 1, -2, 0, 0], [1, 0, -3, 0, 1, -4, 0, 0]])


def test_transform_checks_dtype_and_rank(tf):
    with pytest.raises(TypeError, match="Invalid dtype"):
        tf.contrib.image.transform(np.zeros([2, 2], np.bool_), [1.0, 0, 0, 0, 1, 0, 0, 0])
    with pytest.raises(TypeError, match="Images should have rank between 2 and 4"):
        tf.contrib.image.transform(np.zeros([1, 2, 2, 1, 1], np.float32),
                                   [1.0, 0, 0, 0, 1, 0, 0, 0])
    with pytest.raises(ValueError, match="output_shape must be a 1-D Tensor of 2 elements"):
        tf.contrib.image.transform(IMG, [1.0, 0, 0, 0, 1, 0, 0, 0], output_shape=[1, 2, 3])
    assert tf.contrib.image.rotate(IMG, 0.1).op.graph is tf.get_default_graph()


def test_dense_image_warp_values_and_gradients(tf):
    image = tf.constant(IMG.reshape(1, 4, 5, 1))
    flow = tf.constant((np.sin(np.arange(40)).reshape(1, 4, 5, 2) * 1.7).astype(np.float32))
    warped = tf.contrib.image.dense_image_warp(image, flow)
    d_image, d_flow = tf.gradients(tf.reduce_sum(warped * warped), [image, flow])
    w, gi, gf = _run(tf, warped, d_image, d_flow)
    np.testing.assert_allclose(w[0, :, :, 0], [
        [0.0, 0.7601, 10.063, 4.2582, 3.2994], [11.3242, 9.8466, 0.8945, 11.4472, 15.1286],
        [2.24, 12.5138, 17.225, 4.8924, 11.6973], [15.6869, 10.3129, 13.2307, 19.0, 14.8424]],
        atol=3e-4)
    np.testing.assert_allclose(gi[0, :, :, 0], [
        [3.0264, 5.0931, 5.0334, 4.6231, 1.9757], [3.2424, 5.7867, 7.3402, 5.3102, 31.5116],
        [32.1662, 11.4166, 44.5261, 41.2525, 43.7696],
        [11.1149, 21.5495, 37.0379, 17.3114, 44.2385]], atol=2e-3)
    np.testing.assert_allclose(gf[0, :, :, 0], [
        [0, 0, -100.6299, -42.5815, 0], [-113.2416, -98.4659, 0, -114.4718, -151.286],
        [-22.3997, -125.1381, 0, -48.9241, -116.973], [0, -103.1287, -132.3071, 0, -148.4242]],
        atol=2e-3)


def _label(mask):
    """4-connected components of equal non-zero values, numbered in row-major order of their
    first pixel, across the batch (TF's connected_components contract)."""
    out = np.zeros(mask.shape, np.int64)
    count = 0
    for b, i, j in zip(*np.nonzero(mask)):
        if out[b, i, j]:
            continue
        count += 1
        out[b, i, j] = count
        stack = [(i, j)]
        while stack:
            y, x = stack.pop()
            for v, u in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                if 0 <= v < mask.shape[1] and 0 <= u < mask.shape[2] and not out[b, v, u] \
                        and mask[b, v, u] == mask[b, y, x]:
                    out[b, v, u] = count
                    stack.append((v, u))
    return out


@pytest.mark.parametrize("image", [
    np.random.RandomState(0).uniform(size=(2, 7, 9)) > 0.5,
    np.random.RandomState(1).randint(0, 3, size=(6, 8)).astype(np.int32),
    np.array([[1, 1, 1, 1], [0, 0, 0, 1], [1, 1, 0, 1], [1, 0, 0, 1], [1, 1, 1, 1]], np.bool_),
    np.zeros((3, 4), np.bool_),
])
def test_connected_components(tf, image):
    components = tf.contrib.image.connected_components(image)
    assert components.dtype == tf.int64 and components.shape.as_list() == list(image.shape)
    (value,) = _run(tf, components)
    batch = image if image.ndim == 3 else image[None]
    np.testing.assert_array_equal(value.reshape(batch.shape), _label(batch))


def _hsv_in_yiq_reference(x, hue, saturation, value):
    """The AdjustHsvInYiq kernel's matrix (TF 1.15 contrib/image/kernels/adjust_hsv_in_yiq_op.h;
    TF 2.x has no such kernel to record from)."""
    yiq = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]])
    inverse = np.array([[1, 0.95617069, 0.62143257], [1, -0.2726886, -0.64681324],
                        [1, -1.103744, 1.70062309]])
    u, w = value * saturation * np.cos(hue), value * saturation * np.sin(hue)
    hsv = np.array([[value, 0, 0], [0, u, -w], [0, w, u]])
    return x @ (inverse @ hsv @ yiq).T


def test_adjust_hsv_in_yiq(tf):
    image = np.random.RandomState(2).uniform(size=(2, 3, 4, 3)).astype(np.float32)
    adjusted = tf.contrib.image.adjust_hsv_in_yiq(image, 0.7, 1.3, 0.8)
    as_uint8 = tf.contrib.image.adjust_hsv_in_yiq((image * 255).astype(np.uint8))
    assert adjusted.shape.as_list() == [2, 3, 4, 3] and as_uint8.dtype == tf.uint8
    a, b = _run(tf, adjusted, as_uint8)
    np.testing.assert_allclose(a, _hsv_in_yiq_reference(image, 0.7, 1.3, 0.8), atol=1e-5)
    # the identity adjustment round-trips uint8 pixels through float (within one level)
    assert np.abs(b.astype(int) - (image * 255).astype(np.uint8)).max() <= 1
    with pytest.raises(ValueError, match="at least rank 3"):
        tf.contrib.image.adjust_hsv_in_yiq(np.zeros([4, 3], np.float32))


def test_random_hsv_in_yiq(tf):
    image = np.random.RandomState(3).uniform(size=(3, 4, 3)).astype(np.float32)
    fixed = tf.contrib.image.random_hsv_in_yiq(image, 0, 0.5, 0.5, 1.2, 1.2)
    drawn = tf.contrib.image.random_hsv_in_yiq(image, 0.5, 0.5, 1.5, 0.8, 1.2, seed=1)
    a, b = _run(tf, fixed, drawn)
    np.testing.assert_allclose(a, _hsv_in_yiq_reference(image, 0, 0.5, 1.2), atol=1e-5)
    assert b.shape == image.shape and not np.allclose(b, image)
    with pytest.raises(ValueError, match="lower_saturation must be < upper_saturation"):
        tf.contrib.image.random_hsv_in_yiq(image, lower_saturation=2, upper_saturation=1)
    with pytest.raises(ValueError, match="max_delta must be non-negative"):
        tf.contrib.image.random_hsv_in_yiq(image, max_delta_hue=-1)


def test_sparse_image_warp_and_interpolate_spline(tf):
    image = IMG.reshape(1, 4, 5, 1)
    source = np.array([[[1.0, 1.0], [2.0, 3.0]]], np.float32)
    dest = np.array([[[1.0, 2.0], [2.0, 3.0]]], np.float32)
    warped, flows = tf.contrib.image.sparse_image_warp(image, source, dest, 2, 0.0, 2)
    spline = tf.contrib.image.interpolate_spline(
        np.array([[[0.0], [1.0], [3.0]]]), np.array([[[0.0], [1.0], [0.0]]]),
        np.array([[[0.5], [2.0], [4.0]]]), 1)
    assert warped.shape.as_list() == [1, 4, 5, 1] and flows.shape.as_list() == [1, 4, 5, 2]
    w, f, s = _run(tf, warped, flows, spline)
    np.testing.assert_allclose(w[0, :, :, 0], [
        [0.0, 0.8904, 2.0, 2.9661, 4.0], [5.0, 5.4264, 6.0, 7.6247, 8.9416],
        [10.0, 10.5877, 11.501, 13.0, 14.0], [15.0, 15.9052, 17.0, 18.1052, 19.0]], atol=1e-3)
    np.testing.assert_allclose(f[0, :, :, 1], [
        [0, 0.1096, 0, 0.0339, 0], [0.0517, 0.5736, 1.0, 0.3753, 0.0584],
        [0.0061, 0.4123, 0.499, 0, -0.0476], [0, 0.0948, 0, -0.1052, 0]], atol=1e-3)
    np.testing.assert_allclose(s, [[[0.5], [0.5], [0.0]]], atol=1e-4)


def test_interpolate_bilinear_xy_indexing_on_a_non_square_grid(tf):
    # TF 1.15 clamped x by the height and y by the width here (a failed gather):
    # tests/differential/known_differences.txt
    grid = np.arange(2 * 3 * 5, dtype=np.float32).reshape(1, 3, 5, 2)
    points = np.array([[[3.5, 0.5], [4.0, 2.0], [-1.0, 9.0]]], np.float32)   # (x, y)
    xy = tf.contrib.image.interpolate_bilinear(grid, points, indexing="xy")
    ij = tf.contrib.image.interpolate_bilinear(grid, points[:, :, ::-1], indexing="ij")
    a, b = _run(tf, xy, ij)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(a[0, :, 0], [12.0, 28.0, 20.0])
