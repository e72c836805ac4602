"""Checkpoints both ways with real TensorFlow (in a subprocess; skipped without it): TF reads and
restores what tfcompat saved (Adam slots, beta powers, global_step, many dtypes), and tfcompat
restores what TF saved, key for key."""
from __future__ import annotations

import os

import numpy as np
import pytest

pytestmark = [pytest.mark.tfcompat_only, pytest.mark.tf_interop]

DTYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64, "i8": np.int8,
          "i16": np.int16, "i32": np.int32, "i64": np.int64, "u8": np.uint8, "b": np.bool_,
          "c64": np.complex64}

_TF_SIDE = """
d = ARGS["dir"]
data = np.load(d + "/data.npz")

def model():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None, 2], name="y")
    with tf.variable_scope("dense"):
        k = tf.get_variable("kernel", [3, 2])
        b = tf.get_variable("bias", [2])
    loss = tf.reduce_mean(tf.square(tf.nn.bias_add(tf.matmul(x, k), b) - y), name="loss")
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step, name="train")
    return x, y, loss, train

# 1. read and restore tfcompat's checkpoint
reader = tf.train.NewCheckpointReader(d + "/ours-2")
RESULT["ours_keys"] = {k: [str(reader.get_variable_to_dtype_map()[k].name), s]
                       for k, s in reader.get_variable_to_shape_map().items()}
RESULT["ours_values"] = {k: reader.get_tensor(k).tolist()
                         for k in reader.get_variable_to_shape_map()}
with tf.Graph().as_default():
    x, y, loss, train = model()
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, tf.train.latest_checkpoint(d))
        RESULT["restored"] = {v.op.name: sess.run(v).tolist() for v in tf.global_variables()}
        RESULT["loss"] = float(sess.run(loss, {x: data["x"], y: data["y"]}))
        sess.run(train, {x: data["x"], y: data["y"]})  # training continues from tfcompat's state
        RESULT["loss_after"] = float(sess.run(loss, {x: data["x"], y: data["y"]}))
dreader = tf.train.NewCheckpointReader(d + "/dtypes")
RESULT["dtypes"] = {k: [dreader.get_variable_to_dtype_map()[k].name,
                        np.asarray(dreader.get_tensor(k)).astype(np.complex128).real.tolist()
                        if k == "c64" else np.asarray(dreader.get_tensor(k)).tolist()]
                    for k in dreader.get_variable_to_shape_map()}
# 2. TF trains its own model and saves it for tfcompat
with tf.Graph().as_default():
    tf.set_random_seed(7)
    x, y, loss, train = model()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train, {x: data["x"], y: data["y"]})
        saver.save(sess, d + "/tf_run/model", global_step=tf.train.get_global_step())
        RESULT["tf_values"] = {v.op.name: sess.run(v).tolist() for v in tf.global_variables()}
"""


def _model(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None, 2], name="y")
    with tf.variable_scope("dense"):
        k = tf.get_variable("kernel", [3, 2])
        b = tf.get_variable("bias", [2])
    loss = tf.reduce_mean(tf.square(tf.nn.bias_add(tf.matmul(x, k), b) - y), name="loss")
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step, name="train")
    return x, y, loss, train


def test_checkpoints_both_ways(tf, run_tf, tmp_path):
    d = str(tmp_path)
    rng = np.random.RandomState(0)
    data = {"x": rng.randn(4, 3).astype(np.float32), "y": rng.randn(4, 2).astype(np.float32)}
    np.savez(os.path.join(d, "data.npz"), **data)
    with tf.Graph().as_default():
        x, y, loss, train = _model(tf)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(2):
                sess.run(train, {x: data["x"], y: data["y"]})
            saver.save(sess, os.path.join(d, "ours"), global_step=2)
            ours = {v.op.name: sess.run(v) for v in tf.global_variables()}
            our_loss = sess.run(loss, {x: data["x"], y: data["y"]})
    values = {k: np.arange(1, 4).astype(t) for k, t in DTYPES.items()}
    values["b"] = np.array([True, False, True])
    with tf.Graph().as_default():
        for k, v in values.items():
            tf.Variable(v, name=k)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, os.path.join(d, "dtypes"), write_state=False)

    result = run_tf(_TF_SIDE, dir=d)

    assert result["ours_keys"] == {
        "beta1_power": ["float32", []], "beta2_power": ["float32", []],
        "dense/bias": ["float32", [2]], "dense/bias/Adam": ["float32", [2]],
        "dense/bias/Adam_1": ["float32", [2]], "dense/kernel": ["float32", [3, 2]],
        "dense/kernel/Adam": ["float32", [3, 2]], "dense/kernel/Adam_1": ["float32", [3, 2]],
        "global_step": ["int64", []]}
    for name, value in ours.items():
        np.testing.assert_array_equal(result["ours_values"][name], value)
        np.testing.assert_array_equal(result["restored"][name], value)
    assert result["restored"]["beta1_power"] == pytest.approx(0.9 ** 3)
    assert result["loss"] == pytest.approx(float(our_loss), rel=1e-5)
    assert result["loss_after"] < result["loss"]
    for name, value in values.items():
        dtype, got = result["dtypes"][name]
        assert dtype == tf.as_dtype(value.dtype).name
        expected = value.real if name == "c64" else value
        assert got == expected.tolist(), name
    # TF's checkpoint, here
    with tf.Graph().as_default():
        x, y, loss, train = _model(tf)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, tf.train.latest_checkpoint(os.path.join(d, "tf_run")))
            for v in tf.global_variables():
                np.testing.assert_array_equal(sess.run(v), result["tf_values"][v.op.name])
            assert sess.run(tf.train.get_global_step()) == 3
