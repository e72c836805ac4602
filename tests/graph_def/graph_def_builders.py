"""Small TF1 graphs built from `tf` (tfcompat or real TensorFlow), shared by the GraphDef tests
and by the script that recorded their expected GraphDefs with real TensorFlow
(`python graph_def_builders.py` under TensorFlow prints them)."""
from __future__ import annotations

import numpy as np


def consts_and_control(tf):
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.placeholder(tf.float32, [None, 2], name="b")
    c = tf.add(a, b)
    with tf.control_dependencies([c]):
        tf.identity(a, name="after")
    tf.constant("text", name="s")
    tf.constant([True, False], name="flags")
    tf.constant(7, dtype=tf.int64, name="big")
    tf.constant(np.arange(6, dtype=np.int32).reshape(2, 3), name="grid")
    tf.constant(1.5, dtype=tf.float16, name="half")


def variables_and_reductions(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    x = tf.placeholder(tf.float32, [2], name="x")
    tf.reduce_sum(v * x, name="s")
    tf.reduce_mean(x, axis=0, keepdims=True, name="m")
    tf.matmul([[1.0]], [[2.0]], transpose_b=True, name="mm")
    tf.global_variables_initializer()


def shapes_and_casts(tf):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    r = tf.reshape(x, [-1, 2, 2], name="r")
    tf.cast(r, tf.int32, name="c")
    parts = tf.split(x, 2, axis=1, name="sp")
    tf.concat(parts, axis=1, name="cat")
    tf.transpose(x, name="t")
    tf.expand_dims(x, 1, name="e")
    tf.placeholder(tf.int64, None, name="anyshape")


def conv_net(tf):
    img = tf.placeholder(tf.float32, [None, 8, 8, 3], name="img")
    k = tf.constant(np.ones((3, 3, 3, 4), np.float32), name="k")
    y = tf.nn.conv2d(img, k, strides=[1, 2, 2, 1], padding="SAME", name="conv")
    y = tf.nn.bias_add(y, tf.constant(np.zeros(4, np.float32)), name="bias")
    y = tf.nn.relu(y, name="relu")
    tf.nn.max_pool(y, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID", name="pool")
    tf.nn.softmax(tf.reshape(y, [-1, 64]), name="prob")


def devices(tf):
    with tf.device("/cpu:0"):
        a = tf.constant(1.0, name="a")
    with tf.device("/device:CPU:0"):
        tf.add(a, a, name="sum")


BUILDERS = {
    "consts_and_control": consts_and_control,
    "variables_and_reductions": variables_and_reductions,
    "shapes_and_casts": shapes_and_casts,
    "conv_net": conv_net,
    "devices": devices,
}


if __name__ == "__main__":  # records the expected GraphDefs with real TensorFlow
    import tensorflow.compat.v1 as tf_real
    tf_real.disable_v2_behavior()
    out = {}
    for name, build in BUILDERS.items():
        with tf_real.Graph().as_default() as g:
            build(tf_real)
            gd = g.as_graph_def(add_shapes=True)
            for node in gd.node:
                node.ClearField("experimental_type")
            out[name] = str(gd)
    print("EXPECTED = %r" % out)
