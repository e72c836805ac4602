"""Conv2DBackpropInput / Conv2DBackpropFilter check, at run time and before the spatial sizes,
that input (or its sizes) and out_backprop agree on the batch and that filter and out_backprop
agree on the output depth (TF's ConvBackpropComputeDimensionsV2), as a conv2d_transpose fed a
wrong batch in output_shape hits. Messages recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def _message(err):
    lines = str(err).split("\n")
    if lines[0].startswith("Graph execution error"):  # TF 2.x's framing around the message
        lines = lines[[i for i, l in enumerate(lines) if l.startswith("Node:")][0] + 1:]
    return lines[0]


def test_backprop_batch_and_out_depth_checks(tf):
    x, w, dy = (tf.placeholder(tf.float32, None) for _ in range(3))
    sizes = tf.placeholder(tf.int32, [4])
    bi = tf.nn.conv2d_backprop_input(sizes, w, dy, [1, 1, 1, 1], "SAME")
    bf = tf.nn.conv2d_backprop_filter(x, sizes, dy, [1, 1, 1, 1], "SAME")
    batch = ("input and out_backprop must have the same batch size. Input batch: 3, "
             "outbackprop batch: 2, batch_dim: 0")
    depth = "filter and out_backprop must have the same out_depth"
    cases = [(bi, {sizes: [3, 4, 4, 2], w: np.ones([3, 3, 2, 5]), dy: np.ones([2, 4, 4, 5])},
              "Conv2DCustomBackpropInput: " + batch),
             (bi, {sizes: [2, 4, 4, 2], w: np.ones([3, 3, 2, 5]), dy: np.ones([2, 4, 4, 4])},
              "Conv2DCustomBackpropInput: " + depth),
             # the batch is checked before the input depth
             (bi, {sizes: [3, 4, 4, 3], w: np.ones([3, 3, 2, 5]), dy: np.ones([2, 4, 4, 4])},
              "Conv2DCustomBackpropInput: " + batch),
             (bf, {sizes: [3, 3, 2, 5], x: np.ones([3, 4, 4, 2]), dy: np.ones([2, 4, 4, 5])},
              "Conv2DCustomBackpropFilter: " + batch),
             (bf, {sizes: [3, 3, 2, 5], x: np.ones([2, 4, 4, 2]), dy: np.ones([2, 4, 4, 4])},
              "Conv2DCustomBackpropFilter: " + depth)]
    with tf.Session() as sess:
        for fetch, feed, message in cases:
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(fetch, feed)
            assert _message(info.value) == message


def test_conv2d_transpose_output_shape_with_wrong_batch(tf):
    x = tf.placeholder(tf.float32, [None, 5, 5, 4])
    out_shape = tf.placeholder(tf.int32, [4])
    k = tf.constant(np.full([3, 3, 2, 4], 0.1, np.float32))
    y = tf.nn.conv2d_transpose(x, k, out_shape, [1, 2, 2, 1], "SAME")
    with tf.Session() as sess:
        fed = {x: np.ones([2, 5, 5, 4], np.float32)}
        got = sess.run(y, {x: fed[x], out_shape: [2, 10, 10, 2]})
        np.testing.assert_allclose(got[0, :3, :3, 0], [[0.4, 0.4, 0.8], [0.4, 0.4, 0.8], [0.8, 0.8, 1.6]],
                                   rtol=1e-6)
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(y, {x: fed[x], out_shape: [3, 10, 10, 2]})
        assert _message(info.value).startswith(
            "Conv2DCustomBackpropInput: input and out_backprop must have the same batch size.")
