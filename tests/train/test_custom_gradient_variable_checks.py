"""`tf.custom_gradient` and variables: a ref variable made inside the function is a TypeError;
a grad_fn without `variables` for a function reading a resource variable is a TypeError; with
`variables` it returns their gradients. Recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def test_ref_variable_made_inside_is_rejected(tf):
    x = tf.placeholder(tf.float32, [None, 5])

    @tf.custom_gradient
    def f(inp):
        v = tf.get_variable("cg_ref", initializer=tf.ones([5, 2]), use_resource=False)

        def grad(dy, variables=None):
            return tf.matmul(dy, v, transpose_b=True), [tf.zeros([5, 2])]
        return tf.matmul(inp, v), grad

    with pytest.raises(TypeError) as info:
        f(x)
    assert str(info.value) == (
        "All variables used by a function wrapped with @custom_gradient must be "
        "`ResourceVariable`s. Ensure that no `variable_scope` is created with "
        "`use_resource=False`.")


def test_grad_fn_must_take_variables(tf):
    x = tf.placeholder(tf.float32, [None, 5])

    @tf.custom_gradient
    def f(inp):
        v = tf.get_variable("cg_res", initializer=tf.ones([5, 2]), use_resource=True)

        def grad(dy):
            return tf.matmul(dy, v, transpose_b=True)
        return tf.matmul(inp, v), grad

    with pytest.raises(TypeError) as info:
        f(x)
    assert str(info.value) == (
        "@tf.custom_gradient grad_fn must accept keyword argument 'variables', since "
        "function uses variables: [<tf.Variable 'cg_res:0' shape=(5, 2) dtype=float32>]")


def test_variables_get_the_returned_gradients(tf):
    x = tf.constant(np.arange(10, dtype=np.float32).reshape(2, 5))

    @tf.custom_gradient
    def f(inp):
        v = tf.get_variable("cg_ok", initializer=tf.ones([5, 2]) * 0.5, use_resource=True)

        def grad(dy, variables=None):
            return (tf.matmul(dy, v, transpose_b=True) * 2.0,
                    [tf.matmul(inp, dy, transpose_a=True) * 0.1 for _ in variables])
        return tf.matmul(inp, v), grad

    y = f(x)
    v = [v for v in tf.global_variables() if v.name == "cg_ok:0"][0]
    gx, gv = tf.gradients(tf.reduce_sum(y), [x, v])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        gx, gv = sess.run([gx, gv])
    np.testing.assert_allclose(gx, np.full((2, 5), 2.0))
    np.testing.assert_allclose(gv, np.tile([[0.5], [0.7], [0.9], [1.1], [1.3]], (1, 2)),
                               rtol=1e-6)
