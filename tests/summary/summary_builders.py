"""Summary ops built from `tf` (tfcompat or real TensorFlow), shared by the summary tests and
the script that recorded their expected outputs with real TensorFlow
(`python summary_builders.py` under TensorFlow prints them)."""
from __future__ import annotations

import numpy as np


def build(tf):
    """{name: summary tensor}, plus the placeholder fed 3.25."""
    x = tf.placeholder(tf.float32, [], name="xin")
    out = {"scalar": tf.summary.scalar("loss", x)}
    tf.identity(x, name="foo")
    with tf.name_scope("sc"):
        out["family"] = tf.summary.scalar("loss", x * 2, family="fam")
    out["cleaned"] = tf.summary.scalar("a b/c:d", x)
    out["histogram"] = tf.summary.histogram(
        "weights", tf.constant([0.0, 1.0, 1.5, -2.0, 3e-5, 1e10, 2.0], dtype=tf.float64))
    out["histogram_f32"] = tf.summary.histogram(
        "w32", tf.constant(np.linspace(-3, 5, 50).astype(np.float32)))
    out["empty_histogram"] = tf.summary.histogram("empty", tf.zeros([0]))
    img = np.random.RandomState(0).uniform(-1, 1, size=(2, 3, 4, 3)).astype(np.float32)
    img[0, 0, 0, 1] = np.nan
    out["image"] = tf.summary.image("img", tf.constant(img))
    out["gray"] = tf.summary.image(
        "gray", tf.constant(np.arange(12, dtype=np.uint8).reshape(1, 3, 4, 1) * 20),
        max_outputs=1)
    out["rgba"] = tf.summary.image(
        "pos", tf.constant(np.linspace(0, 2, 16).reshape(1, 2, 2, 4).astype(np.float32)))
    out["half"] = tf.summary.image(
        "half", tf.constant((np.arange(6).reshape(1, 1, 6, 1) / 7.0).astype(np.float16)))
    out["audio"] = tf.summary.audio(
        "snd", tf.constant(np.array([[0.0, 0.5, -0.5, 1.5, -1.0, 0.25 / 32768]], np.float32)),
        8000.4)
    out["stereo"] = tf.summary.audio(
        "st", tf.constant(np.linspace(-1, 1, 12).reshape(2, 3, 2).astype(np.float32)), 16000,
        max_outputs=1)
    out["text"] = tf.summary.text("note", tf.constant(["hello", "world"]))
    out["tensor"] = tf.summary.tensor_summary("tens", tf.constant([[1, 2], [3, 4]]),
                                              summary_description="desc")
    out["merged"] = tf.summary.merge([out["scalar"], out["histogram"]])
    return x, out


if __name__ == "__main__":  # records the expected outputs with real TensorFlow
    import tensorflow.compat.v1 as tf_real
    tf_real.disable_v2_behavior()
    with tf_real.Graph().as_default() as g:
        x, summaries = build(tf_real)
        names = {k: v.name for k, v in summaries.items()}
        ops = [op.name for op in g.get_operations()]
        with tf_real.Session() as sess:
            values = sess.run(summaries, {x: 3.25})
            pixels = {}
            for value in values.values():
                for v in tf_real.Summary.FromString(value).value:
                    if v.HasField("image"):
                        png = tf_real.io.decode_png(v.image.encoded_image_string)
                        pixels[v.tag] = sess.run(png).tolist()
    print("NAMES = %r\n" % names)
    print("OPS = %r\n" % ops)
    print("SERIALIZED = %r\n" % {k: v for k, v in values.items()})
    print("PIXELS = %r" % pixels)
