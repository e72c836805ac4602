"""slim's own layers (repeat, stack, separable_conv2d, bias_add, softmax, unit_norm): TF1's
variable names and values. Expected values recorded from tf_slim 1.1.0 (TF 1.15's contrib.slim)
on TF 2.21 compat.v1."""
import numpy as np


def _init(tf, shape, seed):
    values = np.random.RandomState(seed).uniform(-1, 1, shape).astype(np.float32)
    return tf.constant_initializer(values)


def _x():
    return np.random.RandomState(0).uniform(-1, 1, [2, 5, 5, 3]).astype(np.float32)


def test_repeat_and_stack_scopes(tf, slim):
    x = tf.zeros([2, 8, 8, 3])
    a = slim.repeat(x, 2, slim.conv2d, 4, [3, 3], scope="conv2")
    b = slim.repeat(x, 2, slim.conv2d, 4, [3, 3])
    c = slim.stack(x, slim.conv2d, [(4, [3, 3]), (5, [1, 1])], scope="stk")
    names = [(v.op.name, v.shape.as_list()) for v in tf.global_variables()]
    assert names == [
        ("conv2/conv2_1/weights", [3, 3, 3, 4]), ("conv2/conv2_1/biases", [4]),
        ("conv2/conv2_2/weights", [3, 3, 4, 4]), ("conv2/conv2_2/biases", [4]),
        ("Repeat/convolution2d_1/weights", [3, 3, 3, 4]),
        ("Repeat/convolution2d_1/biases", [4]),
        ("Repeat/convolution2d_2/weights", [3, 3, 4, 4]),
        ("Repeat/convolution2d_2/biases", [4]),
        ("stk/stk_1/weights", [3, 3, 3, 4]), ("stk/stk_1/biases", [4]),
        ("stk/stk_2/weights", [1, 1, 4, 5]), ("stk/stk_2/biases", [5])]
    assert (a.name, b.name, c.name) == ("conv2/conv2_2/Relu:0",
                                        "Repeat/convolution2d_2/Relu:0", "stk/stk_2/Relu:0")


def test_layer_values(tf, slim):
    x = tf.constant(_x())
    sep = slim.separable_conv2d(x, 4, [3, 3], depth_multiplier=2, stride=2,
                                weights_initializer=_init(tf, [3, 3, 3, 2], 1),
                                pointwise_initializer=_init(tf, [1, 1, 6, 4], 2),
                                biases_initializer=_init(tf, [4], 3), scope="sep")
    dw = slim.separable_conv2d(x, None, [2, 2], depth_multiplier=1, padding="VALID",
                               activation_fn=None, weights_initializer=_init(tf, [2, 2, 3, 1], 4),
                               biases_initializer=_init(tf, [3], 5), scope="dw")
    ba = slim.bias_add(x, initializer=_init(tf, [3], 6), activation_fn=tf.nn.relu)
    sm = slim.softmax(tf.constant(_x()[:, 0, :, :]))
    un = slim.unit_norm(tf.constant(_x()[0, 0]), 1)
    st = slim.stack(tf.constant(_x()[:, 0, 0, :]), slim.fully_connected, [4, (2,)],
                    weights_initializer=tf.ones_initializer(), activation_fn=tf.nn.tanh,
                    scope="fc")
    expected_vars = ["sep/depthwise_weights", "sep/pointwise_weights", "sep/biases",
                     "dw/depthwise_weights", "dw/biases", "BiasAdd/biases", "fc/fc_1/weights",
                     "fc/fc_1/biases", "fc/fc_2/weights", "fc/fc_2/biases"]
    assert [v.op.name for v in tf.global_variables()] == expected_vars
    assert [v.op.name for v in tf.model_variables()] == expected_vars
    assert [t.name for t in (sep, dw, ba, sm, un, st)] == [
        "sep/Relu:0", "dw/BiasAdd:0", "BiasAdd/Relu:0", "softmax/Reshape_1:0",
        "UnitNorm/div:0", "fc/fc_2/Tanh:0"]
    expected = {
        "sep": ((2, 3, 3, 4), [0.3969, 1.37062, 0.0759, 0.33012, 1.38224, 0., 0., 0.]),
        "dw": ((2, 4, 4, 3), [-1.28537, 2.08284, -1.46537, -0.07391, 0.26305, -1.64941,
                              -0.10327, 1.27866]),
        "ba": ((2, 5, 5, 3), [0.88335, 0.09434, 0.84798, 0.87549, 0., 0.93425, 0.66089,
                              0.44751]),
        "sm": ((2, 5, 3), [0.285, 0.39752, 0.31747, 0.33238, 0.26082, 0.4068, 0.15763,
                           0.39096]),
        "un": ((5, 3), [0.20054, 0.88405, 0.42218, 0.26298, -0.44733, 0.85483, -0.10228,
                        0.64202]),
        "st": ((2, 2), [0.98664, 0.98664, -0.99916, -0.99916]),
    }
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = dict(zip(expected, sess.run([sep, dw, ba, sm, un, st])))
    for name, (shape, head) in expected.items():
        assert got[name].shape == shape, name
        np.testing.assert_allclose(got[name].reshape(-1)[:len(head)], head, atol=2e-5,
                                   err_msg=name)
