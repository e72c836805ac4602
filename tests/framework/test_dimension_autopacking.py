"""A `tf.Dimension` next to a tensor in a shape list (progressive GAN's minibatch stddev:
`tf.reshape(x, [group_size, -1, s[1], s[2], s[3]])` with `group_size` a tensor): autopacking
converts each Dimension to an int32 constant, as TF does. Expected values from TF 2.21."""
import pytest


def test_dimensions_pack_with_a_tensor(tf):
    x = tf.zeros([4, 2, 3])
    g = tf.minimum(2, tf.shape(x)[0])
    y = tf.reshape(x, [g, -1, x.shape[1], x.shape[2]])
    c = tf.constant(x.shape[1], dtype=tf.int32)
    assert y.shape.as_list() == [2, 2, 2, 3]
    assert c.dtype == tf.int32
    with tf.Session() as sess:
        shape, value = sess.run([tf.shape(y), c])
    assert shape.tolist() == [2, 2, 2, 3]
    assert value == 2


def test_dimension_to_float_constant_is_refused(tf):
    x = tf.zeros([4, 2, 3])
    with pytest.raises(TypeError, match="Expected float32, but got 2 of type 'Dimension'"):
        tf.constant(x.shape[1], dtype=tf.float32)
