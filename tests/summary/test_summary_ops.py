"""tf.summary ops produce TensorFlow's serialized Summary protos byte for byte (scalars,
histograms, audio, text, tensors, merges), its tags and op names, and PNGs with TF's pixels
(expected values recorded with TensorFlow 2.21 by summary_builders.py)."""
from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from summary_builders import build
from summary_expected import NAMES
from summary_expected import OPS
from summary_expected import PIXELS
from summary_expected import SERIALIZED

from tfcompat import errors

pytestmark = pytest.mark.tfcompat_only


def _decode_png(png: bytes) -> np.ndarray:
    """Pixels of a PNG whose rows all use filter 0 (what tfcompat writes)."""
    pos, idat = 8, b""
    while pos < len(png):
        size, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            width, height, _, color = struct.unpack(">IIBB", data[:10])
        elif kind == b"IDAT":
            idat += data
        assert zlib.crc32(kind + data) == struct.unpack(">I", png[pos + 8 + size:pos + 12 +
                                                                  size])[0]
        pos += 12 + size
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[color]
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, channels)


@pytest.fixture
def outputs(tf):
    x, summaries = build(tf)
    with tf.Session() as sess:
        values = sess.run(summaries, {x: 3.25})
    return tf, summaries, values


def test_names_and_ops(outputs):
    tf, summaries, _ = outputs
    assert {k: v.name for k, v in summaries.items()} == NAMES
    assert [op.name for op in tf.get_default_graph().get_operations()] == OPS
    assert all(v.dtype == tf.string and v.shape.as_list() == [] for v in summaries.values())
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [
        v for k, v in summaries.items() if k != "merged"]


@pytest.mark.parametrize("key", ["scalar", "family", "cleaned", "histogram", "histogram_f32",
                                 "empty_histogram", "audio", "stereo", "text", "tensor",
                                 "merged", "gray"])
def test_serialized_like_tensorflow(outputs, key):
    tf, _, values = outputs
    if key == "gray":  # PNG bytes depend on the encoder: compare everything else
        ours, theirs = (tf.Summary.FromString(v) for v in (values[key], SERIALIZED[key]))
        for a, b in zip(ours.value, theirs.value):
            a.image.ClearField("encoded_image_string")
            b.image.ClearField("encoded_image_string")
        assert ours == theirs
    else:
        assert values[key] == SERIALIZED[key]


def test_images_have_tensorflows_pixels(outputs):
    tf, _, values = outputs
    seen = {}
    for key in ("image", "gray", "rgba", "half"):
        for value in tf.Summary.FromString(values[key]).value:
            pixels = _decode_png(value.image.encoded_image_string)
            assert (value.image.height, value.image.width, value.image.colorspace) == \
                pixels.shape
            seen[value.tag] = pixels.tolist()
    assert seen == PIXELS


def test_merge_all_and_errors(tf):
    assert tf.summary.merge_all() is None
    x = tf.placeholder(tf.float32, [None])
    tf.summary.scalar("a", tf.reduce_sum(x))
    tf.summary.histogram("h", x, collections=["mine"])
    dup = tf.summary.scalar("a", tf.reduce_mean(x), collections=[])
    merged = tf.summary.merge_all()
    assert [v.tag for v in tf.Summary.FromString(
        tf.Session().run(merged, {x: [1.0]})).value] == ["a"]
    assert tf.summary.merge_all("mine").op.inputs[0].name == "h:0"
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="Nan in summary histogram for: h"):
            sess.run(tf.get_collection("mine")[0], {x: [np.nan]})
        with pytest.raises(errors.InvalidArgumentError,
                           match="Duplicate tag a_1 found in summary inputs"):
            sess.run(tf.summary.merge([dup, dup]), {x: [1.0]})
    with pytest.raises(ValueError, match="^Expected tensor Const(_[0-9]+)?:0 to have dtype "
                       "string, got "):
        tf.summary.text("t", tf.constant(1.0))
