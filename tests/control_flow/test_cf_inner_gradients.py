"""tf.gradients built inside a loop body or cond branch, by a tensor made outside it (MAML's inner
loop in tf.map_fn): the path from that tensor to what the body reads (a variable's read, `3 * x`)
lies outside the body, and an outer tf.gradients differentiates through the inner one (second
order). Expected values from TF."""
import numpy as np
import pytest


def test_gradient_by_outer_tensor_through_outer_ops(tf):
    x = tf.constant([1.0, 2.0])
    y = 3.0 * x   # made outside the loop; the body reads only y

    def body(i, acc):
        loss = tf.reduce_sum(y * y * tf.cast(i + 1, tf.float32))
        return i + 1, acc + tf.gradients(loss, x)[0]
    _, total = tf.while_loop(lambda i, a: i < 2, body, [0, tf.zeros([2])])
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(total), [54., 108.])


def test_gradient_by_variable_inside_map_fn_and_cond(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    per_row = tf.map_fn(lambda r: tf.gradients(tf.reduce_sum(w * w * r), [w])[0],
                        tf.constant([[1.0, 1.0], [2.0, 3.0]]))
    v = tf.Variable([0.5, -1.0])
    p = tf.placeholder(tf.bool, [])
    branch = tf.cond(p, lambda: tf.gradients(tf.reduce_sum(tf.sin(v)), v)[0],
                     lambda: tf.zeros([2]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(per_row), [[2., 4.], [4., 12.]])
        np.testing.assert_allclose(sess.run(branch, {p: True}), [0.87758255, 0.5403023],
                                   rtol=1e-6)


@pytest.mark.parametrize("use_resource", [False, True])
def test_second_order_meta_gradient_through_map_fn(tf, use_resource):
    w = tf.get_variable("w", initializer=tf.constant([[0.3], [-0.7]]), use_resource=use_resource)
    xs = tf.constant(np.array([[[1., 2.], [0.5, -1.]], [[-1., 1.], [2., 0.]]], np.float32))
    ys = tf.constant(np.array([[[1.], [0.]], [[0.], [2.]]], np.float32))

    def task(inp):
        a, b = inp
        inner = tf.reduce_mean(tf.square(tf.tanh(tf.matmul(a, w)) - b))
        fast = w - 0.5 * tf.gradients(inner, [w])[0]
        return tf.reduce_mean(tf.square(tf.tanh(tf.matmul(a, fast)) - b))
    outer = tf.reduce_sum(tf.map_fn(task, (xs, ys), dtype=tf.float32))
    meta = tf.gradients(outer, w)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(outer), 1.0260568, rtol=1e-5)
        np.testing.assert_allclose(sess.run(meta), [[-0.70457816], [-1.7822144]], rtol=1e-5)


def test_gradient_through_inner_gradients_in_while_loop_and_by_map_fn_element(tf):
    w = tf.Variable([[0.3], [-0.7]])
    a = tf.constant([[1., 2.], [0.5, -1.]])
    b = tf.constant([[1.], [0.]])

    def inner(fast):
        return tf.reduce_mean(tf.square(tf.tanh(tf.matmul(a, fast)) - b))
    _, fast = tf.while_loop(lambda i, f: i < 3,
                            lambda i, f: (i + 1, f - 0.5 * tf.gradients(inner(f), f)[0]),
                            [0, w])
    meta = tf.gradients(inner(fast), w)[0]
    x = tf.constant(np.array([[1., 2.], [3., -1.], [0.5, 0.5]], np.float32))
    by_element = tf.map_fn(lambda e: tf.gradients(tf.reduce_sum(tf.exp(e) * w[:, 0]), e)[0], x)
    through = tf.gradients(tf.reduce_sum(by_element * by_element), x)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(meta), [[-0.0186], [0.039]], atol=5e-5)
        np.testing.assert_allclose(sess.run(through), [[1.33003, 53.50619], [72.61719, 0.13263],
                                                       [0.48929, 2.66392]], rtol=1e-4)


def test_learned_optimizer_unrolled_with_inner_gradients(tf):
    # learning-to-learn style: the optimizee's gradient (stopped) drives a learned update
    theta = tf.Variable([0.5, -0.3], name="opt_params")

    def f(x):
        return tf.reduce_sum(tf.square(x - tf.constant([0.3, -0.2]))) + \
            0.1 * tf.reduce_sum(tf.sin(3 * x))

    def body(t, x, loss_sum):
        fx = f(x)
        g = tf.stop_gradient(tf.gradients(fx, x)[0])
        return t + 1, x - (theta[0] * g + theta[1] * tf.tanh(g)), loss_sum + fx
    _, x_last, total = tf.while_loop(lambda t, x, l: t < 4, body,
                                     [0, tf.constant([1.0, 2.0]), 0.0])
    meta = tf.gradients(total, theta)[0]

    def outer_body(i, acc):   # an inner loop's gradient by a tensor of the outer loop's body
        y = acc * 2.0 + 1.0
        _, s = tf.while_loop(lambda j, s: j < 2, lambda j, s: (j + 1, s + tf.gradients(
            tf.reduce_sum(y * y * tf.cast(j + 1, tf.float32)), acc)[0]),
            [0, tf.zeros_like(acc)])
        return i + 1, acc + 0.01 * s
    _, nested = tf.while_loop(lambda i, a: i < 2, outer_body, [0, tf.constant([1.0, -1.0])])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(x_last), [0.3631, -0.27151], atol=2e-5)
        np.testing.assert_allclose(sess.run(total), 5.72197, rtol=1e-5)
        np.testing.assert_allclose(sess.run(meta), [-7.38836, -3.06542], rtol=1e-5)
        np.testing.assert_allclose(sess.run(nested), [1.8064, -1.2688], rtol=1e-5)
