"""grad_ys whose shape is not y's: TF's gradient functions reshape a grad_y of y's size (a
scalar loss takes a [1] grad_y) and fail to build on one of another size. Expected values
recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def test_scalar_y_takes_a_one_element_grad_y(tf):
    x = tf.placeholder(tf.float32, [2, 4])
    loss = tf.reduce_mean(x * 2.0)
    g = tf.gradients(loss, x, grad_ys=[tf.constant([3.0])])[0]
    assert g.shape.as_list() == [2, 4]
    with tf.Session() as sess:
        v = sess.run(g, {x: np.ones([2, 4], np.float32)})
    np.testing.assert_allclose(v, np.full([2, 4], 0.75))


@pytest.mark.parametrize("y_kind,gy_shape", [("mean", [3]), ("mean", [2, 4]), ("mul", [4]),
                                             ("mul", [3])])
def test_grad_y_of_another_size_fails_to_build(tf, y_kind, gy_shape):
    x = tf.placeholder(tf.float32, [2, 4])
    y = tf.reduce_mean(x * 2.0) if y_kind == "mean" else x * 2.0
    with pytest.raises(ValueError):
        tf.gradients(y, x, grad_ys=[tf.zeros(gy_shape)])


def test_grad_y_of_unknown_shape_builds(tf):
    x = tf.placeholder(tf.float32, [2, 4])
    gy = tf.placeholder(tf.float32, [None, 4])
    g = tf.gradients(x * 2.0, x, grad_ys=[gy])[0]
    with tf.Session() as sess:
        v = sess.run(g, {x: np.ones([2, 4], np.float32), gy: np.ones([2, 4], np.float32)})
    np.testing.assert_allclose(v, np.full([2, 4], 2.0))
