"""Device blocks as TF's _apply_device_functions applies them (innermost first; a function's
answer kept as returned, and it overrides inner strings), colocation hiding the device blocks
around it, and Graph.prevent_feeding / prevent_fetching. Recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def test_device_function_strings_are_kept_as_returned(tf):
    with tf.device(lambda op: "/gpu:0"):
        a = tf.constant(1.0, name="a")
        with tf.device("/cpu:0"):
            b = tf.constant(1.0, name="b")
    with tf.device("/job:w"):
        with tf.device(lambda op: "gpu:1"):
            c = tf.constant(1.0, name="c")
    with tf.device(lambda op: "/job:x/task:0/device:cpu:0"):
        with tf.device("/gpu:1"):
            d = tf.constant(1.0, name="d")
    with tf.device(lambda op: tf.DeviceSpec(device_type="GPU", device_index=0)):
        f = tf.constant(1.0, name="f")
    with tf.device("/job:worker/task:1"):
        with tf.device("/device:GPU:2"):
            g = tf.constant(1.0, name="g")
        with tf.device(None):
            h = tf.constant(1.0, name="h")
    assert [t.device for t in (a, b, c, d, f, g, h)] == [
        "/gpu:0", "/gpu:0", "/job:w/device:GPU:1", "/job:x/task:0/device:cpu:0",
        "/device:GPU:0", "/job:worker/task:1/device:GPU:2", ""]


def test_device_function_sees_the_device_of_the_inner_blocks(tf):
    seen = []

    def spy(op):
        seen.append(op.device)
        return op.device
    with tf.device(spy):
        with tf.device("/cpu:0"):
            tf.constant(1.0)
    assert seen == ["/device:CPU:0"]


def test_colocation_hides_the_device_blocks_around_it(tf):
    with tf.device(lambda op: "/cpu:0"):
        w = tf.Variable(tf.ones([2]), name="w")
    free = tf.constant(0.0, name="free")
    with tf.device("/gpu:0"):
        with tf.colocate_with(w):
            d = tf.identity(w, name="d")
        with tf.colocate_with(free):
            e = tf.identity(free, name="e")
            with tf.device("/cpu:1"):
                f = tf.identity(free, name="f")
    assert (d.device, e.device, f.device) == ("/cpu:0", "", "/device:CPU:1")
    assert d.op.colocation_groups() == [b"loc:@w"]


def test_prevent_feeding_and_fetching(tf):
    g = tf.get_default_graph()
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.add(x, 1.0, name="y")
    assert g.is_feedable(x) and g.is_fetchable(y) and g.is_fetchable(y.op)
    g.prevent_feeding(x)
    g.prevent_fetching(y.op)
    assert not g.is_feedable(x) and not g.is_fetchable(y) and not g.is_fetchable(y.op)
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Tensor x:0 may not be fed."):
            sess.run(x * 2.0, {x: 1.0})
        with pytest.raises(ValueError, match="Operation y has been marked as not fetchable"):
            sess.run(y, {})
        np.testing.assert_allclose(sess.run(tf.constant(2.0)), 2.0)
