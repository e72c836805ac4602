"""tf.image.encode_jpeg writes TF's bytes (JFIF density, quality, chroma subsampling,
progressive, optimize) and decode_jpeg honours `ratio` (libjpeg's scaling) and channels=1 (the
Y channel). Recorded from TF 2.21 compat.v1; the tests also run against TF
(TFCOMPAT_TEST_AGAINST_TF=1). Decoding uses dct_method="INTEGER_ACCURATE": TF's default fast
DCT is not reproduced (see tfcompat/ops/image_ops.py decode_jpeg)."""
import hashlib

import numpy as np
import pytest


def _image():
    return (np.random.RandomState(3).rand(17, 23, 3) * 255).astype(np.uint8)


@pytest.mark.parametrize("kwargs, size, digest", [
    ({}, 1219, "e492146e"), ({"quality": 50}, 851, "674ab580"),
    ({"chroma_downsampling": False}, 1676, "4643c97f"), ({"progressive": True}, 1107, "10c474fe"),
    ({"optimize_size": True}, 839, "f6a1cf5d"),
    ({"x_density": 72, "y_density": 96}, 1219, "baf6e623"),
    ({"density_unit": "cm"}, 1219, "3281bec5")])
def test_encode_jpeg_bytes_are_tfs(tf, kwargs, size, digest):
    with tf.Session() as sess:
        data = sess.run(tf.image.encode_jpeg(_image(), **kwargs))
    assert (len(data), hashlib.md5(data).hexdigest()[:8]) == (size, digest)


def test_decode_jpeg_ratio_and_grayscale(tf):
    with tf.Session() as sess:
        data = sess.run(tf.image.encode_jpeg(_image()))
        cases = [({"channels": 3}, (17, 23, 3), 150929, [128, 170, 146, 185]),
                 ({"channels": 1}, (17, 23, 1), 50114, [155, 200, 42, 50]),
                 ({"ratio": 2}, (9, 12, 3), 41799, [132, 174, 150, 54]),
                 ({"ratio": 4, "channels": 1}, (5, 6, 1), 3832, [107, 127, 134, 132]),
                 ({"ratio": 8}, (3, 3, 3), 3507, [115, 124, 131, 129])]
        for kwargs, shape, total, first in cases:
            got = sess.run(tf.image.decode_jpeg(data, dct_method="INTEGER_ACCURATE", **kwargs))
            assert got.shape == shape and int(got.astype(int).sum()) == total, kwargs
            assert got.ravel()[:4].tolist() == first
