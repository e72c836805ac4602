"""decode_png(channels=1) of a colour PNG converts as TF's libpng setup does (0.299/0.587 in
15-bit fixed point, 8-bit truncated, 16-bit rounded); every decode op rejects channels=2 when
run; decode_image builds `decode_image/DecodeImage`. Expected values from TF 2.21 compat.v1."""
import numpy as np

RGB = (np.arange(24 * 3) * 53 % 256).reshape(4, 6, 3).astype(np.uint8)
RGB16 = (np.arange(24 * 3) * 4099 % 65536).reshape(4, 6, 3).astype(np.uint16)


def test_decode_png_rgb_to_gray_matches_libpng(tf):
    rgba = np.concatenate([RGB, np.full((4, 6, 1), 9, np.uint8)], -1)
    outs = [tf.image.decode_png(tf.image.encode_png(RGB), channels=1),
            tf.image.decode_png(tf.image.encode_png(rgba), channels=1),
            tf.image.decode_png(tf.image.encode_png(RGB16), channels=1, dtype=tf.uint16),
            tf.image.decode_png(tf.image.encode_png(RGB16), channels=1)]
    with tf.Session() as sess:
        gray, gray_a, gray16, gray16_8 = [v[..., 0].tolist() for v in sess.run(outs)]
    want = [[43, 173, 105, 84, 167, 70], [200, 132, 111, 165, 97, 76],
            [159, 62, 192, 124, 103, 186], [89, 68, 151, 54, 184, 116]]
    assert gray == want and gray_a == want
    assert gray16 == [[3341, 15638, 27935, 40232, 52529, 18884],
                      [11587, 23884, 36181, 48478, 53301, 7536],
                      [19833, 32130, 44427, 56724, 3485, 15782],
                      [28079, 40376, 52673, 19028, 11731, 24028]]
    assert gray16_8 == [[13, 61, 109, 157, 205, 73], [45, 93, 141, 189, 208, 29],
                        [77, 125, 173, 221, 13, 61], [109, 157, 205, 74, 45, 93]]


def test_decode_ops_reject_two_channels_when_run(tf):
    png = tf.image.encode_png(RGB)
    ops = [tf.image.decode_png(png, channels=2), tf.image.decode_jpeg(png, channels=2),
           tf.image.decode_image(png, channels=2)]
    assert ops[0].shape.as_list() == [None, None, 2]
    assert ops[2].op.name == "decode_image/DecodeImage"
    with tf.Session() as sess:
        for op in ops:
            try:
                sess.run(op)
            except tf.errors.InvalidArgumentError as e:
                assert "`channels` must be 0, 1, 3 or 4 but got 2" in e.message
            else:
                raise AssertionError("no error for %s" % op.name)


def test_decode_image_without_animations_has_rank_3(tf):
    image = tf.image.decode_image(tf.image.encode_png(RGB), channels=3, expand_animations=False)
    assert image.shape.as_list() == [None, None, 3]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(image), RGB)
