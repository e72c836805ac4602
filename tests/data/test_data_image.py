"""tf.image: decode/encode PNG (including PNGs written by TensorFlow's libpng), the resize ops
with TF1's pixel conventions, crops, pads, flips, dtype conversion and colour functions.
Expected values were recorded from real TensorFlow (compat.v1, TF 2.21) running the same
programs, in tf_image_expected.json beside this file."""
from __future__ import annotations

import io
import json
import os

import numpy as np
import pytest

import tfcompat as tf

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "tf_image_expected.json")) as _f:
    EXPECTED = json.load(_f)


def _norm(v):
    if isinstance(v, (list, tuple)):
        return [_norm(x) for x in v]
    if isinstance(v, np.ndarray):
        return [str(v.dtype), np.round(v.astype(np.float64), 4).tolist() if v.dtype.kind == "f"
                else v.tolist()]
    if isinstance(v, np.generic):
        return [str(v.dtype), v.item()]
    return v


def _close(want, got):
    if isinstance(want, list) and len(want) == 2 and want[0] in ("float32", "float64"):
        a, b = np.array(want[1], float), np.array(got[1], float)
        return got[0] == want[0] and a.shape == b.shape and np.allclose(a, b, rtol=1e-4,
                                                                           atol=2e-3)
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return all(_close(w, g) for w, g in zip(want, got))
    return want == got


def _arrays():
    rng = np.random.RandomState(0)
    img = rng.randint(0, 256, (1, 5, 7, 2)).astype(np.uint8)
    fimg = rng.rand(1, 4, 6, 1).astype(np.float32)
    rgb = rng.randint(0, 256, (3, 4, 3)).astype(np.uint8)
    big = rng.randint(0, 256, (16, 20, 3)).astype(np.uint8)
    return img, fimg, rgb, big


def _cases():
    img, fimg, rgb, _ = _arrays()
    cases = {}
    for m, mname in [(0, 'bl'), (1, 'nn'), (2, 'bc'), (3, 'ar')]:
        for size in [(3, 4), (8, 11), (5, 3)]:
            cases['resize_%s_%dx%d' % (mname, size[0], size[1])] = (lambda m=m, size=size: tf.image.resize_images(img, size, method=m))
            cases['resizeA_%s_%dx%d' % (mname, size[0], size[1])] = (lambda m=m, size=size: tf.image.resize_images(fimg, size, method=m, align_corners=True)) if m != 3 else (lambda: tf.constant(0))
    cases['bilinear_hp'] = lambda: tf.image.resize_bilinear(fimg, [7, 9], half_pixel_centers=True)
    cases['nn_hp'] = lambda: tf.image.resize_nearest_neighbor(fimg, [7, 9], half_pixel_centers=True)
    cases['bicubic_hp'] = lambda: tf.image.resize_bicubic(fimg, [7, 9], half_pixel_centers=True)
    cases['same'] = lambda: tf.image.resize_images(img[0], [5, 7])
    cases['crop'] = lambda: tf.image.crop_to_bounding_box(rgb, 1, 1, 2, 2)
    cases['pad'] = lambda: tf.image.pad_to_bounding_box(rgb, 1, 0, 5, 4)
    cases['cop'] = lambda: tf.image.resize_image_with_crop_or_pad(rgb, 2, 6)
    cases['central'] = lambda: tf.image.central_crop(rgb, 0.5)
    cases['flips'] = lambda: [tf.image.flip_left_right(rgb), tf.image.flip_up_down(rgb), tf.image.transpose_image(rgb), tf.image.rot90(rgb), tf.image.rot90(rgb, 3)]
    cases['conv'] = lambda: [tf.image.convert_image_dtype(rgb, tf.float32), tf.image.convert_image_dtype(tf.constant([0.0, 0.5, 1.0]), tf.uint8), tf.image.convert_image_dtype(rgb, tf.uint16), tf.image.convert_image_dtype(tf.constant([0.0, 0.5, 1.2]), tf.uint8, saturate=True)]
    cases['std'] = lambda: tf.image.per_image_standardization(rgb)
    cases['gray'] = lambda: [tf.image.rgb_to_grayscale(rgb), tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(rgb))]
    cases['bright'] = lambda: [tf.image.adjust_brightness(rgb, 0.2), tf.image.adjust_contrast(rgb, 1.5)]
    cases['png'] = lambda: tf.image.decode_png(tf.image.encode_png(rgb))
    cases['png16'] = lambda: tf.image.decode_png(tf.image.encode_png(rgb.astype(np.uint16) * 250), dtype=tf.uint16)
    cases['png_ch'] = lambda: [tf.image.decode_png(tf.image.encode_png(rgb), channels=4), tf.image.decode_png(tf.image.encode_png(rgb[..., :1]), channels=3)]
    cases['rcrop'] = lambda: tf.shape(tf.random_crop(rgb, [2, 2, 3], seed=1))
    return cases


@pytest.mark.parametrize("name", sorted(k for k in EXPECTED if not k.endswith("_shape")
                                        and not k.startswith("png_bytes")))
def test_matches_tf(name):
    with tf.Graph().as_default():
        t = _cases()[name]()
        with tf.Session() as sess:
            got = json.loads(json.dumps(_norm(sess.run(t))))
    assert _close(EXPECTED[name], got), (EXPECTED[name], got)
    if name != "flips":  # tfcompat knows rot90's static shape where TF does not
        shape = str([x.shape for x in t] if isinstance(t, list) else t.shape)
        assert shape == EXPECTED[name + "_shape"]


def test_decodes_pngs_written_by_tensorflow():
    big = _arrays()[3]
    grad = np.tile(np.arange(20, dtype=np.uint8)[None, :, None] * 12, (16, 1, 3))
    with tf.Graph().as_default():
        data = tf.placeholder(tf.string, [])
        pixels = tf.image.decode_png(data)
        assert pixels.shape.as_list() == [None, None, None]
        with tf.Session() as sess:
            for key, want in (("png_bytes_rand", big), ("png_bytes_grad", grad)):
                got = sess.run(pixels, {data: bytes.fromhex(EXPECTED[key])})
                np.testing.assert_array_equal(got, want)


def test_decode_png_rejects_garbage():
    with tf.Graph().as_default():
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="PNG"):
                sess.run(tf.image.decode_png(b"not a png"))


def test_resize_bilinear_gradient_flows():
    with tf.Graph().as_default():
        x = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
        y = tf.image.resize_images(x, [2, 2])
        (g,) = tf.gradients(tf.reduce_sum(y), [x])
        with tf.Session() as sess:
            grad = sess.run(g)
    # Legacy bilinear 4 -> 2 samples input rows/cols 0 and 2 exactly.
    want = np.zeros((4, 4), np.float32)
    want[np.ix_([0, 2], [0, 2])] = 1
    np.testing.assert_array_equal(grad[0, :, :, 0], want)


def test_jpeg_and_paeth_png_with_pillow():
    image_mod = pytest.importorskip("PIL.Image")
    rng = np.random.RandomState(1)
    smooth = (np.add.outer(np.arange(24), np.arange(32)) * 4 % 256).astype(np.uint8)
    rgb = np.stack([smooth, smooth[::-1], rng.randint(0, 256, smooth.shape).astype(np.uint8)],
                   -1)
    png, jpg = io.BytesIO(), io.BytesIO()
    image_mod.fromarray(rgb).save(png, format="PNG", optimize=True)
    soft = np.stack([smooth, smooth[::-1], 255 - smooth], -1)
    image_mod.fromarray(soft).save(jpg, format="JPEG", quality=95)
    with tf.Graph().as_default():
        with tf.Session() as sess:
            got = sess.run(tf.image.decode_png(png.getvalue()))
            np.testing.assert_array_equal(got, rgb)
            decoded = sess.run(tf.image.decode_jpeg(jpg.getvalue(), channels=3))
            assert decoded.shape == soft.shape and decoded.dtype == np.uint8
            assert np.abs(decoded.astype(int) - soft).mean() < 4  # lossy
            again = sess.run(tf.image.decode_image(tf.image.encode_jpeg(decoded)))
            assert again.shape == soft.shape


def test_crop_or_pad_of_an_image_of_unknown_size(tf):
    # Recorded from TF 2.21 compat.v1: the offsets come from tf.shape(image) at run time and
    # the static shape keeps the targets and the known channels.
    img = tf.placeholder(tf.float32, [None, None, 2])
    out = tf.image.resize_image_with_crop_or_pad(img, 3, 2)
    batch = tf.placeholder(tf.float32, [None, None, None, 1])
    out_b = tf.image.resize_image_with_crop_or_pad(batch, 2, 4)
    crop = tf.image.crop_to_bounding_box(img, tf.constant(1), 0, 2, 1)
    assert out.name == "resize_image_with_crop_or_pad/Squeeze:0"
    assert out.shape.as_list() == [3, 2, 2] and crop.shape.as_list() == [2, 1, 2]
    assert out_b.shape.as_list() == [None, 2, 4, 1]
    image = np.arange(24, dtype=np.float32).reshape(4, 3, 2)
    with tf.Session() as sess:
        got, got_b, got_crop = sess.run([out, out_b, crop], {
            img: image, batch: np.arange(6, dtype=np.float32).reshape(1, 3, 2, 1)})
    assert got.tolist() == [[[0.0, 1.0], [2.0, 3.0]], [[6.0, 7.0], [8.0, 9.0]],
                            [[12.0, 13.0], [14.0, 15.0]]]
    assert got_b[0, :, :, 0].tolist() == [[0.0, 0.0, 1.0, 0.0], [0.0, 2.0, 3.0, 0.0]]
    assert got_crop.tolist() == [[[6.0, 7.0]], [[12.0, 13.0]]]


def test_per_image_standardization_output_is_named_after_its_scope(tf):
    # Recorded from TF 2.21 compat.v1 (math_ops.divide(..., name=scope)).
    x = tf.placeholder(tf.float32, [None, None, 3])
    y = tf.image.per_image_standardization(x)
    assert (y.name, y.shape.as_list()) == ("per_image_standardization:0", [None, None, 3])
    with tf.Session() as sess:
        got = sess.run(y, {x: np.arange(12.0).reshape(2, 2, 3)})
    np.testing.assert_allclose(got[0, 0], [-1.593, -1.304, -1.014], atol=1e-3)
