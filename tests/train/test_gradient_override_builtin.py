"""gradient_override_map onto TF's built-in gradients of other op types ({"Relu": "Relu6"},
{"Tanh": "Sigmoid"}...): TF calls the borrowed type's gradient function on the overridden op,
and many of those read the op's *output*. Expected values recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest

_X = [-1.5, -0.2, 0.3, 2.0, 7.0]
_DY = [1.0, 2.0, -1.0, 0.5, 1.0]

_CASES = [
    ("Relu", "Relu6", "relu", [0.0, 0.0, -1.0, 0.5, 0.0]),
    ("Tanh", "Sigmoid", "tanh", [-1.724442, -0.472665, -0.20645, 0.017339, 2e-06]),
    ("Sigmoid", "Tanh", "sigmoid", [0.966721, 1.594701, -0.670016, 0.112098, 0.001821]),
    ("Exp", "Sqrt", "exp", [2.240844, 1.221403, -0.370409, 0.033834, 0.000456]),
    ("Softplus", "Elu", "softplus", [1.0, 2.0, -1.0, 0.5, 1.0]),
    ("Square", "Exp", "square", [2.25, 0.08, -0.09, 2.0, 49.0]),
    ("Abs", "Log", "abs", [-0.666667, -10.0, -3.333333, 0.25, 0.142857]),
    ("Neg", "Square", "negative", [-3.0, -0.8, -0.6, 2.0, 14.0]),
    ("Sign", "Abs", "sign", [-1.0, -2.0, -1.0, 0.5, 1.0]),
    ("Tanh", "Rsqrt", "tanh", [0.370791, 0.007689, 0.012361, -0.22398, -0.499998]),
    ("Exp", "Reciprocal", "exp", [-0.049787, -1.34064, 1.822119, -27.299076, -1202604.375]),
    ("Sigmoid", "Softsign", "sigmoid", [0.16, 1.388889, -0.591716, 0.055556, 0.015625]),
    ("Relu", "Selu", "relu", [1.050701, 2.101402, -1.050701, 0.52535, 1.050701]),
]


def _fn(tf, name):
    return {"relu": tf.nn.relu, "softplus": tf.nn.softplus}.get(name) or getattr(tf, name)


@pytest.mark.parametrize("src,dst,fn,expected", _CASES, ids=[c[0] + "->" + c[1] for c in _CASES])
def test_override_borrows_builtin_gradient(tf, src, dst, fn, expected):
    x = tf.constant(_X)
    with tf.get_default_graph().gradient_override_map({src: dst}):
        y = _fn(tf, fn)(x * 1.0)
    assert y.op.type == src
    grad = tf.gradients(y, x, grad_ys=tf.constant(_DY))[0]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(grad), expected, rtol=1e-5, atol=1e-6)


def test_override_to_gradient_that_returns_none(tf):
    x = tf.constant(_X)
    with tf.get_default_graph().gradient_override_map({"Relu": "Round"}):
        y = tf.nn.relu(x * 1.0)
    assert tf.gradients(y, x) == [None]


@pytest.mark.tfcompat_only
def test_override_to_unborrowable_builtin_names_it(tf):
    x = tf.constant([1.0, 2.0])
    with tf.get_default_graph().gradient_override_map({"Relu": "MatMul"}):
        y = tf.nn.relu(x)
    with pytest.raises(LookupError, match="gradient of op type 'MatMul'"):
        tf.gradients(y, x)


def test_custom_gradient_none_for_an_input_leaves_it_unconnected(tf):
    # TF: an input the registered gradient gives None has no gradient (tf.gradients -> None)
    # unless another path reaches it
    @tf.custom_gradient
    def two_in(x, y):
        return x * y, lambda dz: (dz * y * 10.0, None)
    x = tf.constant([1.0, 2.0])
    y = tf.constant([3.0, 4.0])
    z = two_in(x, y)
    gx, gy = tf.gradients(tf.reduce_sum(z), [x, y])
    assert gy is None
    gy2 = tf.gradients(tf.reduce_sum(z) + tf.reduce_sum(y), [y])[0]
    with tf.Session() as sess:
        vx, vy2 = sess.run([gx, gy2])
    assert vx.tolist() == [30.0, 40.0] and vy2.tolist() == [1.0, 1.0]
