"""tf.zeros / tf.ones / tf.fill with a shape list holding tensors (`[tf.shape(x)[0], 4]`, the
usual way TF1 code makes a batch-sized initial state). Expected values and static shapes were
recorded from TF 2.21 compat.v1."""
import numpy as np


def test_zeros_ones_fill_with_tensor_dims(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    zeros = tf.zeros([tf.shape(x)[0], 4])
    ones = tf.ones([tf.shape(x)[0], 2], dtype=tf.int32)
    filled = tf.fill([tf.shape(x)[0], 2], 1.5)
    assert zeros.shape.as_list() == [None, 4] and zeros.name == "zeros:0"
    assert ones.shape.as_list() == [None, 2] and filled.op.type == "Fill"
    assert tf.zeros([2, 3]).op.type == "Const"
    with tf.Session() as sess:
        z, o, f = sess.run([zeros, ones, filled], {x: np.ones([2, 3])})
    np.testing.assert_array_equal(z, np.zeros([2, 4]))
    np.testing.assert_array_equal(o, np.ones([2, 2]))
    np.testing.assert_array_equal(f, np.full([2, 2], 1.5))
