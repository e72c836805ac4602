"""Graphs with control flow and training ops for the meta graph round-trip and interop tests
(test_meta_graph_control_flow.py, test_control_flow_interop.py)."""
from __future__ import annotations

import numpy as np

XD = np.linspace(0, 1, 8).reshape(2, 4).astype(np.float32)


def build_cond_while_model(tf):
    """The graph of the conformance case `meta_roundtrip_cond`."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    training = tf.placeholder_with_default(False, [], name="training")
    w = tf.Variable(np.linspace(-1, 1, 8).reshape(4, 2).astype(np.float32), name="w")
    h = tf.matmul(x, w)
    h = tf.cond(training, lambda: h * 0.5, lambda: h + 1.0)
    _, h = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.tanh(a) + a),
                         (tf.constant(0), h))
    loss = tf.reduce_mean(tf.square(h - 0.3), name="loss")
    tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    return loss


def values_after_import(tf, graph_def, fetches, feeds, variables):
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            for name, value in variables.items():
                sess.run(tf.assign(g.get_tensor_by_name(name + ":0"), value))
            return sess.run(fetches, feeds)


def nested_model(tf, rng):
    """A cond inside a while body, the while inside a cond branch, a switch_case, a loop with
    maximum_iterations and one without back_prop, all differentiated."""
    x = tf.placeholder(tf.float32, [3, 4], name="x")
    k = tf.placeholder_with_default(1, [], name="k")
    w = tf.Variable(rng.randn(4, 4).astype(np.float32) * 0.5, name="w")

    def body(i, a):
        return i + 1, tf.cond(i < 2, lambda: tf.matmul(a, w), lambda: tf.sin(a) * 2.0)

    out = tf.cond(tf.placeholder_with_default(True, [], name="p"),
                  lambda: tf.while_loop(lambda i, a: i < 4, body, (tf.constant(0), x))[1],
                  lambda: x * w[0])
    out = tf.switch_case(k, [lambda: out, lambda: tf.nn.relu(out) * 3.0, lambda: x])
    r = tf.while_loop(lambda a: tf.reduce_sum(a) < 100.0, lambda a: a * 1.5 + w[1], [out],
                      maximum_iterations=6)
    r2 = tf.while_loop(lambda a: tf.reduce_sum(a) < 100.0, lambda a: a * 1.5, [out],
                       back_prop=False)
    loss = tf.add(tf.reduce_mean(tf.square(r)), tf.reduce_sum(r2) * 1e-3, name="loss")
    gw, gx = tf.gradients(loss, [w, x])
    return [loss, tf.identity(gw, name="gw"), tf.identity(gx, name="gx")]


def build_layer_zoo(tf, rng):
    """A small CNN whose gradient needs the VJPs tfcompat writes itself (TF has no C++ gradient
    for FusedBatchNormV3, Elu, Softplus, LeakyRelu, Pad, GatherV2, Cumsum, L2Loss, AddN,
    SparseSoftmaxCrossEntropyWithLogits), trained with momentum."""
    x = tf.placeholder(tf.float32, [2, 6, 6, 3], name="x")
    y = tf.placeholder(tf.int32, [2], name="y")
    k = tf.Variable(rng.randn(3, 3, 3, 4).astype(np.float32) * 0.3, name="k")
    b = tf.Variable(rng.randn(4).astype(np.float32) * 0.1, name="b")
    h = tf.nn.bias_add(tf.nn.conv2d(x, k, [1, 1, 1, 1], "SAME"), b)
    h = tf.layers.batch_normalization(h, training=True, fused=True)
    h = tf.nn.elu(h) + tf.nn.softplus(h) * 0.1 + tf.nn.leaky_relu(h, 0.3)
    h = tf.pad(h, [[0, 0], [1, 1], [1, 1], [0, 0]])
    h = tf.reshape(tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), [2, -1])
    table = tf.Variable(rng.randn(5, 64).astype(np.float32) * 0.1, name="table")
    h = tf.cumsum(h * tf.gather(table * 2.0, [1, 3]), axis=1) * 0.01
    w = tf.Variable(rng.randn(64, 5).astype(np.float32) * 0.1, name="w")
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=tf.matmul(h, w))
    loss = tf.add(tf.reduce_mean(xent), 1e-3 * tf.add_n([tf.nn.l2_loss(k), tf.nn.l2_loss(w)]),
                  name="loss")
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss, name="train")
