"""tf.hessians (v1) opens no name scope and builds, per x, a Reshape of the gradient, Size, a
Const, a TensorArray and a `while` loop, then Shape/concat/Reshape: the names it takes move the
counters of later ops (a later tf.while_loop is while_N). Expected names from TF 2.21 compat.v1."""
import numpy as np


def test_hessians_take_tf_names_and_values(tf):
    w = tf.Variable([[0.3, -0.2], [0.5, 1.0]])
    x2 = tf.Variable(2.0)
    loss = tf.reduce_sum(w ** 3) * x2
    h = tf.hessians(loss, [w]) + tf.hessians(loss * x2, x2)
    assert [t.name for t in h] == ["Reshape_1:0", "Reshape_3:0"]
    assert [str(t.shape) for t in h] == ["(2, 2, 2, 2)", "()"]
    later = [tf.while_loop(lambda i: i < 2, lambda i: i + 1, [0]).name,
             tf.reshape(w, [-1]).name, tf.size(w).name, tf.constant(1).name, tf.shape(w).name,
             tf.concat([[1], [2]], 0).name, tf.TensorArray(tf.float32, 2).handle.name]
    assert later == ["while_2/Exit:0", "Reshape_4:0", "Size_2:0", "Const_3:0", "Shape_2:0",
                     "concat_2:0", "TensorArray_2:0"]
    assert tf.hessians(loss, w, name="myh")[0].name == "Reshape_6:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hw, hx = sess.run(h)
    want = np.zeros([2, 2, 2, 2], np.float32)
    for (i, j), v in np.ndenumerate(np.array([[3.6, -2.4], [6.0, 12.0]])):
        want[i, j, i, j] = v
    np.testing.assert_allclose(hw, want, rtol=1e-6)
    np.testing.assert_allclose(hx, 2.288, rtol=1e-5)  # 2 * sum(w ** 3)
